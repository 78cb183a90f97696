//! A loss compares a network's outputs (logits) with the targets of a batch and gives the
//! gradient with respect to those outputs, where backpropagation starts.
//!
//! Each loss says what its targets are: softmax cross-entropy takes class indices
//! (`[usize]`, one per sample); chapter 5's squared error takes real values (`Array2<f64>`,
//! one row per sample).

use ndarray::{Array2, Axis};

// ANCHOR: loss
/// A loss on a batch of logits (batch, outputs): the mean loss, and ∂L/∂logits.
pub trait Loss {
    /// The targets of a batch: `[usize]` (class indices) or `Array2<f64>` (real values).
    type Target: Targets + ?Sized;

    /// The mean loss of the batch; keeps what `backward` needs.
    fn forward(&mut self, logits: &Array2<f64>, targets: &Self::Target) -> f64;

    /// ∂L/∂logits for the batch of the last forward pass: (batch, outputs).
    fn backward(&self) -> Array2<f64>;
}

/// Targets that a training loop can cut into batches.
pub trait Targets: ToOwned {
    /// How many samples.
    fn count(&self) -> usize;
    /// The targets of the samples `rows`, in that order.
    fn subset(&self, rows: &[usize]) -> Self::Owned;
}
// ANCHOR_END: loss

impl Targets for [usize] {
    fn count(&self) -> usize {
        self.len()
    }
    fn subset(&self, rows: &[usize]) -> Vec<usize> {
        rows.iter().map(|&i| self[i]).collect()
    }
}

impl Targets for Array2<f64> {
    fn count(&self) -> usize {
        self.nrows()
    }
    fn subset(&self, rows: &[usize]) -> Array2<f64> {
        self.select(Axis(0), rows)
    }
}
