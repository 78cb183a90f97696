//! Wrong answers to chapter 2's exercises.

use ndarray::{Array1, Array2, Axis};
use practice::checks::ch02::{self, *};
use practice::Hint;

use super::{gradient_check, panicked_here, variant, with, wrong, WrongAnswer};

fn sigmoid(z: f64) -> f64 {
    super::super::answer_ch01::sigmoid(z)
}

fn softplus(z: f64) -> f64 {
    z.max(0.0) + (-z.abs()).exp().ln_1p()
}

/// 2.1, the naive cost −[y·log h + (1 − y)·log(1 − h)]: log 0 once h rounds to 0 or 1.
pub fn cost_naive(z: &Array1<f64>, y: &Array1<f64>) -> f64 {
    let per_sample = z
        .iter()
        .zip(y)
        .map(|(&z, &y)| -(y * sigmoid(z).ln() + (1.0 - y) * (1.0 - sigmoid(z)).ln()));
    per_sample.sum::<f64>() / z.len() as f64
}

/// 2.1 summed, not averaged.
pub fn cost_sum(z: &Array1<f64>, y: &Array1<f64>) -> f64 {
    z.iter().zip(y).map(|(&z, &y)| softplus(z) - y * z).sum()
}

/// 2.1 with softplus written ln(1 + eᶻ): ∞ once z > 709.
pub fn cost_naive_softplus(z: &Array1<f64>, y: &Array1<f64>) -> f64 {
    let total: f64 = z
        .iter()
        .zip(y)
        .map(|(&z, &y)| z.exp().ln_1p() - y * z)
        .sum();
    total / z.len() as f64
}

/// 2.1 with + y·z for − y·z.
pub fn cost_plus_yz(z: &Array1<f64>, y: &Array1<f64>) -> f64 {
    let total: f64 = z.iter().zip(y).map(|(&z, &y)| softplus(z) + y * z).sum();
    total / z.len() as f64
}

/// 2.2 without the 1/m.
pub fn gradient_without_mean(x: &Array2<f64>, y: &Array1<f64>, w: &Array1<f64>) -> Array1<f64> {
    x.t().dot(&(x.dot(w).mapv(sigmoid) - y))
}

/// 2.2 with y − h instead of h − y.
pub fn gradient_wrong_sign(x: &Array2<f64>, y: &Array1<f64>, w: &Array1<f64>) -> Array1<f64> {
    x.t().dot(&(y - &x.dot(w).mapv(sigmoid))) / x.nrows() as f64
}

/// 2.2 with the logits where the probabilities belong: Xᵀ(z − y)/m.
pub fn gradient_of_logits(x: &Array2<f64>, y: &Array1<f64>, w: &Array1<f64>) -> Array1<f64> {
    x.t().dot(&(x.dot(w) - y)) / x.nrows() as f64
}

/// 2.2 with σ written eᶻ/(1 + eᶻ): NaN above z ≈ 709.
pub fn gradient_naive_sigmoid(x: &Array2<f64>, y: &Array1<f64>, w: &Array1<f64>) -> Array1<f64> {
    let h = x.dot(w).mapv(|z| z.exp() / (1.0 + z.exp()));
    x.t().dot(&(h - y)) / x.nrows() as f64
}

/// 2.2 divided by the number of features instead of samples.
pub fn gradient_over_features(x: &Array2<f64>, y: &Array1<f64>, w: &Array1<f64>) -> Array1<f64> {
    x.t().dot(&(x.dot(w).mapv(sigmoid) - y)) / x.ncols() as f64
}

/// 2.2 as X·(h − y), without the transpose: a shape mismatch in ndarray.
pub fn gradient_without_transpose(
    x: &Array2<f64>,
    y: &Array1<f64>,
    w: &Array1<f64>,
) -> Array1<f64> {
    let error = x.dot(w).mapv(sigmoid) - y;
    x.dot(&error) / x.nrows() as f64
}

/// 2.3 with ndarray's broadcasting and no care for constant columns (0 / 0 = NaN).
pub fn standardize_dividing_by_zero(train: &Array2<f64>, test: &Array2<f64>) -> Array2<f64> {
    let mean = train.mean_axis(Axis(0)).expect("samples");
    (test - &mean) / &train.std_axis(Axis(0), 0.0)
}

/// 2.3 fitted on the test set (the leak).
pub fn standardize_on_test(_train: &Array2<f64>, test: &Array2<f64>) -> Array2<f64> {
    super::super::answer_ch02::standardize(test, test)
}

/// 2.3 with each row's statistics instead of each column's.
pub fn standardize_by_rows(train: &Array2<f64>, test: &Array2<f64>) -> Array2<f64> {
    let mean = train.mean_axis(Axis(1)).expect("features");
    (test - &mean) / &train.std_axis(Axis(1), 0.0)
}

