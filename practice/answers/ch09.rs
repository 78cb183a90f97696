//! Answers to chapter 9's exercises (practice/src/exercises/ch09.rs). The grader's tests grade
//! these; copy one into your file only after you have tried.

use ndarray::{Array1, Zip};
use practice::{AdamSettings, AdamState};

/// 9.1: the buffer adds the gradient itself; the learning rate multiplies it when applied.
pub fn momentum_step(
    theta: &mut Array1<f64>,
    g: &Array1<f64>,
    velocity: &mut Array1<f64>,
    lr: f64,
    momentum: f64,
) {
    *velocity *= momentum;
    *velocity += g; // v ← μ·v + g
    theta.scaled_add(-lr, velocity); // θ ← θ − η·v
}

/// 9.2: two running means, each divided by the sum of its weights so far, 1 − βᵗ.
pub fn adam_step(
    theta: &mut Array1<f64>,
    g: &Array1<f64>,
    state: &mut AdamState,
    t: i32,
    settings: &AdamSettings,
) {
    let AdamSettings {
        lr,
        beta1,
        beta2,
        eps,
    } = *settings;
    let (c1, c2) = (1.0 - beta1.powi(t), 1.0 - beta2.powi(t));
    Zip::from(theta)
        .and(&mut state.m)
        .and(&mut state.v)
        .and(g)
        .for_each(|theta, m, v, &g| {
            *m = beta1 * *m + (1.0 - beta1) * g;
            *v = beta2 * *v + (1.0 - beta2) * g * g;
            *theta -= lr * (*m / c1) / ((*v / c2).sqrt() + eps);
        });
}

/// 9.3: shrink the weights, then Adam's step from the gradient alone.
pub fn adamw_step(
    theta: &mut Array1<f64>,
    g: &Array1<f64>,
    state: &mut AdamState,
    t: i32,
    settings: &AdamSettings,
    weight_decay: f64,
) {
    *theta *= 1.0 - settings.lr * weight_decay;
    adam_step(theta, g, state, t, settings);
}
