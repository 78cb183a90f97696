//! Chapter 7's exercises: replace each `todo!(…)` with your code, save, and run
//! `cargo run -p practice -- 7` (or leave `cargo run -p practice -- 7 --watch` running).
//! The answers, if you are stuck: practice/answers/ch07.rs.
//!
//! Batch norm normalizes each feature (column) over the batch (the rows); ε = 1e-5 under the
//! root and the running averages' momentum α = 0.1, as in the chapter (and PyTorch).

use ndarray::{Array1, Array2};
use practice::{BatchNormGrads, RunningStats};

/// Exercise 7.1: batch norm's forward pass in training mode, for x (batch, features) and
/// γ, β (features,): y = γ ⊙ (x − μ)/√(σ² + ε) + β, with μ and σ² each column's mean and
/// variance over the batch (the variance divided by n, not n − 1) and ε = 1e-5.
pub fn batch_norm_forward(x: &Array2<f64>, gamma: &Array1<f64>, beta: &Array1<f64>) -> Array2<f64> {
    todo!("exercise 7.1: batch norm's forward pass")
}

/// Exercise 7.2: batch norm's backward pass in training mode, given 7.1's input x
/// (batch, features), γ (features,) and the upstream gradient g = ∂L/∂y (batch, features).
/// μ and σ² depend on every sample, so ∂L/∂x is not just γ ⊙ g/√(σ² + ε): with
/// x̂ = (x − μ)/√(σ² + ε) and ĝ = γ ⊙ g, the compact formula is
/// ∂L/∂x = (n·ĝ − Σ ĝ − x̂ ⊙ Σ(ĝ ⊙ x̂)) / (n·√(σ² + ε)), the sums over the batch.
/// Return `BatchNormGrads { x: ∂L/∂x, gamma: ∂L/∂γ = Σ g ⊙ x̂, beta: ∂L/∂β = Σ g }`.
pub fn batch_norm_backward(
    x: &Array2<f64>,
    gamma: &Array1<f64>,
    g: &Array2<f64>,
) -> BatchNormGrads {
    todo!("exercise 7.2: batch norm's backward pass")
}

/// Exercise 7.3: the running averages after one training batch x (batch, features, at least
/// two samples): each moves a fraction α = 0.1 of the way towards the batch's statistics,
/// mean ← (1 − α)·mean + α·μ and var ← (1 − α)·var + α·σ²ᵤ, where σ²ᵤ is the batch's
/// unbiased variance (divided by n − 1), as PyTorch keeps it.
pub fn running_averages(running: &RunningStats, x: &Array2<f64>) -> RunningStats {
    todo!("exercise 7.3: the running averages")
}

/// Exercise 7.4: batch norm's forward pass at inference, for x (batch, features): the same
/// y = γ ⊙ (x − m)/√(v + ε) + β as 7.1, but with the running mean m and variance v from
/// `running` (what 7.3 kept) in place of the batch's statistics, so that each sample's output
/// depends on that sample alone.
pub fn batch_norm_inference(
    x: &Array2<f64>,
    gamma: &Array1<f64>,
    beta: &Array1<f64>,
    running: &RunningStats,
) -> Array2<f64> {
    todo!("exercise 7.4: batch norm at inference")
}
