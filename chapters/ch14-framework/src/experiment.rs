//! Chapter 14's experiments, one function per section of the report: the engine and its
//! devices ([`engine`]), one training step of the book's networks in both ([`one_step`]),
//! Adam and AdamW against candle-nn's AdamW ([`optimizers`]), a whole training run in both
//! ([`training`]), chapter 7's batch normalization against candle-nn's ([`batch_norm`]) and,
//! with `--time`, what a step costs in each ([`cost`]).

use std::time::{Duration, Instant};

use candle_core::{DType, Device, Module, ModuleT, Tensor, Var};
use candle_nn::{AdamW as CandleAdamW, BatchNormConfig, Optimizer as _, ParamsAdamW, SGD};
use ch03_relu_xor::{
    accuracy, Batches, Layer, Loss, Mlp, Optimizer, Relu, Sgd, SoftmaxCrossEntropy, Trainer,
};
use ch05_softmax::sgd::Shuffled;
use ch05_softmax::DigitsSplit;
use ch06_conv_saliency::Cnn;
use ch07_batch_norm::batch_norm::{EPSILON, MOMENTUM};
use ch07_batch_norm::BatchNorm;
use ch09_optimizers::{Adam, AdamW};
use ch10_autograd::networks::TapeNet;
use clap::Parser;
use ndarray::{Array2, ArrayD, Axis};
use nn_core::rng::{rand_distr::StandardNormal, seeded, RandomExt};
use nn_core::{Error, Result};

use crate::bridge::{copy_parameters, max_abs_difference, to_array, to_tensor};
use crate::devices::{gpu, Gpu};
use crate::networks::{cross_entropy, CandleCnn, CandleMlp};

// ANCHOR: config
/// The chapter's settings; `Config::default()` is what `cargo run -p ch14-framework` uses:
/// chapter 5's digits network and chapter 6's CNN with chapter 10's defaults.
#[derive(Clone, Debug, PartialEq, Parser)]
#[command(
    name = "ch14-framework",
    about = "Chapter 14: from this book to a framework — the book's networks in candle"
)]
pub struct Config {
    /// Seed of the digits split, the initial weights and the mini-batch order (0 to
    /// 9223372036854775807).
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// Hidden units of the digits network (1 to 512).
    #[arg(long, default_value_t = 128)]
    pub hidden: usize,
    /// Filters of chapter 6's CNN (1 to 32).
    #[arg(long, default_value_t = 8)]
    pub filters: usize,
    /// Samples per mini-batch (1 to 1437).
    #[arg(long, default_value_t = 32)]
    pub batch_size: usize,
    /// Learning rate of the SGD training run (above 0, at most 10).
    #[arg(long, default_value_t = 0.1)]
    pub lr: f64,
    /// Epochs of the SGD training run, in the book's code and in candle (1 to 100).
    #[arg(long, default_value_t = 10)]
    pub epochs: usize,
    /// Steps of Adam and AdamW, in the book's code and in candle (1 to 1000).
    #[arg(long, default_value_t = 100)]
    pub adam_steps: usize,
    /// Learning rate of Adam and AdamW (above 0, at most 1).
    #[arg(long, default_value_t = 0.001)]
    pub adam_lr: f64,
    /// AdamW's weight decay λ (0.0 to 1.0).
    #[arg(long, default_value_t = 0.01)]
    pub weight_decay: f64,
    /// Also time one training step in the book's code and in candle, in f64 and f32 (the
    /// times differ from run to run and machine to machine: not in the default report).
    #[arg(long)]
    pub time: bool,
    /// Print progress on stderr during a long run (the program does, unless --quiet).
    #[arg(skip)]
    pub progress: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config::parse_from(["ch14-framework"])
    }
}
// ANCHOR_END: config

