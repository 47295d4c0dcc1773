"""Lesson 3 in Python: share state with care; prefer read-only data and queues (step 3).

Processes share no memory: a global changed in one is not seen in another. So:
- read-only data (a config, a preloaded model): pass it to the workers, use it directly;
- simple aggregation: Manager().dict(), slow, only for a little shared state;
- high-frequency messages: a Queue, e.g. one process collects what the workers send.

    python3 lessons/python/lesson3.py --quick
"""

import time
import zlib
from array import array
from collections import Counter
from multiprocessing import Manager, Pool, Process, Queue, Value

from companion import Report, arguments, timed
from lesson1 import count_primes

PRIME_BASE = 1_000_000_000
SYLLABLES = "ka lo mi ne ru ta po se vi do fu ge ha ji be zo".split()


# ANCHOR: model
def score(model, doc):
    """A document's score: the mean weight of its words.
    The model is only read."""
    words = doc.split()
    slots = (zlib.crc32(w.encode()) % len(model) for w in words)
    total = sum(model[slot] for slot in slots)
    return total / len(words) if words else 0.0


MODEL = None  # each worker's copy, set by the pool's initializer


def load_model(model):
    global MODEL
    MODEL = model


def score_with_loaded(doc):
    return score(MODEL, doc)
# ANCHOR_END: model


# ANCHOR: model_per_task
def score_model_per_task(model, docs, workers):
    """The model as an argument of every task: pickled and sent
    again with each document."""
    pool = Pool(workers)
    try:
        tasks = [(model, doc) for doc in docs]
        return pool.starmap(score, tasks, chunksize=1)
    finally:
        pool.close()
        pool.join()
# ANCHOR_END: model_per_task


# ANCHOR: model_once
def score_model_once(model, docs, workers):
    """The model sent once to each worker by the pool's
    initializer; the tasks get documents only."""
    pool = Pool(workers, initializer=load_model, initargs=(model,))
    try:
        return pool.map(score_with_loaded, docs)
    finally:
        pool.close()
        pool.join()
# ANCHOR_END: model_once


# ANCHOR: manager_dict
def count_into_shared(doc, shared, lock):
    """Counts a document's words into a Manager().dict():
    every update is a round trip to the manager's process."""
    for word in doc.split():
        with lock:  # get, then set: without the lock, updates are lost
            shared[word] = shared.get(word, 0) + 1


def count_locally(doc):
    """Counts a document's words into a Counter of its own;
    the caller merges them."""
    return Counter(doc.split())
# ANCHOR_END: manager_dict


# ANCHOR: manager_run
def count_in_a_manager_dict(docs, workers):
    """Every worker counts into one Manager().dict(), behind one
    Manager().Lock()."""
    with Manager() as manager:
        shared, lock = manager.dict(), manager.Lock()
        pool = Pool(workers)
        try:
            tasks = [(doc, shared, lock) for doc in docs]
            pool.starmap(count_into_shared, tasks)
        finally:
            pool.close()
            pool.join()
        return dict(shared)
# ANCHOR_END: manager_run


def count_and_merge(docs, workers):
    """A Counter per task, merged here at the end."""
    pool = Pool(workers)
    try:
        return sum(pool.map(count_locally, docs), Counter())
    finally:
        pool.close()
        pool.join()


# ANCHOR: queue
def worker(number, ranges, queue):
    """Counts the primes of every range it is given; sends a log
    line and a result for each."""
    for item, bounds in ranges:
        primes = count_primes(bounds)
        line = f"worker {number}: item {item} done, primes: {primes}"
        queue.put(("log", line))
        queue.put(("result", item, primes))
    queue.put(("done", number))


def collect(ranges, workers):
    """Starts `workers` processes and collects everything they
    send, here in this process."""
    queue = Queue(maxsize=16)  # bounded: a full queue makes put() wait
    items = list(enumerate(ranges))
    shares = [items[w::workers] for w in range(workers)]
    processes = [Process(target=worker, args=(w + 1, shares[w], queue))
                 for w in range(workers)]
    for p in processes:
        p.start()
    results, log, running = [0] * len(ranges), [], workers
    while running:
        message = queue.get()
        if message[0] == "result":
            results[message[1]] = message[2]
        elif message[0] == "log":
            log.append(message[1])
        else:
            running -= 1
    for p in processes:
        p.join()
    return results, log
