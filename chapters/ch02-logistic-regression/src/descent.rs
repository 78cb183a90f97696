//! Batch gradient descent for logistic regression, and a trainer that notices divergence.
//!
//! The model: h = σ(z) with z = Xw, where X carries a column of ones for the bias (chapter 1's
//! `augment`). The cost is the mean cross-entropy J(w) = (1/m)·Σ cost(zᵢ, yᵢ), and its gradient
//! is the same for all three ways of writing the cost (they are one function on paper):
//!
//! ∂J/∂w = (1/m)·Xᵀ(h − y)   — (features + 1, samples)·(samples,) -> (features + 1,)
//!
//! since ∂cost/∂z = σ(z) − y. One step: w ← w − η·∂J/∂w.

use ch01_sigmoid_neuron::sigmoid;
use ndarray::{Array1, Array2, Axis};
use nn_core::table::sig;
use nn_core::{Error, Result};

use crate::cost::Cost;

/// The logits z = Xw: (samples, features + 1)·(features + 1,) -> (samples,).
pub fn logits(x: &Array2<f64>, w: &Array1<f64>) -> Array1<f64> {
    x.dot(w)
}

/// The predicted probabilities h = σ(Xw).
pub fn probabilities(x: &Array2<f64>, w: &Array1<f64>) -> Array1<f64> {
    logits(x, w).mapv(sigmoid)
}

// ANCHOR: gradient
/// ∂J/∂w = (1/m)·Xᵀ(h − y), vectorized.
pub fn gradient(x: &Array2<f64>, y: &Array1<f64>, w: &Array1<f64>) -> Array1<f64> {
    gradient_from_logits(x, y, &logits(x, w))
}

/// The same, from logits z = Xw already computed (the trainer computes them once a step,
/// for the cost and the gradient).
pub fn gradient_from_logits(x: &Array2<f64>, y: &Array1<f64>, z: &Array1<f64>) -> Array1<f64> {
    let m = x.nrows() as f64;
    let error = z.mapv(sigmoid) - y; // h − y: (samples,)
    x.t().dot(&error) / m // (features + 1, samples)·(samples,)
}
// ANCHOR_END: gradient

// ANCHOR: gradient_loop
/// The same gradient with explicit loops, one feature at a time, as it is often first
/// written: ∂J/∂wⱼ = (1/m)·Σᵢ (hᵢ − yᵢ)·xᵢⱼ.
pub fn gradient_loop(x: &Array2<f64>, y: &Array1<f64>, w: &Array1<f64>) -> Array1<f64> {
    let (m, n) = x.dim();
    let h = probabilities(x, w);
    let mut grad = Array1::zeros(n);
    for j in 0..n {
        let mut sum = 0.0;
        for i in 0..m {
            sum += (h[i] - y[i]) * x[[i, j]];
        }
        grad[j] = sum / m as f64;
    }
    grad
}
// ANCHOR_END: gradient_loop

/// Settings of one gradient-descent run.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Descent {
    /// The learning rate η.
    pub lr: f64,
    pub iterations: usize,
    /// How the recorded cost is computed (the updates do not depend on it).
    pub cost: Cost,
    /// Stop with an error when the cost stops being finite or keeps rising.
    pub diagnose: bool,
}

/// The result of gradient descent: the weights and the cost before each step and after
/// the last (iterations + 1 values).
#[derive(Clone, Debug, PartialEq)]
pub struct Fit {
    pub w: Array1<f64>,
    pub history: Vec<f64>,
}

/// Gradient descent with a small enough rate lowers the cost at every step. The trainer gives
/// up when the cost rose in this many of the last [`WINDOW`] steps: it oscillates instead of
/// falling. (One rise, an overshoot that the next steps recover from, is not divergence.)
pub const RISES: usize = 5;
pub const WINDOW: usize = 20;

/// A step counts as a rise only when the cost went up by more than this fraction of itself:
/// near convergence the cost changes by rounding noise (≈ 1e-16 of it), up as often as down,
/// and that is not divergence.
pub const RISE_TOLERANCE: f64 = 1e-9;

/// How many steps of a cost history went up (by more than [`RISE_TOLERANCE`] of the cost).
pub fn rises(history: &[f64]) -> usize {
    history
        .windows(2)
        .filter(|w| w[1] - w[0] > RISE_TOLERANCE * w[0].abs().max(w[1].abs()))
        .count()
}

