//! Points and ward boundaries, and which ward a point falls in.

use serde::{Deserialize, Serialize};

/// A WGS84 point that is a real place: latitude in [-90, 90], longitude in [-180, 180].
/// Where the problem is: a pin, an address (a street, a landmark), or both.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Location {
    pub pin: Option<LatLng>,
    pub address: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "(f64, f64)", into = "(f64, f64)")]
pub struct LatLng {
    lat: f64,
    lng: f64,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum InvalidLatLng {
    #[error("latitude must be between -90 and 90")]
    Lat,
    #[error("longitude must be between -180 and 180")]
    Lng,
}

impl LatLng {
    pub fn new(lat: f64, lng: f64) -> Result<Self, InvalidLatLng> {
        if !lat.is_finite() || !(-90.0..=90.0).contains(&lat) {
            return Err(InvalidLatLng::Lat);
        }
        if !lng.is_finite() || !(-180.0..=180.0).contains(&lng) {
            return Err(InvalidLatLng::Lng);
        }
        Ok(LatLng { lat, lng })
    }
    pub fn lat(self) -> f64 {
        self.lat
    }
    pub fn lng(self) -> f64 {
        self.lng
    }
    /// The point rounded to 3 decimal places (~100 m): a coarse location that does not
    /// point at a house.
    pub fn coarse(self) -> LatLng {
        let r = |x: f64| (x * 1000.0).round() / 1000.0;
        LatLng {
            lat: r(self.lat),
            lng: r(self.lng),
        }
    }
}

impl TryFrom<(f64, f64)> for LatLng {
    type Error = InvalidLatLng;
    fn try_from((lat, lng): (f64, f64)) -> Result<Self, InvalidLatLng> {
        LatLng::new(lat, lng)
    }
}

impl From<LatLng> for (f64, f64) {
    fn from(p: LatLng) -> (f64, f64) {
        (p.lat, p.lng)
    }
}

/// A ring of `[lng, lat]` positions, as GeoJSON writes them; first and last may repeat.
pub type Ring = Vec<[f64; 2]>;

/// One or more polygons, each an outer ring followed by any holes.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct MultiPolygon(pub Vec<Vec<Ring>>);

/// How far (in degrees, about 5 metres) a point of a boundary may be from the line that
/// replaces it in an outline: far below what a map of a ward shows.
pub const OUTLINE_TOLERANCE: f64 = 0.00005;

/// Decimal places an outline keeps (about a metre).
const OUTLINE_PLACES: f64 = 1e5;

/// Douglas–Peucker: the points of `line` (first and last kept) without those within
/// `tolerance` of the line through their neighbours that are kept.
fn simplify(line: &[[f64; 2]], tolerance: f64) -> Vec<[f64; 2]> {
    if line.len() < 3 {
        return line.to_vec();
    }
    let mut keep = vec![false; line.len()];
    keep[0] = true;
    keep[line.len() - 1] = true;
    let mut stack = vec![(0, line.len() - 1)];
    while let Some((a, b)) = stack.pop() {
        let (p, q) = (line[a], line[b]);
        let (dx, dy) = (q[0] - p[0], q[1] - p[1]);
        let len = (dx * dx + dy * dy).sqrt();
        let mut far = (0.0, a);
        for (i, r) in line.iter().enumerate().take(b).skip(a + 1) {
            let d = if len == 0.0 {
                ((r[0] - p[0]).powi(2) + (r[1] - p[1]).powi(2)).sqrt()
            } else {
                (dy * r[0] - dx * r[1] + q[0] * p[1] - q[1] * p[0]).abs() / len
            };
            if d > far.0 {
                far = (d, i);
            }
        }
        if far.0 > tolerance {
            keep[far.1] = true;
            stack.push((a, far.1));
            stack.push((far.1, b));
        }
    }
    line.iter().zip(keep).filter(|(_, k)| *k).map(|(p, _)| *p).collect()
}

fn round(p: [f64; 2]) -> [f64; 2] {
    [
        (p[0] * OUTLINE_PLACES).round() / OUTLINE_PLACES,
        (p[1] * OUTLINE_PLACES).round() / OUTLINE_PLACES,
    ]
}

impl MultiPolygon {
    /// The boundary as maps draw it: simplified to within [`OUTLINE_TOLERANCE`] and rounded
    /// to about a metre, so a county's real boundaries stay a small download. Never used to
    /// decide which ward a point is in: that is the boundary's.
    pub fn outline(&self) -> MultiPolygon {
        MultiPolygon(
            self.0
                .iter()
                .map(|polygon| {
                    polygon
                        .iter()
                        .map(|ring| {
                            let mut out: Ring = simplify(ring, OUTLINE_TOLERANCE).into_iter().map(round).collect();
                            out.dedup();
                            // A ring needs four positions (the first repeated); a tiny one
                            // keeps its own.
                            if out.len() < 4 {
                                ring.iter().copied().map(round).collect()
                            } else {
                                out
                            }
                        })
                        .collect()
                })
                .collect(),
        )
    }

    /// How many positions it has.
    pub fn points(&self) -> usize {
        self.0.iter().flatten().map(Vec::len).sum()
    }

    pub fn contains(&self, p: LatLng) -> bool {
        self.0.iter().any(|polygon| {
            let mut rings = polygon.iter();
            match rings.next() {
                Some(outer) => ring_contains(outer, p) && !rings.any(|hole| ring_contains(hole, p)),
                None => false,
            }
        })
    }

