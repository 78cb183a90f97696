//! Wrong answers to chapter 3's exercises.

use ndarray::{Array1, Array2, Axis};
use practice::checks::ch01::MISSING_BIAS;
use practice::checks::ch03::{self, *};
use practice::{DenseGrads, Hint};

use super::{gradient_check, panicked_here, variant, with, wrong, WrongAnswer};

/// 3.1 without the bias.
pub fn dense_forward_without_bias(
    x: &Array2<f64>,
    w: &Array2<f64>,
    _b: &Array1<f64>,
) -> Array2<f64> {
    x.dot(w)
}

/// 3.1 as W·X: a shape mismatch for a non-square batch.
pub fn dense_forward_w_x(x: &Array2<f64>, w: &Array2<f64>, b: &Array1<f64>) -> Array2<f64> {
    w.dot(x) + b
}

/// 3.1 with the bias's first element added to everything.
pub fn dense_forward_first_bias(x: &Array2<f64>, w: &Array2<f64>, b: &Array1<f64>) -> Array2<f64> {
    x.dot(w) + b[0]
}

fn right(x: &Array2<f64>, w: &Array2<f64>, g: &Array2<f64>) -> DenseGrads {
    super::super::answer_ch03::dense_backward(x, w, g)
}

/// 3.2 with ∂L/∂W = Gᵀ·X: (out, in), the transpose.
pub fn dense_backward_transposed(x: &Array2<f64>, w: &Array2<f64>, g: &Array2<f64>) -> DenseGrads {
    DenseGrads {
        w: g.t().dot(x),
        ..right(x, w, g)
    }
}

/// 3.2 averaging ∂L/∂W once more, though G already carries the loss's 1/batch.
pub fn dense_backward_extra_mean(x: &Array2<f64>, w: &Array2<f64>, g: &Array2<f64>) -> DenseGrads {
    DenseGrads {
        w: x.t().dot(g) / x.nrows() as f64,
        ..right(x, w, g)
    }
}

/// 3.2 with ∂L/∂b summed along each row instead of over the batch.
pub fn dense_backward_bias_wrong_axis(
    x: &Array2<f64>,
    w: &Array2<f64>,
    g: &Array2<f64>,
) -> DenseGrads {
    DenseGrads {
        b: g.sum_axis(Axis(1)),
        ..right(x, w, g)
    }
}

/// 3.2 with ∂L/∂b the mean over the batch.
pub fn dense_backward_bias_mean(x: &Array2<f64>, w: &Array2<f64>, g: &Array2<f64>) -> DenseGrads {
    DenseGrads {
        b: g.mean_axis(Axis(0)).unwrap(),
        ..right(x, w, g)
    }
}

/// 3.2 with ∂L/∂X = G·W, forgetting the transpose: a shape mismatch for a non-square W.
pub fn dense_backward_no_transpose(
    x: &Array2<f64>,
    w: &Array2<f64>,
    g: &Array2<f64>,
) -> DenseGrads {
    DenseGrads {
        x: g.dot(w),
        ..right(x, w, g)
    }
}

/// 3.2 with ∂L/∂X = X·W·Wᵀ-like confusion: G·Wᵀ + X (a term too many).
pub fn dense_backward_x_plus_input(
    x: &Array2<f64>,
    w: &Array2<f64>,
    g: &Array2<f64>,
) -> DenseGrads {
    let r = right(x, w, g);
    DenseGrads { x: r.x + x, ..r }
}

/// 3.3 with the mask x ≥ 0: ReLU′(0) = 1 (the numpy program's convention, not this book's).
pub fn relu_backward_one_at_zero(x: &Array2<f64>, g: &Array2<f64>) -> Array2<f64> {
    g * &x.mapv(|v| if v >= 0.0 { 1.0 } else { 0.0 })
}

/// 3.3 returning ReLU′(x) alone.
pub fn relu_backward_local_only(x: &Array2<f64>, _g: &Array2<f64>) -> Array2<f64> {
    x.mapv(|v| if v > 0.0 { 1.0 } else { 0.0 })
}

