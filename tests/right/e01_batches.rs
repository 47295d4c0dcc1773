//! Right (if not the fastest): fetches in batches of `limit`, one thread per URL of a batch.

/// Fetches `limit` URLs at a time, waiting for each batch to finish.
pub fn fetch_all<F>(urls: &[String], limit: usize, fetch: F) -> Vec<String>
where
    F: Fn(&str) -> String + Sync,
{
    let mut bodies = Vec::with_capacity(urls.len());
    for batch in urls.chunks(limit) {
        std::thread::scope(|s| {
            let handles: Vec<_> = batch.iter().map(|url| s.spawn(|| fetch(url))).collect();
            bodies.extend(handles.into_iter().map(|h| h.join().unwrap()));
        });
    }
    bodies
}
