//! Chapter 8's experiments: the variance derivation checked on a wide layer ([`derivation`]), a
//! deep network at initialization layer by layer ([`layers`], which the report reads four
//! ways: the statistics per layer, the spread across samples, the loss against ln 10 and
//! ‖∂L/∂W‖/‖W‖), tanh with and without its gain ([`gain`]), the same network trained under each
//! initialization ([`training`]), and zero initialization ([`zero_init`]). Each returns a named
//! struct of results; `report.rs` prints them and `figures.rs` draws them.

use ch01_sigmoid_neuron::sigmoid::sigmoid;
use ch02_logistic_regression::standardize::Standardizer;
use ch03_relu_xor::{accuracy, Layer, Loss, Param, Sgd, SoftmaxCrossEntropy, Trainer};
use ch04_leaky_relu::dead_units;
use ch05_softmax::sgd::Shuffled;
use clap::Parser;
use ndarray::{Array2, Axis};
use nn_core::cli::{rate, seed, within};
use nn_core::data::{self, Dataset};
use nn_core::grid::grid;
use nn_core::rng::{rand_distr::StandardNormal, seeded, RandomExt, SliceRandom};
pub use nn_core::table::Spread;
use nn_core::Result;
use rayon::prelude::*;

use crate::deep::{Activation, Deep};
use crate::init::{self, Init};
use crate::variance::{predicted_variance, second_moment};

// ANCHOR: config
/// The chapter's settings; `Config::default()` is what `cargo run -p ch08-initialization` uses.
#[derive(Clone, Debug, PartialEq, Parser)]
#[command(
    name = "ch08-initialization",
    about = "Chapter 8: deep networks — vanishing gradients and initialization, measured layer by layer"
)]
pub struct Config {
    /// Seed of the data split, the weights and the shuffles; training uses --seeds seeds from here
    /// (0 to 9223372036854775807).
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// Hidden layers of the deep network (1 to 50).
    #[arg(long, default_value_t = 10)]
    pub depth: usize,
    /// Units per hidden layer (2 to 256).
    #[arg(long, default_value_t = 64)]
    pub width: usize,
    /// Units of the wide layer that checks the variance derivation (256 to 2048).
    #[arg(long, default_value_t = 256)]
    pub wide: usize,
    /// Training samples whose layer-by-layer statistics are measured (2 to 1437).
    #[arg(long, default_value_t = 256)]
    pub probe: usize,
    /// Seeds per combination in the training comparison (1 to 20).
    #[arg(long, default_value_t = 3)]
    pub seeds: u64,
    /// Training samples of the digits used in the training comparison (10 to 1437).
    #[arg(long, default_value_t = 400)]
    pub samples: usize,
    /// Epochs of mini-batch SGD (1 to 50).
    #[arg(long, default_value_t = 5)]
    pub epochs: usize,
    /// Samples per mini-batch (2 to 1437).
    #[arg(long, default_value_t = 32)]
    pub batch_size: usize,
    /// Learning rate, the same for every combination (above 0, at most 10).
    #[arg(long, default_value_t = 0.05)]
    pub lr: f64,
    /// Print each training run's final loss on stderr (the program does, unless --quiet).
    #[arg(skip)]
    pub progress: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config::parse_from(["ch08-initialization"])
    }
}
// ANCHOR_END: config

impl Config {
    /// Refuses settings the experiments cannot run with, naming the flag. [`run`] calls it.
    pub fn validate(&self) -> Result<()> {
        seed(self.seed)?;
        within("depth", self.depth, 1..=50)?;
        within("width", self.width, 2..=256)?;
        within("wide", self.wide, 256..=2048)?;
        within("probe", self.probe, 2..=TRAINING_DIGITS)?;
        within("seeds", self.seeds, 1..=20)?;
        within("samples", self.samples, 10..=TRAINING_DIGITS)?;
        within("epochs", self.epochs, 1..=50)?;
        within("batch-size", self.batch_size, 2..=TRAINING_DIGITS)?;
        rate("lr", self.lr, 10.0)
    }
}

