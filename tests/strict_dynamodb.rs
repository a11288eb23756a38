//! The strict layer in front of moto (`tests/common/strict.rs`) refuses each mistake
//! DynamoDB refuses and moto lets through; every moto-backed test runs behind it.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed, which is what unwrap says

mod common;

use aws_sdk_dynamodb::types::{AttributeValue, Put, TransactWriteItem};

fn s(v: &str) -> AttributeValue {
    AttributeValue::S(v.into())
}

/// The strict layer's message for a refused call.
fn refused<T, E: std::error::Error>(result: Result<T, E>) -> String {
    let err = result.err().expect("refused");
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(s) = source {
        text.push_str(&format!(": {s}"));
        source = s.source();
    }
    text
}

#[tokio::test]
async fn each_mistake_dynamodb_refuses_is_refused_before_it_reaches_moto() {
    let client = common::dynamodb().await;
    let table = common::fresh_table(&client).await;
    let query = || client.query().table_name(&table);

    let reversed = query()
        .key_condition_expression("PK = :pk AND SK BETWEEN :from AND :until")
        .expression_attribute_values(":pk", s("TALLY#council"))
        .expression_attribute_values(":from", s("2026-12-01"))
        .expression_attribute_values(":until", s("2026-11-01"))
        .send()
        .await;
    assert!(refused(reversed).contains("BETWEEN operator requires upper bound"));

    let filter_on_key = query()
        .index_name("TeamQueue")
        .key_condition_expression("GSI4PK = :pk")
        .filter_expression("GSI4SK > :after")
        .expression_attribute_values(":pk", s("TEAM#street-scene"))
        .expression_attribute_values(":after", s("2026"))
        .send()
        .await;
    assert!(refused(filter_on_key).contains("non-primary key attributes"));

    let reserved = query()
        .index_name("TeamQueue")
        .key_condition_expression("GSI4PK = :pk")
        .filter_expression("status = :st")
        .expression_attribute_values(":pk", s("TEAM#street-scene"))
        .expression_attribute_values(":st", s("open"))
        .send()
        .await;
    assert!(refused(reserved).contains("reserved word `status`"));

    let unused = query()
        .key_condition_expression("PK = :pk")
        .expression_attribute_values(":pk", s("CASE#JKMN-RTWX"))
        .expression_attribute_values(":spare", s("x"))
        .send()
        .await;
    assert!(refused(unused).contains("unused in expressions: :spare"));

    let outside = query()
        .index_name("ByWard")
        .key_condition_expression("GSI1PK = :pk AND GSI1SK < :until")
        .expression_attribute_values(":pk", s("WARD#riverside"))
        .expression_attribute_values(":until", s("2026-11-01"))
        .exclusive_start_key("PK", s("CASE#JKMN-RTWX"))
        .exclusive_start_key("SK", s("CASE"))
        .exclusive_start_key("GSI1PK", s("WARD#riverside"))
        .exclusive_start_key("GSI1SK", s("2026-12-05T10:00:00.000000Z#JKMN-RTWX"))
        .send()
        .await;
    assert!(refused(outside).contains("outside query boundaries"));

    let put = |sk: &str| {
        TransactWriteItem::builder()
            .put(
                Put::builder()
                    .table_name(&table)
                    .item("PK", s("CASE#JKMN-RTWX"))
                    .item("SK", s(sk))
                    .build()
                    .unwrap(),
            )
            .build()
    };
    let twice = client
        .transact_write_items()
        .transact_items(put("CASE"))
        .transact_items(put("CASE"))
        .send()
        .await;
    assert!(refused(twice).contains("multiple operations on one item"));

    let scan = client.scan().table_name(&table).send().await;
    assert!(refused(scan).contains("never scans"));

    // What DynamoDB accepts passes.
    query()
        .index_name("TeamQueue")
        .key_condition_expression("GSI4PK = :pk")
        .filter_expression("#st = :st AND #c.#cat = :cat")
        .expression_attribute_names("#st", "status")
        .expression_attribute_names("#c", "case")
        .expression_attribute_names("#cat", "category")
        .expression_attribute_values(":pk", s("TEAM#street-scene"))
        .expression_attribute_values(":st", s("open"))
        .expression_attribute_values(":cat", s("fly-tipping"))
        .send()
        .await
        .unwrap();
}
