//! The course's one list of lessons and exercises.
//!
//! The runner, the tests, the README's table and the book all read this file; add a lesson or
//! an exercise here and everything else picks it up.

use std::fmt::Write as _;

/// One lesson: a runnable program that teaches one step of the article.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lesson {
    /// Its number, 1-based.
    pub number: u8,
    /// The binary's name: `cargo run --bin lesson3`.
    pub bin: &'static str,
    /// Its title.
    pub title: &'static str,
    /// Its source file, from the project root.
    pub file: &'static str,
    /// The article's step(s) it teaches, e.g. "3" or "2 and 4".
    pub article_step: &'static str,
    /// The ids of the exercises that practise it.
    pub exercises: &'static [&'static str],
}

/// One exercise: a file the learner edits and a test target that checks it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Exercise {
    /// Its short id, e.g. "e05".
    pub id: &'static str,
    /// Its name without the id, e.g. "pipeline".
    pub name: &'static str,
    /// Its file stem and test target, e.g. "e05_pipeline".
    pub stem: &'static str,
    /// Its title, one line.
    pub title: &'static str,
    /// The lesson it belongs to.
    pub lesson: u8,
    /// The article's step it practises.
    pub article_step: &'static str,
    /// Hints in levels: the idea, then the tool, then the shape of a solution (never the code).
    pub hints: [&'static str; 3],
}

impl Exercise {
    /// The file the learner edits, from the project root.
    pub fn file(&self) -> String {
        format!("exercises/{}.rs", self.stem)
    }

    /// The reference solution, from the project root.
    pub fn solution_file(&self) -> String {
        format!("solutions/{}.rs", self.stem)
    }

    /// The cargo test target that checks it.
    pub fn test_target(&self) -> &'static str {
        self.stem
    }

    /// The exercise's number, e.g. 5 for "e05".
    pub fn number(&self) -> u8 {
        self.id[1..]
            .parse()
            .expect("catalog ids are e followed by digits")
    }
}

/// Every lesson, in course order.
pub const LESSONS: &[Lesson] = &[
    Lesson {
        number: 1,
        bin: "lesson1",
        title: "Know your bottleneck: CPU-bound or I/O-bound",
        file: "lessons/lesson1.rs",
        article_step: "1",
        exercises: &["e01"],
    },
    Lesson {
        number: 2,
        bin: "lesson2",
        title: "Start with a pool",
        file: "lessons/lesson2.rs",
        article_step: "2",
        exercises: &["e02"],
    },
    Lesson {
        number: 3,
        bin: "lesson3",
        title: "Share state safely: read-only data, shared maps, channels",
        file: "lessons/lesson3.rs",
        article_step: "3",
        exercises: &["e03", "e04", "e05"],
    },
    Lesson {
        number: 4,
        bin: "lesson4",
        title: "Failures: errors, panics, deadlines, close and join",
        file: "lessons/lesson4.rs",
        article_step: "4",
        exercises: &["e06", "e07", "e08"],
    },
    Lesson {
        number: 5,
        bin: "lesson5",
        title: "When you still want processes: isolation and kill",
        file: "lessons/lesson5.rs",
        article_step: "2 and 4, beyond threads",
        exercises: &["e09"],
    },
    Lesson {
        number: 6,
        bin: "lesson6",
        title: "Capstone: a real parallel script end to end",
        file: "lessons/lesson6.rs",
        article_step: "all",
        exercises: &[],
    },
];

