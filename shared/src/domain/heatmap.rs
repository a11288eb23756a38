//! Hex-bin heatmaps: reports counted into hexagons over an area's outline, laid out in a
//! flat picture (metres east and south of the area's north-west corner, scaled to a width),
//! so a page can draw it as SVG with no tile server. Fed only the coarse locations the
//! redaction function gives (to ~100 m); a hexagon is a few times wider than that.

use std::collections::BTreeMap;

use super::geo::{LatLng, MultiPolygon};

/// Metres per degree of latitude (and of longitude at the equator), near enough for a ward.
const METRES_PER_DEGREE: f64 = 111_320.0;

/// A hexagon with reports in it.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    /// Its number on the map and in the table: 1 has the most reports.
    pub number: usize,
    pub count: usize,
    /// Its centre in the picture.
    pub x: f64,
    pub y: f64,
    /// Its centre on the ground, for the table.
    pub centre: LatLng,
}

/// A heatmap ready to draw: the outline's rings and the cells, in picture units.
#[derive(Debug, Clone, PartialEq)]
pub struct HexMap {
    pub width: f64,
    pub height: f64,
    /// Centre to corner of each (pointy-topped) hexagon.
    pub radius: f64,
    /// Every ring of the outline (outer rings and holes), as points in the picture.
    pub rings: Vec<Vec<(f64, f64)>>,
    /// Most reports first.
    pub cells: Vec<Cell>,
}

/// The flat picture of an area: degrees to picture units.
struct Projection {
    west: f64,
    north: f64,
    /// Picture units per degree east and per degree south.
    x_per_degree: f64,
    y_per_degree: f64,
}

impl Projection {
    fn to_picture(&self, lng: f64, lat: f64) -> (f64, f64) {
        (
            (lng - self.west) * self.x_per_degree,
            (self.north - lat) * self.y_per_degree,
        )
    }

    fn to_ground(&self, x: f64, y: f64) -> Option<LatLng> {
        LatLng::new(self.north - y / self.y_per_degree, self.west + x / self.x_per_degree).ok()
    }
}

/// Counts `points` into hexagons over `outline`, in a picture whose longer side is `size`
/// units with about `across` hexagons along it. `None` if the outline is empty.
pub fn hex_bins(outline: &MultiPolygon, points: &[LatLng], size: f64, across: usize) -> Option<HexMap> {
    let [west, south, east, north] = outline.bbox()?;
    // Equirectangular at the area's middle latitude: exact enough over a few kilometres.
    let metres_east = (east - west) * METRES_PER_DEGREE * ((south + north) / 2.0).to_radians().cos();
    let metres_south = (north - south) * METRES_PER_DEGREE;
    if metres_east <= 0.0 || metres_south <= 0.0 {
        return None;
    }
    let scale = size / metres_east.max(metres_south);
    let width = metres_east * scale;
    let projection = Projection {
        west,
        north,
        x_per_degree: width / (east - west),
        y_per_degree: METRES_PER_DEGREE * scale,
    };
    let height = metres_south * scale;
    let radius = size / (across.max(1) as f64 * 3f64.sqrt());
    let rings = outline
        .0
        .iter()
        .flatten()
        .map(|ring| {
            ring.iter()
                .map(|[lng, lat]| projection.to_picture(*lng, *lat))
                .collect()
        })
        .collect();
    let mut counts: BTreeMap<(i64, i64), usize> = BTreeMap::new();
    for p in points {
        let (x, y) = projection.to_picture(p.lng(), p.lat());
        *counts.entry(hex_of(x, y, radius)).or_default() += 1;
    }
    let mut cells: Vec<Cell> = counts
        .into_iter()
        .filter_map(|((q, r), count)| {
            let (x, y) = centre_of(q, r, radius);
            Some(Cell {
                number: 0,
                count,
                x,
                y,
                centre: projection.to_ground(x, y)?.coarse(),
            })
        })
        .collect();
    // Most first; ties top to bottom, left to right, so the numbering is stable.
    cells.sort_by(|a, b| {
        b.count
            .cmp(&a.count)
            .then(a.y.total_cmp(&b.y))
            .then(a.x.total_cmp(&b.x))
    });
    for (i, cell) in cells.iter_mut().enumerate() {
        cell.number = i + 1;
    }
    Some(HexMap {
        width,
        height,
        radius,
        rings,
        cells,
    })
}

