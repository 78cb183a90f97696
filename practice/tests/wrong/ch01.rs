//! Wrong answers to chapter 1's exercises.

use ndarray::{Array1, Array2};
use practice::checks::ch01::{self, *};
use practice::Hint;

use super::{gradient_check, variant, with, wrong, WrongAnswer};

fn sigmoid(z: f64) -> f64 {
    super::super::answer_ch01::sigmoid(z)
}

/// 1.1, the naive formula of chapter 1: eᶻ / (eᶻ + 1) is ∞ / ∞ = NaN once z > 709.78.
pub fn sigmoid_naive(z: f64) -> f64 {
    z.exp() / (z.exp() + 1.0)
}

/// 1.1 with the exponent's sign flipped: e⁻ᶻ/(1 + e⁻ᶻ) = σ(−z).
pub fn sigmoid_of_minus_z(z: f64) -> f64 {
    let e = (-z).exp();
    e / (1.0 + e)
}

/// 1.1 in the stable form with the negative branch's formula wrong: 1/(1 + eᶻ) there.
pub fn sigmoid_branch_wrong(z: f64) -> f64 {
    if z >= 0.0 {
        1.0 / (1.0 + (-z).exp())
    } else {
        1.0 / (1.0 + z.exp())
    }
}

/// 1.2 with the factors the wrong way round: σ(z)·(σ(z) − 1).
pub fn sigmoid_prime_wrong_sign(z: f64) -> f64 {
    let s = sigmoid(z);
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

/// 1.2 as σ(z)·(1 − σ(z)) on top of the naive sigmoid (1.1 wrong, 1.2's formula right).
pub fn sigmoid_prime_on_naive(z: f64) -> f64 {
    let s = sigmoid_naive(z);
    s * (1.0 - s)
}

/// 1.2 as σ(z)·(1 − σ(z))² (a factor squared).
pub fn sigmoid_prime_squared(z: f64) -> f64 {
    let s = sigmoid(z);
    s * (1.0 - s) * (1.0 - s)
}

/// 1.3 without the bias.
pub fn weighted_sums_without_bias(x: &Array2<f64>, w: &Array1<f64>, _b: f64) -> Array1<f64> {
    x.dot(w)
}

/// 1.3 with the bias added twice.
pub fn weighted_sums_bias_twice(x: &Array2<f64>, w: &Array1<f64>, b: f64) -> Array1<f64> {
    x.dot(w) + 2.0 * b
}

/// 1.3 with the weights summed instead of multiplied: Σ (x + w).
pub fn weighted_sums_added(x: &Array2<f64>, w: &Array1<f64>, b: f64) -> Array1<f64> {
    (x + w).sum_axis(ndarray::Axis(1)) + b
}

/// 1.1, generated: the naive formula from a clamp at ±K (still ∞/∞ past 709).
fn sigmoid_clamped<const K: i32>(z: f64) -> f64 {
    sigmoid_naive(z.clamp(-(K as f64), K as f64))
}

pub fn wrong_answers() -> Vec<WrongAnswer> {
    let a = practice::bind_ch01!(super::super::answer_ch01);
    let one = ch01::chapter;
    let mut list = vec![
        wrong(
            "1.1",
            "naive eᶻ/(eᶻ + 1)",
            one(with!(a, sigmoid = sigmoid_naive)),
            Hint::UnstableAtLargeInputs,
        ),
        wrong(
            "1.1",
            "e⁻ᶻ/(1 + e⁻ᶻ)",
            one(with!(a, sigmoid = sigmoid_of_minus_z)),
            Hint::Mistake(SIGN_OF_EXPONENT),
        ),
        wrong(
            "1.1",
            "stable form, 1/(1 + eᶻ) for z < 0",
            one(with!(a, sigmoid = sigmoid_branch_wrong)),
            Hint::Mistake(BRANCH_FORMULA),
        ),
        wrong(
            "1.2",
            "σ(σ − 1)",
            one(with!(a, sigmoid_prime = sigmoid_prime_wrong_sign)),
            Hint::WrongSign,
        ),
        wrong(
            "1.2",
            "naive e⁻ᶻ/(1 + e⁻ᶻ)²",
            one(with!(a, sigmoid_prime = sigmoid_prime_naive)),
            Hint::UnstableAtLargeInputs,
        ),
        wrong(
            "1.2",
            "z(1 − z)",
            one(with!(a, sigmoid_prime = sigmoid_prime_of_z)),
            Hint::Mistake(PRIME_OF_Z),
        ),
        wrong(
            "1.2",
            "s(1 − s) on a naive sigmoid",
            one(with!(
                with!(a, sigmoid = sigmoid_naive),
                sigmoid_prime = sigmoid_prime_on_naive
            )),
            Hint::FixFirst {
                id: "1.1",
                function: "sigmoid",
            },
        ),
        wrong(
            "1.2",
            "s(1 − s)²",
            one(with!(a, sigmoid_prime = sigmoid_prime_squared)),
            gradient_check(),
        ),
        wrong(
            "1.3",
            "x·w without b",
            one(with!(a, weighted_sums = weighted_sums_without_bias)),
            Hint::Mistake(MISSING_BIAS),
        ),
        wrong(
            "1.3",
            "b added twice",
            one(with!(a, weighted_sums = weighted_sums_bias_twice)),
            Hint::Offset { by: 0.0 },
        ),
        wrong(
            "1.3",
            "Σ (x + w) + b",
            one(with!(a, weighted_sums = weighted_sums_added)),
            Hint::NoPattern,
        ),
    ];
    type Variant = fn(f64) -> f64;
    let clamps: [(i32, Variant); 3] = [
        (710, sigmoid_clamped::<710>),
        (800, sigmoid_clamped::<800>),
        (1000, sigmoid_clamped::<1000>),
    ];
    for (k, f) in clamps {
        list.push(variant(
            "1.1",
            format!("naive, clamped to ±{k}"),
            one(with!(a, sigmoid = f)),
        ));
    }
    list
}
