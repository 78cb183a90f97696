//! Chapter 11's experiments, one function per section of the report. The default run measures
//! overfitting ([`overfitting`]), one step of SGD with an L2 penalty ([`l2_step`]) and the
//! dropout layer with its ensemble reading ([`dropout`]); `--all` adds the sweeps and the
//! comparison: more data ([`more_data`]), random labels ([`random_labels`]), λ swept
//! ([`l2_sweep`]), p swept ([`dropout_sweep`]), early stopping ([`early_stopping`]),
//! augmentation ([`augmentation`]) and every cure side by side ([`comparison`]). Each returns
//! a named struct; `report.rs` prints them and `figures.rs` draws them.

use std::sync::atomic::{AtomicUsize, Ordering};

use ch03_relu_xor::layer::parameter_count;
use ch03_relu_xor::{softmax, Layer, Loss, Optimizer, Sequential, SoftmaxCrossEntropy};
use ch05_softmax::DigitsSplit;
use clap::Parser;
use ndarray::{Array2, Axis};
use nn_core::cli::{rate, within};
use nn_core::gradcheck::{check_vjp, GradCheck};
use nn_core::grid::grid;
use nn_core::rng::{rand_distr::StandardNormal, seeded, RandomExt};
pub use nn_core::table::Spread;
use nn_core::Result;

use crate::augment::{centre_of_ink, Augment};
use crate::digits::Digits;
use crate::dropout::Dropout;
use crate::early_stopping::{stop, Stop};
use crate::l2::{Decay, L2};
use crate::network::mlp;
use crate::training::{train, Curve, Measure, Method, Run, Setup};

// ANCHOR: config
/// The chapter's settings; `Config::default()` is what `cargo run -p ch11-regularization` uses.
#[derive(Clone, Debug, PartialEq, Parser)]
#[command(
    name = "ch11-regularization",
    about = "Chapter 11: generalization — overfitting measured, and what L2, dropout, early stopping and augmentation do"
)]
pub struct Config {
    /// First seed; every setting is trained with `--seeds` seeds from here, each seed its own
    /// training images, initial weights, masks and batch order (0 to 9223372036854775807).
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// Seeds per setting (1 to 10).
    #[arg(long, default_value_t = 5)]
    pub seeds: u64,
    /// Training images, drawn from chapter 5's 1438, each digit equally often (20 to 1438).
    #[arg(long, default_value_t = 200)]
    pub train_size: usize,
    /// Units of each of the two hidden layers (1 to 256).
    #[arg(long, default_value_t = 64)]
    pub hidden: usize,
    /// Epochs: the budget of every training run (1 to 1000).
    #[arg(long, default_value_t = 200)]
    pub epochs: usize,
    /// Learning rate of SGD (above 0, at most 10).
    #[arg(long, default_value_t = 0.2)]
    pub lr: f64,
    /// Images per mini-batch (1 to 1438).
    #[arg(long, default_value_t = 32)]
    pub batch_size: usize,
    /// λ of the L2 penalty, where one is used (0.0 to 1.0).
    #[arg(long, default_value_t = 0.001)]
    pub l2: f64,
    /// Dropout's p, where dropout is used (0.0 to 0.9).
    #[arg(long, default_value_t = 0.2)]
    pub dropout: f64,
    /// σ of the pixel noise, where noise is added (0.0 to 1.0).
    #[arg(long, default_value_t = 0.2)]
    pub noise: f64,
    /// Early stopping: epochs in a row without a lower validation loss before it stops (1 to
    /// 1000).
    #[arg(long, default_value_t = 20)]
    pub patience: usize,
    /// Early stopping: the fraction of the training images set aside as the validation set
    /// (0.05 to 0.5).
    #[arg(long, default_value_t = 0.2)]
    pub validation: f64,
    /// Random-mask networks averaged in dropout's ensemble reading (1 to 1000).
    #[arg(long, default_value_t = 100)]
    pub masks: usize,
    /// Learning rate of Adam and AdamW in section 5 (above 0, at most 1).
    #[arg(long, default_value_t = 0.003)]
    pub adam_lr: f64,
    /// Also run the sweeps and the comparison (sections 2, 3, 5 and 7 to 10): several hundred
    /// trainings, about 23 s of one core's time (the default run: under one), spread over the
    /// cores.
    #[arg(long)]
    pub all: bool,
    /// Print progress on stderr (the program does, unless --quiet).
    #[arg(skip)]
    pub progress: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config::parse_from(["ch11-regularization"])
    }
}
// ANCHOR_END: config

impl Config {
    /// Refuses settings the experiments cannot run with, naming the flag. [`run`] calls it.
    pub fn validate(&self) -> Result<()> {
        nn_core::cli::seed(self.seed)?;
        within("seeds", self.seeds, 1..=10)?;
        within("train-size", self.train_size, 20..=1438)?;
        within("hidden", self.hidden, 1..=256)?;
        within("epochs", self.epochs, 1..=1000)?;
        rate("lr", self.lr, 10.0)?;
        within("batch-size", self.batch_size, 1..=1438)?;
        within("l2", self.l2, 0.0..=1.0)?;
        within("dropout", self.dropout, 0.0..=0.9)?;
        within("noise", self.noise, 0.0..=1.0)?;
        within("patience", self.patience, 1..=1000)?;
        within("validation", self.validation, 0.05..=0.5)?;
        within("masks", self.masks, 1..=1000)?;
        rate("adam-lr", self.adam_lr, 1.0)
    }

    /// The seeds every setting is trained with.
    pub fn seed_list(&self) -> Vec<u64> {
        (self.seed..self.seed + self.seeds).collect()
    }

