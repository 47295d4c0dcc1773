//! The book (book/) against the course: its catalog tables and exercise pages are the
//! catalog's, every `{{#include}}` resolves to a file and an anchor, every internal link to a
//! page and a heading, every article point is mapped, and the Python companions exist.
//!
//! The generated parts sit between `<!-- generated: NAME ... -->` and
//! `<!-- end of generated: NAME -->`; `PARLINGS_BLESS=1 cargo test --test book` rewrites them.

use parlings::catalog::{EXERCISES, LESSONS};
use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

#[path = "book/parts.rs"]
mod parts;
#[path = "book/scan.rs"]
mod scan;

use parts::{exercise_header, exercise_table, hints, lesson_table};
use scan::{anchors, files, heading_ids, includes, read};

const BLESS: &str = "PARLINGS_BLESS=1 cargo test --test book";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Replaces the generated part `name` of `text` with `want`; `None` if it is already `want`.
fn regenerate(text: &str, name: &str, want: &str) -> Result<Option<String>, String> {
    let begin = format!("<!-- generated: {name} ");
    let end = format!("<!-- end of generated: {name} -->");
    let start = text.find(&begin).ok_or(format!("no marker {begin}…-->"))?;
    let body = start + text[start..].find("-->\n").ok_or("an unclosed marker")? + 4;
    let stop = body + text[body..].find(&end).ok_or(format!("no marker {end}"))?;
    Ok((text[body..stop] != *want).then(|| format!("{}{want}{}", &text[..body], &text[stop..])))
}

#[test]
fn generated_parts_are_the_catalogs() {
    let book = root().join("book/src");
    let mut parts = vec![
        (
            book.join("introduction.md"),
            "catalog table",
            lesson_table(),
        ),
        (
            book.join("exercises/README.md"),
            "exercise table",
            exercise_table(),
        ),
    ];
    for e in EXERCISES {
        let page = book.join(format!("exercises/{}.md", e.stem));
        parts.push((page.clone(), "exercise header", exercise_header(e)));
        parts.push((page, "hints", hints(e)));
    }
    let bless = std::env::var_os("PARLINGS_BLESS").is_some();
    let mut stale = Vec::new();
    for (path, name, want) in parts {
        let text = read(&path);
        match regenerate(&text, name, &want) {
            Err(why) => stale.push(format!("{}: {why}", path.display())),
            Ok(None) => {}
            Ok(Some(new)) if bless => fs::write(&path, new).expect("the book is writable"),
            Ok(Some(_)) => stale.push(format!("{}: the {name} differs", path.display())),
        }
    }
    assert!(
        stale.is_empty(),
        "the book differs from src/catalog.rs:\n  {}\nrewrite the generated parts with: {BLESS}",
        stale.join("\n  ")
    );
}

#[test]
fn every_lesson_and_exercise_has_its_page_in_the_summary() {
    let summary = read(&root().join("book/src/SUMMARY.md"));
    let pages = LESSONS.iter().map(|l| format!("{}.md", l.bin));
    let pages = pages.chain(EXERCISES.iter().map(|e| format!("exercises/{}.md", e.stem)));
    for page in pages {
        assert!(
            summary.contains(&format!("]({page})")),
            "SUMMARY.md does not list {page}"
        );
        assert!(
            root().join("book/src").join(&page).is_file(),
            "book/src/{page} is missing"
        );
    }
}

#[test]
fn every_include_resolves_to_a_file_and_an_anchor() {
    let mut used = BTreeSet::new();
    for page in files(&root().join("book/src"), &[".md"]) {
        let dir = page.parent().expect("a page is in a folder");
        for (path, anchor) in includes(&read(&page)) {
            let file = dir.join(&path);
            let file = file.canonicalize().unwrap_or_else(|_| {
                panic!("{}: {{{{#include {path}}}}} names no file", page.display())
            });
            let Some(anchor) = anchor else { continue };
            assert!(
                !anchor.starts_with(|c: char| c.is_ascii_digit()),
                "{}: include {path}:{anchor} by line numbers; place an anchor instead",
                page.display()
            );
            assert!(
                anchors(&file).contains(&anchor),
                "{}: {path} has no anchor {anchor} (// ANCHOR: {anchor} … // ANCHOR_END: {anchor})",
                page.display()
            );
            used.insert((file, anchor));
        }
    }
    // An anchor no page includes is clutter in a lesson's code.
    for file in files(&root().join("lessons"), &[".rs", ".py"]) {
        let file = file.canonicalize().expect("a listed file exists");
        for anchor in anchors(&file) {
            assert!(
                used.contains(&(file.clone(), anchor.clone())),
                "{}: anchor {anchor} is included by no page of the book",
                file.display()
            );
        }
    }
}

#[test]
fn every_internal_link_reaches_a_page_and_a_heading() {
    for page in files(&root().join("book/src"), &[".md"]) {
        let text = read(&page);
        for link in text.split("](").skip(1) {
            let target = link.split(')').next().unwrap_or_default();
            if target.contains("://") || target.starts_with("mailto:") || target.is_empty() {
                continue;
            }
            let (file, fragment) = target.split_once('#').unwrap_or((target, ""));
            let file = if file.is_empty() {
                page.clone()
            } else {
                page.parent().expect("in a folder").join(file)
            };
            assert!(
                file.is_file(),
                "{}: link to a missing {target}",
                page.display()
            );
            if !fragment.is_empty() && file.extension().is_some_and(|e| e == "md") {
                assert!(
                    heading_ids(&file).contains(fragment),
                    "{}: link {target}: no heading with id {fragment}",
                    page.display()
                );
            }
        }
    }
}

#[test]
fn the_article_map_has_each_point_with_its_lesson_exercise_and_chapter() {
    let map = read(&root().join("book/src/article.md"));
    let rows: Vec<&str> = map
        .lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| #"))
        .collect();
    let numbered: Vec<&str> = rows
        .into_iter()
        .filter(|r| r[2..].starts_with(char::is_numeric))
        .collect();
    assert_eq!(
        numbered.len(),
        12,
        "the article's twelve points, one row each"
    );
    for (i, row) in numbered.iter().enumerate() {
        assert!(
            row.starts_with(&format!("| {} ", i + 1)),
            "point {} out of order",
            i + 1
        );
        assert!(
            row.contains("](lesson"),
            "point {}: no lesson chapter linked",
            i + 1
        );
        assert!(
            row.contains("](python/step") || row.contains("](beyond"),
            "point {}: no Python page",
            i + 1
        );
    }
}

#[test]
fn the_python_companions_follow_the_article() {
    let mut all = String::new();
    for lesson in [1, 2, 3, 4, 6] {
        let path = root().join(format!("lessons/python/lesson{lesson}.py"));
        let text = read(&path);
        assert!(
            text.contains("if __name__ == \"__main__\":"),
            "{}",
            path.display()
        );
        all.push_str(&text);
    }
    let article = [
        "from multiprocessing import",
        "Pool(",
        "cpu_count()",
        "pool.map(",
        "map_async(",
        ".get(timeout=",
        "ThreadPoolExecutor",
        "Manager()",
        "Queue(",
        "except",
        ".close()",
        ".join()",
    ];
    let companion = read(&root().join("lessons/python/companion.py"));
    for tool in article {
        assert!(
            all.contains(tool) || companion.contains(tool),
            "no companion uses {tool}"
        );
    }
}
