//! The local runner: every function's router in one process, on the embedded store, with
//! mail written to a folder instead of sent.

pub mod import;
pub mod seed;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use maud::html;
use notifier::Notifier;
use retention::Retention;
use shared::adapters::outbox_dir::{self, DirMailer};
use shared::adapters::sqlite::SqliteStore;
use shared::config::Council;
use shared::ports::{Clock, SystemClock};
use shared::signing::Signer;
use shared::web::{Page, WebError, layout};
use sla_breach::SlaBreach;
use tower_http::services::ServeDir;

/// Where the runner keeps its state.
#[derive(Debug, Clone)]
pub struct DataDir(pub PathBuf);

impl DataDir {
    pub fn database(&self) -> PathBuf {
        self.0.join("wardline.db")
    }
    pub fn mail(&self) -> PathBuf {
        self.0.join("mail")
    }
    /// Residents' photos, re-encoded: `<reference>/<id>-<size>.jpg`.
    pub fn photos(&self) -> PathBuf {
        self.0.join("photos")
    }

    /// The address `wardline serve` last served on, so a separate `wardline sla-sweep`
    /// writes links that work.
    pub fn base_url_file(&self) -> PathBuf {
        self.0.join("base-url")
    }

    /// The local signing key: made on first use, kept so sessions survive a restart.
    pub fn signer(&self) -> anyhow::Result<Signer> {
        let path = self.0.join("signing.key");
        if !path.exists() {
            use rand::Rng;
            let mut rng = rand::rng();
            let key = format!("{:032x}{:032x}", rng.random::<u128>(), rng.random::<u128>());
            std::fs::create_dir_all(&self.0)?;
            std::fs::write(&path, key)?;
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600))?;
            }
        }
        Ok(Signer::new(std::fs::read_to_string(&path)?.trim())?)
    }
}

/// The compiled site assets (GOV.UK Frontend's CSS and JS, and ours), built by `npm run build`
/// in `static/`.
pub fn default_assets_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("static/dist/assets")
}

/// A running local wardline.
pub struct LocalApp {
    pub council: Arc<Council>,
    pub store: SqliteStore,
    pub notifier: Notifier,
    pub sweep: SlaBreach,
    pub retention: Retention,
    pub digest: digest::Digest,
    pub router: Router,
}

#[derive(Clone)]
struct DevState {
    mail_dir: PathBuf,
    council: Arc<Council>,
    /// Where the report page's script uploads photos ahead, as S3 takes them on AWS.
    photos: shared::adapters::photos_dir::DirPhotos,
}

impl LocalApp {
    pub fn new(council: Council, data: &DataDir, assets: &Path, clock: Arc<dyn Clock>) -> anyhow::Result<LocalApp> {
        std::fs::create_dir_all(&data.0)?;
        let council = Arc::new(council);
        let store = SqliteStore::open(&data.database())?;
        let mailer = DirMailer::new(data.mail(), clock.clone())?;
        let store_arc = Arc::new(store.clone());
        let notifier = Notifier::from_store(store_arc.clone(), Arc::new(mailer), clock.clone());
        let signer = data.signer()?;
        let photos = Arc::new(shared::adapters::photos_dir::DirPhotos::new(data.photos()));
        let intake = intake::Intake::from_store(council.clone(), store_arc.clone(), clock.clone(), signer.clone())
            .with_photos(photos.clone(), None);
        let portal = portal::Portal::from_store(council.clone(), store_arc.clone(), clock.clone(), signer.clone())
            .with_photos(photos.clone());
        let sweep = SlaBreach::from_store(council.clone(), store_arc.clone(), signer.clone());
        let retention = Retention::from_store(council.clone(), store_arc.clone()).with_photos(photos.clone());
        let digest = digest::Digest::from_store(council.clone(), store_arc.clone());
        let open311 = open311::Open311::from_store(council.clone(), store_arc.clone(), clock.clone(), signer.clone());
        let consent =
            consent::Consent::from_store(council.clone(), store_arc, clock.clone(), signer).with_photos(photos.clone());
        let dev = DevState {
            mail_dir: data.mail(),
            council: council.clone(),
            photos: (*photos).clone(),
        };
        // Anything under /assets that is not an asset (a name too long for the file
        // system, a folder, a missing file) is "not found", never a 500.
        let assets =
            Router::new()
                .nest_service("/assets", ServeDir::new(assets))
                .layer(axum::middleware::map_response(|res: Response| async move {
                    if res.status().is_client_error() || res.status().is_server_error() {
                        WebError::NotFound.into_response()
                    } else {
                        res
                    }
                }));
        // The runner's own routes are served like each function's: error pages with the
        // council's name, a request span, the security headers.
        let local = Router::new()
            .route("/dev/mail.json", get(mail_json))
            .route("/dev/mail", get(mail_page))
            .route("/dev/mail/{file}", get(mail_file))
            .route("/dev/tiles/{z}/{x}/{y}", get(tile))
            .route(
                "/dev/uploads",
                axum::routing::post(upload).layer(axum::extract::DefaultBodyLimit::max(
                    shared::photo::MAX_FILE_BYTES + 64 * 1024,
                )),
            )
            .with_state(dev)
            .route("/health", get(|| async { "ok" }))
            .merge(assets)
            .fallback(|| async { WebError::NotFound });
        let local = shared::web::with_security_headers(
            shared::web::with_request_tracing(shared::web::with_error_pages(local, &council)),
            council.secure_cookies(),
        );
        let router = intake::router(intake)
            .merge(portal::router(portal))
            .merge(consent::router(consent))
            .merge(open311::router(open311))
            .merge(local);
        Ok(LocalApp {
            council,
            store,
            notifier,
            sweep,
            retention,
            digest,
            router,
        })
    }

