//! Open311's two formats from one tree: XML (required by the spec: a root element, no
//! namespace, UTF-8 declared) and JSON by the Spark convention (a list is an array of its
//! items, an element with children an object).

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::Value;

/// The format a client asked for, by the extension of the last path segment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Xml,
    Json,
}

impl Format {
    /// `services.xml` → `("services", Xml)`; `None` for any other extension.
    pub fn split(file: &str) -> Option<(&str, Format)> {
        let (stem, ext) = file.rsplit_once('.')?;
        let format = match ext {
            "xml" => Format::Xml,
            "json" => Format::Json,
            _ => return None,
        };
        Some((stem, format))
    }

    fn content_type(self) -> &'static str {
        match self {
            Format::Xml => "text/xml; charset=utf-8",
            Format::Json => "application/json; charset=utf-8",
        }
    }
}

/// One element of a response.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    Text(String),
    /// A number, already written out (JSON carries it as a number).
    Number(String),
    Bool(bool),
    /// An empty element; `null` in JSON.
    Null,
    /// An element with children in this order.
    Obj(Vec<(&'static str, Node)>),
    /// Repeated children named `item`; an array in JSON.
    List(&'static str, Vec<Node>),
}

impl Node {
    pub fn text(s: impl Into<String>) -> Node {
        Node::Text(s.into())
    }

    pub fn opt_text(s: Option<impl Into<String>>) -> Node {
        s.map_or(Node::Null, |s| Node::Text(s.into()))
    }

    pub fn number(n: impl std::fmt::Display) -> Node {
        Node::Number(n.to_string())
    }
}

/// A whole document: its root element's name and content.
pub struct Document {
    pub root: &'static str,
    pub body: Node,
}

impl Document {
    pub fn new(root: &'static str, body: Node) -> Document {
        Document { root, body }
    }

    pub fn to_xml(&self) -> String {
        let mut out = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
        element(&mut out, self.root, &self.body);
        out.push('\n');
        out
    }

    pub fn to_json(&self) -> Value {
        json(&self.body)
    }

    pub fn respond(&self, format: Format, status: StatusCode) -> Response {
        let body = match format {
            Format::Xml => self.to_xml(),
            Format::Json => self.to_json().to_string(),
        };
        let mut response = (status, body).into_response();
        response
            .headers_mut()
            .insert(header::CONTENT_TYPE, HeaderValue::from_static(format.content_type()));
        response
    }
}

fn element(out: &mut String, name: &str, node: &Node) {
    match node {
        Node::Null => {
            out.push('<');
            out.push_str(name);
            out.push_str("/>");
        }
        Node::Text(s) => wrap(out, name, |out| escape_into(out, s)),
        Node::Number(n) => wrap(out, name, |out| out.push_str(n)),
        Node::Bool(b) => wrap(out, name, |out| out.push_str(if *b { "true" } else { "false" })),
        Node::Obj(fields) => wrap(out, name, |out| {
            for (k, v) in fields {
                element(out, k, v);
            }
        }),
        Node::List(item, items) => wrap(out, name, |out| {
            for v in items {
                element(out, item, v);
            }
        }),
    }
}

fn wrap(out: &mut String, name: &str, inner: impl FnOnce(&mut String)) {
    out.push('<');
    out.push_str(name);
    out.push('>');
    inner(out);
    out.push_str("</");
    out.push_str(name);
    out.push('>');
}

/// Escapes text for XML 1.0, leaving out the control characters it cannot carry at all.
fn escape_into(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
}

fn json(node: &Node) -> Value {
    match node {
        Node::Null => Value::Null,
        Node::Text(s) => Value::String(s.clone()),
        Node::Number(n) => {
            serde_json::from_str::<serde_json::Number>(n).map_or_else(|_| Value::String(n.clone()), Value::Number)
        }
        Node::Bool(b) => Value::Bool(*b),
        Node::Obj(fields) => Value::Object(fields.iter().map(|(k, v)| ((*k).to_owned(), json(v))).collect()),
        Node::List(_, items) => Value::Array(items.iter().map(json).collect()),
    }
}

/// An Open311 error response: `<errors><error><code/><description/></error></errors>`.
#[derive(Debug, Clone, PartialEq)]
pub struct Open311Error {
    pub status: StatusCode,
    pub errors: Vec<(u16, String)>,
}

impl Open311Error {
    pub fn new(status: StatusCode, description: impl Into<String>) -> Open311Error {
        Open311Error {
            status,
            errors: vec![(status.as_u16(), description.into())],
        }
    }

    pub fn bad_request(description: impl Into<String>) -> Open311Error {
        Open311Error::new(StatusCode::BAD_REQUEST, description)
    }

    pub fn not_found(description: impl Into<String>) -> Open311Error {
        Open311Error::new(StatusCode::NOT_FOUND, description)
    }

    pub fn document(&self) -> Document {
        Document::new(
            "errors",
            Node::List(
                "error",
                self.errors
                    .iter()
                    .map(|(code, description)| {
                        Node::Obj(vec![
                            ("code", Node::number(code)),
                            ("description", Node::text(description)),
                        ])
                    })
                    .collect(),
            ),
        )
    }

    pub fn respond(&self, format: Format) -> Response {
        self.document().respond(format, self.status)
    }
}

impl From<shared::ports::StoreError> for Open311Error {
    fn from(e: shared::ports::StoreError) -> Open311Error {
        shared::web::error::log_unexpected(&e);
        // The spec's "general service error": the client should tell us.
        Open311Error::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "The service could not complete the request; try again later",
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_tree_reads_as_xml_and_as_spark_json() {
        let doc = Document::new(
            "services",
            Node::List(
                "service",
                vec![Node::Obj(vec![
                    ("service_code", Node::text("potholes")),
                    ("metadata", Node::Bool(true)),
                    ("group", Node::Null),
                    ("order", Node::number(1)),
                ])],
            ),
        );
        assert_eq!(
            doc.to_xml(),
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<services><service><service_code>potholes</service_code>\
             <metadata>true</metadata><group/><order>1</order></service></services>\n"
        );
        assert_eq!(
            doc.to_json(),
            serde_json::json!([{ "service_code": "potholes", "metadata": true, "group": null, "order": 1 }])
        );
    }

    #[test]
    fn text_is_escaped_and_characters_xml_cannot_carry_are_left_out() {
        let doc = Document::new("d", Node::text("<a href=\"x\">Tom & Jerry's</a>\u{1}\u{7}\n"));
        assert_eq!(
            doc.to_xml(),
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<d>&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&apos;s&lt;/a&gt;\n</d>\n"
        );
    }

    #[test]
    fn only_xml_and_json_are_formats() {
        assert_eq!(Format::split("services.xml"), Some(("services", Format::Xml)));
        assert_eq!(Format::split("requests.json"), Some(("requests", Format::Json)));
        assert_eq!(Format::split("requests.csv"), None);
        assert_eq!(Format::split("requests"), None);
    }
}
