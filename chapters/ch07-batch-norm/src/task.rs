//! A deterministic synthetic task with the learner's input shape, 1 × 16 × 2.
//!
//! Each input is 16 pairs (aᵢ, bᵢ) of bits written as ±1, drawn at random; target bit i is their
//! exclusive or: bitᵢ = [aᵢ ≠ bᵢ]. Each bit is chapter 3's XOR, so no single linear unit
//! computes it; the network has to find, among 32 inputs, the two that matter for each bit. The
//! targets are the 16 bits as 0s and 1s, one row per input: chapter 5's `Squash::targets`
//! turns them into the output activation's targets.

use ndarray::Array2;
use nn_core::rng::{rand_distr::Uniform, seeded, RandomExt};

/// Pairs per input, and so bits per target.
pub const PAIRS: usize = 16;

// ANCHOR: task
/// `samples` inputs (samples, 32) of ±1 — the 16 × 2 grid row by row — and their bits
/// (samples, 16) of 0 and 1: bitᵢ = [aᵢ ≠ bᵢ].
pub fn bit_task(samples: usize, seed: u64) -> (Array2<f64>, Array2<f64>) {
    let uniform = Uniform::new(-1.0, 1.0).expect("a range");
    let x: Array2<f64> =
        Array2::random_using((samples, 2 * PAIRS), uniform, &mut seeded(seed)).mapv(f64::signum);
    let bits = Array2::from_shape_fn((samples, PAIRS), |(s, i)| {
        f64::from(u8::from(x[[s, 2 * i]] != x[[s, 2 * i + 1]]))
    });
    (x, bits)
}
// ANCHOR_END: task

/// The task's training and test sets, from `seed`: `samples` to train on, half as many to test
/// on (drawn from `seed + 1000`).
#[derive(Clone, Debug)]
pub struct BitData {
    pub x: Array2<f64>,
    pub bits: Array2<f64>,
    pub x_test: Array2<f64>,
    pub test_bits: Array2<f64>,
}

impl BitData {
    pub fn new(samples: usize, seed: u64) -> Self {
        let (x, bits) = bit_task(samples, seed);
        let (x_test, test_bits) = bit_task(samples / 2, seed.wrapping_add(1_000));
        BitData {
            x,
            bits,
            x_test,
            test_bits,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bits_follow_the_rule_and_are_balanced() {
        let (x, bits) = bit_task(2000, 1);
        let row = x.row(0);
        for i in 0..PAIRS {
            assert_eq!(bits[[0, i]] == 1.0, row[2 * i] != row[2 * i + 1]);
            assert!(row[2 * i].abs() == 1.0);
        }
        // a ≠ b half of the time: about half of all bits are 1.
        let share = bits.sum() / (2000.0 * PAIRS as f64);
        assert!((share - 0.5).abs() < 0.02, "{share}");
    }
}
