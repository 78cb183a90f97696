//! Wrong answers to chapter 6's exercises.

use ndarray::{s, Array1, Array4};
use practice::checks::ch06::{self, *};
use practice::Hint;

use super::super::answer_ch06 as right;
use super::{gradient_check, variant, with, wrong, WrongAnswer};

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

/// 6.1 with the output H − k_h by W − k_w: one position short each way.
pub fn conv2d_one_short(x: &Array4<f64>, kernel: &Array4<f64>, bias: &Array1<f64>) -> Array4<f64> {
    let (n, _, h, w) = x.dim();
    let (out, _, kh, kw) = kernel.dim();
    Array4::from_shape_fn((n, out, h - kh, w - kw), |(b, o, r, c)| {
        let window = x.slice(s![b, .., r..r + kh, c..c + kw]);
        bias[o] + (&window * &kernel.slice(s![o, .., .., ..])).sum()
    })
}

/// 6.1 with the loops stopping one short in an output of the right size: the last row and
/// column stay 0.
pub fn conv2d_last_positions_missed(
    x: &Array4<f64>,
    kernel: &Array4<f64>,
    bias: &Array1<f64>,
) -> Array4<f64> {
    let mut y = right::conv2d(x, kernel, bias);
    let (_, _, oh, ow) = y.dim();
    y.slice_mut(s![.., .., oh - 1, ..]).fill(0.0);
    y.slice_mut(s![.., .., .., ow - 1]).fill(0.0);
    y
}

/// 6.1 summing input channel 0 only.
pub fn conv2d_one_channel(
    x: &Array4<f64>,
    kernel: &Array4<f64>,
    bias: &Array1<f64>,
) -> Array4<f64> {
    let first = |a: &Array4<f64>| a.slice(s![.., 0..1, .., ..]).to_owned();
    right::conv2d(&first(x), &first(kernel), bias)
}

