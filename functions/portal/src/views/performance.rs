//! Performance against the service standards: an area's dashboard for a quarter (headline
//! figures, a table by type of problem, the weekly chart, the oldest open cases) and the last
//! five quarters by type of problem, ward or team. Every rating in words with its n; figures
//! and facts only: nothing here can identify a resident.

use crate::words::short_date;
use chrono::NaiveDate;
use maud::{Markup, html};
use shared::config::Council;
use shared::copy::Words;
use shared::domain::CategoryId;
use shared::domain::category::Target;
use shared::domain::heatmap::{self, HexMap};
use shared::domain::performance::{Period, Rating, Tally, Trend, rate, trend};
use shared::domain::redaction::RedactedCase;
use shared::ports::Scope;
use shared::web::components::{SelectOption, select, status_tag, summary_list};

use super::chart::{Chart, weekly_chart};
use super::page_at;
use crate::extract::SignedIn;
use crate::extract::{area_name, area_param};
use crate::words::{lang, words};
use shared::chart::{ChartText, Week};

/// What the standards page's rows are.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum RowsBy {
    Category,
    Ward,
    Team,
}

/// One row of figures: the whole area, or one type of problem.
#[derive(Default)]
pub struct Row {
    pub category: Option<CategoryId>,
    pub now: Tally,
    pub before: Tally,
    pub year_before: Tally,
    pub target: Target,
    /// Open and past the standard at the end of the quarter (or today, while it runs).
    pub backlog: i64,
}

impl Row {
    fn rating(&self) -> Rating {
        rate(&self.now, self.target)
    }

    fn trend(&self, then: &Tally) -> Trend {
        trend(&self.rating(), &rate(then, self.target))
    }
}

pub struct Dashboard<'a> {
    pub who: (&'a SignedIn, &'a str),
    /// A manager's pages (the council's areas) rather than a councillor's (their wards).
    pub manager: bool,
    /// The areas the reader may choose, the default first.
    pub choices: &'a [Scope],
    pub scope: &'a Scope,
    pub quarter: Period,
    /// The day the backlog is counted at the end of.
    pub backlog_on: NaiveDate,
    /// The whole area, then each category with anything to show.
    pub total: Row,
    pub rows: Vec<Row>,
    /// Reports received and cases completed in each of the last 13 weeks, oldest first.
    pub weekly: Vec<Week>,
    pub oldest: &'a [RedactedCase],
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

pub(crate) const PAGE: &str = "/portal/performance";
const CSV: &str = "/portal/performance.csv";
pub(crate) const STANDARDS: &str = "/portal/performance/standards";
pub(crate) const MAP: &str = "/portal/performance/map";

/// `path` for the area `scope` and quarter `p`.
pub(crate) fn link(path: &str, scope: &Scope, p: Period) -> String {
    match p {
        Period::Quarter { fy, q } => format!("{path}?area={}&quarter={fy}-{q}", area_param(scope)),
        _ => format!("{path}?area={}", area_param(scope)),
    }
}

/// A bar for a share, drawn as a table cell's background: it survives without images.
fn bar(percent: Option<f64>) -> Markup {
    let width = percent.unwrap_or(0.0).clamp(0.0, 100.0);
    html! {
        span class="wl-bar" aria-hidden="true" style={ "display: inline-block; height: 12px; background: #1d70b8; width: " (format!("{width:.0}")) "px; margin-right: 8px;" } {}
    }
}

/// The figures pages, as tabs of one another for the same area and quarter.
pub(crate) fn figures_tabs(current: &str, scope: &Scope, quarter: Period) -> Markup {
    let w = words();
    let tabs = [
        (PAGE, w.this_quarter_tab),
        (STANDARDS, w.five_quarters_tab),
        (MAP, w.map_tab),
    ];
    html! {
        nav class="govuk-!-margin-bottom-4" aria-label=(w.figures_pages) {
            ul class="govuk-list wl-inline-list" {
                @for (path, text) in tabs {
                    li style="display: inline-block; margin-right: 20px;" {
                        @if path == current {
                            a class="govuk-link govuk-link--no-visited-state" href=(link(path, scope, quarter)) aria-current="page" { strong { (text) } }
                        } @else {
                            a class="govuk-link govuk-link--no-visited-state" href=(link(path, scope, quarter)) { (text) }
                        }
                    }
                }
            }
        }
    }
}

