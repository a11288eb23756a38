//! `wardline import`: cases from a council's previous system, from a CSV file and a mapping
//! file (their types of problem, statuses and wards to ours).
//!
//! Every row is checked first, with the same rules as a report from the form, and every
//! problem is reported with its line; nothing is written while any remains. Each case keeps
//! its original reference, and its own reference is derived from it
//! ([`CaseRef::for_original`]), so a second run finds what the first made and creates
//! nothing, a run that stopped half-way can be run again, and a search by the old
//! reference finds the case. Original dates are kept, expected dates are counted from them
//! with the type's standard, and the figures move as they would have. Imported cases carry
//! no consent, and no resident is emailed unless asked (`--email-residents`, open cases
//! only: the acknowledgement with the new reference).

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::Europe::London;
use futures::StreamExt;
use serde::{Deserialize, Serialize};
use shared::config::Council;
use shared::domain::case::Channel;
use shared::domain::{
    Actor, Case, CaseEvent, CaseEventKind, CaseRef, CategoryId, NewReport, ReportInput, Status, WardId,
};
use shared::ports::{
    CaseChange, CaseReader, CaseUpdater, CaseWriter, OutboxMessage, StoreError, Submission, SubmitOutcome, TallyChange,
};
use shared::signing::Signer;

/// The fields of the CSV, by our name. `reference`, `category`, `status`, `reported_at`
/// and `description` are required; the rest may be left out or empty.
pub const FIELDS: [&str; 12] = [
    "reference",
    "category",
    "status",
    "reported_at",
    "closed_at",
    "description",
    "address",
    "latitude",
    "longitude",
    "ward",
    "name",
    "email",
];
/// Optional too: the resident's telephone number.
pub const PHONE: &str = "phone";
const REQUIRED: [&str; 5] = ["reference", "category", "status", "reported_at", "description"];
/// The longest original reference kept.
const ORIGINAL_MAX: usize = 100;
/// Cases written at once.
const CONCURRENCY: usize = 8;

/// The mapping file (TOML): their column names, and their values for types of problem,
/// statuses and wards, to ours. Keys compare without regard to case or surrounding spaces;
/// our own ids and names are understood without a mapping.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MappingFile {
    /// Our field name → their column header.
    #[serde(default)]
    pub columns: HashMap<String, String>,
    /// Their type of problem → our category id.
    #[serde(default)]
    pub categories: HashMap<String, String>,
    /// Their status → our status (`open`, `in_progress`, `fixed`, `closed`, …).
    #[serde(default)]
    pub statuses: HashMap<String, String>,
    /// Their ward → our ward id.
    #[serde(default)]
    pub wards: HashMap<String, String>,
}

/// The mapping, checked against the council.
#[derive(Debug)]
pub struct Mapping {
    columns: HashMap<String, String>,
    categories: HashMap<String, CategoryId>,
    statuses: HashMap<String, Status>,
    wards: HashMap<String, WardId>,
}

fn key(s: &str) -> String {
    s.trim().to_lowercase()
}

