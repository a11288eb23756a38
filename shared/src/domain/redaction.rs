//! The one function that decides what a councillor may see of a case. Every
//! councillor-facing output (portal pages, JSON, exports, emails, digests, heatmaps) takes
//! its data from here and from nowhere else.
//!
//! - Outside the councillor's ward(s), and not logged by them: nothing.
//! - With the resident's current consent naming them, or logged by them: everything.
//! - Otherwise: category, ward, coarse location, status, dates and the history of statuses;
//!   no name, email, phone, description, notes or exact location.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use super::case::{Case, CaseEvent, CaseEventKind, PersonalDetails};
use super::category::CategoryId;
use super::consent::{ConsentRecord, current_scope};
use super::geo::LatLng;
use super::reference::CaseRef;
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

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "view", rename_all = "snake_case")]
pub enum CouncillorView {
    Full {
        reason: FullReason,
        case: Box<Case>,
        personal: Option<PersonalDetails>,
        history: Vec<CaseEvent>,
    },
    Redacted(RedactedCase),
}

fn redacted(case: &Case, history: &[CaseEvent]) -> RedactedCase {
    let status_history = history
        .iter()
        .filter_map(|e| match e.kind {
            CaseEventKind::Submitted { .. } | CaseEventKind::Reopened => Some((e.at, Status::Open)),
            CaseEventKind::StatusChanged { to, .. } => Some((e.at, to)),
            CaseEventKind::BreachNotified | CaseEventKind::Feedback { .. } | CaseEventKind::Erased { .. } => None,
        })
        .collect();
    RedactedCase {
        reference: case.reference.clone(),
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

fn full(case: &Case, history: &[CaseEvent], reason: FullReason) -> CouncillorView {
    let mut public = case.clone();
    let personal = public.personal.take();
    CouncillorView::Full {
        reason,
        case: Box::new(public),
        personal,
        history: history.to_vec(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::case::{Actor, Capacity, Channel, Location, LoggedBy};
    use super::super::category::TeamId;
    use super::super::consent::{ConsentChannel, ConsentEvent, NoticeShown};
    use super::super::report::Description;
    use super::super::reporter::{PersonName, Phone, ResidentContact, ResidentEmail};
    use super::*;
    use chrono::{Duration, TimeZone};
    use proptest::prelude::*;

    const WARDS: [&str; 3] = ["riverside", "millbrook", "castle-hill"];
    const COUNCILLORS: [&str; 4] = ["amira-patel", "tom-hughes", "david-lloyd", "fatima-ali"];

    fn t(minutes: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 24, 10, 0, 0).unwrap() + Duration::minutes(minutes)
    }

    /// Distinctive personal values, so a leak anywhere in the output is found by search.
    fn personal(n: u32) -> PersonalDetails {
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
            resident_key: Some("SECRET-NAME-KEY".into()),
        }
    }

    fn case(n: u32, ward: &str) -> Case {
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
            version: 3,
            logged_by: None,
            personal: Some(personal(n)),
        }
    }

    fn history(n: u32) -> Vec<CaseEvent> {
        let mut changed = CaseEvent::new(
            t(5),
            Actor::Officer("jane-smith".into()),
            CaseEventKind::StatusChanged {
                from: Status::Open,
                to: Status::InProgress,
            },
        );
        changed.text = Some(format!("SECRET-NOTE-{n}"));
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
        ]
    }

    const SECRETS: [&str; 8] = [
        "SECRET-DESCRIPTION",
        "SECRET-ADDRESS",
        "SECRET-NAME",
        "secret-email",
        "07700",
        "SECRET-NOTE",
        "SECRET-PUBLIC-NOTE",
        "SECRET-COMMENT",
    ];

    fn leaks(view: &CouncillorView) -> Vec<&'static str> {
        let out = serde_json::to_string(view).unwrap();
        let mut found: Vec<&str> = SECRETS.into_iter().filter(|s| out.contains(s)).collect();
        // The exact pin (six decimals) must not appear; the coarse one (three) may.
        if out.contains("52.612345") || out.contains("-1.234567") {
            found.push("exact location");
        }
        found
    }

    fn councillor(id: &str) -> CouncillorId {
        CouncillorId::parse(id).unwrap()
    }

    fn given(at: i64, scope: &[&str]) -> ConsentRecord {
        ConsentRecord {
            resident: "resident-hash".into(),
            at: t(at),
            channel: ConsentChannel::ReportForm,
            event: ConsentEvent::Given {
                notice: NoticeShown {
                    version: "2026-11-01".into(),
                    text_hash: "ab".repeat(32),
                },
                scope: scope.iter().map(|c| councillor(c)).collect(),
            },
        }
    }

    fn withdrawn(at: i64) -> ConsentRecord {
        ConsentRecord {
            resident: "resident-hash".into(),
            at: t(at),
            channel: ConsentChannel::EmailLink,
            event: ConsentEvent::Withdrawn,
        }
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
    fn with_consent_naming_them_they_see_everything_and_a_withdrawal_takes_it_back() {
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
        let mut theirs = case(1, "riverside");
        theirs.logged_by = Some(LoggedBy {
            councillor: id.clone(),
            capacity: Capacity::ForConstituent,
        });
        let logged = councillor_view(&theirs, &history(1), &[], &viewer).unwrap();
        assert!(matches!(
            logged,
            CouncillorView::Full {
                reason: FullReason::LoggedByThem,
                ..
            }
        ));
        assert!(councillor_list_item(&case(1, "riverside"), &viewer).is_none());
        let listed = councillor_list_item(&theirs, &viewer).unwrap();
        assert!(listed.status_history.is_empty());
    }

    fn any_records() -> impl Strategy<Value = Vec<ConsentRecord>> {
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

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]

        /// Thousands of cases, consent histories, wards and councillors: no personal field
        /// reaches a councillor unless the latest consent record names them or they logged
        /// the case; and no case outside their wards reaches them unless they logged it.
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
            let logged = logged_by.map(councillor);
            let mut c = case(n, case_ward);
            c.logged_by = logged.clone().map(|councillor| LoggedBy { councillor, capacity: Capacity::ForConstituent });
            let viewer = Councillor { id: &id, wards: &wards };
            let view = councillor_view(&c, &history(n), &records, &viewer);

            // The oracle, written independently: the latest record (ties: the later one stored).
            let mut latest: Option<&ConsentRecord> = None;
            for r in &records {
                if latest.is_none_or(|l| r.at >= l.at) {
                    latest = Some(r);
                }
            }
            let consented = matches!(latest.map(|r| &r.event), Some(ConsentEvent::Given { scope, .. }) if scope.contains(&id));
            let logged_by_them = logged.as_ref() == Some(&id);
            let in_ward = wards.contains(&c.ward);

            match &view {
                None => prop_assert!(!in_ward && !logged_by_them),
                Some(v) => {
                    prop_assert!(in_ward || logged_by_them, "a case outside their wards reached them");
                    let may_see_personal = logged_by_them || consented;
                    if !may_see_personal {
                        prop_assert_eq!(leaks(v), Vec::<&str>::new());
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