/// Choosing another area (when there is more than one), keeping the quarter and `hidden`.
pub(crate) fn area_form(
    council: &Council,
    action: &str,
    choices: &[Scope],
    scope: &Scope,
    quarter: Period,
    hidden: &[(&str, String)],
) -> Markup {
    let w = words();
    let labels: Vec<(String, String)> = choices
        .iter()
        .map(|s| {
            let name = area_name(council, s);
            let text = match s {
                Scope::Council => (w.area_council)(&name),
                Scope::Team(_) => (w.area_team)(&name),
                Scope::Ward(_) => (w.area_ward)(&name),
            };
            (area_param(s), text)
        })
        .collect();
    let options: Vec<SelectOption<'_>> = labels
        .iter()
        .map(|(value, text)| SelectOption { value, text })
        .collect();
    html! {
        @if options.len() > 1 {
            form method="get" action=(action) class="govuk-!-margin-bottom-4" novalidate {
                (select("area", w.area, None, w.area, &options, &area_param(scope), None))
                @if let Period::Quarter { fy, q } = quarter { input type="hidden" name="quarter" value={ (fy) "-" (q) }; }
                @for (name, value) in hidden { input type="hidden" name=(name) value=(value); }
                button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button" { (w.show) }
            }
        }
    }
}

/// Links to the quarter before and after.
fn quarter_pages(language: &Words, path: &str, scope: &Scope, quarter: Period) -> Markup {
    let w = words();
    html! {
        nav class="govuk-pagination govuk-pagination--block" aria-label=(w.pages) {
            div class="govuk-pagination__prev" {
                a class="govuk-link govuk-pagination__link" href=(link(path, scope, quarter.previous())) rel="prev" {
                    span class="govuk-pagination__link-title" { (w.previous_quarter) }
                    span class="govuk-pagination__link-label" { (language.period(quarter.previous())) }
                }
            }
            div class="govuk-pagination__next" {
                a class="govuk-link govuk-pagination__link" href=(link(path, scope, quarter.next())) rel="next" {
                    span class="govuk-pagination__link-title" { (w.next_quarter) }
                    span class="govuk-pagination__link-label" { (language.period(quarter.next())) }
                }
            }
        }
    }
}

fn category_name<'a>(council: &'a Council, id: &'a CategoryId) -> &'a str {
    council.category(id).map_or(id.as_str(), |c| c.name.get(lang()))
}

/// The open cases that have waited longest, facts only.
fn oldest_table(council: &Council, cases: &[RedactedCase], manager: bool) -> Markup {
    let w = words();
    html! {
        h2 class="govuk-heading-m" { (w.oldest_open) }
        @if cases.is_empty() {
            p class="govuk-body" { (w.no_open_cases) }
        } @else {
            p class="govuk-body" { (w.oldest_open_lead) }
            div class="wl-table-scroll" role="region" aria-label=(w.oldest_open) tabindex="0" {
                table class="govuk-table" {
                    caption class="govuk-table__caption govuk-visually-hidden" { (w.oldest_open) }
                    thead class="govuk-table__head" {
                        tr class="govuk-table__row" {
                            th scope="col" class="govuk-table__header" { (w.reference) }
                            th scope="col" class="govuk-table__header" { (w.type_of_problem) }
                            th scope="col" class="govuk-table__header" { (w.ward) }
                            th scope="col" class="govuk-table__header" { (w.status) }
                            th scope="col" class="govuk-table__header" { (w.expected_by) }
                        }
                    }
                    tbody class="govuk-table__body" {
                        @for case in cases {
                            tr class="govuk-table__row" {
                                td class="govuk-table__cell" {
                                    // A councillor's case page shows what they may see of it; a
                                    // manager's role opens no case, so theirs is a reference.
                                    @if manager { (case.reference) } @else {
                                        a class="govuk-link" href={ "/portal/cases/" (case.reference) } { (case.reference) }
                                    }
                                }
                                td class="govuk-table__cell" { (category_name(council, &case.category)) }
                                td class="govuk-table__cell" { (council.ward(&case.ward).map_or(case.ward.as_str(), |x| x.name.get(lang()))) }
                                td class="govuk-table__cell" { (status_tag(case.status)) }
                                td class="govuk-table__cell" { (short_date(case.expected_by)) }
                            }
                        }
                    }
                }
            }
        }
    }
}

