//! Chapter 5's experiment: softmax checked, iris and digits classified, label smoothing and
//! calibration measured, sigmoid against tanh as the output.

use std::fmt;

use ch02_logistic_regression::metrics::Confusion;
use ch02_logistic_regression::Standardizer;
use ch03_relu_xor::mlp::{Loss, Mlp};
use ch03_relu_xor::softmax::{softmax, SoftmaxCrossEntropy};
use ch03_relu_xor::Dense;
use clap::Parser;
use ndarray::{array, s, Array2};
use nn_core::cli::positive;
use nn_core::data::{self, Dataset};
use nn_core::gradcheck::{check_vjp, GradCheck};
use nn_core::par::map_in_order;
use nn_core::plot::{Heatmap, HeatmapGrid, LineChart, Series, Svg};
use nn_core::report::ChapterReport;
use nn_core::rng::{rand_distr::StandardNormal, seeded, RandomExt};
use nn_core::table::{fixed, sig, verdict, yes_no, Table};
use nn_core::{Error, Result};

use crate::bits::{bit_accuracy, error_01, BitsLoss, Squash};
use crate::calibration::{expected_calibration_error, mean_confidence, reliability, Bin};
use crate::jacobian::{
    cross_entropy_grad_wrt_probabilities, max_abs_difference, rows_sum_to_one,
    softmax_backward_via_jacobian,
};
use crate::sgd::{train_measuring, train_sgd, Sgd};
use crate::smoothing::SmoothedCrossEntropy;

// ANCHOR: config
/// The chapter's settings; `Config::default()` is what `cargo run -p ch05-softmax` uses.
#[derive(Clone, Debug, PartialEq, Parser)]
#[command(
    name = "ch05-softmax",
    about = "Chapter 5: softmax on real digits, label smoothing, and which output activation"
)]
pub struct Config {
    /// Seed of the split, the initial weights and the mini-batch order.
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// Hidden units of the digits network.
    #[arg(long, default_value_t = 128)]
    pub hidden: usize,
    /// Learning rate of mini-batch SGD.
    #[arg(long, default_value_t = 0.1)]
    pub lr: f64,
    /// Epochs of mini-batch SGD.
    #[arg(long, default_value_t = 30)]
    pub epochs: usize,
    /// Samples per mini-batch.
    #[arg(long, default_value_t = 32)]
    pub batch_size: usize,
    /// Label smoothing ε compared with ε = 0.
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
    fn validate(&self) -> Result<()> {
        let bad = |flag, reason: String| Err(Error::Config { flag, reason });
        positive("lr", self.lr)?;
        if !(0.0..1.0).contains(&self.smoothing) {
            return bad(
                "smoothing",
                format!("ε is in [0, 1), not {}", self.smoothing),
            );
        }
        if self.hidden == 0 || self.epochs == 0 || self.batch_size == 0 {
            return bad(
                "epochs",
                "hidden units, epochs and batch size must all be at least 1".into(),
            );
        }
        Ok(())
    }

    fn sgd(&self, seed: u64) -> Sgd {
        Sgd {
            lr: self.lr,
            epochs: self.epochs,
            batch_size: self.batch_size,
            seed,
        }
    }
}

/// A trained digits classifier and what was measured on the test set.
#[derive(Clone, Debug)]
pub struct Classifier {
    pub epsilon: f64,
    pub history: Vec<f64>,
    pub test_probabilities: Array2<f64>,
    pub confusion: Confusion,
    pub bins: Vec<Bin>,
}

/// One output activation's run on the bits task.
#[derive(Clone, Debug)]
pub struct BitsRun {
    pub name: String,
    /// The test error in the 0/1 scale after each epoch (and before the first).
    pub test_error: Vec<f64>,
    pub bit_accuracy: f64,
}

/// The first line of the report.
pub const HEADING: &str =
    "Chapter 5: softmax on real digits, label smoothing, and which output activation";

