"""Lesson 6 in Python, the capstone: a parallel script over a folder of JSON files.

Every step of the article in one script: a Pool of cpu_count() workers (step 2) runs a
top-level task per file; each file is passed by name and its totals come back as a value,
nothing shared (step 3); a bad file becomes a marker, a stuck file a timeout, and the pool is
always closed and joined, or terminated when a worker hangs (step 4).

    python3 lessons/python/lesson6.py --quick            # on a generated sample folder
    python3 lessons/python/lesson6.py --dir ~/data       # on your own folder of .json files
"""

import json
import os
import random
import shutil
import tempfile
import time
from multiprocessing import Pool, TimeoutError

from companion import Report, arguments

GROUP_BY = "station"
FIELDS = ("temp_c", "rain_mm", "wind_kmh")
STATIONS = ("Hanoi", "Lagos", "Lima", "Osaka", "Oslo", "Perth", "Quito", "Tunis")


# ANCHOR: task
def aggregate(readings):
    """Per station: how many readings, and count, sum, min and max
    of each field."""
    if not isinstance(readings, list):
        found = type(readings).__name__
        raise ValueError(f"expected an array of readings, found {found}")
    totals = {}
    for number, reading in enumerate(readings, start=1):
        name = reading.get(GROUP_BY) if isinstance(reading, dict) else None
        if not isinstance(name, str):
            raise ValueError(f"reading {number} has no {GROUP_BY} name")
        values = {}
        for field in FIELDS:
            value = reading.get(field)
            number_like = isinstance(value, (int, float))
            if value is not None and (isinstance(value, bool) or not number_like):
                raise ValueError(f"reading {number}: \"{field}\" is "
                                 f"{json.dumps(value)}, not a number")
            values[field] = value
        station = totals.setdefault(name, {"readings": 0})
        station["readings"] += 1
        for field, value in values.items():
            if value is not None:
                n, total, low, high = station.get(field, (0, 0.0, value, value))
                station[field] = (n + 1, total + value,
                                  min(low, value), max(high, value))
    return totals


def process_file(path):
    """The task: read one file, aggregate it. Top-level, so the
    pool can pickle it."""
    try:
        with open(path, encoding="utf-8") as f:
            return ("done", aggregate(json.load(f)))
    except Exception as error:  # a marker; the batch goes on
        return ("failed", f"{type(error).__name__}: {error}")
# ANCHOR_END: task


# ANCHOR: run
def run(files, workers, deadline):
    """Every file's outcome, in order. A file still running
    `deadline` seconds after its turn comes is timed out; its worker
    is stuck, so the pool is terminated, and what had not finished
    runs again on a new pool."""
    outcomes, todo = [None] * len(files), list(range(len(files)))
    while todo:
        pool = Pool(workers)
        pending = [(i, pool.apply_async(process_file, (files[i],)))
                   for i in todo]
        todo, hung = [], False
        for i, result in pending:
            if hung:  # after a hang: keep what is done, rerun the rest
                if result.ready():
                    outcomes[i] = result.get()
                else:
                    todo.append(i)
                continue
            try:
                outcomes[i] = result.get(timeout=deadline)
            except TimeoutError:
                late = f"still running after {deadline:g} s"
                outcomes[i] = ("timed out", late)
                hung = True
        if hung:
            pool.terminate()  # join() would wait for the stuck worker
        else:
            pool.close()
        pool.join()
    return outcomes
# ANCHOR_END: run


def merge(outcomes):
    """All the files' totals, merged in file order."""
    merged = {}
    for status, totals in outcomes:
        if status != "done":
            continue
        for name, theirs in totals.items():
            ours = merged.setdefault(name, {"readings": 0})
            ours["readings"] += theirs["readings"]
            for field in FIELDS:
                if field in theirs:
                    c, s, lo, hi = theirs[field]
                    c0, s0, lo0, hi0 = ours.get(field, (0, 0.0, lo, hi))
                    ours[field] = (c0 + c, s0 + s, min(lo0, lo), max(hi0, hi))
    return merged


