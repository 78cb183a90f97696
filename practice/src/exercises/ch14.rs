//! Chapter 14's exercises: replace each `todo!(…)` with your code, save, and run
//! `cargo run -p practice -- 14` (or leave `cargo run -p practice -- 14 --watch` running).
//! The answers, if you are stuck: practice/answers/ch14.rs.

use ch14_framework::candle_core::backprop::GradStore;
use ch14_framework::candle_core::{Result, Tensor, Var};

/// Exercise 14.1: a dense layer's forward pass in candle, in the book's layout: Y = X·W + b
/// with X (batch, in), W (in, out), b (out,) -> Y (batch, out). Use tensor operations on the
/// inputs themselves, so that candle's `backward` can reach X, W and b; the grader checks the
/// gradients it computes against chapter 3's hand-written backward pass.
pub fn dense_forward(x: &Tensor, w: &Tensor, b: &Tensor) -> Result<Tensor> {
    todo!("exercise 14.1: a dense layer's forward pass in candle")
}

/// Exercise 14.2: the mean softmax cross-entropy of `logits` (batch, classes) against class
/// `labels` (one per row), with candle's tensor operations: for each row log Σⱼ exp(zⱼ) − z_y,
/// then the mean over the batch — one number (a tensor of shape []). Safe for large logits.
/// (`Tensor::new(&[2u32, 0][..], logits.device())` makes a tensor of labels; `gather` picks
/// one element per row.)
pub fn cross_entropy(logits: &Tensor, labels: &[usize]) -> Result<Tensor> {
    todo!("exercise 14.2: softmax cross-entropy in candle")
}

/// Exercise 14.3: one step of the book's SGD in candle: θ ← θ − η·g for every variable, with
/// its gradient g from `grads.get(var)`, written back with `var.set(&new)`. (A variable with
/// no gradient in the store is left as it is.)
pub fn sgd_step(vars: &[Var], grads: &GradStore, lr: f64) -> Result<()> {
    todo!("exercise 14.3: an SGD step in candle")
}
