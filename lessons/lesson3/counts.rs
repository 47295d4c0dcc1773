//! Lesson 3, step 2: one locked map against a map per thread and atomics, on one word count.

use anyhow::{Result, ensure};
use parlings::lesson::Lesson;
use parlings::measure::{self, Cell, Grid, fmt_duration};
use rayon::prelude::*;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError, TryLockError};
use std::time::Duration;

/// Words in the generated documents' vocabulary.
const VOCABULARY: usize = 4096;

/// Word counts: each word and how often it occurs.
type Counts = HashMap<String, usize>;

/// For counts gathered from many tasks, the article's `Manager().dict()` works but is slow:
/// every update is a trip to one shared place. One locked map has the same flaw; per-thread
/// maps merged at the end, or atomics, share nothing while the work runs.
pub fn shared_counts(
    lesson: &mut Lesson,
    docs: &[String],
    vocabulary: &[String],
    repeats: usize,
) -> Result<()> {
    lesson.step(
        "Aggregation: one locked map, or a map per thread",
        "For counts gathered from many tasks, the article's `Manager().dict()` works but is \
         slow: every update is a trip to one shared place. One locked map has the same flaw; \
         per-thread maps merged at the end, or atomics, share nothing while the work runs.",
    );
    let words: usize = docs.iter().map(|d| d.split_whitespace().count()).sum();
    lesson.say(&format!(
        "Counting the {words} words of the {} documents, four ways:",
        docs.len()
    ));
    lesson.code(
        "one Mutex<HashMap>: for word in doc { *map.lock().entry(word).or_insert(0) += 1 }\n\
         a map per thread:   docs.par_iter().with_min_len(n).fold(HashMap::new, count).reduce(..)\n\
         atomics:            counters[index[word]].fetch_add(1, Relaxed)  // words known ahead",
    );
    let (stats, maps) = (LockStats::default(), AtomicUsize::new(0));
    let min_len = docs.len().div_ceil(2 * rayon::current_num_threads());
    let sequential = || {
        let mut counts = Counts::new();
        docs.iter().for_each(|doc| count_into(&mut counts, doc));
        Ok(counts)
    };
    let locked = || Ok(count_locked(docs, &stats));
    let folded = || Ok(count_per_thread(docs, min_len, &maps));
    let atomic = || count_atomic(docs, vocabulary);
    let measured = crate::take_turns(repeats, &[&sequential, &locked, &folded, &atomic]);
    let (expected, mut times) = (sequential()?, Vec::new());
    for (took, counts) in measured {
        ensure!(
            counts? == expected,
            "a parallel count differs from the loop's"
        );
        times.push(took);
    }
    let [sequential, locked, folded, atomic] = times[..] else {
        anyhow::bail!("four ways were timed");
    };
    let one_core = measure::single_core();
    let mut header = vec!["counts gathered in", "time"];
    if !one_core {
        header.push("speed-up");
    }
    header.extend(["locks\ntaken", "found\nheld", "waiting"]);
    let mut grid = Grid::new(header);
    let per_run = |n: &AtomicU64| n.load(Ordering::Relaxed) / repeats as u64;
    let waits = per_run(&stats.waited);
    let waited = Duration::from_nanos(per_run(&stats.nanos));
    let maps = maps.load(Ordering::Relaxed) / repeats;
    let none = || vec!["0".to_string(), "—".to_string(), "—".to_string()];
    let rows = [
        ("one map,\na sequential loop", sequential, none()),
        (
            "one Mutex<HashMap>,\nlocked per word",
            locked,
            vec![
                per_run(&stats.taken).to_string(),
                waits.to_string(),
                fmt_duration(waited),
            ],
        ),
        ("a map per thread,\nmerged at the end", folded, none()),
        ("a Vec<AtomicUsize>,\nfor known words", atomic, none()),
    ];
    for (label, time, locks) in rows {
        let mut row = vec![Cell::text(label), Cell::num(fmt_duration(time))];
        if !one_core {
            let gain = measure::speedup(sequential, time);
            row.push(Cell::num(format!("{gain:.2}×")).color(measure::speedup_color(gain)));
        }
        row.extend(locks.into_iter().map(Cell::num));
        grid.row(row);
    }
    print!("{}", grid.render());
    lesson.note(&format!(
        "Median of {repeats} runs each, on rayon's pool of {} thread(s); lock figures per run. \
         \"found held\" counts the `try_lock` calls that failed before a `lock`, and \
         \"waiting\" sums those waits over all threads. The per-thread maps took no lock: \
         `fold` filled {maps} maps, one per piece of work rayon split off, and `reduce` merged \
         them (`with_min_len` keeps the pieces few: merging many maps costs as much as \
         counting).",
        rayon::current_num_threads()
    ));
    if one_core {
        lesson.note(&measure::single_core_note());
        lesson.say(&format!(
            "On one core rayon's pool has a single thread: no other thread ever holds the \
             lock, so it is never found held, and no way can beat the loop. The Mutex row \
             shows only the cost of taking a lock {} times.",
            per_run(&stats.taken)
        ));
    } else {
        let times = if waits == 1 { "time" } else { "times" };
        let (by_lock, by_maps) = (
            measure::speedup(sequential, locked),
            measure::speedup(sequential, folded),
        );
        let maps = if by_maps > by_lock.max(1.0) {
            format!("ran at {by_maps:.2}×: the threads shared nothing until the merge")
        } else if measure::busy_note().is_some() {
            format!(
                "ran at {by_maps:.2}×: other programs held the cores in this run (the warning \
                 at the top), so neither could gain"
            )
        } else {
            format!("ran at {by_maps:.2}×")
        };
        lesson.say(&format!(
            "One locked map: a thread found the lock held {waits} {times}, the threads waited \
             {} for it, and the count ran at {by_lock:.2}× the loop's speed: every update went \
             through one place. The maps per thread {maps}.",
            fmt_duration(waited),
        ));
    }
    lesson.note(
        "Atomics need the keys known in advance (a fixed vocabulary here), and a very common \
         word's counter still bounces between cores. A Python Manager().dict() update is a \
         round trip to another process, far slower than a lock: the article's \"only for a \
         little shared state\".",
    );
    Ok(())
}

