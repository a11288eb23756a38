//! The outbox: messages written with the change that caused them, claimed with a lease, settled once.

use super::*;

/// How long a sent message's record (without its content) is kept.
const SENT_RETENTION: Duration = Duration::days(30);

#[derive(Serialize, Deserialize)]
pub(super) struct OutboxItem {
    #[serde(rename = "PK")]
    pub(super) pk: String,
    #[serde(rename = "SK")]
    pub(super) sk: String,
    #[serde(rename = "GSI3PK", default, skip_serializing_if = "Option::is_none")]
    pub(super) ready_pk: Option<String>,
    #[serde(rename = "GSI3SK", default, skip_serializing_if = "Option::is_none")]
    pub(super) ready_sk: Option<String>,
    pub(super) id: String,
    pub(super) created_at: DateTime<Utc>,
    pub(super) state: String,
    pub(super) ready_at: String,
    pub(super) attempts: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) notice: Option<Notice>,
}

pub(super) fn outbox_key(id: &str) -> (String, String) {
    (
        format!("{}{id}", crate::adapters::stream::OUTBOX_PREFIX),
        "OUTBOX".into(),
    )
}

#[async_trait]
impl Outbox for DynamoStore {
    async fn ready(&self, now: DateTime<Utc>, limit: usize) -> Result<Vec<String>, StoreError> {
        self.count();
        let out = self
            .client
            .query()
            .table_name(&self.table)
            .index_name(INDEX_OUTBOX_READY)
            .key_condition_expression("GSI3PK = :pk AND GSI3SK <= :now")
            .filter_expression("attribute_not_exists(lease_until) OR lease_until <= :nowts")
            .expression_attribute_values(":pk", s("OUTBOX"))
            // `~` sorts after every character of an id, so everything ready at `now` is in range.
            .expression_attribute_values(":now", s(format!("{}~", ts(now))))
            .expression_attribute_values(":nowts", s(ts(now)))
            .limit(limit.clamp(1, 1000) as i32)
            .send()
            .await
            .map_err(unavailable)?;
        Ok(out
            .items
            .unwrap_or_default()
            .into_iter()
            .filter_map(|i| i.get("id").and_then(|v| v.as_s().ok()).cloned())
            .collect())
    }

    async fn claim(
        &self,
        id: &str,
        now: DateTime<Utc>,
        lease_until: DateTime<Utc>,
    ) -> Result<Option<ClaimedMessage>, StoreError> {
        let (pk, sk) = outbox_key(id);
        self.count();
        let result = self
            .client
            .update_item()
            .table_name(&self.table)
            .key("PK", s(pk))
            .key("SK", s(sk))
            .update_expression("SET lease_until = :lease")
            .condition_expression(
                "#state = :ready AND ready_at <= :now AND (attribute_not_exists(lease_until) OR lease_until <= :now)",
            )
            .expression_attribute_names("#state", "state")
            .expression_attribute_values(":ready", s("ready"))
            .expression_attribute_values(":now", s(ts(now)))
            .expression_attribute_values(":lease", s(ts(lease_until)))
            .return_values(ReturnValue::AllNew)
            .send()
            .await;
        match result {
            Ok(out) => {
                let item: OutboxItem = serde_dynamo::from_item(out.attributes.unwrap_or_default()).map_err(corrupt)?;
                let notice = item
                    .notice
                    .ok_or_else(|| corrupt("ready outbox item without a notice"))?;
                Ok(Some(ClaimedMessage {
                    message: OutboxMessage {
                        id: item.id,
                        created_at: item.created_at,
                        notice,
                    },
                    attempts: item.attempts,
                }))
            }
            Err(e)
                if e.as_service_error()
                    .is_some_and(|e| e.is_conditional_check_failed_exception()) =>
            {
                Ok(None)
            }
            Err(e) => Err(unavailable(e)),
        }
    }

