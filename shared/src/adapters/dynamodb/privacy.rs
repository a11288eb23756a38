//! The DynamoDB side of councillors' and residents' ports: follows, a ward's cases, the
//! access audit, a resident's cases, erasure and retention.

use std::collections::HashMap;

use async_trait::async_trait;
use aws_sdk_dynamodb::types::{AttributeValue, Delete, TransactWriteItem};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{
    CaseFilter, CaseIndex, CaseItem, ConsentItem, DynamoStore, EventItem, INDEX_BY_RESIDENT, INDEX_BY_WARD,
    INDEX_FOLLOWING, INDEX_RETENTION_DUE, Item, corrupt, s, unavailable,
};
use crate::adapters::stored::StoredConsent;
use crate::adapters::ts;
use crate::domain::consent::ConsentRecord;
use crate::domain::{Actor, Case, CaseEvent, CaseEventKind, CaseRef, CouncillorId, ErasureReason, WardId};
use crate::ports::{
    AccessLog, AccessRecord, Eraser, Followers, Follows, MailQueue, OutboxMessage, Page, ResidentCases, RetentionDue,
    StoreError, WardCases, WardFilter,
};

/// DynamoDB's limit on the items in one transaction.
const MAX_TRANSACTION_ITEMS: usize = 100;

pub(super) fn consent_item(case: &CaseRef, record: &ConsentRecord) -> Result<Item, StoreError> {
    let item = ConsentItem {
        pk: format!("CASE#{case}"),
        // A random suffix keeps two records at the same microsecond apart and in order of time.
        sk: format!("CONSENT#{}#{:016x}", ts(record.at), rand::random::<u64>()),
        record: StoredConsent::of(record),
    };
    serde_dynamo::to_item(item).map_err(corrupt)
}

#[derive(Serialize, Deserialize)]
struct FollowItem {
    #[serde(rename = "PK")]
    pk: String,
    #[serde(rename = "SK")]
    sk: String,
    #[serde(rename = "GSI7PK")]
    following_pk: String,
    #[serde(rename = "GSI7SK")]
    following_sk: String,
    councillor: CouncillorId,
    reference: CaseRef,
}

pub(super) fn follow_item(councillor: &CouncillorId, case: &CaseRef, at: DateTime<Utc>) -> Result<Item, StoreError> {
    let item = FollowItem {
        pk: format!("CASE#{case}"),
        sk: format!("FOLLOWER#{councillor}"),
        following_pk: format!("FOLLOWS#{councillor}"),
        following_sk: format!("{}#{case}", ts(at)),
        councillor: councillor.clone(),
        reference: case.clone(),
    };
    serde_dynamo::to_item(item).map_err(corrupt)
}

#[derive(Serialize, Deserialize)]
struct AccessItem {
    #[serde(rename = "PK")]
    pk: String,
    #[serde(rename = "SK")]
    sk: String,
    record: AccessRecord,
}

#[async_trait]
impl Follows for DynamoStore {
    async fn follow(&self, councillor: &CouncillorId, case: &CaseRef, at: DateTime<Utc>) -> Result<(), StoreError> {
        self.count();
        let result = self
            .client
            .put_item()
            .table_name(&self.table)
            .set_item(Some(follow_item(councillor, case, at)?))
            // Following again keeps the first date (and the list's order).
            .condition_expression("attribute_not_exists(PK)")
            .send()
            .await;
        match result {
            Ok(_) => Ok(()),
            Err(e)
                if e.as_service_error()
                    .is_some_and(|e| e.is_conditional_check_failed_exception()) =>
            {
                Ok(())
            }
            Err(e) => Err(unavailable(e)),
        }
    }

    async fn unfollow(&self, councillor: &CouncillorId, case: &CaseRef) -> Result<(), StoreError> {
        self.count();
        self.client
            .delete_item()
            .table_name(&self.table)
            .key("PK", s(format!("CASE#{case}")))
            .key("SK", s(format!("FOLLOWER#{councillor}")))
            .send()
            .await
            .map_err(unavailable)?;
        Ok(())
    }

