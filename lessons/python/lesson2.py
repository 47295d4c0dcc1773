"""Lesson 2 in Python: start with a pool (the article's step 2).

For a batch of independent tasks, multiprocessing.Pool sizes the workers, hands out the
tasks, gathers the results in order and surfaces errors. Its task function must be a
top-level function, or pickling fails; pool.map() blocks, pool.map_async().get(timeout)
gives up after a timeout.

    python3 lessons/python/lesson2.py --quick
"""

import pickle
import re
import time
from multiprocessing import Pool, TimeoutError

from companion import Report, arguments, timed

MASK = (1 << 64) - 1
FNV_OFFSET = 0xCBF29CE484222325
FNV_PRIME = 0x100000001B3
PATIENCE = 60  # seconds: a batch that runs normally never waits this long


def buffer(length, seed):
    """The same pseudo-random bytes as the Rust lessons' workloads::buffer (xorshift64)."""
    state = ((seed * 0x9E3779B97F4A7C15) & MASK) | 1
    out = bytearray(length)
    for i in range(length):
        state ^= (state << 13) & MASK
        state ^= state >> 7
        state ^= (state << 17) & MASK
        out[i] = state >> 56
    return bytes(out)


# ANCHOR: task
def hash_buffer(item):
    """The task: FNV-1a of a buffer over `rounds` passes.
    Top-level, so the pool can pickle it."""
    data, rounds = item
    h = FNV_OFFSET
    for _ in range(rounds):
        for byte in data:
            h = ((h ^ byte) * FNV_PRIME) & MASK
    return h
# ANCHOR_END: task


def hash_or_hang(item):
    """A task that first hangs for `stuck` seconds, like a request that does not answer."""
    data, rounds, stuck = item
    time.sleep(stuck)
    return hash_buffer((data, rounds))


# ANCHOR: pool_map
def map_on_a_pool(items, workers):
    """pool.map on `workers` processes: (seconds, hashes in order)."""
    pool = Pool(workers)
    try:
        pool.map(abs, range(workers))  # start every worker first
        return timed(lambda: pool.map(hash_buffer, items))
    finally:
        pool.close()
        pool.join()
# ANCHOR_END: pool_map


# ANCHOR: map_async
def map_with_a_timeout(items, workers, timeout):
    """map_async returns at once; get() waits, at most `timeout`."""
    pool = Pool(workers)
    try:
        pending = pool.map_async(hash_buffer, items)
        return timed(lambda: pending.get(timeout=timeout))
    finally:
        pool.close()
        pool.join()
# ANCHOR_END: map_async


# ANCHOR: timeout
def a_stuck_batch(items, workers, timeout):
    """Waits for a batch with a stuck task: returns when get() gave
    up, and how long the work then ran on (close() and join() wait
    for it: a timeout stops the waiting, not the work)."""
    pool = Pool(workers)
    pending = pool.map_async(hash_or_hang, items)
    start = time.perf_counter()
    try:
        pending.get(timeout=timeout)
        gave_up = None
    except TimeoutError:  # too long: stop waiting, and say so
        gave_up = time.perf_counter() - start
    pool.close()
    pool.join()
    return gave_up, time.perf_counter() - start - (gave_up or 0)
# ANCHOR_END: timeout


# ANCHOR: pickling
def a_lambda_as_the_task(items, workers):
    """The task must be top-level: a lambda cannot be pickled."""
    pool = Pool(workers)
    try:
        pool.map(lambda item: hash_buffer(item), items)
        return "it ran (unexpected)"
    except (pickle.PicklingError, AttributeError) as error:
        said = re.split(r" ['<]", str(error))[0].strip(" :")
        return f"{type(error).__name__}: {said}"
    finally:
        pool.close()
        pool.join()
# ANCHOR_END: pickling


def start_and_join(workers):
    """Starts a pool of `workers` processes, runs one tiny task on each, and ends it."""
    pool = Pool(workers)
    pool.map(abs, range(workers))
    pool.close()
    pool.join()


def main():
    args = arguments(
        "Lesson 2 in Python: start with a pool",
        quick={"tasks": 16, "bytes": 16384, "rounds": 24, "timeout_ms": 300, "stuck_ms": 900},
        full={"tasks": 32, "bytes": 16384, "rounds": 48, "timeout_ms": 600, "stuck_ms": 1800},
    )
    n = args.workers
    items = [(buffer(args.bytes, seed), args.rounds) for seed in range(args.tasks)]
    report = Report(args, f"Hashing {args.tasks} buffers of {args.bytes >> 10} KiB, "
                          f"{args.rounds} rounds")
    what = f"hash {args.tasks} buffers"

    took, expected = timed(lambda: [hash_buffer(item) for item in items])
    report.row("loop", what, "a for loop", took, "loop")
    for key, workers, name in [("pool-cores", n, "cpu_count()"),
                               ("pool-fewer", n - 1, "cpu_count() - 1"),
                               ("pool-double", 2 * n, "2 * cpu_count()")]:
        if workers < 1:
            continue
        took, hashes = map_on_a_pool(items, workers)
        assert hashes == expected, "the pool's hashes differ from the loop's"
        report.row(key, what, f"Pool({name} = {workers}).map", took, "loop")
    took, hashes = map_with_a_timeout(items, n, PATIENCE)
    assert hashes == expected
    report.row("map-async", what, f"Pool({n}).map_async(...).get(timeout={PATIENCE})",
               took, "loop")

    stuck = [(data, rounds, args.stuck_ms / 1000 if i == 0 else 0)
             for i, (data, rounds) in enumerate(items)]
    gave_up, ran_on = a_stuck_batch(stuck, n, args.timeout_ms / 1000)
    report.row("stuck", f"one task stuck {args.stuck_ms} ms, timeout {args.timeout_ms} ms",
               "map_async(...).get(timeout): TimeoutError", gave_up,
               value=f"ran on {ran_on * 1000:.0f} ms")

    started, _ = timed(lambda: start_and_join(n))
    report.row("pool-start", f"start and end a pool of {n}",
               f"Pool({n}), then close() and join(): {n} processes", started)
    report.row("lambda", "a task that is not top-level", "pool.map(lambda item: ...)",
               value=a_lambda_as_the_task(items, n))

    report.digest(f"hashes sum to {sum(expected) & MASK:#018x}")
    report.finish()


if __name__ == "__main__":
    main()
