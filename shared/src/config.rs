//! A council's configuration: `council.toml` (the one file a council edits), ward boundaries
//! as GeoJSON, and the bank holidays of its nation.
//!
//! Loaded once at start-up (a Lambda's cold start, or `wardline serve`) and checked whole:
//! a category naming a missing team, a ward without a boundary or a councillor in no ward is
//! an error that names the problem, not a surprise later.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};

use crate::domain::category::Target;
use crate::domain::consent::{PrivacyNotice, PrivacyNotices};
use crate::domain::{
    Category, CategoryId, Councillor, Lang, MultiPolygon, Nation, ServiceStandard, Team, TeamId, Text, Ward, WardId,
    WorkingCalendar,
};

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read {path}: {source}")]
    Read { path: PathBuf, source: std::io::Error },
    #[error("{path} is not valid: {message}")]
    Parse { path: PathBuf, message: String },
    #[error("the council configuration is inconsistent: {0}")]
    Inconsistent(String),
}

/// Everything wardline knows about the council it serves.
#[derive(Debug, Clone)]
pub struct Council {
    pub name: Text,
    /// The languages the council offers, the default first (`languages` in council.toml).
    pub languages: Vec<Lang>,
    pub nation: Nation,
    /// The public address of the site, without a trailing slash, for links in emails.
    pub base_url: String,
    pub contact_phone: String,
    pub contact_email: String,
    pub calendar: WorkingCalendar,
    pub teams: Vec<Team>,
    pub categories: Vec<Category>,
    pub wards: Vec<Ward>,
    pub councillors: Vec<Councillor>,
    pub officers: Vec<Officer>,
    /// Every published version of the privacy notice; the newest is shown.
    pub privacy: PrivacyNotices,
    /// Months after a case closes before its personal data is anonymised.
    pub retention_months: u32,
    /// Open311 GeoReport v2: the jurisdiction and its clients.
    pub open311: Open311,
    /// The report form's map tiles.
    pub map: MapTiles,
}

/// A council officer who works cases in wardline.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Officer {
    pub id: String,
    pub name: String,
    pub email: String,
    pub team: TeamId,
    /// Extra powers: `audit` reads who has been shown a case's personal data; `all_teams`
    /// opens and updates every team's cases (customer services, managers), where an officer
    /// otherwise works only their own team's; `manager` reads the performance figures of the
    /// whole council, every team and every ward (figures only: it opens no case).
    #[serde(default)]
    pub roles: Vec<OfficerRole>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OfficerRole {
    Audit,
    AllTeams,
    Manager,
}

impl Officer {
    pub fn may_audit(&self) -> bool {
        self.roles.contains(&OfficerRole::Audit)
    }

    pub fn all_teams(&self) -> bool {
        self.roles.contains(&OfficerRole::AllTeams)
    }

    pub fn manager(&self) -> bool {
        self.roles.contains(&OfficerRole::Manager)
    }

    /// Whether this officer may open and update a case of `team`.
    pub fn may_work(&self, team: &TeamId) -> bool {
        self.all_teams() || &self.team == team
    }
}

