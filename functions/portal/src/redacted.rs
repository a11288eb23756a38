//! What a councillor is shown of a case, rendered: pure functions from the redaction
//! function's output (`shared::domain::redaction`) to the case page and the CSV rows. They
//! take nothing but the view, so what they can show is what the view carries; the
//! property test in `tests/redaction_rendered.rs` runs them over thousands of cases.

use crate::words::short_date;
use maud::{Markup, html};
use shared::config::Council;
use shared::csv::Cell;
use shared::domain::case::Channel;
use shared::domain::redaction::{CouncillorView, FullReason, RedactedCase, SharedDetails, Told, ToldEvent};
use shared::domain::{Capacity, CategoryId, WardId};
use shared::web::components::{status_tag, summary_list};

use crate::views::{HistoryRow, history_table, when};
use crate::words::{lang, words};

/// What the page needs besides the view: facts about the request, none about the resident.
pub struct Shown<'a> {
    /// The case is past its expected date and still open.
    pub late: bool,
    /// The councillor follows it.
    pub following: bool,
    pub csrf: &'a str,
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

/// The body of a councillor's case page (below their navigation).
pub fn case_body(council: &Council, view: &CouncillorView, shown: &Shown<'_>) -> Markup {
    let case = view.case();
    let title = (words().case_title)(case.reference.as_str());
    let follow_form = |follow: bool| {
        html! {
            form method="post" action={ "/portal/cases/" (case.reference) "/follow" } novalidate {
                input type="hidden" name="csrf" value=(shown.csrf);
                input type="hidden" name="action" value=(if follow { "follow" } else { "unfollow" });
                @if follow {
                    button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button" { (words().follow_this_case) }
                } @else {
                    button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button" { (words().stop_following) }
                }
            }
        }
    };
    let mut rows = vec![
        (
            words().status,
            html! { (status_tag(case.status)) @if shown.late { " " strong class="govuk-tag govuk-tag--red" { (words().late) } } },
        ),
        (
            words().type_of_problem,
            html! { (category_name(council, &case.category)) },
        ),
        (words().ward, html! { (ward_name(council, &case.ward)) }),
        (words().reported, html! { (when(case.submitted_at)) }),
        (words().expected_by, html! { (short_date(case.expected_by)) }),
    ];
    let heading = html! {
        span class="govuk-caption-l" { (category_name(council, &case.category)) ", " (ward_name(council, &case.ward)) }
        h1 class="govuk-heading-l" { (title) }
    };
    match view {
        CouncillorView::Full {
            reason,
            logged_as,
            details,
            history,
            ..
        } => {
            match details {
                Some(d) => rows.extend(detail_rows(d)),
                None => rows.push((words().personal_details, html! { (words().removed) })),
            }
            html! {
                (heading)
                div class="govuk-inset-text" {
                    @match (reason, logged_as) {
                        (FullReason::LoggedByThem, Some(Capacity::ForConstituent)) => { (words().you_logged_it_for_a) }
                        (FullReason::LoggedByThem, Some(Capacity::AsResident)) => { (words().you_reported_it_as_a) }
                        _ => { (words().the_resident_agreed_to_share) }
                    }
                }
                // The exact place: the resident shared it (or the councillor logged it).
                @if let Some(pin) = details.as_ref().and_then(|d| d.location.pin) {
                    (crate::views::case_map(&council.map, words().where_it_is, pin, None))
                }
                (summary_list(&rows))
                @if let Some(d) = details {
                    (crate::views::photos(&case.reference, &d.photos))
                }
                (follow_form(!shown.following))
                h2 class="govuk-heading-m" { (words().history) }
                p class="govuk-body" { (words().what_happened_and_what_the) }
                (told_table(council, history))
            }
        }
        CouncillorView::Redacted(r) => {
            if let Some(l) = r.coarse_location {
                rows.push((
                    words().roughly_where,
                    html! { (words().within_about_100_metres_of) (format!("{:.3}, {:.3}", l.lat(), l.lng())) },
                ));
            }
            html! {
                (heading)
                div class="govuk-inset-text" {
                    @if r.registered { (words().the_resident_has_not_agreed) } @else { (words().reported_anonymously) }
                }
                // Only roughly where: a circle of about 100 metres round the coarse location.
                @if let Some(at) = r.coarse_location {
                    (crate::views::case_map(&council.map, words().roughly_where, at, Some(100)))
                }
                (summary_list(&rows))
                (follow_form(!shown.following))
                @if !shown.following { p class="govuk-hint" { (words().follow_without_consent) } }
                h2 class="govuk-heading-m" { (words().history_of_its_status) }
                ol class="govuk-list" {
                    @for (at, status) in r.status_history.iter().rev() {
                        li { span class="govuk-body-s govuk-!-margin-right-2" { (when(*at)) } (lang().words().status(*status)) }
                    }
                }
            }
        }
    }
}

