//! Chapter 7's experiment: batch normalization's two modes, and the learner's network with
//! sigmoid or tanh output, with and without batch normalization.

use std::fmt;

use ch05_softmax::bits::{bit_accuracy, error_01, Squash};
use ch05_softmax::sgd::{train_measuring, Sgd};
use clap::Parser;
use ndarray::{Array1, Array2};
use nn_core::cli::positive;
use nn_core::gradcheck::check_vjp;
use nn_core::par::map_in_order;
use nn_core::plot::{LineChart, Series, Svg};
use nn_core::report::ChapterReport;
use nn_core::rng::{rand_distr::StandardNormal, seeded, RandomExt};
use nn_core::table::{fixed, spread, verdict, Table};
use nn_core::{Error, Result};

use crate::batch_norm::BatchNorm;
use crate::network::BitsNet;
use crate::task::bit_task;

// ANCHOR: config
/// The chapter's settings; `Config::default()` is what `cargo run -p ch07-batch-norm` uses.
#[derive(Clone, Debug, PartialEq, Parser)]
#[command(
    name = "ch07-batch-norm",
    about = "Chapter 7: batch normalization, and a regression network from a forum question"
)]
pub struct Config {
    /// First seed; each variant is trained with `--seeds` seeds from here.
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// Seeds per variant.
    #[arg(long, default_value_t = 3)]
    pub seeds: u64,
    /// Training samples of the synthetic task (the test set has half as many).
    #[arg(long, default_value_t = 1024)]
    pub samples: usize,
    /// Epochs of mini-batch SGD.
    #[arg(long, default_value_t = 20)]
    pub epochs: usize,
    /// Samples per mini-batch.
    #[arg(long, default_value_t = 32)]
    pub batch_size: usize,
    /// Learning rate, the same for every variant.
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
        positive("lr", self.lr)?;
        if self.seeds == 0 || self.samples < 2 || self.epochs == 0 || self.batch_size < 2 {
            return Err(Error::Config {
                flag: "batch-size",
                reason: "seeds and epochs at least 1; samples and batch size at least 2 (batch statistics need two samples)".into(),
            });
        }
        Ok(())
    }
}

/// One variant of the network, trained with several seeds.
#[derive(Clone, Debug)]
pub struct Variant {
    pub squash: Squash,
    pub batch_norm: bool,
    /// The learning rate, as a multiple of `--lr`.
    pub lr_factor: f64,
    /// Per seed: the test error (0/1 scale) before training and after each epoch.
    pub test_error: Vec<Vec<f64>>,
    /// Per seed: the final bit accuracy on the test set.
    pub bit_accuracy: Vec<f64>,
}

impl Variant {
    pub fn name(&self) -> String {
        variant_name(self.squash, self.batch_norm, self.lr_factor)
    }
}

fn variant_name(squash: Squash, batch_norm: bool, lr_factor: f64) -> String {
    let bn = if batch_norm {
        "batch norm"
    } else {
        "no batch norm"
    };
    if lr_factor == 1.0 {
        format!("{}, {bn}", squash.name())
    } else {
        format!("{}, {bn}, {lr_factor} × lr", squash.name())
    }
}

/// Per-feature (mean, std) of a batch's outputs.
pub type Moments = Vec<(f64, f64)>;

/// The first line of the report.
pub const HEADING: &str =
    "Chapter 7: batch normalization, and a regression network from a forum question";

/// Everything the chapter measures.
#[derive(Clone, Debug)]
pub struct Report {
    pub config: Config,
    /// Section 1: gradient checks in training and inference mode.
    pub checks: [bool; 2],
    /// Section 1: the outputs' moments on one batch in training mode, and in inference mode
    /// after 1 and after 200 training batches.
    pub modes: [Moments; 3],
    /// Section 2.
    pub variants: Vec<Variant>,
}

fn moments(y: &Array2<f64>) -> Moments {
    y.columns()
        .into_iter()
        .map(|c| (c.mean().unwrap_or(0.0), c.std(0.0)))
        .collect()
}

