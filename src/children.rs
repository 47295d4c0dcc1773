//! Child processes seen from outside: their state in `/proc`, whether they were reaped, the
//! names of the signals that end them, and a folder where a check's children leave records.
//!
//! A child that has exited but was never waited for stays in the process table as a *zombie*
//! (state `Z`) until its parent reaps it with `wait`; only then is `/proc/<pid>` gone and does
//! `kill(pid, 0)` fail with `ESRCH`. A check can therefore tell "killed and reaped" from
//! "killed, never reaped" and from "never killed", by looking, not by timing.
//!
//! [`ChildDir`] is a temporary folder for one check: its children write their pid in it
//! (`pid.<i>`), and when the check ends, pass or fail, every recorded child still ours is
//! killed and reaped, so no check leaves a process behind.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::{Duration, Instant};

/// One process as `/proc/<pid>/stat` shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProcState {
    /// The state letter: `R` running, `S` sleeping, `Z` zombie (exited, not reaped), ...
    pub state: char,
    /// The parent's pid.
    pub parent: i32,
}

impl ProcState {
    /// True for a zombie: a process that has ended but was never reaped by its parent.
    pub fn is_zombie(&self) -> bool {
        self.state == 'Z'
    }

    /// The state letter in words, e.g. "S (sleeping)".
    pub fn describe(&self) -> String {
        let words = match self.state {
            'R' => "running",
            'S' => "sleeping",
            'D' => "waiting for the disk",
            'T' | 't' => "stopped",
            'Z' => "zombie: exited, not reaped",
            _ => "alive",
        };
        format!("{} ({words})", self.state)
    }
}

/// The state of process `pid`, or `None` if it is gone (reaped) or `/proc` cannot say.
pub fn state_of(pid: i32) -> Option<ProcState> {
    let text = fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // "pid (comm) state ppid ...": the name may hold spaces, so read after its last ')'.
    let rest = &text[text.rfind(')')? + 1..];
    let mut fields = rest.split_whitespace();
    let state = fields.next()?.chars().next()?;
    let parent = fields.next()?.parse().ok()?;
    Some(ProcState { state, parent })
}

/// True if no process `pid` exists any more: `kill(pid, 0)` fails with `ESRCH`.
pub fn is_gone(pid: i32) -> bool {
    // SAFETY: signal 0 sends nothing; it only asks whether the process exists.
    let result = unsafe { libc::kill(pid, 0) };
    result == -1 && io::Error::last_os_error().raw_os_error() == Some(libc::ESRCH)
}

/// The state of `pid` if it is a child of this process that was not reaped yet.
pub fn unreaped_child(pid: i32) -> Option<ProcState> {
    state_of(pid).filter(|s| s.parent == std::process::id() as i32)
}

/// Watches `pid` for up to `grace` until it is gone or a zombie; returns what it last saw.
///
/// A kill takes a moment to land, so "still running" is only said after the grace.
pub fn settle(pid: i32, grace: Duration) -> Option<ProcState> {
    let start = Instant::now();
    loop {
        let state = unreaped_child(pid);
        if state.is_none_or(|s| s.is_zombie()) || start.elapsed() >= grace {
            return state;
        }
        thread::sleep(Duration::from_millis(10));
    }
}

/// The name of a signal, e.g. "SIGABRT" for 6; "signal N" for one without a common name.
pub fn signal_name(signal: i32) -> String {
    let name = match signal {
        libc::SIGHUP => "SIGHUP",
        libc::SIGINT => "SIGINT",
        libc::SIGQUIT => "SIGQUIT",
        libc::SIGILL => "SIGILL",
        libc::SIGABRT => "SIGABRT",
        libc::SIGBUS => "SIGBUS",
        libc::SIGFPE => "SIGFPE",
        libc::SIGKILL => "SIGKILL",
        libc::SIGSEGV => "SIGSEGV",
        libc::SIGPIPE => "SIGPIPE",
        libc::SIGALRM => "SIGALRM",
        libc::SIGTERM => "SIGTERM",
        _ => return format!("signal {signal}"),
    };
    name.to_string()
}

/// Makes this process's stdin a pipe that never ends, for the rest of its life.
///
/// A child that inherits stdin instead of getting a null one then waits for input forever
/// when it reads it, whether the check runs at a terminal, under CI or with `</dev/null`.
pub fn stdin_that_never_ends() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let mut fds = [0; 2];
        // SAFETY: pipe fills two fds; dup2 makes the read end fd 0 (without close-on-exec,
        // so children can inherit it); the write end stays open, unwritten, in this process
        // only (close-on-exec), so readers of the pipe never see end-of-file.
        unsafe {
            if libc::pipe(fds.as_mut_ptr()) == 0 {
                libc::fcntl(fds[1], libc::F_SETFD, libc::FD_CLOEXEC);
                libc::dup2(fds[0], 0);
                libc::close(fds[0]);
            }
        }
    });
}

/// A temporary folder where one check's children meet and record their pids.
///
/// Dropping it (at the end of the check, also when the check fails) tells the children to stop
/// (the files `stop` and `broken`), gives them a moment to end, kills what still runs, reaps
/// every recorded child still ours, and removes the folder.
#[derive(Debug)]
pub struct ChildDir {
    path: PathBuf,
}

