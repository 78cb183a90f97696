//! Nesterov momentum, in PyTorch's convention (`SGD(momentum=μ, nesterov=True)`; optax's
//! `sgd(lr, momentum, nesterov=True)` is the same):
//!
//! v ← μ·v + g,   θ ← θ − η·(g + μ·v),   with v = 0 before the first step.
//!
//! The heavy ball steps by its velocity; Nesterov steps by the gradient plus the velocity it
//! is about to have: it "looks ahead" along the velocity, so a velocity that overshoots is
//! corrected one step sooner. (The textbook form evaluates the gradient at θ + μ·v; this form,
//! Sutskever et al.'s rewriting, needs only the gradient at θ, which is what the seam hands an
//! optimizer.)
//!
//! ```
//! use ndarray::array;
//! use ch09_optimizers::{Nesterov, Optimizer, Param};
//! let (mut theta, g) = (array![1.0], array![1.0]);
//! let mut optimizer = Nesterov::new(0.9);
//! optimizer.update(0.1, 0, Param::new("θ", &mut theta, &g));
//! // v₁ = 1, θ₁ = 1 − 0.1·(1 + 0.9·1) = 0.81
//! assert!((theta[0] - 0.81).abs() < 1e-15);
//! ```

use ch03_relu_xor::{Optimizer, Param, PerParameter};
use ndarray::{ArrayD, Zip};

// ANCHOR: nesterov
/// SGD with Nesterov momentum μ.
#[derive(Clone, Debug)]
pub struct Nesterov {
    pub momentum: f64,
    /// One velocity per parameter.
    velocity: PerParameter<ArrayD<f64>>,
}

impl Nesterov {
    pub fn new(momentum: f64) -> Self {
        Nesterov {
            momentum,
            velocity: Default::default(),
        }
    }
}

impl Optimizer for Nesterov {
    fn update(&mut self, lr: f64, index: usize, param: Param<'_>) {
        let zeros = || ArrayD::zeros(param.grad.raw_dim()); // v = 0 before the first step
        let v = self.velocity.of("Nesterov", index, &param, zeros);
        let mu = self.momentum;
        Zip::from(param.value)
            .and(v)
            .and(&param.grad)
            .for_each(|theta, v, &g| {
                *v = mu * *v + g; // v ← μ·v + g
                *theta -= lr * (g + mu * *v); // θ ← θ − η·(g + μ·v)
            });
    }
}
// ANCHOR_END: nesterov

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn two_steps_by_hand() {
        // θ₀ = 2, g₁ = 1, g₂ = −2, η = 0.1, μ = 0.5.
        // v₁ = 1,               θ₁ = 2 − 0.1·(1 + 0.5·1)       = 1.85
        // v₂ = 0.5·1 − 2 = −1.5, θ₂ = 1.85 − 0.1·(−2 + 0.5·(−1.5)) = 1.85 + 0.275 = 2.125
        let mut theta = array![2.0];
        let mut optimizer = Nesterov::new(0.5);
        optimizer.update(0.1, 0, Param::new("θ", &mut theta, &array![1.0]));
        assert!((theta[0] - 1.85).abs() < 1e-15, "{theta}");
        optimizer.update(0.1, 0, Param::new("θ", &mut theta, &array![-2.0]));
        assert!((theta[0] - 2.125).abs() < 1e-15, "{theta}");
    }

    #[test]
    fn momentum_zero_is_plain_sgd() {
        let mut theta = array![1.0, -1.0];
        Nesterov::new(0.0).update(0.1, 0, Param::new("θ", &mut theta, &array![2.0, 3.0]));
        assert_eq!(theta, array![1.0 - 0.1 * 2.0, -1.0 - 0.1 * 3.0]);
    }
}
