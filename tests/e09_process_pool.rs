//! Checks for exercise e09: `run_commands` runs child processes, `workers` at a time.
//!
//! The children are small `sh` scripts that report what they see, so nothing here trusts the
//! clock to prove parallelism. In the batch checks ([`Meeting`]) each child counts its
//! siblings spawned and not yet reaped; the first `k` meet, are held so one child too many
//! shows, then leave in reverse order so outcomes kept in finishing order show. A hung child
//! must be killed by the code under test: the check then looks in `/proc` for a zombie or a
//! survivor. Only the per-child timeout check uses the clock, with a second of margin. When a
//! check ends, pass or fail, every child it recorded still alive is killed and reaped.

#![cfg(unix)]

#[cfg_attr(feature = "solutions", path = "../solutions/e09_process_pool.rs")]
#[cfg_attr(not(feature = "solutions"), path = "../exercises/e09_process_pool.rs")]
mod exercise;

use exercise::run_commands;
use parlings::ProcessOutcome::{self, Exited, FailedToStart, Signaled, TimedOut};
use parlings::children::{self, ChildDir};
use parlings::meeting::{Meeting, sh};
use parlings::process_check::{NO_PANIC, call_within, describe, ensure_count, ensure_outcomes};
use parlings::verdict::Check;
use parlings::watchdog;
use std::time::Duration;

const ID: &str = "e09";

/// Calls `run_commands`, failing the check if it hangs past the watchdog or panics.
fn run(
    check: &Check,
    commands: Vec<Vec<String>>,
    workers: usize,
    timeout: Duration,
    on_panic: &str,
) -> Vec<ProcessOutcome> {
    let limit = watchdog::LIMIT.min(timeout + Duration::from_secs(5));
    call_within(check, limit, on_panic, move || {
        run_commands(&commands, workers, timeout)
    })
}

/// Runs `n` meeting children with `workers`; checks each ran once, the peak, order, reaping.
fn check_batch(n: usize, workers: usize) {
    let cores = num_cpus::get();
    let k = if workers == 0 { cores } else { workers }.min(n);
    let meeting = Meeting::new(n, k).expect("a temporary folder for the children");
    let call = format!("run_commands({n} commands, workers = {workers}, timeout = 20 s)");
    let check = Check::new(ID, format!("{call} on {cores} cores"));
    meeting.break_after();
    let got = run(
        &check,
        meeting.commands(),
        workers,
        Duration::from_secs(20),
        NO_PANIC,
    );
    let log = || format!("What the children saw:\n{}", meeting.events(16));
    ensure_count(&check, n, workers, &got);
    for i in 0..n {
        let starts = meeting.starts(i);
        let want = format!("command {i} run exactly once");
        check.ensure(
            starts == 1,
            want,
            format!("it ran {starts} times.\n{}", log()),
        );
    }
    let peak = meeting.peak();
    let children = |n: usize| if n == 1 { "child" } else { "children" };
    let got_peak = match peak {
        p if p > k => format!("{p} children alive at once: more than the {k} allowed"),
        0 | 1 => "at most 1 child alive at a time: the commands ran one after another".into(),
        p => format!("at most {p} children at once: fewer than `workers` ({k})"),
    };
    check.ensure(
        peak == k,
        format!(
            "exactly {k} {} alive at once (spawned and not yet reaped), never more",
            children(k)
        ),
        format!("{got_peak}.\n{}", log()),
    );
    let want: Vec<ProcessOutcome> = (0..n).map(Meeting::outcome).collect();
    check.ensure_items("outcomes, in the order of `commands`", &want, &got);
    if let Some((i, pid, state)) = meeting.dir().unreaped().into_iter().next() {
        check.fail(
            "every child reaped (waited for) by the time run_commands returns",
            format!(
                "child {i} (pid {pid}) is still there: state {}",
                state.describe()
            ),
        );
    }
}

#[test]
fn two_workers() {
    check_batch(7, 2);
}

#[test]
fn more_workers_than_cores() {
    let workers = 2 * num_cpus::get() + 1;
    check_batch(2 * workers + 1, workers);
}

