//! The figures: one item per scope, bucket and category (`TALLY#<scope>`,
//! `<bucket>#<category>`), added to with `ADD` in the same transaction as the change that
//! moves them; read with one query per scope and range of buckets.

use super::*;
use crate::domain::performance::{BUCKET_DAYS, DAYS_SLOTS, Tally};
use crate::ports::{Scope, Tallies, TallyChange, TallyRebuild};
use chrono::NaiveDate;

fn scope_pk(scope: &Scope) -> String {
    match scope {
        Scope::Council => "TALLY#council".into(),
        Scope::Team(t) => format!("TALLY#team:{t}"),
        Scope::Ward(w) => format!("TALLY#ward:{w}"),
    }
}

fn day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// The counters, by attribute name, of a tally; days as `d<slot>`, the backlog's changes as
/// `l<day of the bucket>`.
fn counters(t: &Tally) -> Vec<(String, i64)> {
    let mut out = vec![
        ("n_new".to_owned(), t.new),
        ("n_completed".to_owned(), t.completed),
        ("n_within".to_owned(), t.within_standard),
        ("n_reopened".to_owned(), t.reopened),
        ("n_rating_sum".to_owned(), t.rating_sum),
        ("n_ratings".to_owned(), t.ratings),
    ];
    out.extend(t.days.iter().enumerate().map(|(slot, n)| (format!("d{slot}"), *n)));
    out.extend(t.late.iter().enumerate().map(|(day, n)| (format!("l{day}"), *n)));
    out.retain(|(_, n)| *n != 0);
    out
}

