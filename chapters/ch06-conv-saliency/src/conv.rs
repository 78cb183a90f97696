//! 2-D convolution, stride 1, 'same' or 'valid' padding, several channels and filters.
//!
//! Shapes: input X (batch, in, H, W); kernel K (out, in, k_h, k_w); bias b (out,); output
//! Y (batch, out, H′, W′) with H′ = H, W′ = W for 'same' and H − k_h + 1, W − k_w + 1 for
//! 'valid'. (Like every deep-learning library, "convolution" here is cross-correlation: the
//! kernel is not flipped.)
//!
//! Y[b, o, y, x] = b[o] + Σ_{i, u, v} K[o, i, u, v] · X̃[b, i, y + u, x + v], X̃ the padded input.
//!
//! **im2col.** Copy every k_h × k_w patch of X̃ (all channels) into one column of a matrix C:
//! (in·k_h·k_w, batch·H′·W′). Then the convolution is one matrix product, Y = K·C with K
//! flattened to (out, in·k_h·k_w). Backward, for G = ∂L/∂Y as (out, batch·H′·W′):
//!
//! - ∂L/∂K = G·Cᵀ   (out, batch·H′·W′)·(batch·H′·W′, in·k_h·k_w)
//! - ∂L/∂C = Kᵀ·G   then **col2im** adds every column back onto the patch it came from: ∂L/∂X.
//!
//! Built row by row, C is simple: its row for kernel weight (i, u, v) is channel i of X̃
//! shifted by (u, v), one block copy per weight.
//!
//! ```
//! use ndarray::{Array1, Array4};
//! use ch06_conv_saliency::{Conv2d, Layer, Padding};
//! // A 3×3 filter of ones on a 4×4 image of ones, 'same': each output counts its neighbours.
//! let mut conv = Conv2d::new(Array4::ones((1, 1, 3, 3)), Array1::zeros(1), Padding::Same);
//! let y = conv.forward(&Array4::ones((1, 1, 4, 4)));
//! assert_eq!(y[[0, 0, 0, 0]], 4.0); // a corner sees 2×2 pixels
//! assert_eq!(y[[0, 0, 1, 1]], 9.0); // an inner pixel sees 3×3
//! ```

use ch03_relu_xor::{Layer, Param};
use ndarray::{s, Array1, Array2, Array4, Axis, CowArray, Ix2, Ix4};

/// How the border is handled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Padding {
    /// Zero-pad so the output has the input's size (TensorFlow's split: the extra row or
    /// column of an even kernel goes at the bottom and right).
    Same,
    /// No padding: only positions where the kernel fits entirely.
    Valid,
}

impl Padding {
    /// (before, after) zero rows or columns for a kernel of size k.
    pub fn pads(self, k: usize) -> (usize, usize) {
        match self {
            Padding::Same => ((k - 1) / 2, k - 1 - (k - 1) / 2),
            Padding::Valid => (0, 0),
        }
    }
}

// ANCHOR: conv
/// A convolution layer; caches the patch matrix of its input for the backward pass.
#[derive(Clone, Debug)]
pub struct Conv2d {
    /// (out, in, k_h, k_w)
    pub kernel: Array4<f64>,
    /// (out,)
    pub bias: Array1<f64>,
    pub padding: Padding,
    /// ∂L/∂K and ∂L/∂b from the last backward pass.
    pub grad_kernel: Array4<f64>,
    pub grad_bias: Array1<f64>,
    cache: Option<(Array2<f64>, [usize; 4])>, // (patch matrix C, input shape)
}

impl Conv2d {
    pub fn new(kernel: Array4<f64>, bias: Array1<f64>, padding: Padding) -> Self {
        assert_eq!(
            kernel.dim().0,
            bias.len(),
            "conv2d: kernel {:?} with {} biases",
            kernel.dim(),
            bias.len()
        );
        // Any memory layout is accepted (a permuted array, say); stored row by row, the kernel
        // is read by the products without a copy.
        let kernel = kernel.as_standard_layout().into_owned();
        Conv2d {
            grad_kernel: Array4::zeros(kernel.raw_dim()),
            grad_bias: Array1::zeros(bias.len()),
            kernel,
            bias,
            padding,
            cache: None,
        }
    }

