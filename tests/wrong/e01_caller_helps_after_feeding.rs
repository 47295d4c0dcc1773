//! Wrong: `limit` workers take jobs from a crossbeam channel of capacity 1 that the caller
//! feeds; once it has sent the last job the caller "helps" by draining what is left, so
//! limit + 1 fetches can be in flight at once ("never more"). While the first jobs run the
//! caller is still blocked feeding, so the extra fetch only happens later in the batch.
//! expect: more than the

use crossbeam::channel;
use std::sync::Mutex;

/// Fetches with `limit` workers, plus the caller once it has fed every job.
pub fn fetch_all<F>(urls: &[String], limit: usize, fetch: F) -> Vec<String>
where
    F: Fn(&str) -> String + Sync,
{
    let slots: Vec<Mutex<Option<String>>> = urls.iter().map(|_| Mutex::new(None)).collect();
    let (tx, rx) = channel::bounded::<usize>(1);
    let work = |rx: channel::Receiver<usize>| {
        for i in rx {
            *slots[i].lock().unwrap() = Some(fetch(&urls[i]));
        }
    };
    std::thread::scope(|s| {
        for _ in 0..limit.min(urls.len()) {
            let rx = rx.clone();
            s.spawn(move || work(rx));
        }
        for i in 0..urls.len() {
            tx.send(i).unwrap();
        }
        drop(tx);
        work(rx);
    });
    slots
        .into_iter()
        .map(|s| s.into_inner().unwrap().unwrap())
        .collect()
}
