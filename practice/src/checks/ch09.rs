//! Chapter 9's exercises: one step of heavy-ball momentum, of Adam and of AdamW, each run for
//! several steps on a fixed sequence of gradients. Expected values: chapter 9's `Momentum`,
//! `Adam` and `AdamW`, each driven through its `Optimizer::update` on the same data; some
//! typical mistakes are the chapter's own variants (`Nesterov`, Adam without bias correction).

use ch03_relu_xor::{Optimizer, Param};
use ch09_optimizers::{Adam, AdamW, Momentum, Nesterov};
use ndarray::{Array1, Array2, Zip};

use super::{random_vector, Vector};
use crate::diagnose::{compare, Hint};
use crate::grade::{Chapter, Exercise};

/// Adam's running means of g and g², one per coordinate: zeros before the first step.
#[derive(Clone, Debug, PartialEq)]
pub struct AdamState {
    /// m, the running mean of the gradients: (len,)
    pub m: Array1<f64>,
    /// v, the running mean of their squares: (len,)
    pub v: Array1<f64>,
}

impl AdamState {
    /// m = v = 0, as before the first step.
    pub fn zeros(len: usize) -> Self {
        AdamState {
            m: Array1::zeros(len),
            v: Array1::zeros(len),
        }
    }
}

/// Adam's hyperparameters.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct AdamSettings {
    /// The learning rate η.
    pub lr: f64,
    /// The decay β₁ of the running mean of g.
    pub beta1: f64,
    /// The decay β₂ of the running mean of g².
    pub beta2: f64,
    /// The ε added to √v̂.
    pub eps: f64,
}

type AdamStep = fn(&mut Vector, &Vector, &mut AdamState, i32, &AdamSettings);

/// The functions a reader writes for chapter 9.
#[derive(Clone, Copy)]
pub struct Candidate {
    pub momentum_step: fn(&mut Vector, &Vector, &mut Vector, f64, f64),
    pub adam_step: AdamStep,
    pub adamw_step: fn(&mut Vector, &Vector, &mut AdamState, i32, &AdamSettings, f64),
}

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

/// θ after each step (row k: after step k + 1), from θ₀, each step given θ, g and t = k + 1.
fn path(
    theta0: &Array1<f64>,
    grads: &[Array1<f64>],
    mut step: impl FnMut(&mut Array1<f64>, &Array1<f64>, i32),
) -> Array2<f64> {
    let mut theta = theta0.clone();
    let mut rows = Array2::zeros((grads.len(), theta.len()));
    for (k, g) in grads.iter().enumerate() {
        step(&mut theta, g, k as i32 + 1);
        rows.row_mut(k).assign(&theta);
    }
    rows
}

/// θ after each step of one of the chapter's optimizers.
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

/// The chapter's Adam with these settings.
fn adam(s: &AdamSettings) -> Adam {
    let mut adam = Adam::new();
    (adam.beta1, adam.beta2, adam.eps) = (s.beta1, s.beta2, s.eps);
    adam
}

