//! The one function that decides what a councillor may see of a case. Every
//! councillor-facing output (portal pages, JSON, exports, emails, digests, heatmaps) takes
//! its data from here and from nowhere else.
//!
//! - Outside the councillor's ward(s), and not logged by them: nothing.
//! - With the resident's current consent naming them, or logged by them: the case with the
//!   resident's details, and its history as the resident was told it.
//! - Otherwise: category, ward, coarse location, status, dates and the history of statuses;
//!   no name, email, phone, description, notes or exact location.
//!
//! Whatever the consent, the view's types have no field that can hold an officer's
//! internal note, a resident's feedback comment or the resident's keyed hash: they cannot
//! leak through any output, because the view never carries them.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use super::case::{Actor, Capacity, Case, CaseEvent, CaseEventKind, Channel, Location};
use super::category::CategoryId;
use super::consent::{ConsentRecord, current_scope};
use super::geo::LatLng;
use super::reference::CaseRef;
use super::report::Description;
use super::reporter::ResidentContact;
use super::status::Status;
use super::ward::{CouncillorId, WardId};

/// Who is looking.
#[derive(Debug, Clone)]
pub struct Councillor<'a> {
    pub id: &'a CouncillorId,
    pub wards: &'a [WardId],
}

/// What a councillor sees of a case without the resident's consent.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RedactedCase {
    pub reference: CaseRef,
    /// Whether the resident left contact details (a fact, not a detail): an anonymous
    /// report has nobody who could consent.
    #[serde(skip)]
    pub registered: bool,
    pub category: CategoryId,
    pub ward: WardId,
    pub coarse_location: Option<LatLng>,
    pub status: Status,
    pub submitted_at: DateTime<Utc>,
    pub expected_by: NaiveDate,
    /// When the status changed and to what: no notes, no comments, no actors.
    pub status_history: Vec<(DateTime<Utc>, Status)>,
}

/// Why a councillor sees a case whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FullReason {
    Consented,
    LoggedByThem,
}

/// The resident's details a councillor may see with consent: what they reported, where,
/// and how to reach them. Not the keyed hash that finds their cases.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SharedDetails {
    pub description: Description,
    pub location: Location,
    /// `None` if the resident reported anonymously, or had their contact details erased.
    pub reporter: Option<ResidentContact>,
    /// The photos the resident sent (their ids: the portal serves them after the same check).
    pub photos: Vec<super::case::PhotoMeta>,
}

/// One entry of a case's history as the resident was told it: what happened, and the
/// note the officer sent the resident with it. There is no field for an internal note or
/// a feedback comment.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ToldEvent {
    pub at: DateTime<Utc>,
    pub actor: Actor,
    pub what: Told,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note_to_resident: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Told {
    Reported {
        channel: Channel,
    },
    StatusChanged {
        from: Status,
        to: Status,
    },
    /// The case passed its expected date and the people concerned were told.
    Late,
    Reopened,
    /// The resident rated the outcome (the rating alone: their comment stays with officers).
    Rated {
        rating: u8,
    },
    DetailsErased,
    /// An officer wrote to the resident (the note is the event's `note_to_resident`).
    Noted,
    /// The type of problem or the ward was corrected.
    Corrected {
        category: CategoryId,
        ward: WardId,
    },
}