    // ANCHOR: base
    /// The network and budget every section starts from: no regularizer at all.
    pub fn base(&self) -> Setup {
        Setup {
            hidden: self.hidden,
            dropout: 0.0,
            l2: 0.0,
            decay: Decay::Weights,
            method: Method::Sgd,
            lr: self.lr,
            batch_size: self.batch_size,
            epochs: self.epochs,
            augment: Augment::Nothing,
            patience: None,
            curve: Curve::Nothing,
        }
    }
    // ANCHOR_END: base

    /// How many of the `--train-size` training images early stopping sets aside: the
    /// `--validation` fraction, rounded, at least one.
    pub fn validation_images(&self) -> usize {
        let images = (self.validation * self.train_size as f64).round() as usize;
        images.max(1)
    }

    /// How many SGD steps the budget is: `epochs` passes over `--train-size` images.
    pub fn steps(&self) -> usize {
        self.epochs * self.train_size.div_ceil(self.batch_size)
    }
}

/// Everything the chapter measures, one field per section of the report; the sections that
/// need `--all` are `None` without it.
#[derive(Clone, Debug)]
pub struct Report {
    pub config: Config,
    pub overfitting: Overfitting,
    pub more_data: Option<MoreData>,
    pub random_labels: Option<RandomLabels>,
    pub l2_step: L2Step,
    pub l2_sweep: Option<L2Sweep>,
    pub dropout: DropoutFacts,
    pub dropout_sweep: Option<DropoutSweep>,
    pub early_stopping: Option<EarlyStopping>,
    pub augmentation: Option<Augmentation>,
    pub comparison: Option<Comparison>,
}

// ANCHOR: run
/// Runs every section with `config`.
pub fn run(config: &Config) -> Result<Report> {
    config.validate()?;
    let overfitting = overfitting(config);
    let all = config.all;
    Ok(Report {
        config: config.clone(),
        more_data: all.then(|| more_data(config)),
        random_labels: all.then(|| random_labels(config)),
        l2_step: l2_step(config),
        l2_sweep: all.then(|| l2_sweep(config)),
        dropout: dropout(config),
        dropout_sweep: all.then(|| dropout_sweep(config)),
        early_stopping: all.then(|| early_stopping(config, &overfitting)),
        augmentation: all.then(|| augmentation(config)),
        comparison: all.then(|| comparison(config)),
        overfitting,
    })
}
// ANCHOR_END: run

// ---------------------------------------------------------------------------------------------
// Settings trained over seeds

/// One setting, trained from every seed.
#[derive(Clone, Debug)]
pub struct Variant {
    pub name: String,
    /// One run per seed, in the seeds' order.
    pub runs: Vec<Run>,
}

/// One setting against another, seed by seed (the same images and initial weights).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Paired {
    /// The change of the test loss, this setting's minus the other's, over the seeds.
    pub change: Spread,
    /// In how many seeds this setting's test loss is lower.
    pub lower: usize,
    pub seeds: usize,
}

impl Variant {
    /// Some measurement of each run, over the seeds.
    pub fn over(&self, f: impl Fn(&Run) -> f64) -> Spread {
        Spread::of(&self.runs.iter().map(f).collect::<Vec<_>>())
    }
    pub fn test_loss(&self) -> Spread {
        self.over(|r| r.final_test.loss)
    }
    /// The fraction of test images classified wrong.
    pub fn test_error(&self) -> Spread {
        self.over(|r| 1.0 - r.final_test.accuracy)
    }
    pub fn train_loss(&self) -> Spread {
        self.over(|r| r.final_train.loss)
    }
    pub fn train_error(&self) -> Spread {
        self.over(|r| 1.0 - r.final_train.accuracy)
    }
    /// Test loss minus training loss.
    pub fn gap(&self) -> Spread {
        self.over(Run::gap)
    }
    /// ‖W‖ at the end.
    pub fn norm(&self) -> Spread {
        self.over(|r| r.weight_norm)
    }

    /// This setting against `base`, seed by seed.
    pub fn against(&self, base: &Variant) -> Paired {
        let changes: Vec<f64> = self
            .runs
            .iter()
            .zip(&base.runs)
            .map(|(r, b)| r.final_test.loss - b.final_test.loss)
            .collect();
        Paired {
            change: Spread::of(&changes),
            lower: changes.iter().filter(|&&c| c < 0.0).count(),
            seeds: changes.len(),
        }
    }
}

/// A setting to train, and on which images.
#[derive(Clone, Debug)]
struct Job {
    name: String,
    setup: Setup,
    /// Training images, validation images carved from them, and whether the labels are shuffled.
    size: usize,
    validation: usize,
    random_labels: bool,
}

impl Job {
    /// `setup` on the config's `--train-size` images, no validation set.
    fn new(name: impl Into<String>, setup: Setup, config: &Config) -> Self {
        Job {
            name: name.into(),
            setup,
            size: config.train_size,
            validation: 0,
            random_labels: false,
        }
    }
}

// ANCHOR: trained
/// Every job trained from every seed of the config, in parallel (nn-core's grid); each seed
/// draws its own training images from chapter 5's split with that seed. Progress on stderr.
fn trained(config: &Config, section: &str, jobs: &[Job]) -> Vec<Variant> {
    let seeds = config.seed_list();
    let splits: Vec<DigitsSplit> = seeds.iter().map(|&s| DigitsSplit::new(s)).collect();
    let (total, done) = (jobs.len() * seeds.len(), AtomicUsize::new(0));
    let rows = grid(jobs, &seeds, |job, seed| {
        let split = &splits[(seed - config.seed) as usize];
        let mut data = Digits::from_split(split, job.size, job.validation, seed);
        if job.random_labels {
            data = data.with_random_labels(seed);
        }
        let run = train(&job.setup, &data, seed, |_, _| {});
        let done = done.fetch_add(1, Ordering::Relaxed) + 1;
        if config.progress {
            nn_core::progress!(
                "{section}: {done}/{total} trainings ({}, seed {seed})",
                job.name
            );
        }
        run
    });
    jobs.iter()
        .zip(rows)
        .map(|(job, runs)| Variant {
            name: job.name.clone(),
            runs,
        })
        .collect()
}
// ANCHOR_END: trained

