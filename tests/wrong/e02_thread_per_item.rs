//! Wrong: a thread per item, all at once: no pool at all.
//! expect: more than the

/// The number of workers that suits this machine.
pub fn default_workers() -> usize {
    num_cpus::get()
}

/// Maps `f` over `items`, each on its own thread.
pub fn parallel_map<T, R, F>(items: Vec<T>, _workers: usize, f: F) -> Vec<R>
where
    T: Send,
    R: Send,
    F: Fn(T) -> R + Sync + Send,
{
    std::thread::scope(|s| {
        let handles: Vec<_> = items.into_iter().map(|item| s.spawn(|| f(item))).collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    })
}
