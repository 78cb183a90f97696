//! Where floating point runs out: the sigmoid saturates, and the naive formula breaks.
//!
//! For z ≥ 0, σ(z) = 1 / (1 + e⁻ᶻ). Once e⁻ᶻ is at most half the gap between 1 and the next
//! float (2⁻⁵³ in f64, 2⁻²⁴ in f32), 1 + e⁻ᶻ rounds to exactly 1 and so does σ(z). By hand:
//! e⁻ᶻ ≤ 2⁻⁵³ ⇔ z ≥ 53·ln 2 ≈ 36.737 (f64), and z ≥ 24·ln 2 ≈ 16.636 (f32). The functions here
//! *find* those points by bisection over the floats themselves; the tests compare with the
//! hand derivation.
//!
//! From there on 1 − σ(z) = 0 and log(1 − σ(z)) = −∞: the cross-entropy cost of the next
//! chapter, written naively, turns into ∞ and then NaN.

use num_traits::Float;

use crate::sigmoid::{sigmoid, sigmoid_naive};

// ANCHOR: bisect
/// The smallest float x in [lo, hi] for which `holds(x)`, given that `holds` is false at lo,
/// true at hi, and switches once. Bisects until lo and hi are neighbouring floats.
pub fn first_float_where<F: Float>(mut lo: F, mut hi: F, holds: impl Fn(F) -> bool) -> F {
    assert!(
        !holds(lo) && holds(hi),
        "the predicate must switch between lo and hi"
    );
    loop {
        let mid = lo + (hi - lo) / (F::one() + F::one());
        if mid <= lo || mid >= hi {
            return hi; // no float strictly between: hi is the first where it holds
        }
        if holds(mid) {
            hi = mid;
        } else {
            lo = mid;
        }
    }
}
// ANCHOR_END: bisect

/// The smallest z at which σ(z) rounds to exactly 1.
pub fn saturation_point<F: Float>() -> F {
    let one = F::one();
    first_float_where(F::zero(), F::from(1000.0).expect("1000 is a float"), |z| {
        sigmoid(z) == one
    })
}

/// The smallest x at which the naive eˣ / (eˣ + 1) returns NaN.
pub fn first_naive_nan<F: Float>() -> F {
    first_float_where(F::zero(), F::max_value(), |x| sigmoid_naive(x).is_nan())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::f64::consts::LN_2;

    #[test]
    fn f64_saturates_at_53_ln_2() {
        let z: f64 = saturation_point();
        assert!(
            (z - 53.0 * LN_2).abs() < 1e-9,
            "found {z}, hand derivation 36.7368…"
        );
        assert_eq!(sigmoid(z), 1.0);
        assert!(sigmoid(z.next_down()) < 1.0);
    }

    #[test]
    fn f32_saturates_at_24_ln_2() {
        let z: f32 = saturation_point();
        assert!(
            (z as f64 - 24.0 * LN_2).abs() < 1e-4,
            "found {z}, hand derivation 16.6355…"
        );
        assert_eq!(sigmoid(z), 1.0);
        assert!(sigmoid(z.next_down()) < 1.0);
    }

    #[test]
    fn naive_formula_breaks_where_exp_overflows() {
        // exp overflows past ln(f64::MAX) = 709.782712893384 and ln(f32::MAX) = 88.72284
        let x: f64 = first_naive_nan();
        assert!((x - f64::MAX.ln()).abs() < 1e-9, "{x}");
        assert!(x.exp().is_infinite() && x.next_down().exp().is_finite());
        let x32: f32 = first_naive_nan();
        assert!((x32 - f32::MAX.ln()).abs() < 1e-4, "{x32}");
    }

    #[test]
    fn bisection_finds_the_exact_first_float() {
        assert_eq!(first_float_where(0.0, 10.0, |x: f64| x >= 2.5), 2.5);
        assert_eq!(
            first_float_where(0.0, 10.0, |x: f64| x > 2.5),
            2.5f64.next_up()
        );
    }
}
