//! Right (the "shared dictionary" of the article): one map behind a mutex, but the lock is
//! taken only to count, after the load; workers take document indices from a crossbeam channel.

use crossbeam::channel;
use std::collections::HashMap;
use std::sync::Mutex;

/// Counts the words of documents `0..n_docs` into one locked map, on `workers` threads.
pub fn word_frequencies<F>(n_docs: usize, workers: usize, load: F) -> HashMap<String, usize>
where
    F: Fn(usize) -> String + Sync,
{
    let workers = if workers == 0 {
        num_cpus::get()
    } else {
        workers
    };
    let (tx, rx) = channel::unbounded();
    (0..n_docs).for_each(|i| tx.send(i).unwrap());
    drop(tx);
    let counts = Mutex::new(HashMap::new());
    crossbeam::scope(|s| {
        for _ in 0..workers.min(n_docs) {
            let (rx, counts, load) = (rx.clone(), &counts, &load);
            s.spawn(move |_| {
                for i in rx {
                    let text = load(i);
                    let mut counts = counts.lock().unwrap();
                    for word in text.split_whitespace() {
                        *counts.entry(word.to_string()).or_insert(0) += 1;
                    }
                }
            });
        }
    })
    .unwrap();
    counts.into_inner().unwrap()
}
