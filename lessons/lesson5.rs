//! Lesson 5: when you still want processes: isolation and kill (the article's steps 2 and 4,
//! beyond threads).
//!
//! Read it top to bottom: `main` runs the steps in order; above each step is what a teacher
//! would say, and the step prints it too. Every figure is measured on this machine, in this run.
//!
//! The lesson runs *itself* as a child process: `lesson5/child.rs` holds the parts its binary
//! plays then (a crash, a hang, a pool worker). Step 4, the process pool, is in
//! `lesson5/pool.rs`.

#[path = "lesson5/child.rs"]
mod child;
#[path = "lesson5/pool.rs"]
mod pool;

use anyhow::{Context, Result, ensure};
use parlings::children::{self, signal_name};
use parlings::lesson::Lesson;
use parlings::measure::{self, Cell, Grid, fmt_duration};
use std::hint::black_box;
use std::io::{BufRead, BufReader};
use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::{Command, ExitStatus, Stdio};
use std::thread;
use std::time::{Duration, Instant};

fn main() -> Result<()> {
    if let Some(played) = child::play_if_asked() {
        return played;
    }
    let mut lesson = Lesson::start(5, 5);
    let exe = std::env::current_exe().context("finding this lesson's binary")?;
    what_a_process_costs(&mut lesson, &exe)?;
    a_crash_stays_in_its_process(&mut lesson, &exe)?;
    kill_what_hangs(&mut lesson, &exe)?;
    pool::a_process_pool(&mut lesson)?;
    your_turn(&mut lesson);
    lesson.finish();
    Ok(())
}

/// A thread is cheap to start and a pooled task cheaper still; a process costs a program
/// load. Measured: one tiny task, run each way.
fn what_a_process_costs(lesson: &mut Lesson, exe: &Path) -> Result<()> {
    lesson.step(
        "What a process costs",
        "In Rust, CPU-bound work runs on threads (lessons 1 and 2). Processes still win in two \
         places: a crash stays inside its process, and a process can be killed. They cost \
         more: the OS copies the parent, loads a program, and tears it all down at exit. One \
         tiny task, run each way:",
    );
    let size = lesson.size();
    let (many, few) = (size.pick(200, 1000), size.pick(30, 150));
    let pool = rayon::ThreadPoolBuilder::new().num_threads(1).build()?;
    // ANCHOR: process_costs
    let (pooled, _) = measure::median(many, || pool.install(|| black_box(1)));
    let (threaded, _) = measure::median(many, || thread::spawn(|| black_box(1)).join());
    let mut rows = vec![
        ("a task on a running pool: pool.install(..)", pooled),
        ("a new thread: thread::spawn(..).join()", threaded),
    ];
    let run = |command: &mut Command| command.stdin(Stdio::null()).stdout(Stdio::null()).status();
    let true_bin = ["/bin/true", "/usr/bin/true"]
        .into_iter()
        .find(|p| Path::new(p).exists());
    if let Some(true_bin) = true_bin {
        let (took, status) = measure::median(few, || run(&mut Command::new(true_bin)));
        ensure!(status?.success(), "{true_bin} failed");
        rows.push(("a new process: /bin/true, spawn + wait", took));
    }
    let (took, status) = measure::median(few, || run(Command::new(exe).arg(child::NOOP)));
    ensure!(
        status?.success(),
        "this lesson's binary failed to start as a child"
    );
    rows.push(("a new process: this lesson's binary", took));
    // ANCHOR_END: process_costs
    let mut grid = Grid::new(["one tiny task, run as", "median", "× a pooled task"]);
    for (what, took) in &rows {
        let times = measure::speedup(*took, pooled);
        grid.row(vec![
            Cell::text(*what),
            Cell::num(fmt_duration(*took)),
            Cell::num(format!("{times:.0}×")),
        ]);
    }
    print!("{}", grid.render());
    let mib = std::fs::metadata(exe).map_or(0, |m| m.len()) >> 20;
    lesson.note(&format!(
        "Medians of {many} runs (pool, thread) and {few} runs (processes). This lesson's \
         binary is {mib} MiB: a bigger program takes longer to load. So never start a process \
         per tiny task: start a few and feed them many tasks, as multiprocessing.Pool does \
         (step 4)."
    ));
    Ok(())
}