/// Someone the council knows, who may sign in.
#[derive(Debug, Clone, Copy)]
pub enum Person<'a> {
    Officer(&'a Officer),
    Councillor(&'a Councillor),
}

impl Person<'_> {
    /// Stable and unique across both kinds: `officer:<id>` or `councillor:<id>`.
    pub fn key(&self) -> String {
        match self {
            Person::Officer(o) => format!("officer:{}", o.id),
            Person::Councillor(c) => format!("councillor:{}", c.id),
        }
    }
    pub fn name(&self) -> &str {
        match self {
            Person::Officer(o) => &o.name,
            Person::Councillor(c) => &c.name,
        }
    }
    pub fn email(&self) -> &str {
        match self {
            Person::Officer(o) => &o.email,
            Person::Councillor(c) => &c.email,
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CouncilFile {
    name: String,
    /// The languages offered, the first the default: `["en"]`, or `["en", "cy"]` (or
    /// `["cy", "en"]`) for a council in Wales.
    #[serde(default = "default_languages")]
    languages: Vec<Lang>,
    /// The council's words in Welsh: `[cy] name = "Cyngor …"`.
    #[serde(default)]
    cy: Option<NameCy>,
    nation: Nation,
    base_url: String,
    contact_phone: String,
    contact_email: String,
    #[serde(default = "default_day_ends")]
    working_day_ends: String,
    /// Relative to the council's folder.
    boundaries: PathBuf,
    /// Relative to the council's folder.
    bank_holidays: PathBuf,
    teams: Vec<TeamFile>,
    categories: Vec<CategoryFile>,
    wards: Vec<WardFile>,
    #[serde(default)]
    councillors: Vec<Councillor>,
    #[serde(default)]
    officers: Vec<Officer>,
    /// Relative to the council's folder: one `<YYYY-MM-DD>.md` per version of the privacy
    /// notice, and `published.toml` with the hash of each.
    #[serde(default = "default_privacy_dir")]
    privacy_notices: PathBuf,
    #[serde(default = "default_retention_months")]
    retention_months: u32,
    /// The report form's map tiles: OpenStreetMap by default.
    #[serde(default)]
    map: MapTiles,
    /// Open311 GeoReport v2: the jurisdiction and the clients allowed to post.
    #[serde(default)]
    open311: Open311,
}

/// `[open311]`: who may post requests and updates through Open311 GeoReport v2. Reading
/// (services, requests, updates) needs no key: nothing personal is ever in a read.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Open311 {
    /// The `jurisdiction_id` clients may send (any other is "not found"); the host of
    /// `base_url` by default, as the spec suggests.
    #[serde(default)]
    pub jurisdiction_id: Option<String>,
    #[serde(default)]
    pub clients: Vec<Open311Client>,
}

/// One app or back office with an API key. The key itself is never in the file: only its
/// SHA-256, which `wardline open311-key <id>` prints with a new key.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Open311Client {
    pub id: String,
    pub name: String,
    /// Lowercase hex SHA-256 of the key.
    pub key_sha256: String,
    /// A revoked key is refused at once (on the next cold start on AWS: a deploy).
    #[serde(default)]
    pub revoked: bool,
    /// Requests it may post per hour; more get a 429 until the hour turns.
    #[serde(default = "default_requests_per_hour")]
    pub requests_per_hour: u32,
    /// Whether it may change cases' statuses (`POST servicerequestupdates`): for the
    /// council's back office, not for apps.
    #[serde(default)]
    pub may_update: bool,
}

fn default_requests_per_hour() -> u32 {
    600
}

impl Open311Client {
    /// Whether `key` is this client's (compared by hash, in constant time).
    pub fn holds(&self, key_sha256: &str) -> bool {
        let (a, b) = (self.key_sha256.as_bytes(), key_sha256.as_bytes());
        a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
    }
}

/// Where the report form's map gets its tiles: a URL template with `{z}`, `{x}` and `{y}`
/// (OpenStreetMap's by default; a council's OS Maps API key or its own tile server
/// instead), the attribution the licence asks for, and the deepest zoom it serves.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MapTiles {
    pub tiles: String,
    pub attribution: String,
    #[serde(default = "default_max_zoom")]
    pub max_zoom: u8,
}

impl Default for MapTiles {
    fn default() -> Self {
        MapTiles {
            tiles: "https://tile.openstreetmap.org/{z}/{x}/{y}.png".into(),
            attribution: "© OpenStreetMap contributors".into(),
            max_zoom: 19,
        }
    }
}

impl MapTiles {
    /// The tiles' origin (`https://tile.openstreetmap.org`) for the Content-Security-Policy's
    /// `img-src`; `None` for tiles on this site (a relative template).
    pub fn origin(&self) -> Option<String> {
        let rest = self.tiles.strip_prefix("https://")?;
        let host = rest.split('/').next()?;
        let ok = !host.is_empty()
            && host
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':'));
        ok.then(|| format!("https://{host}"))
    }
}

fn default_max_zoom() -> u8 {
    19
}

fn default_privacy_dir() -> PathBuf {
    "privacy".into()
}

fn default_retention_months() -> u32 {
    24
}