fn detail_rows(d: &SharedDetails) -> Vec<(&'static str, Markup)> {
    vec![
        (
            words().description,
            html! { span style="white-space: pre-wrap;" { (d.description.as_str()) } },
        ),
        (
            words().location,
            html! {
                @if let Some(a) = &d.location.address { (a) br; }
                @if let Some(pin) = d.location.pin { (words().pin_at) (format!("{:.5}, {:.5}", pin.lat(), pin.lng())) }
            },
        ),
        (
            words().reported_by,
            html! {
                @match &d.reporter {
                    Some(r) => { (r.name.as_str()) br; a class="govuk-link" href={ "mailto:" (r.email.as_str()) } { (r.email.as_str()) } @if let Some(phone) = &r.phone { br; (phone.as_str()) } }
                    None => { (words().no_contact_details) }
                }
            },
        ),
    ]
}

fn told_line(council: &Council, what: &Told) -> String {
    match what {
        Told::Reported { channel } => match channel {
            Channel::WebForm => words().reported_web_form.into(),
            Channel::Api => words().reported_api.into(),
            Channel::Open311 => words().reported_open311.into(),
            Channel::Import => words().imported.into(),
            Channel::Councillor => words().logged_by_a_councillor.into(),
        },
        Told::StatusChanged { from, to } => {
            (words().status_from_to)(lang().words().status(*from), lang().words().status(*to))
        }
        Told::Late => words().passed_its_expected_date_resident.into(),
        Told::Reopened => words().reopened_by_the_resident_not.into(),
        Told::Rated { rating } => (words().rated)(*rating),
        Told::DetailsErased => words().personal_details_erased.into(),
        Told::Noted => words().note_to_resident_added.into(),
        Told::Corrected { category, ward } => (words().corrected_to)(
            council
                .category(category)
                .map_or(category.as_str(), |c| c.name.get(lang())),
            council.ward(ward).map_or(ward.as_str(), |w| w.name.get(lang())),
        ),
    }
}

/// The history as the resident was told it, newest first.
fn told_table(council: &Council, history: &[ToldEvent]) -> Markup {
    let rows: Vec<HistoryRow<'_>> = history
        .iter()
        .map(|e| HistoryRow {
            at: e.at,
            actor: &e.actor,
            what: told_line(council, &e.what),
            notes: e
                .note_to_resident
                .iter()
                .map(|n| (words().to_the_resident, n.as_str()))
                .collect(),
        })
        .collect();
    history_table(council, &rows)
}

/// One row of the ward CSV: what a list shows of a case, numbers as numbers, times to the
/// second.
pub fn ward_csv_row(council: &Council, item: &RedactedCase, late: bool) -> Vec<Cell> {
    let (lat, lng) = item.coarse_location.map_or((Cell::text(""), Cell::text("")), |l| {
        (Cell::number(l.lat(), 3), Cell::number(l.lng(), 3))
    });
    vec![
        Cell::text(item.reference.to_string()),
        Cell::text(category_name(council, &item.category)),
        Cell::text(ward_name(council, &item.ward)),
        Cell::text(lang().words().status(item.status)),
        Cell::time(item.submitted_at),
        Cell::text(item.expected_by.to_string()),
        Cell::text(if late { "yes" } else { "no" }),
        lat,
        lng,
    ]
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use shared::config::demo_dir;
    use shared::domain::LatLng;
    use shared::domain::redaction::fixtures;

    #[test]
    fn a_csv_row_keeps_a_longitude_west_of_greenwich_a_number_and_times_to_the_second() {
        let council = Council::load(&demo_dir()).unwrap();
        let mut item = shared::domain::redaction::councillor_list_item(
            &fixtures::case(1, "riverside"),
            &shared::domain::redaction::Councillor {
                id: &fixtures::councillor("amira-patel"),
                wards: &[WardId::parse("riverside").unwrap()],
            },
        )
        .unwrap();
        item.coarse_location = Some(LatLng::new(52.6121, -1.2434).unwrap());
        item.submitted_at += chrono::Duration::nanoseconds(123_456_789);
        let row = shared::csv::typed_row(&ward_csv_row(&council, &item, true));
        assert!(row.ends_with(",52.612,-1.243\r\n"), "{row}");
        assert!(row.contains("\"2026-11-24T10:00:00Z\""), "{row}");
    }
}
