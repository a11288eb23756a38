//! The production store: one DynamoDB table, single-table design.
//!
//! | item | PK | SK | indexes |
//! |---|---|---|---|
//! | case | `CASE#<ref>` | `CASE` | `ByWard` (GSI1: `WARD#<ward>`, `<submitted>#<ref>`); `DueOpen` (GSI2, sparse, open and not yet reported late: `DUE`, `<overdue_from>#<ref>`); `TeamQueue` (GSI4: open, `TEAM#<team>`, `<overdue_from>#<ref>`; fixed or closed, `TEAMDONE#<team>`, `<closed_at>#<ref>`) |
//! | case event | `CASE#<ref>` | `EVENT#<time>#<version>` | `Updates` (GSI9, sparse, status changes and reopenings only: `UPDATES#<UTC date>`, `<time>#<ref>`; projects `update_status` alone) |
//! | consent record | `CASE#<ref>` | `CONSENT#<time>#<random>` (put only if absent: append-only) | |
//! | follower | `CASE#<ref>` | `FOLLOWER#<councillor>` | `Following` (GSI7: `FOLLOWS#<councillor>`, `<since>#<ref>`) |
//! | access audit | `ACCESS#<ref>` | `<time>#<random>` | |
//! | outbox message | `OUTBOX#<id>` | `OUTBOX` | `OutboxReady` (GSI3, sparse: `OUTBOX`, `<ready_at>#<id>` while ready; `OUTBOX-DEAD`, `<dead_at>#<id>` once dead) |
//! | idempotency key | `IDEM#<hash>` | `IDEM` | — (TTL `expires`) |
//! | sign-in token | `SIGNIN#<hash>` | `SIGNIN` | — (TTL) |
//! | session | `SESSION#<id>` | `SESSION` | — (TTL) |
//! | sign-in attempts | `RATE#<key>` | `<window start>` | — (TTL) |
//! | performance figures | `TALLY#<council \| team:<id> \| ward:<id>>` | `<bucket>#<category>` (and `9999-01-01#<category>`: the running totals) | — (counters, added to in each change's transaction) |
//! | digest sent | `DIGEST#<person>` | `<period>` (put only if absent, with its outbox message) | |
//! | a councillor's email choices | `PREFS#<person>` | `PREFS` (`prefs`: JSON) | |
//!
//! Case items also carry `ByResident` (GSI5, sparse: `RESIDENT#<key>`, `<submitted>#<ref>`
//! while the case holds the resident's details), `RetentionDue` (GSI6, sparse: `RETAIN`,
//! `<retention_from>#<ref>` while closed and holding personal details) and `WardLate` (GSI8,
//! sparse: `WARDLATE#<ward>`, `<overdue_from>#<ref>` once reported late: the digest's
//! "went late this week").
//!
//! No code path scans. Personal details are one map attribute (`personal`) on the case item,
//! removed whole on erasure.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use async_trait::async_trait;
use aws_sdk_dynamodb::Client;
use aws_sdk_dynamodb::error::SdkError;
use aws_sdk_dynamodb::types::{AttributeValue, Put, ReturnValue, TransactWriteItem};
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

mod digests;
mod outbox;
mod pages;
mod privacy;
mod sessions;
mod tallies;

use outbox::{OutboxItem, outbox_key};
use pages::{CaseFilter, CaseIndex};

use super::stored::{StoredCase, StoredConsent, StoredEvent, StoredPersonal};
use super::{IMMEDIATELY, ts};
use crate::domain::consent::ConsentRecord;
use crate::domain::{Case, CaseEvent, CaseRecord, CaseRef, CategoryId, Status, TeamId, WardId};
use crate::notice::Notice;
use crate::ports::{
    CaseChange, CaseReader, CaseUpdater, CaseWriter, ClaimedMessage, ConsentLog, DeadMessage, Delivery, DueCases,
    Outbox, OutboxMessage, Page, QueueFilter, RateLimit, SessionStore, SignInStore, StoreError, Submission,
    SubmitOutcome, TeamQueue,
};