fn default_day_ends() -> String {
    "17:00".into()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CategoryFile {
    id: CategoryId,
    name: String,
    #[serde(default)]
    hint: String,
    standard_working_days: u16,
    /// Percent of cases to complete within the standard: green at or above (default 90).
    #[serde(default)]
    target_percent: Option<u8>,
    /// Below this percent it is red; between it and the target, amber (default 80).
    #[serde(default)]
    floor_percent: Option<u8>,
    team: TeamId,
    next_steps: String,
    /// Whether open data may say roughly where these problems are (true by default).
    #[serde(default = "default_true")]
    open_data_location: bool,
    /// `[categories.cy]`: its name, hint and next steps in Welsh.
    #[serde(default)]
    cy: Option<CategoryCy>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CategoryCy {
    name: Option<String>,
    hint: Option<String>,
    next_steps: Option<String>,
}

/// `[teams.cy]`, `[wards.cy]`, `[cy]`: a name in Welsh.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NameCy {
    name: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TeamFile {
    id: TeamId,
    name: String,
    email: String,
    phone: String,
    escalation_email: String,
    #[serde(default)]
    cy: Option<NameCy>,
}

fn default_languages() -> Vec<Lang> {
    vec![Lang::En]
}

/// A name in English and, if given, Welsh.
fn text(en: String, cy: Option<String>) -> Text {
    Text { en, cy }
}

fn default_true() -> bool {
    true
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WardFile {
    id: WardId,
    name: String,
    /// `[wards.cy]`: only where the Welsh name differs.
    #[serde(default)]
    cy: Option<NameCy>,
}

#[derive(Deserialize)]
struct FeatureCollection {
    features: Vec<Feature>,
}

#[derive(Deserialize)]
struct Feature {
    properties: serde_json::Map<String, serde_json::Value>,
    geometry: Geometry,
}

#[derive(Deserialize)]
#[serde(tag = "type")]
enum Geometry {
    Polygon { coordinates: Vec<Vec<[f64; 2]>> },
    MultiPolygon { coordinates: Vec<Vec<Vec<[f64; 2]>>> },
}

/// gov.uk's bank-holidays.json for one division.
#[derive(Deserialize)]
struct BankHolidays {
    events: Vec<BankHoliday>,
}

#[derive(Deserialize)]
struct BankHoliday {
    date: NaiveDate,
}

fn read(path: &Path) -> Result<String, ConfigError> {
    std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
        path: path.to_owned(),
        source,
    })
}

/// The privacy notices in `dir`, each checked against its published hash: a published
/// notice must never change, because consent records point at it.
fn load_privacy(dir: &Path) -> Result<PrivacyNotices, ConfigError> {
    let published_path = dir.join("published.toml");
    let published: std::collections::BTreeMap<String, String> =
        toml::from_str(&read(&published_path)?).map_err(|e| ConfigError::Parse {
            path: published_path.clone(),
            message: e.to_string(),
        })?;
    let mut notices = Vec::new();
    for (key, hash) in &published {
        // "2026-11-01" is the English text; "2026-11-01.cy" the Welsh.
        let (version, lang) = match key.split_once('.') {
            None => (key.as_str(), Some(Lang::En)),
            Some((version, code)) => (version, Lang::parse(code).filter(|l| *l != Lang::En)),
        };
        let Some(lang) = lang else {
            return Err(ConfigError::Inconsistent(format!(
                "privacy notice {key:?} in {}: a language is named after the date, like 2026-11-01.cy",
                published_path.display()
            )));
        };
        if NaiveDate::parse_from_str(version, "%Y-%m-%d").is_err() {
            return Err(ConfigError::Inconsistent(format!(
                "privacy notice version {version:?} in {} is not a date like 2026-11-01",
                published_path.display()
            )));
        }
        let path = dir.join(notice_file(version, lang));
        let notice = PrivacyNotice {
            version: version.to_owned(),
            lang,
            text: read(&path)?,
        };
        let actual = notice.text_hash();
        if &actual != hash {
            return Err(ConfigError::Inconsistent(format!(
                "the privacy notice {} has changed since it was published (its hash is now {actual}): \
                 consent records point at the published text, so publish the change as a new version \
                 (a new dated file and its hash in {})",
                path.display(),
                published_path.display()
            )));
        }
        notices.push(notice);
    }
    // A notice file nobody published is a mistake worth stopping for.
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if let Some(key) = name.strip_suffix(".md")
                && !published.contains_key(key)
            {
                return Err(ConfigError::Inconsistent(format!(
                    "the privacy notice {} is not in {}: add its version and hash to publish it",
                    entry.path().display(),
                    published_path.display()
                )));
            }
        }
    }
    PrivacyNotices::new(notices)
        .ok_or_else(|| ConfigError::Inconsistent(format!("there is no privacy notice in {}", published_path.display())))
}

/// Every language the council offers has all the council's own words: its name, every type
/// of problem's name, hint and next steps, every team's name, and the newest privacy
/// notice. One error names every gap (ward names need Welsh only where it differs).
fn check_languages(council: &Council) -> Result<(), ConfigError> {
    let inconsistent = |m: String| Err(ConfigError::Inconsistent(m));
    if council.languages.is_empty() {
        return inconsistent("languages must name at least one language, like [\"en\"] or [\"en\", \"cy\"]".into());
    }
    let mut seen = HashSet::new();
    if let Some(twice) = council.languages.iter().find(|l| !seen.insert(**l)) {
        return inconsistent(format!("languages lists {:?} twice", twice.code()));
    }
    for &lang in &council.languages {
        let mut missing = Vec::new();
        let table = |at: &str| format!("[{at}.{}]", lang.code());
        if !council.name.has(lang) {
            missing.push(format!("the council's name ([{}] name)", lang.code()));
        }
        for c in &council.categories {
            let fields: Vec<&str> = [
                (!c.name.has(lang)).then_some("name"),
                (!c.hint.en.is_empty() && !c.hint.has(lang)).then_some("hint"),
                (!c.next_steps.has(lang)).then_some("next_steps"),
            ]
            .into_iter()
            .flatten()
            .collect();
            if !fields.is_empty() {
                missing.push(format!(
                    "category {}: {} ({})",
                    c.id,
                    fields.join(", "),
                    table("categories")
                ));
            }
        }
        for t in &council.teams {
            if !t.name.has(lang) {
                missing.push(format!("team {}: name ({})", t.id, table("teams")));
            }
        }
        let newest = council.privacy.newest_version();
        if council.privacy.version(newest, lang).is_none() {
            missing.push(format!("the privacy notice {newest} ({})", notice_file(newest, lang)));
        }
        if !missing.is_empty() {
            return inconsistent(format!(
                "{} ({}) is one of the council's languages, but these have no {}: {}",
                lang.english_name(),
                lang.code(),
                lang.english_name(),
                missing.join("; ")
            ));
        }
    }
    Ok(())
}