    async fn following(
        &self,
        councillor: &CouncillorId,
        after: Option<&str>,
        limit: usize,
    ) -> Result<Page<CaseRef>, StoreError> {
        let pk = format!("FOLLOWS#{councillor}");
        let start = crate::adapters::valid_cursor(after).map(|sk| {
            let reference = sk.rsplit('#').next().unwrap_or_default();
            HashMap::from([
                ("PK".to_owned(), s(format!("CASE#{reference}"))),
                ("SK".to_owned(), s(format!("FOLLOWER#{councillor}"))),
                ("GSI7PK".to_owned(), s(&pk)),
                ("GSI7SK".to_owned(), s(sk)),
            ])
        });
        self.count();
        let out = self
            .client
            .query()
            .table_name(&self.table)
            .index_name(INDEX_FOLLOWING)
            .key_condition_expression("GSI7PK = :pk")
            .expression_attribute_values(":pk", s(&pk))
            .scan_index_forward(false)
            .limit((limit + 1).clamp(1, 1000) as i32)
            .set_exclusive_start_key(start)
            .send()
            .await
            .map_err(unavailable)?;
        let mut rows = out
            .items
            .unwrap_or_default()
            .into_iter()
            .map(|i| serde_dynamo::from_item::<_, FollowItem>(i).map_err(corrupt))
            .collect::<Result<Vec<_>, _>>()?;
        let next = if rows.len() > limit {
            rows.truncate(limit);
            rows.last().map(|r| r.following_sk.clone())
        } else {
            None
        };
        Ok(Page {
            items: rows.into_iter().map(|r| r.reference).collect(),
            next,
        })
    }
}

#[async_trait]
impl Followers for DynamoStore {
    async fn followers(&self, case: &CaseRef) -> Result<Vec<CouncillorId>, StoreError> {
        self.query_partition(format!("CASE#{case}"), Some("FOLLOWER#"))
            .await?
            .into_iter()
            .map(|i| {
                serde_dynamo::from_item::<_, FollowItem>(i)
                    .map(|f| f.councillor)
                    .map_err(corrupt)
            })
            .collect()
    }
}

#[async_trait]
impl WardCases for DynamoStore {
    async fn ward_cases(
        &self,
        ward: &WardId,
        filter: &WardFilter,
        after: Option<&str>,
        limit: usize,
    ) -> Result<Page<Case>, StoreError> {
        // DynamoDB refuses a reversed BETWEEN and a start key outside the key condition
        // (moto accepts both). A reversed range holds nothing; a cursor from another range
        // (an address edited after paging) starts from the range's top when it lies past its
        // end, and finds nothing when it lies before its start: what SQLite answers.
        let nothing = Page {
            items: vec![],
            next: None,
        };
        if let (Some(from), Some(until)) = (filter.from, filter.until)
            && from >= until
        {
            return Ok(nothing);
        }
        let after = match crate::adapters::valid_cursor(after) {
            Some(c) if filter.until.is_some_and(|u| c >= ts(u).as_str()) => None,
            Some(c) if filter.from.is_some_and(|f| c < ts(f).as_str()) => return Ok(nothing),
            cursor => cursor,
        };
        let ward_pk = format!("WARD#{ward}");
        let mut values = HashMap::from([(":pk".to_owned(), s(&ward_pk))]);
        // The date range is part of the key condition: only that stretch of the index is
        // read. The sort key is `<submitted>#<ref>`, so `<= until` (BETWEEN's upper bound)
        // already leaves out a case reported at `until` itself: `until` stays exclusive.
        let key = match (filter.from, filter.until) {
            (Some(from), Some(until)) => {
                values.insert(":from".into(), s(ts(from)));
                values.insert(":until".into(), s(ts(until)));
                "GSI1PK = :pk AND GSI1SK BETWEEN :from AND :until"
            }
            (Some(from), None) => {
                values.insert(":from".into(), s(ts(from)));
                "GSI1PK = :pk AND GSI1SK >= :from"
            }
            (None, Some(until)) => {
                values.insert(":until".into(), s(ts(until)));
                "GSI1PK = :pk AND GSI1SK < :until"
            }
            (None, None) => "GSI1PK = :pk",
        };
        self.case_page(
            CaseIndex {
                name: INDEX_BY_WARD,
                key: ("GSI1PK", &ward_pk),
                sort_key: "GSI1SK",
                newest_first: true,
            },
            key,
            values,
            CaseFilter::new(filter.status, filter.category.as_ref(), None),
            after,
            limit,
            |c| format!("{}#{}", ts(c.submitted_at), c.reference),
        )
        .await
    }
}

