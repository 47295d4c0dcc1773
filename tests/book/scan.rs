//! Reading the book's sources: files, includes, anchors and heading ids.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

/// The text of a file; panics with its name if it cannot be read.
pub fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// Every file under `dir` whose name ends with one of `exts`.
pub fn files(dir: &Path, exts: &[&str]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = fs::read_dir(dir) else {
        return out;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(files(&path, exts));
        } else if exts.iter().any(|e| path.to_string_lossy().ends_with(e)) {
            out.push(path);
        }
    }
    out.sort();
    out
}

/// `(path, anchor)` of every `{{#include path[:anchor]}}` in `text`.
pub fn includes(text: &str) -> Vec<(String, Option<String>)> {
    let mut out = Vec::new();
    for part in text.split("{{#").skip(1) {
        let Some(rest) = part
            .strip_prefix("include ")
            .or(part.strip_prefix("rustdoc_include "))
        else {
            continue;
        };
        let target = rest.split("}}").next().unwrap_or_default().trim();
        let (path, anchor) = match target.split_once(':') {
            Some((p, a)) => (p, Some(a.to_string())),
            None => (target, None),
        };
        out.push((path.to_string(), anchor));
    }
    out
}

/// The anchors a file defines, each checked to be closed exactly once.
pub fn anchors(path: &Path) -> BTreeSet<String> {
    let text = read(path);
    let mut open = BTreeSet::new();
    let mut closed = BTreeSet::new();
    for line in text.lines() {
        let word = |tag: &str| {
            let after = line.split(tag).nth(1)?;
            Some(after.split_whitespace().next()?.to_string())
        };
        if let Some(name) = word("ANCHOR: ") {
            assert!(
                open.insert(name.clone()),
                "{}: anchor {name} twice",
                path.display()
            );
        } else if let Some(name) = word("ANCHOR_END: ") {
            assert!(
                closed.insert(name.clone()),
                "{}: {name} ends twice",
                path.display()
            );
        }
    }
    assert_eq!(open, closed, "{}: anchors not paired", path.display());
    open
}

/// The id mdbook gives a heading: lower case, spaces to dashes, other punctuation dropped.
pub fn heading_id(heading: &str) -> String {
    let text = heading.trim_start_matches('#').trim().to_lowercase();
    let text = text.replace(['`', '*'], "");
    text.chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

/// The ids of the headings of a page (outside code blocks).
pub fn heading_ids(page: &Path) -> BTreeSet<String> {
    let mut fenced = false;
    let mut ids = BTreeSet::new();
    for line in read(page).lines() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
        } else if !fenced && line.starts_with('#') {
            ids.insert(heading_id(line));
        }
    }
    ids
}