impl ChildDir {
    /// A new, empty folder under the system's temporary folder; `label` names it.
    pub fn new(label: &str) -> io::Result<ChildDir> {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, Ordering::SeqCst);
        let name = format!("parlings-{label}-{}-{n}", std::process::id());
        let path = std::env::temp_dir().join(name);
        // A folder left by an earlier run with the same pid is stale: start afresh.
        let _ = fs::remove_dir_all(&path);
        fs::create_dir_all(&path)?;
        Ok(ChildDir { path })
    }

    /// The folder's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The folder's path as text, for a command line.
    pub fn arg(&self) -> String {
        self.path.to_string_lossy().into_owned()
    }

    /// True if the file `name` exists in the folder.
    pub fn has(&self, name: &str) -> bool {
        self.path.join(name).exists()
    }

    /// Creates the (empty) file `name` in the folder.
    pub fn touch(&self, name: &str) {
        let _ = fs::write(self.path.join(name), b"");
    }

    /// The text of the file `name`, or "" if it is missing.
    pub fn read(&self, name: &str) -> String {
        fs::read_to_string(self.path.join(name)).unwrap_or_default()
    }

    /// The pid child `index` recorded in `pid.<index>`, if it did.
    pub fn pid(&self, index: usize) -> Option<i32> {
        self.read(&format!("pid.{index}")).trim().parse().ok()
    }

    /// Every recorded pid, as (child index, pid).
    pub fn pids(&self) -> Vec<(usize, i32)> {
        let Ok(entries) = fs::read_dir(&self.path) else {
            return Vec::new();
        };
        let mut pids: Vec<(usize, i32)> = entries
            .flatten()
            .filter_map(|e| {
                let name = e.file_name().to_string_lossy().into_owned();
                let index = name.strip_prefix("pid.")?.parse().ok()?;
                Some((index, self.pid(index)?))
            })
            .collect();
        pids.sort_unstable();
        pids
    }

    /// Recorded children not reaped yet (running or zombie), as (child index, pid, state).
    pub fn unreaped(&self) -> Vec<(usize, i32, ProcState)> {
        let pids = self.pids();
        let state = |&(index, pid): &(usize, i32)| Some((index, pid, unreaped_child(pid)?));
        pids.iter().filter_map(state).collect()
    }
}

impl Drop for ChildDir {
    fn drop(&mut self) {
        // Children that see these files stop waiting and end by themselves, together with any
        // short-lived process they started; what is still running after a grace is killed.
        self.touch("stop");
        self.touch("broken");
        let start = Instant::now();
        loop {
            let left = self.unreaped();
            if left.is_empty() || start.elapsed() >= GRACE + Duration::from_secs(2) {
                break;
            }
            for (_, pid, state) in left {
                if start.elapsed() >= GRACE && !state.is_zombie() {
                    // SAFETY: `pid` is our child, not reaped yet (its /proc entry names us as
                    // its parent), so the pid cannot belong to another process.
                    unsafe { libc::kill(pid, libc::SIGKILL) };
                }
                let mut status = 0;
                // SAFETY: waitpid on our own child with WNOHANG only collects its status (the
                // learner's code may collect it first, which is as good).
                unsafe { libc::waitpid(pid, &mut status, libc::WNOHANG) };
            }
            thread::sleep(Duration::from_millis(5));
        }
        let _ = fs::remove_dir_all(&self.path);
    }
}

/// How long a [`ChildDir`] lets its children end by themselves before it kills them.
const GRACE: Duration = Duration::from_secs(1);

#[cfg(test)]
mod tests {
    use super::*;
    use std::process::{Command, Stdio};

    #[test]
    fn a_killed_child_is_a_zombie_until_reaped() {
        let mut child = Command::new("sleep")
            .arg("30")
            .stdin(Stdio::null())
            .spawn()
            .expect("sleep starts");
        let pid = child.id() as i32;
        assert!(unreaped_child(pid).is_some_and(|s| !s.is_zombie()));
        child.kill().expect("kill");
        let seen = settle(pid, Duration::from_secs(2)).expect("not reaped yet");
        assert!(seen.is_zombie(), "{seen:?}");
        assert!(!is_gone(pid), "a zombie still exists");
        child.wait().expect("reaped");
        assert!(state_of(pid).is_none() && is_gone(pid));
    }

    #[test]
    #[allow(clippy::zombie_processes)] // on purpose: the ChildDir must kill and reap it
    fn a_child_dir_kills_and_reaps_what_is_left() {
        let dir = ChildDir::new("selftest").expect("temp folder");
        let child = Command::new("sleep")
            .arg("30")
            .spawn()
            .expect("sleep starts");
        let pid = child.id() as i32;
        fs::write(dir.path().join("pid.0"), format!("{pid}\n")).expect("pid file");
        assert_eq!(dir.pids(), vec![(0, pid)]);
        drop(dir);
        assert!(is_gone(pid));
        assert_eq!(signal_name(libc::SIGABRT), "SIGABRT");
        assert_eq!(signal_name(200), "signal 200");
    }
}