#[test]
fn zero_workers_means_one_per_core() {
    check_batch(2 * num_cpus::get() + 1, 0);
}

#[test]
fn one_worker_runs_one_child_at_a_time() {
    check_batch(4, 1);
}

#[test]
fn more_workers_than_commands() {
    check_batch(3, num_cpus::get() + 4);
}

#[test]
fn no_commands_no_children() {
    let check = Check::new(ID, "run_commands(0 commands, workers = 3, timeout = 5 s)");
    let got = run(&check, Vec::new(), 3, Duration::from_secs(5), NO_PANIC);
    ensure_outcomes(&check, &[], &got);
}

/// A child that records its pid, then hangs: `exec` makes the shell's pid the `sleep`'s.
const HANG: &str =
    r#"cd "$1" || exit 97; [ -e stop ] && exit 98; echo $$ > "pid.$2"; exec sleep 1000"#;

#[test]
fn a_hung_child_is_killed_and_reaped() {
    let dir = ChildDir::new("e09-hang").expect("a temporary folder for the children");
    let call = "run_commands([hangs, prints \"quick\", hangs], workers = 2, timeout = 1 s)";
    let check = Check::new(ID, call);
    let commands = vec![
        sh(HANG, &[&dir.arg(), "0"]),
        sh("echo quick", &[]),
        sh(HANG, &[&dir.arg(), "2"]),
    ];
    let got = run(&check, commands, 2, Duration::from_secs(1), NO_PANIC);
    let quick = Exited {
        code: 0,
        stdout: "quick\n".into(),
    };
    ensure_outcomes(&check, &[TimedOut, quick, TimedOut], &got);
    for i in [0, 2] {
        let Some(pid) = dir.pid(i) else {
            check.fail(
                format!("child {i} to record its pid"),
                "no pid: did it start?",
            )
        };
        let want = format!("the hung child {i} (pid {pid}) killed at its timeout and reaped");
        match children::settle(pid, Duration::from_secs(1)) {
            Some(state) if state.is_zombie() => check.fail(
                want,
                "it is a zombie (state Z): killed but never reaped. Call `wait()` after \
                 `kill()`, so that its parent collects it",
            ),
            Some(state) => check.fail(
                want,
                format!(
                    "it is still running after run_commands returned (state {}): reported \
                     TimedOut, but never killed. Call `kill()` on it, then `wait()`",
                    state.describe()
                ),
            ),
            None => check.ensure(
                children::is_gone(pid),
                format!("{want}: kill({pid}, 0) failing with ESRCH"),
                "kill(pid, 0) still finds it",
            ),
        }
    }
}

/// A child that reports whether child 0, which hung and timed out, is still in `/proc`.
const LOOK_FOR_CHILD_0: &str = r#"cd "$1" || exit 97; p=$(cat pid.0 2>/dev/null) || { echo "no pid"; exit 0; }; if [ -e "/proc/$p" ]; then echo "child 0 (pid $p) still there: state $(cut -d' ' -f3 "/proc/$p/stat")"; else echo gone; fi"#;

#[test]
fn a_killed_child_is_reaped_before_the_next_starts() {
    let dir = ChildDir::new("e09-reap").expect("a temporary folder for the children");
    let call = "run_commands([hangs, looks for the first child, looks again], workers = 1, \
                timeout = 1 s)";
    let check = Check::new(ID, call);
    let look = || sh(LOOK_FOR_CHILD_0, &[&dir.arg()]);
    let commands = vec![sh(HANG, &[&dir.arg(), "0"]), look(), look()];
    let got = run(&check, commands, 1, Duration::from_secs(1), NO_PANIC);
    ensure_count(&check, 3, 1, &got);
    check.ensure(
        got[0] == TimedOut,
        "outcome 0: TimedOut",
        format!("outcome 0: {}", describe(Some(&got[0]))),
    );
    // A look that ran before child 0 started finds no pid: the order children start in is
    // the solution's choice. A look that ran after it must find it gone.
    for (i, outcome) in got.iter().enumerate().skip(1) {
        let stdout = match outcome {
            Exited { code: 0, stdout } => stdout.as_str(),
            other => check.fail(
                format!("outcome {i}: Exited with code 0"),
                format!("outcome {i}: {}", describe(Some(other))),
            ),
        };
        check.ensure(
            !stdout.contains("still there"),
            "child 0 killed at its timeout and reaped before the next child starts (workers = \
             1: one child alive at a time, and a child is alive until it is reaped)",
            format!(
                "child {i} found {}: `wait()` for a killed child right after `kill()`, not at \
                 the end of the batch",
                stdout.trim_end()
            ),
        );
        check.ensure(
            stdout == "gone\n" || stdout == "no pid\n",
            format!("outcome {i}: child 0 gone (or not yet started)"),
            format!("outcome {i}: {}", describe(Some(outcome))),
        );
    }
}

