//! Wrong answers to chapter 9's exercises.

use ndarray::Array1;
use practice::checks::ch09::{self, *};
use practice::{AdamSettings, AdamState, Hint};

use super::super::answer_ch09 as right;
use super::{variant, with, wrong, WrongAnswer};

type Momentum = fn(&mut Array1<f64>, &Array1<f64>, &mut Array1<f64>, f64, f64);
type Adam = fn(&mut Array1<f64>, &Array1<f64>, &mut AdamState, i32, &AdamSettings);

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

/// 9.1 in Sutskever's form: v ← μ·v + η·g, θ ← θ − v (the same θ, another buffer).
pub fn momentum_sutskever(
    theta: &mut Array1<f64>,
    g: &Array1<f64>,
    velocity: &mut Array1<f64>,
    lr: f64,
    momentum: f64,
) {
    *velocity = &*velocity * momentum + g * lr;
    *theta -= &*velocity;
}

/// 9.1 in Sutskever's paper's signs: v ← μ·v − η·g, θ ← θ + v.
pub fn momentum_sutskever_negative(
    theta: &mut Array1<f64>,
    g: &Array1<f64>,
    velocity: &mut Array1<f64>,
    lr: f64,
    momentum: f64,
) {
    *velocity = &*velocity * momentum - g * lr;
    *theta += &*velocity;
}

/// 9.1 computing the new velocity in a local variable, never stored.
pub fn momentum_not_kept(
    theta: &mut Array1<f64>,
    g: &Array1<f64>,
    velocity: &mut Array1<f64>,
    lr: f64,
    momentum: f64,
) {
    let v = &*velocity * momentum + g;
    theta.scaled_add(-lr, &v);
}

fn moments(state: &AdamState, g: &Array1<f64>, s: &AdamSettings) -> (Array1<f64>, Array1<f64>) {
    (
        &state.m * s.beta1 + g * (1.0 - s.beta1),
        &state.v * s.beta2 + g.mapv(|g| g * g) * (1.0 - s.beta2),
    )
}

/// 9.2 without the bias correction.
pub fn adam_uncorrected(
    theta: &mut Array1<f64>,
    g: &Array1<f64>,
    state: &mut AdamState,
    _t: i32,
    s: &AdamSettings,
) {
    (state.m, state.v) = moments(state, g, s);
    let step = &state.m / &state.v.mapv(|v| v.sqrt() + s.eps);
    theta.scaled_add(-s.lr, &step);
}

/// Adam with the corrections c1, c2 given, and the step from m̂ and v̂.
fn adam_with(
    theta: &mut Array1<f64>,
    g: &Array1<f64>,
    state: &mut AdamState,
    s: &AdamSettings,
    (c1, c2): (f64, f64),
) {
    (state.m, state.v) = moments(state, g, s);
    let m_hat = &state.m / c1;
    let v_hat = &state.v / c2;
    *theta -= &(m_hat / v_hat.mapv(|v| v.sqrt() + s.eps) * s.lr);
}

/// 9.2 with ε under the root: √(v̂ + ε).
pub fn adam_eps_inside(
    theta: &mut Array1<f64>,
    g: &Array1<f64>,
    state: &mut AdamState,
    t: i32,
    s: &AdamSettings,
) {
    (state.m, state.v) = moments(state, g, s);
    let m_hat = &state.m / (1.0 - s.beta1.powi(t));
    let v_hat = &state.v / (1.0 - s.beta2.powi(t));
    *theta -= &(m_hat / v_hat.mapv(|v| (v + s.eps).sqrt()) * s.lr);
}

/// 9.2 in Kingma and Ba's "efficient" form: η_t = η·√(1 − β₂ᵗ)/(1 − β₁ᵗ), θ ← θ − η_t·m/(√v + ε).
pub fn adam_efficient_form(
    theta: &mut Array1<f64>,
    g: &Array1<f64>,
    state: &mut AdamState,
    t: i32,
    s: &AdamSettings,
) {
    (state.m, state.v) = moments(state, g, s);
    let lr_t = s.lr * (1.0 - s.beta2.powi(t)).sqrt() / (1.0 - s.beta1.powi(t));
    *theta -= &(&state.m / &state.v.mapv(|v| v.sqrt() + s.eps) * lr_t);
}