/// Every exercise, in course order.
pub const EXERCISES: &[Exercise] = &[
    Exercise {
        id: "e01",
        name: "io_bound",
        stem: "e01_io_bound",
        title: "I/O-bound work wants more threads than cores",
        lesson: 1,
        article_step: "1",
        hints: [
            "A fetch spends its time waiting, not computing, so more fetches can wait at once \
             than you have cores. Run exactly `limit` of them at a time (fewer only when there \
             are fewer URLs), never more, and put each body at its URL's position.",
            "Spawn min(limit, urls.len()) threads with `std::thread::scope` (they may borrow \
             `urls` and `fetch`) and let them take the next index from a shared `AtomicUsize`; \
             or build a rayon pool with `ThreadPoolBuilder::new().num_threads(limit)`.",
            "Each worker loops: take the next index, stop when it is past the end, fetch that \
             URL, keep the body with its index. At the end, put the bodies in index order \
             (store them in slots, or sort `(index, body)` pairs).",
        ],
    },
    Exercise {
        id: "e02",
        name: "pool_map",
        stem: "e02_pool_map",
        title: "A pool sized to the machine",
        lesson: 2,
        article_step: "2",
        hints: [
            "A pool is a fixed set of `workers` threads that take items until none are left; \
             each result goes back to its item's position. `workers == 0` means one worker per \
             core, and `default_workers` asks the machine how many cores it has.",
            "`num_cpus::get()` counts the cores. A rayon `ThreadPoolBuilder::new()\
             .num_threads(n).build()` with `pool.install(...)` runs a parallel iterator on \
             exactly n threads; `std::thread::scope` with a shared queue works too.",
            "Resolve the worker count first (0 becomes the core count), build a pool of that \
             many threads, map every item through `f` inside it, and collect in input order: \
             rayon's `into_par_iter().map(..).collect()` keeps the order for you.",
        ],
    },
    Exercise {
        id: "e03",
        name: "read_only",
        stem: "e03_read_only",
        title: "Share a preloaded model, don't copy it",
        lesson: 3,
        article_step: "3",
        hints: [
            "Every worker only reads the model, so they can all use the one copy you were \
             given. Cloning a `Model` copies all its weights (and the model counts copies); \
             cloning an `Arc<Model>` only copies a pointer.",
            "`Arc::clone(&model)` gives each thread its own handle to the same model; or borrow \
             `&*model` from threads in `std::thread::scope`. Run exactly `workers` scoring \
             threads (0 means `num_cpus::get()`).",
            "Resolve the worker count, let each worker take the next document index from a \
             shared counter (or a channel), score it with the shared model, and store the \
             score at that index so the scores come back in document order.",
        ],
    },
    Exercise {
        id: "e04",
        name: "word_count",
        stem: "e04_word_count",
        title: "Shared results without a shared bottleneck",
        lesson: 3,
        article_step: "3",
        hints: [
            "Loading is the slow part and must overlap: `workers` loads in flight at once. \
             Counting into one locked map while holding the lock serialises everything; give \
             each worker its own map and merge them at the end.",
            "`std::thread::scope` with a shared `AtomicUsize` for the next document, each \
             worker filling a local `HashMap<String, usize>`; or rayon's `fold` + `reduce` on \
             a pool of `workers` threads. Split words with `str::split_whitespace`.",
            "Each worker: take the next index, load that document, and for each word from \
             `split_whitespace` do `*map.entry(word.to_string()).or_insert(0) += 1`. When all \
             workers are done, add every local map into one result map.",
        ],
    },
    Exercise {
        id: "e05",
        name: "pipeline",
        stem: "e05_pipeline",
        title: "Channels for high-frequency messages, with back-pressure",
        lesson: 3,
        article_step: "3",
        hints: [
            "Three stages joined by two bounded channels: a producer thread fills the first, \
             `workers` threads turn items into results, and the calling thread hands each \
             result to `sink`. A full channel makes the stage before it wait: back-pressure.",
            "`crossbeam::channel::bounded(capacity)` for both channels and \
             `std::thread::scope` for the threads. A loop over a receiver ends when every \
             sender is dropped. `std::panic::catch_unwind` and `resume_unwind` carry a panic.",
            "Spawn the producer (it moves `source` in and sends each item), spawn the workers \
             (receive, `work`, send the result), drop your own copies of the senders, then \
             loop over the results on the calling thread calling `sink` and counting. If a \
             worker panicked, make sure everyone stops and re-raise its panic after joining.",
        ],
    },
    Exercise {
        id: "e06",
        name: "catch_errors",
        stem: "e06_catch_errors",
        title: "One failure must not sink the batch",
        lesson: 4,
        article_step: "4",
        hints: [
            "Every item gets a result, in input order: `Ok` for a success, `Failed(e)` for an \
             `Err(e)`, and `Panicked(message)` when `f` panics: the panic is caught on the \
             worker, not allowed to tear down the batch.",
            "`std::panic::catch_unwind(AssertUnwindSafe(|| f(item)))` turns a panic into an \
             `Err(payload)`; `payload.downcast_ref::<&str>()` and `downcast_ref::<String>()` \
             read its message. Run it on a pool of `workers` threads, as in e02.",
            "Map each item through a function that calls `f` under `catch_unwind`: \
             `Ok(Ok(r))` → `Ok(r)`, `Ok(Err(e))` → `Err(Failed(e))`, `Err(payload)` → \
             `Err(Panicked(text or \"unknown panic\"))`. Collect in input order.",
        ],
    },
    Exercise {
        id: "e07",
        name: "deadline",
        stem: "e07_deadline",
        title: "A deadline instead of a hang",
        lesson: 4,
        article_step: "4",
        hints: [
            "A thread cannot be killed, only asked to stop. At the deadline, cancel the token \
             every running task holds, start no new task, and wait only for the tasks already \
             running; a task that finished after the deadline counts as `None`.",
            "One `parlings::Cancel` shared by all tasks (its clones share the flag). \
             `Instant::now() + deadline` on entry; a watcher that sleeps until then (e.g. a \
             `Condvar::wait_timeout` or `recv_timeout`) and calls `cancel()`.",
            "Workers take the next item only while `!cancel.is_cancelled()`, run `f(item, \
             &cancel)`, and keep the result only if it came back before the deadline. A \
             watcher thread cancels at the deadline, or returns early when all work is done.",
        ],
    },
    Exercise {
        id: "e08",
        name: "worker_pool",
        stem: "e08_worker_pool",
        title: "Close and join, by hand and on drop",
        lesson: 4,
        article_step: "4",
        hints: [
            "A pool owns exactly `workers` threads that take jobs from a queue until the queue \
             is closed and empty. `close` stops new jobs; `join` (and dropping the pool) waits \
             until every queued job ran and every thread exited.",
            "A job queue of `Box<dyn FnOnce() + Send>` (a channel whose sender you drop to \
             close, or a `Mutex<VecDeque>` + `Condvar`), `JoinHandle`s kept for `join`, and a \
             one-shot channel per job to carry its result; `catch_unwind` keeps a worker alive.",
            "`submit` wraps the job so it sends `catch_unwind(job)` into the job's own channel \
             and returns a handle holding the receiver; `wait` receives it. `close` drops (or \
             flags) the sender; `join` closes, then joins every worker; `Drop` does the same.",
        ],
    },
    Exercise {
        id: "e09",
        name: "process_pool",
        stem: "e09_process_pool",
        title: "Processes, for isolation and for killing what hangs",
        lesson: 5,
        article_step: "2 and 4",
        hints: [
            "Run each command as a child process, at most `workers` alive at once. A child can \
             be killed, unlike a thread: one still running `timeout` after its own start is \
             killed and reaped. Read its output while it runs, or a full pipe blocks it.",
            "`std::process::Command` with `stdin(Stdio::null())`, `stdout(Stdio::piped())`; a \
             thread that reads the pipe to the end; `child.try_wait()` in a loop to watch the \
             clock; `child.kill()` then `child.wait()` to reap; \
             `std::os::unix::process::ExitStatusExt::signal()` for a crash.",
            "`workers` threads take the next command index: spawn it (an error or empty argv is \
             `FailedToStart`), start a reader thread on its stdout, poll `try_wait` until it \
             exits or its own timeout passes (then kill and wait), join the reader, and store \
             the outcome at the command's index.",
        ],
    },
];

