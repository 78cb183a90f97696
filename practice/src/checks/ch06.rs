//! Chapter 6's exercises: the convolution's forward pass ('valid', cross-correlation as every
//! library computes it), its input gradient and its kernel gradient. Expected values: chapter
//! 6's `Conv2d` (im2col), its `input_gradient_by_full_convolution`, and for the gradient
//! checks its `conv2d_direct`, the definition as four nested sums.

use ch03_relu_xor::Layer;
use ch06_conv_saliency::conv::{conv2d_direct, input_gradient_by_full_convolution};
use ch06_conv_saliency::{Conv2d, Padding};
use ndarray::{s, Array1, Array4};
use nn_core::gradcheck::{check_gradient, check_vjp};

use super::{random4, random_vector, Images, Vector};
use crate::diagnose::{compare, Hint, Mismatch};

exercises! { $ bind_ch06, ch06: 6, "Convolution and saliency maps";
    "6.1" conv2d(&Images, &Images, &Vector) -> Images,
        "the convolution's forward pass, 'valid'",
        "Y[b, o, y, x] = b[o] + Σ_{i, u, v} K[o, i, u, v]·X[b, i, y + u, x + v] (no flip, no padding): X (batch, in, H, W), K (out, in, k_h, k_w), b (out,) -> (batch, out, H − k_h + 1, W − k_w + 1)",
        check_forward;
    "6.2" conv2d_input_gradient(&Images, &Images, &Images) -> Images,
        "the convolution's input gradient ∂L/∂X",
        "∂L/∂X[b, i, p, q] = Σ_{o, u, v} K[o, i, u, v]·G[b, o, p − u, q − v] (G zero outside): the full correlation of G with the kernel rotated by 180° -> (batch, in, H, W)",
        check_input_gradient;
    "6.3" conv2d_kernel_gradient(&Images, &Images, &Images) -> Images,
        "the convolution's kernel gradient ∂L/∂K",
        "∂L/∂K[o, i, u, v] = Σ_{b, y, x} G[b, o, y, x]·X[b, i, y + u, x + v], summed over the batch -> (out, in, k_h, k_w)",
        check_kernel_gradient;
}

/// 6.1–6.3: the kernel rotated by 180° where it is not, or not where it is.
pub const FLIPPED_KERNEL: &str = "that is the result with the kernel rotated by 180°: the forward pass is a cross-correlation, K[o, i, u, v] meets X[b, i, y + u, x + v] (no flip, as in every library), and its input gradient is the full correlation of G with the rotated kernel — check which of the two carries the rotation";
/// 6.1: no bias.
pub const MISSING_BIAS: &str = "the bias is missing: add b[o] to every position of filter o's map";
/// 6.1: the output one position short in each direction.
pub const OUTPUT_ONE_SHORT: &str = "the output is one row and one column short: a 'valid' pass has H − k_h + 1 positions down (y = 0, …, H − k_h: the kernel's last row on the image's last row), not H − k_h";
/// 6.1: the last row and column of each map never computed.
pub const LAST_POSITIONS: &str = "wrong only in the last row or column of each output map: y runs over 0..=H − k_h (H − k_h + 1 positions), so the loop's end is off by one";
/// 6.1: the input channels not summed.
pub const ONE_INPUT_CHANNEL: &str = "only input channel 0 is summed: each output sums over every input channel i as well as over the kernel's u and v";
/// 6.2: the output channels not summed.
pub const ONE_FILTER: &str = "that is the gradient through filter 0 alone: every filter o reads every input pixel, so ∂L/∂X sums over o as well";
/// 6.2: the positions near the border left out.
pub const BORDER_MISSED: &str = "wrong only within k − 1 pixels of the image's border: there fewer windows cover a pixel — the full correlation pads G with k − 1 zeros on every side (G is 0 outside), so every pixel gets the windows that do cover it";
/// 6.3: the last row and column of G left out.
pub const LAST_OUTPUT_SKIPPED: &str = "the sum leaves out the last row and column of G: y and x run over all H − k_h + 1 and W − k_w + 1 output positions";