/// Everything the chapter measures.
#[derive(Clone, Debug)]
pub struct Report {
    pub config: Config,
    /// Section 1.
    pub extreme_logits: Array2<f64>,
    pub jacobian_vs_fused: f64,
    pub jacobian_check: GradCheck,
    /// Section 2: iris, its test confusion.
    pub iris: Confusion,
    pub iris_names: Vec<String>,
    /// Sections 3–4: digits, with ε = 0 and with ε = `smoothing`.
    pub digits_test: Dataset,
    pub digits_train_size: usize,
    pub plain: Classifier,
    pub smoothed: Classifier,
    /// Section 5.
    pub bits: Vec<BitsRun>,
}

/// Digits with pixels scaled from 0–16 to 0–1.
fn scaled(d: &Dataset) -> Array2<f64> {
    &d.features / 16.0
}

fn classes(p: &Array2<f64>) -> Vec<usize> {
    p.rows()
        .into_iter()
        .map(|r| {
            r.iter()
                .enumerate()
                .fold(
                    (0, f64::NEG_INFINITY),
                    |b, (k, &v)| if v > b.1 { (k, v) } else { b },
                )
                .0
        })
        .collect()
}

fn train_digits(config: &Config, epsilon: f64, train: &Dataset, test: &Dataset) -> Classifier {
    let mut net = Mlp::new(64, config.hidden, 10, &mut seeded(config.seed))
        .with_loss(SmoothedCrossEntropy::new(epsilon));
    let labels = train.labels.to_vec();
    let history = train_sgd(
        &mut net,
        &scaled(train),
        &labels,
        config.sgd(config.seed),
        |epoch, loss| {
            if config.progress {
                eprintln!(
                    "digits, ε = {epsilon}: epoch {epoch:>3}/{}, training loss {loss:.4}",
                    config.epochs
                );
            }
        },
    );
    let test_probabilities = net.probabilities(&scaled(test));
    let test_labels = test.labels.to_vec();
    let confusion = Confusion::new(&test_labels, &classes(&test_probabilities), 10);
    let bins = reliability(&test_probabilities, &test_labels, 10);
    Classifier {
        epsilon,
        history,
        test_probabilities,
        confusion,
        bins,
    }
}

fn train_bits(
    config: &Config,
    name: &str,
    loss: BitsLoss,
    lr: f64,
    train: &Dataset,
    test: &Dataset,
) -> BitsRun {
    let squash = loss.squash;
    let mut net = Mlp::new(64, config.hidden, 4, &mut seeded(config.seed)).with_loss(loss);
    let (x, x_test) = (scaled(train), scaled(test));
    let (labels, test_labels) = (train.labels.to_vec(), test.labels.to_vec());
    let logits = |net: &Mlp<_, BitsLoss>| net.clone().forward(&x_test);
    let settings = Sgd {
        lr,
        ..config.sgd(config.seed)
    };
    let measure = |net: &Mlp<_, BitsLoss>| error_01(&logits(net), &test_labels, squash);
    let test_error = train_measuring(&mut net, &x, &labels, settings, measure, |epoch, loss| {
        if config.progress {
            eprintln!(
                "bits, {name}: epoch {epoch:>3}/{}, training loss {loss:.4}",
                config.epochs
            );
        }
    });
    BitsRun {
        name: name.to_string(),
        test_error,
        bit_accuracy: bit_accuracy(&logits(&net), &test_labels),
    }
}