/// Index names, shared with the IaC template (checked by the agreement test).
pub const INDEX_BY_WARD: &str = "ByWard";
pub const INDEX_DUE_OPEN: &str = "DueOpen";
pub const INDEX_OUTBOX_READY: &str = "OutboxReady";
pub const INDEX_TEAM_QUEUE: &str = "TeamQueue";
pub const INDEX_BY_RESIDENT: &str = "ByResident";
pub const INDEX_RETENTION_DUE: &str = "RetentionDue";
pub const INDEX_FOLLOWING: &str = "Following";
pub const INDEX_WARD_LATE: &str = "WardLate";
pub const INDEX_UPDATES: &str = "Updates";
/// Every key attribute of the table and its indexes, with the index it belongs to.
pub const KEY_SCHEMA: &[(&str, &str, &str)] = &[
    ("", "PK", "SK"),
    (INDEX_BY_WARD, "GSI1PK", "GSI1SK"),
    (INDEX_DUE_OPEN, "GSI2PK", "GSI2SK"),
    (INDEX_OUTBOX_READY, "GSI3PK", "GSI3SK"),
    (INDEX_TEAM_QUEUE, "GSI4PK", "GSI4SK"),
    (INDEX_BY_RESIDENT, "GSI5PK", "GSI5SK"),
    (INDEX_RETENTION_DUE, "GSI6PK", "GSI6SK"),
    (INDEX_FOLLOWING, "GSI7PK", "GSI7SK"),
    (INDEX_WARD_LATE, "GSI8PK", "GSI8SK"),
    (INDEX_UPDATES, "GSI9PK", "GSI9SK"),
];
/// The IAM actions each port's methods need on the table, for the template's roles. A
/// transaction needs the actions of the writes inside it (`PutItem`, and `DeleteItem` for erasure). The
/// agreement test holds the template to this table, and `tests/iam_actions.rs` holds this
/// table to the calls the adapter really makes.
pub const IAM_ACTIONS: &[(&str, &[&str])] = &[
    (
        "CaseWriter",
        &["dynamodb:PutItem", "dynamodb:GetItem", "dynamodb:UpdateItem"],
    ),
    ("ConsentLog", &["dynamodb:PutItem", "dynamodb:Query"]),
    (
        "Follows",
        &["dynamodb:PutItem", "dynamodb:DeleteItem", "dynamodb:Query"],
    ),
    ("Followers", &["dynamodb:Query"]),
    ("WardCases", &["dynamodb:Query"]),
    ("AccessLog", &["dynamodb:PutItem", "dynamodb:Query"]),
    ("ResidentCases", &["dynamodb:Query"]),
    ("Eraser", &["dynamodb:Query", "dynamodb:PutItem", "dynamodb:DeleteItem"]),
    ("RetentionDue", &["dynamodb:Query"]),
    ("MailQueue", &["dynamodb:PutItem"]),
    ("RateLimit", &["dynamodb:UpdateItem"]),
    ("CaseReader", &["dynamodb:Query"]),
    ("Outbox", &["dynamodb:Query", "dynamodb:UpdateItem"]),
    ("CaseUpdater", &["dynamodb:PutItem", "dynamodb:UpdateItem"]),
    ("Tallies", &["dynamodb:Query"]),
    (
        "TallyRebuild",
        &["dynamodb:Query", "dynamodb:PutItem", "dynamodb:DeleteItem"],
    ),
    ("DueCases", &["dynamodb:Query"]),
    ("WardLate", &["dynamodb:Query"]),
    ("CaseUpdates", &["dynamodb:Query"]),
    ("FollowedCases", &["dynamodb:Query"]),
    ("ReadPreferences", &["dynamodb:GetItem"]),
    ("WritePreferences", &["dynamodb:PutItem"]),
    ("DigestOutbox", &["dynamodb:PutItem", "dynamodb:GetItem"]),
    ("TeamQueue", &["dynamodb:Query"]),
    ("IndexRepair", &["dynamodb:UpdateItem"]),
    ("SignInStore", &["dynamodb:PutItem", "dynamodb:UpdateItem"]),
    (
        "SessionStore",
        &["dynamodb:PutItem", "dynamodb:GetItem", "dynamodb:UpdateItem"],
    ),
];
/// The TTL attribute (epoch seconds).
pub const TTL_ATTRIBUTE: &str = "expires";

