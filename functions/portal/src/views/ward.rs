//! The councillor's lists: every case in their ward, and the cases they follow. Lists
//! show what `councillor_list_item` allows: never anything personal.

use crate::words::short_date;
use chrono::{DateTime, Utc};
use chrono_tz::Europe::London;
use maud::{Markup, html};
use shared::config::Council;
use shared::domain::redaction::{Councillor as Viewer, councillor_list_item};
use shared::domain::{Case, CategoryId, Councillor, Status, WardId};
use shared::ports::WardFilter;
use shared::web::components::{ErrorMessage, SelectOption, TextInput, error_summary, select, status_tag, text_input};

use super::page_at;
use crate::extract::SignedIn;
use crate::words::{lang, words};

pub fn viewer(c: &Councillor) -> Viewer<'_> {
    Viewer {
        id: &c.id,
        wards: &c.wards,
    }
}

fn category_name(council: &Council, id: &CategoryId) -> String {
    council
        .category(id)
        .map_or_else(|| id.to_string(), |c| c.name.get(lang()).to_owned())
}

fn ward_name(council: &Council, id: &WardId) -> String {
    council
        .ward(id)
        .map_or_else(|| id.to_string(), |w| w.name.get(lang()).to_owned())
}

/// A table of cases as a list shows them: nothing personal, whatever the consent.
pub fn case_table(council: &Council, caption: &str, cases: &[Case], me: &Councillor, now: DateTime<Utc>) -> Markup {
    html! {
        div class="wl-table-scroll" role="region" aria-label=(caption) tabindex="0" {
            table class="govuk-table" {
                caption class="govuk-table__caption govuk-visually-hidden" { (caption) }
                thead class="govuk-table__head" {
                    tr class="govuk-table__row" {
                        th scope="col" class="govuk-table__header" { (words().reference) }
                        th scope="col" class="govuk-table__header" { (words().type_of_problem) }
                        th scope="col" class="govuk-table__header" { (words().ward) }
                        th scope="col" class="govuk-table__header" { (words().status) }
                        th scope="col" class="govuk-table__header" { (words().reported) }
                        th scope="col" class="govuk-table__header" { (words().expected_by) }
                    }
                }
                tbody class="govuk-table__body" {
                    @for (case, item) in cases.iter().filter_map(|c| councillor_list_item(c, &viewer(me)).map(|i| (c, i))) {
                        tr class="govuk-table__row" {
                            td class="govuk-table__cell" { a class="govuk-link" href={ "/portal/cases/" (item.reference) } { (item.reference) } }
                            td class="govuk-table__cell" { (category_name(council, &item.category)) }
                            td class="govuk-table__cell" { (ward_name(council, &item.ward)) }
                            td class="govuk-table__cell" { (status_tag(item.status)) }
                            td class="govuk-table__cell" { (short_date(item.submitted_at.with_timezone(&London).date_naive())) }
                            td class="govuk-table__cell" {
                                (short_date(item.expected_by))
                                @if case.is_overdue(now) {
                                    " " strong class="govuk-tag govuk-tag--red" { (words().late) }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The ward list's filters as the page shows them: the choices made, the dates as typed,
/// and what was wrong with them.
pub struct WardSelection {
    pub ward: WardId,
    pub filter: WardFilter,
    pub from: String,
    pub to: String,
    pub after: Option<String>,
    pub errors: Vec<ErrorMessage>,
}

impl WardSelection {
    /// The query string for this selection, starting after `after` (empty: the first page).
    pub fn query(&self, after: &str) -> String {
        let mut pairs = vec![("ward", self.ward.to_string())];
        if let Some(s) = self.filter.status {
            pairs.push(("status", s.as_str().to_owned()));
        }
        if let Some(c) = &self.filter.category {
            pairs.push(("category", c.to_string()));
        }
        if !self.from.is_empty() {
            pairs.push(("from", self.from.clone()));
        }
        if !self.to.is_empty() {
            pairs.push(("to", self.to.clone()));
        }
        if !after.is_empty() {
            pairs.push(("after", after.to_owned()));
        }
        serde_urlencoded::to_string(&pairs).unwrap_or_default()
    }
}

/// Every case in one of the councillor's wards: one page of them, with the filters.
pub fn ward(
    council: &Council,
    who: (&SignedIn, &str),
    me: &Councillor,
    sel: &WardSelection,
    cases: &[Case],
    next: Option<&String>,
    now: DateTime<Utc>,
) -> Markup {
    let this_ward = ward_name(council, &sel.ward);
    let ward_options: Vec<SelectOption<'_>> = me
        .wards
        .iter()
        .filter_map(|w| council.ward(w))
        .map(SelectOption::from)
        .collect();
    let status_options: Vec<SelectOption<'_>> = Status::ALL.iter().map(SelectOption::from).collect();
    let category_options: Vec<SelectOption<'_>> = council.categories.iter().map(SelectOption::from).collect();
    let err = |id: &str| sel.errors.iter().find(|e| e.id == id).map(|e| e.message.clone());
    let filtered = sel.filter != WardFilter::default();
    let title = (words().cases_in)(&this_ward);
    let body = html! {
        (error_summary(&sel.errors))
        h1 class="govuk-heading-l" { (title) }
        p class="govuk-body" { (words().every_case_reported_in_the) }
        form method="get" action="/portal/ward" class="govuk-!-margin-bottom-6" novalidate {
            div class="govuk-grid-row" {
                @if ward_options.len() > 1 {
                    div class="govuk-grid-column-one-quarter" { (select("ward", words().ward, None, words().choose_a_ward, &ward_options, sel.ward.as_str(), None)) }
                } @else {
                    input type="hidden" name="ward" value=(sel.ward);
                }
                div class="govuk-grid-column-one-quarter" { (select("status", words().status, None, words().any_status, &status_options, sel.filter.status.map_or("", |s| s.as_str()), None)) }
                div class="govuk-grid-column-one-quarter" { (select("category", words().type_of_problem, None, words().any, &category_options, sel.filter.category.as_ref().map_or("", |c| c.as_str()), None)) }
            }
            div class="govuk-grid-row" {
                div class="govuk-grid-column-one-quarter" {
                    (text_input(&TextInput { value: &sel.from, error: err("from").as_deref(), kind: "date", ..TextInput::new("from", words().reported_from) }))
                }
                div class="govuk-grid-column-one-quarter" {
                    (text_input(&TextInput { value: &sel.to, error: err("to").as_deref(), kind: "date", ..TextInput::new("to", words().reported_to) }))
                }
            }
            button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button" { (words().apply_filters) }
        }
        @if cases.is_empty() {
            p class="govuk-body" {
                @if filtered || sel.after.is_some() { (words().no_cases_match_these_filters) } @else { (words().no_cases_have_been_reported) (this_ward) (words().yet) }
            }
        } @else {
            (case_table(council, &title, cases, me, now))
            p class="govuk-body" { a class="govuk-link" href={ "/portal/ward.csv?" (sel.query("")) } download { (words().download_these_cases_csv) } }
        }
        nav class="govuk-pagination govuk-pagination--block" aria-label=(words().pages) {
            @if sel.after.is_some() {
                div class="govuk-pagination__prev" {
                    a class="govuk-link govuk-pagination__link" href={ "/portal/ward?" (sel.query("")) } { span class="govuk-pagination__link-title" { (words().first_page) } }
                }
            }
            @if let Some(next) = next {
                div class="govuk-pagination__next" {
                    a class="govuk-link govuk-pagination__link" href={ "/portal/ward?" (sel.query(next)) } rel="next" { span class="govuk-pagination__link-title" { (words().next_page) } }
                }
            }
        }
    };
    page_at(
        "/portal/ward",
        &title,
        &council.name,
        Some(who),
        !sel.errors.is_empty(),
        body,
    )
}

/// The cases the councillor logged or follows.
pub fn following(
    council: &Council,
    who: (&SignedIn, &str),
    me: &Councillor,
    cases: &[Case],
    after: Option<&String>,
    next: Option<&String>,
    now: DateTime<Utc>,
) -> Markup {
    let body = html! {
        h1 class="govuk-heading-l" { (words().cases_i_follow) }
        p class="govuk-body" { (words().the_cases_you_logged_and) }
        @if cases.is_empty() {
            p class="govuk-body" {
                @if after.is_some() { (words().there_are_no_more_cases) }
                @else { (words().you_do_not_follow_any) }
            }
        } @else {
            (case_table(council, words().cases_i_follow, cases, me, now))
        }
        nav class="govuk-pagination govuk-pagination--block" aria-label=(words().pages) {
            @if after.is_some() {
                div class="govuk-pagination__prev" {
                    a class="govuk-link govuk-pagination__link" href="/portal/following" { span class="govuk-pagination__link-title" { (words().first_page) } }
                }
            }
            @if let Some(next) = next {
                div class="govuk-pagination__next" {
                    a class="govuk-link govuk-pagination__link" href={ "/portal/following?" (serde_urlencoded::to_string([("after", next)]).unwrap_or_default()) } rel="next" { span class="govuk-pagination__link-title" { (words().next_page) } }
                }
            }
        }
    };
    page_at(
        "/portal/following",
        words().cases_i_follow,
        &council.name,
        Some(who),
        false,
        body,
    )
}

/// For a councillor the configuration gives no ward.
pub fn no_wards(council: &Council) -> Markup {
    super::message(
        words().you_have_no_ward,
        &council.name,
        &[words().no_ward_configured],
        Some(("/portal/following", words().see_the_cases_you_follow)),
    )
}