    /// The output's height and width for an input of height h and width w.
    pub fn output_size(&self, h: usize, w: usize) -> (usize, usize) {
        let (_, _, kh, kw) = self.kernel.dim();
        let (ph, pw) = (self.padding.pads(kh), self.padding.pads(kw));
        (h + ph.0 + ph.1 + 1 - kh, w + pw.0 + pw.1 + 1 - kw)
    }

    /// The output for a batch, and the patch matrix it was computed from.
    fn convolve(&self, x: &Array4<f64>) -> (Array4<f64>, Array2<f64>) {
        let (n, c, h, w) = x.dim();
        let (out, cin, _, _) = self.kernel.dim();
        assert_eq!(
            c, cin,
            "conv2d: input has {c} channels, the kernel expects {cin}"
        );
        let (oh, ow) = self.output_size(h, w);
        let columns = self.im2col(x); // (c·kh·kw, n·oh·ow)
        let k = self.kernel_matrix();
        // (out, c·kh·kw)·(c·kh·kw, n·oh·ow): rows are filters, columns are (b, y, x)
        let y = k.dot(&columns) + self.bias.view().insert_axis(Axis(1));
        // to (b, out, y, x)
        let y = y
            .into_shape_with_order((out, n, oh, ow))
            .expect("n·oh·ow columns")
            .permuted_axes([1, 0, 2, 3])
            .as_standard_layout()
            .into_owned();
        (y, columns)
    }

    /// K flattened for the products, (out, in·k_h·k_w): a view of the kernel, or a copy of
    /// one stored in another memory layout (`new` stores it row by row; a kernel assigned to
    /// the field later, a permuted array say, may not be).
    fn kernel_matrix(&self) -> CowArray<'_, f64, Ix2> {
        let (out, cin, kh, kw) = self.kernel.dim();
        let k = self.kernel.to_shape((out, cin * kh * kw));
        k.expect("out·in·k_h·k_w weights")
    }

    /// Returns ∂L/∂X = col2im(Kᵀ·G) only (a saliency map needs no parameter gradient).
    pub fn backward_input(&self, grad_output: &Array4<f64>) -> Array4<f64> {
        let (_, shape) = self
            .cache
            .as_ref()
            .expect("Conv2d::backward called before forward");
        let k = self.kernel_matrix();
        let grad_columns = k.t().dot(&filter_rows(grad_output)); // (c·kh·kw, out)·(out, n·oh·ow)
        let grad_columns = grad_columns.as_standard_layout().into_owned(); // col2im reads whole rows
        self.col2im(&grad_columns, *shape)
    }
    // ANCHOR_END: conv

    // ANCHOR: im2col
    /// The patch matrix, one row per kernel weight (channel i, offset u, v) and one column per
    /// output position (b, y, x): row (i, u, v) is channel i of the padded input shifted by
    /// (u, v) — the pixel that weight multiplies at each position. (c·kh·kw, n·oh·ow).
    fn im2col(&self, x: &Array4<f64>) -> Array2<f64> {
        let (n, c, h, w) = x.dim();
        let (_, _, kh, kw) = self.kernel.dim();
        let (oh, ow) = self.output_size(h, w);
        let padded = pad(x, kh, kw, self.padding);
        let mut columns = Array2::zeros((c * kh * kw, n * oh * ow));
        for i in 0..c {
            for u in 0..kh {
                for v in 0..kw {
                    let shifted = padded.slice(s![.., i, u..u + oh, v..v + ow]); // (n, oh, ow)
                    let row = columns.row_mut((i * kh + u) * kw + v);
                    row.into_shape_with_order((n, oh, ow))
                        .expect("a row is contiguous")
                        .assign(&shifted);
                }
            }
        }
        columns
    }

    /// The adjoint of im2col: adds each row back onto the shifted window it was copied from.
    fn col2im(&self, columns: &Array2<f64>, [n, c, h, w]: [usize; 4]) -> Array4<f64> {
        let (_, _, kh, kw) = self.kernel.dim();
        let ((top, bottom), (left, right)) = (self.padding.pads(kh), self.padding.pads(kw));
        let (oh, ow) = self.output_size(h, w);
        let mut padded = Array4::zeros((n, c, h + top + bottom, w + left + right));
        for i in 0..c {
            for u in 0..kh {
                for v in 0..kw {
                    let row = columns.row((i * kh + u) * kw + v);
                    let row = row
                        .into_shape_with_order((n, oh, ow))
                        .expect("a row is contiguous");
                    let mut window = padded.slice_mut(s![.., i, u..u + oh, v..v + ow]);
                    window += &row;
                }
            }
        }
        padded
            .slice(s![.., .., top..top + h, left..left + w])
            .to_owned()
    }
    // ANCHOR_END: im2col
}

