//! Chapter 2's experiment: the NaN reproduced on real data, explained, and cured.

use std::fmt;
use std::path::PathBuf;

use ch01_sigmoid_neuron::augment;
use clap::Parser;
use ndarray::{Array1, Array2};
use nn_core::cli::positive;
use nn_core::data::{self, Dataset};
use nn_core::plot::{Heatmap, LineChart, Series, Svg};
use nn_core::report::ChapterReport;
use nn_core::table::{fixed, sig, yes_no, Table};
use nn_core::{Error, Result};

use crate::cost::Cost;
use crate::descent::{
    gradient, gradient_descent, gradient_loop, logits, probabilities, rises, Descent, Fit,
};
use crate::metrics::Confusion;
use crate::standardize::Standardizer;

// ANCHOR: config
/// The chapter's settings; `Config::default()` is what `cargo run -p ch02-logistic-regression` uses.
#[derive(Clone, Debug, PartialEq, Parser)]
#[command(
    name = "ch02-logistic-regression",
    about = "Chapter 2: logistic regression whose cost never turns into NaN"
)]
pub struct Config {
    /// Seed of the stratified train/test split.
    #[arg(long, default_value_t = 2)]
    pub seed: u64,
    /// Learning rate η of gradient descent.
    #[arg(long, default_value_t = 0.5)]
    pub lr: f64,
    /// Gradient-descent iterations.
    #[arg(long, default_value_t = 1000)]
    pub iterations: usize,
    /// Predict class 1 when its probability is at least this.
    #[arg(long, default_value_t = 0.5)]
    pub threshold: f64,
    /// Train on your own CSV file (same format as shared/data; labels 0 and 1) instead of the
    /// breast-cancer data.
    #[arg(long)]
    pub data: Option<PathBuf>,
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
        let bad = |flag, reason: String| Err(Error::Config { flag, reason });
        positive("lr", self.lr)?;
        if self.iterations == 0 {
            return bad("iterations", "at least one iteration is needed".into());
        }
        if !(0.0..=1.0).contains(&self.threshold) {
            return bad(
                "threshold",
                format!(
                    "a probability threshold is between 0 and 1, not {}",
                    self.threshold
                ),
            );
        }
        Ok(())
    }

    fn dataset(&self) -> Result<Dataset> {
        let d = match &self.data {
            Some(path) => data::load_csv(path)?,
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
        Ok(d)
    }
}

/// A training run on one version of the features: its fit (or the trainer's diagnosis) and
/// its test metrics.
#[derive(Clone, Debug)]
pub struct Run {
    pub name: String,
    pub outcome: std::result::Result<Fit, String>,
    pub test_cost: f64,
    pub test_accuracy: f64,
}

/// One learning rate of the sweep: the trainer's run, and the same run without its checks.
#[derive(Clone, Debug)]
pub struct SweepPoint {
    pub lr: f64,
    pub run: Run,
    pub unchecked: Fit,
    /// The test-set cost of the unchecked run's weights.
    pub unchecked_test_cost: f64,
}

/// The first line of the report.
pub const HEADING: &str = "Chapter 2: logistic regression whose cost never turns into NaN";

/// Everything the chapter measures.
#[derive(Clone, Debug)]
pub struct Report {
    pub config: Config,
    pub data: Dataset,
    pub train: Dataset,
    pub test: Dataset,
    /// Section 2: largest |loop − vectorized| at w = 0 and at the trained w.
    pub loop_difference: f64,
    /// Section 3: the learner's run: naive cost on raw features, never stopping.
    pub naive_history: Vec<f64>,
    /// The same steps, their cost computed from the logits.
    pub raw_history: Vec<f64>,
    pub first_bad: Option<usize>,
    /// (h == 0 exactly, h == 1 exactly) at the first bad iteration, and the three costs there.
    pub saturated: (usize, usize),
    pub costs_at_first_bad: [f64; 3],
    /// Section 5: the standardizer and the runs on raw, standardized and leaked features.
    pub standardizer: Standardizer,
    pub raw: Run,
    pub standardized: Run,
    pub leak_own: Run,
    pub leak_all: Run,
    /// Section 6: per learning rate, the run.
    pub sweep: Vec<SweepPoint>,
    /// Section 7: predictions of the standardized run.
    pub test_probabilities: Array1<f64>,
}