    /// The bounding box as (min lng, min lat, max lng, max lat).
    pub fn bbox(&self) -> Option<[f64; 4]> {
        let mut it = self.0.iter().flatten().flatten();
        let first = it.next()?;
        Some(it.fold([first[0], first[1], first[0], first[1]], |b, p| {
            [b[0].min(p[0]), b[1].min(p[1]), b[2].max(p[0]), b[3].max(p[1])]
        }))
    }
}

/// Even-odd ray casting. Points exactly on an edge may fall either side; wards share edges,
/// and the first ward that claims a point wins.
fn ring_contains(ring: &[[f64; 2]], p: LatLng) -> bool {
    let (x, y) = (p.lng, p.lat);
    let mut inside = false;
    let n = ring.len();
    if n < 3 {
        return false;
    }
    let mut j = n - 1;
    for i in 0..n {
        let [xi, yi] = ring[i];
        let [xj, yj] = ring[j];
        if (yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi {
            inside = !inside;
        }
        j = i;
    }
    inside
}

#[cfg(test)]
mod tests {

    /// A wiggly square: 4,000 points, each within 2 m of the straight side they sit on.
    fn wiggly() -> MultiPolygon {
        let mut ring = Vec::new();
        for side in 0..4 {
            for k in 0..1000 {
                let t = k as f64 / 1000.0;
                let wiggle = if k % 2 == 0 { 0.00002 } else { -0.00002 };
                ring.push(match side {
                    0 => [-1.0 + 0.1 * t, 52.0 + wiggle],
                    1 => [-0.9 + wiggle, 52.0 + 0.1 * t],
                    2 => [-0.9 - 0.1 * t, 52.1 + wiggle],
                    _ => [-1.0 + wiggle, 52.1 - 0.1 * t],
                });
            }
        }
        ring.push(ring[0]);
        MultiPolygon(vec![vec![ring]])
    }

    #[test]
    fn an_outline_drops_what_a_map_cannot_show_and_keeps_the_shape() {
        let boundary = wiggly();
        let outline = boundary.outline();
        assert_eq!(boundary.points(), 4001);
        assert!(outline.points() <= 8, "{} points", outline.points());
        let ring = &outline.0[0][0];
        assert_eq!(ring.first(), ring.last(), "still closed");
        // Every point of the boundary is within the tolerance (plus rounding) of the outline's
        // square, and the square's corners survive.
        for corner in [[-1.0, 52.0], [-0.9, 52.0], [-0.9, 52.1], [-1.0, 52.1]] {
            assert!(
                ring.iter()
                    .any(|p| (p[0] - corner[0]).abs() < 0.00003 && (p[1] - corner[1]).abs() < 0.00003)
            );
        }
        for p in ring {
            assert_eq!(*p, round(*p), "rounded to five places");
        }
    }

    #[test]
    fn a_tiny_ring_keeps_its_points() {
        let tiny = MultiPolygon(vec![vec![vec![[0.0, 0.0], [0.00001, 0.0], [0.0, 0.00001], [0.0, 0.0]]]]);
        assert_eq!(tiny.outline().0[0][0].len(), 4);
    }
    use super::*;
    use proptest::prelude::*;

    fn square(x0: f64, y0: f64, size: f64) -> Ring {
        vec![
            [x0, y0],
            [x0 + size, y0],
            [x0 + size, y0 + size],
            [x0, y0 + size],
            [x0, y0],
        ]
    }

    #[test]
    fn a_point_inside_a_square_is_inside() {
        let mp = MultiPolygon(vec![vec![square(-1.0, 52.0, 0.1)]]);
        assert!(mp.contains(LatLng::new(52.05, -0.95).unwrap()));
        assert!(!mp.contains(LatLng::new(52.15, -0.95).unwrap()));
    }

    #[test]
    fn a_point_in_a_hole_is_outside() {
        let mp = MultiPolygon(vec![vec![square(0.0, 0.0, 10.0), square(4.0, 4.0, 2.0)]]);
        assert!(!mp.contains(LatLng::new(5.0, 5.0).unwrap()));
        assert!(mp.contains(LatLng::new(1.0, 1.0).unwrap()));
    }

    #[test]
    fn impossible_coordinates_are_refused() {
        assert_eq!(LatLng::new(91.0, 0.0), Err(InvalidLatLng::Lat));
        assert_eq!(LatLng::new(0.0, 181.0), Err(InvalidLatLng::Lng));
        assert_eq!(LatLng::new(f64::NAN, 0.0), Err(InvalidLatLng::Lat));
    }

    proptest! {
        #[test]
        fn a_point_is_inside_a_square_exactly_when_its_coordinates_are(
            x in -2.0f64..2.0, y in 50.0f64..54.0,
        ) {
            let mp = MultiPolygon(vec![vec![square(-1.0, 51.0, 1.0)]]);
            let strictly_in = x > -1.0 && x < 0.0 && y > 51.0 && y < 52.0;
            let on_edge = x == -1.0 || x == 0.0 || y == 51.0 || y == 52.0;
            if !on_edge {
                prop_assert_eq!(mp.contains(LatLng::new(y, x).unwrap()), strictly_in);
            }
        }

        #[test]
        fn the_coarse_location_is_within_about_a_hundred_metres(lat in -89.0f64..89.0, lng in -179.0f64..179.0) {
            let p = LatLng::new(lat, lng).unwrap();
            let c = p.coarse();
            prop_assert!((c.lat() - lat).abs() <= 0.0005 + 1e-9);
            prop_assert!((c.lng() - lng).abs() <= 0.0005 + 1e-9);
        }
    }
}