impl Config {
    /// Refuses settings the experiments cannot run with, naming the flag. [`run`] calls it.
    pub fn validate(&self) -> Result<()> {
        nn_core::cli::seed(self.seed)?;
        nn_core::cli::within("hidden", self.hidden, 1..=512)?;
        nn_core::cli::within("filters", self.filters, 1..=32)?;
        nn_core::cli::within("batch-size", self.batch_size, 1..=1437)?;
        nn_core::cli::rate("lr", self.lr, 10.0)?;
        nn_core::cli::within("epochs", self.epochs, 1..=100)?;
        nn_core::cli::within("adam-steps", self.adam_steps, 1..=1000)?;
        nn_core::cli::rate("adam-lr", self.adam_lr, 1.0)?;
        nn_core::cli::within("weight-decay", self.weight_decay, 0.0..=1.0)
    }
}

/// Everything the chapter measures, one field per section of the report.
#[derive(Clone, Debug)]
pub struct Report {
    pub config: Config,
    /// Section 1.
    pub engine: Engine,
    /// Section 2.
    pub one_step: Vec<StepRow>,
    /// Section 3.
    pub optimizers: Vec<OptimizerRow>,
    /// Section 4.
    pub training: Training,
    /// Section 5 (None for a batch of one sample: no variance to normalize by).
    pub batch_norm: Option<BatchNormSection>,
    /// Section 6, with `--time`.
    pub cost: Option<Cost>,
}

/// Runs every section.
pub fn run(config: &Config) -> Result<Report> {
    config.validate()?;
    let data = DigitsSplit::new(config.seed);
    Ok(Report {
        config: config.clone(),
        engine: engine(),
        one_step: one_step(config, &data).map_err(engine_error)?,
        optimizers: optimizers(config, &data).map_err(engine_error)?,
        training: training(config, &data).map_err(engine_error)?,
        batch_norm: batch_norm(config, &data).map_err(engine_error)?,
        cost: if config.time {
            Some(cost(config, &data).map_err(engine_error)?)
        } else {
            None
        },
    })
}

/// candle refused an operation: with the shapes this chapter builds, a bug, said in a sentence.
fn engine_error(e: candle_core::Error) -> Error {
    Error::Engine {
        reason: nn_core::cli::shorten(&e.to_string()),
    }
}

// ---------------------------------------------------------------------------------------------
// 1. The engine

/// Which engine, on which device, in which precision.
#[derive(Clone, Debug, PartialEq)]
pub struct Engine {
    /// candle-core's version, from its own manifest.
    pub version: &'static str,
    /// Whether a CPU tensor holds f64 and computes with it (a round trip and a product).
    pub f64_on_cpu: bool,
    /// What the GPU path found (or that it was not compiled).
    pub gpu: Gpu,
}

/// Section 1.
pub fn engine() -> Engine {
    let f64_on_cpu = (|| -> candle_core::Result<bool> {
        // 1 + 2⁻⁴⁰ is not an f32 (it rounds to 1): only a true f64 keeps the 2⁻⁴⁰.
        let x = Tensor::new(&[1.0 + 2f64.powi(-40)], &Device::Cpu)?;
        let y = (&x * &x)?.to_vec1::<f64>()?[0];
        Ok(x.dtype() == DType::F64 && y == (1.0 + 2f64.powi(-40)).powi(2))
    })()
    .unwrap_or(false);
    Engine {
        version: crate::CANDLE_VERSION,
        f64_on_cpu,
        gpu: gpu(),
    }
}

// ---------------------------------------------------------------------------------------------
// 2. One step, three ways

/// One parameter's gradient (or the loss) of one training step, compared.
#[derive(Clone, Debug, PartialEq)]
pub struct StepRow {
    pub network: &'static str,
    /// "loss" or the parameter's name ("W₁", "b₁", "K", …).
    pub quantity: &'static str,
    /// Its size (1 for the loss).
    pub size: usize,
    /// The book's value (the loss only).
    pub value: Option<f64>,
    /// max |book's hand-written backward − candle| with the book's ReLU′(0) = 0.
    pub book_vs_candle: f64,
    /// max |book − candle| with the book's ReLU′(0) = 1, candle's convention.
    pub same_relu_vs_candle: f64,
    /// max |book − chapter 10's tape|.
    pub book_vs_tape: f64,
}

