//! `wardline`: run a council locally, and the jobs that run on a schedule on AWS.

use std::path::PathBuf;

use anyhow::Context;
use clap::{Parser, Subcommand};
use shared::config::Council;
use shared::domain::Lang;
use wardline::{DataDir, LocalApp, default_assets_dir, demo_dir, system_clock};

/// The most `/api/v1/wards` may weigh: Lambda's 6 MB response, less room for headers.
const WARDS_RESPONSE_MAX: usize = 5_000_000;

#[derive(Parser)]
#[command(
    name = "wardline",
    version,
    about = "Service requests and councillor casework for UK councils"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the site and every function on one port, on the embedded store.
    Serve {
        #[arg(long, default_value_t = 3000)]
        port: u16,
        /// Address to listen on. Keep it on loopback unless you mean to share it.
        #[arg(long, default_value = "127.0.0.1")]
        host: String,
        #[arg(long, default_value = ".wardline")]
        data_dir: PathBuf,
        /// The council's configuration folder (holding council.toml). Defaults to the demo.
        #[arg(long, env = "WARDLINE_CONFIG_DIR")]
        config: Option<PathBuf>,
        /// Start with no demo cases: by default, the first run of the demo council on an
        /// empty data folder fills it with a year of made-up cases (`wardline seed`).
        #[arg(long)]
        no_seed: bool,
    },
    /// Fill the data folder with a year of made-up demo cases, through the same code as real
    /// reports and officers' changes, sending no email. Refuses a folder that has cases.
    Seed {
        #[arg(long, default_value = ".wardline")]
        data_dir: PathBuf,
        #[arg(long, env = "WARDLINE_CONFIG_DIR")]
        config: Option<PathBuf>,
        /// The end of the made-up year (RFC 3339); now by default.
        #[arg(long)]
        now: Option<String>,
    },
    /// Report late cases now (the server also does this every minute). Safe to run beside a
    /// running `wardline serve`, and as often as you like: each late case is reported once.
    SlaSweep {
        #[arg(long, default_value = ".wardline")]
        data_dir: PathBuf,
        #[arg(long, env = "WARDLINE_CONFIG_DIR")]
        config: Option<PathBuf>,
        /// Pretend it is this time (RFC 3339, e.g. 2027-01-31T09:00:00Z), to see what
        /// happens when cases run late.
        #[arg(long)]
        now: Option<String>,
    },
    /// Anonymise closed cases past the council's retention period now (the server also
    /// does this every hour; on AWS, daily).
    Retention {
        #[arg(long, default_value = ".wardline")]
        data_dir: PathBuf,
        #[arg(long, env = "WARDLINE_CONFIG_DIR")]
        config: Option<PathBuf>,
        /// Pretend it is this time (RFC 3339), to see what the job would anonymise.
        #[arg(long)]
        now: Option<String>,
    },
    /// The figures behind the performance pages: recount them from the cases and repair any
    /// drift (`--check` only reports it). Reads every case; run it when the council is quiet.
    Stats {
        #[command(subcommand)]
        action: StatsAction,
        #[arg(long, default_value = ".wardline", global = true)]
        data_dir: PathBuf,
        #[arg(long, env = "WARDLINE_CONFIG_DIR", global = true)]
        config: Option<PathBuf>,
    },
    /// Queue last week's digest (or, with `--daily`, yesterday's) for every councillor who
    /// chose it and has not had it (the server does this at 07:00, as AWS does). `wardline
    /// drain` or the server then sends them.
    Digest {
        #[arg(long)]
        daily: bool,
        #[arg(long, default_value = ".wardline")]
        data_dir: PathBuf,
        #[arg(long, env = "WARDLINE_CONFIG_DIR")]
        config: Option<PathBuf>,
        /// Pretend it is this time (RFC 3339): the digest covers the last complete week
        /// before it.
        #[arg(long)]
        now: Option<String>,
    },
    /// Send any waiting emails now (the runner also does this every half second).
    Drain {
        #[arg(long, default_value = ".wardline")]
        data_dir: PathBuf,
        #[arg(long, env = "WARDLINE_CONFIG_DIR")]
        config: Option<PathBuf>,
    },
    /// List dead (given-up) emails, or make them ready to send again.
    Outbox {
        #[command(subcommand)]
        action: OutboxAction,
        #[arg(long, default_value = ".wardline", global = true)]
        data_dir: PathBuf,
    },
    /// Bring cases over from the council's previous system: a CSV file and a mapping file
    /// (see the README). Every row is checked first; with any problem nothing is written.
    /// Running it again creates nothing new.
    Import {
        /// The old system's export, CSV with a header row.
        file: PathBuf,
        /// Their columns, types of problem, statuses and wards to ours (TOML).
        #[arg(long)]
        mapping: PathBuf,
        /// Check the file and say what would be created, writing nothing.
        #[arg(long)]
        dry_run: bool,
        /// Send the residents of open cases the acknowledgement with their new reference
        /// (by default no one is emailed).
        #[arg(long)]
        email_residents: bool,
        /// Import into the deployed council's table instead of the local data folder: the
        /// table, config and signing secret from WARDLINE_TABLE, WARDLINE_CONFIG_DIR,
        /// WARDLINE_BASE_URL and WARDLINE_SIGNING_SECRET, with AWS credentials (built with
        /// `--features aws`; infra/README.md).
        #[cfg(feature = "aws")]
        #[arg(long)]
        aws: bool,
        #[arg(long, default_value = ".wardline")]
        data_dir: PathBuf,
        #[arg(long, env = "WARDLINE_CONFIG_DIR")]
        config: Option<PathBuf>,
    },
    /// Make a new Open311 API key for a client: prints the key (give it to the client, once)
    /// and the lines for `council.toml`, which keeps only its SHA-256.
    Open311Key {
        /// The client's id: letters, digits and hyphens (e.g. `confirm-back-office`).
        id: String,
        /// Let it change cases' statuses (`POST servicerequestupdates`): for the council's
        /// back office, not for apps.
        #[arg(long)]
        may_update: bool,
    },
    /// Check a council's configuration whole (council.toml, boundaries, bank holidays,
    /// privacy notices, every translation its languages need) and say what is wrong.
    Check {
        #[arg(long, env = "WARDLINE_CONFIG_DIR")]
        config: Option<PathBuf>,
    },
    /// Render the static site's pages (the report form) for upload to S3.
    BuildStatic {
        #[arg(long)]
        out: PathBuf,
        #[arg(long, env = "WARDLINE_CONFIG_DIR")]
        config: Option<PathBuf>,
    },
}

