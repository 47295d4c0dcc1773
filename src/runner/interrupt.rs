//! Ctrl-C: stop the running check's whole process group, restore the terminal, leave.
//!
//! A check runs in a process group of its own, so Ctrl-C reaches only the runner, which then
//! kills cargo and the test it started (and anything they spawned). A lesson runs in the
//! foreground instead: Ctrl-C stops the lesson and the runner carries on.

use super::terminal;
use anyhow::{Context, Result};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

/// The process group of the check that is running, if any.
static CHECK: Mutex<Option<u32>> = Mutex::new(None);
/// Set when the running check was stopped on purpose (a new save, a key, a timeout).
static CANCELLED: AtomicBool = AtomicBool::new(false);
/// Set while a lesson runs in the foreground and owns Ctrl-C.
static FOREGROUND: AtomicBool = AtomicBool::new(false);

/// The exit code of a run stopped by Ctrl-C (128 + SIGINT), as shells report it.
pub const EXIT_INTERRUPTED: u8 = 130;

/// Installs the Ctrl-C handler; a closed pipe (`cargo run -- list | head`) ends us quietly.
pub fn install() -> Result<()> {
    #[cfg(unix)]
    // SAFETY: restores the default action for SIGPIPE; no handler code is involved.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    ctrlc::set_handler(on_interrupt).context("installing the Ctrl-C handler")
}

fn on_interrupt() {
    if !FOREGROUND.load(Ordering::SeqCst) {
        leave();
    }
}

/// Leaves after Ctrl-C: stops the running check, restores the terminal, exits with 130.
///
/// Safe to reach from two threads at once (the handler, and a prompt that saw the key):
/// the first one leaves, the other waits for the exit.
pub fn leave() -> ! {
    static LEAVING: AtomicBool = AtomicBool::new(false);
    if LEAVING.swap(true, Ordering::SeqCst) {
        loop {
            std::thread::park();
        }
    }
    let stopped = cancel_check();
    terminal::restore();
    let what = if stopped {
        "the check was stopped; "
    } else {
        ""
    };
    eprintln!("\nInterrupted: {what}your files and progress are as they were.");
    std::process::exit(i32::from(EXIT_INTERRUPTED));
}

/// Registers (or, with `None`, forgets) the process group of the running check.
pub fn set_check(group: Option<u32>) {
    *CHECK.lock().unwrap_or_else(|p| p.into_inner()) = group;
    if group.is_some() {
        CANCELLED.store(false, Ordering::SeqCst);
    }
}

/// Kills the running check's process group; true if there was one.
pub fn cancel_check() -> bool {
    let group = *CHECK.lock().unwrap_or_else(|p| p.into_inner());
    match group {
        Some(group) => {
            CANCELLED.store(true, Ordering::SeqCst);
            kill_group(group);
            true
        }
        None => false,
    }
}

/// True if the last check was stopped by [`cancel_check`].
pub fn was_cancelled() -> bool {
    CANCELLED.load(Ordering::SeqCst)
}

/// Kills every process in a process group.
pub fn kill_group(group: u32) {
    #[cfg(unix)]
    if let Ok(group) = libc::pid_t::try_from(group) {
        // SAFETY: kill has no memory effects; a negative pid names the process group.
        unsafe { libc::kill(-group, libc::SIGKILL) };
    }
    #[cfg(not(unix))]
    let _ = group;
}

/// While alive, Ctrl-C belongs to a foreground child (a lesson) and the runner ignores it.
#[derive(Debug)]
pub struct Foreground(());

impl Foreground {
    /// Hands Ctrl-C to the foreground child until dropped.
    pub fn begin() -> Foreground {
        FOREGROUND.store(true, Ordering::SeqCst);
        Foreground(())
    }
}

impl Drop for Foreground {
    fn drop(&mut self) {
        FOREGROUND.store(false, Ordering::SeqCst);
    }
}
