//! No two modules of a crate depend on each other, directly or round a loop: each file
//! holds one job, and a reader can follow the dependencies one way. (A module using its
//! own ancestors' items, as Rust's `super::` and a crate's root types are used, is not a
//! loop.)

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed, which is what unwrap says

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// `email/notice.rs` is `email::notice`; `email/mod.rs` is `email`; `lib.rs` is the root, "".
fn module_of(root: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(root).unwrap().with_extension("");
    let mut parts: Vec<String> = rel.iter().map(|p| p.to_string_lossy().into_owned()).collect();
    if matches!(parts.last().map(String::as_str), Some("mod" | "lib" | "main")) {
        parts.pop();
    }
    parts.join("::")
}

fn path_after(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
        .next()
        .unwrap_or("")
        .split("::")
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Every path a file names through `crate::` or `super::`, as absolute segments.
fn references(source: &str, module: &str) -> Vec<Vec<String>> {
    let source = source.split("#[cfg(test)]").next().unwrap_or("");
    let parent: Vec<String> = module
        .rsplit_once("::")
        .map_or(vec![], |(p, _)| p.split("::").map(str::to_owned).collect());
    let mut refs = Vec::new();
    for (prefix, base) in [("crate::", vec![]), ("super::", parent)] {
        for (i, _) in source.match_indices(prefix) {
            let rest = &source[i + prefix.len()..];
            if let Some(group) = rest.strip_prefix('{') {
                let inner = group.split('}').next().unwrap_or("");
                for item in inner.split(',') {
                    let mut r = base.clone();
                    r.extend(path_after(item.trim()));
                    refs.push(r);
                }
            } else {
                let mut r = base.clone();
                r.extend(path_after(rest));
                refs.push(r);
            }
        }
    }
    refs
}

fn cycles_in(root: &Path) -> Vec<String> {
    let mut files = Vec::new();
    rust_files(root, &mut files);
    let modules: BTreeMap<String, PathBuf> = files.iter().map(|f| (module_of(root, f), f.clone())).collect();
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (module, file) in &modules {
        let source = std::fs::read_to_string(file).unwrap();
        for r in references(&source, module) {
            let target = (1..=r.len())
                .rev()
                .map(|n| r[..n].join("::"))
                .find(|m| modules.contains_key(m))
                .unwrap_or_default();
            let ancestor = target.is_empty() || module.starts_with(&format!("{target}::"));
            if &target != module && !ancestor {
                edges.entry(module.clone()).or_default().insert(target);
            }
        }
    }
    // A depth-first search; a module met again while still on the path closes a loop.
    fn visit(
        m: &str,
        edges: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
        found: &mut Vec<String>,
    ) {
        if let Some(i) = path.iter().position(|p| p == m) {
            found.push(format!("{} -> {m}", path[i..].join(" -> ")));
            return;
        }
        if !done.insert(m.to_owned()) {
            return;
        }
        path.push(m.to_owned());
        for next in edges.get(m).into_iter().flatten() {
            visit(next, edges, path, done, found);
        }
        path.pop();
    }
    let mut found = Vec::new();
    let mut done = BTreeSet::new();
    for m in modules.keys() {
        visit(m, &edges, &mut Vec::new(), &mut done, &mut found);
    }
    found
}

fn crates() -> Vec<PathBuf> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut dirs = vec![root.join("src"), root.join("shared/src")];
    for entry in std::fs::read_dir(root.join("functions")).unwrap() {
        dirs.push(entry.unwrap().path().join("src"));
    }
    dirs
}

#[test]
fn no_two_modules_of_any_crate_depend_on_each_other() {
    let found: Vec<String> = crates()
        .iter()
        .flat_map(|dir| {
            cycles_in(dir)
                .into_iter()
                .map(move |c| format!("{}: {c}", dir.display()))
        })
        .collect();
    assert!(found.is_empty(), "module cycles:\n{}", found.join("\n"));
}

#[test]
fn the_scan_finds_a_loop_when_there_is_one() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("lib.rs"), "mod a;\nmod b;\n").unwrap();
    std::fs::write(dir.path().join("a.rs"), "use crate::b::B;\npub struct A;\n").unwrap();
    std::fs::write(dir.path().join("b.rs"), "use super::a::A;\npub struct B;\n").unwrap();
    assert_eq!(cycles_in(dir.path()), vec!["a -> b -> a".to_owned()]);
}