pub fn dashboard(council: &Council, language: &Words, d: &Dashboard<'_>) -> Markup {
    let w = words();
    let area = area_name(council, d.scope);
    let title = (w.performance_in)(&area);
    let total = &d.total;
    let rating = total.rating();
    let compared = (w.compared_with)(&language.period(d.quarter.previous()));
    let compared_year = (w.compared_with)(&language.period(d.quarter.year_before()));
    let late_label = (w.late_and_open_on)(&short_date(d.backlog_on));
    let headline = [
        (w.reports_received, html! { (total.now.new) }),
        (w.completed, html! { (total.now.completed) }),
        (w.within_standard, html! { (language.rating(&rating)) }),
        (late_label.as_str(), html! { (total.backlog) }),
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
        (compared.as_str(), html! { (trend_text(total.trend(&total.before))) }),
        (
            compared_year.as_str(),
            html! { (trend_text(total.trend(&total.year_before))) },
        ),
    ];
    let body = html! {
        span class="govuk-caption-l" { (language.period(d.quarter)) }
        h1 class="govuk-heading-l" { (title) }
        (figures_tabs(PAGE, d.scope, d.quarter))
        p class="govuk-body" { (w.performance_lead) }
        (area_form(council, PAGE, d.choices, d.scope, d.quarter, &[]))
        (quarter_pages(language, PAGE, d.scope, d.quarter))
        h2 class="govuk-heading-m" { (w.weekly_title) }
        (weekly_chart(
            &Chart {
                id: "weekly",
                text: ChartText {
                    title: w.weekly_title,
                    description: &(w.weekly_description)(&area),
                    new: w.reports_received,
                    completed: w.completed,
                },
                row_heading: w.week,
                show_data: w.show_the_data,
            },
            &d.weekly,
        ))
        @if total.now.is_zero() && total.backlog == 0 {
            p class="govuk-body" { (w.nothing_this_period) }
        } @else {
            (summary_list(&headline))
            p class="govuk-body" {
                a class="govuk-link" download href=(link(CSV, d.scope, d.quarter)) { (w.download_figures) }
            }
            h2 class="govuk-heading-m" { (w.by_category) }
            div class="wl-table-scroll" role="region" aria-label=(w.by_category) tabindex="0" {
                table class="govuk-table" {
                    caption class="govuk-table__caption govuk-visually-hidden" { (w.by_category) }
                    thead class="govuk-table__head" {
                        tr class="govuk-table__row" {
                            th scope="col" class="govuk-table__header" { (w.category_col) }
                            th scope="col" class="govuk-table__header govuk-table__header--numeric" { (w.reports_received) }
                            th scope="col" class="govuk-table__header govuk-table__header--numeric" { (w.completed) }
                            th scope="col" class="govuk-table__header" { (w.within_standard) }
                            th scope="col" class="govuk-table__header govuk-table__header--numeric" { (w.late_and_open) }
                            th scope="col" class="govuk-table__header" { (compared) }
                            th scope="col" class="govuk-table__header" { (compared_year) }
                        }
                    }
                    tbody class="govuk-table__body" {
                        @for row in &d.rows {
                            @let name = row.category.as_ref().map_or("", |c| category_name(council, c));
                            tr class="govuk-table__row" {
                                th scope="row" class="govuk-table__header" { (name) }
                                td class="govuk-table__cell govuk-table__cell--numeric" { (row.now.new) }
                                td class="govuk-table__cell govuk-table__cell--numeric" { (row.now.completed) }
                                td class="govuk-table__cell" { (bar(row.rating().percent)) (language.rating(&row.rating())) }
                                td class="govuk-table__cell govuk-table__cell--numeric" { (row.backlog) }
                                td class="govuk-table__cell" { (trend_text(row.trend(&row.before))) }
                                td class="govuk-table__cell" { (trend_text(row.trend(&row.year_before))) }
                            }
                        }
                    }
                }
            }
        }
        (oldest_table(council, d.oldest, d.manager))
    };
    page_at(PAGE, &title, &council.name, Some(d.who), false, body)
}

