//! Service requests: posting one (a case, through the same submission as the form) and
//! reading them back, with nothing personal in what is read.

use std::collections::VecDeque;

use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::{StatusCode, Uri};
use axum::response::Response;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use shared::config::Council;
use shared::domain::case::Channel;
use shared::domain::report::Field;
use shared::domain::{Case, CaseRef, CategoryId, ReportInput};
use shared::ports::WardFilter;
use shared::submission::{Origin, SubmitError, submit};

use crate::format::{Document, Node, Open311Error};
use crate::services::WARD_ATTRIBUTE;
use crate::{Open311, Params, file_of, keys, respond, w3c};

/// The spec's default and largest window, and most requests in one answer.
pub const WINDOW: Duration = Duration::days(90);
pub const MAX_REQUESTS: usize = 1000;
/// At most this many ids in one `service_request_id` list.
pub const MAX_IDS: usize = 200;
/// Cases read from each ward's list at a time while merging them newest first.
const WARD_PAGE: usize = 100;
/// Cases examined at most to answer one search filtered by status (the rest are not read).
pub const MAX_EXAMINED: usize = 10_000;
/// The longest `media_url` kept.
const MEDIA_URL_MAX: usize = 1000;

/// One request as anyone may read it: no description, no reporter, no address, and the
/// ~100 m location the councillors' anonymised view shows.
pub(crate) fn request_node(council: &Council, case: &Case) -> Node {
    let category = council.category(&case.category);
    let updated = case.updated_at.or(case.closed_at).unwrap_or(case.submitted_at);
    let (lat, long) = match case.coarse_location {
        Some(p) => (Node::number(p.lat()), Node::number(p.lng())),
        None => (Node::Null, Node::Null),
    };
    Node::Obj(vec![
        ("service_request_id", Node::text(case.reference.as_str())),
        (
            "status",
            Node::text(if case.status.is_open() { "open" } else { "closed" }),
        ),
        (
            "status_notes",
            Node::text(council.default_lang().words().status(case.status)),
        ),
        (
            "service_name",
            Node::text(category.map_or(case.category.as_str(), |c| c.name.get(council.default_lang()))),
        ),
        ("service_code", Node::text(case.category.as_str())),
        // What the resident wrote may name or place them: never read out.
        ("description", Node::Null),
        (
            "agency_responsible",
            Node::text(
                council
                    .team(&case.team)
                    .map_or(case.team.as_str(), |t| t.name.get(council.default_lang())),
            ),
        ),
        ("service_notice", Node::Null),
        ("requested_datetime", Node::text(w3c(case.submitted_at))),
        ("updated_datetime", Node::text(w3c(updated))),
        (
            "expected_datetime",
            Node::text(w3c(case.overdue_from - Duration::seconds(1))),
        ),
        ("address", Node::Null),
        ("address_id", Node::Null),
        ("zipcode", Node::Null),
        ("lat", lat),
        ("long", long),
        ("media_url", Node::Null),
    ])
}

/// What the service promises, in words: "Within 10 working days, by Tuesday 15 December
/// 2026." and the type's next steps.
fn service_notice(council: &Council, category: &CategoryId, expected_by: NaiveDate) -> String {
    let Some(c) = council.category(category) else {
        return String::new();
    };
    format!(
        "Within {} working day{}, by {}. {}",
        c.standard.working_days,
        if c.standard.working_days == 1 { "" } else { "s" },
        expected_by.format("%A %-d %B %Y"),
        c.next_steps.get(council.default_lang())
    )
}

/// The Open311 parameter a report field came from.
fn param_of(field: Field) -> &'static str {
    match field {
        Field::Category => "service_code",
        Field::Description => "description",
        Field::Pin => "lat",
        Field::Address => "address_string",
        Field::Ward => "attribute[ward]",
        Field::Reporting | Field::Email => "email",
        Field::Name => "first_name",
        Field::Phone => "phone",
        Field::ShareWithCouncillor | Field::Website => "request",
        Field::Photos => "media_url",
    }
}

