//! Officers' changes to a case, as use cases the portal's handlers call: what the change
//! stores, and whom it tells, in one [`CaseChange`] the store applies in one transaction.

use chrono::{DateTime, Duration, Utc};

use crate::config::Council;
use crate::domain::case::REOPEN_WINDOW;
use crate::domain::{
    Actor, Case, CaseEvent, CaseEventKind, CaseRecord, CouncillorId, Status, TransitionError, WorkingCalendar,
};
use crate::notice::{CaseFacts, CaseNews, Completion, Notice, StatusUpdate};
use crate::ports::{CaseChange, OutboxMessage, TallyChange};
use crate::signing::Signer;
use crate::{links, news};

/// The longest note an officer may write.
pub const NOTE_MAX: usize = 2000;
/// How long the links in a completion email work (the reopen window itself is 28 days).
pub const FEEDBACK_LINK_DAYS: i64 = 90;

/// An officer moving a case to a new status, with what they wrote.
pub struct StatusChange<'a> {
    pub officer: &'a str,
    pub to: Status,
    /// Sent to the resident with the new status (if they can be emailed), and shown in the
    /// history to officers and to councillors who may see the case whole.
    pub note_to_resident: Option<String>,
    /// For officers only.
    pub internal_note: Option<String>,
}

/// The change to store: the case at its new status, the event, and the emails to the
/// resident and to every councillor following the case (what a councillor's email may say
/// of the resident is decided when it is sent), one per person.
pub fn status_change(
    council: &Council,
    signer: &Signer,
    case: &Case,
    change: StatusChange<'_>,
    followers: &[CouncillorId],
    now: DateTime<Utc>,
) -> Result<CaseChange, TransitionError> {
    let next = case.with_status(change.to, now)?;
    let mut event = CaseEvent::new(
        now,
        Actor::Officer(change.officer.to_owned()),
        CaseEventKind::StatusChanged {
            from: case.status,
            to: change.to,
        },
    );
    event.text = change.internal_note;
    event.public_note = change.note_to_resident.clone();
    let case_news = if change.to.is_open() {
        CaseNews::StatusChanged { to: change.to }
    } else {
        CaseNews::Completed { to: change.to }
    };
    let notices = resident_notice(council, signer, &next, change.note_to_resident, now)
        .into_iter()
        .chain(news::for_followers(council, &next, case_news, followers))
        .collect();
    let mut rng = rand::rng();
    Ok(CaseChange {
        expected_version: case.version,
        tallies: TallyChange::for_change(Some(case), &next, &event, &council.calendar),
        event,
        outbox: news::one_per_person(notices)
            .into_iter()
            .map(|n| OutboxMessage::new(now, n, &mut rng))
            .collect(),
        case: next,
    })
}

/// An officer's note on a case, without changing anything else: for the resident (emailed
/// to them, if they left an address), for officers only, or both. `None` if there is no
/// note at all.
pub fn note(
    council: &Council,
    signer: &Signer,
    case: &Case,
    officer: &str,
    note_to_resident: Option<String>,
    internal_note: Option<String>,
    now: DateTime<Utc>,
) -> Option<CaseChange> {
    if note_to_resident.is_none() && internal_note.is_none() {
        return None;
    }
    let next = case.touched();
    let mut event = CaseEvent::new(now, Actor::Officer(officer.to_owned()), CaseEventKind::Noted);
    event.text = internal_note;
    event.public_note = note_to_resident.clone();
    // The resident hears of the note as a status email saying where things stand (never a
    // second completion email with new rating links).
    let notice = note_to_resident.and_then(|text| {
        let resident = next.reporter()?;
        Some(Notice::StatusUpdate(StatusUpdate {
            to: resident.email.clone(),
            name: resident.name.clone(),
            facts: CaseFacts {
                reference: next.reference.clone(),
                category: council.category_name(&next.category, next.lang),
                status: next.status,
                expected_by: next.expected_by,
            },
            note: Some(text),
            status_url: format!("{}/reports/{}", council.base_url, next.reference),
            sharing_url: links::sharing_url(signer, &council.base_url, &next.reference, now),
            council: council.name_in(next.lang).to_owned(),
            lang: next.lang,
        }))
    });
    let mut rng = rand::rng();
    Some(CaseChange {
        expected_version: case.version,
        tallies: TallyChange::for_change(Some(case), &next, &event, &council.calendar),
        event,
        outbox: notice
            .map(|n| OutboxMessage::new(now, n, &mut rng))
            .into_iter()
            .collect(),
        case: next,
    })
}

