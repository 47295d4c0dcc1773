//! Right: a `Mutex<VecDeque<usize>>` work queue; `workers - 1` scoped threads plus the calling
//! thread itself pop indices (the lock is held only to pop), each counts into its own map, and
//! the maps come back through `join` and are merged.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;

fn drain<F: Fn(usize) -> String>(
    queue: &Mutex<VecDeque<usize>>,
    load: &F,
) -> HashMap<String, usize> {
    let mut counts = HashMap::new();
    loop {
        let next = queue.lock().unwrap().pop_front();
        let Some(i) = next else { break counts };
        for w in load(i).split_whitespace() {
            *counts.entry(w.to_string()).or_insert(0usize) += 1;
        }
    }
}

pub fn word_frequencies<F>(n_docs: usize, workers: usize, load: F) -> HashMap<String, usize>
where
    F: Fn(usize) -> String + Sync,
{
    let workers = match workers {
        0 => num_cpus::get(),
        w => w,
    };
    let queue = Mutex::new((0..n_docs).collect::<VecDeque<_>>());
    let threads = workers.min(n_docs);
    let mut total: HashMap<String, usize> = HashMap::new();
    if threads == 0 {
        return total;
    }
    let maps = std::thread::scope(|s| {
        let handles: Vec<_> = (1..threads)
            .map(|_| s.spawn(|| drain(&queue, &load)))
            .collect();
        let mut maps = vec![drain(&queue, &load)];
        maps.extend(handles.into_iter().map(|h| h.join().unwrap()));
        maps
    });
    for m in maps {
        for (w, c) in m {
            *total.entry(w).or_default() += c;
        }
    }
    total
}
