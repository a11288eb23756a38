//! `/privacy`: the council's privacy notice. Every published version keeps its own address
//! (`/privacy/2026-11-01`), because a consent record names the version the resident saw.

use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use maud::{Markup, html};
use shared::copy::Lang;
use shared::domain::consent::PrivacyNotice;
use shared::web::WebError;

use crate::{Consent, simple};

/// The notice's text as HTML. The text is the council's own file, in a small subset of
/// Markdown: `## ` headings, `- ` list items, and paragraphs separated by blank lines.
/// Everything is escaped; nothing in it becomes markup but those three.
pub fn render(text: &str) -> Markup {
    html! {
        @for block in text.split("\n\n").map(str::trim).filter(|b| !b.is_empty()) {
            @if let Some(heading) = block.strip_prefix("## ") {
                h2 class="govuk-heading-m" { (heading) }
            } @else if block.starts_with("- ") {
                ul class="govuk-list govuk-list--bullet" {
                    @for item in block.lines().filter_map(|l| l.trim().strip_prefix("- ")) {
                        li { (item) }
                    }
                }
            } @else {
                p class="govuk-body" { (block.split_whitespace().collect::<Vec<_>>().join(" ")) }
            }
        }
    }
}

fn notice_page(deps: &Consent, lang: Lang, notice: &PrivacyNotice) -> Response {
    let words = lang.words();
    let w = words.consent;
    let current = deps.council.privacy.current(lang);
    let is_current = notice.version == current.version;
    let date = chrono::NaiveDate::parse_from_str(&notice.version, "%Y-%m-%d")
        .map_or_else(|_| notice.version.clone(), |d| shared::dates::short(words, d));
    let others: Vec<&PrivacyNotice> = deps
        .council
        .privacy
        .all(lang)
        .filter(|n| n.version != notice.version)
        .collect();
    simple(
        &deps.council,
        StatusCode::OK,
        w.privacy_title,
        html! {
            @if is_current {
                p class="govuk-body-s" { ((w.in_effect_from)(&date)) }
            } @else {
                div class="govuk-warning-text" {
                    span class="govuk-warning-text__icon" aria-hidden="true" { "!" }
                    strong class="govuk-warning-text__text" {
                        span class="govuk-visually-hidden" { (w.warning) }
                        ((w.earlier_version)(&date)) " "
                        a class="govuk-link" href="/privacy" { (w.read_current) }
                    }
                }
            }
            (render(&notice.text))
            @if !others.is_empty() {
                h2 class="govuk-heading-m" { (w.other_versions) }
                ul class="govuk-list" {
                    @for n in others {
                        li { a class="govuk-link" href={ "/privacy/" (n.version) } { ((w.version_of)(&n.version)) } }
                    }
                }
            }
        },
    )
}

pub async fn current(State(deps): State<Consent>, lang: Lang) -> Response {
    notice_page(&deps, lang, deps.council.privacy.current(lang))
}

pub async fn version(
    State(deps): State<Consent>,
    lang: Lang,
    version: Result<Path<String>, PathRejection>,
) -> Result<Response, WebError> {
    let notice = version
        .ok()
        .and_then(|Path(v)| deps.council.privacy.version(&v, lang).cloned())
        .ok_or(WebError::NotFound)?;
    Ok(notice_page(&deps, lang, &notice))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_markdown_subset_becomes_headings_lists_and_paragraphs_and_nothing_else() {
        let html = render("## Who we are\n\nWe are <b>the council</b>.\nSecond line.\n\n- one\n- two").into_string();
        assert_eq!(
            html,
            "<h2 class=\"govuk-heading-m\">Who we are</h2>\
             <p class=\"govuk-body\">We are &lt;b&gt;the council&lt;/b&gt;. Second line.</p>\
             <ul class=\"govuk-list govuk-list--bullet\"><li>one</li><li>two</li></ul>"
        );
    }
}