#[derive(Clone)]
pub struct DynamoStore {
    client: Client,
    table: String,
    round_trips: Arc<AtomicU64>,
}

fn unavailable<E, R>(e: SdkError<E, R>) -> StoreError
where
    E: std::error::Error + Send + Sync + 'static,
    R: std::fmt::Debug + Send + Sync + 'static,
{
    StoreError::unavailable(e)
}

/// Tries of one transaction cancelled by conflicts with others (see `DynamoStore::transact`).
const CONFLICT_ATTEMPTS: u32 = 4;

type TransactResult = Result<
    aws_sdk_dynamodb::operation::transact_write_items::TransactWriteItemsOutput,
    SdkError<
        aws_sdk_dynamodb::operation::transact_write_items::TransactWriteItemsError,
        aws_sdk_dynamodb::config::http::HttpResponse,
    >,
>;

/// Whether DynamoDB cancelled a transaction because the condition on its first item failed.
fn first_condition_failed<R>(
    err: &SdkError<aws_sdk_dynamodb::operation::transact_write_items::TransactWriteItemsError, R>,
) -> bool {
    matches!(
        err.as_service_error(),
        Some(aws_sdk_dynamodb::operation::transact_write_items::TransactWriteItemsError::TransactionCanceledException(e))
            if e.cancellation_reasons().first().and_then(|r| r.code()) == Some("ConditionalCheckFailed")
    )
}

/// Whether DynamoDB cancelled a transaction only for conflicts with other transactions
/// (every other item's reason `None`): no condition failed, nothing was wrong with it.
fn only_conflicts<R>(
    err: &SdkError<aws_sdk_dynamodb::operation::transact_write_items::TransactWriteItemsError, R>,
) -> bool {
    let Some(aws_sdk_dynamodb::operation::transact_write_items::TransactWriteItemsError::TransactionCanceledException(
        e,
    )) = err.as_service_error()
    else {
        return false;
    };
    let codes: Vec<&str> = e
        .cancellation_reasons()
        .iter()
        .map(|r| r.code().unwrap_or("None"))
        .collect();
    codes.contains(&"TransactionConflict") && codes.iter().all(|c| matches!(*c, "None" | "TransactionConflict"))
}

fn corrupt(e: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(e.to_string())
}

fn s(v: impl Into<String>) -> AttributeValue {
    AttributeValue::S(v.into())
}

type Item = HashMap<String, AttributeValue>;

#[derive(Serialize, Deserialize)]
struct CaseItem {
    #[serde(rename = "PK")]
    pk: String,
    #[serde(rename = "SK")]
    sk: String,
    #[serde(rename = "GSI1PK")]
    ward_pk: String,
    #[serde(rename = "GSI1SK")]
    ward_sk: String,
    #[serde(rename = "GSI2PK", default, skip_serializing_if = "Option::is_none")]
    due_pk: Option<String>,
    #[serde(rename = "GSI2SK", default, skip_serializing_if = "Option::is_none")]
    due_sk: Option<String>,
    #[serde(rename = "GSI4PK", default, skip_serializing_if = "Option::is_none")]
    team_pk: Option<String>,
    #[serde(rename = "GSI4SK", default, skip_serializing_if = "Option::is_none")]
    team_sk: Option<String>,
    #[serde(rename = "GSI5PK", default, skip_serializing_if = "Option::is_none")]
    resident_pk: Option<String>,
    #[serde(rename = "GSI5SK", default, skip_serializing_if = "Option::is_none")]
    resident_sk: Option<String>,
    #[serde(rename = "GSI6PK", default, skip_serializing_if = "Option::is_none")]
    retain_pk: Option<String>,
    #[serde(rename = "GSI6SK", default, skip_serializing_if = "Option::is_none")]
    retain_sk: Option<String>,
    #[serde(rename = "GSI8PK", default, skip_serializing_if = "Option::is_none")]
    late_pk: Option<String>,
    #[serde(rename = "GSI8SK", default, skip_serializing_if = "Option::is_none")]
    late_sk: Option<String>,
    status: String,
    version: u32,
    /// The case without its personal details.
    case: StoredCase,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    personal: Option<StoredPersonal>,
}