/// `count` documents of `words` words each, and their vocabulary: a few words are very
/// common and most are rare, as in real text.
pub fn corpus(count: usize, words: usize) -> (Vec<String>, Vec<String>) {
    const SYLLABLES: [&str; 16] = [
        "ka", "lo", "mi", "ne", "ru", "ta", "po", "se", "vi", "do", "fu", "ge", "ha", "ji", "be",
        "zo",
    ];
    let name = |mut i: usize| {
        let mut word = String::from(SYLLABLES[i % 16]);
        while i >= 16 {
            i /= 16;
            word.insert_str(0, SYLLABLES[i % 16]);
        }
        word
    };
    let vocabulary: Vec<String> = (0..VOCABULARY).map(name).collect();
    let mut state = 0x9e37_79b9_7f4a_7c15_u64;
    let mut doc = || {
        let mut text = String::with_capacity(words * 7);
        for _ in 0..words {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            // Log-uniform over the vocabulary: word 0 is the most common.
            let u = (state >> 11) as f64 / (1u64 << 53) as f64;
            let i = (VOCABULARY as f64).powf(u) as usize - 1;
            text.push_str(&vocabulary[i.min(VOCABULARY - 1)]);
            text.push(' ');
        }
        text
    };
    let docs = (0..count).map(|_| doc()).collect();
    (docs, vocabulary)
}

/// Adds one to `word`'s count, allocating its key only the first time.
fn bump(counts: &mut Counts, word: &str) {
    match counts.get_mut(word) {
        Some(n) => *n += 1,
        None => _ = counts.insert(word.to_string(), 1),
    }
}

/// Counts every word of `doc` into `counts`.
fn count_into(counts: &mut Counts, doc: &str) {
    doc.split_whitespace().for_each(|word| bump(counts, word));
}