/// 9.2 with the correction on m only.
pub fn adam_m_corrected_only(
    theta: &mut Array1<f64>,
    g: &Array1<f64>,
    state: &mut AdamState,
    t: i32,
    s: &AdamSettings,
) {
    adam_with(theta, g, state, s, (1.0 - s.beta1.powi(t), 1.0));
}

/// 9.2 with v corrected by 1 − β₁ᵗ.
pub fn adam_v_with_beta1(
    theta: &mut Array1<f64>,
    g: &Array1<f64>,
    state: &mut AdamState,
    t: i32,
    s: &AdamSettings,
) {
    let c1 = 1.0 - s.beta1.powi(t);
    adam_with(theta, g, state, s, (c1, c1));
}

/// 9.2 with the corrections of step t − 1: 1 − β⁰ = 0 at the first step.
pub fn adam_step_zero(
    theta: &mut Array1<f64>,
    g: &Array1<f64>,
    state: &mut AdamState,
    t: i32,
    s: &AdamSettings,
) {
    adam_with(
        theta,
        g,
        state,
        s,
        (1.0 - s.beta1.powi(t - 1), 1.0 - s.beta2.powi(t - 1)),
    );
}

/// 9.2 computing m and v in local variables, never stored.
pub fn adam_not_kept(
    theta: &mut Array1<f64>,
    g: &Array1<f64>,
    state: &mut AdamState,
    t: i32,
    s: &AdamSettings,
) {
    let mut local = state.clone();
    adam_with(
        theta,
        g,
        &mut local,
        s,
        (1.0 - s.beta1.powi(t), 1.0 - s.beta2.powi(t)),
    );
}

