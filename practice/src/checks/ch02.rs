//! Chapter 2's exercises: the cost from logits (NaN-safe), its gradient, the standardizer
//! fitted on the training set. Expected values: chapter 2's `Cost::Logits`, `descent::gradient`
//! and `Standardizer`.

use ch02_logistic_regression::descent::gradient;
use ch02_logistic_regression::{Cost, Standardizer};
use ndarray::{arr0, array, Array1, Array2, Axis};
use nn_core::gradcheck::check_gradient;

use super::{random, random_vector, Matrix, Vector};
use crate::diagnose::{compare, Hint};
use crate::grade::{Chapter, Exercise};

/// The functions a reader writes for chapter 2.
#[derive(Clone, Copy)]
pub struct Candidate {
    pub cost: fn(&Array1<f64>, &Array1<f64>) -> f64,
    pub cost_gradient: fn(&Matrix, &Vector, &Vector) -> Vector,
    pub standardize: fn(&Array2<f64>, &Array2<f64>) -> Array2<f64>,
}

/// Labels 0 and 1, alternating from a seed-chosen start.
fn labels(n: usize, seed: u64) -> Array1<f64> {
    Array1::from_iter((0..n).map(|i| ((i as u64 + seed) % 2) as f64))
}

pub fn chapter(c: Candidate) -> Chapter {
    Chapter {
        number: 2,
        title: "Logistic regression without NaN",
        file: "practice/src/exercises/ch02.rs",
        exercises: vec![
            Exercise::new(
                "2.1",
                "cost",
                "the cross-entropy cost from logits",
                "the mean over samples of softplus(z) − y·z, finite for every finite logit z",
                move || {
                    // Moderate logits first (a missing 1/n shows as a ratio), then large ones.
                    let moderate = random_vector(8, 21, 3.0);
                    let y = labels(8, 1);
                    compare(
                        "cost(z, y) for 8 logits in ±6",
                        arr0(Cost::Logits.mean(&moderate, &y)),
                        arr0((c.cost)(&moderate, &y)),
                    )
                    .mean_over(8)
                    .check()?;
                    let large = array![800.0, -800.0, 40.0, -40.0, 1000.0, -1000.0];
                    let y = array![1.0, 1.0, 0.0, 0.0, 0.0, 1.0];
                    compare(
                        "cost(z, y) for z = ±800, ±40, ±1000",
                        arr0(Cost::Logits.mean(&large, &y)),
                        arr0((c.cost)(&large, &y)),
                    )
                    .large_where(arr0(true))
                    .check()
                },
            ),
            Exercise::new(
                "2.2",
                "cost_gradient",
                "the cost's gradient",
                "∂J/∂w = (1/m)·Xᵀ(σ(Xw) − y): (samples, features), (samples,), (features,) -> (features,)",
                move || {
                    for (k, &(m, features)) in [(6, 3), (1, 2), (9, 4)].iter().enumerate() {
                        let seed = 200 + 3 * k as u64;
                        let x = random((m, features), seed, 1.5);
                        let y = labels(m, seed);
                        let w = random_vector(features, seed + 1, 1.0);
                        let got = (c.cost_gradient)(&x, &y, &w);
                        compare(
                            format!("cost_gradient for X {:?}", x.dim()),
                            gradient(&x, &y, &w),
                            got.clone(),
                        )
                        .mean_over(m)
                        .check()
                        .map_err(|mismatch| {
                            let cost = |w: &Array1<f64>| Cost::Logits.mean(&x.dot(w), &y);
                            mismatch.or_gradient_check(|| check_gradient(cost, &w, &got))
                        })?;
                    }
                    Ok(())
                },
            ),
            Exercise::new(
                "2.3",
                "standardize",
                "the standardizer fitted on the training set",
                "(x − μ) / s column by column for the test set, μ and s the training set's per-column mean and population standard deviation; a constant column passes through",
                move || {
                    // A square training set first (so statistics over the wrong axis still fit
                    // and show as such), then one with a constant column of ones.
                    let cases = [
                        (random((4, 4), 31, 3.0) + 5.0, random((4, 4), 32, 3.0) + 5.0),
                        (with_ones(random((6, 3), 33, 10.0)), with_ones(random((4, 3), 34, 10.0))),
                    ];
                    for (train, test) in cases {
                        let fitted = Standardizer::fit(&train);
                        let sample = Standardizer {
                            mean: fitted.mean.clone(),
                            std: train.std_axis(Axis(0), 1.0),
                        };
                        let by_rows = Standardizer {
                            mean: train.mean_axis(Axis(1)).expect("rows"),
                            std: train.std_axis(Axis(1), 0.0),
                        };
                        let mut known = compare(
                            format!("standardize(train {:?}, test {:?})", train.dim(), test.dim()),
                            fitted.transform(&test),
                            (c.standardize)(&train, &test),
                        )
                        .known(Standardizer::fit(&test).transform(&test), Hint::FittedOnTheWrongData)
                        .known(sample.transform(&test), Hint::SampleStd)
                        .known((&test - &fitted.mean) / &fitted.std, Hint::ConstantColumn);
                        if train.nrows() == train.ncols() {
                            known = known.known(by_rows.transform(&test), Hint::WrongAxis);
                        }
                        known.check()?;
                    }
                    Ok(())
                },
            ),
        ],
    }
}

/// `x` with its first column set to ones, as chapter 2's bias column.
fn with_ones(mut x: Array2<f64>) -> Array2<f64> {
    x.column_mut(0).fill(1.0);
    x
}
