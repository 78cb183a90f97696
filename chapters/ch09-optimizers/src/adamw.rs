//! AdamW: Adam with *decoupled* weight decay, in PyTorch's convention (`AdamW(lr,
//! weight_decay=λ)`, default λ = 0.01):
//!
//! θ ← θ − η·λ·θ,   then Adam's step   θ ← θ − η·m̂ / (√v̂ + ε).
//!
//! "Decoupled": the decay does not go into the gradient. Adding λ·θ to g (an L2 penalty, what
//! `Adam(weight_decay=λ)` does) would send it through m and v, and the division by √v̂ would
//! shrink the decay of exactly the weights with large gradients. Here every weight shrinks by
//! the same factor 1 − η·λ each step. optax's `adamw(lr, weight_decay=λ)` computes
//! θ ← θ − η·(m̂/(√v̂ + ε) + λ·θ), the same update (its default λ is 10⁻⁴).
//!
//! It is one file that reuses Adam: decay, then Adam's step.
//!
//! ```
//! use ndarray::array;
//! use ch09_optimizers::{AdamW, Optimizer, Param};
//! let (mut theta, g) = (array![10.0], array![0.0]);
//! AdamW::new(0.5).update(0.1, 0, Param::new("θ", &mut theta, &g));
//! // zero gradient: only the decay acts, θ = 10·(1 − 0.1·0.5) = 9.5
//! assert_eq!(theta[0], 9.5);
//! ```

use ch03_relu_xor::{Optimizer, Param};

use crate::adam::Adam;

// ANCHOR: adamw
/// Adam with decoupled weight decay λ.
#[derive(Clone, Debug)]
pub struct AdamW {
    pub adam: Adam,
    pub weight_decay: f64,
}

impl AdamW {
    /// Adam's defaults with weight decay λ.
    pub fn new(weight_decay: f64) -> Self {
        AdamW {
            adam: Adam::new(),
            weight_decay,
        }
    }
}

impl Optimizer for AdamW {
    fn update(&mut self, lr: f64, index: usize, mut param: Param<'_>) {
        param.value *= 1.0 - lr * self.weight_decay; // θ ← θ − η·λ·θ
        self.adam.update(lr, index, param); // then Adam's step, from the gradient alone
    }
}
// ANCHOR_END: adamw

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn one_step_by_hand() {
        // θ₀ = 2, g = 4, η = 0.1, λ = 0.5, ε = 0: decay 2·(1 − 0.05) = 1.9, then Adam's first
        // step η·sign(g) = 0.1: θ₁ = 1.8.
        let mut theta = array![2.0];
        let mut optimizer = AdamW::new(0.5);
        optimizer.adam.eps = 0.0;
        optimizer.update(0.1, 0, Param::new("θ", &mut theta, &array![4.0]));
        assert!((theta[0] - 1.8).abs() < 1e-15, "{theta}");
    }

    #[test]
    fn decay_zero_is_adam_bit_for_bit() {
        let (mut a, mut b) = (array![1.0, -2.0], array![1.0, -2.0]);
        let (mut adamw, mut adam) = (AdamW::new(0.0), Adam::new());
        for g in [array![0.3, -1.0], array![-0.2, 4.0]] {
            adamw.update(0.01, 0, Param::new("a", &mut a, &g));
            adam.update(0.01, 0, Param::new("b", &mut b, &g));
        }
        assert_eq!(a, b);
    }

    #[test]
    fn the_decay_is_not_divided_by_the_gradients_scale() {
        // Two weights of the same size, one with a large gradient and one with a small one,
        // gradients pointing away from zero so Adam's step cancels the same amount in both:
        // the decay shrinks both by the same 1 − ηλ. An L2 penalty through Adam would not.
        let mut theta = array![1.0, 1.0];
        let mut optimizer = AdamW::new(0.1);
        optimizer.adam.eps = 0.0;
        optimizer.update(0.01, 0, Param::new("θ", &mut theta, &array![-100.0, -0.01]));
        assert!((theta[0] - theta[1]).abs() < 1e-12, "{theta}");
        assert!(
            (theta[0] - (1.0 * (1.0 - 0.001) + 0.01)).abs() < 1e-12,
            "{theta}"
        );
    }
}