#[derive(Subcommand)]
enum OutboxAction {
    /// Emails the notifier gave up on, with the last error.
    Dead,
    /// Make every dead email ready again; `wardline serve` (or `drain`) sends them.
    Redrive,
}

#[derive(Subcommand)]
enum StatsAction {
    /// Recount the figures from the cases; replace those that drifted.
    Rebuild {
        /// Only report the drift (exit with an error if there is any); change nothing.
        #[arg(long)]
        check: bool,
    },
}

fn load_council(config: Option<PathBuf>) -> anyhow::Result<Council> {
    let dir = config.unwrap_or_else(demo_dir);
    let mut council =
        Council::load(&dir).with_context(|| format!("loading the council configuration from {}", dir.display()))?;
    // Another tile server for the map (the local one, `/dev/tiles/{z}/{x}/{y}.png`, works
    // offline and in the browser tests).
    if let Ok(tiles) = std::env::var("WARDLINE_MAP_TILES")
        && !tiles.trim().is_empty()
    {
        council.map.tiles = tiles;
    }
    let today = chrono::Utc::now().date_naive();
    if !council.calendar.covers(today + chrono::Days::new(365)) {
        tracing::warn!("the bank holiday list ends within a year: update the council's bank holidays file");
    }
    Ok(council)
}

