//! The script's plumbing: its flags, what it runs on, and Ctrl-C.

use anyhow::{Context, Result};
use clap::{Arg, ArgMatches, Command, value_parser};
use parlings::Cancel;
use parlings::capstone::report::file_name;
use parlings::capstone::{self, Batch, Outcome, Sample, SampleSpec, Totals};
use parlings::measure::{self, fmt_duration};
use parlings::workloads::Size;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// The exit code after a clean stop on Ctrl-C: 128 + SIGINT, as shells report it.
pub(crate) const INTERRUPTED: u8 = 130;
/// The generated sample's folder, removed by a second Ctrl-C that quits at once.
static SAMPLE_DIR: OnceLock<PathBuf> = OnceLock::new();

/// What the script runs on: the learner's folder, or a generated sample (removed at the end).
pub(crate) struct Folder {
    /// The folder.
    pub dir: PathBuf,
    /// Its .json files, by name.
    pub files: Vec<PathBuf>,
    /// The generated sample, if it is one: dropping it removes the folder.
    pub sample: Option<Sample>,
}

impl Folder {
    /// The folder of `--dir`, or else a new sample of the lesson's size.
    pub fn from_args(args: &ArgMatches, size: Size) -> Result<Folder> {
        if let Some(dir) = args.get_one::<PathBuf>("dir") {
            let files = capstone::json_files(dir).context("listing the folder")?;
            let (dir, sample) = (dir.clone(), None);
            return Ok(Folder { dir, files, sample });
        }
        // Ctrl-C while the sample is written stops the run that follows, which removes it.
        let sample = busy(|| Sample::create(SampleSpec::for_size(size)));
        let sample = sample.context("writing the sample")?;
        let _ = SAMPLE_DIR.set(sample.dir().to_path_buf());
        let dir = sample.dir().to_path_buf();
        let files = capstone::json_files(&dir).context("listing the sample")?;
        let sample = Some(sample);
        Ok(Folder { dir, files, sample })
    }
}

/// The script's settings, from its flags.
pub(crate) struct Settings {
    /// Worker threads of the pool.
    pub workers: usize,
    /// Each file's deadline, from its start.
    pub deadline: Duration,
    /// Where the report goes.
    pub out: PathBuf,
}

impl Settings {
    /// The settings of `args`, with the defaults for this `size` and `folder`.
    pub fn from_args(args: &ArgMatches, size: Size, folder: &Folder) -> Settings {
        let default_ms = match folder.sample {
            Some(_) => size.pick(500, 1_500),
            None => 10_000,
        };
        let workers = args.get_one::<u16>("workers");
        let out = args.get_one::<PathBuf>("out");
        Settings {
            workers: workers.map_or(measure::cores(), |&n| n.into()),
            deadline: Duration::from_millis(*args.get_one("deadline-ms").unwrap_or(&default_ms)),
            out: out.cloned().unwrap_or_else(default_out),
        }
    }
}

/// Ctrl-C stopped a run: says what the report kept and what was skipped.
pub(crate) fn stopped(folder: &Folder, batch: &Batch<Totals>, out: &Path, when: &str) {
    let c = batch.counts();
    println!(
        "\nStopped by Ctrl-C{when}, after {}.",
        fmt_duration(batch.elapsed)
    );
    if when.is_empty() {
        println!(
            "Kept in the report: {} done, {} failed, {} timed out.",
            c.done, c.failed, c.timed_out
        );
        let skipped = c.cancelled + c.skipped;
        let s = if skipped == 1 { "" } else { "s" };
        println!(
            "Skipped: {skipped} file{s} ({} cancelled while running, {} never started):",
            c.cancelled, c.skipped
        );
        let names = folder
            .files
            .iter()
            .zip(&batch.items)
            .filter_map(|(path, item)| {
                let why = match item.outcome {
                    Outcome::Cancelled => "cancelled while running",
                    Outcome::Skipped => "never started",
                    _ => return None,
                };
                Some(format!("  {} ({why})", file_name(path)))
            });
        names.take(8).for_each(|line| println!("{line}"));
        if skipped > 8 {
            println!("  … and {} more, all listed in the report.", skipped - 8);
        }
    }
    println!("Report written atomically: {}", out.display());
}

