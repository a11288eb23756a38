//! The digest job on the embedded store: one digest per councillor per week whatever
//! happens (replays, two runs at once, a run that dies half-way), every case that went late
//! in the ward whether or not anyone follows it, nothing personal of a resident who did not
//! consent, figures that agree with a recount, and a chart inside the message.
#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed, which is what unwrap says

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use async_trait::async_trait;
use chrono::{DateTime, Duration, TimeZone, Utc};
use digest::Digest;
use shared::adapters::sqlite::SqliteStore;
use shared::config::{Council, demo_dir};
use shared::digest::Cadence;
use shared::domain::{CaseRef, ReportInput};
use shared::email::Notice;
use shared::ports::{CaseReader, DigestMark, DigestOutbox, FixedClock, Outbox, OutboxMessage, StoreError};
use shared::signing::Signer;
use shared::submission::{Origin, Submitter, submit};

/// Monday 30 November 2026, 07:00 London: the digest of the week beginning 23 November.
fn monday() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 30, 7, 0, 0).unwrap()
}

struct World {
    store: Arc<SqliteStore>,
    council: Arc<Council>,
    clock: FixedClock,
    signer: Signer,
}

impl World {
    fn new() -> World {
        World {
            store: Arc::new(SqliteStore::in_memory().unwrap()),
            council: Arc::new(
                Council::load(&demo_dir())
                    .unwrap()
                    .with_base_url("https://report.ashworth.example"),
            ),
            clock: FixedClock::new(monday()),
            signer: Signer::new("a test signing key of thirty-two characters or more").unwrap(),
        }
    }

    /// A report at `at` in `ward`, from a registered resident who did not tick "share".
    async fn report(&self, at: DateTime<Utc>, ward: &str, category: &str, name: &str) -> CaseRef {
        self.clock.set(at);
        let input = ReportInput {
            category: Some(category.into()),
            description: Some(format!("SECRET-DESCRIPTION of {name}")),
            address: Some("SECRET-ADDRESS 9 Mill Lane".into()),
            ward: Some(ward.into()),
            reporting: Some("registered".into()),
            name: Some(name.into()),
            email: Some(format!("{}@example.com", name.to_lowercase().replace(' ', "."))),
            ..ReportInput::default()
        };
        let deps = Submitter {
            council: &self.council,
            writer: self.store.as_ref(),
            reader: self.store.as_ref(),
            clock: &self.clock,
            signer: &self.signer,
        };
        let origin = Origin::resident(shared::domain::case::Channel::WebForm);
        submit(deps, &input, &origin, None).await.unwrap().reference
    }

    /// The SLA sweep at `at`: cases past their standard are reported late (the real path).
    async fn sweep(&self, at: DateTime<Utc>) {
        sla_breach::SlaBreach::from_store(self.council.clone(), self.store.clone(), self.signer.clone())
            .sweep(at)
            .await
            .unwrap();
    }

    fn job(&self) -> Digest {
        Digest::from_store(self.council.clone(), self.store.clone())
    }

    /// Every digest queued, by recipient.
    async fn digests(&self) -> BTreeMap<String, Vec<shared::email::Digest>> {
        let far = monday() + Duration::days(400);
        let mut out: BTreeMap<String, Vec<shared::email::Digest>> = BTreeMap::new();
        for id in self.store.ready(far, 10_000).await.unwrap() {
            let claimed = self
                .store
                .claim(&id, far, far + Duration::minutes(1))
                .await
                .unwrap()
                .unwrap();
            if let Notice::Digest(d) = claimed.message.notice {
                out.entry(d.to.clone()).or_default().push(d);
            }
            // Put it back as it was: claimed messages return after their lease.
        }
        out
    }
}

/// A store whose digest writes fail after `ok` of them: a run that dies half-way.
struct DiesAfter {
    inner: Arc<SqliteStore>,
    ok: usize,
    done: AtomicUsize,
}

#[async_trait]
impl DigestOutbox for DiesAfter {
    async fn enqueue_digest(&self, mark: &DigestMark, message: &OutboxMessage) -> Result<bool, StoreError> {
        if self.done.fetch_add(1, Ordering::SeqCst) >= self.ok {
            return Err(StoreError::unavailable(std::io::Error::other("the table went away")));
        }
        self.inner.enqueue_digest(mark, message).await
    }
    async fn digest_sent(&self, mark: &DigestMark) -> Result<bool, StoreError> {
        self.inner.digest_sent(mark).await
    }
}

