//! Wards and the councillors elected for them.

use serde::{Deserialize, Serialize};

use super::category::{InvalidId, slug_id};
use super::geo::{LatLng, MultiPolygon};
use super::lang::Text;

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct WardId(String);
slug_id!(WardId);

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CouncillorId(String);
slug_id!(CouncillorId);

#[derive(Debug, Clone)]
pub struct Ward {
    pub id: WardId,
    /// Its Welsh name only where it differs.
    pub name: Text,
    /// As the council's boundaries file gives it: decides which ward a point is in.
    pub boundary: MultiPolygon,
    /// The boundary simplified for maps ([`MultiPolygon::outline`]): what pages and the API
    /// draw, a small fraction of a real boundary's size.
    pub outline: MultiPolygon,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Councillor {
    pub id: CouncillorId,
    pub name: String,
    pub email: String,
    pub party: String,
    pub wards: Vec<WardId>,
}

/// The ward a point lies in, if any: the first ward (in the council's order) that claims it.
pub fn ward_at(wards: &[Ward], p: LatLng) -> Option<&Ward> {
    wards.iter().find(|w| w.boundary.contains(p))
}