/// True while a run (or the report's write) is under way: Ctrl-C then stops it cleanly.
static BUSY: AtomicBool = AtomicBool::new(false);

/// Runs `f` as a run that Ctrl-C stops cleanly rather than by quitting.
pub(crate) fn busy<R>(f: impl FnOnce() -> R) -> R {
    BUSY.store(true, Ordering::SeqCst);
    let result = f();
    BUSY.store(false, Ordering::SeqCst);
    result
}

/// During a run, Ctrl-C asks it to stop (the workers see `cancel`) and the lesson says what
/// was kept; a second Ctrl-C, or one between runs (at a pause), quits at once.
pub(crate) fn stop_on_ctrl_c(cancel: &Cancel) -> Result<()> {
    let cancel = cancel.clone();
    ctrlc::set_handler(move || {
        let running = BUSY.load(Ordering::SeqCst);
        if running && !cancel.is_cancelled() {
            cancel.cancel();
            eprintln!("\nCtrl-C: stopping cleanly (press it again to quit at once).");
            return;
        }
        let unwritten = if running {
            "; the report is not written"
        } else {
            ""
        };
        eprintln!("\nCtrl-C: quitting now{unwritten}.");
        if let Some(dir) = SAMPLE_DIR.get() {
            let _ = std::fs::remove_dir_all(dir);
        }
        std::process::exit(INTERRUPTED.into());
    })
    .context("installing the Ctrl-C handler")
}

/// `--dir`'s help.
const DIR: &str = "Process the .json files directly in this folder [default: a generated \
                   sample with malformed, very large and stalled files, removed afterwards]";
/// `--deadline-ms`'s help.
const DEADLINE: &str = "Per-file deadline in milliseconds: a file still running then is \
                        stopped and reported as timed out [default: 500 with --quick, 1500 \
                        without, 10000 with --dir]";
/// What `--help` says after the flags.
const AFTER: &str = "Without a terminal on stdin the lesson runs straight through, as with \
                     --yes.\nCtrl-C stops cleanly: no new file starts, running files stop, \
                     the report keeps every finished file. A second Ctrl-C quits at once.\n\
                     Exit codes: 0 the batch ran (failed files are in the report), 2 bad \
                     flags or folder, 130 stopped by Ctrl-C.";

/// The lesson's own flags, added to the ones every lesson has.
pub(crate) fn flags(command: Command) -> Command {
    let workers = format!(
        "Worker threads [default: the core count, {} here]",
        measure::cores()
    );
    let out = format!(
        "Write the JSON report here, atomically [default: {}]",
        default_out().display()
    );
    let arg = |name: &'static str, value: &'static str| Arg::new(name).long(name).value_name(value);
    command
        .arg(arg("dir", "PATH").value_parser(json_folder).help(DIR))
        .arg(
            arg("workers", "N")
                .value_parser(value_parser!(u16).range(1..))
                .help(workers),
        )
        .arg(
            arg("deadline-ms", "MS")
                .value_parser(value_parser!(u64).range(1..))
                .help(DEADLINE),
        )
        .arg(arg("out", "PATH").value_parser(out_file).help(out))
        .after_help(AFTER)
}

/// `--dir`: a folder that can be read and holds .json files.
fn json_folder(arg: &str) -> Result<PathBuf, String> {
    let dir = PathBuf::from(arg);
    match capstone::json_files(&dir) {
        Err(err) => Err(format!("cannot read this folder: {err}")),
        Ok(files) if files.is_empty() => {
            Err("this folder holds no .json files (sub-folders are not searched)".into())
        }
        Ok(_) => Ok(dir),
    }
}

/// `--out`: a file path whose folder exists.
fn out_file(arg: &str) -> Result<PathBuf, String> {
    let path = PathBuf::from(arg);
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    if path.is_dir() {
        return Err("this is a folder; give the report's file name".into());
    }
    if !folder.is_dir() {
        return Err(format!("the folder {} does not exist", folder.display()));
    }
    Ok(path)
}

/// Where the report goes without `--out`: the same file each run, replaced atomically.
fn default_out() -> PathBuf {
    std::env::temp_dir().join("parlings-lesson6-report.json")
}
