//! Chapter 2's experiments: the NaN reproduced on real data, explained, and cured. One
//! function per section of the report, each returning a named struct of results;
//! `report.rs` prints them and `figures.rs` draws them.

use std::path::PathBuf;

use ch01_sigmoid_neuron::{augment, sigmoid};
use clap::Parser;
use ndarray::{Array1, Array2, Axis};
use nn_core::cli::{rate, seed, within};
use nn_core::data::{self, Dataset};
use nn_core::report::Progress;
use nn_core::{Error, Result};

use crate::cost::Cost;
use crate::descent::{self, gradient_descent, gradient_loop, logits, probabilities, rises};
use crate::descent::{Descent, Fit};
use crate::metrics::Confusion;
use crate::standardize::Standardizer;

// ANCHOR: config
/// The chapter's settings; `Config::default()` is what `cargo run -p ch02-logistic-regression` uses.
/// The largest `--lr` and `--iterations`. Above a rate of about 30 the standardized run
/// oscillates and the trainer stops it (section 6 shows where); 10 still trains.
pub const MAX_LR: f64 = 10.0;
pub const MAX_ITERATIONS: usize = 100_000;

#[derive(Clone, Debug, PartialEq, Parser)]
#[command(
    name = "ch02-logistic-regression",
    about = "Chapter 2: logistic regression whose cost never turns into NaN"
)]
pub struct Config {
    /// Seed of the stratified train/test split (0 to 9223372036854775807).
    #[arg(long, default_value_t = 2)]
    pub seed: u64,
    /// Learning rate η of gradient descent (above 0, at most 10).
    #[arg(long, default_value_t = 0.5)]
    pub lr: f64,
    /// Gradient-descent iterations; the run time grows in proportion (1 to 100000).
    #[arg(long, default_value_t = 1000)]
    pub iterations: usize,
    /// Predict class 1 when its probability is at least this (0.0 to 1.0).
    #[arg(long, default_value_t = 0.5)]
    pub threshold: f64,
    /// Train on your own CSV file (same format as shared/data; labels 0 and 1) instead of the
    /// breast-cancer data. The program makes 36 gradient-descent runs over the training rows,
    /// so its time grows in proportion to rows × features × iterations: under a second for
    /// the built-in 569 rows × 30 features, about two minutes for 82,200 rows × 30 features
    /// at the default 1000 iterations.
    #[arg(long)]
    pub data: Option<PathBuf>,
    /// Print progress on stderr during a long run (the program does, unless --quiet).
    #[arg(skip)]
    pub progress: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config::parse_from(["ch02-logistic-regression"])
    }
}
// ANCHOR_END: config

/// The share of every class held out for testing.
pub const TEST_FRACTION: f64 = 0.2;
/// The learning rates of the sweep: 10^(k/2) for k = −8 … 6, that is 1e-4 … 1000.
pub fn sweep_rates() -> Vec<f64> {
    (-8..=6).map(|k| 10f64.powf(k as f64 / 2.0)).collect()
}
/// The logits of the three-costs table.
pub const LOGITS: [f64; 7] = [-1000.0, -40.0, -1.0, 0.0, 1.0, 40.0, 1000.0];

impl Config {
    fn validate(&self) -> Result<()> {
        seed(self.seed)?;
        rate("lr", self.lr, MAX_LR)?;
        within("iterations", self.iterations, 1..=MAX_ITERATIONS)?;
        within("threshold", self.threshold, 0.0..=1.0)
    }

