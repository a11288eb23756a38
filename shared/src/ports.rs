//! Narrow async traits, one per capability. A function takes only the ports it uses, so its
//! IAM policy can be read from its signature.

use std::error::Error as StdError;
use std::sync::Mutex;

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::domain::consent::ConsentRecord;
use crate::domain::performance::Tally;
use crate::domain::{
    Case, CaseEvent, CaseRecord, CaseRef, CategoryId, CouncillorId, ErasureReason, Status, TeamId, WardId,
    WorkingCalendar,
};
use crate::email::RenderedEmail;
use crate::notice::Notice;

type BoxError = Box<dyn StdError + Send + Sync>;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A new case's reference is already in use; draw another and try again.
    #[error("the case reference is already taken")]
    ReferenceTaken,
    /// The store could not be reached or refused the request; the cause says why.
    #[error("the store is unavailable")]
    Unavailable(#[source] BoxError),
    /// A stored item could not be read back: a bug or a hand edit, never the user's doing.
    #[error("a stored item is corrupt: {0}")]
    Corrupt(String),
    /// The case changed (or vanished) since the writer read it: nothing was written.
    #[error("the case has changed since it was read")]
    Conflict,
}

impl StoreError {
    pub fn unavailable(e: impl StdError + Send + Sync + 'static) -> Self {
        StoreError::Unavailable(Box::new(e))
    }
}

/// The client's `Idempotency-Key`, kept only as a hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdempotencyKey(String);

impl IdempotencyKey {
    /// The client's key: 1–255 visible ASCII characters, as the IETF draft for the header
    /// allows. `scope` keeps the API's and the form's keys apart; it is hashed with the
    /// key but does not count towards its length.
    pub fn parse(scope: &str, key: &str) -> Option<IdempotencyKey> {
        let ok = !key.is_empty() && key.len() <= 255 && key.bytes().all(|b| (0x21..=0x7e).contains(&b));
        ok.then(|| IdempotencyKey(hex::encode(Sha256::digest(format!("{scope}:{key}").as_bytes()))))
    }
    pub fn hash(&self) -> &str {
        &self.0
    }
}

/// Stored with a new case when the client sent an `Idempotency-Key`.
#[derive(Debug, Clone)]
pub struct IdempotencyClaim {
    pub key: IdempotencyKey,
    /// A hash of the request, so the same key with a different report is caught.
    pub fingerprint: String,
    pub expires_at: DateTime<Utc>,
}

/// Everything a new report stores, written in one transaction: all of it or none.
#[derive(Debug, Clone)]
pub struct Submission {
    pub case: Case,
    pub event: CaseEvent,
    pub outbox: Vec<OutboxMessage>,
    pub idempotency: Option<IdempotencyClaim>,
    /// The resident's consent to share the case with their councillors, if they gave it.
    pub consent: Option<ConsentRecord>,
    /// A councillor who logged the case follows it from the start.
    pub follower: Option<CouncillorId>,
    /// The figures the report moves (see [`TallyChange::for_change`]).
    pub tallies: Vec<TallyChange>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SubmitOutcome {
    Stored,
    /// The idempotency key was seen before (and has not expired): nothing was written.
    Replayed {
        reference: CaseRef,
        fingerprint: String,
    },
}

#[async_trait]
pub trait CaseWriter: Send + Sync {
    async fn submit(&self, submission: &Submission, now: DateTime<Utc>) -> Result<SubmitOutcome, StoreError>;
}

/// A change to an existing case, written in one transaction: the case replaced only if it
/// is still at `expected_version`, the event appended, the messages queued. All or nothing.
#[derive(Debug, Clone)]
pub struct CaseChange {
    pub case: Case,
    pub expected_version: u32,
    pub event: CaseEvent,
    pub outbox: Vec<OutboxMessage>,
    /// The figures the change moves (see [`TallyChange::for_change`]).
    pub tallies: Vec<TallyChange>,
}

/// Where figures are counted: the whole council, one team, one ward.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Scope {
    Council,
    Team(TeamId),
    Ward(WardId),
}

/// Amounts to add to the tallies of one category and bucket, in the council, the case's
/// team and the case's ward, in the same transaction as the change that moves them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TallyChange {
    pub category: CategoryId,
    pub team: TeamId,
    pub ward: WardId,
    pub bucket: NaiveDate,
    pub tally: Tally,
}

