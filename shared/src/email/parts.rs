//! What every email is made of: a list of [`Block`]s, rendered once as HTML and once as
//! plain text, so the two always carry the same words, facts and links. The words come
//! from the language's [`EmailWords`]; nothing here is English.

use maud::{DOCTYPE, Markup, html};
use serde::{Deserialize, Serialize};

use crate::copy::{EmailWords, Lang};
use crate::dates::long;
use crate::notice::CaseFacts;

/// One part of an email.
#[derive(Clone)]
pub(super) enum Block {
    Para(String),
    /// A paragraph whose line breaks are the writer's (an officer's note, a description).
    Prose(String),
    Heading(String),
    Link {
        text: String,
        url: String,
    },
    /// The reference, large: "Your reference is" / "FK7M-3RTW".
    Panel {
        label: String,
        value: String,
    },
    /// Facts as label and value.
    Table(Vec<(String, String)>),
    /// Lines of one paragraph (a contact); an email address is a `mailto:` link in HTML.
    Lines(Vec<Line>),
    /// Links offered side by side (the ratings).
    Choices(Vec<(String, String)>),
    /// A table with a heading row; a cell may carry a bar drawn from table cells (a share,
    /// 0 to 100), which survives clients that block or drop images.
    Grid {
        /// `None` where a heading just above says what the table is.
        caption: Option<String>,
        head: Vec<String>,
        rows: Vec<Vec<Cell>>,
    },
    /// A picture sent inside the message, referenced by its Content-ID; its alt text says
    /// what it shows.
    Image {
        cid: String,
        alt: String,
        width: u32,
        height: u32,
    },
}

#[derive(Clone)]
pub(super) enum Cell {
    Text(String),
    Number(i64),
    /// Words with a bar for a share (0–100) before them.
    Bar(Option<f64>, String),
    /// A link: its words, and where it goes.
    Link(String, String),
}

#[derive(Clone)]
pub(super) enum Line {
    Text(String),
    Labelled(String, String),
    Mail(String, String),
}

/// `url` opening in `lang`: a link in a Welsh email opens the Welsh page on any device,
/// not only the one whose cookie remembers the choice. English links are left as they are.
fn in_lang(url: &str, lang: Lang) -> String {
    if lang == Lang::En || !url.starts_with("http") {
        return url.to_owned();
    }
    let sep = if url.contains('?') { '&' } else { '?' };
    format!("{url}{sep}lang={}", lang.code())
}

impl Block {
    fn in_lang(self, lang: Lang) -> Block {
        match self {
            Block::Link { text, url } => Block::Link {
                text,
                url: in_lang(&url, lang),
            },
            Block::Choices(choices) => {
                Block::Choices(choices.into_iter().map(|(t, u)| (t, in_lang(&u, lang))).collect())
            }
            Block::Grid { caption, head, rows } => Block::Grid {
                caption,
                head,
                rows: rows
                    .into_iter()
                    .map(|row| {
                        row.into_iter()
                            .map(|cell| match cell {
                                Cell::Link(t, u) => Cell::Link(t, in_lang(&u, lang)),
                                other => other,
                            })
                            .collect()
                    })
                    .collect(),
            },
            other => other,
        }
    }
}

/// The email to `to`, in `lang`.
pub(super) fn email(lang: Lang, to: String, subject: String, blocks: &[Block]) -> RenderedEmail {
    // English links are left as they are: copy the blocks only to change them.
    let localised: Vec<Block>;
    let blocks = if lang == Lang::En {
        blocks
    } else {
        localised = blocks.iter().cloned().map(|b| b.in_lang(lang)).collect();
        &localised
    };
    RenderedEmail {
        to,
        text: text(blocks),
        html: page(lang, &subject, blocks),
        subject,
        inline: Vec::new(),
        tags: Vec::new(),
    }
}

/// The email to `to`, in `lang`, with pictures sent inside it.
pub(super) fn email_with(
    lang: Lang,
    to: String,
    subject: String,
    blocks: &[Block],
    inline: Vec<InlineImage>,
) -> RenderedEmail {
    RenderedEmail {
        inline,
        ..email(lang, to, subject, blocks)
    }
}

fn cell_text(cell: &Cell) -> String {
    match cell {
        Cell::Text(t) | Cell::Bar(_, t) => t.clone(),
        Cell::Number(n) => n.to_string(),
        Cell::Link(t, url) => format!("{t} ({url})"),
    }
}

