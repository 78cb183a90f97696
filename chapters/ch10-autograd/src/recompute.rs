//! Keeping against recomputing: an operation that keeps nothing for its VJP and runs its
//! forward pass again when the backward pass reaches it — gradient checkpointing, one
//! operation at a time.
//!
//! A wrapped layer keeps what its backward pass needs (a dense layer: its input X, and here
//! also its copies of W and b and their gradients). [`Recompute`] builds a fresh operation
//! for the forward pass, takes its output and drops it with everything it kept; in the VJP it
//! builds another, runs the same forward pass on the same inputs (the tape still holds them)
//! and asks that one for the VJP. The gradients are the same — the same functions on the
//! same arrays — and the price is one more forward pass of the operation per step.

use crate::tape::{Op, Tensor};

// ANCHOR: recompute
/// The operation `make` builds, keeping nothing between its forward pass and its VJP.
pub struct Recompute<O: Op> {
    make: fn() -> O,
}

impl<O: Op> Recompute<O> {
    pub fn new(make: fn() -> O) -> Self {
        Recompute { make }
    }
}

impl<O: Op> Op for Recompute<O> {
    fn name(&self) -> String {
        format!("{} (recomputed)", (self.make)().name())
    }

    /// The wrapped operation's output; the operation itself, and what it kept, are dropped.
    fn forward(&mut self, inputs: &[&Tensor]) -> Tensor {
        (self.make)().forward(inputs)
    }

    /// The forward pass again, on the inputs the tape kept, then its VJP.
    fn vjp(
        &mut self,
        inputs: &[&Tensor],
        output: &Tensor,
        grad_output: &Tensor,
        wanted: &[bool],
    ) -> Vec<Option<Tensor>> {
        let mut op = (self.make)();
        op.forward(inputs);
        op.vjp(inputs, output, grad_output, wanted)
    }

    /// Nothing: the default of [`Op::kept`], said here because it is the point.
    fn kept(&self) -> usize {
        0
    }
}
// ANCHOR_END: recompute

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::check_op;
    use crate::ops::Linear;
    use nn_core::rng::{rand_distr::StandardNormal, seeded, RandomExt};

    #[test]
    fn a_recomputed_linear_passes_the_gradient_check_and_keeps_nothing() {
        let shape = |s: &[usize], seed| {
            Tensor::random_using(ndarray::IxDyn(s), StandardNormal, &mut seeded(seed))
        };
        let inputs = [shape(&[5, 3], 1), shape(&[3, 4], 2), shape(&[4], 3)];
        for check in check_op(|| Recompute::new(Linear::default), &inputs, 4) {
            assert!(check.passed(), "{check}");
        }
        let refs: Vec<&Tensor> = inputs.iter().collect();
        let (mut kept, mut recomputed) = (Linear::default(), Recompute::new(Linear::default));
        assert_eq!(kept.forward(&refs), recomputed.forward(&refs));
        assert!(kept.kept() > 0);
        assert_eq!(recomputed.kept(), 0);
    }
}
