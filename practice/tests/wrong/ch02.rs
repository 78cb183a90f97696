//! Wrong answers to chapter 2's exercises.

use ndarray::{Array1, Array2, Axis};

fn sigmoid(z: f64) -> f64 {
    super::super::answer_ch01::sigmoid(z)
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
    let softplus = |z: f64| z.max(0.0) + (-z.abs()).exp().ln_1p();
    z.iter().zip(y).map(|(&z, &y)| softplus(z) - y * z).sum()
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
