//! Mini-batch stochastic gradient descent.
//!
//! Each epoch shuffles the training set (with the seeded generator) and cuts it into batches;
//! every batch makes one step with the gradient of its own mean loss. Cheaper per step than the
//! full batch of chapters 2–4, and the noise of small batches is part of why it generalises.

use ch03_relu_xor::mlp::{Activation, Loss, Mlp};
use ndarray::{Array2, Axis};
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
// ANCHOR_END: minibatches

/// A model that mini-batch SGD can train: forward and backward on a batch (returning its
/// mean loss, keeping the gradients), then a step. Chapter 3's network is one; chapter 6's
/// convolutional network is another.
pub trait Trainable {
    fn backprop(&mut self, x: &Array2<f64>, labels: &[usize]) -> f64;
    fn step(&mut self, lr: f64);
}

impl<A: Activation, L: Loss> Trainable for Mlp<A, L> {
    fn backprop(&mut self, x: &Array2<f64>, labels: &[usize]) -> f64 {
        Mlp::backprop(self, x, labels)
    }
    fn step(&mut self, lr: f64) {
        Mlp::step(self, lr)
    }
}

/// Settings of a mini-batch SGD run.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Sgd {
    pub lr: f64,
    pub epochs: usize,
    pub batch_size: usize,
    pub seed: u64,
}

// ANCHOR: train_sgd
/// Trains with mini-batch SGD; calls `progress(epoch, mean training loss)` after every epoch
/// and returns those losses.
pub fn train_sgd<M: Trainable>(
    net: &mut M,
    x: &Array2<f64>,
    labels: &[usize],
    settings: Sgd,
    mut progress: impl FnMut(usize, f64),
) -> Vec<f64> {
    let mut rng = seeded(settings.seed);
    let mut history = Vec::with_capacity(settings.epochs);
    for epoch in 1..=settings.epochs {
        let mut total = 0.0;
        for batch in minibatches(labels.len(), settings.batch_size, &mut rng) {
            let xb = x.select(Axis(0), &batch); // (batch, features)
            let yb: Vec<usize> = batch.iter().map(|&i| labels[i]).collect();
            total += net.backprop(&xb, &yb) * batch.len() as f64;
            net.step(settings.lr);
        }
        let mean = total / labels.len() as f64;
        progress(epoch, mean);
        history.push(mean);
    }
    history
}
// ANCHOR_END: train_sgd

/// Trains one epoch at a time so that something (a test error, say) can be measured after
/// each: returns `measure(net)` before training and after every epoch. Epoch e (from 0)
/// shuffles with seed `settings.seed · 1000 + e`; `progress(epoch, mean training loss)` is
/// called after every epoch, counting from 1.
pub fn train_measuring<M: Trainable>(
    net: &mut M,
    x: &Array2<f64>,
    labels: &[usize],
    settings: Sgd,
    measure: impl Fn(&M) -> f64,
    mut progress: impl FnMut(usize, f64),
) -> Vec<f64> {
    let mut measured = vec![measure(net)];
    for epoch in 0..settings.epochs {
        let one = Sgd {
            epochs: 1,
            seed: settings.seed * 1000 + epoch as u64,
            ..settings
        };
        train_sgd(net, x, labels, one, |_, loss| progress(epoch + 1, loss));
        measured.push(measure(net));
    }
    measured
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn measuring_trains_as_one_epoch_runs_with_their_seeds() {
        use ndarray::array;
        let x = array![[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0], [0.5, 0.2]];
        let labels = [0, 1, 1, 0, 1];
        let settings = Sgd {
            lr: 0.3,
            epochs: 3,
            batch_size: 2,
            seed: 7,
        };
        let start = Mlp::new(2, 4, 2, &mut seeded(1));
        let (mut measured_net, mut by_hand) = (start.clone(), start);
        let mut epochs_seen = Vec::new();
        let measured = train_measuring(
            &mut measured_net,
            &x,
            &labels,
            settings,
            |net| net.loss_on(&x, &labels),
            |epoch, _| epochs_seen.push(epoch),
        );
        let mut expected = vec![by_hand.loss_on(&x, &labels)];
        for epoch in 0..3 {
            let one = Sgd {
                epochs: 1,
                seed: 7000 + epoch,
                ..settings
            };
            train_sgd(&mut by_hand, &x, &labels, one, |_, _| {});
            expected.push(by_hand.loss_on(&x, &labels));
        }
        assert_eq!(measured, expected);
        assert_eq!(epochs_seen, [1, 2, 3]);
    }

    #[test]
    fn every_sample_once_per_epoch() {
        let batches = minibatches(10, 4, &mut seeded(1));
        assert_eq!(batches.iter().map(Vec::len).collect::<Vec<_>>(), [4, 4, 2]);
        let mut all: Vec<usize> = batches.concat();
        all.sort_unstable();
        assert_eq!(all, (0..10).collect::<Vec<_>>());
        assert_ne!(batches.concat(), (0..10).collect::<Vec<_>>(), "shuffled");
    }
}
