//! The consent issue's own check, end to end through every function the local runner
//! serves (intake, consent, portal, the notifier): residents report with and without the
//! tick box; the ward's councillor sees names only where consent was given; a resident
//! withdraws from the link in their email and the councillor's next page shows no name; a
//! councillor from another ward sees nothing of it; every consent record is complete and
//! unchanged after withdrawal; and a resident's erasure leaves nothing of them behind.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed, which is what unwrap says

mod common;

use std::collections::HashMap;
use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use chrono::{DateTime, Duration, TimeZone, Utc};
use shared::adapters::outbox_dir;
use shared::domain::CaseRef;
use shared::domain::consent::{ConsentChannel, ConsentEvent};
use shared::ports::{AccessLog, CaseReader, ConsentLog, FixedClock};
use tower::ServiceExt;
use wardline::{DataDir, LocalApp, default_assets_dir};

const BASE: &str = "http://wardline.test";

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 24, 10, 0, 0).unwrap()
}

struct World {
    app: LocalApp,
    data: DataDir,
    clock: Arc<FixedClock>,
    _dir: tempfile::TempDir,
}

/// One person's browser: their own cookies.
#[derive(Default)]
struct Browser {
    jar: HashMap<String, String>,
}

struct Page {
    status: StatusCode,
    location: Option<String>,
    body: String,
}

impl Page {
    fn csrf(&self) -> String {
        let i = self
            .body
            .find(r#"name="csrf" value=""#)
            .expect("a form with a CSRF token")
            + 19;
        self.body[i..].split('"').next().unwrap().to_owned()
    }
}

impl World {
    fn new() -> World {
        World::of(common::council())
    }

    fn of(council: shared::config::Council) -> World {
        let dir = tempfile::tempdir().unwrap();
        let data = DataDir(dir.path().to_owned());
        let clock = Arc::new(FixedClock::new(t0()));
        let council = council.with_base_url(BASE);
        let app = LocalApp::new(council, &data, &default_assets_dir(), clock.clone()).unwrap();
        World {
            app,
            data,
            clock,
            _dir: dir,
        }
    }

    async fn send(&self, who: &mut Browser, req: http::request::Builder, body: Body) -> Page {
        let cookie = who
            .jar
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ");
        let req = if cookie.is_empty() {
            req
        } else {
            req.header(header::COOKIE, cookie)
        };
        let res = self.app.router.clone().oneshot(req.body(body).unwrap()).await.unwrap();
        let status = res.status();
        let location = res
            .headers()
            .get(header::LOCATION)
            .map(|l| l.to_str().unwrap().to_owned());
        for c in res.headers().get_all(header::SET_COOKIE) {
            let c = c.to_str().unwrap();
            let (kv, attrs) = c.split_once(';').unwrap_or((c, ""));
            let (k, v) = kv.split_once('=').unwrap();
            if attrs.contains("Max-Age=0") {
                who.jar.remove(k);
            } else {
                who.jar.insert(k.to_owned(), v.to_owned());
            }
        }
        let body = String::from_utf8(axum::body::to_bytes(res.into_body(), 1 << 22).await.unwrap().to_vec()).unwrap();
        Page { status, location, body }
    }

    async fn get(&self, who: &mut Browser, path: &str) -> Page {
        self.send(who, Request::get(path), Body::empty()).await
    }

    async fn post(&self, who: &mut Browser, path: &str, form: &[(&str, &str)]) -> Page {
        self.send(
            who,
            Request::post(path).header(header::CONTENT_TYPE, "application/x-www-form-urlencoded"),
            Body::from(serde_urlencoded::to_string(form).unwrap()),
        )
        .await
    }

    /// Sends what is waiting and returns every email sent so far to `to`, oldest first.
    async fn mail_to(&self, to: &str) -> Vec<outbox_dir::SentMail> {
        self.app.notifier.drain(1000).await.unwrap();
        outbox_dir::list(&self.data.mail())
            .into_iter()
            .filter(|m| m.to == to)
            .collect()
    }

    /// The first link in `mail` starting with `prefix`, as a path on this site.
    fn link(mail: &outbox_dir::SentMail, prefix: &str) -> String {
        let start = mail
            .text
            .find(&format!("{BASE}{prefix}"))
            .unwrap_or_else(|| panic!("no {prefix} link in {}", mail.text));
        mail.text[start + BASE.len()..]
            .split_whitespace()
            .next()
            .unwrap()
            .to_owned()
    }

    /// A resident reports through the form; returns the reference.
    async fn report(&self, name: Option<&str>, email: Option<&str>, share: bool, ward: &str) -> CaseRef {
        let mut who = Browser::default();
        let mut form = vec![
            ("category", "fly-tipping"),
            ("description", "Two fridges dumped behind the garages"),
            ("address", "Mill Lane garages"),
            ("ward", ward),
            ("reporting", if email.is_some() { "registered" } else { "anonymous" }),
        ];
        if let (Some(n), Some(e)) = (name, email) {
            form.push(("name", n));
            form.push(("email", e));
        }
        if share {
            form.push(("share_with_councillor", "yes"));
        }
        let done = self.post(&mut who, "/reports", &form).await;
        assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
        let location = done.location.unwrap();
        let reference = location.trim_start_matches("/reports/").split('/').next().unwrap();
        CaseRef::parse(reference).unwrap()
    }

