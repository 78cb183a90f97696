//! How this chapter trains the learner's network on the bit task — chapter 5's shuffled
//! mini-batches, chapter 5's squared error after the output activation, the test error
//! measured by inference after every epoch — as one function with its settings spelled out,
//! which chapter 9 calls with each of its optimizers.

use ch03_relu_xor::{Layer, Optimizer, Trainer};
use ch05_softmax::bits::{bit_accuracy, error_01, BitsLoss, Squash};
use ch05_softmax::sgd::Shuffled;
use nn_core::rng::seeded;

use crate::network::bits_net;
use crate::task::BitData;

/// Which network, which output, and how long.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Setup {
    /// Batch normalization after each hidden fully connected layer, or none.
    pub batch_norm: bool,
    /// The output activation.
    pub squash: Squash,
    pub epochs: usize,
    pub batch_size: usize,
}

/// One network trained from one seed.
#[derive(Clone, Debug)]
pub struct TrainingRun {
    pub seed: u64,
    /// The test error (0/1 scale) before training and after each epoch.
    pub test_error: Vec<f64>,
    /// The final bit accuracy on the test set.
    pub bit_accuracy: f64,
}

// ANCHOR: train_bits
/// The network of `setup` trained by `optimizer` with learning rate `lr`; initial weights and
/// batch order from `seed`. After each epoch calls `after_epoch(epoch, training loss)`.
pub fn train_bits(
    setup: Setup,
    data: &BitData,
    optimizer: impl Optimizer,
    lr: f64,
    seed: u64,
    mut after_epoch: impl FnMut(usize, f64),
) -> TrainingRun {
    let mut net = bits_net(setup.batch_norm, &mut seeded(seed));
    let mut trainer = Trainer {
        loss: BitsLoss::new(setup.squash),
        optimizer,
        lr,
        batches: Shuffled::new(setup.batch_size, seed),
        epochs: setup.epochs,
    };
    // Inference: batch norm with its running averages, each sample on its own.
    let test_error =
        |net: &dyn Layer| error_01(&net.infer(&data.x_test), &data.test_bits, setup.squash);
    let mut errors = vec![test_error(&net)];
    let targets = setup.squash.targets(&data.bits, 0.0);
    trainer.fit(&mut net, &data.x, &targets, |epoch, loss, net| {
        errors.push(test_error(net));
        after_epoch(epoch, loss);
    });
    TrainingRun {
        seed,
        test_error: errors,
        bit_accuracy: bit_accuracy(&net.infer(&data.x_test), &data.test_bits),
    }
}
// ANCHOR_END: train_bits
