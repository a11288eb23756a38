//! `/portal/performance`: a councillor's ward against the service standards, by quarter,
//! from the stored figures (the reads follow the quarter's buckets, never the cases).

use std::collections::BTreeMap;

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use serde::Deserialize;
use shared::domain::performance::{Period, Tally};
use shared::domain::{CategoryId, Councillor, WardId};
use shared::ports::Scope;
use shared::web::WebError;
use shared::web::csrf::Csrf;

use crate::extract::CouncillorUser;
use crate::views::chart::Bar;
use crate::views::performance::{self as view, Dashboard, Row};
use crate::views::ward::no_wards;
use crate::{Portal, ignore_empty};

#[derive(Deserialize, Default)]
pub struct PerformanceQuery {
    ward: Option<String>,
    /// `2026-3`: the financial year it starts in, and the quarter.
    quarter: Option<String>,
}

fn quarter_from(text: Option<&str>) -> Option<Period> {
    let (fy, q) = text?.split_once('-')?;
    let (fy, q): (i32, u8) = (fy.parse().ok()?, q.parse().ok()?);
    ((2000..=2100).contains(&fy) && (1..=4).contains(&q)).then_some(Period::Quarter { fy, q })
}

/// What a request asks for, with today's date in London.
struct Choice {
    ward: WardId,
    quarter: Period,
    today: NaiveDate,
}

/// The ward (one of the councillor's) and the quarter asked for. Unknown values (an edited
/// address) mean "your first ward" and "this quarter"; `None` for a councillor with no wards.
fn choose(deps: &Portal, me: &Councillor, query: Result<Query<PerformanceQuery>, QueryRejection>) -> Option<Choice> {
    let q = query.map(|Query(q)| q).unwrap_or_default();
    let ward = ignore_empty(&q.ward)
        .and_then(|w| WardId::parse(w).ok())
        .filter(|w| me.wards.contains(w))
        .or_else(|| me.wards.first().cloned())?;
    let today = deps.clock.now().with_timezone(&chrono_tz::Europe::London).date_naive();
    let quarter = quarter_from(ignore_empty(&q.quarter)).unwrap_or_else(|| Period::quarter_of(today));
    Some(Choice { ward, quarter, today })
}

/// Each category's figures for a quarter, summed over its buckets.
async fn by_category(deps: &Portal, scope: &Scope, quarter: Period) -> Result<BTreeMap<CategoryId, Tally>, WebError> {
    let mut out: BTreeMap<CategoryId, Tally> = BTreeMap::new();
    for (category, _, t) in deps.tallies.tallies(scope, quarter.first_day(), quarter.end()).await? {
        out.entry(category).or_default().add(&t);
    }
    Ok(out)
}

pub async fn dashboard(
    State(deps): State<Portal>,
    user: CouncillorUser,
    csrf: Csrf,
    query: Result<Query<PerformanceQuery>, QueryRejection>,
) -> Result<Response, WebError> {
    let council = &deps.council;
    let me = &user.me;
    let Some(Choice { ward, quarter, today }) = choose(&deps, me, query) else {
        return Ok(no_wards(council).into_response());
    };
    let scope = Scope::Ward(ward.clone());
    let now = by_category(&deps, &scope, quarter).await?;
    let before = by_category(&deps, &scope, quarter.previous()).await?;
    let mut total = Row {
        category: None,
        now: Tally::default(),
        before: Tally::default(),
        target: Default::default(),
    };
    let mut rows = Vec::new();
    for category in &council.categories {
        let row = Row {
            category: Some(category.id.clone()),
            now: now.get(&category.id).cloned().unwrap_or_default(),
            before: before.get(&category.id).cloned().unwrap_or_default(),
            target: category.target,
        };
        total.now.add(&row.now);
        total.before.add(&row.before);
        if !row.now.is_zero() {
            rows.push(row);
        }
    }
    // The last 13 weeks, this one included: one read of their buckets.
    let this_week = Period::week_of(today);
    let weeks: Vec<Period> = (0..13u64)
        .rev()
        .map(|i| Period::Week(this_week.first_day() - chrono::Days::new(7 * i)))
        .collect();
    let mut weekly: Vec<Bar> = weeks
        .iter()
        .map(|p| Bar {
            label: shared::copy::en().period(*p),
            value: 0,
        })
        .collect();
    for (_, bucket, t) in deps
        .tallies
        .tallies(&scope, weeks[0].first_day(), this_week.end())
        .await?
    {
        if let Some(i) = weeks.iter().position(|p| p.contains(bucket)) {
            weekly[i].value += t.new;
        }
    }
    let page = view::dashboard(
        council,
        shared::copy::en(),
        &Dashboard {
            who: (&user.who, &csrf.token),
            me,
            ward: &ward,
            quarter,
            total,
            rows,
            weekly,
        },
    );
    Ok(csrf.set_on(page))
}

/// `/portal/performance.csv`: the same quarter's figures by type of problem, for a
/// spreadsheet. Counts only.
pub async fn dashboard_csv(
    State(deps): State<Portal>,
    user: CouncillorUser,
    query: Result<Query<PerformanceQuery>, QueryRejection>,
) -> Result<Response, WebError> {
    use axum::http::{StatusCode, header};
    use shared::csv::Cell;
    let council = &deps.council;
    let Some(Choice { ward, quarter, .. }) = choose(&deps, &user.me, query) else {
        return Ok(no_wards(council).into_response());
    };
    let figures = by_category(&deps, &Scope::Ward(ward.clone()), quarter).await?;
    let words = shared::copy::en();
    let mut out = shared::csv::row(&[
        "quarter",
        "ward",
        "type_of_problem",
        "reports_received",
        "completed",
        "completed_within_standard",
        "percent_within_standard",
        "rating",
        "median_working_days",
        "reopened",
    ]);
    for category in &council.categories {
        let t = figures.get(&category.id).cloned().unwrap_or_default();
        let rating = shared::domain::performance::rate(&t, category.target);
        out.push_str(&shared::csv::typed_row(&[
            Cell::text(words.period(quarter)),
            Cell::text(ward.as_str()),
            Cell::text(category.name.as_str()),
            Cell::number(t.new as f64, 0),
            Cell::number(t.completed as f64, 0),
            Cell::number(t.within_standard as f64, 0),
            rating.percent.map_or_else(|| Cell::text(""), |p| Cell::number(p, 1)),
            Cell::text(words.rating(&rating)),
            t.median_days()
                .map_or_else(|| Cell::text(""), |d| Cell::number(d as f64, 0)),
            Cell::number(t.reopened as f64, 0),
        ]));
    }
    let filename = match quarter {
        Period::Quarter { fy, q } => format!("{ward}-performance-{fy}-q{q}.csv"),
        _ => format!("{ward}-performance.csv"),
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
}