/// Where a case sits in the `TeamQueue` index: its team's open cases by when they fall due,
/// or (from item version 2) its team's fixed and closed cases by when they closed.
fn team_queue_key(case: &Case) -> (String, String) {
    if case.status.is_open() {
        (
            format!("TEAM#{}", case.team),
            format!("{}#{}", ts(case.overdue_from), case.reference),
        )
    } else {
        // A closed case always has its closing time; the submission stands in for safety.
        let closed = case.closed_at.unwrap_or(case.submitted_at);
        (
            format!("TEAMDONE#{}", case.team),
            format!("{}#{}", ts(closed), case.reference),
        )
    }
}

impl CaseItem {
    fn new(case: &Case) -> CaseItem {
        let personal = case.personal.as_ref().map(StoredPersonal::of);
        let by_due = format!("{}#{}", ts(case.overdue_from), case.reference);
        let ward_sk = format!("{}#{}", ts(case.submitted_at), case.reference);
        let due = case.awaits_breach_check().then(|| ("DUE".to_owned(), by_due.clone()));
        let (team_pk, team_sk) = team_queue_key(case);
        CaseItem {
            pk: format!("CASE#{}", case.reference),
            sk: "CASE".into(),
            ward_pk: format!("WARD#{}", case.ward),
            ward_sk: ward_sk.clone(),
            due_pk: due.as_ref().map(|d| d.0.clone()),
            due_sk: due.map(|d| d.1),
            team_pk: Some(team_pk),
            team_sk: Some(team_sk),
            resident_pk: personal
                .as_ref()
                .and_then(|p| p.resident_key.as_ref())
                .map(|k| format!("RESIDENT#{k}")),
            resident_sk: personal
                .as_ref()
                .and_then(|p| p.resident_key.as_ref())
                .map(|_| ward_sk.clone()),
            retain_pk: case.awaits_anonymisation().then(|| "RETAIN".to_owned()),
            retain_sk: case.retention_from().map(|at| format!("{}#{}", ts(at), case.reference)),
            late_pk: case.breach_notified.then(|| format!("WARDLATE#{}", case.ward)),
            late_sk: case.breach_notified.then(|| by_due.clone()),
            status: case.status.as_str().into(),
            version: case.version,
            case: StoredCase::public(case),
            personal,
        }
    }

    fn into_case(self) -> Case {
        self.case.into_case(self.personal)
    }
}

#[derive(Serialize, Deserialize)]
struct EventItem {
    #[serde(rename = "PK")]
    pk: String,
    #[serde(rename = "SK")]
    sk: String,
    event: StoredEvent,
    /// On status changes and reopenings only: the `Updates` index, and the status it shows.
    #[serde(rename = "GSI9PK", default, skip_serializing_if = "Option::is_none")]
    updates_pk: Option<String>,
    #[serde(rename = "GSI9SK", default, skip_serializing_if = "Option::is_none")]
    updates_sk: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    update_status: Option<Status>,
}

/// The `Updates` index's keys for an event of `case`, if it is one the index holds.
fn updates_keys(case: &CaseRef, event: &CaseEvent) -> Option<(String, String, Status)> {
    let status = event.kind.update_status()?;
    Some((
        format!("UPDATES#{}", event.at.format("%Y-%m-%d")),
        format!("{}#{case}", ts(event.at)),
        status,
    ))
}

impl DynamoStore {
    pub fn new(client: Client, table: impl Into<String>) -> Self {
        DynamoStore {
            client,
            table: table.into(),
            round_trips: Arc::new(AtomicU64::new(0)),
        }
    }

    /// Builds the client from the environment (region, credentials, `AWS_ENDPOINT_URL`).
    pub async fn from_env(table: impl Into<String>) -> Self {
        let config = aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await;
        DynamoStore::new(Client::new(&config), table)
    }

