//! Chapter 7's exercises: batch normalization's forward pass in training mode, its backward
//! pass (the compact formula), the running averages it keeps for inference, and its forward
//! pass at inference. Expected values: chapter 7's `BatchNorm`.

use ch03_relu_xor::Layer;
use ch07_batch_norm::batch_norm::{EPSILON, MOMENTUM};
use ch07_batch_norm::BatchNorm;
use ndarray::{Array1, Array2, Axis};
use nn_core::gradcheck::{check_gradient, check_vjp};

use super::{random, random_vector, Matrix, Vector};
use crate::diagnose::{compare, Hint};
use crate::grade::{Chapter, Exercise};

/// Batch norm's three gradients, as `batch_norm_backward` returns them.
#[derive(Clone, Debug, PartialEq)]
pub struct BatchNormGrads {
    /// ∂L/∂x: (batch, features)
    pub x: Array2<f64>,
    /// ∂L/∂γ: (features,)
    pub gamma: Array1<f64>,
    /// ∂L/∂β: (features,)
    pub beta: Array1<f64>,
}

/// The running mean and variance batch norm keeps for inference, one per feature.
#[derive(Clone, Debug, PartialEq)]
pub struct RunningStats {
    /// (features,)
    pub mean: Array1<f64>,
    /// (features,)
    pub var: Array1<f64>,
}

/// The functions a reader writes for chapter 7.
#[derive(Clone, Copy)]
pub struct Candidate {
    pub batch_norm_forward: fn(&Matrix, &Vector, &Vector) -> Matrix,
    pub batch_norm_backward: fn(&Matrix, &Vector, &Matrix) -> BatchNormGrads,
    pub running_averages: fn(&RunningStats, &Matrix) -> RunningStats,
    pub batch_norm_inference: fn(&Matrix, &Vector, &Vector, &RunningStats) -> Matrix,
}

/// Batches (batch, features): non-square, square, two samples.
const SHAPES: [(usize, usize); 3] = [(6, 3), (4, 4), (2, 5)];

/// X (standard deviation 3 around 2), γ (around 1), β and an upstream gradient G.
fn case(k: usize) -> (Array2<f64>, Array1<f64>, Array1<f64>, Array2<f64>) {
    let (batch, features) = SHAPES[k];
    let seed = 700 + 4 * k as u64;
    (
        random((batch, features), seed, 3.0) + 2.0,
        random_vector(features, seed + 1, 0.5) + 1.0,
        random_vector(features, seed + 2, 1.0),
        random((batch, features), seed + 3, 1.0),
    )
}

/// The chapter's layer in training mode with these γ and β.
fn layer(gamma: &Array1<f64>, beta: &Array1<f64>) -> BatchNorm {
    let mut bn = BatchNorm::new(gamma.len());
    bn.gamma = gamma.clone();
    bn.beta = beta.clone();
    bn
}

/// γ ⊙ (x − μ)/d + β with the column means μ and a divisor d per column: the forward pass
/// with the typical mistakes' d.
fn normalized_by(
    x: &Array2<f64>,
    d: &Array1<f64>,
    gamma: &Array1<f64>,
    beta: &Array1<f64>,
) -> Array2<f64> {
    let mean = x.mean_axis(Axis(0)).expect("a non-empty batch");
    (x - &mean) / d * gamma + beta
}

