//! The weekly chart, drawn once: reports received against cases completed, week by week, as
//! SVG. The dashboard puts the SVG in the page (with its data as a table beside it); the
//! digest rasterises the same SVG to a PNG with an embedded font ([`png`]), because email
//! clients drop inline SVG and `data:` images.

use chrono::{Datelike, NaiveDate};
use maud::{Markup, html};

use crate::domain::CategoryId;
use crate::domain::performance::{Period, Tally};

/// One week of the chart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Week {
    /// Short, for under the bars: "16 Nov".
    pub label: String,
    pub new: i64,
    pub completed: i64,
}

/// What the chart says in words, for its title, description and legend.
pub struct ChartText<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub new: &'a str,
    pub completed: &'a str,
}

pub const WIDTH: i64 = 640;
pub const HEIGHT: i64 = 260;
const TOP: i64 = 40;
const BOTTOM: i64 = 30;
/// GOV.UK blue and green: 3:1 against white and against each other's lightness.
const NEW: &str = "#1d70b8";
const COMPLETED: &str = "#00703c";
/// The font the rasteriser has (embedded): the SVG names it so browser and PNG agree.
const FONT: &str = "DejaVu Sans, Arial, sans-serif";

/// The chart as an SVG element. `id` makes its title and description ids unique in a page.
pub fn svg(id: &str, text: &ChartText<'_>, weeks: &[Week]) -> Markup {
    let max = weeks.iter().map(|w| w.new.max(w.completed)).max().unwrap_or(0).max(1);
    let slot = WIDTH / (weeks.len().max(1) as i64);
    let bar = (slot * 3 / 8).max(1);
    let plot = HEIGHT - TOP - BOTTOM;
    let baseline = HEIGHT - BOTTOM;
    let height = |v: i64| v * (plot - 14) / max;
    html! {
        svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox={ "0 0 " (WIDTH) " " (HEIGHT) }
            width="100%" font-family=(FONT) aria-labelledby={ (id) "-title " (id) "-desc" } {
            title id={ (id) "-title" } { (text.title) }
            desc id={ (id) "-desc" } { (text.description) }
            rect x="0" y="0" width=(WIDTH) height=(HEIGHT) fill="#ffffff" {}
            // The legend: a swatch and its words, so colour is never the only key.
            rect x="0" y="8" width="14" height="14" fill=(NEW) {}
            text x="20" y="20" font-size="13" fill="#0b0c0c" { (text.new) }
            rect x="220" y="8" width="14" height="14" fill=(COMPLETED) {}
            text x="240" y="20" font-size="13" fill="#0b0c0c" { (text.completed) }
            line x1="0" y1=(baseline) x2=(WIDTH) y2=(baseline) stroke="#0b0c0c" stroke-width="1" {}
            @for (i, w) in weeks.iter().enumerate() {
                @let x = i as i64 * slot + (slot - 2 * bar) / 2;
                @let (hn, hc) = (height(w.new), height(w.completed));
                rect x=(x) y=(baseline - hn) width=(bar) height=(hn) fill=(NEW) {
                    title { (w.label) " – " (text.new) ": " (w.new) }
                }
                rect x=(x + bar) y=(baseline - hc) width=(bar) height=(hc) fill=(COMPLETED) {
                    title { (w.label) " – " (text.completed) ": " (w.completed) }
                }
                text x=(x + bar / 2) y=(baseline - hn - 3) font-size="10" text-anchor="middle" fill="#0b0c0c" { (w.new) }
                text x=(x + bar + bar / 2) y=(baseline - hc - 3) font-size="10" text-anchor="middle" fill="#0b0c0c" { (w.completed) }
                @if i % 2 == 0 || weeks.len() <= 7 {
                    text x=(x + bar) y=(baseline + 16) font-size="10" text-anchor="middle" fill="#0b0c0c" { (w.label) }
                }
            }
        }
    }
}

/// The chart's weeks from an area's stored figures: reports received and cases completed in
/// each of `weeks` (each a [`Period::Week`]), labelled by their Monday ("16 Nov").
pub fn weeks_from(rows: &[(CategoryId, NaiveDate, Tally)], weeks: &[Period], words: &crate::copy::Words) -> Vec<Week> {
    weeks
        .iter()
        .map(|w| {
            let mut t = Tally::default();
            for (_, _, tally) in rows.iter().filter(|(_, b, _)| w.contains(*b)) {
                t.add(tally);
            }
            let monday = w.first_day();
            Week {
                label: format!("{} {}", monday.day(), words.months_short[monday.month0() as usize]),
                new: t.new,
                completed: t.completed,
            }
        })
        .collect()
}

