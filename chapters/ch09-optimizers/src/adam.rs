//! Adam, in PyTorch's convention (`Adam(lr, betas=(β₁, β₂), eps=ε)`, defaults β₁ = 0.9,
//! β₂ = 0.999, ε = 10⁻⁸; optax's `adam` is the same, with its `eps_root` = 0):
//!
//! m ← β₁·m + (1 − β₁)·g,   v ← β₂·v + (1 − β₂)·g²,   m̂ = m / (1 − β₁ᵗ),   v̂ = v / (1 − β₂ᵗ),
//! θ ← θ − η·m̂ / (√v̂ + ε),   with m = v = 0 before step t = 1.
//!
//! m is momentum as a running *mean* (it adds (1 − β₁)·g, not g), v is RMSProp's running mean
//! of g², and ε sits outside the root. Both means start at 0, so for the first steps they are
//! too small — m₁ = (1 − β₁)·g is a tenth of the gradient. Dividing by 1 − βᵗ (the sum of
//! the weights so far) is the *bias correction*: with it the first step is exactly
//! η·g/(|g| + ε) ≈ η·sign(g). Without it (`bias_correction: false`) the first steps are
//! (1 − β₁ᵗ)/√(1 − β₂ᵗ) times too long: 3.2·η at t = 1, up to 6.5·η near t = 10.
//!
//! ```
//! use ndarray::array;
//! use ch09_optimizers::{Adam, Optimizer, Param};
//! let (mut theta, g) = (array![1.0, 1.0], array![100.0, -0.01]);
//! Adam::new().update(0.1, 0, Param::new("θ", &mut theta, &g));
//! // the first step is η·sign(g) in every coordinate, whatever the gradient's size
//! assert!((theta[0] - 0.9).abs() < 1e-9 && (theta[1] - 1.1).abs() < 1e-5);
//! ```

use ch03_relu_xor::{Optimizer, Param, PerParameter};
use ndarray::{ArrayD, Zip};

// ANCHOR: adam
/// Adam with decays β₁ and β₂, and ε.
#[derive(Clone, Debug)]
pub struct Adam {
    pub beta1: f64,
    pub beta2: f64,
    pub eps: f64,
    /// Divide the running means by 1 − βᵗ (true in PyTorch and optax; false only to show why).
    pub bias_correction: bool,
    /// One state per parameter.
    state: PerParameter<Moments>,
}

/// The running means of g and g² of one parameter, and how many steps it has taken.
#[derive(Clone, Debug)]
struct Moments {
    m: ArrayD<f64>,
    v: ArrayD<f64>,
    t: i32,
}

impl Adam {
    /// PyTorch's defaults: β₁ = 0.9, β₂ = 0.999, ε = 10⁻⁸, with bias correction.
    pub fn new() -> Self {
        Adam {
            beta1: 0.9,
            beta2: 0.999,
            eps: 1e-8,
            bias_correction: true,
            state: Default::default(),
        }
    }
}

impl Default for Adam {
    fn default() -> Self {
        Adam::new()
    }
}

impl Optimizer for Adam {
    fn update(&mut self, lr: f64, index: usize, param: Param<'_>) {
        let zeros = || ArrayD::zeros(param.grad.raw_dim()); // m = v = 0 before the first step
        let moments = || Moments {
            m: zeros(),
            v: zeros(),
            t: 0,
        };
        let state = self.state.of("Adam", index, &param, moments);
        let (b1, b2, eps) = (self.beta1, self.beta2, self.eps);
        state.t = state.t.saturating_add(1);
        let (c1, c2) = if self.bias_correction {
            (1.0 - b1.powi(state.t), 1.0 - b2.powi(state.t)) // the weights' sums so far
        } else {
            (1.0, 1.0)
        };
        Zip::from(param.value)
            .and(&mut state.m)
            .and(&mut state.v)
            .and(&param.grad)
            .for_each(|theta, m, v, &g| {
                *m = b1 * *m + (1.0 - b1) * g; // m ← β₁·m + (1 − β₁)·g
                *v = b2 * *v + (1.0 - b2) * g * g; // v ← β₂·v + (1 − β₂)·g²
                let (m_hat, v_hat) = (*m / c1, *v / c2);
                *theta -= lr * m_hat / (v_hat.sqrt() + eps); // θ ← θ − η·m̂/(√v̂ + ε)
            });
    }
}
// ANCHOR_END: adam

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    fn exact() -> Adam {
        Adam {
            eps: 0.0, // so the hand-computed numbers are exact
            ..Adam::new()
        }
    }

    #[test]
    fn two_steps_by_hand() {
        // θ₀ = 1, g₁ = 2, g₂ = −1, η = 0.1, β₁ = 0.9, β₂ = 0.999, ε = 0.
        // t = 1: m = 0.2, v = 0.004; m̂ = 0.2/0.1 = 2, v̂ = 0.004/0.001 = 4; θ₁ = 1 − 0.1·2/2 = 0.9
        // t = 2: m = 0.18 − 0.1 = 0.08, v = 0.003996 + 0.001 = 0.004996;
        //        m̂ = 0.08/0.19 = 0.421053…, v̂ = 0.004996/0.001999 = 2.499250…;
        //        θ₂ = 0.9 − 0.1·0.421053/1.580902 = 0.9 − 0.026634… = 0.873366…
        let mut theta = array![1.0];
        let mut adam = exact();
        adam.update(0.1, 0, Param::new("θ", &mut theta, &array![2.0]));
        assert!((theta[0] - 0.9).abs() < 1e-15, "{theta}");
        adam.update(0.1, 0, Param::new("θ", &mut theta, &array![-1.0]));
        let m_hat = 0.08 / (1.0 - 0.81);
        let v_hat: f64 = 0.004_996 / (1.0 - 0.998_001);
        assert!((theta[0] - (0.9 - 0.1 * m_hat / v_hat.sqrt())).abs() < 1e-12);
        assert!((theta[0] - 0.873_366).abs() < 1e-6, "{theta}");
    }

    #[test]
    fn without_bias_correction_the_first_step_is_3_16_times_longer() {
        // m₁ = 0.1·g, v₁ = 0.001·g²: m₁/√v₁ = 0.1/√0.001 = √10 = 3.162…
        let mut theta = array![0.0];
        let mut adam = Adam {
            bias_correction: false,
            ..exact()
        };
        adam.update(0.01, 0, Param::new("θ", &mut theta, &array![5.0]));
        assert!((theta[0] + 0.01 * 10.0_f64.sqrt()).abs() < 1e-15, "{theta}");
    }

    #[test]
    fn each_parameter_counts_its_own_steps() {
        // Two parameters stepped once each are both at t = 1: both first steps are η·sign(g).
        let (mut a, mut b) = (array![0.0], array![0.0, 0.0]);
        let mut adam = exact();
        adam.update(0.5, 0, Param::new("a", &mut a, &array![3.0]));
        adam.update(0.5, 1, Param::new("b", &mut b, &array![-7.0, 0.2]));
        assert_eq!(a, array![-0.5]);
        assert!(
            (&b - &array![0.5, -0.5]).iter().all(|d| d.abs() < 1e-15),
            "{b}"
        );
    }
}