    /// Drains the outbox every `every` until the process ends.
    pub fn spawn_mail_loop(&self, every: Duration) -> tokio::task::JoinHandle<()> {
        let notifier = self.notifier.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(every);
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                tick.tick().await;
                if let Err(e) = notifier.drain(100).await {
                    shared::web::error::log_unexpected(&e);
                }
            }
        })
    }

    /// Runs the SLA sweep every `every` until the process ends (every 15 minutes on AWS).
    pub fn spawn_sweep_loop(&self, every: Duration, clock: Arc<dyn Clock>) -> tokio::task::JoinHandle<()> {
        let sweep = self.sweep.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(every);
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                tick.tick().await;
                if let Err(e) = sweep.sweep(clock.now()).await {
                    shared::web::error::log_unexpected(&e);
                }
            }
        })
    }

    /// Keeps the AWS schedule locally: when a run time passes while serving (07:00 London
    /// every day for the daily digests, Mondays for the weekly), queues those digests (each
    /// councillor's once). Checked every `every`; a server started after today's run time
    /// waits for the next (`wardline digest` sends one now).
    pub fn spawn_digest_loop(&self, every: Duration, clock: Arc<dyn Clock>) -> tokio::task::JoinHandle<()> {
        use shared::digest::{Cadence, latest_schedule};
        let job = self.digest.clone();
        tokio::spawn(async move {
            let started = clock.now();
            let mut tick = tokio::time::interval(every);
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                tick.tick().await;
                let now = clock.now();
                for cadence in [Cadence::Weekly, Cadence::Daily] {
                    let scheduled = latest_schedule(cadence, now);
                    if scheduled <= started {
                        continue;
                    }
                    if let Err(e) = job.run(cadence, scheduled, now).await {
                        shared::web::error::log_unexpected(&e);
                    }
                }
            }
        })
    }

    /// Anonymises cases past their retention period every `every` (daily on AWS).
    pub fn spawn_retention_loop(&self, every: Duration, clock: Arc<dyn Clock>) -> tokio::task::JoinHandle<()> {
        let job = self.retention.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(every);
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                tick.tick().await;
                if let Err(e) = job.run(clock.now()).await {
                    shared::web::error::log_unexpected(&e);
                }
            }
        })
    }

    /// Serves until Ctrl-C.
    pub async fn serve(self, listener: tokio::net::TcpListener) -> anyhow::Result<()> {
        let _mail = self.spawn_mail_loop(Duration::from_millis(500));
        let _sweep = self.spawn_sweep_loop(Duration::from_secs(60), system_clock());
        let _retention = self.spawn_retention_loop(Duration::from_secs(3600), system_clock());
        let _digest = self.spawn_digest_loop(Duration::from_secs(300), system_clock());
        axum::serve(
            listener,
            self.router.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
        Ok(())
    }
}

