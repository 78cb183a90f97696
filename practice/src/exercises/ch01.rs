//! Chapter 1's exercises: replace each `todo!(…)` with your code, save, and run
//! `cargo run -p practice -- 1` (or leave `cargo run -p practice -- 1 --watch` running).
//! The answers, if you are stuck: practice/answers/ch01.rs.

use ndarray::{Array1, Array2};

/// Exercise 1.1: σ(z) = 1 / (1 + e⁻ᶻ), finite and right for every finite z — also for
/// z = ±800 and ±1e308, where e^|z| overflows to ∞. (Chapter 1, "The sigmoid".)
pub fn sigmoid(z: f64) -> f64 {
    todo!("exercise 1.1: the sigmoid for every finite input")
}

/// Exercise 1.2: the sigmoid's derivative, d/dz σ(z) = σ(z)·(1 − σ(z)), finite for every
/// finite z. (You may call your `sigmoid`.)
pub fn sigmoid_prime(z: f64) -> f64 {
    todo!("exercise 1.2: the sigmoid's derivative")
}

/// Exercise 1.3: the neuron's weighted sum z = x·w + b for every row x of a batch:
/// x (batch, inputs), w (inputs,), b a number -> (batch,).
pub fn weighted_sums(x: &Array2<f64>, w: &Array1<f64>, b: f64) -> Array1<f64> {
    todo!("exercise 1.3: the neuron's weighted sums")
}