/// The loss and the gradients of one step of a network: the loss first, then each parameter
/// in the visiting order.
pub(crate) struct Step {
    pub loss: f64,
    pub grads: Vec<ArrayD<f64>>,
}

/// The first mini-batch of the training run: its pixels and labels.
fn first_batch(config: &Config, data: &DigitsSplit) -> (Array2<f64>, Vec<usize>) {
    let batch = Shuffled::new(config.batch_size, config.seed)
        .epoch(data.labels.len())
        .swap_remove(0);
    let labels = batch.iter().map(|&i| data.labels[i]).collect();
    (data.x.select(Axis(0), &batch), labels)
}

// ANCHOR: book_step
/// The book's step: forward, the loss, the hand-written backward pass; the gradients as the
/// network visits them.
fn book_step(net: &mut impl Layer, x: &Array2<f64>, labels: &[usize]) -> Step {
    let mut loss = SoftmaxCrossEntropy::default();
    let value = loss.forward(&net.forward(x), labels);
    net.backward_params(&loss.backward());
    let mut grads = Vec::new();
    net.visit_parameters(&mut |p| grads.push(p.grad.to_owned()));
    Step { loss: value, grads }
}
// ANCHOR_END: book_step

// ANCHOR: candle_step
/// candle's step: the forward pass, the loss, and `backward`, which returns every gradient
/// in a `GradStore` keyed by tensor.
pub(crate) fn candle_step(
    model: &impl Module,
    vars: &[Var],
    x: &Array2<f64>,
    labels: &[usize],
) -> candle_core::Result<Step> {
    let x = to_tensor(&x.view().into_dyn(), vars[0].dtype(), vars[0].device())?;
    let loss = cross_entropy(&model.forward(&x)?, labels)?;
    let grads = loss.backward()?;
    let grads = vars
        .iter()
        .map(|v| to_array(grads.get(v).expect("every parameter is on the loss's path")))
        .collect::<candle_core::Result<_>>()?;
    Ok(Step {
        loss: loss.to_scalar::<f64>()?,
        grads,
    })
}
// ANCHOR_END: candle_step

/// Chapter 10's tape on the same network and batch.
fn tape_step(mut tape: TapeNet, x: &Array2<f64>, labels: &[usize]) -> Step {
    let loss = tape.loss(x, SoftmaxCrossEntropy::default(), labels);
    let value = tape.tape.value(loss).iter().copied().sum();
    Step {
        loss: value,
        grads: tape.gradients(loss),
    }
}

