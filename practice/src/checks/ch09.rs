//! Chapter 9's exercises: one step of heavy-ball momentum, of Adam and of AdamW, each run for
//! several steps on a fixed sequence of gradients. Expected values: θ after every step from
//! chapter 9's `Momentum`, `Adam` and `AdamW`, each driven through its `Optimizer::update` on
//! the same data; the state the reader keeps (the velocity, Adam's m and v) from the
//! definitions the exercises' doc comments state, which give the chapter's θ (a test checks
//! that). Typical mistakes are simulated by [`momentum_path`] and [`adam_path`], some by the
//! chapter's own `Nesterov`.

use ch03_relu_xor::{Optimizer, Param};
use ch09_optimizers::{Adam, AdamW, Momentum, Nesterov};
use ndarray::{Array1, Array2};

use super::{random_vector, Vector};
use crate::diagnose::{compare, Hint, Mismatch};
use crate::types::{AdamSettings, AdamState};

exercises! { $ bind_ch09, ch09: 9, "Optimizers";
    "9.1" momentum_step(&mut Vector, &Vector, &mut Vector, f64, f64),
        "one step of SGD with momentum",
        "PyTorch's heavy ball: v ← μ·v + g, then θ ← θ − η·v (v = 0 before the first step; `velocity` is that v)",
        check_momentum;
    "9.2" adam_step(&mut Vector, &Vector, &mut AdamState, i32, &AdamSettings),
        "one step of Adam, bias-corrected",
        "m ← β₁m + (1 − β₁)g, v ← β₂v + (1 − β₂)g² (kept in `state`), m̂ = m/(1 − β₁ᵗ), v̂ = v/(1 − β₂ᵗ), θ ← θ − η·m̂/(√v̂ + ε)",
        check_adam;
    "9.3" adamw_step(&mut Vector, &Vector, &mut AdamState, i32, &AdamSettings, f64),
        "one step of AdamW: decoupled weight decay",
        "θ ← θ − η·λ·θ, then Adam's step from the gradient alone (the decay does not go into m and v)",
        check_adamw;
}

/// 9.1: the buffer as an exponential mean.
pub const DAMPENED: &str = "that is the buffer v ← μ·v + (1 − μ)·g, an exponential mean (Adam's m, or PyTorch's dampening = μ): the chapter, as PyTorch and optax, adds the gradient itself, v ← μ·v + g";
/// 9.1: uphill.
pub const UPHILL: &str = "θ moves uphill: a descent step subtracts, θ ← θ − η·v";
/// 9.1: Nesterov's step.
pub const NESTEROV: &str = "that is Nesterov's step θ ← θ − η·(g + μ·v): the heavy ball steps by the velocity alone, θ ← θ − η·v";
/// 9.1: θ moved with the old velocity.
pub const STALE_VELOCITY: &str = "θ moved with the old velocity: update v ← μ·v + g first, then step θ ← θ − η·v with the new one (the first step is plain SGD's)";
/// 9.1: η carried in the buffer.
pub const SUTSKEVER: &str = "θ is right, but `velocity` is η times the buffer asked for (or −η times): that is Sutskever's convention, v ← μ·v + η·g (or − η·g), θ ← θ − v (or + v) — the same θ only while η stays constant; the exercise keeps PyTorch's buffer v ← μ·v + g, so that a schedule can change η between steps";
/// 9.1: the velocity not written back.
pub const VELOCITY_NOT_KEPT: &str = "`velocity` is never updated: it must hold v ← μ·v + g after the step (write into it: *velocity = …), or every step starts again from v = 0 and momentum is plain SGD";
/// 9.2: no bias correction.
pub const NO_BIAS_CORRECTION: &str = "the bias correction is missing: m and v start at 0, so divide them by 1 − β₁ᵗ and 1 − β₂ᵗ (t = 1 at the first step) before the step";
/// 9.2: only m corrected.
pub const CORRECTION_ON_M_ONLY: &str =
    "only m is bias-corrected: v starts at 0 too, so v̂ = v/(1 − β₂ᵗ) as well";
