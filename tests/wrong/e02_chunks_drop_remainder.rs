//! Wrong: splits the items into chunks of `len / workers` and forgets the remainder.
//! expect: was never run

/// The number of workers that suits this machine.
pub fn default_workers() -> usize {
    num_cpus::get()
}

/// Maps `f` over `items` in `workers` contiguous chunks.
pub fn parallel_map<T, R, F>(items: Vec<T>, workers: usize, f: F) -> Vec<R>
where
    T: Send,
    R: Send,
    F: Fn(T) -> R + Sync + Send,
{
    let workers = if workers == 0 {
        default_workers()
    } else {
        workers
    };
    let size = (items.len() / workers).max(1);
    let mut items = items.into_iter();
    let chunks: Vec<Vec<T>> = (0..workers.min(items.len()))
        .map(|_| items.by_ref().take(size).collect())
        .collect();
    std::thread::scope(|s| {
        let handles: Vec<_> = chunks
            .into_iter()
            .map(|chunk| s.spawn(|| chunk.into_iter().map(&f).collect::<Vec<R>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect()
    })
}
