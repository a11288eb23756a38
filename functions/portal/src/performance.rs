//! `/portal/performance` (an area's dashboard for a quarter), `/portal/performance.csv` (its
//! figures) and `/portal/performance/standards` (the last five quarters against the
//! standards, by type of problem, ward or team), for councillors (their wards) and managers
//! (the council, every team, every ward). Figures come from the stored tallies: one query
//! of the area's buckets, never the cases.

use crate::words::lang;
use std::collections::BTreeMap;

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use serde::Deserialize;
use shared::config::Council;
use shared::domain::performance::{PAST_RUNNING, Period, Tally, backlog_at, bucket_of};
use shared::domain::redaction::{RedactedCase, councillor_list_item, facts_only};
use shared::domain::{CategoryId, WardId};
use shared::ports::{QueueFilter, Scope};
use shared::web::WebError;
use shared::web::csrf::Csrf;

use crate::extract::{Areas, FiguresReader, area_name, area_param};
use crate::views::performance::{self as view, Dashboard, Row, RowsBy, Standards, StandardsRow};
use crate::views::ward::{no_wards, viewer};
use crate::{Portal, ignore_empty};

#[derive(Deserialize, Default)]
pub struct PerformanceQuery {
    /// `council`, `team:<id>` or `ward:<id>`.
    area: Option<String>,
    /// A ward alone, as links before areas had it.
    ward: Option<String>,
    /// `2026-3`: the financial year it starts in, and the quarter.
    quarter: Option<String>,
    /// The standards page's rows: `category` (default), `ward` or `team`.
    rows: Option<String>,
    /// The map's type of problem; none or empty for every type.
    category: Option<String>,
}

fn quarter_from(text: Option<&str>) -> Option<Period> {
    let (fy, q) = text?.split_once('-')?;
    let (fy, q): (i32, u8) = (fy.parse().ok()?, q.parse().ok()?);
    ((2000..=2100).contains(&fy) && (1..=4).contains(&q)).then_some(Period::Quarter { fy, q })
}

/// What a request asks for, with today's date in London.
pub(crate) struct Choice {
    pub scope: Scope,
    /// A type of problem the council has, if one was asked for.
    pub category: Option<CategoryId>,
    pub quarter: Period,
    pub today: NaiveDate,
    pub rows: RowsBy,
}

/// The area (one the reader may see) and the quarter asked for. Anything else (an edited
/// address) means the reader's first area and this quarter; `None` for a councillor with no
/// wards.
pub(crate) fn choose(
    deps: &Portal,
    reader: &FiguresReader,
    query: Result<Query<PerformanceQuery>, QueryRejection>,
) -> Option<Choice> {
    let q = query.map(|Query(q)| q).unwrap_or_default();
    let allowed = reader.scopes(&deps.council);
    let asked = ignore_empty(&q.area).map(str::to_owned).or_else(|| {
        ignore_empty(&q.ward)
            .and_then(|w| WardId::parse(w).ok())
            .map(|w| area_param(&Scope::Ward(w)))
    });
    let scope = asked
        .and_then(|a| allowed.iter().find(|s| area_param(s) == a).cloned())
        .or_else(|| allowed.first().cloned())?;
    let today = deps.clock.now().with_timezone(&chrono_tz::Europe::London).date_naive();
    let quarter = quarter_from(ignore_empty(&q.quarter)).unwrap_or_else(|| Period::quarter_of(today));
    let rows = match (ignore_empty(&q.rows), &reader.areas) {
        (Some("ward"), _) => RowsBy::Ward,
        (Some("team"), Areas::Council) => RowsBy::Team,
        _ => RowsBy::Category,
    };
    let category = ignore_empty(&q.category)
        .and_then(|c| CategoryId::parse(c).ok())
        .filter(|c| deps.council.category(c).is_some());
    Some(Choice {
        scope,
        category,
        quarter,
        today,
        rows,
    })
}

/// An area's figures from a bucket on, with its running totals: one read, cut every way a
/// page needs. What it reads grows with the weeks between `from` and now, never with the
/// cases.
pub(crate) struct Figures {
    rows: Vec<(CategoryId, NaiveDate, Tally)>,
}

impl Figures {
    /// Reads `scope`'s buckets from `from` on (to the furthest future change of its backlog)
    /// and its running totals.
    pub(crate) async fn read(deps: &Portal, scope: &Scope, from: NaiveDate) -> Result<Figures, WebError> {
        Ok(Figures {
            rows: deps.tallies.tallies(scope, bucket_of(from), PAST_RUNNING).await?,
        })
    }

