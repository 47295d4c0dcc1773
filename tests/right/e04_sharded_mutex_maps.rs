//! Right: a DashMap-like map of 16 shards, each a `Mutex<HashMap>`, picked by the word's hash;
//! `workers` scoped threads take the next document index from an `AtomicUsize` and lock only
//! the one shard a word belongs to, after the load.

use std::collections::HashMap;
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

const SHARDS: usize = 16;

pub fn word_frequencies<F>(n_docs: usize, workers: usize, load: F) -> HashMap<String, usize>
where
    F: Fn(usize) -> String + Sync,
{
    let workers = if workers == 0 {
        num_cpus::get()
    } else {
        workers
    };
    let shards: Vec<Mutex<HashMap<String, usize>>> =
        (0..SHARDS).map(|_| Mutex::new(HashMap::new())).collect();
    let next = AtomicUsize::new(0);
    std::thread::scope(|s| {
        for _ in 0..workers.min(n_docs) {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= n_docs {
                        break;
                    }
                    let text = load(i);
                    for word in text.split_whitespace() {
                        let mut h = DefaultHasher::new();
                        word.hash(&mut h);
                        let shard = &shards[h.finish() as usize % SHARDS];
                        *shard.lock().unwrap().entry(word.to_owned()).or_default() += 1;
                    }
                }
            });
        }
    });
    shards
        .into_iter()
        .flat_map(|m| m.into_inner().unwrap())
        .collect()
}