/// The privacy notice's file (and its key in published.toml, without `.md`): the English
/// text is `2026-11-01.md`, another language's `2026-11-01.cy.md`.
fn notice_file(version: &str, lang: Lang) -> String {
    match lang {
        Lang::En => format!("{version}.md"),
        other => format!("{version}.{}.md", other.code()),
    }
}

/// Checks the Open311 clients (ids and keys unique, each key a SHA-256 in hex) and sets
/// the jurisdiction to the site's host if none is given.
fn check_open311(open311: &mut Open311, base_url: &str) -> Result<(), ConfigError> {
    let inconsistent = |m: String| Err(ConfigError::Inconsistent(m));
    let mut ids = HashSet::new();
    let mut keys = HashSet::new();
    for c in &mut open311.clients {
        c.key_sha256 = c.key_sha256.trim().to_ascii_lowercase();
        if c.id.is_empty() || !c.id.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '-') {
            return inconsistent(format!(
                "open311 client {:?}: an id is letters, digits and hyphens",
                c.id
            ));
        }
        if !ids.insert(c.id.clone()) {
            return inconsistent(format!("open311 client {} is listed twice", c.id));
        }
        if c.key_sha256.len() != 64 || !c.key_sha256.chars().all(|ch| ch.is_ascii_hexdigit()) {
            return inconsistent(format!(
                "open311 client {}: key_sha256 must be the key's SHA-256 in hex (64 characters); \
                 `wardline open311-key {}` prints a new key and its hash",
                c.id, c.id
            ));
        }
        if !keys.insert(c.key_sha256.clone()) {
            return inconsistent(format!("open311 client {} shares its key with another client", c.id));
        }
        if c.requests_per_hour == 0 {
            return inconsistent(format!(
                "open311 client {}: requests_per_hour must be at least 1 (revoke it with revoked = true)",
                c.id
            ));
        }
    }
    if open311.jurisdiction_id.as_deref().is_none_or(|j| j.trim().is_empty()) {
        let host = base_url
            .split("://")
            .nth(1)
            .unwrap_or(base_url)
            .split(['/', ':'])
            .next()
            .unwrap_or_default();
        open311.jurisdiction_id = Some(host.trim_start_matches("www.").to_owned());
    }
    Ok(())
}

impl Council {
    /// The jurisdiction_id Open311 clients may send.
    pub fn jurisdiction_id(&self) -> &str {
        self.open311.jurisdiction_id.as_deref().unwrap_or_default()
    }

    /// Loads `council.toml` from `dir`, and the files it names.
    pub fn load(dir: &Path) -> Result<Council, ConfigError> {
        let toml_path = dir.join("council.toml");
        let file: CouncilFile = toml::from_str(&read(&toml_path)?).map_err(|e| ConfigError::Parse {
            path: toml_path.clone(),
            message: e.to_string(),
        })?;
        let boundaries_path = dir.join(&file.boundaries);
        let boundaries = read(&boundaries_path)?;
        let holidays_path = dir.join(&file.bank_holidays);
        let holidays = read(&holidays_path)?;
        let privacy = load_privacy(&dir.join(&file.privacy_notices))?;
        Council::from_parts(
            file,
            (&boundaries_path, &boundaries),
            (&holidays_path, &holidays),
            privacy,
        )
    }

