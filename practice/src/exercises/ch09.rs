//! Chapter 9's exercises: replace each `todo!(…)` with your code, save, and run
//! `cargo run -p practice -- 9` (or leave `cargo run -p practice -- 9 --watch` running).
//! The answers, if you are stuck: practice/answers/ch09.rs.
//!
//! Each function takes one step: it updates the parameters θ (`theta`) in place from their
//! gradient g, and the optimizer's state in place. The grader calls it several times in a
//! row, with the state it returned, and compares θ after every step with the chapter's
//! optimizer on the same gradients.

use ndarray::Array1;
use practice::{AdamSettings, AdamState};

/// Exercise 9.1: one step of SGD with momentum (the "heavy ball"), in PyTorch's convention:
/// v ← μ·v + g, then θ ← θ − η·v, with learning rate η = `lr` and μ = `momentum`. `velocity`
/// is v, zeros before the first step.
pub fn momentum_step(
    theta: &mut Array1<f64>,
    g: &Array1<f64>,
    velocity: &mut Array1<f64>,
    lr: f64,
    momentum: f64,
) {
    todo!("exercise 9.1: one step of SGD with momentum")
}

/// Exercise 9.2: step t (1 at the first step) of Adam, in PyTorch's convention:
/// m ← β₁·m + (1 − β₁)·g,  v ← β₂·v + (1 − β₂)·g²  (element by element, in `state`),
/// m̂ = m/(1 − β₁ᵗ),  v̂ = v/(1 − β₂ᵗ),  θ ← θ − η·m̂/(√v̂ + ε),
/// with η, β₁, β₂ and ε from `settings`.
pub fn adam_step(
    theta: &mut Array1<f64>,
    g: &Array1<f64>,
    state: &mut AdamState,
    t: i32,
    settings: &AdamSettings,
) {
    todo!("exercise 9.2: one step of Adam")
}

/// Exercise 9.3: step t of AdamW, PyTorch's Adam with decoupled weight decay λ =
/// `weight_decay`: first θ ← θ − η·λ·θ, then Adam's step (9.2) from the gradient g alone.
pub fn adamw_step(
    theta: &mut Array1<f64>,
    g: &Array1<f64>,
    state: &mut AdamState,
    t: i32,
    settings: &AdamSettings,
    weight_decay: f64,
) {
    todo!("exercise 9.3: one step of AdamW")
}
