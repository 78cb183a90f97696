//! Chapter 4's exercises: leaky ReLU's forward and backward passes, and counting dead units.
//! Expected values: chapter 4's `LeakyRelu` layer and `dead_units`.

use ch03_relu_xor::Layer;
use ch04_leaky_relu::leaky_relu::leaky_relu_prime;
use ch04_leaky_relu::{dead_units, LeakyRelu};
use ndarray::{Array1, Array2};

use super::{random, with_zeros, SHAPES};
use crate::diagnose::{compare, Hint};
use crate::grade::{Chapter, Exercise};

/// The functions a reader writes for chapter 4.
#[derive(Clone, Copy)]
pub struct Candidate {
    pub leaky_relu: fn(&Array2<f64>, f64) -> Array2<f64>,
    pub leaky_relu_backward: fn(&Array2<f64>, &Array2<f64>, f64) -> Array2<f64>,
    pub dead_units: fn(&Array2<f64>) -> Vec<bool>,
}

/// What this book takes at leaky ReLU's kink.
pub const LEAKY_AT_ZERO: &str =
    "this book takes f′(0) = α, as chapter 3 takes ReLU′(0) = 0 (x > 0, not x >= 0)";

/// Why a unit whose input is 0 for some samples and negative for the rest is dead.
pub const DEAD_AT_ZERO: &str =
    "a unit whose input is exactly 0 gets no gradient either (ReLU′(0) = 0): dead means ≤ 0 for every sample";

/// The slopes the checks use.
const SLOPES: [f64; 3] = [0.01, 0.1, 0.3];

fn as_numbers(flags: &[bool]) -> Array1<f64> {
    flags.iter().map(|&d| if d { 1.0 } else { 0.0 }).collect()
}

pub fn chapter(c: Candidate) -> Chapter {
    Chapter {
        number: 4,
        title: "Leaky ReLU and dead units",
        file: "practice/src/exercises/ch04.rs",
        exercises: vec![
            Exercise::new(
                "4.1",
                "leaky_relu",
                "leaky ReLU's forward pass",
                "f(x) = x for x > 0 and α·x otherwise, element by element",
                move || {
                    for (k, &(batch, width, _)) in SHAPES.iter().enumerate() {
                        let x = with_zeros(random((batch, width), 400 + k as u64, 2.0));
                        let alpha = SLOPES[k];
                        compare(
                            format!("leaky_relu for X {:?}, α = {alpha}", x.dim()),
                            LeakyRelu::new(alpha).forward(&x),
                            (c.leaky_relu)(&x, alpha),
                        )
                        .elementwise(&x)
                        .known(x.mapv(|v| v.max(0.0)), Hint::SlopeIgnored)
                        .check()?;
                    }
                    Ok(())
                },
            ),
            Exercise::new(
                "4.2",
                "leaky_relu_backward",
                "leaky ReLU's backward pass",
                "∂L/∂X = f′(X) ⊙ G, with f′(x) = 1 for x > 0 and α otherwise (also at x = 0)",
                move || {
                    for (k, &(batch, width, _)) in SHAPES.iter().enumerate() {
                        let seed = 410 + 2 * k as u64;
                        let x = with_zeros(random((batch, width), seed, 1.0));
                        let g = random((batch, width), seed + 1, 1.0);
                        let alpha = SLOPES[k];
                        let mut layer = LeakyRelu::new(alpha);
                        layer.forward(&x);
                        compare(
                            format!("leaky_relu_backward for X {:?} (every third element 0), α = {alpha}", x.dim()),
                            layer.backward(&g),
                            (c.leaky_relu_backward)(&x, &g, alpha),
                        )
                        .elementwise(&x)
                        .kink_where(x.mapv(|v| v == 0.0), LEAKY_AT_ZERO)
                        .known(x.mapv(|v| leaky_relu_prime(v, alpha)), Hint::UpstreamIgnored)
                        .known(&g * &x.mapv(|v| if v > 0.0 { 1.0 } else { 0.0 }), Hint::SlopeIgnored)
                        .check()?;
                    }
                    Ok(())
                },
            ),
            Exercise::new(
                "4.3",
                "dead_units",
                "counting dead units",
                "for pre-activations (samples, hidden): which units are ≤ 0 for every sample",
                move || {
                    // Unit 1 negative everywhere, unit 3 negative or exactly 0, unit 4 all 0:
                    // all three dead; the others alive.
                    let mut h = random((8, 5), 430, 1.0);
                    h.column_mut(1).mapv_inplace(|v| -v.abs() - 0.1);
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
                    compare(
                        "dead_units (1 = dead, 0 = alive) for pre-activations (8, 5) with units 1, 3 and 4 dead",
                        as_numbers(&dead_units(&h)),
                        as_numbers(&(c.dead_units)(&h)),
                    )
                    .kink_where(zero_kink, DEAD_AT_ZERO)
                    .known(as_numbers(&by_rows), Hint::WrongAxis)
                    .check()
                },
            ),
        ],
    }
}
