//! Right: `workers` contiguous chunks of documents (sizes differing by at most one) on
//! crossbeam's scoped threads, all borrowing `&Model`; the chunks' scores are joined in order.

use parlings::Model;
use std::sync::Arc;

/// Scores the documents in contiguous chunks, one scoped thread per chunk.
pub fn score_all(model: Arc<Model>, docs: Vec<String>, workers: usize) -> Vec<f64> {
    let workers = if workers == 0 {
        num_cpus::get()
    } else {
        workers
    };
    let chunks = workers.min(docs.len());
    let mut rest: &[String] = &docs;
    let parts: Vec<&[String]> = (0..chunks)
        .map(|c| {
            let len = docs.len() / chunks + usize::from(c < docs.len() % chunks);
            let (part, tail) = rest.split_at(len);
            rest = tail;
            part
        })
        .collect();
    let model: &Model = &model;
    crossbeam::scope(|s| {
        let handles: Vec<_> = parts
            .into_iter()
            .map(|part| s.spawn(move |_| part.iter().map(|d| model.score(d)).collect::<Vec<_>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect()
    })
    .unwrap()
}
