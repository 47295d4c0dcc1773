//! Wrong: the calling thread feeds the workers itself between two results (`try_send` until
//! the channel is full, then one `recv`), so the caller is the producer too. Besides breaking
//! the spec's shape, it starves the workers whenever the caller is busy in `sink`.
//! expect: the calling thread called `next()`

use crossbeam::channel::{self, TrySendError};

/// Runs the pipeline with the caller as both producer and sink.
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
    let mut given = 0;
    std::thread::scope(|s| {
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
        let mut source = source;
        let mut pending = source.next();
        let mut item_tx = Some(item_tx);
        loop {
            if let Some(tx) = &item_tx {
                while let Some(item) = pending.take() {
                    match tx.try_send(item) {
                        Ok(()) => pending = source.next(),
                        Err(TrySendError::Full(item)) => {
                            pending = Some(item);
                            break;
                        }
                        Err(TrySendError::Disconnected(_)) => break,
                    }
                }
                if pending.is_none() {
                    item_tx = None;
                }
            }
            match result_rx.recv() {
                Ok(result) => {
                    sink(result);
                    given += 1;
                }
                Err(_) => break,
            }
        }
    });
    given
}
