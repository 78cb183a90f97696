//! The sigmoid σ(z) = 1 / (1 + e⁻ᶻ), and the formula that fails.
//!
//! σ maps any real z into (0, 1), with σ(0) = ½, σ(−z) = 1 − σ(z) and
//! d/dz σ(z) = σ(z)·(1 − σ(z)), at most ¼ (at z = 0).
//!
//! ```
//! use ch01_sigmoid_neuron::sigmoid;
//! assert_eq!(sigmoid(0.0), 0.5);
//! assert_eq!(sigmoid(1e308), 1.0);
//! assert_eq!(sigmoid(-1e308), 0.0);
//! assert!((sigmoid(2.0_f64) - 0.8807970779778823).abs() < 1e-15);
//! ```

use num_traits::Float;

// ANCHOR: sigmoid
/// σ(z) = 1 / (1 + e⁻ᶻ), finite and correct for every finite z, in f64 or f32.
///
/// The exponential is only ever taken of a non-positive number, so it cannot overflow:
/// for z ≥ 0, σ(z) = 1 / (1 + e⁻ᶻ) with e⁻ᶻ ∈ (0, 1];
/// for z < 0, σ(z) = eᶻ / (1 + eᶻ) with eᶻ ∈ (0, 1) (the same value, multiplied by eᶻ/eᶻ).
pub fn sigmoid<F: Float>(z: F) -> F {
    if z >= F::zero() {
        F::one() / (F::one() + (-z).exp())
    } else {
        let e = z.exp();
        e / (F::one() + e)
    }
}
// ANCHOR_END: sigmoid

// ANCHOR: naive
/// The formula a custom layer often writes: eˣ / (eˣ + 1). Right on paper; in floating point
/// eˣ overflows to ∞ once x > ln(MAX) (≈ 709.78 in f64, ≈ 88.72 in f32), and ∞ / ∞ is NaN.
pub fn sigmoid_naive<F: Float>(x: F) -> F {
    x.exp() / (x.exp() + F::one())
}
// ANCHOR_END: naive

// ANCHOR: derivative
/// d/dz σ(z) = σ(z)·(1 − σ(z)).
pub fn sigmoid_prime(z: f64) -> f64 {
    let s = sigmoid(z);
    s * (1.0 - s)
}
// ANCHOR_END: derivative

#[cfg(test)]
mod tests {
    use super::*;
    use nn_core::gradcheck::relative_error;

    #[test]
    fn finite_and_in_range_for_every_finite_input() {
        let extremes = [
            f64::MAX,
            -f64::MAX,
            1e308,
            -1e308,
            f64::MIN_POSITIVE,
            -0.0,
            745.2,
        ];
        for z in extremes
            .into_iter()
            .chain((-2000..=2000).map(|i| i as f64 * 0.5))
        {
            let s = sigmoid(z);
            assert!(s.is_finite() && (0.0..=1.0).contains(&s), "σ({z}) = {s}");
        }
        assert_eq!(sigmoid(1e308), 1.0);
        assert_eq!(sigmoid(-1e308), 0.0);
        assert_eq!(sigmoid(f32::MAX), 1.0_f32);
        assert_eq!(sigmoid(-f32::MAX), 0.0_f32);
    }

    #[test]
    fn agrees_with_the_textbook_formula_where_that_one_is_accurate() {
        // For |z| ≤ 30 neither exp overflows nor 1 + e⁻ᶻ loses σ's digits.
        for i in -300..=300 {
            let z = i as f64 * 0.1;
            let textbook = 1.0 / (1.0 + (-z).exp());
            assert!(relative_error(sigmoid(z), textbook) < 1e-15, "z = {z}");
        }
    }

    #[test]
    fn symmetry_and_small_tail_values() {
        // σ(−z) = 1 − σ(z); in the left tail σ(z) ≈ eᶻ (since 1 + eᶻ ≈ 1), to full precision.
        for z in [0.5, 3.0, 20.0] {
            assert!((sigmoid(-z) - (1.0 - sigmoid(z))).abs() < 1e-15);
        }
        assert!(relative_error(sigmoid(-700.0), (-700.0f64).exp()) < 1e-15);
        assert!(
            sigmoid(-700.0) > 0.0,
            "not rounded to zero: 1/(1+e⁷⁰⁰) would be"
        );
    }

    #[test]
    fn the_naive_formula_returns_nan_exactly_where_exp_overflows() {
        let ln_max = f64::MAX.ln(); // 709.782712893384
        assert!((sigmoid_naive(ln_max - 1e-9) - 1.0).abs() < 1e-15);
        assert!(sigmoid_naive(ln_max + 1e-9).is_nan());
        assert!(sigmoid_naive(1e308).is_nan());
        assert_eq!(sigmoid_naive(-1e308), 0.0); // e⁻ᴴᵁᴳᴱ = 0: 0 / 1, no NaN on this side
        assert!(sigmoid_naive(89.0_f32).is_nan());
    }

    #[test]
    fn derivative_matches_central_differences() {
        for i in -40..=40 {
            let z = i as f64 * 0.25;
            let h = 1e-5;
            let numeric = (sigmoid(z + h) - sigmoid(z - h)) / (2.0 * h);
            assert!(relative_error(sigmoid_prime(z), numeric) < 1e-6, "z = {z}");
        }
        assert_eq!(sigmoid_prime(0.0), 0.25);
    }
}