# ANCHOR_END: queue


# ANCHOR: race
def add_unlocked(counter, rounds):
    for _ in range(rounds):
        counter.value += 1  # a read, then a write: another can come between


def add_locked(counter, rounds):
    for _ in range(rounds):
        with counter.get_lock():
            counter.value += 1
# ANCHOR_END: race


def race(target, rounds):
    counter = Value("i", 0)
    processes = [Process(target=target, args=(counter, rounds)) for _ in range(2)]
    for p in processes:
        p.start()
    for p in processes:
        p.join()
    return counter.value


def corpus(count, words):
    """`count` documents of `words` words each (used when no --docs file is given)."""
    state, docs = 0x9E3779B97F4A7C15, []
    for _ in range(count):
        doc = []
        for _ in range(words):
            state = (state * 6364136223846793005 + 1442695040888963407) & ((1 << 64) - 1)
            i = int(4096 ** ((state >> 11) / (1 << 53))) - 1
            doc.append(SYLLABLES[i % 16] + SYLLABLES[(i // 16) % 16])
        docs.append(" ".join(doc))
    return docs


def main():
    args = arguments(
        "Lesson 3 in Python: read-only data, a Manager dict, a Queue",
        quick={"docs_file": "", "docs": 16, "words": 300, "weights": 1 << 21,
               "items": 400, "width": 20, "rounds": 20000},
        full={"docs_file": "", "docs": 32, "words": 300, "weights": 1 << 21,
              "items": 800, "width": 20, "rounds": 50000},
    )
    if args.docs_file:
        with open(args.docs_file) as f:
            docs = f.read().splitlines()
    else:
        docs = corpus(args.docs, args.words)
    n = args.workers
    report = Report(args, f"{len(docs)} documents; {args.items} messages")
    model = array("d", range(args.weights))
    mib = len(model) * 8 >> 20

    model_what = f"score {len(docs)} docs with a {mib} MiB model"
    took, per_task = timed(lambda: score_model_per_task(model, docs, n))
    report.row("model-copy", model_what, "the model as an argument of every task (pickled)",
               took, "model-copy")
    took, once = timed(lambda: score_model_once(model, docs, n))
    assert once == per_task
    report.row("model-shared", model_what, f"sent once to each of {n} workers (initializer)",
               took, "model-copy")

    count_what = f"count the words of {len(docs)} docs"
    expected = Counter()
    took, _ = timed(lambda: [expected.update(doc.split()) for doc in docs])
    report.row("count-loop", count_what, "one Counter, a for loop", took, "count-loop")
    took, counts = timed(lambda: count_in_a_manager_dict(docs, n))
    assert counts == dict(expected)
    report.row("count-shared", count_what, "Manager().dict() and a Lock, per word",
               took, "count-loop")
    took, merged = timed(lambda: count_and_merge(docs, n))
    assert merged == expected
    report.row("count-local", count_what, "a Counter per task, merged at the end",
               took, "count-loop")

    ranges = [(PRIME_BASE + i * args.width, PRIME_BASE + (i + 1) * args.width)
              for i in range(args.items)]
    took, (results, log) = timed(lambda: collect(ranges, n))
    assert results == [count_primes(r) for r in ranges]
    messages = len(results) + len(log)
    report.row("collector", f"{messages} messages to one collector",
               f"{n} processes, Queue(maxsize=16)", took,
               value=f"{messages / took:.0f} a second")

    lost = 2 * args.rounds - race(add_unlocked, args.rounds)
    kept = race(add_locked, args.rounds)
    assert kept == 2 * args.rounds
    report.row("race", f"2 x {args.rounds} increments of one counter",
               "Value: counter.value += 1", value=f"{lost} updates lost")

    words = sum(expected.values())
    report.digest(f"{words} words, {len(expected)} distinct; "
                  f"{sum(results)} primes in {len(results)} messages")
    report.finish()


if __name__ == "__main__":
    main()
