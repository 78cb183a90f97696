//! Chapter 5's experiments, one function per section of the report: softmax checked
//! ([`softmax_two_ways`]), iris classified ([`iris`]), digits classified ([`digits`]), label
//! smoothing and calibration measured ([`smoothing`]), sigmoid against tanh as the output
//! ([`bits`]). Each returns a named struct of results; [`run`] calls them all. The report
//! (`report.rs`) and the figures (`figures.rs`) only present these structs.

use ch02_logistic_regression::metrics::Confusion;
use ch02_logistic_regression::Standardizer;
use ch03_relu_xor::softmax::{softmax, SoftmaxCrossEntropy};
use ch03_relu_xor::{predicted_classes, Dense, FullBatch, Layer, Loss, Mlp, Sgd, Trainer};
use clap::Parser;
use ndarray::{array, s, Array1, Array2};
use nn_core::cli::{rate, seed, within};
use nn_core::data::{self, Dataset};
use nn_core::gradcheck::{check_vjp, GradCheck};
use nn_core::rng::{rand_distr::StandardNormal, seeded, RandomExt};
use nn_core::Result;
use rayon::prelude::*;

use crate::bits::{bit_accuracy, error_01, label_bits, BitsLoss, Squash};
use crate::calibration::{expected_calibration_error, mean_confidence, reliability, Bin};
use crate::digits::{scaled, split};
use crate::jacobian::{
    cross_entropy_grad_wrt_probabilities, max_abs_difference, rows_sum_to_one,
    softmax_backward_via_jacobian,
};
use crate::sgd::Shuffled;
use crate::smoothing::SmoothedCrossEntropy;

// ANCHOR: config
/// The chapter's settings; `Config::default()` is what `cargo run -p ch05-softmax` uses.
#[derive(Clone, Debug, PartialEq, Parser)]
#[command(
    name = "ch05-softmax",
    about = "Chapter 5: softmax on real digits, label smoothing, and which output activation"
)]
pub struct Config {
    /// Seed of the split, the initial weights and the mini-batch order (0 to
    /// 9223372036854775807).
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// Hidden units of the digits network (1 to 4096).
    #[arg(long, default_value_t = 128)]
    pub hidden: usize,
    /// Learning rate of mini-batch SGD (above 0, at most 10).
    #[arg(long, default_value_t = 0.1)]
    pub lr: f64,
    /// Epochs of mini-batch SGD (1 to 1000).
    #[arg(long, default_value_t = 30)]
    pub epochs: usize,
    /// Samples per mini-batch (1 to 2000).
    #[arg(long, default_value_t = 32)]
    pub batch_size: usize,
    /// Label smoothing ε compared with ε = 0 (0.0 to 0.99).
    #[arg(long, default_value_t = 0.1)]
    pub smoothing: f64,
    /// Print each epoch's training loss on stderr (the program does, unless --quiet).
    #[arg(skip)]
    pub progress: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config::parse_from(["ch05-softmax"])
    }
}
// ANCHOR_END: config

impl Config {
    /// Refuses settings the experiments cannot run with, naming the flag. [`run`] calls it;
    /// call it yourself before a section function if you changed the settings.
    pub fn validate(&self) -> Result<()> {
        seed(self.seed)?;
        within("hidden", self.hidden, 1..=4096)?;
        rate("lr", self.lr, 10.0)?;
        within("epochs", self.epochs, 1..=1000)?;
        within("batch-size", self.batch_size, 1..=2000)?;
        within("smoothing", self.smoothing, 0.0..=0.99)
    }

    /// Mini-batch SGD with this configuration's settings, a loss and a learning rate.
    fn trainer<L: Loss>(&self, loss: L, lr: f64) -> Trainer<L, Sgd, Shuffled> {
        Trainer {
            loss,
            optimizer: Sgd,
            lr,
            batches: Shuffled::new(self.batch_size, self.seed),
            epochs: self.epochs,
        }
    }
}

/// Everything the chapter measures, one field per section of the report.
#[derive(Clone, Debug)]
pub struct Report {
    pub config: Config,
    /// Section 1: softmax at extreme logits, and its backward pass two ways.
    pub softmax: SoftmaxTwoWays,
    /// Section 2: a softmax classifier on iris.
    pub iris: Iris,
    /// Section 3: chapter 3's network on the digits, ε = 0.
    pub digits: Digits,
    /// Section 4: the same network with label smoothing, and calibration.
    pub smoothing: Smoothing,
    /// Section 5: regressing the label's bits with a sigmoid or a tanh output.
    pub bits: Bits,
}

