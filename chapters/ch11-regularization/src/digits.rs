//! A deliberately small training set, from chapter 5's split of the digits: a few hundred of
//! its 1,438 training images, balanced across the ten digits, with chapter 5's 359 held-out
//! images as the test set. A validation set, when one is asked for, is carved from those few
//! hundred — never from the test set.

use ch05_softmax::DigitsSplit;
use ndarray::{Array2, Axis};
use nn_core::rng::{seeded, SliceRandom};

// ANCHOR: digits
/// The images a network trains on, validates on, and is tested on.
#[derive(Clone, Debug)]
pub struct Digits {
    /// (samples, 64) pixels from 0 to 1, and their labels: what the network trains on.
    pub x: Array2<f64>,
    pub labels: Vec<usize>,
    /// The validation set, carved from the training images (empty when none is asked for).
    pub x_val: Array2<f64>,
    pub val_labels: Vec<usize>,
    /// Chapter 5's held-out 20 %: never trained on, never used to choose anything.
    pub x_test: Array2<f64>,
    pub test_labels: Vec<usize>,
}

impl Digits {
    /// `size` of the training images of chapter 5's split with `seed`, each digit as often as
    /// the others (to within one), chosen by a shuffle seeded with `seed`; the last
    /// `validation` of them become the validation set (balanced too), the rest the training
    /// set. Panics unless `validation < size ≤ 1438`.
    pub fn new(size: usize, validation: usize, seed: u64) -> Self {
        Digits::from_split(&DigitsSplit::new(seed), size, validation, seed)
    }

    /// The same from chapter 5's split already made (with `seed`, for [`Digits::new`]'s
    /// images).
    pub fn from_split(split: &DigitsSplit, size: usize, validation: usize, seed: u64) -> Self {
        assert!(
            validation < size && size <= split.labels.len(),
            "Digits: {validation} validation images out of {size}, from {} training images",
            split.labels.len()
        );
        let chosen = balanced(&split.labels, size, seed);
        let (train, val) = chosen.split_at(size - validation);
        let pick = |rows: &[usize]| split.x.select(Axis(0), rows);
        let labels = |rows: &[usize]| rows.iter().map(|&i| split.labels[i]).collect();
        Digits {
            x: pick(train),
            labels: labels(train),
            x_val: pick(val),
            val_labels: labels(val),
            x_test: split.x_test.clone(),
            test_labels: split.test_labels.clone(),
        }
    }

    /// The same images with the training labels shuffled among them: each image keeps a label
    /// drawn from the others', so there is nothing left to learn but the pairs themselves.
    pub fn with_random_labels(mut self, seed: u64) -> Self {
        self.labels.shuffle(&mut seeded(seed));
        self
    }
}

/// `size` indices of `labels`, the classes taken in turn (one of each digit, then a second of
/// each, …), each class's members in an order shuffled with `seed`: every prefix is balanced.
fn balanced(labels: &[usize], size: usize, seed: u64) -> Vec<usize> {
    let classes = labels.iter().max().map_or(0, |&c| c + 1);
    let mut rng = seeded(seed);
    let mut members: Vec<Vec<usize>> = (0..classes)
        .map(|c| {
            let mut m: Vec<usize> = (0..labels.len()).filter(|&i| labels[i] == c).collect();
            m.shuffle(&mut rng);
            m
        })
        .collect();
    members.iter_mut().for_each(|m| m.reverse()); // pop from the shuffled front
    let mut chosen = Vec::with_capacity(size);
    while chosen.len() < size {
        for m in members.iter_mut() {
            if let Some(i) = m.pop() {
                if chosen.len() < size {
                    chosen.push(i);
                }
            }
        }
    }
    chosen
}
// ANCHOR_END: digits

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(labels: &[usize]) -> Vec<usize> {
        let mut c = vec![0; 10];
        labels.iter().for_each(|&l| c[l] += 1);
        c
    }

    #[test]
    fn the_sets_are_balanced_and_disjoint() {
        let d = Digits::new(205, 50, 3);
        assert_eq!((d.x.nrows(), d.labels.len()), (155, 155));
        assert_eq!((d.x_val.nrows(), d.val_labels.len()), (50, 50));
        assert_eq!(d.x_test.nrows(), 359);
        // 155 = 15·10 + 5: five digits once more; the validation set 5 of each.
        assert!(counts(&d.labels).iter().all(|&c| c == 15 || c == 16));
        assert!(counts(&d.val_labels).iter().all(|&c| c == 5));
        // No training image is also a validation or a test image.
        for row in d.x_val.rows().into_iter().chain(d.x_test.rows()) {
            assert!(d.x.rows().into_iter().all(|t| t != row));
        }
    }

    #[test]
    fn every_training_image_can_be_used() {
        let d = Digits::new(1438, 0, 0);
        assert_eq!(d.labels.len(), 1438);
        assert_eq!(counts(&d.labels), counts(&DigitsSplit::new(0).labels));
    }

    #[test]
    fn random_labels_keep_the_images_and_the_label_counts() {
        let d = Digits::new(200, 0, 1);
        let r = d.clone().with_random_labels(1);
        assert_eq!(r.x, d.x);
        assert_eq!(counts(&r.labels), counts(&d.labels));
        let same = r
            .labels
            .iter()
            .zip(&d.labels)
            .filter(|(a, b)| a == b)
            .count();
        assert!(
            same < 40,
            "{same} of 200 kept their label (about 20 by chance)"
        );
    }
}