async fn mail_json(State(dev): State<DevState>) -> Response {
    axum::Json(outbox_dir::list(&dev.mail_dir)).into_response()
}

/// `/dev/tiles/{z}/{x}/{y}`: the same plain tile for every place, so the map works with no
/// tile server (set `WARDLINE_MAP_TILES=/dev/tiles/{z}/{x}/{y}.png`; the browser tests do).
async fn tile() -> Response {
    match shared::chart::plain_tile() {
        Some(png) => (
            [
                (axum::http::header::CONTENT_TYPE, "image/png"),
                (axum::http::header::CACHE_CONTROL, "public, max-age=3600"),
            ],
            png,
        )
            .into_response(),
        None => WebError::NotFound.into_response(),
    }
}

/// `/dev/mail/<file>`: an email as HTML, or a picture it carried, from the local mail folder.
/// `POST /dev/uploads`: S3's part in a photo uploaded ahead (`key`, `Content-Type`, then
/// `file`), for `wardline serve`: an image of at most 12 MB under an upload id, or a 400.
async fn upload(State(dev): State<DevState>, mut form: axum::extract::Multipart) -> Response {
    let (mut key, mut content_type) = (String::new(), String::new());
    while let Ok(Some(field)) = form.next_field().await {
        match field.name().unwrap_or_default() {
            "key" => key = field.text().await.unwrap_or_default(),
            "Content-Type" => content_type = field.text().await.unwrap_or_default(),
            "file" => {
                let Ok(bytes) = field.bytes().await else { break };
                return match dev.photos.receive_upload(&key, &content_type, &bytes).await {
                    Ok(true) => axum::http::StatusCode::NO_CONTENT.into_response(),
                    Ok(false) => axum::http::StatusCode::BAD_REQUEST.into_response(),
                    Err(e) => {
                        shared::web::error::log_unexpected(&e);
                        axum::http::StatusCode::INTERNAL_SERVER_ERROR.into_response()
                    }
                };
            }
            _ => {}
        }
    }
    axum::http::StatusCode::BAD_REQUEST.into_response()
}

async fn mail_file(State(dev): State<DevState>, axum::extract::Path(file): axum::extract::Path<String>) -> Response {
    if !outbox_dir::is_mail_file(&file) {
        return WebError::NotFound.into_response();
    }
    let Ok(bytes) = tokio::fs::read(dev.mail_dir.join(&file)).await else {
        return WebError::NotFound.into_response();
    };
    let kind = if file.ends_with(".png") {
        "image/png"
    } else {
        "text/html; charset=utf-8"
    };
    ([(axum::http::header::CONTENT_TYPE, kind)], bytes).into_response()
}

async fn mail_page(State(dev): State<DevState>) -> Response {
    let mut mails = outbox_dir::list(&dev.mail_dir);
    mails.reverse();
    let body = html! {
        h1 class="govuk-heading-l" { "Local mail" }
        p class="govuk-body" {
            "Emails wardline would have sent, newest first. The same list is at "
            a class="govuk-link" href="/dev/mail.json" { "/dev/mail.json" } "."
        }
        @if mails.is_empty() {
            p class="govuk-body" { "No emails yet. Report a problem with your contact details to get one." }
        }
        @for m in &mails {
            div class="govuk-summary-card" {
                div class="govuk-summary-card__title-wrapper" {
                    h2 class="govuk-summary-card__title" { (m.subject) }
                }
                div class="govuk-summary-card__content" {
                    p class="govuk-body-s" { "To " (m.to) ", " (m.sent_at.format("%-d %B %Y %H:%M:%S UTC")) }
                    @if !m.id.is_empty() {
                        p class="govuk-body-s" { a class="govuk-link" href={ "/dev/mail/" (m.id) ".html" } { "Open the email as HTML" } }
                    }
                    @for image in &m.images {
                        p { img src={ "/dev/mail/" (image) } alt="A picture inside the email (its figures are in the text below)" style="max-width: 100%; height: auto;"; }
                    }
                    pre class="wl-mail" { (m.text) }
                }
            }
        }
    };
    layout(&Page::new("Local mail", &dev.council.name), body).into_response()
}

pub use shared::config::demo_dir;

/// The clock the runner uses unless a test supplies its own.
pub fn system_clock() -> Arc<dyn Clock> {
    Arc::new(SystemClock)
}
