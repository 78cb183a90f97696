//! Chapter 7's exercises: batch normalization's forward pass in training mode, its backward
//! pass (the compact formula), the running averages it keeps for inference, and its forward
//! pass at inference. Expected values: chapter 7's `BatchNorm`.

use ch03_relu_xor::Layer;
use ch07_batch_norm::batch_norm::{EPSILON, MOMENTUM};
use ch07_batch_norm::BatchNorm;
use ndarray::{Array1, Array2, Axis};
use nn_core::gradcheck::{check_gradient, check_vjp};

use super::{random, random_vector, Matrix, Vector};
use crate::diagnose::{compare, Hint, Mismatch};
use crate::types::{BatchNormGrads, RunningStats};

exercises! { $ bind_ch07, ch07: 7, "Batch normalization";
    "7.1" batch_norm_forward(&Matrix, &Vector, &Vector) -> Matrix,
        "batch norm's forward pass, training mode",
        "y = γ ⊙ (x − μ)/√(σ² + ε) + β, μ and σ² each column's mean and variance over the batch (÷ n), ε = 1e-5: (batch, features) -> (batch, features)",
        check_forward;
    "7.2" batch_norm_backward(&Matrix, &Vector, &Matrix) -> BatchNormGrads,
        "batch norm's backward pass",
        "∂L/∂x = (1/(n·√(σ² + ε)))·(n·ĝ − Σ ĝ − x̂ ⊙ Σ ĝ ⊙ x̂) with ĝ = γ ⊙ G; ∂L/∂γ = Σ G ⊙ x̂, ∂L/∂β = Σ G (sums over the batch)",
        check_backward;
    "7.3" running_averages(&RunningStats, &Matrix) -> RunningStats,
        "the running averages for inference",
        "after a training batch: mean ← (1 − α)·mean + α·μ, var ← (1 − α)·var + α·σ²ᵤ, with α = 0.1, μ the batch's means and σ²ᵤ its unbiased (÷ (n − 1)) variances",
        check_running_averages;
    "7.4" batch_norm_inference(&Matrix, &Vector, &Vector, &RunningStats) -> Matrix,
        "batch norm's forward pass at inference",
        "y = γ ⊙ (x − m)/√(v + ε) + β with the running mean m and variance v, not the batch's statistics: each sample's output depends on it alone",
        check_inference;
}

/// 7.1: ÷ (n − 1).
pub const SAMPLE_VARIANCE: &str = "that divides by the sample standard deviation (variance ÷ (n − 1)): batch norm normalizes with the batch's own variance ÷ n (ndarray's var_axis with ddof 0)";
/// 7.1: σ + ε.
pub const EPSILON_OUTSIDE_ROOT: &str =
    "ε is added outside the root: the chapter divides by √(σ² + ε), not √σ² + ε";
/// 7.1, 7.4: no ε.
pub const MISSING_EPSILON: &str = "ε is missing: divide by √(σ² + ε) with ε = 1e-5 (it keeps a constant feature from dividing by 0)";
/// 7.1, 7.4: the variance for the standard deviation.
pub const DIVIDED_BY_VARIANCE: &str = "that divides by σ² + ε, the variance: normalize by its root, the standard deviation √(σ² + ε), so that each feature ends with variance 1";
/// 7.1: each row's statistics.
pub const BY_ROWS: &str = "each row (sample) is normalized by its own statistics — layer norm's axis: batch norm normalizes each column (feature) over the batch, Axis(0)";
/// 7.2: μ and σ² held constant.
pub const STATISTICS_AS_CONSTANTS: &str = "that is γ ⊙ G / √(σ² + ε), the gradient with μ and σ² held constant (inference mode's): in training they depend on every sample of the batch, which brings in the terms − Σ ĝ and − x̂ ⊙ Σ ĝ ⊙ x̂";
/// 7.2: divided by σ² + ε.
pub const VARIANCE_FOR_STD: &str = "that divides by σ² + ε where the formula has its root √(σ² + ε): x̂ = (x − μ)/√(σ² + ε), and the same 1/√(σ² + ε) multiplies the whole bracket";
/// 7.2: the mean's dependence on x dropped.
pub const MEAN_TERM_MISSING: &str = "the term − Σ ĝ is missing: μ depends on every x, and that dependence gives each feature − (1/n)·Σ ĝ (the same for every sample: each column is off by its own constant)";
/// 7.2: the variance's dependence on x dropped.
pub const VARIANCE_TERM_MISSING: &str = "the term − x̂ ⊙ Σ(ĝ ⊙ x̂) is missing: σ² depends on every x too, and that dependence gives − x̂ ⊙ (1/n)·Σ ĝ ⊙ x̂";
/// 7.2: ÷ (n − 1) in the backward pass.
pub const UNBIASED_IN_BACKWARD: &str = "that uses the variance ÷ (n − 1): the forward pass normalizes with ÷ n, and its backward pass must differentiate that same σ² (ddof 0)";
/// 7.2: ∂L/∂γ without x̂.
pub const GAMMA_WITHOUT_XHAT: &str =
    "∂L/∂γ is Σ G ⊙ x̂: γ multiplies x̂, so each of its gradient's terms carries x̂";