type Shape4 = (usize, usize, usize, usize);

/// Input X (batch, in, H, W) and kernel K (out, in, k_h, k_w): a batch of 3 with a
/// non-square kernel and image, one image with one channel, a square case.
const SHAPES: [(Shape4, Shape4); 3] = [
    ((3, 3, 6, 5), (4, 3, 3, 2)),
    ((1, 1, 4, 4), (1, 1, 2, 2)),
    ((2, 2, 5, 5), (2, 2, 3, 3)),
];

/// X, K, b (out,) and an upstream gradient G (batch, out, H′, W′), 'valid'.
fn case(k: usize) -> (Array4<f64>, Array4<f64>, Array1<f64>, Array4<f64>) {
    let (x_shape, k_shape) = SHAPES[k];
    let seed = 600 + 4 * k as u64;
    let (n, _, h, w) = x_shape;
    let (out, _, kh, kw) = k_shape;
    (
        random4(x_shape, seed, 1.0),
        random4(k_shape, seed + 1, 1.0),
        random_vector(out, seed + 2, 1.0),
        random4((n, out, h + 1 - kh, w + 1 - kw), seed + 3, 1.0),
    )
}

/// The kernel rotated by 180° in (u, v): what turns a cross-correlation into a true convolution.
fn flipped(kernel: &Array4<f64>) -> Array4<f64> {
    let (_, _, kh, kw) = kernel.dim();
    Array4::from_shape_fn(kernel.dim(), |(o, i, u, v)| {
        kernel[[o, i, kh - 1 - u, kw - 1 - v]]
    })
}

fn shapes(x: &Array4<f64>, kernel: &Array4<f64>) -> String {
    format!("X {:?}, K {:?}", x.dim(), kernel.dim())
}

/// The chapter's layer, after a forward pass on `x`.
fn layer(x: &Array4<f64>, kernel: &Array4<f64>, b: &Array1<f64>) -> Conv2d {
    let mut conv = Conv2d::new(kernel.clone(), b.clone(), Padding::Valid);
    conv.forward(x);
    conv
}

/// The positions of maps of `shape` (batch, channels, h, w) in their last row or column.
fn last_row_or_column(shape: Shape4) -> ndarray::Array4<bool> {
    let (_, _, h, w) = shape;
    Array4::from_shape_fn(shape, |(_, _, y, x)| y + 1 == h || x + 1 == w)
}

fn check_forward(c: Candidate) -> Result<(), Mismatch> {
    for k in 0..SHAPES.len() {
        let (x, kernel, b, _) = case(k);
        let expected = Conv2d::new(kernel.clone(), b.clone(), Padding::Valid).forward(&x);
        let got = (c.conv2d)(&x, &kernel, &b);
        let true_convolution = Conv2d::new(flipped(&kernel), b.clone(), Padding::Valid).forward(&x);
        let without_bias =
            Conv2d::new(kernel.clone(), Array1::zeros(b.len()), Padding::Valid).forward(&x);
        let one_channel = Conv2d::new(
            kernel.slice(s![.., 0..1, .., ..]).to_owned(),
            b.clone(),
            Padding::Valid,
        )
        .forward(&x.slice(s![.., 0..1, .., ..]).to_owned());
        let (_, _, oh, ow) = expected.dim();
        let short = expected.slice(s![.., .., ..oh - 1, ..ow - 1]).to_owned();
        let mut comparison = compare(
            format!("conv2d for {}", shapes(&x, &kernel)),
            expected.clone(),
            got,
        )
        .known(true_convolution, Hint::Mistake(FLIPPED_KERNEL))
        .known(without_bias, Hint::Mistake(MISSING_BIAS))
        .known(short, Hint::Mistake(OUTPUT_ONE_SHORT))
        .only_where(
            last_row_or_column(expected.dim()),
            Hint::Mistake(LAST_POSITIONS),
        )
        .per(1, "output channel");
        if x.dim().1 > 1 {
            comparison = comparison.known(one_channel, Hint::Mistake(ONE_INPUT_CHANNEL));
        }
        comparison.check()?;
    }
    Ok(())
}

