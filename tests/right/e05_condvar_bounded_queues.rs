//! Right, no channel library: two hand-made bounded queues (a `Mutex<VecDeque>` with two
//! Condvars, at most `capacity` items, closed by a flag). Workers catch a panic, keep the first
//! payload, raise the stop flag and close both queues, so nobody waits on them any more; the
//! caller re-raises the payload once the scope has joined everyone.

use std::any::Any;
use std::collections::VecDeque;
use std::panic::{self, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex};

struct Queue<T> {
    state: Mutex<(VecDeque<T>, bool)>, // items, closed
    not_full: Condvar,
    not_empty: Condvar,
    cap: usize,
}

impl<T> Queue<T> {
    fn new(cap: usize) -> Self {
        Queue {
            state: Mutex::new((VecDeque::new(), false)),
            not_full: Condvar::new(),
            not_empty: Condvar::new(),
            cap,
        }
    }
    /// Err(item) once closed.
    fn push(&self, item: T) -> Result<(), T> {
        let mut st = self.state.lock().unwrap();
        while st.0.len() >= self.cap.max(1) && !st.1 {
            st = self.not_full.wait(st).unwrap();
        }
        if st.1 {
            return Err(item);
        }
        st.0.push_back(item);
        self.not_empty.notify_one();
        Ok(())
    }
    /// None once closed and empty.
    fn pop(&self) -> Option<T> {
        let mut st = self.state.lock().unwrap();
        loop {
            if let Some(x) = st.0.pop_front() {
                self.not_full.notify_one();
                return Some(x);
            }
            if st.1 {
                return None;
            }
            st = self.not_empty.wait(st).unwrap();
        }
    }
    fn close(&self) {
        self.state.lock().unwrap().1 = true;
        self.not_full.notify_all();
        self.not_empty.notify_all();
    }
}

pub fn pipeline<I, T, R, W, S>(
    mut source: I,
    workers: usize,
    capacity: usize,
    work: W,
    mut sink: S,
) -> usize
where
    I: Iterator<Item = T> + Send,
    T: Send,
    R: Send,
    W: Fn(T) -> R + Sync,
    S: FnMut(R),
{
    let workers = if workers == 0 {
        num_cpus::get()
    } else {
        workers
    };
    let items: Queue<T> = Queue::new(capacity);
    let results: Queue<R> = Queue::new(capacity);
    let stop = AtomicBool::new(false);
    let alive = AtomicUsize::new(workers);
    let failure: Mutex<Option<Box<dyn Any + Send>>> = Mutex::new(None);
    let mut given = 0;
    std::thread::scope(|s| {
        let (items, results, stop, alive, failure, work) =
            (&items, &results, &stop, &alive, &failure, &work);
        s.spawn(move || {
            while !stop.load(Ordering::SeqCst) {
                let Some(item) = source.next() else { break };
                if items.push(item).is_err() {
                    break;
                }
            }
            items.close();
        });
        for _ in 0..workers {
            s.spawn(move || {
                while let Some(item) = items.pop() {
                    match panic::catch_unwind(AssertUnwindSafe(|| work(item))) {
                        Ok(r) => {
                            if results.push(r).is_err() {
                                break;
                            }
                        }
                        Err(p) => {
                            stop.store(true, Ordering::SeqCst);
                            failure.lock().unwrap().get_or_insert(p);
                            items.close();
                            results.close();
                            break;
                        }
                    }
                }
                if alive.fetch_sub(1, Ordering::SeqCst) == 1 {
                    results.close(); // the last worker out closes the results
                }
            });
        }
        while let Some(r) = results.pop() {
            sink(r);
            given += 1;
        }
    });
    if let Some(p) = failure.into_inner().unwrap() {
        panic::resume_unwind(p);
    }
    given
}
