//! Sign-in tokens, sessions and rate limits.

use super::*;

#[async_trait]
impl SignInStore for SqliteStore {
    async fn issue_token(
        &self,
        token_hash: &str,
        person: &str,
        expires_at: DateTime<Utc>,
        email: &OutboxMessage,
    ) -> Result<(), StoreError> {
        let (hash, person, email) = (token_hash.to_owned(), person.to_owned(), email.clone());
        self.run(move |conn| {
            let tx = conn
                .transaction_with_behavior(TransactionBehavior::Immediate)
                .map_err(db)?;
            tx.execute(
                "INSERT INTO signin_tokens (token_hash, person, expires_at) VALUES (?1, ?2, ?3)",
                params![hash, person, ts(expires_at)],
            )
            .map_err(db)?;
            insert_outbox(&tx, &email)?;
            tx.commit().map_err(db)?;
            Ok(())
        })
        .await
    }

    async fn consume_token(&self, token_hash: &str, now: DateTime<Utc>) -> Result<Option<String>, StoreError> {
        let hash = token_hash.to_owned();
        self.run(move |conn| {
            conn.query_row(
                "UPDATE signin_tokens SET used_at = ?2
                 WHERE token_hash = ?1 AND used_at IS NULL AND expires_at > ?2 RETURNING person",
                params![hash, ts(now)],
                |r| r.get(0),
            )
            .optional()
            .map_err(db)
        })
        .await
    }
}

#[async_trait]
impl RateLimit for SqliteStore {
    async fn count_attempt(
        &self,
        key: &str,
        window_start: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> Result<u32, StoreError> {
        let key = key.to_owned();
        self.run(move |conn| {
            // Old windows are of no further use.
            conn.execute("DELETE FROM rate_limits WHERE expires_at <= ?1", [ts(window_start)])
                .map_err(db)?;
            conn.query_row(
                "INSERT INTO rate_limits (key, window, count, expires_at) VALUES (?1, ?2, 1, ?3)
                 ON CONFLICT (key, window) DO UPDATE SET count = count + 1 RETURNING count",
                params![key, ts(window_start), ts(expires_at)],
                |r| r.get(0),
            )
            .map_err(db)
        })
        .await
    }
}

#[async_trait]
impl SessionStore for SqliteStore {
    async fn create_session(&self, id: &str, person: &str, expires_at: DateTime<Utc>) -> Result<(), StoreError> {
        let (id, person) = (id.to_owned(), person.to_owned());
        self.run(move |conn| {
            conn.execute(
                "INSERT INTO sessions (id, person, expires_at) VALUES (?1, ?2, ?3)",
                params![id, person, ts(expires_at)],
            )
            .map_err(db)?;
            Ok(())
        })
        .await
    }

    async fn session(&self, id: &str, now: DateTime<Utc>) -> Result<Option<String>, StoreError> {
        let id = id.to_owned();
        self.run(move |conn| {
            conn.query_row(
                "SELECT person FROM sessions WHERE id = ?1 AND revoked = 0 AND expires_at > ?2",
                params![id, ts(now)],
                |r| r.get(0),
            )
            .optional()
            .map_err(db)
        })
        .await
    }

    async fn revoke_session(&self, id: &str) -> Result<(), StoreError> {
        let id = id.to_owned();
        self.run(move |conn| {
            conn.execute("UPDATE sessions SET revoked = 1 WHERE id = ?1", [id])
                .map_err(db)?;
            Ok(())
        })
        .await
    }
}
