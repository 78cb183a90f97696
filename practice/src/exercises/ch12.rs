//! Chapter 12's exercises: replace each `todo!(…)` with your code, save, and run
//! `cargo run -p practice -- 12` (or leave `cargo run -p practice -- 12 --watch` running).
//! The answers, if you are stuck: practice/answers/ch12.rs.
//!
//! The plain recurrent cell: z_t = x_t·W_x + h_{t−1}·W_h + b, h_t = tanh(z_t), with x_t
//! (batch, in), h_t (batch, hidden), W_x (in, hidden), W_h (hidden, hidden), b (hidden,).

use ndarray::{Array2, ArrayD};
use practice::{BpttGrads, RnnStepGrads};

/// Exercise 12.1: one step's backward pass. Given the step's input `x`, the state before it
/// `h_prev`, the state it made `h` (= tanh(z)), the weights, and G = ∂L/∂h (`grad_h`, batch,
/// hidden), return this step's gradients: ∂L/∂x, ∂L/∂h_prev, and its shares of ∂L/∂W_x,
/// ∂L/∂W_h and ∂L/∂b (each of the shape of its parameter; b's summed over the batch).
pub fn rnn_step_backward(
    x: &Array2<f64>,
    h_prev: &Array2<f64>,
    h: &Array2<f64>,
    w_x: &Array2<f64>,
    w_h: &Array2<f64>,
    grad_h: &Array2<f64>,
) -> RnnStepGrads {
    todo!("exercise 12.1: one recurrent step's backward pass")
}

/// Exercise 12.2: backpropagation through time. A forward pass from h₀ = 0 over T steps:
/// `xs[t]` is the input of step t + 1 and `hs[t]` the state it made (so step t + 1 read
/// `hs[t − 1]`, or zeros for t = 0). `grad_from_above[t]` is what the loss hands h_{t+1}
/// directly (from the output at that step; zeros where there is none). Return ∂L/∂x for every
/// step and the whole ∂L/∂W_x, ∂L/∂W_h, ∂L/∂b: each step's G = (from above) + (handed back
/// by the step after it). You may call your `rnn_step_backward`.
pub fn bptt(
    xs: &[Array2<f64>],
    hs: &[Array2<f64>],
    w_x: &Array2<f64>,
    w_h: &Array2<f64>,
    grad_from_above: &[Array2<f64>],
) -> BpttGrads {
    todo!("exercise 12.2: backpropagation through time")
}

/// Exercise 12.3: clipping by norm. Given every parameter's gradient (any shapes), return them
/// scaled so that their norm together, √(Σ over all of them of every element²), is at most
/// `max_norm`: each times min(1, max_norm/‖g‖). Below `max_norm` they come back unchanged.
pub fn clip_by_norm(grads: &[ArrayD<f64>], max_norm: f64) -> Vec<ArrayD<f64>> {
    todo!("exercise 12.3: gradient clipping by norm")
}
