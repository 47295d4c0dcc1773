//! Timing and coloured tables: every figure a lesson prints is measured here, in this run.
//!
//! - [`median`] times a closure over repeats; [`split`] tells time on the CPU from time waiting;
//! - [`Table`] compares timings with a sequential baseline (speed-up and efficiency);
//! - [`Grid`] draws any table of text cells;
//! - [`single_core`] and [`single_core_note`] keep a one-core machine from showing noise as
//!   a speed-up.

use std::time::{Duration, Instant};

mod grid;
mod table;

pub use grid::{Cell, Grid};
pub use table::{Row, Table, efficiency_color, speedup_color};

/// Logical cores this program may use (CPU affinity and container limits included).
pub fn cores() -> usize {
    num_cpus::get().max(1)
}

/// Physical cores of the machine (hyper-threads share one).
pub fn physical_cores() -> usize {
    num_cpus::get_physical().max(1)
}

/// The cores in words, e.g. "2 cores usable (2 physical)" or "1 core usable (4 physical)".
pub fn cores_label() -> String {
    let n = cores();
    let s = if n == 1 { "" } else { "s" };
    format!("{n} core{s} usable ({} physical)", physical_cores())
}

/// True when this program can use only one core.
pub fn single_core() -> bool {
    cores() == 1
}

/// Why CPU-bound work cannot speed up on one core: printed instead of a table of speed-ups.
pub fn single_core_note() -> String {
    "This program can use only 1 core (num_cpus::get() = 1: a one-CPU machine, a container's \
     CPU limit or `taskset` decides this). CPU-bound threads can then only take turns on that \
     core, so any speed-up here would be noise, not parallelism: the times are listed without \
     speed-ups. Waiting (I/O-bound) work still gains from threads, even on one core."
        .to_string()
}

/// The machine's load average over the last minute (runnable threads), where the OS reports it.
pub fn load_average() -> Option<f64> {
    let text = std::fs::read_to_string("/proc/loadavg").ok()?;
    text.split_whitespace().next()?.parse().ok()
}

/// A warning when the machine is busy, since speed-ups then read low.
pub fn busy_note() -> Option<String> {
    let load = load_average()?;
    // The load average counts the whole machine, whatever share of it this program may use.
    let machine = cores().max(physical_cores()) as f64;
    (load > 0.75 * machine).then(|| {
        format!(
            "This machine is busy (load average {load:.1} over the last minute; a lesson run \
             just before counts too): busy cores make the speed-ups below read lower than on \
             an idle machine."
        )
    })
}

/// Runs `f` once; returns its wall time and its result.
pub fn time<R>(f: impl FnOnce() -> R) -> (Duration, R) {
    let start = Instant::now();
    let result = f();
    (start.elapsed(), result)
}

/// Runs `f` `repeats` times (at least once); returns the median wall time and the last result.
pub fn median<R>(repeats: usize, mut f: impl FnMut() -> R) -> (Duration, R) {
    let (first, mut result) = time(&mut f);
    let mut times = vec![first];
    for _ in 1..repeats {
        let (took, r) = time(&mut f);
        times.push(took);
        result = r;
    }
    times.sort();
    (times[times.len() / 2], result)
}

/// The calling thread's scheduler clocks so far: time run on a CPU, and time spent ready to
/// run but queued for a busy core. Where the OS reports them (Linux, ns precision).
pub fn thread_clocks() -> Option<(Duration, Duration)> {
    // schedstat's first two fields: time on a CPU, time waiting in a run queue (ns). The
    // kernel brings them up to date when the thread is scheduled, so yield first: otherwise
    // they can lag by a few milliseconds.
    std::thread::yield_now();
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let mut fields = text.split_whitespace().map(|f| f.parse::<u64>().ok());
    let (on_cpu, queued) = (fields.next()??, fields.next()??);
    (on_cpu > 0).then(|| (Duration::from_nanos(on_cpu), Duration::from_nanos(queued)))
}

/// CPU time the calling thread has used so far, where the OS reports it.
pub fn thread_cpu_time() -> Option<Duration> {
    thread_clocks().map(|(on_cpu, _)| on_cpu)
}

