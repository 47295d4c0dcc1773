//! The script's real work: parse one JSON file of weather readings and aggregate it.
//!
//! A file holds an array of readings such as
//! `{"station": "Oslo", "time": "…", "temp_c": 3.4, "rain_mm": 0.2, "wind_kmh": 12.5}`.
//! Each reading counts towards its station: for every field of [`FIELDS`], count, sum, min and
//! max (a missing or null field is a missing measurement). To adapt the script to your data,
//! change [`GROUP_BY`], [`FIELDS`] and, if your records differ more, [`Totals::add`].
//!
//! The array is streamed: each reading is parsed, counted and dropped, so a 10 GB file needs
//! no more memory than a small one, and the parse checks its [`Budget`] as it goes.

use super::budget::{Budget, StopReader};
use anyhow::{Context, Result};
use serde::de::{DeserializeSeed, Deserializer, Error as _, SeqAccess, Visitor};
use serde_json::Value;
use std::collections::BTreeMap;
use std::fmt;
use std::fs::{self, File, OpenOptions};
use std::io::{self, BufReader};
use std::path::{Path, PathBuf};

/// The field that names a reading's group: its station.
pub const GROUP_BY: &str = "station";
/// The numeric fields aggregated per station.
pub const FIELDS: [&str; 3] = ["temp_c", "rain_mm", "wind_kmh"];
/// How many readings the parse handles between two checks of its budget.
const CHECK_EVERY: u64 = 1024;

/// Count, sum, minimum and maximum of one field's values.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Stats {
    /// How many values.
    pub count: u64,
    /// Their sum.
    pub sum: f64,
    /// The smallest.
    pub min: f64,
    /// The largest.
    pub max: f64,
}

impl Stats {
    /// The statistics of one value.
    pub fn of(value: f64) -> Stats {
        Stats {
            count: 1,
            sum: value,
            min: value,
            max: value,
        }
    }

    /// Adds the values counted in `other`.
    pub fn merge(&mut self, other: &Stats) {
        self.count += other.count;
        self.sum += other.sum;
        self.min = self.min.min(other.min);
        self.max = self.max.max(other.max);
    }

    /// The mean of the values.
    pub fn mean(&self) -> f64 {
        self.sum / self.count.max(1) as f64
    }
}

/// One station's readings: how many, and the statistics of each field.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Station {
    /// Readings of this station.
    pub readings: u64,
    /// Statistics per field, for the fields that had at least one value.
    pub fields: BTreeMap<String, Stats>,
}

/// The aggregate of one file, or of many merged: readings per station.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Totals {
    /// Every reading counted.
    pub readings: u64,
    /// Per station, by name.
    pub stations: BTreeMap<String, Station>,
}

impl Totals {
    /// Counts one reading (`number` counts from 1, for messages), or says what is wrong with it.
    pub fn add(&mut self, number: u64, reading: &Value) -> Result<(), String> {
        let Value::Object(fields) = reading else {
            return Err(format!(
                "reading {number} is {}, not an object",
                shown(reading)
            ));
        };
        let Some(Value::String(name)) = fields.get(GROUP_BY) else {
            return Err(format!("reading {number} has no \"{GROUP_BY}\" name"));
        };
        // Check every field before counting any, so a bad reading leaves no trace.
        let mut values = [None; FIELDS.len()];
        for (slot, field) in values.iter_mut().zip(FIELDS) {
            *slot = match fields.get(field) {
                None | Some(Value::Null) => None,
                Some(Value::Number(n)) => n.as_f64(),
                Some(other) => {
                    let other = shown(other);
                    return Err(format!(
                        "reading {number}: \"{field}\" is {other}, not a number"
                    ));
                }
            };
        }
        if !self.stations.contains_key(name) {
            self.stations.insert(name.clone(), Station::default());
        }
        let station = self.stations.get_mut(name).expect("inserted above");
        station.readings += 1;
        self.readings += 1;
        for (value, field) in values.into_iter().zip(FIELDS) {
            let Some(value) = value else { continue };
            match station.fields.get_mut(field) {
                Some(stats) => stats.merge(&Stats::of(value)),
                None => {
                    station.fields.insert(field.to_string(), Stats::of(value));
                }
            }
        }
        Ok(())
    }

