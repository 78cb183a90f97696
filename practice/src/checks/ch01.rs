//! Chapter 1's exercises: the sigmoid for every finite input, its derivative, the neuron's
//! weighted sums. Expected values: chapter 1's `sigmoid`, `sigmoid_prime` and
//! `Neuron::weighted_sums`.

use ch01_sigmoid_neuron::sigmoid::{sigmoid, sigmoid_naive, sigmoid_prime};
use ch01_sigmoid_neuron::Neuron;
use ndarray::{Array1, Array2};
use nn_core::gradcheck::check_gradient;

use super::{random, random_vector};
use crate::diagnose::{compare, Hint, Mismatch};

exercises! { $ bind_ch01, ch01: 1, "The sigmoid neuron";
    "1.1" sigmoid(f64) -> f64,
        "the sigmoid for every finite input",
        "σ(z) = 1 / (1 + e⁻ᶻ), finite and right for every finite z (also ±800 and ±1e308)",
        check_sigmoid;
    "1.2" sigmoid_prime(f64) -> f64,
        "the sigmoid's derivative",
        "d/dz σ(z) = σ(z)·(1 − σ(z)), finite for every finite z",
        check_sigmoid_prime;
    "1.3" weighted_sums(&Array2<f64>, &Array1<f64>, f64) -> Array1<f64>,
        "the neuron's weighted sums for a batch",
        "z = x·w + b for every row x of a batch: (batch, inputs) -> (batch,)",
        check_weighted_sums;
}

/// 1.3 (and chapter 3's and 6's forward passes): no bias.
pub const MISSING_BIAS: &str = "the bias b is missing: add it to every weighted sum";
/// 1.1: e⁻ᶻ/(1 + e⁻ᶻ).
pub const SIGN_OF_EXPONENT: &str =
    "that is σ(−z) = 1 − σ(z): the exponent's sign is flipped — σ(z) = 1/(1 + e⁻ᶻ) = eᶻ/(1 + eᶻ)";
/// 1.1: the stable form's branch for z < 0.
pub const BRANCH_FORMULA: &str = "right for z ≥ 0 but not for z < 0: there σ(z) = eᶻ/(1 + eᶻ) (the same number as 1/(1 + e⁻ᶻ), written so that exp sees z < 0), not 1/(1 + eᶻ)";
/// 1.2: σ itself.
pub const SIGMOID_ITSELF: &str = "that is σ(z) itself: its derivative is σ(z)·(1 − σ(z))";
/// 1.2: the formula applied to z itself.
pub const PRIME_OF_Z: &str =
    "that is z·(1 − z): the formula σ′ = s·(1 − s) takes s = σ(z), the sigmoid's output, not z";

/// Inputs from −30 to 30, 40 generated ones, and the large ones where exp overflows.
fn inputs() -> Array1<f64> {
    let grid = (-60..=60).map(|i| i as f64 * 0.5);
    let generated = random_vector(40, 11, 8.0);
    let large = [
        700.0, -700.0, 710.0, -710.0, 745.0, -745.0, 800.0, -800.0, 1e4, -1e4, 1e308, -1e308,
    ];
    grid.chain(generated).chain(large).collect()
}

/// Where the exponential of ±z overflows or nearly does.
fn large(z: &Array1<f64>) -> Array1<bool> {
    z.mapv(|v| v.abs() >= 700.0)
}

fn check_sigmoid(c: Candidate) -> Result<(), Mismatch> {
    let z = inputs();
    compare(
        "sigmoid(z) for z from −1e308 to 1e308",
        z.mapv(sigmoid),
        z.mapv(c.sigmoid),
    )
    .elementwise(&z)
    .known(z.mapv(|z| sigmoid(-z)), Hint::Mistake(SIGN_OF_EXPONENT))
    .known(
        z.mapv(|z| sigmoid_naive(-z)),
        Hint::Mistake(SIGN_OF_EXPONENT),
    )
    .known(
        z.mapv(|z| if z >= 0.0 { sigmoid(z) } else { sigmoid(-z) }),
        Hint::Mistake(BRANCH_FORMULA),
    )
    .large_where(large(&z))
    .check()
}

fn check_sigmoid_prime(c: Candidate) -> Result<(), Mismatch> {
    let z = inputs();
    let got = z.mapv(c.sigmoid_prime);
    compare(
        "sigmoid_prime(z) for z from −1e308 to 1e308",
        z.mapv(sigmoid_prime),
        got,
    )
    .elementwise(&z)
    .known(z.mapv(|z| z * (1.0 - z)), Hint::Mistake(PRIME_OF_Z))
    .known(z.mapv(sigmoid), Hint::Mistake(SIGMOID_ITSELF))
    .fix_first("1.1", "sigmoid", || {
        z.mapv(|z| {
            let s = (c.sigmoid)(z);
            s * (1.0 - s)
        })
    })
    .large_where(large(&z))
    .check()
    .map_err(|m| {
        // Σ σ(zᵢ) has gradient (σ′(zᵢ))ᵢ: compare with central differences where they are
        // accurate.
        let moderate = Array1::from_iter((-20..=20).map(|i| i as f64 * 0.25));
        m.or_gradient_check(moderate.shape(), || {
            let got = moderate.mapv(c.sigmoid_prime);
            check_gradient(|z| z.mapv(sigmoid).sum(), &moderate, &got)
        })
    })
}

fn check_weighted_sums(c: Candidate) -> Result<(), Mismatch> {
    for (k, &(batch, inputs, _)) in super::SHAPES.iter().enumerate() {
        let seed = 100 + 3 * k as u64;
        let x = random((batch, inputs), seed, 2.0);
        let w = random_vector(inputs, seed + 1, 1.0);
        let b = random_vector(1, seed + 2, 1.0)[0];
        let expected = Neuron::new(w.clone(), b).weighted_sums(&x);
        compare(
            format!("weighted_sums for x {:?}, w ({inputs},)", x.dim()),
            expected,
            (c.weighted_sums)(&x, &w, b),
        )
        .known(x.dot(&w), Hint::Mistake(MISSING_BIAS))
        .check()?;
    }
    Ok(())
}
