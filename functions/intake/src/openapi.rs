//! The OpenAPI 3.1 document of every JSON route wardline serves (the public API, the
//! councillors' case JSON and the resident's data download), at `/api/v1/openapi.json`.
//!
//! Built from the council's configuration, so the enumerations (types of problem, wards)
//! are the council's own. `tests/openapi.rs` holds it to the routers' `ROUTES` (every JSON
//! route documented, nothing documented that is not served), and schemathesis, run by
//! `make test`, holds the running service to it.

use serde_json::{Value, json};
use shared::config::Council;
use shared::domain::Status;

/// What a 500 says: the store could not be reached; nothing was half-stored, try again.
const UNAVAILABLE: &str = "The service could not reach its store; nothing was stored: try again";

/// Where the document is served.
pub const PATH: &str = "/api/v1/openapi.json";

fn error_response(description: &str) -> Value {
    json!({
        "description": description,
        "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Errors" } } }
    })
}

fn html_response(description: &str) -> Value {
    json!({ "description": description, "content": { "text/html": { "schema": { "type": "string" } } } })
}

/// Text that is not only spaces (the service trims what it is sent).
fn text(max: Option<usize>, description: &str) -> Value {
    let mut s = json!({ "type": "string", "minLength": 1, "pattern": "\\S", "description": description });
    if let Some(max) = max {
        s["description"] = json!(format!("{description} At most {max} characters once trimmed."));
    }
    s
}

