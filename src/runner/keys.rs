//! Single keystrokes in watch mode, read on a thread of their own.

use console::{Key as ConsoleKey, Term};
use std::sync::mpsc::Sender;
use std::thread;

/// A key that means something in watch mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    /// `h`: show the next hint level.
    Hint,
    /// `r`: check again.
    Rerun,
    /// `n`: go to the next unfinished exercise.
    Next,
    /// `q` or Esc: leave watch mode.
    Quit,
}

/// What a terminal key means in watch mode, if anything.
pub fn meaning(key: &ConsoleKey) -> Option<Key> {
    match key {
        ConsoleKey::Char('h' | 'H') => Some(Key::Hint),
        ConsoleKey::Char('r' | 'R') | ConsoleKey::Enter => Some(Key::Rerun),
        ConsoleKey::Char('n' | 'N') => Some(Key::Next),
        ConsoleKey::Char('q' | 'Q') | ConsoleKey::Escape => Some(Key::Quit),
        _ => None,
    }
}

/// Reads keys until `q`/Esc (which it sends too) or until the terminal is gone.
///
/// The thread blocks in a read while waiting, so it costs nothing while idle. Ctrl-C is
/// turned into SIGINT by the terminal library, which the runner's handler takes care of.
pub fn spawn<T: Send + 'static>(events: Sender<T>, wrap: fn(Key) -> T) -> thread::JoinHandle<()> {
    thread::spawn(move || {
        let term = Term::stderr();
        if !term.is_term() {
            return;
        }
        while let Ok(key) = term.read_key() {
            let Some(key) = meaning(&key) else { continue };
            if events.send(wrap(key)).is_err() || key == Key::Quit {
                return;
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_help_lines_keys_mean_what_it_says() {
        assert_eq!(meaning(&ConsoleKey::Char('h')), Some(Key::Hint));
        assert_eq!(meaning(&ConsoleKey::Char('r')), Some(Key::Rerun));
        assert_eq!(meaning(&ConsoleKey::Char('n')), Some(Key::Next));
        assert_eq!(meaning(&ConsoleKey::Char('q')), Some(Key::Quit));
        assert_eq!(meaning(&ConsoleKey::Escape), Some(Key::Quit));
        assert_eq!(meaning(&ConsoleKey::Char('x')), None);
    }
}