// ANCHOR: setting
/// One setting of your choice (`--train-size` images, no validation set unless `setup` stops
/// early, then `--validation` of them), trained from every seed: what the notebook turns.
pub fn setting(config: &Config, setup: &Setup) -> Variant {
    let name = "your setting";
    let job = Job {
        validation: if setup.patience.is_some() {
            config.validation_images()
        } else {
            0
        },
        ..Job::new(name, *setup, config)
    };
    trained(config, name, &[job])
        .into_iter()
        .next()
        .expect("one job")
}
// ANCHOR_END: setting

// ---------------------------------------------------------------------------------------------
// Section 1: overfitting, made visible

/// The network with no regularizer on the small training set, measured as it trains.
#[derive(Clone, Debug)]
pub struct Overfitting {
    pub setup: Setup,
    pub train_size: usize,
    pub test_size: usize,
    pub parameters: usize,
    pub seeds: Vec<u64>,
    pub runs: Vec<Run>,
}

/// Medians over the seeds after one epoch.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MedianPoint {
    pub epoch: usize,
    pub train: Measure,
    pub test: Measure,
}

impl Overfitting {
    /// The curve's medians over the seeds, point by point.
    pub fn median_curve(&self) -> Vec<MedianPoint> {
        (0..self.runs[0].curve.len())
            .map(|i| {
                let at = |f: fn(&crate::training::Point) -> f64| {
                    Spread::of(&self.runs.iter().map(|r| f(&r.curve[i])).collect::<Vec<_>>()).median
                };
                MedianPoint {
                    epoch: self.runs[0].curve[i].epoch,
                    train: Measure {
                        loss: at(|p| p.train.loss),
                        accuracy: at(|p| p.train.accuracy),
                    },
                    test: Measure {
                        loss: at(|p| p.test.loss),
                        accuracy: at(|p| p.test.accuracy),
                    },
                }
            })
            .collect()
    }

    /// Over the seeds: the measured epoch with the lowest test loss, and that loss.
    pub fn lowest_test(&self) -> (Spread, Spread) {
        let lowest: Vec<(f64, f64)> = self
            .runs
            .iter()
            .map(|r| {
                let p = r
                    .curve
                    .iter()
                    .min_by(|a, b| a.test.loss.total_cmp(&b.test.loss))
                    .expect("a curve");
                (p.epoch as f64, p.test.loss)
            })
            .collect();
        let epochs: Vec<f64> = lowest.iter().map(|l| l.0).collect();
        let losses: Vec<f64> = lowest.iter().map(|l| l.1).collect();
        (Spread::of(&epochs), Spread::of(&losses))
    }

    /// Over the seeds: how much higher the final test loss is than the lowest, as a fraction.
    pub fn rise(&self) -> Spread {
        let rises: Vec<f64> = self
            .runs
            .iter()
            .map(|r| {
                let lowest = r
                    .curve
                    .iter()
                    .map(|p| p.test.loss)
                    .fold(f64::INFINITY, f64::min);
                r.final_test.loss / lowest - 1.0
            })
            .collect();
        Spread::of(&rises)
    }

    /// Over the seeds: the first measured epoch after which every training image is classified
    /// right; `None` if some seed never gets there.
    pub fn memorised_at(&self) -> Option<Spread> {
        first_epochs(&self.runs, 1.0)
    }

    /// The final measurements over the seeds.
    pub fn variant(&self) -> Variant {
        Variant {
            name: "none".into(),
            runs: self.runs.clone(),
        }
    }
}

/// Over the seeds, the first measured epoch at which the training accuracy reaches
/// `threshold`; `None` if some run never does.
fn first_epochs(runs: &[Run], threshold: f64) -> Option<Spread> {
    let epochs: Option<Vec<f64>> = runs
        .iter()
        .map(|r| {
            r.curve
                .iter()
                .find(|p| p.train.accuracy >= threshold)
                .map(|p| p.epoch as f64)
        })
        .collect();
    epochs.map(|e| Spread::of(&e))
}

// ANCHOR: overfitting
/// Section 1: the network with no regularizer, its training and test sets measured as it
/// trains (every epoch up to 20, then every fifth).
pub fn overfitting(config: &Config) -> Overfitting {
    let setup = Setup {
        curve: Curve::Sampled,
        ..config.base()
    };
    let variant = trained(config, "overfitting", &[Job::new("none", setup, config)]);
    let mut net = mlp(config.hidden, 0.0, &mut seeded(0));
    Overfitting {
        setup,
        train_size: config.train_size,
        test_size: DigitsSplit::new(config.seed).test_labels.len(),
        parameters: parameter_count(&mut net),
        seeds: config.seed_list(),
        runs: variant.into_iter().next().expect("one job").runs,
    }
}
// ANCHOR_END: overfitting

// ---------------------------------------------------------------------------------------------
// Section 2: more data

