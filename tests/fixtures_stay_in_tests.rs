//! The sample cases in `shared::domain::redaction::fixtures` unwrap fixed literals: fine in a
//! test, a panic in waiting anywhere else. They compile only under `cfg(test)` or the
//! `fixtures` feature, so no crate may turn that feature on outside `[dev-dependencies]`.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed, which is what unwrap says

use std::path::Path;

/// Each line of `toml` that names the `fixtures` feature, with the section it stands in.
fn fixtures_lines(toml: &str) -> Vec<(String, String)> {
    let mut section = String::new();
    let mut out = Vec::new();
    for line in toml.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            section = line.to_owned();
        } else if !line.starts_with('#') && line.contains("\"fixtures\"") {
            out.push((section.clone(), line.to_owned()));
        }
    }
    out
}

#[test]
fn only_dev_dependencies_turn_on_the_fixtures_feature() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut manifests = vec![root.join("Cargo.toml")];
    for entry in std::fs::read_dir(root.join("functions")).unwrap() {
        let manifest = entry.unwrap().path().join("Cargo.toml");
        if manifest.exists() {
            manifests.push(manifest);
        }
    }
    let mut seen = 0;
    for manifest in &manifests {
        for (section, line) in fixtures_lines(&std::fs::read_to_string(manifest).unwrap()) {
            assert!(
                section.starts_with("[dev-dependencies"),
                "{}: `{line}` in {section} would build the test fixtures into a release",
                manifest.display()
            );
            seen += 1;
        }
    }
    assert!(seen > 0, "the scan found no use of the feature: has it been renamed?");
}

#[test]
fn the_scan_sees_a_feature_turned_on_in_dependencies() {
    let toml = "[dependencies]\nshared = { workspace = true, features = [\"sqlite\", \"fixtures\"] }\n";
    assert_eq!(fixtures_lines(toml)[0].0, "[dependencies]");
}