    async fn settle(&self, id: &str, delivery: &Delivery, now: DateTime<Utc>) -> Result<(), StoreError> {
        let (pk, sk) = outbox_key(id);
        let req = self
            .client
            .update_item()
            .table_name(&self.table)
            .key("PK", s(pk))
            .key("SK", s(sk));
        let req = match delivery {
            // The content goes: it holds the recipient's details, and it has been delivered.
            Delivery::Sent { provider_id } => req
                .update_expression(
                    "SET #state = :sent, sent_at = :now, provider_id = :pid, #exp = :exp \
                     REMOVE notice, lease_until, GSI3PK, GSI3SK",
                )
                .expression_attribute_values(":sent", s("sent"))
                .expression_attribute_values(":pid", s(provider_id))
                .expression_attribute_names("#exp", TTL_ATTRIBUTE)
                .expression_attribute_values(":exp", AttributeValue::N((now + SENT_RETENTION).timestamp().to_string()))
                .expression_attribute_values(":now", s(ts(now))),
            Delivery::Retry { retry_at, error } => req
                .update_expression(
                    "SET ready_at = :retry, GSI3SK = :gsk, last_error = :err, attempts = attempts + :one REMOVE lease_until",
                )
                .condition_expression("#state = :ready")
                .expression_attribute_values(":ready", s("ready"))
                .expression_attribute_values(":retry", s(ts(*retry_at)))
                .expression_attribute_values(":gsk", s(format!("{}#{id}", ts(*retry_at))))
                .expression_attribute_values(":err", s(error))
                .expression_attribute_values(":one", AttributeValue::N("1".into())),
            // Dead messages move to their own partition of the index, so an operator can list
            // them without a scan, and the ready query never sees them.
            Delivery::Dead { error } => req
                .update_expression(
                    "SET #state = :dead, last_error = :err, attempts = attempts + :one, dead_at = :now, \
                     GSI3PK = :deadpk, GSI3SK = :deadsk REMOVE lease_until",
                )
                .condition_expression("#state = :ready")
                .expression_attribute_values(":ready", s("ready"))
                .expression_attribute_values(":dead", s("dead"))
                .expression_attribute_values(":deadpk", s("OUTBOX-DEAD"))
                .expression_attribute_values(":deadsk", s(format!("{}#{id}", ts(now))))
                .expression_attribute_values(":err", s(error))
                .expression_attribute_values(":one", AttributeValue::N("1".into()))
                .expression_attribute_values(":now", s(ts(now))),
        };
        self.count();
        let result = req.expression_attribute_names("#state", "state").send().await;
        match result {
            Ok(_) => Ok(()),
            // Already settled by another worker: nothing to do.
            Err(e)
                if e.as_service_error()
                    .is_some_and(|e| e.is_conditional_check_failed_exception()) =>
            {
                Ok(())
            }
            Err(e) => Err(unavailable(e)),
        }
    }

    async fn dead(&self, limit: usize) -> Result<Vec<DeadMessage>, StoreError> {
        self.count();
        let out = self
            .client
            .query()
            .table_name(&self.table)
            .index_name(INDEX_OUTBOX_READY)
            .key_condition_expression("GSI3PK = :pk")
            .expression_attribute_values(":pk", s("OUTBOX-DEAD"))
            .limit(limit.clamp(1, 1000) as i32)
            .send()
            .await
            .map_err(unavailable)?;
        Ok(out
            .items
            .unwrap_or_default()
            .into_iter()
            .map(|i| {
                let text = |k: &str| i.get(k).and_then(|v| v.as_s().ok()).cloned().unwrap_or_default();
                DeadMessage {
                    id: text("id"),
                    attempts: i
                        .get("attempts")
                        .and_then(|v| v.as_n().ok())
                        .and_then(|n| n.parse().ok())
                        .unwrap_or(0),
                    last_error: text("last_error"),
                }
            })
            .collect())
    }

    async fn redrive(&self, id: &str, now: DateTime<Utc>) -> Result<bool, StoreError> {
        let (pk, sk) = outbox_key(id);
        self.count();
        let result = self
            .client
            .update_item()
            .table_name(&self.table)
            .key("PK", s(pk))
            .key("SK", s(sk))
            .update_expression(
                "SET #state = :ready, attempts = :zero, ready_at = :now, GSI3PK = :pk, GSI3SK = :sk REMOVE dead_at",
            )
            .condition_expression("#state = :dead")
            .expression_attribute_names("#state", "state")
            .expression_attribute_values(":ready", s("ready"))
            .expression_attribute_values(":dead", s("dead"))
            .expression_attribute_values(":zero", AttributeValue::N("0".into()))
            .expression_attribute_values(":now", s(ts(now)))
            .expression_attribute_values(":pk", s("OUTBOX"))
            .expression_attribute_values(":sk", s(format!("{}#{id}", ts(now))))
            .send()
            .await;
        match result {
            Ok(_) => Ok(true),
            Err(e)
                if e.as_service_error()
                    .is_some_and(|e| e.is_conditional_check_failed_exception()) =>
            {
                Ok(false)
            }
            Err(e) => Err(unavailable(e)),
        }
    }
}
