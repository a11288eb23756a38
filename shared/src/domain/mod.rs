//! Pure types and rules. No AWS, no HTTP, no clock reads, no I/O.
//!
//! Parse, don't validate: a value of one of these types that exists is valid.

pub mod calendar;
pub mod case;
pub mod category;
pub mod consent;
pub mod geo;
pub mod heatmap;
pub mod lang;
pub mod performance;
pub mod preferences;
pub mod redaction;
pub mod reference;
pub mod report;
pub mod reporter;
pub mod status;
pub mod ward;

pub use calendar::{Nation, WorkingCalendar};
pub use case::{
    Actor, Capacity, Case, CaseEvent, CaseEventKind, CaseRecord, ErasureReason, Location, LoggedBy, PersonalDetails,
    TransitionError,
};
pub use category::{Category, CategoryId, ServiceStandard, Team, TeamId};
pub use geo::{LatLng, MultiPolygon};
pub use lang::{Lang, Text};
pub use reference::CaseRef;
pub use report::{FieldError, NewReport, ReportInput};
pub use reporter::{PersonName, Phone, Reporter, ResidentContact, ResidentEmail};
pub use status::Status;
pub use ward::{Councillor, CouncillorId, Ward, WardId};
