//! Wrong answers to chapter 3's exercises.

use ndarray::{Array1, Array2, Axis};
use practice::DenseGrads;

/// 3.1 without the bias.
pub fn dense_forward_without_bias(
    x: &Array2<f64>,
    w: &Array2<f64>,
    _b: &Array1<f64>,
) -> Array2<f64> {
    x.dot(w)
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

/// 3.3 with the mask x ≥ 0: ReLU′(0) = 1 (the numpy program's convention, not this book's).
pub fn relu_backward_one_at_zero(x: &Array2<f64>, g: &Array2<f64>) -> Array2<f64> {
    g * &x.mapv(|v| if v >= 0.0 { 1.0 } else { 0.0 })
}

/// 3.3 returning ReLU′(x) alone.
pub fn relu_backward_local_only(x: &Array2<f64>, _g: &Array2<f64>) -> Array2<f64> {
    x.mapv(|v| if v > 0.0 { 1.0 } else { 0.0 })
}
