//! Chapter 2's exercises: the cost from logits (NaN-safe), its gradient, the standardizer
//! fitted on the training set. Expected values: chapter 2's `Cost::Logits`, `descent::gradient`
//! and `Standardizer`.

use ch01_sigmoid_neuron::sigmoid::sigmoid_naive;
use ch02_logistic_regression::descent::gradient;
use ch02_logistic_regression::{Cost, Standardizer};
use ndarray::{arr0, array, Array1, Array2, Axis};
use nn_core::gradcheck::check_gradient;

use super::{random, random_vector, Matrix, Vector};
use crate::diagnose::{compare, Hint, Mismatch};

exercises! { $ bind_ch02, ch02: 2, "Logistic regression without NaN";
    "2.1" cost(&Array1<f64>, &Array1<f64>) -> f64,
        "the cross-entropy cost from logits",
        "the mean over samples of softplus(z) − y·z, finite for every finite logit z",
        check_cost;
    "2.2" cost_gradient(&Matrix, &Vector, &Vector) -> Vector,
        "the cost's gradient",
        "∂J/∂w = (1/m)·Xᵀ(σ(Xw) − y): (samples, features), (samples,), (features,) -> (features,), finite for every finite Xw",
        check_cost_gradient;
    "2.3" standardize(&Array2<f64>, &Array2<f64>) -> Array2<f64>,
        "the standardizer fitted on the training set",
        "(x − μ) / s column by column for the test set, μ and s the training set's per-column mean and population standard deviation; a constant column passes through",
        check_standardize;
}

/// 2.2: σ as eᶻ/(1 + eᶻ).
pub const NAIVE_SIGMOID: &str = "σ(z) is written eᶻ/(1 + eᶻ), which is ∞/∞ = NaN once z > 709.78 (eᶻ overflows): this chapter exists to compute without NaN — take 1/(1 + e⁻ᶻ) for z ≥ 0 and eᶻ/(1 + eᶻ) for z < 0, so that exp only sees −|z|";
/// 2.3: the leak.
pub const FITTED_ON_TEST: &str = "the statistics come from the data being transformed: fit the mean and standard deviation on the training set only, then apply them to the other";
/// 2.3: ÷ (n − 1).
pub const SAMPLE_STD: &str = "that is the sample standard deviation (÷ (n − 1)); the chapter divides by n (ndarray's std_axis with ddof 0)";
/// 2.3: 0/0 on a constant column.
pub const CONSTANT_COLUMN: &str = "a constant column has standard deviation 0: pass it through unchanged instead of dividing by 0";
/// 2.3: each row's statistics.
pub const BY_ROWS: &str = "the statistics are each row's (Axis(1), over a sample's features): standardize each column (feature) with its mean and deviation down the training set's rows, Axis(0)";

/// Labels 0 and 1, alternating from a seed-chosen start.
fn labels(n: usize, seed: u64) -> Array1<f64> {
    Array1::from_iter((0..n).map(|i| ((i as u64 + seed) % 2) as f64))
}

fn check_cost(c: Candidate) -> Result<(), Mismatch> {
    // Moderate logits first (a missing 1/n shows as a ratio), then large ones.
    let moderate = random_vector(8, 21, 3.0);
    let y = labels(8, 1);
    compare(
        "cost(z, y) for 8 logits in ±6",
        arr0(Cost::Logits.mean(&moderate, &y)),
        arr0((c.cost)(&moderate, &y)),
    )
    .mean_over(8, "samples")
    .check()?;
    let large = array![800.0, -800.0, 40.0, -40.0, 1000.0, -1000.0];
    let y = array![1.0, 1.0, 0.0, 0.0, 0.0, 1.0];
    compare(
        "cost(z, y) for z = ±800, ±40, ±1000",
        arr0(Cost::Logits.mean(&large, &y)),
        arr0((c.cost)(&large, &y)),
    )
    .large_where(arr0(true))
    .check()
}