#[tokio::test]
async fn every_councillor_gets_one_digest_a_week_through_replays_overlaps_and_a_run_that_dies() {
    let w = World::new();
    let n = w.council.councillors.len();
    // A run that dies after 4 digests, then the schedule's retry.
    let dying = Digest {
        outbox: Arc::new(DiesAfter {
            inner: w.store.clone(),
            ok: 4,
            done: AtomicUsize::new(0),
        }),
        ..w.job()
    };
    assert!(dying.run(Cadence::Weekly, monday(), monday()).await.is_err());
    let retry = w
        .job()
        .run(
            Cadence::Weekly,
            monday() + Duration::minutes(5),
            monday() + Duration::minutes(5),
        )
        .await
        .unwrap();
    assert_eq!((retry.queued, retry.already), (n - 4, 4));
    // A replay later in the week: the same week, nothing new.
    let replay = w
        .job()
        .run(Cadence::Weekly, monday(), monday() + Duration::days(2))
        .await
        .unwrap();
    assert_eq!(
        (replay.queued, replay.already, replay.from.as_str()),
        (0, n, "2026-11-23")
    );
    // Next week, two runs at once: between them, each councillor once.
    let next = monday() + Duration::days(7);
    let (one, two) = (w.job(), w.job());
    let (a, b) = tokio::join!(
        one.run(Cadence::Weekly, next, next),
        two.run(Cadence::Weekly, next, next)
    );
    let (a, b) = (a.unwrap(), b.unwrap());
    assert_eq!(a.queued + b.queued, n);
    let digests = w.digests().await;
    assert_eq!(digests.len(), n, "every councillor");
    for (to, each) in &digests {
        let mut weeks: Vec<&str> = each.iter().map(|d| d.period.as_str()).collect();
        weeks.sort();
        assert_eq!(
            weeks,
            [
                "week beginning Monday 23 November 2026",
                "week beginning Monday 30 November 2026"
            ],
            "{to}"
        );
    }
}

#[tokio::test]
async fn every_case_that_went_late_is_listed_whether_followed_or_not_with_nothing_personal() {
    let w = World::new();
    // Fly-tipping: 5 working days. Reported on 16 November, late from 24 November.
    let late = w
        .report(
            Utc.with_ymd_and_hms(2026, 11, 16, 10, 0, 0).unwrap(),
            "riverside",
            "fly-tipping",
            "Jo Bloggs",
        )
        .await;
    // Reported on the 23rd: not late in the week.
    let fresh = w
        .report(
            Utc.with_ymd_and_hms(2026, 11, 23, 10, 0, 0).unwrap(),
            "riverside",
            "fly-tipping",
            "Sam Other",
        )
        .await;
    // Another ward's late case.
    let elsewhere = w
        .report(
            Utc.with_ymd_and_hms(2026, 11, 16, 11, 0, 0).unwrap(),
            "millbrook",
            "fly-tipping",
            "Max Else",
        )
        .await;
    w.sweep(Utc.with_ymd_and_hms(2026, 11, 25, 9, 0, 0).unwrap()).await;
    w.job().run(Cadence::Weekly, monday(), monday()).await.unwrap();
    let digests = w.digests().await;
    let amira = &digests["amira.patel@ashworth.example"][0];
    let riverside = &amira.wards[0];
    let listed: Vec<&CaseRef> = riverside.went_late.iter().map(|c| &c.reference).collect();
    assert_eq!(listed, [&late], "nobody follows it; it is listed");
    assert!(!listed.contains(&&fresh) && !listed.contains(&&elsewhere));
    assert_eq!(riverside.late_at_end, 1);
    // The week's figures: one report received (the other came the week before), none
    // completed; two in the last four weeks.
    assert_eq!((riverside.rows[0].new, riverside.rows[0].completed), (1, 0));
    assert_eq!(riverside.rows[1].new, 2);
    // Rendered: nothing of the residents, the chart inside by Content-ID, under 100 KB.
    let email = Notice::Digest(amira.clone()).render();
    for part in [&email.html, &email.text] {
        for secret in [
            "Jo Bloggs",
            "jo.bloggs@example.com",
            "SECRET-DESCRIPTION",
            "SECRET-ADDRESS",
            "Sam Other",
        ] {
            assert!(!part.contains(secret), "{secret} leaked");
        }
        assert!(part.contains(late.as_str()));
    }
    assert!(email.html.len() < 100_000, "{} bytes", email.html.len());
    assert_eq!(email.inline.len(), 1);
    let cid = &email.inline[0].cid;
    assert!(email.html.contains(&format!("src=\"cid:{cid}\"")));
    assert_eq!(&email.inline[0].bytes[..4], b"\x89PNG");
    // The alt text and the plain text state the chart's figures.
    assert!(
        email.text.contains("week beginning 23 Nov: 1 received, 0 completed"),
        "{}",
        email.text
    );
    // A councillor for another ward sees only theirs.
    let david = &digests["david.lloyd@ashworth.example"][0];
    let theirs: Vec<&CaseRef> = david.wards[0].went_late.iter().map(|c| &c.reference).collect();
    assert_eq!(theirs, [&elsewhere]);
}