/// A panic in a thread is caught at `join` (lesson 4). An abort or a segfault is not a panic:
/// nothing unwinds, and the OS ends the whole process, every thread in it.
fn a_crash_stays_in_its_process(lesson: &mut Lesson, exe: &Path) -> Result<()> {
    lesson.step(
        "A crash stays in its process",
        "A panic in a thread is caught at `join` (lesson 4). An abort or a segfault is not a \
         panic: nothing unwinds, and the OS ends the whole process, every thread in it. To \
         show it safely, this lesson runs itself as a child whose worker thread crashes:",
    );
    for how in ["abort", "segv"] {
        // ANCHOR: crash
        let output = Command::new(exe)
            .args([child::CRASH, how])
            .stdin(Stdio::null())
            .stderr(Stdio::null())
            .output()
            .context("running the crashing child")?;
        // ANCHOR_END: crash
        let said = String::from_utf8_lossy(&output.stdout);
        lesson.code(&format!(
            "$ lesson5 {} {how}\n{}",
            child::CRASH,
            said.trim_end()
        ));
        lesson.bullet(&format!("the child {}", ended(output.status)));
    }
    lesson.say(&format!(
        "Inside each child the crash hit one worker thread, yet its main thread never printed \
         \"main thread carries on\": a crashing thread takes its whole program down, with \
         every other thread and every result so far. Out here, this lesson (pid {}) only saw a \
         child end with a signal, and carries on. In Rust, crashes of this kind come from \
         `unsafe` code, C libraries through FFI, `abort()`, or running out of memory.",
        std::process::id()
    ));
    Ok(())
}

/// A thread can only be asked to stop (lesson 4's `Cancel`). A child can be killed: the OS
/// ends it whatever it is doing; then its parent reaps it, so no zombie is left.
fn kill_what_hangs(lesson: &mut Lesson, exe: &Path) -> Result<()> {
    lesson.step(
        "Kill what hangs, then reap it",
        "A thread can only be asked to stop (lesson 4's `Cancel`); one stuck in a call that \
         never returns stays stuck. A child process can be killed: the OS ends it whatever it \
         is doing. Then its parent must reap it (`wait`), or it lingers as a zombie.",
    );
    lesson.code(
        "let mut child = Command::new(exe).arg(\"--child-hang\").stdout(Stdio::piped()).spawn()?;\n\
         // ... its timeout passes\n\
         child.kill()?;              // SIGKILL: the OS ends it\n\
         let status = child.wait()?; // reap: collect its status, free its pid",
    );
    let timeout = lesson
        .size()
        .pick(Duration::from_millis(300), Duration::from_secs(1));
    // ANCHOR: spawn_child
    let mut hung = Command::new(exe)
        .arg(child::HANG)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .spawn()
        .context("starting the hanging child")?;
    // ANCHOR_END: spawn_child
    let pid = hung.id() as i32;
    let mut ready = String::new();
    let out = hung.stdout.take().context("the child's stdout")?;
    BufReader::new(out).read_line(&mut ready)?;
    let state = |pid| children::state_of(pid).map_or("gone".into(), |s| s.describe());
    lesson.bullet(&format!("started child {pid}; it says {:?}", ready.trim()));
    let start = Instant::now();
    while start.elapsed() < timeout && hung.try_wait()?.is_none() {
        thread::sleep(Duration::from_millis(10));
    }
    ensure!(
        hung.try_wait()?.is_none(),
        "the hanging child ended by itself"
    );
    let before = state(pid);
    // ANCHOR: kill_and_reap
    hung.kill().context("killing the child")?;
    let killed = children::settle(pid, Duration::from_secs(2));
    let killed = killed.map_or("gone".into(), |s| s.describe());
    lesson.bullet(&format!(
        "{} later it has not ended: /proc/{pid} says {before}. kill() sends SIGKILL; now \
         /proc/{pid} says {killed}",
        fmt_duration(start.elapsed())
    ));
    let status = hung.wait().context("reaping the child")?;
    // ANCHOR_END: kill_and_reap
    let gone = children::is_gone(pid);
    lesson.bullet(&format!(
        "wait() reaped it: the child {}; /proc/{pid} is {}, and kill({pid}, 0) {}",
        ended(status),
        state(pid),
        if gone {
            "fails: ESRCH, no such process"
        } else {
            "still finds it"
        }
    ));
    lesson.say(
        "Between kill and wait the child was dead but not gone: a zombie keeps its pid and its \
         exit status until its parent collects them. A pool that kills without waiting leaks \
         them, as the article warns of leftover workers. And `kill()` reaches the child only: \
         if it started processes of its own, they live on (kill its process group for those).",
    );
    Ok(())
}

/// How a child ended, in words: its exit code, or the signal that ended it.
fn ended(status: ExitStatus) -> String {
    match (status.code(), status.signal()) {
        (Some(code), _) => format!("exited with code {code}"),
        (None, Some(signal)) => format!("was ended by signal {signal} ({})", signal_name(signal)),
        (None, None) => format!("ended: {status}"),
    }
}

/// Now run commands as child processes yourself: `workers` at a time, each killed and reaped
/// at its own timeout, crashes reported, outputs read in full.
fn your_turn(lesson: &mut Lesson) {
    lesson.step(
        "Your turn",
        "Now run commands as child processes yourself: `workers` at a time, each killed and \
         reaped at its own timeout, crashes reported, outputs read in full.",
    );
    lesson.point_to_exercises();
}