/// The digits' training split: 80% of 1797.
const TRAINING_DIGITS: usize = 1437;

/// Everything the chapter measures, one field per section of the report.
#[derive(Clone, Debug)]
pub struct Report {
    pub config: Config,
    /// Section 1: Var(z) = n_in · Var(w) · E[x²], predicted and measured.
    pub derivation: Derivation,
    /// Section 2: the deep network at initialization, layer by layer (sections 3–5 read it too).
    pub layers: LayerStats,
    /// Section 7: which combinations train.
    pub training: Training,
    /// Section 6: tanh with Xavier, and with Xavier × 5/3.
    pub gain: Gain,
    /// Section 8: zero initialization, trained.
    pub zero: ZeroInit,
}

// ANCHOR: run
/// Runs every experiment of the chapter.
pub fn run(config: &Config) -> Result<Report> {
    config.validate()?;
    Ok(Report {
        config: config.clone(),
        derivation: derivation(config),
        layers: layers(config),
        training: training(config),
        gain: gain(config),
        zero: zero_init(config),
    })
}
// ANCHOR_END: run

/// The digits split 80/20 (stratified) with the seed, standardized with the training split's
/// statistics, the training samples shuffled once.
pub struct Digits {
    pub train: Array2<f64>,
    pub train_labels: Vec<usize>,
    pub test: Array2<f64>,
    pub test_labels: Vec<usize>,
}

/// The digits as every section uses them: zero-mean, unit-variance pixels.
pub fn digits(seed: u64) -> Digits {
    let (train, test): (Dataset, Dataset) = data::digits().stratified_split(0.2, seed);
    let mut order: Vec<usize> = (0..train.len()).collect();
    order.shuffle(&mut seeded(seed));
    let train = train.select(&order);
    let standardizer = Standardizer::fit(&train.features);
    Digits {
        train: standardizer.transform(&train.features),
        train_labels: train.labels.to_vec(),
        test: standardizer.transform(&test.features),
        test_labels: test.labels.to_vec(),
    }
}

// ---------------------------------------------------------------------------------------------
// Section 1: the derivation, checked

/// One prediction of Var(z) for a wide layer, and its measurement.
#[derive(Clone, Debug, PartialEq)]
pub struct VarianceCheck {
    /// What feeds the layer, e.g. "ReLU(z), z ~ N(0, 1)".
    pub input: &'static str,
    /// The weights' variance, as a formula, e.g. "2/n_in (He)".
    pub weights: &'static str,
    pub n_in: usize,
    pub n_out: usize,
    /// E[x²] of the input, by quadrature.
    pub input_second_moment: f64,
    /// n_in · Var(w) · E[x²].
    pub predicted: f64,
    /// The mean over the repetitions of the measured Var(z) (the mean of z² over the batch and
    /// the units).
    pub measured: f64,
    /// The standard error of `measured`: the repetitions' standard deviation / √repetitions.
    pub standard_error: f64,
}

impl VarianceCheck {
    /// measured / predicted.
    pub fn ratio(&self) -> f64 {
        self.measured / self.predicted
    }
    /// (measured − predicted) in standard errors.
    pub fn standard_errors_off(&self) -> f64 {
        (self.measured - self.predicted) / self.standard_error
    }
}

/// The wide layer's variance, predicted and measured, for several inputs and initializations.
#[derive(Clone, Debug, PartialEq)]
pub struct Derivation {
    /// Samples per repetition.
    pub batch: usize,
    /// Independent repetitions (new inputs, new weights) behind each measurement.
    pub repetitions: usize,
    pub checks: Vec<VarianceCheck>,
}

impl Derivation {
    /// The largest |measured − predicted| in standard errors.
    pub fn worst_standard_errors(&self) -> f64 {
        self.checks
            .iter()
            .map(|c| c.standard_errors_off().abs())
            .fold(0.0, f64::max)
    }
}

/// The input fed to the wide layer.
#[derive(Clone, Copy)]
enum Feed {
    Normal,
    Relu,
    Tanh,
    Sigmoid,
}