    fn dataset(&self) -> Result<Dataset> {
        let d = match &self.data {
            Some(path) => data::load_csv(path, self.progress)?,
            None => data::breast_cancer(),
        };
        if d.class_names.len() != 2 {
            return Err(Error::Config {
                flag: "data",
                reason: format!(
                    "logistic regression needs two classes (labels 0 and 1); {} has {}",
                    d.name,
                    d.class_names.len()
                ),
            });
        }
        let counts = d.class_counts();
        if counts
            .iter()
            .any(|&c| ((c as f64) * TEST_FRACTION).round() < 1.0)
        {
            return Err(Error::Config {
                flag: "data",
                reason: format!(
                    "each class needs at least 3 samples for an 80/20 split; {} has {counts:?}",
                    d.name
                ),
            });
        }
        check_features(&d)?;
        Ok(d)
    }

    /// The trainer's settings: the cost from logits, divergence checks on.
    fn trainer(&self) -> Descent {
        Descent {
            lr: self.lr,
            iterations: self.iterations,
            cost: Cost::Logits,
            diagnose: true,
        }
    }
}

/// The largest magnitude a feature may have: beyond it the squares in its standard deviation
/// overflow to infinity, and the chapter would print NaN costs as if they were results.
pub const MAX_FEATURE: f64 = 1e100;
/// Below this standard deviation (relative to the column's size) a feature is constant.
pub const MIN_RELATIVE_STD: f64 = 1e-12;

/// Refuses features the chapter cannot standardize: a constant column (its standard deviation
/// is 0, and the features' spread ratio NaN), one too large to square, one so small that it
/// is only subnormal numbers. Each refusal names the column and says what is allowed.
fn check_features(d: &Dataset) -> Result<()> {
    for (j, column) in d.features.columns().into_iter().enumerate() {
        let name = d.feature_names.get(j).cloned().unwrap_or_default();
        let refuse = |reason: String| {
            Err(Error::Config {
                flag: "data",
                reason: format!("{}: feature column {} ({name}) {reason}", d.name, j + 1),
            })
        };
        let largest = column.iter().fold(0.0_f64, |m, v| m.max(v.abs()));
        if largest > MAX_FEATURE {
            return refuse(format!(
                "has a value of magnitude {largest:e}; features must lie within ±{MAX_FEATURE:e} \
                 (rescale the column)"
            ));
        }
        let std = column.std(0.0);
        if std <= MIN_RELATIVE_STD * largest || largest < 1e-150 {
            return refuse(format!(
                "is constant (standard deviation {std:e}, values up to {largest:e}): it carries \
                 no information; remove it, or rescale it if its values are tiny"
            ));
        }
    }
    Ok(())
}

/// Everything the chapter measures: the data it works on, and one field per section of the
/// report.
#[derive(Clone, Debug)]
pub struct Report {
    pub config: Config,
    pub split: Split,
    pub data: DataSummary,
    pub gradient: GradientTwoWays,
    pub failure: Failure,
    pub costs: ThreeCosts,
    pub standardization: Standardization,
    pub learning_rate: LearningRate,
    pub predictions: Predictions,
}

// ANCHOR: run
/// Runs every experiment of the chapter.
pub fn run(config: &Config) -> Result<Report> {
    config.validate()?;
    let split = split(config)?;
    let data = data(config, &split);
    let gradient = gradient(&split);
    let failure = failure(config, &split)?;
    let costs = costs();
    let standardization = standardization(config, &split)?;
    let learning_rate = learning_rate(config, &split)?;
    let predictions = predictions(config, &split, &standardization.standardized)?;
    Ok(Report {
        config: config.clone(),
        split,
        data,
        gradient,
        failure,
        costs,
        standardization,
        learning_rate,
        predictions,
    })
}
// ANCHOR_END: run

/// The data every section works on: the dataset, its stratified train/test split, and the
/// features with a bias column (chapter 1's `augment`), raw and standardized with the
/// training set's statistics.
#[derive(Clone, Debug)]
pub struct Split {
    /// All samples.
    pub data: Dataset,
    /// The training samples (80% of every class) and the test samples, each in data order.
    pub train: Dataset,
    pub test: Dataset,
    /// The labels as 0.0 and 1.0: (train samples,) and (test samples,).
    pub y_train: Array1<f64>,
    pub y_test: Array1<f64>,
    /// Raw features and a column of ones: (train samples, features + 1).
    pub x_raw: Array2<f64>,
    /// (test samples, features + 1)
    pub x_test_raw: Array2<f64>,
    /// Fitted on `x_raw`; the bias column has std 0 and is left alone.
    pub standardizer: Standardizer,
    /// `x_raw` and `x_test_raw` standardized by `standardizer`.
    pub x_std: Array2<f64>,
    pub x_test_std: Array2<f64>,
}

