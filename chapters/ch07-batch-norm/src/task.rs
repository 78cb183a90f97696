//! A deterministic synthetic task with the learner's input shape, 1 × 16 × 2.
//!
//! Each input is 16 pairs (aᵢ, bᵢ) of bits written as ±1, drawn at random; target bit i is their
//! exclusive or: bitᵢ = [aᵢ ≠ bᵢ]. Each bit is chapter 3's XOR, so no single linear unit
//! computes it; the network has to find, among 32 inputs, the two that matter for each bit. The 16 bits are packed into the
//! label (bit i of the integer), the form chapter 5's `BitsLoss` reads.

use ndarray::Array2;
use nn_core::rng::{rand_distr::Uniform, seeded, RandomExt};

/// Pairs per input, and so bits per target.
pub const PAIRS: usize = 16;

// ANCHOR: task
/// `samples` inputs (samples, 32) of ±1 — the 16 × 2 grid row by row — and their packed labels.
pub fn bit_task(samples: usize, seed: u64) -> (Array2<f64>, Vec<usize>) {
    let uniform = Uniform::new(-1.0, 1.0).expect("a range");
    let x: Array2<f64> =
        Array2::random_using((samples, 2 * PAIRS), uniform, &mut seeded(seed)).mapv(f64::signum);
    let labels = x
        .rows()
        .into_iter()
        .map(|row| {
            (0..PAIRS)
                .filter(|&i| row[2 * i] != row[2 * i + 1])
                .map(|i| 1 << i)
                .sum()
        })
        .collect();
    (x, labels)
}
// ANCHOR_END: task

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_follow_the_rule_and_are_balanced() {
        let (x, labels) = bit_task(2000, 1);
        let row = x.row(0);
        for i in 0..PAIRS {
            let bit = (labels[0] >> i) & 1 == 1;
            assert_eq!(bit, row[2 * i] != row[2 * i + 1]);
            assert!(row[2 * i].abs() == 1.0);
        }
        // a ≠ b half of the time: about half of all bits are 1.
        let ones: u32 = labels.iter().map(|&l| (l as u32).count_ones()).sum();
        let share = ones as f64 / (2000.0 * PAIRS as f64);
        assert!((share - 0.5).abs() < 0.02, "{share}");
    }
}