#[test]
fn the_timeout_counts_from_each_childs_own_start() {
    let call = "run_commands([sleep 1.5, sleep 1.5], workers = 1, timeout = 2.5 s)";
    let check = Check::new(ID, call);
    let slow = || vec!["sleep".to_string(), "1.5".to_string()];
    let timeout = Duration::from_millis(2500);
    let got = run(&check, vec![slow(), slow()], 1, timeout, NO_PANIC);
    if got.len() == 2 && got[1] == TimedOut && got[0] != TimedOut {
        check.fail(
            "both Exited: each child has `timeout` from its own start, and each runs 1.5 s",
            "the second is TimedOut: it started when the first ended, 1.5 s in, and was \
             killed 2.5 s after the *batch* started. Start each child's clock when you spawn it",
        );
    }
    let done = Exited {
        code: 0,
        stdout: String::new(),
    };
    ensure_outcomes(&check, &[done.clone(), done], &got);
}

#[test]
fn a_crash_is_signaled_and_the_others_go_on() {
    let call = "run_commands([SIGSEGV, prints \"fine\", SIGABRT, exit 3, SIGTERM], workers = 2)";
    let check = Check::new(ID, call);
    let crash = |signal: &str| sh(&format!("ulimit -c 0; kill -s {signal} $$"), &[]);
    let (fine, exit3) = (sh("echo fine", &[]), sh("exit 3", &[]));
    let commands = vec![crash("SEGV"), fine, crash("ABRT"), exit3, crash("TERM")];
    let got = run(&check, commands, 2, Duration::from_secs(20), NO_PANIC);
    let signaled = |signal| Signaled { signal };
    let exited = |code, stdout: &str| Exited {
        code,
        stdout: stdout.into(),
    };
    let want = [
        signaled(libc::SIGSEGV),
        exited(0, "fine\n"),
        signaled(libc::SIGABRT),
        exited(3, ""),
        signaled(libc::SIGTERM),
    ];
    ensure_outcomes(&check, &want, &got);
}

#[test]
fn a_program_that_cannot_start_fails_to_start() {
    let dir = ChildDir::new("e09-start").expect("a temporary folder");
    let script = dir.path().join("not-executable.sh");
    std::fs::write(&script, "echo hi\n").expect("a file without the execute bit");
    let call = "run_commands([a missing program, an empty command, a file that is not \
                executable, prints \"still here\"], workers = 2)";
    let check = Check::new(ID, call);
    let commands = vec![
        vec!["/nonexistent-parlings-e09/no-such-program".to_string()],
        Vec::new(),
        vec![script.to_string_lossy().into_owned()],
        sh("echo still here", &[]),
    ];
    let panicked = "a program that cannot start (or an empty command) reported as \
                    FailedToStart(reason), not a panic: `spawn()` returns an Err for it";
    let got = run(&check, commands, 2, Duration::from_secs(20), panicked);
    ensure_count(&check, 4, 2, &got);
    for (i, got) in got.iter().take(3).enumerate() {
        check.ensure(
            matches!(got, FailedToStart(reason) if !reason.trim().is_empty()),
            format!("outcome {i}: FailedToStart(a reason a person can read)"),
            format!("outcome {i}: {}", describe(Some(got))),
        );
    }
    let still = Exited {
        code: 0,
        stdout: "still here\n".into(),
    };
    let want = format!("outcome 3: {}: the others go on", describe(Some(&still)));
    check.ensure(got[3] == still, want, describe(Some(&got[3])));
}

