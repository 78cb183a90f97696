//! Chapter 7's experiments, one function per section of the report: batch normalization's two
//! modes ([`batch_norm`]), and the learner's network with sigmoid or tanh output, with and
//! without batch normalization ([`network`]), and the listing as the learner wrote it, the last
//! ReLU straight into the output activation with 0/1 targets ([`as_written`]). Each returns a
//! named struct of results; `report.rs` prints them and `figures.rs` draws them.

use ch03_relu_xor::{Layer, Sgd, Trainer};
use ch05_softmax::bits::{BitsLoss, Squash};
use ch05_softmax::sgd::Shuffled;
use clap::Parser;
use ndarray::{Array1, Array2};
use nn_core::cli::within;
use nn_core::gradcheck::{check_vjp, GradCheck};
use nn_core::grid::grid;
use nn_core::rng::{rand_distr::StandardNormal, seeded, RandomExt};
pub use nn_core::table::Spread;
use nn_core::Result;

use crate::batch_norm::BatchNorm;
use crate::network::as_written as listing;
use crate::task::BitData;
use crate::training::{train_bits, Setup, TrainingRun};

// ANCHOR: config
/// The chapter's settings; `Config::default()` is what `cargo run -p ch07-batch-norm` uses.
#[derive(Clone, Debug, PartialEq, Parser)]
#[command(
    name = "ch07-batch-norm",
    about = "Chapter 7: batch normalization, and a regression network from a forum question"
)]
pub struct Config {
    /// First seed; each variant is trained with `--seeds` seeds from here (0 to
    /// 9223372036854775807).
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// Seeds per variant (1 to 30).
    #[arg(long, default_value_t = 3)]
    pub seeds: u64,
    /// Training samples of the synthetic task; the test set has half as many (4 to 5000).
    #[arg(long, default_value_t = 1024)]
    pub samples: usize,
    /// Epochs of mini-batch SGD (1 to 200).
    #[arg(long, default_value_t = 20)]
    pub epochs: usize,
    /// Samples per mini-batch; batch statistics need two (2 to 1024).
    #[arg(long, default_value_t = 32)]
    pub batch_size: usize,
    /// Learning rate, the same for every variant (above 0, at most 10).
    #[arg(long, default_value_t = 0.05)]
    pub lr: f64,
    /// Print each epoch's training loss on stderr (the program does, unless --quiet).
    #[arg(skip)]
    pub progress: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config::parse_from(["ch07-batch-norm"])
    }
}
// ANCHOR_END: config

impl Config {
    fn validate(&self) -> Result<()> {
        nn_core::cli::seed(self.seed)?;
        within("seeds", self.seeds, 1..=30)?;
        within("samples", self.samples, 4..=5000)?;
        within("epochs", self.epochs, 1..=200)?;
        // Batch statistics need two samples.
        within("batch-size", self.batch_size, 2..=1024)?;
        nn_core::cli::rate("lr", self.lr, 10.0)
    }
}

/// Everything the chapter measures, one field per section of the report.
#[derive(Clone, Debug)]
pub struct Report {
    pub config: Config,
    /// Section 1: batch normalization in training and inference mode.
    pub batch_norm: BatchNormModes,
    /// Section 2: the learner's network, five variants.
    pub network: NetworkComparison,
    /// Section 3: the listing as written, sigmoid against tanh with 0/1 targets.
    pub as_written: AsWritten,
}

// ANCHOR: run
/// Runs every experiment of the chapter.
pub fn run(config: &Config) -> Result<Report> {
    config.validate()?;
    Ok(Report {
        config: config.clone(),
        batch_norm: batch_norm(config),
        network: network(config),
        as_written: as_written(config),
    })
}
// ANCHOR_END: run

// ---------------------------------------------------------------------------------------------
// Section 1: batch normalization's two modes

/// The mean and standard deviation of one feature over a batch.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Moments {
    pub mean: f64,
    pub std: f64,
}

