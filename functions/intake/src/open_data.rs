//! `/open-data`: every case, month by month, and the figures against the standards, quarter
//! by quarter, in CSV and JSON for anyone. Nothing that could identify a resident: no name,
//! contact, description, address, reference, exact location or time of day; roughly where
//! (~100 m) only for types of problem the council allows; and in the quarterly figures any
//! count under [`SUPPRESS_UNDER`] is withheld.

use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use maud::html;
use serde_json::{Value, json};
use shared::config::Council;
use shared::copy::Lang;
use shared::csv::{Cell, typed_row};
use shared::dates::london_day;
use shared::domain::performance::period::add_months;
use shared::domain::performance::{Period, Tally};
use shared::domain::{Case, WardId};
use shared::ports::{Scope, StoreError, WardFilter};
use shared::web::{Page, WebError, layout};

use crate::Intake;
use crate::performance::SUPPRESS_UNDER;

/// Months of case files offered (the current one and the eleven before it).
const MONTHS: i32 = 12;
/// Quarters of figures offered.
const QUARTERS: usize = 5;
/// Cases in one month's file at most; a bigger month is cut here and says so.
pub const MONTH_MAX: usize = 20_000;
/// Cases read from a ward's list at a time.
const PAGE: usize = 500;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Csv,
    Json,
}

/// What a file name asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum File {
    /// `cases-2026-11.csv`
    Cases(NaiveDate, Format),
    /// `summary-2026-27-q3.csv`: financial year 2026/27, quarter 3.
    Summary(Period, Format),
}

fn parse_file(name: &str) -> Option<File> {
    let (stem, ext) = name.rsplit_once('.')?;
    let format = match ext {
        "csv" => Format::Csv,
        "json" => Format::Json,
        _ => return None,
    };
    if let Some(month) = stem.strip_prefix("cases-") {
        let first = NaiveDate::parse_from_str(&format!("{month}-01"), "%Y-%m-%d").ok()?;
        return Some(File::Cases(first, format));
    }
    let rest = stem.strip_prefix("summary-")?;
    let (years, q) = rest.rsplit_once("-q")?;
    let (fy, next) = years.split_once('-')?;
    let fy: i32 = fy.parse().ok()?;
    let q: u8 = q.parse().ok().filter(|q| (1..=4).contains(q))?;
    if next != format!("{:02}", (fy + 1) % 100) {
        return None;
    }
    Some(File::Summary(Period::Quarter { fy, q }, format))
}

fn quarter_name(p: Period) -> String {
    match p {
        Period::Quarter { fy, q } => format!("{fy}-{:02}-q{q}", (fy + 1) % 100),
        other => other.first_day().to_string(),
    }
}

fn today(deps: &Intake) -> NaiveDate {
    london_day(deps.clock.now())
}

