//! Lesson 3 beside its Python companion (`--compare-python`).

use crate::channels::collect_on_a_channel;
use crate::counts::corpus;
use anyhow::{Result, ensure};
use parlings::Model;
use parlings::compare::{Comparison, Figure};
use parlings::measure;
use parlings::workloads::{self, Size};
use rayon::prelude::*;
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};
use std::thread;

/// Word counts: each word and how often it occurs.
type Counts = HashMap<String, usize>;

/// With `--compare-python`: documents, a model and messages small enough for Python, timed
/// here the lesson's way; `lessons/python/lesson3.py` then shares them between processes.
pub fn beside_python(size: Size) -> Result<Comparison> {
    let cores = measure::cores();
    let (n_docs, words) = (size.pick(16, 32), 300);
    let (items, width, rounds) = (size.pick(400, 800), 20, size.pick(20_000, 50_000));
    let (docs, _) = corpus(n_docs, words);
    let messages = 2 * items;
    let mut c = Comparison::new(
        "lesson3",
        format!("{n_docs} documents; {messages} messages"),
    );
    let file = c.temp_file("docs.txt", &docs.join("\n"))?;
    let model = Model::default();
    c.arg("docs-file", file.display())
        .arg("weights", model.size_bytes() / 8);
    c.arg("workers", cores)
        .arg("items", items)
        .arg("width", width);
    c.arg("rounds", rounds);
    let repeats = 3 * size.repeats();

    let mib = model.size_bytes() >> 20;
    let what = format!("score {n_docs} docs with a {mib} MiB model");
    let copied = || {
        docs.par_iter()
            .map(|d| Model::clone(&model).score(d))
            .count()
    };
    let (took, _) = measure::median(repeats, copied);
    let how = "Model::clone(&model) in every task (a deep copy)";
    c.rust(
        Figure::new("model-copy", &what, how)
            .took(took)
            .against("model-copy"),
    );
    let shared = || docs.par_iter().map(|d| model.score(d)).count();
    let (took, _) = measure::median(repeats, shared);
    let how = "&model: borrowed by every task, nothing copied";
    c.rust(
        Figure::new("model-shared", &what, how)
            .took(took)
            .against("model-copy"),
    );

    let what = format!("count the words of {n_docs} docs");
    let (took, expected) = measure::median(repeats, || count_loop(&docs));
    let how = "one HashMap, a for loop";
    c.rust(
        Figure::new("count-loop", &what, how)
            .took(took)
            .against("count-loop"),
    );
    let (took, counts) = measure::median(repeats, || count_locked(&docs));
    ensure!(
        counts == expected,
        "the locked count differs from the loop's"
    );
    let how = "one Mutex<HashMap>, locked per word";
    c.rust(
        Figure::new("count-shared", &what, how)
            .took(took)
            .against("count-loop"),
    );
    let (took, counts) = measure::median(repeats, || count_per_task(&docs));
    ensure!(
        counts == expected,
        "the merged counts differ from the loop's"
    );
    let how = "a HashMap per task, merged at the end";
    c.rust(
        Figure::new("count-local", &what, how)
            .took(took)
            .against("count-loop"),
    );

    let ranges = workloads::prime_ranges(items, width);
    let workers = cores.max(2);
    let (took, gathered) = measure::time(|| collect_on_a_channel(&ranges, workers));
    let gathered = gathered?;
    let sent = gathered.results.len() + gathered.log.len();
    let rate = sent as f64 / took.as_secs_f64().max(1e-9);
    let how = format!("{workers} threads, crossbeam bounded(16)");
    let what = format!("{sent} messages to one collector");
    c.rust(
        Figure::new("collector", &what, how)
            .took(took)
            .value(format!("{rate:.0} a second")),
    );

    let lost = 2 * rounds - racy_total(rounds);
    let what = format!("2 x {rounds} increments of one counter");
    let how = "AtomicUsize: load, then store";
    c.rust(Figure::new("race", &what, how).value(format!("{lost} updates lost")));

    let total: usize = expected.values().sum();
    let primes: u64 = gathered.results.iter().sum();
    c.digest(format!(
        "{total} words, {} distinct; {primes} primes in {items} messages",
        expected.len()
    ));
    c.note(format!(
        "Rust: the median of {repeats} runs (the collector and the race: one run); Python: one \
         run, each pool's start and end included. {} threads run the Rust side, {cores} \
         processes the Python side (the collector: {workers} of each).",
        rayon::current_num_threads()
    ));
    c.note("Lost updates vary from run to run, and on one core they are rare.");
    Ok(c)
}

/// Counts every word of every document, one after another.
fn count_loop(docs: &[String]) -> Counts {
    let mut counts = Counts::new();
    for word in docs.iter().flat_map(|d| d.split_whitespace()) {
        *counts.entry(word.to_string()).or_insert(0) += 1;
    }
    counts
}

/// One map shared by every task, locked for each word.
fn count_locked(docs: &[String]) -> Counts {
    let shared = Mutex::new(Counts::new());
    docs.par_iter().for_each(|doc| {
        for word in doc.split_whitespace() {
            let mut counts = shared.lock().unwrap_or_else(PoisonError::into_inner);
            *counts.entry(word.to_string()).or_insert(0) += 1;
        }
    });
    shared.into_inner().unwrap_or_else(PoisonError::into_inner)
}

/// A map per piece of work, merged at the end.
fn count_per_task(docs: &[String]) -> Counts {
    let merge = |mut into: Counts, from: Counts| {
        for (word, n) in from {
            *into.entry(word).or_insert(0) += n;
        }
        into
    };
    let count = |doc: &String| count_loop(std::slice::from_ref(doc));
    docs.par_iter().map(count).reduce(Counts::new, merge)
}

/// Two threads each add 1 to one counter `rounds` times with a load and a store; the total.
fn racy_total(rounds: usize) -> usize {
    let counter = AtomicUsize::new(0);
    thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| {
                for _ in 0..rounds {
                    let seen = counter.load(Ordering::Relaxed);
                    counter.store(seen + 1, Ordering::Relaxed);
                }
            });
        }
    });
    counter.into_inner()
}