    /// Each category's figures for `period`, summed over its buckets.
    pub(crate) fn by_category(&self, period: Period) -> BTreeMap<CategoryId, Tally> {
        let mut out: BTreeMap<CategoryId, Tally> = BTreeMap::new();
        for (category, bucket, t) in &self.rows {
            if period.contains(*bucket) {
                out.entry(category.clone()).or_default().add(t);
            }
        }
        out
    }

    /// Every category's figures for `period` together.
    pub(crate) fn total(&self, period: Period) -> Tally {
        let mut total = Tally::default();
        for t in self.by_category(period).values() {
            total.add(t);
        }
        total
    }

    /// Each category's open cases past their standard at the end of `day` (read from its
    /// bucket or earlier).
    pub(crate) fn backlog(&self, day: NaiveDate) -> BTreeMap<CategoryId, i64> {
        let mut per: BTreeMap<&CategoryId, Vec<(NaiveDate, &Tally)>> = BTreeMap::new();
        for (category, bucket, t) in &self.rows {
            per.entry(category).or_default().push((*bucket, t));
        }
        per.into_iter()
            .map(|(c, rows)| (c.clone(), backlog_at(rows, day)))
            .collect()
    }

    /// Reports received and cases completed in each of `weeks`.
    fn weekly(&self, weeks: &[Period], words: &shared::copy::Words) -> Vec<shared::chart::Week> {
        shared::chart::weeks_from(&self.rows, weeks, words)
    }
}

/// The day a quarter's backlog is read at: its last day, or today while it runs.
pub(crate) fn backlog_day(quarter: Period, today: NaiveDate) -> NaiveDate {
    (quarter.end() - chrono::Days::new(1)).min(today)
}

/// How many of the oldest open cases a dashboard lists.
const OLDEST: usize = 5;

/// The area's open cases that have waited longest past their date, as the reader may see
/// them: each team's queue is oldest-due first, so the first few of each, merged, are the
/// area's oldest.
async fn oldest_open(deps: &Portal, reader: &FiguresReader, scope: &Scope) -> Result<Vec<RedactedCase>, WebError> {
    let council = &deps.council;
    let (teams, ward): (Vec<_>, Option<WardId>) = match scope {
        Scope::Council => (council.teams.iter().map(|t| t.id.clone()).collect(), None),
        Scope::Team(t) => (vec![t.clone()], None),
        Scope::Ward(w) => (council.teams.iter().map(|t| t.id.clone()).collect(), Some(w.clone())),
    };
    let filter = QueueFilter {
        ward,
        ..QueueFilter::default()
    };
    let mut cases = Vec::new();
    for team in teams {
        cases.extend(deps.queue.queue(&team, &filter, None, OLDEST).await?.items);
    }
    cases.sort_by_key(|c| (c.expected_by, c.submitted_at));
    Ok(cases
        .iter()
        .filter_map(|case| match &reader.areas {
            Areas::Wards(me) => councillor_list_item(case, &viewer(me)),
            Areas::Council => Some(facts_only(case)),
        })
        .take(OLDEST)
        .collect())
}

/// The rows of a table by type of problem: every category with anything to show.
fn category_rows(council: &Council, figures: &Figures, quarter: Period, backlog_on: NaiveDate) -> (Row, Vec<Row>) {
    let now = figures.by_category(quarter);
    let before = figures.by_category(quarter.previous());
    let year_before = figures.by_category(quarter.year_before());
    let late = figures.backlog(backlog_on);
    let mut total = Row::default();
    let mut rows = Vec::new();
    for category in &council.categories {
        let id = &category.id;
        let row = Row {
            category: Some(id.clone()),
            now: now.get(id).cloned().unwrap_or_default(),
            before: before.get(id).cloned().unwrap_or_default(),
            year_before: year_before.get(id).cloned().unwrap_or_default(),
            target: category.target,
            backlog: late.get(id).copied().unwrap_or(0),
        };
        total.now.add(&row.now);
        total.before.add(&row.before);
        total.year_before.add(&row.year_before);
        total.backlog += row.backlog;
        if !row.now.is_zero() || row.backlog != 0 {
            rows.push(row);
        }
    }
    (total, rows)
}

