//! The handwritten digits as this book trains on them from this chapter on: 1,797 images of
//! 8×8 pixels from 0 to 16, split 80/20 with each digit in the same proportion on both sides
//! (stratified), the pixels scaled to 0–1. Chapters 6, 9, 10 and 11 train on the same split.

use ndarray::Array2;
use nn_core::data::{self, Dataset};

// ANCHOR: digits
/// The digits split 80/20 (stratified) with `seed`.
pub fn split(seed: u64) -> (Dataset, Dataset) {
    data::digits().stratified_split(0.2, seed)
}

/// Digits with pixels scaled from 0–16 to 0–1: (images, 64).
pub fn scaled(d: &Dataset) -> Array2<f64> {
    &d.features / 16.0
}

/// The split as arrays: scaled pixels and labels, for training and for testing.
#[derive(Clone, Debug)]
pub struct DigitsSplit {
    pub x: Array2<f64>,
    pub labels: Vec<usize>,
    pub x_test: Array2<f64>,
    pub test_labels: Vec<usize>,
}

impl DigitsSplit {
    pub fn new(seed: u64) -> Self {
        let (train, test) = split(seed);
        DigitsSplit {
            x: scaled(&train),
            labels: train.labels.to_vec(),
            x_test: scaled(&test),
            test_labels: test.labels.to_vec(),
        }
    }
}
// ANCHOR_END: digits

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fifth_of_each_digit_is_held_out_and_pixels_are_in_0_1() {
        let d = DigitsSplit::new(3);
        assert_eq!(d.x.nrows() + d.x_test.nrows(), 1797);
        assert_eq!(
            (d.labels.len(), d.test_labels.len()),
            (d.x.nrows(), d.x_test.nrows())
        );
        for digit in 0..10 {
            let count = |l: &[usize]| l.iter().filter(|&&y| y == digit).count() as f64;
            let (train, test) = (count(&d.labels), count(&d.test_labels));
            let fraction = test / (train + test);
            assert!((fraction - 0.2).abs() < 0.01, "digit {digit}: {fraction}");
        }
        assert!(d
            .x
            .iter()
            .chain(&d.x_test)
            .all(|&p| (0.0..=1.0).contains(&p)));
        assert_eq!(d.x.iter().fold(0.0f64, |m, &p| m.max(p)), 1.0);
    }
}