/// Loads the data (`--data`, or the breast-cancer set) and splits it (seed `config.seed`).
pub fn split(config: &Config) -> Result<Split> {
    let data = config.dataset()?;
    let (train, test) = data.stratified_split(TEST_FRACTION, config.seed);
    let targets = |d: &Dataset| d.labels.mapv(|l| l as f64);
    let (y_train, y_test) = (targets(&train), targets(&test));
    let x_raw = augment(&train.features);
    let x_test_raw = augment(&test.features);
    let standardizer = Standardizer::fit(&x_raw);
    let x_std = standardizer.transform(&x_raw);
    let x_test_std = standardizer.transform(&x_test_raw);
    Ok(Split {
        data,
        train,
        test,
        y_train,
        y_test,
        x_raw,
        x_test_raw,
        standardizer,
        x_std,
        x_test_std,
    })
}

impl Split {
    /// Weights: one per feature and the bias.
    fn weights(&self) -> usize {
        self.x_raw.ncols()
    }
}

/// Section 1: one feature's spread over the whole dataset.
#[derive(Clone, Debug, PartialEq)]
pub struct Spread {
    pub feature: String,
    pub min: f64,
    pub max: f64,
    pub std: f64,
}

/// Section 1: the dataset, its split, and how differently its features are scaled.
#[derive(Clone, Debug, PartialEq)]
pub struct DataSummary {
    /// The dataset's name, or the path of `--data`.
    pub name: String,
    pub samples: usize,
    pub features: usize,
    pub class_names: Vec<String>,
    /// The split's seed (`--seed`).
    pub seed: u64,
    pub train_size: usize,
    /// Samples per class in the training set.
    pub train_counts: Vec<usize>,
    pub test_size: usize,
    pub test_counts: Vec<usize>,
    /// The three features with the smallest and the three with the largest standard
    /// deviation (all of them if there are at most six), smallest first.
    pub spreads: Vec<Spread>,
    /// The largest standard deviation over the smallest.
    pub std_ratio: f64,
}

/// Section 1: the data and the features' scales.
pub fn data(config: &Config, split: &Split) -> DataSummary {
    let d = &split.data;
    let std = d.features.std_axis(Axis(0), 0.0);
    let mut order: Vec<usize> = (0..std.len()).collect();
    order.sort_by(|&a, &b| std[a].total_cmp(&std[b]));
    let show: Vec<usize> = if order.len() > 6 {
        order[..3]
            .iter()
            .chain(&order[order.len() - 3..])
            .copied()
            .collect()
    } else {
        order.clone()
    };
    let spreads = show
        .into_iter()
        .map(|j| {
            let (min, max) = d
                .features
                .column(j)
                .iter()
                .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), &v| {
                    (l.min(v), h.max(v))
                });
            Spread {
                feature: d.feature_names[j].clone(),
                min,
                max,
                std: std[j],
            }
        })
        .collect();
    let (smallest, largest) = (std[order[0]], std[order[order.len() - 1]]);
    DataSummary {
        name: d.name.clone(),
        samples: d.len(),
        features: d.features.ncols(),
        class_names: d.class_names.clone(),
        seed: config.seed,
        train_size: split.train.len(),
        train_counts: split.train.class_counts(),
        test_size: split.test.len(),
        test_counts: split.test.class_counts(),
        spreads,
        std_ratio: largest / smallest,
    }
}

