//! Wrong answers to chapter 8's exercises.

/// 8.1 returning the variance.
pub fn xavier_variance(n_in: usize, n_out: usize) -> f64 {
    2.0 / (n_in + n_out) as f64
}

/// 8.1 returning the uniform distribution's limit √(6/(n_in + n_out)).
pub fn xavier_uniform_limit(n_in: usize, n_out: usize) -> f64 {
    (6.0 / (n_in + n_out) as f64).sqrt()
}

/// 8.2 with n_out for n_in (PyTorch's mode='fan_out').
pub fn he_fan_out(_n_in: usize, n_out: usize) -> f64 {
    (2.0 / n_out as f64).sqrt()
}

/// 8.2 without ReLU's factor 2 (LeCun's 1/n_in).
pub fn he_without_two(n_in: usize, _n_out: usize) -> f64 {
    (1.0 / n_in as f64).sqrt()
}

/// 8.3 without ReLU's ½: as if the inputs were z itself.
pub fn variance_without_half(n_in: usize, weight_variance: f64, variance_in: f64) -> f64 {
    n_in as f64 * weight_variance * variance_in
}

/// 8.3 for one term of the sum: no n_in.
pub fn variance_one_term(_n_in: usize, weight_variance: f64, variance_in: f64) -> f64 {
    weight_variance * variance_in / 2.0
}
