//! Chapter 4's exercises: leaky ReLU's forward and backward passes, and counting dead units.
//! Expected values: chapter 4's `LeakyRelu` layer and `dead_units`.

use ch03_relu_xor::Layer;
use ch04_leaky_relu::leaky_relu::leaky_relu_prime;
use ch04_leaky_relu::{dead_units, LeakyRelu};
use ndarray::{Array1, Array2};

use super::ch03::UPSTREAM_IGNORED;
use super::{random, with_zeros, SHAPES};
use crate::diagnose::{compare, Hint, Mismatch};

exercises! { $ bind_ch04, ch04: 4, "Leaky ReLU and dead units";
    "4.1" leaky_relu(&Array2<f64>, f64) -> Array2<f64>,
        "leaky ReLU's forward pass",
        "f(x) = x for x > 0 and α·x otherwise, element by element",
        check_forward;
    "4.2" leaky_relu_backward(&Array2<f64>, &Array2<f64>, f64) -> Array2<f64>,
        "leaky ReLU's backward pass",
        "∂L/∂X = f′(X) ⊙ G, with f′(x) = 1 for x > 0 and α otherwise (also at x = 0)",
        check_backward;
    "4.3" dead_units(&Array2<f64>) -> Vec<bool>,
        "counting dead units",
        "for pre-activations (samples, hidden): which units are ≤ 0 for every sample",
        check_dead_units;
}

/// What this book takes at leaky ReLU's kink.
pub const LEAKY_AT_ZERO: &str =
    "this book takes f′(0) = α, as chapter 3 takes ReLU′(0) = 0 (x > 0, not x >= 0)";
/// Why a unit whose input is 0 for some samples and negative for the rest is dead.
pub const DEAD_AT_ZERO: &str =
    "a unit whose input is exactly 0 gets no gradient either (ReLU′(0) = 0): dead means ≤ 0 for every sample";
/// 4.1, 4.2: the slope α not used.
pub const SLOPE_IGNORED: &str =
    "the negative slope α is not used: negative inputs should give α·x (forward) and α·g (backward)";
/// 4.1: α on the wrong side.
pub const SLOPES_SWAPPED: &str = "the slopes are swapped: x for x > 0 (unchanged), α·x for x ≤ 0 (the leak is on the negative side)";
/// 4.3: over the samples instead of the units.
pub const DEAD_BY_ROWS: &str = "that asks of each sample (row) whether all its units are ≤ 0: a unit is a column — ask of each column whether it is ≤ 0 for every sample";
/// 4.3: a unit dead if ≤ 0 for some sample.
pub const DEAD_FOR_ANY: &str = "that counts a unit dead when it is ≤ 0 for some sample: it is dead only when it is ≤ 0 for every sample (all, not any) — one positive input and it still learns";

/// The slopes the checks use.
const SLOPES: [f64; 3] = [0.01, 0.1, 0.3];

fn as_numbers(flags: &[bool]) -> Array1<f64> {
    flags.iter().map(|&d| if d { 1.0 } else { 0.0 }).collect()
}

fn check_forward(c: Candidate) -> Result<(), Mismatch> {
    for (k, &(batch, width, _)) in SHAPES.iter().enumerate() {
        let x = with_zeros(random((batch, width), 400 + k as u64, 2.0));
        let alpha = SLOPES[k];
        compare(
            format!("leaky_relu for X {:?}, α = {alpha}", x.dim()),
            LeakyRelu::new(alpha).forward(&x),
            (c.leaky_relu)(&x, alpha),
        )
        .elementwise(&x)
        .known(x.mapv(|v| v.max(0.0)), Hint::Mistake(SLOPE_IGNORED))
        .known(
            x.mapv(|v| if v > 0.0 { alpha * v } else { v }),
            Hint::Mistake(SLOPES_SWAPPED),
        )
        .check()?;
    }
    Ok(())
}

fn check_backward(c: Candidate) -> Result<(), Mismatch> {
    for (k, &(batch, width, _)) in SHAPES.iter().enumerate() {
        let seed = 410 + 2 * k as u64;
        let x = with_zeros(random((batch, width), seed, 1.0));
        let g = random((batch, width), seed + 1, 1.0);
        let alpha = SLOPES[k];
        let mut layer = LeakyRelu::new(alpha);
        layer.forward(&x);
        compare(
            format!(
                "leaky_relu_backward for X {:?} (every third element 0), α = {alpha}",
                x.dim()
            ),
            layer.backward(&g),
            (c.leaky_relu_backward)(&x, &g, alpha),
        )
        .elementwise(&x)
        .kink_where(x.mapv(|v| v == 0.0), LEAKY_AT_ZERO)
        .known(
            x.mapv(|v| leaky_relu_prime(v, alpha)),
            Hint::Mistake(UPSTREAM_IGNORED),
        )
        .known(
            &g * &x.mapv(|v| if v > 0.0 { 1.0 } else { 0.0 }),
            Hint::Mistake(SLOPE_IGNORED),
        )
        .check()?;
    }
    Ok(())
}

fn check_dead_units(c: Candidate) -> Result<(), Mismatch> {
    // Unit 1 negative everywhere, unit 3 negative or exactly 0, unit 4 all 0: all three dead;
    // the others alive, unit 2 negative for all samples but one.
    let mut h = random((8, 5), 430, 1.0);
    h.column_mut(1).mapv_inplace(|v| -v.abs() - 0.1);
    h.column_mut(2).mapv_inplace(|v| -v.abs() - 0.1);
    h[[6, 2]] = 0.5;
    h.column_mut(3).mapv_inplace(|v| -v.abs());
    h[[2, 3]] = 0.0;
    h[[5, 3]] = 0.0;
    h.column_mut(4).fill(0.0);
    let zero_kink = Array1::from_iter(
        h.columns()
            .into_iter()
            .map(|u| u.iter().all(|&v| v <= 0.0) && u.iter().any(|&v| v == 0.0)),
    );
    let by_rows: Vec<bool> = h
        .rows()
        .into_iter()
        .map(|r| r.iter().all(|&v| v <= 0.0))
        .collect();
    let any: Vec<bool> = h
        .columns()
        .into_iter()
        .map(|u| u.iter().any(|&v| v <= 0.0))
        .collect();
    compare(
        "dead_units (1 = dead, 0 = alive) for pre-activations (8, 5) with units 1, 3 and 4 dead",
        as_numbers(&dead_units(&h)),
        as_numbers(&(c.dead_units)(&h)),
    )
    .kink_where(zero_kink, DEAD_AT_ZERO)
    .known(as_numbers(&by_rows), Hint::Mistake(DEAD_BY_ROWS))
    .known(as_numbers(&any), Hint::Mistake(DEAD_FOR_ANY))
    .check()
}