/// Section 2: the gradient computed with loops and vectorized.
#[derive(Clone, Debug, PartialEq)]
pub struct GradientTwoWays {
    /// The largest |loop − vectorized| over all weights, at w = 0 on raw features and at
    /// w = 0.1 on standardized ones.
    pub loop_difference: f64,
}

/// Section 2: the learner's loops compute the same gradient as the vectorized form.
pub fn gradient(split: &Split) -> GradientTwoWays {
    let (y, n) = (&split.y_train, split.weights());
    let loop_difference = [
        (&split.x_raw, Array1::zeros(n)),
        (&split.x_std, Array1::from_elem(n, 0.1)),
    ]
    .iter()
    .map(|(x, w)| {
        (descent::gradient(x, y, w) - gradient_loop(x, y, w))
            .mapv(f64::abs)
            .fold(0.0, |a: f64, &b| a.max(b))
    })
    .fold(0.0, f64::max);
    GradientTwoWays { loop_difference }
}

/// The three ways of writing the cross-entropy, evaluated on the same logits.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CostForms {
    /// −[y·log h + (1 − y)·log(1 − h)]
    pub naive: f64,
    /// −log h if y = 1, −log(1 − h) if y = 0
    pub split: f64,
    /// softplus(z) − y·z
    pub from_logits: f64,
}

impl CostForms {
    /// The three mean costs of logits `z` for labels `y`.
    fn mean(z: &Array1<f64>, y: &Array1<f64>) -> Self {
        let [naive, split, from_logits] = Cost::ALL.map(|c| c.mean(z, y));
        CostForms {
            naive,
            split,
            from_logits,
        }
    }
}

/// Section 3: the weights at the first non-finite naive cost.
#[derive(Clone, Debug, PartialEq)]
pub struct FirstBad {
    /// The iteration at which the naive cost is first NaN or ∞.
    pub iteration: usize,
    /// Training samples with h exactly 0, and exactly 1, there.
    pub zeros: usize,
    pub ones: usize,
    /// The three costs of those weights.
    pub costs: CostForms,
    /// The smallest and the largest logit z = w·x over the training samples there.
    pub z_min: f64,
    pub z_max: f64,
}

/// Section 3: the learner's program (raw features, naive cost, no checks) and what goes wrong.
#[derive(Clone, Debug, PartialEq)]
pub struct Failure {
    /// The settings it ran with (`--lr`, `--iterations`) and the training set's size.
    pub lr: f64,
    pub iterations: usize,
    pub train_size: usize,
    /// The naive cost before each step and after the last.
    pub naive_history: Vec<f64>,
    /// How many of those are NaN or ∞.
    pub non_finite: usize,
    /// The same steps, their cost computed from the logits.
    pub raw_history: Vec<f64>,
    /// None if the naive cost stayed finite.
    pub first_bad: Option<FirstBad>,
    /// The gradient's three largest entries at w = 0 (the first step), by size: feature
    /// name and ∂J/∂w.
    pub largest_gradient: Vec<(String, f64)>,
}

impl Failure {
    /// The smallest and the largest cost from logits after the first step (no checks).
    pub fn raw_range(&self) -> (f64, f64) {
        let after = self.raw_history.iter().skip(1);
        (
            after.clone().copied().fold(f64::INFINITY, f64::min),
            after.copied().fold(f64::NEG_INFINITY, f64::max),
        )
    }
}