/// 9.2: v corrected with β₁.
pub const V_CORRECTED_WITH_BETA1: &str = "v is corrected with β₁: each running mean is divided by the sum of its own weights, m by 1 − β₁ᵗ and v by 1 − β₂ᵗ";
/// 9.2: 1 − β⁰ = 0 at the first step.
pub const CORRECTION_OF_STEP_ZERO: &str = "NaN from step 1 on: the correction uses βᵗ⁻¹ (or t counted from 0), and at the first step 1 − β⁰ = 0 divides m by 0 — t is 1 at the first step, m̂ = m/(1 − β₁ᵗ)";
/// 9.2: ε under the root.
pub const EPSILON_INSIDE_ROOT: &str =
    "ε is under the root: Adam (PyTorch, optax) divides by √v̂ + ε, not √(v̂ + ε)";
/// 9.2: the paper's efficient form.
pub const EFFICIENT_FORM: &str = "that is the paper's \"efficient\" form, η·√(1 − β₂ᵗ)/(1 − β₁ᵗ)·m/(√v + ε): it adds ε to √v, not to √v̂ (ε scaled by √(1 − β₂ᵗ)); PyTorch, optax and the chapter compute m̂/(√v̂ + ε)";
/// 9.2: the state not written back.
pub const STATE_NOT_KEPT: &str = "m and v are never stored in `state`: each step then starts from m = v = 0 — write the new running means into state.m and state.v";
/// 9.2: the corrected values stored.
pub const CORRECTED_STORED: &str = "`state` holds m̂ and v̂, the corrected means: keep the uncorrected running means m and v there — the correction divides by 1 − βᵗ anew at each step, and a corrected value corrected again is wrong from step 2 on";
/// 9.3: L2 instead of decoupled decay.
pub const COUPLED_WEIGHT_DECAY: &str = "that is an L2 penalty: λ·θ added to the gradient goes through m and v, and the division by √v̂ shrinks it; AdamW decays the weights themselves, θ ← θ − η·λ·θ, and Adam's step sees the gradient alone";
/// 9.3: decay without η.
pub const DECAY_WITHOUT_LR: &str = "the decay is not scaled by the learning rate: PyTorch's AdamW shrinks θ by the factor 1 − η·λ each step, not 1 − λ";
/// 9.3: decay after Adam's step.
pub const DECAY_AFTER_STEP: &str = "θ is decayed after Adam's step: PyTorch's AdamW shrinks θ first, θ ← θ − η·λ·θ, then takes Adam's step (a small difference, but not the same θ)";

/// How many steps each check takes.
const STEPS: usize = 6;

/// θ₀ (4 coordinates, standard deviation 2) and the gradients of the steps (standard
/// deviation 1, one coordinate 100 times smaller, where ε matters).
fn data(seed: u64) -> (Array1<f64>, Vec<Array1<f64>>) {
    let theta = random_vector(4, seed, 2.0);
    let grads = (0..STEPS as u64)
        .map(|k| {
            let mut g = random_vector(4, seed + 1 + k, 1.0);
            g[3] *= 0.01;
            g
        })
        .collect();
    (theta, grads)
}

/// Rows of equal length as a matrix: row k, the state after step k + 1.
fn rows(rows: &[Array1<f64>]) -> Array2<f64> {
    let mut m = Array2::zeros((rows.len(), rows.first().map_or(0, Array1::len)));
    for (k, r) in rows.iter().enumerate() {
        m.row_mut(k).assign(r);
    }
    m
}

/// θ after each step (row k: after step k + 1), from θ₀, each step given θ, g and t = k + 1.
fn path(
    theta0: &Array1<f64>,
    grads: &[Array1<f64>],
    mut step: impl FnMut(&mut Array1<f64>, &Array1<f64>, i32),
) -> Array2<f64> {
    let mut theta = theta0.clone();
    let mut after = Vec::new();
    for (k, g) in grads.iter().enumerate() {
        step(&mut theta, g, k as i32 + 1);
        after.push(theta.clone());
    }
    rows(&after)
}

