//! A large, preloaded, read-only model: the "config dict or preloaded model" of the article.
//!
//! Cloning it is a deep copy of all its weights, and the model counts every copy, so a
//! lesson can show what a copy per task costs and a check can prove none was made.

use std::fmt;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Weights in a default model: 2 M floats, 16 MiB, large enough that copying shows.
pub const DEFAULT_WEIGHTS: usize = 1 << 21;

type Probe = Arc<dyn Fn(&str) + Send + Sync>;

/// A read-only scoring model; `clone()` is a deep copy and is counted.
pub struct Model {
    weights: Vec<f64>,
    copies: Arc<AtomicUsize>,
    probe: Option<Probe>,
}

impl Model {
    /// A model with `weights` weights, filled deterministically (the "preload").
    pub fn new(weights: usize) -> Model {
        let weights = weights.max(1);
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let weights = (0..weights)
            .map(|_| {
                // xorshift: cheap, deterministic pseudo-random weights in [-1, 1).
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                (state >> 11) as f64 / (1u64 << 52) as f64 - 1.0
            })
            .collect();
        Model {
            weights,
            copies: Arc::new(AtomicUsize::new(0)),
            probe: None,
        }
    }

    /// Runs `probe` with the document at the start of every `score` call, on the scoring thread.
    pub fn with_probe(mut self, probe: impl Fn(&str) + Send + Sync + 'static) -> Model {
        self.probe = Some(Arc::new(probe));
        self
    }

    /// The document's score: the mean weight of its words (0.0 for no words).
    pub fn score(&self, doc: &str) -> f64 {
        if let Some(probe) = &self.probe {
            probe(doc);
        }
        let (mut sum, mut words) = (0.0, 0usize);
        for word in doc.split_whitespace() {
            let mut hasher = DefaultHasher::new();
            word.hash(&mut hasher);
            let slot = (hasher.finish() % self.weights.len() as u64) as usize;
            sum += self.weights[slot];
            words += 1;
        }
        if words == 0 { 0.0 } else { sum / words as f64 }
    }

    /// How many deep copies were made of this model (counted across all its clones).
    pub fn copies(&self) -> usize {
        self.copies.load(Ordering::SeqCst)
    }

    /// The size of the weights in bytes: what each deep copy allocates and fills.
    pub fn size_bytes(&self) -> usize {
        self.weights.len() * std::mem::size_of::<f64>()
    }
}

impl Default for Model {
    fn default() -> Self {
        Model::new(DEFAULT_WEIGHTS)
    }
}

impl Clone for Model {
    fn clone(&self) -> Self {
        self.copies.fetch_add(1, Ordering::SeqCst);
        Model {
            weights: self.weights.clone(),
            copies: Arc::clone(&self.copies),
            probe: self.probe.clone(),
        }
    }
}

impl fmt::Debug for Model {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Model")
            .field("weights", &self.weights.len())
            .field("copies", &self.copies())
            .field("probe", &self.probe.is_some())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicUsize;

    #[test]
    fn scores_are_deterministic_and_copies_counted() {
        let model = Model::new(1024);
        let again = Model::new(1024);
        assert_eq!(model.score("a b c"), again.score("a b c"));
        assert_eq!(model.score(""), 0.0);
        let copy = model.clone();
        assert_eq!(copy.score("a b c"), model.score("a b c"));
        assert_eq!(model.copies(), 1);
        assert_eq!(copy.copies(), 1);
    }

    #[test]
    fn the_probe_runs_in_every_score() {
        let calls = Arc::new(AtomicUsize::new(0));
        let seen = Arc::clone(&calls);
        let model = Model::new(16).with_probe(move |_| {
            seen.fetch_add(1, Ordering::SeqCst);
        });
        model.score("x");
        model.score("y");
        assert_eq!(calls.load(Ordering::SeqCst), 2);
    }
}