impl Feed {
    fn apply(self, z: f64) -> f64 {
        match self {
            Feed::Normal => z,
            Feed::Relu => z.max(0.0),
            Feed::Tanh => z.tanh(),
            Feed::Sigmoid => sigmoid(z),
        }
    }
    fn name(self) -> &'static str {
        match self {
            Feed::Normal => "x ~ N(0, 1)",
            Feed::Relu => "ReLU(z), z ~ N(0, 1)",
            Feed::Tanh => "tanh(z), z ~ N(0, 1)",
            Feed::Sigmoid => "σ(z), z ~ N(0, 1)",
        }
    }
}

/// Section 1: for a layer of `config.wide` inputs, Var(z) predicted by n_in · Var(w) · E[x²]
/// and measured over independent draws of inputs and weights.
pub fn derivation(config: &Config) -> Derivation {
    const BATCH: usize = 32;
    const REPETITIONS: usize = 20;
    let n = config.wide;
    // (input, weights' formula, n_out, Var(w))
    let plan: Vec<(Feed, &'static str, usize, f64)> = vec![
        (Feed::Normal, "1 (naive N(0, 1))", n, 1.0),
        (Feed::Normal, "0.01² (small)", n, 1e-4),
        (Feed::Normal, "1/n_in", n, 1.0 / n as f64),
        (
            Feed::Normal,
            "2/(n_in + n_out) (Xavier)",
            n / 2,
            Init::Xavier.variance(n, n / 2),
        ),
        (Feed::Relu, "1/n_in", n, 1.0 / n as f64),
        (Feed::Relu, "2/n_in (He)", n, Init::He.variance(n, n)),
        (Feed::Tanh, "1/n_in", n, 1.0 / n as f64),
        (Feed::Sigmoid, "1/n_in", n, 1.0 / n as f64),
    ];
    let checks = plan
        .par_iter()
        .enumerate()
        .map(|(k, &(feed, weights, n_out, var_w))| {
            let mut rng = seeded(config.seed.wrapping_add(k as u64));
            let estimates: Vec<f64> = (0..REPETITIONS)
                .map(|_| {
                    let x = Array2::random_using((BATCH, n), StandardNormal, &mut rng)
                        .mapv(|z| feed.apply(z));
                    let w = init::normal(n, n_out, var_w.sqrt(), &mut rng);
                    let z = x.dot(&w); // (batch, n_in)·(n_in, n_out) -> (batch, n_out)
                    z.mapv(|v| v * v).mean().unwrap_or(f64::NAN)
                })
                .collect();
            let r = REPETITIONS as f64;
            let measured = estimates.iter().sum::<f64>() / r;
            let sd = (estimates
                .iter()
                .map(|e| (e - measured).powi(2))
                .sum::<f64>()
                / (r - 1.0))
                .sqrt();
            let input_second_moment = second_moment(|z| feed.apply(z), 1.0);
            VarianceCheck {
                input: feed.name(),
                weights,
                n_in: n,
                n_out,
                input_second_moment,
                predicted: predicted_variance(n, var_w, input_second_moment),
                measured,
                standard_error: sd / r.sqrt(),
            }
        })
        .collect();
    Derivation {
        batch: BATCH,
        repetitions: REPETITIONS,
        checks,
    }
}

// ---------------------------------------------------------------------------------------------
// Section 2: layer by layer, at initialization

/// The histogram's bins per layer.
pub const BINS: usize = 30;

/// The range of values the histogram of an activation's outputs covers (values outside go to
/// the end bins).
pub fn histogram_range(activation: Activation) -> (f64, f64) {
    match activation {
        Activation::Sigmoid => (0.0, 1.0),
        Activation::Tanh => (-1.0, 1.0),
        Activation::Relu => (0.0, 3.0),
    }
}