/// The rows of one network: the loss and each parameter, three comparisons each.
fn rows(
    network: &'static str,
    names: &[&'static str],
    book: &Step,
    same_relu: &Step,
    candle: &Step,
    tape: &Step,
) -> Vec<StepRow> {
    let loss = StepRow {
        network,
        quantity: "loss",
        size: 1,
        value: Some(book.loss),
        book_vs_candle: (book.loss - candle.loss).abs(),
        same_relu_vs_candle: (same_relu.loss - candle.loss).abs(),
        book_vs_tape: (book.loss - tape.loss).abs(),
    };
    let one = |s: &Step, i: usize| [s.grads[i].clone()];
    let params = names.iter().enumerate().map(|(i, &quantity)| StepRow {
        network,
        quantity,
        size: book.grads[i].len(),
        value: None,
        book_vs_candle: max_abs_difference(&one(book, i), &one(candle, i)),
        same_relu_vs_candle: max_abs_difference(&one(same_relu, i), &one(candle, i)),
        book_vs_tape: max_abs_difference(&one(book, i), &one(tape, i)),
    });
    std::iter::once(loss).chain(params).collect()
}

/// Section 2: one step of chapter 5's MLP and chapter 6's CNN, from the same initial weights
/// (seed `config.seed`) on the first mini-batch, in the book's code, in candle (f64, CPU) and
/// on chapter 10's tape.
pub fn one_step(config: &Config, data: &DigitsSplit) -> candle_core::Result<Vec<StepRow>> {
    let (x, labels) = first_batch(config, data);
    let device = Device::Cpu;

    let mlp = Mlp::new(64, config.hidden, 10, &mut seeded(config.seed));
    let model = CandleMlp::from_book(&mut mlp.clone(), DType::F64, &device)?;
    let candle = candle_step(&model, &model.vars, &x, &labels)?;
    let book = book_step(&mut mlp.clone(), &x, &labels);
    let mut same = mlp.clone();
    same.activation = Relu::with_subgradient_at_zero(1.0);
    let same_relu = book_step(&mut same, &x, &labels);
    let tape = tape_step(TapeNet::mlp(&mut mlp.clone()), &x, &labels);
    let mut table = rows(
        "MLP",
        &["W₁", "b₁", "W₂", "b₂"],
        &book,
        &same_relu,
        &candle,
        &tape,
    );

    let cnn = Cnn::new(config.filters, &mut seeded(config.seed));
    let model = CandleCnn::from_book(&mut cnn.clone(), DType::F64, &device)?;
    let candle = candle_step(&model, &model.vars, &x, &labels)?;
    let book = book_step(&mut cnn.clone(), &x, &labels);
    let mut same = cnn.clone();
    same.relu = Relu::with_subgradient_at_zero(1.0);
    let same_relu = book_step(&mut same, &x, &labels);
    let tape = tape_step(TapeNet::cnn(&mut cnn.clone()), &x, &labels);
    table.extend(rows(
        "CNN",
        &["K", "b (conv)", "W", "b"],
        &book,
        &same_relu,
        &candle,
        &tape,
    ));
    Ok(table)
}

// ---------------------------------------------------------------------------------------------
// 3. Adam and AdamW against candle-nn's AdamW

/// One optimizer run in both, from the same weights on the same batches.
#[derive(Clone, Debug, PartialEq)]
pub struct OptimizerRow {
    /// "Adam" or "AdamW".
    pub name: &'static str,
    /// The weight decay λ (0 for Adam, which candle writes as AdamW with λ = 0).
    pub weight_decay: f64,
    pub steps: usize,
    /// The mini-batch loss of the last step, in the book's code.
    pub last_loss: f64,
    /// The largest |θ_book − θ_candle| over every weight, after each step.
    pub max_difference: Vec<f64>,
}

impl OptimizerRow {
    /// The largest difference over the whole run.
    pub fn worst(&self) -> f64 {
        self.max_difference.iter().copied().fold(0.0, f64::max)
    }
}

/// The MLP's parameters in the book's visiting order.
fn book_parameters(net: &mut impl Layer) -> Vec<ArrayD<f64>> {
    let mut values = Vec::new();
    net.visit_parameters(&mut |p| values.push(p.value.to_owned()));
    values
}

fn candle_parameters(vars: &[Var]) -> candle_core::Result<Vec<ArrayD<f64>>> {
    vars.iter().map(|v| to_array(v.as_tensor())).collect()
}

/// `steps` mini-batches of the training run (the epochs' batches, one after another).
fn batches(config: &Config, samples: usize, steps: usize) -> Vec<Vec<usize>> {
    let mut shuffled = Shuffled::new(config.batch_size, config.seed);
    std::iter::repeat_with(|| shuffled.epoch(samples))
        .flatten()
        .take(steps)
        .collect()
}

// ANCHOR: adamw
/// `steps` steps of the book's optimizer `ours` (chapter 9's Adam, or AdamW with λ =
/// `weight_decay`) and of candle-nn's AdamW with λ = `weight_decay` on chapter 5's MLP, each
/// engine computing its own gradients.
fn adam_run(
    config: &Config,
    data: &DigitsSplit,
    name: &'static str,
    weight_decay: f64,
    mut ours: impl Optimizer,
) -> candle_core::Result<OptimizerRow> {
    let mut net = Mlp::new(64, config.hidden, 10, &mut seeded(config.seed));
    let model = CandleMlp::from_book(&mut net, DType::F64, &Device::Cpu)?;
    let params = ParamsAdamW {
        lr: config.adam_lr,
        weight_decay, // β₁ = 0.9, β₂ = 0.999, ε = 1e-8: PyTorch's, and the book's
        ..ParamsAdamW::default()
    };
    let mut theirs = CandleAdamW::new(model.vars.clone(), params)?;
    let x_all = to_tensor(&data.x.view().into_dyn(), DType::F64, &Device::Cpu)?;
    let (mut max_difference, mut last_loss) = (Vec::new(), f64::NAN);
    for batch in batches(config, data.labels.len(), config.adam_steps) {
        let labels: Vec<usize> = batch.iter().map(|&i| data.labels[i]).collect();
        // The book: forward, backward, step.
        last_loss = book_step(&mut net, &data.x.select(Axis(0), &batch), &labels).loss;
        ours.step(config.adam_lr, &mut net);
        // candle: forward, then `backward_step` (backward and step in one call).
        let rows: Vec<u32> = batch.iter().map(|&i| i as u32).collect();
        let xb = x_all.index_select(&Tensor::new(rows.as_slice(), &Device::Cpu)?, 0)?;
        theirs.backward_step(&cross_entropy(&model.forward(&xb)?, &labels)?)?;
        max_difference.push(max_abs_difference(
            &book_parameters(&mut net),
            &candle_parameters(&model.vars)?,
        ));
    }
    Ok(OptimizerRow {
        name,
        weight_decay,
        steps: config.adam_steps,
        last_loss,
        max_difference,
    })
}
// ANCHOR_END: adamw

/// Section 3: Adam (λ = 0) and AdamW (λ = `config.weight_decay`).
pub fn optimizers(config: &Config, data: &DigitsSplit) -> candle_core::Result<Vec<OptimizerRow>> {
    // candle-nn has no Adam of its own: its AdamW with λ = 0 is Adam.
    let decay = config.weight_decay;
    Ok(vec![
        adam_run(config, data, "Adam", 0.0, Adam::new())?,
        adam_run(config, data, "AdamW", decay, AdamW::new(decay))?,
    ])
}

// ---------------------------------------------------------------------------------------------
// 4. A training run in both

/// One epoch of a training run.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Epoch {
    /// The mean of the batches' losses (each before its step).
    pub loss: f64,
    /// Accuracy on the held-out digits after the epoch.
    pub test_accuracy: f64,
}