impl Mapping {
    pub fn load(path: &Path, council: &Council) -> Result<Mapping, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let file: MappingFile = toml::from_str(&text).map_err(|e| format!("{} is not valid: {e}", path.display()))?;
        Mapping::new(file, council).map_err(|e| format!("{}: {e}", path.display()))
    }

    pub fn new(file: MappingFile, council: &Council) -> Result<Mapping, String> {
        let mut columns = HashMap::new();
        for (ours, theirs) in file.columns {
            if !FIELDS.contains(&ours.as_str()) && ours != PHONE {
                return Err(format!(
                    "[columns] names {ours:?}, which is not one of our fields ({}, phone)",
                    FIELDS.join(", ")
                ));
            }
            columns.insert(ours, key(&theirs));
        }
        let mut categories = HashMap::new();
        // Our own ids and names need no mapping.
        for c in &council.categories {
            categories.insert(key(c.id.as_str()), c.id.clone());
            for lang in &council.languages {
                categories.insert(key(c.name.get(*lang)), c.id.clone());
            }
        }
        for (theirs, ours) in file.categories {
            let id = CategoryId::parse(&ours)
                .ok()
                .filter(|id| council.category(id).is_some())
                .ok_or_else(|| {
                    format!("[categories] maps {theirs:?} to {ours:?}, which is not one of the council's categories")
                })?;
            categories.insert(key(&theirs), id);
        }
        let mut statuses = HashMap::new();
        for s in Status::ALL {
            statuses.insert(s.as_str().to_owned(), s);
            // Our labels in every language we speak ("In progress", "Ar y gweill").
            for lang in shared::domain::Lang::ALL {
                statuses.insert(key(lang.words().status(s)), s);
            }
        }
        for (theirs, ours) in file.statuses {
            let status = Status::parse(&key(&ours)).ok_or_else(|| {
                format!(
                    "[statuses] maps {theirs:?} to {ours:?}, which is not a status ({})",
                    Status::ALL.map(Status::as_str).join(", ")
                )
            })?;
            statuses.insert(key(&theirs), status);
        }
        let mut wards = HashMap::new();
        for w in &council.wards {
            wards.insert(key(w.id.as_str()), w.id.clone());
            for lang in &council.languages {
                wards.insert(key(w.name.get(*lang)), w.id.clone());
            }
        }
        for (theirs, ours) in file.wards {
            let id = WardId::parse(&ours)
                .ok()
                .filter(|id| council.ward(id).is_some())
                .ok_or_else(|| {
                    format!("[wards] maps {theirs:?} to {ours:?}, which is not one of the council's wards")
                })?;
            wards.insert(key(&theirs), id);
        }
        Ok(Mapping {
            columns,
            categories,
            statuses,
            wards,
        })
    }

    fn header_for(&self, field: &str) -> String {
        self.columns.get(field).cloned().unwrap_or_else(|| field.to_owned())
    }
}

/// One row that passed every check, ready to store.
#[derive(Debug, Clone)]
pub struct Planned {
    pub line: u64,
    pub original: String,
    pub reference: CaseRef,
    pub report: NewReport,
    pub status: Status,
    pub reported_at: DateTime<Utc>,
    pub closed_at: Option<DateTime<Utc>>,
}

/// A problem with the file, by line (1 is the header).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub line: u64,
    pub message: String,
}

/// What a file holds: the rows ready to store and every problem found.
#[derive(Debug, Default)]
pub struct Plan {
    pub rows: usize,
    pub cases: Vec<Planned>,
    pub problems: Vec<Problem>,
}

/// A date and time as old systems write them: RFC 3339 with its offset, or `2025-03-14
/// 09:12[:00]`, `2025-03-14`, `14/03/2025 09:12[:00]` or `14/03/2025` in London time.
pub fn parse_time(value: &str) -> Option<DateTime<Utc>> {
    let value = value.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(value) {
        return Some(t.with_timezone(&Utc));
    }
    let local = [
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M:%S",
        "%d/%m/%Y %H:%M:%S",
        "%d/%m/%Y %H:%M",
    ]
    .iter()
    .find_map(|f| NaiveDateTime::parse_from_str(value, f).ok())
    .or_else(|| {
        ["%Y-%m-%d", "%d/%m/%Y"]
            .iter()
            .find_map(|f| NaiveDate::parse_from_str(value, f).ok())
            .map(|d| d.and_time(NaiveTime::MIN))
    })?;
    // A time the clocks skip is read as the hour after; one they repeat, the first.
    London
        .from_local_datetime(&local)
        .earliest()
        .or_else(|| {
            London
                .from_local_datetime(&(local + chrono::Duration::hours(1)))
                .earliest()
        })
        .map(|t| t.with_timezone(&Utc))
}

