//! The IaC template and the code agree. Each test fails when one drifts from the other:
//! a function crate missing from the template (or a template function with no crate), an
//! environment variable a function reads but is not given, a renamed index or key, a route
//! the router serves that the API does not (or the reverse), an IAM action a function's ports
//! do not need (or one they need and lack), and any wildcard or Scan.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed, which is what unwrap says

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde_yaml::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn template() -> Value {
    let text = std::fs::read_to_string(root().join("infra/template.yaml")).expect("infra/template.yaml");
    serde_yaml::from_str(&text).expect("the template is YAML")
}

fn resources(t: &Value) -> &serde_yaml::Mapping {
    t["Resources"].as_mapping().expect("Resources")
}

fn of_type<'a>(t: &'a Value, kind: &str) -> BTreeMap<String, &'a Value> {
    resources(t)
        .iter()
        .filter(|(_, r)| r["Type"].as_str() == Some(kind))
        .map(|(k, r)| (k.as_str().unwrap().to_owned(), r))
        .collect()
}

/// `!Ref X`, `!GetAtt X.Y` and `!Sub "…${X}…"` as the text inside the tag.
fn tagged_text(v: &Value) -> String {
    match v {
        Value::Tagged(t) => match &t.value {
            Value::String(s) => format!("{} {s}", t.tag),
            other => format!("{} {}", t.tag, serde_yaml::to_string(other).unwrap_or_default().trim()),
        },
        Value::String(s) => s.clone(),
        other => serde_yaml::to_string(other).unwrap_or_default(),
    }
}

fn function_crates() -> BTreeSet<String> {
    std::fs::read_dir(root().join("functions"))
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.path().join("Cargo.toml").exists())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect()
}

/// Template functions by crate name (their `Binary`).
fn template_functions(t: &Value) -> BTreeMap<String, (String, &Value)> {
    of_type(t, "AWS::Serverless::Function")
        .into_iter()
        .map(|(name, r)| {
            let binary = r["Metadata"]["BuildProperties"]["Binary"]
                .as_str()
                .expect("Binary")
                .to_owned();
            (binary, (name, r))
        })
        .collect()
}

fn rust_sources(dir: &Path) -> String {
    let mut out = String::new();
    for entry in std::fs::read_dir(dir).unwrap().filter_map(|e| e.ok()) {
        let p = entry.path();
        if p.is_dir() {
            out.push_str(&rust_sources(&p));
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push_str(&std::fs::read_to_string(&p).unwrap());
        }
    }
    out
}

#[test]
fn the_template_has_exactly_one_function_per_function_crate() {
    let t = template();
    let in_template: BTreeSet<String> = template_functions(&t).keys().cloned().collect();
    assert_eq!(
        in_template,
        function_crates(),
        "functions/ and infra/template.yaml list different functions"
    );
    for (binary, (name, r)) in template_functions(&t) {
        let uri = r["Properties"]["CodeUri"].as_str().unwrap();
        assert_eq!(
            uri,
            format!("../functions/{binary}"),
            "{name} builds from the wrong folder"
        );
        assert_eq!(
            r["Metadata"]["BuildMethod"].as_str(),
            Some("rust-cargolambda"),
            "{name}"
        );
    }
    let globals = &t["Globals"]["Function"];
    assert_eq!(globals["Runtime"].as_str(), Some("provided.al2023"));
    assert_eq!(globals["Architectures"][0].as_str(), Some("arm64"));
    assert_eq!(globals["LoggingConfig"]["LogFormat"].as_str(), Some("JSON"));
}