/// One row of the standards table: a type of problem, ward or team, and its figures in each
/// quarter, oldest first.
pub struct StandardsRow {
    pub name: String,
    /// The row's area, for a link to its dashboard (wards and teams).
    pub link: Option<String>,
    pub target: Target,
    pub cells: Vec<Tally>,
}

pub struct Standards<'a> {
    pub who: (&'a SignedIn, &'a str),
    pub manager: bool,
    pub choices: &'a [Scope],
    pub scope: &'a Scope,
    /// Oldest first; the chosen quarter last.
    pub quarters: &'a [Period],
    pub rows_by: RowsBy,
    pub table: Vec<StandardsRow>,
}

pub fn standards(council: &Council, language: &Words, s: &Standards<'_>) -> Markup {
    let w = words();
    let Some(&quarter) = s.quarters.last() else {
        return html! {};
    };
    let area = area_name(council, s.scope);
    let title = match s.rows_by {
        RowsBy::Category => (w.standards_in)(&area),
        RowsBy::Ward => w.standards_by_ward.to_owned(),
        RowsBy::Team => w.standards_by_team.to_owned(),
    };
    let default = Target::default();
    let mut rows_options = vec![
        SelectOption {
            value: "category",
            text: w.rows_category,
        },
        SelectOption {
            value: "ward",
            text: w.rows_ward,
        },
    ];
    if s.manager {
        rows_options.push(SelectOption {
            value: "team",
            text: w.rows_team,
        });
    }
    let rows_value = match s.rows_by {
        RowsBy::Category => "category",
        RowsBy::Ward => "ward",
        RowsBy::Team => "team",
    };
    let body = html! {
        span class="govuk-caption-l" { ((w.quarters_to)(&language.period(quarter))) }
        h1 class="govuk-heading-l" { (title) }
        (figures_tabs(STANDARDS, s.scope, quarter))
        p class="govuk-body" { (w.standards_lead) }
        @if s.rows_by != RowsBy::Category {
            p class="govuk-body" { ((w.mixed_rows_rated)(default.target, default.floor)) }
        }
        form method="get" action=(STANDARDS) class="govuk-!-margin-bottom-4" novalidate {
            @if s.rows_by == RowsBy::Category && s.choices.len() > 1 {
                @let labels: Vec<(String, String)> = s.choices.iter().map(|c| (area_param(c), area_name(council, c))).collect();
                @let options: Vec<SelectOption<'_>> = labels.iter().map(|(value, text)| SelectOption { value, text }).collect();
                (select("area", w.area, None, w.area, &options, &area_param(s.scope), None))
            } @else {
                input type="hidden" name="area" value=(area_param(s.scope));
            }
            (select("rows", w.rows_label, None, w.rows_label, &rows_options, rows_value, None))
            @if let Period::Quarter { fy, q } = quarter { input type="hidden" name="quarter" value={ (fy) "-" (q) }; }
            button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button" { (w.show) }
        }
        (quarter_pages(language, STANDARDS, s.scope, quarter))
        @if s.table.is_empty() {
            p class="govuk-body" { (w.nothing_in_quarters) }
        } @else {
            div class="wl-table-scroll" role="region" aria-label=(w.within_standard_by_quarter) tabindex="0" {
                table class="govuk-table" {
                    caption class="govuk-table__caption govuk-table__caption--m" { (w.within_standard_by_quarter) }
                    thead class="govuk-table__head" {
                        tr class="govuk-table__row" {
                            th scope="col" class="govuk-table__header" {
                                (match s.rows_by { RowsBy::Category => w.rows_category, RowsBy::Ward => w.rows_ward, RowsBy::Team => w.rows_team })
                            }
                            @for q in s.quarters { th scope="col" class="govuk-table__header" { (language.period(*q)) } }
                        }
                    }
                    tbody class="govuk-table__body" {
                        @for row in &s.table {
                            tr class="govuk-table__row" {
                                th scope="row" class="govuk-table__header" {
                                    @match &row.link {
                                        Some(area) => a class="govuk-link" href={ (PAGE) "?area=" (area) "&quarter=" (quarter_param(quarter)) } { (row.name) },
                                        None => (row.name),
                                    }
                                }
                                @for t in &row.cells {
                                    @let rating = rate(t, row.target);
                                    td class="govuk-table__cell" { (bar(rating.percent)) (language.rating(&rating)) }
                                }
                            }
                        }
                    }
                }
            }
        }
    };
    page_at(PAGE, &title, &council.name, Some(s.who), false, body)
}

