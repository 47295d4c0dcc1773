"""What every Python companion of the course shares: its command line and its report.

Each lessonN.py runs alone (`python3 lessons/python/lesson2.py --quick`) and prints a table.
With --json it prints one JSON object per line instead, which `cargo run --bin lessonN --
--compare-python` reads to show Rust and Python in one table. The Rust lesson passes the
batch's size as flags (--tasks, --width, ...), so both sides do the same work.

Standard library only.
"""

import argparse
import json
import platform
import time
from multiprocessing import cpu_count


def arguments(description, quick, full):
    """The companion's command line: --quick, --json, --workers and the batch's own flags.

    `quick` and `full` map each batch flag to its default for a quick or a full run, e.g.
    {"tasks": 8, "width": 400}; a flag given on the command line wins.
    """
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--quick", action="store_true", help="small sizes: seconds")
    parser.add_argument("--json", action="store_true", help="one JSON object per line")
    parser.add_argument("--workers", type=int, default=0,
                        help="worker processes [default: cpu_count()]")
    for name, value in full.items():
        kind = type(value)
        parser.add_argument("--" + name.replace("_", "-"), type=kind, default=None,
                            help=f"[default: {quick[name]} with --quick, {value} without]")
    args = parser.parse_args()
    for name in full:
        if getattr(args, name) is None:
            setattr(args, name, quick[name] if args.quick else full[name])
    # The article's rule: as many workers as cores.
    args.workers = args.workers or cpu_count()
    return args


def timed(work):
    """Runs work(); returns (seconds, result)."""
    start = time.perf_counter()
    result = work()
    return time.perf_counter() - start, result


def clocks():
    """This thread's time on a CPU and its time queued for a busy core, in seconds (Linux
    reports both; elsewhere the CPU time alone)."""
    try:
        with open("/proc/thread-self/schedstat") as f:
            on_cpu, queued = f.read().split()[:2]
        return int(on_cpu) / 1e9, int(queued) / 1e9
    except (OSError, ValueError):
        return time.thread_time(), 0.0


class Report:
    """Collects the measurements: prints them as JSON lines, or as a table at the end."""

    def __init__(self, args, title):
        self.json = args.json
        self.title = title
        self.rows = []
        self.notes = []
        self.emit({"python": f"Python {platform.python_version()}"})

    def emit(self, obj):
        if self.json:
            print(json.dumps(obj), flush=True)

    def row(self, key, what, how, seconds=None, baseline=None, value=None):
        """One measurement: `how` ran the work `what` in `seconds`."""
        row = {"key": key, "what": what, "how": how}
        if seconds is not None:
            row["seconds"] = seconds
        if baseline is not None:
            row["baseline"] = baseline
        if value is not None:
            row["value"] = value
        self.rows.append(row)
        self.emit(row)

    def digest(self, text):
        """A summary of the results, to compare with the Rust side's."""
        self.emit({"digest": text})
        self.notes.append(f"results: {text}")

    def note(self, text):
        self.emit({"note": text})
        self.notes.append(text)

    def finish(self):
        """Prints the table (without --json)."""
        if self.json:
            return
        print(f"\n{self.title} · {cpu_count()} cores · Python {platform.python_version()}")
        seconds = {r["key"]: r.get("seconds") for r in self.rows}
        header = ("work", "how", "time", "speed-up")
        lines = []
        last = None
        for r in self.rows:
            what = r["what"] if r["what"] != last else ""
            last = r["what"]
            time_text = _duration(r["seconds"]) if "seconds" in r else ""
            if "value" in r:
                time_text = f"{time_text} {r['value']}".strip()
            base = seconds.get(r.get("baseline"))
            gain = ""
            if base and r.get("seconds") and r.get("baseline") != r["key"]:
                gain = f"{base / r['seconds']:.2f}x"
            lines.append((what, r["how"], time_text, gain))
        widths = [max(len(x[i]) for x in lines + [header]) for i in range(4)]
        for line in [header] + lines:
            print("  " + " | ".join(c.ljust(w) for c, w in zip(line, widths)))
        for note in self.notes:
            print("  " + note)


def _duration(seconds):
    if seconds is None:
        return ""
    if seconds < 1e-3:
        return f"{seconds * 1e6:.0f} us"
    if seconds < 0.1:
        return f"{seconds * 1e3:.1f} ms"
    if seconds < 1:
        return f"{seconds * 1e3:.0f} ms"
    return f"{seconds:.2f} s"