// ANCHOR: run
/// Runs every experiment of the chapter.
pub fn run(config: &Config) -> Result<Report> {
    config.validate()?;

    // 1. Softmax at extreme logits; its backward pass through the Jacobian and fused.
    let extreme_logits = array![
        [1e4, -1e4, 0.0],
        [1000.0, 1000.0, 1000.0],
        [-1e4, -1e4 + 1.0, -1e4]
    ];
    let mut rng = seeded(config.seed);
    let z: Array2<f64> = Array2::random_using((6, 10), StandardNormal, &mut rng) * 2.0;
    let labels = [3, 1, 4, 1, 5, 9];
    let p = softmax(&z);
    let via_jacobian =
        softmax_backward_via_jacobian(&p, &cross_entropy_grad_wrt_probabilities(&p, &labels));
    let mut ce = SoftmaxCrossEntropy::default();
    ce.forward(&z, &labels);
    let jacobian_vs_fused = max_abs_difference(&via_jacobian, &ce.backward());
    let upstream: Array2<f64> = Array2::random_using((6, 10), StandardNormal, &mut rng);
    let jacobian_check = check_vjp(
        softmax,
        &z,
        &upstream,
        &softmax_backward_via_jacobian(&p, &upstream),
    );

    // 2. A softmax classifier on iris: standardized features, one dense layer, full batch.
    let flowers = data::iris();
    let (train, test) = flowers.stratified_split(0.2, config.seed);
    let standardizer = Standardizer::fit(&train.features); // chapter 2
    let (x, x_test) = (
        standardizer.transform(&train.features),
        standardizer.transform(&test.features),
    );
    let mut layer = Dense::new(Array2::zeros((4, 3)), ndarray::Array1::zeros(3));
    let mut loss = SoftmaxCrossEntropy::default();
    let y = train.labels.to_vec();
    for _ in 0..500 {
        let logits = layer.forward(&x);
        Loss::forward(&mut loss, &logits, &y);
        layer.backward(&Loss::backward(&loss));
        layer.step(0.5);
    }
    let iris = Confusion::new(
        &test.labels.to_vec(),
        &classes(&softmax(&layer.forward(&x_test))),
        3,
    );

    // 3-4. Chapter 3's network on the digits, mini-batch SGD, without and with label smoothing.
    let digits = data::digits();
    let (train, digits_test) = digits.stratified_split(0.2, config.seed);
    // Each training run here and below is independent of the others: they share the cores.
    let [plain, smoothed]: [Classifier; 2] = map_in_order(&[0.0, config.smoothing], |&epsilon| {
        train_digits(config, epsilon, &train, &digits_test)
    })
    .try_into()
    .expect("one run per ε");

    // 5. Regressing the label's 4 bits: sigmoid or tanh output, hard or smoothed targets.
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
    let bits = map_in_order(&plan, |(name, squash, smoothing, lr_factor)| {
        train_bits(
            config,
            name,
            BitsLoss::new(*squash, *smoothing),
            lr_factor * config.lr,
            &train,
            &digits_test,
        )
    });

    Ok(Report {
        config: config.clone(),
        extreme_logits,
        jacobian_vs_fused,
        jacobian_check,
        iris,
        iris_names: flowers.class_names.clone(),
        digits_train_size: train.len(),
        digits_test,
        plain,
        smoothed,
        bits,
    })
}
// ANCHOR_END: run

fn confusion_table(c: &Confusion, names: &[String]) -> Table {
    let mut header = vec!["actual \\ predicted".to_string()];
    header.extend(names.iter().cloned());
    let mut t = Table::new(header);
    for (a, name) in names.iter().enumerate() {
        let mut row = vec![name.clone()];
        row.extend((0..names.len()).map(|p| c.counts[[a, p]].to_string()));
        t.row(row);
    }
    t
}

impl Report {
    /// The report's sections: a short name (the snapshot's) and the text.
    pub fn sections(&self) -> Vec<(&'static str, String)> {
        vec![
            ("softmax", self.softmax_section()),
            ("iris", self.iris_section()),
            ("digits", self.digits_section()),
            ("smoothing", self.smoothing_section()),
            ("bits", self.bits_section()),
        ]
    }