fn quarter_param(p: Period) -> String {
    match p {
        Period::Quarter { fy, q } => format!("{fy}-{q}"),
        _ => String::new(),
    }
}

pub struct Map<'a> {
    pub who: (&'a SignedIn, &'a str),
    pub choices: &'a [Scope],
    pub scope: &'a Scope,
    pub quarter: Period,
    pub category: Option<&'a CategoryId>,
    /// `None` if the area has no outline to draw.
    pub hexes: Option<&'a HexMap>,
    /// Reports on the map, and reports with no position (given by address alone).
    pub placed: usize,
    pub unplaced: usize,
}

/// Light to dark blue, one per legend class; dark cells take white numbers. GOV.UK blues,
/// each at least 3:1 against the next so the classes tell apart without relying on hue.
const SHADES: [(&str, &str); 5] = [
    ("#d2e2f1", "#0b0c0c"),
    ("#8eb8dc", "#0b0c0c"),
    ("#5694ca", "#0b0c0c"),
    ("#1d70b8", "#ffffff"),
    ("#003078", "#ffffff"),
];

fn shade(classes: &[(usize, usize)], count: usize) -> (&'static str, &'static str) {
    let i = classes.iter().position(|(_, high)| count <= *high).unwrap_or(0);
    SHADES[i.min(SHADES.len() - 1)]
}

fn points(ring: &[(f64, f64)]) -> String {
    ring.iter()
        .map(|(x, y)| format!("{x:.1},{y:.1}"))
        .collect::<Vec<_>>()
        .join(" ")
}

