//! SGD with momentum (the "heavy ball"), in PyTorch's convention (optax's `sgd(lr, momentum)`
//! is the same):
//!
//! v ← μ·v + g,   θ ← θ − η·v,   with g = ∂L/∂θ and v = 0 before the first step.
//!
//! The buffer adds the gradient itself, not (1 − μ)·g, and the learning rate multiplies the
//! buffer when it is applied: the first step is plain SGD's.
//!
//! The velocity v is a running sum of past gradients, each step's weighted μ times less than
//! the next: along a direction where the gradients agree it grows towards 1/(1 − μ) times one
//! gradient; across one where they alternate, they cancel.
//!
//! One file against chapter 3's seam: it sees parameters only through [`Optimizer::update`],
//! and keeps one velocity per parameter (chapter 3's [`PerParameter`], tied to the parameter it
//! was made for). The learning rate comes with each step. No layer knows it exists.
//!
//! ```
//! use ndarray::array;
//! use ch03_relu_xor::Dense; // chapter 3's layer
//! use ch09_optimizers::{Layer, Momentum, Optimizer};
//! let mut layer = Dense::without_bias(array![[1.0]]);
//! let mut optimizer = Momentum::new(0.9);
//! for _ in 0..2 {
//!     layer.forward(&array![[1.0]]);
//!     layer.backward(&array![[1.0]]); // ∂L/∂W = 1 at every step
//!     optimizer.step(0.1, &mut layer);
//! }
//! // v₁ = 1, W₁ = 1 − 0.1 = 0.9; v₂ = 0.9·1 + 1 = 1.9, W₂ = 0.9 − 0.19 = 0.71
//! assert!((layer.w[[0, 0]] - 0.71).abs() < 1e-15);
//! ```

use ch03_relu_xor::{Optimizer, Param, PerParameter};
use ndarray::ArrayD;

// ANCHOR: momentum
/// SGD with momentum μ.
#[derive(Clone, Debug)]
pub struct Momentum {
    pub momentum: f64,
    /// One velocity per parameter.
    velocity: PerParameter<ArrayD<f64>>,
}

impl Momentum {
    pub fn new(momentum: f64) -> Self {
        Momentum {
            momentum,
            velocity: Default::default(),
        }
    }
}

impl Optimizer for Momentum {
    fn update(&mut self, lr: f64, index: usize, mut param: Param<'_>) {
        let zeros = || ArrayD::zeros(param.grad.raw_dim()); // v = 0 before the first step
        let v = self.velocity.of("momentum", index, &param, zeros);
        *v *= self.momentum;
        *v += &param.grad; // v ← μ·v + g
        param.value.scaled_add(-lr, v); // θ ← θ − η·v
    }
}
// ANCHOR_END: momentum

#[cfg(test)]
mod tests {
    use super::*;
    use ch03_relu_xor::{Dense, Layer, Sgd};
    use ndarray::array;

    /// Minimises L = ½·(100·w₀² + w₁²), an ill-conditioned bowl, from (1, 1): a "layer" whose
    /// weights are the point and whose gradient we set by hand, ∂L/∂w = (100·w₀, w₁).
    fn descend(optimizer: &mut impl Optimizer, lr: f64, steps: usize) -> f64 {
        let mut layer = Dense::without_bias(array![[1.0, 1.0]]);
        for _ in 0..steps {
            let w = layer.w.clone();
            layer.forward(&array![[1.0]]);
            // ∂L/∂W = xᵀ·G with x = 1: G is the gradient itself.
            layer.backward(&array![[100.0 * w[[0, 0]], w[[0, 1]]]]);
            optimizer.step(lr, &mut layer);
        }
        let w = &layer.w;
        0.5 * (100.0 * w[[0, 0]].powi(2) + w[[0, 1]].powi(2))
    }

    #[test]
    fn the_first_step_is_plain_sgd_and_the_second_adds_the_first() {
        // By hand, for a gradient g that is the same at every step: θ₁ = θ₀ − η·g and
        // θ₂ = θ₁ − η·(μ·g + g). Here θ₀ = (1, 2), g = (0.5, −1), η = 0.1, μ = 0.5.
        let mut layer = Dense::without_bias(array![[1.0, 2.0]]);
        let mut optimizer = Momentum::new(0.5);
        let mut expected = vec![array![[0.95, 2.1]], array![[0.875, 2.25]]];
        expected.reverse();
        for _ in 0..2 {
            layer.forward(&array![[1.0]]);
            layer.backward(&array![[0.5, -1.0]]);
            optimizer.step(0.1, &mut layer);
            let want = expected.pop().unwrap();
            assert!(
                (&layer.w - &want).iter().all(|d| d.abs() < 1e-15),
                "{}",
                layer.w
            );
        }
    }

    #[test]
    fn momentum_zero_is_plain_sgd_bit_for_bit() {
        let (a, b) = (
            descend(&mut Momentum::new(0.0), 0.005, 50),
            descend(&mut Sgd, 0.005, 50),
        );
        assert_eq!(a.to_bits(), b.to_bits());
    }

    #[test]
    fn on_an_ill_conditioned_bowl_momentum_gets_further_in_the_same_steps() {
        // η = 0.005 is stable for the steep direction (η·100 < 2); along the shallow one plain
        // SGD shrinks w₁ by only 0.5 % a step. Momentum 0.9 multiplies that progress.
        let plain = descend(&mut Sgd, 0.005, 200);
        let heavy = descend(&mut Momentum::new(0.9), 0.005, 200);
        assert!(heavy < plain / 100.0, "momentum {heavy}, plain {plain}");
    }
}
