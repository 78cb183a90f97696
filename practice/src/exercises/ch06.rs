//! Chapter 6's exercises: replace each `todo!(…)` with your code, save, and run
//! `cargo run -p practice -- 6` (or leave `cargo run -p practice -- 6 --watch` running).
//! The answers, if you are stuck: practice/answers/ch06.rs.
//!
//! Shapes, as the chapter's `Conv2d`: input x (batch, in, H, W), kernel (out, in, k_h, k_w),
//! bias (out,), output and upstream gradient g (batch, out, H − k_h + 1, W − k_w + 1): stride
//! 1, 'valid' padding (no padding: only positions where the kernel fits).

use ndarray::{Array1, Array4};

/// Exercise 6.1: the convolution's forward pass, 'valid', as every deep-learning library
/// computes it (a cross-correlation: the kernel is not flipped):
/// y[b, o, r, s] = bias[o] + Σ_{i, u, v} kernel[o, i, u, v] · x[b, i, r + u, s + v].
pub fn conv2d(x: &Array4<f64>, kernel: &Array4<f64>, bias: &Array1<f64>) -> Array4<f64> {
    todo!("exercise 6.1: the convolution's forward pass")
}

/// Exercise 6.2: the input gradient ∂L/∂X (batch, in, H, W) of 6.1's convolution, given its
/// input x (for the shape), the kernel and the upstream gradient g = ∂L/∂Y. Each output
/// y[b, o, r, s] took the window x[b, .., r..r + k_h, s..s + k_w] times kernel[o]: send
/// g[b, o, r, s]·kernel[o] back onto that window (equivalently: the 'full' correlation of g
/// with the kernel rotated by 180°).
pub fn conv2d_input_gradient(
    x: &Array4<f64>,
    kernel: &Array4<f64>,
    g: &Array4<f64>,
) -> Array4<f64> {
    todo!("exercise 6.2: the convolution's input gradient")
}

/// Exercise 6.3: the kernel gradient ∂L/∂K (out, in, k_h, k_w) of 6.1's convolution, given
/// its input x, the kernel (for the shape) and the upstream gradient g = ∂L/∂Y:
/// ∂L/∂K[o, i, u, v] = Σ_{b, r, s} g[b, o, r, s] · x[b, i, r + u, s + v], summed over the
/// batch (g already carries the loss's 1/batch).
pub fn conv2d_kernel_gradient(
    x: &Array4<f64>,
    kernel: &Array4<f64>,
    g: &Array4<f64>,
) -> Array4<f64> {
    todo!("exercise 6.3: the convolution's kernel gradient")
}