/// Reads and checks the whole file. `now` bounds the dates (nothing from the future).
pub fn plan(council: &Council, mapping: &Mapping, input: impl Read, now: DateTime<Utc>) -> Plan {
    let mut plan = Plan::default();
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(input);
    let headers: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(|s| key(s.trim_start_matches('\u{feff}'))).collect(),
        Err(e) => {
            plan.problems.push(Problem {
                line: 1,
                message: format!("the header cannot be read: {e}"),
            });
            return plan;
        }
    };
    let column = |field: &str| headers.iter().position(|h| *h == mapping.header_for(field));
    let columns: HashMap<&str, usize> = FIELDS
        .iter()
        .chain([&PHONE])
        .filter_map(|f| column(f).map(|i| (*f, i)))
        .collect();
    let missing: Vec<String> = REQUIRED
        .iter()
        .filter(|f| !columns.contains_key(**f))
        .map(|f| mapping.header_for(f))
        .collect();
    if !missing.is_empty() {
        plan.problems.push(Problem {
            line: 1,
            message: format!(
                "the header has no column {} (name yours in the mapping file's [columns])",
                missing.join(", ")
            ),
        });
        return plan;
    }
    let mut seen: HashMap<String, u64> = HashMap::new();
    for record in reader.records() {
        plan.rows += 1;
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line() + 1);
                plan.problems.push(Problem {
                    line,
                    message: format!("the row cannot be read: {e}"),
                });
                continue;
            }
        };
        // The reader counts the line a record starts on from the end of the one before.
        let line = record.position().map_or(0, |p| p.line() + 1);
        let mut problems = Vec::new();
        if record.len() != headers.len() {
            problems.push(format!("has {} columns, the header {}", record.len(), headers.len()));
        }
        let get = |f: &str| {
            columns
                .get(f)
                .and_then(|i| record.get(*i))
                .map(str::trim)
                .filter(|s| !s.is_empty())
        };
        let original = get("reference").unwrap_or_default().to_owned();
        if original.is_empty() {
            problems.push("reference is empty".into());
        } else if original.chars().count() > ORIGINAL_MAX {
            problems.push(format!("reference is longer than {ORIGINAL_MAX} characters"));
        } else if let Some(first) = seen.get(&original) {
            problems.push(format!("reference {original} is also on line {first}"));
        } else {
            seen.insert(original.clone(), line);
        }
        let category = match get("category") {
            None => {
                problems.push("category is empty".into());
                None
            }
            Some(c) => match mapping.categories.get(&key(c)) {
                Some(id) => Some(id.clone()),
                None => {
                    problems.push(format!("category {c:?} is not in the mapping file's [categories]"));
                    None
                }
            },
        };
        let status = match get("status") {
            None => {
                problems.push("status is empty".into());
                None
            }
            Some(s) => {
                let status = mapping.statuses.get(&key(s)).copied();
                if status.is_none() {
                    problems.push(format!("status {s:?} is not in the mapping file's [statuses]"));
                }
                status
            }
        };
        let reported_at = match get("reported_at").map(|v| (v, parse_time(v))) {
            None => {
                problems.push("reported_at is empty".into());
                None
            }
            Some((v, None)) => {
                problems.push(format!(
                    "reported_at {v:?} is not a date and time like 2025-03-14 09:12"
                ));
                None
            }
            Some((v, Some(t))) if t > now => {
                problems.push(format!("reported_at {v} is in the future"));
                None
            }
            Some((_, Some(t))) => Some(t),
        };
        let closed_at = match get("closed_at").map(|v| (v, parse_time(v))) {
            None => None,
            Some((v, None)) => {
                problems.push(format!("closed_at {v:?} is not a date and time like 2025-03-20 16:00"));
                None
            }
            Some((v, Some(t))) if t > now => {
                problems.push(format!("closed_at {v} is in the future"));
                None
            }
            Some((v, Some(t))) if reported_at.is_some_and(|r| t < r) => {
                problems.push(format!("closed_at {v} is before reported_at"));
                None
            }
            Some((_, Some(t))) => Some(t),
        };
        match (status, get("closed_at")) {
            (Some(s), None) if !s.is_open() => {
                problems.push(format!("closed_at is empty, but status {} is closed", s.as_str()));
            }
            (Some(s), Some(_)) if s.is_open() => {
                problems.push(format!("closed_at is given, but status {} is open", s.as_str()));
            }
            _ => {}
        }
        let ward = get("ward").map(|w| {
            mapping
                .wards
                .get(&key(w))
                .map_or_else(|| w.to_owned(), |id| id.to_string())
        });
        let email = get("email");
        let input = ReportInput {
            category: category.as_ref().map(|c| c.to_string()),
            description: get("description").map(str::to_owned),
            lat: get("latitude").map(str::to_owned),
            lng: get("longitude").map(str::to_owned),
            address: get("address").map(str::to_owned),
            ward,
            reporting: Some(if email.is_some() { "registered" } else { "anonymous" }.into()),
            name: email.and(get("name")).map(str::to_owned),
            email: email.map(str::to_owned),
            phone: email.and(get(PHONE)).map(str::to_owned),
            share_with_councillor: None,
            website: None,
        };
        let report = match input.parse(&council.categories, &council.wards) {
            Ok(r) => Some(r),
            Err(errors) => {
                for e in errors {
                    // The category's own problem is said above, in the file's terms.
                    if category.is_some() || e.field != shared::domain::report::Field::Category {
                        problems.push(format!(
                            "{}: {}",
                            field_name(e.field),
                            shared::copy::en().problem(e.problem)
                        ));
                    }
                }
                None
            }
        };
        match (report, status, reported_at, problems.is_empty()) {
            (Some(report), Some(status), Some(reported_at), true) => plan.cases.push(Planned {
                line,
                reference: CaseRef::for_original(&original),
                original,
                report,
                status,
                reported_at,
                closed_at,
            }),
            _ => plan
                .problems
                .extend(problems.into_iter().map(|message| Problem { line, message })),
        }
    }
    plan
}