/// The training-set sizes of section 2, with `--train-size` among them.
pub fn sizes(config: &Config) -> Vec<usize> {
    let mut sizes = vec![25, 50, 100, 200, 400, 800, 1438];
    if !sizes.contains(&config.train_size) {
        sizes.push(config.train_size);
        sizes.sort_unstable();
    }
    sizes
}

/// One training-set size.
#[derive(Clone, Debug)]
pub struct SizeRow {
    pub size: usize,
    /// The epochs that make the same number of steps.
    pub epochs: usize,
    pub variant: Variant,
}

/// Section 2: the same network and number of steps on more and more training images.
#[derive(Clone, Debug)]
pub struct MoreData {
    pub steps: usize,
    pub rows: Vec<SizeRow>,
}

/// Section 2: a learning curve, every size trained for the same number of SGD steps as the
/// budget makes on `--train-size` images.
pub fn more_data(config: &Config) -> MoreData {
    let steps = config.steps();
    let jobs: Vec<Job> = sizes(config)
        .into_iter()
        .map(|size| Job {
            size,
            ..Job::new(
                size.to_string(),
                Setup {
                    epochs: steps.div_ceil(size.div_ceil(config.batch_size)),
                    ..config.base()
                },
                config,
            )
        })
        .collect();
    let variants = trained(config, "more data", &jobs);
    let rows = jobs
        .iter()
        .zip(variants)
        .map(|(job, variant)| SizeRow {
            size: job.size,
            epochs: job.setup.epochs,
            variant,
        })
        .collect();
    MoreData { steps, rows }
}

// ---------------------------------------------------------------------------------------------
// Section 3: random labels

/// Section 3: the same images with their real labels and with the labels shuffled.
#[derive(Clone, Debug)]
pub struct RandomLabels {
    pub epochs: usize,
    pub real: Variant,
    pub random: Variant,
}

impl RandomLabels {
    /// The accuracies section 3 counts the epochs to.
    pub const THRESHOLDS: [f64; 3] = [0.5, 0.9, 1.0];

    /// Over the seeds, the first epoch at which `variant`'s training accuracy reaches
    /// `threshold` (`None`: some seed never did within the budget).
    pub fn epochs_to(variant: &Variant, threshold: f64) -> Option<Spread> {
        first_epochs(&variant.runs, threshold)
    }

    /// How many times as many epochs random labels need to be memorised completely (median
    /// against median); `None` if either never is.
    pub fn slowdown(&self) -> Option<f64> {
        let real = Self::epochs_to(&self.real, 1.0)?;
        let random = Self::epochs_to(&self.random, 1.0)?;
        Some(random.median / real.median)
    }
}

/// Section 3: the network memorises random labels too; how long it takes.
pub fn random_labels(config: &Config) -> RandomLabels {
    let setup = Setup {
        curve: Curve::Every,
        ..config.base()
    };
    let jobs = [
        Job::new("real labels", setup, config),
        Job {
            random_labels: true,
            ..Job::new("random labels", setup, config)
        },
    ];
    let mut variants = trained(config, "random labels", &jobs).into_iter();
    RandomLabels {
        epochs: config.epochs,
        real: variants.next().expect("real labels"),
        random: variants.next().expect("random labels"),
    }
}

// ---------------------------------------------------------------------------------------------
// Section 4: one step of SGD with an L2 penalty

/// Section 4: one step of SGD with the L2 penalty against "decay, then the usual step".
#[derive(Clone, Debug)]
pub struct L2Step {
    pub lr: f64,
    pub lambda: f64,
    /// The largest |difference| between the step and (1 − ηλ)·w − η·g over every weight, and
    /// between the step and b − η·g over every bias.
    pub weights_difference: f64,
    pub biases_difference: f64,
    /// How many weights and biases the network has.
    pub weights: usize,
    pub biases: usize,
    /// The budget's steps, and what (1 − ηλ) per step makes of a weight over them, if the
    /// data's gradient were zero.
    pub steps: usize,
    pub shrink_over_run: f64,
}

// ANCHOR: l2_step
/// Section 4: one step of SGD with the penalty on the network, from one mini-batch of
/// training images, against the decay-then-step form.
pub fn l2_step(config: &Config) -> L2Step {
    let data = Digits::new(config.train_size, 0, config.seed);
    let batch = data
        .x
        .slice(ndarray::s![..config.batch_size.min(data.labels.len()), ..]);
    let labels = &data.labels[..batch.nrows()];
    let mut net = mlp(config.hidden, 0.0, &mut seeded(config.seed));
    let mut loss = SoftmaxCrossEntropy::default();
    loss.forward(&net.forward(&batch.to_owned()), labels);
    net.backward(&loss.backward());
    let (lr, lambda) = (config.lr, config.l2);
    // By hand: every weight decays by (1 − ηλ) and then steps by −η·g; a bias only steps.
    let mut by_hand = vec![];
    net.visit_parameters(&mut |p| {
        let decay = if p.name == "W" {
            1.0 - lr * lambda
        } else {
            1.0
        };
        by_hand.push((p.name, &p.value * decay - &p.grad * lr));
    });
    let mut sgd = L2 {
        optimizer: crate::Sgd,
        lambda,
        decay: Decay::Weights,
    };
    sgd.step(lr, &mut net);
    let (mut weights_difference, mut biases_difference) = (0.0_f64, 0.0_f64);
    let (mut weights, mut biases, mut index) = (0, 0, 0);
    net.visit_parameters(&mut |p| {
        let (name, expected) = &by_hand[index];
        let largest = (&p.value - expected).fold(0.0_f64, |m, d| m.max(d.abs()));
        if *name == "W" {
            weights_difference = weights_difference.max(largest);
            weights += p.value.len();
        } else {
            biases_difference = biases_difference.max(largest);
            biases += p.value.len();
        }
        index += 1;
    });
    L2Step {
        lr,
        lambda,
        weights_difference,
        biases_difference,
        weights,
        biases,
        steps: config.steps(),
        shrink_over_run: (1.0 - lr * lambda).powi(config.steps() as i32),
    }
}
// ANCHOR_END: l2_step

