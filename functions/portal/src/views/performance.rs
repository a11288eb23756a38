//! A ward's performance against the service standards for a quarter: headline figures and
//! a table by type of problem, every rating in words with its n, and the trend against the
//! previous quarter. Figures only: nothing here can identify a resident.

use maud::{Markup, html};
use shared::config::Council;
use shared::copy::Words;
use shared::domain::category::Target;
use shared::domain::performance::{Period, Rating, Tally, Trend, rate, trend};
use shared::domain::{CategoryId, Councillor, WardId};
use shared::web::components::{SelectOption, select, summary_list};

use super::chart::{Bar, Chart, bar_chart};
use super::page;
use super::ward::nav;
use crate::extract::SignedIn;
use crate::words::words;

/// One row of figures: the whole ward, or one type of problem.
pub struct Row {
    pub category: Option<CategoryId>,
    pub now: Tally,
    pub before: Tally,
    pub target: Target,
}

impl Row {
    fn rating(&self) -> Rating {
        rate(&self.now, self.target)
    }

    fn trend(&self) -> Trend {
        trend(&self.rating(), &rate(&self.before, self.target))
    }
}

pub struct Dashboard<'a> {
    pub who: (&'a SignedIn, &'a str),
    pub me: &'a Councillor,
    pub ward: &'a WardId,
    pub quarter: Period,
    /// The whole ward, then each category with anything to show.
    pub total: Row,
    pub rows: Vec<Row>,
    /// Reports received in each of the last 13 weeks, oldest first.
    pub weekly: Vec<Bar>,
}

fn trend_text(t: Trend) -> &'static str {
    let w = words();
    match t {
        Trend::Better => w.trend_better,
        Trend::Worse => w.trend_worse,
        Trend::Same => w.trend_same,
        Trend::NoComparison => w.trend_none,
    }
}

const PAGE: &str = "/portal/performance";
const CSV: &str = "/portal/performance.csv";

/// `path` (the page or its CSV) for `ward` and quarter `p`.
fn quarter_link(path: &str, ward: &WardId, p: Period) -> String {
    match p {
        Period::Quarter { fy, q } => format!("{path}?ward={ward}&quarter={fy}-{q}"),
        _ => format!("{path}?ward={ward}"),
    }
}

/// A bar for a share, drawn as a table cell's background: it survives without images.
fn bar(percent: Option<f64>) -> Markup {
    let width = percent.unwrap_or(0.0).clamp(0.0, 100.0);
    html! {
        span class="wl-bar" aria-hidden="true" style={ "display: inline-block; height: 12px; background: #1d70b8; width: " (format!("{width:.0}")) "px; margin-right: 8px;" } {}
    }
}

