//! How a child process ended, as the process-pool exercise reports it.

use std::fmt;

/// The outcome of running one command as a child process.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProcessOutcome {
    /// The child exited by itself with this code; its whole standard output (lossy UTF-8).
    Exited {
        /// The exit code.
        code: i32,
        /// Everything the child wrote to its standard output.
        stdout: String,
    },
    /// The child was ended by a signal it did not handle (a crash such as SIGSEGV or SIGABRT).
    Signaled {
        /// The signal's number.
        signal: i32,
    },
    /// The child ran past its timeout and was killed and reaped.
    TimedOut,
    /// The program could not be started (missing, not executable, or an empty argv).
    FailedToStart(String),
}

impl fmt::Display for ProcessOutcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProcessOutcome::Exited { code, stdout } => {
                write!(
                    f,
                    "exited with code {code} ({} bytes of output)",
                    stdout.len()
                )
            }
            ProcessOutcome::Signaled { signal } => write!(f, "killed by signal {signal}"),
            ProcessOutcome::TimedOut => f.write_str("timed out, killed and reaped"),
            ProcessOutcome::FailedToStart(reason) => write!(f, "failed to start: {reason}"),
        }
    }
}