// ---------------------------------------------------------------------------------------------
// Section 5: λ swept, which parameters, Adam against AdamW

/// The λ of section 5's sweep with SGD, with `--l2` among them.
pub fn lambdas(config: &Config) -> Vec<f64> {
    let mut lambdas = vec![0.0, 1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2];
    if !lambdas.contains(&config.l2) {
        lambdas.push(config.l2);
        lambdas.sort_by(f64::total_cmp);
    }
    lambdas
}

/// The λ of section 5's Adam against AdamW.
pub const ADAM_LAMBDAS: [f64; 4] = [1e-3, 1e-2, 1e-1, 1.0];

/// One λ.
#[derive(Clone, Debug)]
pub struct LambdaRow {
    pub lambda: f64,
    pub variant: Variant,
}

/// One λ with Adam (L2 in the gradient) and with AdamW (decoupled decay).
#[derive(Clone, Debug)]
pub struct AdamRow {
    pub lambda: f64,
    pub adam: Variant,
    pub adamw: Variant,
}

/// Section 5.
#[derive(Clone, Debug)]
pub struct L2Sweep {
    /// SGD with each λ of [`lambdas`] on the weights (λ = 0 first).
    pub rows: Vec<LambdaRow>,
    /// `--l2` on the weights only, and on every parameter.
    pub lambda: f64,
    pub weights_only: Variant,
    pub all_parameters: Variant,
    /// Adam and AdamW with no decay, then each λ of [`ADAM_LAMBDAS`].
    pub adam_lr: f64,
    pub adam_plain: Variant,
    pub adam_rows: Vec<AdamRow>,
}

impl L2Sweep {
    /// The row without a penalty.
    pub fn none(&self) -> &Variant {
        &self.rows[0].variant
    }

    /// The row with the lowest median test loss.
    pub fn best(&self) -> &LambdaRow {
        lowest(&self.rows, |r| &r.variant)
    }
}

/// The item whose variant has the lowest median test loss (the first, on a tie).
fn lowest<T>(items: &[T], variant: impl Fn(&T) -> &Variant) -> &T {
    items
        .iter()
        .reduce(|a, b| {
            if variant(b).test_loss().median < variant(a).test_loss().median {
                b
            } else {
                a
            }
        })
        .expect("at least one")
}

// ANCHOR: l2_sweep
/// Section 5: SGD with the penalty at each λ of [`lambdas`]; `--l2` on the weights only against
/// every parameter; Adam with the penalty against AdamW at each λ of [`ADAM_LAMBDAS`].
pub fn l2_sweep(config: &Config) -> L2Sweep {
    let sgd = |lambda: f64, decay: Decay| Setup {
        l2: lambda,
        decay,
        ..config.base()
    };
    let adam = |lambda: f64, method: Method| Setup {
        l2: lambda,
        method,
        lr: config.adam_lr,
        decay: Decay::All, // as AdamW decays every parameter
        ..config.base()
    };
    let lambdas = lambdas(config);
    let mut jobs: Vec<Job> = lambdas
        .iter()
        .map(|&l| Job::new(format!("λ = {l}"), sgd(l, Decay::Weights), config))
        .collect();
    jobs.push(Job::new(
        "every parameter",
        sgd(config.l2, Decay::All),
        config,
    ));
    jobs.push(Job::new("Adam", adam(0.0, Method::Adam), config));
    for &l in &ADAM_LAMBDAS {
        jobs.push(Job::new(
            format!("Adam + L2 {l}"),
            adam(l, Method::Adam),
            config,
        ));
        jobs.push(Job::new(
            format!("AdamW {l}"),
            adam(l, Method::AdamW),
            config,
        ));
    }
    let mut variants = trained(config, "L2", &jobs).into_iter();
    let rows: Vec<LambdaRow> = lambdas
        .iter()
        .map(|&lambda| LambdaRow {
            lambda,
            variant: variants.next().expect("a λ"),
        })
        .collect();
    let weights_only = rows
        .iter()
        .find(|r| r.lambda == config.l2)
        .expect("--l2 is in the sweep")
        .variant
        .clone();
    let all_parameters = variants.next().expect("every parameter");
    let adam_plain = variants.next().expect("Adam");
    let adam_rows = ADAM_LAMBDAS
        .iter()
        .map(|&lambda| AdamRow {
            lambda,
            adam: variants.next().expect("Adam + L2"),
            adamw: variants.next().expect("AdamW"),
        })
        .collect();
    L2Sweep {
        rows,
        lambda: config.l2,
        weights_only,
        all_parameters,
        adam_lr: config.adam_lr,
        adam_plain,
        adam_rows,
    }
}
// ANCHOR_END: l2_sweep

// ---------------------------------------------------------------------------------------------
// Section 6: the dropout layer, and its ensemble reading

/// Section 6: the layer checked, and a network trained with dropout read as an ensemble.
#[derive(Clone, Debug)]
pub struct DropoutFacts {
    pub p: f64,
    /// The seed of the network read as an ensemble.
    pub seed: u64,
    /// The backward pass against central differences, the mask held fixed.
    pub check: GradCheck,
    /// Over `draws` training passes of the test images: the fraction of pixels dropped, and
    /// the mean output over the mean input.
    pub draws: usize,
    pub dropped: f64,
    pub mean_ratio: f64,
    /// Whether inference returned its input bit for bit.
    pub inference_is_identity: bool,
    pub ensemble: Ensemble,
}