/// `wardline import`: plans the file, reports every problem, and (unless a dry run, and
/// only if there is none) stores it with a progress bar on stderr.
async fn run_import<S>(
    council: &Council,
    store: &S,
    signer: &shared::signing::Signer,
    file: &std::path::Path,
    mapping: &std::path::Path,
    dry_run: bool,
    email_residents: bool,
) -> anyhow::Result<()>
where
    S: shared::ports::CaseWriter + shared::ports::CaseReader + shared::ports::CaseUpdater,
{
    use std::io::{IsTerminal, Write};
    use wardline::import;
    let mapping = import::Mapping::load(mapping, council).map_err(anyhow::Error::msg)?;
    let input = std::fs::File::open(file).with_context(|| format!("opening {}", file.display()))?;
    let now = chrono::Utc::now();
    let plan = import::plan(council, &mapping, std::io::BufReader::new(input), now);
    for p in &plan.problems {
        println!("line {}: {}", p.line, p.message);
    }
    let stored = import::already_stored(store, &plan).await?;
    println!(
        "{} rows: {} ready ({} new, {} imported before), {} problems",
        plan.rows,
        plan.cases.len(),
        plan.cases.len() - stored,
        stored,
        plan.problems.len()
    );
    if !plan.problems.is_empty() {
        anyhow::bail!("nothing was imported: correct the lines above (or the mapping file) and run it again");
    }
    if dry_run {
        println!("Dry run: nothing was written.");
        return Ok(());
    }
    let terminal = std::io::stderr().is_terminal();
    let mut shown = usize::MAX;
    let progress = |done: usize, total: usize| {
        let percent = (done * 100).checked_div(total).unwrap_or(100);
        if percent == shown {
            return;
        }
        shown = percent;
        let bar = format!("{}{}", "#".repeat(percent / 4), ".".repeat(25 - percent / 4));
        if terminal {
            eprint!("\r[{bar}] {percent:>3}%  {done}/{total}");
            if done == total {
                eprintln!();
            }
        } else if percent.is_multiple_of(10) {
            eprintln!("[{bar}] {percent:>3}%  {done}/{total}");
        }
        let _ = std::io::stderr().flush();
    };
    let deps = import::Importer {
        council,
        writer: store,
        reader: store,
        updater: store,
        signer,
        now,
        email_residents,
    };
    let report = import::apply(deps, &plan, progress).await?;
    for p in &report.clashes {
        println!("line {}: {}", p.line, p.message);
    }
    println!(
        "Imported {} new cases; {} were imported before; {} finished from an earlier run; {} emails queued.",
        report.created, report.already_imported, report.finished, report.emails_queued
    );
    if !report.clashes.is_empty() {
        anyhow::bail!("{} rows were not imported (see above)", report.clashes.len());
    }
    Ok(())
}

/// Seeds a running app's store (see `wardline::seed`).
async fn seed_into(
    app: &LocalApp,
    data: &DataDir,
    now: chrono::DateTime<chrono::Utc>,
) -> anyhow::Result<wardline::seed::Seeded> {
    use tracing::instrument::WithSubscriber;
    let signer = data.signer()?;
    // Quietly: every path it drives logs each case and email, and these are not news.
    wardline::seed::Seed {
        council: &app.council,
        store: std::sync::Arc::new(app.store.clone()),
        signer: &signer,
        now,
    }
    .run()
    .with_subscriber(tracing::subscriber::NoSubscriber::default())
    .await
}

