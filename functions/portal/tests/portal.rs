//! The portal as an officer's browser uses it: cookies, forms, redirects.
#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed, which is what unwrap says

use std::collections::HashMap;
use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use chrono::{DateTime, Duration, TimeZone, Utc};
use portal::{Portal, router};
use shared::adapters::sqlite::SqliteStore;
use shared::config::{Council, demo_dir};
use shared::domain::case::Channel;
use shared::domain::{Actor, Case, CaseEvent, CaseEventKind, CaseRef, ReportInput, Status, WardId};
use shared::email::Notice;
use shared::ports::{AccessLog, CaseReader, CaseWriter, FixedClock, Outbox, Submission};
use shared::signing::Signer;
use tower::ServiceExt;

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 24, 10, 0, 0).unwrap()
}

struct Browser {
    router: axum::Router,
    store: SqliteStore,
    /// Residents' photos, in a folder that lives as long as the test.
    photos: shared::adapters::photos_dir::DirPhotos,
    clock: Arc<FixedClock>,
    council: Arc<Council>,
    jar: HashMap<String, String>,
}

struct Page {
    status: StatusCode,
    location: Option<String>,
    set_cookies: Vec<String>,
    content_type: Option<String>,
    cache_control: Option<String>,
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

impl Browser {
    fn new(base_url: &str) -> Browser {
        let council = Arc::new(Council::load(&demo_dir()).unwrap().with_base_url(base_url));
        let store = SqliteStore::in_memory().unwrap();
        let clock = Arc::new(FixedClock::new(t0()));
        let folder = std::env::temp_dir().join(format!("wardline-portal-photos-{}", rand::random::<u64>()));
        let photos = shared::adapters::photos_dir::DirPhotos::new(folder);
        let deps = Portal::from_store(
            council.clone(),
            Arc::new(store.clone()),
            clock.clone(),
            Signer::new("a test signing key of thirty-two characters or more").unwrap(),
        )
        .with_photos(Arc::new(photos.clone()));
        Browser {
            router: router(deps),
            store,
            photos,
            clock,
            council,
            jar: HashMap::new(),
        }
    }

    /// Another browser (its own cookies) on the same portal and store.
    fn new_sharing(other: &Browser) -> Browser {
        Browser {
            router: other.router.clone(),
            store: other.store.clone(),
            photos: other.photos.clone(),
            clock: other.clock.clone(),
            council: other.council.clone(),
            jar: HashMap::new(),
        }
    }

    async fn send(&mut self, req: http::request::Builder, body: Body) -> Page {
        let cookie = self
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
        let res = self.router.clone().oneshot(req.body(body).unwrap()).await.unwrap();
        let status = res.status();
        let location = res
            .headers()
            .get(header::LOCATION)
            .map(|l| l.to_str().unwrap().to_owned());
        let set_cookies: Vec<String> = res
            .headers()
            .get_all(header::SET_COOKIE)
            .iter()
            .map(|v| v.to_str().unwrap().to_owned())
            .collect();
        for c in &set_cookies {
            let (kv, attrs) = c.split_once(';').unwrap_or((c, ""));
            let (k, v) = kv.split_once('=').unwrap();
            if attrs.contains("Max-Age=0") {
                self.jar.remove(k);
            } else {
                self.jar.insert(k.to_owned(), v.to_owned());
            }
        }
        let header_of = |name| {
            res.headers()
                .get(name)
                .map(|v: &http::HeaderValue| v.to_str().unwrap().to_owned())
        };
        let (content_type, cache_control) = (header_of(header::CONTENT_TYPE), header_of(header::CACHE_CONTROL));
        // A photo's bytes are not text: read lossily, as only pages' text is looked at.
        let body = String::from_utf8_lossy(&axum::body::to_bytes(res.into_body(), 1 << 22).await.unwrap()).into_owned();
        Page {
            status,
            location,
            set_cookies,
            content_type,
            cache_control,
            body,
        }
    }

    async fn get(&mut self, path: &str) -> Page {
        self.send(Request::get(path), Body::empty()).await
    }

    async fn post(&mut self, path: &str, form: &[(&str, &str)]) -> Page {
        let body = serde_urlencoded::to_string(form).unwrap();
        self.send(
            Request::post(path).header(header::CONTENT_TYPE, "application/x-www-form-urlencoded"),
            Body::from(body),
        )
        .await
    }

    /// The sign-in links emailed so far (and takes them out of the outbox).
    async fn sign_in_links(&self) -> Vec<String> {
        let later = self.clock_now() + Duration::days(1);
        let mut links = Vec::new();
        for id in self.store.ready(later, 100).await.unwrap() {
            let m = self
                .store
                .claim(&id, later, later + Duration::minutes(1))
                .await
                .unwrap()
                .unwrap();
            if let Notice::SignInLink(l) = m.message.notice {
                links.push(l.url.trim_start_matches("http://wardline.test").to_owned());
            }
        }
        links
    }

    fn clock_now(&self) -> DateTime<Utc> {
        use shared::ports::Clock;
        self.clock.now()
    }

    async fn ask_for_link(&mut self, email: &str) -> Page {
        let form = self.get("/sign-in").await;
        let csrf = form.csrf();
        self.post("/sign-in", &[("email", email), ("csrf", &csrf)]).await
    }

    async fn use_link(&mut self, link: &str) -> Page {
        let confirm = self.get(link).await;
        assert_eq!(confirm.status, StatusCode::OK, "{}", confirm.body);
        let csrf = confirm.csrf();
        self.post(link, &[("csrf", &csrf)]).await
    }

    async fn sign_in(&mut self, email: &str) {
        self.ask_for_link(email).await;
        let link = self.sign_in_links().await.pop().expect("a sign-in link was emailed");
        let done = self.use_link(&link).await;
        assert_eq!(
            (done.status, done.location.as_deref()),
            (StatusCode::SEE_OTHER, Some("/portal"))
        );
    }

    async fn report(&self, category: &str, ward: &str, registered: bool) -> Case {
        self.report_at(category, ward, registered, None).await
    }