pub async fn dashboard(
    State(deps): State<Portal>,
    reader: FiguresReader,
    csrf: Csrf,
    query: Result<Query<PerformanceQuery>, QueryRejection>,
) -> Result<Response, WebError> {
    let council = &deps.council;
    let Some(Choice {
        scope, quarter, today, ..
    }) = choose(&deps, &reader, query)
    else {
        return Ok(no_wards(council).into_response());
    };
    let words = lang().words();
    // The last 13 weeks, this one included, and the quarter: one read of the area's buckets.
    let weeks = shared::chart::thirteen_weeks_to(today);
    let backlog_on = backlog_day(quarter, today);
    let from = quarter
        .year_before()
        .first_day()
        .min(weeks[0].first_day())
        .min(backlog_on);
    let figures = Figures::read(&deps, &scope, from).await?;
    let (total, rows) = category_rows(council, &figures, quarter, backlog_on);
    let oldest = oldest_open(&deps, &reader, &scope).await?;
    let choices = reader.scopes(council);
    let page = view::dashboard(
        council,
        words,
        &Dashboard {
            who: (&reader.who, &csrf.token),
            manager: matches!(reader.areas, Areas::Council),
            choices: &choices,
            scope: &scope,
            quarter,
            backlog_on,
            total,
            rows,
            weekly: figures.weekly(&weeks, words),
            oldest: &oldest,
        },
    );
    Ok(csrf.set_on(page))
}

/// `/portal/performance.csv`: the same quarter's figures by type of problem, for a
/// spreadsheet. Counts only.
pub async fn dashboard_csv(
    State(deps): State<Portal>,
    reader: FiguresReader,
    query: Result<Query<PerformanceQuery>, QueryRejection>,
) -> Result<Response, WebError> {
    use axum::http::{StatusCode, header};
    use shared::csv::Cell;
    let council = &deps.council;
    let Some(Choice {
        scope, quarter, today, ..
    }) = choose(&deps, &reader, query)
    else {
        return Ok(no_wards(council).into_response());
    };
    let backlog_on = backlog_day(quarter, today);
    let figures = Figures::read(&deps, &scope, quarter.first_day().min(backlog_on)).await?;
    let late = figures.backlog(backlog_on);
    let by_category = figures.by_category(quarter);
    let words = lang().words();
    let mut out = shared::csv::row(&[
        "quarter",
        "area",
        "type_of_problem",
        "reports_received",
        "completed",
        "completed_within_standard",
        "percent_within_standard",
        "rating",
        "median_working_days",
        "reopened",
        "late_and_open",
        "late_and_open_on",
    ]);
    for category in &council.categories {
        let t = by_category.get(&category.id).cloned().unwrap_or_default();
        let rating = shared::domain::performance::rate(&t, category.target);
        out.push_str(&shared::csv::typed_row(&[
            Cell::text(words.period(quarter)),
            Cell::text(area_name(council, &scope)),
            Cell::text(category.name.get(lang())),
            Cell::number(t.new as f64, 0),
            Cell::number(t.completed as f64, 0),
            Cell::number(t.within_standard as f64, 0),
            rating.percent.map_or_else(|| Cell::text(""), |p| Cell::number(p, 1)),
            Cell::text(words.rating(&rating)),
            t.median_days()
                .map_or_else(|| Cell::text(""), |d| Cell::number(d as f64, 0)),
            Cell::number(t.reopened as f64, 0),
            Cell::number(late.get(&category.id).copied().unwrap_or(0) as f64, 0),
            Cell::text(backlog_on.format("%Y-%m-%d").to_string()),
        ]));
    }
    let area = area_param(&scope).replace(':', "-");
    let filename = match quarter {
        Period::Quarter { fy, q } => format!("{area}-performance-{fy}-q{q}.csv"),
        _ => format!("{area}-performance.csv"),
    };
    Ok((
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{filename}\""),
            ),
        ],
        out,
    )
        .into_response())
}

/// How many quarters the standards page shows, the chosen one last.
const QUARTERS: usize = 5;

/// `/portal/performance/standards`: the last five quarters' percentage within the standard,
/// with its rating and n, by type of problem in an area, or by ward or team.
pub async fn standards(
    State(deps): State<Portal>,
    reader: FiguresReader,
    csrf: Csrf,
    query: Result<Query<PerformanceQuery>, QueryRejection>,
) -> Result<Response, WebError> {
    let council = &deps.council;
    let Some(Choice {
        scope, quarter, rows, ..
    }) = choose(&deps, &reader, query)
    else {
        return Ok(no_wards(council).into_response());
    };
    let mut quarters = vec![quarter];
    while quarters.len() < QUARTERS {
        let earliest = quarters[0].previous();
        quarters.insert(0, earliest);
    }
    // The rows: each category in the area, or each ward or team (all its categories).
    let mut table = Vec::new();
    match rows {
        RowsBy::Category => {
            let figures = Figures::read(&deps, &scope, quarters[0].first_day()).await?;
            let per: Vec<BTreeMap<CategoryId, Tally>> = quarters.iter().map(|q| figures.by_category(*q)).collect();
            for category in &council.categories {
                let cells: Vec<Tally> = per
                    .iter()
                    .map(|m| m.get(&category.id).cloned().unwrap_or_default())
                    .collect();
                if cells.iter().any(|t| !t.is_zero()) {
                    table.push(StandardsRow {
                        name: category.name.get(lang()).to_owned(),
                        link: None,
                        target: category.target,
                        cells,
                    });
                }
            }
        }
        RowsBy::Ward | RowsBy::Team => {
            let areas: Vec<Scope> = reader
                .scopes(council)
                .into_iter()
                .filter(|s| match rows {
                    RowsBy::Ward => matches!(s, Scope::Ward(_)),
                    _ => matches!(s, Scope::Team(_)),
                })
                .collect();
            for area in areas {
                let figures = Figures::read(&deps, &area, quarters[0].first_day()).await?;
                table.push(StandardsRow {
                    name: area_name(council, &area),
                    link: Some(area_param(&area)),
                    target: Default::default(),
                    cells: quarters.iter().map(|q| figures.total(*q)).collect(),
                });
            }
        }
    }
    let choices = reader.scopes(council);
    let page = view::standards(
        council,
        lang().words(),
        &Standards {
            who: (&reader.who, &csrf.token),
            manager: matches!(reader.areas, Areas::Council),
            choices: &choices,
            scope: &scope,
            quarters: &quarters,
            rows_by: rows,
            table,
        },
    );
    Ok(csrf.set_on(page))
}

