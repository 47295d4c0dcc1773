//! Lesson 3, steps 3 and 4: many messages to one collector, and back-pressure.

use anyhow::{Result, anyhow, ensure};
use crossbeam::channel;
use parlings::lesson::Lesson;
use parlings::measure::{self, Cell, Grid, fmt_duration};
use parlings::workloads;
use std::hint::black_box;
use std::ops::Range;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::thread;
use std::time::{Duration, Instant};

/// Bytes in each message of the back-pressure demo: a result with some data in it.
const PAYLOAD: usize = 16 << 10;
/// The bounded channels' capacity.
const CAPACITY: usize = 16;

/// Many small messages (results, log lines) go through a channel to one thread that gathers
/// them: the article's one process collecting logs while workers send results back.
pub fn one_collector(lesson: &mut Lesson, items: usize) -> Result<()> {
    lesson.step(
        "High-frequency messages: one collector on a channel",
        "Many small messages (results, log lines) go through a channel to one thread that \
         gathers them: the article's one process collecting logs while workers send results \
         back.",
    );
    lesson.code(
        "Python: q = Queue(16)                 workers: q.put(msg)    collector: q.get()\n\
         Rust:   (tx, rx) = bounded(16)        workers: tx.send(msg)  collector: for msg in rx",
    );
    // Tasks of about 50 µs: a 2 ms calibration (reliable) divided by 40.
    let width = workloads::prime_batch(1, Duration::from_millis(2))[0].end - workloads::PRIME_BASE;
    let ranges = workloads::prime_ranges(items, (width / 40).max(1));
    let workers = measure::cores().max(2);
    let (took, gathered) = measure::time(|| collect_on_a_channel(&ranges, workers));
    let gathered = gathered?;
    let expected: Vec<u64> = ranges
        .iter()
        .cloned()
        .map(workloads::count_primes)
        .collect();
    ensure!(
        gathered.results == expected,
        "the collector's results are wrong"
    );
    let messages = gathered.results.len() + gathered.log.len();
    lesson.say(&format!(
        "{workers} workers sent {messages} messages ({} results, {} log lines) to one \
         collector thread in {}: {} messages a second. The channel never held more \
         than {} messages (capacity {CAPACITY}). The collector's log begins:",
        gathered.results.len(),
        gathered.log.len(),
        fmt_duration(took),
        per_second(messages, took),
        gathered.peak
    ));
    lesson.code(&gathered.log[..4.min(gathered.log.len())].join("\n"));
    lesson.say(
        "Only the collector writes the log, so its lines never interleave and need no lock; \
         the workers only send. The results equal a sequential count.",
    );
    Ok(())
}

/// A rate in words: "850", "12 thousand", "1.2 million".
fn per_second(count: usize, took: Duration) -> String {
    match count as f64 / took.as_secs_f64().max(1e-9) {
        r if r >= 1e6 => format!("{:.1} million", r / 1e6),
        r if r >= 1e4 => format!("{:.0} thousand", r / 1e3),
        r => format!("{r:.0}"),
    }
}

/// What the collector gathered, and the most messages the channel ever held.
pub(crate) struct Gathered {
    pub(crate) results: Vec<u64>,
    pub(crate) log: Vec<String>,
    peak: usize,
}

// ANCHOR: collect_on_a_channel
/// Workers count the primes in each range and send a result and a log line per range to one
/// collector thread over a bounded channel.
pub(crate) fn collect_on_a_channel(ranges: &[Range<u64>], workers: usize) -> Result<Gathered> {
    enum Message {
        Result { item: usize, primes: u64 },
        Log(String),
    }
    let (tx, rx) = channel::bounded(CAPACITY);
    let (next, peak) = (AtomicUsize::new(0), AtomicUsize::new(0));
    thread::scope(|s| {
        let collector = s.spawn(move || {
            let (mut results, mut log) = (vec![0; ranges.len()], Vec::new());
            for message in rx {
                match message {
                    Message::Result { item, primes } => results[item] = primes,
                    Message::Log(line) => log.push(line),
                }
            }
            (results, log)
        });
        for worker in 1..=workers {
            let (tx, next, peak) = (tx.clone(), &next, &peak);
            s.spawn(move || {
                loop {
                    let item = next.fetch_add(1, Ordering::Relaxed);
                    let Some(range) = ranges.get(item) else { break };
                    let primes = workloads::count_primes(range.clone());
                    let line = format!("worker {worker}: item {item} done, primes found: {primes}");
                    let sent = tx.send(Message::Log(line)).is_ok()
                        && tx.send(Message::Result { item, primes }).is_ok();
                    peak.fetch_max(tx.len(), Ordering::Relaxed);
                    if !sent {
                        break; // the collector is gone: stop working for nobody
                    }
                }
            });
        }
        // The collector's loop ends when every sender is dropped: the workers' and this one.
        drop(tx);
        let (results, log) = collector
            .join()
            .map_err(|_| anyhow!("the collector panicked"))?;
        let peak = peak.load(Ordering::Relaxed);
        Ok(Gathered { results, log, peak })
    })
}
// ANCHOR_END: collect_on_a_channel