/// Chapter 5's MLP trained by mini-batch SGD in both, from the same weights on the same
/// batches.
#[derive(Clone, Debug, PartialEq)]
pub struct Training {
    pub book: Vec<Epoch>,
    pub candle: Vec<Epoch>,
    /// The largest |θ_book − θ_candle| at the end.
    pub final_difference: f64,
}

// ANCHOR: candle_training
/// The training loop in candle, nanoGPT's way: for each batch, forward, loss,
/// `backward_step`. Returns each epoch's mean loss and test accuracy.
fn candle_training(
    config: &Config,
    data: &DigitsSplit,
    model: &CandleMlp,
) -> candle_core::Result<Vec<Epoch>> {
    let device = Device::Cpu;
    let mut optimizer = SGD::new(model.vars.clone(), config.lr)?;
    let x = to_tensor(&data.x.view().into_dyn(), DType::F64, &device)?;
    let x_test = to_tensor(&data.x_test.view().into_dyn(), DType::F64, &device)?;
    let mut batches = Shuffled::new(config.batch_size, config.seed);
    let mut epochs = Vec::new();
    for _ in 0..config.epochs {
        let mut total = 0.0;
        for batch in batches.epoch(data.labels.len()) {
            let rows: Vec<u32> = batch.iter().map(|&i| i as u32).collect();
            let xb = x.index_select(&Tensor::new(rows.as_slice(), &device)?, 0)?;
            let labels: Vec<usize> = batch.iter().map(|&i| data.labels[i]).collect();
            let loss = cross_entropy(&model.forward(&xb)?, &labels)?;
            total += loss.to_scalar::<f64>()? * batch.len() as f64;
            optimizer.backward_step(&loss)?;
        }
        let scores = to_array(&model.forward(&x_test)?)?;
        let scores = scores.into_dimensionality().expect("(batch, classes)");
        epochs.push(Epoch {
            loss: total / data.labels.len() as f64,
            test_accuracy: accuracy(&scores, &data.test_labels),
        });
    }
    Ok(epochs)
}
// ANCHOR_END: candle_training