/// Environment variables a function's code reads: `settings::CONST` (resolved through
/// shared/src/settings.rs), `settings::config_dir()`, and any literal `env::var("…")`.
fn env_vars_read(function: &str) -> BTreeSet<String> {
    let settings = std::fs::read_to_string(root().join("shared/src/settings.rs")).unwrap();
    let consts: BTreeMap<&str, &str> = settings
        .lines()
        .filter_map(|l| l.trim().strip_prefix("pub const "))
        .filter_map(|l| {
            let (name, rest) = l.split_once(": &str = \"")?;
            Some((name, rest.split('"').next()?))
        })
        .collect();
    let source = rust_sources(&root().join("functions").join(function).join("src"));
    let mut vars = BTreeSet::new();
    for (i, _) in source.match_indices("settings::") {
        let ident: String = source[i + 10..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        if let Some(var) = consts.get(ident.as_str()) {
            vars.insert(var.to_string());
        } else if ident == "config_dir" {
            vars.insert(consts["CONFIG_DIR"].to_string());
        }
    }
    // What the shared cold start reads for the function, by the calls its main makes.
    for (call, reads) in [
        ("ColdStart::new(", &["TABLE"][..]),
        (".council()", &["CONFIG_DIR"][..]),
        (".site_council()", &["CONFIG_DIR", "BASE_URL"][..]),
        // On AWS the keys come from the secret it names (SIGNING_KEY is for outside AWS).
        (".signer()", &["SIGNING_SECRET"][..]),
        (".origin_token()", &["ORIGIN_SECRET"][..]),
        (".photos()", &["ATTACHMENTS_BUCKET"][..]),
    ] {
        if source.contains(call) {
            vars.extend(reads.iter().map(|c| consts[c].to_string()));
        }
    }
    for (i, _) in source.match_indices("env::var(\"") {
        vars.insert(source[i + 10..].split('"').next().unwrap().to_owned());
    }
    vars
}

#[test]
fn every_function_is_given_exactly_the_environment_it_reads() {
    let t = template();
    for (binary, (name, r)) in template_functions(&t) {
        let given: BTreeSet<String> = r["Properties"]["Environment"]["Variables"]
            .as_mapping()
            .map(|m| m.keys().map(|k| k.as_str().unwrap().to_owned()).collect())
            .unwrap_or_default();
        let read = env_vars_read(&binary);
        assert!(!read.is_empty(), "{binary} reads no settings? the scan is broken");
        assert_eq!(
            given, read,
            "{name}: the template's environment and what functions/{binary} reads differ"
        );
    }
}

#[test]
fn the_table_has_the_keys_indexes_ttl_and_stream_the_adapter_uses() {
    use shared::adapters::dynamodb::{KEY_SCHEMA, TTL_ATTRIBUTE};
    let t = template();
    let tables = of_type(&t, "AWS::DynamoDB::Table");
    assert_eq!(tables.len(), 1, "one table");
    let p = &tables.values().next().unwrap()["Properties"];
    let keys = |schema: &Value| -> (String, String) {
        let s = schema.as_sequence().unwrap();
        let find = |kind: &str| {
            s.iter()
                .find(|k| k["KeyType"].as_str() == Some(kind))
                .and_then(|k| k["AttributeName"].as_str())
                .unwrap()
                .to_owned()
        };
        (find("HASH"), find("RANGE"))
    };
    let mut in_template = BTreeSet::new();
    in_template.insert((String::new(), keys(&p["KeySchema"]).0, keys(&p["KeySchema"]).1));
    for gsi in p["GlobalSecondaryIndexes"].as_sequence().unwrap() {
        let (h, r) = keys(&gsi["KeySchema"]);
        in_template.insert((gsi["IndexName"].as_str().unwrap().to_owned(), h, r));
        let name = gsi["IndexName"].as_str().unwrap();
        if name == shared::adapters::dynamodb::INDEX_UPDATES {
            // Read by the open311 function: the status alone, never an event's notes.
            assert_eq!(gsi["Projection"]["ProjectionType"].as_str(), Some("INCLUDE"));
            assert_eq!(
                serde_yaml::to_string(&gsi["Projection"]["NonKeyAttributes"])
                    .unwrap()
                    .trim(),
                "- update_status"
            );
        } else {
            assert_eq!(
                gsi["Projection"]["ProjectionType"].as_str(),
                Some("ALL"),
                "the adapter reads whole items from indexes"
            );
        }
    }
    let in_code: BTreeSet<(String, String, String)> = KEY_SCHEMA
        .iter()
        .map(|(i, h, r)| (i.to_string(), h.to_string(), r.to_string()))
        .collect();
    assert_eq!(
        in_template, in_code,
        "the table's keys and indexes differ from shared::adapters::dynamodb::KEY_SCHEMA"
    );
    assert_eq!(
        p["TimeToLiveSpecification"]["AttributeName"].as_str(),
        Some(TTL_ATTRIBUTE)
    );
    assert_eq!(p["BillingMode"].as_str(), Some("PAY_PER_REQUEST"));
    assert_eq!(
        p["PointInTimeRecoverySpecification"]["PointInTimeRecoveryEnabled"].as_bool(),
        Some(true)
    );
    assert_eq!(p["SSESpecification"]["SSEType"].as_str(), Some("KMS"));
    assert!(
        p["StreamSpecification"]["StreamViewType"].as_str().is_some(),
        "the notifier needs the stream"
    );
}

/// Each HTTP function's routes, as its router declares them. A new HTTP function must be
/// added here, or the test below fails naming it.
fn routes_in_code() -> BTreeMap<&'static str, &'static [(&'static str, &'static str)]> {
    BTreeMap::from([
        ("intake", intake::ROUTES),
        ("portal", portal::ROUTES),
        ("consent", consent::ROUTES),
        ("open311", open311::ROUTES),
    ])
}

#[test]
fn the_http_api_routes_are_the_routes_the_routers_serve() {
    let t = template();
    let functions = template_functions(&t);
    let code = routes_in_code();
    // CloudFront sends each route to the API, except `/`, which the bucket serves as the
    // pre-rendered form (`wardline build-static`).
    let dist = of_type(&t, "AWS::CloudFront::Distribution");
    let patterns: Vec<String> = dist.values().next().unwrap()["Properties"]["DistributionConfig"]["CacheBehaviors"]
        .as_sequence()
        .unwrap()
        .iter()
        .filter(|b| b["TargetOriginId"].as_str() == Some("api"))
        .map(|b| b["PathPattern"].as_str().unwrap().to_owned())
        .collect();
    let mut all_paths = BTreeSet::new();
    for (binary, (name, f)) in &functions {
        let in_template: BTreeSet<(String, String)> = f["Properties"]["Events"]
            .as_mapping()
            .into_iter()
            .flatten()
            .map(|(_, e)| e)
            .filter(|e| e["Type"].as_str() == Some("HttpApi"))
            .map(|e| {
                (
                    e["Properties"]["Method"].as_str().unwrap().to_owned(),
                    e["Properties"]["Path"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        let in_code: BTreeSet<(String, String)> = code
            .get(binary.as_str())
            .map(|routes| routes.iter().map(|(m, p)| (m.to_string(), p.to_string())).collect())
            .unwrap_or_default();
        assert_eq!(
            in_template, in_code,
            "{name}: the template's HttpApi events differ from {binary}::ROUTES"
        );
        for (method, path) in &in_code {
            assert!(
                all_paths.insert((method.clone(), path.clone())),
                "{method} {path} is claimed twice"
            );
            let routed = patterns.iter().any(|p| path.starts_with(p.trim_end_matches('*')));
            assert!(routed || path == "/", "CloudFront does not send {path} to the API");
        }
    }
    for binary in code.keys() {
        assert!(
            functions.contains_key(*binary),
            "{binary} has routes but no function in the template"
        );
    }
}

/// Every statement of a role's inline policies as (actions, resources as text).
fn statements(role: &Value) -> Vec<(Vec<String>, Vec<String>)> {
    let mut out = Vec::new();
    for policy in role["Properties"]["Policies"].as_sequence().into_iter().flatten() {
        for s in policy["PolicyDocument"]["Statement"].as_sequence().unwrap() {
            let list = |v: &Value| -> Vec<String> {
                match v {
                    Value::Sequence(items) => items.iter().map(tagged_text).collect(),
                    other => vec![tagged_text(other)],
                }
            };
            out.push((list(&s["Action"]), list(&s["Resource"])));
        }
    }
    out
}

/// The ports a function's dependencies hold (`Arc<dyn Port>` fields in its library).
fn ports_of(function: &str) -> BTreeSet<String> {
    let source = std::fs::read_to_string(root().join("functions").join(function).join("src/lib.rs")).unwrap();
    source
        .match_indices("Arc<dyn ")
        .map(|(i, _)| {
            source[i + 8..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect()
        })
        .collect()
}

#[test]
fn each_function_may_do_exactly_what_its_ports_and_triggers_need() {
    use shared::adapters::dynamodb::IAM_ACTIONS as DYNAMO;
    use shared::adapters::s3::IAM_ACTIONS as S3;
    use shared::adapters::ses::IAM_ACTIONS as SES;
    let t = template();
    let roles = of_type(&t, "AWS::IAM::Role");
    for (binary, (name, f)) in template_functions(&t) {
        let role_name = tagged_text(&f["Properties"]["Role"]);
        let role_name = role_name.trim_start_matches("!GetAtt ").trim_end_matches(".Arn");
        let role = roles
            .get(role_name)
            .unwrap_or_else(|| panic!("{name} has no role of its own in the template"));

        let ports = ports_of(&binary);
        assert!(!ports.is_empty(), "{binary}: no ports found");
        let mut needed: BTreeSet<String> = DYNAMO
            .iter()
            .chain(SES)
            .chain(S3)
            .filter(|(port, _)| ports.contains(*port))
            .flat_map(|(_, actions)| actions.iter().map(|a| a.to_string()))
            .collect();
        // Every function writes its logs and uses the data key (table, environment).
        needed.extend(
            [
                "logs:CreateLogStream",
                "logs:PutLogEvents",
                "kms:Decrypt",
                "kms:GenerateDataKey",
            ]
            .map(String::from),
        );
        let events = f["Properties"]["Events"].as_mapping().cloned().unwrap_or_default();
        if events.values().any(|e| e["Type"].as_str() == Some("DynamoDB")) {
            needed.extend(
                [
                    "dynamodb:DescribeStream",
                    "dynamodb:GetRecords",
                    "dynamodb:GetShardIterator",
                    "dynamodb:ListStreams",
                ]
                .map(String::from),
            );
        }
        // A function given the signing secret reads it (and nothing else of Secrets Manager).
        let env = &f["Properties"]["Environment"]["Variables"];
        if !env["WARDLINE_SIGNING_SECRET"].is_null() || !env["WARDLINE_ORIGIN_SECRET"].is_null() {
            needed.insert("secretsmanager:GetSecretValue".into());
        }
        let dead_letters = events.values().any(|e| !e["Properties"]["DestinationConfig"].is_null())
            || !f["Properties"]["DeadLetterQueue"].is_null();
        if dead_letters {
            needed.insert("sqs:SendMessage".into());
        }

        let granted: BTreeSet<String> = statements(role).iter().flat_map(|(a, _)| a.clone()).collect();
        assert_eq!(
            granted, needed,
            "{role_name}: granted actions differ from what {binary}'s ports and triggers need"
        );
    }
}

/// No function's environment holds a secret: it is readable by anyone allowed
/// `lambda:GetFunctionConfiguration`, and a dynamic reference there is not re-read when the
/// secret rotates. Functions that sign read the keys from Secrets Manager.
#[test]
fn no_function_has_a_secret_in_its_environment() {
    let t = template();
    for (binary, (name, f)) in template_functions(&t) {
        let env = &f["Properties"]["Environment"]["Variables"];
        let text = serde_yaml::to_string(env).unwrap();
        assert!(
            !text.contains("resolve:secretsmanager"),
            "{name} has a secret in its environment"
        );
        assert!(
            env["WARDLINE_SIGNING_KEY"].is_null(),
            "{name} has the signing key in its environment"
        );
        let signs = ["intake", "portal", "consent", "sla-breach", "open311"].contains(&binary.as_str());
        let secret = &env["WARDLINE_SIGNING_SECRET"];
        assert_eq!(
            !secret.is_null(),
            signs,
            "{name}: the signing secret goes to exactly the functions that sign"
        );
        if signs {
            assert_eq!(
                tagged_text(secret),
                "!Ref SigningSecret",
                "{name}: the secret's ARN, by reference"
            );
        }
    }
}

#[test]
fn no_role_has_a_wildcard_or_may_scan() {
    let t = template();
    for (name, role) in of_type(&t, "AWS::IAM::Role") {
        for (actions, resources) in statements(role) {
            for a in &actions {
                assert!(!a.contains('*'), "{name} allows {a}");
                assert_ne!(a, "dynamodb:Scan", "{name} may scan");
            }
            for r in &resources {
                assert_ne!(r.trim(), "*", "{name} allows every resource");
            }
        }
    }
    let raw = std::fs::read_to_string(root().join("infra/template.yaml")).unwrap();
    assert!(!raw.contains("dynamodb:Scan"), "the template mentions dynamodb:Scan");
}

#[test]
fn every_scheduled_trigger_retries_and_dead_letters() {
    let t = template();
    for (binary, (name, f)) in template_functions(&t) {
        for (event, e) in f["Properties"]["Events"].as_mapping().into_iter().flatten() {
            if e["Type"].as_str() == Some("ScheduleV2") {
                let p = &e["Properties"];
                assert!(!p["RetryPolicy"].is_null(), "{name}.{event:?} has no retry policy");
                assert!(
                    !p["DeadLetterConfig"].is_null(),
                    "{name}.{event:?} has no dead-letter queue"
                );
                assert!(
                    !f["Properties"]["DeadLetterQueue"].is_null(),
                    "{binary} is invoked asynchronously without a DLQ"
                );
            }
            if e["Type"].as_str() == Some("DynamoDB") {
                let p = &e["Properties"];
                assert_eq!(
                    p["FunctionResponseTypes"][0].as_str(),
                    Some("ReportBatchItemFailures"),
                    "{name}"
                );
                assert_eq!(p["BisectBatchOnFunctionError"].as_bool(), Some(true), "{name}");
                assert!(
                    p["MaximumRetryAttempts"].as_u64().is_some(),
                    "{name}: unbounded retries"
                );
                assert!(
                    !p["DestinationConfig"]["OnFailure"].is_null(),
                    "{name}: no on-failure destination"
                );
            }
        }
    }
}

/// Email works on the first deploy: with the sender's zone given, the stack creates SES's
/// three DKIM records (without them SES refuses every send, sign-in links included) and the
/// MAIL FROM subdomain's MX and SPF records.
#[test]
fn the_sender_domain_verifies_itself_when_its_zone_is_given() {
    let t = template();
    let records = &resources(&t)["SenderDnsRecords"];
    assert_eq!(records["Condition"].as_str(), Some("HasSenderZone"));
    assert_eq!(
        tagged_text(&records["Properties"]["HostedZoneId"]),
        "!Ref SenderHostedZoneId"
    );
    let sets = records["Properties"]["RecordSets"].as_sequence().unwrap();
    for n in 1..=3 {
        assert!(
            sets.iter().any(|r| r["Type"].as_str() == Some("CNAME")
                && tagged_text(&r["Name"]) == format!("!GetAtt SenderIdentity.DkimDNSTokenName{n}")
                && tagged_text(&r["ResourceRecords"][0]) == format!("!GetAtt SenderIdentity.DkimDNSTokenValue{n}")),
            "DKIM record {n}"
        );
    }
    for kind in ["MX", "TXT"] {
        assert!(
            sets.iter()
                .any(|r| r["Type"].as_str() == Some(kind) && tagged_text(&r["Name"]) == "!Sub bounce.${SenderDomain}"),
            "MAIL FROM {kind}"
        );
    }
}

/// The static site's CloudFront function, run in Node as CloudFront would: the site's own
/// paths pass untouched; any other is given the site's 404 page with the status 404 (never
/// S3's XML "AccessDenied"); the form and the 404 page come in the language asked for
/// (`?lang=`, else the `wl_lang` cookie), and a language asked for is remembered; the
/// functions' behaviours are not its business.
#[test]
fn unknown_paths_on_the_static_site_get_its_404_page_with_a_404() {
    let t = template();
    let f = &resources(&t)["SitePaths"];
    let code = f["Properties"]["FunctionCode"].as_str().unwrap();
    let harness = r#"
const assert = require('assert');
const request = (uri, lang, cookie) => ({
  uri,
  querystring: lang ? { lang: { value: lang } } : {},
  cookies: cookie ? { wl_lang: { value: cookie } } : {},
});
const req = (uri, lang, cookie) => handler({ context: { eventType: 'viewer-request' }, request: request(uri, lang, cookie) });
const respond = (uri, lang) => handler({ context: { eventType: 'viewer-response' }, request: request(uri, lang), response: { statusCode: 200, statusDescription: 'OK', cookies: {} } });
const res = (uri) => respond(uri);
for (const uri of ['/404.html', '/assets/app.css', '/assets/leaflet/leaflet.js']) {
  assert.strictEqual(req(uri).uri, uri, uri);
}
for (const uri of ['/', '/index.html']) {
  assert.strictEqual(req(uri).uri, '/index.html', uri);
  assert.strictEqual(req(uri, 'cy').uri, '/index.cy.html', uri);
  assert.strictEqual(req(uri, undefined, 'cy').uri, '/index.cy.html', uri);
  assert.strictEqual(req(uri, 'en', 'cy').uri, '/index.en.html', 'the address beats the cookie');
  assert.strictEqual(req(uri, 'xx').uri, '/index.html', 'an unknown language is the default');
}
for (const uri of ['/nope', '/wp-admin', '/index.htm', '/assetsx', '/.env', '/index.cy.html']) {
  const rewritten = req(uri).uri;
  assert.strictEqual(rewritten, '/404.html', uri);
  assert.strictEqual(res(rewritten).statusCode, 404, uri);
  assert.strictEqual(req(uri, 'cy').uri, '/404.cy.html', uri);
  assert.strictEqual(res('/404.cy.html').statusCode, 404, uri);
}
assert.strictEqual(res('/index.html').statusCode, 200);
assert.strictEqual(res('/index.cy.html').statusCode, 200);
assert.strictEqual(res('/assets/app.css').statusCode, 200);
assert.strictEqual(respond('/index.cy.html', 'cy').cookies.wl_lang.value, 'cy');
assert.ok(respond('/index.cy.html', 'cy').cookies.wl_lang.attributes.includes('Secure'));
assert.strictEqual(respond('/index.html', 'xx').cookies.wl_lang, undefined);
assert.strictEqual(res('/index.html').cookies.wl_lang, undefined);
console.log('ok');
"#;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("site_paths.js");
    std::fs::write(&file, format!("{code}\n{harness}")).unwrap();
    let out = std::process::Command::new("node")
        .arg(&file)
        .output()
        .expect("node runs");
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    // Only on the bucket's behaviour, both ways.
    let default = &resources(&t)["Distribution"]["Properties"]["DistributionConfig"]["DefaultCacheBehavior"];
    let events: Vec<&str> = default["FunctionAssociations"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|a| a["EventType"].as_str().unwrap())
        .collect();
    assert_eq!(events, ["viewer-request", "viewer-response"]);
    for behaviour in resources(&t)["Distribution"]["Properties"]["DistributionConfig"]["CacheBehaviors"]
        .as_sequence()
        .unwrap()
    {
        assert!(
            behaviour["FunctionAssociations"].is_null(),
            "the functions' pages are their own"
        );
    }
}

/// The API's own execute-api address leads nowhere: CloudFront sends the origin secret to
/// the API, and every function the API invokes is given it (and checks it: `main.rs`).
#[test]
fn only_cloudfront_reaches_the_http_functions() {
    let t = template();
    let origins = resources(&t)["Distribution"]["Properties"]["DistributionConfig"]["Origins"]
        .as_sequence()
        .unwrap();
    let api = origins.iter().find(|o| o["Id"].as_str() == Some("api")).unwrap();
    let header = &api["OriginCustomHeaders"][0];
    assert_eq!(header["HeaderName"].as_str(), Some("X-Wardline-Origin"));
    assert_eq!(
        tagged_text(&header["HeaderValue"]),
        "!Sub {{resolve:secretsmanager:${OriginSecret}:SecretString}}"
    );
    for (binary, (name, f)) in template_functions(&t) {
        let events = f["Properties"]["Events"].as_mapping().cloned().unwrap_or_default();
        let http = events.values().any(|e| e["Type"].as_str() == Some("HttpApi"));
        let given = !f["Properties"]["Environment"]["Variables"]["WARDLINE_ORIGIN_SECRET"].is_null();
        assert_eq!(
            http, given,
            "{name}: the origin secret goes to exactly the HTTP functions"
        );
        if http {
            let main = std::fs::read_to_string(root().join("functions").join(&binary).join("src/main.rs")).unwrap();
            assert!(main.contains("origin::require("), "{binary} checks the origin header");
        }
    }
}