fn field_name(field: shared::domain::report::Field) -> &'static str {
    use shared::domain::report::Field;
    match field {
        Field::Pin => "latitude",
        Field::Reporting | Field::Email => "email",
        Field::ShareWithCouncillor | Field::Website | Field::Photos => "row",
        other => other.form_name(),
    }
}

/// What storing a plan needs.
#[derive(Clone, Copy)]
pub struct Importer<'a> {
    pub council: &'a Council,
    pub writer: &'a dyn CaseWriter,
    pub reader: &'a dyn CaseReader,
    pub updater: &'a dyn CaseUpdater,
    pub signer: &'a Signer,
    /// When the import runs: late cases are marked as reported late unless residents are
    /// to be emailed, so the sweep does not email them.
    pub now: DateTime<Utc>,
    pub email_residents: bool,
}

/// What a run did.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    pub created: usize,
    /// Already imported by an earlier run: nothing written.
    pub already_imported: usize,
    /// Stored by an earlier run that stopped before its status was set: finished now.
    pub finished: usize,
    pub emails_queued: usize,
    /// Rows whose reference belongs to another case (not an earlier import of this row).
    pub clashes: Vec<Problem>,
}

enum Done {
    Created { emailed: bool },
    Already,
    Finished,
    Clash(Problem),
}

/// Which of the planned cases are stored already (for a dry run's report).
pub async fn already_stored(reader: &dyn CaseReader, plan: &Plan) -> Result<usize, StoreError> {
    let found = futures::stream::iter(&plan.cases)
        .map(|p| async move { reader.case(&p.reference).await.map(|c| c.is_some()) })
        .buffer_unordered(CONCURRENCY)
        .collect::<Vec<_>>()
        .await;
    let mut n = 0;
    for f in found {
        n += usize::from(f?);
    }
    Ok(n)
}

/// Stores every planned case (and its status), `progress` told after each.
pub async fn apply(
    deps: Importer<'_>,
    plan: &Plan,
    mut progress: impl FnMut(usize, usize),
) -> Result<Report, StoreError> {
    let total = plan.cases.len();
    let mut report = Report::default();
    let mut results = futures::stream::iter(&plan.cases)
        .map(|p| import_one(deps, p))
        .buffer_unordered(CONCURRENCY);
    let mut done = 0;
    while let Some(result) = results.next().await {
        match result? {
            Done::Created { emailed } => {
                report.created += 1;
                report.emails_queued += usize::from(emailed);
            }
            Done::Already => report.already_imported += 1,
            Done::Finished => report.finished += 1,
            Done::Clash(p) => report.clashes.push(p),
        }
        done += 1;
        progress(done, total);
    }
    report.clashes.sort_by_key(|p| p.line);
    Ok(report)
}