/// Section 4.
pub fn training(config: &Config, data: &DigitsSplit) -> candle_core::Result<Training> {
    let mut net = Mlp::new(64, config.hidden, 10, &mut seeded(config.seed));
    let model = CandleMlp::from_book(&mut net, DType::F64, &Device::Cpu)?;
    let candle = candle_training(config, data, &model)?;
    // ANCHOR: book_training
    let mut trainer = Trainer {
        loss: SoftmaxCrossEntropy::default(),
        optimizer: Sgd,
        lr: config.lr,
        batches: Shuffled::new(config.batch_size, config.seed),
        epochs: config.epochs,
    };
    let mut test_accuracy = Vec::new();
    let losses = trainer.fit(&mut net, &data.x, &data.labels, |_, _, net| {
        test_accuracy.push(accuracy(&net.infer(&data.x_test), &data.test_labels));
    });
    // ANCHOR_END: book_training
    let book = losses
        .iter()
        .zip(&test_accuracy)
        .map(|(&loss, &test_accuracy)| Epoch {
            loss,
            test_accuracy,
        })
        .collect();
    let final_difference =
        max_abs_difference(&book_parameters(&mut net), &candle_parameters(&model.vars)?);
    Ok(Training {
        book,
        candle,
        final_difference,
    })
}

// ---------------------------------------------------------------------------------------------
// 5. Batch normalization in both

/// One quantity of a batch-normalization step, compared.
#[derive(Clone, Debug, PartialEq)]
pub struct BatchNormRow {
    pub quantity: &'static str,
    pub size: usize,
    /// max |book − candle|.
    pub difference: f64,
}

/// Chapter 7's `BatchNorm` and candle-nn's `BatchNorm`, one training-mode step, and the two
/// libraries' settings.
#[derive(Clone, Debug, PartialEq)]
pub struct BatchNormSection {
    /// ε: the book's, candle-nn's default.
    pub eps: (f64, f64),
    /// How far the running averages move: the book's, candle-nn's default.
    pub momentum: (f64, f64),
    pub rows: Vec<BatchNormRow>,
}