/// How a lock was used: taken, found held by another thread, and time spent waiting (ns).
#[derive(Debug, Default)]
struct LockStats {
    taken: AtomicU64,
    waited: AtomicU64,
    nanos: AtomicU64,
}

/// Locks `mutex`; if another thread holds it (`try_lock` fails), counts a wait and its time.
fn lock_counted<'a, T>(mutex: &'a Mutex<T>, waits: &mut (u64, Duration)) -> MutexGuard<'a, T> {
    match mutex.try_lock() {
        Ok(guard) => guard,
        Err(TryLockError::Poisoned(poisoned)) => poisoned.into_inner(),
        Err(TryLockError::WouldBlock) => {
            let (took, guard) = measure::time(|| mutex.lock());
            *waits = (waits.0 + 1, waits.1 + took);
            guard.unwrap_or_else(PoisonError::into_inner)
        }
    }
}

// ANCHOR: count_locked
/// One `Mutex<HashMap>` shared by all tasks, locked for every word.
fn count_locked(docs: &[String], stats: &LockStats) -> Counts {
    let shared = Mutex::new(Counts::new());
    docs.par_iter().for_each(|doc| {
        let (mut taken, mut waits) = (0, (0, Duration::ZERO));
        for word in doc.split_whitespace() {
            bump(&mut lock_counted(&shared, &mut waits), word);
            taken += 1;
        }
        stats.taken.fetch_add(taken, Ordering::Relaxed);
        stats.waited.fetch_add(waits.0, Ordering::Relaxed);
        stats
            .nanos
            .fetch_add(waits.1.as_nanos() as u64, Ordering::Relaxed);
    });
    shared.into_inner().unwrap_or_else(PoisonError::into_inner)
}
// ANCHOR_END: count_locked

// ANCHOR: count_per_thread
/// rayon's `fold` fills a map of its own for each piece of the work it splits off, at least
/// `min_len` documents long; `reduce` merges them. Each map made is counted in `maps`.
fn count_per_thread(docs: &[String], min_len: usize, maps: &AtomicUsize) -> Counts {
    let new_map = || {
        maps.fetch_add(1, Ordering::Relaxed);
        Counts::new()
    };
    let count = |mut counts: Counts, doc: &String| {
        count_into(&mut counts, doc);
        counts
    };
    let merge = |mut into: Counts, mut from: Counts| {
        if into.len() < from.len() {
            std::mem::swap(&mut into, &mut from);
        }
        for (word, n) in from {
            *into.entry(word).or_insert(0) += n;
        }
        into
    };
    let pieces = docs.par_iter().with_min_len(min_len);
    pieces.fold(new_map, count).reduce(Counts::new, merge)
}
// ANCHOR_END: count_per_thread

// ANCHOR: count_atomic
/// One `AtomicUsize` per word of a vocabulary known in advance, shared by all tasks.
fn count_atomic(docs: &[String], vocabulary: &[String]) -> Result<Counts> {
    let index: HashMap<&str, usize> = vocabulary
        .iter()
        .enumerate()
        .map(|(i, w)| (w.as_str(), i))
        .collect();
    let counters: Vec<AtomicUsize> = vocabulary.iter().map(|_| AtomicUsize::new(0)).collect();
    let unknown = AtomicUsize::new(0);
    docs.par_iter().for_each(|doc| {
        for word in doc.split_whitespace() {
            match index.get(word) {
                Some(&i) => _ = counters[i].fetch_add(1, Ordering::Relaxed),
                None => _ = unknown.fetch_add(1, Ordering::Relaxed),
            }
        }
    });
    ensure!(unknown.into_inner() == 0, "a word outside the vocabulary");
    let counts = vocabulary
        .iter()
        .zip(counters)
        .map(|(w, n)| (w.clone(), n.into_inner()));
    Ok(counts.filter(|(_, n)| *n > 0).collect())
}
// ANCHOR_END: count_atomic