// The chapter's optimizers, driven as the book's training loop drives them: each use of their
// constructors and of `Optimizer::update` is here.

/// θ after each step of one of the chapter's optimizers on a single parameter, at the
/// learning rate `lr` (the book's loop hands the rate to each step).
fn optimizer_path(
    mut optimizer: impl Optimizer,
    lr: f64,
    theta0: &Array1<f64>,
    grads: &[Array1<f64>],
) -> Array2<f64> {
    path(theta0, grads, |theta, g, _| {
        optimizer.update(lr, 0, Param::new("θ", theta, g))
    })
}

/// The chapter's heavy ball.
fn momentum(mu: f64) -> Momentum {
    Momentum::new(mu)
}

/// The chapter's Nesterov momentum.
fn nesterov(mu: f64) -> Nesterov {
    Nesterov::new(mu)
}

/// The chapter's Adam with these settings (all but the rate, `s.lr`, which each step gets).
fn adam(s: &AdamSettings) -> Adam {
    let mut adam = Adam::new();
    (adam.beta1, adam.beta2, adam.eps) = (s.beta1, s.beta2, s.eps);
    adam
}

/// The chapter's AdamW with these settings.
fn adamw(s: &AdamSettings, weight_decay: f64) -> AdamW {
    AdamW {
        adam: adam(s),
        weight_decay,
    }
}

/// A way of writing the heavy ball: the right one and the typical mistakes.
#[derive(Clone, Copy, PartialEq)]
pub enum MomentumForm {
    /// v ← μv + g, θ ← θ − ηv.
    Right,
    Dampened,
    Stale,
    /// v ← μv + ηg, θ ← θ − v.
    Sutskever,
    /// v ← μv − ηg, θ ← θ + v.
    SutskeverNegative,
    NotKept,
}

/// θ and the velocity after each step of the heavy ball written as `form`.
pub fn momentum_path(
    form: MomentumForm,
    (lr, mu): (f64, f64),
    theta0: &Array1<f64>,
    grads: &[Array1<f64>],
) -> (Array2<f64>, Array2<f64>) {
    let mut v = Array1::zeros(theta0.len());
    let mut velocities = Vec::new();
    let theta = path(theta0, grads, |theta, g, _| {
        match form {
            MomentumForm::Right | MomentumForm::NotKept => {
                let new = &v * mu + g;
                theta.scaled_add(-lr, &new);
                if form == MomentumForm::Right {
                    v = new;
                }
            }
            MomentumForm::Dampened => {
                v = &v * mu + g * (1.0 - mu);
                theta.scaled_add(-lr, &v);
            }
            MomentumForm::Stale => {
                theta.scaled_add(-lr, &v);
                v = &v * mu + g;
            }
            MomentumForm::Sutskever => {
                v = &v * mu + g * lr;
                *theta -= &v;
            }
            MomentumForm::SutskeverNegative => {
                v = &v * mu - g * lr;
                *theta += &v;
            }
        }
        velocities.push(v.clone());
    });
    (theta, rows(&velocities))
}

/// A way of writing Adam: the right one and the typical mistakes.
#[derive(Clone, Copy, PartialEq)]
pub enum AdamForm {
    Right,
    NoCorrection,
    CorrectionOnMOnly,
    VCorrectedWithBeta1,
    /// The corrections with βᵗ⁻¹: 1 − β⁰ = 0 at the first step.
    StepZero,
    EpsilonInside,
    Efficient,
    /// m and v never stored: each step starts from 0.
    NotKept,
    /// m̂ and v̂ stored in the state.
    CorrectedStored,
}

/// θ, m and v after each step of Adam written as `form`.
pub fn adam_path(
    form: AdamForm,
    s: &AdamSettings,
    theta0: &Array1<f64>,
    grads: &[Array1<f64>],
) -> (Array2<f64>, Array2<f64>, Array2<f64>) {
    let mut state = AdamState::zeros(theta0.len());
    let (mut ms, mut vs) = (Vec::new(), Vec::new());
    let theta = path(theta0, grads, |theta, g, t| {
        adam_step_as(form, s, theta, g, &mut state, t);
        ms.push(state.m.clone());
        vs.push(state.v.clone());
    });
    (theta, rows(&ms), rows(&vs))
}