/// 7.2: ∂L/∂γ with x for x̂.
pub const GAMMA_WITH_X: &str =
    "∂L/∂γ is Σ G ⊙ x̂ with the normalized x̂ = (x − μ)/√(σ² + ε), not the input x";
/// 7.3: weights swapped.
pub const MOMENTUM_REVERSED: &str = "the weights are swapped: the momentum α = 0.1 is the weight of the new batch (PyTorch's convention), so the running value keeps 1 − α = 0.9 of itself";
/// 7.3: the biased variance.
pub const BIASED_RUNNING_VARIANCE: &str = "the running variance takes the batch's unbiased variance (÷ (n − 1)), as PyTorch's does; the normalization itself uses the biased one (÷ n)";
/// 7.4: the batch's statistics at inference.
pub const BATCH_STATISTICS_AT_INFERENCE: &str = "that normalizes with the batch's own mean and variance (training mode): at inference batch norm uses the running averages, so that a sample's output does not depend on the others in its batch";

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

/// The chapter's layer with these γ and β (training mode, as new).
pub(super) fn layer(gamma: &Array1<f64>, beta: &Array1<f64>) -> BatchNorm {
    let mut bn = BatchNorm::new(gamma.len());
    bn.gamma = gamma.clone();
    bn.beta = beta.clone();
    bn
}