    fn from_parts(
        file: CouncilFile,
        boundaries: (&Path, &str),
        holidays: (&Path, &str),
        privacy: PrivacyNotices,
    ) -> Result<Council, ConfigError> {
        let parse_err = |path: &Path, e: serde_json::Error| ConfigError::Parse {
            path: path.to_owned(),
            message: e.to_string(),
        };
        let geo: FeatureCollection = serde_json::from_str(boundaries.1).map_err(|e| parse_err(boundaries.0, e))?;
        let hols: BankHolidays = serde_json::from_str(holidays.1).map_err(|e| parse_err(holidays.0, e))?;
        let day_ends = NaiveTime::parse_from_str(&file.working_day_ends, "%H:%M").map_err(|_| {
            ConfigError::Inconsistent(format!(
                "working_day_ends must be a time like 17:00, not {:?}",
                file.working_day_ends
            ))
        })?;
        let inconsistent = |m: String| Err(ConfigError::Inconsistent(m));

        let team_ids: HashSet<&TeamId> = file.teams.iter().map(|t| &t.id).collect();
        if team_ids.len() != file.teams.len() {
            return inconsistent("two teams share an id".into());
        }
        let mut categories = Vec::new();
        let mut seen = HashSet::new();
        for c in file.categories {
            if !team_ids.contains(&c.team) {
                return inconsistent(format!("category {} names team {}, which is not listed", c.id, c.team));
            }
            if !seen.insert(c.id.clone()) {
                return inconsistent(format!("category {} is listed twice", c.id));
            }
            let defaults = Target::default();
            let target = Target {
                target: c.target_percent.unwrap_or(defaults.target),
                floor: c.floor_percent.unwrap_or(defaults.floor),
            };
            if target.floor > target.target || target.target > 100 {
                return inconsistent(format!(
                    "category {}: floor_percent ({}) must be at most target_percent ({}), and that at most 100",
                    c.id, target.floor, target.target
                ));
            }
            let cy = c.cy.unwrap_or(CategoryCy {
                name: None,
                hint: None,
                next_steps: None,
            });
            categories.push(Category {
                id: c.id,
                name: text(c.name, cy.name),
                hint: text(c.hint, cy.hint),
                standard: ServiceStandard {
                    working_days: c.standard_working_days,
                },
                target,
                team: c.team,
                next_steps: text(c.next_steps, cy.next_steps),
                open_data_location: c.open_data_location,
            });
        }
        if categories.is_empty() {
            return inconsistent("there are no categories".into());
        }

        let mut wards = Vec::new();
        for w in file.wards {
            let feature = geo
                .features
                .iter()
                .find(|f| f.properties.get("id").and_then(|v| v.as_str()) == Some(w.id.as_str()));
            let Some(feature) = feature else {
                return inconsistent(format!("ward {} has no boundary in {}", w.id, boundaries.0.display()));
            };
            let boundary = match &feature.geometry {
                Geometry::Polygon { coordinates } => MultiPolygon(vec![coordinates.clone()]),
                Geometry::MultiPolygon { coordinates } => MultiPolygon(coordinates.clone()),
            };
            if wards.iter().any(|x: &Ward| x.id == w.id) {
                return inconsistent(format!("ward {} is listed twice", w.id));
            }
            wards.push(Ward {
                id: w.id,
                name: text(w.name, w.cy.and_then(|c| c.name)),
                outline: boundary.outline(),
                boundary,
            });
        }
        if wards.is_empty() {
            return inconsistent("there are no wards".into());
        }
        for c in &file.councillors {
            if c.wards.is_empty() {
                return inconsistent(format!("councillor {} has no ward", c.id));
            }
            if let Some(w) = c.wards.iter().find(|w| !wards.iter().any(|x| &x.id == *w)) {
                return inconsistent(format!("councillor {} names ward {w}, which is not listed", c.id));
            }
        }

        let mut emails = HashSet::new();
        if !(1..=1200).contains(&file.retention_months) {
            return inconsistent(format!(
                "retention_months must be between 1 and 1200, not {}",
                file.retention_months
            ));
        }
        for o in &file.officers {
            if !team_ids.contains(&o.team) {
                return inconsistent(format!("officer {} names team {}, which is not listed", o.id, o.team));
            }
        }
        for email in file
            .officers
            .iter()
            .map(|o| &o.email)
            .chain(file.councillors.iter().map(|c| &c.email))
        {
            if !emails.insert(email.to_ascii_lowercase()) {
                return inconsistent(format!(
                    "two people share the email address {email}: sign-in needs one person per address"
                ));
            }
        }
        let mut open311 = file.open311;
        check_open311(&mut open311, &file.base_url)?;
        let teams = file
            .teams
            .into_iter()
            .map(|t| Team {
                id: t.id,
                name: text(t.name, t.cy.and_then(|c| c.name)),
                email: t.email,
                phone: t.phone,
                escalation_email: t.escalation_email,
            })
            .collect();
        let council = Council {
            open311,
            officers: file.officers,
            name: text(file.name, file.cy.and_then(|c| c.name)),
            languages: file.languages,
            nation: file.nation,
            base_url: file.base_url.trim_end_matches('/').to_owned(),
            contact_phone: file.contact_phone,
            contact_email: file.contact_email,
            calendar: WorkingCalendar::new(hols.events.into_iter().map(|e| e.date), day_ends),
            teams,
            categories,
            wards,
            councillors: file.councillors,
            privacy,
            retention_months: file.retention_months,
            map: file.map,
        };
        check_languages(&council)?;
        Ok(council)
    }