fn batch_norm_demo(seed: u64) -> ([bool; 2], [Moments; 3]) {
    let mut rng = seeded(seed);
    // Batches of 8 samples of 3 features with means (2, −1, 0) and standard deviations (5, 1, 0.1).
    let shift = Array1::from(vec![2.0, -1.0, 0.0]);
    let scale = Array1::from(vec![5.0, 1.0, 0.1]);
    let mut batch = || Array2::random_using((8, 3), StandardNormal, &mut rng) * &scale + &shift;
    let probe = batch();
    let mut bn = BatchNorm::new(3);
    let training = moments(&bn.forward(&probe)); // batch statistics; the running averages move once
    let mut inference = bn.clone();
    inference.training = false;
    let after_one = moments(&inference.forward(&probe));
    for _ in 0..200 {
        bn.forward(&batch());
    }
    bn.training = false;
    let after_many = moments(&bn.forward(&probe));
    // Gradient checks of the backward pass in both modes.
    let g = Array2::random_using((8, 3), StandardNormal, &mut rng);
    let checks = [true, false].map(|training| {
        let mut layer = BatchNorm::new(3);
        layer.gamma = Array1::from(vec![1.5, 0.5, -2.0]);
        layer.running_var = Array1::from(vec![20.0, 1.0, 0.01]);
        layer.training = training;
        let fresh = layer.clone();
        layer.forward(&probe);
        let grad = layer.backward(&g);
        check_vjp(|x| fresh.clone().forward(x), &probe, &g, &grad).passed()
    });
    (checks, [training, after_one, after_many])
}

// ANCHOR: run
/// Runs every experiment of the chapter.
pub fn run(config: &Config) -> Result<Report> {
    config.validate()?;
    let (checks, modes) = batch_norm_demo(config.seed);

    let (x, labels) = bit_task(config.samples, config.seed);
    let (x_test, test_labels) = bit_task(config.samples / 2, config.seed + 1_000);
    // The four variants of the question, and sigmoid with 8 times the learning rate (chapter 5:
    // tanh's gradients are up to 8 times sigmoid's).
    let plan = [
        (Squash::Sigmoid, false, 1.0),
        (Squash::Sigmoid, true, 1.0),
        (Squash::Tanh, false, 1.0),
        (Squash::Tanh, true, 1.0),
        (Squash::Sigmoid, false, 8.0),
    ];
    let seeds: Vec<u64> = (config.seed..config.seed + config.seeds).collect();
    // Every (variant, seed) is an independent run: spread them over the cores.
    let runs: Vec<_> = plan
        .iter()
        .flat_map(|&variant| seeds.iter().map(move |&seed| (variant, seed)))
        .collect();
    let mut results = map_in_order(&runs, |&((squash, batch_norm, lr_factor), seed)| {
        let name = variant_name(squash, batch_norm, lr_factor);
        let mut net = BitsNet::new(squash, batch_norm, &mut seeded(seed));
        let evaluate = |net: &BitsNet| {
            let mut probe = net.clone();
            probe.set_training(false); // running averages: each sample on its own
            probe.logits(&x_test)
        };
        let settings = Sgd {
            lr: lr_factor * config.lr,
            epochs: config.epochs,
            batch_size: config.batch_size,
            seed,
        };
        let measure = |net: &BitsNet| error_01(&evaluate(net), &test_labels, squash);
        let errors = train_measuring(&mut net, &x, &labels, settings, measure, |epoch, loss| {
            if config.progress {
                eprintln!(
                    "{name}, seed {seed}: epoch {epoch:>3}/{}, training loss {loss:.4}",
                    config.epochs
                );
            }
        });
        (errors, bit_accuracy(&evaluate(&net), &test_labels))
    })
    .into_iter();
    let variants = plan
        .iter()
        .map(|&(squash, batch_norm, lr_factor)| {
            let (test_error, bit_accuracy) = results.by_ref().take(seeds.len()).unzip();
            Variant {
                squash,
                batch_norm,
                lr_factor,
                test_error,
                bit_accuracy,
            }
        })
        .collect();
    Ok(Report {
        config: config.clone(),
        checks,
        modes,
        variants,
    })
}
// ANCHOR_END: run

impl Report {
    /// The report's sections: a short name (the snapshot's) and the text.
    pub fn sections(&self) -> Vec<(&'static str, String)> {
        vec![
            ("batch_norm", self.batch_norm_section()),
            ("network", self.network_section()),
        ]
    }