/// The document, for `council`.
pub fn document(council: &Council) -> Value {
    let categories: Vec<&str> = council.categories.iter().map(|c| c.id.as_str()).collect();
    let wards: Vec<&str> = council.wards.iter().map(|w| w.id.as_str()).collect();
    let statuses: Vec<&str> = Status::ALL.iter().map(|s| s.as_str()).collect();
    let reference = json!({
        "type": "string",
        "description": "A case's reference, as given when it was reported (eight letters and digits, a hyphen in the middle).",
        "examples": ["FK7M-3RTW"]
    });
    let date = json!({ "type": "string", "format": "date" });
    let time = json!({ "type": "string", "format": "date-time" });
    let point = json!({
        "type": "array", "prefixItems": [{ "type": "number" }, { "type": "number" }], "minItems": 2, "maxItems": 2,
        "description": "[latitude, longitude]"
    });
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": format!("wardline: {}", council.name.en),
            "version": "1",
            "description": "Report a problem to the council and follow it (the public API); a councillor's view of a case in their ward (the portal's JSON, signed in); a resident's copy of everything held about them (from the link emailed to them). Errors are `{\"errors\": [{\"field\", \"message\"}]}`; `field` names the JSON path of the field at fault, or is empty.",
            "license": { "name": "AGPL-3.0-or-later", "identifier": "AGPL-3.0-or-later" }
        },
        "servers": [{ "url": council.base_url }],
        "paths": {
            "/api/v1/categories": { "get": {
                "operationId": "listCategories",
                "summary": "The types of problem the council deals with, and their service standards",
                "responses": { "200": { "description": "Every type of problem", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Categories" } } } } }
            } },
            "/api/v1/wards": { "get": {
                "operationId": "listWards",
                "summary": "The council's wards, their councillors and outlines",
                "responses": { "200": { "description": "Every ward", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Wards" } } } } }
            } },
            "/api/v1/photo-uploads": { "post": {
                "operationId": "createPhotoUpload",
                "summary": "A form to upload one photo ahead of a report",
                "description": "For a page's script: post `fields` in order to `url`, then a `Content-Type` field (an image type) and the file last, as `multipart/form-data` (on AWS straight to S3, within 30 minutes, at most `max_bytes`). Then send the report with `photo_upload=<id>` in the form. A photo uploaded and never named is removed within a day.",
                "responses": {
                    "201": { "description": "The form", "content": { "application/json": { "schema": {
                        "type": "object", "required": ["id", "url", "fields", "max_bytes"],
                        "properties": {
                            "id": { "type": "string", "pattern": "^[0-9a-f]{32}$" },
                            "url": { "type": "string" },
                            "fields": { "type": "array", "description": "Name and value pairs, in order.", "items": { "type": "array", "items": { "type": "string" }, "minItems": 2, "maxItems": 2 } },
                            "max_bytes": { "type": "integer" }
                        }
                    } } } },
                    "404": { "description": "This deployment takes no photos ahead", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Errors" } } } }
                }
            } },
            "/api/v1/reports": { "post": {
                "operationId": "createReport",
                "summary": "Report a problem",
                "description": "Give either `lat` and `lng` (a point inside one of the council's wards) or `address` and `ward`. With `reporter`, the resident is sent an acknowledgement and told of progress; without, the report is anonymous. A point outside every ward, an address without its ward, a malformed email or phone number are refused with 422 and a message per field (rules JSON Schema cannot say).",
                "parameters": [{
                    "name": "Idempotency-Key", "in": "header", "required": false,
                    "description": "Send the same key again with the same report to get the first answer back, never a second case (kept 24 hours). 1–255 visible ASCII characters.",
                    "schema": { "type": "string", "minLength": 1, "maxLength": 255, "pattern": "^[!-~]+$" }
                }],
                "requestBody": { "required": true, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/NewReport" } } } },
                "responses": {
                    "201": {
                        "description": "Reported (or, with a key seen before, the first answer again, with `Idempotent-Replayed: true`)",
                        "headers": {
                            "Location": { "schema": { "type": "string" }, "description": "The report's status, as JSON" },
                            "Idempotent-Replayed": { "schema": { "type": "string", "enum": ["true"] }, "description": "Present when this answers a key seen before" }
                        },
                        "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Created" } } },
                        "links": {
                            "status": { "operationId": "getReport", "parameters": { "reference": "$response.body#/reference" } },
                            "councillorView": { "operationId": "getCaseForCouncillor", "parameters": { "reference": "$response.body#/reference" } }
                        }
                    },
                    "413": error_response(&format!("The request is larger than {} KiB", crate::MAX_BODY_BYTES / 1024)),
                    "422": error_response("Something is missing or wrong: a message per field"),
                    "500": error_response(UNAVAILABLE)
                }
            } },
            "/api/v1/reports/{reference}": { "get": {
                "operationId": "getReport",
                "summary": "Where a report stands (public: no reporter, description or exact place)",
                "parameters": [{ "name": "reference", "in": "path", "required": true, "schema": reference }],
                "responses": {
                    "200": { "description": "The report", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/ReportStatus" } } } },
                    "404": error_response("No report with that reference"),
                    "500": error_response(UNAVAILABLE)
                }
            } },
            "/api/v1/openapi.json": { "get": {
                "operationId": "getOpenApi",
                "summary": "This document",
                "responses": { "200": { "description": "The OpenAPI document", "content": { "application/json": { "schema": { "type": "object" } } } } }
            } },
            "/portal/api/cases/{reference}": { "get": {
                "operationId": "getCaseForCouncillor",
                "summary": "A case in a councillor's ward, as the councillor may see it",
                "description": "Signed in as a councillor (the portal's session cookie). Without the resident's consent (`view: redacted`) only the facts; with it, or for a case the councillor logged, the resident's details and what they were told (`view: full`). Never an officer's internal note. A case the councillor may not see answers as one that does not exist.",
                "security": [{ "session": [] }],
                "parameters": [{ "name": "reference", "in": "path", "required": true, "schema": reference }],
                "responses": {
                    "200": { "description": "The case", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/CouncillorCase" } } } },
                    "401": error_response("Not signed in"),
                    "403": error_response("Signed in, but not as a councillor"),
                    "404": error_response("No case with that reference in the councillor's wards"),
                    "500": error_response(UNAVAILABLE)
                }
            } },
            "/your-data/{token}/data.json": { "get": {
                "operationId": "getYourData",
                "summary": "Everything held about a resident, from the link emailed to them",
                "description": "The token comes in the link a resident asks for at `/your-data`; it works for an hour.",
                "parameters": [{ "name": "token", "in": "path", "required": true, "schema": { "type": "string" } }],
                "responses": {
                    "200": {
                        "description": "Their data, as a download",
                        "headers": { "Content-Disposition": { "schema": { "type": "string" } } },
                        "content": { "application/json": { "schema": { "$ref": "#/components/schemas/YourData" } } }
                    },
                    "400": html_response("A link that does not open (altered, cut short or past its hour): a page saying how to ask for a new one")
                }
            } }
        },
        "components": {
            "securitySchemes": {
                "session": { "type": "apiKey", "in": "cookie", "name": "wl_session", "description": "Set by signing in at /sign-in with the emailed link." }
            },
            "schemas": {
                "Errors": {
                    "type": "object", "required": ["errors"],
                    "properties": { "errors": { "type": "array", "minItems": 1, "items": {
                        "type": "object", "required": ["field", "message"],
                        "properties": { "field": { "type": "string" }, "message": { "type": "string" } }
                    } } }
                },
                "Categories": {
                    "type": "object", "required": ["categories"],
                    "properties": { "categories": { "type": "array", "items": {
                        "type": "object", "required": ["id", "name", "hint", "standard_working_days", "team"],
                        "properties": {
                            "id": { "type": "string", "enum": categories },
                            "name": { "type": "string" }, "hint": { "type": "string" },
                            "standard_working_days": { "type": "integer", "minimum": 0 },
                            "team": { "type": "string" }
                        }
                    } } }
                },
                "Wards": {
                    "type": "object", "required": ["wards"],
                    "properties": { "wards": { "type": "array", "items": {
                        "type": "object", "required": ["id", "name", "councillors", "boundary"],
                        "properties": {
                            "id": { "type": "string", "enum": wards },
                            "name": { "type": "string" },
                            "councillors": { "type": "array", "items": { "type": "string" } },
                            "boundary": { "type": "array", "description": "GeoJSON MultiPolygon coordinates ([lng, lat]), simplified for drawing", "items": { "type": "array", "items": { "type": "array", "items": { "type": "array", "items": { "type": "number" }, "minItems": 2, "maxItems": 2 } } } }
                        }
                    } } }
                },
                "NewReport": {
                    "type": "object",
                    "required": ["category", "description"],
                    "anyOf": [{ "required": ["lat", "lng"] }, { "required": ["address", "ward"] }],
                    "properties": {
                        "category": { "type": "string", "enum": categories },
                        "description": text(Some(2000), "What the problem is."),
                        "lat": { "type": ["number", "string"], "description": "Latitude (WGS84), a number or its text." },
                        "lng": { "type": ["number", "string"], "description": "Longitude (WGS84), a number or its text." },
                        "address": text(Some(200), "A street and a landmark, when there is no point."),
                        "ward": { "type": "string", "enum": wards, "description": "The ward, with an address." },
                        "share_with_councillor": { "type": ["boolean", "null"], "description": "The resident agrees to share the report and their details with their ward's councillors (needs `reporter`)." },
                        "photos": {
                            "type": ["array", "null"], "maxItems": 3,
                            "items": { "type": "string", "contentEncoding": "base64", "contentMediaType": "image/jpeg" },
                            "description": "Up to 3 photos (JPEG, PNG or WebP), each its file's bytes in standard base64, 4 MB of request in all. Kept re-encoded without metadata; never shown publicly."
                        },
                        "reporter": {
                            "type": ["object", "null"],
                            "required": ["name", "email"],
                            "properties": {
                                "name": text(Some(100), "The resident's name."),
                                "email": { "type": "string", "format": "email", "maxLength": 254 },
                                "phone": { "type": ["string", "null"], "description": "A UK phone number, optional." }
                            }
                        }
                    }
                },
                "Created": {
                    "type": "object", "required": ["reference", "status_url", "expected_by"],
                    "properties": {
                        "reference": reference, "status_url": { "type": "string", "format": "uri" }, "expected_by": date,
                        "sharing_url": { "type": "string", "format": "uri", "description": "Only for a report with a reporter: their page to share it with their councillors or stop." }
                    }
                },
                "ReportStatus": {
                    "type": "object",
                    "required": ["reference", "category", "ward", "status", "status_label", "submitted_at", "expected_by", "overdue", "history"],
                    "properties": {
                        "reference": reference,
                        "category": { "$ref": "#/components/schemas/Named" },
                        "ward": { "$ref": "#/components/schemas/Named" },
                        "status": { "type": "string", "enum": statuses },
                        "status_label": { "type": "string" },
                        "submitted_at": time, "expected_by": date, "overdue": { "type": "boolean" },
                        "history": { "type": "array", "items": {
                            "type": "object", "required": ["at", "event", "status"],
                            "properties": { "at": time, "event": { "type": "string", "enum": ["submitted", "status_changed", "reopened"] }, "status": { "type": "string", "enum": statuses } }
                        } }
                    }
                },
                "Named": {
                    "type": "object", "required": ["id", "name"],
                    "properties": { "id": { "type": "string" }, "name": { "type": ["string", "null"] } }
                },
                "RedactedCase": {
                    "type": "object",
                    "required": ["reference", "category", "ward", "status", "submitted_at", "expected_by", "status_history"],
                    "properties": {
                        "reference": reference, "category": { "type": "string" }, "ward": { "type": "string" },
                        "status": { "type": "string", "enum": statuses }, "submitted_at": time, "expected_by": date,
                        "coarse_location": { "oneOf": [point, { "type": "null" }], "description": "About 100 metres out, never the exact point." },
                        "status_history": { "type": "array", "items": { "type": "array", "prefixItems": [time, { "type": "string", "enum": statuses }], "minItems": 2, "maxItems": 2 } }
                    }
                },
                "CouncillorCase": {
                    "oneOf": [
                        { "allOf": [{ "$ref": "#/components/schemas/RedactedCase" }, {
                            "type": "object", "required": ["view"], "properties": { "view": { "const": "redacted" } }
                        }] },
                        {
                            "type": "object", "required": ["view", "reason", "case", "history"],
                            "properties": {
                                "view": { "const": "full" },
                                "reason": { "type": "string", "enum": ["consented", "logged_by_them"], "description": "Why the councillor sees it whole." },
                                "logged_as": { "type": "string", "description": "When they logged it: for a constituent, or as a resident themself." },
                                "case": { "$ref": "#/components/schemas/RedactedCase" },
                                "details": { "type": ["object", "null"], "description": "The resident's details; null once erased." },
                                "history": { "type": "array", "items": { "type": "object", "required": ["at", "actor", "what"] } }
                            }
                        }
                    ]
                },
                "YourData": {
                    "type": "object", "required": ["council", "generated_at", "cases"],
                    "properties": {
                        "council": { "type": "string" }, "generated_at": time,
                        "cases": { "type": "array", "items": {
                            "type": "object", "required": ["case", "history", "consent_records", "shown_to"],
                            "properties": {
                                "case": { "type": "object", "required": ["reference", "category", "ward", "status", "submitted_at", "expected_by"] },
                                "history": { "type": "array", "items": { "type": "object" } },
                                "consent_records": { "type": "array", "items": { "type": "object" } },
                                "shown_to": { "type": "array", "items": { "type": "object" } }
                            }
                        } }
                    }
                }
            }
        }
    })
}
