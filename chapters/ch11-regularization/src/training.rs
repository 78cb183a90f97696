//! How this chapter trains its network, every regularizer a setting: chapter 3's training loop
//! with chapter 5's shuffled mini-batches and softmax cross-entropy, run one epoch at a time so
//! that between epochs the training images can be augmented anew and early stopping can look
//! at the validation loss. Losses and accuracies are measured by inference (dropout off, the
//! images as they are).

use ch03_relu_xor::{accuracy, Layer, Loss, Optimizer, Sequential, SoftmaxCrossEntropy, Trainer};
use ch05_softmax::sgd::Shuffled;
use ch09_optimizers::{Adam, AdamW, Sgd};
use ndarray::Array2;
use nn_core::rng::{seeded, Rng};

use crate::augment::{augment, Augment};
use crate::digits::Digits;
use crate::early_stopping::{EarlyStopping, Stop};
use crate::l2::{norm, Decay, L2};
use crate::network::mlp;

/// Which optimizer, and how λ enters it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    /// Plain SGD (chapter 3), λ as an L2 penalty: weight decay.
    Sgd,
    /// Adam (chapter 9), λ as an L2 penalty in the gradient ("coupled").
    Adam,
    /// AdamW (chapter 9): Adam, and every parameter decayed by η·λ outside the gradient.
    AdamW,
}

impl Method {
    pub fn name(self) -> &'static str {
        match self {
            Method::Sgd => "SGD",
            Method::Adam => "Adam + L2",
            Method::AdamW => "AdamW",
        }
    }
}

// ANCHOR: setup
/// The network and how it is trained: every regularizer of the chapter is a field.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Setup {
    /// Units of each of the two hidden layers.
    pub hidden: usize,
    /// Dropout's p after each hidden layer (0: no dropout layers).
    pub dropout: f64,
    /// λ of the L2 penalty (or of AdamW's decay); 0: none.
    pub l2: f64,
    /// Which parameters the penalty applies to (AdamW decays every one).
    pub decay: Decay,
    pub method: Method,
    pub lr: f64,
    pub batch_size: usize,
    /// The most epochs; early stopping may end sooner.
    pub epochs: usize,
    pub augment: Augment,
    /// Early stopping on the data's validation set, with this patience.
    pub patience: Option<usize>,
    /// After which epochs to measure the training and test sets, besides the end.
    pub curve: Curve,
}

/// Which epochs a run measures the training and test sets after (0: before training).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Curve {
    /// None: only the end.
    Nothing,
    /// Every epoch up to 20, then every fifth, and the last: a curve at a quarter of the cost.
    Sampled,
    /// Every epoch.
    Every,
}

impl Curve {
    /// Whether a curve of `last` epochs has a point after `epoch`.
    pub fn measures(self, epoch: usize, last: usize) -> bool {
        match self {
            Curve::Nothing => false,
            Curve::Sampled => epoch <= 20 || epoch % 5 == 0 || epoch == last,
            Curve::Every => true,
        }
    }
}
// ANCHOR_END: setup

impl Setup {
    /// The optimizer with λ in it.
    pub fn optimizer(&self) -> Box<dyn Optimizer> {
        let l2 = |optimizer: Box<dyn Optimizer>| {
            Box::new(L2 {
                optimizer,
                lambda: self.l2,
                decay: self.decay,
            })
        };
        match self.method {
            Method::Sgd => l2(Box::new(Sgd)),
            Method::Adam => l2(Box::new(Adam::new())),
            Method::AdamW => Box::new(AdamW::new(self.l2)),
        }
    }
}

/// A network's mean cross-entropy and accuracy on a set of images.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Measure {
    pub loss: f64,
    pub accuracy: f64,
}

/// The mean cross-entropy and the accuracy of `net` on `x`, by inference.
pub fn measure(net: &impl Layer, x: &Array2<f64>, labels: &[usize]) -> Measure {
    let logits = net.infer(x);
    Measure {
        loss: SoftmaxCrossEntropy::default().forward(&logits, labels),
        accuracy: accuracy(&logits, labels),
    }
}

