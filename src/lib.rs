//! parlings: a course in parallel processing with Rust.
//!
//! This library is shared by the lessons, the exercise checks and the runner:
//! - the checks' probes: [`probe`], [`wave`], [`observer`], [`timeline`], [`watchdog`],
//!   [`verdict`];
//! - the lessons' helpers: [`workloads`], [`measure`], [`lesson`];
//! - the types the exercises use: [`Model`], [`TaskError`], [`Cancel`], [`PoolClosed`],
//!   [`ProcessOutcome`];
//! - the [`catalog`] of lessons and exercises, the course's single source of truth.

pub mod backpressure;
pub mod cancel;
pub mod capstone;
pub mod catalog;
#[cfg(unix)]
pub mod children;
pub mod compare;
pub mod errors;
pub mod lesson;
pub mod measure;
#[cfg(unix)]
pub mod meeting;
pub mod model;
pub mod observer;
pub mod probe;
pub mod process;
#[cfg(unix)]
pub mod process_check;
pub mod snippet;
pub mod thread_exit;
pub mod timeline;
pub mod verdict;
pub mod watchdog;
pub mod wave;
pub mod workloads;

pub use cancel::Cancel;
pub use errors::{PoolClosed, TaskError};
pub use model::Model;
pub use process::ProcessOutcome;