/// 6.1 with b[0] for every filter.
pub fn conv2d_first_bias(x: &Array4<f64>, kernel: &Array4<f64>, bias: &Array1<f64>) -> Array4<f64> {
    right::conv2d(x, kernel, &Array1::from_elem(bias.len(), bias[0]))
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

/// 6.2 as a 'valid' correlation of G with the rotated kernel, padded back with zeros: only the
/// pixels every window covers are right.
pub fn input_gradient_interior_only(
    x: &Array4<f64>,
    kernel: &Array4<f64>,
    g: &Array4<f64>,
) -> Array4<f64> {
    let (_, _, h, w) = x.dim();
    let (_, _, kh, kw) = kernel.dim();
    let mut grad = right::conv2d_input_gradient(x, kernel, g);
    for ((_, _, p, q), v) in grad.indexed_iter_mut() {
        if p < kh - 1 || p + kh > h || q < kw - 1 || q + kw > w {
            *v = 0.0;
        }
    }
    grad
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

/// 6.3 with the loops over G's positions one short.
pub fn kernel_gradient_last_skipped(
    x: &Array4<f64>,
    kernel: &Array4<f64>,
    g: &Array4<f64>,
) -> Array4<f64> {
    let mut cut = g.clone();
    let (_, _, oh, ow) = g.dim();
    cut.slice_mut(s![.., .., oh - 1, ..]).fill(0.0);
    cut.slice_mut(s![.., .., .., ow - 1]).fill(0.0);
    right::conv2d_kernel_gradient(x, kernel, &cut)
}

/// 6.3 from the batch's first image only.
pub fn kernel_gradient_first_image(
    x: &Array4<f64>,
    kernel: &Array4<f64>,
    g: &Array4<f64>,
) -> Array4<f64> {
    let first = |a: &Array4<f64>| a.slice(s![0..1, .., .., ..]).to_owned();
    right::conv2d_kernel_gradient(&first(x), kernel, &first(g))
}

/// 6.1, generated: the window offset by one, X[b, i, y + u + K, x + v] (clamped inside).
fn conv2d_offset<const K: usize>(
    x: &Array4<f64>,
    kernel: &Array4<f64>,
    bias: &Array1<f64>,
) -> Array4<f64> {
    let (n, _, h, w) = x.dim();
    let (out, _, kh, kw) = kernel.dim();
    Array4::from_shape_fn((n, out, h + 1 - kh, w + 1 - kw), |(b, o, r, c)| {
        let r = (r + K).min(h - kh);
        let window = x.slice(s![b, .., r..r + kh, c..c + kw]);
        bias[o] + (&window * &kernel.slice(s![o, .., .., ..])).sum()
    })
}

/// 6.1, generated: the kernel flipped in one axis only.
fn conv2d_flip_rows(x: &Array4<f64>, kernel: &Array4<f64>, bias: &Array1<f64>) -> Array4<f64> {
    right::conv2d(x, &kernel.slice(s![.., .., ..;-1, ..]).to_owned(), bias)
}

fn conv2d_flip_columns(x: &Array4<f64>, kernel: &Array4<f64>, bias: &Array1<f64>) -> Array4<f64> {
    right::conv2d(x, &kernel.slice(s![.., .., .., ..;-1]).to_owned(), bias)
}

pub fn wrong_answers() -> Vec<WrongAnswer> {
    let a = practice::bind_ch06!(super::super::answer_ch06);
    let six = ch06::chapter;
    let mut list = vec![
        wrong(
            "6.1",
            "the kernel flipped (a true convolution)",
            six(with!(a, conv2d = conv2d_flipped)),
            Hint::Mistake(FLIPPED_KERNEL),
        ),
        wrong(
            "6.1",
            "without the bias",
            six(with!(a, conv2d = conv2d_without_bias)),
            Hint::Mistake(MISSING_BIAS),
        ),
        wrong(
            "6.1",
            "H − k_h positions",
            six(with!(a, conv2d = conv2d_one_short)),
            Hint::Mistake(OUTPUT_ONE_SHORT),
        ),
        wrong(
            "6.1",
            "the loops one short",
            six(with!(a, conv2d = conv2d_last_positions_missed)),
            Hint::Mistake(LAST_POSITIONS),
        ),
        wrong(
            "6.1",
            "input channel 0 only",
            six(with!(a, conv2d = conv2d_one_channel)),
            Hint::Mistake(ONE_INPUT_CHANNEL),
        ),
        wrong(
            "6.1",
            "b[0] for every filter",
            six(with!(a, conv2d = conv2d_first_bias)),
            Hint::OffsetPer {
                what: "output channel",
            },
        ),
        wrong(
            "6.2",
            "full correlation with the kernel unrotated",
            six(with!(a, conv2d_input_gradient = input_gradient_unrotated)),
            Hint::Mistake(FLIPPED_KERNEL),
        ),
        wrong(
            "6.2",
            "the first filter only",
            six(with!(
                a,
                conv2d_input_gradient = input_gradient_first_filter
            )),
            Hint::Mistake(ONE_FILTER),
        ),
        wrong(
            "6.2",
            "the border left out",
            six(with!(
                a,
                conv2d_input_gradient = input_gradient_interior_only
            )),
            Hint::Mistake(BORDER_MISSED),
        ),
        wrong(
            "6.3",
            "averaged over the batch",
            six(with!(a, conv2d_kernel_gradient = kernel_gradient_averaged)),
            Hint::ExtraOneOverN { n: 3 },
        ),
        wrong(
            "6.3",
            "for the flipped kernel",
            six(with!(a, conv2d_kernel_gradient = kernel_gradient_flipped)),
            Hint::Mistake(FLIPPED_KERNEL),
        ),
        wrong(
            "6.3",
            "G's last row and column skipped",
            six(with!(
                a,
                conv2d_kernel_gradient = kernel_gradient_last_skipped
            )),
            Hint::Mistake(LAST_OUTPUT_SKIPPED),
        ),
        wrong(
            "6.3",
            "the first image only",
            six(with!(
                a,
                conv2d_kernel_gradient = kernel_gradient_first_image
            )),
            gradient_check(),
        ),
    ];
    type Variant = fn(&Array4<f64>, &Array4<f64>, &Array1<f64>) -> Array4<f64>;
    let generated: [(&str, Variant); 4] = [
        ("window one row down", conv2d_offset::<1>),
        ("window two rows down", conv2d_offset::<2>),
        ("kernel flipped in u only", conv2d_flip_rows),
        ("kernel flipped in v only", conv2d_flip_columns),
    ];
    for (name, f) in generated {
        list.push(variant("6.1", name.to_string(), six(with!(a, conv2d = f))));
    }
    list
}