/// One batch of 8 samples of 3 features, normalized in training mode and in inference mode,
/// and the backward pass checked in both modes.
#[derive(Clone, Debug)]
pub struct BatchNormModes {
    /// Per feature: the outputs' moments in training mode (the batch's own statistics).
    pub training: Vec<Moments>,
    /// Per feature: the outputs' moments in inference mode, after the running averages have
    /// followed one batch (the same one).
    pub inference_after_one: Vec<Moments>,
    /// Per feature: the outputs' moments in inference mode, after `later_batches` more
    /// training batches from the same population.
    pub inference_after_many: Vec<Moments>,
    /// How many training batches the running averages followed after the first.
    pub later_batches: usize,
    /// The backward pass against central differences, in training mode.
    pub check_training: GradCheck,
    /// The backward pass against central differences, in inference mode.
    pub check_inference: GradCheck,
}

fn moments(y: &Array2<f64>) -> Vec<Moments> {
    y.columns()
        .into_iter()
        .map(|c| Moments {
            mean: c.mean().unwrap_or(0.0),
            std: c.std(0.0),
        })
        .collect()
}

/// Section 1: one batch through batch normalization in both modes, and gradient checks of
/// its backward pass in both modes.
pub fn batch_norm(config: &Config) -> BatchNormModes {
    const LATER_BATCHES: usize = 200;
    let mut rng = seeded(config.seed);
    // Batches of 8 samples of 3 features with means (2, −1, 0) and standard deviations (5, 1, 0.1).
    let shift = Array1::from(vec![2.0, -1.0, 0.0]);
    let scale = Array1::from(vec![5.0, 1.0, 0.1]);
    let mut batch = || Array2::random_using((8, 3), StandardNormal, &mut rng) * &scale + &shift;
    let probe = batch();
    let mut bn = BatchNorm::new(3);
    let training = moments(&bn.forward(&probe)); // batch statistics; the running averages move once
    let inference_after_one = moments(&bn.infer(&probe));
    for _ in 0..LATER_BATCHES {
        bn.forward(&batch());
    }
    let inference_after_many = moments(&bn.infer(&probe));
    // Gradient checks of the backward pass in both modes.
    let g = Array2::random_using((8, 3), StandardNormal, &mut rng);
    let mut layer = BatchNorm::new(3);
    layer.gamma = Array1::from(vec![1.5, 0.5, -2.0]);
    layer.running_var = Array1::from(vec![20.0, 1.0, 0.01]);
    let fresh = layer.clone();
    layer.forward(&probe);
    let grad = layer.backward(&g);
    let check_training = check_vjp(|x| fresh.clone().forward(x), &probe, &g, &grad);
    let check_inference = check_vjp(
        |x| fresh.infer(x),
        &probe,
        &g,
        &fresh.infer_backward(&probe, &g).x,
    );
    BatchNormModes {
        training,
        inference_after_one,
        inference_after_many,
        later_batches: LATER_BATCHES,
        check_training,
        check_inference,
    }
}

// ---------------------------------------------------------------------------------------------
// Section 2: the learner's network

/// One variant of the learner's network.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct VariantSpec {
    /// The output activation.
    pub squash: Squash,
    /// Batch normalization after each hidden fully connected layer, or none.
    pub batch_norm: bool,
    /// The learning rate, as a multiple of `--lr`.
    pub lr_factor: f64,
}

impl VariantSpec {
    /// The variant's name in the table and the figure's legend.
    pub fn name(&self) -> String {
        let bn = if self.batch_norm {
            "batch norm"
        } else {
            "no batch norm"
        };
        if self.lr_factor == 1.0 {
            format!("{}, {bn}", self.squash.name())
        } else {
            format!("{}, {bn}, {} × lr", self.squash.name(), self.lr_factor)
        }
    }
}

/// The four variants of the question, and sigmoid with 8 times the learning rate (chapter 5:
/// tanh's gradients are up to 8 times sigmoid's).
pub const VARIANTS: [VariantSpec; 5] = [
    VariantSpec {
        squash: Squash::Sigmoid,
        batch_norm: false,
        lr_factor: 1.0,
    },
    VariantSpec {
        squash: Squash::Sigmoid,
        batch_norm: true,
        lr_factor: 1.0,
    },
    VariantSpec {
        squash: Squash::Tanh,
        batch_norm: false,
        lr_factor: 1.0,
    },
    VariantSpec {
        squash: Squash::Tanh,
        batch_norm: true,
        lr_factor: 1.0,
    },
    VariantSpec {
        squash: Squash::Sigmoid,
        batch_norm: false,
        lr_factor: 8.0,
    },
];

