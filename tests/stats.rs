//! `wardline stats rebuild` on the embedded store: figures kept with every change agree
//! with a recount of the cases; figures that drifted are found and repaired.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed, which is what unwrap says

mod common;

use chrono::{Duration, TimeZone, Utc};
use shared::domain::case::Channel;
use shared::domain::performance::Tally;
use shared::domain::{Actor, Case, CaseEvent, CaseEventKind, CaseRef, ReportInput, Status};
use shared::ports::{CaseUpdater, CaseWriter, Scope, Submission, Tallies, TallyChange, TallyRebuild};
use shared::stats::Rebuild;
use wardline::{DataDir, LocalApp, default_assets_dir, system_clock};

fn rebuild(app: &LocalApp) -> Rebuild<'_> {
    Rebuild {
        council: &app.council,
        ward_cases: &app.store,
        reader: &app.store,
        tallies: &app.store,
    }
}

#[tokio::test]
async fn a_recount_agrees_with_the_figures_kept_and_repairs_figures_that_drifted() {
    let dir = tempfile::tempdir().unwrap();
    let app = LocalApp::new(
        common::council(),
        &DataDir(dir.path().to_owned()),
        &default_assets_dir(),
        system_clock(),
    )
    .unwrap();
    let council = &app.council;
    let t0 = Utc.with_ymd_and_hms(2026, 11, 24, 10, 0, 0).unwrap();
    let refs = ["ACDE-FHJK", "CDEF-HJKM", "DEFH-JKMN", "EFHJ-KMNP"];
    for (i, r) in refs.iter().enumerate() {
        let input = ReportInput {
            category: Some(if i % 2 == 0 { "fly-tipping" } else { "missed-bins" }.into()),
            description: Some("A sofa".into()),
            address: Some("Mill Lane".into()),
            ward: Some(if i < 3 { "riverside" } else { "millbrook" }.into()),
            reporting: Some("anonymous".into()),
            ..ReportInput::default()
        };
        let report = input.parse(&council.categories, &council.wards).unwrap();
        let category = council.category(&report.category).unwrap();
        let case = Case::open(
            CaseRef::parse(r).unwrap(),
            report,
            category,
            &council.calendar,
            Channel::WebForm,
            t0,
        );
        let event = CaseEvent::new(
            t0,
            Actor::Resident,
            CaseEventKind::Submitted {
                channel: Channel::WebForm,
            },
        );
        let sub = Submission {
            tallies: TallyChange::for_change(None, &case, &event, &council.calendar),
            case: case.clone(),
            event,
            outbox: vec![],
            idempotency: None,
            consent: None,
            follower: None,
        };
        app.store.submit(&sub, t0).await.unwrap();
        if i < 2 {
            let at = t0 + Duration::days(i as i64 * 30);
            let next = case.with_status(Status::Fixed, at).unwrap();
            let event = CaseEvent::new(
                at,
                Actor::Officer("jane-smith".into()),
                CaseEventKind::StatusChanged {
                    from: Status::Open,
                    to: Status::Fixed,
                },
            );
            app.store
                .apply(&shared::ports::CaseChange {
                    tallies: TallyChange::for_change(Some(&case), &next, &event, &council.calendar),
                    case: next,
                    expected_version: 1,
                    event,
                    outbox: vec![],
                })
                .await
                .unwrap();
        }
    }
    let clean = rebuild(&app).run(None).await.unwrap();
    assert_eq!(
        (clean.cases, clean.drifted, clean.replaced),
        (4, 0, 0),
        "kept figures match a recount"
    );

    // Figures drift (a bug, a lost write): the check finds it, the rebuild repairs it.
    let riverside = Scope::Ward(shared::domain::WardId::parse("riverside").unwrap());
    let day = t0.date_naive();
    let wrong = vec![(
        refs_category(council),
        day,
        Tally {
            new: 99,
            ..Tally::default()
        },
    )];
    app.store.replace_tallies(&riverside, &wrong).await.unwrap();
    let found = rebuild(&app).run(None).await.unwrap();
    assert!(found.drifted > 0 && found.replaced == 0, "{found:?}");
    let repaired = rebuild(&app).run(Some(&app.store as &dyn TallyRebuild)).await.unwrap();
    assert!(repaired.replaced >= 1);
    assert_eq!(rebuild(&app).run(None).await.unwrap().drifted, 0);
    let mut total = Tally::default();
    for (_, _, t) in app
        .store
        .tallies(&riverside, day - Duration::days(60), day + Duration::days(60))
        .await
        .unwrap()
    {
        total.add(&t);
    }
    assert_eq!(
        (total.new, total.completed),
        (3, 2),
        "riverside: 3 reported, 2 completed"
    );
}

fn refs_category(council: &shared::config::Council) -> shared::domain::CategoryId {
    council.categories[0].id.clone()
}
