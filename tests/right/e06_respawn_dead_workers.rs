//! Right, without `catch_unwind`: worker threads let a panic kill them. Each worker records the
//! index it is running; a guard tells the supervisor (the calling thread) when a worker ends;
//! the supervisor joins it, and if `join` returns the panic's payload it records
//! `Panicked(message)` for that worker's current item and starts a replacement worker, so at
//! most `workers` run at once and every item runs exactly once.

use parlings::TaskError;
use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;

struct Exit(usize, mpsc::Sender<usize>);
impl Drop for Exit {
    fn drop(&mut self) {
        let _ = self.1.send(self.0);
    }
}

pub fn map_catching<T, R, E, F>(items: Vec<T>, workers: usize, f: F) -> Vec<Result<R, TaskError<E>>>
where
    T: Send,
    R: Send,
    E: Send,
    F: Fn(T) -> Result<R, E> + Sync + Send,
{
    let workers = if workers == 0 {
        num_cpus::get()
    } else {
        workers
    };
    let n = items.len();
    let inputs: Vec<Mutex<Option<T>>> = items.into_iter().map(|t| Mutex::new(Some(t))).collect();
    let outputs: Vec<Mutex<Option<Result<R, TaskError<E>>>>> =
        (0..n).map(|_| Mutex::new(None)).collect();
    let next = AtomicUsize::new(0);
    let (exit_tx, exit_rx) = mpsc::channel::<usize>();
    let current: Vec<AtomicUsize> = (0..workers.min(n))
        .map(|_| AtomicUsize::new(usize::MAX))
        .collect();
    std::thread::scope(|s| {
        let (inputs, outputs, next, f, current) = (&inputs, &outputs, &next, &f, &current);
        let spawn = |slot: usize| {
            let exit = Exit(slot, exit_tx.clone());
            s.spawn(move || {
                let _exit = exit;
                loop {
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    if i >= n {
                        return;
                    }
                    current[slot].store(i, Ordering::SeqCst);
                    let item = inputs[i].lock().unwrap().take().unwrap();
                    let r = f(item).map_err(TaskError::Failed);
                    *outputs[i].lock().unwrap() = Some(r);
                }
            })
        };
        let mut handles: HashMap<usize, _> = (0..workers.min(n))
            .map(|slot| (slot, spawn(slot)))
            .collect();
        while !handles.is_empty() {
            let slot = exit_rx.recv().unwrap();
            let h = handles.remove(&slot).unwrap();
            if let Err(p) = h.join() {
                let i = current[slot].load(Ordering::SeqCst);
                let text = p
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| p.downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "unknown panic".to_string());
                *outputs[i].lock().unwrap() = Some(Err(TaskError::Panicked(text)));
                if next.load(Ordering::SeqCst) < n {
                    handles.insert(slot, spawn(slot));
                }
            }
        }
    });
    outputs
        .into_iter()
        .map(|o| o.into_inner().unwrap().expect("every item reported"))
        .collect()
}
