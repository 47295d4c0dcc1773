//! Checks for exercise e04: `word_frequencies` overlaps `workers` loads and counts every word.
//!
//! Each load is a task the check watches: the first `min(workers, n_docs)` loads must meet
//! (all in flight together) and are held a moment, so one load too many, or loads serialised
//! by a lock, show. The documents mix case, punctuation, tabs, newlines, repeated spaces and
//! Unicode spaces, so any split but `split_whitespace` (or any lowercasing) shows in the counts.

#[cfg_attr(feature = "solutions", path = "../solutions/e04_word_count.rs")]
#[cfg_attr(not(feature = "solutions"), path = "../exercises/e04_word_count.rs")]
mod exercise;

use exercise::word_frequencies;
use parlings::observer::{self, Observer};
use parlings::verdict::Check;
use parlings::watchdog;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

const ID: &str = "e04";
/// What the check calls the task it watches.
const NOUN: &str = "`load`";
const LIKELY: &[&str] = &["a worker waiting for a lock that another worker holds while it loads"];

/// Pieces of text that only `split_whitespace`, case kept, counts right.
const PIECES: &[&str] = &[
    "The quick  brown fox",
    "jumps\tover\tthe lazy dog.",
    "THE END\nthe end\r\nThe End",
    "café\u{a0}Straße\u{2003}naïve",
    "   leading and trailing   ",
    "ideographic\u{3000}space\u{2028}line\u{b}vertical\u{c}feed\u{85}next",
    "don't split-on punctuation, ok?",
    "zero\u{200b}width is one word, the\u{200b}end too",
];

/// Document `i`: three pieces, a word of its own, and mixed separators.
fn doc(i: usize) -> String {
    let piece = |k: usize| PIECES[(i + k) % PIECES.len()];
    format!("{} \t{}\n\n{}  doc{}", piece(0), piece(3), piece(5), i % 4)
}

/// Runs `word_frequencies` over `n` documents with `workers` and checks all the spec names.
fn check_word_frequencies(n: usize, workers: usize) {
    let threads = observer::pool_size(workers);
    let peak = threads.min(n);
    let observer = Observer::for_batch(peak, n);
    let call = format!(
        "word_frequencies({n} docs, workers = {workers}) on {} cores",
        num_cpus::get()
    );
    let check = Check::new(ID, call).with_timeline(observer.timeline());

    let got = {
        let observer = Arc::clone(&observer);
        watchdog::within(&check, LIKELY, move || {
            word_frequencies(n, workers, move |i| observer.task(i, || doc(i)))
        })
    };

    let keys: Vec<usize> = (0..n).collect();
    ensure_zero_means_one_per_core(&check, workers, n, observer.keys().len());
    observer.ensure_each_once(&check, NOUN, &keys);
    let mut expected = HashMap::new();
    for i in 0..n {
        for word in doc(i).split_whitespace() {
            *expected.entry(word.to_string()).or_insert(0) += 1;
        }
    }
    ensure_counts(&check, &expected, &got);
    observer.ensure_peak(&check, NOUN, peak);
}

/// Fails unless `got` holds exactly the expected counts, naming the likely fault.
fn ensure_counts(check: &Check, expected: &HashMap<String, usize>, got: &HashMap<String, usize>) {
    if expected == got {
        return;
    }
    let want = "every word as `split_whitespace` yields it, case kept, counted once per occurrence";
    if let Some(n) = got.get("") {
        check.fail(
            want,
            format!(
                "the empty word \"\" counted {n} times: splitting on ' ' yields an empty \
                 word between two spaces; split with `split_whitespace`"
            ),
        );
    }
    let mut words: Vec<&String> = got.keys().collect();
    words.sort();
    if let Some(word) = words.iter().find(|w| w.chars().any(char::is_whitespace)) {
        let space = word.chars().find(|c| c.is_whitespace()).unwrap_or(' ');
        check.fail(
            want,
            format!(
                "{word:?} counted as one word, though {space:?} is whitespace: split on ' ' \
                 (or on ASCII whitespace only)? `split_whitespace` splits on all of it"
            ),
        );
    }
    let mut wanted: Vec<&String> = expected.keys().collect();
    wanted.sort();
    let lowered = wanted
        .into_iter()
        .filter(|w| w.to_lowercase() != **w && !got.contains_key(*w))
        .find(|w| got.contains_key(&w.to_lowercase()));
    if let Some(word) = lowered {
        check.fail(
            want,
            format!(
                "{word:?} missing while {:?} is there: words lowercased? \"The\" and \"the\" \
                 are two different words here",
                word.to_lowercase()
            ),
        );
    }
    let all: BTreeMap<&String, (usize, usize)> = expected
        .keys()
        .chain(got.keys())
        .map(|w| (w, (count(expected, w), count(got, w))))
        .filter(|(_, (e, g))| e != g)
        .collect();
    let shown: Vec<String> = all
        .iter()
        .take(5)
        .map(|(w, (e, g))| format!("{w:?}: {g} instead of {e}"))
        .collect();
    let (e_total, g_total): (usize, usize) = (expected.values().sum(), got.values().sum());
    check.fail(
        format!(
            "{want}: {e_total} words in all, {} distinct",
            expected.len()
        ),
        format!(
            "{g_total} words in all, {} distinct; {} words counted wrong, e.g. {}",
            got.len(),
            all.len(),
            shown.join(", ")
        ),
    )
}

fn count(map: &HashMap<String, usize>, word: &str) -> usize {
    map.get(word).copied().unwrap_or(0)
}

/// With `workers == 0` and not a single call, names the likely cause.
fn ensure_zero_means_one_per_core(check: &Check, workers: usize, items: usize, calls: usize) {
    check.ensure(
        workers != 0 || items == 0 || calls > 0,
        format!(
            "{NOUN} called on all {items} items: workers = 0 means one per core (num_cpus::get())"
        ),
        format!("{NOUN} was never called: workers = 0 taken literally, so no worker started?"),
    );
}

#[test]
fn zero_workers_means_one_per_core() {
    check_word_frequencies(2 * num_cpus::get() + 1, 0);
}

#[test]
fn more_workers_than_cores() {
    let workers = 2 * num_cpus::get() + 1;
    check_word_frequencies(3 * workers, workers);
}

#[test]
fn two_workers() {
    check_word_frequencies(9, 2);
}

#[test]
fn one_worker_loads_one_doc_at_a_time() {
    check_word_frequencies(4, 1);
}

#[test]
fn more_workers_than_docs() {
    check_word_frequencies(3, 3 + num_cpus::get() + 2);
}

#[test]
fn no_docs_no_words() {
    check_word_frequencies(0, 3);
}
