//! Wrong answers to chapter 4's exercises.

use ndarray::Array2;
use practice::checks::ch03::UPSTREAM_IGNORED;
use practice::checks::ch04::{self, *};
use practice::Hint;

use super::{variant, with, wrong, WrongAnswer};

/// 4.1 as plain ReLU: the slope forgotten.
pub fn leaky_relu_without_slope(x: &Array2<f64>, _negative_slope: f64) -> Array2<f64> {
    x.mapv(|v| v.max(0.0))
}

/// 4.1 with the slopes swapped: α·x for x > 0, x otherwise.
pub fn leaky_relu_swapped(x: &Array2<f64>, negative_slope: f64) -> Array2<f64> {
    x.mapv(|v| if v > 0.0 { negative_slope * v } else { v })
}

/// 4.1 as max(x, α): the slope as a floor.
pub fn leaky_relu_floor(x: &Array2<f64>, negative_slope: f64) -> Array2<f64> {
    x.mapv(|v| v.max(negative_slope))
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

/// 4.2 as ReLU's backward pass: no gradient for x ≤ 0.
pub fn leaky_relu_backward_as_relu(x: &Array2<f64>, g: &Array2<f64>, _slope: f64) -> Array2<f64> {
    g * &x.mapv(|v| if v > 0.0 { 1.0 } else { 0.0 })
}

/// 4.2 with α·x for the slope: the forward value, not the derivative.
pub fn leaky_relu_backward_forward_value(
    x: &Array2<f64>,
    g: &Array2<f64>,
    negative_slope: f64,
) -> Array2<f64> {
    g * &x.mapv(|v| if v > 0.0 { 1.0 } else { negative_slope * v })
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

/// 4.3 with "any" for "all".
pub fn dead_units_any(pre_activations: &Array2<f64>) -> Vec<bool> {
    pre_activations
        .columns()
        .into_iter()
        .map(|u| u.iter().any(|&v| v <= 0.0))
        .collect()
}

/// 4.3 judged by the column's mean.
pub fn dead_units_by_mean(pre_activations: &Array2<f64>) -> Vec<bool> {
    pre_activations
        .columns()
        .into_iter()
        .map(|u| u.mean().unwrap_or(0.0) <= 0.0)
        .collect()
}

/// 4.1, generated: the slope α·K.
fn leaky_relu_scaled_slope<const K: i32>(x: &Array2<f64>, negative_slope: f64) -> Array2<f64> {
    let alpha = negative_slope * K as f64;
    x.mapv(|v| if v > 0.0 { v } else { alpha * v })
}

pub fn wrong_answers() -> Vec<WrongAnswer> {
    let a = practice::bind_ch04!(super::super::answer_ch04);
    let four = ch04::chapter;
    let mut list = vec![
        wrong(
            "4.1",
            "plain ReLU",
            four(with!(a, leaky_relu = leaky_relu_without_slope)),
            Hint::Mistake(SLOPE_IGNORED),
        ),
        wrong(
            "4.1",
            "slopes swapped",
            four(with!(a, leaky_relu = leaky_relu_swapped)),
            Hint::Mistake(SLOPES_SWAPPED),
        ),
        wrong(
            "4.1",
            "max(x, α)",
            four(with!(a, leaky_relu = leaky_relu_floor)),
            Hint::NoPattern,
        ),
        wrong(
            "4.2",
            "f′(0) = 1",
            four(with!(
                a,
                leaky_relu_backward = leaky_relu_backward_one_at_zero
            )),
            Hint::OnlyAtKink {
                convention: LEAKY_AT_ZERO,
                nan: false,
            },
        ),
        wrong(
            "4.2",
            "f′(x) without G",
            four(with!(
                a,
                leaky_relu_backward = leaky_relu_backward_local_only
            )),
            Hint::Mistake(UPSTREAM_IGNORED),
        ),
        wrong(
            "4.2",
            "ReLU's backward pass",
            four(with!(a, leaky_relu_backward = leaky_relu_backward_as_relu)),
            Hint::Mistake(SLOPE_IGNORED),
        ),
        wrong(
            "4.2",
            "α·x for α",
            four(with!(
                a,
                leaky_relu_backward = leaky_relu_backward_forward_value
            )),
            Hint::NoPattern,
        ),
        wrong(
            "4.3",
            "< 0 instead of ≤ 0",
            four(with!(a, dead_units = dead_units_strict)),
            Hint::OnlyAtKink {
                convention: DEAD_AT_ZERO,
                nan: false,
            },
        ),
        wrong(
            "4.3",
            "over the rows",
            four(with!(a, dead_units = dead_units_by_rows)),
            Hint::Mistake(DEAD_BY_ROWS),
        ),
        wrong(
            "4.3",
            "any for all",
            four(with!(a, dead_units = dead_units_any)),
            Hint::Mistake(DEAD_FOR_ANY),
        ),
        wrong(
            "4.3",
            "the column's mean ≤ 0",
            four(with!(a, dead_units = dead_units_by_mean)),
            Hint::NoPattern,
        ),
    ];
    type Variant = fn(&Array2<f64>, f64) -> Array2<f64>;
    let slopes: [(i32, Variant); 3] = [
        (2, leaky_relu_scaled_slope::<2>),
        (-1, leaky_relu_scaled_slope::<-1>),
        (10, leaky_relu_scaled_slope::<10>),
    ];
    for (k, f) in slopes {
        list.push(variant(
            "4.1",
            format!("slope {k}·α"),
            four(with!(a, leaky_relu = f)),
        ));
    }
    list
}