/// Finds an exercise by any of its names: "e05", "5", "05", "e05_pipeline" or "pipeline".
pub fn find_exercise(query: &str) -> Option<&'static Exercise> {
    let query = query.trim().to_ascii_lowercase();
    let query = query.strip_suffix(".rs").unwrap_or(&query);
    let query = query.rsplit('/').next().unwrap_or(query);
    let number = query.strip_prefix('e').unwrap_or(query).parse::<u8>().ok();
    EXERCISES
        .iter()
        .find(|e| e.id == query || e.stem == query || e.name == query || number == Some(e.number()))
}

/// Finds a lesson by "3", "lesson3" or "lesson 3".
pub fn find_lesson(query: &str) -> Option<&'static Lesson> {
    let query = query.trim().to_ascii_lowercase();
    let digits = query.strip_prefix("lesson").unwrap_or(&query).trim();
    let number = digits.parse::<u8>().ok()?;
    LESSONS.iter().find(|l| l.number == number)
}

/// The exercises that practise a lesson.
pub fn exercises_of(lesson: &Lesson) -> impl Iterator<Item = &'static Exercise> + '_ {
    lesson.exercises.iter().filter_map(|id| find_exercise(id))
}

/// The valid exercise ids, comma-separated, for error messages.
pub fn exercise_ids() -> String {
    EXERCISES
        .iter()
        .map(|e| e.id)
        .collect::<Vec<_>>()
        .join(", ")
}