// ANCHOR: run
/// Runs every experiment of the chapter.
pub fn run(config: &Config) -> Result<Report> {
    config.validate()?;
    let softmax = softmax_two_ways(config);
    let iris = iris(config);
    // The digits networks and the bits networks are independent runs: they share the cores.
    let ((digits, smoothing), bits) = rayon::join(
        || {
            let digits = digits(config);
            let smoothing = smoothing(config, &digits.plain);
            (digits, smoothing)
        },
        || bits(config),
    );
    Ok(Report {
        config: config.clone(),
        softmax,
        iris,
        digits,
        smoothing,
        bits,
    })
}
// ANCHOR_END: run

// ---------------------------------------------------------------------------------------
// 1. Softmax, stable and differentiated two ways

/// The tolerance of section 1's two equalities (rows summing to 1, Jacobian against fused).
pub const TOLERANCE: f64 = 1e-15;

/// Section 1: softmax computed naively and stably at extreme logits; its backward pass
/// through the full Jacobian against the fused gradient, and against central differences.
#[derive(Clone, Debug)]
pub struct SoftmaxTwoWays {
    /// One row per extreme row of logits.
    pub extreme: Vec<ExtremeRow>,
    /// Whether every stable row sums to 1 within [`TOLERANCE`].
    pub rows_sum_to_one: bool,
    /// Rows and logits per row of the random batch the backward passes are compared on.
    pub batch_rows: usize,
    pub batch_logits: usize,
    /// The largest difference between the backward pass through the Jacobian and the fused
    /// p − y, on that batch.
    pub jacobian_vs_fused: f64,
    /// The Jacobian backward against central differences.
    pub jacobian_check: GradCheck,
}

/// One row of logits, through the naive and the stable softmax.
#[derive(Clone, Debug, PartialEq)]
pub struct ExtremeRow {
    pub logits: Vec<f64>,
    /// exp(z)/Σexp(z), as written: NaN where it overflows or underflows.
    pub naive: Vec<f64>,
    /// Softmax with the row's maximum subtracted.
    pub stable: Vec<f64>,
    /// The sum of `stable`.
    pub sum: f64,
}

/// Section 1; draws its random logits from `config.seed`.
pub fn softmax_two_ways(config: &Config) -> SoftmaxTwoWays {
    let extreme_logits = array![
        [1e4, -1e4, 0.0],
        [1000.0, 1000.0, 1000.0],
        [-1e4, -1e4 + 1.0, -1e4]
    ];
    let stable = softmax(&extreme_logits);
    let extreme = extreme_logits
        .rows()
        .into_iter()
        .zip(stable.rows())
        .map(|(z, p)| ExtremeRow {
            logits: z.to_vec(),
            naive: z
                .iter()
                .map(|&v| v.exp() / z.mapv(f64::exp).sum())
                .collect(),
            stable: p.to_vec(),
            sum: p.sum(),
        })
        .collect();

    let (batch_rows, batch_logits) = (6, 10);
    let mut rng = seeded(config.seed);
    let z: Array2<f64> =
        Array2::random_using((batch_rows, batch_logits), StandardNormal, &mut rng) * 2.0;
    let labels = [3, 1, 4, 1, 5, 9];
    let p = softmax(&z);
    let via_jacobian =
        softmax_backward_via_jacobian(&p, &cross_entropy_grad_wrt_probabilities(&p, &labels));
    let mut ce = SoftmaxCrossEntropy::default();
    ce.forward(&z, &labels);
    let jacobian_vs_fused = max_abs_difference(&via_jacobian, &ce.backward());
    let upstream: Array2<f64> =
        Array2::random_using((batch_rows, batch_logits), StandardNormal, &mut rng);
    let jacobian_check = check_vjp(
        softmax,
        &z,
        &upstream,
        &softmax_backward_via_jacobian(&p, &upstream),
    );
    SoftmaxTwoWays {
        extreme,
        rows_sum_to_one: rows_sum_to_one(&stable, TOLERANCE),
        batch_rows,
        batch_logits,
        jacobian_vs_fused,
        jacobian_check,
    }
}

// ---------------------------------------------------------------------------------------
// 2. A softmax classifier on iris

/// Section 2: standardized iris features, one dense layer 4 → 3, softmax cross-entropy,
/// full-batch gradient descent; the test set's confusion.
#[derive(Clone, Debug)]
pub struct Iris {
    /// The learning rate of gradient descent.
    pub lr: f64,
    /// Full-batch steps.
    pub steps: usize,
    /// The test set: actual against predicted.
    pub confusion: Confusion,
    /// The species, in class order.
    pub class_names: Vec<String>,
}