impl ToldEvent {
    /// What a councillor is told of an event: `None` for what only officers see (an
    /// internal note, mail that could not be delivered to the resident).
    fn from_event(e: &CaseEvent) -> Option<ToldEvent> {
        let what = match e.kind {
            CaseEventKind::Noted if e.public_note.is_none() => return None,
            CaseEventKind::MailUndelivered { .. } => return None,
            CaseEventKind::Submitted { channel } => Told::Reported { channel },
            CaseEventKind::StatusChanged { from, to } => Told::StatusChanged { from, to },
            CaseEventKind::BreachNotified => Told::Late,
            CaseEventKind::Noted => Told::Noted,
            CaseEventKind::Corrected {
                ref to_category,
                ref to_ward,
                ..
            } => Told::Corrected {
                category: to_category.clone(),
                ward: to_ward.clone(),
            },
            CaseEventKind::Reopened => Told::Reopened,
            CaseEventKind::Feedback { rating } => Told::Rated { rating },
            CaseEventKind::Erased { .. } => Told::DetailsErased,
        };
        Some(ToldEvent {
            at: e.at,
            actor: e.actor.clone(),
            what,
            // Only a status change or a note carries a note the resident was sent.
            note_to_resident: match e.kind {
                CaseEventKind::StatusChanged { .. } | CaseEventKind::Noted => e.public_note.clone(),
                _ => None,
            },
        })
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "view", rename_all = "snake_case")]
pub enum CouncillorView {
    Full {
        reason: FullReason,
        /// Set when they logged it: for a constituent, or as a resident themself.
        #[serde(skip_serializing_if = "Option::is_none")]
        logged_as: Option<Capacity>,
        case: RedactedCase,
        /// `None` once the personal details were erased or anonymised.
        details: Option<SharedDetails>,
        history: Vec<ToldEvent>,
    },
    Redacted(RedactedCase),
}

impl CouncillorView {
    pub fn case(&self) -> &RedactedCase {
        match self {
            CouncillorView::Full { case, .. } | CouncillorView::Redacted(case) => case,
        }
    }

    /// The resident's details, if this view shows them.
    pub fn details(&self) -> Option<&SharedDetails> {
        match self {
            CouncillorView::Full { details, .. } => details.as_ref(),
            CouncillorView::Redacted(_) => None,
        }
    }
}

fn redacted(case: &Case, history: &[CaseEvent]) -> RedactedCase {
    let status_history = history
        .iter()
        .filter_map(|e| match e.kind {
            CaseEventKind::Submitted { .. } | CaseEventKind::Reopened => Some((e.at, Status::Open)),
            CaseEventKind::StatusChanged { to, .. } => Some((e.at, to)),
            CaseEventKind::BreachNotified
            | CaseEventKind::Noted
            | CaseEventKind::Corrected { .. }
            | CaseEventKind::Feedback { .. }
            | CaseEventKind::MailUndelivered { .. }
            | CaseEventKind::Erased { .. } => None,
        })
        .collect();
    RedactedCase {
        reference: case.reference.clone(),
        registered: case.registered,
        category: case.category.clone(),
        ward: case.ward.clone(),
        coarse_location: case.coarse_location,
        status: case.status,
        submitted_at: case.submitted_at,
        expected_by: case.expected_by,
        status_history,
    }
}

/// What `viewer` may see of `case`, or `None` if nothing. A councillor who logged the case
/// (for a constituent or as a resident) sees it whole wherever it is.
pub fn councillor_view(
    case: &Case,
    history: &[CaseEvent],
    consents: &[ConsentRecord],
    viewer: &Councillor<'_>,
) -> Option<CouncillorView> {
    if logged_by(case) == Some(viewer.id) {
        return Some(full(case, history, FullReason::LoggedByThem));
    }
    if !viewer.wards.contains(&case.ward) {
        return None;
    }
    if current_scope(consents).contains(viewer.id) {
        return Some(full(case, history, FullReason::Consented));
    }
    Some(CouncillorView::Redacted(redacted(case, history)))
}

fn logged_by(case: &Case) -> Option<&CouncillorId> {
    case.logged_by.as_ref().map(|l| &l.councillor)
}

/// What a list of cases (a ward's cases, a councillor's follows, exports) shows of one case:
/// never anything personal, whatever the consent, so a list needs no consent reads and
/// shows no personal data to audit. `None` if the case is not theirs to see at all. The
/// status history is left out (empty): lists do not show it.
pub fn councillor_list_item(case: &Case, viewer: &Councillor<'_>) -> Option<RedactedCase> {
    (logged_by(case) == Some(viewer.id) || viewer.wards.contains(&case.ward)).then(|| redacted(case, &[]))
}