    /// Adds everything counted in `other`.
    pub fn merge(&mut self, other: &Totals) {
        self.readings += other.readings;
        for (name, theirs) in &other.stations {
            let ours = self.stations.entry(name.clone()).or_default();
            ours.readings += theirs.readings;
            for (field, stats) in &theirs.fields {
                ours.fields
                    .entry(field.clone())
                    .and_modify(|mine| mine.merge(stats))
                    .or_insert(*stats);
            }
        }
    }
}

/// A JSON value for an error message: itself if short, else what kind of value it is.
fn shown(value: &Value) -> String {
    let text = value.to_string();
    if text.chars().count() <= 24 {
        return text;
    }
    let kind = match value {
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
        Value::String(_) => "a long string",
        _ => "a long value",
    };
    kind.to_string()
}

/// Parses the file at `path` and aggregates its readings, checking `budget` as it goes.
pub fn process_file(path: &Path, budget: &Budget) -> Result<Totals> {
    let file = open(path).with_context(|| format!("cannot open it: {}", path.display()))?;
    let reader = BufReader::with_capacity(64 << 10, StopReader::new(file, budget));
    let mut parser = serde_json::Deserializer::from_reader(reader);
    let mut totals = Totals::default();
    ReadingsOf(&mut totals, budget).deserialize(&mut parser)?;
    parser.end()?; // nothing but whitespace may follow the array
    Ok(totals)
}

/// Opens a file for reading; on Unix without blocking, so that a named pipe nobody writes to
/// cannot hang `open` (reads then wait in [`StopReader`], which watches the budget).
fn open(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut options, libc::O_NONBLOCK);
    options.open(path)
}

/// The `.json` files directly in `dir` (not in its sub-folders), sorted by name.
pub fn json_files(dir: &Path) -> io::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        let json = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("json"));
        // `fs::metadata` follows links: a link to a folder is not a file.
        if json && fs::metadata(&path).is_ok_and(|m| !m.is_dir()) {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

/// Streams an array of readings into the totals: serde calls `visit_seq` once, and the loop
/// takes one reading at a time, so the whole array is never in memory.
struct ReadingsOf<'a>(&'a mut Totals, &'a Budget);

impl<'de> DeserializeSeed<'de> for ReadingsOf<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, parser: D) -> Result<(), D::Error> {
        parser.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for ReadingsOf<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array of readings")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let ReadingsOf(totals, budget) = self;
        let mut number = 0;
        while let Some(reading) = seq.next_element::<Value>()? {
            number += 1;
            if number % CHECK_EVERY == 0 {
                budget.check().map_err(A::Error::custom)?;
            }
            totals.add(number, &reading).map_err(A::Error::custom)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn readings_are_counted_per_station_and_bad_ones_named() {
        let mut totals = Totals::default();
        let oslo = json!({"station": "Oslo", "temp_c": 2.0, "rain_mm": null});
        totals.add(1, &oslo).expect("a good reading");
        let colder = json!({"station": "Oslo", "temp_c": -4.5, "wind_kmh": 30});
        totals.add(2, &colder).expect("a good reading");
        let station = &totals.stations["Oslo"];
        assert_eq!((totals.readings, station.readings), (2, 2));
        let temp = station.fields["temp_c"];
        assert_eq!(
            (temp.count, temp.min, temp.max, temp.mean()),
            (2, -4.5, 2.0, -1.25)
        );
        assert!(!station.fields.contains_key("rain_mm"));
        let bad = json!({"station": "Oslo", "temp_c": "n/a"});
        let err = totals.add(3, &bad).expect_err("a string is not a number");
        assert_eq!(err, "reading 3: \"temp_c\" is \"n/a\", not a number");
        assert_eq!(totals.readings, 2, "a bad reading leaves no trace");
        let mut merged = totals.clone();
        merged.merge(&totals);
        assert_eq!(merged.stations["Oslo"].fields["temp_c"].count, 4);
    }
}