    /// An item by key, read consistently, unless its TTL has passed: DynamoDB deletes expired
    /// items lazily (up to days later), so expiry is checked on every read.
    async fn get_live(&self, pk: String, sk: &str, now: DateTime<Utc>) -> Result<Option<Item>, StoreError> {
        self.count();
        let out = self
            .client
            .get_item()
            .table_name(&self.table)
            .key("PK", s(pk))
            .key("SK", s(sk))
            .consistent_read(true)
            .send()
            .await
            .map_err(unavailable)?;
        Ok(out.item.filter(|item| {
            item.get(TTL_ATTRIBUTE)
                .and_then(|v| v.as_n().ok())
                .and_then(|n| n.parse::<i64>().ok())
                .is_some_and(|expires| expires > now.timestamp())
        }))
    }

    /// Every item of a partition (whose sort key starts with `sk_prefix`, if given), read
    /// consistently, in sort-key order, through every page.
    async fn query_partition(&self, pk: String, sk_prefix: Option<&str>) -> Result<Vec<Item>, StoreError> {
        let mut items = Vec::new();
        let mut start = None;
        loop {
            let mut req = self
                .client
                .query()
                .table_name(&self.table)
                .expression_attribute_values(":pk", s(&pk))
                .consistent_read(true)
                .set_exclusive_start_key(start);
            req = match sk_prefix {
                Some(prefix) => req
                    .key_condition_expression("PK = :pk AND begins_with(SK, :prefix)")
                    .expression_attribute_values(":prefix", s(prefix)),
                None => req.key_condition_expression("PK = :pk"),
            };
            self.count();
            let out = req.send().await.map_err(unavailable)?;
            items.extend(out.items.unwrap_or_default());
            start = out.last_evaluated_key;
            if start.is_none() {
                return Ok(items);
            }
        }
    }

    /// Requests made to DynamoDB so far.
    pub fn round_trips(&self) -> u64 {
        self.round_trips.load(Ordering::Relaxed)
    }

    fn count(&self) {
        self.round_trips.fetch_add(1, Ordering::Relaxed);
    }

    /// One transaction, tried again (up to [`CONFLICT_ATTEMPTS`] in all, after a short
    /// random pause) when DynamoDB cancelled it only because another transaction held one
    /// of its items. Every report and status change adds to its category's council and team
    /// tally items for the week, so busy moments collide; a cancelled transaction wrote
    /// nothing, so trying it again is safe. moto never reports a conflict.
    async fn transact(&self, items: Vec<TransactWriteItem>) -> TransactResult {
        let mut attempt = 1;
        loop {
            self.count();
            let result = self
                .client
                .transact_write_items()
                .set_transact_items(Some(items.clone()))
                .send()
                .await;
            match &result {
                Err(err) if attempt < CONFLICT_ATTEMPTS && only_conflicts(err) => {
                    let pause = (10u64 << attempt) + rand::random_range(0..20);
                    tokio::time::sleep(std::time::Duration::from_millis(pause)).await;
                    attempt += 1;
                }
                _ => return result,
            }
        }
    }

    fn put(&self, item: Item, condition: Option<&str>) -> Result<TransactWriteItem, StoreError> {
        let put = Put::builder()
            .table_name(&self.table)
            .set_item(Some(item))
            .set_condition_expression(condition.map(str::to_owned));
        Ok(TransactWriteItem::builder().put(put.build().map_err(corrupt)?).build())
    }

    async fn idempotency_record(
        &self,
        hash: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<(CaseRef, String)>, StoreError> {
        let Some(item) = self.get_live(format!("IDEM#{hash}"), "IDEM", now).await? else {
            return Ok(None);
        };
        let reference = item
            .get("reference")
            .and_then(|v| v.as_s().ok())
            .ok_or_else(|| corrupt("idempotency item without reference"))?;
        let fingerprint = item
            .get("fingerprint")
            .and_then(|v| v.as_s().ok())
            .cloned()
            .unwrap_or_default();
        Ok(Some((CaseRef::parse(reference).map_err(corrupt)?, fingerprint)))
    }
}

impl DynamoStore {
    fn event_put(&self, case: &Case, event: &CaseEvent) -> Result<TransactWriteItem, StoreError> {
        let updates = updates_keys(&case.reference, event);
        let item = EventItem {
            pk: format!("CASE#{}", case.reference),
            sk: format!("EVENT#{}#{:06}", ts(event.at), case.version),
            event: StoredEvent::of(event),
            updates_pk: updates.as_ref().map(|u| u.0.clone()),
            updates_sk: updates.as_ref().map(|u| u.1.clone()),
            update_status: updates.map(|u| u.2),
        };
        self.put(
            serde_dynamo::to_item(item).map_err(corrupt)?,
            Some("attribute_not_exists(PK)"),
        )
    }

