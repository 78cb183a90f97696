//! A task with a known memory: recall the first symbol.
//!
//! A sequence of `delay + 1` symbols, each one of `symbols` (one-hot inputs), drawn uniformly
//! at random. After the last one, the network must name the *first*. Everything in between
//! is a distractor from the same alphabet. So the answer depends on an input exactly `delay`
//! steps back, and "how far back can it learn?" has a number: the largest delay at which it
//! learns the task. Guessing gets 1/`symbols`.
//!
//! The loss is at the last step only, so the gradient that teaches the network to keep the
//! first symbol has to travel back through all `delay` steps.
//!
//! ```
//! use ch12_recurrent::task::Recall;
//! use nn_core::rng::seeded;
//! let task = Recall { symbols: 4, delay: 5 };
//! let (x, first) = task.batch(3, &mut seeded(0));
//! assert_eq!(x.dim(), (3, 6, 4)); // 3 sequences of 6 one-hot symbols
//! for (i, &s) in first.iter().enumerate() {
//!     assert_eq!(x[[i, 0, s]], 1.0); // the answer is the first symbol
//! }
//! ```

use ndarray::Array3;
use nn_core::rng::{ChaCha8Rng, Rng};

// ANCHOR: recall
/// Recall the symbol seen `delay` steps before the last one, the first of the sequence.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Recall {
    /// The alphabet's size: inputs are one-hot vectors of this length; chance is 1/symbols.
    pub symbols: usize,
    /// Steps between the symbol to recall and the last step.
    pub delay: usize,
}

impl Recall {
    /// `batch` sequences (batch, delay + 1, symbols) and the first symbol of each.
    pub fn batch(&self, batch: usize, rng: &mut ChaCha8Rng) -> (Array3<f64>, Vec<usize>) {
        let mut x = Array3::zeros((batch, self.delay + 1, self.symbols));
        let mut first = Vec::with_capacity(batch);
        for i in 0..batch {
            for t in 0..=self.delay {
                let symbol = rng.random_range(0..self.symbols);
                x[[i, t, symbol]] = 1.0;
                if t == 0 {
                    first.push(symbol);
                }
            }
        }
        (x, first)
    }
}
// ANCHOR_END: recall
