//! The outbox: claimed with a lease, settled once, dead-lettered after its retries.

use super::*;

#[async_trait]
impl Outbox for SqliteStore {
    async fn ready(&self, now: DateTime<Utc>, limit: usize) -> Result<Vec<String>, StoreError> {
        self.run(move |conn| {
            let mut stmt = conn
                .prepare(
                    "SELECT id FROM outbox WHERE state = 'ready' AND ready_at <= ?1
                     AND (lease_until IS NULL OR lease_until <= ?1) ORDER BY ready_at, id LIMIT ?2",
                )
                .map_err(db)?;
            stmt.query_map(params![ts(now), limit as i64], |r| r.get(0))
                .map_err(db)?
                .collect::<Result<Vec<String>, _>>()
                .map_err(db)
        })
        .await
    }

    async fn claim(
        &self,
        id: &str,
        now: DateTime<Utc>,
        lease_until: DateTime<Utc>,
    ) -> Result<Option<ClaimedMessage>, StoreError> {
        let id = id.to_owned();
        self.run(move |conn| {
            let tx = conn
                .transaction_with_behavior(TransactionBehavior::Immediate)
                .map_err(db)?;
            let changed = tx
                .execute(
                    "UPDATE outbox SET lease_until = ?3 WHERE id = ?1 AND state = 'ready' AND ready_at <= ?2
                     AND (lease_until IS NULL OR lease_until <= ?2)",
                    params![id, ts(now), ts(lease_until)],
                )
                .map_err(db)?;
            if changed == 0 {
                return Ok(None);
            }
            let (created_at, attempts, notice): (String, u32, Option<String>) = tx
                .query_row(
                    "SELECT created_at, attempts, notice FROM outbox WHERE id = ?1",
                    [&id],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )
                .map_err(db)?;
            let notice = from_json(
                notice
                    .as_deref()
                    .ok_or_else(|| StoreError::Corrupt("ready outbox item without a notice".into()))?,
            )?;
            tx.commit().map_err(db)?;
            Ok(Some(ClaimedMessage {
                message: OutboxMessage {
                    id,
                    created_at: parse_ts(&created_at)?,
                    notice,
                },
                attempts,
            }))
        })
        .await
    }

    async fn settle(&self, id: &str, delivery: &Delivery, now: DateTime<Utc>) -> Result<(), StoreError> {
        let id = id.to_owned();
        let delivery = delivery.clone();
        self.run(move |conn| {
            match delivery {
                Delivery::Sent { provider_id } => conn.execute(
                    "UPDATE outbox SET state = 'sent', sent_at = ?2, provider_id = ?3, notice = NULL, lease_until = NULL
                     WHERE id = ?1",
                    params![id, ts(now), provider_id],
                ),
                Delivery::Retry { retry_at, error } => conn.execute(
                    "UPDATE outbox SET ready_at = ?2, last_error = ?3, attempts = attempts + 1, lease_until = NULL
                     WHERE id = ?1 AND state = 'ready'",
                    params![id, ts(retry_at), error],
                ),
                Delivery::Dead { error } => conn.execute(
                    "UPDATE outbox SET state = 'dead', last_error = ?2, attempts = attempts + 1, lease_until = NULL
                     WHERE id = ?1 AND state = 'ready'",
                    params![id, error],
                ),
            }
            .map_err(db)?;
            Ok(())
        })
        .await
    }

    async fn dead(&self, limit: usize) -> Result<Vec<DeadMessage>, StoreError> {
        self.run(move |conn| {
            let mut stmt = conn
                .prepare("SELECT id, attempts, COALESCE(last_error, '') FROM outbox WHERE state = 'dead' ORDER BY id LIMIT ?1")
                .map_err(db)?;
            stmt.query_map([limit as i64], |r| Ok(DeadMessage { id: r.get(0)?, attempts: r.get(1)?, last_error: r.get(2)? }))
                .map_err(db)?
                .collect::<Result<Vec<_>, _>>()
                .map_err(db)
        })
        .await
    }

    async fn redrive(&self, id: &str, now: DateTime<Utc>) -> Result<bool, StoreError> {
        let id = id.to_owned();
        self.run(move |conn| {
            let changed = conn
                .execute(
                    "UPDATE outbox SET state = 'ready', attempts = 0, ready_at = ?2, lease_until = NULL
                     WHERE id = ?1 AND state = 'dead'",
                    params![id, ts(now)],
                )
                .map_err(db)?;
            Ok(changed == 1)
        })
        .await
    }
}