/// What a figures page (a manager's or a councillor's dashboard, the heatmap) shows of a
/// case: the facts, never anything personal, with the location coarsened. For councillors,
/// take [`councillor_list_item`], which also checks the case is theirs to see.
pub fn facts_only(case: &Case) -> RedactedCase {
    redacted(case, &[])
}

fn full(case: &Case, history: &[CaseEvent], reason: FullReason) -> CouncillorView {
    CouncillorView::Full {
        reason,
        logged_as: match reason {
            FullReason::LoggedByThem => case.logged_by.as_ref().map(|l| l.capacity),
            FullReason::Consented => None,
        },
        case: redacted(case, history),
        details: case.personal.as_ref().map(|p| SharedDetails {
            description: p.description.clone(),
            location: p.location.clone(),
            reporter: p.reporter.clone(),
            photos: p.photos.clone(),
        }),
        // An officer's note that went only to officers is not something the resident was
        // told: it is left out whole, not shown as an empty line.
        history: history.iter().filter_map(ToldEvent::from_event).collect(),
    }
}

/// Distinctive sample cases, histories and consents, so a leak anywhere in an output is
/// found by searching its text: the domain's property test and the portal's and notifier's
/// rendered-output tests share them.
#[cfg(any(test, feature = "fixtures"))]
// Every unwrap below parses a fixed literal that is valid, so none can fail; and the module
// is compiled only for tests: the `fixtures` feature is turned on from `[dev-dependencies]`
// alone (`tests/fixtures_stay_in_tests.rs` holds every crate to that).
#[allow(clippy::unwrap_used)]
pub mod fixtures {
    use super::super::PersonalDetails;
    use super::super::case::{Actor, Capacity, Case, CaseEvent, CaseEventKind, Channel, Location, LoggedBy};
    use super::super::category::{CategoryId, TeamId};
    use super::super::consent::{ConsentChannel, ConsentEvent, ConsentRecord, NoticeShown};
    use super::super::geo::LatLng;
    use super::super::reference::CaseRef;
    use super::super::report::Description;
    use super::super::reporter::{PersonName, Phone, ResidentContact, ResidentEmail};
    use super::super::status::Status;
    use super::super::ward::{CouncillorId, WardId};
    use chrono::{DateTime, Duration, TimeZone, Utc};

    pub const WARDS: [&str; 3] = ["riverside", "millbrook", "castle-hill"];
    pub const COUNCILLORS: [&str; 4] = ["amira-patel", "tom-hughes", "david-lloyd", "fatima-ali"];

    /// What no councillor-facing output may ever carry, whatever the consent.
    pub const NEVER: [&str; 3] = ["SECRET-INTERNAL-NOTE", "SECRET-COMMENT", "SECRET-RESIDENT-KEY"];
    /// What a councillor-facing output may carry only with current consent (or if they
    /// logged the case).
    pub const PERSONAL: [&str; 6] = [
        "SECRET-DESCRIPTION",
        "SECRET-ADDRESS",
        "SECRET-NAME",
        "secret-email",
        "07700",
        "SECRET-PUBLIC-NOTE",
    ];