pub fn chapter(c: Candidate) -> Chapter {
    Chapter {
        number: 7,
        title: "Batch normalization",
        file: "practice/src/exercises/ch07.rs",
        exercises: vec![
            Exercise::new(
                "7.1",
                "batch_norm_forward",
                "batch norm's forward pass, training mode",
                "y = γ ⊙ (x − μ)/√(σ² + ε) + β, μ and σ² each column's mean and variance over the batch (÷ n), ε = 1e-5: (batch, features) -> (batch, features)",
                move || {
                    for k in 0..SHAPES.len() {
                        let (x, gamma, beta, _) = case(k);
                        let var = x.var_axis(Axis(0), 0.0);
                        let by = |d: Array1<f64>| normalized_by(&x, &d, &gamma, &beta);
                        // Each row normalized by its own statistics (layer norm's axis).
                        let t = x.t();
                        let (row_mean, row_var) = (t.mean_axis(Axis(0)).expect("rows"), t.var_axis(Axis(0), 0.0));
                        let rows = ((&t - &row_mean) / row_var.mapv(|v| (v + EPSILON).sqrt())).t().to_owned();
                        compare(
                            format!("batch_norm_forward for X {:?}", x.dim()),
                            layer(&gamma, &beta).forward(&x),
                            (c.batch_norm_forward)(&x, &gamma, &beta),
                        )
                        .known(by(x.var_axis(Axis(0), 1.0).mapv(|v| (v + EPSILON).sqrt())), Hint::SampleStd)
                        .known(by(var.mapv(|v| v.sqrt() + EPSILON)), Hint::EpsilonOutsideRoot)
                        .known(by(var.mapv(f64::sqrt)), Hint::MissingEpsilon)
                        .known(rows * &gamma + &beta, Hint::WrongAxis)
                        .check()?;
                    }
                    Ok(())
                },
            ),
            Exercise::new(
                "7.2",
                "batch_norm_backward",
                "batch norm's backward pass",
                "∂L/∂x = (1/(n·√(σ² + ε)))·(n·ĝ − Σ ĝ − x̂ ⊙ Σ ĝ ⊙ x̂) with ĝ = γ ⊙ G; ∂L/∂γ = Σ G ⊙ x̂, ∂L/∂β = Σ G (sums over the batch)",
                move || {
                    for k in 0..SHAPES.len() {
                        let (x, gamma, beta, g) = case(k);
                        let mut bn = layer(&gamma, &beta);
                        bn.forward(&x);
                        let grad_x = bn.backward(&g);
                        let got = (c.batch_norm_backward)(&x, &gamma, &g);
                        let shapes = format!("X {:?}, G {:?}", x.dim(), g.dim());
                        let n = x.nrows();
                        let inv_std = x.var_axis(Axis(0), 0.0).mapv(|v| 1.0 / (v + EPSILON).sqrt());
                        let loss = |gamma: &Array1<f64>, beta: &Array1<f64>| (layer(gamma, beta).forward(&x) * &g).sum();
                        compare(format!("∂L/∂x for {shapes}"), grad_x, got.x.clone())
                            .mean_over(n)
                            .known(&g * &gamma * &inv_std, Hint::StatisticsAsConstants)
                            .check()
                            .map_err(|m| {
                                let f = |x: &Array2<f64>| layer(&gamma, &beta).forward(x);
                                m.or_gradient_check(|| check_vjp(f, &x, &g, &got.x))
                            })?;
                        compare(format!("∂L/∂γ for {shapes}"), bn.grad_gamma.clone(), got.gamma.clone())
                            .mean_over(n)
                            .check()
                            .map_err(|m| m.or_gradient_check(|| check_gradient(|gm| loss(gm, &beta), &gamma, &got.gamma)))?;
                        compare(format!("∂L/∂β for {shapes}"), bn.grad_beta.clone(), got.beta.clone())
                            .mean_over(n)
                            .check()
                            .map_err(|m| m.or_gradient_check(|| check_gradient(|b| loss(&gamma, b), &beta, &got.beta)))?;
                    }
                    Ok(())
                },
            ),
            Exercise::new(
                "7.3",
                "running_averages",
                "the running averages for inference",
                "after a training batch: mean ← (1 − α)·mean + α·μ, var ← (1 − α)·var + α·σ²ᵤ, with α = 0.1, μ the batch's means and σ²ᵤ its unbiased (÷ (n − 1)) variances",
                move || {
                    for k in 0..SHAPES.len() {
                        let (x, gamma, beta, _) = case(k);
                        let features = x.ncols();
                        let before = RunningStats {
                            mean: random_vector(features, 750 + k as u64, 1.0),
                            var: random_vector(features, 760 + k as u64, 0.5).mapv(|v| 1.0 + v.abs()),
                        };
                        let mut bn = layer(&gamma, &beta);
                        bn.running_mean = before.mean.clone();
                        bn.running_var = before.var.clone();
                        bn.forward(&x);
                        let got = (c.running_averages)(&before, &x);
                        let mean = x.mean_axis(Axis(0)).expect("a non-empty batch");
                        let what = |name: &str| format!("running_averages: the {name} after a batch X {:?}", x.dim());
                        compare(what("mean"), bn.running_mean.clone(), got.mean)
                            .known(&before.mean * MOMENTUM + &mean * (1.0 - MOMENTUM), Hint::MomentumReversed)
                            .check()?;
                        compare(what("variance"), bn.running_var.clone(), got.var)
                            .known(&before.var * MOMENTUM + x.var_axis(Axis(0), 1.0) * (1.0 - MOMENTUM), Hint::MomentumReversed)
                            .known(&before.var * (1.0 - MOMENTUM) + x.var_axis(Axis(0), 0.0) * MOMENTUM, Hint::BiasedRunningVariance)
                            .check()?;
                    }
                    Ok(())
                },
            ),
            Exercise::new(
                "7.4",
                "batch_norm_inference",
                "batch norm's forward pass at inference",
                "y = γ ⊙ (x − m)/√(v + ε) + β with the running mean m and variance v, not the batch's statistics: each sample's output depends on it alone",
                move || {
                    for k in 0..SHAPES.len() {
                        let (x, gamma, beta, _) = case(k);
                        let features = x.ncols();
                        let running = RunningStats {
                            mean: random_vector(features, 770 + k as u64, 1.0),
                            var: random_vector(features, 780 + k as u64, 0.5).mapv(|v| 1.0 + v.abs()),
                        };
                        let mut bn = layer(&gamma, &beta);
                        bn.running_mean = running.mean.clone();
                        bn.running_var = running.var.clone();
                        let plain = (&x - &running.mean) / running.var.mapv(f64::sqrt) * &gamma + &beta;
                        compare(
                            format!("batch_norm_inference for X {:?}", x.dim()),
                            bn.infer(&x),
                            (c.batch_norm_inference)(&x, &gamma, &beta, &running),
                        )
                        .known(layer(&gamma, &beta).forward(&x), Hint::BatchStatisticsAtInference)
                        .known(plain, Hint::MissingEpsilon)
                        .check()?;
                    }
                    Ok(())
                },
            ),
        ],
    }
}