// ANCHOR: conv_layer
/// The convolution is a layer whose batches are images: `Layer<Ix4>`.
impl Layer<Ix4> for Conv2d {
    /// Y = conv(X, K) + b: (batch, in, H, W) -> (batch, out, H′, W′).
    fn infer(&self, x: &Array4<f64>) -> Array4<f64> {
        self.convolve(x).0
    }

    /// The same, keeping the patch matrix C for ∂L/∂K = G·Cᵀ.
    fn forward(&mut self, x: &Array4<f64>) -> Array4<f64> {
        let (y, columns) = self.convolve(x);
        let (n, c, h, w) = x.dim();
        self.cache = Some((columns, [n, c, h, w]));
        y
    }

    /// Given G = ∂L/∂Y (batch, out, H′, W′): keeps ∂L/∂K and ∂L/∂b, returns ∂L/∂X.
    fn backward(&mut self, grad_output: &Array4<f64>) -> Array4<f64> {
        self.backward_params(grad_output);
        self.backward_input(grad_output)
    }

    /// Stores ∂L/∂K = G·Cᵀ and ∂L/∂b = Σ G only (training a first layer: its input is the data).
    fn backward_params(&mut self, grad_output: &Array4<f64>) {
        let (columns, _) = self
            .cache
            .as_ref()
            .expect("Conv2d::backward called before forward");
        let (out, cin, kh, kw) = self.kernel.dim();
        let g = filter_rows(grad_output); // (out, n·oh·ow)
        let grad_k = g.dot(&columns.t()).as_standard_layout().into_owned(); // (out, n·oh·ow)·(n·oh·ow, c·kh·kw)
        self.grad_kernel = grad_k
            .into_shape_with_order((out, cin, kh, kw))
            .expect("kernel shape");
        self.grad_bias = g.sum_axis(Axis(1));
    }

