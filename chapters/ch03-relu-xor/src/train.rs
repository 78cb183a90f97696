//! One training loop for every network of the book.
//!
//! Each epoch cuts the samples into batches; for each batch: forward, loss, backward, and one
//! optimizer step with the step's learning rate. What varies is plain in sight, as fields of a
//! [`Trainer`]: the loss, the optimizer, the learning rate (a constant, or a schedule: a
//! function of the step number), how an epoch is cut into batches, and how many epochs. Any
//! model that is a [`Layer`] trains with it. The loop owns the step count.
//!
//! This chapter cuts an epoch two ways: one batch of every sample (full-batch gradient descent)
//! and one sample at a time (online). Chapter 5 adds shuffled mini-batches, as one more
//! [`Batches`], without touching the loop.

use std::borrow::{Borrow, Cow};

use ndarray::{Array2, Axis};

use crate::layer::Layer;
use crate::loss::{Loss, Targets};
use crate::optimizer::{Optimizer, Schedule, Sgd};
use crate::softmax::SoftmaxCrossEntropy;

/// How an epoch is cut into batches: lists of sample indices.
pub trait Batches {
    fn epoch(&mut self, samples: usize) -> Vec<Vec<usize>>;
}

/// Every sample in one batch, in order: full-batch gradient descent.
#[derive(Clone, Copy, Debug, Default)]
pub struct FullBatch;

impl Batches for FullBatch {
    fn epoch(&mut self, samples: usize) -> Vec<Vec<usize>> {
        vec![(0..samples).collect()]
    }
}

/// One sample at a time, in order: online gradient descent.
#[derive(Clone, Copy, Debug, Default)]
pub struct Online;

impl Batches for Online {
    fn epoch(&mut self, samples: usize) -> Vec<Vec<usize>> {
        (0..samples).map(|i| vec![i]).collect()
    }
}

// ANCHOR: trainer
/// What a training run uses, in plain sight.
#[derive(Clone, Debug)]
pub struct Trainer<L, O, B, S = f64> {
    pub loss: L,
    pub optimizer: O,
    /// The learning rate: a number, or a schedule of the step.
    pub lr: S,
    pub batches: B,
    pub epochs: usize,
}

impl<L: Loss, O: Optimizer, B: Batches, S: Schedule> Trainer<L, O, B, S> {
    /// Trains `model` on the samples `x` (samples, features) and their `targets`. After each
    /// epoch calls `after_epoch(epoch, mean loss, model)`, counting epochs from 1, with the mean
    /// of the batches' losses (each computed before its step). Returns those means.
    pub fn fit<M: Layer>(
        &mut self,
        model: &mut M,
        x: &Array2<f64>,
        targets: &L::Target,
        mut after_epoch: impl FnMut(usize, f64, &mut M),
    ) -> Vec<f64> {
        let samples = targets.count();
        assert_eq!(x.nrows(), samples, "one target per sample");
        let mut history = Vec::with_capacity(self.epochs);
        let mut step = 0;
        for epoch in 1..=self.epochs {
            let mut total = 0.0;
            for batch in self.batches.epoch(samples) {
                let xb = rows(x, &batch); // (batch, features)
                let tb = targets.subset(&batch);
                let logits = model.forward(&xb);
                total += self.loss.forward(&logits, tb.borrow()) * batch.len() as f64;
                model.backward_params(&self.loss.backward()); // the input is data: no ∂L/∂X
                self.optimizer.step(self.lr.lr(step), model);
                step += 1;
            }
            let mean = total / samples as f64;
            after_epoch(epoch, mean, model);
            history.push(mean);
        }
        history
    }
}
// ANCHOR_END: trainer

/// The rows `batch` of `x`: `x` itself (no copy) when the batch is every row in order.
fn rows<'a>(x: &'a Array2<f64>, batch: &[usize]) -> Cow<'a, Array2<f64>> {
    let everything = batch.len() == x.nrows() && batch.iter().enumerate().all(|(i, &j)| i == j);
    if everything {
        Cow::Borrowed(x)
    } else {
        Cow::Owned(x.select(Axis(0), batch))
    }
}

/// The mean loss of `model` on a dataset, by inference: the model keeps nothing.
pub fn evaluate<M: Layer + ?Sized, L: Loss>(
    model: &M,
    loss: &mut L,
    x: &Array2<f64>,
    targets: &L::Target,
) -> f64 {
    loss.forward(&model.infer(x), targets)
}

// ANCHOR: training
/// Full-batch gradient descent with softmax cross-entropy: one step per epoch on all samples.
/// Returns the loss before the first epoch and after each.
pub fn train_batch<M: Layer>(
    net: &mut M,
    x: &Array2<f64>,
    labels: &[usize],
    lr: f64,
    epochs: usize,
) -> Vec<f64> {
    train_xor(net, x, labels, lr, epochs, FullBatch)
}

/// Online gradient descent: for each sample in turn, forward, backward, update. Returns the
/// loss on all samples before the first epoch and after each.
pub fn train_online<M: Layer>(
    net: &mut M,
    x: &Array2<f64>,
    labels: &[usize],
    lr: f64,
    epochs: usize,
) -> Vec<f64> {
    train_xor(net, x, labels, lr, epochs, Online)
}

fn train_xor<M: Layer>(
    net: &mut M,
    x: &Array2<f64>,
    labels: &[usize],
    lr: f64,
    epochs: usize,
    batches: impl Batches,
) -> Vec<f64> {
    let mut trainer = Trainer {
        loss: SoftmaxCrossEntropy::default(),
        optimizer: Sgd,
        lr,
        batches,
        epochs,
    };
    let mut history = vec![evaluate(net, &mut trainer.loss, x, labels)];
    let mut loss = SoftmaxCrossEntropy::default();
    trainer.fit(net, x, labels, |_, _, net| {
        history.push(evaluate(net, &mut loss, x, labels));
    });
    history
}
// ANCHOR_END: training

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{xor_inputs, Mlp, XOR_LABELS};
    use nn_core::rng::seeded;

    #[test]
    fn online_and_batch_both_learn_xor() {
        for online in [false, true] {
            let mut net = Mlp::new(2, 8, 2, &mut seeded(1));
            let train = if online { train_online } else { train_batch };
            let history = train(&mut net, &xor_inputs(), &XOR_LABELS, 0.5, 500);
            assert_eq!(history.len(), 501);
            assert!(history[500] < 0.05, "online {online}: {}", history[500]);
        }
    }

    #[test]
    fn full_batch_means_are_the_losses_before_each_step() {
        // In full-batch descent the loss computed during epoch e is the loss after e − 1 steps.
        let (x, labels) = (xor_inputs(), XOR_LABELS);
        let start = Mlp::new(2, 4, 2, &mut seeded(2));
        let after = train_batch(&mut start.clone(), &x, &labels, 0.3, 5);
        let mut trainer = Trainer {
            loss: SoftmaxCrossEntropy::default(),
            optimizer: Sgd,
            lr: 0.3,
            batches: FullBatch,
            epochs: 5,
        };
        let during = trainer.fit(&mut start.clone(), &x, &labels[..], |_, _, _| {});
        assert_eq!(during[..], after[..5]);
    }

    #[test]
    fn online_batches_are_the_samples_in_order() {
        assert_eq!(Online.epoch(3), [vec![0], vec![1], vec![2]]);
        assert_eq!(FullBatch.epoch(3), [vec![0, 1, 2]]);
    }
}