    /// A report with a pin at `(lat, lng)`, if given (the ward then follows from the pin).
    async fn report_at(&self, category: &str, ward: &str, registered: bool, pin: Option<(f64, f64)>) -> Case {
        let input = ReportInput {
            lat: pin.map(|p| p.0.to_string()),
            lng: pin.map(|p| p.1.to_string()),
            category: Some(category.into()),
            description: Some("Bags of rubbish by the gate".into()),
            address: Some("1 Mill Lane".into()),
            ward: Some(ward.into()),
            reporting: Some(if registered { "registered" } else { "anonymous" }.into()),
            name: registered.then(|| "Jo Bloggs".into()),
            email: registered.then(|| "jo@example.com".into()),
            ..ReportInput::default()
        };
        let report = input.parse(&self.council.categories, &self.council.wards).unwrap();
        let category = self.council.category(&report.category).unwrap();
        use rand::SeedableRng;
        let reference = CaseRef::generate(&mut rand::rngs::StdRng::from_os_rng());
        let case = Case::open(
            reference,
            report,
            category,
            &self.council.calendar,
            Channel::WebForm,
            t0(),
        );
        let event = CaseEvent::new(
            t0(),
            Actor::Resident,
            CaseEventKind::Submitted {
                channel: Channel::WebForm,
            },
        );
        let sub = Submission {
            tallies: shared::ports::TallyChange::for_change(None, &case, &event, &self.council.calendar),
            event,
            case: case.clone(),
            outbox: vec![],
            idempotency: None,
            consent: None,
            follower: None,
        };
        self.store.submit(&sub, t0()).await.unwrap();
        case
    }
}

const JANE: &str = "jane.smith@ashworth.example";

#[tokio::test]
async fn an_officer_signs_in_with_the_emailed_link_and_lands_on_their_team_queue() {
    let mut b = Browser::new("http://wardline.test");
    let asked = b.ask_for_link(JANE).await;
    assert_eq!(asked.status, StatusCode::OK);
    assert!(asked.body.contains("Check your email"));
    let links = b.sign_in_links().await;
    assert_eq!(links.len(), 1);
    let landed = b.use_link(&links[0]).await;
    assert_eq!(landed.location.as_deref(), Some("/portal"));
    let session = landed
        .set_cookies
        .iter()
        .find(|c| c.starts_with("wl_session="))
        .unwrap();
    assert!(session.contains("HttpOnly") && session.contains("SameSite=Lax") && session.contains("Max-Age=28800"));
    assert!(!session.contains("Secure"), "plain http locally");
    assert_eq!(b.get("/portal").await.location.as_deref(), Some("/portal/queue"));
    let queue = b.get("/portal/queue").await;
    assert!(queue.body.contains("Street Scene queue") && queue.body.contains("Signed in as"));
}

#[tokio::test]
async fn on_https_the_session_cookie_is_secure() {
    let mut b = Browser::new("https://report.ashworth.example");
    b.ask_for_link(JANE).await;
    let link = b
        .sign_in_links()
        .await
        .pop()
        .unwrap()
        .replace("https://report.ashworth.example", "");
    let done = b.use_link(&link).await;
    assert!(
        done.set_cookies
            .iter()
            .any(|c| c.starts_with("wl_session=") && c.ends_with("; Secure"))
    );
}

#[tokio::test]
async fn a_sign_in_link_works_once() {
    let mut b = Browser::new("http://wardline.test");
    b.ask_for_link(JANE).await;
    let link = b.sign_in_links().await.pop().unwrap();
    b.use_link(&link).await;
    let mut other = Browser {
        jar: HashMap::new(),
        ..b
    };
    let again = other.use_link(&link).await;
    assert_eq!(again.status, StatusCode::BAD_REQUEST);
    assert!(
        again
            .body
            .contains("This sign-in link has expired or has already been used")
    );
    assert!(!other.jar.contains_key("wl_session"));
}

#[tokio::test]
async fn a_sign_in_link_expires_after_fifteen_minutes() {
    let mut b = Browser::new("http://wardline.test");
    b.ask_for_link(JANE).await;
    let link = b.sign_in_links().await.pop().unwrap();
    b.clock.set(t0() + Duration::minutes(16));
    let late = b.use_link(&link).await;
    assert_eq!(late.status, StatusCode::BAD_REQUEST);
    assert!(late.body.contains("expired"));
}

#[tokio::test]
async fn merely_opening_a_link_does_not_use_it() {
    // Mail scanners fetch links: a GET must leave the link working.
    let mut b = Browser::new("http://wardline.test");
    b.ask_for_link(JANE).await;
    let link = b.sign_in_links().await.pop().unwrap();
    for _ in 0..3 {
        assert_eq!(b.get(&link).await.status, StatusCode::OK);
    }
    assert_eq!(b.use_link(&link).await.location.as_deref(), Some("/portal"));
}

#[tokio::test]
async fn an_unknown_address_gets_the_same_answer_and_no_email() {
    let mut b = Browser::new("http://wardline.test");
    let page = b.ask_for_link("someone.else@example.com").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Check your email"));
    assert!(b.sign_in_links().await.is_empty());
}

#[tokio::test]
async fn a_malformed_address_is_explained() {
    let mut b = Browser::new("http://wardline.test");
    let page = b.ask_for_link("jane.smith").await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.body.contains("Enter an email address in the correct format"));
    assert!(page.body.contains("<title>Error: Sign in"));
}

#[tokio::test]
async fn sign_in_links_are_rate_limited_per_address() {
    let mut b = Browser::new("http://wardline.test");
    for _ in 0..portal::SIGN_IN_LIMIT {
        assert_eq!(b.ask_for_link(JANE).await.status, StatusCode::OK);
    }
    let refused = b.ask_for_link(JANE).await;
    assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(refused.body.contains("Wait 15 minutes"));
    assert_eq!(b.sign_in_links().await.len(), portal::SIGN_IN_LIMIT as usize);
    assert_eq!(
        b.ask_for_link("omar.haddad@ashworth.example").await.status,
        StatusCode::OK,
        "per address"
    );
    b.clock.set(t0() + Duration::minutes(16));
    assert_eq!(b.ask_for_link(JANE).await.status, StatusCode::OK, "a new window");
}

#[tokio::test]
async fn a_forged_or_tampered_session_cookie_is_refused() {
    let mut b = Browser::new("http://wardline.test");
    b.sign_in(JANE).await;
    let real = b.jar["wl_session"].clone();
    for forged in [
        "0123456789abcdef0123456789abcdef.9999999999.deadbeef".to_owned(),
        // One hex digit changed (to a different one: replacing a '0' with '0' is no tamper).
        {
            let i = real.find(|c: char| c.is_ascii_hexdigit()).unwrap();
            let other = if &real[i..=i] == "0" { "1" } else { "0" };
            format!("{}{other}{}", &real[..i], &real[i + 1..])
        },
        format!("{real}0"),
        String::new(),
    ] {
        b.jar.insert("wl_session".into(), forged.clone());
        let page = b.get("/portal/queue").await;
        assert_eq!(
            (page.status, page.location.as_deref()),
            (StatusCode::SEE_OTHER, Some("/sign-in?next=%2Fportal%2Fqueue")),
            "{forged}"
        );
    }
}

#[tokio::test]
async fn signing_out_ends_the_session_even_for_a_copied_cookie() {
    let mut b = Browser::new("http://wardline.test");
    b.sign_in(JANE).await;
    let copied = b.jar["wl_session"].clone();
    let queue = b.get("/portal/queue").await;
    let out = b.post("/sign-out", &[("csrf", &queue.csrf())]).await;
    assert_eq!(out.location.as_deref(), Some("/sign-in?signed_out=1"));
    assert!(!b.jar.contains_key("wl_session"));
    assert!(
        b.get("/sign-in?signed_out=1")
            .await
            .body
            .contains("You have signed out")
    );
    b.jar.insert("wl_session".into(), copied);
    assert_eq!(
        b.get("/portal/queue").await.location.as_deref(),
        Some("/sign-in?next=%2Fportal%2Fqueue")
    );
}

#[tokio::test]
async fn a_session_expires_after_eight_hours() {
    let mut b = Browser::new("http://wardline.test");
    b.sign_in(JANE).await;
    b.clock.set(t0() + Duration::hours(8) + Duration::minutes(1));
    assert_eq!(
        b.get("/portal/queue").await.location.as_deref(),
        Some("/sign-in?next=%2Fportal%2Fqueue")
    );
}