impl DynamoStore {
    /// The transaction's updates for `changes`: each adds to its council, team and ward items.
    pub(super) fn tally_updates(&self, changes: &[TallyChange]) -> Result<Vec<TransactWriteItem>, StoreError> {
        // A transaction may touch an item once: amounts for the same item are added together
        // first, by item key, so changes in different wards or teams that share the council's
        // item (a re-categorised or moved case, later) still make one update each.
        let mut merged: Vec<((String, String), Tally)> = Vec::new();
        for change in changes {
            let sk = format!("{}#{}", day(change.bucket), change.category);
            for scope in change.scopes() {
                let key = (scope_pk(&scope), sk.clone());
                match merged.iter_mut().find(|(k, _)| *k == key) {
                    Some((_, t)) => t.add(&change.tally),
                    None => merged.push((key, change.tally.clone())),
                }
            }
        }
        let mut items = Vec::new();
        for ((pk, sk), tally) in &merged {
            let add = counters(tally);
            if add.is_empty() {
                continue;
            }
            let expression = format!(
                "ADD {}",
                add.iter()
                    .enumerate()
                    .map(|(i, _)| format!("#a{i} :a{i}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            let mut update = aws_sdk_dynamodb::types::Update::builder()
                .table_name(&self.table)
                .key("PK", s(pk))
                .key("SK", s(sk))
                .update_expression(&expression);
            for (i, (name, n)) in add.iter().enumerate() {
                update = update
                    .expression_attribute_names(format!("#a{i}"), name)
                    .expression_attribute_values(format!(":a{i}"), AttributeValue::N(n.to_string()));
            }
            items.push(
                TransactWriteItem::builder()
                    .update(update.build().map_err(corrupt)?)
                    .build(),
            );
        }
        Ok(items)
    }
}

fn number(item: &Item, name: &str) -> Result<i64, StoreError> {
    match item.get(name) {
        None => Ok(0),
        Some(v) => v
            .as_n()
            .ok()
            .and_then(|n| n.parse().ok())
            .ok_or_else(|| StoreError::Corrupt(format!("tally attribute {name}"))),
    }
}

#[async_trait]
impl TallyRebuild for DynamoStore {
    async fn replace_tallies(&self, scope: &Scope, rows: &[(CategoryId, NaiveDate, Tally)]) -> Result<(), StoreError> {
        let pk = scope_pk(scope);
        let wanted: std::collections::HashSet<String> =
            rows.iter().map(|(c, b, _)| format!("{}#{c}", day(*b))).collect();
        for item in self.query_partition(pk.clone(), None).await? {
            let sk = item.get("SK").and_then(|v| v.as_s().ok()).cloned().unwrap_or_default();
            if !wanted.contains(&sk) {
                self.count();
                self.client
                    .delete_item()
                    .table_name(&self.table)
                    .key("PK", s(&pk))
                    .key("SK", s(sk))
                    .send()
                    .await
                    .map_err(unavailable)?;
            }
        }
        for (category, bucket, tally) in rows {
            let mut item = Item::new();
            item.insert("PK".into(), s(&pk));
            item.insert("SK".into(), s(format!("{}#{category}", day(*bucket))));
            for (name, n) in counters(tally) {
                item.insert(name, AttributeValue::N(n.to_string()));
            }
            self.count();
            self.client
                .put_item()
                .table_name(&self.table)
                .set_item(Some(item))
                .send()
                .await
                .map_err(unavailable)?;
        }
        Ok(())
    }
}

#[async_trait]
impl Tallies for DynamoStore {
    async fn tallies(
        &self,
        scope: &Scope,
        from: NaiveDate,
        until: NaiveDate,
    ) -> Result<Vec<(CategoryId, NaiveDate, Tally)>, StoreError> {
        // `<until>` sorts before every `<until>#<category>`: BETWEEN leaves that bucket out.
        // A reversed range holds nothing, and DynamoDB refuses a reversed BETWEEN.
        if from > until {
            return Ok(Vec::new());
        }
        let mut items = Vec::new();
        let mut start = None;
        loop {
            self.count();
            let out = self
                .client
                .query()
                .table_name(&self.table)
                .key_condition_expression("PK = :pk AND SK BETWEEN :from AND :until")
                .expression_attribute_values(":pk", s(scope_pk(scope)))
                .expression_attribute_values(":from", s(day(from)))
                .expression_attribute_values(":until", s(day(until)))
                .set_exclusive_start_key(start)
                .send()
                .await
                .map_err(unavailable)?;
            items.extend(out.items.unwrap_or_default());
            start = out.last_evaluated_key;
            if start.is_none() {
                break;
            }
        }
        let mut out = Vec::new();
        for item in items {
            let sk = item.get("SK").and_then(|v| v.as_s().ok()).cloned().unwrap_or_default();
            let (bucket, category) = sk
                .split_once('#')
                .ok_or_else(|| StoreError::Corrupt(format!("tally key {sk:?}")))?;
            let bucket = NaiveDate::parse_from_str(bucket, "%Y-%m-%d")
                .map_err(|_| StoreError::Corrupt(format!("tally bucket {bucket:?}")))?;
            let category =
                CategoryId::parse(category).map_err(|_| StoreError::Corrupt(format!("tally category {category:?}")))?;
            let mut tally = Tally {
                new: number(&item, "n_new")?,
                completed: number(&item, "n_completed")?,
                within_standard: number(&item, "n_within")?,
                reopened: number(&item, "n_reopened")?,
                rating_sum: number(&item, "n_rating_sum")?,
                ratings: number(&item, "n_ratings")?,
                days: [0; DAYS_SLOTS],
                late: [0; BUCKET_DAYS],
            };
            for (day, cell) in tally.late.iter_mut().enumerate() {
                *cell = number(&item, &format!("l{day}"))?;
            }
            for (slot, cell) in tally.days.iter_mut().enumerate() {
                *cell = number(&item, &format!("d{slot}"))?;
            }
            if !tally.is_zero() {
                out.push((category, bucket, tally));
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn store() -> DynamoStore {
        // Never sent: the test only builds the transaction's items.
        let config = aws_sdk_dynamodb::Config::builder()
            .behavior_version(aws_sdk_dynamodb::config::BehaviorVersion::latest())
            .region(aws_sdk_dynamodb::config::Region::new("eu-west-2"))
            .build();
        DynamoStore::new(Client::from_conf(config), "wardline")
    }

    fn change(ward: &str) -> TallyChange {
        TallyChange {
            category: CategoryId::parse("fly-tipping").unwrap(),
            team: TeamId::parse("street-scene").unwrap(),
            ward: WardId::parse(ward).unwrap(),
            bucket: NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(),
            tally: Tally {
                new: 1,
                ..Tally::default()
            },
        }
    }

    /// DynamoDB refuses a transaction that touches one item twice: two changes in different
    /// wards share the council's and the team's items, which get one update each.
    #[test]
    fn each_item_is_updated_once_however_many_changes_share_it() {
        let items = store()
            .tally_updates(&[change("riverside"), change("millbrook"), change("riverside")])
            .unwrap();
        let keys: Vec<(String, String)> = items
            .iter()
            .map(|i| {
                let u = i.update().unwrap();
                (
                    u.key()["PK"].as_s().unwrap().clone(),
                    u.expression_attribute_values().unwrap()[":a0"].as_n().unwrap().clone(),
                )
            })
            .collect();
        assert_eq!(
            keys,
            [
                ("TALLY#council".to_owned(), "3".to_owned()),
                ("TALLY#team:street-scene".to_owned(), "3".to_owned()),
                ("TALLY#ward:riverside".to_owned(), "2".to_owned()),
                ("TALLY#ward:millbrook".to_owned(), "1".to_owned()),
            ]
        );
    }
}