pub fn dashboard(council: &Council, language: &Words, d: &Dashboard<'_>) -> Markup {
    let w = words();
    let ward_name = council
        .ward(d.ward)
        .map_or_else(|| d.ward.to_string(), |x| x.name.clone());
    let title = (w.performance_in)(&ward_name);
    let total = &d.total;
    let rating = total.rating();
    let ward_options: Vec<SelectOption<'_>> =
        d.me.wards
            .iter()
            .filter_map(|id| council.ward(id))
            .map(SelectOption::from)
            .collect();
    let compared = (w.compared_with)(&language.period(d.quarter.previous()));
    let headline = [
        (w.reports_received, html! { (total.now.new) }),
        (w.completed, html! { (total.now.completed) }),
        (w.within_standard, html! { (language.rating(&rating)) }),
        (
            w.median_days,
            html! {
                @match total.now.median_days() {
                    Some(n) => { ((w.working_days)(n)) }
                    None => { (w.none_completed) }
                }
            },
        ),
        (
            w.satisfaction,
            html! {
                @match total.now.mean_rating() {
                    Some(mean) => { ((w.mean_rating)(mean, total.now.ratings)) }
                    None => { (w.no_ratings) }
                }
            },
        ),
        (w.reopened_count, html! { (total.now.reopened) }),
        (compared.as_str(), html! { (trend_text(total.trend())) }),
    ];
    let body = html! {
        (nav("/portal/performance"))
        span class="govuk-caption-l" { (language.period(d.quarter)) }
        h1 class="govuk-heading-l" { (title) }
        p class="govuk-body" { (w.performance_lead) }
        @if ward_options.len() > 1 {
            form method="get" action="/portal/performance" class="govuk-!-margin-bottom-4" novalidate {
                (select("ward", w.choose_ward, None, w.choose_ward, &ward_options, d.ward.as_str(), None))
                @if let Period::Quarter { fy, q } = d.quarter { input type="hidden" name="quarter" value={ (fy) "-" (q) }; }
                button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button" { (w.show) }
            }
        }
        nav class="govuk-pagination govuk-pagination--block" aria-label=(w.pages) {
            div class="govuk-pagination__prev" {
                a class="govuk-link govuk-pagination__link" href=(quarter_link(PAGE, d.ward, d.quarter.previous())) rel="prev" {
                    span class="govuk-pagination__link-title" { (w.previous_quarter) }
                    span class="govuk-pagination__link-label" { (language.period(d.quarter.previous())) }
                }
            }
            div class="govuk-pagination__next" {
                a class="govuk-link govuk-pagination__link" href=(quarter_link(PAGE, d.ward, next_quarter(d.quarter))) rel="next" {
                    span class="govuk-pagination__link-title" { (w.next_quarter) }
                    span class="govuk-pagination__link-label" { (language.period(next_quarter(d.quarter))) }
                }
            }
        }
        h2 class="govuk-heading-m" { (w.weekly_title) }
        (bar_chart(
            &Chart {
                id: "weekly",
                title: w.weekly_title,
                description: &(w.weekly_description)(&ward_name),
                row_heading: w.week,
                column: w.reports,
                show_data: w.show_the_data,
            },
            &d.weekly,
        ))
        @if total.now.is_zero() {
            p class="govuk-body" { (w.nothing_this_period) }
        } @else {
            (summary_list(&headline))
            p class="govuk-body" {
                a class="govuk-link" download href=(quarter_link(CSV, d.ward, d.quarter)) { (w.download_figures) }
            }
            h2 class="govuk-heading-m" { (w.by_category) }
            table class="govuk-table" {
                caption class="govuk-table__caption govuk-visually-hidden" { (w.by_category) }
                thead class="govuk-table__head" {
                    tr class="govuk-table__row" {
                        th scope="col" class="govuk-table__header" { (w.category_col) }
                        th scope="col" class="govuk-table__header govuk-table__header--numeric" { (w.reports_received) }
                        th scope="col" class="govuk-table__header govuk-table__header--numeric" { (w.completed) }
                        th scope="col" class="govuk-table__header" { (w.within_standard) }
                        th scope="col" class="govuk-table__header" { ((w.compared_with)(&language.period(d.quarter.previous()))) }
                    }
                }
                tbody class="govuk-table__body" {
                    @for row in &d.rows {
                        @let name = row.category.as_ref().and_then(|c| council.category(c)).map_or("", |c| c.name.as_str());
                        tr class="govuk-table__row" {
                            th scope="row" class="govuk-table__header" { (name) }
                            td class="govuk-table__cell govuk-table__cell--numeric" { (row.now.new) }
                            td class="govuk-table__cell govuk-table__cell--numeric" { (row.now.completed) }
                            td class="govuk-table__cell" { (bar(row.rating().percent)) (language.rating(&row.rating())) }
                            td class="govuk-table__cell" { (trend_text(row.trend())) }
                        }
                    }
                }
            }
        }
    };
    page(&title, &council.name, Some(d.who), false, body)
}

fn next_quarter(p: Period) -> Period {
    match p {
        Period::Quarter { fy, q: 4 } => Period::Quarter { fy: fy + 1, q: 1 },
        Period::Quarter { fy, q } => Period::Quarter { fy, q: q + 1 },
        other => other,
    }
}