    /// 24 November 2026, 10:00 UTC, plus `minutes`.
    pub fn t(minutes: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 24, 10, 0, 0).unwrap() + Duration::minutes(minutes)
    }

    pub fn personal(n: u32) -> PersonalDetails {
        PersonalDetails {
            description: Description::parse(&format!("SECRET-DESCRIPTION-{n}")).unwrap(),
            location: Location {
                pin: Some(LatLng::new(52.612_345, -1.234_567).unwrap()),
                address: Some(format!("SECRET-ADDRESS-{n}")),
            },
            reporter: Some(ResidentContact {
                name: PersonName::parse(&format!("SECRET-NAME-{n}")).unwrap(),
                email: ResidentEmail::parse(&format!("secret-email-{n}@example.com")).unwrap(),
                phone: Some(Phone::parse("07700 900982").unwrap()),
            }),
            resident_key: Some("SECRET-RESIDENT-KEY".into()),
            photos: Vec::new(),
        }
    }

    pub fn case(n: u32, ward: &str) -> Case {
        Case {
            reference: CaseRef::parse("FK7M-3RTW").unwrap(),
            category: CategoryId::parse("fly-tipping").unwrap(),
            team: TeamId::parse("street-scene").unwrap(),
            ward: WardId::parse(ward).unwrap(),
            status: Status::InProgress,
            channel: Channel::WebForm,
            submitted_at: t(0),
            expected_by: t(0).date_naive(),
            overdue_from: t(0),
            coarse_location: Some(LatLng::new(52.612, -1.235).unwrap()),
            registered: true,
            breach_notified: false,
            closed_at: None,
            updated_at: None,
            original_reference: None,
            version: 3,
            logged_by: None,
            personal: Some(personal(n)),
            lang: crate::domain::Lang::En,
        }
    }

    pub fn logged(mut case: Case, by: &str, capacity: Capacity) -> Case {
        case.logged_by = Some(LoggedBy {
            councillor: councillor(by),
            capacity,
        });
        case
    }

    /// Submitted; an officer's status change with an internal note and a note to the
    /// resident; the resident's rating with a comment; a late notice.
    pub fn history(n: u32) -> Vec<CaseEvent> {
        let mut changed = CaseEvent::new(
            t(5),
            Actor::Officer("jane-smith".into()),
            CaseEventKind::StatusChanged {
                from: Status::Open,
                to: Status::InProgress,
            },
        );
        changed.text = Some(format!("SECRET-INTERNAL-NOTE-{n}"));
        changed.public_note = Some(format!("SECRET-PUBLIC-NOTE-{n}"));
        let mut feedback = CaseEvent::new(t(9), Actor::Resident, CaseEventKind::Feedback { rating: 2 });
        feedback.text = Some(format!("SECRET-COMMENT-{n}"));
        vec![
            CaseEvent::new(
                t(0),
                Actor::Resident,
                CaseEventKind::Submitted {
                    channel: Channel::WebForm,
                },
            ),
            changed,
            feedback,
            CaseEvent::new(t(12), Actor::System, CaseEventKind::BreachNotified),
        ]
    }

    /// [`history`] and two notes without a status change: one for officers only, one to the
    /// resident (with an internal part); and on the report itself an officers-only note, as
    /// an Open311 client's `media_url` is kept: what the property tests run over.
    pub fn history_with_notes(n: u32) -> Vec<CaseEvent> {
        let mut all = history(n);
        if let Some(submitted) = all.first_mut() {
            submitted.text = Some(format!("SECRET-INTERNAL-NOTE-{n}-on-the-report"));
        }
        let mut internal = CaseEvent::new(t(13), Actor::Officer("jane-smith".into()), CaseEventKind::Noted);
        internal.text = Some(format!("SECRET-INTERNAL-NOTE-{n}-noted"));
        let mut both = CaseEvent::new(t(14), Actor::Officer("jane-smith".into()), CaseEventKind::Noted);
        both.text = Some(format!("SECRET-INTERNAL-NOTE-{n}-with-public"));
        both.public_note = Some(format!("SECRET-PUBLIC-NOTE-{n}-noted"));
        all.extend([internal, both]);
        all
    }

    pub fn councillor(id: &str) -> CouncillorId {
        CouncillorId::parse(id).unwrap()
    }

    pub fn given(at: i64, scope: &[&str]) -> ConsentRecord {
        ConsentRecord {
            resident: "resident-hash".into(),
            at: t(at),
            channel: ConsentChannel::ReportForm,
            event: ConsentEvent::Given {
                notice: NoticeShown {
                    version: "2026-11-01".into(),
                    text_hash: "ab".repeat(32),
                    lang: crate::domain::Lang::En,
                },
                scope: scope.iter().map(|c| councillor(c)).collect(),
            },
        }
    }

    pub fn withdrawn(at: i64) -> ConsentRecord {
        ConsentRecord {
            resident: "resident-hash".into(),
            at: t(at),
            channel: ConsentChannel::EmailLink,
            event: ConsentEvent::Withdrawn,
        }
    }

    /// Any consent history of up to five records, each given to some of [`COUNCILLORS`] or
    /// withdrawn, at any of 20 minutes.
    pub fn any_records() -> impl proptest::strategy::Strategy<Value = Vec<ConsentRecord>> {
        use proptest::prelude::*;
        proptest::collection::vec(
            (
                0i64..20,
                prop::bool::ANY,
                proptest::sample::subsequence(COUNCILLORS.to_vec(), 0..=COUNCILLORS.len()),
            )
                .prop_map(|(at, give, scope)| if give { given(at, &scope) } else { withdrawn(at) }),
            0..6,
        )
    }

    /// Which of the never-shown markers `output` carries.
    pub fn never_leaks(output: &str) -> Vec<&'static str> {
        NEVER.into_iter().filter(|s| output.contains(s)).collect()
    }

    /// Which personal markers `output` carries, including the exact pin (four or more
    /// decimals; the coarse location has three).
    pub fn personal_leaks(output: &str) -> Vec<&'static str> {
        let mut found: Vec<&str> = PERSONAL.into_iter().filter(|s| output.contains(s)).collect();
        if output.contains("52.6123") || output.contains("1.2345") {
            found.push("exact location");
        }
        found
    }

    /// The oracle, written apart from the redaction function: whether the latest consent
    /// record (ties: the later one stored) names `id`.
    pub fn consented(records: &[ConsentRecord], id: &CouncillorId) -> bool {
        let mut latest: Option<&ConsentRecord> = None;
        for r in records {
            if latest.is_none_or(|l| r.at >= l.at) {
                latest = Some(r);
            }
        }
        matches!(latest.map(|r| &r.event), Some(ConsentEvent::Given { scope, .. }) if scope.contains(id))
    }
}