/// One variant of the network, trained with several seeds.
#[derive(Clone, Debug)]
pub struct Variant {
    pub spec: VariantSpec,
    /// One run per seed, in the order of the seeds.
    pub runs: Vec<TrainingRun>,
    /// Per epoch (index 0: before training), the median test error over the seeds.
    pub median_test_error: Vec<f64>,
    /// The final test error over the seeds.
    pub final_test_error: Spread,
    /// The final bit accuracy over the seeds.
    pub bit_accuracy: Spread,
}

impl Variant {
    pub fn name(&self) -> String {
        self.spec.name()
    }
}

/// The learner's network, trained in several variants with the same data and settings.
#[derive(Clone, Debug)]
pub struct NetworkComparison {
    pub training_samples: usize,
    pub test_samples: usize,
    pub batch_size: usize,
    /// The learning rate that each variant's `lr_factor` multiplies.
    pub lr: f64,
    pub epochs: usize,
    /// The seeds each variant was trained with.
    pub seeds: Vec<u64>,
    pub variants: Vec<Variant>,
}

/// Section 2: the learner's network in the five variants of [`VARIANTS`].
pub fn network(config: &Config) -> NetworkComparison {
    compare(config, &VARIANTS)
}

// ANCHOR: compare
/// Trains each variant of `plan` with each of the config's seeds, on the same data.
pub fn compare(config: &Config, plan: &[VariantSpec]) -> NetworkComparison {
    let data = BitData::new(config.samples, config.seed);
    let seeds: Vec<u64> = (config.seed..config.seed + config.seeds).collect();
    // Every (variant, seed) is an independent run: spread them over the cores.
    let rows = grid(plan, &seeds, |spec, seed| {
        let setup = Setup {
            batch_norm: spec.batch_norm,
            squash: spec.squash,
            epochs: config.epochs,
            batch_size: config.batch_size,
        };
        let name = spec.name();
        let lr = spec.lr_factor * config.lr;
        train_bits(setup, &data, Sgd, lr, seed, |epoch, loss| {
            if config.progress {
                nn_core::progress!(
                    "{name}, seed {seed}: epoch {epoch:>3}/{}, training loss {loss:.4}",
                    config.epochs
                );
            }
        })
    });
    let variants = plan
        .iter()
        .zip(rows)
        .map(|(&spec, runs)| {
            let median_test_error = (0..=config.epochs)
                .map(|e| {
                    Spread::of(&runs.iter().map(|r| r.test_error[e]).collect::<Vec<_>>()).median
                })
                .collect();
            let finals: Vec<f64> = runs.iter().map(|r| r.test_error[config.epochs]).collect();
            let accuracies: Vec<f64> = runs.iter().map(|r| r.bit_accuracy).collect();
            Variant {
                spec,
                median_test_error,
                final_test_error: Spread::of(&finals),
                bit_accuracy: Spread::of(&accuracies),
                runs,
            }
        })
        .collect();
    NetworkComparison {
        training_samples: config.samples,
        test_samples: config.samples / 2,
        batch_size: config.batch_size,
        lr: config.lr,
        epochs: config.epochs,
        seeds,
        variants,
    }
}
// ANCHOR_END: compare

// ---------------------------------------------------------------------------------------------
// Section 3: the listing as the learner wrote it

/// The listing as written, trained from one seed: what its test outputs show.
#[derive(Clone, Copy, Debug)]
struct ListingRun {
    test_error: f64,
    bit_accuracy: f64,
    lowest_output_on_0: f64,
    mean_output_on_0: f64,
}

/// One output activation of the listing as written, trained with several seeds.
#[derive(Clone, Debug)]
pub struct AsWrittenVariant {
    pub squash: Squash,
    /// The final test error, (1/n)·Σ ½‖f(ReLU(·)) − bits‖², over the seeds.
    pub test_error: Spread,
    /// The fraction of test bits right (output > ½ read as 1), over the seeds.
    pub bit_accuracy: Spread,
    /// The smallest output on a test bit that should be 0, over the seeds.
    pub lowest_output_on_0: Spread,
    /// The mean output on the test bits that should be 0, over the seeds.
    pub mean_output_on_0: Spread,
}