impl TallyChange {
    /// How a change moves the figures ([`crate::domain::performance::changes`]), for the
    /// case's category, team and ward.
    pub fn for_change(
        before: Option<&Case>,
        after: &Case,
        event: &CaseEvent,
        calendar: &WorkingCalendar,
    ) -> Vec<TallyChange> {
        crate::domain::performance::changes(before, after, event, calendar)
            .into_iter()
            .map(|(bucket, tally)| TallyChange {
                category: after.category.clone(),
                team: after.team.clone(),
                ward: after.ward.clone(),
                bucket,
                tally,
            })
            .collect()
    }

    /// How correcting a case's category or ward moves the figures: everything the case
    /// counted for in its old category, team and ward is taken away there and counted again
    /// in the new ones (with its new expected date), from a recount of its history.
    pub fn for_correction(
        before: &Case,
        after: &Case,
        history: &[CaseEvent],
        event: &CaseEvent,
        calendar: &WorkingCalendar,
    ) -> Vec<TallyChange> {
        use crate::domain::performance::recount;
        let mut with_event = history.to_vec();
        with_event.push(event.clone());
        let out = recount([(before, history)], calendar)
            .into_iter()
            .map(|(bucket, t)| TallyChange {
                category: before.category.clone(),
                team: before.team.clone(),
                ward: before.ward.clone(),
                bucket,
                tally: t.negated(),
            });
        let back = recount([(after, with_event.as_slice())], calendar)
            .into_iter()
            .map(|(bucket, tally)| TallyChange {
                category: after.category.clone(),
                team: after.team.clone(),
                ward: after.ward.clone(),
                bucket,
                tally,
            });
        out.chain(back).collect()
    }

    /// The scopes the change counts in.
    pub fn scopes(&self) -> [Scope; 3] {
        [
            Scope::Council,
            Scope::Team(self.team.clone()),
            Scope::Ward(self.ward.clone()),
        ]
    }
}

/// Replacing a scope's figures with a recount (`wardline stats rebuild`): an operator's
/// repair, run when the council is quiet; not part of any request.
#[async_trait]
pub trait TallyRebuild: Send + Sync {
    /// Every tally of `scope` becomes `rows`; tallies not in `rows` are removed.
    async fn replace_tallies(&self, scope: &Scope, rows: &[(CategoryId, NaiveDate, Tally)]) -> Result<(), StoreError>;
}

/// The figures of one scope, per category and bucket: what dashboards and digests read.
/// Reads grow with the buckets asked for, never with the cases.
#[async_trait]
pub trait Tallies: Send + Sync {
    /// Every category's tally in `scope` for buckets from `from` up to (not including)
    /// `until`, in bucket order; buckets with nothing counted are left out.
    async fn tallies(
        &self,
        scope: &Scope,
        from: NaiveDate,
        until: NaiveDate,
    ) -> Result<Vec<(CategoryId, NaiveDate, Tally)>, StoreError>;
}

#[async_trait]
pub trait CaseUpdater: Send + Sync {
    /// Fails with [`StoreError::Conflict`] if the case is not at `expected_version`.
    async fn apply(&self, change: &CaseChange) -> Result<(), StoreError>;
}

#[async_trait]
pub trait CaseReader: Send + Sync {
    async fn case(&self, reference: &CaseRef) -> Result<Option<CaseRecord>, StoreError>;
}

/// A case's consent records: appended, never changed, read back oldest first. (Erasure
/// removes them whole with the rest of the resident's personal data.)
#[async_trait]
pub trait ConsentLog: Send + Sync {
    /// Appends a record; fails rather than overwrite one already stored for the same moment.
    async fn append_consent(&self, case: &CaseRef, record: &ConsentRecord) -> Result<(), StoreError>;
    async fn consents(&self, case: &CaseRef) -> Result<Vec<ConsentRecord>, StoreError>;
}

/// The cases councillors follow: the ones they logged, and consented cases they chose.
#[async_trait]
pub trait Follows: Send + Sync {
    /// Idempotent: following twice is following.
    async fn follow(&self, councillor: &CouncillorId, case: &CaseRef, at: DateTime<Utc>) -> Result<(), StoreError>;
    async fn unfollow(&self, councillor: &CouncillorId, case: &CaseRef) -> Result<(), StoreError>;
    /// The cases a councillor follows, most recently followed first.
    async fn following(
        &self,
        councillor: &CouncillorId,
        after: Option<&str>,
        limit: usize,
    ) -> Result<Page<CaseRef>, StoreError>;
}

