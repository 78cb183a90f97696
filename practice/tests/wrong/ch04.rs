//! Wrong answers to chapter 4's exercises.

use ndarray::Array2;

/// 4.1 as plain ReLU: the slope forgotten.
pub fn leaky_relu_without_slope(x: &Array2<f64>, _negative_slope: f64) -> Array2<f64> {
    x.mapv(|v| v.max(0.0))
}

/// 4.2 with f′(0) = 1 (x ≥ 0).
pub fn leaky_relu_backward_one_at_zero(
    x: &Array2<f64>,
    g: &Array2<f64>,
    negative_slope: f64,
) -> Array2<f64> {
    let slope = x.mapv(|v| if v >= 0.0 { 1.0 } else { negative_slope });
    g * &slope
}

/// 4.2 returning f′(x) alone.
pub fn leaky_relu_backward_local_only(
    x: &Array2<f64>,
    _g: &Array2<f64>,
    negative_slope: f64,
) -> Array2<f64> {
    x.mapv(|v| if v > 0.0 { 1.0 } else { negative_slope })
}

/// 4.3 with < 0: a unit whose input is exactly 0 counted alive.
pub fn dead_units_strict(pre_activations: &Array2<f64>) -> Vec<bool> {
    pre_activations
        .columns()
        .into_iter()
        .map(|u| u.iter().all(|&v| v < 0.0))
        .collect()
}

/// 4.3 over the samples (rows) instead of the units (columns).
pub fn dead_units_by_rows(pre_activations: &Array2<f64>) -> Vec<bool> {
    pre_activations
        .rows()
        .into_iter()
        .map(|r| r.iter().all(|&v| v <= 0.0))
        .collect()
}