    async fn sign_in(&self, email: &str) -> Browser {
        let mut who = Browser::default();
        let form = self.get(&mut who, "/sign-in").await;
        self.post(&mut who, "/sign-in", &[("email", email), ("csrf", &form.csrf())])
            .await;
        let mail = self.mail_to(email).await;
        let link = World::link(mail.last().expect("a sign-in email"), "/sign-in/");
        let confirm = self.get(&mut who, &link).await;
        let done = self.post(&mut who, &link, &[("csrf", &confirm.csrf())]).await;
        assert_eq!(done.location.as_deref(), Some("/portal"), "{}", done.body);
        who
    }
}

#[tokio::test]
async fn a_councillor_sees_names_only_with_current_consent_and_withdrawal_takes_effect_at_once() {
    let world = World::new();
    let sharing = world
        .report(Some("Priya Shah"), Some("priya.shah@example.com"), true, "riverside")
        .await;
    let private = world
        .report(Some("Owen Price"), Some("owen.price@example.com"), false, "riverside")
        .await;
    let anonymous = world.report(None, None, false, "riverside").await;

    // The ward's councillor: every case in the ward listed, no names in the list.
    let mut amira = world.sign_in("amira.patel@ashworth.example").await;
    let home = world.get(&mut amira, "/portal").await;
    assert_eq!(home.location.as_deref(), Some("/portal/ward"));
    let ward = world.get(&mut amira, "/portal/ward").await;
    assert_eq!(ward.status, StatusCode::OK);
    for r in [&sharing, &private, &anonymous] {
        assert!(ward.body.contains(r.as_str()), "{r} is in the ward list");
    }
    for name in ["Priya Shah", "Owen Price", "priya.shah@example.com"] {
        assert!(!ward.body.contains(name), "lists show nobody's details");
    }

    // Names only where consent was given.
    let page = world.get(&mut amira, &format!("/portal/cases/{sharing}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Priya Shah") && page.body.contains("priya.shah@example.com"));
    assert!(page.body.contains("Two fridges dumped behind the garages"));
    let page = world.get(&mut amira, &format!("/portal/cases/{private}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.body.contains("Owen Price") && !page.body.contains("owen.price@example.com"));
    assert!(!page.body.contains("Two fridges"), "no description without consent");
    assert!(
        !page.body.contains("Mill Lane garages"),
        "no exact location without consent"
    );
    assert!(page.body.contains("has not agreed to share"));
    let json = world.get(&mut amira, &format!("/portal/api/cases/{private}")).await;
    assert_eq!(json.status, StatusCode::OK);
    assert!(
        !json.body.contains("Owen") && !json.body.contains("fridges"),
        "{}",
        json.body
    );

    // Showing Priya's details was recorded; Owen's were never shown to anyone.
    let accesses = world.app.store.accesses(&sharing).await.unwrap();
    assert_eq!(accesses.len(), 1);
    assert_eq!(accesses[0].person, "councillor:amira-patel");
    assert!(world.app.store.accesses(&private).await.unwrap().is_empty());

    // The consent record is complete: who (a keyed hash, not the address), when, how, what
    // was shown (version and hash of the text shown), for whom (the ward's councillors).
    let records = world.app.store.consents(&sharing).await.unwrap();
    assert_eq!(records.len(), 1);
    let given = records[0].clone();
    assert_eq!(given.at, t0());
    assert_eq!(given.channel, ConsentChannel::ReportForm);
    assert!(!given.resident.contains("priya") && given.resident.len() >= 32);
    let council = &world.app.council;
    let ConsentEvent::Given { notice, scope } = &given.event else {
        panic!("a consent")
    };
    assert_eq!(notice, &council.privacy.current(shared::domain::Lang::En).shown());
    let ward_members: Vec<_> = council
        .councillors_for(&shared::domain::WardId::parse("riverside").unwrap())
        .map(|c| c.id.clone())
        .collect();
    assert_eq!(scope, &ward_members);
    assert!(world.app.store.consents(&private).await.unwrap().is_empty());

    // Priya withdraws from the link in her acknowledgement email.
    world.clock.set(t0() + Duration::hours(2));
    let mail = world.mail_to("priya.shah@example.com").await;
    let link = World::link(&mail[0], "/consent/");
    let mut priya = Browser::default();
    let settings = world.get(&mut priya, &link).await;
    assert_eq!(settings.status, StatusCode::OK);
    assert!(settings.body.contains("You are sharing your details"));
    assert!(settings.body.contains("Cllr Amira Patel"));
    let done = world
        .post(
            &mut priya,
            &link,
            &[("csrf", &settings.csrf()), ("choice", "withdraw"), ("from", "email")],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    // Withdrawing twice (a double click) records nothing more.
    world
        .post(
            &mut priya,
            &link,
            &[("csrf", &settings.csrf()), ("choice", "withdraw"), ("from", "email")],
        )
        .await;

    // The councillor's very next page shows no name.
    let page = world.get(&mut amira, &format!("/portal/cases/{sharing}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.body.contains("Priya Shah") && !page.body.contains("priya.shah@example.com"));
    assert!(!page.body.contains("Two fridges"));

    // The consent is kept exactly as given; the withdrawal is a record of its own.
    let records = world.app.store.consents(&sharing).await.unwrap();
    assert_eq!(records.len(), 2, "one consent, one withdrawal");
    assert_eq!(records[0], given, "the consent record is unchanged");
    assert_eq!(records[1].event, ConsentEvent::Withdrawn);
    assert_eq!(records[1].channel, ConsentChannel::EmailLink);
    assert_eq!(records[1].at, t0() + Duration::hours(2));
    assert_eq!(records[1].resident, given.resident);

    // And she can give it again.
    let settings = world.get(&mut priya, &link).await;
    assert!(settings.body.contains("You are not sharing your details"));
    world
        .post(
            &mut priya,
            &link,
            &[("csrf", &settings.csrf()), ("choice", "give"), ("from", "email")],
        )
        .await;
    let page = world.get(&mut amira, &format!("/portal/cases/{sharing}")).await;
    assert!(page.body.contains("Priya Shah"));
    assert_eq!(world.app.store.consents(&sharing).await.unwrap().len(), 3);

    // A councillor from another ward sees nothing of any of it.
    let mut david = world.sign_in("david.lloyd@ashworth.example").await;
    for r in [&sharing, &private, &anonymous] {
        let page = world.get(&mut david, &format!("/portal/cases/{r}")).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{r}");
        assert!(!page.body.contains("Priya") && !page.body.contains("Mill Lane"));
        let json = world.get(&mut david, &format!("/portal/api/cases/{r}")).await;
        assert_eq!(json.status, StatusCode::NOT_FOUND);
    }
    let theirs = world.get(&mut david, "/portal/ward").await;
    assert!(!theirs.body.contains(sharing.as_str()));
    // Asking for the other ward in the address is ignored: their own ward is shown.
    let sneaky = world.get(&mut david, "/portal/ward?ward=riverside").await;
    assert!(!sneaky.body.contains(sharing.as_str()));
    let export = world.get(&mut david, "/portal/ward.csv?ward=riverside").await;
    assert!(!export.body.contains(sharing.as_str()));
}

#[tokio::test]
async fn a_followed_case_tells_its_councillor_and_the_email_follows_the_consent_at_send_time() {
    let world = World::new();
    let reference = world
        .report(Some("Priya Shah"), Some("priya.shah@example.com"), true, "riverside")
        .await;
    let mut amira = world.sign_in("amira.patel@ashworth.example").await;
    let page = world.get(&mut amira, &format!("/portal/cases/{reference}")).await;
    let follow = world
        .post(
            &mut amira,
            &format!("/portal/cases/{reference}/follow"),
            &[("csrf", &page.csrf()), ("action", "follow")],
        )
        .await;
    assert_eq!(follow.status, StatusCode::SEE_OTHER);
    let following = world.get(&mut amira, "/portal/following").await;
    assert!(following.body.contains(reference.as_str()));
    // An edited cursor starts at the top: the store reads it as "from the start".
    let edited = world.get(&mut amira, "/portal/following?after=%27%3Bdrop").await;
    assert_eq!(edited.status, StatusCode::OK);
    assert!(edited.body.contains(reference.as_str()));
    let edited = world
        .get(&mut amira, "/portal/ward?after=nonsense&from=2026-13-45")
        .await;
    assert_eq!(
        edited.status,
        StatusCode::BAD_REQUEST,
        "a date that is not a date says so"
    );
    assert!(edited.body.contains("Reported from must be a real date"));

    // An officer moves it on: the councillor is told, with the resident's details.
    let mut jane = world.sign_in("jane.smith@ashworth.example").await;
    let case_page = world.get(&mut jane, &format!("/portal/cases/{reference}")).await;
    let version = world.app.store.case(&reference).await.unwrap().unwrap().case.version;
    let updated = world
        .post(
            &mut jane,
            &format!("/portal/cases/{reference}/status"),
            &[
                ("csrf", &case_page.csrf()),
                ("status", "in_progress"),
                ("version", &version.to_string()),
                ("public_note", "A crew is on its way"),
                ("internal_note", "Needs the caged van"),
            ],
        )
        .await;
    assert_eq!(updated.status, StatusCode::SEE_OTHER, "{}", updated.body);
    // The councillor sees what the resident was told, not the officers' internal note.
    let page = world.get(&mut amira, &format!("/portal/cases/{reference}")).await;
    assert!(page.body.contains("A crew is on its way"));
    assert!(!page.body.contains("caged van"));
    let news = world.mail_to("amira.patel@ashworth.example").await;
    let news = news
        .iter()
        .find(|m| m.subject.contains(reference.as_str()))
        .expect("news");
    assert!(news.text.contains("Priya Shah"), "{}", news.text);
    // Every other output the councillor has: the case's JSON (consented: whole), the ward
    // CSV, and the email's HTML. None carries the internal note or the resident's key.
    let json = world.get(&mut amira, &format!("/portal/api/cases/{reference}")).await;
    assert_eq!(json.status, StatusCode::OK);
    assert!(json.body.contains("Priya Shah") && json.body.contains("A crew is on its way"));
    let csv = world.get(&mut amira, "/portal/ward.csv?ward=riverside").await;
    for (output, text) in [("json", &json.body), ("csv", &csv.body), ("email", &news.html)] {
        assert!(!text.contains("caged van"), "{output} carries the internal note");
        assert!(
            !text.contains("resident_key") && !text.contains("key-of"),
            "{output} carries the key"
        );
    }

    // Priya withdraws; the next news carries no name, though it was queued the same way.
    let mail = world.mail_to("priya.shah@example.com").await;
    let link = World::link(&mail[0], "/consent/");
    let mut priya = Browser::default();
    let settings = world.get(&mut priya, &link).await;
    world
        .post(&mut priya, &link, &[("csrf", &settings.csrf()), ("choice", "withdraw")])
        .await;
    let case_page = world.get(&mut jane, &format!("/portal/cases/{reference}")).await;
    let version = world.app.store.case(&reference).await.unwrap().unwrap().case.version;
    world
        .post(
            &mut jane,
            &format!("/portal/cases/{reference}/status"),
            &[
                ("csrf", &case_page.csrf()),
                ("status", "fixed"),
                ("version", &version.to_string()),
            ],
        )
        .await;
    let all = world.mail_to("amira.patel@ashworth.example").await;
    let done = all
        .iter()
        .find(|m| m.subject.contains("done"))
        .expect("completion news");
    assert!(
        !done.text.contains("Priya") && !done.text.contains("priya.shah"),
        "{}",
        done.text
    );
    assert!(done.text.contains(reference.as_str()));

    // The officer with the audit role sees who was shown the details, and how.
    let mut omar = world.sign_in("omar.haddad@ashworth.example").await;
    let audit = world.get(&mut omar, &format!("/portal/cases/{reference}")).await;
    assert!(audit.body.contains("Who has seen the personal details"));
    assert!(audit.body.contains("Cllr Amira Patel"));
    assert!(audit.body.contains("Email"));
    // An officer without it does not.
    let plain = world.get(&mut jane, &format!("/portal/cases/{reference}")).await;
    assert!(!plain.body.contains("Who has seen the personal details"));
}

#[tokio::test]
async fn a_councillor_logs_cases_for_a_constituent_and_as_a_resident_and_follows_both() {
    let world = World::new();
    let mut tom = world.sign_in("tom.hughes@ashworth.example").await;
    let form = world.get(&mut tom, "/portal/log").await;
    assert_eq!(form.status, StatusCode::OK);
    let csrf = form.csrf();
    // Nothing chosen: a clear error, nothing stored.
    let refused = world.post(&mut tom, "/portal/log", &[("csrf", &csrf)]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused
            .body
            .contains("Select whether you are reporting for a constituent")
    );
    // One summary lists every missing field, not the first alone.
    let summary = refused
        .body
        .split("govuk-error-summary__list")
        .nth(1)
        .unwrap_or_default();
    let summary = summary.split("</ul>").next().unwrap_or_default();
    assert!(summary.matches("<li>").count() >= 3, "{summary}");
    assert!(
        summary.contains("#capacity") && summary.contains("#description"),
        "{summary}"
    );

    let for_constituent = world
        .post(
            &mut tom,
            "/portal/log",
            &[
                ("csrf", &csrf),
                ("capacity", "constituent"),
                ("category", "fly-tipping"),
                ("description", "Sofa left in the alley"),
                ("address", "Back of Canal Street"),
                // Outside his ward: he sees it anyway, because he logged it.
                ("ward", "millbrook"),
                ("name", "Rita Moss"),
                ("email", "rita.moss@example.com"),
            ],
        )
        .await;
    assert_eq!(
        for_constituent.status,
        StatusCode::SEE_OTHER,
        "{}",
        for_constituent.body
    );
    let page = world.get(&mut tom, for_constituent.location.as_deref().unwrap()).await;
    assert!(page.body.contains("Rita Moss") && page.body.contains("You logged it for a constituent"));
    let as_resident = world
        .post(
            &mut tom,
            "/portal/log",
            &[
                ("csrf", &csrf),
                ("capacity", "myself"),
                ("category", "fly-tipping"),
                ("description", "Bags by the bus stop"),
                ("address", "Riverside Road bus stop"),
                ("ward", "riverside"),
            ],
        )
        .await;
    let page = world.get(&mut tom, as_resident.location.as_deref().unwrap()).await;
    assert!(page.body.contains("You reported it as a resident"));
    assert!(page.body.contains("tom.hughes@ashworth.example"));

    let following = world.get(&mut tom, "/portal/following").await;
    let rita = for_constituent.location.unwrap().rsplit('/').next().unwrap().to_owned();
    let own = as_resident.location.unwrap().rsplit('/').next().unwrap().to_owned();
    assert!(following.body.contains(&rita) && following.body.contains(&own));
    // The constituent is the reporter: she is emailed, with her own sharing link.
    let mail = world.mail_to("rita.moss@example.com").await;
    assert_eq!(mail.len(), 1);
    assert!(mail[0].text.contains("/consent/"));
    assert!(
        mail[0].text.contains("Cllr Tom Hughes logged this report for you."),
        "{}",
        mail[0].text
    );
    // The records say who logged each, and how.
    let stored = world
        .app
        .store
        .case(&CaseRef::parse(&rita).unwrap())
        .await
        .unwrap()
        .unwrap();
    let logged = stored.case.logged_by.unwrap();
    assert_eq!(logged.councillor.as_str(), "tom-hughes");
    assert_eq!(logged.capacity, shared::domain::Capacity::ForConstituent);
    assert_eq!(
        stored.history[0].actor,
        shared::domain::Actor::Councillor("tom-hughes".into())
    );
    // Millbrook's councillor sees it without the constituent's details (no consent).
    let mut david = world.sign_in("david.lloyd@ashworth.example").await;
    let theirs = world.get(&mut david, &format!("/portal/cases/{rita}")).await;
    assert_eq!(theirs.status, StatusCode::OK);
    assert!(!theirs.body.contains("Rita Moss"));
}

#[tokio::test]
async fn a_resident_gets_everything_held_about_them_and_erases_it_leaving_nothing_behind() {
    let world = World::new();
    let first = world
        .report(Some("Priya Shah"), Some("Priya.Shah@example.com"), true, "riverside")
        .await;
    let second = world
        .report(Some("Priya Shah"), Some("priya.shah@example.com"), false, "millbrook")
        .await;
    let someone_else = world
        .report(Some("Owen Price"), Some("owen.price@example.com"), false, "riverside")
        .await;
    let mut amira = world.sign_in("amira.patel@ashworth.example").await;
    world.get(&mut amira, &format!("/portal/cases/{first}")).await;

    let mut priya = Browser::default();
    let form = world.get(&mut priya, "/your-data").await;
    assert_eq!(form.status, StatusCode::OK);
    let bad = world
        .post(
            &mut priya,
            "/your-data",
            &[("csrf", &form.csrf()), ("email", "not an email")],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("Enter an email address in the correct format"));
    // An address with nothing held gets the same answer, and no email.
    let nobody = world
        .post(
            &mut priya,
            "/your-data",
            &[("csrf", &form.csrf()), ("email", "nobody@example.com")],
        )
        .await;
    let asked = world
        .post(
            &mut priya,
            "/your-data",
            &[("csrf", &form.csrf()), ("email", "priya.shah@example.com")],
        )
        .await;
    assert_eq!((nobody.status, asked.status), (StatusCode::OK, StatusCode::OK));
    assert!(nobody.body.contains("Check your email") && asked.body.contains("Check your email"));
    assert!(world.mail_to("nobody@example.com").await.is_empty());
    let mail = world.mail_to("priya.shah@example.com").await;
    let link = World::link(mail.last().unwrap(), "/your-data/");

    let overview = world.get(&mut priya, &link).await;
    assert!(overview.body.contains(first.as_str()) && overview.body.contains(second.as_str()));
    assert!(!overview.body.contains(someone_else.as_str()));
    let json = world.get(&mut priya, &format!("{link}/data.json")).await;
    let held: serde_json::Value = serde_json::from_str(&json.body).unwrap();
    assert_eq!(held["cases"].as_array().unwrap().len(), 2);
    assert!(json.body.contains("Two fridges dumped behind the garages"));
    assert!(
        json.body.contains("councillor:amira-patel"),
        "who was shown her details"
    );
    assert!(json.body.contains("2026-11-01"), "the notice she was shown");
    let csv = world.get(&mut priya, &format!("{link}/data.csv")).await;
    assert_eq!(csv.body.lines().count(), 3, "a header and one row per case");
    assert!(csv.body.contains("\"Priya Shah\""));

    // Erasing needs the box ticked.
    let unticked = world
        .post(&mut priya, &format!("{link}/erase"), &[("csrf", &overview.csrf())])
        .await;
    assert_eq!(unticked.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(unticked.body.contains("Tick the box"));
    let erased = world
        .post(
            &mut priya,
            &format!("{link}/erase"),
            &[("csrf", &overview.csrf()), ("confirm", "yes")],
        )
        .await;
    assert_eq!(erased.status, StatusCode::OK);
    assert!(erased.body.contains("from 2 reports"));

    // Nothing of her is left anywhere in the store; Owen's report is untouched.
    let everything = world.app.store.dump_all_text().await.unwrap();
    for detail in ["Priya Shah", "priya.shah@example.com", "Priya.Shah@example.com"] {
        assert!(!everything.contains(detail), "{detail} survived erasure");
    }
    assert!(everything.contains("owen.price@example.com"));
    // Her first report is still open: its description and location stay for the job
    // (UK GDPR art. 17(3)(b)) until it closes; her name and contact details are gone.
    let kept = world.app.store.case(&first).await.unwrap().unwrap();
    assert!(kept.case.status.is_open() && kept.case.details_erased());
    assert!(
        kept.case
            .personal
            .as_ref()
            .is_some_and(|p| p.reporter.is_none() && p.resident_key.is_none())
    );
    assert!(erased.body.contains("still open"));
    assert!(world.app.store.consents(&first).await.unwrap().is_empty());
    // The councillor now sees the case as statistics.
    let page = world.get(&mut amira, &format!("/portal/cases/{first}")).await;
    assert!(!page.body.contains("Priya"));
    // Her link still opens, and says nothing is held.
    let after = world.get(&mut priya, &link).await;
    assert!(after.body.contains("We no longer hold any personal details"));
}

#[tokio::test]
async fn a_councillor_follows_an_unconsented_case_and_is_told_it_is_late_without_the_residents_details() {
    let world = World::new();
    let reference = world
        .report(
            Some("Rita Unshared"),
            Some("rita.unshared@example.com"),
            false,
            "riverside",
        )
        .await;
    let mut amira = world.sign_in("amira.patel@ashworth.example").await;
    let page = world.get(&mut amira, &format!("/portal/cases/{reference}")).await;
    assert!(page.body.contains("Follow this case") && !page.body.contains("Rita"));
    let follow = world
        .post(
            &mut amira,
            &format!("/portal/cases/{reference}/follow"),
            &[("csrf", &page.csrf()), ("action", "follow")],
        )
        .await;
    assert_eq!(follow.status, StatusCode::SEE_OTHER);
    // Another ward's councillor cannot: the case is not theirs to see.
    let mut david = world.sign_in("david.lloyd@ashworth.example").await;
    let theirs = world.get(&mut david, "/portal/ward").await;
    let refused = world
        .post(
            &mut david,
            &format!("/portal/cases/{reference}/follow"),
            &[("csrf", &theirs.csrf()), ("action", "follow")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::NOT_FOUND);
    // Late: Amira is told, without Rita's name, address or description.
    let case = world.app.store.case(&reference).await.unwrap().unwrap().case;
    world
        .app
        .sweep
        .sweep(case.overdue_from + chrono::Duration::hours(1))
        .await
        .unwrap();
    world.app.notifier.drain(50).await.unwrap();
    let news = world.mail_to("amira.patel@ashworth.example").await;
    let late = news
        .iter()
        .find(|m| m.subject.contains(reference.as_str()) && m.subject.contains("late"))
        .expect("late news");
    for part in [&late.text, &late.html] {
        assert!(
            !part.contains("Rita")
                && !part.contains("rita.unshared")
                && !part.contains("Two fridges")
                && !part.contains("Mill Lane"),
            "{part}"
        );
        assert!(part.contains(reference.as_str()));
    }
}

/// A resident who uses the Welsh site: every page they see is Welsh (`lang="cy"`, with a
/// switch back to English), every email about their report is Welsh whoever causes it (the
/// acknowledgement, an officer's update, the completion, the late notice), the consent
/// record names the Welsh notice they were shown, and the emailed links they ask for from a
/// Welsh page (sign-in, their data) are Welsh too. An officer working in English meanwhile
/// sees English.
#[tokio::test]
async fn a_resident_who_reports_in_welsh_is_written_to_in_welsh_throughout() {
    use shared::domain::Lang;
    let world = World::new();
    let council = common::council();
    let mut dafydd = Browser::default();

    // The switch: the form in Welsh, and a cookie so the post and later pages stay Welsh.
    let form = world.get(&mut dafydd, "/?lang=cy").await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains(r#"<html lang="cy""#), "the page says it is Welsh");
    assert!(form.body.contains("Rhoi gwybod am broblem") && form.body.contains("Tipio anghyfreithlon"));
    assert!(
        form.body.contains(r#"href="/?lang=en" hreflang="en" lang="en""#),
        "a switch back to English, on the same page"
    );
    assert_eq!(dafydd.jar.get("wl_lang").map(String::as_str), Some("cy"));
    // A mistake: the form again, in Welsh, its switch to the form (not to the post's /reports).
    let again = world
        .post(&mut dafydd, "/reports", &[("category", "fly-tipping")])
        .await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(again.body.contains("Rhowch ddisgrifiad o'r broblem"));
    assert!(
        again.body.contains(r#"href="/?lang=en" hreflang="en""#),
        "{}",
        again.body
    );
    let sent = world
        .post(
            &mut dafydd,
            "/reports",
            &[
                ("category", "fly-tipping"),
                ("description", "Dau oergell wedi'u gadael y tu ôl i'r garejys"),
                ("address", "Garejys Lôn y Felin"),
                ("ward", "castle-hill"),
                ("reporting", "registered"),
                ("name", "Dafydd ap Gwilym"),
                ("email", "dafydd@example.com"),
                ("share_with_councillor", "yes"),
            ],
        )
        .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    let location = sent.location.unwrap();
    let reference = CaseRef::parse(location.trim_start_matches("/reports/").split('/').next().unwrap()).unwrap();
    let confirmation = world.get(&mut dafydd, &location).await;
    assert!(confirmation.body.contains(r#"<html lang="cy""#) && confirmation.body.contains("Adroddiad wedi'i anfon"));

    // The case keeps the language; the consent names the Welsh notice, its version and hash.
    let case = world.app.store.case(&reference).await.unwrap().unwrap().case;
    assert_eq!(case.lang, Lang::Cy);
    let records = world.app.store.consents(&reference).await.unwrap();
    let ConsentEvent::Given { notice, .. } = &records[0].event else {
        panic!("consent given");
    };
    let welsh = council.privacy.current(Lang::Cy);
    assert_eq!(
        (notice.lang, notice.version.as_str(), notice.text_hash.as_str()),
        (Lang::Cy, "2026-11-01", welsh.text_hash().as_str())
    );
    assert_ne!(notice.text_hash, council.privacy.current(Lang::En).text_hash());

    // An officer in English moves it on, then closes it; the resident hears in Welsh.
    let mut jane = world.sign_in("jane.smith@ashworth.example").await;
    let page = world.get(&mut jane, &format!("/portal/cases/{reference}")).await;
    assert!(page.body.contains(r#"<html lang="en""#) && page.body.contains("Fly-tipping"));
    // An update with a mistake shows the case again: its switch goes to the case.
    let refused = world
        .post(
            &mut jane,
            &format!("/portal/cases/{reference}/status"),
            &[("csrf", &page.csrf()), ("status", "on_hold"), ("version", "1")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.body);
    assert!(
        refused
            .body
            .contains(&format!(r#"href="/portal/cases/{reference}?lang=cy""#))
    );
    for (status, note) in [("in_progress", "Mae criw ar ei ffordd"), ("fixed", "Wedi'i glirio")] {
        let page = world.get(&mut jane, &format!("/portal/cases/{reference}")).await;
        let version = world.app.store.case(&reference).await.unwrap().unwrap().case.version;
        let updated = world
            .post(
                &mut jane,
                &format!("/portal/cases/{reference}/status"),
                &[
                    ("csrf", &page.csrf()),
                    ("status", status),
                    ("version", &version.to_string()),
                    ("public_note", note),
                ],
            )
            .await;
        assert_eq!(updated.status, StatusCode::SEE_OTHER, "{}", updated.body);
    }
    // Late, too: another Welsh resident's report runs past its date.
    let mut sian = Browser::default();
    world.get(&mut sian, "/?lang=cy").await;
    let welsh_late = world
        .post(
            &mut sian,
            "/reports",
            &[
                ("category", "missed-bins"),
                ("description", "Ni chafodd y bin ei wagio"),
                ("address", "9 Heol Hollins"),
                ("ward", "hollins-park"),
                ("reporting", "registered"),
                ("name", "Siân Prys"),
                ("email", "sian.cy@example.com"),
            ],
        )
        .await;
    let late_ref = CaseRef::parse(
        welsh_late
            .location
            .unwrap()
            .trim_start_matches("/reports/")
            .split('/')
            .next()
            .unwrap(),
    )
    .unwrap();
    let due = world
        .app
        .store
        .case(&late_ref)
        .await
        .unwrap()
        .unwrap()
        .case
        .overdue_from;
    world.app.sweep.sweep(due + Duration::hours(1)).await.unwrap();

    let mut mail = world.mail_to("dafydd@example.com").await;
    mail.extend(world.mail_to("sian.cy@example.com").await);
    let subjects: Vec<&str> = mail.iter().map(|m| m.subject.as_str()).collect();
    assert_eq!(mail.len(), 5, "{subjects:?}");
    let expect = [
        ("Rydym wedi cael eich adroddiad", "Golwg y Stryd"),
        ("bellach: Ar y gweill", "Mae criw ar ei ffordd"),
        ("wedi'i gwblhau: wedi'i drwsio", "1 allan o 5"),
        ("Rydym wedi cael eich adroddiad", "Bin heb ei gasglu"),
        ("yn cymryd mwy o amser nag y dylai", "mae'n ddrwg gennym"),
    ];
    for (subject, body) in expect {
        let m = mail
            .iter()
            .find(|m| m.subject.contains(subject) && m.text.contains(body))
            .unwrap_or_else(|| panic!("no email {subject:?} saying {body:?} in {subjects:?}"));
        for part in [&m.text, &m.html] {
            assert!(part.contains(body), "{body:?} not in {part}");
            assert!(part.contains("Cyngor Bwrdeistref Ashworth"), "the council's Welsh name");
            assert!(part.contains("dydd "), "dates in Welsh: {part}");
            for english in [
                "Dear ",
                "Thank you",
                "Reference",
                "Ashworth Borough Council",
                "December",
                "Friday",
            ] {
                assert!(!part.contains(english), "{english:?} in a Welsh email: {part}");
            }
        }
    }
    assert!(mail[0].html.contains(r#"lang="cy""#), "the HTML email says it is Welsh");

    // Links asked for from a Welsh page come in Welsh: sign-in and "your data".
    let mut owain = Browser::default();
    let form = world.get(&mut owain, "/sign-in?lang=cy").await;
    assert!(form.body.contains(r#"<html lang="cy""#) && form.body.contains("Mewngofnodi"));
    world
        .post(
            &mut owain,
            "/sign-in",
            &[("email", "ruth.evans@ashworth.example"), ("csrf", &form.csrf())],
        )
        .await;
    let sign_in = world.mail_to("ruth.evans@ashworth.example").await;
    assert_eq!(
        sign_in.last().unwrap().subject,
        "Mewngofnodi: Cyngor Bwrdeistref Ashworth"
    );
    let ask = world.get(&mut dafydd, "/your-data").await;
    assert!(ask.body.contains("Cael neu ddileu'r wybodaeth sydd gennym amdanoch"));
    world
        .post(
            &mut dafydd,
            "/your-data",
            &[("email", "dafydd@example.com"), ("csrf", &ask.csrf())],
        )
        .await;
    let data = world.mail_to("dafydd@example.com").await;
    assert_eq!(data.last().unwrap().subject, "Eich data: Cyngor Bwrdeistref Ashworth");
}

/// A council in England offers English only: no page shows a language switch, and asking
/// for Welsh (the address, an old cookie) still answers in English and remembers nothing.
#[tokio::test]
async fn an_english_only_council_shows_no_switch_and_never_answers_in_welsh() {
    use shared::domain::Lang;
    let mut council = common::council();
    council.languages = vec![Lang::En];
    let world = World::of(council);
    let mut jo = Browser::default();
    jo.jar.insert("wl_lang".into(), "cy".into());
    for path in [
        "/?lang=cy",
        "/reports?lang=cy",
        "/privacy?lang=cy",
        "/your-data",
        "/sign-in",
        "/performance",
    ] {
        let page = world.get(&mut jo, path).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        assert!(page.body.contains(r#"<html lang="en""#), "{path}");
        assert!(
            !page.body.contains("wl-language-select") && !page.body.contains("Cymraeg"),
            "{path}"
        );
    }
    assert_eq!(
        jo.jar.get("wl_lang").map(String::as_str),
        Some("cy"),
        "no new cookie was set"
    );

    // The same pages for the bilingual demo council carry the switch.
    let world = World::new();
    let mut jo = Browser::default();
    for path in ["/", "/reports", "/privacy", "/your-data", "/sign-in", "/performance"] {
        let page = world.get(&mut jo, path).await;
        assert!(page.body.contains(r#"<html lang="en""#), "{path}");
        assert!(
            page.body
                .contains(&format!(r#"href="{path}?lang=cy" hreflang="cy" lang="cy""#)),
            "{path}: a switch to Welsh, to the same page"
        );
    }
}

/// A councillor working in English logs a case for a Welsh-speaking constituent: the form
/// asks which language to write to them in, and every email to them is Welsh.
#[tokio::test]
async fn a_councillor_logs_a_case_for_a_constituent_who_is_written_to_in_welsh() {
    use shared::domain::Lang;
    let world = World::new();
    let mut tom = world.sign_in("tom.hughes@ashworth.example").await;
    let form = world.get(&mut tom, "/portal/log").await;
    assert!(form.body.contains("Which language should we write to them in?"));
    assert!(
        form.body.contains(r#"value="en" checked"#),
        "the councillor's own language first"
    );
    let logged = world
        .post(
            &mut tom,
            "/portal/log",
            &[
                ("csrf", &form.csrf()),
                ("capacity", "constituent"),
                ("category", "street-lighting"),
                ("description", "Golau stryd wedi diffodd ers wythnos"),
                ("address", "Stryd y Castell"),
                ("ward", "castle-hill"),
                ("name", "Eirlys Rowlands"),
                ("email", "eirlys@example.com"),
                ("language", "cy"),
            ],
        )
        .await;
    assert_eq!(logged.status, StatusCode::SEE_OTHER, "{}", logged.body);
    let reference = CaseRef::parse(logged.location.unwrap().trim_start_matches("/portal/cases/")).unwrap();
    assert_eq!(
        world.app.store.case(&reference).await.unwrap().unwrap().case.lang,
        Lang::Cy
    );
    let ack = world.mail_to("eirlys@example.com").await;
    assert!(
        ack[0].subject.starts_with("Rydym wedi cael eich adroddiad"),
        "{}",
        ack[0].subject
    );
    assert!(ack[0].text.contains("Goleuadau stryd") && ack[0].text.contains("Cyngor Bwrdeistref Ashworth"));
}