// ANCHOR: descent
/// Full-batch gradient descent from `w`, recording the cost at every step.
pub fn gradient_descent(
    x: &Array2<f64>,
    y: &Array1<f64>,
    mut w: Array1<f64>,
    settings: Descent,
) -> Result<Fit> {
    let mut history = Vec::with_capacity(settings.iterations + 1);
    for iteration in 0..=settings.iterations {
        let z = logits(x, &w); // once a step: for the cost and for the gradient
        let cost = settings.cost.mean(&z, y);
        history.push(cost);
        if settings.diagnose {
            let recent = &history[history.len().saturating_sub(WINDOW + 1)..];
            let problem = if !cost.is_finite() {
                Some(format!("the cost is {}", sig(cost, 3)))
            } else if rises(recent) >= RISES {
                Some(format!(
                    "the cost rose in {} of the last {} steps (from {} at the start to {} now): \
                     it oscillates instead of falling",
                    rises(recent),
                    recent.len() - 1,
                    sig(history[0], 4),
                    sig(cost, 4)
                ))
            } else {
                None
            };
            if let Some(problem) = problem {
                return Err(Error::Diverged {
                    iteration,
                    reason: format!("{problem}; {}", likely_cause(x, settings.lr)),
                });
            }
        }
        if iteration < settings.iterations {
            let grad = gradient_from_logits(x, y, &z);
            w.scaled_add(-settings.lr, &grad); // w ← w − η·∂J/∂w
        }
    }
    Ok(Fit { w, history })
}
// ANCHOR_END: descent

// ANCHOR: likely_cause
/// Why gradient descent most likely diverged: features on wildly different scales (their
/// standard deviations differ more than 100-fold, or exceed 100), else the learning rate.
pub fn likely_cause(x: &Array2<f64>, lr: f64) -> String {
    let std = x.std_axis(Axis(0), 0.0);
    let varying = std.iter().copied().filter(|&s| s > 1e-12);
    let (lo, hi) = varying.fold((f64::INFINITY, 0.0_f64), |(lo, hi), s| {
        (lo.min(s), hi.max(s))
    });
    if hi > 100.0 || hi > 100.0 * lo {
        format!(
            "likely cause: the features are not standardized (standard deviations from {} to {}); \
             standardize them with statistics of the training set",
            sig(lo, 3),
            sig(hi, 4)
        )
    } else {
        format!(
            "likely cause: the learning rate {} is too large; try one 10 times smaller",
            sig(lr, 3)
        )
    }
}
// ANCHOR_END: likely_cause

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;
    use nn_core::gradcheck::check_gradient;

    fn toy() -> (Array2<f64>, Array1<f64>) {
        // Two features and a bias column; labels not linearly separable, so w stays finite.
        let x = array![
            [0.5, 1.0, 1.0],
            [-1.0, 0.3, 1.0],
            [2.0, -0.4, 1.0],
            [0.1, 0.2, 1.0],
            [-0.7, -1.5, 1.0]
        ];
        (x, array![1.0, 0.0, 1.0, 0.0, 1.0])
    }

    #[test]
    fn rounding_noise_is_not_a_rise() {
        // A converged run: the cost wobbles by one unit in the last place, up as often as down.
        let c = 0.123_456_789_f64;
        let noise: Vec<f64> = (0..41)
            .map(|i| {
                if i % 2 == 0 {
                    c
                } else {
                    c * (1.0 + f64::EPSILON)
                }
            })
            .collect();
        assert_eq!(rises(&noise), 0);
        // An oscillating one: rises of 1 % are rises.
        let swings: Vec<f64> = (0..41)
            .map(|i| if i % 2 == 0 { c } else { c * 1.01 })
            .collect();
        assert_eq!(rises(&swings), 20);
    }

    #[test]
    fn gradient_passes_the_gradient_check() {
        let (x, y) = toy();
        let w = array![0.3, -0.8, 0.1];
        let check = check_gradient(
            |w| Cost::Logits.mean(&logits(&x, w), &y),
            &w,
            &gradient(&x, &y, &w),
        );
        assert!(check.passed(), "{check}");
    }

    #[test]
    fn loop_and_vectorized_gradients_agree() {
        let (x, y) = toy();
        let w = array![0.3, -0.8, 0.1];
        let (a, b) = (gradient(&x, &y, &w), gradient_loop(&x, &y, &w));
        assert!((&a - &b).iter().all(|d| d.abs() < 1e-15), "{a} vs {b}");
    }

    #[test]
    fn at_zero_weights_the_gradient_is_by_hand() {
        // w = 0: h = ½ for all; ∂J/∂w = (1/m)·Xᵀ(½ − y). Bias entry: (1/5)·(5·½ − 3) = −0.1.
        let (x, y) = toy();
        let g = gradient(&x, &y, &Array1::zeros(3));
        assert!((g[2] + 0.1).abs() < 1e-15);
    }

    #[test]
    fn descent_lowers_the_cost_and_the_trainer_stops_divergence() {
        let (x, y) = toy();
        let ok = Descent {
            lr: 0.5,
            iterations: 200,
            cost: Cost::Logits,
            diagnose: true,
        };
        let fit = gradient_descent(&x, &y, Array1::zeros(3), ok).unwrap();
        assert_eq!(fit.history.len(), 201);
        assert!(fit.history[200] < fit.history[0]);
        // Features scaled by 10⁴: the first step overshoots by far.
        let mut big = x.clone();
        big.column_mut(0).mapv_inplace(|v| v * 1e4);
        let e =
            gradient_descent(&big, &y, Array1::zeros(3), Descent { lr: 1.0, ..ok }).unwrap_err();
        let msg = e.to_string();
        assert!(msg.contains("not standardized"), "{msg}");
    }
}
