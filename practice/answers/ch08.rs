//! Answers to chapter 8's exercises (practice/src/exercises/ch08.rs). The grader's tests grade
//! these; copy one into your file only after you have tried.

/// 8.1: the square root of the variance 2/(n_in + n_out).
pub fn xavier_std(n_in: usize, n_out: usize) -> f64 {
    (2.0 / (n_in + n_out) as f64).sqrt()
}

/// 8.2: the square root of 2/n_in; n_out plays no part.
pub fn he_std(n_in: usize, _n_out: usize) -> f64 {
    (2.0 / n_in as f64).sqrt()
}

/// 8.3: E[ReLU(z)²] = Var(z)/2 (z is symmetric: the positive half keeps half of E[z²]).
pub fn relu_layer_variance(n_in: usize, weight_variance: f64, variance_in: f64) -> f64 {
    n_in as f64 * weight_variance * variance_in / 2.0
}
