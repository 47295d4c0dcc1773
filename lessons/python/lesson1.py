"""Lesson 1 in Python: know your bottleneck, CPU-bound or I/O-bound (the article's step 1).

The article's rule: time one run first. Work stuck in loops (CPU-bound) needs processes to
get past the GIL; work that waits (I/O-bound) is served by threads. This script measures both
kinds of work three ways: a loop, a thread pool, and a process pool.

    python3 lessons/python/lesson1.py --quick
"""

import time
from concurrent.futures import ThreadPoolExecutor
from multiprocessing import Pool

from companion import Report, arguments, clocks, timed

PRIME_BASE = 1_000_000_000


# ANCHOR: cpu_task
def is_prime(n):
    """True if n is prime (trial division by 2, 3 and 6k +- 1)."""
    if n < 4:
        return n >= 2
    if n % 2 == 0 or n % 3 == 0:
        return False
    d = 5
    while d * d <= n:
        if n % d == 0 or n % (d + 2) == 0:
            return False
        d += 6
    return True


def count_primes(bounds):
    """The CPU-bound task: how many primes lie in [start, end)."""
    start, end = bounds
    return sum(1 for n in range(start, end) if is_prime(n))
# ANCHOR_END: cpu_task


# ANCHOR: io_task
def fetch(url, latency):
    """The I/O-bound task: a simulated fetch that waits `latency`
    seconds for the network."""
    time.sleep(latency)  # a waiting thread releases the GIL
    return f"<html><title>{url}</title></html>"
# ANCHOR_END: io_task


# ANCHOR: measure_first
def time_one_run(work):
    """Runs work() once: its wall time, the share of it spent
    computing, and its result. The share leaves out the time spent
    queued for a core that other programs held."""
    (cpu, queued), start = clocks(), time.perf_counter()
    result = work()
    wall = time.perf_counter() - start
    cpu_after, queued_after = clocks()
    busy = max(wall - (queued_after - queued), 1e-9)
    return wall, min((cpu_after - cpu) / busy, 1.0), result
# ANCHOR_END: measure_first


# ANCHOR: cpu_pool
def count_on_processes(ranges, workers):
    """Counts on a pool of processes; returns (seconds, primes)."""
    pool = Pool(workers)
    try:
        pool.map(is_prime, range(workers))  # start every worker first
        return timed(lambda: sum(pool.map(count_primes, ranges)))
    finally:
        pool.close()
        pool.join()
# ANCHOR_END: cpu_pool


def count_on_threads(ranges, workers):
    """Counts on a pool of `workers` threads (the GIL lets one run at a time)."""
    with ThreadPoolExecutor(max_workers=workers) as threads:
        return timed(lambda: sum(threads.map(count_primes, ranges)))


# ANCHOR: io_threads
def fetch_on_threads(urls, latency, threads):
    """Fetches every URL on a pool of `threads` threads."""
    with ThreadPoolExecutor(max_workers=threads) as pool:
        latencies = [latency] * len(urls)
        return timed(lambda: list(pool.map(fetch, urls, latencies)))
# ANCHOR_END: io_threads


def main():
    args = arguments(
        "Lesson 1 in Python: CPU-bound or I/O-bound?",
        quick={"tasks": 8, "width": 2000, "fetches": 32, "latency_ms": 5},
        full={"tasks": 16, "width": 3000, "fetches": 64, "latency_ms": 20},
    )
    n = args.workers
    ranges = [(PRIME_BASE + i * args.width, PRIME_BASE + (i + 1) * args.width)
              for i in range(args.tasks)]
    urls = [f"https://example.org/page/{i}" for i in range(args.fetches)]
    latency = args.latency_ms / 1000
    report = Report(args, f"{args.tasks} ranges of {args.width} numbers; "
                          f"{args.fetches} fetches of {args.latency_ms} ms")

    cpu_what = f"CPU-bound: count primes ({args.tasks} ranges)"
    wall, share, found = time_one_run(lambda: sum(map(count_primes, ranges)))
    report.row("cpu-loop", cpu_what, "a for loop", wall, "cpu-loop",
               value=f"computing {100 * share:.0f}%")
    took, counted = count_on_threads(ranges, n)
    assert counted == found
    report.row("cpu-threads", cpu_what, f"ThreadPoolExecutor({n}): the GIL", took, "cpu-loop")
    took, counted = count_on_processes(ranges, n)
    assert counted == found
    report.row("cpu-processes", cpu_what, f"Pool({n}).map: processes", took, "cpu-loop")

    io_what = f"I/O-bound: {args.fetches} fetches"
    wall, share, bodies = time_one_run(lambda: [fetch(url, latency) for url in urls])
    report.row("io-loop", io_what, "a for loop", wall, "io-loop",
               value=f"computing {100 * share:.0f}%")
    took, fetched = fetch_on_threads(urls, latency, 4 * n)
    assert fetched == bodies
    report.row("io-threads", io_what, f"ThreadPoolExecutor({4 * n})", took, "io-loop")

    report.digest(f"{found} primes, {len(fetched)} pages")
    report.finish()


if __name__ == "__main__":
    main()