/// The cases a councillor follows, to read only (the digest): apart from [`Follows`] so a
/// function that lists them may not change them.
#[async_trait]
pub trait FollowedCases: Send + Sync {
    /// The cases a councillor follows, most recently followed first.
    async fn followed_cases(
        &self,
        councillor: &CouncillorId,
        after: Option<&str>,
        limit: usize,
    ) -> Result<Page<CaseRef>, StoreError>;
}

/// Every store that keeps follows lists them.
#[async_trait]
impl<T: Follows> FollowedCases for T {
    async fn followed_cases(
        &self,
        councillor: &CouncillorId,
        after: Option<&str>,
        limit: usize,
    ) -> Result<Page<CaseRef>, StoreError> {
        self.following(councillor, after, limit).await
    }
}

/// Who follows a case, for telling them its news. Apart from [`Follows`] so the functions
/// that only tell (sla-breach, the officers' updates) may only read.
#[async_trait]
pub trait Followers: Send + Sync {
    async fn followers(&self, case: &CaseRef) -> Result<Vec<CouncillorId>, StoreError>;
}

/// Filters on a ward's cases; `None` means any. Dates bound the time the case was reported.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WardFilter {
    pub status: Option<Status>,
    pub category: Option<CategoryId>,
    pub from: Option<DateTime<Utc>>,
    pub until: Option<DateTime<Utc>>,
}

/// Every case in a ward, newest first (the ward index).
#[async_trait]
pub trait WardCases: Send + Sync {
    async fn ward_cases(
        &self,
        ward: &WardId,
        filter: &WardFilter,
        after: Option<&str>,
        limit: usize,
    ) -> Result<Page<Case>, StoreError>;
}

/// Why someone was shown a case's personal data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AccessPurpose {
    CasePage,
    CaseJson,
    Email,
    /// A resident's photo opened full size (thumbnails show on the audited case page).
    Photo,
}

/// One showing of a case's personal data to someone in the council.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessRecord {
    pub at: DateTime<Utc>,
    /// The person's key in the council config, e.g. `officer:jane-smith`.
    pub person: String,
    pub purpose: AccessPurpose,
}

/// The access audit: appended whenever personal data of a case is shown to an officer or a
/// councillor; read by officers with the audit role.
#[async_trait]
pub trait AccessLog: Send + Sync {
    async fn record_access(&self, case: &CaseRef, record: &AccessRecord) -> Result<(), StoreError>;
    /// Oldest first (records at the same moment in no particular order).
    async fn accesses(&self, case: &CaseRef) -> Result<Vec<AccessRecord>, StoreError>;
}

/// A resident's cases, found by the keyed hash of their email (subject access, erasure).
#[async_trait]
pub trait ResidentCases: Send + Sync {
    async fn resident_cases(&self, resident_key: &str) -> Result<Vec<CaseRef>, StoreError>;
}

/// Removes a case's personal data whole: its personal details, the free text of its
/// history, its consent records and its place in the resident and retention indexes. The
/// case, its statuses and dates stay as statistics, with an `Erased` event.
#[async_trait]
pub trait Eraser: Send + Sync {
    /// `false` if there was nothing personal left to remove (erasure is idempotent), or if
    /// `closed_before` is given and the case, as read inside the erasure, is not closed
    /// before it (a case reopened since the retention job found it keeps its details).
    /// Fails with [`StoreError::Conflict`] if the case changed while being erased; try again.
    async fn erase(
        &self,
        case: &CaseRef,
        reason: ErasureReason,
        at: DateTime<Utc>,
        closed_before: Option<DateTime<Utc>>,
    ) -> Result<bool, StoreError>;
}

/// Closed cases still holding personal data, closed before a time: the retention job's
/// work. Reads grow with the cases due, never with the table (a sparse index).
#[async_trait]
pub trait RetentionDue: Send + Sync {
    /// Oldest closed first, at most `limit`.
    async fn closed_before(&self, cutoff: DateTime<Utc>, limit: usize) -> Result<Vec<CaseRef>, StoreError>;
}

/// Which of a photo's two files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PhotoSize {
    /// At most `photo::MAX_SIDE` pixels.
    Full,
    /// At most `photo::THUMB_SIDE` pixels.
    Thumbnail,
}

