//! The figures: added to in the same transaction as the change that moves them, read per
//! scope and range of buckets.

use std::collections::BTreeMap;

use async_trait::async_trait;
use chrono::NaiveDate;
use rusqlite::params;

use super::{SqliteStore, db};
use crate::domain::CategoryId;
use crate::domain::performance::{BUCKET_DAYS, DAYS_SLOTS, Tally};
use crate::ports::{Scope, StoreError, Tallies, TallyChange, TallyRebuild};

pub(super) fn scope_key(scope: &Scope) -> String {
    match scope {
        Scope::Council => "council".into(),
        Scope::Team(t) => format!("team:{t}"),
        Scope::Ward(w) => format!("ward:{w}"),
    }
}

fn day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// Adds each change to its council, team and ward rows.
pub(super) fn add(tx: &rusqlite::Transaction<'_>, changes: &[TallyChange]) -> Result<(), StoreError> {
    for change in changes {
        for scope in change.scopes() {
            insert_one(tx, &scope_key(&scope), &change.category, change.bucket, &change.tally)?;
        }
    }
    Ok(())
}

/// Adds `t` to one scope's row (creating it at zero first).
fn insert_one(
    tx: &rusqlite::Transaction<'_>,
    scope: &str,
    category: &CategoryId,
    bucket: NaiveDate,
    t: &Tally,
) -> Result<(), StoreError> {
    let (category, bucket) = (category.as_str(), day(bucket));
    tx.execute(
        "INSERT INTO tallies (scope, category, bucket, new, completed, within_standard, reopened, rating_sum, ratings)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
         ON CONFLICT (scope, bucket, category) DO UPDATE SET
           new = new + excluded.new, completed = completed + excluded.completed,
           within_standard = within_standard + excluded.within_standard,
           reopened = reopened + excluded.reopened, rating_sum = rating_sum + excluded.rating_sum,
           ratings = ratings + excluded.ratings",
        params![
            scope,
            category,
            bucket,
            t.new,
            t.completed,
            t.within_standard,
            t.reopened,
            t.rating_sum,
            t.ratings
        ],
    )
    .map_err(db)?;
    for (slot, n) in t.days.iter().enumerate().filter(|(_, n)| **n != 0) {
        tx.execute(
            "INSERT INTO tally_days (scope, category, bucket, slot, n) VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (scope, bucket, category, slot) DO UPDATE SET n = n + excluded.n",
            params![scope, category, bucket, slot as i64, n],
        )
        .map_err(db)?;
    }
    for (day, n) in t.late.iter().enumerate().filter(|(_, n)| **n != 0) {
        tx.execute(
            "INSERT INTO tally_late (scope, category, bucket, day, n) VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (scope, bucket, category, day) DO UPDATE SET n = n + excluded.n",
            params![scope, category, bucket, day as i64, n],
        )
        .map_err(db)?;
    }
    Ok(())
}

#[async_trait]
impl Tallies for SqliteStore {
    async fn tallies(
        &self,
        scope: &Scope,
        from: NaiveDate,
        until: NaiveDate,
    ) -> Result<Vec<(CategoryId, NaiveDate, Tally)>, StoreError> {
        let (scope, from, until) = (scope_key(scope), day(from), day(until));
        self.run(move |conn| {
            // Keyed as the text the side tables hold, so their rows find their tally at once.
            let mut rows: BTreeMap<(String, String), Tally> = BTreeMap::new();
            {
                let mut stmt = conn
                    .prepare(
                        "SELECT category, bucket, new, completed, within_standard, reopened, rating_sum, ratings
                         FROM tallies WHERE scope = ?1 AND bucket >= ?2 AND bucket < ?3",
                    )
                    .map_err(db)?;
                let found = stmt
                    .query_map(params![scope, from, until], |r| {
                        Ok((
                            (r.get::<_, String>(1)?, r.get::<_, String>(0)?),
                            Tally {
                                new: r.get(2)?,
                                completed: r.get(3)?,
                                within_standard: r.get(4)?,
                                reopened: r.get(5)?,
                                rating_sum: r.get(6)?,
                                ratings: r.get(7)?,
                                days: [0; DAYS_SLOTS],
                                late: [0; BUCKET_DAYS],
                            },
                        ))
                    })
                    .map_err(db)?;
                for row in found {
                    let (key, tally) = row.map_err(db)?;
                    rows.insert(key, tally);
                }
            }
            // The histogram and the backlog's changes: (table, column, which array).
            for (table, column, late) in [("tally_days", "slot", false), ("tally_late", "day", true)] {
                let mut stmt = conn
                    .prepare(&format!(
                        "SELECT category, bucket, {column}, n FROM {table}
                         WHERE scope = ?1 AND bucket >= ?2 AND bucket < ?3"
                    ))
                    .map_err(db)?;
                let cells = stmt
                    .query_map(params![scope, from, until], |r| {
                        Ok((
                            (r.get::<_, String>(1)?, r.get::<_, String>(0)?),
                            r.get::<_, i64>(2)?,
                            r.get::<_, i64>(3)?,
                        ))
                    })
                    .map_err(db)?;
                for cell in cells {
                    let (key, index, n) = cell.map_err(db)?;
                    let tally = rows.entry(key).or_default();
                    let slots: &mut [i64] = if late { &mut tally.late } else { &mut tally.days };
                    if let Some(slot) = usize::try_from(index).ok().and_then(|i| slots.get_mut(i)) {
                        *slot = n;
                    }
                }
            }
            let mut out = Vec::with_capacity(rows.len());
            for ((bucket, category), tally) in rows {
                if tally.is_zero() {
                    continue;
                }
                let category =
                    CategoryId::parse(&category).map_err(|_| StoreError::Corrupt(format!("category {category:?}")))?;
                let bucket = NaiveDate::parse_from_str(&bucket, "%Y-%m-%d")
                    .map_err(|_| StoreError::Corrupt(format!("bucket {bucket:?}")))?;
                out.push((category, bucket, tally));
            }
            Ok(out)
        })
        .await
    }
}

#[async_trait]
impl TallyRebuild for SqliteStore {
    async fn replace_tallies(&self, scope: &Scope, rows: &[(CategoryId, NaiveDate, Tally)]) -> Result<(), StoreError> {
        let scope = scope.clone();
        let rows = rows.to_vec();
        self.run(move |conn| {
            let tx = conn
                .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
                .map_err(db)?;
            let key = scope_key(&scope);
            tx.execute("DELETE FROM tallies WHERE scope = ?1", [&key]).map_err(db)?;
            tx.execute("DELETE FROM tally_days WHERE scope = ?1", [&key])
                .map_err(db)?;
            tx.execute("DELETE FROM tally_late WHERE scope = ?1", [&key])
                .map_err(db)?;
            // Written once, as a change to an empty scope would be: into this scope only.
            for (category, bucket, tally) in &rows {
                insert_one(&tx, &key, category, *bucket, tally)?;
            }
            tx.commit().map_err(db)
        })
        .await
    }
}