/// Where one run's wall time went, for the thread that ran it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Split {
    /// Time by the clock on the wall, start to end.
    pub wall: Duration,
    /// Time the thread ran on a CPU; `None` where the OS does not report it.
    pub cpu: Option<Duration>,
    /// Time the thread was ready to run but queued for a core other programs held.
    pub queued: Option<Duration>,
}

impl Split {
    /// Time neither computing nor queued for a core: asleep, or blocked on I/O.
    pub fn waiting(&self) -> Option<Duration> {
        let busy = self.cpu? + self.queued.unwrap_or_default();
        Some(self.wall.saturating_sub(busy))
    }

    /// The share of the time spent computing, 0.0 to 1.0, leaving out time queued for a core
    /// (that says more about other programs than about this work).
    pub fn cpu_share(&self) -> Option<f64> {
        let wall = self.wall.saturating_sub(self.queued.unwrap_or_default());
        let cpu = self.cpu?.as_secs_f64();
        Some((cpu / wall.as_secs_f64().max(1e-9)).min(1.0))
    }
}

/// Runs `f` once on this thread; returns where its wall time went, and its result.
pub fn split<R>(f: impl FnOnce() -> R) -> (Split, R) {
    // The wall clock spans the clock reads too: reading them may itself wait for a core, and
    // that wait must land inside the wall time it is part of.
    let start = Instant::now();
    let before = thread_clocks();
    let result = f();
    let after = thread_clocks();
    let wall = start.elapsed();
    let delta = |pick: fn((Duration, Duration)) -> Duration| {
        let (after, before) = (after?, before?);
        Some(pick(after).saturating_sub(pick(before)).min(wall))
    };
    let (cpu, queued) = (delta(|c| c.0), delta(|c| c.1));
    (Split { wall, cpu, queued }, result)
}

/// How many times faster `time` is than `baseline` (2.0: twice as fast).
pub fn speedup(baseline: Duration, time: Duration) -> f64 {
    baseline.as_secs_f64() / time.as_secs_f64().max(1e-9)
}

/// The speed-up per thread: 1.0 when every thread did a full share of useful work.
pub fn efficiency(speedup: f64, threads: usize) -> f64 {
    speedup / threads.max(1) as f64
}

/// A duration for people: "850 µs", "12.3 ms", "1.25 s".
pub fn fmt_duration(d: Duration) -> String {
    let secs = d.as_secs_f64();
    match secs {
        s if s < 1e-3 => format!("{:.0} µs", s * 1e6),
        s if s < 0.1 => format!("{:.1} ms", s * 1e3),
        s if s < 1.0 => format!("{:.0} ms", s * 1e3),
        s => format!("{s:.2} s"),
    }
}

/// The distinct, non-zero counts among `counts`, smallest first.
pub fn distinct_counts(counts: impl IntoIterator<Item = usize>) -> Vec<usize> {
    let mut counts: Vec<usize> = counts.into_iter().filter(|&n| n > 0).collect();
    counts.sort_unstable();
    counts.dedup();
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_takes_the_middle_run() {
        let mut delays = [100u64, 5, 50].into_iter();
        let (took, last) = median(3, || {
            let ms = delays.next().unwrap_or(0);
            std::thread::sleep(Duration::from_millis(ms));
            ms
        });
        assert!(took >= Duration::from_millis(50) && took < Duration::from_millis(100));
        assert_eq!(last, 50);
    }

    #[test]
    fn speedup_and_efficiency() {
        let s = speedup(Duration::from_millis(100), Duration::from_millis(25));
        assert!((s - 4.0).abs() < 1e-9);
        assert!((efficiency(s, 8) - 0.5).abs() < 1e-9);
    }

    #[test]
    fn sleeping_is_waiting_not_cpu() {
        let (split, ()) = split(|| std::thread::sleep(Duration::from_millis(20)));
        assert!(split.wall >= Duration::from_millis(20));
        if let Some(share) = split.cpu_share() {
            assert!(share < 0.5, "a sleep used {share} of its time on the CPU");
        }
    }

    #[test]
    fn helpers_format() {
        assert_eq!(fmt_duration(Duration::from_micros(850)), "850 µs");
        assert_eq!(fmt_duration(Duration::from_millis(12)), "12.0 ms");
        assert_eq!(fmt_duration(Duration::from_millis(1250)), "1.25 s");
        assert_eq!(distinct_counts([2, 1, 0, 2, 8]), vec![1, 2, 8]);
    }
}
