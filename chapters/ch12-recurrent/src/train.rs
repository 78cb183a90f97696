//! A recurrent network with an output layer, its loss, and its training loop.
//!
//! The network: a cell unrolled over the sequence ([`Recurrent`]), then chapter 3's dense
//! layer at every step ([`PerStep`]): (batch, time, in) -> (batch, time, classes) logits. The
//! loss is chapter 3's softmax cross-entropy, at the last step only (a sequence's label: the
//! recall task) or at every step (the next character: the language model).
//!
//! The loop reads as chapter 3's `Trainer` does — forward, loss, backward, one optimizer
//! step — on batches of sequences that a function draws, step after step. (Chapter 3's
//! `Trainer` cuts a fixed dataset of rows into batches; here every batch is drawn fresh.)

use ch03_relu_xor::{Dense, Layer, Loss, Optimizer, Param, SoftmaxCrossEntropy};
use ch08_initialization::init::xavier;
use ndarray::{s, Array1, Array2, Array3, Ix3};
use nn_core::rng::ChaCha8Rng;

use crate::cell::Cell;
use crate::clip::gradient_norm;
use crate::recurrent::{last_step, PerStep, Recurrent};

// ANCHOR: network
/// A recurrent network: the cell over the sequence, a dense layer at every step.
#[derive(Clone, Debug)]
pub struct SequenceNet<C: Cell> {
    pub rnn: Recurrent<C>,
    pub head: PerStep<Dense>,
}

impl<C: Cell + 'static> SequenceNet<C> {
    /// `cell`, and a dense layer from its state to `classes` logits (Xavier, bias 0).
    pub fn new(cell: C, classes: usize, rng: &mut ChaCha8Rng) -> Self {
        let hidden = cell.hidden();
        SequenceNet {
            rnn: Recurrent::new(cell),
            head: PerStep {
                layer: Dense::new(xavier(hidden, classes, rng), Array1::zeros(classes)),
            },
        }
    }
}

impl<C: Cell + 'static> Layer<Ix3> for SequenceNet<C> {
    fn infer(&self, x: &Array3<f64>) -> Array3<f64> {
        self.head.infer(&self.rnn.infer(x))
    }

    fn forward(&mut self, x: &Array3<f64>) -> Array3<f64> {
        let states = self.rnn.forward(x);
        self.head.forward(&states)
    }

    fn backward(&mut self, grad_output: &Array3<f64>) -> Array3<f64> {
        let grad_states = self.head.backward(grad_output);
        self.rnn.backward(&grad_states)
    }

    /// The cell's parameters, then the output layer's.
    fn visit_parameters(&mut self, visit: &mut dyn FnMut(Param<'_>)) {
        self.rnn.visit_parameters(visit);
        self.head.visit_parameters(visit);
    }
}
// ANCHOR_END: network

/// What a batch of sequences is scored against.
#[derive(Clone, Debug, PartialEq)]
pub enum Targets {
    /// One class per sequence, scored at its last step.
    Last(Vec<usize>),
    /// One class per step (batch, time): every step is scored.
    Every(Array2<usize>),
}

// ANCHOR: loss
/// The mean cross-entropy of `logits` (batch, time, classes) against `targets`, and its
/// gradient ∂L/∂logits (batch, time, classes): chapter 3's softmax cross-entropy, on the last
/// step's logits (the other steps get no gradient) or on every step's, as batch·time rows.
pub fn sequence_loss(logits: &Array3<f64>, targets: &Targets) -> (f64, Array3<f64>) {
    let (batch, time, classes) = logits.dim();
    let mut ce = SoftmaxCrossEntropy::default();
    match targets {
        Targets::Last(labels) => {
            let loss = ce.forward(&last_step(logits), labels);
            let mut grad = Array3::zeros(logits.raw_dim());
            grad.slice_mut(s![.., -1, ..]).assign(&ce.backward());
            (loss, grad)
        }
        Targets::Every(labels) => {
            let rows = logits
                .as_standard_layout()
                .into_owned()
                .into_shape_with_order((batch * time, classes))
                .expect("contiguous");
            let labels: Vec<usize> = labels.iter().copied().collect();
            let loss = ce.forward(&rows, &labels);
            let grad = ce
                .backward()
                .into_shape_with_order((batch, time, classes))
                .expect("batch·time rows");
            (loss, grad)
        }
    }
}
// ANCHOR_END: loss

/// One training step's record.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct StepRecord {
    /// The batch's loss, before the step.
    pub loss: f64,
    /// ‖g‖ over every parameter, before any clipping.
    pub grad_norm: f64,
}

// ANCHOR: train
/// `steps` steps of `optimizer` with learning rate `lr` on batches drawn by `batch(step)`,
/// each step's record shown to `watch(step, record)`. Returns each step's loss and gradient
/// norm. Stops early, with the records so far, once a loss or gradient is not finite (a
/// diverged run: the caller reports it as such). Any sequence model trains here: this
/// chapter's [`SequenceNet`] and chapter 13's transformer.
pub fn train(
    net: &mut impl Layer<Ix3>,
    optimizer: &mut impl Optimizer,
    lr: f64,
    steps: usize,
    mut batch: impl FnMut(usize) -> (Array3<f64>, Targets),
    mut watch: impl FnMut(usize, &StepRecord),
) -> Vec<StepRecord> {
    let mut records = Vec::with_capacity(steps);
    for step in 0..steps {
        let (x, targets) = batch(step);
        let logits = net.forward(&x);
        let (loss, grad) = sequence_loss(&logits, &targets);
        net.backward(&grad);
        let grad_norm = gradient_norm(net);
        let record = StepRecord { loss, grad_norm };
        watch(step, &record);
        records.push(record);
        if !loss.is_finite() || !grad_norm.is_finite() {
            break;
        }
        optimizer.step(lr, net);
    }
    records
}
// ANCHOR_END: train
