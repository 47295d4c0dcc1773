"""Lesson 4 in Python: never skip error handling and clean-up (the article's step 4).

A crashed child fails silently by default and the parent may hang. So:
- wrap the worker's body in try/except, log the error and return a marker, so one failure
  does not stop the whole batch;
- give map_async().get() a timeout, so a stuck batch raises TimeoutError instead of hanging;
- always call pool.close() and pool.join(), or leftover workers eat the machine.

    python3 lessons/python/lesson4.py --quick
"""

import multiprocessing
import time
from multiprocessing import Pool, TimeoutError

from companion import Report, arguments, timed
from lesson1 import count_primes

PRIME_BASE = 1_000_000_000


def records(count, width):
    """The batch: most records are widths of a prime range to count, some are corrupt."""
    out = []
    for i in range(count):
        if i % 16 == 5:
            out.append(f"{width}x")
        elif i % 32 == 13:
            out.append("")
        else:
            out.append(str(width + i))
    return out


def process(record):
    """One record's work: parse it, then count the primes in a range that wide."""
    if not record:
        raise ValueError("empty record")
    width = int(record)  # raises ValueError for "300x"
    return count_primes((PRIME_BASE, PRIME_BASE + width))


# ANCHOR: marker
def work(record):
    """The task the pool runs: a failure comes back as a marker,
    never as an exception."""
    try:
        return process(record)
    except Exception as error:  # a marker; the batch goes on
        return ("error", record, str(error))
# ANCHOR_END: marker


def stuck(seconds):
    """A task that hangs, like a server that does not answer."""
    time.sleep(seconds)
    return seconds


# ANCHOR: batch
def run_batch(records, workers):
    """Every record's result or marker, in order, and the failures
    (reported after the batch)."""
    pool = Pool(workers)
    try:
        results = pool.map(work, records)
    finally:
        pool.close()
        pool.join()
    failures = [r for r in results if isinstance(r, tuple)]
    return results, failures
# ANCHOR_END: batch


def run_unwrapped(records, workers):
    """The same batch without try/except: the first exception ends it, in the parent."""
    pool = Pool(workers)
    try:
        pool.map(process, records)
        return "no error (unexpected)"
    except ValueError as error:
        return f"all lost: ValueError: {error}"
    finally:
        pool.close()
        pool.join()


# ANCHOR: timeout
def wait_then_terminate(hang, timeout):
    """Waits `timeout` for a task stuck for `hang`, then kills its
    worker: it would not end by itself."""
    pool = Pool(1)
    pending = pool.map_async(stuck, [hang])
    start = time.perf_counter()
    try:
        pending.get(timeout=timeout)
        gave_up = None
    except TimeoutError:
        gave_up = time.perf_counter() - start
    busy = sum(p.is_alive() for p in multiprocessing.active_children())
    ended, _ = timed(lambda: (pool.terminate(), pool.join()))
    return gave_up, busy, ended
# ANCHOR_END: timeout


def forget(crew, seconds):
    """Leaves `crew` workers busy, without close() or join(); returns how many still run."""
    pool = Pool(crew)
    pool.map_async(stuck, [seconds] * crew, chunksize=1)  # never waited for
    time.sleep(seconds / 3)
    busy = len(multiprocessing.active_children())
    pool.terminate()  # the clean-up this demo skipped, done now so nothing lingers
    pool.join()
    return busy


# ANCHOR: close_join
def close_and_join(crew, seconds):
    """close(): no new tasks; join(): wait until every worker is
    done and gone."""
    pool = Pool(crew)
    pool.map_async(stuck, [seconds] * crew, chunksize=1)
    pool.close()
    pool.join()
    return len(multiprocessing.active_children())
# ANCHOR_END: close_join


def main():
    args = arguments(
        "Lesson 4 in Python: errors, timeouts, close and join",
        quick={"records": 32, "width": 300, "timeout_ms": 100, "hang_ms": 400,
               "work_ms": 150, "crew": 4},
        full={"records": 64, "width": 600, "timeout_ms": 250, "hang_ms": 1000,
              "work_ms": 300, "crew": 4},
    )
    n = args.workers
    batch = records(args.records, args.width)
    report = Report(args, f"{args.records} records; a task stuck {args.hang_ms} ms")
    what = f"process {args.records} records, some corrupt"

    took, (results, failures) = timed(lambda: run_batch(batch, n))
    report.row("markers", what, "pool.map(work): try/except returns a marker", took,
               value=f"{len(results) - len(failures)} results, {len(failures)} markers")
    report.row("unwrapped", what, "pool.map(process), no try/except",
               value=run_unwrapped(batch, n))

    gave_up, busy, ended = wait_then_terminate(args.hang_ms / 1000, args.timeout_ms / 1000)
    report.row("deadline", f"a task stuck {args.hang_ms} ms, timeout {args.timeout_ms} ms",
               "map_async(...).get(timeout): TimeoutError", gave_up,
               value=f"{busy} worker still busy; terminate() ended it in "
                     f"{ended * 1000:.0f} ms")

    crew, seconds = args.crew, args.work_ms / 1000
    end_what = f"{crew} workers busy {args.work_ms} ms"
    report.row("forgotten", end_what, "no close(), no join(): the script moves on",
               value=f"{forget(crew, seconds)} processes left running")
    took, left = timed(lambda: close_and_join(crew, seconds))
    report.row("joined", end_what, "pool.close(), then pool.join()", took,
               value=f"{left} left running")

    total = sum(r for r in results if isinstance(r, int))
    report.digest(f"{len(failures)} failures; {total} primes")
    report.finish()


if __name__ == "__main__":
    main()