/// An officer correcting a case's type of problem or ward: the case moves to the new
/// category's team, its expected date is counted again from the submission with the new
/// standard, the figures move with it, and the resident (if they can be emailed) is told
/// the new type and date. `None` if nothing would change.
/// What an officer corrects: the type of problem, the ward and, if given, where it is.
pub struct Correction<'a> {
    pub officer: &'a str,
    pub category: &'a crate::domain::Category,
    pub ward: crate::domain::WardId,
    pub location: Option<crate::domain::geo::Location>,
}

pub fn correct(
    council: &Council,
    signer: &Signer,
    record: &CaseRecord,
    correction: Correction<'_>,
    now: DateTime<Utc>,
) -> Option<CaseChange> {
    let Correction {
        officer,
        category,
        ward,
        location,
    } = correction;
    let case = &record.case;
    let current = case.personal.as_ref().map(|p| &p.location);
    // The same place as shown on the form (to its six decimals, about 10 cm) is no move.
    let same = |a: &crate::domain::geo::Location, b: &crate::domain::geo::Location| {
        a.address == b.address
            && match (a.pin, b.pin) {
                (None, None) => true,
                (Some(x), Some(y)) => (x.lat() - y.lat()).abs() < 1e-6 && (x.lng() - y.lng()).abs() < 1e-6,
                _ => false,
            }
    };
    let moved = location.as_ref().is_some_and(|l| current.is_some_and(|c| !same(c, l)));
    if case.category == category.id && case.ward == ward && !moved {
        return None;
    }
    let mut next = case.corrected(category, ward, &council.calendar, now);
    if let Some(location) = location.filter(|_| moved) {
        next = next.relocated(location);
    }
    let event = CaseEvent::new(
        now,
        Actor::Officer(officer.to_owned()),
        CaseEventKind::Corrected {
            from_category: case.category.clone(),
            to_category: next.category.clone(),
            from_ward: case.ward.clone(),
            to_ward: next.ward.clone(),
        },
    );
    let lang = next.lang;
    let ward_name = council.ward_name(&next.ward, lang);
    let note = (lang.words().email.corrected_note)(category.name.get(lang), &ward_name);
    let notice = next.reporter().map(|resident| {
        Notice::StatusUpdate(StatusUpdate {
            to: resident.email.clone(),
            name: resident.name.clone(),
            facts: CaseFacts {
                reference: next.reference.clone(),
                category: category.name.get(lang).to_owned(),
                status: next.status,
                expected_by: next.expected_by,
            },
            note: Some(note),
            status_url: format!("{}/reports/{}", council.base_url, next.reference),
            sharing_url: links::sharing_url(signer, &council.base_url, &next.reference, now),
            council: council.name_in(lang).to_owned(),
            lang,
        })
    });
    let mut rng = rand::rng();
    Some(CaseChange {
        expected_version: case.version,
        tallies: TallyChange::for_correction(case, &next, &record.history, &event, &council.calendar),
        event,
        outbox: notice
            .map(|n| OutboxMessage::new(now, n, &mut rng))
            .into_iter()
            .collect(),
        case: next,
    })
}

/// The email a registered resident gets for the case's new state: the status, or, once
/// completed, the outcome with a rating and a way to reopen. `None` if they cannot be
/// emailed (anonymous, or their details were erased).
fn resident_notice(
    council: &Council,
    signer: &Signer,
    case: &Case,
    note: Option<String>,
    now: DateTime<Utc>,
) -> Option<Notice> {
    let resident = case.reporter()?;
    let facts = CaseFacts {
        reference: case.reference.clone(),
        category: council.category_name(&case.category, case.lang),
        status: case.status,
        expected_by: case.expected_by,
    };
    let status_url = format!("{}/reports/{}", council.base_url, case.reference);
    let sharing_url = links::sharing_url(signer, &council.base_url, &case.reference, now);
    if case.status.is_open() {
        return Some(Notice::StatusUpdate(StatusUpdate {
            to: resident.email.clone(),
            name: resident.name.clone(),
            facts,
            note,
            status_url,
            sharing_url,
            council: council.name_in(case.lang).to_owned(),
            lang: case.lang,
        }));
    }
    let feedback = signer.token(
        "feedback",
        case.reference.as_str(),
        now + Duration::days(FEEDBACK_LINK_DAYS),
    );
    let reopen = signer.token("reopen", case.reference.as_str(), now + REOPEN_WINDOW);
    Some(Notice::Completion(Completion {
        to: resident.email.clone(),
        name: resident.name.clone(),
        facts,
        note,
        status_url,
        rating_urls: (1..=5)
            .map(|i| format!("{}/feedback/{feedback}?rating={i}", council.base_url))
            .collect(),
        reopen_url: format!("{}/reopen/{reopen}", council.base_url),
        sharing_url,
        council: council.name_in(case.lang).to_owned(),
        lang: case.lang,
    }))
}