    fn batch_norm_section(&self) -> String {
        let mut t = Table::new([
            "feature",
            "training mode",
            "inference, after 1 batch",
            "inference, after 200 batches",
        ]);
        let show = |m: (f64, f64)| format!("{} ± {}", fixed(m.0, 3), fixed(m.1, 3));
        for j in 0..self.modes[0].len() {
            t.row([
                j.to_string(),
                show(self.modes[0][j]),
                show(self.modes[1][j]),
                show(self.modes[2][j]),
            ]);
        }

        format!(
            "1. Batch normalization: training and inference\n\
             One batch of 8 samples, 3 features with means (2, −1, 0) and standard deviations (5, 1, 0.1);\n\
             γ = 1, β = 0. The outputs' mean ± standard deviation per feature:\n\n{t}\n\
             Training mode normalizes with the batch's own statistics: exactly mean 0, std 1 (less ε).\n\
             Inference mode uses the running averages: after one batch they have moved a tenth of the way\n\
             from (0, 1); after 200 they are close to the population's, and the batch's outputs are no\n\
             longer exactly 0 ± 1: they show where its 8 samples lie in the population. Each sample is\n\
             normalized on its own, whatever its batch.\n\
             Backward against central differences: training mode {a}, inference mode {b}.\n",
            a = verdict(self.checks[0]),
            b = verdict(self.checks[1]),
        )
    }

    fn network_section(&self) -> String {
        let c = &self.config;
        let mut t = Table::new([
            "output",
            "test error after 1 epoch (median)",
            "final test error: median (min–max)",
            "bit accuracy: median (min–max)",
        ]);
        for v in &self.variants {
            let after_one: Vec<f64> = v.test_error.iter().map(|e| e[1]).collect();
            let finals: Vec<f64> = v.test_error.iter().map(|e| e[e.len() - 1]).collect();
            let range = |values: &[f64]| {
                let (median, lo, hi) = spread(values);
                format!("{} ({}–{})", fixed(median, 4), fixed(lo, 4), fixed(hi, 4))
            };
            t.row([
                v.name(),
                fixed(spread(&after_one).0, 4),
                range(&finals),
                range(&v.bit_accuracy),
            ]);
        }
        format!(
            "2. The learner's network\n\
             32 inputs (1 × 16 × 2) → FC 512 → [BN] → ReLU → FC 64 → [BN] → ReLU → FC 16 → sigmoid or tanh,\n\
             mean squared error against 16 bits; {n} training and {m} test samples, mini-batch SGD, batch {b},\n\
             lr {lr} for every variant, {e} epochs, seeds {s0}…{s1}. Test error in the 0/1 scale, batch norm\n\
             in inference mode:\n\n{t}",
            n = c.samples,
            m = c.samples / 2,
            b = c.batch_size,
            lr = c.lr,
            e = c.epochs,
            s0 = c.seed,
            s1 = c.seed + c.seeds - 1,
        )
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        nn_core::report::write_report(f, HEADING, &self.sections())
    }
}

// ANCHOR: figures
impl ChapterReport for Report {
    fn figures(&self) -> Result<Vec<(&'static str, Svg)>> {
        let mut chart = LineChart::new("Test error (0/1 scale), median over seeds")
            .legend_at(nn_core::plot::SeriesLabelPosition::LowerLeft)
            .x_label("epoch")
            .y_label("error")
            .log_y();
        for v in &self.variants {
            let epochs = v.test_error[0].len();
            let curve: Vec<f64> = (0..epochs)
                .map(|e| spread(&v.test_error.iter().map(|s| s[e]).collect::<Vec<_>>()).0)
                .collect();
            let color = match (v.squash, v.lr_factor == 1.0) {
                (Squash::Sigmoid, true) => 0,
                (Squash::Tanh, _) => 3,
                (Squash::Sigmoid, false) => 2,
            };
            let series = Series::history(v.name(), &curve).color(color);
            chart = chart.series(if v.batch_norm {
                series
            } else {
                series.dashed()
            });
        }
        Ok(vec![("test-error", chart.render()?)])
    }
}
// ANCHOR_END: figures
