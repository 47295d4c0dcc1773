//! The error types the exercises return: a task's failure and a closed pool.

use std::fmt;

/// Why one task of a batch produced no result.
#[derive(Debug, PartialEq, Eq)]
pub enum TaskError<E> {
    /// The task returned `Err(e)`.
    Failed(E),
    /// The task panicked; the payload's text, or "unknown panic".
    Panicked(String),
}

impl<E: fmt::Display> fmt::Display for TaskError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TaskError::Failed(error) => write!(f, "failed: {error}"),
            TaskError::Panicked(message) => write!(f, "panicked: {message}"),
        }
    }
}

impl<E: fmt::Debug + fmt::Display> std::error::Error for TaskError<E> {}

/// A job was submitted to a pool that was already closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PoolClosed;

impl fmt::Display for PoolClosed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the pool is closed and takes no new jobs")
    }
}

impl std::error::Error for PoolClosed {}
