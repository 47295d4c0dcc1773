//! Real work for the lessons, with deterministic results so a lesson can check that the
//! parallel answer equals the sequential one:
//! - CPU-bound: counting primes ([`count_primes`]) and hashing buffers ([`HashBatch`]);
//! - I/O-bound: a simulated network fetch ([`fetch`]) and reading files ([`TempFiles`]).
//!
//! Sizes come from [`Size`] (`--quick` or a full run), and CPU-bound tasks are *calibrated*
//! ([`calibrate`]): a task is made as long as it must be to take a given time on this machine,
//! so a lesson takes about as long on a fast laptop as on a slow VM, in debug or release.

use std::hint::black_box;
use std::ops::Range;
use std::time::Duration;

mod io;

pub use io::{TempFiles, body_of, fetch, read_and_hash, urls};

/// How big a lesson's workloads are: small for `--quick`, larger for a full run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Size {
    /// Small sizes: a lesson finishes in seconds.
    Quick,
    /// Full sizes: steadier figures, still well under a minute per lesson.
    Full,
}

impl Size {
    /// `Quick` when `quick` is true, else `Full`.
    pub fn from_quick(quick: bool) -> Size {
        if quick { Size::Quick } else { Size::Full }
    }

    /// "quick" or "full", for banners.
    pub fn name(self) -> &'static str {
        self.pick("quick", "full")
    }

    /// One of two values, by size.
    pub fn pick<T>(self, quick: T, full: T) -> T {
        match self {
            Size::Quick => quick,
            Size::Full => full,
        }
    }

    /// How many times each measurement is repeated (lessons report the median).
    pub fn repeats(self) -> usize {
        self.pick(3, 5)
    }

    /// How long one CPU-bound task should take on this machine.
    pub fn task_time(self) -> Duration {
        self.pick(Duration::from_millis(2), Duration::from_millis(8))
    }

    /// The simulated network's latency: how long one [`fetch`] waits.
    pub fn latency(self) -> Duration {
        self.pick(Duration::from_millis(5), Duration::from_millis(20))
    }

    /// Tasks in a batch: 16 per core, so 1, 2, the core count and 4× it all divide it evenly.
    pub fn batch_len(self) -> usize {
        16 * num_cpus::get().max(1)
    }

    /// How many files the file workload writes, and how many bytes each.
    pub fn files(self) -> (usize, usize) {
        self.pick((32, 256 << 10), (64, 1 << 20))
    }
}

/// Finds the parameter `n` for which `run(n)` takes about `target` on this machine.
///
/// `n` doubles until a run takes a noticeable time, then is scaled to the target; `run` must
/// take time roughly in proportion to `n`. The time is this thread's CPU time where the OS
/// reports it, so other programs competing for the cores do not skew the result.
pub fn calibrate<R>(target: Duration, mut run: impl FnMut(u64) -> R) -> u64 {
    let mut n = 1u64;
    loop {
        // black_box: a result nobody reads could be optimised away, and then so would the work.
        let (split, _) = crate::measure::split(|| black_box(run(black_box(n))));
        // CPU time where the OS reports it: a busy machine then does not shrink the tasks.
        let took = split.cpu.unwrap_or(split.wall);
        if took >= target / 2 || n >= 1 << 40 {
            let scaled = n as f64 * target.as_secs_f64() / took.as_secs_f64().max(1e-9);
            return (scaled as u64).max(1);
        }
        n *= 2;
    }
}

/// True if `n` is prime (trial division by 2, 3 and the numbers 6k ± 1).
pub fn is_prime(n: u64) -> bool {
    if n < 4 {
        return n >= 2;
    }
    if n % 2 == 0 || n % 3 == 0 {
        return false;
    }
    let mut d = 5u64;
    while d * d <= n {
        if n % d == 0 || n % (d + 2) == 0 {
            return false;
        }
        d += 6;
    }
    true
}

/// How many primes lie in `range`: pure computation, the CPU-bound workload.
pub fn count_primes(range: Range<u64>) -> u64 {
    range.filter(|&n| is_prime(n)).count() as u64
}

/// Where prime-counting batches start: far enough out that ranges of equal width cost about
/// the same (near 0 a range is cheap, further out each candidate needs more divisions).
pub const PRIME_BASE: u64 = 1_000_000_000;

/// `tasks` consecutive ranges of `width` numbers each, starting at [`PRIME_BASE`].
pub fn prime_ranges(tasks: usize, width: u64) -> Vec<Range<u64>> {
    (0..tasks as u64)
        .map(|i| PRIME_BASE + i * width..PRIME_BASE + (i + 1) * width)
        .collect()
}

