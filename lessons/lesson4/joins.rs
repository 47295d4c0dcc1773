//! Lesson 4, step 4: close and join, by hand, by a scope and on drop; a forgotten join made
//! visible by counting the threads still alive.

use anyhow::{Result, anyhow};
use parlings::lesson::Lesson;
use parlings::measure::{self, Cell, Grid, fmt_duration};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

/// Threads of this step whose work has not ended yet.
static LIVE: AtomicUsize = AtomicUsize::new(0);
/// Threads started for each way of ending them.
pub(crate) const THREADS: usize = 4;

/// When the work is handed out the caller goes on; someone must still wait for the threads
/// to finish. The article's `pool.close()` and `pool.join()` are Rust's `join()`, a scope, or
/// a `Drop` that joins. Forget them, and threads run on after the work has "ended".
pub fn close_and_join(lesson: &mut Lesson, work_ms: u64) -> Result<()> {
    lesson.step(
        "Close and join: no thread outlives its work",
        "When the work is handed out the caller goes on; someone must still wait for the \
         threads to finish. The article's `pool.close()` and `pool.join()` are Rust's \
         `join()`, a scope, or a `Drop` that joins. Forget them, and threads run on after \
         the work has \"ended\".",
    );
    let work = Duration::from_millis(work_ms);
    let before = os_threads();
    lesson.say(&format!(
        "Each way below starts {THREADS} threads that work for {}. \"live\" counts this step's \
         threads whose work has not ended (a guard in each thread counts down when it ends); \
         \"OS threads\" counts the whole process's threads in /proc/self/task{}.",
        fmt_duration(work),
        before.map_or(" (not available here)".to_string(), |n| format!(
            ": {n} before this step"
        ))
    ));
    let mut grid = Grid::new([
        "how the caller ends",
        "live once\nstarted",
        "live\nafter",
        "OS threads\nafter",
        "the end\ntook",
    ]);
    let ways: [(&str, Way); 4] = [
        ("drops the JoinHandles", forgotten),
        ("join() on every handle", joined),
        ("thread::scope returns", scoped),
        ("drops a Crew (Drop joins)", dropped),
    ];
    let (mut endings, mut lingered) = (Vec::new(), Duration::ZERO);
    for (label, way) in ways {
        let ending = way(work);
        let os = ending.os_after.map_or("—".to_string(), |n| n.to_string());
        grid.row(vec![
            Cell::text(label),
            Cell::num(ending.live_started.to_string()),
            Cell::num(ending.live_after.to_string()),
            Cell::num(os),
            Cell::num(fmt_duration(ending.took)),
        ]);
        endings.push(ending);
        // Forgotten threads end on their own: wait for them, so the next row starts from zero.
        lingered = lingered.max(wait_for_none_live(work + Duration::from_secs(2))?);
    }
    print!("{}", grid.render());
    let forgotten = &endings[0];
    lesson.say(&format!(
        "Dropping the handles took {} and left {} threads working that nobody can wait for \
         any more; they ended on their own {} later. Had `main` returned before, the process would have ended and stopped them \
         mid-work, their results and clean-up lost. The three other ways took about the work's \
         {} and left no thread behind.",
        fmt_duration(forgotten.took),
        forgotten.live_after,
        fmt_duration(lingered),
        fmt_duration(work)
    ));
    let lingering = before
        .zip(endings[2].os_after)
        .map(|(b, a)| a.saturating_sub(b));
    if let Some(lingering @ 1..) = lingering {
        lesson.note(&format!(
            "Right after the scope, the OS still listed {lingering} of its threads: a scope \
             waits until each thread's work has returned, and the OS removes a finished thread \
             a moment later. `join()` waits for that moment too."
        ));
    }
    lesson.note(
        "rayon's global pool keeps its threads, idle, for the whole program by design: they \
         are part of the OS threads counted above. A pool that must go away when its work is \
         done is yours to join: exercise e08.",
    );
    Ok(())
}

