//! Chapter 1's exercises: the sigmoid for every finite input, its derivative, the neuron's
//! weighted sums. Expected values: chapter 1's `sigmoid`, `sigmoid_prime` and
//! `Neuron::weighted_sums`.

use ch01_sigmoid_neuron::sigmoid::{sigmoid, sigmoid_prime};
use ch01_sigmoid_neuron::Neuron;
use ndarray::{Array1, Array2};
use nn_core::gradcheck::check_gradient;

use super::{random, random_vector};
use crate::diagnose::{compare, Hint};
use crate::grade::{Chapter, Exercise};

/// The functions a reader writes for chapter 1.
#[derive(Clone, Copy)]
pub struct Candidate {
    pub sigmoid: fn(f64) -> f64,
    pub sigmoid_prime: fn(f64) -> f64,
    pub weighted_sums: fn(&Array2<f64>, &Array1<f64>, f64) -> Array1<f64>,
}

/// Inputs from −30 to 30, 40 generated ones, and the large ones where exp overflows.
fn inputs() -> Array1<f64> {
    let grid = (-60..=60).map(|i| i as f64 * 0.5);
    let generated = random_vector(40, 11, 8.0);
    let large = [
        700.0, -700.0, 710.0, -710.0, 745.0, -745.0, 800.0, -800.0, 1e4, -1e4, 1e308, -1e308,
    ];
    grid.chain(generated).chain(large).collect()
}

/// Where the exponential of ±z overflows or nearly does.
fn large(z: &Array1<f64>) -> ndarray::Array1<bool> {
    z.mapv(|v| v.abs() >= 700.0)
}

pub fn chapter(c: Candidate) -> Chapter {
    Chapter {
        number: 1,
        title: "The sigmoid neuron",
        file: "practice/src/exercises/ch01.rs",
        exercises: vec![
            Exercise::new(
                "1.1",
                "sigmoid",
                "the sigmoid for every finite input",
                "σ(z) = 1 / (1 + e⁻ᶻ), finite and right for every finite z (also ±800 and ±1e308)",
                move || {
                    let z = inputs();
                    compare(
                        "sigmoid(z) for z from −1e308 to 1e308",
                        z.mapv(sigmoid),
                        z.mapv(c.sigmoid),
                    )
                    .elementwise(&z)
                    .large_where(large(&z))
                    .check()
                },
            ),
            Exercise::new(
                "1.2",
                "sigmoid_prime",
                "the sigmoid's derivative",
                "d/dz σ(z) = σ(z)·(1 − σ(z)), finite for every finite z",
                move || {
                    let z = inputs();
                    let got = z.mapv(c.sigmoid_prime);
                    compare(
                        "sigmoid_prime(z) for z from −1e308 to 1e308",
                        z.mapv(sigmoid_prime),
                        got,
                    )
                    .elementwise(&z)
                    .large_where(large(&z))
                    .check()
                    .map_err(|m| {
                        // Σ σ(zᵢ) has gradient (σ′(zᵢ))ᵢ: compare with central differences
                        // where they are accurate.
                        let moderate = Array1::from_iter((-20..=20).map(|i| i as f64 * 0.25));
                        m.or_gradient_check(|| {
                            let got = moderate.mapv(c.sigmoid_prime);
                            check_gradient(|z| z.mapv(sigmoid).sum(), &moderate, &got)
                        })
                    })
                },
            ),
            Exercise::new(
                "1.3",
                "weighted_sums",
                "the neuron's weighted sums for a batch",
                "z = x·w + b for every row x of a batch: (batch, inputs) -> (batch,)",
                move || {
                    for (k, &(batch, inputs, _)) in super::SHAPES.iter().enumerate() {
                        let seed = 100 + 3 * k as u64;
                        let x = random((batch, inputs), seed, 2.0);
                        let w = random_vector(inputs, seed + 1, 1.0);
                        let b = random_vector(1, seed + 2, 1.0)[0];
                        let expected = Neuron::new(w.clone(), b).weighted_sums(&x);
                        compare(
                            format!("weighted_sums for x {:?}, w ({inputs},)", x.dim()),
                            expected,
                            (c.weighted_sums)(&x, &w, b),
                        )
                        .known(x.dot(&w), Hint::MissingBias)
                        .check()?;
                    }
                    Ok(())
                },
            ),
        ],
    }
}