/// 9.2 storing m̂ and v̂ in the state (right θ at step 1 only).
pub fn adam_corrected_stored(
    theta: &mut Array1<f64>,
    g: &Array1<f64>,
    state: &mut AdamState,
    t: i32,
    s: &AdamSettings,
) {
    right::adam_step(theta, g, state, t, s);
    state.m /= 1.0 - s.beta1.powi(t);
    state.v /= 1.0 - s.beta2.powi(t);
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

/// 9.3 decaying after Adam's step.
pub fn adamw_decay_after(
    theta: &mut Array1<f64>,
    g: &Array1<f64>,
    state: &mut AdamState,
    t: i32,
    settings: &AdamSettings,
    weight_decay: f64,
) {
    right::adam_step(theta, g, state, t, settings);
    *theta *= 1.0 - settings.lr * weight_decay;
}

/// 9.3 right, calling an Adam step without bias correction (9.2 wrong).
pub fn adamw_on_uncorrected(
    theta: &mut Array1<f64>,
    g: &Array1<f64>,
    state: &mut AdamState,
    t: i32,
    settings: &AdamSettings,
    weight_decay: f64,
) {
    *theta *= 1.0 - settings.lr * weight_decay;
    adam_uncorrected(theta, g, state, t, settings);
}

/// 9.1, generated: the buffer carries K/10 of the gradient, θ steps by η/(K/10) of it — the
/// same θ, another buffer.
fn momentum_buffer_scaled<const K: i32>(
    theta: &mut Array1<f64>,
    g: &Array1<f64>,
    velocity: &mut Array1<f64>,
    lr: f64,
    momentum: f64,
) {
    let c = K as f64 / 10.0;
    *velocity = &*velocity * momentum + g * c;
    theta.scaled_add(-lr / c, velocity);
}

/// 9.2, generated: β₁ and β₂ swapped in the corrections (K = 1), or both βs swapped (K = 2).
fn adam_betas_swapped<const K: i32>(
    theta: &mut Array1<f64>,
    g: &Array1<f64>,
    state: &mut AdamState,
    t: i32,
    s: &AdamSettings,
) {
    let swapped = AdamSettings {
        beta1: s.beta2,
        beta2: s.beta1,
        ..*s
    };
    if K == 1 {
        adam_with(
            theta,
            g,
            state,
            s,
            (1.0 - s.beta2.powi(t), 1.0 - s.beta1.powi(t)),
        );
    } else {
        right::adam_step(theta, g, state, t, &swapped);
    }
}

pub fn wrong_answers() -> Vec<WrongAnswer> {
    let a = practice::bind_ch09!(super::super::answer_ch09);
    let nine = ch09::chapter;
    let m = |f: Momentum| nine(with!(a, momentum_step = f));
    let adam = |f: Adam| nine(with!(a, adam_step = f));
    let mut list = vec![
        wrong(
            "9.1",
            "v ← μv + (1 − μ)g",
            m(momentum_dampened),
            Hint::Mistake(DAMPENED),
        ),
        wrong(
            "9.1",
            "θ ← θ + ηv",
            m(momentum_uphill),
            Hint::Mistake(UPHILL),
        ),
        wrong(
            "9.1",
            "Nesterov's θ ← θ − η(g + μv)",
            m(momentum_nesterov),
            Hint::Mistake(NESTEROV),
        ),
        wrong(
            "9.1",
            "θ moved before v is updated",
            m(momentum_stale),
            Hint::Mistake(STALE_VELOCITY),
        ),
        wrong(
            "9.1",
            "Sutskever's v ← μv + ηg, θ ← θ − v",
            m(momentum_sutskever),
            Hint::Mistake(SUTSKEVER),
        ),
        wrong(
            "9.1",
            "Sutskever's v ← μv − ηg, θ ← θ + v",
            m(momentum_sutskever_negative),
            Hint::Mistake(SUTSKEVER),
        ),
        wrong(
            "9.1",
            "the velocity never stored",
            m(momentum_not_kept),
            Hint::Mistake(VELOCITY_NOT_KEPT),
        ),
        wrong(
            "9.2",
            "no bias correction",
            adam(adam_uncorrected),
            Hint::Mistake(NO_BIAS_CORRECTION),
        ),
        wrong(
            "9.2",
            "√(v̂ + ε)",
            adam(adam_eps_inside),
            Hint::Mistake(EPSILON_INSIDE_ROOT),
        ),
        wrong(
            "9.2",
            "the paper's \"efficient\" form",
            adam(adam_efficient_form),
            Hint::Mistake(EFFICIENT_FORM),
        ),
        wrong(
            "9.2",
            "the correction on m only",
            adam(adam_m_corrected_only),
            Hint::Mistake(CORRECTION_ON_M_ONLY),
        ),
        wrong(
            "9.2",
            "v corrected with β₁",
            adam(adam_v_with_beta1),
            Hint::Mistake(V_CORRECTED_WITH_BETA1),
        ),
        wrong(
            "9.2",
            "1 − β⁰ at the first step",
            adam(adam_step_zero),
            Hint::Mistake(CORRECTION_OF_STEP_ZERO),
        ),
        wrong(
            "9.2",
            "m and v never stored",
            adam(adam_not_kept),
            Hint::Mistake(STATE_NOT_KEPT),
        ),
        wrong(
            "9.2",
            "m̂ and v̂ stored",
            adam(adam_corrected_stored),
            Hint::Mistake(CORRECTED_STORED),
        ),
        wrong(
            "9.3",
            "L2: λθ added to the gradient",
            nine(with!(a, adamw_step = adamw_l2)),
            Hint::Mistake(COUPLED_WEIGHT_DECAY),
        ),
        wrong(
            "9.3",
            "θ ← (1 − λ)θ, no η",
            nine(with!(a, adamw_step = adamw_unscaled_decay)),
            Hint::Mistake(DECAY_WITHOUT_LR),
        ),
        wrong(
            "9.3",
            "decay after the step",
            nine(with!(a, adamw_step = adamw_decay_after)),
            Hint::Mistake(DECAY_AFTER_STEP),
        ),
        wrong(
            "9.3",
            "right, on an uncorrected adam_step",
            nine(with!(
                with!(a, adam_step = adam_uncorrected),
                adamw_step = adamw_on_uncorrected
            )),
            Hint::FixFirst {
                id: "9.2",
                function: "adam_step",
            },
        ),
    ];
    let scales: [(i32, Momentum); 3] = [
        (20, momentum_buffer_scaled::<20>),
        (5, momentum_buffer_scaled::<5>),
        (-10, momentum_buffer_scaled::<-10>),
    ];
    for (k, f) in scales {
        list.push(variant(
            "9.1",
            format!("buffer × {}", k as f64 / 10.0),
            m(f),
        ));
    }
    let swaps: [(&str, Adam); 2] = [
        ("corrections' βs swapped", adam_betas_swapped::<1>),
        ("β₁ and β₂ swapped", adam_betas_swapped::<2>),
    ];
    for (name, f) in swaps {
        list.push(variant("9.2", name.to_string(), adam(f)));
    }
    list
}