fn targets(d: &Dataset) -> Array1<f64> {
    d.labels.mapv(|l| l as f64)
}

// ANCHOR: run
/// Runs every experiment of the chapter.
pub fn run(config: &Config) -> Result<Report> {
    config.validate()?;
    let data = config.dataset()?;
    let (train, test) = data.stratified_split(TEST_FRACTION, config.seed);
    let (y_train, y_test) = (targets(&train), targets(&test));
    let n = data.features.ncols() + 1; // + the bias weight
    let settings = Descent {
        lr: config.lr,
        iterations: config.iterations,
        cost: Cost::Logits,
        diagnose: true,
    };

    // 1-2. Raw features with a bias column (chapter 1's augment); the gradient two ways.
    let x_raw = augment(&train.features);
    let standardizer = Standardizer::fit(&x_raw); // the bias column has std 0: left alone
    let x_std = standardizer.transform(&x_raw);
    let loop_difference = [
        (&x_raw, Array1::zeros(n)),
        (&x_std, Array1::from_elem(n, 0.1)),
    ]
    .iter()
    .map(|(x, w)| {
        (gradient(x, &y_train, w) - gradient_loop(x, &y_train, w))
            .mapv(f64::abs)
            .fold(0.0, |a: f64, &b| a.max(b))
    })
    .fold(0.0, f64::max);

    // 3. The learner's program: raw features, the naive cost, no checks.
    let learner = Descent {
        cost: Cost::Naive,
        diagnose: false,
        ..settings
    };
    let naive = gradient_descent(&x_raw, &y_train, Array1::zeros(n), learner)?;
    let first_bad = naive.history.iter().position(|c| !c.is_finite());
    let same_steps = Descent {
        cost: Cost::Logits,
        ..learner
    };
    let raw_history = gradient_descent(&x_raw, &y_train, Array1::zeros(n), same_steps)?.history;
    let (saturated, costs_at_first_bad) = match first_bad {
        Some(k) => {
            let at_k = gradient_descent(
                &x_raw,
                &y_train,
                Array1::zeros(n),
                Descent {
                    iterations: k,
                    ..learner
                },
            )?;
            let z = logits(&x_raw, &at_k.w);
            let h = z.mapv(ch01_sigmoid_neuron::sigmoid);
            let saturated = (
                h.iter().filter(|&&p| p == 0.0).count(),
                h.iter().filter(|&&p| p == 1.0).count(),
            );
            (saturated, Cost::ALL.map(|c| c.mean(&z, &y_train)))
        }
        None => ((0, 0), [f64::NAN; 3]),
    };

    // 5. Standardization: raw, fitted on the training set, and two leaks.
    let x_test_raw = augment(&test.features);
    let evaluate = |name: &str, x: &Array2<f64>, x_test: &Array2<f64>, s: Descent| -> Result<Run> {
        let outcome = gradient_descent(x, &y_train, Array1::zeros(n), s);
        let (test_cost, test_accuracy) = match &outcome {
            Ok(fit) => {
                let z = logits(x_test, &fit.w);
                let predicted: Vec<usize> = z
                    .iter()
                    .map(|&z| usize::from(ch01_sigmoid_neuron::sigmoid(z) >= config.threshold))
                    .collect();
                let accuracy =
                    Confusion::new(test.labels.as_slice().unwrap_or(&[]), &predicted, 2).accuracy();
                (Cost::Logits.mean(&z, &y_test), accuracy)
            }
            Err(_) => (f64::NAN, f64::NAN),
        };
        Ok(Run {
            name: name.to_string(),
            outcome: outcome.map_err(|e| e.to_string()),
            test_cost,
            test_accuracy,
        })
    };
    let raw = evaluate("raw features", &x_raw, &x_test_raw, settings)?;
    let standardized = evaluate(
        "standardized (training statistics)",
        &x_std,
        &standardizer.transform(&x_test_raw),
        settings,
    )?;
    let leak_own = evaluate(
        "leak: test set with its own statistics",
        &x_std,
        &Standardizer::fit(&x_test_raw).transform(&x_test_raw),
        settings,
    )?;
    let all = Standardizer::fit(&augment(&data.features));
    let leak_all = evaluate(
        "leak: statistics of all 569 samples",
        &all.transform(&x_raw),
        &all.transform(&x_test_raw),
        settings,
    )?;

    // 6. The learning-rate sweep on standardized features.
    let x_test_std = standardizer.transform(&x_test_raw);
    let sweep = sweep_rates()
        .into_iter()
        .map(|lr| {
            let run = evaluate(
                &format!("lr {lr}"),
                &x_std,
                &x_test_std,
                Descent { lr, ..settings },
            )?;
            let unchecked = Descent {
                lr,
                diagnose: false,
                ..settings
            };
            let unchecked = gradient_descent(&x_std, &y_train, Array1::zeros(n), unchecked)?;
            let unchecked_test_cost =
                Cost::Logits.mean(&logits(&x_test_std, &unchecked.w), &y_test);
            Ok(SweepPoint {
                lr,
                run,
                unchecked,
                unchecked_test_cost,
            })
        })
        .collect::<Result<Vec<_>>>()?;

    // 7. Predictions of the standardized model on the test set.
    let test_probabilities = match &standardized.outcome {
        Ok(fit) => probabilities(&standardizer.transform(&x_test_raw), &fit.w),
        Err(e) => {
            return Err(Error::Diverged {
                iteration: 0,
                reason: format!("the standardized run failed: {e}"),
            })
        }
    };

    Ok(Report {
        config: config.clone(),
        data,
        train,
        test,
        loop_difference,
        naive_history: naive.history,
        raw_history,
        first_bad,
        saturated,
        costs_at_first_bad,
        standardizer,
        raw,
        standardized,
        leak_own,
        leak_all,
        sweep,
        test_probabilities,
    })
}
// ANCHOR_END: run