/// The training and test sets measured after one epoch.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Point {
    pub epoch: usize,
    pub train: Measure,
    pub test: Measure,
}

/// One network trained from one seed.
#[derive(Clone, Debug)]
pub struct Run {
    pub seed: u64,
    /// The training set (as it is, not augmented) and the test set after the epochs the
    /// setup's `curve` picks, in order.
    pub curve: Vec<Point>,
    /// The validation set after each epoch (index 0: after epoch 1), when the data has one.
    pub validation: Vec<Measure>,
    /// How many epochs ran.
    pub epochs: usize,
    /// With early stopping: the epoch kept and the epoch it stopped after.
    pub stop: Option<Stop>,
    /// The network kept at the end (with early stopping, the best epoch's), on each set.
    pub final_train: Measure,
    pub final_test: Measure,
    /// ‖W‖ over the weights of the network kept.
    pub weight_norm: f64,
    /// The network kept.
    pub net: Sequential,
}

impl Run {
    /// Test loss minus training loss of the network kept: how much worse it does on images it
    /// has not seen.
    pub fn gap(&self) -> f64 {
        self.final_test.loss - self.final_train.loss
    }
}

// ANCHOR: train
/// The network of `setup` trained on `data`; initial weights, dropout masks, batch order and
/// augmentations from `seed`. After each epoch calls `after_epoch(epoch, mean batch loss)`.
pub fn train(
    setup: &Setup,
    data: &Digits,
    seed: u64,
    mut after_epoch: impl FnMut(usize, f64),
) -> Run {
    let mut rng = seeded(seed);
    let mut net = mlp(setup.hidden, setup.dropout, &mut rng);
    let mut images = seeded(rng.random()); // the augmentations' draws
    let mut trainer = Trainer {
        loss: SoftmaxCrossEntropy::default(),
        optimizer: setup.optimizer(),
        lr: setup.lr,
        batches: Shuffled::new(setup.batch_size, seed),
        epochs: 1, // one epoch per call: new augmentations and early stopping in between
    };
    let mut rule = setup.patience.map(EarlyStopping::new);
    let (mut curve, mut validation) = (vec![], vec![]);
    let mut point = |epoch: usize, net: &Sequential| {
        if setup.curve.measures(epoch, setup.epochs) {
            curve.push(Point {
                epoch,
                train: measure(net, &data.x, &data.labels),
                test: measure(net, &data.x_test, &data.test_labels),
            });
        }
    };
    point(0, &net);
    let (mut kept, mut epochs) = (None, 0);
    for epoch in 1..=setup.epochs {
        let x = augment(&data.x, setup.augment, &mut images);
        let loss = trainer.fit(&mut net, &x, &data.labels[..], |_, _, _| {});
        after_epoch(epoch, loss[0]);
        point(epoch, &net);
        epochs = epoch;
        if !data.val_labels.is_empty() {
            validation.push(measure(&net, &data.x_val, &data.val_labels));
        }
        if let Some(rule) = rule.as_mut() {
            let loss = validation
                .last()
                .expect("early stopping needs a validation set")
                .loss;
            if rule.observe(epoch, loss) {
                kept = Some(net.clone()); // the best network so far
            }
            if rule.should_stop() {
                break;
            }
        }
    }
    let stop = rule.map(|r| Stop {
        best_epoch: r.best_epoch(),
        stopped_at: epochs,
    });
    let mut net = kept.unwrap_or(net);
    Run {
        seed,
        curve,
        validation,
        epochs,
        stop,
        final_train: measure(&net, &data.x, &data.labels),
        final_test: measure(&net, &data.x_test, &data.test_labels),
        weight_norm: norm(&mut net, Decay::Weights),
        net,
    }
}
// ANCHOR_END: train