#[test]
fn large_output_is_read_while_the_child_runs() {
    let dir = ChildDir::new("e09-output").expect("a temporary folder");
    let mib = "0123456789abcde\n".repeat(1 << 16);
    let file = dir.path().join("one-mib.txt");
    std::fs::write(&file, &mib).expect("a 1 MiB file");
    let call = "run_commands([cat a 1 MiB file, print invalid UTF-8, cat a 1 MiB file], \
                workers = 2, timeout = 4 s)";
    let check = Check::new(ID, call);
    let cat = vec!["cat".to_string(), file.to_string_lossy().into_owned()];
    let odd = sh(r"printf 'caf\351\n'", &[]);
    let commands = vec![cat.clone(), odd, cat];
    let got = run(&check, commands, 2, Duration::from_secs(4), NO_PANIC);
    let big = Exited {
        code: 0,
        stdout: mib,
    };
    for i in [0, 2] {
        check.ensure(
            got.get(i) != Some(&TimedOut),
            format!("outcome {i}: {}", describe(Some(&big))),
            format!(
                "outcome {i}: TimedOut, though it writes 1 MiB and ends at once: was its stdout \
                 read only after it ended? A pipe holds 64 KiB and then blocks the writer: read \
                 it while the child runs (a thread that reads to the end)"
            ),
        );
    }
    let lossy = Exited {
        code: 0,
        stdout: "caf\u{FFFD}\n".into(),
    };
    ensure_outcomes(&check, &[big.clone(), lossy, big], &got);
}

/// A child that writes 256 KiB to its stderr unless it shares this test's stderr (inherited),
/// then prints "out": a pipe of stderr that nobody reads fills and blocks it.
const NOISY_STDERR: &str = r#"if [ "$(stat -L -c %d:%i /proc/self/fd/2)" != "$1" ]; then head -c 262144 /dev/zero >&2; fi; echo out"#;

#[test]
fn stderr_is_not_captured() {
    let call = "run_commands(2 commands that write 256 KiB to stderr, workers = 2, timeout = 4 s)";
    let check = Check::new(ID, call);
    let ours = {
        // SAFETY: fstat only writes the zeroed stat buffer it is given.
        let mut stat: libc::stat = unsafe { std::mem::zeroed() };
        let ok = unsafe { libc::fstat(2, &mut stat) } == 0;
        assert!(ok, "this test's stderr can be looked at");
        format!("{}:{}", stat.st_dev, stat.st_ino)
    };
    let noisy = || sh(NOISY_STDERR, &[&ours]);
    let got = run(
        &check,
        vec![noisy(), noisy()],
        2,
        Duration::from_secs(4),
        NO_PANIC,
    );
    if got.contains(&TimedOut) {
        check.fail(
            "each child to end at once: stderr is not captured",
            "TimedOut: its stderr was a pipe that nobody read, and a pipe holds 64 KiB before \
             it blocks the writer. Leave stderr alone (inherited), or give it `Stdio::null()`",
        );
    }
    let out = Exited {
        code: 0,
        stdout: "out\n".into(),
    };
    ensure_outcomes(&check, &[out.clone(), out], &got);
}

#[test]
fn stdin_is_null() {
    // From now on, a child that inherits this test's stdin gets a pipe that never ends.
    children::stdin_that_never_ends();
    let call = "run_commands(2 commands that read stdin to its end, workers = 2, timeout = 3 s)";
    let check = Check::new(ID, call);
    // `read` is the shell's own: no grandchild keeps the pipe open when the child is killed.
    let read = || sh("read -r line || echo end of input", &[]);
    let got = run(
        &check,
        vec![read(), read()],
        2,
        Duration::from_secs(3),
        NO_PANIC,
    );
    if got.contains(&TimedOut) {
        check.fail(
            "each child to read end-of-file on stdin at once (stdin null)",
            "TimedOut: the child waited for input. Give it `Stdio::null()` as stdin, not this \
             program's stdin nor a pipe you keep open",
        );
    }
    let end = Exited {
        code: 0,
        stdout: "end of input\n".into(),
    };
    ensure_outcomes(&check, &[end.clone(), end], &got);
}
