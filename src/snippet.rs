//! Code a lesson shows: cut from its own source, or compiled to prove the compiler refuses it.
//!
//! A lesson that prints a piece of its own code takes it from its source file between
//! mdBook's `// ANCHOR: name` and `// ANCHOR_END: name` lines, so the code shown is the code
//! that ran. A lesson that shows code which must *not* compile has a test that hands it to
//! rustc with [`refused`], so the lesson's claim is checked on every toolchain.

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::{Command, Stdio};

/// The lines between `// ANCHOR: name` and `// ANCHOR_END: name` of `source`, dedented,
/// without any anchor lines nested inside; `None` if the anchor is missing.
pub fn anchored(source: &str, name: &str) -> Option<String> {
    let is = |line: &str, tag: &str| line.trim() == format!("// {tag}: {name}");
    let mut lines = source.lines().skip_while(|line| !is(line, "ANCHOR"));
    lines.next()?;
    let body: Vec<&str> = lines
        .take_while(|line| !is(line, "ANCHOR_END"))
        .filter(|line| !line.trim_start().starts_with("// ANCHOR"))
        .collect();
    let indent = body
        .iter()
        .filter(|line| !line.trim().is_empty())
        .map(|line| line.len() - line.trim_start().len())
        .min()
        .unwrap_or(0);
    let dedented: Vec<&str> = body
        .iter()
        .map(|line| line.get(indent..).unwrap_or(""))
        .collect();
    Some(dedented.join("\n"))
}

/// Compiles `code` (a whole program) with rustc; returns rustc's diagnostics when it is
/// refused, and an error when it compiles or rustc cannot run.
pub fn refused(code: &str) -> io::Result<String> {
    let dir = scratch_dir()?;
    let result = compile(code, &dir);
    let _ = std::fs::remove_dir_all(&dir);
    result
}

/// Panics unless rustc refuses `code` with a message that contains `says` (for lesson tests).
#[track_caller]
pub fn assert_refused(code: &str, says: &str) {
    let errors = refused(code).unwrap_or_else(|e| panic!("rustc did not refuse it: {e}"));
    assert!(
        errors.contains(says),
        "the lesson says {says:?}; rustc says:\n{errors}"
    );
}

fn compile(code: &str, dir: &std::path::Path) -> io::Result<String> {
    let rustc = std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    let mut child = Command::new(rustc)
        .args([
            "--edition",
            "2024",
            "--crate-name",
            "snippet",
            "--emit",
            "metadata",
            "-",
        ])
        .arg("--out-dir")
        .arg(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()?;
    child
        .stdin
        .take()
        .expect("stdin was piped")
        .write_all(code.as_bytes())?;
    let output = child.wait_with_output()?;
    if output.status.success() {
        return Err(io::Error::other("rustc compiled the snippet"));
    }
    Ok(String::from_utf8_lossy(&output.stderr).into_owned())
}

fn scratch_dir() -> io::Result<PathBuf> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "parlings-snippet-{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SOURCE: &str = "\
fn outer() {
    // ANCHOR: body
    let x = 1;
    if x > 0 {
        // ANCHOR: inner
        println!(\"{x}\");
        // ANCHOR_END: inner
    }
    // ANCHOR_END: body
}";

    #[test]
    fn an_anchor_gives_its_lines_dedented_without_nested_anchors() {
        assert_eq!(
            anchored(SOURCE, "body").as_deref(),
            Some("let x = 1;\nif x > 0 {\n    println!(\"{x}\");\n}")
        );
        assert_eq!(
            anchored(SOURCE, "inner").as_deref(),
            Some("println!(\"{x}\");")
        );
        assert_eq!(anchored(SOURCE, "missing"), None);
    }

    #[test]
    fn rustc_refuses_a_borrow_error_and_accepts_a_good_program() {
        let dangling = "fn main() { let r; { let x = 1; r = &x; } println!(\"{r}\"); }";
        assert_refused(dangling, "error[E0597]");
        assert!(refused("fn main() {}").is_err());
    }
}
