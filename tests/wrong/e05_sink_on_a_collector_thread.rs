//! Wrong: hands `sink` to a collector thread. `S` is not `Send`, so the compiler refuses; this
//! file smuggles it past with `unsafe` to show that the check sees it anyway. A `sink` may
//! touch things that must stay on the caller's thread (a GUI, a non-thread-safe handle).
//! expect: `sink` ran on another thread

use crossbeam::channel;

/// Lies to the compiler that a value may cross threads.
struct AssertSend<T>(T);
// SAFETY: none; this is the mistake this file demonstrates.
unsafe impl<T> Send for AssertSend<T> {}

impl<T> AssertSend<T> {
    fn into_inner(self) -> T {
        self.0
    }
}

/// Runs the pipeline with `sink` called on a collector thread.
pub fn pipeline<I, T, R, W, S>(
    source: I,
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
    let (item_tx, item_rx) = channel::bounded::<T>(capacity);
    let (result_tx, result_rx) = channel::bounded::<R>(capacity);
    let sink = AssertSend(&mut sink);
    std::thread::scope(|s| {
        s.spawn(move || {
            for item in source {
                if item_tx.send(item).is_err() {
                    break;
                }
            }
        });
        for _ in 0..workers {
            let (item_rx, result_tx, work) = (item_rx.clone(), result_tx.clone(), &work);
            s.spawn(move || {
                for item in item_rx {
                    if result_tx.send(work(item)).is_err() {
                        break;
                    }
                }
            });
        }
        drop((item_rx, result_tx));
        let collector = s.spawn(move || {
            let sink = sink.into_inner();
            let mut given = 0;
            for result in result_rx {
                sink(result);
                given += 1;
            }
            given
        });
        collector.join().unwrap()
    })
}
