//! Answers to chapter 6's exercises (practice/src/exercises/ch06.rs). The grader's tests grade
//! these; copy one into your file only after you have tried.

use ndarray::{s, Array1, Array4};

/// 6.1: each output is the bias plus the window under the kernel times the kernel, summed.
pub fn conv2d(x: &Array4<f64>, kernel: &Array4<f64>, bias: &Array1<f64>) -> Array4<f64> {
    let (n, _, h, w) = x.dim();
    let (out, _, kh, kw) = kernel.dim();
    Array4::from_shape_fn((n, out, h + 1 - kh, w + 1 - kw), |(b, o, r, c)| {
        let window = x.slice(s![b, .., r..r + kh, c..c + kw]); // (in, k_h, k_w)
        bias[o] + (&window * &kernel.slice(s![o, .., .., ..])).sum()
    })
}

/// 6.2: every output sends its gradient, weighted by its filter, back onto its window.
pub fn conv2d_input_gradient(
    x: &Array4<f64>,
    kernel: &Array4<f64>,
    g: &Array4<f64>,
) -> Array4<f64> {
    let (_, _, kh, kw) = kernel.dim();
    let mut grad = Array4::zeros(x.raw_dim());
    for ((b, o, r, c), &gv) in g.indexed_iter() {
        grad.slice_mut(s![b, .., r..r + kh, c..c + kw])
            .scaled_add(gv, &kernel.slice(s![o, .., .., ..]));
    }
    grad
}

/// 6.3: every output adds its window, weighted by its gradient, to its filter's gradient.
pub fn conv2d_kernel_gradient(
    x: &Array4<f64>,
    kernel: &Array4<f64>,
    g: &Array4<f64>,
) -> Array4<f64> {
    let (_, _, kh, kw) = kernel.dim();
    let mut grad = Array4::zeros(kernel.raw_dim());
    for ((b, o, r, c), &gv) in g.indexed_iter() {
        grad.slice_mut(s![o, .., .., ..])
            .scaled_add(gv, &x.slice(s![b, .., r..r + kh, c..c + kw]));
    }
    grad
}
