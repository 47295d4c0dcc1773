//! Right: a rayon pool of exactly `limit` threads.

use rayon::prelude::*;

/// Fetches on a dedicated pool of `limit` threads.
pub fn fetch_all<F>(urls: &[String], limit: usize, fetch: F) -> Vec<String>
where
    F: Fn(&str) -> String + Sync,
{
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(limit)
        .build()
        .unwrap();
    pool.install(|| urls.par_iter().map(|url| fetch(url)).collect())
}