/// One network trained with dropout: the scaled network against averages of random-mask
/// networks on the test set.
#[derive(Clone, Debug)]
pub struct Ensemble {
    /// The network at inference: every unit kept, no rescaling.
    pub scaled: Measure,
    pub rows: Vec<EnsembleRow>,
}

/// The average of the class probabilities of `masks` random-mask networks.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct EnsembleRow {
    pub masks: usize,
    pub average: Measure,
    /// The fraction of test images on which the average and the scaled network predict the
    /// same class.
    pub agreement: f64,
    /// The mean over test images of ½·Σ|average − scaled| over the classes: how much
    /// probability the two put differently (0: the same, 1: disjoint).
    pub distance: f64,
}

/// The numbers of masks section 6 averages: 1, 10, 100, … up to `--masks`, and `--masks`.
pub fn mask_counts(config: &Config) -> Vec<usize> {
    let mut counts: Vec<usize> = [1, 10, 100, 1000]
        .into_iter()
        .filter(|&k| k < config.masks)
        .collect();
    counts.push(config.masks);
    counts
}

// ANCHOR: ensemble
/// The test images through `net` with `masks` random masks (its training forward pass), the
/// class probabilities averaged, against the network at inference.
pub fn ensemble(net: &Sequential, data: &Digits, counts: &[usize]) -> Ensemble {
    let probabilities = |logits: &Array2<f64>| softmax(logits);
    let scaled = probabilities(&net.infer(&data.x_test));
    let mut sampler = net.clone(); // a copy whose training pass draws the masks
    let mut sum = Array2::zeros(scaled.raw_dim());
    let mut rows = vec![];
    for k in 1..=counts.iter().copied().max().unwrap_or(0) {
        sum += &probabilities(&sampler.forward(&data.x_test));
        if counts.contains(&k) {
            let average = &sum / k as f64;
            let classes = |p: &Array2<f64>| ch03_relu_xor::predicted_classes(p);
            let same = classes(&average)
                .iter()
                .zip(classes(&scaled))
                .filter(|(a, b)| **a == *b)
                .count();
            let distance = (&average - &scaled).mapv(f64::abs).sum_axis(Axis(1)) * 0.5;
            rows.push(EnsembleRow {
                masks: k,
                average: probability_measure(&average, &data.test_labels),
                agreement: same as f64 / data.test_labels.len() as f64,
                distance: distance.mean().unwrap_or(0.0),
            });
        }
    }
    Ensemble {
        scaled: probability_measure(&scaled, &data.test_labels),
        rows,
    }
}
// ANCHOR_END: ensemble

/// The mean cross-entropy and accuracy of class probabilities (not logits).
fn probability_measure(p: &Array2<f64>, labels: &[usize]) -> Measure {
    let loss = labels
        .iter()
        .enumerate()
        .map(|(i, &l)| -p[[i, l]].max(f64::MIN_POSITIVE).ln())
        .sum::<f64>()
        / labels.len() as f64;
    Measure {
        loss,
        accuracy: ch03_relu_xor::accuracy(p, labels),
    }
}

/// Section 6: the layer's backward pass checked with its mask held fixed, what it does on
/// average, and a network trained with dropout (seed `--seed`) read as an ensemble.
pub fn dropout(config: &Config) -> DropoutFacts {
    const DRAWS: usize = 200;
    let p = config.dropout;
    // The gradient check: a clone draws the mask the layer's own forward pass draws.
    let x = Array2::random_using((6, 5), StandardNormal, &mut seeded(config.seed));
    let g = Array2::random_using((6, 5), StandardNormal, &mut seeded(config.seed + 1));
    let mut layer = Dropout::new(p, config.seed);
    let fresh = layer.clone();
    layer.forward(&x);
    let grad = layer.backward(&g);
    let check = check_vjp(|x| fresh.clone().forward(x), &x, &g, &grad);
    // On average: the test images (pixels 0 to 1) through `DRAWS` masks.
    let data = Digits::new(config.train_size, 0, config.seed);
    let mut layer = Dropout::new(p, config.seed);
    let (mut dropped, mut total) = (0usize, 0.0);
    for _ in 0..DRAWS {
        let y = layer.forward(&data.x_test);
        dropped += y
            .iter()
            .zip(&data.x_test)
            .filter(|(&y, &x)| y == 0.0 && x != 0.0)
            .count();
        total += y.sum();
    }
    let nonzero = data.x_test.iter().filter(|&&x| x != 0.0).count();
    let inference_is_identity = layer.infer(&data.x_test) == data.x_test;
    // The ensemble reading of a network trained with dropout.
    let setup = Setup {
        dropout: p,
        ..config.base()
    };
    let run = train(&setup, &data, config.seed, |_, _| {});
    DropoutFacts {
        p,
        seed: config.seed,
        check,
        draws: DRAWS,
        dropped: dropped as f64 / (nonzero * DRAWS).max(1) as f64,
        mean_ratio: total / (DRAWS as f64 * data.x_test.sum()),
        inference_is_identity,
        ensemble: ensemble(&run.net, &data, &mask_counts(config)),
    }
}

// ---------------------------------------------------------------------------------------------
// Section 7: p swept

/// The p of section 7's sweep, with `--dropout` among them.
pub fn probabilities(config: &Config) -> Vec<f64> {
    let mut ps = vec![0.0, 0.1, 0.2, 0.3, 0.5, 0.7];
    if !ps.contains(&config.dropout) {
        ps.push(config.dropout);
        ps.sort_by(f64::total_cmp);
    }
    ps
}