fn text(blocks: &[Block]) -> String {
    let mut out = String::new();
    for block in blocks {
        match block {
            Block::Para(p) | Block::Prose(p) => out.push_str(&format!("{p}\n\n")),
            Block::Heading(h) => out.push_str(&format!("{}\n", h.to_uppercase())),
            Block::Link { text, url } => out.push_str(&format!("{text}: {url}\n\n")),
            Block::Panel { label, value } => out.push_str(&format!("{label} {value}.\n\n")),
            Block::Table(rows) => {
                for (k, v) in rows {
                    out.push_str(&format!("{k}: {v}\n"));
                }
                out.push('\n');
            }
            Block::Lines(lines) => {
                for line in lines {
                    match line {
                        Line::Text(t) => out.push_str(&format!("{t}\n")),
                        Line::Labelled(k, v) | Line::Mail(k, v) => out.push_str(&format!("{k}: {v}\n")),
                    }
                }
                out.push('\n');
            }
            Block::Choices(choices) => {
                for (text, url) in choices {
                    out.push_str(&format!("  {text}: {url}\n"));
                }
                out.push('\n');
            }
            // Each row as "first cell: heading value, heading value".
            Block::Grid { caption, head, rows } => {
                if let Some(caption) = caption {
                    out.push_str(&format!("{caption}\n"));
                }
                for row in rows {
                    let mut cells = row.iter();
                    let first = match cells.next() {
                        Some(Cell::Link(t, _)) => t.clone(),
                        Some(c) => cell_text(c),
                        None => String::new(),
                    };
                    let rest: Vec<String> = head
                        .iter()
                        .skip(1)
                        .zip(cells)
                        .map(|(h, c)| format!("{h} {}", cell_text(c)))
                        .collect();
                    out.push_str(&format!("- {first}: {}\n", rest.join("; ")));
                    // A row's link on a line of its own, where a reader's mail client finds it.
                    if let Some(Cell::Link(_, url)) = row.first() {
                        out.push_str(&format!("  {url}\n"));
                    }
                }
                out.push('\n');
            }
            Block::Image { alt, .. } => out.push_str(&format!("{alt}\n\n")),
        }
    }
    out.trim_end().to_owned() + "\n"
}

const TH: &str = "text-align: left; padding: 4px 16px 4px 0; vertical-align: top;";

fn block_html(block: &Block) -> Markup {
    html! {
        @match block {
            Block::Para(p) => p { (p) },
            Block::Prose(p) => p style="white-space: pre-wrap;" { (p) },
            Block::Heading(h) => h2 style="font-size: 24px;" { (h) },
            Block::Link { text, url } => p { a href=(url) { (text) } },
            Block::Panel { label, value } => div style="background: #00703c; color: #ffffff; padding: 20px; text-align: center;" {
                p style="margin: 0;" { (label) }
                p style="margin: 0; font-size: 32px; font-weight: bold; letter-spacing: 2px;" { (value) }
            },
            Block::Table(rows) => table style="border-collapse: collapse; margin: 20px 0;" {
                @for (k, v) in rows {
                    tr { th style=(TH) { (k) } td style="padding: 4px 0; white-space: pre-wrap;" { (v) } }
                }
            },
            Block::Lines(lines) => p {
                @for (i, line) in lines.iter().enumerate() {
                    @if i > 0 { br; }
                    @match line {
                        Line::Text(t) => { (t) }
                        Line::Labelled(k, v) => { (k) ": " (v) }
                        Line::Mail(k, v) => { (k) ": " a href={ "mailto:" (v) } { (v) } }
                    }
                }
            },
            Block::Choices(choices) => p {
                @for (text, url) in choices {
                    a href=(url) style="display: inline-block; padding: 8px 14px; margin: 0 6px 6px 0; border: 2px solid #1d70b8;" { (text) }
                }
            },
            Block::Grid { caption, head, rows } => table style="border-collapse: collapse; margin: 20px 0; width: 100%;" {
                @if let Some(caption) = caption {
                    caption style="text-align: left; font-weight: bold; padding-bottom: 8px;" { (caption) }
                }
                thead {
                    tr { @for h in head { th scope="col" style=(GRID_TH) { (h) } } }
                }
                tbody {
                    @for row in rows {
                        tr {
                            @for (i, cell) in row.iter().enumerate() {
                                @if i == 0 {
                                    th scope="row" style=(GRID_TH) { (cell_html(cell)) }
                                } @else {
                                    td style=(GRID_TD) { (cell_html(cell)) }
                                }
                            }
                        }
                    }
                }
            },
            Block::Image { cid, alt, width, height } => p {
                img src={ "cid:" (cid) } alt=(alt) width=(width) height=(height) style="max-width: 100%; height: auto;";
            },
        }
    }
}