#[tokio::test]
async fn a_followed_case_that_changed_is_listed_and_the_lists_stop_at_ten() {
    let w = World::new();
    let mut refs = Vec::new();
    for i in 0..12 {
        refs.push(
            w.report(
                Utc.with_ymd_and_hms(2026, 11, 16, 9, i, 0).unwrap(),
                "riverside",
                "fly-tipping",
                &format!("Resident {i}"),
            )
            .await,
        );
    }
    w.sweep(Utc.with_ymd_and_hms(2026, 11, 25, 9, 0, 0).unwrap()).await;
    let amira = shared::domain::CouncillorId::parse("amira-patel").unwrap();
    shared::ports::Follows::follow(w.store.as_ref(), &amira, &refs[0], monday())
        .await
        .unwrap();
    w.job().run(Cadence::Weekly, monday(), monday()).await.unwrap();
    let digest = &w.digests().await["amira.patel@ashworth.example"][0];
    assert_eq!(
        (digest.wards[0].went_late.len(), digest.wards[0].went_late_more),
        (10, 2)
    );
    // The followed case went late in the week: a change.
    assert_eq!(
        digest.followed.iter().map(|c| &c.reference).collect::<Vec<_>>(),
        [&refs[0]]
    );
    let email = Notice::Digest(digest.clone()).render();
    assert!(
        email
            .text
            .contains("and 2 more: https://report.ashworth.example/portal/performance?area=ward:riverside"),
        "{}",
        email.text
    );
    assert!(
        email
            .html
            .contains("href=\"https://report.ashworth.example/portal/performance?area=ward:riverside\">and 2 more</a>")
    );
    // The case facts it lists read back from the store as they are.
    let first = w
        .store
        .case(&digest.wards[0].went_late[0].reference)
        .await
        .unwrap()
        .unwrap();
    assert!(first.case.breach_notified);
}

#[tokio::test]
async fn each_councillor_gets_the_digest_they_chose_from_the_next_run() {
    use shared::domain::preferences::{CouncillorPrefs, DigestFrequency};
    use shared::ports::WritePreferences;
    let w = World::new();
    let n = w.council.councillors.len();
    let choose = |digest| CouncillorPrefs {
        lang: Default::default(),
        digest,
        every_late_case: false,
    };
    w.store
        .set_prefs("councillor:amira-patel", &choose(DigestFrequency::Daily))
        .await
        .unwrap();
    w.store
        .set_prefs("councillor:david-lloyd", &choose(DigestFrequency::Never))
        .await
        .unwrap();
    let weekly = w.job().run(Cadence::Weekly, monday(), monday()).await.unwrap();
    assert_eq!((weekly.queued, weekly.not_chosen), (n - 2, 2));
    // The daily run, that morning and the next: Amira alone, a day each.
    let daily = w.job().run(Cadence::Daily, monday(), monday()).await.unwrap();
    assert_eq!(
        (daily.queued, daily.not_chosen, daily.from.as_str()),
        (1, n - 1, "2026-11-29")
    );
    let tuesday = monday() + Duration::days(1);
    assert_eq!(w.job().run(Cadence::Daily, tuesday, tuesday).await.unwrap().queued, 1);
    assert_eq!(
        w.job().run(Cadence::Daily, tuesday, tuesday).await.unwrap().queued,
        0,
        "once a day"
    );
    let digests = w.digests().await;
    assert!(!digests.contains_key("david.lloyd@ashworth.example"), "none, as chosen");
    let amira = &digests["amira.patel@ashworth.example"];
    assert_eq!(amira.len(), 2);
    assert!(amira.iter().all(|d| d.daily));
    let email = Notice::Digest(amira[0].clone()).render();
    assert!(
        email.text.contains("Late and still open at the end of the day"),
        "{}",
        email.text
    );
    assert!(email.text.contains("This week so far"));
}

/// A councillor who chose Welsh on **Your emails** gets the digest in Welsh, its figures
/// and names included; a colleague in the same ward who did not gets it in English.
#[tokio::test]
async fn a_councillor_who_chose_welsh_gets_the_digest_in_welsh() {
    use shared::domain::Lang;
    use shared::domain::preferences::CouncillorPrefs;
    use shared::ports::WritePreferences;
    let w = World::new();
    let last_week = monday() - Duration::days(6);
    w.report(last_week, "riverside", "fly-tipping", "Ann Price").await;
    w.store
        .set_prefs(
            "councillor:amira-patel",
            &CouncillorPrefs {
                lang: Some(Lang::Cy),
                ..CouncillorPrefs::default()
            },
        )
        .await
        .unwrap();
    w.job().run(Cadence::Weekly, monday(), monday()).await.unwrap();
    let digests = w.digests().await;
    let amira = &digests["amira.patel@ashworth.example"][0];
    assert_eq!(amira.lang, Lang::Cy);
    let welsh = Notice::Digest(amira.clone()).render();
    assert!(
        welsh.subject.starts_with("Eich ward: yr wythnos yn dechrau dydd Llun"),
        "{}",
        welsh.subject
    );
    assert!(welsh.html.contains(r#"<html lang="cy">"#));
    assert!(
        welsh.text.contains("Yr wythnos hon") && welsh.text.contains("Tipio anghyfreithlon"),
        "{}",
        welsh.text
    );
    assert!(!welsh.text.contains("This week") && !welsh.text.contains("Fly-tipping"));
    // Tom shares the ward and chose nothing: English, from the same figures.
    let tom = Notice::Digest(digests["tom.hughes@ashworth.example"][0].clone()).render();
    assert!(
        tom.subject.starts_with("Your ward: week beginning Monday"),
        "{}",
        tom.subject
    );
    assert!(tom.text.contains("This week") && tom.text.contains("Fly-tipping"));
}
