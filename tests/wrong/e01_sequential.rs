//! Wrong: fetches one URL after another, so the waits add up instead of overlapping.
//! expect: one after another

/// Fetches every URL, one at a time.
pub fn fetch_all<F>(urls: &[String], _limit: usize, fetch: F) -> Vec<String>
where
    F: Fn(&str) -> String + Sync,
{
    urls.iter().map(|url| fetch(url)).collect()
}
