//! Wrong: "optimises" duplicate URLs away, but the spec says fetch every element, duplicates
//! included (a page may change between two fetches).
//! expect: ran once, not 3 times

use std::collections::HashMap;
use std::sync::Mutex;

/// Fetches each distinct URL once, with `limit` threads, and reuses the body for duplicates.
pub fn fetch_all<F>(urls: &[String], limit: usize, fetch: F) -> Vec<String>
where
    F: Fn(&str) -> String + Sync,
{
    let mut distinct: Vec<&String> = urls.iter().collect();
    distinct.sort();
    distinct.dedup();
    let queue = Mutex::new(distinct);
    let bodies = Mutex::new(HashMap::new());
    std::thread::scope(|s| {
        for _ in 0..limit.min(urls.len()) {
            s.spawn(|| {
                loop {
                    let Some(url) = queue.lock().unwrap().pop() else {
                        break;
                    };
                    let body = fetch(url);
                    bodies.lock().unwrap().insert(url.clone(), body);
                }
            });
        }
    });
    let bodies = bodies.into_inner().unwrap();
    urls.iter().map(|u| bodies[u].clone()).collect()
}