#[tokio::test]
async fn forms_posted_without_their_csrf_token_are_refused() {
    let mut b = Browser::new("http://wardline.test");
    b.get("/sign-in").await;
    let page = b.post("/sign-in", &[("email", JANE)]).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert!(page.body.contains("This form has expired"));
    assert!(b.sign_in_links().await.is_empty());

    b.sign_in(JANE).await;
    let case = b.report("fly-tipping", "riverside", true).await;
    let path = format!("/portal/cases/{}/status", case.reference);
    for token in ["", "not-the-token"] {
        let page = b
            .post(&path, &[("status", "fixed"), ("version", "1"), ("csrf", token)])
            .await;
        assert_eq!(page.status, StatusCode::FORBIDDEN);
    }
    assert_eq!(
        b.store.case(&case.reference).await.unwrap().unwrap().case.status,
        Status::Open
    );
    assert_eq!(b.post("/sign-out", &[]).await.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn without_a_session_the_portal_sends_you_to_sign_in() {
    let mut b = Browser::new("http://wardline.test");
    // Each to sign in, and back to where it was going if that is a portal page.
    for (path, to) in [
        ("/portal", "/sign-in"),
        ("/portal/queue", "/sign-in?next=%2Fportal%2Fqueue"),
        ("/portal/cases/FK7M-3RTW", "/sign-in?next=%2Fportal%2Fcases%2FFK7M-3RTW"),
    ] {
        assert_eq!(b.get(path).await.location.as_deref(), Some(to), "{path}");
    }
}

#[tokio::test]
async fn a_councillor_cannot_open_the_officers_pages() {
    let mut b = Browser::new("http://wardline.test");
    b.sign_in("amira.patel@ashworth.example").await;
    let home = b.get("/portal").await;
    assert_eq!(home.location.as_deref(), Some("/portal/ward"));
    let ward = b.get("/portal/ward").await;
    assert_eq!(ward.status, StatusCode::OK);
    assert!(ward.body.contains("Cases in Riverside"));
    let page = b.get("/portal/queue").await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert!(page.body.contains("This page is for council officers"));
}

async fn update(b: &mut Browser, case: &Case, form: &[(&str, &str)]) -> Page {
    let page = b.get(&format!("/portal/cases/{}", case.reference)).await;
    let csrf = page.csrf();
    let mut fields: Vec<(&str, &str)> = form.to_vec();
    fields.push(("csrf", &csrf));
    b.post(&format!("/portal/cases/{}/status", case.reference), &fields)
        .await
}

#[tokio::test]
async fn a_status_update_is_recorded_and_the_resident_is_told() {
    let mut b = Browser::new("http://wardline.test");
    b.sign_in(JANE).await;
    let case = b.report("fly-tipping", "riverside", true).await;
    let done = update(
        &mut b,
        &case,
        &[
            ("status", "in_progress"),
            ("version", "1"),
            ("public_note", "A crew is booked for Thursday."),
            ("internal_note", "Large items: needs the van"),
        ],
    )
    .await;
    assert_eq!(
        done.location,
        Some(format!("/portal/cases/{}?updated=1", case.reference))
    );
    let page = b.get(done.location.as_deref().unwrap()).await;
    assert!(page.body.contains("Case updated") && page.body.contains("Large items: needs the van"));
    assert!(page.body.contains("Jane Smith"), "who did it is in the history");
    let record = b.store.case(&case.reference).await.unwrap().unwrap();
    assert_eq!((record.case.status, record.case.version), (Status::InProgress, 2));
    let later = t0() + Duration::days(1);
    let ids = b.store.ready(later, 10).await.unwrap();
    assert_eq!(ids.len(), 1);
    let email = b
        .store
        .claim(&ids[0], later, later + Duration::minutes(1))
        .await
        .unwrap()
        .unwrap()
        .message
        .notice
        .render();
    assert_eq!(email.to, "jo@example.com");
    assert!(email.text.contains("A crew is booked for Thursday.") && email.text.contains("In progress"));
    assert!(!email.text.contains("needs the van"), "internal notes stay internal");
}

#[tokio::test]
async fn completing_a_case_sends_ratings_and_a_reopen_link() {
    let mut b = Browser::new("http://wardline.test");
    b.sign_in(JANE).await;
    let case = b.report("fly-tipping", "riverside", true).await;
    update(&mut b, &case, &[("status", "fixed"), ("version", "1")]).await;
    let later = t0() + Duration::days(1);
    let ids = b.store.ready(later, 10).await.unwrap();
    let notice = b
        .store
        .claim(&ids[0], later, later + Duration::minutes(1))
        .await
        .unwrap()
        .unwrap()
        .message
        .notice;
    let Notice::Completion(c) = notice else {
        panic!("a completion email")
    };
    assert_eq!(c.rating_urls.len(), 5);
    assert!(c.reopen_url.starts_with("http://wardline.test/reopen/"));
    assert!(
        b.store
            .case(&case.reference)
            .await
            .unwrap()
            .unwrap()
            .case
            .closed_at
            .is_some()
    );
}

#[tokio::test]
async fn an_update_made_on_a_stale_version_is_refused_and_explained() {
    let mut b = Browser::new("http://wardline.test");
    b.sign_in(JANE).await;
    let case = b.report("fly-tipping", "riverside", true).await;
    // Two officers open the case; the first saves.
    let opened = b.get(&format!("/portal/cases/{}", case.reference)).await;
    let csrf = opened.csrf();
    update(&mut b, &case, &[("status", "investigating"), ("version", "1")]).await;
    let stale = b
        .post(
            &format!("/portal/cases/{}/status", case.reference),
            &[("status", "fixed"), ("version", "1"), ("csrf", &csrf)],
        )
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    assert!(
        stale
            .body
            .contains("Someone else changed this case after you opened it")
    );
    let record = b.store.case(&case.reference).await.unwrap().unwrap();
    assert_eq!(record.case.status, Status::Investigating, "the first change stands");
    assert_eq!(record.history.len(), 2);
}

#[tokio::test]
async fn bad_updates_are_explained_and_change_nothing() {
    let mut b = Browser::new("http://wardline.test");
    b.sign_in(JANE).await;
    let case = b.report("fly-tipping", "riverside", false).await;
    let long = "x".repeat(2001);
    for (form, message) in [
        (vec![("version", "1")], "Select a status"),
        (vec![("status", "open"), ("version", "1")], "Select a different status"),
        (
            vec![("status", "on_the_moon"), ("version", "1")],
            "Select a status from the list",
        ),
        (
            vec![("status", "fixed"), ("version", "1"), ("internal_note", long.as_str())],
            "Note must be 2,000 characters or fewer",
        ),
    ] {
        let page = update(&mut b, &case, &form).await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "{message}");
        assert!(page.body.contains(message), "{message}");
    }
    assert_eq!(b.store.case(&case.reference).await.unwrap().unwrap().case.version, 1);
}

#[tokio::test]
async fn the_queue_lists_open_cases_soonest_due_first_with_filters_and_pages() {
    let mut b = Browser::new("http://wardline.test");
    let mut cases = Vec::new();
    for i in 0..30 {
        let ward = if i % 2 == 0 { "riverside" } else { "millbrook" };
        cases.push(
            b.report(if i % 3 == 0 { "dog-fouling" } else { "fly-tipping" }, ward, false)
                .await,
        );
    }
    b.report("street-lighting", "riverside", false).await; // another team's
    b.clock.set(t0() + Duration::days(30));
    b.sign_in(JANE).await;
    let first = b.get("/portal/queue").await;
    assert_eq!(first.body.matches("/portal/cases/").count(), 25);
    assert!(first.body.contains("Late"), "overdue cases are marked");
    let next = first
        .body
        .split(r#"href="/portal/queue?"#)
        .find(|s| s.contains("after="))
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .replace("&amp;", "&");
    let second = b.get(&format!("/portal/queue?{next}")).await;
    assert_eq!(second.body.matches("/portal/cases/").count(), 5);
    assert!(!second.body.contains("Next page"));
    let filtered = b.get("/portal/queue?ward=millbrook&category=dog-fouling").await;
    assert_eq!(filtered.body.matches("/portal/cases/").count(), 5);
    let none = b.get("/portal/queue?status=action_scheduled").await;
    assert!(none.body.contains("No open cases match these filters"));
    let junk = b
        .get("/portal/queue?ward=%00&status=closed&category=nope&team=x&after=zzz")
        .await;
    assert_eq!(
        junk.status,
        StatusCode::OK,
        "nonsense filters mean no filter, not an error"
    );
}

#[tokio::test]
async fn fixed_and_closed_cases_stay_reachable_from_the_queue() {
    let mut b = Browser::new("http://wardline.test");
    let fixed = b.report("fly-tipping", "riverside", false).await;
    let closed = b.report("dog-fouling", "millbrook", false).await;
    let open = b.report("fly-tipping", "riverside", false).await;
    b.sign_in(JANE).await;
    let done = update(&mut b, &fixed, &[("status", "fixed"), ("version", "1")]).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    b.clock.set(t0() + Duration::hours(1));
    let done = update(&mut b, &closed, &[("status", "no_further_action"), ("version", "1")]).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);

    let queue = b.get("/portal/queue").await;
    assert!(queue.body.contains(open.reference.as_str()));
    assert!(
        !queue.body.contains(fixed.reference.as_str()),
        "the queue is the open cases"
    );
    assert!(
        queue
            .body
            .contains(r#"<option value="any-closed">Any fixed or closed status</option>"#)
    );

    let all_closed = b.get("/portal/queue?status=any-closed").await;
    assert_eq!(all_closed.status, StatusCode::OK);
    assert!(
        all_closed
            .body
            .contains("Fixed and closed cases, the most recently closed first.")
    );
    assert!(all_closed.body.contains("Fixed or closed on"));
    assert!(!all_closed.body.contains(open.reference.as_str()));
    let (at_closed, at_fixed) = (
        all_closed.body.find(closed.reference.as_str()).unwrap(),
        all_closed.body.find(fixed.reference.as_str()).unwrap(),
    );
    assert!(at_closed < at_fixed, "the most recently closed first");
    assert!(all_closed.body.contains(r#"<option value="any-closed" selected>"#));

    let only_fixed = b.get("/portal/queue?status=fixed&ward=riverside").await;
    assert!(only_fixed.body.contains(fixed.reference.as_str()));
    assert!(!only_fixed.body.contains(closed.reference.as_str()));
    let none = b.get("/portal/queue?status=duplicate").await;
    assert!(none.body.contains("No fixed or closed cases match these filters."));
    // From the list, the case page still opens.
    let page = b.get(&format!("/portal/cases/{}", fixed.reference)).await;
    assert_eq!(page.status, StatusCode::OK);
}

const DANIEL: &str = "daniel.ross@ashworth.example"; // customer services, `all_teams`

#[tokio::test]
async fn officers_open_and_update_only_their_own_teams_cases() {
    let mut b = Browser::new("http://wardline.test");
    let asb = b.report("anti-social-behaviour", "riverside", true).await;
    b.sign_in(JANE).await; // street scene
    let page = b.get(&format!("/portal/cases/{}", asb.reference)).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert!(page.body.contains("This case belongs to another team"));
    assert!(!page.body.contains("Jo Bloggs"), "nothing of the case is shown");
    assert!(
        b.store.accesses(&asb.reference).await.unwrap().is_empty(),
        "nothing shown, so nothing to audit"
    );
    // A status update posted straight at the case is refused too, and changes nothing.
    let queue = b.get("/portal/queue").await;
    let refused = b
        .post(
            &format!("/portal/cases/{}/status", asb.reference),
            &[("status", "closed"), ("version", "1"), ("csrf", &queue.csrf())],
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert_eq!(
        b.store.case(&asb.reference).await.unwrap().unwrap().case.status,
        Status::Open
    );
    // The queue offers only her own team, and another team's queue is refused.
    assert!(!queue.body.contains(r#"value="community-safety""#));
    let other = b.get("/portal/queue?team=community-safety").await;
    assert_eq!(other.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn an_officer_with_the_all_teams_role_opens_and_updates_any_teams_cases() {
    let mut b = Browser::new("http://wardline.test");
    let asb = b.report("anti-social-behaviour", "riverside", true).await;
    b.sign_in(DANIEL).await;
    let queue = b.get("/portal/queue?team=community-safety").await;
    assert_eq!(queue.status, StatusCode::OK);
    assert!(queue.body.contains(asb.reference.as_str()));
    assert!(queue.body.contains(r#"value="street-scene""#), "every team is offered");
    let page = b.get(&format!("/portal/cases/{}", asb.reference)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Jo Bloggs"));
    let done = update(&mut b, &asb, &[("status", "in_progress"), ("version", "1")]).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    assert_eq!(
        b.store.accesses(&asb.reference).await.unwrap().len(),
        2,
        "each showing audited"
    );
}

#[tokio::test]
async fn an_officer_sees_that_the_residents_details_were_erased() {
    use shared::domain::ErasureReason;
    use shared::ports::Eraser;
    let mut b = Browser::new("http://wardline.test");
    let case = b.report("fly-tipping", "riverside", true).await;
    b.store
        .erase(&case.reference, ErasureReason::ResidentRequest, t0(), None)
        .await
        .unwrap();
    b.sign_in(JANE).await;
    let page = b.get(&format!("/portal/cases/{}", case.reference)).await;
    assert!(
        page.body.contains("The resident&#39;s details were erased")
            || page.body.contains("The resident's details were erased")
    );
    assert!(
        page.body.contains("Bags of rubbish by the gate"),
        "the job's description stays while open"
    );
    assert!(!page.body.contains("Jo Bloggs"));
    let done = update(&mut b, &case, &[("status", "fixed"), ("version", "2")]).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    let later = t0() + Duration::days(1);
    assert!(b.store.ready(later, 10).await.unwrap().is_empty(), "nobody to email");
}

const AMIRA: &str = "amira.patel@ashworth.example"; // Riverside

#[tokio::test]
async fn a_councillor_reads_their_wards_performance_for_the_quarter_as_figures_and_words() {
    let mut b = Browser::new("http://wardline.test");
    let mut cases = Vec::new();
    for _ in 0..12 {
        cases.push(b.report("fly-tipping", "riverside", false).await);
    }
    b.report("fly-tipping", "millbrook", false).await; // another ward's
    b.sign_in(JANE).await;
    for case in &cases[..10] {
        let done = update(&mut b, case, &[("status", "fixed"), ("version", "1")]).await;
        assert_eq!(done.status, StatusCode::SEE_OTHER);
    }
    let mut councillor = Browser::new_sharing(&b);
    councillor.sign_in(AMIRA).await;
    let page = councillor.get("/portal/performance").await;
    assert_eq!(page.status, StatusCode::OK);
    let text = page.body.replace('\n', " ");
    assert!(
        text.contains("Performance in Riverside") && text.contains("2026/27 Q3 (Oct–Dec)"),
        "{text}"
    );
    assert!(
        text.contains("Reports received") && text.contains(">12<"),
        "12 reported in the ward, not 13"
    );
    assert!(
        text.contains("Green: 100%, at or above the 90% target"),
        "10 of 10 completed on time"
    );
    assert!(text.contains("Fly-tipping"));
    assert!(
        !text.contains("Mill Lane") && !text.contains("Bags of rubbish"),
        "figures only"
    );
    // Another quarter has nothing; an edited quarter is this one.
    let earlier = councillor.get("/portal/performance?quarter=2025-1").await;
    assert!(
        earlier
            .body
            .contains("Nothing was reported or completed in this quarter.")
    );
    let junk = councillor.get("/portal/performance?quarter=%27;x&ward=millbrook").await;
    assert_eq!(junk.status, StatusCode::OK);
    assert!(
        junk.body.contains("Performance in Riverside"),
        "not a ward of hers: her own"
    );
    // The same figures as a spreadsheet, counts only, linked from the page.
    assert!(
        text.contains("href=\"/portal/performance.csv?area=ward:riverside&amp;quarter=2026-3\""),
        "{text}"
    );
    let csv = councillor.get("/portal/performance.csv").await;
    assert_eq!(csv.status, StatusCode::OK);
    let fly = csv
        .body
        .lines()
        .find(|l| l.contains("Fly-tipping"))
        .unwrap_or_else(|| panic!("{}", csv.body));
    assert!(
        fly.contains("\"Riverside\",\"Fly-tipping\",12,10,10,100.0,\"Green: 100%"),
        "{fly}"
    );
    assert!(!csv.body.contains("Mill Lane"));
    // Two still open, neither late yet; the oldest are listed, facts only.
    assert!(text.contains("Late and still open at the end of"), "{text}");
    assert!(fly.contains(",0,\"2026-11-"), "none late: {fly}");
    assert!(text.contains("Oldest open cases") && text.contains(cases[10].reference.as_str()));
    // Officers without the manager role are sent away.
    let officer = b.get("/portal/performance").await;
    assert_eq!(officer.status, StatusCode::FORBIDDEN);
    let officer_csv = b.get("/portal/performance.csv").await;
    assert_eq!(officer_csv.status, StatusCode::FORBIDDEN);
}

const HELEN: &str = "helen.hughes@ashworth.example"; // manager

#[tokio::test]
async fn a_manager_reads_the_council_every_team_and_every_ward_and_watches_the_backlog() {
    let mut b = Browser::new("http://wardline.test");
    let mut cases = Vec::new();
    for ward in ["riverside", "riverside", "millbrook"] {
        cases.push(b.report("fly-tipping", ward, false).await);
    }
    cases.push(b.report("roads-and-footpaths", "millbrook", false).await);
    let mut manager = Browser::new_sharing(&b);
    manager.sign_in(HELEN).await;
    // Their team's queue links to the figures.
    let queue = manager.get("/portal/queue").await.body;
    assert!(queue.contains("href=\"/portal/performance\""), "{queue}");
    // The council by default; nothing is late yet.
    let page = manager.get("/portal/performance").await;
    assert_eq!(page.status, StatusCode::OK);
    let text = page.body.replace('\n', " ");
    assert!(text.contains("Performance in Ashworth"), "{text}");
    assert!(text.contains("The whole council") && text.contains("Team: Highways") && text.contains("Ward: Millbrook"));
    // A month on, all four are past their standard: the backlog at today's end is 4.
    b.clock.set(t0() + Duration::days(30));
    manager.sign_in(HELEN).await; // the first session has expired
    let later = manager.get("/portal/performance").await.body.replace('\n', " ");
    let late = later
        .split("Late and still open at the end of")
        .nth(1)
        .unwrap_or_else(|| panic!("{later}"));
    assert!(
        late.contains("<dd class=\"govuk-summary-list__value\">4</dd>"),
        "{late}"
    );
    // One ward: two of the three fly-tipping reports are Riverside's.
    let ward = manager.get("/portal/performance.csv?area=ward:riverside").await;
    let fly = ward
        .body
        .lines()
        .find(|l| l.contains("Fly-tipping"))
        .unwrap_or_else(|| panic!("{}", ward.body));
    assert!(fly.contains("\"Riverside\",\"Fly-tipping\",2,0,0,"), "{fly}");
    assert!(fly.contains(",2,\""), "both late: {fly}");
    // One team: the pothole is Highways' alone.
    let team = manager.get("/portal/performance?area=team:highways").await.body;
    assert!(team.contains("Performance in Highways"));
    // Closing a late case takes it out of the backlog; it counts as completed, not within.
    b.sign_in(JANE).await;
    let done = update(&mut b, &cases[0], &[("status", "fixed"), ("version", "1")]).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    let after = manager.get("/portal/performance.csv?area=ward:riverside").await;
    let fly = after
        .body
        .lines()
        .find(|l| l.contains("Fly-tipping"))
        .unwrap_or_default();
    assert!(fly.contains("\"Riverside\",\"Fly-tipping\",2,1,0,0.0,"), "{fly}");
    assert!(fly.contains(",1,\""), "one late now: {fly}");
    // The oldest open cases: references only (a manager opens no case by this role).
    let page = manager.get("/portal/performance").await.body;
    assert!(page.contains(cases[1].reference.as_str()));
    assert!(!page.contains(&format!("/portal/cases/{}", cases[1].reference)));
    // Five quarters by ward and by team.
    let by_ward = manager
        .get("/portal/performance/standards?area=council&rows=ward")
        .await;
    assert_eq!(by_ward.status, StatusCode::OK);
    assert!(by_ward.body.contains("Against the standards, by ward") && by_ward.body.contains("2025/26 Q3 (Oct–Dec)"));
    assert!(by_ward.body.contains("Too few to rate (n = 1)"), "{}", by_ward.body);
    let by_team = manager.get("/portal/performance/standards?rows=team").await;
    assert!(by_team.body.contains("Against the standards, by team") && by_team.body.contains("Highways"));
    // A councillor may not ask for teams, nor another ward.
    let mut councillor = Browser::new_sharing(&b);
    councillor.sign_in(AMIRA).await;
    let asked = councillor
        .get("/portal/performance/standards?rows=team&area=council")
        .await
        .body;
    assert!(asked.contains("Against the standards in Riverside"), "{asked}");
    assert!(!asked.contains("Team: Highways"));
}

#[tokio::test]
async fn the_map_counts_a_quarters_reports_into_hexagons_that_add_up_and_shows_no_one() {
    let b = Browser::new("http://wardline.test");
    // Riverside runs from 52.58 to 52.62 north, 1.26 to 1.214 west.
    let pins = [
        (52.6001, -1.2401),
        (52.6002, -1.2402),
        (52.5901, -1.2201),
        (52.6151, -1.2551),
    ];
    for pin in pins {
        b.report_at("fly-tipping", "riverside", true, Some(pin)).await;
    }
    b.report("fly-tipping", "riverside", false).await; // an address, no pin
    b.report_at("missed-bins", "riverside", false, Some((52.6001, -1.2401)))
        .await;
    let mut councillor = Browser::new_sharing(&b);
    councillor.sign_in(AMIRA).await;
    let page = councillor.get("/portal/performance/map?category=fly-tipping").await;
    assert_eq!(page.status, StatusCode::OK);
    let body = page.body;
    assert!(
        body.contains("Map of reports in Riverside") && body.contains("4 reports on the map: Fly-tipping"),
        "{body}"
    );
    assert!(body.contains("1 more report gave an address but no position"));
    // Every hexagon is titled with its count, and the counts add up to the pinned reports.
    let counted: usize = body
        .split("<title>Hexagon ")
        .skip(1)
        .map(|t| {
            let n = t.split(": ").nth(1).and_then(|r| r.split(' ').next()).unwrap_or("0");
            n.parse::<usize>().unwrap_or(0)
        })
        .sum();
    assert_eq!(counted, 4, "{body}");
    assert!(
        body.contains("<title>Hexagon 1: 2 reports</title>"),
        "the two at one place share one"
    );
    assert!(body.contains("clip-path=\"url(#area-outline)\""));
    assert!(!body.contains("Jo Bloggs") && !body.contains("Bags of rubbish") && !body.contains("52.6001"));
    // Every type: the missed bin joins the busiest hexagon.
    let all = councillor.get("/portal/performance/map").await.body;
    assert!(all.contains("<title>Hexagon 1: 3 reports</title>"), "{all}");
    // Another quarter: nothing.
    let earlier = councillor.get("/portal/performance/map?quarter=2025-1").await.body;
    assert!(earlier.contains("No reports with a position in this quarter."));
}

#[tokio::test]
async fn a_councillor_chooses_their_digest_and_late_case_emails_and_nothing_else_changes_them() {
    use shared::domain::preferences::{CouncillorPrefs, DigestFrequency};
    use shared::ports::ReadPreferences;
    let mut b = Browser::new("http://wardline.test");
    b.sign_in(AMIRA).await;
    let page = b.get("/portal/settings").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("value=\"weekly\" checked"), "weekly by default");
    let csrf = page.csrf();
    // Nothing chosen: explained, and nothing stored.
    let refused = b
        .post("/portal/settings", &[("csrf", &csrf), ("every_late_case", "yes")])
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused
            .body
            .contains("Select how often you want a summary of your wards")
    );
    assert!(refused.body.contains("govuk-error-summary"));
    let me = "councillor:amira-patel";
    assert_eq!(b.store.prefs(me).await.unwrap(), CouncillorPrefs::default());
    // Daily, and every late case.
    let saved = b
        .post(
            "/portal/settings",
            &[("csrf", &csrf), ("digest", "daily"), ("every_late_case", "yes")],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER);
    assert_eq!(
        b.store.prefs(me).await.unwrap(),
        CouncillorPrefs {
            lang: Default::default(),
            digest: DigestFrequency::Daily,
            every_late_case: true
        }
    );
    let shown = b.get("/portal/settings?saved=1").await.body;
    assert!(shown.contains("Your choices are saved.") && shown.contains("value=\"daily\" checked"));
    // The digest's language, where the council offers two: Welsh kept; a language the
    // council does not offer is the council's first.
    assert!(shown.contains("Which language should your summary be in?"));
    for (asked, kept) in [("cy", Some(shared::domain::Lang::Cy)), ("fr", None)] {
        let saved = b
            .post(
                "/portal/settings",
                &[
                    ("csrf", &csrf),
                    ("digest", "daily"),
                    ("every_late_case", "yes"),
                    ("lang", asked),
                ],
            )
            .await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER);
        assert_eq!(b.store.prefs(me).await.unwrap().lang, kept, "{asked}");
    }
    // An unknown choice is refused like none.
    let odd = b
        .post("/portal/settings", &[("csrf", &csrf), ("digest", "hourly")])
        .await;
    assert_eq!(odd.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(b.store.prefs(me).await.unwrap().digest, DigestFrequency::Daily);
    // Officers have no digest to choose.
    let mut officer = Browser::new_sharing(&b);
    officer.sign_in(JANE).await;
    assert_eq!(officer.get("/portal/settings").await.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn officers_add_notes_without_changing_the_status_and_only_the_residents_note_is_sent() {
    let mut b = Browser::new("http://wardline.test");
    b.sign_in(JANE).await;
    let case = b.report("fly-tipping", "riverside", true).await;
    // An internal note alone: the status stays, nobody is emailed.
    let done = update(
        &mut b,
        &case,
        &[
            ("status", "open"),
            ("version", "1"),
            ("internal_note", "Landowner contacted"),
        ],
    )
    .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    let later = t0() + Duration::days(1);
    assert!(b.store.ready(later, 10).await.unwrap().is_empty(), "nothing to send");
    let record = b.store.case(&case.reference).await.unwrap().unwrap();
    assert_eq!((record.case.status, record.case.version), (Status::Open, 2));
    let page = b.get(&format!("/portal/cases/{}", case.reference)).await.body;
    assert!(page.contains("Note added") && page.contains("Landowner contacted"));
    // A note for the resident: emailed with where things stand.
    let done = update(
        &mut b,
        &case,
        &[
            ("status", "open"),
            ("version", "2"),
            ("public_note", "We have asked the landowner to clear it."),
        ],
    )
    .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    let ids = b.store.ready(later, 10).await.unwrap();
    assert_eq!(ids.len(), 1);
    let email = b
        .store
        .claim(&ids[0], later, later + Duration::minutes(1))
        .await
        .unwrap()
        .unwrap()
        .message
        .notice
        .render();
    assert!(email.text.contains("We have asked the landowner to clear it.") && email.text.contains("Open"));
    assert!(!email.text.contains("Landowner contacted"));
    // Neither note moved the figures, and the status is still open.
    let record = b.store.case(&case.reference).await.unwrap().unwrap();
    assert_eq!(
        (record.case.status, record.case.version, record.history.len()),
        (Status::Open, 3, 3)
    );
    // Nothing at all: explained, nothing stored.
    let empty = update(&mut b, &case, &[("status", "open"), ("version", "3")]).await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(empty.body.contains("Select a different status, or write a note"));
}

#[tokio::test]
async fn a_signed_out_link_to_a_case_lands_on_it_after_signing_in() {
    let mut b = Browser::new("http://wardline.test");
    let case = b.report("fly-tipping", "riverside", false).await;
    let path = format!("/portal/cases/{}", case.reference);
    let first = b.get(&path).await;
    let to_sign_in = format!("/sign-in?next=%2Fportal%2Fcases%2F{}", case.reference);
    assert_eq!(first.location.as_deref(), Some(to_sign_in.as_str()));
    let form = b.get(&to_sign_in).await;
    assert!(form.body.contains(&format!("name=\"next\" value=\"{path}\"")));
    let csrf = form.csrf();
    b.post("/sign-in", &[("email", JANE), ("csrf", &csrf), ("next", &path)])
        .await;
    let link = b.sign_in_links().await.pop().unwrap();
    assert!(
        link.ends_with(&format!("?next=%2Fportal%2Fcases%2F{}", case.reference)),
        "{link}"
    );
    let confirm = b.get(&link).await;
    let csrf = confirm.csrf();
    let done = b.post(&link, &[("csrf", &csrf), ("next", &path)]).await;
    assert_eq!(done.location.as_deref(), Some(path.as_str()), "back to the case");
    // Nowhere but a portal page: another site, or a path that leaves it, is ignored.
    for bad in [
        "https://evil.example/",
        "//evil.example/portal/",
        "/portal/../x",
        "/reports/x",
    ] {
        let page = b
            .get(&format!(
                "/sign-in?next={}",
                serde_urlencoded::to_string([("x", bad)])
                    .unwrap()
                    .trim_start_matches("x=")
            ))
            .await;
        assert!(!page.body.contains("name=\"next\""), "{bad}");
    }
}

#[tokio::test]
async fn a_case_is_found_by_its_reference_from_any_portal_page() {
    let mut b = Browser::new("http://wardline.test");
    b.sign_in(JANE).await;
    let case = b.report("fly-tipping", "riverside", false).await;
    let queue = b.get("/portal/queue").await.body;
    assert!(queue.contains("action=\"/portal/find\"") && queue.contains("Find a case by its reference"));
    let typed = case.reference.as_str().to_lowercase();
    let found = b.get(&format!("/portal/find?reference={typed}")).await;
    assert_eq!(found.location, Some(format!("/portal/cases/{}", case.reference)));
    for (junk, message) in [
        ("", "Enter a case reference"),
        ("not-a-ref", "Enter a reference like FK7M-3RTW"),
    ] {
        let page = b.get(&format!("/portal/find?reference={junk}")).await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(page.body.contains(message), "{junk}");
    }
}

/// A case imported from the previous system is found by its old reference, and its page
/// shows it.
#[tokio::test]
async fn an_imported_case_is_found_by_its_reference_in_the_previous_system() {
    let mut b = Browser::new("http://wardline.test");
    b.sign_in(JANE).await; // Street Scene
    let original = "ENQ/2025/000103";
    let input = ReportInput {
        category: Some("fly-tipping".into()),
        description: Some("Mattress by the bins".into()),
        address: Some("Back of the shops".into()),
        ward: Some("riverside".into()),
        reporting: Some("anonymous".into()),
        ..ReportInput::default()
    };
    let report = input.parse(&b.council.categories, &b.council.wards).unwrap();
    let category = b.council.category(&report.category).unwrap();
    let mut case = Case::open(
        CaseRef::for_original(original),
        report,
        category,
        &b.council.calendar,
        Channel::Import,
        t0(),
    );
    case.original_reference = Some(original.into());
    let event = CaseEvent::new(
        t0(),
        Actor::System,
        CaseEventKind::Submitted {
            channel: Channel::Import,
        },
    );
    b.store
        .submit(
            &Submission {
                tallies: vec![],
                event,
                case: case.clone(),
                outbox: vec![],
                idempotency: None,
                consent: None,
                follower: None,
            },
            t0(),
        )
        .await
        .unwrap();
    let found = b.get("/portal/find?reference=%20ENQ%2F2025%2F000103%20").await;
    assert_eq!(found.location, Some(format!("/portal/cases/{}", case.reference)));
    let page = b.get(&format!("/portal/cases/{}", case.reference)).await;
    assert!(page.body.contains("Reference in the previous system"));
    assert!(page.body.contains(original));
    assert!(page.body.contains("Imported from the previous system"));
    // Another old reference, never imported: explained.
    let missing = b.get("/portal/find?reference=ENQ%2F2025%2F999999").await;
    assert_eq!(missing.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(missing.body.contains("reference in the previous system"));
}

#[tokio::test]
async fn an_officer_corrects_a_case_to_another_team_with_a_new_date_and_the_figures_follow() {
    use shared::domain::performance::PAST_RUNNING;
    use shared::ports::{Scope, Tallies};
    let mut b = Browser::new("http://wardline.test");
    b.sign_in(JANE).await; // Street Scene
    let case = b.report("fly-tipping", "riverside", true).await;
    let page = b.get(&format!("/portal/cases/{}", case.reference)).await;
    assert!(page.body.contains("Correct the type of problem or the ward"));
    let csrf = page.csrf();
    // Nothing different: explained, nothing stored.
    let same = b
        .post(
            &format!("/portal/cases/{}/correct", case.reference),
            &[
                ("csrf", &csrf),
                ("version", "1"),
                ("category", "fly-tipping"),
                ("ward", "riverside"),
            ],
        )
        .await;
    assert_eq!(same.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(same.body.contains("Choose a different type of problem or ward"));
    let junk = b
        .post(
            &format!("/portal/cases/{}/correct", case.reference),
            &[
                ("csrf", &csrf),
                ("version", "1"),
                ("category", "moon-rocks"),
                ("ward", "riverside"),
            ],
        )
        .await;
    assert_eq!(junk.status, StatusCode::UNPROCESSABLE_ENTITY);
    // Really a pothole, in Millbrook: to Highways, with Highways' standard from the start.
    let moved = b
        .post(
            &format!("/portal/cases/{}/correct", case.reference),
            &[
                ("csrf", &csrf),
                ("version", "1"),
                ("category", "roads-and-footpaths"),
                ("ward", "millbrook"),
            ],
        )
        .await;
    assert_eq!(moved.location, Some(format!("/portal/queue?moved={}", case.reference)));
    let queue = b.get(moved.location.as_deref().unwrap()).await.body;
    assert!(queue.contains("is now with Highways"), "{queue}");
    let record = b.store.case(&case.reference).await.unwrap().unwrap();
    let council = Council::load(&demo_dir()).unwrap();
    let roads = council.category(&record.case.category).unwrap();
    assert_eq!(record.case.team.as_str(), "highways");
    assert_eq!(record.case.ward.as_str(), "millbrook");
    assert_eq!(
        record.case.expected_by,
        council
            .calendar
            .due_date(case.submitted_at, roads.standard.working_days)
    );
    // Jane no longer works it.
    assert_eq!(
        b.get(&format!("/portal/cases/{}", case.reference)).await.status,
        StatusCode::FORBIDDEN
    );
    // The resident is told the new type and date.
    let later = t0() + Duration::days(1);
    let ids = b.store.ready(later, 10).await.unwrap();
    let email = b
        .store
        .claim(&ids[0], later, later + Duration::minutes(1))
        .await
        .unwrap()
        .unwrap()
        .message
        .notice
        .render();
    assert!(
        email.text.contains("Roads and footpaths") && email.text.contains("Millbrook"),
        "{}",
        email.text
    );
    // The figures moved: the report counts for Millbrook's roads, not Riverside's fly-tipping.
    let new_in = |scope: Scope| {
        let store = b.store.clone();
        async move {
            store
                .tallies(&scope, t0().date_naive() - Duration::days(7), PAST_RUNNING)
                .await
                .unwrap()
                .iter()
                .map(|(c, _, t)| (c.to_string(), t.new))
                .filter(|(_, n)| *n != 0)
                .collect::<Vec<_>>()
        }
    };
    assert!(
        new_in(Scope::Ward(WardId::parse("riverside").unwrap()))
            .await
            .is_empty()
    );
    assert_eq!(
        new_in(Scope::Ward(WardId::parse("millbrook").unwrap())).await,
        [("roads-and-footpaths".to_owned(), 1)]
    );
}

#[tokio::test]
async fn on_hold_needs_a_reason_action_scheduled_a_date_and_a_duplicate_its_original() {
    let mut b = Browser::new("http://wardline.test");
    b.sign_in(JANE).await;
    let original = b.report("fly-tipping", "riverside", false).await;
    let case = b.report("fly-tipping", "riverside", true).await;
    for (form, message) in [
        (
            vec![("status", "on_hold"), ("version", "1")],
            "Say why the case is on hold",
        ),
        (
            vec![("status", "action_scheduled"), ("version", "1")],
            "Enter the date the work is booked for",
        ),
        (
            vec![
                ("status", "action_scheduled"),
                ("version", "1"),
                ("scheduled_for", "4/12/26"),
            ],
            "like 2026-12-04",
        ),
        (
            vec![
                ("status", "action_scheduled"),
                ("version", "1"),
                ("scheduled_for", "2020-01-01"),
            ],
            "must be today or later",
        ),
        (
            vec![("status", "duplicate"), ("version", "1")],
            "Enter the reference of the report this one repeats",
        ),
        (
            vec![
                ("status", "duplicate"),
                ("version", "1"),
                ("duplicate_of", case.reference.as_str()),
            ],
            "cannot be a duplicate of itself",
        ),
        (
            vec![("status", "duplicate"), ("version", "1"), ("duplicate_of", "ACDE-FHJK")],
            "There is no report with that reference",
        ),
    ] {
        let page = update(&mut b, &case, &form).await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "{message}");
        assert!(page.body.contains(message), "{message}");
    }
    assert_eq!(
        b.store.case(&case.reference).await.unwrap().unwrap().case.version,
        1,
        "nothing stored"
    );
    // On hold, with a reason; then scheduled; then closed as a duplicate.
    let held = update(
        &mut b,
        &case,
        &[
            ("status", "on_hold"),
            ("version", "1"),
            ("internal_note", "Waiting for the landowner"),
        ],
    )
    .await;
    assert_eq!(held.status, StatusCode::SEE_OTHER);
    let booked = update(
        &mut b,
        &case,
        &[
            ("status", "action_scheduled"),
            ("version", "2"),
            ("scheduled_for", "2026-12-04"),
        ],
    )
    .await;
    assert_eq!(booked.status, StatusCode::SEE_OTHER);
    let dup = update(
        &mut b,
        &case,
        &[
            ("status", "duplicate"),
            ("version", "3"),
            ("duplicate_of", original.reference.as_str()),
        ],
    )
    .await;
    assert_eq!(dup.status, StatusCode::SEE_OTHER);
    let record = b.store.case(&case.reference).await.unwrap().unwrap();
    assert_eq!(record.case.status, Status::Duplicate);
    let page = b.get(&format!("/portal/cases/{}", case.reference)).await.body;
    assert!(page.contains("We have booked the work for Friday 4 December 2026."));
    assert!(page.contains(&format!("Duplicate of {}", original.reference)));
    // The resident's emails: labels as labels, the date and the original in words.
    let later = t0() + Duration::days(1);
    let mut subjects = Vec::new();
    let mut texts = String::new();
    for id in b.store.ready(later, 10).await.unwrap() {
        let e = b
            .store
            .claim(&id, later, later + Duration::minutes(1))
            .await
            .unwrap()
            .unwrap()
            .message
            .notice
            .render();
        subjects.push(e.subject);
        texts.push_str(&e.text);
    }
    assert!(subjects.iter().any(|s| s.ends_with("is now: On hold")), "{subjects:?}");
    assert!(
        subjects.iter().any(|s| s.ends_with("is now: Action scheduled")),
        "{subjects:?}"
    );
    assert!(texts.contains("We have booked the work for Friday 4 December 2026."));
    assert!(texts.contains(&format!("already reported as {}", original.reference)));
    assert!(
        !texts.contains("Waiting for the landowner"),
        "internal notes stay internal"
    );
}

#[tokio::test]
async fn a_councillor_reads_anonymous_as_anonymous_and_a_case_outside_their_wards_as_not_found() {
    let mut b = Browser::new("http://wardline.test");
    let anonymous = b.report("fly-tipping", "riverside", false).await;
    let elsewhere = b.report("fly-tipping", "millbrook", false).await;
    b.sign_in(AMIRA).await;
    let page = b.get(&format!("/portal/cases/{}", anonymous.reference)).await.body;
    assert!(
        page.contains("This was reported anonymously") && !page.contains("has not agreed"),
        "{page}"
    );
    let missing = b.get(&format!("/portal/cases/{}", elsewhere.reference)).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert!(missing.body.contains("No case with that reference") && !missing.body.contains("confirmation email"));
    assert!(missing.body.contains("href=\"/portal\""));
}

#[tokio::test]
async fn an_officer_corrects_where_a_case_is_and_its_ward_follows_the_point() {
    let mut b = Browser::new("http://wardline.test");
    b.sign_in(JANE).await;
    // Reported in Riverside by address; really in Millbrook (52.60, -1.20).
    let case = b.report("fly-tipping", "riverside", true).await;
    let page = b.get(&format!("/portal/cases/{}", case.reference)).await;
    let csrf = page.csrf();
    let path = format!("/portal/cases/{}/correct", case.reference);
    let base = [
        ("csrf", csrf.as_str()),
        ("version", "1"),
        ("category", "fly-tipping"),
        ("ward", "riverside"),
    ];
    // The form as shown, sent back unchanged: nothing to correct.
    let unchanged = b
        .post(&path, &[&base[..], &[("address", "1 Mill Lane")]].concat())
        .await;
    assert_eq!(unchanged.status, StatusCode::UNPROCESSABLE_ENTITY);
    for (extra, message) in [
        (vec![("lat", "52.6")], "Enter both the latitude and the longitude"),
        (vec![("lat", "51.5"), ("lng", "-0.12")], "outside the council"),
    ] {
        let refused = b.post(&path, &[&base[..], &extra[..]].concat()).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{message}");
        assert!(refused.body.contains(message), "{message}");
    }
    let moved = b
        .post(
            &path,
            &[
                &base[..],
                &[("address", "Behind 3 Brook Road"), ("lat", "52.60"), ("lng", "-1.20")],
            ]
            .concat(),
        )
        .await;
    assert_eq!(moved.status, StatusCode::SEE_OTHER);
    let record = b.store.case(&case.reference).await.unwrap().unwrap();
    assert_eq!(record.case.ward.as_str(), "millbrook", "the point's ward");
    let location = &record.case.personal.as_ref().unwrap().location;
    assert_eq!(location.address.as_deref(), Some("Behind 3 Brook Road"));
    assert!(record.case.coarse_location.is_some());
    assert!(matches!(
        record.history.last().unwrap().kind,
        CaseEventKind::Corrected { .. }
    ));
}

#[tokio::test]
async fn a_councillors_map_shows_only_roughly_where_without_consent() {
    let mut b = Browser::new("http://wardline.test");
    let case = b
        .report_at("fly-tipping", "riverside", true, Some((52.601234, -1.240123)))
        .await;
    b.sign_in(AMIRA).await;
    let page = b.get(&format!("/portal/cases/{}", case.reference)).await.body;
    assert!(
        page.contains("id=\"case-map\"") && page.contains("data-radius=\"100\""),
        "{page}"
    );
    assert!(page.contains("data-lat=\"52.601000\"") && page.contains("data-lng=\"-1.240000\""));
    assert!(
        !page.contains("52.601234") && !page.contains("1.240123"),
        "never the exact pin"
    );
    assert!(page.contains("/assets/leaflet/leaflet.js"));
    // An officer sees the pin itself.
    let mut jane = Browser::new_sharing(&b);
    jane.sign_in(JANE).await;
    let officer = jane.get(&format!("/portal/cases/{}", case.reference)).await.body;
    assert!(officer.contains("data-lat=\"52.601234\"") && !officer.contains("data-radius"));
}

/// A resident's photos: the officer of the case's team sees them; a councillor only while
/// the resident's consent covers them, read again on every request; the files are served
/// with no caching.
#[tokio::test]
async fn photos_are_shown_to_the_team_and_to_a_councillor_only_with_consent() {
    use shared::domain::consent::{ConsentChannel, ConsentEvent, ConsentRecord};
    use shared::ports::{CaseUpdater, ConsentLog, PhotoSize, PhotoWriter};
    let mut officer = Browser::new("http://wardline.test");
    officer.sign_in(JANE).await; // Street Scene
    // A registered resident's fly-tipping in Riverside, with one photo.
    let case = officer.report("fly-tipping", "riverside", true).await;
    let id = "00112233445566aa";
    let jpeg = shared::photo::process(&shared::photo::fixtures::camera_jpeg(64, 48, 1)).unwrap();
    officer
        .photos
        .put_photo(&case.reference, id, PhotoSize::Full, &jpeg.jpeg)
        .await
        .unwrap();
    officer
        .photos
        .put_photo(&case.reference, id, PhotoSize::Thumbnail, &jpeg.thumbnail)
        .await
        .unwrap();
    let mut record = officer.store.case(&case.reference).await.unwrap().unwrap().case;
    let mut with_photo = record.clone();
    with_photo.personal.as_mut().unwrap().photos = vec![shared::domain::case::PhotoMeta {
        id: id.into(),
        width: jpeg.width,
        height: jpeg.height,
    }];
    with_photo.version += 1;
    officer
        .store
        .apply(&shared::ports::CaseChange {
            expected_version: record.version,
            case: with_photo,
            event: CaseEvent::new(t0(), Actor::System, CaseEventKind::Noted),
            tallies: vec![],
            outbox: vec![],
        })
        .await
        .unwrap();
    record = officer.store.case(&case.reference).await.unwrap().unwrap().case;
    let full = format!("/portal/cases/{}/photos/{id}-full.jpg", case.reference);
    let thumb = format!("/portal/cases/{}/photos/{id}-thumb.jpg", case.reference);

    let page = officer.get(&format!("/portal/cases/{}", case.reference)).await;
    assert!(
        page.body.contains(&format!("src=\"{thumb}\"")),
        "the officer's page shows it"
    );
    assert!(page.body.contains("Photo 1 from the resident"));
    let got = officer.get(&full).await;
    assert_eq!(got.status, StatusCode::OK);
    {
        use shared::ports::AccessLog;
        let audit = officer.store.accesses(&case.reference).await.unwrap();
        assert!(
            audit
                .iter()
                .any(|r| r.person == "officer:jane-smith" && r.purpose == shared::ports::AccessPurpose::Photo),
            "opening a photo full size is audited"
        );
    }
    assert_eq!(got.content_type.as_deref(), Some("image/jpeg"));
    assert_eq!(got.cache_control.as_deref(), Some("private, no-store"));
    // Another id, or another case's path: nothing.
    assert_eq!(
        officer
            .get(&format!(
                "/portal/cases/{}/photos/ffffffffffffffff-full.jpg",
                case.reference
            ))
            .await
            .status,
        StatusCode::NOT_FOUND
    );

    let mut councillor = Browser::new_sharing(&officer);
    councillor.sign_in(AMIRA).await; // Riverside
    let page = councillor.get(&format!("/portal/cases/{}", case.reference)).await;
    assert!(!page.body.contains("/photos/"), "no consent: no photos");
    assert_eq!(councillor.get(&thumb).await.status, StatusCode::NOT_FOUND);

    let resident = record
        .personal
        .as_ref()
        .unwrap()
        .resident_key
        .clone()
        .unwrap_or_default();
    let given = ConsentRecord {
        resident: resident.clone(),
        at: t0() + chrono::Duration::minutes(5),
        channel: ConsentChannel::ReportForm,
        event: ConsentEvent::Given {
            notice: officer.council.privacy.current(shared::domain::Lang::En).shown(),
            scope: officer
                .council
                .councillors_for(&record.ward)
                .map(|c| c.id.clone())
                .collect(),
        },
    };
    officer.store.append_consent(&case.reference, &given).await.unwrap();
    let page = councillor.get(&format!("/portal/cases/{}", case.reference)).await;
    assert!(
        page.body.contains(&format!("src=\"{thumb}\"")),
        "with consent: the photos"
    );
    assert_eq!(councillor.get(&full).await.status, StatusCode::OK);

    // Withdrawn: gone on the next request.
    let withdrawn = ConsentRecord {
        at: t0() + chrono::Duration::minutes(10),
        event: ConsentEvent::Withdrawn,
        ..given
    };
    officer.store.append_consent(&case.reference, &withdrawn).await.unwrap();
    assert_eq!(councillor.get(&full).await.status, StatusCode::NOT_FOUND);
}
