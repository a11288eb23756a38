//! A councillor's digest: per ward, the figures as tables (bars made of table cells), the
//! weekly chart as a PNG inside the message (by Content-ID: clients drop inline SVG and
//! `data:` images), the cases that went late, then the cases they follow that changed. The
//! plain-text twin carries the same figures and links, the chart's figures in words.

use super::parts::{Block, Cell, InlineImage, RenderedEmail, email_with};
use crate::chart::{ChartText, HEIGHT, WIDTH, Week, png, svg};
use crate::copy::Lang;
use crate::dates::long;
use crate::domain::performance::{Tally, Target, rate};
use crate::notice::{Digest, DigestCase, DigestFigures};

/// The Content-ID of a ward's chart.
pub fn chart_cid(ward_id: &str) -> String {
    format!("chart-{ward_id}@wardline")
}

fn rating_cell(lang: Lang, f: &DigestFigures) -> Cell {
    let rating = rate(
        &Tally {
            completed: f.completed,
            within_standard: f.within_standard,
            ..Tally::default()
        },
        Target {
            target: f.target,
            floor: f.floor,
        },
    );
    // No bar for a share too few to rate: its length would say more than its n allows.
    let share = (rating.rag != crate::domain::performance::Rag::TooFew)
        .then_some(rating.percent)
        .flatten();
    Cell::Bar(share, lang.words().rating(&rating))
}

/// Cases as a table (a link to each), then how many more there are, linking to where they
/// all are.
fn case_table(lang: Lang, cases: &[DigestCase], more: usize, all_at: &str) -> Vec<Block> {
    let words = lang.words();
    let w = words.email;
    let mut out = vec![Block::Grid {
        caption: None,
        head: vec![
            w.reference.into(),
            w.type_of_problem.into(),
            w.status.into(),
            w.expected_by.into(),
        ],
        rows: cases
            .iter()
            .map(|c| {
                vec![
                    Cell::Link(c.reference.to_string(), c.url.clone()),
                    Cell::Text(c.category.clone()),
                    Cell::Text(words.status(c.status).into()),
                    Cell::Text(long(words, c.expected_by)),
                ]
            })
            .collect(),
    }];
    if more > 0 {
        out.push(Block::Link {
            text: (w.digest_more)(more),
            url: all_at.to_owned(),
        });
    }
    out
}

pub fn digest(n: &Digest) -> RenderedEmail {
    let lang = n.lang;
    let words = lang.words();
    let w = words.email;
    let subject = (w.digest_subject)(&n.period);
    let mut blocks = vec![
        Block::Para((w.dear)(&n.councillor_name)),
        Block::Para(if n.daily {
            (w.digest_day_lead)(&n.period)
        } else {
            (w.digest_lead)(&n.period)
        }),
    ];
    let mut inline = Vec::new();
    for ward in &n.wards {
        blocks.push(Block::Heading((w.digest_ward_heading)(&ward.ward)));
        let row = |f: &DigestFigures| {
            vec![
                Cell::Text(f.label.clone()),
                Cell::Number(f.new),
                Cell::Number(f.completed),
                rating_cell(lang, f),
            ]
        };
        blocks.push(Block::Grid {
            caption: None,
            head: vec![
                w.digest_col_period.into(),
                w.digest_col_new.into(),
                w.digest_col_completed.into(),
                w.digest_col_within.into(),
            ],
            rows: ward.rows.iter().map(row).collect(),
        });
        blocks.push(Block::Para(if n.daily {
            (w.digest_day_late_at_end)(ward.late_at_end)
        } else {
            (w.digest_late_at_end)(ward.late_at_end)
        }));
        if !ward.by_category.is_empty() {
            blocks.push(Block::Grid {
                caption: Some(w.digest_by_category.into()),
                head: vec![
                    w.digest_col_category.into(),
                    w.digest_col_new.into(),
                    w.digest_col_completed.into(),
                    w.digest_col_within.into(),
                ],
                rows: ward.by_category.iter().map(row).collect(),
            });
        }
        // The chart: the dashboard's SVG as a PNG, its figures in the alt text and the text.
        let weeks: Vec<Week> = ward
            .weeks
            .iter()
            .map(|(label, new, completed)| Week {
                label: label.clone(),
                new: *new,
                completed: *completed,
            })
            .collect();
        let figures: Vec<String> = weeks
            .iter()
            .map(|wk| (w.digest_chart_week)(&wk.label, wk.new, wk.completed))
            .collect();
        let alt = format!("{}: {}.", (w.digest_chart_alt)(&ward.ward), figures.join("; "));
        let text = ChartText {
            title: w.digest_chart_heading,
            description: &alt,
            new: w.digest_col_new,
            completed: w.digest_col_completed,
        };
        blocks.push(Block::Heading(w.digest_chart_heading.into()));
        let cid = chart_cid(&ward.ward_id);
        match png(&svg("chart", &text, &weeks).into_string()) {
            Ok(bytes) => {
                blocks.push(Block::Image {
                    cid: cid.clone(),
                    alt,
                    width: WIDTH as u32,
                    height: HEIGHT as u32,
                });
                inline.push(InlineImage {
                    cid,
                    content_type: "image/png",
                    bytes,
                });
            }
            // Without the picture, its figures in words: the email still goes.
            Err(e) => {
                tracing::warn!(error = %e, "the digest's chart could not be drawn");
                blocks.push(Block::Para(alt));
            }
        }
        let (went_late, none_late) = if n.daily {
            (w.digest_day_went_late, w.digest_day_none_late)
        } else {
            (w.digest_went_late, w.digest_none_late)
        };
        blocks.push(Block::Heading(went_late.into()));
        if ward.went_late.is_empty() {
            blocks.push(Block::Para(none_late.into()));
        } else {
            blocks.extend(case_table(
                lang,
                &ward.went_late,
                ward.went_late_more,
                &ward.dashboard_url,
            ));
        }
        blocks.push(Block::Link {
            text: w.digest_dashboard.into(),
            url: ward.dashboard_url.clone(),
        });
        blocks.push(Block::Link {
            text: w.digest_map.into(),
            url: ward.map_url.clone(),
        });
    }
    if !n.followed.is_empty() {
        // The portal's list of the cases they follow, beside their settings page.
        let following = format!(
            "{}/portal/following",
            n.settings_url.trim_end_matches("/portal/settings")
        );
        blocks.push(Block::Heading(
            if n.daily {
                w.digest_day_followed
            } else {
                w.digest_followed
            }
            .into(),
        ));
        blocks.extend(case_table(lang, &n.followed, n.followed_more, &following));
    }
    blocks.push(Block::Para(w.digest_why.into()));
    blocks.push(Block::Link {
        text: w.digest_settings.into(),
        url: n.settings_url.clone(),
    });
    email_with(lang, n.to.clone(), subject, &blocks, inline)
}