impl PhotoSize {
    pub fn as_str(self) -> &'static str {
        match self {
            PhotoSize::Full => "full",
            PhotoSize::Thumbnail => "thumb",
        }
    }
}

/// Whether `id` can be a photo's id: 16 lowercase hex digits (so it is safe in a path or
/// an object key, and never names anything else).
pub fn is_photo_id(id: &str) -> bool {
    id.len() == 16 && id.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// Keeps a case's photos (already re-encoded: see `crate::photo`), each as two JPEGs.
#[async_trait]
pub trait PhotoWriter: Send + Sync {
    async fn put_photo(&self, case: &CaseRef, id: &str, size: PhotoSize, jpeg: &[u8]) -> Result<(), StoreError>;
    /// Takes back one photo this writer put (both sizes), when the report it was for was
    /// not stored after all; nothing else of the case is touched.
    async fn remove_photo(&self, case: &CaseRef, id: &str) -> Result<(), StoreError>;
}

/// Reads a case's photos back.
#[async_trait]
pub trait PhotoReader: Send + Sync {
    /// `None` if there is no such photo (never stored, or erased).
    async fn photo(&self, case: &CaseRef, id: &str, size: PhotoSize) -> Result<Option<Vec<u8>>, StoreError>;
}

/// Finds and removes everything kept for a case's photos: erasure, retention, and the
/// whole-store search that proves it.
#[async_trait]
pub trait PhotoEraser: Send + Sync {
    /// The ids of the photos kept for `case`.
    async fn photo_ids(&self, case: &CaseRef) -> Result<Vec<String>, StoreError>;
    /// Removes every file kept for `case`; how many went.
    async fn erase_photos(&self, case: &CaseRef) -> Result<usize, StoreError>;
}

/// Whether `id` can be an upload's id: 32 lowercase hex digits (unguessable, and safe in a
/// path or an object key).
pub fn is_upload_id(id: &str) -> bool {
    id.len() == 32 && id.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// A form a browser posts one photo with, straight to where uploads wait (S3's POST on
/// AWS): the fields in order, then the `Content-Type` of the file and the file last.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UploadForm {
    pub url: String,
    pub fields: Vec<(String, String)>,
    pub max_bytes: usize,
}

/// Photos a browser uploads before the report is sent, so a large photo never passes
/// through a function: a form for each, then the bytes taken (and removed) when the report
/// arrives. What is never taken is removed by the store within a day.
#[async_trait]
pub trait PhotoUploads: Send + Sync {
    /// A form for one upload under `id`, good until `expires`.
    async fn upload_form(&self, id: &str, expires: DateTime<Utc>) -> Result<UploadForm, StoreError>;
    /// The bytes uploaded under `id`, removed as they are read; `None` if there are none.
    async fn take_upload(&self, id: &str) -> Result<Option<Vec<u8>>, StoreError>;
}

/// A case's change of status as anyone may read it: which case, when, and to what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseUpdate {
    pub reference: CaseRef,
    pub at: DateTime<Utc>,
    pub status: Status,
}

/// Every case's status changes (and reopenings) by when they were made: Open311's
/// `servicerequestupdates`. Reads grow with the updates found (an index of those events
/// only, by day), never with the table.
#[async_trait]
pub trait CaseUpdates: Send + Sync {
    /// Those made from `from` (inclusive) until `until` (exclusive), oldest first, at most
    /// `limit`.
    async fn case_updates(
        &self,
        from: DateTime<Utc>,
        until: DateTime<Utc>,
        limit: usize,
    ) -> Result<Vec<CaseUpdate>, StoreError>;
}

/// The cases of a ward that were reported late, by the time their standard passed: what a
/// digest lists as "went late this week". Reads grow with the cases found, never with the
/// table (a sparse index of late cases by ward).
#[async_trait]
pub trait WardLate: Send + Sync {
    /// Cases in `ward` reported late whose standard passed in `[from, until)`, oldest first.
    async fn went_late(
        &self,
        ward: &WardId,
        from: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> Result<Vec<Case>, StoreError>;
}

/// The digest for one person and one period: who, and which (`week:2026-11-23`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DigestMark {
    /// The person's key in the council config, e.g. `councillor:amira-patel`.
    pub person: String,
    pub period: String,
}

