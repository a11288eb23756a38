//! Discovery, the service list and service definitions: the council's types of problem.

use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::Uri;
use axum::response::Response;
use shared::config::Council;
use shared::domain::CategoryId;

use crate::format::{Document, Node, Open311Error};
use crate::{ENDPOINT, Open311, Params, file_of, respond};

/// When this server's discovery document last changed (the spec's `changeset`).
const CHANGESET: &str = "2026-11-30T00:00:00Z";

/// The one attribute every service has: the ward, which a request needs when it gives an
/// `address_string` and no point (a point decides its own ward).
pub const WARD_ATTRIBUTE: &str = "ward";

/// `discovery.{xml,json}`: where the API is, what it speaks, and whom to ask for a key.
pub fn discovery(council: &Council) -> Document {
    Document::new(
        "discovery",
        Node::Obj(vec![
            ("changeset", Node::text(CHANGESET)),
            (
                "contact",
                Node::text(format!(
                    "{}: {}, {}",
                    council.name_in(council.default_lang()),
                    council.contact_email,
                    council.contact_phone
                )),
            ),
            (
                "key_service",
                Node::text(format!(
                    "Reading needs no key. To post requests or updates, ask {} for an API key.",
                    council.contact_email
                )),
            ),
            (
                "endpoints",
                Node::List(
                    "endpoint",
                    vec![Node::Obj(vec![
                        ("specification", Node::text("http://wiki.open311.org/GeoReport_v2")),
                        ("url", Node::text(format!("{}{ENDPOINT}", council.base_url))),
                        ("changeset", Node::text(CHANGESET)),
                        ("type", Node::text("production")),
                        (
                            "formats",
                            Node::List("format", vec![Node::text("text/xml"), Node::text("application/json")]),
                        ),
                    ])],
                ),
            ),
        ]),
    )
}

/// `services.{xml,json}`: every type of problem, grouped by the team that deals with it.
pub fn list(council: &Council) -> Document {
    let services = council
        .categories
        .iter()
        .map(|c| {
            Node::Obj(vec![
                ("service_code", Node::text(c.id.as_str())),
                ("service_name", Node::text(c.name.get(council.default_lang()))),
                ("description", Node::text(c.hint.get(council.default_lang()))),
                // Every service has the ward attribute (see the definition).
                ("metadata", Node::Bool(true)),
                ("type", Node::text("realtime")),
                ("keywords", Node::text(c.hint.get(council.default_lang()))),
                (
                    "group",
                    Node::text(
                        council
                            .team(&c.team)
                            .map_or(c.team.as_str(), |t| t.name.get(council.default_lang())),
                    ),
                ),
            ])
        })
        .collect();
    Document::new("services", Node::List("service", services))
}

/// `services/{code}.{xml,json}`.
pub async fn definition(State(deps): State<Open311>, uri: Uri, file: Result<Path<String>, PathRejection>) -> Response {
    let (code, format) = match file_of(file) {
        Ok(f) => f,
        Err(e) => return e.respond(crate::Format::Xml),
    };
    let result = Params::of_query(&uri)
        .and_then(|p| p.check_jurisdiction(&deps.council))
        .and_then(|()| service_definition(&deps.council, &code));
    respond(result, format)
}

fn service_definition(council: &Council, code: &str) -> Result<Document, Open311Error> {
    let category = CategoryId::parse(code)
        .ok()
        .and_then(|id| council.category(&id))
        .ok_or_else(|| Open311Error::not_found(format!("service_code {code} not found")))?;
    let wards = council
        .wards
        .iter()
        .map(|w| {
            Node::Obj(vec![
                ("key", Node::text(w.id.as_str())),
                ("name", Node::text(w.name.get(council.default_lang()))),
            ])
        })
        .collect();
    Ok(Document::new(
        "service_definition",
        Node::Obj(vec![
            ("service_code", Node::text(category.id.as_str())),
            (
                "attributes",
                Node::List(
                    "attribute",
                    vec![Node::Obj(vec![
                        ("variable", Node::Bool(true)),
                        ("code", Node::text(WARD_ATTRIBUTE)),
                        ("datatype", Node::text("singlevaluelist")),
                        ("required", Node::Bool(false)),
                        (
                            "datatype_description",
                            Node::text(
                                "Needed when the request gives address_string without lat and long; \
                                 send it as attribute[ward]=<key>",
                            ),
                        ),
                        ("order", Node::number(1)),
                        ("description", Node::text("Which ward is the problem in?")),
                        ("values", Node::List("value", wards)),
                    ])],
                ),
            ),
        ]),
    ))
}
