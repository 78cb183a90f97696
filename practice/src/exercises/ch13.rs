//! Chapter 13's exercises: replace each `todo!(…)` with your code, save, and run
//! `cargo run -p practice -- 13` (or leave `cargo run -p practice -- 13 --watch` running).
//! The answers, if you are stuck: practice/answers/ch13.rs.
//!
//! One head of attention on one sequence of T positions: queries Q, keys K and values V, each
//! (T, d), one row per position.

use ndarray::{Array1, Array2};
use practice::{AttentionGrads, LayerNormGrads};

/// Exercise 13.1: attention's forward pass. Return (O, P): the scores S = Q·Kᵀ/√d (T, T);
/// with `causal`, position i may not see a later position, so S_ij = −∞ for every j > i —
/// before the softmax; the weights P = the softmax of each row of S (each row sums to 1;
/// make it finite for every finite score: some cases have scores in the thousands); the
/// output O = P·V (T, d).
pub fn attention_forward(
    q: &Array2<f64>,
    k: &Array2<f64>,
    v: &Array2<f64>,
    causal: bool,
) -> (Array2<f64>, Array2<f64>) {
    todo!("exercise 13.1: attention's forward pass with the causal mask")
}

/// Exercise 13.2: attention's backward pass. Given Q, K, V, the weights P (`weights`, T × T)
/// your forward pass returned — with the mask, if there was one, already in them as zeros —
/// and G = ∂L/∂O (`grad_output`, T × d), return ∂L/∂Q, ∂L/∂K and ∂L/∂V (each T × d). The
/// scale is 1/√d.
pub fn attention_backward(
    q: &Array2<f64>,
    k: &Array2<f64>,
    v: &Array2<f64>,
    weights: &Array2<f64>,
    grad_output: &Array2<f64>,
) -> AttentionGrads {
    todo!("exercise 13.2: attention's backward pass")
}

/// Exercise 13.3: layer norm's backward pass. The forward pass normalizes each row x of X
/// (rows, d) over its d features: μ = mean of the row, σ² = Σ (xⱼ − μ)²/d,
/// x̂ = (x − μ)/√(σ² + ε) with ε = 1e-5, and y = γ ⊙ x̂ + β (γ, β: (d,)). Given X, γ and
/// G = ∂L/∂y (`grad_y`), return ∂L/∂x (rows, d), ∂L/∂γ and ∂L/∂β (d,).
pub fn layer_norm_backward(
    x: &Array2<f64>,
    gamma: &Array1<f64>,
    grad_y: &Array2<f64>,
) -> LayerNormGrads {
    todo!("exercise 13.3: layer norm's backward pass")
}