/// Digests, each queued once: the "sent" mark and the outbox message are written in one
/// transaction, on the condition that the mark is not there yet.
#[async_trait]
pub trait DigestOutbox: Send + Sync {
    /// Queues `message` and marks the digest sent; `false` (and nothing written) if it was
    /// marked already.
    async fn enqueue_digest(&self, mark: &DigestMark, message: &OutboxMessage) -> Result<bool, StoreError>;
    /// Whether the digest was marked sent.
    async fn digest_sent(&self, mark: &DigestMark) -> Result<bool, StoreError>;
}

/// Councillors' choices about their email, to read (the digest, the sweep).
#[async_trait]
pub trait ReadPreferences: Send + Sync {
    /// The person's choices, or the defaults if they never chose.
    async fn prefs(&self, person: &str) -> Result<crate::domain::preferences::CouncillorPrefs, StoreError>;
}

/// Councillors' choices about their email, to change (the portal's settings page).
#[async_trait]
pub trait WritePreferences: Send + Sync {
    async fn set_prefs(
        &self,
        person: &str,
        prefs: &crate::domain::preferences::CouncillorPrefs,
    ) -> Result<(), StoreError>;
}

/// An email on its own (not caused by a change to a case), queued for the notifier.
#[async_trait]
pub trait MailQueue: Send + Sync {
    async fn enqueue(&self, message: &OutboxMessage) -> Result<(), StoreError>;
}

/// Counting attempts per key and window, for rate limits (sign-in links, data requests).
#[async_trait]
pub trait RateLimit: Send + Sync {
    /// Counts one attempt against `key` in the window starting at `window_start`, and
    /// returns the attempts counted so far in that window (including this one).
    async fn count_attempt(
        &self,
        key: &str,
        window_start: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> Result<u32, StoreError>;
}

/// Open cases not yet reported late whose time has come. Reads grow with the cases due,
/// never with the table (a sparse index).
#[async_trait]
pub trait DueCases: Send + Sync {
    /// Oldest due first, at most `limit`.
    async fn due(&self, now: DateTime<Utc>, limit: usize) -> Result<Vec<Case>, StoreError>;
}

/// Filters on a team's queue; `None` means any.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QueueFilter {
    /// The team's fixed and closed cases instead of its open ones. A `status` must then be
    /// a closed one (an open status with `closed` finds nothing).
    pub closed: bool,
    pub status: Option<Status>,
    pub category: Option<CategoryId>,
    pub ward: Option<WardId>,
}

/// One page of a list, and where the next starts.
#[derive(Debug, Clone, PartialEq)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// Opaque; pass back to get the next page. `None` on the last page.
    pub next: Option<String>,
}

/// A team's cases: its open ones, oldest due first; or with [`QueueFilter::closed`], its
/// fixed and closed ones, the most recently closed first.
#[async_trait]
pub trait TeamQueue: Send + Sync {
    async fn queue(
        &self,
        team: &crate::domain::TeamId,
        filter: &QueueFilter,
        after: Option<&str>,
        limit: usize,
    ) -> Result<Page<Case>, StoreError>;
}

/// Brings a stored case's index entries up to what this version writes, after an upgrade
/// changed them (on DynamoDB, index attributes are written with the item; SQLite's indexes
/// follow its columns and need nothing).
#[async_trait]
pub trait IndexRepair: Send + Sync {
    /// Rewrites `case`'s index entries if it is still at its version; `false` if it changed
    /// meanwhile (that change wrote them anew).
    async fn reindex(&self, case: &Case) -> Result<bool, StoreError>;
}

/// One-time sign-in links and the rate limit on asking for them. Tokens are stored only
/// as hashes.
#[async_trait]
pub trait SignInStore: Send + Sync {
    /// Stores a token and queues the email carrying it, in one transaction.
    async fn issue_token(
        &self,
        token_hash: &str,
        person: &str,
        expires_at: DateTime<Utc>,
        email: &OutboxMessage,
    ) -> Result<(), StoreError>;
    /// The person a token signs in, once: `None` if unknown, expired or already used.
    async fn consume_token(&self, token_hash: &str, now: DateTime<Utc>) -> Result<Option<String>, StoreError>;
}

/// Signed-in sessions, so signing out (or an operator) can end one before it expires.
#[async_trait]
pub trait SessionStore: Send + Sync {
    async fn create_session(&self, id: &str, person: &str, expires_at: DateTime<Utc>) -> Result<(), StoreError>;
    /// The person a live session belongs to: `None` if unknown, expired or revoked.
    async fn session(&self, id: &str, now: DateTime<Utc>) -> Result<Option<String>, StoreError>;
    async fn revoke_session(&self, id: &str) -> Result<(), StoreError>;
}