/// 2.3 with the sample standard deviation.
pub fn standardize_sample_std(train: &Array2<f64>, test: &Array2<f64>) -> Array2<f64> {
    let mean = train.mean_axis(Axis(0)).expect("samples");
    let std = train
        .std_axis(Axis(0), 1.0)
        .mapv(|s| if s > 1e-12 { s } else { 1.0 });
    (test - &mean) / &std
}

/// 2.3 dividing by the variance.
pub fn standardize_by_variance(train: &Array2<f64>, test: &Array2<f64>) -> Array2<f64> {
    let mean = train.mean_axis(Axis(0)).expect("samples");
    let var = train
        .var_axis(Axis(0), 0.0)
        .mapv(|s| if s > 1e-12 { s } else { 1.0 });
    (test - &mean) / &var
}

/// 2.2, generated: the gradient divided by m + K.
fn gradient_off_by<const K: usize>(
    x: &Array2<f64>,
    y: &Array1<f64>,
    w: &Array1<f64>,
) -> Array1<f64> {
    x.t().dot(&(x.dot(w).mapv(sigmoid) - y)) / (x.nrows() + K) as f64
}

pub fn wrong_answers() -> Vec<WrongAnswer> {
    let a = practice::bind_ch02!(super::super::answer_ch02);
    let two = ch02::chapter;
    let mut list = vec![
        wrong(
            "2.1",
            "naive log σ",
            two(with!(a, cost = cost_naive)),
            Hint::UnstableAtLargeInputs,
        ),
        wrong(
            "2.1",
            "sum, no 1/n",
            two(with!(a, cost = cost_sum)),
            Hint::MissingOneOverN { n: 8 },
        ),
        wrong(
            "2.1",
            "softplus as ln(1 + eᶻ)",
            two(with!(a, cost = cost_naive_softplus)),
            Hint::UnstableAtLargeInputs,
        ),
        wrong(
            "2.1",
            "+ y·z",
            two(with!(a, cost = cost_plus_yz)),
            Hint::NoPattern,
        ),
        wrong(
            "2.2",
            "no 1/m",
            two(with!(a, cost_gradient = gradient_without_mean)),
            Hint::MissingOneOverN { n: 6 },
        ),
        wrong(
            "2.2",
            "y − h",
            two(with!(a, cost_gradient = gradient_wrong_sign)),
            Hint::WrongSign,
        ),
        wrong(
            "2.2",
            "z − y instead of σ(z) − y",
            two(with!(a, cost_gradient = gradient_of_logits)),
            gradient_check(),
        ),
        wrong(
            "2.2",
            "σ written eᶻ/(1 + eᶻ)",
            two(with!(a, cost_gradient = gradient_naive_sigmoid)),
            Hint::Mistake(NAIVE_SIGMOID),
        ),
        wrong(
            "2.2",
            "÷ features, not samples",
            two(with!(a, cost_gradient = gradient_over_features)),
            Hint::WrongCount {
                used: 3,
                used_name: "features",
                right: 6,
                right_name: "samples",
            },
        ),
        wrong(
            "2.2",
            "X·(h − y)",
            two(with!(a, cost_gradient = gradient_without_transpose)),
            panicked_here("practice/tests/wrong/ch02.rs"),
        ),
        wrong(
            "2.3",
            "0/0 on the constant column",
            two(with!(a, standardize = standardize_dividing_by_zero)),
            Hint::Mistake(CONSTANT_COLUMN),
        ),
        wrong(
            "2.3",
            "fitted on the test set",
            two(with!(a, standardize = standardize_on_test)),
            Hint::Mistake(FITTED_ON_TEST),
        ),
        wrong(
            "2.3",
            "statistics of the rows",
            two(with!(a, standardize = standardize_by_rows)),
            Hint::Mistake(BY_ROWS),
        ),
        wrong(
            "2.3",
            "sample standard deviation",
            two(with!(a, standardize = standardize_sample_std)),
            Hint::Mistake(SAMPLE_STD),
        ),
        wrong(
            "2.3",
            "÷ the variance",
            two(with!(a, standardize = standardize_by_variance)),
            Hint::ScaledPer { what: "feature" },
        ),
    ];
    type Variant = fn(&Array2<f64>, &Array1<f64>, &Array1<f64>) -> Array1<f64>;
    let off: [(usize, Variant); 3] = [
        (1, gradient_off_by::<1>),
        (2, gradient_off_by::<2>),
        (3, gradient_off_by::<3>),
    ];
    for (k, f) in off {
        list.push(variant(
            "2.2",
            format!("÷ (m + {k})"),
            two(with!(a, cost_gradient = f)),
        ));
    }
    list
}
