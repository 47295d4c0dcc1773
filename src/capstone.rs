//! The capstone's core (lesson 6): a parallel script that reads a folder of JSON files,
//! aggregates their readings and writes one report, robust to everything a real folder holds.
//!
//! Each part comes from a lesson, and each can be tested without a terminal:
//! - [`pool`]: a pool of `workers` threads takes the files one at a time (lesson 2); results
//!   travel over a channel to the calling thread, which alone keeps them (lesson 3); an error or
//!   a panic is that file's outcome, never the batch's end (lesson 4);
//! - [`budget`]: a per-file deadline and the run's [`Cancel`](crate::Cancel) (Ctrl-C), which the
//!   work checks as it goes: threads cannot be killed, only asked to stop (lessons 4 and 5);
//! - [`readings`]: the real work, parsing one file and aggregating its readings (streamed, so a
//!   huge file needs no more memory than a small one);
//! - [`report`]: the report, written atomically (a temporary file renamed over the target);
//! - [`sample`]: a generated folder with every kind of trouble, for the lesson and the tests;
//! - [`progress`]: a progress bar on stderr at a terminal, a few plain lines elsewhere.

pub mod budget;
pub mod pool;
pub mod progress;
pub mod readings;
pub mod report;
pub mod sample;

pub use budget::{Budget, Stop, StopReader};
pub use pool::{Batch, Counts, Item, Outcome, run};
pub use progress::Progress;
pub use readings::{Stats, Totals, json_files, process_file};
pub use report::write_atomically;
pub use sample::{Sample, SampleSpec};
