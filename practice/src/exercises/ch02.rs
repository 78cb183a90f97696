//! Chapter 2's exercises: replace each `todo!(…)` with your code, save, and run
//! `cargo run -p practice -- 2` (or leave `cargo run -p practice -- 2 --watch` running).
//! The answers, if you are stuck: practice/answers/ch02.rs.

use ndarray::{Array1, Array2};

/// Exercise 2.1: the mean cross-entropy cost computed from the logits z = Xw, never NaN:
/// J = (1/m)·Σᵢ [softplus(zᵢ) − yᵢ·zᵢ], softplus(z) = log(1 + eᶻ) written so that it cannot
/// overflow (max(z, 0) + log(1 + e^−|z|)). z and y (labels 0 or 1) are both (samples,).
pub fn cost(z: &Array1<f64>, y: &Array1<f64>) -> f64 {
    todo!("exercise 2.1: the cost from logits")
}

/// Exercise 2.2: the cost's gradient ∂J/∂w = (1/m)·Xᵀ(σ(Xw) − y):
/// x (samples, features), y (samples,), w (features,) -> (features,).
pub fn cost_gradient(x: &Array2<f64>, y: &Array1<f64>, w: &Array1<f64>) -> Array1<f64> {
    todo!("exercise 2.2: the cost's gradient")
}

/// Exercise 2.3: standardize `test` with the statistics of `train`: for each column j,
/// (x − μⱼ) / sⱼ with μⱼ and sⱼ the mean and population standard deviation (divide by the
/// number of samples) of column j of `train`. A column whose sⱼ is 0 (below 1e-12: a
/// constant column, like the bias column of ones) passes through unchanged.
/// train (samples, features), test (other samples, features) -> (other samples, features).
pub fn standardize(train: &Array2<f64>, test: &Array2<f64>) -> Array2<f64> {
    todo!("exercise 2.3: the standardizer fitted on the training set")
}