/// Adam with the step θ ← θ − step(m, v, t) and the chapter's running means: the
/// mistakes' paths, for their hints.
fn adam_with_step(
    s: AdamSettings,
    theta0: &Array1<f64>,
    grads: &[Array1<f64>],
    step: impl Fn(f64, f64, i32) -> f64,
) -> Array2<f64> {
    let mut m = Array1::<f64>::zeros(theta0.len());
    let mut v = Array1::<f64>::zeros(theta0.len());
    path(theta0, grads, |theta, g, t| {
        Zip::from(theta)
            .and(&mut m)
            .and(&mut v)
            .and(g)
            .for_each(|theta, m, v, &g| {
                *m = s.beta1 * *m + (1.0 - s.beta1) * g;
                *v = s.beta2 * *v + (1.0 - s.beta2) * g * g;
                *theta -= step(*m, *v, t);
            });
    })
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

pub fn chapter(c: Candidate) -> Chapter {
    Chapter {
        number: 9,
        title: "Optimizers",
        file: "practice/src/exercises/ch09.rs",
        exercises: vec![
            Exercise::new(
                "9.1",
                "momentum_step",
                "one step of SGD with momentum",
                "PyTorch's heavy ball: v ← μ·v + g, then θ ← θ − η·v (v = 0 before the first step)",
                move || {
                    for (lr, mu, seed) in MOMENTUM_CASES {
                        let (theta0, grads) = data(seed);
                        let mut velocity = Array1::zeros(theta0.len());
                        let got = path(&theta0, &grads, |theta, g, _| (c.momentum_step)(theta, g, &mut velocity, lr, mu));
                        let mut dampened = Array1::zeros(theta0.len());
                        let mut stale = Array1::zeros(theta0.len());
                        compare(
                            format!("momentum_step: θ after steps 1 to {STEPS} (a row each) with η = {lr}, μ = {mu}"),
                            optimizer_path(Momentum::new(mu), lr, &theta0, &grads),
                            got,
                        )
                        .known(
                            path(&theta0, &grads, |theta, g, _| {
                                dampened = &dampened * mu + g * (1.0 - mu);
                                theta.scaled_add(-lr, &dampened);
                            }),
                            Hint::DampenedMomentum,
                        )
                        .known(optimizer_path(Momentum::new(mu), -lr, &theta0, &grads), Hint::Uphill)
                        .known(optimizer_path(Nesterov::new(mu), lr, &theta0, &grads), Hint::Nesterov)
                        .known(
                            path(&theta0, &grads, |theta, g, _| {
                                theta.scaled_add(-lr, &stale);
                                stale = &stale * mu + g;
                            }),
                            Hint::StaleVelocity,
                        )
                        .check()?;
                    }
                    Ok(())
                },
            ),
            Exercise::new(
                "9.2",
                "adam_step",
                "one step of Adam, bias-corrected",
                "m ← β₁m + (1 − β₁)g, v ← β₂v + (1 − β₂)g², m̂ = m/(1 − β₁ᵗ), v̂ = v/(1 − β₂ᵗ), θ ← θ − η·m̂/(√v̂ + ε)",
                move || {
                    let (theta0, grads) = data(920);
                    let mut state = AdamState::zeros(theta0.len());
                    let got = path(&theta0, &grads, |theta, g, t| (c.adam_step)(theta, g, &mut state, t, &ADAM));
                    let mut uncorrected = adam(&ADAM);
                    uncorrected.bias_correction = false;
                    compare(
                        format!("adam_step: θ after steps 1 to {STEPS} (a row each) with {ADAM:?}"),
                        optimizer_path(adam(&ADAM), ADAM.lr, &theta0, &grads),
                        got,
                    )
                    .known(optimizer_path(uncorrected, ADAM.lr, &theta0, &grads), Hint::MissingBiasCorrection)
                    .known(
                        adam_with_step(ADAM, &theta0, &grads, |m, v, t| {
                            let (c1, c2) = (1.0 - ADAM.beta1.powi(t), 1.0 - ADAM.beta2.powi(t));
                            ADAM.lr * (m / c1) / (v / c2 + ADAM.eps).sqrt() // ε under the root
                        }),
                        Hint::EpsilonInsideRoot,
                    )
                    .known(
                        adam_with_step(ADAM, &theta0, &grads, |m, v, t| {
                            let (c1, c2) = (1.0 - ADAM.beta1.powi(t), 1.0 - ADAM.beta2.powi(t));
                            ADAM.lr * c2.sqrt() / c1 * m / (v.sqrt() + ADAM.eps) // the paper's "efficient" form
                        }),
                        Hint::AdamEfficientForm,
                    )
                    .check()
                },
            ),
            Exercise::new(
                "9.3",
                "adamw_step",
                "one step of AdamW: decoupled weight decay",
                "θ ← θ − η·λ·θ, then Adam's step from the gradient alone (the decay does not go into m and v)",
                move || {
                    let (theta0, grads) = data(930);
                    let mut state = AdamState::zeros(theta0.len());
                    let got = path(&theta0, &grads, |theta, g, t| {
                        (c.adamw_step)(theta, g, &mut state, t, &ADAMW, WEIGHT_DECAY)
                    });
                    let adamw = AdamW {
                        adam: adam(&ADAMW),
                        weight_decay: WEIGHT_DECAY,
                    };
                    let mut l2 = adam(&ADAMW);
                    let mut unscaled = adam(&ADAMW);
                    compare(
                        format!("adamw_step: θ after steps 1 to {STEPS} (a row each) with λ = {WEIGHT_DECAY}, {ADAMW:?}"),
                        optimizer_path(adamw, ADAMW.lr, &theta0, &grads),
                        got,
                    )
                    .known(
                        path(&theta0, &grads, |theta, g, _| {
                            let with_decay = g + &(&*theta * WEIGHT_DECAY); // L2: λθ into the gradient
                            l2.update(ADAMW.lr, 0, Param::new("θ", theta, &with_decay));
                        }),
                        Hint::CoupledWeightDecay,
                    )
                    .known(
                        path(&theta0, &grads, |theta, g, _| {
                            *theta *= 1.0 - WEIGHT_DECAY; // θ ← θ − λθ, without η
                            unscaled.update(ADAMW.lr, 0, Param::new("θ", theta, g));
                        }),
                        Hint::DecayWithoutLearningRate,
                    )
                    .check()
                },
            ),
        ],
    }
}