/// One activation × initialization at initialization, layer by layer (index 0: layer 1).
#[derive(Clone, Debug, PartialEq)]
pub struct LayerCase {
    pub activation: Activation,
    pub init: Init,
    /// The mean of each hidden layer's outputs a_l over the batch and the units.
    pub mean: Vec<f64>,
    /// Their standard deviation (over the batch and the units together).
    pub std: Vec<f64>,
    /// The spread across samples: each unit's standard deviation over the batch, averaged over
    /// the units — how much the layer's output differs from one digit to another.
    pub sample_std: Vec<f64>,
    /// ‖∂L/∂W_l‖ (Frobenius) after one backward pass of the cross-entropy on the batch.
    pub grad_norm: Vec<f64>,
    /// ‖W_l‖ (Frobenius), for the scale-free ‖∂L/∂W_l‖ / ‖W_l‖.
    pub weight_norm: Vec<f64>,
    /// Units whose activation input is ≤ 0 for every sample of the batch (chapter 4's dead units).
    pub dead: Vec<usize>,
    /// Of all outputs, the fraction where the activation's slope is under 1/100 of its
    /// largest (σ′ < 0.0025, tanh′ < 0.01; ReLU: 0, counted as dead or not).
    pub saturated: Vec<f64>,
    /// Per layer (row), the fraction of the outputs in each of [`BINS`] bins over
    /// [`histogram_range`].
    pub histogram: Array2<f64>,
    /// The loss at initialization.
    pub loss: f64,
    /// The logits' spread across samples (as `sample_std`, over the output units).
    pub logit_spread: f64,
}

/// Each column's standard deviation over the rows (the batch), averaged over the columns.
fn spread_across_samples(a: &Array2<f64>) -> f64 {
    a.std_axis(Axis(0), 0.0).mean().unwrap_or(f64::NAN)
}

/// The deep network at initialization, for every activation × initialization.
#[derive(Clone, Debug, PartialEq)]
pub struct LayerStats {
    pub depth: usize,
    pub width: usize,
    /// Training samples in the batch the statistics are measured on.
    pub samples: usize,
    /// Activations in the order of [`Activation::ALL`], each with the inits of [`Init::ALL`].
    pub cases: Vec<LayerCase>,
}

impl LayerStats {
    pub fn case(&self, activation: Activation, init: Init) -> &LayerCase {
        self.cases
            .iter()
            .find(|c| c.activation == activation && c.init == init)
            .expect("every combination is measured")
    }
}

fn slope_is_flat(activation: Activation, a: f64) -> bool {
    match activation {
        Activation::Sigmoid => a * (1.0 - a) < 0.0025,
        Activation::Tanh => 1.0 - a * a < 0.01,
        Activation::Relu => false,
    }
}

// ANCHOR: measure
/// Forward and backward once through a fresh network; statistics of every hidden layer.
pub fn measure(
    net: &mut Deep,
    (activation, init): (Activation, Init),
    x: &Array2<f64>,
    labels: &[usize],
) -> LayerCase {
    let depth = net.depth;
    let (lo, hi) = histogram_range(activation);
    let (mut mean, mut std, mut sample_std) = (vec![], vec![], vec![]);
    let (mut dead, mut saturated) = (vec![], vec![]);
    let mut histogram = Array2::zeros((depth, BINS));
    let logits = net.forward_watching(x, &mut |l, h, a| {
        mean.push(a.mean().unwrap_or(f64::NAN));
        std.push(a.std(0.0));
        sample_std.push(spread_across_samples(a));
        dead.push(dead_units(h).iter().filter(|&&d| d).count());
        let flat = a.iter().filter(|&&v| slope_is_flat(activation, v)).count();
        saturated.push(flat as f64 / a.len() as f64);
        for &v in a {
            let bin = ((v - lo) / (hi - lo) * BINS as f64).floor();
            histogram[[l, (bin.max(0.0) as usize).min(BINS - 1)]] += 1.0 / a.len() as f64;
        }
    });
    let mut loss = SoftmaxCrossEntropy::default();
    let value = loss.forward(&logits, labels);
    net.backward(&loss.backward());
    LayerCase {
        activation,
        init,
        mean,
        std,
        sample_std,
        grad_norm: net.weight_gradient_norms(),
        weight_norm: net.weight_norms(),
        dead,
        saturated,
        histogram,
        loss: value,
        logit_spread: spread_across_samples(&logits),
    }
}
// ANCHOR_END: measure