/// `POST requests.{xml,json}`: a client with a key reports a problem for a resident.
pub(crate) async fn create(deps: &Open311, params: &Params) -> Result<Document, Open311Error> {
    let client = keys::admit(deps, params).await?;
    let council = &deps.council;
    let code = params
        .get("service_code")
        .ok_or_else(|| Open311Error::bad_request("service_code was not provided"))?;
    let service = CategoryId::parse(code)
        .ok()
        .filter(|id| council.category(id).is_some())
        .ok_or_else(|| Open311Error::not_found(format!("service_code {code} not found")))?;
    let (lat, long, address) = (params.get("lat"), params.get("long"), params.get("address_string"));
    if lat.is_none() && long.is_none() && address.is_none() {
        return Err(Open311Error::bad_request(if params.get("address_id").is_some() {
            "address_id is not used here: send lat and long, or address_string with attribute[ward]"
        } else {
            "A location was not provided: send lat and long, or address_string with attribute[ward]"
        }));
    }
    let media_url = match params.get("media_url") {
        None => None,
        Some(u) if (u.starts_with("https://") || u.starts_with("http://")) && u.len() <= MEDIA_URL_MAX => {
            Some(u.to_owned())
        }
        Some(_) => {
            return Err(Open311Error::bad_request(format!(
                "media_url must be an http or https address of at most {MEDIA_URL_MAX} characters"
            )));
        }
    };
    // With an email address the resident is registered (acknowledged, told when it is late
    // and done); without one the report is anonymous and keeps no name or phone.
    let email = params.get("email");
    let name = [params.get("first_name"), params.get("last_name")]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    let input = ReportInput {
        category: Some(code.to_owned()),
        description: params.get("description").map(str::to_owned),
        lat: lat.map(str::to_owned),
        lng: long.map(str::to_owned),
        address: address.map(str::to_owned),
        ward: params.get(&format!("attribute[{WARD_ATTRIBUTE}]")).map(str::to_owned),
        reporting: Some(if email.is_some() { "registered" } else { "anonymous" }.into()),
        name: email.map(|_| name),
        email: email.map(str::to_owned),
        phone: email.and(params.get("phone")).map(str::to_owned),
        // Never from here: consent is given on our page, where our notice is shown.
        share_with_councillor: None,
        website: None,
    };
    let origin = Origin {
        channel: Channel::Open311,
        consent_channel: shared::domain::consent::ConsentChannel::Api,
        logged_by: None,
        internal_note: media_url.map(|u| format!("Photo or file sent by {} (media_url): {u}", client.name)),
        // The resident's emails: the council's first language (Open311 carries none).
        lang: deps.council.default_lang(),
    };
    let submitted = submit(deps.submitter(), &input, &origin, None)
        .await
        .map_err(|e| match e {
            SubmitError::Invalid(errors) => Open311Error {
                status: StatusCode::BAD_REQUEST,
                errors: errors
                    .into_iter()
                    .map(|e| {
                        (
                            400,
                            format!(
                                "{}: {}",
                                param_of(e.field),
                                council.default_lang().words().problem(e.problem)
                            ),
                        )
                    })
                    .collect(),
            },
            SubmitError::KeyReused => Open311Error::bad_request("The request was already made"),
            SubmitError::Store(e) => e.into(),
        })?;
    tracing::info!(client = %client.id, case = %submitted.reference, "open311 request stored");
    Ok(Document::new(
        "service_requests",
        Node::List(
            "request",
            vec![Node::Obj(vec![
                ("service_request_id", Node::text(submitted.reference.as_str())),
                (
                    "service_notice",
                    Node::text(service_notice(council, &service, submitted.expected_by)),
                ),
                ("account_id", Node::Null),
            ])],
        ),
    ))
}

/// `GET requests/{id}.{xml,json}`.
pub async fn one(State(deps): State<Open311>, uri: Uri, file: Result<Path<String>, PathRejection>) -> Response {
    let (id, format) = match file_of(file) {
        Ok(f) => f,
        Err(e) => return e.respond(crate::Format::Xml),
    };
    let result = async {
        Params::of_query(&uri)?.check_jurisdiction(&deps.council)?;
        let not_found = || Open311Error::not_found(format!("service_request_id {id} not found"));
        let reference = CaseRef::parse(&id).map_err(|_| not_found())?;
        let record = deps.reader.case(&reference).await?.ok_or_else(not_found)?;
        Ok(Document::new(
            "service_requests",
            Node::List("request", vec![request_node(&deps.council, &record.case)]),
        ))
    }
    .await;
    respond(result, format)
}

