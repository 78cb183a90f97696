//! Batch normalization (Ioffe & Szegedy, 2015), over the batch, feature by feature.
//!
//! Training (`forward`), for a batch X (n, features):
//! μ = mean over the batch, σ² = variance over the batch (divided by n),
//! x̂ = (x − μ)/√(σ² + ε), y = γ ⊙ x̂ + β, and the running averages move towards μ and the
//! unbiased variance: m ← (1 − α)·m + α·μ.
//! Inference (`infer`) uses the running averages instead of the batch's statistics, so one
//! sample's output no longer depends on the others in its batch. These are batch
//! normalization's two modes, and the layer seam's two paths are exactly them: nothing to
//! switch by hand.
//!
//! Backward (training), the compact formula — μ and σ² depend on every sample, which brings in
//! the two sums:
//! ∂L/∂x = (1/(n·√(σ² + ε))) ⊙ (n·g − Σ g − x̂ ⊙ Σ(g ⊙ x̂)), with g = γ ⊙ ∂L/∂y;
//! ∂L/∂γ = Σ ∂L/∂y ⊙ x̂, ∂L/∂β = Σ ∂L/∂y (sums over the batch).
//! At inference the running averages are constants, and the layer is a scale and a shift per
//! feature: ∂L/∂x = γ ⊙ ∂L/∂y/√(m_σ² + ε), and ∂L/∂γ, ∂L/∂β as in training with x̂ from the
//! running averages ([`BatchNorm::infer_backward`]: fine-tuning with frozen statistics).

use ch03_relu_xor::{Layer, Param};
use ndarray::{Array1, Array2, Axis};

/// The ε under the square root.
pub const EPSILON: f64 = 1e-5;
/// How far the running averages move towards each batch's statistics.
pub const MOMENTUM: f64 = 0.1;

// ANCHOR: batch_norm
#[derive(Clone, Debug)]
pub struct BatchNorm {
    pub gamma: Array1<f64>,
    pub beta: Array1<f64>,
    pub running_mean: Array1<f64>,
    pub running_var: Array1<f64>,
    pub grad_gamma: Array1<f64>,
    pub grad_beta: Array1<f64>,
    cache: Option<(Array2<f64>, Array1<f64>)>, // (x̂, 1/√(σ² + ε))
}

impl BatchNorm {
    /// γ = 1, β = 0, running mean 0 and variance 1.
    pub fn new(features: usize) -> Self {
        BatchNorm {
            gamma: Array1::ones(features),
            beta: Array1::zeros(features),
            running_mean: Array1::zeros(features),
            running_var: Array1::ones(features),
            grad_gamma: Array1::zeros(features),
            grad_beta: Array1::zeros(features),
            cache: None,
        }
    }
}

impl Layer for BatchNorm {
    /// Inference: y = γ ⊙ (x − m_μ)/√(m_σ² + ε) + β with the running averages.
    fn infer(&self, x: &Array2<f64>) -> Array2<f64> {
        let inv_std = self.running_var.mapv(|v| 1.0 / (v + EPSILON).sqrt());
        (x - &self.running_mean) * &inv_std * &self.gamma + &self.beta
    }

    /// Training: y = γ ⊙ (x − μ)/√(σ² + ε) + β with the batch's statistics; the running
    /// averages follow them. (batch, features) -> (batch, features).
    fn forward(&mut self, x: &Array2<f64>) -> Array2<f64> {
        let n = x.nrows() as f64;
        let mean = x.mean_axis(Axis(0)).expect("a non-empty batch");
        let var = x.var_axis(Axis(0), 0.0);
        let unbiased = if n > 1.0 {
            &var * (n / (n - 1.0))
        } else {
            var.clone()
        };
        self.running_mean = &self.running_mean * (1.0 - MOMENTUM) + &mean * MOMENTUM;
        self.running_var = &self.running_var * (1.0 - MOMENTUM) + unbiased * MOMENTUM;
        let inv_std = var.mapv(|v| 1.0 / (v + EPSILON).sqrt());
        let x_hat = (x - &mean) * &inv_std; // broadcast over the batch
        let y = &x_hat * &self.gamma + &self.beta;
        self.cache = Some((x_hat, inv_std));
        y
    }

    /// Keeps ∂L/∂γ and ∂L/∂β; returns ∂L/∂x by the compact formula.
    fn backward(&mut self, grad_output: &Array2<f64>) -> Array2<f64> {
        let (x_hat, inv_std) = self
            .cache
            .as_ref()
            .expect("BatchNorm::backward called before forward");
        self.grad_gamma = (grad_output * x_hat).sum_axis(Axis(0));
        self.grad_beta = grad_output.sum_axis(Axis(0));
        let g = grad_output * &self.gamma; // ∂L/∂x̂
        let n = g.nrows() as f64;
        let sum_g = g.sum_axis(Axis(0));
        let sum_gx = (&g * x_hat).sum_axis(Axis(0));
        (g * n - &sum_g - x_hat * &sum_gx) * &(inv_std / n)
    }

