//! Right: `limit` workers take (index, URL) jobs from a crossbeam channel and send back
//! (index, body); the caller sorts by index.

use crossbeam::channel;

/// Fetches with `limit` workers fed by a channel.
pub fn fetch_all<F>(urls: &[String], limit: usize, fetch: F) -> Vec<String>
where
    F: Fn(&str) -> String + Sync,
{
    let (job_tx, job_rx) = channel::unbounded::<(usize, &String)>();
    let (body_tx, body_rx) = channel::unbounded();
    for job in urls.iter().enumerate() {
        job_tx.send(job).unwrap();
    }
    drop(job_tx);
    std::thread::scope(|s| {
        for _ in 0..limit.min(urls.len()) {
            let (job_rx, body_tx, fetch) = (job_rx.clone(), body_tx.clone(), &fetch);
            s.spawn(move || {
                for (i, url) in job_rx {
                    body_tx.send((i, fetch(url))).unwrap();
                }
            });
        }
    });
    drop(body_tx);
    let mut bodies: Vec<(usize, String)> = body_rx.into_iter().collect();
    bodies.sort_by_key(|(i, _)| *i);
    bodies.into_iter().map(|(_, body)| body).collect()
}
