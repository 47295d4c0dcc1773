//! Wrong: a thread per URL with nothing to hold them back: every fetch at once.
//! expect: more than the

/// Fetches every URL on its own thread, all at once.
pub fn fetch_all<F>(urls: &[String], _limit: usize, fetch: F) -> Vec<String>
where
    F: Fn(&str) -> String + Sync,
{
    std::thread::scope(|s| {
        let handles: Vec<_> = urls.iter().map(|url| s.spawn(|| fetch(url))).collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    })
}
