//! Wrong: a thread per document behind a semaphore of `workers` permits, but each thread
//! gives its permit back twice (an explicit release, and the guard's drop), so after the
//! first loads finish more than `workers` loads run at once (with 30 ms loads: 10 in flight
//! for workers = 5).
//! expect: more than the

use std::collections::HashMap;
use std::sync::{Condvar, Mutex};

struct Semaphore {
    free: Mutex<usize>,
    cv: Condvar,
}
struct Permit<'a>(&'a Semaphore);
impl Semaphore {
    fn acquire(&self) -> Permit<'_> {
        let mut free = self.free.lock().unwrap();
        while *free == 0 {
            free = self.cv.wait(free).unwrap();
        }
        *free -= 1;
        Permit(self)
    }
    fn release(&self) {
        *self.free.lock().unwrap() += 1;
        self.cv.notify_one();
    }
}
impl Drop for Permit<'_> {
    fn drop(&mut self) {
        self.0.release();
    }
}

pub fn word_frequencies<F>(n_docs: usize, workers: usize, load: F) -> HashMap<String, usize>
where
    F: Fn(usize) -> String + Sync,
{
    let workers = if workers == 0 {
        num_cpus::get()
    } else {
        workers
    };
    let sem = Semaphore {
        free: Mutex::new(workers),
        cv: Condvar::new(),
    };
    let total = Mutex::new(HashMap::new());
    std::thread::scope(|s| {
        for i in 0..n_docs {
            let permit = sem.acquire();
            let (sem, total, load) = (&sem, &total, &load);
            s.spawn(move || {
                let text = load(i);
                sem.release(); // done loading: let the next one start...
                let mut t = total.lock().unwrap();
                for w in text.split_whitespace() {
                    *t.entry(w.to_string()).or_insert(0) += 1;
                }
                drop(t);
                drop(permit); // ...and the guard releases again
            });
        }
    });
    total.into_inner().unwrap()
}