/// `/open-data`: what there is, what is left out, and the files.
pub async fn page(State(deps): State<Intake>, lang: Lang) -> Result<Response, WebError> {
    let words = lang.words();
    let w = words.open_data;
    let council = &deps.council;
    let this_month = Period::month_of(today(&deps)).first_day();
    let months: Vec<NaiveDate> = (0..MONTHS).map(|i| add_months(this_month, -i)).collect();
    let mut quarters = vec![Period::quarter_of(today(&deps))];
    while quarters.len() < QUARTERS {
        let earlier = quarters[quarters.len() - 1].previous();
        quarters.push(earlier);
    }
    let hidden: Vec<String> = council
        .categories
        .iter()
        .filter(|c| !c.open_data_location)
        .map(|c| c.name.get(lang).to_lowercase())
        .collect();
    let body = html! {
        div class="govuk-grid-row" {
            div class="govuk-grid-column-two-thirds" {
                h1 class="govuk-heading-l" { (w.title) }
                p class="govuk-body-l" { (w.lead) }
                h2 class="govuk-heading-m" { (w.whats_in_title) }
                p class="govuk-body" { (w.whats_in) }
                h2 class="govuk-heading-m" { (w.left_out_title) }
                p class="govuk-body" { (w.left_out) }
                @if !hidden.is_empty() {
                    p class="govuk-body" { ((w.no_location)(&shared::copy::listed(&hidden, words.consent.and))) }
                }
                h2 class="govuk-heading-m" { (w.small_numbers_title) }
                p class="govuk-body" { ((w.small_numbers)(SUPPRESS_UNDER)) }
                p class="govuk-body" { (w.licence) }
            }
        }
        div class="govuk-grid-row" {
            div class="govuk-grid-column-full" {
                div class="wl-table-scroll" role="region" aria-label=(w.cases_caption) tabindex="0" {
                    table class="govuk-table" {
                        caption class="govuk-table__caption govuk-table__caption--m" { (w.cases_caption) }
                        thead class="govuk-table__head" {
                            tr class="govuk-table__row" {
                                th scope="col" class="govuk-table__header" { (w.month) }
                                th scope="col" class="govuk-table__header" { (w.download) }
                            }
                        }
                        tbody class="govuk-table__body" {
                            @for m in &months {
                                @let label = words.period(Period::Month(*m));
                                @let stem = format!("cases-{}", m.format("%Y-%m"));
                                tr class="govuk-table__row" {
                                    th scope="row" class="govuk-table__header" { (label) }
                                    td class="govuk-table__cell" {
                                        a class="govuk-link" href={ "/open-data/" (stem) ".csv" } { "CSV" span class="govuk-visually-hidden" { ", " (label) } }
                                        " · "
                                        a class="govuk-link" href={ "/open-data/" (stem) ".json" } { "JSON" span class="govuk-visually-hidden" { ", " (label) } }
                                    }
                                }
                            }
                        }
                    }
                }
                div class="wl-table-scroll" role="region" aria-label=(w.summary_caption) tabindex="0" {
                    table class="govuk-table" {
                        caption class="govuk-table__caption govuk-table__caption--m" { (w.summary_caption) }
                        thead class="govuk-table__head" {
                            tr class="govuk-table__row" {
                                th scope="col" class="govuk-table__header" { (w.quarter) }
                                th scope="col" class="govuk-table__header" { (w.download) }
                            }
                        }
                        tbody class="govuk-table__body" {
                            @for q in &quarters {
                                @let label = words.period(*q);
                                @let stem = format!("summary-{}", quarter_name(*q));
                                tr class="govuk-table__row" {
                                    th scope="row" class="govuk-table__header" { (label) }
                                    td class="govuk-table__cell" {
                                        a class="govuk-link" href={ "/open-data/" (stem) ".csv" } { "CSV" span class="govuk-visually-hidden" { ", " (label) } }
                                        " · "
                                        a class="govuk-link" href={ "/open-data/" (stem) ".json" } { "JSON" span class="govuk-visually-hidden" { ", " (label) } }
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
            ..Page::new(w.title, &council.name)
        },
        body,
    )
    .into_response())
}

/// `/open-data/{file}`.
pub async fn file(State(deps): State<Intake>, name: Result<Path<String>, PathRejection>) -> Result<Response, WebError> {
    let Ok(Path(name)) = name else {
        return Err(WebError::NotFound);
    };
    let file = parse_file(&name).ok_or(WebError::NotFound)?;
    let today = today(&deps);
    let (body, format) = match file {
        File::Cases(month, format) => {
            // Only months that have begun: a future month is not a file yet.
            if month > today {
                return Err(WebError::NotFound);
            }
            let (rows, cut) = month_cases(&deps, month).await?;
            let body = match format {
                Format::Csv => cases_csv(&deps.council, &rows, cut, today),
                Format::Json => cases_json(&deps.council, month, &rows, cut, today).to_string(),
            };
            (body, format)
        }
        File::Summary(quarter, format) => {
            if quarter.first_day() > today {
                return Err(WebError::NotFound);
            }
            let rows = summary_rows(&deps, quarter).await?;
            let body = match format {
                Format::Csv => summary_csv(&rows),
                Format::Json => summary_json(quarter, &rows).to_string(),
            };
            (body, format)
        }
    };
    let content_type = match format {
        Format::Csv => "text/csv; charset=utf-8",
        Format::Json => "application/json",
    };
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    Ok(response)
}

/// The cases reported in the month starting `first`, oldest first, at most [`MONTH_MAX`]
/// (and whether there were more). Each ward's list is read for the month alone.
async fn month_cases(deps: &Intake, first: NaiveDate) -> Result<(Vec<Case>, bool), StoreError> {
    let at = shared::domain::calendar::london_midnight;
    let filter = WardFilter {
        from: Some(at(first)),
        until: Some(at(add_months(first, 1))),
        ..WardFilter::default()
    };
    let mut cases = Vec::new();
    let mut cut = false;
    'wards: for ward in &deps.council.wards {
        let mut after = None;
        loop {
            let page = deps
                .ward_cases
                .ward_cases(&ward.id, &filter, after.as_deref(), PAGE)
                .await?;
            cases.extend(page.items);
            if cases.len() > MONTH_MAX {
                cut = true;
                break 'wards;
            }
            match page.next {
                Some(next) => after = Some(next),
                None => break,
            }
        }
    }
    cases.sort_by(|a, b| (a.submitted_at, &a.reference).cmp(&(b.submitted_at, &b.reference)));
    cases.truncate(MONTH_MAX);
    Ok((cases, cut))
}

/// One case as open data: what anyone may know of it.
struct OpenCase<'a> {
    category: &'a str,
    category_name: &'a str,
    ward: &'a str,
    ward_name: &'a str,
    lat: Option<f64>,
    lng: Option<f64>,
    reported_on: NaiveDate,
    expected_by: NaiveDate,
    closed_on: Option<NaiveDate>,
    status: &'static str,
    /// Closed by the date given (`Some(true)`), closed after it or still open past it
    /// (`Some(false)`), or open and not yet due (`None`).
    within_standard: Option<bool>,
}

fn open_case<'a>(council: &'a Council, case: &'a Case, today: NaiveDate) -> OpenCase<'a> {
    let category = council.category(&case.category);
    let day = london_day;
    let closed_on = (!case.status.is_open()).then(|| day(case.closed_at.unwrap_or(case.submitted_at)));
    let location = case
        .coarse_location
        .filter(|_| category.is_none_or(|c| c.open_data_location));
    OpenCase {
        category: case.category.as_str(),
        // The files name things in the council's first language (ids are beside them).
        category_name: category.map_or(case.category.as_str(), |c| c.name.get(council.default_lang())),
        ward: case.ward.as_str(),
        ward_name: council
            .ward(&case.ward)
            .map_or(case.ward.as_str(), |w| w.name.get(council.default_lang())),
        lat: location.map(|p| p.lat()),
        lng: location.map(|p| p.lng()),
        reported_on: day(case.submitted_at),
        expected_by: case.expected_by,
        closed_on,
        status: case.status.as_str(),
        within_standard: match closed_on {
            Some(d) => Some(d <= case.expected_by),
            None if today > case.expected_by => Some(false),
            None => None,
        },
    }
}

const CASES_HEADER: [&str; 11] = [
    "category",
    "category_name",
    "ward",
    "ward_name",
    "latitude",
    "longitude",
    "reported_on",
    "expected_by",
    "closed_on",
    "status",
    "within_standard",
];

fn cases_csv(council: &Council, cases: &[Case], cut: bool, today: NaiveDate) -> String {
    let mut out = shared::csv::row(&CASES_HEADER);
    for case in cases {
        let c = open_case(council, case, today);
        let coordinate = |v: Option<f64>| v.map_or_else(|| Cell::text(""), |v| Cell::number(v, 3));
        out.push_str(&typed_row(&[
            Cell::text(c.category),
            Cell::text(c.category_name),
            Cell::text(c.ward),
            Cell::text(c.ward_name),
            coordinate(c.lat),
            coordinate(c.lng),
            Cell::text(c.reported_on.to_string()),
            Cell::text(c.expected_by.to_string()),
            Cell::text(c.closed_on.map(|d| d.to_string()).unwrap_or_default()),
            Cell::text(c.status),
            Cell::text(match c.within_standard {
                Some(true) => "yes",
                Some(false) => "no",
                None => "",
            }),
        ]));
    }
    if cut {
        out.push_str(&shared::csv::row(&[format!(
            "Cut at {MONTH_MAX} reports: ask the council for the rest of this month"
        )]));
    }
    out
}

fn cases_json(council: &Council, month: NaiveDate, cases: &[Case], cut: bool, today: NaiveDate) -> Value {
    let rows: Vec<Value> = cases
        .iter()
        .map(|case| {
            let c = open_case(council, case, today);
            json!({
                "category": c.category, "category_name": c.category_name,
                "ward": c.ward, "ward_name": c.ward_name,
                "latitude": c.lat, "longitude": c.lng,
                "reported_on": c.reported_on, "expected_by": c.expected_by, "closed_on": c.closed_on,
                "status": c.status, "within_standard": c.within_standard,
            })
        })
        .collect();
    json!({
        "month": month.format("%Y-%m").to_string(),
        "licence": "Open Government Licence v3.0",
        "complete": !cut,
        "cases": rows,
    })
}

/// One ward × type of problem in a quarter.
struct SummaryRow {
    ward: WardId,
    ward_name: String,
    category: String,
    category_name: String,
    tally: Tally,
}

async fn summary_rows(deps: &Intake, quarter: Period) -> Result<Vec<SummaryRow>, StoreError> {
    let council = &deps.council;
    let mut out = Vec::new();
    for ward in &council.wards {
        let rows = deps
            .tallies
            .tallies(&Scope::Ward(ward.id.clone()), quarter.first_day(), quarter.end())
            .await?;
        for category in &council.categories {
            let mut tally = Tally::default();
            for (c, bucket, t) in &rows {
                if c == &category.id && quarter.contains(*bucket) {
                    tally.add(t);
                }
            }
            out.push(SummaryRow {
                ward: ward.id.clone(),
                ward_name: ward.name.get(council.default_lang()).to_owned(),
                category: category.id.to_string(),
                category_name: category.name.get(council.default_lang()).to_owned(),
                tally,
            });
        }
    }
    Ok(out)
}

/// A count as published: `None` (withheld) under [`SUPPRESS_UNDER`], unless it is nought.
fn published(n: i64) -> Option<i64> {
    (n == 0 || n >= SUPPRESS_UNDER).then_some(n)
}

/// How many were completed within the standard, if enough were completed to show it (with
/// the number completed and the share, any smaller count could be worked out).
fn within(t: &Tally) -> Option<i64> {
    (t.completed == 0 || t.completed >= SUPPRESS_UNDER).then_some(t.within_standard)
}

/// The share completed within the standard, to one decimal place, if enough were
/// completed to show it.
fn share(t: &Tally) -> Option<f64> {
    (t.completed >= SUPPRESS_UNDER).then(|| (1000.0 * t.within_standard as f64 / t.completed as f64).round() / 10.0)
}

const SUMMARY_HEADER: [&str; 8] = [
    "ward",
    "ward_name",
    "category",
    "category_name",
    "received",
    "completed",
    "completed_within_standard",
    "percent_within_standard",
];

fn summary_csv(rows: &[SummaryRow]) -> String {
    let count = |n: Option<i64>| n.map_or_else(|| Cell::text("[c]"), |n| Cell::number(n as f64, 0));
    let mut out = shared::csv::row(&SUMMARY_HEADER);
    for r in rows {
        out.push_str(&typed_row(&[
            Cell::text(r.ward.as_str()),
            Cell::text(r.ward_name.as_str()),
            Cell::text(r.category.as_str()),
            Cell::text(r.category_name.as_str()),
            count(published(r.tally.new)),
            count(published(r.tally.completed)),
            count(within(&r.tally)),
            share(&r.tally).map_or_else(|| Cell::text("[c]"), |p| Cell::number(p, 1)),
        ]));
    }
    out
}

fn summary_json(quarter: Period, rows: &[SummaryRow]) -> Value {
    let rows: Vec<Value> = rows
        .iter()
        .map(|r| {
            json!({
                "ward": r.ward.as_str(), "ward_name": r.ward_name,
                "category": r.category, "category_name": r.category_name,
                "received": published(r.tally.new),
                "completed": published(r.tally.completed),
                "completed_within_standard": within(&r.tally),
                "percent_within_standard": share(&r.tally),
            })
        })
        .collect();
    json!({
        "quarter": quarter_name(quarter),
        "from": quarter.first_day(),
        "until": quarter.end(),
        "licence": "Open Government Licence v3.0",
        "suppressed_under": SUPPRESS_UNDER,
        "rows": rows,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_say_the_month_or_the_financial_quarter_and_the_format() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert_eq!(
            parse_file("cases-2026-11.csv"),
            Some(File::Cases(d("2026-11-01"), Format::Csv))
        );
        assert_eq!(
            parse_file("cases-2026-11.json"),
            Some(File::Cases(d("2026-11-01"), Format::Json))
        );
        assert_eq!(
            parse_file("summary-2026-27-q3.csv"),
            Some(File::Summary(Period::Quarter { fy: 2026, q: 3 }, Format::Csv))
        );
        assert_eq!(quarter_name(Period::Quarter { fy: 2026, q: 3 }), "2026-27-q3");
        assert_eq!(quarter_name(Period::Quarter { fy: 2099, q: 1 }), "2099-00-q1");
        assert_eq!(parse_file("summary-2099-00-q1.json").map(|_| ()), Some(()));
        for bad in [
            "cases-2026-13.csv",
            "cases-2026-11.xml",
            "summary-2026-28-q3.csv",
            "summary-2026-27-q5.csv",
            "cases.csv",
            "../cases-2026-11.csv",
        ] {
            assert_eq!(parse_file(bad), None, "{bad}");
        }
    }

    #[test]
    fn small_counts_are_withheld_but_nought_is_not() {
        assert_eq!(published(0), Some(0));
        assert_eq!(published(1), None);
        assert_eq!(published(4), None);
        assert_eq!(published(5), Some(5));
        let t = Tally {
            completed: 4,
            within_standard: 4,
            ..Tally::default()
        };
        assert_eq!(share(&t), None);
        assert_eq!(within(&t), None);
        let t = Tally {
            completed: 7,
            within_standard: 6,
            ..Tally::default()
        };
        assert_eq!(share(&t), Some(85.7));
        assert_eq!(within(&t), Some(6));
        let late = Tally {
            completed: 9,
            within_standard: 2,
            ..Tally::default()
        };
        assert_eq!(within(&late), Some(2), "derivable from the share, so shown");
    }
}
