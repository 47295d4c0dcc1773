//! Checks for exercise e01: `fetch_all` keeps exactly `limit` fetches in flight.
//!
//! Each fetch is a task the check watches: the first `min(limit, urls)` fetches must meet
//! (all in flight together) and are held there a moment, so one fetch too many shows; then
//! they finish in reverse order, so bodies kept in finishing order show.

#[cfg_attr(feature = "solutions", path = "../solutions/e01_io_bound.rs")]
#[cfg_attr(not(feature = "solutions"), path = "../exercises/e01_io_bound.rs")]
mod exercise;

use exercise::fetch_all;
use parlings::observer::Observer;
use parlings::verdict::Check;
use parlings::watchdog;
use std::sync::Arc;

const ID: &str = "e01";
const LIKELY: &[&str] = &["a thread waiting for a permit (a semaphore) that is never given back"];

fn url(page: usize) -> String {
    format!("https://example.test/page/{page}")
}

fn page_of(url: &str) -> usize {
    let page = url.rsplit('/').next().and_then(|n| n.parse().ok());
    page.unwrap_or_else(|| panic!("fetch was called with {url:?}, which is not one of the URLs"))
}

fn body(url: &str) -> String {
    format!("<html>{url}</html>")
}

/// Runs `fetch_all` over these pages with this limit and checks all the spec names.
fn check_fetch_all(pages: Vec<usize>, limit: usize) {
    let urls: Vec<String> = pages.iter().map(|&p| url(p)).collect();
    let peak = limit.min(urls.len());
    let observer = Observer::for_batch(peak, urls.len());
    let call = format!(
        "fetch_all({} URLs, limit = {limit}) on {} cores",
        urls.len(),
        num_cpus::get()
    );
    let check = Check::new(ID, call).with_timeline(observer.timeline());

    let got = {
        let (observer, urls) = (Arc::clone(&observer), urls.clone());
        watchdog::within(&check, LIKELY, move || {
            fetch_all(&urls, limit, |u| observer.task(page_of(u), || body(u)))
        })
    };

    observer.ensure_each_once(&check, "`fetch`", &pages);
    let expected: Vec<String> = urls.iter().map(|u| body(u)).collect();
    check.ensure_items("bodies, in the order of `urls`", &expected, &got);
    observer.ensure_peak(&check, "`fetch`", peak);
}

#[test]
fn a_limit_above_the_core_count_is_honoured() {
    let limit = 4 * num_cpus::get() + 3;
    check_fetch_all((0..limit + 3).collect(), limit);
}

#[test]
fn a_small_limit_is_never_exceeded() {
    check_fetch_all((0..9).collect(), 2);
}

#[test]
fn a_limit_of_one_fetches_one_at_a_time() {
    check_fetch_all((0..5).collect(), 1);
}

#[test]
fn a_limit_larger_than_the_list_fetches_all_at_once() {
    check_fetch_all((0..5).collect(), 5 + num_cpus::get() + 2);
}

#[test]
fn duplicate_urls_are_fetched_every_time() {
    check_fetch_all(vec![3, 1, 3, 0, 1, 3, 2], num_cpus::get() + 1);
}

#[test]
fn no_urls_means_no_fetches() {
    check_fetch_all(Vec::new(), 3);
}