#[async_trait]
impl AccessLog for DynamoStore {
    async fn record_access(&self, case: &CaseRef, record: &AccessRecord) -> Result<(), StoreError> {
        let item = AccessItem {
            pk: format!("ACCESS#{case}"),
            sk: format!("{}#{:016x}", ts(record.at), rand::random::<u64>()),
            record: record.clone(),
        };
        self.count();
        self.client
            .put_item()
            .table_name(&self.table)
            .set_item(Some(serde_dynamo::to_item(item).map_err(corrupt)?))
            .send()
            .await
            .map_err(unavailable)?;
        Ok(())
    }

    async fn accesses(&self, case: &CaseRef) -> Result<Vec<AccessRecord>, StoreError> {
        self.query_partition(format!("ACCESS#{case}"), None)
            .await?
            .into_iter()
            .map(|i| {
                serde_dynamo::from_item::<_, AccessItem>(i)
                    .map(|a| a.record)
                    .map_err(corrupt)
            })
            .collect()
    }
}

/// Every page of an index query, keeping only the case reference of each item.
impl DynamoStore {
    async fn index_references(
        &self,
        index: &str,
        key_condition: &str,
        values: HashMap<String, AttributeValue>,
        limit: Option<usize>,
    ) -> Result<Vec<CaseRef>, StoreError> {
        let mut refs = Vec::new();
        let mut start = None;
        loop {
            self.count();
            let out = self
                .client
                .query()
                .table_name(&self.table)
                .index_name(index)
                .key_condition_expression(key_condition)
                .set_expression_attribute_values(Some(values.clone()))
                .projection_expression("PK")
                .set_limit(limit.map(|l| l.clamp(1, 1000) as i32))
                .set_exclusive_start_key(start)
                .send()
                .await
                .map_err(unavailable)?;
            for item in out.items.unwrap_or_default() {
                let pk = item.get("PK").and_then(|v| v.as_s().ok()).map(String::as_str);
                let reference = pk
                    .and_then(|pk| pk.strip_prefix("CASE#"))
                    .ok_or_else(|| corrupt("index item without a case key"))?;
                refs.push(CaseRef::parse(reference).map_err(corrupt)?);
            }
            start = out.last_evaluated_key;
            if start.is_none() || limit.is_some_and(|l| refs.len() >= l) {
                return Ok(refs);
            }
        }
    }
}

#[async_trait]
impl ResidentCases for DynamoStore {
    async fn resident_cases(&self, resident_key: &str) -> Result<Vec<CaseRef>, StoreError> {
        self.index_references(
            INDEX_BY_RESIDENT,
            "GSI5PK = :pk",
            HashMap::from([(":pk".to_owned(), s(format!("RESIDENT#{resident_key}")))]),
            None,
        )
        .await
    }
}

#[async_trait]
impl RetentionDue for DynamoStore {
    async fn closed_before(&self, cutoff: DateTime<Utc>, limit: usize) -> Result<Vec<CaseRef>, StoreError> {
        let mut refs = self
            .index_references(
                INDEX_RETENTION_DUE,
                "GSI6PK = :pk AND GSI6SK < :cutoff",
                HashMap::from([(":pk".to_owned(), s("RETAIN")), (":cutoff".to_owned(), s(ts(cutoff)))]),
                Some(limit),
            )
            .await?;
        refs.truncate(limit);
        Ok(refs)
    }
}

