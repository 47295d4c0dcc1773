//! Right: `workers` contiguous chunks whose sizes differ by at most one, on scoped threads.

/// The number of workers that suits this machine.
pub fn default_workers() -> usize {
    num_cpus::get()
}

/// Maps `f` over `items` in contiguous chunks, one scoped thread per chunk.
pub fn parallel_map<T, R, F>(items: Vec<T>, workers: usize, f: F) -> Vec<R>
where
    T: Send,
    R: Send,
    F: Fn(T) -> R + Sync + Send,
{
    let workers = if workers == 0 {
        num_cpus::get()
    } else {
        workers
    };
    let chunks = workers.min(items.len());
    let (len, mut items) = (items.len(), items.into_iter());
    let parts: Vec<Vec<T>> = (0..chunks)
        .map(|c| {
            items
                .by_ref()
                .take(len / chunks + usize::from(c < len % chunks))
                .collect()
        })
        .collect();
    std::thread::scope(|s| {
        let handles: Vec<_> = parts
            .into_iter()
            .map(|part| s.spawn(|| part.into_iter().map(&f).collect::<Vec<R>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect()
    })
}