    fn softmax_section(&self) -> String {
        let mut t = Table::new([
            "logits",
            "exp(z)/Σexp(z)",
            "softmax (max subtracted)",
            "row sum",
        ]);
        let p = softmax(&self.extreme_logits);
        for (z, p) in self.extreme_logits.rows().into_iter().zip(p.rows()) {
            let naive: Vec<String> = z
                .iter()
                .map(|&v| sig(v.exp() / z.mapv(f64::exp).sum(), 3))
                .collect();
            let stable: Vec<String> = p.iter().map(|&v| sig(v, 3)).collect();
            let shown: Vec<String> = z.iter().map(|v| format!("{v:?}")).collect();
            t.row([
                shown.join(", "),
                naive.join(", "),
                stable.join(", "),
                sig(p.sum(), 3),
            ]);
        }
        format!(
            "1. Softmax, stable and differentiated two ways\n{t}\n\
             Rows sum to 1 within 1e-15: {sums}.\n\
             Backward through the full Jacobian diag(p) − p pᵀ against the fused p − y, on a batch of 6\n\
             rows of 10 logits: largest difference below 1e-15: {agree}.\n\
             The Jacobian backward against central differences (< 1e-6): {check}.\n",
            sums = yes_no(rows_sum_to_one(&p, 1e-15)),
            agree = yes_no(self.jacobian_vs_fused < 1e-15),
            check = verdict(self.jacobian_check.passed()),
        )
    }

    fn iris_section(&self) -> String {
        format!(
            "2. A softmax classifier on iris\n\
             Standardized features (chapter 2), one dense layer 4 → 3, softmax cross-entropy, full batch,\n\
             lr 0.5, 500 steps. Test accuracy {acc} ({right} of {n}):\n\n{t}",
            acc = fixed(self.iris.accuracy(), 4),
            right = self.iris.counts.diag().sum(),
            n = self.iris.total(),
            t = confusion_table(&self.iris, &self.iris_names),
        )
    }

    fn digits_section(&self) -> String {
        let c = &self.config;
        let mut losses = Table::new(["epoch", "training loss"]);
        for epoch in [1, 2, 5, 10, 20, 30, 50, 100]
            .into_iter()
            .filter(|&e| e <= c.epochs)
        {
            losses.row([epoch.to_string(), fixed(self.plain.history[epoch - 1], 4)]);
        }
        let names: Vec<String> = (0..10).map(|d| d.to_string()).collect();
        let wrong = self.plain.confusion.total() - self.plain.confusion.counts.diag().sum();
        format!(
            "3. A network on handwritten digits\n\
             64 pixels (scaled to 0–1) → {h} hidden (ReLU) → 10 → softmax; mini-batch SGD, batch {b},\n\
             lr {lr}, {e} epochs, seed {seed}; {ntrain} training and {ntest} test images (stratified 80/20).\n\n{losses}\n\
             Test accuracy: {acc} ({wrong} of {ntest} wrong).\n\n{t}",
            h = c.hidden,
            b = c.batch_size,
            lr = c.lr,
            e = c.epochs,
            seed = c.seed,
            ntrain = self.digits_train_size,
            ntest = self.plain.confusion.total(),
            acc = fixed(self.plain.confusion.accuracy(), 4),
            t = confusion_table(&self.plain.confusion, &names),
        )
    }

    fn smoothing_section(&self) -> String {
        let mut t = Table::new([
            "ε",
            "test accuracy",
            "mean confidence",
            "expected calibration error",
        ]);
        for c in [&self.plain, &self.smoothed] {
            t.row([
                sig(c.epsilon, 2),
                fixed(c.confusion.accuracy(), 4),
                fixed(mean_confidence(&c.test_probabilities), 4),
                fixed(expected_calibration_error(&c.bins), 4),
            ]);
        }
        let mut bins = Table::new([
            "confidence",
            "ε = 0: samples",
            "accuracy",
            "ε > 0: samples",
            "accuracy",
        ]);
        for (a, b) in self.plain.bins.iter().zip(&self.smoothed.bins) {
            if a.count + b.count == 0 {
                continue;
            }
            let acc = |bin: &Bin| {
                if bin.count > 0 {
                    fixed(bin.accuracy, 3)
                } else {
                    "—".into()
                }
            };
            bins.row([
                format!("{:.1}–{:.1}", a.lo, a.hi),
                a.count.to_string(),
                acc(a),
                b.count.to_string(),
                acc(b),
            ]);
        }
        format!(
            "4. Label smoothing\n\
             The same network and schedule, trained towards (1 − ε)·onehot + ε/10:\n\n{t}\n\
             Reliability, test set (10 bins of confidence):\n{bins}"
        )
    }