pub fn map(council: &Council, language: &Words, m: &Map<'_>) -> Markup {
    let w = words();
    let area = area_name(council, m.scope);
    let title = (w.map_of)(&area);
    let kind = m
        .category
        .map_or(w.every_type_of_problem, |c| category_name(council, c));
    let categories: Vec<SelectOption<'_>> = council.categories.iter().map(SelectOption::from).collect();
    let max = m
        .hexes
        .map_or(0, |h| h.cells.iter().map(|c| c.count).max().unwrap_or(0));
    let classes = heatmap::classes(max);
    let description = (w.map_description)(m.placed, kind, &language.period(m.quarter));
    let body = html! {
        span class="govuk-caption-l" { (language.period(m.quarter)) }
        h1 class="govuk-heading-l" { (title) }
        (figures_tabs(MAP, m.scope, m.quarter))
        p class="govuk-body" { (w.map_lead) }
        form method="get" action=(MAP) class="govuk-!-margin-bottom-4" novalidate {
            @if m.choices.len() > 1 {
                @let labels: Vec<(String, String)> = m.choices.iter().map(|c| (area_param(c), area_name(council, c))).collect();
                @let options: Vec<SelectOption<'_>> = labels.iter().map(|(value, text)| SelectOption { value, text }).collect();
                (select("area", w.area, None, w.area, &options, &area_param(m.scope), None))
            } @else {
                input type="hidden" name="area" value=(area_param(m.scope));
            }
            (select("category", w.type_of_problem, None, w.every_type_of_problem, &categories, m.category.map_or("", |c| c.as_str()), None))
            @if let Period::Quarter { fy, q } = m.quarter { input type="hidden" name="quarter" value={ (fy) "-" (q) }; }
            button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button" { (w.show) }
        }
        (quarter_pages(language, MAP, m.scope, m.quarter))
        p class="govuk-body" { (description) }
        @if m.unplaced > 0 { p class="govuk-body" { ((w.map_unplaced)(m.unplaced)) } }
        @if let Some(h) = m.hexes {
            figure class="wl-chart govuk-!-margin-0 govuk-!-margin-bottom-4" {
                svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox={ "0 0 " (format!("{:.0}", h.width)) " " (format!("{:.0}", h.height)) }
                    width=(format!("{:.0}", h.width)) style="max-width: 100%; height: auto;" aria-labelledby="map-title map-desc" {
                    title id="map-title" { (title) }
                    desc id="map-desc" { (description) }
                    defs {
                        clipPath id="area-outline" {
                            @for ring in &h.rings { polygon points=(points(ring)) {} }
                        }
                    }
                    @for ring in &h.rings { polygon points=(points(ring)) fill="#f3f2f1" stroke="none" {} }
                    g clip-path="url(#area-outline)" {
                        @for cell in &h.cells {
                            @let (fill, ink) = shade(&classes, cell.count);
                            g {
                                title { ((w.map_cell)(cell.number, cell.count)) }
                                polygon points=(points(&heatmap::corners(cell.x, cell.y, h.radius))) fill=(fill) stroke="#ffffff" stroke-width="1" {}
                                text x=(format!("{:.1}", cell.x)) y=(format!("{:.1}", cell.y + 4.0)) font-size="11" text-anchor="middle" fill=(ink) { (cell.number) }
                            }
                        }
                    }
                    @for ring in &h.rings { polygon points=(points(ring)) fill="none" stroke="#0b0c0c" stroke-width="2" {} }
                }
                @if !classes.is_empty() {
                    figcaption {
                        h2 class="govuk-heading-s govuk-!-margin-top-2" { (w.map_legend) }
                        ul class="govuk-list" {
                            @for (low, high) in &classes {
                                @let (fill, ink) = shade(&classes, *high);
                                li {
                                    span aria-hidden="true" style={ "display: inline-block; width: 24px; height: 16px; margin-right: 8px; vertical-align: middle; background: " (fill) "; color: " (ink) ";" } {}
                                    ((w.map_class)(*low, *high))
                                }
                            }
                        }
                    }
                }
            }
            @if h.cells.is_empty() {
                p class="govuk-body" { (w.map_nothing) }
            } @else {
                details class="govuk-details" {
                    summary class="govuk-details__summary" { span class="govuk-details__summary-text" { (w.show_the_data) } }
                    div class="govuk-details__text" {
                        div class="wl-table-scroll" role="region" aria-label=(title) tabindex="0" {
                            table class="govuk-table" {
                                caption class="govuk-table__caption govuk-visually-hidden" { (title) }
                                thead class="govuk-table__head" {
                                    tr class="govuk-table__row" {
                                        th scope="col" class="govuk-table__header" { (w.map_cell_col) }
                                        th scope="col" class="govuk-table__header" { (w.map_centre_col) }
                                        th scope="col" class="govuk-table__header govuk-table__header--numeric" { (w.reports) }
                                    }
                                }
                                tbody class="govuk-table__body" {
                                    @for cell in &h.cells {
                                        tr class="govuk-table__row" {
                                            th scope="row" class="govuk-table__header" { (cell.number) }
                                            td class="govuk-table__cell" { (format!("{:.3}, {:.3}", cell.centre.lat(), cell.centre.lng())) }
                                            td class="govuk-table__cell govuk-table__cell--numeric" { (cell.count) }
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
    page_at(PAGE, &title, &council.name, Some(m.who), false, body)
}
