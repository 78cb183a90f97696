//! Answers to chapter 12's exercises (practice/src/exercises/ch12.rs). The grader's tests grade
//! these; copy one into your file only after you have tried.

use ndarray::{Array2, ArrayD, Axis};
use practice::{BpttGrads, RnnStepGrads};

/// 12.1: ∂L/∂z = G ⊙ (1 − h²), then the three products of a dense layer, twice.
pub fn rnn_step_backward(
    x: &Array2<f64>,
    h_prev: &Array2<f64>,
    h: &Array2<f64>,
    w_x: &Array2<f64>,
    w_h: &Array2<f64>,
    grad_h: &Array2<f64>,
) -> RnnStepGrads {
    let grad_z = grad_h * &h.mapv(|h| 1.0 - h * h);
    RnnStepGrads {
        x: grad_z.dot(&w_x.t()),
        h_prev: grad_z.dot(&w_h.t()),
        w_x: x.t().dot(&grad_z),
        w_h: h_prev.t().dot(&grad_z),
        b: grad_z.sum_axis(Axis(0)),
    }
}

/// 12.2: from the last step to the first; the weights' shares add up.
pub fn bptt(
    xs: &[Array2<f64>],
    hs: &[Array2<f64>],
    w_x: &Array2<f64>,
    w_h: &Array2<f64>,
    grad_from_above: &[Array2<f64>],
) -> BpttGrads {
    let steps = xs.len();
    let zeros = Array2::zeros(hs[0].raw_dim());
    let mut grads = BpttGrads {
        xs: vec![Array2::zeros((0, 0)); steps],
        w_x: Array2::zeros(w_x.raw_dim()),
        w_h: Array2::zeros(w_h.raw_dim()),
        b: ndarray::Array1::zeros(w_h.ncols()),
    };
    let mut from_next = zeros.clone();
    for t in (0..steps).rev() {
        let h_prev = if t == 0 { &zeros } else { &hs[t - 1] };
        let g = &grad_from_above[t] + &from_next;
        let step = rnn_step_backward(&xs[t], h_prev, &hs[t], w_x, w_h, &g);
        grads.w_x += &step.w_x;
        grads.w_h += &step.w_h;
        grads.b += &step.b;
        grads.xs[t] = step.x;
        from_next = step.h_prev;
    }
    grads
}

/// 12.3: one norm over every element of every gradient; scale only above the limit.
pub fn clip_by_norm(grads: &[ArrayD<f64>], max_norm: f64) -> Vec<ArrayD<f64>> {
    let norm = grads
        .iter()
        .map(|g| g.iter().map(|v| v * v).sum::<f64>())
        .sum::<f64>()
        .sqrt();
    let factor = if norm > max_norm {
        max_norm / norm
    } else {
        1.0
    };
    grads.iter().map(|g| g * factor).collect()
}