    // ANCHOR: batch_norm_parameters
    /// γ, then β.
    fn visit_parameters(&mut self, visit: &mut dyn FnMut(Param<'_>)) {
        visit(Param::new("γ", &mut self.gamma, &self.grad_gamma));
        visit(Param::new("β", &mut self.beta, &self.grad_beta));
    }
    // ANCHOR_END: batch_norm_parameters
}

/// The gradients of inference's output with respect to its input and to γ and β.
#[derive(Clone, Debug, PartialEq)]
pub struct InferenceGradients {
    pub x: Array2<f64>,
    pub gamma: Array1<f64>,
    pub beta: Array1<f64>,
}

impl BatchNorm {
    /// The backward pass of inference at the input `x`, for the upstream gradient ∂L/∂y: the
    /// running averages are constants, so each feature's ∂L/∂x is ∂L/∂y scaled by
    /// γ/√(m_σ² + ε) and nothing else; ∂L/∂γ = Σ ∂L/∂y ⊙ x̂ and ∂L/∂β = Σ ∂L/∂y with
    /// x̂ = (x − m_μ)/√(m_σ² + ε).
    pub fn infer_backward(&self, x: &Array2<f64>, grad_output: &Array2<f64>) -> InferenceGradients {
        let inv_std = self.running_var.mapv(|v| 1.0 / (v + EPSILON).sqrt());
        let x_hat = (x - &self.running_mean) * &inv_std;
        InferenceGradients {
            x: grad_output * &(&self.gamma * &inv_std),
            gamma: (grad_output * &x_hat).sum_axis(Axis(0)),
            beta: grad_output.sum_axis(Axis(0)),
        }
    }
}
// ANCHOR_END: batch_norm

#[cfg(test)]
mod tests {
    use super::*;
    use nn_core::gradcheck::{check_gradient, check_vjp};
    use nn_core::rng::{rand_distr::StandardNormal, seeded, RandomExt};

    fn random(shape: (usize, usize), seed: u64) -> Array2<f64> {
        Array2::random_using(shape, StandardNormal, &mut seeded(seed))
    }

    #[test]
    fn training_mode_output_has_mean_beta_and_std_gamma() {
        let x = random((64, 3), 1) * 5.0 + 2.0;
        let mut bn = BatchNorm::new(3);
        bn.gamma = Array1::from(vec![1.0, 2.0, 0.5]);
        bn.beta = Array1::from(vec![0.0, -1.0, 3.0]);
        let y = bn.forward(&x);
        for (j, column) in y.columns().into_iter().enumerate() {
            assert!((column.mean().unwrap() - bn.beta[j]).abs() < 1e-12);
            assert!(
                (column.std(0.0) - bn.gamma[j]).abs() < 1e-5,
                "ε makes it slightly less"
            );
        }
    }

    #[test]
    fn backward_passes_the_gradient_checks_in_both_modes() {
        let (x, g) = (random((6, 4), 2) * 3.0, random((6, 4), 3));
        let mut bn = BatchNorm::new(4);
        bn.gamma = Array1::from(vec![1.5, -0.5, 2.0, 1.0]);
        bn.beta = Array1::from(vec![0.1, 0.2, -0.3, 0.0]);
        bn.running_mean = Array1::from(vec![0.5, -0.5, 1.0, 0.0]);
        bn.running_var = Array1::from(vec![2.0, 1.0, 0.5, 4.0]);
        let fresh = bn.clone();
        // Training: the batch's statistics depend on x.
        bn.forward(&x);
        let grad_x = bn.backward(&g);
        let c = check_vjp(|x| fresh.clone().forward(x), &x, &g, &grad_x);
        assert!(c.passed(), "training: ∂L/∂x {c}");
        let loss_gamma = |gamma: &Array1<f64>| {
            let mut b = fresh.clone();
            b.gamma = gamma.clone();
            (b.forward(&x) * &g).sum()
        };
        let c = check_gradient(loss_gamma, &fresh.gamma, &bn.grad_gamma);
        assert!(c.passed(), "training: ∂L/∂γ {c}");
        // Inference: the running averages are constants.
        let grads = fresh.infer_backward(&x, &g);
        let c = check_vjp(|x| fresh.infer(x), &x, &g, &grads.x);
        assert!(c.passed(), "inference: ∂L/∂x {c}");
        let loss_gamma = |gamma: &Array1<f64>| {
            let mut b = fresh.clone();
            b.gamma = gamma.clone();
            (b.infer(&x) * &g).sum()
        };
        let c = check_gradient(loss_gamma, &fresh.gamma, &grads.gamma);
        assert!(c.passed(), "inference: ∂L/∂γ {c}");
    }

    #[test]
    fn inference_keeps_nothing_and_uses_the_running_averages() {
        let x = random((5, 2), 4);
        let mut bn = BatchNorm::new(2);
        bn.running_mean = Array1::from(vec![1.0, -2.0]);
        bn.running_var = Array1::from(vec![4.0 - EPSILON, 0.25 - EPSILON]);
        let before = bn.clone();
        let y = bn.infer(&x);
        // (x − m)/√(v + ε): the first feature halved after subtracting 1, the second doubled.
        let expected = Array2::from_shape_fn((5, 2), |(i, j)| {
            if j == 0 {
                (x[[i, 0]] - 1.0) / 2.0
            } else {
                (x[[i, 1]] + 2.0) * 2.0
            }
        });
        assert!((&y - &expected).iter().all(|d| d.abs() < 1e-12));
        assert_eq!(bn.running_mean, before.running_mean);
        assert!(bn.cache.is_none());
    }

    #[test]
    fn running_averages_move_towards_the_batch_statistics() {
        let x = Array2::from_shape_vec((2, 1), vec![1.0, 3.0]).unwrap(); // mean 2, unbiased var 2
        let mut bn = BatchNorm::new(1);
        bn.forward(&x);
        assert!((bn.running_mean[0] - 0.2).abs() < 1e-15); // 0.9·0 + 0.1·2
        assert!((bn.running_var[0] - 1.1).abs() < 1e-15); // 0.9·1 + 0.1·2
    }
}
