//! Wrong: a thread per URL behind a semaphore whose permit is given back twice (once by an
//! RAII guard's Drop, once by hand), so after the first `limit` fetches the semaphore holds
//! more permits than `limit` and more fetches run at once than allowed ("never more").
//! expect: more than the

use std::sync::{Condvar, Mutex};

struct Permit<'a>(&'a Mutex<usize>, &'a Condvar);

impl Drop for Permit<'_> {
    fn drop(&mut self) {
        *self.0.lock().unwrap() += 1;
        self.1.notify_all();
    }
}

/// Fetches on a thread per URL behind a leaky semaphore.
pub fn fetch_all<F>(urls: &[String], limit: usize, fetch: F) -> Vec<String>
where
    F: Fn(&str) -> String + Sync,
{
    let permits = Mutex::new(limit);
    let freed = Condvar::new();
    std::thread::scope(|s| {
        let handles: Vec<_> = urls
            .iter()
            .map(|url| {
                let (permits, freed, fetch) = (&permits, &freed, &fetch);
                s.spawn(move || {
                    let mut left = freed
                        .wait_while(permits.lock().unwrap(), |n| *n == 0)
                        .unwrap();
                    *left -= 1;
                    drop(left);
                    let _permit = Permit(permits, freed);
                    let body = fetch(url);
                    // Gives the permit back by hand as well: the guard will too.
                    *permits.lock().unwrap() += 1;
                    freed.notify_all();
                    body
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    })
}
