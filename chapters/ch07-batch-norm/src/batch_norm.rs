//! Batch normalization (Ioffe & Szegedy, 2015), over the batch, feature by feature.
//!
//! Training mode, for a batch X (n, features):
//! μ = mean over the batch, σ² = variance over the batch (divided by n),
//! x̂ = (x − μ)/√(σ² + ε), y = γ ⊙ x̂ + β, and the running averages move towards μ and the
//! unbiased variance: m ← (1 − α)·m + α·μ.
//! Inference mode uses the running averages instead of the batch's statistics, so one sample's
//! output no longer depends on the others in its batch.
//!
//! Backward (training mode), the compact formula — μ and σ² depend on every sample, which
//! brings in the two sums:
//! ∂L/∂x = (1/(n·√(σ² + ε))) ⊙ (n·g − Σ g − x̂ ⊙ Σ(g ⊙ x̂)), with g = γ ⊙ ∂L/∂y;
//! ∂L/∂γ = Σ ∂L/∂y ⊙ x̂, ∂L/∂β = Σ ∂L/∂y (sums over the batch).

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
    /// Batch statistics (true) or running averages (false).
    pub training: bool,
    pub grad_gamma: Array1<f64>,
    pub grad_beta: Array1<f64>,
    cache: Option<(Array2<f64>, Array1<f64>)>, // (x̂, 1/√(σ² + ε))
}

impl BatchNorm {
    /// γ = 1, β = 0, running mean 0 and variance 1; training mode.
    pub fn new(features: usize) -> Self {
        BatchNorm {
            gamma: Array1::ones(features),
            beta: Array1::zeros(features),
            running_mean: Array1::zeros(features),
            running_var: Array1::ones(features),
            training: true,
            grad_gamma: Array1::zeros(features),
            grad_beta: Array1::zeros(features),
            cache: None,
        }
    }
}

impl Layer for BatchNorm {
    /// y = γ ⊙ (x − μ)/√(σ² + ε) + β: (batch, features) -> (batch, features).
    fn forward(&mut self, x: &Array2<f64>) -> Array2<f64> {
        let (mean, var) = if self.training {
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
            (mean, var)
        } else {
            (self.running_mean.clone(), self.running_var.clone())
        };
        let inv_std = var.mapv(|v| 1.0 / (v + EPSILON).sqrt());
        let x_hat = (x - &mean) * &inv_std; // broadcast over the batch
        let y = &x_hat * &self.gamma + &self.beta;
        self.cache = Some((x_hat, inv_std));
        y
    }

    /// Keeps ∂L/∂γ and ∂L/∂β; returns ∂L/∂x by the compact formula (training mode).
    fn backward(&mut self, grad_output: &Array2<f64>) -> Array2<f64> {
        let (x_hat, inv_std) = self
            .cache
            .as_ref()
            .expect("BatchNorm::backward called before forward");
        self.grad_gamma = (grad_output * x_hat).sum_axis(Axis(0));
        self.grad_beta = grad_output.sum_axis(Axis(0));
        let g = grad_output * &self.gamma; // ∂L/∂x̂
        if !self.training {
            return g * inv_std; // the statistics are constants at inference
        }
        let n = g.nrows() as f64;
        let sum_g = g.sum_axis(Axis(0));
        let sum_gx = (&g * x_hat).sum_axis(Axis(0));
        (g * n - &sum_g - x_hat * &sum_gx) * &(inv_std / n)
    }

    // ANCHOR: batch_norm_parameters
    /// γ, then β.
    fn visit_parameters(&mut self, visit: &mut dyn FnMut(Param<'_>)) {
        visit(Param::new(&mut self.gamma, &self.grad_gamma));
        visit(Param::new(&mut self.beta, &self.grad_beta));
    }
    // ANCHOR_END: batch_norm_parameters
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
        for training in [true, false] {
            let mut bn = BatchNorm::new(4);
            bn.gamma = Array1::from(vec![1.5, -0.5, 2.0, 1.0]);
            bn.beta = Array1::from(vec![0.1, 0.2, -0.3, 0.0]);
            bn.running_mean = Array1::from(vec![0.5, -0.5, 1.0, 0.0]);
            bn.running_var = Array1::from(vec![2.0, 1.0, 0.5, 4.0]);
            bn.training = training;
            let fresh = bn.clone();
            bn.forward(&x);
            let grad_x = bn.backward(&g);
            let c = check_vjp(|x| fresh.clone().forward(x), &x, &g, &grad_x);
            assert!(c.passed(), "training {training}: ∂L/∂x {c}");
            let loss_gamma = |gamma: &Array1<f64>| {
                let mut b = fresh.clone();
                b.gamma = gamma.clone();
                (b.forward(&x) * &g).sum()
            };
            let c = check_gradient(loss_gamma, &fresh.gamma, &bn.grad_gamma);
            assert!(c.passed(), "training {training}: ∂L/∂γ {c}");
        }
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
