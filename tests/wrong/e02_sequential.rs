//! Wrong: maps the items one after another on the calling thread.
//! expect: one after another

/// The number of workers that suits this machine.
pub fn default_workers() -> usize {
    num_cpus::get()
}

/// Maps `f` over `items`, one at a time.
pub fn parallel_map<T, R, F>(items: Vec<T>, _workers: usize, f: F) -> Vec<R>
where
    T: Send,
    R: Send,
    F: Fn(T) -> R + Sync + Send,
{
    items.into_iter().map(f).collect()
}