    /// The kernel, then the bias.
    fn visit_parameters(&mut self, visit: &mut dyn FnMut(Param<'_>)) {
        visit(Param::new("K", &mut self.kernel, &self.grad_kernel));
        visit(Param::new("b", &mut self.bias, &self.grad_bias));
    }
}
// ANCHOR_END: conv_layer

/// G (batch, out, H′, W′) as the matrix of the forward pass's product: a row per filter, a
/// column per (image, y, x).
fn filter_rows(grad_output: &Array4<f64>) -> Array2<f64> {
    let (n, out, oh, ow) = grad_output.dim();
    let mut rows = Array2::zeros((out, n * oh * ow));
    for (b, image) in grad_output.outer_iter().enumerate() {
        let block = s![.., b * oh * ow..(b + 1) * oh * ow];
        let image = image.to_shape((out, oh * ow)).expect("out·oh·ow values");
        rows.slice_mut(block).assign(&image);
    }
    rows
}

/// The input with its border of zeros for a k_h × k_w kernel: (batch, in, H + pads, W + pads).
pub fn pad(x: &Array4<f64>, kh: usize, kw: usize, padding: Padding) -> Array4<f64> {
    let (n, c, h, w) = x.dim();
    let ((top, bottom), (left, right)) = (padding.pads(kh), padding.pads(kw));
    let mut padded = Array4::zeros((n, c, h + top + bottom, w + left + right));
    padded
        .slice_mut(s![.., .., top..top + h, left..left + w])
        .assign(x);
    padded
}

/// The convolution written as its definition, four nested sums: the reference the tests
/// compare im2col against.
pub fn conv2d_direct(
    x: &Array4<f64>,
    kernel: &Array4<f64>,
    bias: &Array1<f64>,
    padding: Padding,
) -> Array4<f64> {
    let (n, c, _, _) = x.dim();
    let (out, _, kh, kw) = kernel.dim();
    let padded = pad(x, kh, kw, padding);
    let (oh, ow) = (padded.dim().2 + 1 - kh, padded.dim().3 + 1 - kw);
    Array4::from_shape_fn((n, out, oh, ow), |(b, o, y, xo)| {
        let mut sum = bias[o];
        for i in 0..c {
            for u in 0..kh {
                for v in 0..kw {
                    sum += kernel[[o, i, u, v]] * padded[[b, i, y + u, xo + v]];
                }
            }
        }
        sum
    })
}

// ANCHOR: full_convolution
/// ∂L/∂X written as a convolution: the 'full' convolution of G = ∂L/∂Y with the kernel rotated
/// by 180° (and its in/out channels swapped), cropped to the input's place in the padded input.
///
/// ∂L/∂X̃[b, i, p, q] = Σ_{o, u, v} K[o, i, u, v] · G[b, o, p − u, q − v] (G zero outside):
/// with u′ = k_h − 1 − u, v′ = k_w − 1 − v this is a cross-correlation of G, padded by
/// k_h − 1 and k_w − 1 zeros on every side, with K_rot[i, o, u′, v′] = K[o, i, u, v].
/// `conv2d_direct`, the forward definition, computes it. Shapes: G (batch, out, H′, W′) ->
/// (batch, in, H, W).
pub fn input_gradient_by_full_convolution(
    grad_output: &Array4<f64>,
    kernel: &Array4<f64>,
    padding: Padding,
    (h, w): (usize, usize),
) -> Array4<f64> {
    let (out, cin, kh, kw) = kernel.dim();
    // K rotated by 180° in (u, v), in and out swapped: (in, out, k_h, k_w).
    let rotated = Array4::from_shape_fn((cin, out, kh, kw), |(i, o, u, v)| {
        kernel[[o, i, kh - 1 - u, kw - 1 - v]]
    });
    // 'full': k − 1 zeros on every side of G (a 'valid' pass over the padded G).
    let (n, _, oh, ow) = grad_output.dim();
    let mut padded = Array4::zeros((n, out, oh + 2 * (kh - 1), ow + 2 * (kw - 1)));
    padded
        .slice_mut(s![.., .., kh - 1..kh - 1 + oh, kw - 1..kw - 1 + ow])
        .assign(grad_output);
    let full = conv2d_direct(&padded, &rotated, &Array1::zeros(cin), Padding::Valid); // ∂L/∂X̃
    let ((top, _), (left, _)) = (padding.pads(kh), padding.pads(kw));
    full.slice(s![.., .., top..top + h, left..left + w])
        .to_owned()
}
// ANCHOR_END: full_convolution

#[cfg(test)]
mod tests {

    #[test]
    fn the_input_gradient_is_the_full_convolution_with_the_rotated_kernel() {
        // col2im(Kᵀ·G) against the full convolution of G with K rotated by 180°, for odd and
        // even kernels (the even 'same' pads are uneven), both paddings, several channels.
        for padding in [Padding::Same, Padding::Valid] {
            for (kh, kw) in [(3, 3), (2, 2), (1, 3), (4, 3)] {
                let (x, k) = (random4((2, 3, 6, 5), 3), random4((4, 3, kh, kw), 4));
                let mut conv = Conv2d::new(k.clone(), Array1::zeros(4), padding);
                let y = conv.forward(&x);
                let g = random4(y.dim(), 5);
                let by_col2im = conv.backward_input(&g);
                let by_full = input_gradient_by_full_convolution(&g, &k, padding, (6, 5));
                assert_eq!(by_col2im.dim(), by_full.dim());
                assert!(
                    (&by_col2im - &by_full).iter().all(|d| d.abs() < 1e-12),
                    "{padding:?} {kh}×{kw}"
                );
            }
        }
    }
    use super::*;
    use nn_core::gradcheck::{check_gradient, check_vjp};
    use nn_core::rng::{rand_distr::StandardNormal, seeded, RandomExt};

    fn random4(shape: (usize, usize, usize, usize), seed: u64) -> Array4<f64> {
        Array4::random_using(shape, StandardNormal, &mut seeded(seed))
    }

    #[test]
    fn im2col_matches_the_definition() {
        for padding in [Padding::Same, Padding::Valid] {
            for (kh, kw) in [(3, 3), (2, 2), (1, 3), (4, 3)] {
                let (x, k) = (random4((2, 3, 6, 5), 1), random4((4, 3, kh, kw), 2));
                let b = Array1::from(vec![0.1, -0.2, 0.3, 0.0]);
                let fast = Conv2d::new(k.clone(), b.clone(), padding).forward(&x);
                let slow = conv2d_direct(&x, &k, &b, padding);
                assert_eq!(fast.dim(), slow.dim());
                assert!(
                    (&fast - &slow).iter().all(|d| d.abs() < 1e-12),
                    "{padding:?} {kh}×{kw}"
                );
            }
        }
    }