/// 3.3 with ReLU′ as (x/|x| + 1)/2: 0/0 = NaN at the kink.
pub fn relu_backward_by_division(x: &Array2<f64>, g: &Array2<f64>) -> Array2<f64> {
    g * &x.mapv(|v| (v / v.abs() + 1.0) / 2.0)
}

/// 3.3 with the mask taken from G.
pub fn relu_backward_mask_of_g(_x: &Array2<f64>, g: &Array2<f64>) -> Array2<f64> {
    g.mapv(|v| v.max(0.0))
}

/// 3.3, generated: the kink moved to K/100.
fn relu_backward_shifted<const K: i32>(x: &Array2<f64>, g: &Array2<f64>) -> Array2<f64> {
    g * &x.mapv(|v| if v > K as f64 / 100.0 { 1.0 } else { 0.0 })
}

pub fn wrong_answers() -> Vec<WrongAnswer> {
    let a = practice::bind_ch03!(super::super::answer_ch03);
    let three = ch03::chapter;
    let here = panicked_here("practice/tests/wrong/ch03.rs");
    let mut list = vec![
        wrong(
            "3.1",
            "X·W without b",
            three(with!(a, dense_forward = dense_forward_without_bias)),
            Hint::Mistake(MISSING_BIAS),
        ),
        wrong(
            "3.1",
            "W·X",
            three(with!(a, dense_forward = dense_forward_w_x)),
            here.clone(),
        ),
        wrong(
            "3.1",
            "b[0] for b",
            three(with!(a, dense_forward = dense_forward_first_bias)),
            Hint::OffsetPer { what: "output" },
        ),
        wrong(
            "3.2",
            "∂L/∂W = Gᵀ·X",
            three(with!(a, dense_backward = dense_backward_transposed)),
            Hint::Transposed,
        ),
        wrong(
            "3.2",
            "∂L/∂W divided by the batch again",
            three(with!(a, dense_backward = dense_backward_extra_mean)),
            Hint::ExtraOneOverN { n: 5 },
        ),
        wrong(
            "3.2",
            "∂L/∂b over Axis(1)",
            three(with!(a, dense_backward = dense_backward_bias_wrong_axis)),
            Hint::Mistake(BIAS_BY_ROWS),
        ),
        wrong(
            "3.2",
            "∂L/∂b the mean over the batch",
            three(with!(a, dense_backward = dense_backward_bias_mean)),
            Hint::ExtraOneOverN { n: 5 },
        ),
        wrong(
            "3.2",
            "∂L/∂X = G·W",
            three(with!(a, dense_backward = dense_backward_no_transpose)),
            here,
        ),
        wrong(
            "3.2",
            "∂L/∂X with X added",
            three(with!(a, dense_backward = dense_backward_x_plus_input)),
            gradient_check(),
        ),
        wrong(
            "3.3",
            "mask x ≥ 0",
            three(with!(a, relu_backward = relu_backward_one_at_zero)),
            Hint::OnlyAtKink {
                convention: RELU_AT_ZERO,
                nan: false,
            },
        ),
        wrong(
            "3.3",
            "ReLU′(x) without G",
            three(with!(a, relu_backward = relu_backward_local_only)),
            Hint::Mistake(UPSTREAM_IGNORED),
        ),
        wrong(
            "3.3",
            "(x/|x| + 1)/2",
            three(with!(a, relu_backward = relu_backward_by_division)),
            Hint::OnlyAtKink {
                convention: RELU_AT_ZERO,
                nan: true,
            },
        ),
        wrong(
            "3.3",
            "the mask from G",
            three(with!(a, relu_backward = relu_backward_mask_of_g)),
            Hint::Mistake(MASK_FROM_G),
        ),
    ];
    type Variant = fn(&Array2<f64>, &Array2<f64>) -> Array2<f64>;
    let shifts: [(i32, Variant); 3] = [
        (-50, relu_backward_shifted::<-50>),
        (10, relu_backward_shifted::<10>),
        (50, relu_backward_shifted::<50>),
    ];
    for (k, f) in shifts {
        list.push(variant(
            "3.3",
            format!("kink at {}", k as f64 / 100.0),
            three(with!(a, relu_backward = f)),
        ));
    }
    list
}