/// One p.
#[derive(Clone, Debug)]
pub struct ProbabilityRow {
    pub p: f64,
    pub variant: Variant,
}

/// Section 7: dropout with each p of [`probabilities`] (p = 0 first: no dropout).
#[derive(Clone, Debug)]
pub struct DropoutSweep {
    pub rows: Vec<ProbabilityRow>,
}

impl DropoutSweep {
    pub fn none(&self) -> &Variant {
        &self.rows[0].variant
    }
    pub fn best(&self) -> &ProbabilityRow {
        lowest(&self.rows, |r| &r.variant)
    }
}

/// Section 7.
pub fn dropout_sweep(config: &Config) -> DropoutSweep {
    let ps = probabilities(config);
    let jobs: Vec<Job> = ps
        .iter()
        .map(|&p| {
            let setup = Setup {
                dropout: p,
                ..config.base()
            };
            Job::new(format!("p = {p}"), setup, config)
        })
        .collect();
    let rows = ps
        .iter()
        .zip(trained(config, "dropout", &jobs))
        .map(|(&p, variant)| ProbabilityRow { p, variant })
        .collect();
    DropoutSweep { rows }
}

// ---------------------------------------------------------------------------------------------
// Section 8: early stopping

/// One seed of section 8: the curves, and what the rule makes of them.
#[derive(Clone, Debug)]
pub struct StoppedRun {
    pub run: Run,
    pub stop: Stop,
}

impl StoppedRun {
    /// The test loss after `epoch` (the curve has every epoch).
    pub fn test_loss_at(&self, epoch: usize) -> f64 {
        self.run.curve[epoch].test.loss
    }
    /// The validation loss after `epoch` ≥ 1.
    pub fn validation_loss_at(&self, epoch: usize) -> f64 {
        self.run.validation[epoch - 1].loss
    }
    /// The epoch with the lowest test loss — the test set's own choice — and that loss.
    pub fn test_pick(&self) -> (usize, f64) {
        let p = self
            .run
            .curve
            .iter()
            .skip(1)
            .min_by(|a, b| a.test.loss.total_cmp(&b.test.loss))
            .expect("at least one epoch");
        (p.epoch, p.test.loss)
    }
}

/// Section 8: early stopping on a validation set carved from the training images.
#[derive(Clone, Debug)]
pub struct EarlyStopping {
    pub patience: usize,
    pub validation: usize,
    /// The images the network trains on: the training images less the validation set.
    pub trained_on: usize,
    pub epochs: usize,
    pub runs: Vec<StoppedRun>,
    /// Section 1's network: all `--train-size` images, the whole budget.
    pub all_images: Variant,
}

impl EarlyStopping {
    /// Over the seeds: `f` of each stopped run.
    pub fn over(&self, f: impl Fn(&StoppedRun) -> f64) -> Spread {
        Spread::of(&self.runs.iter().map(f).collect::<Vec<_>>())
    }
}

// ANCHOR: early_stopping
/// Section 8: the network trained on the training images less the validation set for the whole
/// budget, its validation and test losses after every epoch; the rule applied to the
/// validation curve says where training would have stopped and which epoch it keeps. (A run
/// is the same whether or not it is stopped, so the rule can read the whole curve: the
/// comparison of section 10 stops for real and keeps the best network.)
pub fn early_stopping(config: &Config, overfitting: &Overfitting) -> EarlyStopping {
    let setup = Setup {
        curve: Curve::Every,
        ..config.base()
    };
    let job = Job {
        validation: config.validation_images(),
        ..Job::new("early stopping", setup, config)
    };
    let variant = trained(config, "early stopping", &[job]);
    let runs = variant
        .into_iter()
        .next()
        .expect("one job")
        .runs
        .into_iter()
        .map(|run| {
            let losses: Vec<f64> = run.validation.iter().map(|m| m.loss).collect();
            StoppedRun {
                stop: stop(&losses, config.patience),
                run,
            }
        })
        .collect();
    EarlyStopping {
        patience: config.patience,
        validation: config.validation_images(),
        trained_on: config.train_size - config.validation_images(),
        epochs: config.epochs,
        runs,
        all_images: overfitting.variant(),
    }
}
// ANCHOR_END: early_stopping

// ---------------------------------------------------------------------------------------------
// Section 9: augmentation

/// Section 9: each augmentation against none, the same network and budget.
#[derive(Clone, Debug)]
pub struct Augmentation {
    /// None first.
    pub rows: Vec<Variant>,
    /// Where the test digits' ink is centred: its distance from the image's centre, in pixels,
    /// over the test images (median, min–max), and the fraction within half a pixel.
    pub centre_distance: Spread,
    pub within_half_pixel: f64,
}

impl Augmentation {
    pub fn best(&self) -> &Variant {
        lowest(&self.rows, |v| v)
    }
}

/// The augmentations of section 9.
pub fn augmentations(config: &Config) -> [Augment; 4] {
    [
        Augment::Nothing,
        Augment::Shifts,
        Augment::Rotations,
        Augment::Noise {
            sigma: config.noise,
        },
    ]
}

/// Section 9.
pub fn augmentation(config: &Config) -> Augmentation {
    let jobs: Vec<Job> = augmentations(config)
        .into_iter()
        .map(|augment| {
            let setup = Setup {
                augment,
                ..config.base()
            };
            Job::new(augment.name(), setup, config)
        })
        .collect();
    let test = DigitsSplit::new(config.seed).x_test;
    let distances: Vec<f64> = test
        .rows()
        .into_iter()
        .map(|image| {
            let (r, c) = centre_of_ink(image);
            (r - 3.5).hypot(c - 3.5)
        })
        .collect();
    let within = distances.iter().filter(|&&d| d <= 0.5).count();
    Augmentation {
        rows: trained(config, "augmentation", &jobs),
        centre_distance: Spread::of(&distances),
        within_half_pixel: within as f64 / distances.len() as f64,
    }
}

