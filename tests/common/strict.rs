//! A strict layer between the adapter and moto: it refuses, before the request leaves,
//! what DynamoDB refuses and moto lets through, so a mistake fails a test here instead of a
//! council's first deployment. Each rule cites what DynamoDB answers.
//!
//! - `Scan` (wardline never scans);
//! - a reserved word used as an attribute name in any expression (`status`, `case`, …);
//! - an `ExpressionAttributeValues` or `ExpressionAttributeNames` entry no expression uses,
//!   or a placeholder an expression uses without defining it;
//! - a `Query` whose `BETWEEN` has its lower bound above its upper;
//! - a `Query` filter naming the queried table's or index's own key attributes;
//! - a `Query` start key outside the key condition;
//! - a transaction of more than 100 items, or with two operations on one item.

use std::collections::{BTreeSet, HashMap};

use aws_sdk_dynamodb::config::interceptors::BeforeTransmitInterceptorContextRef;
use aws_sdk_dynamodb::config::{ConfigBag, Intercept, RuntimeComponents};
use aws_smithy_runtime_api::client::orchestrator::Metadata;
use serde_json::Value;

/// The interceptor; add it to a DynamoDB client's config.
#[derive(Debug, Clone, Default)]
pub struct StrictDynamo;

impl Intercept for StrictDynamo {
    fn name(&self) -> &'static str {
        "strict-dynamodb"
    }

    fn read_before_transmit(
        &self,
        context: &BeforeTransmitInterceptorContextRef<'_>,
        _rc: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), aws_sdk_dynamodb::error::BoxError> {
        let Some(m) = cfg.load::<Metadata>() else { return Ok(()) };
        let body: Value =
            serde_json::from_slice(context.request().body().bytes().unwrap_or_default()).unwrap_or_default();
        match refusal(m.name(), &body) {
            Some(why) => {
                let message = format!("DynamoDB would refuse this {}: {why}", m.name());
                eprintln!("{message}");
                Err(message.into())
            }
            None => Ok(()),
        }
    }
}

/// Why DynamoDB would refuse `operation` with this request body, if it would.
pub fn refusal(operation: &str, body: &Value) -> Option<String> {
    match operation {
        "Scan" => Some("wardline never scans: query an index".into()),
        "Query" => query_refusal(body),
        "TransactWriteItems" => transaction_refusal(body),
        "PutItem" | "UpdateItem" | "DeleteItem" | "GetItem" => expression_refusal(body),
        _ => None,
    }
}

const EXPRESSIONS: [&str; 5] = [
    "KeyConditionExpression",
    "FilterExpression",
    "ConditionExpression",
    "UpdateExpression",
    "ProjectionExpression",
];

/// Words of the expression grammar itself, and its functions: reserved, but used as syntax.
const GRAMMAR: [&str; 17] = [
    "AND",
    "OR",
    "NOT",
    "BETWEEN",
    "IN",
    "SET",
    "REMOVE",
    "ADD",
    "DELETE",
    "attribute_exists",
    "attribute_not_exists",
    "attribute_type",
    "begins_with",
    "contains",
    "size",
    "if_not_exists",
    "list_append",
];

fn reserved() -> &'static BTreeSet<String> {
    static WORDS: std::sync::OnceLock<BTreeSet<String>> = std::sync::OnceLock::new();
    WORDS.get_or_init(|| {
        include_str!("dynamodb_reserved_words.txt")
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .map(|l| l.trim().to_owned())
            .collect()
    })
}

