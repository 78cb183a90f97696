//! Wrong answers to chapter 1's exercises.

use ndarray::{Array1, Array2};

/// 1.1, the naive formula of chapter 1: eᶻ / (eᶻ + 1) is ∞ / ∞ = NaN once z > 709.78.
pub fn sigmoid_naive(z: f64) -> f64 {
    z.exp() / (z.exp() + 1.0)
}

/// 1.2 with the factors the wrong way round: σ(z)·(σ(z) − 1).
pub fn sigmoid_prime_wrong_sign(z: f64) -> f64 {
    let s = super::super::answer_ch01::sigmoid(z);
    s * (s - 1.0)
}

/// 1.2 by the quotient rule, e⁻ᶻ / (1 + e⁻ᶻ)²: ∞ / ∞ = NaN for z < −354.
pub fn sigmoid_prime_naive(z: f64) -> f64 {
    let e = (-z).exp();
    e / ((1.0 + e) * (1.0 + e))
}

/// 1.2 applied to z instead of σ(z): z·(1 − z).
pub fn sigmoid_prime_of_z(z: f64) -> f64 {
    z * (1.0 - z)
}

/// 1.3 without the bias.
pub fn weighted_sums_without_bias(x: &Array2<f64>, w: &Array1<f64>, _b: f64) -> Array1<f64> {
    x.dot(w)
}
