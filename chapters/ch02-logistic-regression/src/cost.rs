//! The cross-entropy cost, three ways.
//!
//! For a label y ∈ {0, 1} and a prediction h = σ(z), the cost of one sample is
//! −[y·log h + (1 − y)·log(1 − h)]. Three ways to compute it:
//!
//! - **naive**: the formula as written. When h rounds to exactly 1 (z ≳ 37, chapter 1) or to
//!   exactly 0 (z ≲ −745, where σ(z) ≈ eᶻ underflows),
//!   one log is log 0 = −∞; multiplied by a label of 0, it is 0·(−∞) = NaN, even for a sample
//!   the model gets right.
//! - **split**: only the log of the term whose label is present: −log h if y = 1, else
//!   −log(1 − h). No more 0·log 0, but a confidently wrong sample still costs −log 0 = ∞.
//! - **from logits**: with log σ(z) = −softplus(−z) and log(1 − σ(z)) = −softplus(z), the cost
//!   is softplus(z) − y·z, where softplus(z) = log(1 + eᶻ) = max(z, 0) + log(1 + e^(−|z|)).
//!   Never forms h, never takes log 0, never overflows: finite for every finite z.
//!
//! ```
//! use ch02_logistic_regression::Cost;
//! assert!(Cost::Naive.per_sample(-1000.0, 0.0).is_nan()); // 0·log 0
//! assert_eq!(Cost::Split.per_sample(-1000.0, 1.0), f64::INFINITY);
//! assert_eq!(Cost::Logits.per_sample(-1000.0, 1.0), 1000.0); // softplus(−1000) + 1000
//! ```

use ch01_sigmoid_neuron::sigmoid;
use ndarray::Array1;

/// A way of computing the cross-entropy cost.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cost {
    Naive,
    Split,
    Logits,
}

// ANCHOR: softplus
/// softplus(z) = log(1 + eᶻ), without overflow: max(z, 0) + log(1 + e^(−|z|)).
pub fn softplus(z: f64) -> f64 {
    z.max(0.0) + (-z.abs()).exp().ln_1p()
}
// ANCHOR_END: softplus

impl Cost {
    pub const ALL: [Cost; 3] = [Cost::Naive, Cost::Split, Cost::Logits];

    pub fn name(self) -> &'static str {
        match self {
            Cost::Naive => "naive",
            Cost::Split => "split",
            Cost::Logits => "from logits",
        }
    }

    // ANCHOR: per_sample
    /// The cost of one sample with logit z = w·x and label y.
    pub fn per_sample(self, z: f64, y: f64) -> f64 {
        match self {
            Cost::Naive => {
                let h = sigmoid(z);
                -(y * h.ln() + (1.0 - y) * (1.0 - h).ln())
            }
            Cost::Split => {
                let h = sigmoid(z);
                if y == 1.0 {
                    -h.ln()
                } else {
                    -(1.0 - h).ln()
                }
            }
            Cost::Logits => softplus(z) - y * z,
        }
    }
    // ANCHOR_END: per_sample

    /// The mean cost over a batch of logits and labels.
    pub fn mean(self, z: &Array1<f64>, y: &Array1<f64>) -> f64 {
        z.iter()
            .zip(y)
            .map(|(&z, &y)| self.per_sample(z, y))
            .sum::<f64>()
            / z.len() as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use nn_core::gradcheck::relative_error;

    #[test]
    fn all_three_agree_where_nothing_saturates() {
        for i in -50..=50 {
            let z = i as f64 * 0.1;
            for y in [0.0, 1.0] {
                let l = Cost::Logits.per_sample(z, y);
                assert!(
                    relative_error(Cost::Naive.per_sample(z, y), l) < 1e-12,
                    "z={z} y={y}"
                );
                assert!(
                    relative_error(Cost::Split.per_sample(z, y), l) < 1e-12,
                    "z={z} y={y}"
                );
            }
        }
    }

    #[test]
    fn the_naive_form_loses_digits_before_it_fails() {
        // z = −20, y = 0: the cost is −log(1 − σ(−20)) = softplus(−20) = e⁻²⁰ − e⁻⁴⁰/2 + …
        let exact = (-20f64).exp() - (-40f64).exp() / 2.0;
        assert!(relative_error(Cost::Logits.per_sample(-20.0, 0.0), exact) < 1e-15);
        // 1 − σ(−20) rounds to a multiple of 2⁻⁵³ near 1: about 8 of 16 digits survive.
        let naive_error = relative_error(Cost::Naive.per_sample(-20.0, 0.0), exact);
        assert!(naive_error > 1e-10 && naive_error < 1e-6, "{naive_error}");
    }

    #[test]
    fn from_logits_is_finite_and_right_at_the_extremes() {
        // By hand: for y = 1 the cost is softplus(z) − z = softplus(−z); at z = −1000 that is
        // 1000 + log(1 + e⁻¹⁰⁰⁰) = 1000 exactly in f64.
        assert_eq!(Cost::Logits.per_sample(-1000.0, 1.0), 1000.0);
        assert_eq!(Cost::Logits.per_sample(1000.0, 0.0), 1000.0);
        assert_eq!(Cost::Logits.per_sample(1000.0, 1.0), 0.0);
        assert_eq!(Cost::Logits.per_sample(0.0, 1.0), std::f64::consts::LN_2);
        // A confident, right prediction costs about e^(−|z|), not 0 and not NaN.
        let tiny = Cost::Logits.per_sample(40.0, 1.0);
        assert!(relative_error(tiny, (-40.0f64).exp()) < 1e-12, "{tiny}");
        for z in [-1e308, -1e5, 1e5, 1e308] {
            for y in [0.0, 1.0] {
                assert!(Cost::Logits.per_sample(z, y).is_finite());
            }
        }
    }

    #[test]
    fn naive_and_split_fail_as_documented() {
        // Right and confident: the naive form is NaN (0·log 0), the split form is 0.
        assert!(Cost::Naive.per_sample(40.0, 1.0).is_nan());
        assert_eq!(Cost::Split.per_sample(40.0, 1.0), 0.0);
        // Wrong and confident: both are ∞.
        assert_eq!(Cost::Naive.per_sample(40.0, 0.0), f64::INFINITY);
        assert_eq!(Cost::Split.per_sample(40.0, 0.0), f64::INFINITY);
    }

    #[test]
    fn softplus_is_log_one_plus_exp() {
        for z in [-30.0, -1.0, 0.0, 2.0, 30.0] {
            assert!(relative_error(softplus(z), (1.0 + f64::exp(z)).ln()) < 1e-12);
        }
        assert_eq!(softplus(1e308), 1e308);
        assert_eq!(softplus(-1e308), 0.0);
    }
}