/// The tokens of an expression: `#name`, `:value`, bare words and everything else.
fn tokens(expr: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    for c in expr.chars() {
        if c.is_ascii_alphanumeric() || c == '_' || ((c == '#' || c == ':') && current.is_empty()) {
            current.push(c);
        } else {
            if !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
            if !c.is_whitespace() {
                out.push(c.to_string());
            }
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

fn expression_refusal(body: &Value) -> Option<String> {
    let mut used_values = BTreeSet::new();
    let mut used_names = BTreeSet::new();
    for field in EXPRESSIONS {
        let Some(expr) = body[field].as_str() else { continue };
        for token in tokens(expr) {
            if token.starts_with(':') {
                used_values.insert(token);
            } else if token.starts_with('#') {
                used_names.insert(token);
            } else if token.starts_with(|c: char| c.is_ascii_alphabetic())
                && !GRAMMAR.iter().any(|g| g.eq_ignore_ascii_case(&token))
                && reserved().contains(&token.to_ascii_uppercase())
            {
                return Some(format!(
                    "{field} uses the reserved word `{token}` as an attribute name (use #name)"
                ));
            }
        }
    }
    let defined = |field: &str| -> BTreeSet<String> {
        body[field]
            .as_object()
            .map(|o| o.keys().cloned().collect())
            .unwrap_or_default()
    };
    let (values, names) = (
        defined("ExpressionAttributeValues"),
        defined("ExpressionAttributeNames"),
    );
    if let Some(unused) = values.difference(&used_values).next() {
        return Some(format!(
            "Value provided in ExpressionAttributeValues unused in expressions: {unused}"
        ));
    }
    if let Some(unused) = names.difference(&used_names).next() {
        return Some(format!(
            "Value provided in ExpressionAttributeNames unused in expressions: {unused}"
        ));
    }
    if let Some(undefined) = used_values.difference(&values).next() {
        return Some(format!(
            "An expression attribute value used in expression is not defined: {undefined}"
        ));
    }
    if let Some(undefined) = used_names.difference(&names).next() {
        return Some(format!(
            "An expression attribute name used in the document path is not defined: {undefined}"
        ));
    }
    None
}

/// The key attributes of the table (no index) or of the named index.
fn keys_of(index: Option<&str>) -> Option<(&'static str, &'static str)> {
    shared::adapters::dynamodb::KEY_SCHEMA
        .iter()
        .find(|(name, _, _)| *name == index.unwrap_or(""))
        .map(|(_, pk, sk)| (*pk, *sk))
}

/// A string attribute's value as the request gives it.
fn string_value(v: &Value) -> Option<&str> {
    v["S"].as_str()
}

fn query_refusal(body: &Value) -> Option<String> {
    if let Some(why) = expression_refusal(body) {
        return Some(why);
    }
    let index = body["IndexName"].as_str();
    let Some((pk, sk)) = keys_of(index) else {
        return Some(format!("no index named {index:?}"));
    };
    let names: HashMap<String, String> = body["ExpressionAttributeNames"]
        .as_object()
        .map(|o| {
            o.iter()
                .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_owned()))
                .collect()
        })
        .unwrap_or_default();
    let values = &body["ExpressionAttributeValues"];
    let resolve = |t: &str| names.get(t).cloned().unwrap_or_else(|| t.to_owned());
    let value = |t: &str| string_value(&values[t]).map(str::to_owned);

    if let Some(filter) = body["FilterExpression"].as_str() {
        let mut attributes = vec![pk.to_owned(), sk.to_owned()];
        if index.is_none() {
            attributes.dedup();
        }
        // A document path's first element is the attribute; `#c.#cat` names `case`.
        let toks = tokens(filter);
        for (i, t) in toks.iter().enumerate() {
            let after_dot = i > 0 && toks[i - 1] == ".";
            if !after_dot && !t.starts_with(':') && attributes.contains(&resolve(t)) {
                return Some(format!(
                    "Filter Expression can only contain non-primary key attributes: Primary key attribute: {}",
                    resolve(t)
                ));
            }
        }
    }

    // The key condition: `PK = :a` and optionally one condition on the sort key.
    let key = body["KeyConditionExpression"].as_str().unwrap_or_default();
    let toks: Vec<String> = tokens(key);
    let mut partition: Option<String> = None;
    let mut sort: Option<(String, Vec<String>)> = None; // (operator, values)
    let mut i = 0;
    while i < toks.len() {
        let t = resolve(&toks[i]);
        if t == "begins_with" {
            // begins_with ( SK , :p )
            if let Some(v) = toks.get(i + 4).and_then(|v| value(v)) {
                sort = Some(("begins_with".into(), vec![v]));
            }
            i += 6;
            continue;
        }
        if t == pk && toks.get(i + 1).map(String::as_str) == Some("=") {
            partition = toks.get(i + 2).and_then(|v| value(v));
            i += 3;
            continue;
        }
        if t == sk {
            let op = toks.get(i + 1).cloned().unwrap_or_default();
            // Two-character operators arrive as two tokens.
            let (op, next) = match (op.as_str(), toks.get(i + 2).map(String::as_str)) {
                ("<" | ">", Some("=")) => (format!("{op}="), i + 3),
                _ => (op, i + 2),
            };
            if op == "BETWEEN" {
                let (Some(low), Some(high)) = (
                    toks.get(next).and_then(|v| value(v)),
                    toks.get(next + 2).and_then(|v| value(v)),
                ) else {
                    return Some("BETWEEN needs two string bounds".into());
                };
                if low > high {
                    return Some(format!(
                        "Invalid KeyConditionExpression: The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: {low}, upper bound operand: {high}"
                    ));
                }
                sort = Some((op, vec![low, high]));
                i = next + 3;
            } else {
                sort = Some((op, toks.get(next).and_then(|v| value(v)).into_iter().collect()));
                i = next + 1;
            }
            continue;
        }
        i += 1;
    }

    // The start key must hold the table's and the index's keys, in the key condition's
    // partition and inside its sort-key condition.
    let start = &body["ExclusiveStartKey"];
    if start.is_object() {
        for attr in ["PK", "SK", pk, sk] {
            if start[attr].is_null() {
                return Some(format!("The provided starting key is invalid: it lacks {attr}"));
            }
        }
        let start_pk = string_value(&start[pk]).map(str::to_owned);
        if start_pk != partition {
            return Some("The provided starting key is outside query boundaries based on provided conditions".into());
        }
        if let (Some(start_sk), Some((op, bounds))) = (string_value(&start[sk]), &sort) {
            let inside = match (op.as_str(), bounds.as_slice()) {
                ("=", [v]) => start_sk == v,
                ("<", [v]) => start_sk < v.as_str(),
                ("<=", [v]) => start_sk <= v.as_str(),
                (">", [v]) => start_sk > v.as_str(),
                (">=", [v]) => start_sk >= v.as_str(),
                ("BETWEEN", [low, high]) => start_sk >= low.as_str() && start_sk <= high.as_str(),
                ("begins_with", [p]) => start_sk.starts_with(p.as_str()),
                _ => true,
            };
            if !inside {
                return Some(format!(
                    "The provided starting key is outside query boundaries based on provided conditions ({sk} {start_sk})"
                ));
            }
        }
    }
    if body["Limit"].as_i64().is_some_and(|l| l < 1) {
        return Some("Limit must be at least 1".into());
    }
    None
}

fn transaction_refusal(body: &Value) -> Option<String> {
    let items = body["TransactItems"].as_array().cloned().unwrap_or_default();
    if items.len() > 100 {
        return Some(format!(
            "Member must have length less than or equal to 100 ({} items)",
            items.len()
        ));
    }
    let mut seen = BTreeSet::new();
    for item in &items {
        let Some((kind, op)) = item.as_object().and_then(|o| o.iter().next()) else {
            continue;
        };
        let key = match kind.as_str() {
            "Put" => (op["Item"]["PK"].clone(), op["Item"]["SK"].clone()),
            _ => (op["Key"]["PK"].clone(), op["Key"]["SK"].clone()),
        };
        let id = format!("{}|{}|{}", op["TableName"], key.0, key.1);
        if !seen.insert(id) {
            return Some(format!(
                "Transaction request cannot include multiple operations on one item ({} {})",
                key.0, key.1
            ));
        }
        if let Some(why) = expression_refusal(op) {
            return Some(why);
        }
    }
    None
}
