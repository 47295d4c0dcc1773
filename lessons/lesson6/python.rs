//! Lesson 6 beside its Python companion (`--compare-python`): `lessons/python/lesson6.py` runs
//! the same folder with the same deadline and workers, `multiprocessing.Pool` doing the work.

use super::script::{Folder, Settings};
use parlings::capstone::report::merged;
use parlings::capstone::{Batch, Totals};
use parlings::compare::{Comparison, Figure};

/// The two runs just measured, as the Rust side of the comparison, and the flags that make
/// the companion run the same batch (the sample is still there while the companion runs).
pub(crate) fn beside_python(
    folder: &Folder,
    settings: &Settings,
    pool: &Batch<Totals>,
    sequential: &Batch<Totals>,
) -> anyhow::Result<Comparison> {
    let (files, ms) = (folder.files.len(), settings.deadline.as_millis());
    let mut c = Comparison::new("lesson6", format!("{files} JSON files, deadline {ms} ms"));
    let report = c.temp_file("python-report.json", "")?;
    c.arg("dir", folder.dir.display())
        .arg("workers", settings.workers)
        .arg("deadline-ms", ms)
        .arg("out", report.display());
    let what = format!("{files} files, deadline {ms} ms");
    let runs = [("sequential", sequential), ("pool", pool)];
    for (key, batch) in runs {
        let s = if batch.workers == 1 { "" } else { "s" };
        let how = format!("capstone::run, {} worker{s}", batch.workers);
        let figure = Figure::new(key, &what, how).took(batch.elapsed);
        c.rust(figure.value(outcomes(batch)).against("sequential"));
    }
    let readings = merged(pool).readings;
    c.digest(format!("{}; {readings} readings", outcomes(pool)));
    Ok(c)
}

/// "81 done, 5 failed, 1 timed out", as the companion words it.
fn outcomes(batch: &Batch<Totals>) -> String {
    let c = batch.counts();
    format!(
        "{} done, {} failed, {} timed out",
        c.done, c.failed, c.timed_out
    )
}