def write_atomically(path, text):
    """Writes a temporary file beside `path`, then renames it over `path` in one step."""
    folder = os.path.dirname(os.path.abspath(path))
    with tempfile.NamedTemporaryFile("w", dir=folder, delete=False, suffix=".tmp") as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())
    os.replace(f.name, path)


def sample(folder, files, readings, huge):
    """A folder of weather readings with trouble in it: malformed, very large, stalled."""
    def write(name, count, seed, bad=None):
        rng = random.Random(seed)
        rows = []
        for i in range(count):
            temp = "\"n/a\"" if i == bad else f"{rng.uniform(-8, 30):.1f}"
            rows.append(f'{{"station":"{rng.choice(STATIONS)}","temp_c":{temp},'
                        f'"rain_mm":{rng.choice(["null", "0.0", "1.5"])},'
                        f'"wind_kmh":{rng.uniform(0, 90):.1f}}}')
        text = "[\n" + ",\n".join(rows) + "\n]\n"
        with open(os.path.join(folder, name), "w") as f:
            f.write(text)
        return text
    for i in range(files):
        write(f"readings-{i:03}.json", readings, i)
    one = write("readings-010-truncated.json", readings, 1000)
    with open(os.path.join(folder, "readings-010-truncated.json"), "w") as f:
        f.write(one[: len(one) // 2])
    write("readings-050-bad-value.json", readings, 1001, bad=readings * 2 // 3)
    write("readings-040-huge.json", huge, 1002)
    for name, text in [("empty.json", ""), ("notes.json", "station,temp_c\nOslo,3.4\n"),
                       ("stations.json", json.dumps({"stations": STATIONS}))]:
        with open(os.path.join(folder, name), "w") as f:
            f.write(text)
    if hasattr(os, "mkfifo"):  # a file whose reading stalls, like a hung network share
        path = os.path.join(folder, "readings-020-stalled.json")
        os.mkfifo(path)
        reader = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        writer = os.open(path, os.O_WRONLY | os.O_NONBLOCK)
        os.write(writer, b'[\n{"station":"Oslo","temp_c":')
        return reader, writer
    return None


def main():
    args = arguments(
        "Lesson 6 in Python: a parallel script over a folder of JSON files",
        quick={"dir": "", "deadline_ms": 500, "files": 40, "readings": 2000, "huge": 20000,
               "out": os.path.join(tempfile.gettempdir(), "parlings-lesson6-python.json")},
        full={"dir": "", "deadline_ms": 1500, "files": 80, "readings": 4000, "huge": 80000,
              "out": os.path.join(tempfile.gettempdir(), "parlings-lesson6-python.json")},
    )
    folder, pipe = args.dir, None
    if not folder:
        folder = tempfile.mkdtemp(prefix="parlings-lesson6-python-")
        pipe = sample(folder, args.files, args.readings, args.huge)
    try:
        files = sorted(os.path.join(folder, n) for n in os.listdir(folder)
                       if n.lower().endswith(".json"))
        report = Report(args, f"{len(files)} JSON files in {folder}")
        deadline = args.deadline_ms / 1000
        what = f"{len(files)} files, deadline {args.deadline_ms} ms"
        for key, workers in [("sequential", 1), ("pool", args.workers)]:
            start = time.perf_counter()
            outcomes = run(files, workers, deadline)
            took = time.perf_counter() - start
            counts = {s: sum(1 for o in outcomes if o[0] == s)
                      for s in ("done", "failed", "timed out")}
            report.row(key, what, f"Pool({workers}), apply_async + get(timeout)", took,
                       "sequential", value=", ".join(f"{n} {s}" for s, n in counts.items()))
        merged = merge(outcomes)
        write_atomically(args.out, json.dumps({
            "folder": folder,
            "items": [{"file": os.path.basename(p), "status": o[0],
                       "error": o[1] if o[0] != "done" else None}
                      for p, o in zip(files, outcomes)],
            "stations": merged,
        }, indent=2))
        readings = sum(s["readings"] for s in merged.values())
        report.digest(", ".join(f"{n} {s}" for s, n in counts.items())
                      + f"; {readings} readings")
        report.note(f"Report written atomically: {args.out}")
        report.finish()
    finally:
        if pipe:
            for fd in pipe:
                os.close(fd)
        if not args.dir:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
