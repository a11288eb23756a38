//! Sign-in tokens, sessions and rate limits: items with a TTL, read only while alive.

use super::*;

fn epoch(t: DateTime<Utc>) -> AttributeValue {
    AttributeValue::N(t.timestamp().to_string())
}

#[async_trait]
impl SignInStore for DynamoStore {
    async fn issue_token(
        &self,
        token_hash: &str,
        person: &str,
        expires_at: DateTime<Utc>,
        email: &OutboxMessage,
    ) -> Result<(), StoreError> {
        let mut token = Item::new();
        token.insert("PK".into(), s(format!("SIGNIN#{token_hash}")));
        token.insert("SK".into(), s("SIGNIN"));
        token.insert("person".into(), s(person));
        token.insert(TTL_ATTRIBUTE.into(), epoch(expires_at));
        let items = vec![
            self.put(token, Some("attribute_not_exists(PK)"))?,
            self.outbox_put(email)?,
        ];
        self.count();
        self.client
            .transact_write_items()
            .set_transact_items(Some(items))
            .send()
            .await
            .map_err(unavailable)?;
        Ok(())
    }

    async fn consume_token(&self, token_hash: &str, now: DateTime<Utc>) -> Result<Option<String>, StoreError> {
        self.count();
        let result = self
            .client
            .update_item()
            .table_name(&self.table)
            .key("PK", s(format!("SIGNIN#{token_hash}")))
            .key("SK", s("SIGNIN"))
            .update_expression("SET used_at = :now")
            // TTL deletion is lazy: expiry is checked here, not left to it.
            .condition_expression("attribute_exists(PK) AND attribute_not_exists(used_at) AND #exp > :epoch")
            .expression_attribute_names("#exp", TTL_ATTRIBUTE)
            .expression_attribute_values(":now", s(ts(now)))
            .expression_attribute_values(":epoch", epoch(now))
            .return_values(ReturnValue::AllNew)
            .send()
            .await;
        match result {
            Ok(out) => Ok(out
                .attributes
                .and_then(|a| a.get("person").and_then(|p| p.as_s().ok()).cloned())),
            Err(e)
                if e.as_service_error()
                    .is_some_and(|e| e.is_conditional_check_failed_exception()) =>
            {
                Ok(None)
            }
            Err(e) => Err(unavailable(e)),
        }
    }
}

#[async_trait]
impl RateLimit for DynamoStore {
    async fn count_attempt(
        &self,
        key: &str,
        window_start: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> Result<u32, StoreError> {
        self.count();
        let out = self
            .client
            .update_item()
            .table_name(&self.table)
            .key("PK", s(format!("RATE#{key}")))
            .key("SK", s(ts(window_start)))
            .update_expression("ADD attempts :one SET #exp = :exp")
            .expression_attribute_names("#exp", TTL_ATTRIBUTE)
            .expression_attribute_values(":one", AttributeValue::N("1".into()))
            .expression_attribute_values(":exp", epoch(expires_at))
            .return_values(ReturnValue::UpdatedNew)
            .send()
            .await
            .map_err(unavailable)?;
        out.attributes
            .and_then(|a| {
                a.get("attempts")
                    .and_then(|v| v.as_n().ok())
                    .and_then(|n| n.parse().ok())
            })
            .ok_or_else(|| corrupt("rate limit counter missing"))
    }
}

#[async_trait]
impl SessionStore for DynamoStore {
    async fn create_session(&self, id: &str, person: &str, expires_at: DateTime<Utc>) -> Result<(), StoreError> {
        self.count();
        self.client
            .put_item()
            .table_name(&self.table)
            .item("PK", s(format!("SESSION#{id}")))
            .item("SK", s("SESSION"))
            .item("person", s(person))
            .item(TTL_ATTRIBUTE, epoch(expires_at))
            .condition_expression("attribute_not_exists(PK)")
            .send()
            .await
            .map_err(unavailable)?;
        Ok(())
    }

    async fn session(&self, id: &str, now: DateTime<Utc>) -> Result<Option<String>, StoreError> {
        let Some(item) = self.get_live(format!("SESSION#{id}"), "SESSION", now).await? else {
            return Ok(None);
        };
        let revoked = item
            .get("revoked")
            .and_then(|v| v.as_bool().ok())
            .copied()
            .unwrap_or(false);
        Ok(if revoked {
            None
        } else {
            item.get("person").and_then(|p| p.as_s().ok()).cloned()
        })
    }

    async fn revoke_session(&self, id: &str) -> Result<(), StoreError> {
        self.count();
        let result = self
            .client
            .update_item()
            .table_name(&self.table)
            .key("PK", s(format!("SESSION#{id}")))
            .key("SK", s("SESSION"))
            .update_expression("SET revoked = :t")
            .condition_expression("attribute_exists(PK)")
            .expression_attribute_values(":t", AttributeValue::Bool(true))
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
}