// ANCHOR: batch_norm
/// Section 5: a batch of the MLP's hidden pre-activations (the first mini-batch through its
/// first layer) through chapter 7's batch normalization in training mode and through
/// candle-nn's (`forward_t(x, true)`), γ and β copied by the visitor; the output, the
/// gradients of L = Σ Y ⊙ G for a random G, and the running averages after the step.
/// None for a batch of one sample.
pub fn batch_norm(
    config: &Config,
    data: &DigitsSplit,
) -> candle_core::Result<Option<BatchNormSection>> {
    if config.batch_size < 2 {
        return Ok(None);
    }
    let (x, _) = first_batch(config, data);
    let net = Mlp::new(64, config.hidden, 10, &mut seeded(config.seed));
    let h = net.hidden.infer(&x); // (batch, hidden)
    let g = Array2::random_using(h.raw_dim(), StandardNormal, &mut seeded(config.seed + 1));
    let (device, f64) = (Device::Cpu, DType::F64);

    let mut ours = BatchNorm::new(config.hidden);
    let copied = copy_parameters(&mut ours, f64, &device)?; // γ, β
    let settings = BatchNormConfig::default();
    let theirs = candle_nn::BatchNorm::new(
        config.hidden,
        Tensor::zeros(config.hidden, f64, &device)?, // running mean
        Tensor::ones(config.hidden, f64, &device)?,  // running variance
        copied[0].1.as_tensor().clone(),             // γ
        copied[1].1.as_tensor().clone(),             // β
        settings.eps,
    )?;
    let input = Var::from_tensor(&to_tensor(&h.view().into_dyn(), f64, &device)?)?;
    let y = theirs.forward_t(&input, true)?; // training mode: the batch's statistics
    let grads = (&y * to_tensor(&g.view().into_dyn(), f64, &device)?)?
        .sum_all()?
        .backward()?;

    let y_book = ours.forward(&h);
    let grad_x = ours.backward(&g);
    let candle_grad = |v: &Tensor| to_array(grads.get(v).expect("on the loss's path"));
    let pairs = [
        ("Y", y_book.into_dyn(), to_array(&y)?),
        ("∂L/∂X", grad_x.into_dyn(), candle_grad(&input)?),
        (
            "γ",
            ours.grad_gamma.clone().into_dyn(),
            candle_grad(&copied[0].1)?,
        ),
        (
            "β",
            ours.grad_beta.clone().into_dyn(),
            candle_grad(&copied[1].1)?,
        ),
        (
            "running mean",
            ours.running_mean.clone().into_dyn(),
            to_array(theirs.running_mean())?,
        ),
        (
            "running variance",
            ours.running_var.clone().into_dyn(),
            to_array(theirs.running_var())?,
        ),
    ];
    let rows = pairs
        .into_iter()
        .map(|(quantity, book, candle)| BatchNormRow {
            quantity,
            size: book.len(),
            difference: max_abs_difference(&[book], &[candle]),
        })
        .collect();
    Ok(Some(BatchNormSection {
        eps: (EPSILON, settings.eps),
        momentum: (MOMENTUM, settings.momentum),
        rows,
    }))
}
// ANCHOR_END: batch_norm

// ---------------------------------------------------------------------------------------------
// 6. What a step costs

/// The median time of one training step (forward, loss, backward, SGD update) of chapter 5's
/// MLP on one mini-batch.
#[derive(Clone, Debug, PartialEq)]
pub struct Cost {
    pub repeats: usize,
    pub book_f64: Duration,
    pub candle_f64: Duration,
    pub candle_f32: Duration,
}

/// The median of `repeats` timings of `step`, after a few untimed warm-up runs.
fn median_time(repeats: usize, mut step: impl FnMut()) -> Duration {
    for _ in 0..repeats / 10 + 1 {
        step();
    }
    let mut times: Vec<Duration> = (0..repeats)
        .map(|_| {
            let start = Instant::now();
            step();
            start.elapsed()
        })
        .collect();
    times.sort_unstable();
    times[times.len() / 2]
}

/// Section 6, with `--time`.
pub fn cost(config: &Config, data: &DigitsSplit) -> candle_core::Result<Cost> {
    let repeats = 300;
    let (x, labels) = first_batch(config, data);
    let mut net = Mlp::new(64, config.hidden, 10, &mut seeded(config.seed));
    let book_f64 = median_time(repeats, || {
        book_step(&mut net, &x, &labels);
        Sgd.step(config.lr, &mut net);
    });
    let candle = |dtype: DType| -> candle_core::Result<Duration> {
        let model = CandleMlp::from_book(&mut net.clone(), dtype, &Device::Cpu)?;
        let mut optimizer = SGD::new(model.vars.clone(), config.lr)?;
        let xb = to_tensor(&x.view().into_dyn(), dtype, &Device::Cpu)?;
        let mut result = Ok(());
        let time = median_time(repeats, || {
            let step = model
                .forward(&xb)
                .and_then(|logits| cross_entropy(&logits, &labels))
                .and_then(|loss| optimizer.backward_step(&loss));
            if step.is_err() {
                result = step;
            }
        });
        result.map(|()| time)
    };
    Ok(Cost {
        repeats,
        book_f64,
        candle_f64: candle(DType::F64)?,
        candle_f32: candle(DType::F32)?,
    })
}