/// A `start_date` or `end_date`: a W3C date and time with its offset (a bare date is taken
/// as midnight in London).
pub(crate) fn parse_time(name: &str, value: &str) -> Result<DateTime<Utc>, Open311Error> {
    if let Ok(t) = DateTime::parse_from_rfc3339(value) {
        return Ok(t.with_timezone(&Utc));
    }
    if let Ok(d) = NaiveDate::parse_from_str(value, "%Y-%m-%d") {
        return Ok(shared::domain::calendar::london_midnight(d));
    }
    Err(Open311Error::bad_request(format!(
        "{name} must be a date and time with its offset, like 2026-11-30T09:00:00Z"
    )))
}

/// The window a search covers: 90 days ending now unless the client says otherwise, and
/// never more than 90 days.
pub(crate) fn window(params: &Params, now: DateTime<Utc>) -> Result<(DateTime<Utc>, DateTime<Utc>), Open311Error> {
    let start = params
        .get("start_date")
        .map(|v| parse_time("start_date", v))
        .transpose()?;
    let end = params.get("end_date").map(|v| parse_time("end_date", v)).transpose()?;
    // The end is left out of the window: "until now" takes in what happened this second.
    let now = now + Duration::seconds(1);
    let (start, end) = match (start, end) {
        (Some(s), Some(e)) => (s, e),
        (Some(s), None) => (s, (s + WINDOW).min(now)),
        (None, Some(e)) => (e - WINDOW, e),
        (None, None) => (now - WINDOW, now),
    };
    if end < start {
        return Err(Open311Error::bad_request("end_date is before start_date"));
    }
    if end - start > WINDOW {
        return Err(Open311Error::bad_request(
            "start_date and end_date may be at most 90 days apart",
        ));
    }
    Ok((start, end))
}

/// Which of open and closed a search wants.
fn statuses(params: &Params) -> Result<(bool, bool), Open311Error> {
    let Some(list) = params.get("status") else {
        return Ok((true, true));
    };
    let (mut open, mut closed) = (false, false);
    for s in list.split(',').map(str::trim).filter(|s| !s.is_empty()) {
        match s.to_ascii_lowercase().as_str() {
            "open" => open = true,
            "closed" => closed = true,
            _ => return Err(Open311Error::bad_request(format!("status {s} is not open or closed"))),
        }
    }
    Ok((open, closed))
}

/// `GET requests.{xml,json}`: by ids, or the newest 1,000 reported in a window of at most
/// 90 days (the last 90 by default), of one service and of open or closed ones if asked.
pub(crate) async fn search(deps: &Open311, params: &Params) -> Result<Document, Open311Error> {
    let council = &deps.council;
    let cases = if let Some(ids) = params.get("service_request_id") {
        // The spec: a list of ids overrides every other parameter.
        let ids: Vec<&str> = ids.split(',').map(str::trim).filter(|s| !s.is_empty()).collect();
        if ids.len() > MAX_IDS {
            return Err(Open311Error::bad_request(format!(
                "service_request_id may list at most {MAX_IDS} requests"
            )));
        }
        let mut found = Vec::new();
        for id in ids {
            if let Ok(reference) = CaseRef::parse(id)
                && let Some(record) = deps.reader.case(&reference).await?
            {
                found.push(record.case);
            }
        }
        found
    } else {
        let category = match params.get("service_code") {
            None => None,
            Some(code) => Some(
                CategoryId::parse(code)
                    .ok()
                    .filter(|id| council.category(id).is_some())
                    .ok_or_else(|| Open311Error::not_found(format!("service_code {code} not found")))?,
            ),
        };
        let (start, end) = window(params, deps.clock.now())?;
        let (open, closed) = statuses(params)?;
        let filter = WardFilter {
            status: None,
            category,
            from: Some(start),
            until: Some(end),
        };
        newest_across_wards(deps, &filter, |c| if c.status.is_open() { open } else { closed }).await?
    };
    Ok(Document::new(
        "service_requests",
        Node::List("request", cases.iter().map(|c| request_node(council, c)).collect()),
    ))
}