const GRID_TH: &str =
    "text-align: left; padding: 6px 12px 6px 0; border-bottom: 1px solid #b1b4b6; vertical-align: top;";
const GRID_TD: &str = "padding: 6px 12px 6px 0; border-bottom: 1px solid #b1b4b6; vertical-align: top;";

/// A cell's content; a bar is a one-row table whose first cell is as wide as the share.
fn cell_html(cell: &Cell) -> Markup {
    match cell {
        Cell::Text(t) => html! { (t) },
        Cell::Number(n) => html! { (n) },
        Cell::Link(t, url) => html! { a href=(url) { (t) } },
        Cell::Bar(share, t) => {
            let width = share.unwrap_or(0.0).clamp(0.0, 100.0).round() as u32;
            html! {
                table role="presentation" style="border-collapse: collapse; width: 100px; margin-bottom: 4px;" {
                    tr {
                        @if width > 0 { td style={ "background: #1d70b8; height: 10px; width: " (width) "px; padding: 0; font-size: 1px; line-height: 1px;" } { "\u{a0}" } }
                        @if width < 100 { td style={ "background: #f3f2f1; height: 10px; width: " (100 - width) "px; padding: 0; font-size: 1px; line-height: 1px;" } { "\u{a0}" } }
                    }
                }
                (t)
            }
        }
    }
}

fn page(lang: Lang, title: &str, blocks: &[Block]) -> String {
    html! {
        (DOCTYPE)
        html lang=(lang.code()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) }
            }
            body style="font-family: Arial, sans-serif; font-size: 19px; line-height: 1.4; color: #0b0c0c; max-width: 600px; margin: 0 auto; padding: 20px;" {
                @for block in blocks { (block_html(block)) }
            }
        }
    }
    .into_string()
}

/// The case's facts as a table.
pub(super) fn facts(lang: Lang, f: &CaseFacts) -> Block {
    let words = lang.words();
    let w = words.email;
    Block::Table(vec![
        (w.reference.into(), f.reference.to_string()),
        (w.type_of_problem.into(), f.category.clone()),
        (w.status.into(), words.status(f.status).into()),
        (w.expected_by.into(), long(words, f.expected_by)),
    ])
}

/// The resident's own link to their sharing settings, if they have one.
pub(super) fn sharing(w: &EmailWords, url: &str) -> Vec<Block> {
    if url.is_empty() {
        return vec![];
    }
    vec![
        Block::Heading(w.sharing_heading.into()),
        Block::Para(w.sharing_body.into()),
        Block::Link {
            text: w.sharing_link.into(),
            url: url.into(),
        },
    ]
}

/// The note an officer sent with the news, if any.
pub(super) fn note(w: &EmailWords, note: &Option<String>) -> Vec<Block> {
    note.iter()
        .flat_map(|n| [Block::Heading(w.note_from_the_council.into()), Block::Prose(n.clone())])
        .collect()
}

/// An email ready to hand to a mailer.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub struct RenderedEmail {
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: String,
    /// Pictures the HTML shows by `cid:` (none for most emails). Not in the JSON a local
    /// mailer writes: the pictures are files beside it.
    #[serde(skip)]
    pub inline: Vec<InlineImage>,
    /// Carried by the mail provider into bounces and complaints ([`crate::bounce`]).
    #[serde(skip)]
    pub tags: Vec<(&'static str, String)>,
}

/// A picture sent inside a message.
#[derive(Clone, PartialEq)]
pub struct InlineImage {
    /// The Content-ID, without angle brackets: `chart-riverside@wardline`.
    pub cid: String,
    pub content_type: &'static str,
    pub bytes: Vec<u8>,
}

impl std::fmt::Debug for RenderedEmail {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RenderedEmail")
            .field("subject", &self.subject)
            .finish_non_exhaustive()
    }
}
