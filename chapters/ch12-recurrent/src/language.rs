//! A character-level language model: read a window of the book's prose one character at a
//! time and, at every position, predict the next character.
//!
//! The network is this chapter's recurrent network ([`SequenceNet`]): one-hot characters in, a
//! cell over the window, a dense layer at every step to one logit per character of the
//! vocabulary, chapter 3's softmax cross-entropy at every step. Its loss is the mean, over
//! the predicted characters, of −ln p(the right character): nats per character (÷ ln 2 for
//! bits). A model that knew nothing would pay ln 49 = 3.89 nats for each; one that only knew
//! how often each character occurs, about 2.9 (the text's unigram entropy).
//!
//! To write text, the model reads a prompt, then picks each next character at random from its
//! predicted probabilities — sharpened or flattened by a temperature τ, p ∝ exp(logit/τ) — and
//! reads it in turn.
//!
//! **The budget** is what a run may spend: so many optimizer steps, each on so many windows of
//! so many characters. Chapter 13 trains its transformer in the same [`Budget`] on the same
//! [`Corpus`], and compares [`validation_loss`] — the same windows, the same score.

use ch03_relu_xor::{Layer, Loss, SoftmaxCrossEntropy};
use ch09_optimizers::Adam;
use ndarray::{Array1, Array2, ArrayView1, Axis, Ix3};
use nn_core::rng::{seeded, ChaCha8Rng, Rng};

use crate::cell::Cell;
use crate::corpus::{one_hot, Corpus};
use crate::gru::GruCell;
use crate::train::{train, SequenceNet, StepRecord, Targets};

/// The language models' units: this chapter's plain cell and GRU have 48.
pub const HIDDEN: usize = 48;

/// This chapter's best language model's cell, for a vocabulary of `vocabulary` characters: a
/// GRU of [`HIDDEN`] units whose update gate starts at σ(1) ≈ 0.73 (W_h = 1·Q for each gate).
/// Chapter 13 trains it in the same [`Budget`] beside its transformer.
pub fn gru(vocabulary: usize, rng: &mut ChaCha8Rng) -> GruCell {
    GruCell::init(vocabulary, HIDDEN, 1.0, rng).with_update_bias(1.0)
}

// ANCHOR: budget
/// What a language model's training may spend: `steps` steps of Adam with learning rate `lr`,
/// each on `batch` windows of `window` characters drawn at random from the training text.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Budget {
    pub steps: usize,
    pub batch: usize,
    pub window: usize,
    pub lr: f64,
}

impl Budget {
    /// The full training, behind the chapter's `--long` flag: 1000 steps of 32 windows of 32
    /// characters, about a million characters read (20 passes over the training text).
    pub const FULL: Budget = Budget {
        steps: 1000,
        batch: 32,
        window: 32,
        lr: 0.01,
    };

    /// The default run's: the same, for 20 steps.
    pub const SHORT: Budget = Budget {
        steps: 20,
        ..Budget::FULL
    };

    /// Characters read in training.
    pub fn characters(&self) -> usize {
        self.steps * self.batch * self.window
    }
}
// ANCHOR_END: budget

/// One trained language model and what it did.
#[derive(Clone, Debug)]
pub struct LanguageRun<M> {
    pub net: M,
    /// Every step's training loss (nats per character) and gradient norm.
    pub records: Vec<StepRecord>,
    /// The validation loss (nats per character) before training and after.
    pub validation_before: f64,
    pub validation_after: f64,
}

// ANCHOR: train_language
/// Trains `cell` as a language model on `corpus` within `budget`: the network's weights from
/// `seed`, then [`train_model`].
pub fn train_language<C: Cell + 'static>(
    cell: C,
    corpus: &Corpus,
    budget: Budget,
    seed: u64,
    progress: impl FnMut(usize, f64),
) -> LanguageRun<SequenceNet<C>> {
    let net = SequenceNet::new(cell, corpus.size(), &mut seeded(seed));
    train_model(net, corpus, budget, seed, progress)
}

/// Trains any sequence model — one-hot characters (batch, time, vocabulary) in, logits out —
/// on `corpus` within `budget`: windows drawn from `seed` (the same windows for every model
/// trained with the same seed), Adam, the loss at every character. `progress(steps done,
/// loss)` is called every 100 steps.
pub fn train_model<M: Layer<Ix3>>(
    mut net: M,
    corpus: &Corpus,
    budget: Budget,
    seed: u64,
    mut progress: impl FnMut(usize, f64),
) -> LanguageRun<M> {
    let v = corpus.size();
    let validation_before = validation_loss(&net, corpus, budget.window);
    let mut rng = seeded(seed.wrapping_add(1));
    let draw = |_| {
        let (inputs, targets) = corpus.batch(budget.batch, budget.window, &mut rng);
        (one_hot(&inputs, v), Targets::Every(targets))
    };
    let watch = |step: usize, r: &StepRecord| {
        if step % 100 == 99 {
            progress(step + 1, r.loss);
        }
    };
    let records = train(
        &mut net,
        &mut Adam::new(),
        budget.lr,
        budget.steps,
        draw,
        watch,
    );
    LanguageRun {
        validation_after: validation_loss(&net, corpus, budget.window),
        net,
        records,
        validation_before,
    }
}
// ANCHOR_END: train_language

/// The mean loss, in nats per character, over every character of the validation text, read
/// in consecutive windows of `window` characters, each from a zero state.
pub fn validation_loss(net: &impl Layer<Ix3>, corpus: &Corpus, window: usize) -> f64 {
    let (inputs, targets) = corpus.validation_windows(window);
    let logits = net.infer(&one_hot(&inputs, corpus.size()));
    let (n, t, v) = logits.dim();
    let rows = logits
        .into_shape_with_order((n * t, v))
        .expect("contiguous");
    let labels: Vec<usize> = targets.iter().copied().collect();
    SoftmaxCrossEntropy::default().forward(&rows, &labels)
}

// ANCHOR: sample
/// A character number drawn from the probabilities softmax(`logits`/`temperature`).
pub fn pick(logits: ArrayView1<f64>, temperature: f64, rng: &mut ChaCha8Rng) -> usize {
    let scaled: Array1<f64> = logits.mapv(|z| z / temperature);
    let probabilities = ch03_relu_xor::softmax(&scaled.insert_axis(Axis(0)));
    let mut u: f64 = rng.random();
    for (i, &p) in probabilities.iter().enumerate() {
        if u < p {
            return i;
        }
        u -= p;
    }
    probabilities.len() - 1 // u was within rounding of 1
}

/// `length` characters written by `net` after reading `prompt` (character numbers), one at a
/// time: the state carries from character to character.
pub fn sample<C: Cell + 'static>(
    net: &SequenceNet<C>,
    corpus: &Corpus,
    prompt: &[usize],
    length: usize,
    temperature: f64,
    seed: u64,
) -> String {
    let mut rng = seeded(seed);
    let cell = &net.rnn.cell;
    let read = |h: &Array2<f64>, id: usize| {
        let x = one_hot(&Array2::from_elem((1, 1), id), corpus.size());
        cell.step(&x.index_axis(Axis(1), 0).to_owned(), h).0
    };
    let mut h = Array2::zeros((1, cell.hidden()));
    for &id in prompt {
        h = read(&h, id);
    }
    let mut written = Vec::with_capacity(length);
    for _ in 0..length {
        let logits = net.head.layer.infer(&h); // (1, vocabulary)
        let id = pick(logits.row(0), temperature, &mut rng);
        written.push(id);
        h = read(&h, id);
    }
    corpus.decode(&written)
}
// ANCHOR_END: sample