/// The `config.probe` training digits the statistics at initialization are taken on.
fn probe(config: &Config) -> (Array2<f64>, Vec<usize>) {
    let d = digits(config.seed);
    let x = d.train.slice(ndarray::s![..config.probe, ..]).to_owned();
    (x, d.train_labels[..config.probe].to_vec())
}

/// The deep network of the config's size, without batch normalization, weights from the seed.
fn fresh(config: &Config, inputs: usize, activation: Activation, init: Init) -> Deep {
    let mut rng = seeded(config.seed);
    let (w, d) = (config.width, config.depth);
    Deep::new(inputs, w, d, 10, activation, init, false, &mut rng)
}

/// Section 2: each activation × initialization, at initialization, on `config.probe` digits.
pub fn layers(config: &Config) -> LayerStats {
    let (x, labels) = probe(config);
    let combos: Vec<(Activation, Init)> = Activation::ALL
        .iter()
        .flat_map(|&a| Init::ALL.iter().map(move |&i| (a, i)))
        .collect();
    let cases = combos
        .par_iter()
        .map(|&(activation, init)| {
            let mut net = fresh(config, x.ncols(), activation, init);
            measure(&mut net, (activation, init), &x, &labels)
        })
        .collect();
    LayerStats {
        depth: config.depth,
        width: config.width,
        samples: config.probe,
        cases,
    }
}

/// tanh's gain, PyTorch's `calculate_gain("tanh")`: the factor on Xavier's standard deviation
/// meant to make up for what tanh takes off the signal.
pub const TANH_GAIN: f64 = 5.0 / 3.0;

/// The tanh network at initialization with Xavier's weights, and with them times [`TANH_GAIN`]
/// (the same draws, scaled; the output layer's left as Xavier's).
#[derive(Clone, Debug, PartialEq)]
pub struct Gain {
    pub xavier: LayerCase,
    pub with_gain: LayerCase,
}

/// tanh with Xavier, and with Xavier × 5/3, measured as in [`layers`].
pub fn gain(config: &Config) -> Gain {
    let (x, labels) = probe(config);
    let case = |gain: f64| {
        let key = (Activation::Tanh, Init::Xavier);
        let mut net = fresh(config, x.ncols(), key.0, key.1);
        net.scale_hidden_weights(gain);
        measure(&mut net, key, &x, &labels)
    };
    Gain {
        xavier: case(1.0),
        with_gain: case(TANH_GAIN),
    }
}

// ---------------------------------------------------------------------------------------------
// Section 7: does it train?

/// One network setting of the training comparison.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Combo {
    pub activation: Activation,
    pub init: Init,
    /// Chapter 7's batch normalization after every hidden Dense layer.
    pub batch_norm: bool,
}

impl Combo {
    pub fn name(&self) -> String {
        let bn = if self.batch_norm { " + batch norm" } else { "" };
        format!("{}, {}{bn}", self.activation, self.init)
    }
}

/// The other cure, chapter 7's: batch normalization, in the deep ReLU network with small weights
/// (the learner's network of chapter 7 was ReLU with batch normalization).
pub const BATCH_NORM_ROW: Combo = Combo {
    activation: Activation::Relu,
    init: Init::Small,
    batch_norm: true,
};

/// One combination trained from one seed.
#[derive(Clone, Debug, PartialEq)]
pub struct TrainRun {
    pub seed: u64,
    /// The test accuracy after training (a sample whose logits are not finite counts as wrong).
    pub accuracy: f64,
    /// The mean training loss of each epoch.
    pub loss: Vec<f64>,
    /// Whether a loss or a logit became NaN or infinite.
    pub diverged: bool,
    /// Dead units (all hidden layers, on the training samples) before and after training.
    pub dead_before: usize,
    pub dead_after: usize,
}