/// One step of Adam written as `form`.
fn adam_step_as(
    form: AdamForm,
    s: &AdamSettings,
    theta: &mut Array1<f64>,
    g: &Array1<f64>,
    state: &mut AdamState,
    t: i32,
) {
    let m = &state.m * s.beta1 + g * (1.0 - s.beta1);
    let v = &state.v * s.beta2 + g.mapv(|g| g * g) * (1.0 - s.beta2);
    let t_corr = if form == AdamForm::StepZero { t - 1 } else { t };
    let (c1, c2) = (1.0 - s.beta1.powi(t_corr), 1.0 - s.beta2.powi(t_corr));
    let (m_hat, v_hat) = match form {
        AdamForm::NoCorrection | AdamForm::Efficient => (m.clone(), v.clone()),
        AdamForm::CorrectionOnMOnly => (&m / c1, v.clone()),
        AdamForm::VCorrectedWithBeta1 => (&m / c1, &v / c1),
        _ => (&m / c1, &v / c2),
    };
    let step = match form {
        AdamForm::EpsilonInside => &m_hat / &v_hat.mapv(|v| (v + s.eps).sqrt()) * s.lr,
        AdamForm::Efficient => &m / &v.mapv(|v| v.sqrt() + s.eps) * (s.lr * c2.sqrt() / c1),
        _ => &m_hat / &v_hat.mapv(|v| v.sqrt() + s.eps) * s.lr,
    };
    *theta -= &step;
    match form {
        AdamForm::NotKept => {}
        AdamForm::CorrectedStored => (state.m, state.v) = (m_hat, v_hat),
        _ => (state.m, state.v) = (m, v),
    }
}

const MOMENTUM_CASES: [(f64, f64, u64); 2] = [(0.1, 0.9, 900), (0.05, 0.5, 910)];

const ADAM: AdamSettings = AdamSettings {
    lr: 0.01,
    beta1: 0.8,
    beta2: 0.99,
    eps: 1e-3,
};

const ADAMW: AdamSettings = AdamSettings {
    lr: 0.05,
    beta1: 0.9,
    beta2: 0.999,
    eps: 1e-8,
};
const WEIGHT_DECAY: f64 = 0.1;

fn check_momentum(c: Candidate) -> Result<(), Mismatch> {
    for (lr, mu, seed) in MOMENTUM_CASES {
        let (theta0, grads) = data(seed);
        let mut velocity = Array1::zeros(theta0.len());
        let mut velocities = Vec::new();
        let got = path(&theta0, &grads, |theta, g, _| {
            (c.momentum_step)(theta, g, &mut velocity, lr, mu);
            velocities.push(velocity.clone());
        });
        let simulated = |form| momentum_path(form, (lr, mu), &theta0, &grads);
        let settings = format!("η = {lr}, μ = {mu}");
        compare(
            format!("momentum_step: θ after steps 1 to {STEPS} (a row each) with {settings}"),
            optimizer_path(momentum(mu), lr, &theta0, &grads),
            got,
        )
        .steps()
        .known(simulated(MomentumForm::Dampened).0, Hint::Mistake(DAMPENED))
        .known(
            optimizer_path(momentum(mu), -lr, &theta0, &grads),
            Hint::Mistake(UPHILL),
        )
        .known(
            optimizer_path(nesterov(mu), lr, &theta0, &grads),
            Hint::Mistake(NESTEROV),
        )
        .known(
            simulated(MomentumForm::Stale).0,
            Hint::Mistake(STALE_VELOCITY),
        )
        .known(
            simulated(MomentumForm::NotKept).0,
            Hint::Mistake(VELOCITY_NOT_KEPT),
        )
        .check()?;
        compare(
            format!(
                "momentum_step: `velocity` after steps 1 to {STEPS} (a row each) with {settings}"
            ),
            simulated(MomentumForm::Right).1,
            rows(&velocities),
        )
        .steps()
        .known(
            simulated(MomentumForm::Sutskever).1,
            Hint::Mistake(SUTSKEVER),
        )
        .known(
            simulated(MomentumForm::SutskeverNegative).1,
            Hint::Mistake(SUTSKEVER),
        )
        .check()?;
    }
    Ok(())
}