#[async_trait]
impl Eraser for DynamoStore {
    async fn erase(
        &self,
        case: &CaseRef,
        reason: ErasureReason,
        at: DateTime<Utc>,
        closed_before: Option<DateTime<Utc>>,
    ) -> Result<bool, StoreError> {
        let items = self.query_partition(format!("CASE#{case}"), None).await?;
        let mut current: Option<Case> = None;
        let mut writes = Vec::new();
        let mut texts = Vec::new();
        for item in items {
            let sk = item.get("SK").and_then(|v| v.as_s().ok()).cloned().unwrap_or_default();
            if sk == "CASE" {
                current = Some(
                    serde_dynamo::from_item::<_, CaseItem>(item)
                        .map_err(corrupt)?
                        .into_case(),
                );
            } else if sk.starts_with("EVENT#") {
                let event: EventItem = serde_dynamo::from_item(item).map_err(corrupt)?;
                if event.event.has_text() {
                    texts.push(event);
                }
            } else if sk.starts_with("CONSENT#") {
                let delete = Delete::builder()
                    .table_name(&self.table)
                    .key("PK", s(format!("CASE#{case}")))
                    .key("SK", s(sk))
                    .build()
                    .map_err(corrupt)?;
                writes.push(TransactWriteItem::builder().delete(delete).build());
            }
        }
        let Some(current) = current else { return Ok(false) };
        if closed_before.is_some_and(|cutoff| !current.closed_before(cutoff)) {
            return Ok(false);
        }
        // An open case keeps its history's free text with its description: the job needs them.
        if !current.status.is_open() {
            for mut event in texts {
                event.event = event.event.scrubbed();
                writes.push(self.put(serde_dynamo::to_item(event).map_err(corrupt)?, None)?);
            }
        }
        if !current.erasure_would_remove() && writes.is_empty() {
            return Ok(false);
        }
        // The text and consent records go first, in as many transactions as they need; the
        // case itself last, conditional on the version read, with its `Erased` event. A run
        // that stops half-way leaves the case marked as holding personal data, so the next
        // run (or the resident's retry) finishes the job.
        let mut chunks: Vec<Vec<TransactWriteItem>> = writes
            .chunks(MAX_TRANSACTION_ITEMS - 2)
            .map(<[TransactWriteItem]>::to_vec)
            .collect();
        let erased = current.erased();
        let case_put = aws_sdk_dynamodb::types::Put::builder()
            .table_name(&self.table)
            .set_item(Some(serde_dynamo::to_item(CaseItem::new(&erased)).map_err(corrupt)?))
            .condition_expression("version = :expected")
            .expression_attribute_values(":expected", AttributeValue::N(current.version.to_string()))
            .build()
            .map_err(corrupt)?;
        let last = vec![
            TransactWriteItem::builder().put(case_put).build(),
            self.event_put(
                &erased,
                &CaseEvent::new(at, Actor::System, CaseEventKind::Erased { reason }),
            )?,
        ];
        match chunks.last_mut() {
            Some(chunk) => chunk.extend(last),
            None => chunks.push(last),
        }
        let count = chunks.len();
        for (i, chunk) in chunks.into_iter().enumerate() {
            self.count();
            let result = self
                .client
                .transact_write_items()
                .set_transact_items(Some(chunk))
                .send()
                .await;
            if let Err(err) = result {
                let conflict = i + 1 == count
                    && matches!(
                        err.as_service_error(),
                        Some(aws_sdk_dynamodb::operation::transact_write_items::TransactWriteItemsError::TransactionCanceledException(_))
                    );
                return Err(if conflict {
                    StoreError::Conflict
                } else {
                    unavailable(err)
                });
            }
        }
        Ok(true)
    }
}

#[async_trait]
impl MailQueue for DynamoStore {
    async fn enqueue(&self, message: &OutboxMessage) -> Result<(), StoreError> {
        self.count();
        self.client
            .transact_write_items()
            .transact_items(self.outbox_put(message)?)
            .send()
            .await
            .map_err(unavailable)?;
        Ok(())
    }
}