impl Report {
    /// The test set's predicted classes at `threshold`.
    pub fn predictions(&self, threshold: f64) -> Vec<usize> {
        self.test_probabilities
            .iter()
            .map(|&p| usize::from(p >= threshold))
            .collect()
    }

    pub fn confusion(&self, threshold: f64) -> Confusion {
        Confusion::new(&self.test.labels.to_vec(), &self.predictions(threshold), 2)
    }

    /// The report's sections: a short name (the snapshot's) and the text.
    pub fn sections(&self) -> Vec<(&'static str, String)> {
        vec![
            ("data", self.data_section()),
            ("gradient", self.gradient_section()),
            ("failure", self.failure_section()),
            ("costs", self.costs_section()),
            ("standardization", self.standardization_section()),
            ("learning_rate", self.learning_rate_section()),
            ("predictions", self.predictions_section()),
        ]
    }

    fn data_section(&self) -> String {
        let d = &self.data;
        let std = d.features.std_axis(ndarray::Axis(0), 0.0);
        let mut order: Vec<usize> = (0..std.len()).collect();
        order.sort_by(|&a, &b| std[a].total_cmp(&std[b]));
        let mut t = Table::new(["feature", "min", "max", "std"]);
        let show: Vec<usize> = if order.len() > 6 {
            order[..3]
                .iter()
                .chain(&order[order.len() - 3..])
                .copied()
                .collect()
        } else {
            order.clone()
        };
        for j in show {
            let column = d.features.column(j);
            let (lo, hi) = column
                .iter()
                .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), &v| {
                    (l.min(v), h.max(v))
                });
            t.row([
                d.feature_names[j].clone(),
                sig(lo, 4),
                sig(hi, 5),
                sig(std[j], 4),
            ]);
        }
        let (smallest, largest) = (std[order[0]], std[order[order.len() - 1]]);
        let counts = |s: &Dataset| {
            s.class_counts()
                .iter()
                .zip(&s.class_names)
                .map(|(c, n)| format!("{c} {n}"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        format!(
            "1. The data\n{name}: {m} samples × {f} features; classes {classes}.\n\
             Stratified split (seed {seed}): {train} to train ({ctrain}), {test} to test ({ctest}).\n\n\
             The features' scales, smallest and largest spread:\n{t}\n\
             The largest standard deviation is {ratio} times the smallest.\n",
            name = d.name,
            m = d.len(),
            f = d.features.ncols(),
            classes = d.class_names.iter().enumerate().map(|(i, n)| format!("{i} = {n}")).collect::<Vec<_>>().join(", "),
            seed = self.config.seed,
            train = self.train.len(),
            ctrain = counts(&self.train),
            test = self.test.len(),
            ctest = counts(&self.test),
            ratio = sig(largest / smallest, 3),
        )
    }

    fn gradient_section(&self) -> String {
        format!(
            "2. Batch gradient descent, as the learner wrote it\n\
             The gradient (1/m)·Xᵀ(h − y), computed feature by feature in loops and vectorized:\n\
             largest difference over all weights, on raw and standardized features, below 1e-9: {}.\n\
             The two compute the same update, up to rounding.\n",
            yes_no(self.loop_difference < 1e-9)
        )
    }

    fn failure_section(&self) -> String {
        let mut t = Table::new(["iteration", "naive cost"]);
        let last = match self.first_bad {
            Some(k) => (k + 2).min(self.naive_history.len() - 1),
            None => 5.min(self.naive_history.len() - 1),
        };
        for (i, c) in self.naive_history.iter().enumerate().take(last + 1) {
            t.row([i.to_string(), sig(*c, 6)]);
        }
        let verdict = match self.first_bad {
            Some(k) => {
                let [naive, split, logits] = self.costs_at_first_bad;
                format!(
                    "The naive cost is first non-finite at iteration {k}, and NaN or ∞ at {bad} of the\n\
                     {total} recorded costs. At iteration {k}, h is exactly 0 for {zeros} and exactly 1\n\
                     for {ones} of the {m} training samples: σ saturates (chapter 1), log 0 = −∞, and\n\
                     y·log h with y = 0, h = 0 is 0·(−∞) = NaN. The same weights, three costs:\n\
                     naive {naive}, split {split}, from logits {logits}.\n",
                    bad = self.naive_history.iter().filter(|c| !c.is_finite()).count(),
                    total = self.naive_history.len(),
                    zeros = self.saturated.0,
                    ones = self.saturated.1,
                    m = self.train.len(),
                    naive = sig(naive, 6),
                    split = sig(split, 6),
                    logits = sig(logits, 6),
                )
            }
            None => "The naive cost stayed finite on this data.\n".to_string(),
        };
        format!(
            "3. The failure, reproduced\n\
             Raw features, the naive cost −(1/m)·Σ[y·log h + (1 − y)·log(1 − h)], lr {lr}, {it} iterations:\n\n{t}\n{verdict}",
            lr = self.config.lr,
            it = self.config.iterations,
        )
    }

    fn costs_section(&self) -> String {
        let mut t = Table::new(["z", "y", "h = σ(z)", "naive", "split", "from logits"]);
        for y in [0.0, 1.0] {
            for z in LOGITS {
                let mut row = vec![
                    fixed(z, 0),
                    fixed(y, 0),
                    sig(ch01_sigmoid_neuron::sigmoid(z), 4),
                ];
                row.extend(Cost::ALL.iter().map(|c| sig(c.per_sample(z, y), 5)));
                t.row(row);
            }
        }
        format!(
            "4. Three costs on the same logits\n{t}\n\
             The naive form is NaN wherever h rounds to the label (right and confident: 0·log 0) and ∞\n\
             where it rounds to the other label; the split form only fails there (∞). The cost from\n\
             logits, softplus(z) − y·z, is finite everywhere. The trainer uses it.\n"
        )
    }

    fn standardization_section(&self) -> String {
        let s = &self.standardizer;
        let mut stats = Table::new(["feature", "training mean", "training std"]);
        let mut shown: Vec<usize> = (0..self.data.feature_names.len()).collect();
        shown.sort_by(|&a, &b| s.std[a].total_cmp(&s.std[b]));
        let picks: Vec<usize> = if shown.len() > 2 {
            vec![shown[0], shown[shown.len() - 1]]
        } else {
            shown
        };
        for j in picks {
            stats.row([
                self.data.feature_names[j].clone(),
                sig(s.mean[j], 4),
                sig(s.std[j], 4),
            ]);
        }
        stats.row([
            "bias column (ones)".to_string(),
            sig(s.mean[s.mean.len() - 1], 4),
            sig(s.std[s.std.len() - 1], 4),
        ]);
        let mut runs = Table::new(["features", "outcome", "test cost", "test accuracy"]);
        for r in [
            &self.raw,
            &self.standardized,
            &self.leak_own,
            &self.leak_all,
        ] {
            runs.row([
                r.name.clone(),
                outcome(r),
                metric(r.test_cost, |v| sig(v, 4)),
                metric(r.test_accuracy, |v| fixed(v, 4)),
            ]);
        }
        let stopped = match &self.raw.outcome {
            Err(e) => format!("On raw features the trainer stops:\n  {e}\n"),
            Ok(_) => String::new(),
        };
        format!(
            "5. Standardization\n\
             Fitted on the {m} training samples; the bias column has std 0 and is left as it is:\n\n{stats}\n\
             Training with lr {lr} for {it} iterations (cost from logits, divergence checks on):\n\n{runs}\n{stopped}",
            m = self.train.len(),
            lr = self.config.lr,
            it = self.config.iterations,
        )
    }

    fn learning_rate_section(&self) -> String {
        let mut t = Table::new([
            "lr",
            "the trainer",
            "test accuracy",
            "without checks: training cost",
            "test cost",
            "steps the cost rose",
        ]);
        for p in &self.sweep {
            let u = &p.unchecked.history;
            t.row([
                sig(p.lr, 2),
                outcome(&p.run),
                metric(p.run.test_accuracy, |v| fixed(v, 4)),
                sig(u[u.len() - 1], 4),
                sig(p.unchecked_test_cost, 4),
                rises(u).to_string(),
            ]);
        }
        let diagnoses: Vec<String> = self
            .sweep
            .iter()
            .filter_map(|p| {
                p.run
                    .outcome
                    .as_ref()
                    .err()
                    .map(|e| format!("  lr {}: {e}", sig(p.lr, 2)))
            })
            .collect();
        format!(
            "6. Learning rate\nStandardized features, {it} iterations, lr from 1e-4 to 1000:\n\n{t}\n{d}",
            it = self.config.iterations,
            d = if diagnoses.is_empty() {
                "The trainer stopped no run.\n".to_string()
            } else {
                format!("The trainer's diagnoses:\n{}\n", diagnoses.join("\n"))
            },
        )
    }

    fn predictions_section(&self) -> String {
        let th = self.config.threshold;
        let c = self.confusion(th);
        let names = &self.data.class_names;
        let mut m = Table::new(["actual \\ predicted", names[0].as_str(), names[1].as_str()]);
        for (a, name) in names.iter().enumerate() {
            m.row([
                name.clone(),
                c.counts[[a, 0]].to_string(),
                c.counts[[a, 1]].to_string(),
            ]);
        }
        let mut pr = Table::new(["class", "precision", "recall"]);
        for (k, name) in names.iter().enumerate() {
            let show = |v: Option<f64>| v.map_or("n/a".to_string(), |v| fixed(v, 4));
            pr.row([name.clone(), show(c.precision(k)), show(c.recall(k))]);
        }
        let mut sweep = Table::new([
            "threshold",
            "accuracy",
            &format!("{} recall", names[0]),
            &format!("{} recall", names[1]),
        ]);
        for k in 1..=9 {
            let t = k as f64 / 10.0;
            let c = self.confusion(t);
            let r = |class| c.recall(class).map_or("n/a".to_string(), |v| fixed(v, 4));
            sweep.row([fixed(t, 1), fixed(c.accuracy(), 4), r(0), r(1)]);
        }
        format!(
            "7. Predictions on the test set\n\
             Standardized features; predict {one} when P({one}) ≥ {th}. Test accuracy: {acc} ({right} of {total}).\n\n{m}\n{pr}\n\
             Accuracy against threshold:\n{sweep}",
            one = names[1],
            acc = fixed(c.accuracy(), 4),
            right = c.counts.diag().sum(),
            total = c.total(),
        )
    }
}

fn outcome(r: &Run) -> String {
    match &r.outcome {
        Ok(_) => "trained".into(),
        Err(e) => {
            // "training stopped at iteration N: …": keep the iteration, the rest is printed below.
            let iteration = e
                .split(':')
                .next()
                .unwrap_or(e)
                .trim_start_matches("training ");
            iteration.to_string()
        }
    }
}

/// A metric of a run; "—" for a run the trainer stopped.
fn metric(value: f64, show: impl Fn(f64) -> String) -> String {
    if value.is_nan() {
        "—".to_string()
    } else {
        show(value)
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
        let mut histories = LineChart::new("Training cost for several learning rates (no checks)")
            .x_label("iteration")
            .y_label("cost (from logits)")
            .log_y();
        for (i, p) in self.sweep.iter().enumerate().filter(|(i, _)| i % 2 == 0) {
            let name = format!("lr {}", sig(p.lr, 2));
            histories = histories.series(Series::history(name, &p.unchecked.history).color(i / 2));
        }
        let finals: Vec<(f64, f64)> = self
            .sweep
            .iter()
            .map(|p| (p.lr, p.unchecked.history[p.unchecked.history.len() - 1]))
            .collect();
        let test_costs = self
            .sweep
            .iter()
            .map(|p| (p.lr, p.unchecked_test_cost))
            .collect();
        let final_cost = LineChart::new(format!(
            "Final cost after {} iterations, no checks",
            self.config.iterations
        ))
        .x_label("learning rate")
        .y_label("cost")
        .log_x()
        .log_y()
        .series(Series::new("training cost", finals))
        .series(Series::new("test cost", test_costs))
        .render()?;
        // The learner's run cannot be drawn with its own cost (NaN from iteration 1 on); the
        // cost from logits along the very same steps can.
        let shown = |h: &[f64]| h[..h.len().min(201)].to_vec();
        let mut raw_vs_std = LineChart::new(format!(
            "lr {}: raw against standardized features",
            self.config.lr
        ))
        .x_label("iteration")
        .y_label("cost from logits")
        .log_y()
        .series(Series::history(
            "raw features (the learner's steps)",
            &shown(&self.raw_history),
        ));
        if let Ok(fit) = &self.standardized.outcome {
            raw_vs_std = raw_vs_std.series(Series::history(
                "standardized features",
                &shown(&fit.history),
            ));
        }
        let c = self.confusion(self.config.threshold);
        let names: Vec<&str> = self.data.class_names.iter().map(String::as_str).collect();
        let confusion = Heatmap::new(
            format!("Test set, threshold {}", self.config.threshold),
            c.counts.mapv(|v| v as f64),
        )
        .labels(&names, &names)
        .axis_labels("predicted", "actual")
        .annotate(0)
        .render()?;
        Ok(vec![
            ("cost-histories", histories.render()?),
            ("final-cost", final_cost),
            ("raw-vs-standardized", raw_vs_std.render()?),
            ("confusion", confusion),
        ])
    }
}
// ANCHOR_END: figures

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
}