/// The axial coordinates of the pointy-topped hexagon holding a point.
fn hex_of(x: f64, y: f64, radius: f64) -> (i64, i64) {
    let q = (3f64.sqrt() / 3.0 * x - y / 3.0) / radius;
    let r = (2.0 / 3.0 * y) / radius;
    // Cube rounding: round all three, then fix the one that moved most.
    let s = -q - r;
    let (mut rq, mut rr, rs) = (q.round(), r.round(), s.round());
    let (dq, dr, ds) = ((rq - q).abs(), (rr - r).abs(), (rs - s).abs());
    if dq > dr && dq > ds {
        rq = -rr - rs;
    } else if dr > ds {
        rr = -rq - rs;
    }
    (rq as i64, rr as i64)
}

fn centre_of(q: i64, r: i64, radius: f64) -> (f64, f64) {
    let (q, r) = (q as f64, r as f64);
    (radius * 3f64.sqrt() * (q + r / 2.0), radius * 1.5 * r)
}

/// The six corners of a pointy-topped hexagon around a centre.
pub fn corners(x: f64, y: f64, radius: f64) -> [(f64, f64); 6] {
    let mut out = [(0.0, 0.0); 6];
    for (i, corner) in out.iter_mut().enumerate() {
        let angle = (60.0 * i as f64 - 30.0).to_radians();
        *corner = (x + radius * angle.cos(), y + radius * angle.sin());
    }
    out
}

/// Up to five classes for a legend: each an inclusive range of counts, from 1 to `max`.
pub fn classes(max: usize) -> Vec<(usize, usize)> {
    if max == 0 {
        return Vec::new();
    }
    let step = max.div_ceil(5);
    (0..5)
        .map(|i| (i * step + 1, ((i + 1) * step).min(max)))
        .filter(|(low, high)| low <= high)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn square() -> MultiPolygon {
        MultiPolygon(vec![vec![vec![
            [-1.26, 52.58],
            [-1.218, 52.58],
            [-1.218, 52.62],
            [-1.26, 52.62],
            [-1.26, 52.58],
        ]]])
    }

    #[test]
    fn legend_classes_cover_one_to_the_most_without_gaps() {
        assert_eq!(classes(0), vec![]);
        assert_eq!(classes(3), vec![(1, 1), (2, 2), (3, 3)]);
        assert_eq!(classes(12), vec![(1, 3), (4, 6), (7, 9), (10, 12)]);
        assert_eq!(classes(5), vec![(1, 1), (2, 2), (3, 3), (4, 4), (5, 5)]);
    }

    #[test]
    fn reports_at_the_same_place_share_a_cell_and_the_busiest_is_number_one() {
        let p = |lat, lng| LatLng::new(lat, lng).unwrap();
        let points = [p(52.6, -1.24), p(52.6, -1.24), p(52.59, -1.22)];
        let map = hex_bins(&square(), &points, 640.0, 12).unwrap();
        assert_eq!(map.cells.len(), 2);
        assert_eq!((map.cells[0].number, map.cells[0].count), (1, 2));
        assert!(map.height > 0.0 && map.rings.len() == 1);
    }

    proptest! {
        /// Every report is in exactly one cell, and the cells add up to the reports.
        #[test]
        fn the_cells_add_up_to_the_reports(
            points in proptest::collection::vec((52.58f64..52.62, -1.26f64..-1.218), 0..200),
            across in 4usize..30,
        ) {
            let points: Vec<LatLng> = points.into_iter().map(|(lat, lng)| LatLng::new(lat, lng).unwrap().coarse()).collect();
            let map = hex_bins(&square(), &points, 640.0, across).unwrap();
            prop_assert_eq!(map.cells.iter().map(|c| c.count).sum::<usize>(), points.len());
            // Each point is nearer its own cell's centre than the hexagon's inner radius allows
            // any other cell's to be.
            for p in &points {
                let (x, y) = ((p.lng() + 1.26) * map.width / 0.042, (52.62 - p.lat()) * map.height / 0.04);
                let nearest = map.cells.iter().map(|c| ((c.x - x).powi(2) + (c.y - y).powi(2)).sqrt()).fold(f64::MAX, f64::min);
                prop_assert!(nearest <= map.radius * 1.0001, "{nearest} > {}", map.radius);
            }
        }
    }
}
