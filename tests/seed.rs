//! `wardline seed`: a year of demo cases through the real paths, with figures that agree
//! with a recount, and no email sent.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed, which is what unwrap says

use chrono::{TimeZone, Utc};
use shared::domain::performance::{Period, backlog_at};
use shared::ports::{CaseReader, Scope, Tallies, WardCases, WardFilter};
use shared::stats::Rebuild;
use wardline::seed::Seed;
use wardline::{DataDir, LocalApp, default_assets_dir, system_clock};

#[tokio::test]
async fn a_seeded_year_has_figures_a_recount_agrees_with_and_sends_no_email() {
    let dir = tempfile::tempdir().unwrap();
    let data = DataDir(dir.path().to_owned());
    let council = shared::config::Council::load(&shared::config::demo_dir()).unwrap();
    let app = LocalApp::new(council, &data, &default_assets_dir(), system_clock()).unwrap();
    let now = Utc.with_ymd_and_hms(2026, 11, 30, 12, 0, 0).unwrap();
    let seed = Seed {
        council: &app.council,
        store: std::sync::Arc::new(app.store.clone()),
        signer: &data.signer().unwrap(),
        now,
    };
    let seeded = seed.run().await.unwrap();
    assert!(seeded.cases > 1500, "{seeded:?}");
    assert!(seeded.completed_late > 100 && seeded.still_open > 10 && seeded.reopened > 10 && seeded.ratings > 100);
    assert!(
        seeded.emails_not_sent > seeded.cases,
        "acknowledgements and updates were queued"
    );
    // Nothing reached the local mail folder, and nothing is left to send.
    let mail: Vec<_> = std::fs::read_dir(data.mail())
        .map(|d| d.flatten().collect())
        .unwrap_or_default();
    assert!(mail.is_empty(), "{} emails written", mail.len());
    assert!(
        shared::ports::Outbox::ready(&app.store, now + chrono::Duration::days(1), 10)
            .await
            .unwrap()
            .is_empty()
    );
    // The cases late by now were reported late along the way: the serve loop's first sweep
    // finds nothing to send.
    assert_eq!(app.sweep.sweep(now).await.unwrap().due, 0);
    // The figures kept along the way are the figures a recount finds.
    let report = Rebuild {
        council: &app.council,
        ward_cases: &app.store,
        reader: &app.store,
        tallies: &app.store,
    }
    .run(None)
    .await
    .unwrap();
    assert_eq!((report.cases, report.drifted), (seeded.cases, 0));
    // Every quarter of the year has figures, and some open cases are late now.
    let today = now.date_naive();
    let rows = app
        .store
        .tallies(
            &Scope::Council,
            Period::year_of(today).previous().first_day(),
            shared::domain::performance::PAST_RUNNING,
        )
        .await
        .unwrap();
    let completed_this_quarter: i64 = rows
        .iter()
        .filter(|(_, b, _)| Period::quarter_of(today).contains(*b))
        .map(|(_, _, t)| t.completed)
        .sum();
    assert!(completed_this_quarter > 200, "{completed_this_quarter}");
    let late_now = backlog_at(rows.iter().map(|(_, b, t)| (*b, t)), today);
    assert!(late_now > 0 && late_now <= seeded.still_open as i64, "{late_now}");
    // The figures recomputed here from the cases themselves, cell by cell, for every ward
    // and type of problem this quarter: new, completed, within standard, late now.
    let quarter = Period::quarter_of(today);
    let london = |t: chrono::DateTime<Utc>| t.with_timezone(&chrono_tz::Europe::London).date_naive();
    for ward in &app.council.wards {
        let mut cases = Vec::new();
        let mut after = None;
        loop {
            let page = app
                .store
                .ward_cases(&ward.id, &WardFilter::default(), after.as_deref(), 500)
                .await
                .unwrap();
            cases.extend(page.items);
            match page.next {
                Some(next) => after = Some(next),
                None => break,
            }
        }
        let stored = app
            .store
            // From the quarter's start on, with the running totals: what the dashboard reads.
            .tallies(
                &Scope::Ward(ward.id.clone()),
                quarter.first_day(),
                shared::domain::performance::PAST_RUNNING,
            )
            .await
            .unwrap();
        for category in &app.council.categories {
            let mine: Vec<_> = cases.iter().filter(|c| c.category == category.id).collect();
            let new = mine.iter().filter(|c| quarter.contains(london(c.submitted_at))).count() as i64;
            let done: Vec<_> = mine
                .iter()
                .filter(|c| !c.status.is_open() && c.closed_at.is_some_and(|t| quarter.contains(london(t))))
                .collect();
            let within = done
                .iter()
                .filter(|c| c.closed_at.is_some_and(|t| london(t) <= c.expected_by))
                .count() as i64;
            let late = mine
                .iter()
                .filter(|c| c.status.is_open() && today > c.expected_by)
                .count() as i64;
            let cells: Vec<_> = stored.iter().filter(|(c, _, _)| *c == category.id).collect();
            let mut kept = shared::domain::performance::Tally::default();
            for (_, _, t) in cells.iter().filter(|(_, b, _)| quarter.contains(*b)) {
                kept.add(t);
            }
            let kept_late = backlog_at(cells.iter().map(|(_, b, t)| (*b, t)), today);
            assert_eq!(
                (kept.new, kept.completed, kept.within_standard, kept_late),
                (new, done.len() as i64, within, late),
                "{} / {}",
                ward.id,
                category.id
            );
        }
    }
    // Clearly demo data.
    let riverside = shared::domain::WardId::parse("riverside").unwrap();
    let page = app
        .store
        .ward_cases(&riverside, &WardFilter::default(), None, 5)
        .await
        .unwrap();
    for case in page.items {
        let record = app.store.case(&case.reference).await.unwrap().unwrap();
        let described = record
            .case
            .personal
            .as_ref()
            .map(|p| p.description.as_str().to_owned())
            .unwrap_or_default();
        assert!(described.starts_with("[Demo] "), "{described}");
    }
    // A second seeding would mix made-up cases with whatever is there: refused.
    let again = seed.run().await.unwrap_err();
    assert!(again.to_string().contains("already has cases"), "{again}");
}
