//! RMSProp, in PyTorch's convention (`RMSprop(lr, alpha=α, eps=ε)`, defaults α = 0.99,
//! ε = 10⁻⁸):
//!
//! s ← α·s + (1 − α)·g²,   θ ← θ − η·g / (√s + ε),   with s = 0 before the first step.
//!
//! s is a running mean of the squared gradient, one per scalar parameter: dividing by its root
//! puts every coordinate on the same scale, so a steep direction and a shallow one move by
//! about η each step. ε sits *outside* the root. optax's `rmsprop` differs in two places: by
//! default (`eps_in_sqrt=True`) it puts ε under the root, g / √(s + ε), and its default decay
//! is 0.9; `optax.rmsprop(lr, decay=0.99, eps_in_sqrt=False)` is this update. With ε this
//! small the two agree to many digits once s is far above ε.
//!
//! ```
//! use ndarray::array;
//! use ch09_optimizers::{Optimizer, Param, RmsProp};
//! let (mut theta, g) = (array![1.0], array![2.0]);
//! RmsProp::new().update(0.01, 0, Param::new("θ", &mut theta, &g));
//! // s₁ = 0.01·4 = 0.04, θ₁ = 1 − 0.01·2 / (0.2 + 1e-8) ≈ 1 − 0.1
//! assert!((theta[0] - 0.9).abs() < 1e-7);
//! ```

use ch03_relu_xor::{Optimizer, Param, PerParameter};
use ndarray::{ArrayD, Zip};

// ANCHOR: rmsprop
/// RMSProp with decay α and ε.
#[derive(Clone, Debug)]
pub struct RmsProp {
    pub alpha: f64,
    pub eps: f64,
    /// One running mean of g² per parameter.
    square_avg: PerParameter<ArrayD<f64>>,
}

impl RmsProp {
    /// PyTorch's defaults: α = 0.99, ε = 10⁻⁸.
    pub fn new() -> Self {
        RmsProp {
            alpha: 0.99,
            eps: 1e-8,
            square_avg: Default::default(),
        }
    }
}

impl Default for RmsProp {
    fn default() -> Self {
        RmsProp::new()
    }
}

impl Optimizer for RmsProp {
    fn update(&mut self, lr: f64, index: usize, param: Param<'_>) {
        let zeros = || ArrayD::zeros(param.grad.raw_dim()); // s = 0 before the first step
        let s = self.square_avg.of("RMSProp", index, &param, zeros);
        let (alpha, eps) = (self.alpha, self.eps);
        Zip::from(param.value)
            .and(s)
            .and(&param.grad)
            .for_each(|theta, s, &g| {
                *s = alpha * *s + (1.0 - alpha) * g * g; // s ← α·s + (1 − α)·g²
                *theta -= lr * g / (s.sqrt() + eps); // θ ← θ − η·g / (√s + ε)
            });
    }
}
// ANCHOR_END: rmsprop

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn two_steps_by_hand() {
        // θ₀ = 1, g₁ = 3, g₂ = 1, η = 0.1, α = 0.5, ε = 0 (so the numbers are exact).
        // s₁ = 0.5·9 = 4.5,               θ₁ = 1 − 0.1·3/√4.5 = 1 − 0.3/2.121320… = 0.858578…
        // s₂ = 0.5·4.5 + 0.5·1 = 2.75,    θ₂ = θ₁ − 0.1·1/√2.75 = θ₁ − 0.060302…
        let mut theta = array![1.0];
        let mut optimizer = RmsProp {
            alpha: 0.5,
            eps: 0.0,
            ..RmsProp::new()
        };
        optimizer.update(0.1, 0, Param::new("θ", &mut theta, &array![3.0]));
        let theta1 = 1.0 - 0.3 / 4.5_f64.sqrt();
        assert!((theta[0] - theta1).abs() < 1e-15);
        assert!((theta1 - 0.858_578_643_762_690_5).abs() < 1e-15);
        optimizer.update(0.1, 0, Param::new("θ", &mut theta, &array![1.0]));
        assert!((theta[0] - (theta1 - 0.1 / 2.75_f64.sqrt())).abs() < 1e-15);
    }

    #[test]
    fn every_coordinate_moves_about_the_same_on_the_first_step() {
        // s₁ = (1 − α)·g², so the first step is η·g/(√(1 − α)·|g|) = η/√(1 − α)·sign(g),
        // whatever the size of g: 0.01/√0.01 = 0.1 for g = 1000 and for g = 0.001.
        let mut theta = array![0.0, 0.0];
        RmsProp::new().update(
            0.01,
            0,
            Param::new("θ", &mut theta, &array![1000.0, -0.001]),
        );
        assert!(
            (theta[0] + 0.1).abs() < 1e-9 && (theta[1] - 0.1).abs() < 1e-5,
            "{theta}"
        );
    }
}