/// θ, m and v after each step of a reader's Adam step (9.2's or, with weight decay, 9.3's).
fn states(
    theta0: &Array1<f64>,
    grads: &[Array1<f64>],
    mut step: impl FnMut(&mut Array1<f64>, &Array1<f64>, &mut AdamState, i32),
) -> (Array2<f64>, Array2<f64>, Array2<f64>) {
    let mut state = AdamState::zeros(theta0.len());
    let (mut ms, mut vs) = (Vec::new(), Vec::new());
    let theta = path(theta0, grads, |theta, g, t| {
        step(theta, g, &mut state, t);
        ms.push(state.m.clone());
        vs.push(state.v.clone());
    });
    (theta, rows(&ms), rows(&vs))
}

/// Compares the reader's m and v after each step with Adam's on the gradients alone.
fn check_state(
    function: &str,
    (m, v): (Array2<f64>, Array2<f64>),
    right: &(Array2<f64>, Array2<f64>, Array2<f64>),
    corrected: &(Array2<f64>, Array2<f64>, Array2<f64>),
) -> Result<(), Mismatch> {
    let what =
        |name: &str| format!("{function}: state.{name} after steps 1 to {STEPS} (a row each)");
    compare(what("m"), right.1.clone(), m)
        .steps()
        .known(corrected.1.clone(), Hint::Mistake(CORRECTED_STORED))
        .check()?;
    compare(what("v"), right.2.clone(), v)
        .steps()
        .known(corrected.2.clone(), Hint::Mistake(CORRECTED_STORED))
        .check()
}

fn check_adam(c: Candidate) -> Result<(), Mismatch> {
    let (theta0, grads) = data(920);
    let (theta, m, v) = states(&theta0, &grads, |theta, g, state, t| {
        (c.adam_step)(theta, g, state, t, &ADAM)
    });
    let simulated = |form| adam_path(form, &ADAM, &theta0, &grads).0;
    let mut uncorrected = adam(&ADAM);
    uncorrected.bias_correction = false;
    compare(
        format!("adam_step: θ after steps 1 to {STEPS} (a row each) with {ADAM:?}"),
        optimizer_path(adam(&ADAM), ADAM.lr, &theta0, &grads),
        theta,
    )
    .steps()
    .known(
        optimizer_path(uncorrected, ADAM.lr, &theta0, &grads),
        Hint::Mistake(NO_BIAS_CORRECTION),
    )
    .known(
        simulated(AdamForm::CorrectionOnMOnly),
        Hint::Mistake(CORRECTION_ON_M_ONLY),
    )
    .known(
        simulated(AdamForm::VCorrectedWithBeta1),
        Hint::Mistake(V_CORRECTED_WITH_BETA1),
    )
    .known(
        simulated(AdamForm::StepZero),
        Hint::Mistake(CORRECTION_OF_STEP_ZERO),
    )
    .known(
        simulated(AdamForm::EpsilonInside),
        Hint::Mistake(EPSILON_INSIDE_ROOT),
    )
    .known(
        simulated(AdamForm::Efficient),
        Hint::Mistake(EFFICIENT_FORM),
    )
    .known(simulated(AdamForm::NotKept), Hint::Mistake(STATE_NOT_KEPT))
    .known(
        simulated(AdamForm::CorrectedStored),
        Hint::Mistake(CORRECTED_STORED),
    )
    .check()?;
    check_state(
        "adam_step",
        (m, v),
        &adam_path(AdamForm::Right, &ADAM, &theta0, &grads),
        &adam_path(AdamForm::CorrectedStored, &ADAM, &theta0, &grads),
    )
}