/// Section 3: the failure reproduced on raw features.
pub fn failure(config: &Config, split: &Split) -> Result<Failure> {
    let (x, y, n) = (&split.x_raw, &split.y_train, split.weights());
    let learner = Descent {
        cost: Cost::Naive,
        diagnose: false,
        ..config.trainer()
    };
    let progress = Progress::new(config.progress, "section 3, the learner's runs", 2);
    let naive = gradient_descent(x, y, Array1::zeros(n), learner)?;
    progress.tick();
    let same_steps = Descent {
        cost: Cost::Logits,
        ..learner
    };
    let raw_history = gradient_descent(x, y, Array1::zeros(n), same_steps)?.history;
    progress.tick();
    let first_bad = match naive.history.iter().position(|c| !c.is_finite()) {
        Some(k) => {
            let at_k = Descent {
                iterations: k,
                ..learner
            };
            let z = logits(x, &gradient_descent(x, y, Array1::zeros(n), at_k)?.w);
            let h = z.mapv(sigmoid);
            Some(FirstBad {
                iteration: k,
                zeros: h.iter().filter(|&&p| p == 0.0).count(),
                ones: h.iter().filter(|&&p| p == 1.0).count(),
                costs: CostForms::mean(&z, y),
                z_min: z.iter().copied().fold(f64::INFINITY, f64::min),
                z_max: z.iter().copied().fold(f64::NEG_INFINITY, f64::max),
            })
        }
        None => None,
    };
    let g0 = descent::gradient(x, y, &Array1::zeros(n));
    let names = &split.data.feature_names;
    let mut by_size: Vec<usize> = (0..g0.len()).collect();
    by_size.sort_by(|&a, &b| g0[b].abs().total_cmp(&g0[a].abs()));
    let largest_gradient = by_size
        .into_iter()
        .take(3)
        .map(|j| {
            let name = names.get(j).cloned().unwrap_or_else(|| "bias".into());
            (name, g0[j])
        })
        .collect();
    Ok(Failure {
        largest_gradient,
        lr: config.lr,
        iterations: config.iterations,
        train_size: split.train.len(),
        non_finite: naive.history.iter().filter(|c| !c.is_finite()).count(),
        naive_history: naive.history,
        raw_history,
        first_bad,
    })
}

/// Section 4: one logit and label.
#[derive(Clone, Debug, PartialEq)]
pub struct CostRow {
    pub z: f64,
    pub y: f64,
    /// σ(z)
    pub h: f64,
    pub costs: CostForms,
}

/// Section 4: the three costs on the same logits.
#[derive(Clone, Debug, PartialEq)]
pub struct ThreeCosts {
    /// Label 0 at every logit, then label 1.
    pub rows: Vec<CostRow>,
    /// z = −20, y = 0: the naive cost's relative error against the cost from logits, which
    /// is exact there to 1e-15 (`cost.rs` tests it against e⁻²⁰ − e⁻⁴⁰/2).
    pub naive_error_at_minus_20: f64,
}

/// Section 4 at the chapter's logits, [`LOGITS`].
pub fn costs() -> ThreeCosts {
    costs_at(&LOGITS)
}

/// Section 4 at logits of your choice.
pub fn costs_at(logits: &[f64]) -> ThreeCosts {
    let mut rows = Vec::new();
    for y in [0.0, 1.0] {
        for &z in logits {
            let [naive, split, from_logits] = Cost::ALL.map(|c| c.per_sample(z, y));
            rows.push(CostRow {
                z,
                y,
                h: sigmoid(z),
                costs: CostForms {
                    naive,
                    split,
                    from_logits,
                },
            });
        }
    }
    let exact = Cost::Logits.per_sample(-20.0, 0.0);
    let naive_error_at_minus_20 = ((Cost::Naive.per_sample(-20.0, 0.0) - exact) / exact).abs();
    ThreeCosts {
        rows,
        naive_error_at_minus_20,
    }
}

/// Why the trainer stopped a run: the fields of its `Error::Diverged`.
#[derive(Clone, Debug, PartialEq)]
pub struct Stopped {
    pub iteration: usize,
    /// What went wrong, and the likely cause.
    pub reason: String,
}

/// A run the trainer completed, and how its weights do on the test set.
#[derive(Clone, Debug, PartialEq)]
pub struct Trained {
    pub fit: Fit,
    /// Mean cross-entropy (from logits) on the test set.
    pub test_cost: f64,
    /// Test accuracy at `--threshold`.
    pub test_accuracy: f64,
}

