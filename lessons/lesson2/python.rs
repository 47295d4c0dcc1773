//! Lesson 2 beside its Python companion (`--compare-python`).

use crate::{WRONG, pool};
use anyhow::{Result, ensure};
use parlings::compare::{Comparison, Figure};
use parlings::measure::{self, fmt_duration};
use parlings::workloads::{self, Size};
use rayon::prelude::*;
use std::sync::{Arc, mpsc};
use std::thread;
use std::time::Duration;

/// How long the comparison's "in time" batch may take: far longer than it ever does.
const PATIENCE: Duration = Duration::from_secs(60);

/// With `--compare-python`: a batch small enough for Python, timed here the lesson's way;
/// `lessons/python/lesson2.py` then runs the same buffers through `multiprocessing.Pool`.
pub fn beside_python(size: Size) -> Result<Comparison> {
    let cores = measure::cores();
    let (tasks, bytes, rounds) = ((8 * cores).clamp(16, 64), 16 << 10, size.pick(24, 48));
    let timeout = Duration::from_millis(size.pick(300, 600));
    let stuck = 3 * timeout;
    let title = format!("Hashing {tasks} buffers of 16 KiB, {rounds} rounds");
    let mut c = Comparison::new("lesson2", title);
    c.arg("tasks", tasks)
        .arg("bytes", bytes)
        .arg("rounds", rounds);
    c.arg("workers", cores)
        .arg("timeout-ms", timeout.as_millis());
    c.arg("stuck-ms", stuck.as_millis());
    let buffers: Vec<Vec<u8>> = (0..tasks as u64)
        .map(|i| workloads::buffer(bytes, i))
        .collect();
    let buffers = Arc::new(buffers);
    let hash = |data: &Vec<u8>| workloads::hash_buffer(data, rounds);
    let (what, repeats) = (format!("hash {tasks} buffers"), 3 * size.repeats());
    let (took, expected) = measure::median(repeats, || buffers.iter().map(hash).collect());
    c.rust(
        Figure::new("loop", &what, "a for loop")
            .took(took)
            .against("loop"),
    );
    let mut sizes = vec![
        ("pool-cores", cores, "num_cpus"),
        ("pool-double", 2 * cores, "2 × num_cpus"),
    ];
    if cores > 1 {
        sizes.insert(1, ("pool-fewer", cores - 1, "num_cpus − 1"));
    }
    for (key, threads, name) in sizes {
        let pool = pool(threads)?;
        let par = || pool.install(|| buffers.par_iter().map(hash).collect::<Vec<u64>>());
        let (took, hashes) = measure::median(repeats, par);
        ensure!(hashes == expected, WRONG);
        let how = format!("rayon pool of {name} = {threads}: par_iter");
        c.rust(Figure::new(key, &what, how).took(took).against("loop"));
    }
    let pool = pool(cores)?;
    let wait = || spawn_hashes(&pool, &buffers, rounds, None).recv_timeout(PATIENCE);
    let (took, hashes) = measure::median(repeats, wait);
    ensure!(hashes.ok().as_ref() == Some(&expected), WRONG);
    let how = format!(
        "pool.spawn(..), then recv_timeout({} s)",
        PATIENCE.as_secs()
    );
    c.rust(
        Figure::new("map-async", &what, how)
            .took(took)
            .against("loop"),
    );
    let results = spawn_hashes(&pool, &buffers, rounds, Some(stuck));
    let (gave_up, outcome) = measure::time(|| results.recv_timeout(timeout));
    ensure!(outcome.is_err(), "the stuck batch beat its timeout");
    let (ran_on, _) = measure::time(|| results.recv());
    let stuck_what = format!(
        "one task stuck {} ms, timeout {} ms",
        stuck.as_millis(),
        timeout.as_millis()
    );
    let how = "pool.spawn(..), then recv_timeout: Err(Timeout)";
    let ran_on = format!("ran on {}", fmt_duration(ran_on));
    c.rust(
        Figure::new("stuck", &stuck_what, how)
            .took(gave_up)
            .value(ran_on),
    );
    let start_and_join = || thread::scope(|s| (0..cores).for_each(|i| _ = s.spawn(move || i)));
    let (took, ()) = measure::median(repeats, start_and_join);
    let how = format!("thread::scope: start {cores} threads, join them");
    c.rust(
        Figure::new(
            "pool-start",
            &format!("start and end a pool of {cores}"),
            how,
        )
        .took(took),
    );
    let refused = "thread::spawn(|| uses a local): does not compile, E0373 (step 4)";
    c.rust(Figure::new(
        "lambda",
        "a task that is not top-level",
        refused,
    ));
    let sum = expected.iter().fold(0u64, |sum, h| sum.wrapping_add(*h));
    c.digest(format!("hashes sum to {sum:#018x}"));
    c.note(format!(
        "Rust: the median of {repeats} runs; Python: one run. Both pools were started before \
         their clock started; \"start and end a pool\" times that start and end alone."
    ));
    Ok(c)
}

/// Hands every buffer's hash to the pool and returns at once; with `stuck`, the first task
/// first sleeps that long. The hashes arrive on the channel.
fn spawn_hashes(
    pool: &rayon::ThreadPool,
    buffers: &Arc<Vec<Vec<u8>>>,
    rounds: u32,
    stuck: Option<Duration>,
) -> mpsc::Receiver<Vec<u64>> {
    let (sender, results) = mpsc::channel();
    let buffers = Arc::clone(buffers);
    pool.spawn(move || {
        let hashes = (0..buffers.len())
            .into_par_iter()
            .map(|i| {
                if let (0, Some(stuck)) = (i, stuck) {
                    thread::sleep(stuck);
                }
                workloads::hash_buffer(&buffers[i], rounds)
            })
            .collect();
        let _ = sender.send(hashes);
    });
    results
}