/// Xᵀ(σ(Xw) − y)/m with σ written eᶻ/(1 + eᶻ).
fn naive_gradient(x: &Matrix, y: &Vector, w: &Vector) -> Vector {
    let h = x.dot(w).mapv(sigmoid_naive);
    x.t().dot(&(h - y)) / x.nrows() as f64
}

fn check_cost_gradient(c: Candidate) -> Result<(), Mismatch> {
    // Moderate logits on three shapes, then a batch whose logits Xw reach ±1000: the chapter
    // is about computing without NaN, and its gradient is finite there too.
    let mut cases: Vec<(Matrix, Vector, Vector)> = [(6, 3), (1, 2), (9, 4)]
        .iter()
        .enumerate()
        .map(|(k, &(m, features))| {
            let seed = 200 + 3 * k as u64;
            let x = random((m, features), seed, 1.5);
            (x, labels(m, seed), random_vector(features, seed + 1, 1.0))
        })
        .collect();
    let mut x = random((8, 3), 230, 1.0);
    x.column_mut(0)
        .assign(&(array![1.2, -1.5, 2.0, -0.3, 0.9, -2.2, 1.7, 0.1] * 400.0));
    cases.push((x, labels(8, 0), array![2.0, 0.5, -0.5]));
    for (k, (x, y, w)) in cases.iter().enumerate() {
        let got = (c.cost_gradient)(x, y, w);
        let (m, features) = x.dim();
        let largest = x.dot(w).fold(0.0f64, |a, &z| a.max(z.abs()));
        let what = if k == 3 {
            format!(
                "cost_gradient for X {:?} with logits Xw up to ±{largest:.0}",
                x.dim()
            )
        } else {
            format!("cost_gradient for X {:?}", x.dim())
        };
        let mut comparison = compare(what, gradient(x, y, w), got.clone())
            .mean_over(m, "samples")
            .or_count(features, "features")
            .known(naive_gradient(x, y, w), Hint::Mistake(NAIVE_SIGMOID));
        if k == 3 {
            comparison = comparison.large_where(Array1::from_elem(features, true));
        }
        comparison.check().map_err(|mismatch| {
            let cost = |w: &Array1<f64>| Cost::Logits.mean(&x.dot(w), y);
            mismatch.or_gradient_check(w.shape(), || check_gradient(cost, w, &got))
        })?;
    }
    Ok(())
}

fn check_standardize(c: Candidate) -> Result<(), Mismatch> {
    // A square training set first (so statistics over the wrong axis still fit and show as
    // such), then one with a constant column of ones.
    let cases = [
        (random((4, 4), 31, 3.0) + 5.0, random((4, 4), 32, 3.0) + 5.0),
        (
            with_ones(random((6, 3), 33, 10.0)),
            with_ones(random((4, 3), 34, 10.0)),
        ),
    ];
    for (train, test) in cases {
        let fitted = Standardizer::fit(&train);
        let sample = Standardizer {
            mean: fitted.mean.clone(),
            std: train.std_axis(Axis(0), 1.0),
        };
        let by_rows = Standardizer {
            mean: train.mean_axis(Axis(1)).expect("rows"),
            std: train.std_axis(Axis(1), 0.0),
        };
        let mut known = compare(
            format!(
                "standardize(train {:?}, test {:?})",
                train.dim(),
                test.dim()
            ),
            fitted.transform(&test),
            (c.standardize)(&train, &test),
        )
        .known(
            Standardizer::fit(&test).transform(&test),
            Hint::Mistake(FITTED_ON_TEST),
        )
        .known(sample.transform(&test), Hint::Mistake(SAMPLE_STD))
        .known(
            (&test - &fitted.mean) / &fitted.std,
            Hint::Mistake(CONSTANT_COLUMN),
        )
        .per(1, "feature");
        if train.nrows() == train.ncols() {
            known = known.known(by_rows.transform(&test), Hint::Mistake(BY_ROWS));
        }
        known.check()?;
    }
    Ok(())
}

/// `x` with its first column set to ones, as chapter 2's bias column.
fn with_ones(mut x: Array2<f64>) -> Array2<f64> {
    x.column_mut(0).fill(1.0);
    x
}