fn check_adamw(c: Candidate) -> Result<(), Mismatch> {
    let (theta0, grads) = data(930);
    let lambda = WEIGHT_DECAY;
    let (theta, m, v) = states(&theta0, &grads, |theta, g, state, t| {
        (c.adamw_step)(theta, g, state, t, &ADAMW, lambda)
    });
    // The mistakes: Adam's step (the right one) with the decay in the wrong place.
    let decayed = |decay: &dyn Fn(&mut Array1<f64>, &Array1<f64>)| {
        let mut state = AdamState::zeros(theta0.len());
        path(&theta0, &grads, |theta, g, t| {
            decay(theta, g);
            adam_step_as(AdamForm::Right, &ADAMW, theta, g, &mut state, t);
        })
    };
    let l2 = {
        let mut state = AdamState::zeros(theta0.len());
        path(&theta0, &grads, |theta, g, t| {
            let with_decay = g + &(&*theta * lambda); // L2: λθ into the gradient
            adam_step_as(AdamForm::Right, &ADAMW, theta, &with_decay, &mut state, t);
        })
    };
    let after = {
        let mut state = AdamState::zeros(theta0.len());
        path(&theta0, &grads, |theta, g, t| {
            adam_step_as(AdamForm::Right, &ADAMW, theta, g, &mut state, t);
            *theta *= 1.0 - ADAMW.lr * lambda;
        })
    };
    compare(
        format!("adamw_step: θ after steps 1 to {STEPS} (a row each) with λ = {lambda}, {ADAMW:?}"),
        optimizer_path(adamw(&ADAMW, lambda), ADAMW.lr, &theta0, &grads),
        theta,
    )
    .steps()
    .known(l2, Hint::Mistake(COUPLED_WEIGHT_DECAY))
    .known(
        decayed(&|theta, _| *theta *= 1.0 - lambda),
        Hint::Mistake(DECAY_WITHOUT_LR),
    )
    .known(after, Hint::Mistake(DECAY_AFTER_STEP))
    .fix_first("9.2", "adam_step", || {
        let mut state = AdamState::zeros(theta0.len());
        path(&theta0, &grads, |theta, g, t| {
            *theta *= 1.0 - ADAMW.lr * lambda;
            (c.adam_step)(theta, g, &mut state, t, &ADAMW);
        })
    })
    .check()?;
    check_state(
        "adamw_step",
        (m, v),
        &adam_path(AdamForm::Right, &ADAMW, &theta0, &grads),
        &adam_path(AdamForm::CorrectedStored, &ADAMW, &theta0, &grads),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The definitions the state is compared with give the chapter's θ: the simulated right
    /// forms agree with `Momentum` and `Adam`.
    #[test]
    fn the_simulated_right_forms_are_the_chapters() {
        let (theta0, grads) = data(900);
        let (theta, _) = momentum_path(MomentumForm::Right, (0.1, 0.9), &theta0, &grads);
        let chapter = optimizer_path(momentum(0.9), 0.1, &theta0, &grads);
        assert!(crate::diagnose::same(
            &theta.into_dyn(),
            &chapter.into_dyn()
        ));
        let (theta, _, _) = adam_path(AdamForm::Right, &ADAM, &theta0, &grads);
        let chapter = optimizer_path(adam(&ADAM), ADAM.lr, &theta0, &grads);
        assert!(crate::diagnose::same(
            &theta.into_dyn(),
            &chapter.into_dyn()
        ));
        let (theta, _, _) = adam_path(AdamForm::NoCorrection, &ADAM, &theta0, &grads);
        let mut uncorrected = adam(&ADAM);
        uncorrected.bias_correction = false;
        let chapter = optimizer_path(uncorrected, ADAM.lr, &theta0, &grads);
        assert!(crate::diagnose::same(
            &theta.into_dyn(),
            &chapter.into_dyn()
        ));
    }
}
