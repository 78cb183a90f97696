//! The well-known numpy two-layer network, reproduced as an algorithm on XOR.
//!
//! The program (a classic of tutorials): no biases, weights drawn from N(0, 1), the squared
//! error summed over the samples, and a hand-written backward pass whose ReLU mask is
//! `grad_h[h < 0] = 0` — so at exactly h = 0 it lets the gradient through (a subgradient of
//! 1). Here it is with this chapter's layers, the mask reproduced by
//! `Relu::with_subgradient_at_zero(1.0)`:
//!
//! ```python
//! h = x.dot(w1); h_relu = np.maximum(h, 0); y_pred = h_relu.dot(w2)
//! loss = np.square(y_pred - y).sum()
//! grad_y_pred = 2.0 * (y_pred - y)
//! grad_w2 = h_relu.T.dot(grad_y_pred)
//! grad_h = grad_y_pred.dot(w2.T); grad_h[h < 0] = 0
//! grad_w1 = x.T.dot(grad_h)
//! w1 -= learning_rate * grad_w1; w2 -= learning_rate * grad_w2
//! ```

use ndarray::{array, Array2};
use nn_core::rng::{rand_distr::StandardNormal, seeded, RandomExt};

use crate::dense::Dense;
use crate::layer::Layer;
use crate::optimizer::{Optimizer, Sgd};
use crate::relu::Relu;
use crate::sequential::Sequential;
use crate::xor_inputs;

/// The program's sizes and settings.
pub const HIDDEN: usize = 30;
pub const LEARNING_RATE: f64 = 0.002;
pub const STEPS: usize = 200;

/// XOR's targets as a column: (4, 1).
pub fn xor_targets() -> Array2<f64> {
    array![[0.0], [1.0], [1.0], [0.0]]
}

/// A run of the program: the loss before each step and after the last, and the final outputs.
#[derive(Clone, Debug, PartialEq)]
pub struct NumpyRun {
    pub losses: Vec<f64>,
    pub predictions: Array2<f64>,
}

// ANCHOR: numpy_port
/// The numpy program on XOR, its weights drawn from N(0, 1) with `seed`; `at_zero` is ReLU's
/// derivative at 0 (the program's mask: 1).
pub fn run_numpy_program(seed: u64, at_zero: f64) -> NumpyRun {
    let (x, y) = (xor_inputs(), xor_targets());
    let mut rng = seeded(seed);
    let w1 = Array2::random_using((2, HIDDEN), StandardNormal, &mut rng);
    let w2 = Array2::random_using((HIDDEN, 1), StandardNormal, &mut rng);
    let mut net = Sequential::new()
        .with(Dense::without_bias(w1)) // h = x.dot(w1)
        .with(Relu::with_subgradient_at_zero(at_zero)) // 1: grad_h[h < 0] = 0
        .with(Dense::without_bias(w2)); // y_pred = h_relu.dot(w2)
    let mut losses = Vec::with_capacity(STEPS + 1);
    for step in 0..=STEPS {
        let y_pred = net.forward(&x); // (4, 1)
        losses.push((&y_pred - &y).mapv(|d| d * d).sum()); // squared error, summed
        if step == STEPS {
            return NumpyRun {
                losses,
                predictions: y_pred,
            };
        }
        let grad_y_pred = (&y_pred - &y) * 2.0;
        // grad_w2 = h_reluᵀ·grad_y_pred, grad_h = masked grad_y_pred·w2ᵀ, grad_w1 = xᵀ·grad_h
        net.backward_params(&grad_y_pred);
        Sgd.step(LEARNING_RATE, &mut net); // w1 -= lr·grad_w1; w2 -= lr·grad_w2
    }
    unreachable!("the loop returns at its last step")
}
// ANCHOR_END: numpy_port

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn input_zero_stays_zero_whatever_the_weights() {
        // No biases: h = 0·w1 = 0 for (0, 0), so its output is exactly 0 — its target.
        let run = run_numpy_program(5, 1.0);
        assert_eq!(run.predictions[[0, 0]], 0.0);
    }

    #[test]
    fn the_mask_at_zero_does_not_change_the_weight_gradient() {
        // At input (0, 0), h = 0 exactly: mask 1 (numpy) or 0 (this book) differ in grad_h,
        // but grad_w1 = xᵀ·grad_h multiplies that row by x = (0, 0). Same weights after a step.
        let x = array![[0.0, 0.0]];
        let w = array![[0.3, -0.7], [1.1, 0.4]];
        let g = array![[1.5, -2.0]];
        let grads: Vec<Array2<f64>> = [0.0, 1.0]
            .iter()
            .map(|&at_zero| {
                let mut layer = Dense::without_bias(w.clone());
                let mut relu = Relu::with_subgradient_at_zero(at_zero);
                let h = layer.forward(&x);
                relu.forward(&h);
                let grad_h = relu.backward(&g);
                layer.backward(&grad_h);
                layer.grad_w
            })
            .collect();
        assert_eq!(grads[0], grads[1]);
        assert_eq!(grads[0], Array2::<f64>::zeros((2, 2)));
    }
}