/// What a combination did over the seeds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The median test accuracy is at least [`LEARNS`].
    Learns,
    /// Finite, but the median test accuracy stayed below [`LEARNS`].
    Stalls,
    /// At least one seed's loss became NaN or infinite: a failure, not a number to read.
    Diverged,
}

/// The median test accuracy from which a combination counts as learning (chance: 0.1).
pub const LEARNS: f64 = 0.5;

/// One combination over the seeds.
#[derive(Clone, Debug, PartialEq)]
pub struct TrainRow {
    pub combo: Combo,
    pub runs: Vec<TrainRun>,
    /// Test accuracy: median, min, max over the seeds.
    pub accuracy: Spread,
    pub outcome: Outcome,
}

impl TrainRow {
    pub fn diverged_runs(&self) -> usize {
        self.runs.iter().filter(|r| r.diverged).count()
    }
}

/// Every activation × initialization (and the batch-norm row), trained the same way.
#[derive(Clone, Debug, PartialEq)]
pub struct Training {
    pub depth: usize,
    pub width: usize,
    pub samples: usize,
    pub test_samples: usize,
    pub epochs: usize,
    pub batch_size: usize,
    pub lr: f64,
    pub seeds: Vec<u64>,
    pub rows: Vec<TrainRow>,
}

impl Training {
    pub fn row(&self, activation: Activation, init: Init, batch_norm: bool) -> &TrainRow {
        self.rows
            .iter()
            .find(|r| {
                r.combo
                    == Combo {
                        activation,
                        init,
                        batch_norm,
                    }
            })
            .expect("every combination is trained")
    }
}

fn count_dead(net: &Deep, x: &Array2<f64>) -> usize {
    let mut dead = 0;
    net.infer_watching(x, &mut |_, h, _| {
        dead += dead_units(h).iter().filter(|&&d| d).count();
    });
    dead
}

// ANCHOR: train_one
/// Trains one deep network with chapter 3's loop and chapter 5's shuffled mini-batches.
pub fn train_one(config: &Config, combo: Combo, seed: u64, d: &Digits) -> TrainRun {
    let net = Deep::new(
        d.train.ncols(),
        config.width,
        config.depth,
        10,
        combo.activation,
        combo.init,
        combo.batch_norm,
        &mut seeded(seed),
    );
    train_net(config, net, seed, d).1
}

/// Trains `net` on the config's training digits; the trained network and its run.
pub fn train_net(config: &Config, mut net: Deep, seed: u64, d: &Digits) -> (Deep, TrainRun) {
    let x = d.train.slice(ndarray::s![..config.samples, ..]).to_owned();
    let labels = &d.train_labels[..config.samples];
    let dead_before = count_dead(&net, &x);
    let mut trainer = Trainer {
        loss: SoftmaxCrossEntropy::default(),
        optimizer: Sgd,
        lr: config.lr,
        batches: Shuffled::new(config.batch_size, seed),
        epochs: config.epochs,
    };
    let loss = trainer.fit(&mut net, &x, labels, |_, _, _| {});
    let logits = net.infer(&d.test); // batch norm: running averages
    let diverged = loss.iter().chain(logits.iter()).any(|v| !v.is_finite());
    let run = TrainRun {
        seed,
        accuracy: accuracy(&logits, &d.test_labels),
        loss,
        diverged,
        dead_before,
        dead_after: count_dead(&net, &x),
    };
    (net, run)
}
// ANCHOR_END: train_one

/// Section 7: every activation × initialization, and [`BATCH_NORM_ROW`], trained with each seed.
pub fn training(config: &Config) -> Training {
    let mut plan: Vec<Combo> = Activation::ALL
        .iter()
        .flat_map(|&activation| {
            Init::ALL.iter().map(move |&init| Combo {
                activation,
                init,
                batch_norm: false,
            })
        })
        .collect();
    plan.push(BATCH_NORM_ROW);
    train_all(config, &plan)
}

