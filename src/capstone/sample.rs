//! A generated folder of weather readings with every kind of trouble a real folder holds:
//! malformed files, a very large file, and (on Unix) a file whose reading stalls.
//!
//! The stalled file is a named pipe: a writer sent the start of an array, then nothing more,
//! and never closed it, as a file on a network share that stopped answering does. Reading it
//! waits for the rest for ever, unless the reader checks a deadline.

use crate::workloads::Size;
use rayon::prelude::*;
use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// The stations of the generated readings, each with its mean temperature (°C), how often
/// it rains (in 10) and its windiest gusts (km/h), so that each station's statistics differ.
const STATIONS: [(&str, f64, u64, u64); 8] = [
    ("Hanoi", 24.0, 5, 60),
    ("Lagos", 27.0, 4, 50),
    ("Lima", 19.0, 1, 40),
    ("Osaka", 16.0, 4, 80),
    ("Oslo", 6.0, 5, 90),
    ("Perth", 18.0, 2, 110),
    ("Quito", 14.0, 6, 45),
    ("Tunis", 19.0, 2, 70),
];

/// How big a sample is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SampleSpec {
    /// Well-formed files of readings.
    pub files: usize,
    /// Readings per well-formed file.
    pub readings: usize,
    /// Readings in the one very large file.
    pub huge_readings: usize,
}

impl SampleSpec {
    /// The lesson's sample for `--quick` or a full run.
    pub fn for_size(size: Size) -> SampleSpec {
        SampleSpec {
            files: size.pick(80, 160),
            readings: size.pick(4_000, 8_000),
            huge_readings: size.pick(40_000, 160_000),
        }
    }
}

/// A file of the sample that is not a plain file of readings, and what is special about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Special {
    /// Its name in the sample's folder.
    pub name: String,
    /// What is special about it, for people.
    pub what: String,
}

/// A generated folder under the system's temp folder, removed when dropped.
#[derive(Debug)]
pub struct Sample {
    dir: PathBuf,
    specials: Vec<Special>,
    bytes: u64,
    /// Both ends of the stalled pipe, held open so that it stalls rather than ends.
    #[cfg(unix)]
    _pipe: Option<(File, File)>,
}

impl Sample {
    /// Writes a new sample of `spec`'s size into a new, unique temp folder.
    pub fn create(spec: SampleSpec) -> io::Result<Sample> {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let name = format!("parlings-lesson6-{}-{n}-{nanos}", std::process::id());
        let dir = std::env::temp_dir().join(name);
        fs::create_dir(&dir)?;
        // From here on, dropping `sample` removes the folder, also if a write fails.
        let mut sample = Sample {
            dir,
            specials: Vec::new(),
            bytes: 0,
            #[cfg(unix)]
            _pipe: None,
        };
        let plain: io::Result<Vec<u64>> = (0..spec.files)
            .into_par_iter()
            .map(|i| {
                let path = sample.dir.join(format!("readings-{i:03}.json"));
                write_file(&path, &readings(i as u64, spec.readings, None))
            })
            .collect();
        sample.bytes = plain?.iter().sum();
        sample.add_specials(spec)?;
        Ok(sample)
    }

    fn add_specials(&mut self, spec: SampleSpec) -> io::Result<()> {
        let at = |share: usize| format!("readings-{:03}", spec.files * share / 8);
        let one = readings(1_000, spec.readings, None);
        let bad = readings(1_001, spec.readings, Some(spec.readings * 2 / 3));
        let huge = readings(1_002, spec.huge_readings, None);
        let names: Vec<&str> = STATIONS.iter().map(|s| s.0).collect();
        let stations = format!("{{\"stations\": {names:?}}}\n").into_bytes();
        let huge_what = format!(
            "very large: {:.1} MiB, {}× the others",
            huge.len() as f64 / f64::from(1 << 20),
            spec.huge_readings / spec.readings.max(1)
        );
        let files: [(String, Vec<u8>, &str); 6] = [
            ("empty.json".into(), Vec::new(), "malformed: empty"),
            (
                "notes.json".into(),
                b"station,temp_c\nOslo,3.4\n".to_vec(),
                "malformed: CSV, not JSON",
            ),
            (
                "stations.json".into(),
                stations,
                "malformed: an object, not an array",
            ),
            (
                format!("{}-truncated.json", at(1)),
                one[..one.len() / 2].to_vec(),
                "malformed: cut off halfway",
            ),
            (
                format!("{}-bad-value.json", at(5)),
                bad,
                "malformed: one temp_c is \"n/a\"",
            ),
            (format!("{}-huge.json", at(4)), huge, &huge_what),
        ];
        for (name, contents, what) in files {
            self.bytes += write_file(&self.dir.join(&name), &contents)?;
            let what = what.to_string();
            self.specials.push(Special { name, what });
        }
        #[cfg(unix)]
        {
            let name = format!("{}-stalled.json", at(2));
            self._pipe = Some(stalled_pipe(&self.dir.join(&name))?);
            let what = "stalled: a pipe whose writer went quiet, like a hung network share".into();
            self.specials.push(Special { name, what });
        }
        self.specials.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(())
    }