fn check_input_gradient(c: Candidate) -> Result<(), Mismatch> {
    for k in 0..SHAPES.len() {
        let (x, kernel, b, g) = case(k);
        let (_, _, h, w) = x.dim();
        let (out, _, kh, kw) = kernel.dim();
        let conv = layer(&x, &kernel, &b);
        let got = (c.conv2d_input_gradient)(&x, &kernel, &g);
        // The chapter's full convolution rotates the kernel it is given: handing it the
        // flipped kernel gives the full correlation with K unrotated.
        let unrotated =
            input_gradient_by_full_convolution(&g, &flipped(&kernel), Padding::Valid, (h, w));
        let first = |a: &Array4<f64>| a.slice(s![.., 0..1, .., ..]).to_owned();
        let one_filter = input_gradient_by_full_convolution(
            &first(&g),
            &kernel.slice(s![0..1, .., .., ..]).to_owned(),
            Padding::Valid,
            (h, w),
        );
        let border = Array4::from_shape_fn(x.dim(), |(_, _, p, q)| {
            p < kh - 1 || p + kh > h || q < kw - 1 || q + kw > w
        });
        let mut comparison = compare(
            format!(
                "conv2d_input_gradient for {}, G {:?}",
                shapes(&x, &kernel),
                g.dim()
            ),
            conv.backward_input(&g),
            got.clone(),
        )
        .known(unrotated, Hint::Mistake(FLIPPED_KERNEL))
        .only_where(border, Hint::Mistake(BORDER_MISSED))
        .per(1, "input channel");
        if out > 1 {
            comparison = comparison.known(one_filter, Hint::Mistake(ONE_FILTER));
        }
        comparison.check().map_err(|m| {
            let f = |x: &Array4<f64>| conv2d_direct(x, &kernel, &b, Padding::Valid);
            m.or_gradient_check(x.shape(), || check_vjp(f, &x, &g, &got))
        })?;
    }
    Ok(())
}

fn check_kernel_gradient(c: Candidate) -> Result<(), Mismatch> {
    for k in 0..SHAPES.len() {
        let (x, kernel, b, g) = case(k);
        let mut conv = layer(&x, &kernel, &b);
        conv.backward(&g);
        let expected = conv.grad_kernel.clone();
        let mut cut = g.clone();
        let (_, _, oh, ow) = g.dim();
        cut.slice_mut(s![.., .., oh - 1, ..]).fill(0.0);
        cut.slice_mut(s![.., .., .., ow - 1]).fill(0.0);
        let mut short = layer(&x, &kernel, &b);
        short.backward(&cut);
        let got = (c.conv2d_kernel_gradient)(&x, &kernel, &g);
        compare(
            format!(
                "conv2d_kernel_gradient for {}, G {:?}",
                shapes(&x, &kernel),
                g.dim()
            ),
            expected.clone(),
            got.clone(),
        )
        .mean_over(x.dim().0, "images in the batch")
        .known(flipped(&expected), Hint::Mistake(FLIPPED_KERNEL))
        .known(
            short.grad_kernel.clone(),
            Hint::Mistake(LAST_OUTPUT_SKIPPED),
        )
        .per(0, "filter")
        .check()
        .map_err(|m| {
            let loss = |k: &Array4<f64>| (conv2d_direct(&x, k, &b, Padding::Valid) * &g).sum();
            m.or_gradient_check(kernel.shape(), || check_gradient(loss, &kernel, &got))
        })?;
    }
    Ok(())
}