    fn outbox_put(&self, m: &OutboxMessage) -> Result<TransactWriteItem, StoreError> {
        let (pk, sk) = outbox_key(&m.id);
        let item = OutboxItem {
            pk,
            sk,
            ready_pk: Some("OUTBOX".into()),
            ready_sk: Some(format!("{IMMEDIATELY}#{}", m.id)),
            id: m.id.clone(),
            created_at: m.created_at,
            state: "ready".into(),
            ready_at: IMMEDIATELY.into(),
            attempts: 0,
            notice: Some(m.notice.clone()),
        };
        self.put(
            serde_dynamo::to_item(item).map_err(corrupt)?,
            Some("attribute_not_exists(PK)"),
        )
    }

    async fn query_cases(
        &self,
        req: aws_sdk_dynamodb::operation::query::builders::QueryFluentBuilder,
    ) -> Result<(Vec<Case>, Option<Item>), StoreError> {
        self.count();
        let out = req.send().await.map_err(unavailable)?;
        let cases = out
            .items
            .unwrap_or_default()
            .into_iter()
            .map(|i| {
                serde_dynamo::from_item::<_, CaseItem>(i)
                    .map(CaseItem::into_case)
                    .map_err(corrupt)
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok((cases, out.last_evaluated_key))
    }
}

#[async_trait]
impl CaseUpdater for DynamoStore {
    async fn apply(&self, change: &CaseChange) -> Result<(), StoreError> {
        let item: Item = serde_dynamo::to_item(CaseItem::new(&change.case)).map_err(corrupt)?;
        // The whole item is replaced, so index keys the case no longer qualifies for (and
        // personal details it no longer holds) are gone with the old version.
        let put = Put::builder()
            .table_name(&self.table)
            .set_item(Some(item))
            .condition_expression("version = :expected")
            .expression_attribute_values(":expected", AttributeValue::N(change.expected_version.to_string()))
            .build()
            .map_err(corrupt)?;
        let mut items = vec![
            TransactWriteItem::builder().put(put).build(),
            self.event_put(&change.case, &change.event)?,
        ];
        for m in &change.outbox {
            items.push(self.outbox_put(m)?);
        }
        items.extend(self.tally_updates(&change.tallies)?);
        match self.transact(items).await {
            Ok(_) => Ok(()),
            // The case moved on, or another transaction kept winning the race for it (after
            // `transact`'s retries): either way the caller reads it again, never an outage.
            Err(err) if first_condition_failed(&err) || only_conflicts(&err) => Err(StoreError::Conflict),
            Err(err) => Err(unavailable(err)),
        }
    }
}

#[derive(Serialize, Deserialize)]
struct ConsentItem {
    #[serde(rename = "PK")]
    pk: String,
    #[serde(rename = "SK")]
    sk: String,
    record: StoredConsent,
}

#[async_trait]
impl ConsentLog for DynamoStore {
    async fn append_consent(&self, case: &CaseRef, record: &ConsentRecord) -> Result<(), StoreError> {
        self.count();
        self.client
            .put_item()
            .table_name(&self.table)
            .set_item(Some(privacy::consent_item(case, record)?))
            .condition_expression("attribute_not_exists(PK)")
            .send()
            .await
            .map_err(unavailable)?;
        Ok(())
    }

    async fn consents(&self, case: &CaseRef) -> Result<Vec<ConsentRecord>, StoreError> {
        self.query_partition(format!("CASE#{case}"), Some("CONSENT#"))
            .await?
            .into_iter()
            .map(|item| {
                serde_dynamo::from_item::<_, ConsentItem>(item)
                    .map(|c| c.record.into_record())
                    .map_err(corrupt)
            })
            .collect()
    }
}

#[async_trait]
impl CaseWriter for DynamoStore {
    async fn submit(&self, sub: &Submission, now: DateTime<Utc>) -> Result<SubmitOutcome, StoreError> {
        let case_item: Item = serde_dynamo::to_item(CaseItem::new(&sub.case)).map_err(corrupt)?;
        let mut items = vec![
            self.put(case_item, Some("attribute_not_exists(PK)"))?,
            self.event_put(&sub.case, &sub.event)?,
        ];
        for m in &sub.outbox {
            items.push(self.outbox_put(m)?);
        }
        if let Some(record) = &sub.consent {
            items.push(self.put(
                privacy::consent_item(&sub.case.reference, record)?,
                Some("attribute_not_exists(PK)"),
            )?);
        }
        if let Some(councillor) = &sub.follower {
            items.push(self.put(
                privacy::follow_item(councillor, &sub.case.reference, sub.case.submitted_at)?,
                None,
            )?);
        }
        items.extend(self.tally_updates(&sub.tallies)?);
        let idem_index = sub.idempotency.as_ref().map(|_| items.len());
        if let Some(claim) = &sub.idempotency {
            let mut item = Item::new();
            item.insert("PK".into(), s(format!("IDEM#{}", claim.key.hash())));
            item.insert("SK".into(), s("IDEM"));
            item.insert("reference".into(), s(sub.case.reference.as_str()));
            item.insert("fingerprint".into(), s(&claim.fingerprint));
            item.insert(
                TTL_ATTRIBUTE.into(),
                AttributeValue::N(claim.expires_at.timestamp().to_string()),
            );
            // TTL deletion is lazy: an expired key may still be there, and may be reused.
            let put = Put::builder()
                .table_name(&self.table)
                .set_item(Some(item))
                .condition_expression("attribute_not_exists(PK) OR #exp <= :now")
                .expression_attribute_names("#exp", TTL_ATTRIBUTE)
                .expression_attribute_values(":now", AttributeValue::N(now.timestamp().to_string()))
                .build()
                .map_err(corrupt)?;
            items.push(TransactWriteItem::builder().put(put).build());
        }

        let result = self.transact(items).await;
        let Err(err) = result else {
            return Ok(SubmitOutcome::Stored);
        };
        let failed: Vec<bool> = match err.as_service_error() {
            Some(aws_sdk_dynamodb::operation::transact_write_items::TransactWriteItemsError::TransactionCanceledException(e)) => e
                .cancellation_reasons()
                .iter()
                .map(|r| r.code() == Some("ConditionalCheckFailed"))
                .collect(),
            _ => return Err(unavailable(err)),
        };
        if let Some(i) = idem_index
            && failed.get(i).copied().unwrap_or(false)
        {
            return match self
                .idempotency_record(sub.idempotency.as_ref().map_or("", |c| c.key.hash()), now)
                .await?
            {
                Some((reference, fingerprint)) => Ok(SubmitOutcome::Replayed { reference, fingerprint }),
                // Expired between the write and the read: the caller may simply try again.
                None => Err(StoreError::ReferenceTaken),
            };
        }
        if failed.first().copied().unwrap_or(false) {
            return Err(StoreError::ReferenceTaken);
        }
        Err(unavailable(err))
    }
}

#[async_trait]
impl CaseReader for DynamoStore {
    async fn case(&self, reference: &CaseRef) -> Result<Option<CaseRecord>, StoreError> {
        // The case and its history share a partition: one query reads both, in SK order
        // (`CASE` sorts before `EVENT#…`).
        let items = self.query_partition(format!("CASE#{reference}"), None).await?;
        let mut case = None;
        let mut history = Vec::new();
        for item in items {
            match item.get("SK").and_then(|v| v.as_s().ok()).map(String::as_str) {
                Some("CASE") => {
                    case = Some(
                        serde_dynamo::from_item::<_, CaseItem>(item)
                            .map_err(corrupt)?
                            .into_case(),
                    )
                }
                Some(sk) if sk.starts_with("EVENT#") => history.push(
                    serde_dynamo::from_item::<_, EventItem>(item)
                        .map_err(corrupt)?
                        .event
                        .into_event(),
                ),
                _ => {}
            }
        }
        Ok(case.map(|case| CaseRecord { case, history }))
    }
}

/// Creates the table with its indexes, as the IaC template does. For tests and development
/// against a local DynamoDB; production tables come from the template.
pub async fn create_table(client: &Client, table: &str) -> Result<(), StoreError> {
    use aws_sdk_dynamodb::types::{
        AttributeDefinition, BillingMode, GlobalSecondaryIndex, KeySchemaElement, KeyType, Projection, ProjectionType,
        ScalarAttributeType,
    };
    let key = |name: &str, kind: KeyType| {
        KeySchemaElement::builder()
            .attribute_name(name)
            .key_type(kind)
            .build()
            .map_err(corrupt)
    };
    let mut req = client
        .create_table()
        .table_name(table)
        .billing_mode(BillingMode::PayPerRequest);
    for (index, pk, sk) in KEY_SCHEMA {
        for attr in [pk, sk] {
            req = req.attribute_definitions(
                AttributeDefinition::builder()
                    .attribute_name(*attr)
                    .attribute_type(ScalarAttributeType::S)
                    .build()
                    .map_err(corrupt)?,
            );
        }
        if index.is_empty() {
            req = req
                .key_schema(key(pk, KeyType::Hash)?)
                .key_schema(key(sk, KeyType::Range)?);
        } else {
            req = req.global_secondary_indexes(
                GlobalSecondaryIndex::builder()
                    .index_name(*index)
                    .key_schema(key(pk, KeyType::Hash)?)
                    .key_schema(key(sk, KeyType::Range)?)
                    .projection(if *index == INDEX_UPDATES {
                        // As the template has it: the status alone, none of an event's notes.
                        Projection::builder()
                            .projection_type(ProjectionType::Include)
                            .non_key_attributes("update_status")
                            .build()
                    } else {
                        Projection::builder().projection_type(ProjectionType::All).build()
                    })
                    .build()
                    .map_err(corrupt)?,
            );
        }
    }
    req.send().await.map_err(unavailable)?;
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::domain::Capacity;
    use crate::domain::redaction::fixtures;

    fn case() -> Case {
        let mut c = fixtures::logged(fixtures::case(7, "riverside"), "amira-patel", Capacity::AsResident);
        c.status = Status::Fixed;
        c.closed_at = Some(fixtures::t(60));
        c
    }

    /// A case item as version 1 wrote it (keys, index attributes and all) still reads as
    /// the same case. Change the stored shape with a new version read beside the old ones,
    /// never by editing a golden file.
    #[test]
    fn version_1_of_a_case_item_still_reads() {
        let golden: serde_json::Value =
            serde_json::from_str(include_str!("../golden/dynamodb_case_item.json")).unwrap();
        let item: Item = serde_dynamo::to_item(golden).unwrap();
        let read: CaseItem = serde_dynamo::from_item(item).unwrap();
        assert_eq!(read.into_case(), case());
    }

    /// Version 2 adds closed cases to the `TeamQueue` index (`TEAMDONE#<team>`, by closing
    /// time); it is what is written now, and reads as the same case.
    #[test]
    fn version_2_of_a_case_item_reads_and_writes_unchanged() {
        let golden: serde_json::Value =
            serde_json::from_str(include_str!("../golden/dynamodb_case_item_v2.json")).unwrap();
        let written: Item = serde_dynamo::to_item(CaseItem::new(&case())).unwrap();
        let written: serde_json::Value = serde_dynamo::from_item(written).unwrap();
        assert_eq!(written, golden);
        let item: Item = serde_dynamo::to_item(golden).unwrap();
        let read: CaseItem = serde_dynamo::from_item(item).unwrap();
        assert_eq!(read.into_case(), case());
    }
}
