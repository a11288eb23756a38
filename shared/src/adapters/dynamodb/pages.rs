//! Pages of cases from an index: the sweep's due cases, a team's queue, a ward's cases.

use super::*;

#[async_trait]
impl DueCases for DynamoStore {
    async fn due(&self, now: DateTime<Utc>, limit: usize) -> Result<Vec<Case>, StoreError> {
        let req = self
            .client
            .query()
            .table_name(&self.table)
            .index_name(INDEX_DUE_OPEN)
            .key_condition_expression("GSI2PK = :pk AND GSI2SK <= :now")
            .expression_attribute_values(":pk", s("DUE"))
            .expression_attribute_values(":now", s(format!("{}~", ts(now))))
            .limit(limit.clamp(1, 1000) as i32);
        Ok(self.query_cases(req).await?.0)
    }
}

#[async_trait]
impl TeamQueue for DynamoStore {
    async fn queue(
        &self,
        team: &TeamId,
        filter: &QueueFilter,
        after: Option<&str>,
        limit: usize,
    ) -> Result<Page<Case>, StoreError> {
        // An open status among closed cases (or the reverse) matches nothing.
        if filter.status.is_some_and(|st| st.is_open() == filter.closed) {
            return Ok(Page {
                items: Vec::new(),
                next: None,
            });
        }
        let (team_pk, newest_first) = if filter.closed {
            (format!("TEAMDONE#{team}"), true)
        } else {
            (format!("TEAM#{team}"), false)
        };
        let values = HashMap::from([(":pk".to_owned(), s(&team_pk))]);
        let filter = CaseFilter::new(filter.status, filter.category.as_ref(), filter.ward.as_ref());
        self.case_page(
            CaseIndex {
                name: INDEX_TEAM_QUEUE,
                key: ("GSI4PK", &team_pk),
                sort_key: "GSI4SK",
                newest_first,
            },
            "GSI4PK = :pk",
            values,
            filter,
            after,
            limit,
            // The cursor is the index sort key of the last case shown.
            |c| team_queue_key(c).1,
        )
        .await
    }
}

/// Conditions on a case's own attributes, applied after an index read: what the index's
/// keys cannot select (DynamoDB filters may not name those keys).
#[derive(Default)]
pub(super) struct CaseFilter {
    conditions: Vec<&'static str>,
    names: HashMap<String, String>,
    values: Item,
}

impl CaseFilter {
    pub(super) fn new(status: Option<Status>, category: Option<&CategoryId>, ward: Option<&WardId>) -> CaseFilter {
        let mut f = CaseFilter::default();
        if let Some(status) = status {
            f.conditions.push("#st = :st");
            f.names.insert("#st".to_owned(), "status".to_owned());
            f.values.insert(":st".into(), s(status.as_str()));
        }
        if let Some(category) = category {
            f.conditions.push("#c.#cat = :cat");
            f.names.insert("#c".to_owned(), "case".to_owned());
            f.names.insert("#cat".to_owned(), "category".to_owned());
            f.values.insert(":cat".into(), s(category.as_str()));
        }
        if let Some(ward) = ward {
            f.conditions.push("#c.#ward = :ward");
            f.names.insert("#c".to_owned(), "case".to_owned());
            f.names.insert("#ward".to_owned(), "ward".to_owned());
            f.values.insert(":ward".into(), s(ward.as_str()));
        }
        f
    }
}

/// Items one query reads. DynamoDB applies `Limit` before the filter, so a filtered list
/// asking for a page's worth would make a query per few matches of a rare status in a large
/// ward; filtered, a query reads up to [`FILTERED_READ`] (or DynamoDB's 1 MB) at once, and
/// the list keeps only a page of what matched.
fn read_size(limit: usize, filter: &CaseFilter) -> i32 {
    let wanted = if filter.conditions.is_empty() {
        limit + 1
    } else {
        FILTERED_READ
    };
    wanted.clamp(1, FILTERED_READ) as i32
}

/// The most case items one filtered query reads (about 1 MB of them).
pub(super) const FILTERED_READ: usize = 500;

