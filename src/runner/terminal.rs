//! The terminal: whether there is one to talk to, and putting it back as we found it.

use std::io::{IsTerminal, Write};
use std::sync::Mutex;

/// The terminal's mode when the runner started, restored on every way out.
static SAVED: Mutex<Option<Saved>> = Mutex::new(None);

#[cfg(unix)]
type Saved = libc::termios;
#[cfg(not(unix))]
type Saved = ();

/// True if a person is at a terminal: stdin, stdout and stderr are terminals and `CI` is unset.
pub fn interactive() -> bool {
    !in_ci()
        && std::io::stdin().is_terminal()
        && std::io::stdout().is_terminal()
        && std::io::stderr().is_terminal()
}

/// True if `CI` is set to anything but empty, `0` or `false`.
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !matches!(v.trim(), "" | "0" | "false"))
}

/// True if our output is coloured (stdout is a terminal, or colour is forced).
pub fn color() -> bool {
    colored::control::SHOULD_COLORIZE.should_colorize()
}

/// Clears the screen and moves to its top, when stdout is a terminal.
pub fn clear_screen() {
    if std::io::stdout().is_terminal() {
        print!("\x1b[2J\x1b[3J\x1b[H");
        let _ = std::io::stdout().flush();
    }
}

/// Records the terminal's current mode so [`restore`] can put it back.
pub fn remember() {
    #[cfg(unix)]
    {
        let mut mode = std::mem::MaybeUninit::<libc::termios>::uninit();
        // SAFETY: tcgetattr writes a termios into `mode` and returns 0 when it did.
        let ok = unsafe { libc::tcgetattr(libc::STDIN_FILENO, mode.as_mut_ptr()) } == 0;
        if ok {
            // SAFETY: initialised by the successful tcgetattr above.
            let mode = unsafe { mode.assume_init() };
            *SAVED.lock().unwrap_or_else(|p| p.into_inner()) = Some(mode);
        }
    }
}

/// Puts the terminal back: the mode it had at start, and a visible cursor.
pub fn restore() {
    #[cfg(unix)]
    if let Some(mode) = *SAVED.lock().unwrap_or_else(|p| p.into_inner()) {
        // SAFETY: `mode` is a termios that tcgetattr filled for this same descriptor.
        unsafe { libc::tcsetattr(libc::STDIN_FILENO, libc::TCSANOW, &mode) };
    }
    let _ = std::io::stdout().flush();
    if std::io::stderr().is_terminal() {
        let _ = std::io::stderr().write_all(b"\x1b[?25h");
        let _ = std::io::stderr().flush();
    }
}