/// A training run on one version of the features.
#[derive(Clone, Debug, PartialEq)]
pub struct Run {
    /// Which features it trained on.
    pub name: String,
    /// The trained weights and their test scores, or why the trainer stopped.
    pub outcome: std::result::Result<Trained, Stopped>,
}

/// Trains from w = 0 on `x` and scores the weights on `x_test`; a run the trainer stops is a
/// result, not an error.
fn evaluate(
    config: &Config,
    split: &Split,
    name: &str,
    (x, x_test): (&Array2<f64>, &Array2<f64>),
    settings: Descent,
) -> Result<Run> {
    let start = Array1::zeros(split.weights());
    let outcome = match gradient_descent(x, &split.y_train, start, settings) {
        Ok(fit) => {
            let z = logits(x_test, &fit.w);
            let predicted: Vec<usize> = z
                .iter()
                .map(|&z| usize::from(sigmoid(z) >= config.threshold))
                .collect();
            let actual = split.test.labels.as_slice().unwrap_or(&[]);
            Ok(Trained {
                test_cost: Cost::Logits.mean(&z, &split.y_test),
                test_accuracy: Confusion::new(actual, &predicted, 2).accuracy(),
                fit,
            })
        }
        Err(Error::Diverged { iteration, reason }) => Err(Stopped { iteration, reason }),
        Err(other) => return Err(other),
    };
    Ok(Run {
        name: name.to_string(),
        outcome,
    })
}

/// Section 5: one feature's training statistics.
#[derive(Clone, Debug, PartialEq)]
pub struct FeatureStats {
    pub feature: String,
    pub mean: f64,
    pub std: f64,
}

/// Section 5: standardization, and training on raw, standardized and leaked features.
#[derive(Clone, Debug, PartialEq)]
pub struct Standardization {
    /// The training set's size and the settings the four runs used.
    pub train_size: usize,
    pub lr: f64,
    pub iterations: usize,
    /// The features with the smallest and the largest training std (all if at most two),
    /// then the bias column.
    pub stats: Vec<FeatureStats>,
    /// Raw features: the trainer stops it.
    pub raw: Run,
    /// Both sets standardized with the training set's statistics: the right way.
    pub standardized: Run,
    /// The test set standardized with its own statistics.
    pub leak_own: Run,
    /// Both sets standardized with statistics of all samples.
    pub leak_all: Run,
}

impl Standardization {
    /// The four runs, in the order of the report's table.
    pub fn runs(&self) -> [&Run; 4] {
        [
            &self.raw,
            &self.standardized,
            &self.leak_own,
            &self.leak_all,
        ]
    }
}

/// Section 5: the same training on four versions of the features.
pub fn standardization(config: &Config, split: &Split) -> Result<Standardization> {
    let s = &split.standardizer;
    let names = &split.data.feature_names;
    let mut order: Vec<usize> = (0..names.len()).collect();
    order.sort_by(|&a, &b| s.std[a].total_cmp(&s.std[b]));
    let picks = if order.len() > 2 {
        vec![order[0], order[order.len() - 1]]
    } else {
        order
    };
    let column = |feature: String, j: usize| FeatureStats {
        feature,
        mean: s.mean[j],
        std: s.std[j],
    };
    let mut stats: Vec<FeatureStats> = picks
        .into_iter()
        .map(|j| column(names[j].clone(), j))
        .collect();
    stats.push(column("bias column (ones)".into(), s.mean.len() - 1));

    let trainer = config.trainer();
    let progress = Progress::new(config.progress, "section 5, runs on four feature sets", 4);
    let x_test_raw = &split.x_test_raw;
    let raw = evaluate(
        config,
        split,
        "raw features",
        (&split.x_raw, x_test_raw),
        trainer,
    )?;
    progress.tick();
    let standardized = evaluate(
        config,
        split,
        "standardized (training statistics)",
        (&split.x_std, &split.x_test_std),
        trainer,
    )?;
    progress.tick();
    let own = Standardizer::fit(x_test_raw).transform(x_test_raw);
    let leak_own = evaluate(
        config,
        split,
        "leak: test set with its own statistics",
        (&split.x_std, &own),
        trainer,
    )?;
    progress.tick();
    let all = Standardizer::fit(&augment(&split.data.features));
    let leak_all = evaluate(
        config,
        split,
        &format!("leak: statistics of all {} samples", split.data.len()),
        (&all.transform(&split.x_raw), &all.transform(x_test_raw)),
        trainer,
    )?;
    progress.tick();
    Ok(Standardization {
        train_size: split.train.len(),
        lr: config.lr,
        iterations: config.iterations,
        stats,
        raw,
        standardized,
        leak_own,
        leak_all,
    })
}