    /// The language of a page or email when nobody has chosen one: the council's first.
    pub fn default_lang(&self) -> Lang {
        self.languages.first().copied().unwrap_or_default()
    }

    /// Whether the council offers more than one language (pages then offer a switch).
    pub fn bilingual(&self) -> bool {
        self.languages.len() > 1
    }

    /// `lang` if the council offers it, else its default.
    pub fn offered(&self, lang: Lang) -> Lang {
        if self.languages.contains(&lang) {
            lang
        } else {
            self.default_lang()
        }
    }

    pub fn category(&self, id: &CategoryId) -> Option<&Category> {
        self.categories.iter().find(|c| &c.id == id)
    }

    pub fn team(&self, id: &TeamId) -> Option<&Team> {
        self.teams.iter().find(|t| &t.id == id)
    }

    pub fn ward(&self, id: &WardId) -> Option<&Ward> {
        self.wards.iter().find(|w| &w.id == id)
    }

    /// A type of problem's name in `lang`; its id if the council no longer lists it.
    pub fn category_name(&self, id: &CategoryId, lang: Lang) -> String {
        self.category(id)
            .map_or_else(|| id.to_string(), |c| c.name.get(lang).to_owned())
    }

    /// A ward's name in `lang`; its id if the council no longer lists it.
    pub fn ward_name(&self, id: &WardId, lang: Lang) -> String {
        self.ward(id)
            .map_or_else(|| id.to_string(), |w| w.name.get(lang).to_owned())
    }

    /// A team's name in `lang`; its id if the council no longer lists it.
    pub fn team_name(&self, id: &TeamId, lang: Lang) -> String {
        self.team(id)
            .map_or_else(|| id.to_string(), |t| t.name.get(lang).to_owned())
    }

    /// The council's name in `lang`.
    pub fn name_in(&self, lang: Lang) -> &str {
        self.name.get(lang)
    }

    /// The councillors elected for a ward, in the order the council lists them.
    pub fn councillors_for<'a>(&'a self, ward: &'a WardId) -> impl Iterator<Item = &'a Councillor> + 'a {
        self.councillors.iter().filter(move |c| c.wards.contains(ward))
    }

    /// The person with this email address (case-insensitive), if the council knows them.
    pub fn person_by_email(&self, email: &str) -> Option<Person<'_>> {
        let email = email.trim();
        self.officers
            .iter()
            .find(|o| o.email.eq_ignore_ascii_case(email))
            .map(Person::Officer)
            .or_else(|| {
                self.councillors
                    .iter()
                    .find(|c| c.email.eq_ignore_ascii_case(email))
                    .map(Person::Councillor)
            })
    }

    /// The person with this key (`officer:<id>` or `councillor:<id>`).
    pub fn person(&self, key: &str) -> Option<Person<'_>> {
        match key.split_once(':')? {
            ("officer", id) => self.officers.iter().find(|o| o.id == id).map(Person::Officer),
            ("councillor", id) => self
                .councillors
                .iter()
                .find(|c| c.id.as_str() == id)
                .map(Person::Councillor),
            _ => None,
        }
    }

    /// Whether cookies must be `Secure`: always, unless the site itself is plain http (the
    /// local runner).
    pub fn secure_cookies(&self) -> bool {
        !self.base_url.starts_with("http://")
    }

    /// Replaces the public address, for a local runner on another port.
    pub fn with_base_url(mut self, base_url: &str) -> Council {
        self.base_url = base_url.trim_end_matches('/').to_owned();
        self
    }
}

/// The demo council shipped in `config/demo`, for tests and `wardline serve`.
pub fn demo_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../config/demo")
}

#[cfg(test)]
mod tests {

    #[test]
    fn the_maps_tile_origin_is_allowed_only_for_https_tiles_elsewhere() {
        let tiles = |t: &str| MapTiles {
            tiles: t.into(),
            ..MapTiles::default()
        };
        assert_eq!(
            MapTiles::default().origin().as_deref(),
            Some("https://tile.openstreetmap.org")
        );
        assert_eq!(tiles("/dev/tiles/{z}/{x}/{y}.png").origin(), None, "this site's own");
        assert_eq!(
            tiles("http://tiles.example/{z}/{x}/{y}.png").origin(),
            None,
            "not over HTTPS"
        );
        assert_eq!(tiles("https://bad host/{z}").origin(), None);
        assert_eq!(
            tiles("https://api.os.uk/maps/raster/v1/zxy/Road_3857/{z}/{x}/{y}.png?key=K")
                .origin()
                .as_deref(),
            Some("https://api.os.uk")
        );
    }

    use super::*;
    use chrono::Datelike;

