//! Wrong answers to chapter 8's exercises.

use practice::checks::ch08::{self, *};
use practice::Hint;

use super::{variant, with, wrong, WrongAnswer};

/// 8.1 returning the variance.
pub fn xavier_variance(n_in: usize, n_out: usize) -> f64 {
    2.0 / (n_in + n_out) as f64
}

/// 8.1 returning the uniform distribution's limit √(6/(n_in + n_out)).
pub fn xavier_uniform_limit(n_in: usize, n_out: usize) -> f64 {
    (6.0 / (n_in + n_out) as f64).sqrt()
}

/// 8.1 as LeCun's √(1/n_in).
pub fn xavier_lecun(n_in: usize, _n_out: usize) -> f64 {
    (1.0 / n_in as f64).sqrt()
}

/// 8.1 as He's √(2/n_in).
pub fn xavier_as_he(n_in: usize, _n_out: usize) -> f64 {
    (2.0 / n_in as f64).sqrt()
}

/// 8.2 with n_out for n_in (PyTorch's mode='fan_out').
pub fn he_fan_out(_n_in: usize, n_out: usize) -> f64 {
    (2.0 / n_out as f64).sqrt()
}

/// 8.2 without ReLU's factor 2 (LeCun's 1/n_in).
pub fn he_without_two(n_in: usize, _n_out: usize) -> f64 {
    (1.0 / n_in as f64).sqrt()
}

/// 8.2 returning the variance.
pub fn he_variance(n_in: usize, _n_out: usize) -> f64 {
    2.0 / n_in as f64
}

/// 8.2 with both fans, √(4/(n_in + n_out)).
pub fn he_both_fans(n_in: usize, n_out: usize) -> f64 {
    (4.0 / (n_in + n_out) as f64).sqrt()
}

/// 8.3 without ReLU's ½: as if the inputs were z itself.
pub fn variance_without_half(n_in: usize, weight_variance: f64, variance_in: f64) -> f64 {
    n_in as f64 * weight_variance * variance_in
}

/// 8.3 for one term of the sum: no n_in.
pub fn variance_one_term(_n_in: usize, weight_variance: f64, variance_in: f64) -> f64 {
    weight_variance * variance_in / 2.0
}

/// 8.3 with the standard deviations multiplied where the variances belong.
pub fn variance_of_stds(n_in: usize, weight_variance: f64, variance_in: f64) -> f64 {
    n_in as f64 * (weight_variance * variance_in / 2.0).sqrt()
}

/// 8.1, generated: √(K/(n_in + n_out)) for another K than 2.
fn xavier_constant<const K: usize>(n_in: usize, n_out: usize) -> f64 {
    (K as f64 / (n_in + n_out) as f64).sqrt()
}

/// 8.2, generated: √(2/(n_in + K)).
fn he_off_by<const K: usize>(n_in: usize, _n_out: usize) -> f64 {
    (2.0 / (n_in + K) as f64).sqrt()
}

pub fn wrong_answers() -> Vec<WrongAnswer> {
    let a = practice::bind_ch08!(super::super::answer_ch08);
    let eight = ch08::chapter;
    let mut list = vec![
        wrong(
            "8.1",
            "the variance",
            eight(with!(a, xavier_std = xavier_variance)),
            Hint::Mistake(VARIANCE_NOT_STD),
        ),
        wrong(
            "8.1",
            "the uniform limit √(6/(n_in + n_out))",
            eight(with!(a, xavier_std = xavier_uniform_limit)),
            Hint::Mistake(UNIFORM_LIMIT),
        ),
        wrong(
            "8.1",
            "LeCun's √(1/n_in)",
            eight(with!(a, xavier_std = xavier_lecun)),
            Hint::Mistake(WRONG_FAN),
        ),
        wrong(
            "8.1",
            "He's √(2/n_in)",
            eight(with!(a, xavier_std = xavier_as_he)),
            Hint::Mistake(WRONG_FAN),
        ),
        wrong(
            "8.2",
            "fan_out",
            eight(with!(a, he_std = he_fan_out)),
            Hint::Mistake(WRONG_FAN),
        ),
        wrong(
            "8.2",
            "√(1/n_in), no factor 2",
            eight(with!(a, he_std = he_without_two)),
            Hint::Mistake(RELU_FACTOR),
        ),
        wrong(
            "8.2",
            "the variance",
            eight(with!(a, he_std = he_variance)),
            Hint::Mistake(VARIANCE_NOT_STD),
        ),
        wrong(
            "8.2",
            "both fans",
            eight(with!(a, he_std = he_both_fans)),
            Hint::Mistake(WRONG_FAN),
        ),
        wrong(
            "8.3",
            "no ½ for the ReLU",
            eight(with!(a, relu_layer_variance = variance_without_half)),
            Hint::Mistake(RELU_FACTOR),
        ),
        wrong(
            "8.3",
            "no n_in",
            eight(with!(a, relu_layer_variance = variance_one_term)),
            Hint::Mistake(MISSING_FAN_IN),
        ),
        wrong(
            "8.3",
            "standard deviations for variances",
            eight(with!(a, relu_layer_variance = variance_of_stds)),
            Hint::NoPattern,
        ),
    ];
    type Variant = fn(usize, usize) -> f64;
    let constants: [(usize, Variant); 3] = [
        (1, xavier_constant::<1>),
        (3, xavier_constant::<3>),
        (4, xavier_constant::<4>),
    ];
    for (k, f) in constants {
        list.push(variant(
            "8.1",
            format!("√({k}/(n_in + n_out))"),
            eight(with!(a, xavier_std = f)),
        ));
    }
    let offsets: [(usize, Variant); 2] = [(1, he_off_by::<1>), (2, he_off_by::<2>)];
    for (k, f) in offsets {
        list.push(variant(
            "8.2",
            format!("√(2/(n_in + {k}))"),
            eight(with!(a, he_std = f)),
        ));
    }
    list
}
