//! The OpenAPI document cannot drift from the routers: every JSON route the functions serve
//! is in it with its method, and it documents nothing they do not serve. (schemathesis, run
//! by `make test`, holds the responses to it.)

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed, which is what unwrap says

mod common;

use std::collections::BTreeSet;

/// A JSON route: the API, the portal's JSON, and downloads of JSON.
fn is_json(path: &str) -> bool {
    path.starts_with("/api/") || path.starts_with("/portal/api/") || path.ends_with(".json")
}

#[test]
fn every_json_route_is_documented_and_nothing_else() {
    let document = intake::openapi::document(&common::council());
    let documented: BTreeSet<(String, String)> = document["paths"]
        .as_object()
        .unwrap()
        .iter()
        .flat_map(|(path, ops)| {
            ops.as_object()
                .unwrap()
                .keys()
                .map(move |method| (method.to_uppercase(), path.clone()))
        })
        .collect();
    let served: BTreeSet<(String, String)> = intake::ROUTES
        .iter()
        .chain(portal::ROUTES)
        .chain(consent::ROUTES)
        .filter(|(_, path)| is_json(path))
        .map(|(m, p)| (m.to_string(), p.to_string()))
        .collect();
    assert_eq!(documented, served);
}

#[test]
fn the_document_names_the_councils_own_types_of_problem_and_wards() {
    let council = common::council();
    let document = intake::openapi::document(&council);
    assert_eq!(document["openapi"], "3.1.0");
    let schemas = &document["components"]["schemas"];
    let categories: Vec<&str> = schemas["NewReport"]["properties"]["category"]["enum"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(
        categories,
        council.categories.iter().map(|c| c.id.as_str()).collect::<Vec<_>>()
    );
    let wards = schemas["NewReport"]["properties"]["ward"]["enum"].as_array().unwrap();
    assert_eq!(wards.len(), council.wards.len());
    // Every reference to a schema resolves.
    let text = document.to_string();
    for (i, _) in text.match_indices("#/components/schemas/") {
        let name: String = text[i + 21..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        assert!(!schemas[&name].is_null(), "{name} is referred to but not defined");
    }
}