#[cfg(test)]
mod tests {
    use super::super::case::Capacity;
    use super::fixtures::*;
    use super::*;
    use proptest::prelude::*;

    fn leaks(view: &CouncillorView) -> Vec<&'static str> {
        let out = serde_json::to_string(view).unwrap();
        let mut found = never_leaks(&out);
        found.extend(personal_leaks(&out));
        found
    }

    #[test]
    fn without_consent_a_ward_councillor_sees_the_case_but_nothing_personal() {
        let id = councillor("amira-patel");
        let wards = [WardId::parse("riverside").unwrap()];
        let view = councillor_view(
            &case(1, "riverside"),
            &history(1),
            &[],
            &Councillor { id: &id, wards: &wards },
        )
        .unwrap();
        assert!(matches!(view, CouncillorView::Redacted(_)));
        assert_eq!(leaks(&view), Vec::<&str>::new());
        let CouncillorView::Redacted(r) = view else {
            unreachable!()
        };
        assert_eq!(r.status_history, vec![(t(0), Status::Open), (t(5), Status::InProgress)]);
    }

    #[test]
    fn with_consent_they_see_the_details_and_what_the_resident_was_told_but_never_internal_notes() {
        let id = councillor("amira-patel");
        let wards = [WardId::parse("riverside").unwrap()];
        let viewer = Councillor { id: &id, wards: &wards };
        let consents = vec![given(1, &["amira-patel", "tom-hughes"])];
        let view = councillor_view(&case(1, "riverside"), &history(1), &consents, &viewer).unwrap();
        assert!(matches!(
            view,
            CouncillorView::Full {
                reason: FullReason::Consented,
                ..
            }
        ));
        let json = serde_json::to_string(&view).unwrap();
        assert_eq!(never_leaks(&json), Vec::<&str>::new());
        assert!(json.contains("SECRET-NAME-1") && json.contains("SECRET-PUBLIC-NOTE-1"));
        let CouncillorView::Full { history: told, .. } = &view else {
            unreachable!()
        };
        assert_eq!(
            told.iter().map(|e| e.what.clone()).collect::<Vec<_>>(),
            vec![
                Told::Reported {
                    channel: Channel::WebForm
                },
                Told::StatusChanged {
                    from: Status::Open,
                    to: Status::InProgress
                },
                Told::Rated { rating: 2 },
                Told::Late,
            ]
        );
        let mut later = consents.clone();
        later.push(withdrawn(2));
        let view = councillor_view(&case(1, "riverside"), &history(1), &later, &viewer).unwrap();
        assert_eq!(leaks(&view), Vec::<&str>::new());
    }

    #[test]
    fn a_councillor_from_another_ward_sees_nothing_unless_they_logged_it() {
        let id = councillor("david-lloyd");
        let wards = [WardId::parse("millbrook").unwrap()];
        let viewer = Councillor { id: &id, wards: &wards };
        assert_eq!(
            councillor_view(
                &case(1, "riverside"),
                &history(1),
                &[given(1, &["david-lloyd"])],
                &viewer
            ),
            None
        );
        let theirs = logged(case(1, "riverside"), "david-lloyd", Capacity::ForConstituent);
        let view = councillor_view(&theirs, &history(1), &[], &viewer).unwrap();
        assert!(matches!(
            view,
            CouncillorView::Full {
                reason: FullReason::LoggedByThem,
                logged_as: Some(Capacity::ForConstituent),
                ..
            }
        ));
        assert_eq!(never_leaks(&serde_json::to_string(&view).unwrap()), Vec::<&str>::new());
        assert!(councillor_list_item(&case(1, "riverside"), &viewer).is_none());
        let listed = councillor_list_item(&theirs, &viewer).unwrap();
        assert!(listed.status_history.is_empty());
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]

        /// Thousands of cases, consent histories, wards and councillors: no personal field
        /// reaches a councillor unless the latest consent record names them or they logged
        /// the case; no internal note, comment or resident key ever; and no case outside
        /// their wards reaches them unless they logged it.
        #[test]
        fn no_personal_data_reaches_a_councillor_without_current_consent(
            n in 0u32..1000,
            case_ward in proptest::sample::select(WARDS.to_vec()),
            viewer_id in proptest::sample::select(COUNCILLORS.to_vec()),
            viewer_wards in proptest::sample::subsequence(WARDS.to_vec(), 0..=WARDS.len()),
            logged_by in proptest::option::of(proptest::sample::select(COUNCILLORS.to_vec())),
            records in any_records(),
        ) {
            let id = councillor(viewer_id);
            let wards: Vec<WardId> = viewer_wards.iter().map(|w| WardId::parse(w).unwrap()).collect();
            let mut c = case(n, case_ward);
            if let Some(by) = logged_by {
                c = logged(c, by, Capacity::ForConstituent);
            }
            let viewer = Councillor { id: &id, wards: &wards };
            let view = councillor_view(&c, &history_with_notes(n), &records, &viewer);

            let logged_by_them = logged_by.map(councillor).as_ref() == Some(&id);
            let in_ward = wards.contains(&c.ward);

            match &view {
                None => prop_assert!(!in_ward && !logged_by_them),
                Some(v) => {
                    prop_assert!(in_ward || logged_by_them, "a case outside their wards reached them");
                    let may_see_personal = logged_by_them || consented(&records, &id);
                    let json = serde_json::to_string(v).unwrap();
                    prop_assert_eq!(never_leaks(&json), Vec::<&str>::new());
                    if !may_see_personal {
                        prop_assert_eq!(personal_leaks(&json), Vec::<&str>::new());
                    }
                    prop_assert_eq!(matches!(v, CouncillorView::Full { .. }), may_see_personal);
                }
            }
            // Lists never carry anything personal, and show exactly the cases the page would.
            let listed = councillor_list_item(&c, &viewer);
            prop_assert_eq!(listed.is_some(), view.is_some());
            if let Some(item) = listed {
                prop_assert_eq!(leaks(&CouncillorView::Redacted(item)), Vec::<&str>::new());
            }
        }
    }
}