    fn bits_section(&self) -> String {
        let mut t = Table::new([
            "output",
            "test error after 1 epoch",
            "after all",
            "bit accuracy",
        ]);
        for r in &self.bits {
            t.row([
                r.name.clone(),
                fixed(r.test_error[1], 4),
                fixed(r.test_error[r.test_error.len() - 1], 4),
                fixed(r.bit_accuracy, 4),
            ]);
        }
        format!(
            "5. Sigmoid against tanh as the output\n\
             The same network regresses the label's 4 bits (mean squared error), output sigmoid\n\
             (targets 0/1) or tanh (targets ±1), everything else identical; the error is measured in\n\
             the 0/1 scale for both, (1/n)·Σ ½‖o − bits‖², on the test set:\n\n{t}"
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
        let names: Vec<String> = (0..10).map(|d| d.to_string()).collect();
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        let confusion = Heatmap::new(
            "Digits, test set: actual against predicted",
            self.plain.confusion.counts.mapv(|v| v as f64),
        )
        .labels(&names, &names)
        .axis_labels("predicted", "actual")
        .annotate(0)
        .render()?;
        // The misclassified test digits, as 8×8 images.
        let predicted = classes(&self.plain.test_probabilities);
        let mut grid =
            HeatmapGrid::new("Misclassified test digits (actual → predicted)", 6).range(0.0, 16.0);
        for (i, (&p, &y)) in predicted
            .iter()
            .zip(&self.digits_test.labels)
            .enumerate()
            .filter(|(_, (p, y))| p != y)
            .take(12)
        {
            let image = self
                .digits_test
                .features
                .slice(s![i, ..])
                .to_owned()
                .into_shape_with_order((8, 8))
                .expect("64 pixels");
            grid = grid.panel(format!("{y} → {p}"), image);
        }
        let mut reliability = LineChart::new("Reliability on the digits test set")
            .x_label("confidence")
            .y_label("accuracy")
            .x_range(0.0, 1.0)
            .y_range(0.0, 1.0)
            .series(
                Series::new("calibrated", vec![(0.0, 0.0), (1.0, 1.0)])
                    .dashed()
                    .color(7),
            );
        for (i, c) in [&self.plain, &self.smoothed].iter().enumerate() {
            let points = c
                .bins
                .iter()
                .filter(|b| b.count > 0)
                .map(|b| (b.confidence, b.accuracy))
                .collect();
            reliability =
                reliability.series(Series::new(format!("ε = {}", c.epsilon), points).color(i));
        }
        let mut bits = LineChart::new("Regressing 4 bits: test error (0/1 scale)")
            .x_label("epoch")
            .y_label("error")
            .log_y();
        for (i, r) in self.bits.iter().enumerate() {
            bits = bits.series(Series::history(r.name.clone(), &r.test_error).color(i));
        }
        let mut loss = LineChart::new("Digits: training loss per epoch")
            .x_label("epoch")
            .y_label("mean training loss")
            .log_y();
        for (i, c) in [&self.plain, &self.smoothed].iter().enumerate() {
            let points = c
                .history
                .iter()
                .enumerate()
                .map(|(e, &l)| ((e + 1) as f64, l))
                .collect();
            loss = loss.series(Series::new(format!("ε = {}", c.epsilon), points).color(i));
        }
        Ok(vec![
            ("confusion", confusion),
            ("misclassified", grid.render()?),
            ("reliability", reliability.render()?),
            ("bits", bits.render()?),
            ("loss", loss.render()?),
        ])
    }
}
// ANCHOR_END: figures
