//! Chapter 6's experiment: convolution checked, a CNN trained on the digits, its saliency maps
//! drawn and tested.

use std::fmt;

use ch05_softmax::sgd::{train_sgd, Sgd};
use clap::Parser;
use ndarray::{s, Array1, Array2, Array4};
use nn_core::cli::positive;
use nn_core::data::{self, Dataset};
use nn_core::gradcheck::{check_gradient, check_vjp};
use nn_core::plot::{HeatmapGrid, LineChart, Series, Svg};
use nn_core::report::ChapterReport;
use nn_core::rng::{rand_distr::StandardNormal, seeded, RandomExt};
use nn_core::table::{fixed, verdict, Table};
use nn_core::{Error, Result};

use crate::cnn::Cnn;
use crate::conv::{conv2d_direct, Conv2d, Padding};
use crate::saliency::{argmax, deletion, map_correlation, saliency};

// ANCHOR: config
/// The chapter's settings; `Config::default()` is what `cargo run -p ch06-conv-saliency` uses.
#[derive(Clone, Debug, PartialEq, Parser)]
#[command(
    name = "ch06-conv-saliency",
    about = "Chapter 6: convolution and gradient saliency maps"
)]
pub struct Config {
    /// Seed of the split, the initial weights and the mini-batch order.
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// 3×3 filters of the convolution.
    #[arg(long, default_value_t = 8)]
    pub filters: usize,
    /// Learning rate of mini-batch SGD.
    #[arg(long, default_value_t = 0.05)]
    pub lr: f64,
    /// Epochs of mini-batch SGD.
    #[arg(long, default_value_t = 15)]
    pub epochs: usize,
    /// Samples per mini-batch.
    #[arg(long, default_value_t = 32)]
    pub batch_size: usize,
    /// Test images used by the deletion and randomization tests.
    #[arg(long, default_value_t = 100)]
    pub images: usize,
    /// Print each epoch's training loss on stderr (the program does, unless --quiet).
    #[arg(skip)]
    pub progress: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config::parse_from(["ch06-conv-saliency"])
    }
}
// ANCHOR_END: config

/// The numbers of pixels zeroed in the deletion test.
pub const DELETIONS: [usize; 7] = [0, 2, 4, 8, 16, 24, 32];

impl Config {
    fn validate(&self) -> Result<()> {
        positive("lr", self.lr)?;
        if self.filters == 0 || self.epochs == 0 || self.batch_size == 0 || self.images == 0 {
            return Err(Error::Config {
                flag: "filters",
                reason: "filters, epochs, batch size and images must all be at least 1".into(),
            });
        }
        Ok(())
    }
}

/// The first line of the report.
pub const HEADING: &str = "Chapter 6: convolution and gradient saliency maps";

/// Everything the chapter measures.
#[derive(Clone, Debug)]
pub struct Report {
    pub config: Config,
    /// Section 1: (what, passed).
    pub checks: Vec<(String, bool)>,
    /// Section 2: ∂ output[1, 1] / ∂ input for the forum's example.
    pub forum: Array2<f64>,
    /// Section 3.
    pub history: Vec<f64>,
    pub test: Dataset,
    pub test_accuracy: f64,
    pub net: Cnn,
    /// Section 4: for the first test image, ∂L/∂K (filters, 1, 3, 3) and ∂s/∂X (8×8).
    pub kernel_gradient: Array4<f64>,
    pub input_gradient: Array2<f64>,
    /// Section 6: per k, the mean score drop (salient, random).
    pub deletion: Vec<(usize, f64, f64)>,
    /// Section 7: mean rank correlation of the maps, trained against untrained and against
    /// a second trained network.
    pub rho_untrained: f64,
    pub rho_retrained: f64,
}

fn conv_checks(seed: u64) -> Vec<(String, bool)> {
    let mut rng = seeded(seed);
    let mut checks = Vec::new();
    for padding in [Padding::Same, Padding::Valid] {
        let x: Array4<f64> = Array4::random_using((2, 2, 6, 6), StandardNormal, &mut rng);
        let k: Array4<f64> = Array4::random_using((3, 2, 3, 3), StandardNormal, &mut rng);
        let b = Array1::from(vec![0.1, -0.3, 0.2]);
        let mut conv = Conv2d::new(k.clone(), b.clone(), padding);
        let y = conv.forward(&x);
        let direct = conv2d_direct(&x, &k, &b, padding);
        checks.push((
            format!("{padding:?}: im2col·matmul equals the definition (< 1e-12)"),
            (&y - &direct).iter().all(|d| d.abs() < 1e-12),
        ));
        let g: Array4<f64> = Array4::random_using(y.raw_dim(), StandardNormal, &mut rng);
        let grad_x = conv.backward(&g);
        let f = |x: &Array4<f64>| conv2d_direct(x, &k, &b, padding);
        checks.push((
            format!("{padding:?}: ∂L/∂X, any upstream gradient"),
            check_vjp(f, &x, &g, &grad_x).passed(),
        ));
        let loss_k = |k: &Array4<f64>| (conv2d_direct(&x, k, &b, padding) * &g).sum();
        checks.push((
            format!("{padding:?}: ∂L/∂K"),
            check_gradient(loss_k, &k, &conv.grad_kernel).passed(),
        ));
        let loss_b = |b: &Array1<f64>| (conv2d_direct(&x, &k, b, padding) * &g).sum();
        checks.push((
            format!("{padding:?}: ∂L/∂b"),
            check_gradient(loss_b, &b, &conv.grad_bias).passed(),
        ));
    }
    checks
}