async fn import_one(deps: Importer<'_>, p: &Planned) -> Result<Done, StoreError> {
    let council = deps.council;
    let category = council
        .category(&p.report.category)
        .ok_or_else(|| StoreError::Corrupt(format!("category {} vanished", p.report.category)))?;
    let mut case = Case::open(
        p.reference.clone(),
        p.report.clone(),
        category,
        &council.calendar,
        Channel::Import,
        p.reported_at,
    );
    case.original_reference = Some(p.original.clone());
    let resident_key = case
        .reporter()
        .map(|r| shared::links::resident_key(deps.signer, &r.email));
    if let Some(personal) = case.personal.as_mut() {
        personal.resident_key = resident_key;
    }
    let email = deps.email_residents && p.status.is_open() && case.registered;
    // Late already: told no one unless residents are to be emailed (then the sweep says so).
    if p.status.is_open() && case.overdue_from <= deps.now && !email {
        case.breach_notified = true;
    }
    let event = CaseEvent::new(
        p.reported_at,
        Actor::System,
        CaseEventKind::Submitted {
            channel: Channel::Import,
        },
    );
    let outbox = if email {
        let sharing = shared::links::sharing_url(deps.signer, &council.base_url, &case.reference, deps.now);
        shared::submission::acknowledgement(council, &case, &p.report, sharing, None)
            .map(|n| OutboxMessage::new(deps.now, n, &mut rand::rng()))
            .into_iter()
            .collect()
    } else {
        Vec::new()
    };
    let emailed = !outbox.is_empty();
    let submission = Submission {
        tallies: TallyChange::for_change(None, &case, &event, &council.calendar),
        event,
        outbox,
        idempotency: None,
        consent: None,
        follower: None,
        case,
    };
    match deps.writer.submit(&submission, deps.now).await {
        Ok(SubmitOutcome::Stored) => {
            set_status(deps, &submission.case, p).await?;
            Ok(Done::Created { emailed })
        }
        Ok(SubmitOutcome::Replayed { .. }) => Err(StoreError::Corrupt("an import has no idempotency key".into())),
        Err(StoreError::ReferenceTaken) => {
            let Some(record) = deps.reader.case(&p.reference).await? else {
                return Err(StoreError::Conflict);
            };
            if record.case.original_reference.as_deref() != Some(p.original.as_str()) {
                return Ok(Done::Clash(Problem {
                    line: p.line,
                    message: format!(
                        "reference {} gives {}, which another case already has: rename the row's reference",
                        p.original, p.reference
                    ),
                }));
            }
            // Stored by a run that stopped before setting its status: finish it.
            if record.history.len() == 1 && record.case.status != p.status {
                set_status(deps, &record.case, p).await?;
                return Ok(Done::Finished);
            }
            Ok(Done::Already)
        }
        Err(e) => Err(e),
    }
}

/// Moves a stored case to the row's status, when it was closed (or reported, if open).
async fn set_status(deps: Importer<'_>, case: &Case, p: &Planned) -> Result<(), StoreError> {
    if p.status == case.status {
        return Ok(());
    }
    let at = p.closed_at.unwrap_or(p.reported_at);
    let next = case
        .with_status(p.status, at)
        .map_err(|e| StoreError::Corrupt(format!("{}: {e}", p.original)))?;
    let event = CaseEvent::new(
        at,
        Actor::System,
        CaseEventKind::StatusChanged {
            from: case.status,
            to: p.status,
        },
    );
    deps.updater
        .apply(&CaseChange {
            expected_version: case.version,
            tallies: TallyChange::for_change(Some(case), &next, &event, &deps.council.calendar),
            event,
            outbox: Vec::new(),
            case: next,
        })
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn old_systems_dates_are_read_in_london_time() {
        let utc = |s: &str| DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc);
        assert_eq!(parse_time("2025-03-14T09:12:00Z"), Some(utc("2025-03-14T09:12:00Z")));
        assert_eq!(parse_time("2025-07-14 09:12"), Some(utc("2025-07-14T08:12:00Z")));
        assert_eq!(parse_time("14/07/2025 09:12:30"), Some(utc("2025-07-14T08:12:30Z")));
        assert_eq!(parse_time("14/01/2025"), Some(utc("2025-01-14T00:00:00Z")));
        assert_eq!(parse_time("2025-01-14"), Some(utc("2025-01-14T00:00:00Z")));
        // 01:30 on the day the clocks go forward does not exist: read as 02:30 BST.
        assert_eq!(parse_time("2025-03-30 01:30"), Some(utc("2025-03-30T01:30:00Z")));
        assert_eq!(parse_time("yesterday"), None);
        assert_eq!(parse_time("31/02/2025"), None);
    }
}
