//! How the variance of a signal moves through one layer.
//!
//! A dense unit computes z = Σᵢ₌₁ⁿ wᵢ·xᵢ (bias 0). With the weights independent of each other
//! and of the inputs, and E[w] = 0:
//!
//! Var(z) = E[z²] = Σᵢ E[wᵢ²]·E[xᵢ²] + Σᵢ≠ⱼ E[wᵢ]E[wⱼ]·E[xᵢxⱼ] = n · Var(w) · E[x²],
//!
//! the cross terms vanishing because E[w] = 0. When the inputs have zero mean, E[x²] = Var(x).
//! What the activation before the layer does enters through E[x²] = E[f(z)²]: for z ~ N(0, s²),
//! ReLU keeps half the mass, E[ReLU(z)²] = s²/2; tanh shrinks it (tanh(z)² < z²); sigmoid adds
//! a mean of ½, so E[σ(z)²] ≥ ¼ however small s is.
//!
//! ```
//! use ch08_initialization::variance::{predicted_variance, second_moment};
//! // ReLU of N(0, 1): E[x²] = ½; He's Var(w) = 2/n brings Var(z) back to 1.
//! let m = second_moment(|z| z.max(0.0), 1.0);
//! assert!((m - 0.5).abs() < 1e-9);
//! assert!((predicted_variance(512, 2.0 / 512.0, m) - 1.0).abs() < 1e-9);
//! ```

// ANCHOR: variance
/// Var(z) for z = Σᵢ₌₁ⁿ wᵢxᵢ with independent zero-mean weights: n · Var(w) · E[x²].
pub fn predicted_variance(n_in: usize, weight_variance: f64, input_second_moment: f64) -> f64 {
    n_in as f64 * weight_variance * input_second_moment
}

/// E[f(z)²] for z ~ N(0, variance), by Simpson's rule over ±12 standard deviations.
pub fn second_moment(f: impl Fn(f64) -> f64, variance: f64) -> f64 {
    const STEPS: usize = 4800; // even
    let s = variance.sqrt();
    let (lo, h) = (-12.0 * s, 24.0 * s / STEPS as f64);
    let density =
        |z: f64| (-z * z / (2.0 * variance)).exp() / (s * (2.0 * std::f64::consts::PI).sqrt());
    let g = |k: usize| {
        let z = lo + k as f64 * h;
        f(z).powi(2) * density(z)
    };
    let inner: f64 = (1..STEPS)
        .map(|k| if k % 2 == 1 { 4.0 * g(k) } else { 2.0 * g(k) })
        .sum();
    (g(0) + inner + g(STEPS)) * h / 3.0
}
// ANCHOR_END: variance

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn second_moments_of_known_cases() {
        // E[z²] = s² for the identity; E[ReLU(z)²] = s²/2 by symmetry.
        assert!((second_moment(|z| z, 2.0) - 2.0).abs() < 1e-9);
        assert!((second_moment(|z| z.max(0.0), 3.0) - 1.5).abs() < 1e-9);
        // E[σ(z)²] → ¼ as s → 0 (σ(z) → ½), and tanh(z)² ≈ z² for small z.
        let sigmoid = ch01_sigmoid_neuron::sigmoid::sigmoid::<f64>;
        assert!((second_moment(sigmoid, 1e-6) - 0.25).abs() < 1e-6);
        assert!((second_moment(f64::tanh, 1e-4) / 1e-4 - 1.0).abs() < 1e-3);
    }
}
