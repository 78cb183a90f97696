//! Wrong answers to chapter 7's exercises.

use ndarray::{Array1, Array2, Axis};
use practice::{BatchNormGrads, RunningStats};

use super::super::answer_ch07 as right;

const EPSILON: f64 = 1e-5;

/// 7.1 with a divisor d per column instead of √(σ² + ε).
fn forward_dividing_by(
    x: &Array2<f64>,
    d: Array1<f64>,
    gamma: &Array1<f64>,
    beta: &Array1<f64>,
) -> Array2<f64> {
    let mean = x.mean_axis(Axis(0)).unwrap();
    (x - &mean) / &d * gamma + beta
}

/// 7.1 with the sample variance (÷ (n − 1)).
pub fn forward_unbiased(x: &Array2<f64>, gamma: &Array1<f64>, beta: &Array1<f64>) -> Array2<f64> {
    let d = x.var_axis(Axis(0), 1.0).mapv(|v| (v + EPSILON).sqrt());
    forward_dividing_by(x, d, gamma, beta)
}

/// 7.1 with ε added to the standard deviation: σ + ε.
pub fn forward_epsilon_outside(
    x: &Array2<f64>,
    gamma: &Array1<f64>,
    beta: &Array1<f64>,
) -> Array2<f64> {
    let d = x.std_axis(Axis(0), 0.0) + EPSILON;
    forward_dividing_by(x, d, gamma, beta)
}

/// 7.1 dividing by σ alone.
pub fn forward_without_epsilon(
    x: &Array2<f64>,
    gamma: &Array1<f64>,
    beta: &Array1<f64>,
) -> Array2<f64> {
    forward_dividing_by(x, x.std_axis(Axis(0), 0.0), gamma, beta)
}

/// 7.1 normalizing each row (each sample over its features: layer norm's axis).
pub fn forward_over_rows(x: &Array2<f64>, gamma: &Array1<f64>, beta: &Array1<f64>) -> Array2<f64> {
    let t = x.t().to_owned();
    let ones = Array1::ones(t.ncols());
    let rows = right::batch_norm_forward(&t, &ones, &Array1::zeros(t.ncols()));
    rows.t().to_owned() * gamma + beta
}

/// 7.2 with μ and σ² taken as constants: ∂L/∂x = γ ⊙ g/√(σ² + ε).
pub fn backward_constant_statistics(
    x: &Array2<f64>,
    gamma: &Array1<f64>,
    g: &Array2<f64>,
) -> BatchNormGrads {
    let inv_std = x
        .var_axis(Axis(0), 0.0)
        .mapv(|v| 1.0 / (v + EPSILON).sqrt());
    BatchNormGrads {
        x: g * gamma * &inv_std,
        ..right::batch_norm_backward(x, gamma, g)
    }
}

/// 7.2 without the 1/n of the compact formula.
pub fn backward_without_one_over_n(
    x: &Array2<f64>,
    gamma: &Array1<f64>,
    g: &Array2<f64>,
) -> BatchNormGrads {
    let right = right::batch_norm_backward(x, gamma, g);
    BatchNormGrads {
        x: right.x * x.nrows() as f64,
        ..right
    }
}

/// 7.2 with only the first of the two sums: the mean's dependence, not the variance's.
pub fn backward_one_sum(x: &Array2<f64>, gamma: &Array1<f64>, g: &Array2<f64>) -> BatchNormGrads {
    let inv_std = x
        .var_axis(Axis(0), 0.0)
        .mapv(|v| 1.0 / (v + EPSILON).sqrt());
    let g_hat = g * gamma;
    let mean = g_hat.mean_axis(Axis(0)).unwrap();
    BatchNormGrads {
        x: (g_hat - &mean) * &inv_std,
        ..right::batch_norm_backward(x, gamma, g)
    }
}

/// 7.3 with the weights swapped: 0.1 of the old value, 0.9 of the batch's.
pub fn running_reversed(running: &RunningStats, x: &Array2<f64>) -> RunningStats {
    RunningStats {
        mean: &running.mean * 0.1 + x.mean_axis(Axis(0)).unwrap() * 0.9,
        var: &running.var * 0.1 + x.var_axis(Axis(0), 1.0) * 0.9,
    }
}

/// 7.3 with the batch's biased variance (÷ n).
pub fn running_biased(running: &RunningStats, x: &Array2<f64>) -> RunningStats {
    RunningStats {
        var: &running.var * 0.9 + x.var_axis(Axis(0), 0.0) * 0.1,
        ..right::running_averages(running, x)
    }
}

/// 7.4 normalizing with the batch's statistics, as in training.
pub fn inference_with_batch_statistics(
    x: &Array2<f64>,
    gamma: &Array1<f64>,
    beta: &Array1<f64>,
    _running: &RunningStats,
) -> Array2<f64> {
    right::batch_norm_forward(x, gamma, beta)
}

/// 7.4 dividing by √v, without ε.
pub fn inference_without_epsilon(
    x: &Array2<f64>,
    gamma: &Array1<f64>,
    beta: &Array1<f64>,
    running: &RunningStats,
) -> Array2<f64> {
    (x - &running.mean) / running.var.mapv(f64::sqrt) * gamma + beta
}