/// The listing as written: FC 512 → BN → ReLU → FC 16 → BN → ReLU → sigmoid or tanh, MSE
/// against the bits 0 and 1 for both activations.
#[derive(Clone, Debug)]
pub struct AsWritten {
    pub training_samples: usize,
    pub test_samples: usize,
    pub batch_size: usize,
    pub lr: f64,
    pub epochs: usize,
    pub seeds: Vec<u64>,
    /// The smallest test error sigmoid can reach: every 0 bit costs at least ½·(½)² = ⅛.
    pub sigmoid_floor: f64,
    pub variants: Vec<AsWrittenVariant>,
}

/// The listing's output: f(r) for the last ReLU's output r ≥ 0.
fn squashed(r: &Array2<f64>, squash: Squash) -> Array2<f64> {
    match squash {
        Squash::Sigmoid => r.mapv(ch01_sigmoid_neuron::sigmoid),
        Squash::Tanh => r.mapv(f64::tanh),
    }
}

/// Section 3: the listing as written, with sigmoid and with tanh, targets 0/1 for both, trained
/// like section 2's variants, with the first two of its seeds.
pub fn as_written(config: &Config) -> AsWritten {
    const SEEDS: u64 = 2; // the first two seeds: 4 runs of a 512-unit network (section 2 trains 15)
    let epochs = config.epochs;
    let BitData {
        x,
        bits,
        x_test,
        test_bits,
    } = BitData::new(config.samples, config.seed);
    let seeds: Vec<u64> = (config.seed..config.seed + config.seeds.min(SEEDS)).collect();
    let squashes = [Squash::Sigmoid, Squash::Tanh];
    let rows = grid(&squashes, &seeds, |&squash, seed| {
        let mut net = listing(&mut seeded(seed));
        let mut trainer = Trainer {
            loss: BitsLoss::new(squash),
            optimizer: Sgd,
            lr: config.lr,
            batches: Shuffled::new(config.batch_size, seed),
            epochs,
        };
        trainer.fit(&mut net, &x, &bits, |_, _, _| {}); // targets: the bits, 0 and 1
        let out = squashed(&net.infer(&x_test), squash);
        let error = out
            .iter()
            .zip(&test_bits)
            .map(|(o, b)| 0.5 * (o - b) * (o - b))
            .sum::<f64>()
            / out.nrows() as f64;
        let right = out
            .iter()
            .zip(&test_bits)
            .filter(|(&o, &b)| (o > 0.5) == (b == 1.0))
            .count();
        let on_0: Vec<f64> = out
            .iter()
            .zip(&test_bits)
            .filter(|(_, &b)| b == 0.0)
            .map(|(&o, _)| o)
            .collect();
        ListingRun {
            test_error: error,
            bit_accuracy: right as f64 / out.len() as f64,
            lowest_output_on_0: on_0.iter().copied().fold(f64::INFINITY, f64::min),
            mean_output_on_0: on_0.iter().sum::<f64>() / on_0.len().max(1) as f64,
        }
    });
    let variants = squashes
        .iter()
        .zip(rows)
        .map(|(&squash, runs)| {
            let over =
                |f: fn(&ListingRun) -> f64| Spread::of(&runs.iter().map(f).collect::<Vec<_>>());
            AsWrittenVariant {
                squash,
                test_error: over(|r| r.test_error),
                bit_accuracy: over(|r| r.bit_accuracy),
                lowest_output_on_0: over(|r| r.lowest_output_on_0),
                mean_output_on_0: over(|r| r.mean_output_on_0),
            }
        })
        .collect();
    let zeros = test_bits.iter().filter(|&&b| b == 0.0).count();
    AsWritten {
        training_samples: config.samples,
        test_samples: config.samples / 2,
        batch_size: config.batch_size,
        lr: config.lr,
        epochs,
        seeds,
        sigmoid_floor: 0.125 * zeros as f64 / test_bits.nrows().max(1) as f64,
        variants,
    }
}