/// One ward's list, read a page at a time.
struct WardStream<'a> {
    ward: &'a shared::domain::WardId,
    buffered: VecDeque<Case>,
    next: Option<String>,
    exhausted: bool,
}

/// The newest [`MAX_REQUESTS`] cases of every ward that `keep` keeps: each ward's list
/// (newest first) read a page at a time and merged, so what is read follows what is
/// returned (plus a page a ward), not the council's size.
async fn newest_across_wards(
    deps: &Open311,
    filter: &WardFilter,
    keep: impl Fn(&Case) -> bool,
) -> Result<Vec<Case>, Open311Error> {
    let mut streams: Vec<WardStream<'_>> = deps
        .council
        .wards
        .iter()
        .map(|w| WardStream {
            ward: &w.id,
            buffered: VecDeque::new(),
            next: None,
            exhausted: false,
        })
        .collect();
    let mut out = Vec::new();
    let mut examined = 0;
    while out.len() < MAX_REQUESTS && examined < MAX_EXAMINED {
        for s in streams.iter_mut().filter(|s| s.buffered.is_empty() && !s.exhausted) {
            let page = deps
                .ward_cases
                .ward_cases(s.ward, filter, s.next.as_deref(), WARD_PAGE)
                .await?;
            s.buffered.extend(page.items);
            s.exhausted = page.next.is_none();
            s.next = page.next;
        }
        let newest = streams
            .iter_mut()
            .filter_map(|s| {
                s.buffered
                    .front()
                    .map(|c| (c.submitted_at, c.reference.clone()))
                    .zip(Some(s))
            })
            .max_by(|(a, _), (b, _)| a.cmp(b));
        let Some((_, stream)) = newest else {
            break;
        };
        let Some(case) = stream.buffered.pop_front() else {
            break;
        };
        examined += 1;
        if keep(&case) {
            out.push(case);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(q: &str) -> Params {
        Params::parse(q.as_bytes()).unwrap()
    }

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn the_window_is_the_last_90_days_unless_asked_and_never_longer() {
        let now = at("2026-11-30T12:00:00Z");
        let end = at("2026-11-30T12:00:01Z");
        assert_eq!(window(&params(""), now).unwrap(), (end - WINDOW, end));
        assert_eq!(
            window(&params("start_date=2026-11-01T00:00:00Z"), now).unwrap(),
            (at("2026-11-01T00:00:00Z"), end)
        );
        assert_eq!(
            window(&params("end_date=2026-10-01T00:00:00%2B01:00"), now).unwrap(),
            (at("2026-09-30T23:00:00Z") - WINDOW, at("2026-09-30T23:00:00Z"))
        );
        let too_long = window(
            &params("start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z"),
            now,
        )
        .unwrap_err();
        assert_eq!(too_long.status, StatusCode::BAD_REQUEST);
        assert!(too_long.errors[0].1.contains("90 days"));
        assert!(
            window(&params("start_date=yesterday"), now).unwrap_err().errors[0]
                .1
                .contains("start_date")
        );
        assert!(
            window(
                &params("start_date=2026-11-02T00:00:00Z&end_date=2026-11-01T00:00:00Z"),
                now
            )
            .unwrap_err()
            .errors[0]
                .1
                .contains("before")
        );
        // A bare date is midnight in London (BST in summer).
        assert_eq!(
            parse_time("start_date", "2026-07-01").unwrap(),
            at("2026-06-30T23:00:00Z")
        );
    }

    #[test]
    fn status_is_open_closed_or_both() {
        assert_eq!(statuses(&params("")).unwrap(), (true, true));
        assert_eq!(statuses(&params("status=open")).unwrap(), (true, false));
        assert_eq!(statuses(&params("status=closed,OPEN")).unwrap(), (true, true));
        assert!(statuses(&params("status=fixed")).is_err());
    }
}