/// An index of case items, and which way a list reads it.
pub(super) struct CaseIndex<'a> {
    pub(super) name: &'a str,
    /// The index's partition key attribute and value.
    pub(super) key: (&'a str, &'a str),
    pub(super) sort_key: &'a str,
    pub(super) newest_first: bool,
}

/// The start key for a query on an index, from a cursor that is the index sort key of the
/// last case shown (ending `#<ref>`).
fn case_index_start(index: &CaseIndex<'_>, cursor: Option<&str>) -> Option<Item> {
    let sk = crate::adapters::valid_cursor(cursor)?;
    let reference = sk.rsplit('#').next().unwrap_or_default();
    Some(HashMap::from([
        ("PK".to_owned(), s(format!("CASE#{reference}"))),
        ("SK".to_owned(), s("CASE")),
        (index.key.0.to_owned(), s(index.key.1)),
        (index.sort_key.to_owned(), s(sk)),
    ]))
}

impl DynamoStore {
    /// One page of cases from an index (a team's queue, a ward's cases). Filters apply after
    /// each read, so a page may take several reads to fill; it reads one case past `limit` to
    /// know whether there is a next page, whose cursor `cursor` makes from the last case.
    #[allow(clippy::too_many_arguments)] // each is one part of the query; a struct would only rename them
    pub(super) async fn case_page(
        &self,
        index: CaseIndex<'_>,
        key_condition: &str,
        mut values: Item,
        filter: CaseFilter,
        after: Option<&str>,
        limit: usize,
        cursor: impl Fn(&Case) -> String,
    ) -> Result<Page<Case>, StoreError> {
        let read = read_size(limit, &filter);
        values.extend(filter.values);
        let mut start = case_index_start(&index, after);
        let mut items = Vec::new();
        loop {
            let mut req = self
                .client
                .query()
                .table_name(&self.table)
                .index_name(index.name)
                .key_condition_expression(key_condition)
                .set_expression_attribute_values(Some(values.clone()))
                .scan_index_forward(!index.newest_first)
                .limit(read)
                .set_exclusive_start_key(start.take());
            if !filter.conditions.is_empty() {
                req = req
                    .filter_expression(filter.conditions.join(" AND "))
                    .set_expression_attribute_names(Some(filter.names.clone()));
            }
            let (cases, last) = self.query_cases(req).await?;
            items.extend(cases);
            if items.len() > limit || last.is_none() {
                break;
            }
            start = last;
        }
        let next = if items.len() > limit {
            items.truncate(limit);
            items.last().map(&cursor)
        } else {
            None
        };
        Ok(Page { items, next })
    }
}

#[async_trait]
impl crate::ports::IndexRepair for DynamoStore {
    async fn reindex(&self, case: &Case) -> Result<bool, StoreError> {
        let item: Item = serde_dynamo::to_item(CaseItem::new(case)).map_err(corrupt)?;
        let (mut set, mut remove) = (Vec::new(), Vec::new());
        let mut values = HashMap::from([(":v".to_owned(), AttributeValue::N(case.version.to_string()))]);
        for (index, pk, sk) in KEY_SCHEMA {
            // The table's own keys never change; the outbox and follower indexes are not on
            // case items.
            if index.is_empty() || *index == INDEX_OUTBOX_READY || *index == INDEX_FOLLOWING {
                continue;
            }
            for attr in [*pk, *sk] {
                match item.get(attr) {
                    Some(value) => {
                        set.push(format!("{attr} = :{attr}"));
                        values.insert(format!(":{attr}"), value.clone());
                    }
                    None => remove.push(attr),
                }
            }
        }
        let mut update = format!("SET {}", set.join(", "));
        if !remove.is_empty() {
            update.push_str(&format!(" REMOVE {}", remove.join(", ")));
        }
        self.count();
        let result = self
            .client
            .update_item()
            .table_name(&self.table)
            .key("PK", s(format!("CASE#{}", case.reference)))
            .key("SK", s("CASE"))
            .update_expression(update)
            .condition_expression("version = :v")
            .set_expression_attribute_values(Some(values))
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
