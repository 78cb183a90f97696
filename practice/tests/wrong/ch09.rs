//! Wrong answers to chapter 9's exercises.

use ndarray::Array1;
use practice::{AdamSettings, AdamState};

use super::super::answer_ch09 as right;

/// 9.1 with the buffer as an exponential mean: v ← μ·v + (1 − μ)·g.
pub fn momentum_dampened(
    theta: &mut Array1<f64>,
    g: &Array1<f64>,
    velocity: &mut Array1<f64>,
    lr: f64,
    momentum: f64,
) {
    *velocity = &*velocity * momentum + g * (1.0 - momentum);
    theta.scaled_add(-lr, velocity);
}

/// 9.1 stepping uphill: θ ← θ + η·v.
pub fn momentum_uphill(
    theta: &mut Array1<f64>,
    g: &Array1<f64>,
    velocity: &mut Array1<f64>,
    lr: f64,
    momentum: f64,
) {
    right::momentum_step(theta, g, velocity, -lr, momentum);
}

/// 9.1 as Nesterov's step: θ ← θ − η·(g + μ·v), v updated first.
pub fn momentum_nesterov(
    theta: &mut Array1<f64>,
    g: &Array1<f64>,
    velocity: &mut Array1<f64>,
    lr: f64,
    momentum: f64,
) {
    *velocity = &*velocity * momentum + g;
    *theta -= &((g + &(&*velocity * momentum)) * lr);
}

/// 9.1 moving θ with the old velocity, then updating it.
pub fn momentum_stale(
    theta: &mut Array1<f64>,
    g: &Array1<f64>,
    velocity: &mut Array1<f64>,
    lr: f64,
    momentum: f64,
) {
    theta.scaled_add(-lr, velocity);
    *velocity = &*velocity * momentum + g;
}

/// 9.2 without the bias correction.
pub fn adam_uncorrected(
    theta: &mut Array1<f64>,
    g: &Array1<f64>,
    state: &mut AdamState,
    _t: i32,
    settings: &AdamSettings,
) {
    state.m = &state.m * settings.beta1 + g * (1.0 - settings.beta1);
    state.v = &state.v * settings.beta2 + g.mapv(|g| g * g) * (1.0 - settings.beta2);
    let step = &state.m / &state.v.mapv(|v| v.sqrt() + settings.eps);
    theta.scaled_add(-settings.lr, &step);
}

/// 9.2 with ε under the root: √(v̂ + ε).
pub fn adam_eps_inside(
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
    state.m = &state.m * beta1 + g * (1.0 - beta1);
    state.v = &state.v * beta2 + g.mapv(|g| g * g) * (1.0 - beta2);
    let m_hat = &state.m / (1.0 - beta1.powi(t));
    let v_hat = &state.v / (1.0 - beta2.powi(t));
    *theta -= &(m_hat / v_hat.mapv(|v| (v + eps).sqrt()) * lr);
}

/// 9.3 as Adam with an L2 penalty: λ·θ added to the gradient.
pub fn adamw_l2(
    theta: &mut Array1<f64>,
    g: &Array1<f64>,
    state: &mut AdamState,
    t: i32,
    settings: &AdamSettings,
    weight_decay: f64,
) {
    let g = g + &(&*theta * weight_decay);
    right::adam_step(theta, &g, state, t, settings);
}

/// 9.3 with the decay not scaled by the learning rate: θ ← (1 − λ)·θ.
pub fn adamw_unscaled_decay(
    theta: &mut Array1<f64>,
    g: &Array1<f64>,
    state: &mut AdamState,
    t: i32,
    settings: &AdamSettings,
    weight_decay: f64,
) {
    *theta *= 1.0 - weight_decay;
    right::adam_step(theta, g, state, t, settings);
}

/// 9.2 in Kingma and Ba's "efficient" form: η_t = η·√(1 − β₂ᵗ)/(1 − β₁ᵗ), θ ← θ − η_t·m/(√v + ε).
pub fn adam_efficient_form(
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
    state.m = &state.m * beta1 + g * (1.0 - beta1);
    state.v = &state.v * beta2 + g.mapv(|g| g * g) * (1.0 - beta2);
    let lr_t = lr * (1.0 - beta2.powi(t)).sqrt() / (1.0 - beta1.powi(t));
    *theta -= &(&state.m / &state.v.mapv(|v| v.sqrt() + eps) * lr_t);
}