/// Section 2; splits iris 80/20 with `config.seed`.
pub fn iris(config: &Config) -> Iris {
    let (lr, steps) = (0.5, 500);
    let flowers = data::iris();
    let (train, test) = flowers.stratified_split(0.2, config.seed);
    let standardizer = Standardizer::fit(&train.features); // chapter 2
    let (x, x_test) = (
        standardizer.transform(&train.features),
        standardizer.transform(&test.features),
    );
    let mut layer = Dense::new(Array2::zeros((4, 3)), Array1::zeros(3));
    // One dense layer is a network too: full-batch gradient descent with chapter 3's loop.
    let mut trainer = Trainer {
        loss: SoftmaxCrossEntropy::default(),
        optimizer: Sgd,
        lr,
        batches: FullBatch,
        epochs: steps,
    };
    trainer.fit(&mut layer, &x, &train.labels.to_vec(), |_, _, _| {});
    let confusion = Confusion::new(
        &test.labels.to_vec(),
        &predicted_classes(&layer.infer(&x_test)),
        3,
    );
    Iris {
        lr,
        steps,
        confusion,
        class_names: flowers.class_names,
    }
}

// ---------------------------------------------------------------------------------------
// 3. A network on handwritten digits

/// A trained digits classifier and what was measured on the test set.
#[derive(Clone, Debug)]
pub struct Classifier {
    /// The label smoothing ε it was trained with.
    pub epsilon: f64,
    /// The mean training loss of each epoch.
    pub history: Vec<f64>,
    /// (test images, 10): the softmax probabilities on the test set.
    pub test_probabilities: Array2<f64>,
    /// The most probable class of each test image.
    pub predicted: Vec<usize>,
    /// The test set: actual against predicted.
    pub confusion: Confusion,
    /// The test set's reliability bins (10 bins of confidence).
    pub bins: Vec<Bin>,
}

/// A test digit the network got wrong.
#[derive(Clone, Debug, PartialEq)]
pub struct Misclassified {
    pub actual: usize,
    pub predicted: usize,
    /// (8, 8): its pixels, 0–16.
    pub image: Array2<f64>,
}

/// Section 3: chapter 3's network on the digits with mini-batch SGD, ε = 0.
#[derive(Clone, Debug)]
pub struct Digits {
    /// Hidden (ReLU) units.
    pub hidden: usize,
    pub batch_size: usize,
    pub lr: f64,
    pub epochs: usize,
    pub seed: u64,
    /// Images in the training and the test set (a stratified 80/20 split).
    pub n_train: usize,
    pub n_test: usize,
    /// The network trained without label smoothing.
    pub plain: Classifier,
    /// The test digits it got wrong, in the test set's order.
    pub misclassified: Vec<Misclassified>,
}

/// Section 3; splits the digits 80/20 and initializes the network with `config.seed`.
pub fn digits(config: &Config) -> Digits {
    let (train, test) = split(config.seed);
    let plain = train_digits(config, 0.0, &train, &test);
    let misclassified = plain
        .predicted
        .iter()
        .zip(&test.labels)
        .enumerate()
        .filter(|(_, (p, y))| p != y)
        .map(|(i, (&predicted, &actual))| Misclassified {
            actual,
            predicted,
            image: test
                .features
                .slice(s![i, ..])
                .to_owned()
                .into_shape_with_order((8, 8))
                .expect("64 pixels"),
        })
        .collect();
    Digits {
        hidden: config.hidden,
        batch_size: config.batch_size,
        lr: config.lr,
        epochs: config.epochs,
        seed: config.seed,
        n_train: train.len(),
        n_test: test.len(),
        plain,
        misclassified,
    }
}

fn train_digits(config: &Config, epsilon: f64, train: &Dataset, test: &Dataset) -> Classifier {
    let mut net = Mlp::new(64, config.hidden, 10, &mut seeded(config.seed));
    let mut trainer = config.trainer(SmoothedCrossEntropy::new(epsilon), config.lr);
    let labels = train.labels.to_vec();
    let history = trainer.fit(&mut net, &scaled(train), &labels, |epoch, loss, _| {
        if config.progress {
            nn_core::progress!(
                "digits, ε = {epsilon}: epoch {epoch:>3}/{}, training loss {loss:.4}",
                config.epochs
            );
        }
    });
    let test_probabilities = net.probabilities(&scaled(test));
    let test_labels = test.labels.to_vec();
    let predicted = predicted_classes(&test_probabilities);
    let confusion = Confusion::new(&test_labels, &predicted, 10);
    let bins = reliability(&test_probabilities, &test_labels, 10);
    Classifier {
        epsilon,
        history,
        test_probabilities,
        predicted,
        confusion,
        bins,
    }
}

// ---------------------------------------------------------------------------------------
// 4. Label smoothing