/// The resident's feedback as a change to the case, or `None` if it says nothing new: the
/// latest feedback already has this rating and comment (a second press, a resent form).
pub fn feedback(
    record: &CaseRecord,
    calendar: &WorkingCalendar,
    now: DateTime<Utc>,
    rating: u8,
    comment: Option<String>,
) -> Option<CaseChange> {
    let latest = record
        .history
        .iter()
        .rev()
        .find(|e| matches!(e.kind, CaseEventKind::Feedback { .. }));
    if latest.is_some_and(|e| e.kind == (CaseEventKind::Feedback { rating }) && e.text == comment) {
        return None;
    }
    let case = &record.case;
    let mut event = CaseEvent::new(now, Actor::Resident, CaseEventKind::Feedback { rating });
    event.text = comment;
    let next = case.touched();
    Some(CaseChange {
        tallies: TallyChange::for_change(Some(case), &next, &event, calendar),
        case: next,
        expected_version: case.version,
        event,
        outbox: vec![],
    })
}

/// The resident reopening their completed case (within the reopen window), saying what is
/// still wrong: the case open again with a new expected date from its standard, an email
/// telling them so with `note`, and the team and its escalation contact told what is wrong.
/// The figures move as for a correction (a recount of the case with its new date).
pub fn reopen(
    council: &Council,
    signer: &Signer,
    record: &CaseRecord,
    note: &str,
    still_wrong: &str,
    now: DateTime<Utc>,
) -> Result<CaseChange, TransitionError> {
    let case = &record.case;
    let days = council.category(&case.category).map_or(0, |c| c.standard.working_days);
    let next = case.reopened_with_new_date(days, &council.calendar, now)?;
    // The resident reads of it in their language; the team in the council's.
    let facts = |lang| CaseFacts {
        reference: next.reference.clone(),
        category: council.category_name(&next.category, lang),
        status: next.status,
        expected_by: next.expected_by,
    };
    let staff_lang = council.default_lang();
    let mut notices: Vec<Notice> = next
        .reporter()
        .map(|r| {
            Notice::StatusUpdate(StatusUpdate {
                to: r.email.clone(),
                name: r.name.clone(),
                facts: facts(next.lang),
                note: Some(note.into()),
                status_url: format!("{}/reports/{}", council.base_url, next.reference),
                sharing_url: links::sharing_url(signer, &council.base_url, &next.reference, now),
                council: council.name_in(next.lang).to_owned(),
                lang: next.lang,
            })
        })
        .into_iter()
        .collect();
    if let Some(team) = council.team(&next.team) {
        let ward = council.ward_name(&next.ward, staff_lang);
        for (to, audience) in [
            (&team.email, crate::notice::StaffAudience::Team),
            (&team.escalation_email, crate::notice::StaffAudience::Escalation),
        ] {
            notices.push(Notice::ReopenedForStaff(crate::notice::ReopenedForStaff {
                to: to.clone(),
                audience,
                team: team.name.get(staff_lang).to_owned(),
                facts: facts(staff_lang),
                ward: ward.clone(),
                still_wrong: still_wrong.to_owned(),
                case_url: format!("{}/portal/cases/{}", council.base_url, next.reference),
                council: council.name_in(staff_lang).to_owned(),
                lang: staff_lang,
            }));
        }
    }
    let mut rng = rand::rng();
    let mut event = CaseEvent::new(now, Actor::Resident, CaseEventKind::Reopened);
    // The resident's words, for the officers (as an internal note: not on the public page).
    event.text = Some(still_wrong.to_owned());
    Ok(CaseChange {
        expected_version: case.version,
        tallies: TallyChange::for_correction(case, &next, &record.history, &event, &council.calendar),
        event,
        outbox: news::one_per_person(notices)
            .into_iter()
            .map(|n| OutboxMessage::new(now, n, &mut rng))
            .collect(),
        case: next,
    })
}

/// What SES said of mail to the case's resident, in its history for the officers: their
/// address bounced for good (`complaint` false) or they marked our email as spam. `None` if
/// the history already says so (SES repeats itself, and every later email bounces too).
pub fn mail_undelivered(
    council: &Council,
    case: &Case,
    history: &[CaseEvent],
    complaint: bool,
    now: DateTime<Utc>,
) -> Option<CaseChange> {
    let kind = CaseEventKind::MailUndelivered { complaint };
    if history.iter().any(|e| e.kind == kind) {
        return None;
    }
    let next = case.touched();
    let event = CaseEvent::new(now, Actor::System, kind);
    Some(CaseChange {
        expected_version: case.version,
        tallies: TallyChange::for_change(Some(case), &next, &event, &council.calendar),
        event,
        outbox: Vec::new(),
        case: next,
    })
}