/// The 13 weeks up to and including the one holding `day`, oldest first.
pub fn thirteen_weeks_to(day: NaiveDate) -> Vec<Period> {
    let last = Period::week_of(day).first_day();
    (0..13u64)
        .rev()
        .map(|i| Period::Week(last - chrono::Days::new(7 * i)))
        .collect()
}

#[derive(Debug, thiserror::Error)]
pub enum ChartError {
    #[error("the chart's SVG did not parse: {0}")]
    Svg(String),
    #[error("the chart could not be drawn")]
    Draw,
}

/// The SVG as a PNG at one and a half times its size (sharp enough on high-density screens,
/// under 100 KB), drawn with the
/// embedded DejaVu Sans: the same picture whatever fonts the machine has.
const SCALE: f32 = 1.5;

pub fn png(svg: &str) -> Result<Vec<u8>, ChartError> {
    use resvg::{tiny_skia, usvg};
    static FONT_DATA: &[u8] = include_bytes!("../assets/fonts/DejaVuSans.ttf");
    let mut options = usvg::Options::default();
    options.fontdb_mut().load_font_data(FONT_DATA.to_vec());
    options.font_family = "DejaVu Sans".into();
    let tree = usvg::Tree::from_str(svg, &options).map_err(|e| ChartError::Svg(e.to_string()))?;
    let size = tree.size().to_int_size().scale_by(SCALE).ok_or(ChartError::Draw)?;
    let mut pixmap = tiny_skia::Pixmap::new(size.width(), size.height()).ok_or(ChartError::Draw)?;
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(SCALE, SCALE),
        &mut pixmap.as_mut(),
    );
    pixmap.encode_png().map_err(|_| ChartError::Draw)
}

/// A plain 256-pixel map tile (light grey with a darker edge), for the local runner's tile
/// server: development and the browser tests need no tile server on the internet.
pub fn plain_tile() -> Option<Vec<u8>> {
    use resvg::tiny_skia::{Color, Paint, Pixmap, Rect, Transform};
    let mut pixmap = Pixmap::new(256, 256)?;
    pixmap.fill(Color::from_rgba8(0xf3, 0xf2, 0xf1, 0xff));
    let mut paint = Paint::default();
    paint.set_color(Color::from_rgba8(0xb1, 0xb4, 0xb6, 0xff));
    for rect in [
        Rect::from_xywh(0.0, 0.0, 256.0, 1.0),
        Rect::from_xywh(0.0, 0.0, 1.0, 256.0),
    ] {
        pixmap.fill_rect(rect?, &paint, Transform::identity(), None);
    }
    pixmap.encode_png().ok()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn weeks() -> Vec<Week> {
        (0..13)
            .map(|i| Week {
                label: format!("{} Nov", i + 1),
                new: i * 3,
                completed: 20 - i,
            })
            .collect()
    }

    fn text() -> ChartText<'static> {
        ChartText {
            title: "Reports and completions each week",
            description: "13 weeks",
            new: "Reports received",
            completed: "Completed",
        }
    }

    #[test]
    fn the_chart_has_a_title_a_legend_in_words_and_two_bars_a_week() {
        let svg = svg("weekly", &text(), &weeks()).into_string();
        assert!(svg.contains("<title id=\"weekly-title\">Reports and completions each week</title>"));
        assert!(svg.contains(">Reports received</text>") && svg.contains(">Completed</text>"));
        // Background, two legend swatches, then two bars a week.
        assert_eq!(svg.matches("<rect").count(), 3 + 26);
    }

    #[test]
    fn the_same_svg_rasterises_to_a_png_with_its_words_drawn() {
        let png = png(&svg("weekly", &text(), &weeks()).into_string()).unwrap();
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
        // Text was drawn: the picture with words differs from one whose words are empty.
        let blank = ChartText {
            new: "",
            completed: "",
            ..text()
        };
        let without = super::png(&svg("weekly", &blank, &weeks()).into_string()).unwrap();
        assert_ne!(png, without, "the embedded font drew the legend");
        assert!(png.len() < 100_000, "{} bytes", png.len());
    }
}
