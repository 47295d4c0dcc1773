//! Exercise e01: I/O-bound work wants more threads than cores.
//!
//! A fetch spends nearly all its time waiting for the network, not using a core. So while one
//! fetch waits, others can wait beside it: for I/O-bound work, the right number of threads is
//! set by how many requests you may have open at once (`limit`), not by your core count.
//!
//! Write `fetch_all` so that it:
//! - calls `fetch` exactly once for each element of `urls` (duplicates included);
//! - keeps exactly `limit` calls in flight at a time (fewer only when there are fewer URLs),
//!   even when `limit` is larger than your number of cores, and never more;
//! - returns the bodies in the order of `urls`, whatever order the fetches finish in.
//!
//! `limit` is at least 1. You may use std threads, rayon or crossbeam.
//! Check your work: `cargo run -- check e01`. Stuck? `cargo run -- hint e01`.

/// Fetches every URL with at most `limit` fetches in flight; bodies in the order of `urls`.
pub fn fetch_all<F>(urls: &[String], limit: usize, fetch: F) -> Vec<String>
where
    F: Fn(&str) -> String + Sync,
{
    let _ = (urls, limit, fetch);
    todo!("fetch every URL with `limit` fetches in flight")
}