    fn privacy_dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("wardline-privacy-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        for f in ["2026-11-01.md", "2026-11-01.cy.md", "published.toml"] {
            std::fs::copy(demo_dir().join("privacy").join(f), dir.join(f)).unwrap();
        }
        dir
    }

    /// The demo council copied to a fresh folder, its council.toml edited by `edit`.
    fn demo_copy(name: &str, edit: impl Fn(String) -> String) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("wardline-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("privacy")).unwrap();
        for entry in std::fs::read_dir(demo_dir()).unwrap() {
            let path = entry.unwrap().path();
            if path.is_file() {
                std::fs::copy(&path, dir.join(path.file_name().unwrap())).unwrap();
            }
        }
        for entry in std::fs::read_dir(demo_dir().join("privacy")).unwrap() {
            let path = entry.unwrap().path();
            std::fs::copy(&path, dir.join("privacy").join(path.file_name().unwrap())).unwrap();
        }
        let holidays = demo_dir().join("../bank-holidays/england-and-wales.json");
        let toml = std::fs::read_to_string(dir.join("council.toml")).unwrap().replace(
            "../bank-holidays/england-and-wales.json",
            &holidays.display().to_string(),
        );
        std::fs::write(dir.join("council.toml"), edit(toml)).unwrap();
        dir
    }

    #[test]
    fn the_demo_council_has_its_names_in_welsh_and_english() {
        let c = Council::load(&demo_dir()).unwrap();
        assert_eq!(c.languages, vec![Lang::En, Lang::Cy]);
        assert_eq!(c.default_lang(), Lang::En);
        assert_eq!(c.name.get(Lang::Cy), "Cyngor Bwrdeistref Ashworth");
        for cat in &c.categories {
            assert!(cat.name.has(Lang::Cy) && cat.next_steps.has(Lang::Cy), "{}", cat.id);
        }
        let fly = c.category(&CategoryId::parse("fly-tipping").unwrap()).unwrap();
        assert_eq!(fly.name.get(Lang::Cy), "Tipio anghyfreithlon");
        assert_eq!(fly.name.get(Lang::En), "Fly-tipping");
        // A ward's Welsh only where it differs; elsewhere its one name.
        let castle = c.ward(&WardId::parse("castle-hill").unwrap()).unwrap();
        assert_eq!(castle.name.get(Lang::Cy), "Bryn y Castell");
        let riverside = c.ward(&WardId::parse("riverside").unwrap()).unwrap();
        assert_eq!(riverside.name.get(Lang::Cy), "Riverside");
        assert_eq!(c.privacy.current(Lang::Cy).lang, Lang::Cy);
        assert_ne!(
            c.privacy.current(Lang::Cy).text_hash(),
            c.privacy.current(Lang::En).text_hash()
        );
        assert_eq!(c.offered(Lang::Cy), Lang::Cy);
    }

    #[test]
    fn the_check_names_every_missing_translation_of_a_language_the_council_offers() {
        let dir = demo_copy("missing-welsh", |toml| {
            toml.replace("[teams.cy]\nname = \"Priffyrdd\"\n", "")
                .replace("name = \"Tipio anghyfreithlon\"\n", "")
                .replace("[cy]\nname = \"Cyngor Bwrdeistref Ashworth\"\n", "")
        });
        std::fs::remove_file(dir.join("privacy/2026-11-01.cy.md")).unwrap();
        let published = std::fs::read_to_string(dir.join("privacy/published.toml")).unwrap();
        let english_only: String = published
            .lines()
            .filter(|l| !l.starts_with("\"2026-11-01.cy\""))
            .map(|l| format!("{l}\n"))
            .collect();
        std::fs::write(dir.join("privacy/published.toml"), english_only).unwrap();
        let err = Council::load(&dir).map(|_| ()).unwrap_err().to_string();
        for named in [
            "Welsh (cy) is one of the council's languages",
            "the council's name ([cy] name)",
            "category fly-tipping: name ([categories.cy])",
            "team highways: name ([teams.cy])",
            "the privacy notice 2026-11-01 (2026-11-01.cy.md)",
        ] {
            assert!(err.contains(named), "{named:?} not in: {err}");
        }
        assert!(!err.contains("street-lighting"), "only what is missing: {err}");

        // The same file for a council in England: no Welsh is needed, none is offered.
        let dir = demo_copy("english-only", |toml| {
            toml.replace("languages = [\"en\", \"cy\"]", "languages = [\"en\"]")
                .replace("[cy]\nname = \"Cyngor Bwrdeistref Ashworth\"\n", "")
                .replace("[teams.cy]\nname = \"Priffyrdd\"\n", "")
        });
        let c = Council::load(&dir).unwrap();
        assert_eq!(c.languages, vec![Lang::En]);
        assert!(!c.bilingual());
        assert_eq!(c.offered(Lang::Cy), Lang::En);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn languages_must_be_ones_wardline_speaks_each_once() {
        let dir = demo_copy("languages-fr", |toml| {
            toml.replace("languages = [\"en\", \"cy\"]", "languages = [\"en\", \"fr\"]")
        });
        let err = Council::load(&dir).map(|_| ()).unwrap_err().to_string();
        assert!(err.contains("fr"), "{err}");
        let dir = demo_copy("languages-twice", |toml| {
            toml.replace("languages = [\"en\", \"cy\"]", "languages = [\"cy\", \"en\", \"cy\"]")
        });
        let err = Council::load(&dir).map(|_| ()).unwrap_err().to_string();
        assert!(err.contains("languages lists \"cy\" twice"), "{err}");
        let dir = demo_copy("welsh-first", |toml| {
            toml.replace("languages = [\"en\", \"cy\"]", "languages = [\"cy\", \"en\"]")
        });
        assert_eq!(Council::load(&dir).unwrap().default_lang(), Lang::Cy);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_published_privacy_notice_that_changes_is_refused_and_a_new_version_is_the_one_shown() {
        let dir = privacy_dir("changed");
        let shipped = load_privacy(&dir).unwrap();
        assert_eq!(shipped.current(Lang::En).version, "2026-11-01");

        let path = dir.join("2026-11-01.md");
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, text.replace("24 months", "36 months")).unwrap();
        let err = load_privacy(&dir).unwrap_err().to_string();
        assert!(err.contains("has changed since it was published"), "{err}");

        std::fs::write(&path, &text).unwrap();
        let next = PrivacyNotice {
            lang: Default::default(),
            version: "2027-04-01".into(),
            text: text.replace("24 months", "36 months"),
        };
        std::fs::write(dir.join("2027-04-01.md"), &next.text).unwrap();
        let err = load_privacy(&dir).unwrap_err().to_string();
        assert!(err.contains("is not in"), "an unpublished file is refused: {err}");
        let published = std::fs::read_to_string(dir.join("published.toml")).unwrap();
        std::fs::write(
            dir.join("published.toml"),
            format!("{published}\"2027-04-01\" = \"{}\"\n", next.text_hash()),
        )
        .unwrap();
        let notices = load_privacy(&dir).unwrap();
        assert_eq!(notices.current(Lang::En), &next);
        assert_eq!(notices.version("2026-11-01", Lang::En).unwrap().text, text);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn the_demo_council_loads_and_is_consistent() {
        let c = Council::load(&demo_dir()).unwrap();
        assert!(c.categories.len() >= 10);
        assert!(c.wards.len() >= 5);
        for w in &c.wards {
            let n = c.councillors_for(&w.id).count();
            assert!((2..=3).contains(&n), "ward {} has {n} councillors", w.id);
        }
    }

    #[test]
    fn each_category_has_a_target_and_a_floor_above_it_is_refused() {
        let c = Council::load(&demo_dir()).unwrap();
        let asb = c
            .category(&CategoryId::parse("anti-social-behaviour").unwrap())
            .unwrap();
        assert_eq!(asb.target, Target { target: 95, floor: 85 });
        let bins = c.category(&CategoryId::parse("missed-bins").unwrap()).unwrap();
        assert_eq!(bins.target, Target::default());

        let dir = demo_copy("targets", |toml| {
            toml.replace("floor_percent = 85", "floor_percent = 97")
        });
        let err = Council::load(&dir).map(|_| ()).unwrap_err().to_string();
        assert!(
            err.contains("anti-social-behaviour") && err.contains("floor_percent"),
            "{err}"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn the_shipped_bank_holidays_cover_2024_to_2028_and_fall_on_weekdays() {
        let c = Council::load(&demo_dir()).unwrap();
        for year in 2024..=2028 {
            assert!(c.calendar.covers(NaiveDate::from_ymd_opt(year, 6, 1).unwrap()));
        }
        let text = std::fs::read_to_string(demo_dir().join("../bank-holidays/england-and-wales.json")).unwrap();
        let hols: BankHolidays = serde_json::from_str(&text).unwrap();
        assert_eq!(hols.events.len(), 40, "eight bank holidays a year in England and Wales");
        for h in hols.events {
            assert!(h.date.weekday().num_days_from_monday() < 5, "{} is a weekend", h.date);
        }
    }

    #[test]
    fn every_wards_boundary_contains_its_own_middle() {
        let c = Council::load(&demo_dir()).unwrap();
        for w in &c.wards {
            let [x0, y0, x1, y1] = w.boundary.bbox().unwrap();
            // The demo wards are convex enough that the middle of the box is inside.
            let mid = crate::domain::LatLng::new((y0 + y1) / 2.0, (x0 + x1) / 2.0).unwrap();
            assert_eq!(crate::domain::ward::ward_at(&c.wards, mid).map(|x| &x.id), Some(&w.id));
        }
    }
}