/// `tasks` prime-counting ranges, each as wide as takes about `task_time` on this machine.
pub fn prime_batch(tasks: usize, task_time: Duration) -> Vec<Range<u64>> {
    let width = calibrate(task_time, |width| {
        count_primes(PRIME_BASE..PRIME_BASE + width)
    });
    prime_ranges(tasks, width)
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// FNV-1a, 64 bits, continuing from `hash` (start from the FNV offset basis).
fn fnv1a_from(mut hash: u64, data: &[u8]) -> u64 {
    for &byte in data {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(FNV_PRIME);
    }
    hash
}

/// The FNV-1a hash of `data` repeated over `rounds` passes: a CPU-bound checksum.
///
/// One round is plain 64-bit FNV-1a; each further round continues from the last hash.
pub fn hash_buffer(data: &[u8], rounds: u32) -> u64 {
    (0..rounds.max(1)).fold(FNV_OFFSET, |hash, _| fnv1a_from(hash, data))
}

/// A deterministic pseudo-random buffer of `len` bytes, different for each `seed`.
pub fn buffer(len: usize, seed: u64) -> Vec<u8> {
    // xorshift64: cheap and deterministic; the `| 1` keeps the state from ever being zero.
    let mut state = seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
    (0..len)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 56) as u8
        })
        .collect()
}

/// A batch of buffers to hash (the article's "1000 images"), each hash taking a set time.
#[derive(Debug, Clone)]
pub struct HashBatch {
    buffers: Vec<Vec<u8>>,
    rounds: u32,
}

impl HashBatch {
    /// `count` buffers of `len` bytes, with rounds calibrated so one hash takes `task_time`.
    pub fn new(count: usize, len: usize, task_time: Duration) -> HashBatch {
        let buffers: Vec<Vec<u8>> = (0..count as u64).map(|i| buffer(len, i)).collect();
        let probe = buffer(len, u64::MAX);
        let rounds = calibrate(task_time, |rounds| {
            hash_buffer(&probe, rounds.min(u64::from(u32::MAX)) as u32)
        });
        HashBatch {
            buffers,
            rounds: rounds.min(u64::from(u32::MAX)) as u32,
        }
    }

    /// How many buffers the batch holds.
    pub fn len(&self) -> usize {
        self.buffers.len()
    }

    /// True if the batch holds no buffers.
    pub fn is_empty(&self) -> bool {
        self.buffers.is_empty()
    }

    /// The bytes in each buffer.
    pub fn buffer_len(&self) -> usize {
        self.buffers.first().map_or(0, Vec::len)
    }

    /// The hash of buffer `index`: one task of the batch.
    pub fn hash(&self, index: usize) -> u64 {
        hash_buffer(&self.buffers[index], self.rounds)
    }

    /// Every hash, one after another on this thread: the sequential baseline.
    pub fn hash_all(&self) -> Vec<u64> {
        (0..self.len()).map(|i| self.hash(i)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn primes_are_counted_right() {
        assert!(!is_prime(0) && !is_prime(1) && is_prime(2) && is_prime(3));
        assert!(!is_prime(25) && !is_prime(49) && is_prime(97));
        assert_eq!(count_primes(0..100), 25);
        assert_eq!(count_primes(0..10_000), 1229);
        assert_eq!(count_primes(0..1_000_000), 78_498);
        assert_eq!(count_primes(1_000_000_000..1_000_000_100), 7);
    }

    #[test]
    fn ranges_split_the_count_without_changing_it() {
        let ranges = prime_ranges(8, 125);
        assert_eq!(ranges.len(), 8);
        assert_eq!(ranges[0].start, PRIME_BASE);
        assert_eq!(ranges[7].end, PRIME_BASE + 1000);
        let split: u64 = ranges.into_iter().map(count_primes).sum();
        assert_eq!(split, count_primes(PRIME_BASE..PRIME_BASE + 1000));
    }

    #[test]
    fn fnv1a_matches_the_reference_values() {
        assert_eq!(hash_buffer(b"", 1), 0xcbf2_9ce4_8422_2325);
        assert_eq!(hash_buffer(b"a", 1), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(hash_buffer(b"foobar", 1), 0x8594_4171_f739_67e8);
        assert_eq!(hash_buffer(b"ab", 2), hash_buffer(b"abab", 1));
    }

    #[test]
    fn buffers_and_batches_are_deterministic() {
        assert_eq!(buffer(64, 7), buffer(64, 7));
        assert_ne!(buffer(64, 7), buffer(64, 8));
        let batch = HashBatch::new(4, 1024, Duration::from_micros(200));
        assert_eq!((batch.len(), batch.buffer_len()), (4, 1024));
        assert_eq!(batch.hash_all(), batch.hash_all());
        assert_eq!(batch.hash(2), batch.hash_all()[2]);
    }

    #[test]
    fn calibration_scales_the_work() {
        let n = calibrate(Duration::from_millis(2), |n| {
            count_primes(PRIME_BASE..PRIME_BASE + n)
        });
        assert!(n >= 1);
        assert_eq!(prime_batch(3, Duration::from_micros(100)).len(), 3);
    }

    #[test]
    fn sizes_pick_their_figures() {
        assert_eq!(Size::from_quick(true), Size::Quick);
        assert_eq!(Size::Full.name(), "full");
        assert!(Size::Quick.task_time() < Size::Full.task_time());
        assert_eq!(Size::Quick.batch_len() % 4, 0);
    }
}