/// `--now`, or the time now.
fn parse_now(now: Option<String>) -> anyhow::Result<chrono::DateTime<chrono::Utc>> {
    Ok(match now {
        Some(t) => chrono::DateTime::parse_from_rfc3339(&t)
            .with_context(|| format!("--now must be an RFC 3339 time like 2027-01-31T09:00:00Z, not {t:?}"))?
            .with_timezone(&chrono::Utc),
        None => chrono::Utc::now(),
    })
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    // Logs to stderr: stdout is for what a command prints (a sweep's report, say).
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .init();
    match Cli::parse().command {
        Command::Serve {
            port,
            host,
            data_dir,
            config,
            no_seed,
        } => {
            let listener = tokio::net::TcpListener::bind((host.as_str(), port))
                .await
                .with_context(|| format!("listening on {host}:{port} (is another wardline running? try --port)"))?;
            let addr = listener.local_addr()?;
            let base_url = format!("http://{addr}");
            let config_is_demo = config.is_none();
            let council = load_council(config)?.with_base_url(&base_url);
            let assets = default_assets_dir();
            if !assets.join("app.css").exists() {
                tracing::warn!("site assets are not built: run `make assets` (pages will be unstyled)");
            }
            let data = DataDir(data_dir);
            // The demo council on an empty data folder starts with a year of made-up cases.
            let seed_demo = config_is_demo && !no_seed && !data.database().exists();
            let app = LocalApp::new(council, &data, &assets, system_clock())?;
            if seed_demo {
                println!("Filling the demo council with a year of made-up cases (once; `--no-seed` skips it)…");
                let seeded = seed_into(&app, &data, chrono::Utc::now()).await?;
                println!("  {} demo cases made, no email sent.", seeded.cases);
            }
            std::fs::write(data.base_url_file(), &base_url)?;
            println!("\nwardline is running for {}\n", app.council.name.en);
            println!("  Report a problem:  {base_url}/");
            println!("  Check a report:    {base_url}/reports");
            println!("  Local mail:        {base_url}/dev/mail  (JSON: {base_url}/dev/mail.json)");
            println!(
                "  Officers sign in:  {base_url}/sign-in  (e.g. jane.smith@ashworth.example; the link arrives in local mail)"
            );
            println!("  Councillors too:   {base_url}/sign-in  (e.g. amira.patel@ashworth.example)");
            println!("  Managers' figures: {base_url}/portal/performance  (sign in as helen.hughes@ashworth.example)");
            println!("  Your data:         {base_url}/your-data   Privacy notice: {base_url}/privacy");
            println!("  Data:              {}\n", data.0.display());
            println!("Press Ctrl-C to stop.");
            app.serve(listener).await
        }
        Command::Seed { data_dir, config, now } => {
            let now = parse_now(now)?;
            let data = DataDir(data_dir);
            let app = LocalApp::new(load_council(config)?, &data, &default_assets_dir(), system_clock())?;
            let seeded = seed_into(&app, &data, now).await?;
            println!("{}", serde_json::to_string(&seeded)?);
            Ok(())
        }
        Command::Digest {
            daily,
            data_dir,
            config,
            now,
        } => {
            let now = parse_now(now)?;
            let data = DataDir(data_dir);
            let mut council = load_council(config)?;
            if let Ok(url) = std::fs::read_to_string(data.base_url_file()) {
                council = council.with_base_url(url.trim());
            }
            let app = LocalApp::new(council, &data, &default_assets_dir(), system_clock())?;
            let cadence = if daily {
                shared::digest::Cadence::Daily
            } else {
                shared::digest::Cadence::Weekly
            };
            let report = app.digest.run(cadence, now, chrono::Utc::now()).await?;
            println!("{}", serde_json::to_string(&report)?);
            Ok(())
        }
        Command::SlaSweep { data_dir, config, now } => {
            let now = parse_now(now)?;
            let data = DataDir(data_dir);
            let mut council = load_council(config)?;
            // Links in the emails should point where `wardline serve` is (or was) running.
            if let Ok(url) = std::fs::read_to_string(data.base_url_file()) {
                council = council.with_base_url(url.trim());
            }
            let app = LocalApp::new(council, &data, &default_assets_dir(), system_clock())?;
            let report = app.sweep.sweep(now).await?;
            println!("{}", serde_json::to_string(&report)?);
            Ok(())
        }
        Command::Retention { data_dir, config, now } => {
            let now = parse_now(now)?;
            let app = LocalApp::new(
                load_council(config)?,
                &DataDir(data_dir),
                &default_assets_dir(),
                system_clock(),
            )?;
            let report = app.retention.run(now).await?;
            println!("{}", serde_json::to_string(&report)?);
            Ok(())
        }
        Command::Drain { data_dir, config } => {
            let app = LocalApp::new(
                load_council(config)?,
                &DataDir(data_dir),
                &default_assets_dir(),
                system_clock(),
            )?;
            let report = app.notifier.drain(10_000).await?;
            println!("{}", serde_json::to_string(&report)?);
            Ok(())
        }
        Command::Stats {
            action,
            data_dir,
            config,
        } => {
            let app = LocalApp::new(
                load_council(config)?,
                &DataDir(data_dir),
                &default_assets_dir(),
                system_clock(),
            )?;
            let StatsAction::Rebuild { check } = action;
            let report = shared::stats::Rebuild {
                council: &app.council,
                ward_cases: &app.store,
                reader: &app.store,
                tallies: &app.store,
            }
            .run(if check {
                None
            } else {
                Some(&app.store as &dyn shared::ports::TallyRebuild)
            })
            .await?;
            println!("{}", serde_json::to_string(&report)?);
            if check && report.drifted > 0 {
                anyhow::bail!("{} figures differ from a recount of the cases", report.drifted);
            }
            Ok(())
        }
        Command::Outbox { action, data_dir } => {
            let app = LocalApp::new(
                load_council(None)?,
                &DataDir(data_dir),
                &default_assets_dir(),
                system_clock(),
            )?;
            match action {
                OutboxAction::Dead => {
                    for m in app.notifier.outbox.dead(10_000).await? {
                        println!("{}  attempts={}  {}", m.id, m.attempts, m.last_error);
                    }
                }
                OutboxAction::Redrive => {
                    let r = app.notifier.redrive_dead(10_000).await?;
                    println!(
                        "re-driven: {} (sent {}, retrying {}, dead again {})",
                        r.redriven, r.sent, r.retrying, r.dead
                    );
                }
            }
            Ok(())
        }
        Command::Import {
            file,
            mapping,
            dry_run,
            email_residents,
            #[cfg(feature = "aws")]
            aws,
            data_dir,
            config,
        } => {
            #[cfg(feature = "aws")]
            if aws {
                let cold = shared::adapters::lambda::ColdStart::new()
                    .await
                    .map_err(|e| anyhow::anyhow!("{e}"))?;
                let council = cold.site_council().map_err(|e| anyhow::anyhow!("{e}"))?;
                let signer = cold.signer().await.map_err(|e| anyhow::anyhow!("{e}"))?;
                let store = cold.store.clone();
                return run_import(
                    &council,
                    store.as_ref(),
                    &signer,
                    &file,
                    &mapping,
                    dry_run,
                    email_residents,
                )
                .await;
            }
            let council = load_council(config)?;
            let data = DataDir(data_dir);
            std::fs::create_dir_all(&data.0)?;
            let store = shared::adapters::sqlite::SqliteStore::open(&data.database())?;
            let signer = data.signer()?;
            run_import(&council, &store, &signer, &file, &mapping, dry_run, email_residents).await
        }
        Command::Open311Key { id, may_update } => {
            if id.is_empty() || !id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
                anyhow::bail!("a client id is letters, digits and hyphens, like confirm-back-office");
            }
            let (key, hash) = open311::new_key();
            println!("API key for {id} (give it to the client; it is not kept anywhere):\n\n  {key}\n");
            println!("Add to council.toml:\n");
            println!("[[open311.clients]]\nid = \"{id}\"\nname = \"{id}\"\nkey_sha256 = \"{hash}\"");
            if may_update {
                println!("may_update = true");
            }
            println!("# requests_per_hour = 600\n# revoked = true   (to refuse the key from the next deploy)");
            Ok(())
        }
        Command::Check { config } => {
            let council = load_council(config)?;
            let languages: Vec<&str> = council.languages.iter().map(|l| l.code()).collect();
            println!(
                "{}: the configuration is complete ({} types of problem, {} teams, {} wards, {} councillors, {} officers; languages {})",
                council.name.en,
                council.categories.len(),
                council.teams.len(),
                council.wards.len(),
                council.councillors.len(),
                council.officers.len(),
                languages.join(", ")
            );
            Ok(())
        }
        Command::BuildStatic { out, config } => {
            let council = load_council(config)?;
            std::fs::create_dir_all(&out)?;
            // One form and one 404 page a language: index.html and 404.html in the council's
            // first, and index.<code>.html, 404.<code>.html for every language wardline
            // speaks (CloudFront's site function picks by `?lang=` or the `wl_lang` cookie).
            // A language the council does not offer gets its first, as the functions answer.
            let files = std::iter::once((council.default_lang(), String::new())).chain(
                Lang::ALL
                    .into_iter()
                    .map(|l| (council.offered(l), format!(".{}", l.code()))),
            );
            for (lang, suffix) in files {
                let as_here = |render: &dyn Fn() -> axum::response::Response| {
                    shared::web::lang::rendering_as(lang, &council.languages, "/", render)
                };
                let form = as_here(&|| {
                    axum::response::IntoResponse::into_response(intake::pages::report_form(
                        &council,
                        lang,
                        &Default::default(),
                        &[],
                        "",
                    ))
                });
                let not_found = as_here(&|| shared::web::WebError::NotFound.page(&council.name));
                for (name, page) in [("index", form), ("404", not_found)] {
                    let bytes = axum::body::to_bytes(page.into_body(), 1 << 20).await?;
                    std::fs::write(out.join(format!("{name}{suffix}.html")), bytes)?;
                }
            }
            println!(
                "wrote {}/index.html and 404.html, and one of each a language",
                out.display()
            );
            // Lambda answers at most 6 MB; a county's full boundaries can pass that, which is
            // why pages and the API draw the simplified outlines.
            let wards = serde_json::to_vec(&intake::wards_json(&council))?;
            let (full, drawn): (usize, usize) = council
                .wards
                .iter()
                .map(|w| (w.boundary.points(), w.outline.points()))
                .fold((0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
            println!(
                "ward outlines: {drawn} points drawn of {full} in the boundaries; /api/v1/wards is {:.1} KB",
                wards.len() as f64 / 1024.0
            );
            anyhow::ensure!(
                wards.len() < WARDS_RESPONSE_MAX,
                "/api/v1/wards would be {} bytes, over the {WARDS_RESPONSE_MAX} a function may answer with: \
                 simplify the ward boundaries file",
                wards.len()
            );
            Ok(())
        }
    }
}