/// The valid lesson numbers, comma-separated, for error messages.
pub fn lesson_numbers() -> String {
    LESSONS
        .iter()
        .map(|l| l.number.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The lessons and their exercises as a Markdown table (the README and the book embed it).
pub fn markdown_table() -> String {
    let mut out =
        String::from("| lesson | run it | article step | exercises |\n|---|---|---|---|\n");
    for lesson in LESSONS {
        let exercises: Vec<String> = exercises_of(lesson)
            .map(|e| format!("`{}` {}", e.stem, e.title))
            .collect();
        let exercises = if exercises.is_empty() {
            "—".to_string()
        } else {
            exercises.join("<br>")
        };
        let _ = writeln!(
            out,
            "| {}. {} | `cargo run --bin {}` | {} | {} |",
            lesson.number, lesson.title, lesson.bin, lesson.article_step, exercises
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_of_an_exercise_finds_it() {
        for e in EXERCISES {
            let n = e.number();
            for query in [
                e.id,
                e.stem,
                e.name,
                &n.to_string(),
                &format!("{n:02}"),
                &e.file(),
            ] {
                assert_eq!(
                    find_exercise(query).map(|x| x.id),
                    Some(e.id),
                    "query {query:?}"
                );
            }
            assert_eq!(
                find_exercise(&e.id.to_uppercase()).map(|x| x.id),
                Some(e.id)
            );
        }
    }

    #[test]
    fn unknown_ids_find_nothing() {
        for query in ["", "e99", "99", "nope", "e", "lesson1", "-1"] {
            assert!(find_exercise(query).is_none(), "query {query:?}");
        }
    }

    #[test]
    fn lessons_are_found_by_number_or_bin() {
        assert_eq!(find_lesson("1").map(|l| l.bin), Some("lesson1"));
        assert_eq!(find_lesson("lesson2").map(|l| l.number), Some(2));
        assert_eq!(find_lesson("Lesson 2").map(|l| l.number), Some(2));
        assert!(find_lesson("lesson99").is_none());
        assert!(find_lesson("e01").is_none());
    }

    #[test]
    fn the_catalog_is_consistent() {
        for (i, e) in EXERCISES.iter().enumerate() {
            assert_eq!(
                e.number() as usize,
                i + 1,
                "exercises are numbered in order"
            );
            assert_eq!(e.stem, format!("{}_{}", e.id, e.name));
            let lesson = LESSONS
                .iter()
                .find(|l| l.number == e.lesson)
                .expect("its lesson exists");
            assert!(
                lesson.exercises.contains(&e.id),
                "{} is listed by its lesson",
                e.id
            );
            assert!(e.hints.iter().all(|h| !h.is_empty()));
        }
        for (i, l) in LESSONS.iter().enumerate() {
            assert_eq!(l.number as usize, i + 1);
            assert_eq!(l.bin, format!("lesson{}", l.number));
            assert!(l.exercises.iter().all(|id| find_exercise(id).is_some()));
        }
    }

    #[test]
    fn every_file_the_catalog_names_exists() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        for l in LESSONS {
            assert!(root.join(l.file).is_file(), "{} is missing", l.file);
        }
        for e in EXERCISES {
            for file in [e.file(), e.solution_file(), format!("tests/{}.rs", e.stem)] {
                assert!(root.join(&file).is_file(), "{file} is missing");
            }
        }
    }
}
