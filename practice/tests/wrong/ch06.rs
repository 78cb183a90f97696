//! Wrong answers to chapter 6's exercises.

use ndarray::{s, Array1, Array4};

use super::super::answer_ch06 as right;

/// The kernel rotated by 180° in its two spatial axes.
fn flip(kernel: &Array4<f64>) -> Array4<f64> {
    kernel.slice(s![.., .., ..;-1, ..;-1]).to_owned()
}

/// 6.1 as the textbook convolution: the kernel flipped, x[b, i, r − u, s − v].
pub fn conv2d_flipped(x: &Array4<f64>, kernel: &Array4<f64>, bias: &Array1<f64>) -> Array4<f64> {
    right::conv2d(x, &flip(kernel), bias)
}

/// 6.1 without the bias.
pub fn conv2d_without_bias(
    x: &Array4<f64>,
    kernel: &Array4<f64>,
    bias: &Array1<f64>,
) -> Array4<f64> {
    right::conv2d(x, kernel, &Array1::zeros(bias.len()))
}

/// 6.2 as the full correlation of G with the kernel as it is, not rotated.
pub fn input_gradient_unrotated(
    x: &Array4<f64>,
    kernel: &Array4<f64>,
    g: &Array4<f64>,
) -> Array4<f64> {
    right::conv2d_input_gradient(x, &flip(kernel), g)
}

/// 6.2 from the first filter only: the sum over the output channels forgotten.
pub fn input_gradient_first_filter(
    x: &Array4<f64>,
    kernel: &Array4<f64>,
    g: &Array4<f64>,
) -> Array4<f64> {
    let first = |a: &Array4<f64>| a.slice(s![.., 0..1, .., ..]).to_owned();
    let kernel = kernel.slice(s![0..1, .., .., ..]).to_owned();
    right::conv2d_input_gradient(x, &kernel, &first(g))
}

/// 6.3 averaged over the batch, though G already carries the loss's 1/batch.
pub fn kernel_gradient_averaged(
    x: &Array4<f64>,
    kernel: &Array4<f64>,
    g: &Array4<f64>,
) -> Array4<f64> {
    right::conv2d_kernel_gradient(x, kernel, g) / x.dim().0 as f64
}

/// 6.3 for the flipped kernel: x[b, i, r + k_h − 1 − u, s + k_w − 1 − v].
pub fn kernel_gradient_flipped(
    x: &Array4<f64>,
    kernel: &Array4<f64>,
    g: &Array4<f64>,
) -> Array4<f64> {
    flip(&right::conv2d_kernel_gradient(x, kernel, g))
}