/// Trains each combination of `plan` with each of the config's seeds, on the same data.
pub fn train_all(config: &Config, plan: &[Combo]) -> Training {
    let d = digits(config.seed);
    let seeds: Vec<u64> = (config.seed..config.seed.saturating_add(config.seeds)).collect();
    let trained = grid(plan, &seeds, |&combo, seed| {
        let run = train_one(config, combo, seed, &d);
        if config.progress {
            nn_core::progress!(
                "{}, seed {seed}: final training loss {:.4}, test accuracy {:.3}",
                combo.name(),
                run.loss.last().copied().unwrap_or(f64::NAN),
                run.accuracy
            );
        }
        run
    });
    let rows = plan
        .iter()
        .zip(trained)
        .map(|(&combo, runs)| {
            let accuracy = Spread::of(&runs.iter().map(|r| r.accuracy).collect::<Vec<_>>());
            let outcome = if runs.iter().any(|r| r.diverged) {
                Outcome::Diverged
            } else if accuracy.median >= LEARNS {
                Outcome::Learns
            } else {
                Outcome::Stalls
            };
            TrainRow {
                combo,
                runs,
                accuracy,
                outcome,
            }
        })
        .collect();
    Training {
        depth: config.depth,
        width: config.width,
        samples: config.samples,
        test_samples: d.test_labels.len(),
        epochs: config.epochs,
        batch_size: config.batch_size,
        lr: config.lr,
        seeds,
        rows,
    }
}

// ---------------------------------------------------------------------------------------------
// Zero initialization: symmetry

/// One activation's network started from all-zero weights (biases 0 as always) and trained.
#[derive(Clone, Debug, PartialEq)]
pub struct ZeroRow {
    pub activation: Activation,
    /// After training, the largest difference between two units of one hidden layer: over the
    /// layers, the units j and the entries i, `max |W_l[i, j] − W_l[i, 0]|` and `|b_l[j] − b_l[0]|`.
    pub unit_difference: f64,
    /// After training, the largest |w| of the hidden layers' weights.
    pub largest_weight: f64,
    pub run: TrainRun,
}

/// Zero initialization, for each activation, trained with the config's budget and first seed.
#[derive(Clone, Debug, PartialEq)]
pub struct ZeroInit {
    /// The SGD steps each network took.
    pub steps: usize,
    pub rows: Vec<ZeroRow>,
}

/// The largest difference between a layer's unit j and its unit 0 (column j and column 0 of a
/// weight matrix, entry j and entry 0 of a bias).
fn unit_difference(p: Param<'_>) -> f64 {
    let v = &p.value;
    let columns = v.shape().last().copied().unwrap_or(0);
    let flat = v
        .to_shape((v.len() / columns.max(1), columns))
        .expect("contiguous");
    flat.rows()
        .into_iter()
        .flat_map(|row| {
            row.iter()
                .map(move |&x| (x - row[0]).abs())
                .collect::<Vec<_>>()
        })
        .fold(0.0, f64::max)
}

/// Every activation's network with zero weights, trained as in [`training`].
pub fn zero_init(config: &Config) -> ZeroInit {
    let d = digits(config.seed);
    let rows = Activation::ALL
        .par_iter()
        .map(|&activation| {
            let mut net = fresh(config, d.train.ncols(), activation, Init::Xavier);
            net.zero_weights();
            let (mut net, run) = train_net(config, net, config.seed, &d);
            let mut unit_diff = 0.0_f64;
            let mut hidden_params = 2 * config.depth; // W_l and b_l of each hidden layer
            net.visit_parameters(&mut |p| {
                if hidden_params > 0 {
                    unit_diff = unit_diff.max(unit_difference(p));
                    hidden_params -= 1;
                }
            });
            let largest = net.hidden_weights(|p| p.value.fold(0.0, |m: f64, w| m.max(w.abs())));
            ZeroRow {
                activation,
                unit_difference: unit_diff,
                largest_weight: largest.into_iter().fold(0.0, f64::max),
                run,
            }
        })
        .collect();
    ZeroInit {
        steps: config.epochs * config.samples.div_ceil(config.batch_size),
        rows,
    }
}