/// Section 4: the digits network trained with ε = `config.smoothing`, compared with ε = 0.
#[derive(Clone, Debug)]
pub struct Smoothing {
    /// ε = 0, then ε = `config.smoothing`.
    pub rows: Vec<SmoothingRow>,
    /// The reliability bins of both networks, side by side.
    pub reliability: Vec<ReliabilityRow>,
    /// The network trained with label smoothing.
    pub smoothed: Classifier,
}

/// One network's accuracy and calibration on the test set.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SmoothingRow {
    pub epsilon: f64,
    pub accuracy: f64,
    /// The mean of the largest probability.
    pub mean_confidence: f64,
    pub expected_calibration_error: f64,
}

/// One confidence bin, without (ε = 0) and with label smoothing.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ReliabilityRow {
    pub plain: Bin,
    pub smoothed: Bin,
}

/// Section 4: trains with ε = `config.smoothing` and compares with `plain`, the ε = 0
/// network of [`digits`] (same split, same initial weights, same batches).
pub fn smoothing(config: &Config, plain: &Classifier) -> Smoothing {
    let (train, test) = split(config.seed);
    let smoothed = train_digits(config, config.smoothing, &train, &test);
    let row = |c: &Classifier| SmoothingRow {
        epsilon: c.epsilon,
        accuracy: c.confusion.accuracy(),
        mean_confidence: mean_confidence(&c.test_probabilities),
        expected_calibration_error: expected_calibration_error(&c.bins),
    };
    Smoothing {
        rows: vec![row(plain), row(&smoothed)],
        reliability: plain
            .bins
            .iter()
            .zip(&smoothed.bins)
            .map(|(&plain, &smoothed)| ReliabilityRow { plain, smoothed })
            .collect(),
        smoothed,
    }
}

// ---------------------------------------------------------------------------------------
// 5. Sigmoid against tanh as the output

/// Section 5: the digits network regressing the label's 4 bits, five ways.
#[derive(Clone, Debug)]
pub struct Bits {
    /// sigmoid 0/1, tanh ±1, both smoothed, and sigmoid at 8 × the learning rate.
    pub runs: Vec<BitsRun>,
}

/// One output activation's run on the bits task.
#[derive(Clone, Debug)]
pub struct BitsRun {
    pub name: String,
    /// The test error in the 0/1 scale after each epoch (and before the first).
    pub test_error: Vec<f64>,
    /// The fraction of test bits on the right side after training.
    pub bit_accuracy: f64,
}

/// Section 5: regressing the label's 4 bits, sigmoid or tanh output, hard or smoothed
/// targets; the runs are independent and share the cores.
pub fn bits(config: &Config) -> Bits {
    let (train, test) = split(config.seed);
    let eps = config.smoothing;
    let plan = [
        (
            "sigmoid, targets 0/1".to_string(),
            Squash::Sigmoid,
            0.0,
            1.0,
        ),
        ("tanh, targets ±1".to_string(), Squash::Tanh, 0.0, 1.0),
        (
            format!("sigmoid, smoothed ε = {eps}"),
            Squash::Sigmoid,
            eps,
            1.0,
        ),
        (format!("tanh, smoothed ε = {eps}"), Squash::Tanh, eps, 1.0),
        (
            "sigmoid, targets 0/1, 8 × lr".to_string(),
            Squash::Sigmoid,
            0.0,
            8.0,
        ),
    ];
    let runs = plan
        .par_iter()
        .map(|(name, squash, smoothing, lr_factor)| {
            train_bits(
                config,
                name,
                (*squash, *smoothing),
                lr_factor * config.lr,
                &train,
                &test,
            )
        })
        .collect();
    Bits { runs }
}

fn train_bits(
    config: &Config,
    name: &str,
    (squash, smoothing): (Squash, f64),
    lr: f64,
    train: &Dataset,
    test: &Dataset,
) -> BitsRun {
    let mut net = Mlp::new(64, config.hidden, 4, &mut seeded(config.seed));
    let (x, x_test) = (scaled(train), scaled(test));
    let bits = label_bits(&train.labels.to_vec(), 4); // the labels 0–9 as 4 bits
    let test_bits = label_bits(&test.labels.to_vec(), 4);
    let targets = squash.targets(&bits, smoothing);
    let logits = |net: &Mlp| net.infer(&x_test);
    let mut test_error = vec![error_01(&logits(&net), &test_bits, squash)];
    let mut trainer = config.trainer(BitsLoss::new(squash), lr);
    trainer.fit(&mut net, &x, &targets, |epoch, loss, net| {
        test_error.push(error_01(&logits(net), &test_bits, squash));
        if config.progress {
            nn_core::progress!(
                "bits, {name}: epoch {epoch:>3}/{}, training loss {loss:.4}",
                config.epochs
            );
        }
    });
    BitsRun {
        name: name.to_string(),
        test_error,
        bit_accuracy: bit_accuracy(&logits(&net), &test_bits),
    }
}
