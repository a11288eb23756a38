//! `/performance`: how the council does against its service standards, for anyone. The
//! whole council's figures by type of problem for the last five quarters, with nothing about
//! any resident; a share of fewer than five completed cases is not shown, so no case can be
//! picked out.

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use maud::html;
use shared::copy::Lang;
use shared::domain::performance::{Period, Tally, rate};
use shared::ports::Scope;
use shared::web::{Page, WebError, layout};

use crate::Intake;

/// Shares of fewer completed cases than this are not published.
pub const SUPPRESS_UNDER: i64 = 5;

pub async fn performance(State(deps): State<Intake>, lang: Lang) -> Result<Response, WebError> {
    let words = lang.words();
    let w = words.performance;
    let council = &deps.council;
    let today = deps.clock.now().with_timezone(&chrono_tz::Europe::London).date_naive();
    let latest = Period::quarter_of(today);
    let mut quarters = vec![latest];
    for _ in 0..4 {
        let earlier = quarters[quarters.len() - 1].previous();
        quarters.push(earlier);
    }
    quarters.reverse();
    let rows = deps
        .tallies
        .tallies(&Scope::Council, quarters[0].first_day(), latest.end())
        .await?;
    let cell = |category: &shared::domain::CategoryId, quarter: Period| {
        let mut t = Tally::default();
        for (c, bucket, tally) in &rows {
            if c == category && quarter.contains(*bucket) {
                t.add(tally);
            }
        }
        t
    };
    let body = html! {
        div class="govuk-grid-row" {
            div class="govuk-grid-column-full" {
                h1 class="govuk-heading-l" { (w.public_title) }
                p class="govuk-body" { (w.public_lead) }
                p class="govuk-body" { ((w.public_suppressed)(SUPPRESS_UNDER)) }
                div class="wl-table-scroll" role="region" aria-label=(w.public_caption) tabindex="0" {
                    table class="govuk-table" {
                        caption class="govuk-table__caption govuk-table__caption--m" { (w.public_caption) }
                        thead class="govuk-table__head" {
                            tr class="govuk-table__row" {
                                th scope="col" class="govuk-table__header" { (w.public_category) }
                                @for q in &quarters {
                                    th scope="col" class="govuk-table__header" { (words.period(*q)) }
                                }
                            }
                        }
                        tbody class="govuk-table__body" {
                            @for category in &council.categories {
                                tr class="govuk-table__row" {
                                    th scope="row" class="govuk-table__header" {
                                        (category.name.get(lang))
                                        br;
                                        span class="govuk-body-s" { ((w.public_standard)(category.standard.working_days)) }
                                    }
                                    @for q in &quarters {
                                        @let t = cell(&category.id, *q);
                                        td class="govuk-table__cell" {
                                            @if t.completed < SUPPRESS_UNDER {
                                                (w.public_too_few)
                                            } @else {
                                                (words.rating(&rate(&t, category.target)))
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    };
    Ok(layout(
        &Page {
            lang,
            ..Page::new(w.public_title, &council.name)
        },
        body,
    )
    .into_response())
}