    #[test]
    fn a_kernel_in_any_memory_layout_gives_the_same_convolution() {
        // The same (4, 3, 3, 3) kernel stored with its axes permuted (not in row-major
        // order): `new` once took it as it was and `forward` panicked.
        let x = random4((2, 3, 6, 5), 1);
        let k = random4((4, 3, 3, 3), 2);
        let permuted = k
            .clone()
            .permuted_axes([3, 2, 1, 0])
            .as_standard_layout()
            .into_owned();
        let k_view = permuted.permuted_axes([3, 2, 1, 0]); // equal to k, not standard layout
        assert!(!k_view.is_standard_layout());
        assert_eq!(k_view, k);
        let b = Array1::from(vec![0.1, -0.2, 0.3, 0.0]);
        let expected = conv2d_direct(&x, &k, &b, Padding::Same);
        let got = Conv2d::new(k_view.clone(), b.clone(), Padding::Same).forward(&x);
        assert!((&got - &expected).iter().all(|d| d.abs() < 1e-12));
        // The same kernel assigned to the public field after `new`: forward once panicked
        // ("contiguous kernel": incompatible memory layout), and so did the backward pass.
        let mut conv = Conv2d::new(Array4::zeros(k.raw_dim()), b, Padding::Same);
        conv.kernel = k_view;
        let got = conv.forward(&x);
        assert!((&got - &expected).iter().all(|d| d.abs() < 1e-12));
        let g = random4(got.dim(), 3);
        let by_full = input_gradient_by_full_convolution(&g, &k, Padding::Same, (6, 5));
        assert!((&conv.backward(&g) - &by_full)
            .iter()
            .all(|d| d.abs() < 1e-12));
    }

    #[test]
    fn backward_passes_the_gradient_checks() {
        for padding in [Padding::Same, Padding::Valid] {
            let (x, k, g0) = (
                random4((2, 2, 5, 5), 3),
                random4((3, 2, 3, 3), 4),
                random4((2, 3, 5, 5), 5),
            );
            let b = Array1::from(vec![0.5, -0.5, 0.0]);
            let mut conv = Conv2d::new(k.clone(), b.clone(), padding);
            let y = conv.forward(&x);
            let g = g0.slice(s![.., .., ..y.dim().2, ..y.dim().3]).to_owned(); // an arbitrary upstream gradient
            let grad_x = conv.backward(&g);
            let f = |x: &Array4<f64>| conv2d_direct(x, &k, &b, padding);
            assert!(check_vjp(f, &x, &g, &grad_x).passed(), "{padding:?}: ∂L/∂X");
            let loss_k = |k: &Array4<f64>| (conv2d_direct(&x, k, &b, padding) * &g).sum();
            assert!(
                check_gradient(loss_k, &k, &conv.grad_kernel).passed(),
                "{padding:?}: ∂L/∂K"
            );
            let loss_b = |b: &Array1<f64>| (conv2d_direct(&x, &k, b, padding) * &g).sum();
            assert!(
                check_gradient(loss_b, &b, &conv.grad_bias).passed(),
                "{padding:?}: ∂L/∂b"
            );
        }
    }

    #[test]
    fn the_forum_example() {
        // 4×4 ones, 3×3 ones, 'same'; the gradient of output[1, 1] with respect to the input is
        // 1 on the 3×3 window that output reads (rows 0–2, columns 0–2) and 0 elsewhere.
        let mut conv = Conv2d::new(Array4::ones((1, 1, 3, 3)), Array1::zeros(1), Padding::Same);
        conv.forward(&Array4::ones((1, 1, 4, 4)));
        let mut upstream = Array4::zeros((1, 1, 4, 4));
        upstream[[0, 0, 1, 1]] = 1.0;
        let grad = conv.backward(&upstream);
        let expected = ndarray::array![
            [1.0, 1.0, 1.0, 0.0],
            [1.0, 1.0, 1.0, 0.0],
            [1.0, 1.0, 1.0, 0.0],
            [0.0, 0.0, 0.0, 0.0]
        ];
        assert_eq!(grad.slice(s![0, 0, .., ..]), expected);
    }
}
