//! Digests, queued once per person and period (the mark and the outbox message in one
//! transaction, the mark on condition it is absent); and the late cases a digest lists, from
//! the sparse `WardLate` index.

use super::*;
use crate::domain::preferences::CouncillorPrefs;
use crate::ports::{DigestMark, DigestOutbox, ReadPreferences, WardLate, WritePreferences};

fn mark_key(mark: &DigestMark) -> (String, String) {
    (format!("DIGEST#{}", mark.person), mark.period.clone())
}

#[async_trait]
impl DigestOutbox for DynamoStore {
    async fn enqueue_digest(&self, mark: &DigestMark, message: &OutboxMessage) -> Result<bool, StoreError> {
        let (pk, sk) = mark_key(mark);
        let mut item = Item::new();
        item.insert("PK".into(), s(pk));
        item.insert("SK".into(), s(sk));
        item.insert("sent_at".into(), s(ts(message.created_at)));
        let items = vec![
            self.put(item, Some("attribute_not_exists(PK)"))?,
            self.outbox_put(message)?,
        ];
        match self.transact(items).await {
            Ok(_) => Ok(true),
            // Already marked: sent before.
            Err(err) if first_condition_failed(&err) => Ok(false),
            // Another run is writing the same mark right now: the run reads it as a conflict.
            Err(err) if only_conflicts(&err) => Err(StoreError::Conflict),
            Err(err) => Err(unavailable(err)),
        }
    }

    async fn digest_sent(&self, mark: &DigestMark) -> Result<bool, StoreError> {
        let (pk, sk) = mark_key(mark);
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
        Ok(out.item.is_some())
    }
}

#[async_trait]
impl WardLate for DynamoStore {
    async fn went_late(
        &self,
        ward: &WardId,
        from: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> Result<Vec<Case>, StoreError> {
        // `<until>` sorts before every `<until>#<ref>`: BETWEEN leaves the end out. An empty
        // or reversed range is answered without asking (DynamoDB refuses a reversed BETWEEN).
        if from >= until {
            return Ok(Vec::new());
        }
        let mut out = Vec::new();
        let mut start = None;
        loop {
            let req = self
                .client
                .query()
                .table_name(&self.table)
                .index_name(INDEX_WARD_LATE)
                .key_condition_expression("GSI8PK = :pk AND GSI8SK BETWEEN :from AND :until")
                .expression_attribute_values(":pk", s(format!("WARDLATE#{ward}")))
                .expression_attribute_values(":from", s(ts(from)))
                .expression_attribute_values(":until", s(ts(until)))
                .set_exclusive_start_key(start);
            let (cases, next) = self.query_cases(req).await?;
            out.extend(cases);
            match next {
                Some(key) => start = Some(key),
                None => break,
            }
        }
        Ok(out)
    }
}

fn prefs_key(person: &str) -> (String, String) {
    (format!("PREFS#{person}"), "PREFS".into())
}

#[async_trait]
impl ReadPreferences for DynamoStore {
    async fn prefs(&self, person: &str) -> Result<CouncillorPrefs, StoreError> {
        let (pk, sk) = prefs_key(person);
        self.count();
        let out = self
            .client
            .get_item()
            .table_name(&self.table)
            .key("PK", s(pk))
            .key("SK", s(sk))
            .send()
            .await
            .map_err(unavailable)?;
        match out
            .item
            .as_ref()
            .and_then(|i| i.get("prefs"))
            .and_then(|v| v.as_s().ok())
        {
            None => Ok(CouncillorPrefs::default()),
            Some(doc) => serde_json::from_str(doc).map_err(|e| StoreError::Corrupt(format!("preferences: {e}"))),
        }
    }
}

#[async_trait]
impl WritePreferences for DynamoStore {
    async fn set_prefs(&self, person: &str, prefs: &CouncillorPrefs) -> Result<(), StoreError> {
        let (pk, sk) = prefs_key(person);
        let doc = serde_json::to_string(prefs).map_err(corrupt)?;
        self.count();
        self.client
            .put_item()
            .table_name(&self.table)
            .item("PK", s(pk))
            .item("SK", s(sk))
            .item("prefs", s(doc))
            .send()
            .await
            .map_err(unavailable)?;
        Ok(())
    }
}

/// What the `Updates` index projects.
#[derive(Deserialize)]
struct UpdateItem {
    #[serde(rename = "GSI9SK")]
    sk: String,
    update_status: Status,
}

#[async_trait]
impl crate::ports::CaseUpdates for DynamoStore {
    async fn case_updates(
        &self,
        from: DateTime<Utc>,
        until: DateTime<Utc>,
        limit: usize,
    ) -> Result<Vec<crate::ports::CaseUpdate>, StoreError> {
        let mut out = Vec::new();
        // An empty or reversed range is answered without asking (DynamoDB refuses a
        // reversed BETWEEN).
        if from >= until || limit == 0 {
            return Ok(out);
        }
        // One partition a day (UTC), read in order; `<until>` sorts before every
        // `<until>#<ref>`, so BETWEEN leaves the end out.
        let mut day = from.date_naive();
        let last = (until - Duration::microseconds(1)).date_naive();
        while day <= last && out.len() < limit {
            let mut start = None;
            loop {
                let want = i32::try_from(limit - out.len()).unwrap_or(i32::MAX);
                self.count();
                let page = self
                    .client
                    .query()
                    .table_name(&self.table)
                    .index_name(INDEX_UPDATES)
                    .key_condition_expression("GSI9PK = :pk AND GSI9SK BETWEEN :from AND :until")
                    .expression_attribute_values(":pk", s(format!("UPDATES#{}", day.format("%Y-%m-%d"))))
                    .expression_attribute_values(":from", s(ts(from)))
                    .expression_attribute_values(":until", s(ts(until)))
                    .limit(want)
                    .set_exclusive_start_key(start)
                    .send()
                    .await
                    .map_err(unavailable)?;
                for item in page.items.unwrap_or_default() {
                    let u: UpdateItem = serde_dynamo::from_item(item).map_err(corrupt)?;
                    let (at, reference) =
                        u.sk.split_once('#')
                            .ok_or_else(|| corrupt(format!("Updates key {} has no reference", u.sk)))?;
                    out.push(crate::ports::CaseUpdate {
                        reference: CaseRef::parse(reference).map_err(corrupt)?,
                        at: DateTime::parse_from_rfc3339(at).map_err(corrupt)?.with_timezone(&Utc),
                        status: u.update_status,
                    });
                }
                match page.last_evaluated_key {
                    Some(key) if out.len() < limit => start = Some(key),
                    _ => break,
                }
            }
            match day.succ_opt() {
                Some(next) => day = next,
                None => break,
            }
        }
        out.truncate(limit);
        Ok(out)
    }
}