    /// The folder holding the files.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The files that are not plain files of readings, by name.
    pub fn specials(&self) -> &[Special] {
        &self.specials
    }

    /// The bytes written in all the files.
    pub fn bytes(&self) -> u64 {
        self.bytes
    }
}

impl Drop for Sample {
    fn drop(&mut self) {
        // Best effort: a lesson must not fail because the temp folder vanished.
        let _ = fs::remove_dir_all(&self.dir);
    }
}

/// Writes `contents` to `path`; returns its length.
fn write_file(path: &Path, contents: &[u8]) -> io::Result<u64> {
    let mut file = BufWriter::new(File::create(path)?);
    file.write_all(contents)?;
    file.flush()?;
    Ok(contents.len() as u64)
}

/// A JSON array of `count` readings (deterministic for a `seed`); the reading at index `bad`,
/// if any, has a temperature that is not a number.
pub fn readings(seed: u64, count: usize, bad: Option<usize>) -> Vec<u8> {
    let mut state = seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
    let mut next = move || {
        // xorshift64*: quick, deterministic, good enough for sample data.
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        state.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 11
    };
    let mut out = Vec::with_capacity(count * 100 + 4);
    out.extend_from_slice(b"[\n");
    for i in 0..count {
        let (station, mean, rainy, gusts) = STATIONS[next() as usize % STATIONS.len()];
        let (day, minute) = (1 + i / 1440 % 28, i % 1440);
        let temp = mean + (next() % 160) as f64 / 10.0 - 8.0;
        let rain = match (next() % 50, next() % 10 < rainy) {
            (0, _) => "null".to_string(), // a missing measurement
            (_, true) => format!("{:.1}", (next() % 80) as f64 / 10.0),
            (_, false) => "0.0".to_string(),
        };
        let wind = (next() % (gusts * 10)) as f64 / 10.0;
        let temp = match bad {
            Some(b) if b == i => "\"n/a\"".to_string(),
            _ => format!("{temp:.1}"),
        };
        let sep = if i + 1 < count { "," } else { "" };
        let _ = writeln!(
            out,
            "{{\"station\":\"{station}\",\"time\":\"2025-12-{day:02}T{:02}:{:02}:00Z\",\
             \"temp_c\":{temp},\"rain_mm\":{rain},\"wind_kmh\":{wind:.1}}}{sep}",
            minute / 60,
            minute % 60,
        );
    }
    out.extend_from_slice(b"]\n");
    out
}

/// Makes a named pipe at `path` holding the start of an array of readings and nothing more;
/// returns both its ends, which must stay open for it to stall instead of ending.
#[cfg(unix)]
fn stalled_pipe(path: &Path) -> io::Result<(File, File)> {
    use std::os::unix::ffi::OsStrExt;
    use std::os::unix::fs::OpenOptionsExt;
    let c_path = std::ffi::CString::new(path.as_os_str().as_bytes())
        .map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "a NUL in the temp path"))?;
    // SAFETY: c_path is a valid NUL-terminated string that outlives the call.
    if unsafe { libc::mkfifo(c_path.as_ptr(), 0o600) } != 0 {
        return Err(io::Error::last_os_error());
    }
    let open = |write: bool| {
        let mut options = fs::OpenOptions::new();
        options
            .read(!write)
            .write(write)
            .custom_flags(libc::O_NONBLOCK);
        options.open(path)
    };
    // Opening the reading end first lets the writing end open without waiting.
    let reader = open(false)?;
    let mut writer = open(true)?;
    let start = readings(1_003, 20, None);
    writer.write_all(&start[..start.len() / 2])?;
    Ok((reader, writer))
}