/// Section 6: one learning rate of the sweep.
#[derive(Clone, Debug, PartialEq)]
pub struct SweepPoint {
    pub lr: f64,
    /// The trainer's run (checks on).
    pub run: Run,
    /// The same run without the checks: it always completes.
    pub unchecked: Fit,
    /// The test-set cost of the unchecked run's weights.
    pub unchecked_test_cost: f64,
    /// How many steps of the unchecked run raised its cost.
    pub unchecked_rises: usize,
}

/// Section 6: the learning-rate sweep on standardized features.
#[derive(Clone, Debug, PartialEq)]
pub struct LearningRate {
    /// `--iterations`, for every rate.
    pub iterations: usize,
    /// One point per rate of [`sweep_rates`].
    pub sweep: Vec<SweepPoint>,
}

/// Section 6: every rate of [`sweep_rates`], with and without the trainer's checks.
pub fn learning_rate(config: &Config, split: &Split) -> Result<LearningRate> {
    let trainer = config.trainer();
    let rates = sweep_rates();
    let progress = Progress::new(
        config.progress,
        "section 6, learning rates (two runs each)",
        rates.len(),
    );
    let sweep = rates
        .into_iter()
        .map(|lr| {
            let run = evaluate(
                config,
                split,
                &format!("lr {lr}"),
                (&split.x_std, &split.x_test_std),
                Descent { lr, ..trainer },
            )?;
            let unchecked = Descent {
                lr,
                diagnose: false,
                ..trainer
            };
            let start = Array1::zeros(split.weights());
            let unchecked = gradient_descent(&split.x_std, &split.y_train, start, unchecked)?;
            let unchecked_test_cost =
                Cost::Logits.mean(&logits(&split.x_test_std, &unchecked.w), &split.y_test);
            progress.tick();
            Ok(SweepPoint {
                lr,
                run,
                unchecked_rises: rises(&unchecked.history),
                unchecked,
                unchecked_test_cost,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(LearningRate {
        iterations: config.iterations,
        sweep,
    })
}

/// Section 7: accuracy and recalls at one threshold.
#[derive(Clone, Debug, PartialEq)]
pub struct ThresholdRow {
    /// Predict class 1 at P ≥ this.
    pub threshold: f64,
    /// Test accuracy at that threshold.
    pub accuracy: f64,
    /// Per class; None for a class absent from the test set.
    pub recall: [Option<f64>; 2],
}

/// Section 7: one class's precision and recall at `--threshold`.
#[derive(Clone, Debug, PartialEq)]
pub struct ClassScores {
    pub class: String,
    /// None when the class is never predicted.
    pub precision: Option<f64>,
    pub recall: Option<f64>,
}

/// Section 7: the standardized model's predictions on the test set.
#[derive(Clone, Debug, PartialEq)]
pub struct Predictions {
    pub class_names: Vec<String>,
    /// `--threshold`.
    pub threshold: f64,
    /// P(class 1) for every test sample.
    pub probabilities: Array1<f64>,
    /// The test labels.
    pub actual: Vec<usize>,
    /// At `--threshold`.
    pub confusion: Confusion,
    /// Test accuracy at `--threshold`.
    pub accuracy: f64,
    /// Precision and recall of each class at `--threshold`.
    pub scores: Vec<ClassScores>,
    /// Thresholds 0.1, 0.2, …, 0.9.
    pub sweep: Vec<ThresholdRow>,
}

impl Predictions {
    /// The test set's confusion matrix when class 1 is predicted at P ≥ `threshold`.
    pub fn confusion(&self, threshold: f64) -> Confusion {
        confusion_at(&self.probabilities, &self.actual, threshold)
    }
}

fn confusion_at(probabilities: &Array1<f64>, actual: &[usize], threshold: f64) -> Confusion {
    let predicted: Vec<usize> = probabilities
        .iter()
        .map(|&p| usize::from(p >= threshold))
        .collect();
    Confusion::new(actual, &predicted, 2)
}

/// Section 7: predictions of the `standardized` run (section 5) on the test set.
pub fn predictions(config: &Config, split: &Split, standardized: &Run) -> Result<Predictions> {
    let probabilities = match &standardized.outcome {
        Ok(trained) => probabilities(&split.x_test_std, &trained.fit.w),
        Err(stopped) => {
            return Err(Error::Diverged {
                iteration: stopped.iteration,
                reason: format!("in the standardized run (section 5), {}", stopped.reason),
            })
        }
    };
    let actual = split.test.labels.to_vec();
    let confusion = confusion_at(&probabilities, &actual, config.threshold);
    let class_names = split.data.class_names.clone();
    let scores = (class_names.iter().enumerate())
        .map(|(k, class)| ClassScores {
            class: class.clone(),
            precision: confusion.precision(k),
            recall: confusion.recall(k),
        })
        .collect();
    let sweep = (1..=9)
        .map(|k| {
            let threshold = k as f64 / 10.0;
            let c = confusion_at(&probabilities, &actual, threshold);
            ThresholdRow {
                threshold,
                accuracy: c.accuracy(),
                recall: [c.recall(0), c.recall(1)],
            }
        })
        .collect();
    Ok(Predictions {
        class_names,
        threshold: config.threshold,
        accuracy: confusion.accuracy(),
        probabilities,
        actual,
        confusion,
        scores,
        sweep,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_settings_and_data_are_errors_not_panics() {
        let e = run(&Config {
            threshold: 1.5,
            ..Config::default()
        })
        .unwrap_err();
        assert!(
            e.to_string().starts_with("invalid setting --threshold"),
            "{e}"
        );
        let e = run(&Config {
            data: Some("/no/such.csv".into()),
            ..Config::default()
        })
        .unwrap_err();
        assert!(e.to_string().contains("cannot read data file"), "{e}");
    }

    #[test]
    fn three_classes_are_refused() {
        let path = std::env::temp_dir().join(format!("ch02-three-{}.csv", std::process::id()));
        std::fs::write(&path, "1,0\n2,1\n3,2\n").unwrap();
        let e = run(&Config {
            data: Some(path.clone()),
            ..Config::default()
        })
        .unwrap_err();
        std::fs::remove_file(&path).unwrap();
        assert!(e.to_string().contains("needs two classes"), "{e}");
    }

    #[test]
    fn a_stopped_run_keeps_the_trainer_s_error_as_fields() {
        let split = split(&Config::default()).unwrap();
        let s = standardization(&Config::default(), &split).unwrap();
        let stopped = s.raw.outcome.unwrap_err();
        assert!(stopped.iteration > 0);
        assert!(stopped.reason.contains("not standardized"), "{stopped}");
        assert_eq!(
            stopped.to_string(),
            format!(
                "training stopped at iteration {}: {}",
                stopped.iteration, stopped.reason
            )
        );
    }
}