/// An email waiting to be sent, written in the same transaction as the change that caused it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutboxMessage {
    /// Sortable by creation time; unique.
    pub id: String,
    pub created_at: DateTime<Utc>,
    pub notice: Notice,
}

impl OutboxMessage {
    pub fn new(created_at: DateTime<Utc>, notice: Notice, rng: &mut impl rand::Rng) -> Self {
        let id = format!(
            "{}-{:016x}",
            created_at.format("%Y%m%dT%H%M%S%.6fZ"),
            rng.random::<u64>()
        );
        OutboxMessage { id, created_at, notice }
    }
}

/// What happened to a claimed message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Delivery {
    Sent {
        provider_id: String,
    },
    /// Try again at `retry_at`.
    Retry {
        retry_at: DateTime<Utc>,
        error: String,
    },
    /// Given up: kept for an operator to inspect and re-drive.
    Dead {
        error: String,
    },
}

#[async_trait]
pub trait Outbox: Send + Sync {
    /// Ids of messages ready to send at `now`: not sent, not dead, not leased, not waiting to retry.
    async fn ready(&self, now: DateTime<Utc>, limit: usize) -> Result<Vec<String>, StoreError>;
    /// Takes a lease on a ready message, so a second worker (or a redelivered stream record)
    /// leaves it alone. `None` if it is sent, dead, leased, waiting, or unknown.
    async fn claim(
        &self,
        id: &str,
        now: DateTime<Utc>,
        lease_until: DateTime<Utc>,
    ) -> Result<Option<ClaimedMessage>, StoreError>;
    /// Records the outcome of a claimed message and ends the lease.
    async fn settle(&self, id: &str, delivery: &Delivery, now: DateTime<Utc>) -> Result<(), StoreError>;
    /// Dead messages, oldest first, for an operator (no recipient details).
    async fn dead(&self, limit: usize) -> Result<Vec<DeadMessage>, StoreError>;
    /// Makes a dead message ready again, with its attempts reset. `false` if it is not dead.
    async fn redrive(&self, id: &str, now: DateTime<Utc>) -> Result<bool, StoreError>;
}

/// A message the notifier gave up on, as an operator sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeadMessage {
    pub id: String,
    pub attempts: u32,
    pub last_error: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ClaimedMessage {
    pub message: OutboxMessage,
    /// Failed attempts before this one.
    pub attempts: u32,
}

#[derive(Debug, thiserror::Error)]
pub enum MailError {
    /// The provider refused this message (a bad address, a suppressed recipient): retrying
    /// will not help.
    #[error("the mail provider rejected the message: {0}")]
    Rejected(String),
    /// The provider could not be reached or throttled us: retry later.
    #[error("the mail provider is unavailable")]
    Unavailable(#[source] BoxError),
}

#[async_trait]
pub trait Mailer: Send + Sync {
    /// Sends one email; returns the provider's message id.
    async fn send(&self, email: &RenderedEmail) -> Result<String, MailError>;
}

/// The only way code reads the time, so tests can set it.
pub trait Clock: Send + Sync {
    fn now(&self) -> DateTime<Utc>;
}

/// A shared clock is a clock.
impl<T: Clock + ?Sized> Clock for std::sync::Arc<T> {
    fn now(&self) -> DateTime<Utc> {
        (**self).now()
    }
}

pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// A clock that says what it is told.
pub struct FixedClock(Mutex<DateTime<Utc>>);

impl FixedClock {
    pub fn new(at: DateTime<Utc>) -> Self {
        FixedClock(Mutex::new(at))
    }
    pub fn set(&self, at: DateTime<Utc>) {
        *self.0.lock().unwrap_or_else(|e| e.into_inner()) = at;
    }
}

impl Clock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        *self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use std::collections::BTreeMap;

    use chrono::{Duration, NaiveTime, TimeZone, Utc};
    use proptest::prelude::*;

    use super::*;
    use crate::domain::case::{Actor, CaseEventKind, Channel};
    use crate::domain::performance::{Tally, recount};
    use crate::domain::redaction::fixtures;
    use crate::domain::{Category, ServiceStandard, Status};

