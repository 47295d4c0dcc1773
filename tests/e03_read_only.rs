//! Checks for exercise e03: `score_all` shares one model among `workers` threads.
//!
//! The model runs the check's probe at the start of every `score` call: the first
//! `min(workers, docs)` calls must meet (all in flight together) and are held a moment, so
//! one call too many shows; then they finish in reverse order, so scores kept in finishing
//! order show. The model counts its deep copies: there must be none.

#[cfg_attr(feature = "solutions", path = "../solutions/e03_read_only.rs")]
#[cfg_attr(not(feature = "solutions"), path = "../exercises/e03_read_only.rs")]
mod exercise;

use exercise::score_all;
use parlings::Model;
use parlings::observer::{self, Observer};
use parlings::verdict::Check;
use parlings::watchdog;
use std::sync::Arc;

const ID: &str = "e03";
const LIKELY: &[&str] = &["scores awaited from a channel that no worker will ever send on"];
/// Weights of the check's model: small, so even a wrong solution's copies cost little.
const WEIGHTS: usize = 1 << 12;

/// Document `i`: its index comes first, so the probe knows which document is scored.
fn doc(i: usize) -> String {
    format!("doc{i} alpha{} beta{} gamma", i % 7, i % 3)
}

/// The index of a document made by [`doc`].
fn index_of(doc: &str) -> usize {
    let index = doc
        .split_whitespace()
        .next()
        .and_then(|w| w.strip_prefix("doc"))
        .and_then(|n| n.parse().ok());
    index.unwrap_or_else(|| panic!("score was called with {doc:?}, which is not one of the docs"))
}

/// Runs `score_all` over `n` documents with `workers` and checks all the spec names.
fn check_score_all(n: usize, workers: usize) {
    let threads = observer::pool_size(workers);
    let peak = threads.min(n);
    let observer = Observer::for_batch(peak, n);
    let call = format!(
        "score_all({n} docs, workers = {workers}) on {} cores",
        num_cpus::get()
    );
    let check = Check::new(ID, call).with_timeline(observer.timeline());

    let model = {
        let observer = Arc::clone(&observer);
        Arc::new(Model::new(WEIGHTS).with_probe(move |d| observer.task(index_of(d), || ())))
    };
    let docs: Vec<String> = (0..n).map(doc).collect();
    let got = {
        let (model, docs) = (Arc::clone(&model), docs.clone());
        watchdog::within(&check, LIKELY, move || score_all(model, docs, workers))
    };

    let keys: Vec<usize> = (0..n).collect();
    observer.ensure_each_once(&check, "`score`", &keys);
    let reference = Model::new(WEIGHTS);
    let expected: Vec<f64> = docs.iter().map(|d| reference.score(d)).collect();
    check.ensure_items("scores, in the order of `docs`", &expected, &got);
    let copies = model.copies();
    let per = match copies {
        _ if copies == n && copies == peak => " (one per worker, or per document)",
        _ if copies == n => " (one per document)",
        _ if copies == peak => " (one per worker)",
        _ => "",
    };
    check.ensure(
        copies == 0,
        "zero deep copies of the model: every worker reads the one you were given",
        format!(
            "{copies} deep copies{per} of {} KiB each: `(*model).clone()` copies every \
             weight; share the Arc (`Arc::clone(&model)`) or borrow `&*model` instead",
            model.size_bytes() / 1024
        ),
    );
    observer.ensure_peak(&check, "`score`", peak);
}

#[test]
fn zero_workers_means_one_per_core() {
    check_score_all(2 * num_cpus::get() + 1, 0);
}

#[test]
fn more_workers_than_cores() {
    let workers = 2 * num_cpus::get() + 1;
    check_score_all(3 * workers, workers);
}

#[test]
fn two_workers() {
    check_score_all(9, 2);
}

#[test]
fn one_worker_scores_one_doc_at_a_time() {
    check_score_all(4, 1);
}

#[test]
fn more_workers_than_docs() {
    check_score_all(3, 3 + num_cpus::get() + 2);
}

#[test]
fn no_docs_no_scores() {
    check_score_all(0, 3);
}