/// One way to end the threads: starts them, ends them, measures what is left.
type Way = fn(Duration) -> Ending;

/// What one way of ending the threads left behind.
pub(crate) struct Ending {
    live_started: usize,
    pub(crate) live_after: usize,
    os_after: Option<usize>,
    pub(crate) took: Duration,
}

impl Ending {
    /// Measures the end: `end` runs after the threads were started.
    fn measure(live_started: usize, end: impl FnOnce()) -> Ending {
        let (took, ()) = measure::time(end);
        Ending {
            live_started,
            live_after: LIVE.load(Ordering::SeqCst),
            os_after: os_threads(),
            took,
        }
    }
}

/// Counts a thread as live until its work ends, also if the work panics.
struct Alive;

impl Alive {
    /// Counts one more thread as live; call it before spawning, so the count is never behind.
    fn enter() -> Alive {
        LIVE.fetch_add(1, Ordering::SeqCst);
        Alive
    }
}

impl Drop for Alive {
    fn drop(&mut self) {
        LIVE.fetch_sub(1, Ordering::SeqCst);
    }
}

/// A thread that works for `work`, counted as live while it does.
fn start(work: Duration) -> JoinHandle<()> {
    let alive = Alive::enter();
    thread::spawn(move || {
        let _alive = alive;
        thread::sleep(work);
    })
}

// ANCHOR: forgotten_and_joined
/// The forgotten join: the handles are dropped, the threads detach and run on.
pub(crate) fn forgotten(work: Duration) -> Ending {
    let handles: Vec<_> = (0..THREADS).map(|_| start(work)).collect();
    Ending::measure(LIVE.load(Ordering::SeqCst), || drop(handles))
}

/// Every handle joined by hand.
pub(crate) fn joined(work: Duration) -> Ending {
    let handles: Vec<_> = (0..THREADS).map(|_| start(work)).collect();
    Ending::measure(LIVE.load(Ordering::SeqCst), || {
        for handle in handles {
            // A thread of this step never panics; `join` would return its panic as Err.
            let _ = handle.join();
        }
    })
}
// ANCHOR_END: forgotten_and_joined

/// A scope joins every thread spawned in it before it returns.
fn scoped(work: Duration) -> Ending {
    let mut live_started = 0;
    let mut ending = Ending::measure(0, || {
        thread::scope(|s| {
            for _ in 0..THREADS {
                let alive = Alive::enter();
                s.spawn(move || {
                    let _alive = alive;
                    thread::sleep(work);
                });
            }
            live_started = LIVE.load(Ordering::SeqCst);
        });
    });
    ending.live_started = live_started;
    ending
}

// ANCHOR: crew
/// Threads that are joined when the crew is dropped: none outlives it.
struct Crew {
    handles: Vec<JoinHandle<()>>,
}

impl Drop for Crew {
    fn drop(&mut self) {
        for handle in self.handles.drain(..) {
            let _ = handle.join();
        }
    }
}

/// A crew dropped at the end of its work: its `Drop` joins the threads.
fn dropped(work: Duration) -> Ending {
    let crew = Crew {
        handles: (0..THREADS).map(|_| start(work)).collect(),
    };
    Ending::measure(LIVE.load(Ordering::SeqCst), || drop(crew))
}
// ANCHOR_END: crew

/// Waits until no thread of this step is live (returns how long that took), or fails after
/// `limit`.
pub(crate) fn wait_for_none_live(limit: Duration) -> Result<Duration> {
    let start = Instant::now();
    while LIVE.load(Ordering::SeqCst) > 0 {
        if start.elapsed() > limit {
            return Err(anyhow!(
                "threads of the join demo still run after {limit:?}"
            ));
        }
        thread::sleep(Duration::from_millis(1));
    }
    Ok(start.elapsed())
}

/// The threads of this process, from /proc/self/task (Linux); `None` elsewhere.
fn os_threads() -> Option<usize> {
    Some(std::fs::read_dir("/proc/self/task").ok()?.count())
}
