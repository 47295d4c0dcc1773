//! The I/O-bound workloads: a simulated network fetch and reading a folder of files.

use super::{buffer, hash_buffer};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// `count` distinct URLs to fetch.
pub fn urls(count: usize) -> Vec<String> {
    (0..count)
        .map(|i| format!("https://example.org/page/{i}"))
        .collect()
}

/// The body [`fetch`] returns for `url`.
pub fn body_of(url: &str) -> String {
    format!(
        "<html><title>{url}</title><p>{} bytes of news</p></html>",
        url.len() * 64
    )
}

/// Simulates fetching `url` over a slow network: waits `latency` (the thread sleeps, its core
/// is free for others), then returns the page's body.
pub fn fetch(url: &str, latency: Duration) -> String {
    thread::sleep(latency);
    body_of(url)
}

/// A folder of generated files under the system's temp folder, removed when dropped.
#[derive(Debug)]
pub struct TempFiles {
    dir: PathBuf,
    paths: Vec<PathBuf>,
}

impl TempFiles {
    /// Writes `count` files of `bytes` bytes each (deterministic contents) into a new folder.
    pub fn create(count: usize, bytes: usize) -> io::Result<TempFiles> {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let name = format!(
            "parlings-{}-{}-{nanos}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        );
        let dir = std::env::temp_dir().join(name);
        fs::create_dir(&dir)?;
        // From here on, dropping `files` removes the folder, also if a write fails.
        let mut files = TempFiles {
            dir,
            paths: Vec::with_capacity(count),
        };
        for i in 0..count {
            let path = files.dir.join(format!("file-{i:04}.bin"));
            fs::write(&path, buffer(bytes, i as u64))?;
            files.paths.push(path);
        }
        Ok(files)
    }

    /// The folder holding the files.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The files, in the order they were written.
    pub fn paths(&self) -> &[PathBuf] {
        &self.paths
    }
}

impl Drop for TempFiles {
    fn drop(&mut self) {
        // Clean-up is best effort: a lesson must not fail because the temp folder vanished.
        let _ = fs::remove_dir_all(&self.dir);
    }
}

/// Reads a whole file and returns its FNV-1a hash: the work of "read and check a file".
pub fn read_and_hash(path: &Path) -> io::Result<u64> {
    Ok(hash_buffer(&fs::read(path)?, 1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Instant;

    #[test]
    fn fetch_waits_and_returns_the_body() {
        let start = Instant::now();
        let body = fetch("https://example.org/x", Duration::from_millis(5));
        assert!(start.elapsed() >= Duration::from_millis(5));
        assert_eq!(body, body_of("https://example.org/x"));
        assert_eq!(urls(3).len(), 3);
    }

    #[test]
    fn temp_files_are_written_read_and_removed() {
        let files = TempFiles::create(3, 100).expect("the temp folder is writable");
        let dir = files.dir().to_path_buf();
        assert_eq!(files.paths().len(), 3);
        let hash = read_and_hash(&files.paths()[1]).expect("the file was just written");
        assert_eq!(hash, hash_buffer(&buffer(100, 1), 1));
        drop(files);
        assert!(!dir.exists());
    }
}