/// Digits with pixels scaled from 0–16 to 0–1.
fn scaled(d: &Dataset) -> Array2<f64> {
    &d.features / 16.0
}

fn train_cnn(config: &Config, seed: u64, train: &Dataset) -> (Cnn, Vec<f64>) {
    let mut net = Cnn::new(config.filters, &mut seeded(seed));
    let settings = Sgd {
        lr: config.lr,
        epochs: config.epochs,
        batch_size: config.batch_size,
        seed,
    };
    let history = train_sgd(
        &mut net,
        &scaled(train),
        &train.labels.to_vec(),
        settings,
        |epoch, loss| {
            if config.progress {
                eprintln!(
                    "CNN (seed {seed}): epoch {epoch:>3}/{}, training loss {loss:.4}",
                    config.epochs
                );
            }
        },
    );
    (net, history)
}

// ANCHOR: run
/// Runs every experiment of the chapter.
pub fn run(config: &Config) -> Result<Report> {
    config.validate()?;
    let checks = conv_checks(config.seed);

    // 2. The forum's example: 4×4 ones, 3×3 ones, 'same'; upstream gradient e at output[1, 1].
    let mut conv = Conv2d::new(Array4::ones((1, 1, 3, 3)), Array1::zeros(1), Padding::Same);
    conv.forward(&Array4::ones((1, 1, 4, 4)));
    let mut upstream = Array4::zeros((1, 1, 4, 4));
    upstream[[0, 0, 1, 1]] = 1.0;
    let forum = conv.backward(&upstream).slice(s![0, 0, .., ..]).to_owned();

    // 3. The CNN on the digits.
    let digits = data::digits();
    let (train, test) = digits.stratified_split(0.2, config.seed);
    let (net, history) = train_cnn(config, config.seed, &train);
    let x_test = scaled(&test);
    let predicted: Vec<usize> = net
        .probabilities(&x_test)
        .rows()
        .into_iter()
        .map(argmax)
        .collect();
    let right = predicted
        .iter()
        .zip(&test.labels)
        .filter(|(p, y)| p == y)
        .count();
    let test_accuracy = right as f64 / test.len() as f64;

    // 4. Kernel gradients against input gradients, first test image, its predicted class.
    let first = x_test.slice(s![0..1, ..]).to_owned();
    let mut probe = net.clone();
    let logits = probe.logits(&first);
    let mut e_c = Array2::zeros(logits.raw_dim());
    e_c[[0, argmax(logits.row(0))]] = 1.0;
    let input_gradient = probe
        .backward_from_logits(&e_c)
        .into_shape_with_order((8, 8))
        .expect("64 pixels");
    let kernel_gradient = probe.conv.grad_kernel.clone();

    // 6-7. Do the maps mean anything?
    let n = config.images.min(test.len());
    let sample = x_test.slice(s![..n, ..]).to_owned();
    let mut rng = seeded(config.seed + 1);
    let deletion = DELETIONS
        .iter()
        .map(|&k| {
            let (salient, random) = deletion(&net, &sample, k, &mut rng);
            (k, salient, random)
        })
        .collect();
    let untrained = Cnn::new(config.filters, &mut seeded(config.seed)); // the same network before training
    let (retrained, _) = train_cnn(config, config.seed + 1, &train);
    let rho_untrained = map_correlation(&net, &untrained, &sample);
    let rho_retrained = map_correlation(&net, &retrained, &sample);

    Ok(Report {
        config: config.clone(),
        checks,
        forum,
        history,
        test,
        test_accuracy,
        net,
        kernel_gradient,
        input_gradient,
        deletion,
        rho_untrained,
        rho_retrained,
    })
}
// ANCHOR_END: run

fn grid(m: &Array2<f64>, digits: usize) -> Table {
    let mut t = Table::new((0..m.ncols()).map(|c| format!("c{c}")));
    for row in m.rows() {
        t.row(row.iter().map(|&v| fixed(v, digits)));
    }
    t
}

impl Report {
    /// The report's sections: a short name (the snapshot's) and the text.
    pub fn sections(&self) -> Vec<(&'static str, String)> {
        vec![
            ("conv", self.conv_section()),
            ("forum", self.forum_section()),
            ("cnn", self.cnn_section()),
            ("gradients", self.gradients_section()),
            ("deletion", self.deletion_section()),
            ("randomization", self.randomization_section()),
        ]
    }

    fn conv_section(&self) -> String {
        let mut t = Table::new(["check", "result"]);
        for (what, ok) in &self.checks {
            t.row([what.as_str(), verdict(*ok)]);
        }
        format!("1. conv2d, stride 1, checked\n{t}")
    }

