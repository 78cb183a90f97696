//! Chapter 5's exercises: replace each `todo!(…)` with your code, save, and run
//! `cargo run -p practice -- 5` (or leave `cargo run -p practice -- 5 --watch` running).
//! The answers, if you are stuck: practice/answers/ch05.rs.

use ndarray::Array2;

/// Exercise 5.1: softmax of each row of logits z (batch, classes) -> (batch, classes):
/// pₖ = e^(zₖ) / Σⱼ e^(zⱼ). It must stay finite for every finite logit: a row like
/// (1000, 999, 998) or (−1000, −1001, −999) gives the same probabilities as (2, 1, 0).
pub fn softmax(z: &Array2<f64>) -> Array2<f64> {
    todo!("exercise 5.1: softmax for every finite logit")
}

/// Exercise 5.2: the mean cross-entropy of logits z (batch, classes) with class indices
/// `labels` (batch,): L = (1/n)·Σᵢ −log pᵢ,yᵢ = (1/n)·Σᵢ [logsumexp(zᵢ) − zᵢ,yᵢ], computed from
/// the logits so that it is finite for every finite logit (also when p_y rounds to 0).
pub fn cross_entropy(z: &Array2<f64>, labels: &[usize]) -> f64 {
    todo!("exercise 5.2: the mean cross-entropy from logits")
}

/// Exercise 5.3: the gradient of 5.2's mean loss with respect to the logits:
/// ∂L/∂z = (P − Y)/n, with P = softmax(z) and Y the one-hot labels: (batch, classes).
pub fn cross_entropy_gradient(z: &Array2<f64>, labels: &[usize]) -> Array2<f64> {
    todo!("exercise 5.3: the cross-entropy's gradient")
}

/// Exercise 5.4: softmax's own backward pass. Given its output p = softmax(z) and the upstream
/// gradient g = ∂L/∂p, both (batch, classes), return ∂L/∂z (batch, classes): for each row,
/// J·g with the Jacobian J = diag(p) − p pᵀ (∂pᵢ/∂zⱼ = pᵢ(δᵢⱼ − pⱼ)). Forming J is allowed;
/// p ⊙ (g − p·g) computes the same without it.
pub fn softmax_backward(p: &Array2<f64>, g: &Array2<f64>) -> Array2<f64> {
    todo!("exercise 5.4: softmax's backward pass")
}