    fn category(id: &str, team: &str, days: u16) -> Category {
        Category {
            id: CategoryId::parse(id).unwrap(),
            name: id.into(),
            hint: String::new().into(),
            standard: ServiceStandard { working_days: days },
            target: Default::default(),
            team: TeamId::parse(team).unwrap(),
            next_steps: String::new().into(),
            open_data_location: true,
        }
    }

    #[derive(Debug, Clone)]
    enum Step {
        Status(Status),
        Reopen,
        Correct(usize, usize),
    }

    type Cells = BTreeMap<(CategoryId, WardId, NaiveDate), Tally>;

    fn add(cells: &mut Cells, changes: Vec<TallyChange>) {
        for c in changes {
            cells.entry((c.category, c.ward, c.bucket)).or_default().add(&c.tally);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        /// Cases corrected to another type (another team, another standard) or ward at any
        /// point of their lives: the figures kept along the way are a recount of the cases
        /// where they are now.
        #[test]
        fn corrections_move_the_figures_to_where_a_recount_puts_them(
            lives in proptest::collection::vec(
                (0i64..300, proptest::collection::vec((1i64..150, prop_oneof![
                    proptest::sample::select(Status::ALL.to_vec()).prop_map(Step::Status),
                    Just(Step::Reopen),
                    (0usize..2, 0usize..2).prop_map(|(c, w)| Step::Correct(c, w)),
                ]), 0..8)),
                1..10,
            ),
        ) {
            let cal = crate::domain::WorkingCalendar::new([], NaiveTime::from_hms_opt(17, 0, 0).unwrap());
            let categories = [category("fly-tipping", "street-scene", 5), category("potholes", "highways", 20)];
            let wards = [WardId::parse("riverside").unwrap(), WardId::parse("millbrook").unwrap()];
            let mut kept = Cells::new();
            let mut records = Vec::new();
            for (n, (start, steps)) in lives.into_iter().enumerate() {
                let submitted = Utc.with_ymd_and_hms(2026, 9, 1, 9, 0, 0).unwrap() + Duration::hours(start * 5);
                let mut case = fixtures::case(n as u32, "riverside");
                case.status = Status::Open;
                case.closed_at = None;
                case.breach_notified = false;
                case = case.corrected(&categories[0], wards[0].clone(), &cal, submitted);
                case.submitted_at = submitted;
                case = case.corrected(&categories[0], wards[0].clone(), &cal, submitted);
                let first = CaseEvent::new(submitted, Actor::Resident, CaseEventKind::Submitted { channel: Channel::WebForm });
                add(&mut kept, TallyChange::for_change(None, &case, &first, &cal));
                let mut history = vec![first];
                let mut now = submitted;
                for (hours, step) in steps {
                    now += Duration::hours(hours);
                    let (next, event, changes) = match step {
                        Step::Status(to) => {
                            let Ok(next) = case.with_status(to, now) else { continue };
                            let e = CaseEvent::new(now, Actor::Officer("o".into()), CaseEventKind::StatusChanged { from: case.status, to });
                            let changes = TallyChange::for_change(Some(&case), &next, &e, &cal);
                            (next, e, changes)
                        }
                        Step::Reopen => {
                            let Ok(next) = case.reopened(now) else { continue };
                            let e = CaseEvent::new(now, Actor::Resident, CaseEventKind::Reopened);
                            let changes = TallyChange::for_change(Some(&case), &next, &e, &cal);
                            (next, e, changes)
                        }
                        Step::Correct(c, w) => {
                            let next = case.corrected(&categories[c], wards[w].clone(), &cal, now);
                            let e = CaseEvent::new(now, Actor::Officer("o".into()), CaseEventKind::Corrected {
                                from_category: case.category.clone(),
                                to_category: next.category.clone(),
                                from_ward: case.ward.clone(),
                                to_ward: next.ward.clone(),
                            });
                            let changes = TallyChange::for_correction(&case, &next, &history, &e, &cal);
                            (next, e, changes)
                        }
                    };
                    add(&mut kept, changes);
                    history.push(event);
                    case = next;
                }
                records.push((case, history));
            }
            kept.retain(|_, t| !t.is_zero());
            let mut recounted = Cells::new();
            for (case, history) in &records {
                for (bucket, t) in recount([(case, history.as_slice())], &cal) {
                    recounted.entry((case.category.clone(), case.ward.clone(), bucket)).or_default().add(&t);
                }
            }
            recounted.retain(|_, t| !t.is_zero());
            prop_assert_eq!(kept, recounted);
        }
    }
}