/// The chapter's layer at inference with these running statistics.
fn at_inference(
    gamma: &Array1<f64>,
    beta: &Array1<f64>,
    running: &RunningStats,
    x: &Array2<f64>,
) -> Array2<f64> {
    let mut bn = layer(gamma, beta);
    bn.running_mean = running.mean.clone();
    bn.running_var = running.var.clone();
    bn.infer(x)
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

/// The compact formula's pieces with the variance ÷ (n − `ddof`) and `eps` for ε: x̂,
/// 1/√(σ² + ε), ĝ.
pub(super) fn pieces(
    x: &Array2<f64>,
    gamma: &Array1<f64>,
    g: &Array2<f64>,
    ddof: f64,
    eps: f64,
) -> (Array2<f64>, Array1<f64>, Array2<f64>) {
    let mean = x.mean_axis(Axis(0)).expect("a non-empty batch");
    let inv_std = x.var_axis(Axis(0), ddof).mapv(|v| 1.0 / (v + eps).sqrt());
    ((x - &mean) * &inv_std, inv_std, g * gamma)
}

/// (n·ĝ − mean_term·Σ ĝ − var_term·x̂ ⊙ Σ ĝ ⊙ x̂) · scale / n: the compact formula with the
/// typical mistakes' terms left out or scaled.
pub(super) fn compact(
    (x_hat, g_hat): (&Array2<f64>, &Array2<f64>),
    scale: &Array1<f64>,
    mean_term: f64,
    var_term: f64,
) -> Array2<f64> {
    let n = x_hat.nrows() as f64;
    let sum_g = g_hat.sum_axis(Axis(0));
    let sum_gx = (g_hat * x_hat).sum_axis(Axis(0));
    (g_hat * n - &(sum_g * mean_term) - &(x_hat * &(sum_gx * var_term))) * &(scale / n)
}

fn check_forward(c: Candidate) -> Result<(), Mismatch> {
    for k in 0..SHAPES.len() {
        let (x, gamma, beta, _) = case(k);
        let var = x.var_axis(Axis(0), 0.0);
        let by = |d: Array1<f64>| normalized_by(&x, &d, &gamma, &beta);
        // Each row normalized by its own statistics (layer norm's axis).
        let t = x.t();
        let (row_mean, row_var) = (
            t.mean_axis(Axis(0)).expect("rows"),
            t.var_axis(Axis(0), 0.0),
        );
        let rows = ((&t - &row_mean) / row_var.mapv(|v| (v + EPSILON).sqrt()))
            .t()
            .to_owned();
        compare(
            format!("batch_norm_forward for X {:?}", x.dim()),
            layer(&gamma, &beta).forward(&x),
            (c.batch_norm_forward)(&x, &gamma, &beta),
        )
        .known(
            by(x.var_axis(Axis(0), 1.0).mapv(|v| (v + EPSILON).sqrt())),
            Hint::Mistake(SAMPLE_VARIANCE),
        )
        .known(
            by(var.mapv(|v| v.sqrt() + EPSILON)),
            Hint::Mistake(EPSILON_OUTSIDE_ROOT),
        )
        .known(by(var.mapv(f64::sqrt)), Hint::Mistake(MISSING_EPSILON))
        .known(
            by(var.mapv(|v| v + EPSILON)),
            Hint::Mistake(DIVIDED_BY_VARIANCE),
        )
        .known(rows * &gamma + &beta, Hint::Mistake(BY_ROWS))
        .per(1, "feature")
        .check()?;
    }
    Ok(())
}

fn check_backward(c: Candidate) -> Result<(), Mismatch> {
    for k in 0..SHAPES.len() {
        let (x, gamma, beta, g) = case(k);
        let mut bn = layer(&gamma, &beta);
        bn.forward(&x);
        let grad_x = bn.backward(&g);
        let got = (c.batch_norm_backward)(&x, &gamma, &g);
        let shapes = format!("X {:?}, G {:?}", x.dim(), g.dim());
        let (n, features) = x.dim();
        let (x_hat, inv_std, g_hat) = pieces(&x, &gamma, &g, 0.0, EPSILON);
        let parts = (&x_hat, &g_hat);
        let (x_hat1, inv_std1, _) = pieces(&x, &gamma, &g, 1.0, EPSILON);
        let inv_var = &inv_std * &inv_std;
        let loss =
            |gamma: &Array1<f64>, beta: &Array1<f64>| (layer(gamma, beta).forward(&x) * &g).sum();
        compare(format!("∂L/∂x for {shapes}"), grad_x, got.x.clone())
            .mean_over(n, "samples")
            .or_count(features, "features")
            .known(&g_hat * &inv_std, Hint::Mistake(STATISTICS_AS_CONSTANTS))
            .known(
                compact(parts, &inv_var, 1.0, 1.0),
                Hint::Mistake(VARIANCE_FOR_STD),
            )
            .known(
                compact(parts, &inv_std, 0.0, 1.0),
                Hint::Mistake(MEAN_TERM_MISSING),
            )
            .known(
                compact(parts, &inv_std, 1.0, 0.0),
                Hint::Mistake(VARIANCE_TERM_MISSING),
            )
            .known(
                compact((&x_hat1, &g_hat), &inv_std1, 1.0, 1.0),
                Hint::Mistake(UNBIASED_IN_BACKWARD),
            )
            .per(1, "feature")
            .check()
            .map_err(|m| {
                let f = |x: &Array2<f64>| layer(&gamma, &beta).forward(x);
                m.or_gradient_check(x.shape(), || check_vjp(f, &x, &g, &got.x))
            })?;
        compare(
            format!("∂L/∂γ for {shapes}"),
            bn.grad_gamma.clone(),
            got.gamma.clone(),
        )
        .mean_over(n, "samples")
        .known(g.sum_axis(Axis(0)), Hint::Mistake(GAMMA_WITHOUT_XHAT))
        .known((&g * &x).sum_axis(Axis(0)), Hint::Mistake(GAMMA_WITH_X))
        .check()
        .map_err(|m| {
            m.or_gradient_check(gamma.shape(), || {
                check_gradient(|gm| loss(gm, &beta), &gamma, &got.gamma)
            })
        })?;
        compare(
            format!("∂L/∂β for {shapes}"),
            bn.grad_beta.clone(),
            got.beta.clone(),
        )
        .mean_over(n, "samples")
        .check()
        .map_err(|m| {
            m.or_gradient_check(beta.shape(), || {
                check_gradient(|b| loss(&gamma, b), &beta, &got.beta)
            })
        })?;
    }
    Ok(())
}

fn check_running_averages(c: Candidate) -> Result<(), Mismatch> {
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
        let what =
            |name: &str| format!("running_averages: the {name} after a batch X {:?}", x.dim());
        compare(what("mean"), bn.running_mean.clone(), got.mean)
            .known(
                &before.mean * MOMENTUM + &mean * (1.0 - MOMENTUM),
                Hint::Mistake(MOMENTUM_REVERSED),
            )
            .check()?;
        compare(what("variance"), bn.running_var.clone(), got.var)
            .known(
                &before.var * MOMENTUM + x.var_axis(Axis(0), 1.0) * (1.0 - MOMENTUM),
                Hint::Mistake(MOMENTUM_REVERSED),
            )
            .known(
                &before.var * (1.0 - MOMENTUM) + x.var_axis(Axis(0), 0.0) * MOMENTUM,
                Hint::Mistake(BIASED_RUNNING_VARIANCE),
            )
            .check()?;
    }
    Ok(())
}

fn check_inference(c: Candidate) -> Result<(), Mismatch> {
    for k in 0..SHAPES.len() {
        let (x, gamma, beta, _) = case(k);
        let features = x.ncols();
        let running = RunningStats {
            mean: random_vector(features, 770 + k as u64, 1.0),
            var: random_vector(features, 780 + k as u64, 0.5).mapv(|v| 1.0 + v.abs()),
        };
        let plain = (&x - &running.mean) / running.var.mapv(f64::sqrt) * &gamma + &beta;
        compare(
            format!("batch_norm_inference for X {:?}", x.dim()),
            at_inference(&gamma, &beta, &running, &x),
            (c.batch_norm_inference)(&x, &gamma, &beta, &running),
        )
        .known(
            layer(&gamma, &beta).forward(&x),
            Hint::Mistake(BATCH_STATISTICS_AT_INFERENCE),
        )
        .known(plain, Hint::Mistake(MISSING_EPSILON))
        .known(
            (&x - &running.mean) / running.var.mapv(|v| v + EPSILON) * &gamma + &beta,
            Hint::Mistake(DIVIDED_BY_VARIANCE),
        )
        .per(1, "feature")
        .check()?;
    }
    Ok(())
}
