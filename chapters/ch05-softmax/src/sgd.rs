//! Mini-batch stochastic gradient descent.
//!
//! Each epoch shuffles the training set (with the seeded generator) and cuts it into batches;
//! every batch makes one step with the gradient of its own mean loss. Cheaper per step than the
//! full batch of chapters 2–4, and the noise of small batches is part of why it generalises.
//!
//! In code it is one more way to cut an epoch, a [`Batches`] for chapter 3's training loop:
//! the loop, the layers and the optimizer stay as they are.

use ch03_relu_xor::Batches;
use nn_core::rng::{seeded, ChaCha8Rng, SliceRandom};

// ANCHOR: minibatches
/// The sample indices of one epoch, shuffled and cut into batches of `batch_size`.
pub fn minibatches(samples: usize, batch_size: usize, rng: &mut ChaCha8Rng) -> Vec<Vec<usize>> {
    let mut order: Vec<usize> = (0..samples).collect();
    order.shuffle(rng);
    order
        .chunks(batch_size.max(1))
        .map(<[usize]>::to_vec)
        .collect()
}

/// Shuffled mini-batches, from one seeded generator for the whole run.
#[derive(Clone, Debug)]
pub struct Shuffled {
    pub batch_size: usize,
    rng: ChaCha8Rng,
}

impl Shuffled {
    pub fn new(batch_size: usize, seed: u64) -> Self {
        Shuffled {
            batch_size,
            rng: seeded(seed),
        }
    }
}

impl Batches for Shuffled {
    fn epoch(&mut self, samples: usize) -> Vec<Vec<usize>> {
        minibatches(samples, self.batch_size, &mut self.rng)
    }
}
// ANCHOR_END: minibatches

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_sample_once_per_epoch() {
        let batches = minibatches(10, 4, &mut seeded(1));
        assert_eq!(batches.iter().map(Vec::len).collect::<Vec<_>>(), [4, 4, 2]);
        let mut all: Vec<usize> = batches.concat();
        all.sort_unstable();
        assert_eq!(all, (0..10).collect::<Vec<_>>());
        assert_ne!(batches.concat(), (0..10).collect::<Vec<_>>(), "shuffled");
    }

    #[test]
    fn each_epoch_is_shuffled_anew() {
        let mut batches = Shuffled::new(10, 3);
        assert_ne!(batches.epoch(10), batches.epoch(10));
    }
}
