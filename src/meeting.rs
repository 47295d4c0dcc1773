//! A meeting of child processes: the process-pool check's wave ([`crate::wave`] for threads).
//!
//! Each child is a small `sh` script (no clock involved in what it proves). It records its pid,
//! then counts its siblings *alive*: still in the process table with the checking process as
//! their parent, that is spawned and not yet reaped, zombies included. The first `size`
//! children to arrive wait for each other; when all have met they are held a moment (so a
//! child too many shows beside them), then leave in reverse index order (so outcomes kept in
//! finishing order show). Later children pass straight through. If the meeting has not
//! happened [`MEET_TIMEOUT`] after [`Meeting::break_after`] was called, it is broken and every
//! wait ends at once; every loop in the script is bounded too, so no child can hang.

use crate::ProcessOutcome;
use crate::children::ChildDir;
use std::io;
use std::thread;
use std::time::{Duration, Instant};

/// How long the first children wait for each other before the meeting is broken.
pub const MEET_TIMEOUT: Duration = Duration::from_secs(3);

/// The script every child runs: `sh -c SCRIPT sh <dir> <index> <size> <parent pid>`.
const SCRIPT: &str = r#"
cd "$1" 2>/dev/null || exit 97
[ -e stop ] && exit 98
i=$2 k=$3 parent=$4
alive() {
  n=0
  for f in pid.*; do
    read -r p 2>/dev/null < "$f" || continue
    read -r line 2>/dev/null < "/proc/$p/stat" || continue
    set -- $line
    [ "$4" = "$parent" ] && n=$((n + 1))
  done
  echo "$n"
}
arrived() { set -- arrived.*; [ -e "$1" ] && echo $# || echo 0; }
echo $$ > "pid.$i"
: > "arrived.$i"
seen=$(alive)
echo "child $i started, saw $seen alive" >> events
if [ "$(arrived)" -le "$k" ]; then
  t=0
  while [ ! -e broken ] && [ "$(arrived)" -lt "$k" ] && [ $t -lt 2000 ]; do
    t=$((t + 1)); sleep 0.01
  done
  if [ ! -e broken ] && [ "$(arrived)" -ge "$k" ]; then
    : > met
    s=$(alive); [ "$s" -gt "$seen" ] && seen=$s
    sleep 0.2
    s=$(alive); [ "$s" -gt "$seen" ] && seen=$s
    for f in arrived.*; do
      j=${f#arrived.}; t=0
      [ "$j" -gt "$i" ] || continue
      while [ ! -e "left.$j" ] && [ ! -e broken ] && [ $t -lt 500 ]; do
        t=$((t + 1)); sleep 0.01
      done
    done
  fi
fi
echo "$seen" > "seen.$i"
echo "child $i leaves, saw at most $seen alive" >> events
echo "child $i"
: > "left.$i"
exit $((i % 5))
"#;

/// `n` children of which the first `size` meet; their folder outlives them until dropped.
#[derive(Debug)]
pub struct Meeting {
    dir: ChildDir,
    size: usize,
    n: usize,
}

impl Meeting {
    /// A meeting of the first `size` of `n` children, in a fresh temporary folder.
    pub fn new(n: usize, size: usize) -> io::Result<Meeting> {
        let dir = ChildDir::new("meeting")?;
        Ok(Meeting { dir, size, n })
    }

    /// The folder the children meet in (dropping the meeting kills what is left of them).
    pub fn dir(&self) -> &ChildDir {
        &self.dir
    }

    /// The argv of child `index`: `/bin/sh -c SCRIPT sh <dir> <index> <size> <our pid>`.
    pub fn command(&self, index: usize) -> Vec<String> {
        let parent = std::process::id().to_string();
        let args = [
            self.dir.arg(),
            index.to_string(),
            self.size.to_string(),
            parent,
        ];
        sh(SCRIPT, &args.iter().map(String::as_str).collect::<Vec<_>>())
    }

    /// The argv of every child, in index order.
    pub fn commands(&self) -> Vec<Vec<String>> {
        (0..self.n).map(|i| self.command(i)).collect()
    }

    /// How child `index` ends: exit code `index % 5`, having printed "child <index>".
    pub fn outcome(index: usize) -> ProcessOutcome {
        ProcessOutcome::Exited {
            code: (index % 5) as i32,
            stdout: format!("child {index}\n"),
        }
    }

    /// Breaks the meeting if it has not happened within [`MEET_TIMEOUT`] from now.
    pub fn break_after(&self) {
        let (met, broken) = (self.dir.path().join("met"), self.dir.path().join("broken"));
        thread::spawn(move || {
            let start = Instant::now();
            while !met.exists() {
                if start.elapsed() >= MEET_TIMEOUT {
                    let _ = std::fs::write(&broken, b"");
                    return;
                }
                thread::sleep(Duration::from_millis(10));
            }
        });
    }

    /// True if the first `size` children met.
    pub fn met(&self) -> bool {
        self.size == 0 || self.dir.has("met")
    }

    /// How many times child `index` was started.
    pub fn starts(&self, index: usize) -> usize {
        let events = self.dir.read("events");
        let started = format!("child {index} started,");
        events.lines().filter(|l| l.starts_with(&started)).count()
    }

    /// The most children any child saw alive at once (spawned and not yet reaped).
    pub fn peak(&self) -> usize {
        let seen = |i: usize| self.dir.read(&format!("seen.{i}")).trim().parse().ok();
        (0..self.n).filter_map(seen).max().unwrap_or(0)
    }

    /// What the children reported, in the order they wrote it (at most `lines` lines).
    pub fn events(&self, lines: usize) -> String {
        let events = self.dir.read("events");
        let all: Vec<&str> = events.lines().collect();
        let mut out: Vec<String> = all.iter().take(lines).map(|l| format!("  {l}")).collect();
        if all.len() > lines {
            out.push(format!("  … and {} more lines", all.len() - lines));
        }
        out.join("\n")
    }
}

/// The argv that runs `script` with `/bin/sh -c`, `args` as `$1`, `$2`, ...
pub fn sh(script: &str, args: &[&str]) -> Vec<String> {
    let head = ["/bin/sh", "-c", script, "sh"];
    head.iter().chain(args).map(|s| s.to_string()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::process::{Command, Stdio};

    #[test]
    fn two_children_run_together_meet_and_see_each_other() {
        let meeting = Meeting::new(3, 2).expect("a temporary folder");
        meeting.break_after();
        let spawn = |argv: Vec<String>| {
            let mut command = Command::new(&argv[0]);
            command
                .args(&argv[1..])
                .stdin(Stdio::null())
                .stdout(Stdio::piped());
            command.spawn().expect("sh starts")
        };
        let children: Vec<_> = meeting.commands().into_iter().take(2).map(spawn).collect();
        for (i, child) in children.into_iter().enumerate() {
            let out = child.wait_with_output().expect("the child ends");
            assert_eq!(out.status.code(), Some(i as i32));
            assert_eq!(String::from_utf8_lossy(&out.stdout), format!("child {i}\n"));
        }
        assert!(meeting.met());
        assert_eq!(meeting.peak(), 2);
        assert_eq!((meeting.starts(0), meeting.starts(2)), (1, 0));
    }
}
