//! The officers' team queue.

use crate::words::short_date;
use chrono::{DateTime, Utc};
use maud::{Markup, html};
use shared::config::Council;
use shared::domain::{Case, Status, TeamId};
use shared::ports::{Page, QueueFilter};
use shared::web::components::{SelectOption, select, status_tag};

use super::page_at;
use crate::extract::SignedIn;
use crate::words::{lang, words};

/// The status filter's value for "any fixed or closed status" (not a status name).
pub const ANY_CLOSED: &str = "any-closed";

/// What the queue page shows: one page of a team's open cases, and the filters that chose it.
pub struct Queue<'a> {
    pub who: &'a SignedIn,
    pub csrf: &'a str,
    pub team: &'a TeamId,
    pub filter: &'a QueueFilter,
    pub after: Option<&'a str>,
    pub page_result: &'a Page<Case>,
    pub now: DateTime<Utc>,
    /// A case just moved to another team: its reference and the team.
    pub moved: Option<(&'a str, &'a str)>,
}

pub fn queue(council: &Council, q: &Queue<'_>) -> Markup {
    let (team, filter, after, page_result, now, who) = (q.team, q.filter, q.after, q.page_result, q.now, q.who);
    let team_name = council.team(team).map_or(team.as_str(), |t| t.name.get(lang()));
    let filtered = *filter != QueueFilter::default();
    let query_for = |after: &str| {
        let mut pairs = vec![("team", team.to_string())];
        if let Some(s) = filter.status {
            pairs.push(("status", s.as_str().to_owned()));
        } else if filter.closed {
            pairs.push(("status", ANY_CLOSED.to_owned()));
        }
        if let Some(c) = &filter.category {
            pairs.push(("category", c.to_string()));
        }
        if let Some(w) = &filter.ward {
            pairs.push(("ward", w.to_string()));
        }
        if !after.is_empty() {
            pairs.push(("after", after.to_owned()));
        }
        format!(
            "/portal/queue?{}",
            serde_urlencoded::to_string(&pairs).unwrap_or_default()
        )
    };
    // Only the teams this officer may work: their own, or every team with `all_teams`.
    let team_options: Vec<SelectOption<'_>> = council
        .teams
        .iter()
        .filter(|t| who.role.may_work(&t.id))
        .map(SelectOption::from)
        .collect();
    // The open statuses, then "any fixed or closed", then each closed one.
    let mut status_options: Vec<SelectOption<'_>> = Status::ALL
        .iter()
        .filter(|s| s.is_open())
        .map(SelectOption::from)
        .collect();
    status_options.push(SelectOption {
        value: ANY_CLOSED,
        text: words().any_fixed_or_closed_status,
    });
    status_options.extend(Status::ALL.iter().filter(|s| !s.is_open()).map(SelectOption::from));
    let status_chosen = match filter.status {
        Some(s) => s.as_str(),
        None if filter.closed => ANY_CLOSED,
        None => "",
    };
    let closed = filter.closed;
    let category_options: Vec<SelectOption<'_>> = council
        .categories
        .iter()
        .filter(|c| &c.team == team)
        .map(SelectOption::from)
        .collect();
    let ward_options: Vec<SelectOption<'_>> = council.wards.iter().map(SelectOption::from).collect();
    let body = html! {
        @if let Some((reference, team)) = q.moved {
            div class="govuk-notification-banner govuk-notification-banner--success" role="alert" aria-labelledby="moved-title" data-module="govuk-notification-banner" {
                div class="govuk-notification-banner__header" {
                    h2 class="govuk-notification-banner__title" id="moved-title" { (words().success) }
                }
                div class="govuk-notification-banner__content" {
                    p class="govuk-notification-banner__heading" { (reference) ": " ((words().case_moved)(team)) }
                }
            }
        }
        h1 class="govuk-heading-l" { (team_name) (words().queue) }
        p class="govuk-body" { @if closed { (words().closed_cases_the_most_recent) } @else { (words().open_cases_the_one_due) } }
        form method="get" action="/portal/queue" class="govuk-!-margin-bottom-6" {
            div class="govuk-grid-row" {
                @if team_options.len() > 1 {
                    div class="govuk-grid-column-one-quarter" { (select("team", words().team, None, words().your_team, &team_options, team.as_str(), None)) }
                } @else {
                    input type="hidden" name="team" value=(team);
                }
                div class="govuk-grid-column-one-quarter" { (select("status", words().status, None, words().any_open_status, &status_options, status_chosen, None)) }
                div class="govuk-grid-column-one-quarter" { (select("category", words().type_of_problem, None, words().any, &category_options, filter.category.as_ref().map_or("", |c| c.as_str()), None)) }
                div class="govuk-grid-column-one-quarter" { (select("ward", words().ward, None, words().any_ward, &ward_options, filter.ward.as_ref().map_or("", |w| w.as_str()), None)) }
            }
            button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button" { (words().apply_filters) }
        }
        @if page_result.items.is_empty() {
            p class="govuk-body" {
                @if closed {
                    @if filter.status.is_some() || filter.category.is_some() || filter.ward.is_some() || after.is_some() { (words().no_closed_cases_match_these) } @else { (words().there_are_no_closed_cases) }
                } @else if filtered || after.is_some() { (words().no_open_cases_match_these) } @else { (words().there_are_no_open_cases) }
            }
        } @else {
            div class="wl-table-scroll" role="region" aria-label={ (team_name) (words().queue) } tabindex="0" {
                table class="govuk-table" {
                    caption class="govuk-table__caption govuk-visually-hidden" { (team_name) (words().queue) }
                    thead class="govuk-table__head" {
                        tr class="govuk-table__row" {
                            th scope="col" class="govuk-table__header" { (words().reference) }
                            th scope="col" class="govuk-table__header" { (words().type_of_problem) }
                            th scope="col" class="govuk-table__header" { (words().ward) }
                            th scope="col" class="govuk-table__header" { (words().status) }
                            th scope="col" class="govuk-table__header" { @if closed { (words().closed_on) } @else { (words().expected_by) } }
                        }
                    }
                    tbody class="govuk-table__body" {
                        @for c in &page_result.items {
                            tr class="govuk-table__row" {
                                td class="govuk-table__cell" { a class="govuk-link" href={ "/portal/cases/" (c.reference) } { (c.reference) } }
                                td class="govuk-table__cell" { (council.category(&c.category).map_or(c.category.as_str(), |x| x.name.get(lang()))) }
                                td class="govuk-table__cell" { (council.ward(&c.ward).map_or(c.ward.as_str(), |x| x.name.get(lang()))) }
                                td class="govuk-table__cell" { (status_tag(c.status)) }
                                td class="govuk-table__cell" {
                                    @if let (true, Some(at)) = (closed, c.closed_at) {
                                        (short_date(shared::dates::london_day(at)))
                                    } @else {
                                        (short_date(c.expected_by))
                                        @if c.is_overdue(now) { " " strong class="govuk-tag govuk-tag--red" { (words().late) } }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        nav class="govuk-pagination govuk-pagination--block" aria-label=(words().pages) {
            @if after.is_some() {
                div class="govuk-pagination__prev" {
                    a class="govuk-link govuk-pagination__link" href=(query_for("")) { span class="govuk-pagination__link-title" { (words().first_page) } }
                }
            }
            @if let Some(next) = &page_result.next {
                div class="govuk-pagination__next" {
                    a class="govuk-link govuk-pagination__link" href=(query_for(next)) rel="next" { span class="govuk-pagination__link-title" { (words().next_page) } }
                }
            }
        }
    };
    page_at(
        "/portal/queue",
        &format!("{team_name} queue"),
        &council.name,
        Some((who, q.csrf)),
        false,
        body,
    )
}