    fn forum_section(&self) -> String {
        let rows: Vec<String> = self
            .forum
            .rows()
            .into_iter()
            .map(|r| {
                r.iter()
                    .map(|v| format!("{v}"))
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect();
        format!(
            "2. The forum example\n\
             Input 4×4 of ones, filter 3×3 of ones, 'same' padding. The gradient of output[1, 1] with\n\
             respect to the input (one backward pass, upstream gradient 1 at [1, 1] and 0 elsewhere):\n\n{}\n",
            rows.join("\n")
        )
    }

    fn cnn_section(&self) -> String {
        let c = &self.config;
        let mut t = Table::new(["epoch", "training loss"]);
        for epoch in [1, 2, 5, 10, 15, 20, 30]
            .into_iter()
            .filter(|&e| e <= c.epochs)
        {
            t.row([epoch.to_string(), fixed(self.history[epoch - 1], 4)]);
        }
        format!(
            "3. A small CNN on the digits\n\
             8×8 pixels → conv {f} filters 3×3 'same' → ReLU → dense → 10 → softmax; mini-batch SGD,\n\
             batch {b}, lr {lr}, {e} epochs, seed {seed}.\n\n{t}\nTest accuracy: {acc} on {n} images.\n",
            f = c.filters,
            b = c.batch_size,
            lr = c.lr,
            e = c.epochs,
            seed = c.seed,
            acc = fixed(self.test_accuracy, 4),
            n = self.test.len(),
        )
    }

    fn gradients_section(&self) -> String {
        let (f, ci, kh, kw) = self.kernel_gradient.dim();
        let k0 = self.kernel_gradient.slice(s![0, 0, .., ..]).to_owned();
        format!(
            "4. Kernel gradients against input gradients\n\
             First test image (a {label}), the score of its predicted class. One backward pass gives both:\n\n\
             ∂score/∂kernel has shape ({f}, {ci}, {kh}, {kw}) — k×k×1×M in TensorFlow's layout. Filter 0:\n{k}\n\
             ∂score/∂input has shape (1, 1, 8, 8), one number per pixel:\n{x}",
            label = self.test.labels[0],
            k = grid(&k0, 3),
            x = grid(&self.input_gradient, 3),
        )
    }

    fn deletion_section(&self) -> String {
        let mut t = Table::new([
            "pixels zeroed",
            "score drop: most salient",
            "score drop: random",
        ]);
        for (k, salient, random) in &self.deletion {
            t.row([k.to_string(), fixed(*salient, 3), fixed(*random, 3)]);
        }
        format!(
            "5. Deletion test\n\
             {n} test images: set the k most salient pixels to 0, or k random pixels, and measure how\n\
             much the predicted class's score (logit) falls, on average:\n\n{t}",
            n = self.config.images.min(self.test.len()),
        )
    }

    fn randomization_section(&self) -> String {
        format!(
            "6. Model randomization\n\
             Mean Spearman rank correlation between saliency maps of the same {n} images:\n\
             trained network against the same network before training: {a}\n\
             trained network against a second one trained from another seed: {b}\n",
            n = self.config.images.min(self.test.len()),
            a = fixed(self.rho_untrained, 3),
            b = fixed(self.rho_retrained, 3),
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
        // Six test digits (top row) above their saliency maps (bottom row), both scaled to 0–1.
        let x = scaled(&self.test).slice(s![..6, ..]).to_owned();
        let (classes, maps) = saliency(&self.net, &x);
        let mut grid = HeatmapGrid::new(
            "Test digits (actual → predicted) and |∂ class score / ∂ pixel|",
            6,
        )
        .range(0.0, 1.0);
        for (i, class) in classes.iter().enumerate() {
            let image = x
                .row(i)
                .to_owned()
                .into_shape_with_order((8, 8))
                .expect("64 pixels");
            grid = grid.panel(format!("{} → {class}", self.test.labels[i]), image);
        }
        for i in 0..6 {
            let map = maps
                .row(i)
                .to_owned()
                .into_shape_with_order((8, 8))
                .expect("64 pixels");
            let peak = map.fold(0.0, |m: f64, &v| m.max(v)).max(1e-12);
            grid = grid.panel(format!("saliency of {}", self.test.labels[i]), map / peak);
        }
        let points = |pick: fn(&(usize, f64, f64)) -> f64| {
            self.deletion
                .iter()
                .map(|d| (d.0 as f64, pick(d)))
                .collect()
        };
        let deletion = LineChart::new("Deletion test: mean fall of the class score")
            .x_label("pixels set to 0")
            .y_label("score drop")
            .series(Series::new("most salient first", points(|d| d.1)))
            .series(Series::new("random", points(|d| d.2)))
            .render()?;
        let loss = LineChart::new("CNN training loss")
            .x_label("epoch")
            .y_label("mean training loss")
            .log_y()
            .series(Series::new(
                "loss",
                self.history
                    .iter()
                    .enumerate()
                    .map(|(e, &l)| ((e + 1) as f64, l))
                    .collect(),
            ))
            .render()?;
        Ok(vec![
            ("saliency", grid.render()?),
            ("deletion", deletion),
            ("loss", loss),
        ])
    }
}
// ANCHOR_END: figures