// ---------------------------------------------------------------------------------------------
// Section 10: every cure side by side

/// Which regularizers a row of the comparison uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cures {
    pub l2: bool,
    pub dropout: bool,
    pub noise: bool,
    pub shifts: bool,
    pub early_stopping: bool,
}

impl Cures {
    const NONE: Cures = Cures {
        l2: false,
        dropout: false,
        noise: false,
        shifts: false,
        early_stopping: false,
    };

    /// The row's name: its cures joined by " + ", or "none".
    pub fn name(self) -> String {
        let names: Vec<&str> = [
            (self.l2, "L2"),
            (self.dropout, "dropout"),
            (self.noise, "noise"),
            (self.shifts, "shifts"),
            (self.early_stopping, "early stopping"),
        ]
        .into_iter()
        .filter_map(|(on, name)| on.then_some(name))
        .collect();
        if names.is_empty() {
            "none".into()
        } else {
            names.join(" + ")
        }
    }

    /// How many cures the row combines.
    pub fn count(self) -> usize {
        [
            self.l2,
            self.dropout,
            self.noise,
            self.shifts,
            self.early_stopping,
        ]
        .iter()
        .filter(|&&c| c)
        .count()
    }

    /// Whether every cure of `self` is also one of `other`'s.
    pub fn within(self, other: Cures) -> bool {
        (!self.l2 || other.l2)
            && (!self.dropout || other.dropout)
            && (!self.noise || other.noise)
            && (!self.shifts || other.shifts)
            && (!self.early_stopping || other.early_stopping)
    }
}

/// The rows of the comparison: none, each cure alone, then combinations.
pub const PLAN: [Cures; 11] = {
    let n = Cures::NONE;
    [
        n,
        Cures { l2: true, ..n },
        Cures { dropout: true, ..n },
        Cures { noise: true, ..n },
        Cures { shifts: true, ..n },
        Cures {
            early_stopping: true,
            ..n
        },
        Cures {
            l2: true,
            dropout: true,
            ..n
        },
        Cures {
            l2: true,
            noise: true,
            ..n
        },
        Cures {
            dropout: true,
            noise: true,
            ..n
        },
        Cures {
            l2: true,
            dropout: true,
            noise: true,
            ..n
        },
        Cures {
            l2: true,
            dropout: true,
            noise: true,
            shifts: false,
            early_stopping: true,
        },
    ]
};

/// One row of the comparison.
#[derive(Clone, Debug)]
pub struct CureRow {
    pub cures: Cures,
    pub variant: Variant,
}

/// Section 10.
#[derive(Clone, Debug)]
pub struct Comparison {
    pub lambda: f64,
    pub p: f64,
    pub sigma: f64,
    pub patience: usize,
    pub validation: usize,
    /// [`PLAN`]'s rows, none first.
    pub rows: Vec<CureRow>,
}

impl Comparison {
    pub fn none(&self) -> &Variant {
        &self.rows[0].variant
    }
    pub fn best(&self) -> &CureRow {
        lowest(&self.rows, |r| &r.variant)
    }
    pub fn row(&self, cures: Cures) -> Option<&CureRow> {
        self.rows.iter().find(|r| r.cures == cures)
    }

    /// For a combination: in how many seeds its test loss is below that of every row that has
    /// only some of its cures (each alone, each smaller combination).
    pub fn beats_its_parts(&self, row: &CureRow) -> usize {
        let parts: Vec<&CureRow> = self
            .rows
            .iter()
            .filter(|r| r.cures != row.cures && r.cures.count() > 0 && r.cures.within(row.cures))
            .collect();
        (0..row.variant.runs.len())
            .filter(|&s| {
                let own = row.variant.runs[s].final_test.loss;
                parts
                    .iter()
                    .all(|part| own < part.variant.runs[s].final_test.loss)
            })
            .count()
    }
}

// ANCHOR: comparison
/// Section 10: every row of [`PLAN`], with `--l2`, `--dropout`, `--noise` and `--patience`,
/// on the same network and budget. Early stopping carves its validation set from the training
/// images, stops for real and keeps the best epoch's network.
pub fn comparison(config: &Config) -> Comparison {
    let jobs: Vec<Job> = PLAN
        .iter()
        .map(|&cures| {
            let augment = match (cures.noise, cures.shifts) {
                (true, _) => Augment::Noise {
                    sigma: config.noise,
                },
                (false, true) => Augment::Shifts,
                (false, false) => Augment::Nothing,
            };
            let setup = Setup {
                l2: if cures.l2 { config.l2 } else { 0.0 },
                dropout: if cures.dropout { config.dropout } else { 0.0 },
                augment,
                patience: cures.early_stopping.then_some(config.patience),
                ..config.base()
            };
            Job {
                validation: if cures.early_stopping {
                    config.validation_images()
                } else {
                    0
                },
                ..Job::new(cures.name(), setup, config)
            }
        })
        .collect();
    let rows = PLAN
        .iter()
        .zip(trained(config, "comparison", &jobs))
        .map(|(&cures, variant)| CureRow { cures, variant })
        .collect();
    Comparison {
        lambda: config.l2,
        p: config.dropout,
        sigma: config.noise,
        patience: config.patience,
        validation: config.validation_images(),
        rows,
    }
}
// ANCHOR_END: comparison