/// When the consumer is slower than the producers, an unbounded channel stores the
/// difference: memory grows with the input. A bounded one makes the producers wait when it
/// is full (back-pressure), so memory stays flat.
pub fn back_pressure(lesson: &mut Lesson, messages: usize) -> Result<()> {
    lesson.step(
        "Back-pressure: a bounded channel and a slow consumer",
        "When the consumer is slower than the producers, an unbounded channel stores the \
         difference: memory grows with the input. A bounded one makes the producers wait when \
         it is full (back-pressure), so memory stays flat.",
    );
    let producers = measure::cores().max(2);
    let delay = Duration::from_micros(200);
    lesson.say(&format!(
        "{producers} producers send {messages} messages of {} KiB each; one consumer takes \
         {} over each (a slow disk, say):",
        PAYLOAD >> 10,
        fmt_duration(delay)
    ));
    let mut grid = Grid::new([
        "channel",
        "peak\nqueue",
        "its\nmemory",
        "producers\ndone",
        "consumer\ndone",
        "blocked\nin send",
    ]);
    let mut floods = Vec::new();
    for (label, capacity) in [("unbounded()", None), ("bounded(16)", Some(CAPACITY))] {
        let run = flood(capacity, producers, messages, delay)?;
        let mib = (run.peak * PAYLOAD) as f64 / f64::from(1 << 20);
        grid.row(vec![
            Cell::text(label),
            Cell::num(run.peak.to_string()),
            Cell::num(format!("{mib:.2} MiB")),
            Cell::num(fmt_duration(run.producers_done)),
            Cell::num(fmt_duration(run.consumer_done)),
            Cell::num(fmt_duration(run.blocked)),
        ]);
        floods.push(run);
    }
    print!("{}", grid.render());
    lesson.note(
        "\"peak queue\" is the most messages waiting at once: `tx.len()` read after every \
         send. Times are from the start; \"blocked in send\" sums all producers' time inside \
         `send`.",
    );
    let (free, bounded) = (&floods[0], &floods[1]);
    lesson.say(&format!(
        "Unbounded, the producers were done after {} and left up to {} messages waiting: with \
         a longer input, more memory. Bounded, never more than {} waited; the producers were \
         held back in `send` and kept the consumer's pace, and the whole job took about as \
         long ({} against {}): the slowest stage sets the pace either way. Python's \
         `Queue(maxsize=16)` blocks `put` the same way.",
        fmt_duration(free.producers_done),
        free.peak,
        bounded.peak,
        fmt_duration(bounded.consumer_done),
        fmt_duration(free.consumer_done)
    ));
    Ok(())
}

/// What one run of [`flood`] measured.
struct Flood {
    peak: usize,
    producers_done: Duration,
    consumer_done: Duration,
    blocked: Duration,
}

// ANCHOR: flood
/// `producers` threads send `messages` payloads through a channel (unbounded without a
/// capacity) to one consumer that takes `delay` over each.
fn flood(
    capacity: Option<usize>,
    producers: usize,
    messages: usize,
    delay: Duration,
) -> Result<Flood> {
    let (tx, rx) = capacity.map_or_else(channel::unbounded, channel::bounded);
    let (peak, blocked) = (AtomicUsize::new(0), AtomicU64::new(0));
    let start = Instant::now();
    thread::scope(|s| {
        let consumer = s.spawn(move || {
            for payload in rx {
                thread::sleep(delay);
                black_box(payload);
            }
            start.elapsed()
        });
        let senders: Vec<_> = (0..producers)
            .map(|p| {
                let (tx, peak, blocked) = (tx.clone(), &peak, &blocked);
                s.spawn(move || {
                    for i in (p..messages).step_by(producers) {
                        let payload = vec![i as u8; PAYLOAD];
                        let (waited, sent) = measure::time(|| tx.send(payload));
                        blocked.fetch_add(waited.as_nanos() as u64, Ordering::Relaxed);
                        peak.fetch_max(tx.len(), Ordering::Relaxed);
                        if sent.is_err() {
                            break;
                        }
                    }
                    start.elapsed()
                })
            })
            .collect();
        drop(tx);
        let panicked = || anyhow!("a thread of the back-pressure demo panicked");
        let mut producers_done = Duration::ZERO;
        for sender in senders {
            producers_done = producers_done.max(sender.join().map_err(|_| panicked())?);
        }
        Ok(Flood {
            peak: peak.load(Ordering::Relaxed),
            producers_done,
            consumer_done: consumer.join().map_err(|_| panicked())?,
            blocked: Duration::from_nanos(blocked.load(Ordering::Relaxed)),
        })
    })
}
// ANCHOR_END: flood
