//! Chapter 6's exercises: the convolution's forward pass ('valid', cross-correlation as every
//! library computes it), its input gradient and its kernel gradient. Expected values: chapter
//! 6's `Conv2d` (im2col), its `input_gradient_by_full_convolution`, and for the gradient
//! checks its `conv2d_direct`, the definition as four nested sums.

use ch03_relu_xor::Layer;
use ch06_conv_saliency::conv::{conv2d_direct, input_gradient_by_full_convolution};
use ch06_conv_saliency::{Conv2d, Padding};
use ndarray::{Array1, Array4};
use nn_core::gradcheck::{check_gradient, check_vjp};

use super::{random4, random_vector, Images, Vector};
use crate::diagnose::{compare, Hint};
use crate::grade::{Chapter, Exercise};

/// The functions a reader writes for chapter 6.
#[derive(Clone, Copy)]
pub struct Candidate {
    pub conv2d: fn(&Images, &Images, &Vector) -> Images,
    pub conv2d_input_gradient: fn(&Images, &Images, &Images) -> Images,
    pub conv2d_kernel_gradient: fn(&Images, &Images, &Images) -> Images,
}

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

pub fn chapter(c: Candidate) -> Chapter {
    Chapter {
        number: 6,
        title: "Convolution and saliency maps",
        file: "practice/src/exercises/ch06.rs",
        exercises: vec![
            Exercise::new(
                "6.1",
                "conv2d",
                "the convolution's forward pass, 'valid'",
                "Y[b, o, y, x] = b[o] + Σ_{i, u, v} K[o, i, u, v]·X[b, i, y + u, x + v] (no flip, no padding): X (batch, in, H, W), K (out, in, k_h, k_w), b (out,) -> (batch, out, H − k_h + 1, W − k_w + 1)",
                move || {
                    for k in 0..SHAPES.len() {
                        let (x, kernel, b, _) = case(k);
                        let mut conv = Conv2d::new(kernel.clone(), b.clone(), Padding::Valid);
                        let mut true_convolution = Conv2d::new(flipped(&kernel), b.clone(), Padding::Valid);
                        let mut without_bias = Conv2d::new(kernel.clone(), Array1::zeros(b.len()), Padding::Valid);
                        compare(
                            format!("conv2d for {}", shapes(&x, &kernel)),
                            conv.forward(&x),
                            (c.conv2d)(&x, &kernel, &b),
                        )
                        .known(true_convolution.forward(&x), Hint::FlippedKernel)
                        .known(without_bias.forward(&x), Hint::MissingBias)
                        .check()?;
                    }
                    Ok(())
                },
            ),
            Exercise::new(
                "6.2",
                "conv2d_input_gradient",
                "the convolution's input gradient ∂L/∂X",
                "∂L/∂X[b, i, p, q] = Σ_{o, u, v} K[o, i, u, v]·G[b, o, p − u, q − v] (G zero outside): the full correlation of G with the kernel rotated by 180° -> (batch, in, H, W)",
                move || {
                    for k in 0..SHAPES.len() {
                        let (x, kernel, b, g) = case(k);
                        let (_, _, h, w) = x.dim();
                        let mut conv = Conv2d::new(kernel.clone(), b.clone(), Padding::Valid);
                        conv.forward(&x);
                        let got = (c.conv2d_input_gradient)(&x, &kernel, &g);
                        // The chapter's full convolution rotates the kernel it is given: handing
                        // it the flipped kernel gives the full correlation with K unrotated.
                        let unrotated = input_gradient_by_full_convolution(&g, &flipped(&kernel), Padding::Valid, (h, w));
                        compare(
                            format!("conv2d_input_gradient for {}, G {:?}", shapes(&x, &kernel), g.dim()),
                            conv.backward_input(&g),
                            got.clone(),
                        )
                        .known(unrotated, Hint::FlippedKernel)
                        .check()
                        .map_err(|m| {
                            let f = |x: &Array4<f64>| conv2d_direct(x, &kernel, &b, Padding::Valid);
                            m.or_gradient_check(|| check_vjp(f, &x, &g, &got))
                        })?;
                    }
                    Ok(())
                },
            ),
            Exercise::new(
                "6.3",
                "conv2d_kernel_gradient",
                "the convolution's kernel gradient ∂L/∂K",
                "∂L/∂K[o, i, u, v] = Σ_{b, y, x} G[b, o, y, x]·X[b, i, y + u, x + v], summed over the batch -> (out, in, k_h, k_w)",
                move || {
                    for k in 0..SHAPES.len() {
                        let (x, kernel, b, g) = case(k);
                        let mut conv = Conv2d::new(kernel.clone(), b.clone(), Padding::Valid);
                        conv.forward(&x);
                        conv.backward(&g);
                        let got = (c.conv2d_kernel_gradient)(&x, &kernel, &g);
                        compare(
                            format!("conv2d_kernel_gradient for {}, G {:?}", shapes(&x, &kernel), g.dim()),
                            conv.grad_kernel.clone(),
                            got.clone(),
                        )
                        .mean_over(x.dim().0)
                        .known(flipped(&conv.grad_kernel), Hint::FlippedKernel)
                        .check()
                        .map_err(|m| {
                            let loss = |k: &Array4<f64>| (conv2d_direct(&x, k, &b, Padding::Valid) * &g).sum();
                            m.or_gradient_check(|| check_gradient(loss, &kernel, &got))
                        })?;
                    }
                    Ok(())
                },
            ),
        ],
    }
}