/// `/portal/performance/map`: where the area's reports of a quarter were, as hexagons over
/// its outline, from the coarse locations the redaction function gives, with the same
/// counts as a table.
pub async fn map(
    State(deps): State<Portal>,
    reader: FiguresReader,
    csrf: Csrf,
    query: Result<Query<PerformanceQuery>, QueryRejection>,
) -> Result<Response, WebError> {
    use shared::domain::MultiPolygon;
    use shared::ports::WardFilter;
    let council = &deps.council;
    let Some(Choice {
        scope,
        quarter,
        category,
        ..
    }) = choose(&deps, &reader, query)
    else {
        return Ok(no_wards(council).into_response());
    };
    let (wards, team) = match &scope {
        Scope::Ward(w) => (council.wards.iter().filter(|x| &x.id == w).collect::<Vec<_>>(), None),
        Scope::Team(t) => (council.wards.iter().collect(), Some(t)),
        Scope::Council => (council.wards.iter().collect(), None),
    };
    let filter = WardFilter {
        category: category.clone(),
        from: Some(crate::ward::london_midnight(quarter.first_day())),
        until: Some(crate::ward::london_midnight(quarter.end())),
        ..WardFilter::default()
    };
    let (mut points, mut unplaced) = (Vec::new(), 0usize);
    for ward in &wards {
        let mut after: Option<String> = None;
        loop {
            let page = deps
                .ward_cases
                .ward_cases(&ward.id, &filter, after.as_deref(), 500)
                .await?;
            for case in page.items.iter().filter(|c| team.is_none_or(|t| &c.team == t)) {
                let item = match &reader.areas {
                    Areas::Wards(me) => councillor_list_item(case, &viewer(me)),
                    Areas::Council => Some(facts_only(case)),
                };
                match item.map(|i| i.coarse_location) {
                    Some(Some(p)) => points.push(p),
                    Some(None) => unplaced += 1,
                    None => {}
                }
            }
            match page.next {
                Some(next) => after = Some(next),
                None => break,
            }
        }
    }
    let outline = MultiPolygon(wards.iter().flat_map(|w| w.outline.0.clone()).collect());
    // About 14 hexagons along a ward's longer side (each a few hundred metres), more for
    // the council; a picture at most 560 units each way.
    let across = if wards.len() > 1 { 24 } else { 14 };
    let hexes = shared::domain::heatmap::hex_bins(&outline, &points, 560.0, across);
    let choices = reader.scopes(council);
    let page = view::map(
        council,
        lang().words(),
        &view::Map {
            who: (&reader.who, &csrf.token),
            choices: &choices,
            scope: &scope,
            quarter,
            category: category.as_ref(),
            hexes: hexes.as_ref(),
            placed: points.len(),
            unplaced,
        },
    );
    Ok(csrf.set_on(page))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_quarter_in_the_address_is_read_and_anything_else_is_not() {
        assert_eq!(quarter_from(Some("2026-3")), Some(Period::Quarter { fy: 2026, q: 3 }));
        for junk in ["2026-5", "2026", "x-1", "99999-1", "2026-0", ""] {
            assert_eq!(quarter_from(Some(junk)), None, "{junk}");
        }
    }

    #[test]
    fn a_quarter_backlog_is_read_on_its_last_day_or_today_while_it_runs() {
        let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).unwrap_or_default();
        let q3 = Period::Quarter { fy: 2026, q: 3 };
        assert_eq!(backlog_day(q3, d(11, 30)), d(11, 30));
        assert_eq!(backlog_day(q3.previous(), d(11, 30)), d(9, 30));
    }
}
