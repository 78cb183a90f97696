//! Chapter 3's experiment: the blocks checked, XOR learned, backpropagation traced.

use std::fmt;

use clap::Parser;
use ndarray::{array, Array1, Array2};
use nn_core::cli::positive;
use nn_core::gradcheck::{check_gradient, check_vjp, GradCheck};
use nn_core::plot::{DecisionRegions, HeatmapGrid, LineChart, Series, Svg};
use nn_core::report::ChapterReport;
use nn_core::rng::{rand_distr::StandardNormal, seeded, RandomExt};
use nn_core::table::{fixed, sig, verdict, Table};
use nn_core::{Error, Result};

use crate::augmented::train_batch_augmented;
use crate::dense::Dense;
use crate::layer::Layer;
use crate::loss::Loss;
use crate::mlp::Mlp;
use crate::train::{train_batch, train_online};
use crate::numpy_port::{run_numpy_program, NumpyRun, HIDDEN, LEARNING_RATE, STEPS};
use crate::relu::Relu;
use crate::softmax::SoftmaxCrossEntropy;
use crate::trace::{trace, Params, Trace};
use crate::{xor_inputs, XOR_LABELS};

// ANCHOR: config
/// The chapter's settings; `Config::default()` is what `cargo run -p ch03-relu-xor` uses.
#[derive(Clone, Debug, PartialEq, Parser)]
#[command(name = "ch03-relu-xor", about = "Chapter 3: a ReLU network learns XOR")]
pub struct Config {
    /// Seed of the initial weights (the 20-seed counts use this seed and the 19 after it).
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Hidden units of the learner's network.
    #[arg(long, default_value_t = 8)]
    pub hidden: usize,
    /// Learning rate of the learner's network.
    #[arg(long, default_value_t = 0.5)]
    pub lr: f64,
    /// Full-batch epochs of the learner's network.
    #[arg(long, default_value_t = 500)]
    pub epochs: usize,
}

impl Default for Config {
    fn default() -> Self {
        Config::parse_from(["ch03-relu-xor"])
    }
}
// ANCHOR_END: config

/// How many seeds the success counts use.
pub const SEEDS: u64 = 20;
/// The numpy program's success threshold on its summed squared error.
pub const NUMPY_SUCCESS: f64 = 0.05;

impl Config {
    fn validate(&self) -> Result<()> {
        positive("lr", self.lr)?;
        if self.hidden == 0 || self.hidden > 1000 {
            return Err(Error::Config {
                flag: "hidden",
                reason: format!("between 1 and 1000 units, not {}", self.hidden),
            });
        }
        if self.epochs == 0 {
            return Err(Error::Config {
                flag: "epochs",
                reason: "at least one epoch is needed".into(),
            });
        }
        Ok(())
    }
}

/// The first line of the report.
pub const HEADING: &str = "Chapter 3: a ReLU network learns XOR";

/// Everything the chapter measures.
#[derive(Clone, Debug)]
pub struct Report {
    pub config: Config,
    /// Section 1: (block, what is checked, result).
    pub checks: Vec<(&'static str, &'static str, GradCheck)>,
    /// Section 2: the learner's network after training, its history, and the seed count.
    pub net: Mlp,
    pub history: Vec<f64>,
    pub solved_seeds: usize,
    /// Section 3: the numpy program on the chosen seed, and its final losses over 20 seeds.
    pub numpy: NumpyRun,
    pub numpy_final_losses: Vec<f64>,
    /// Section 4: the traces with the ReLU on and off.
    pub traces: [Trace; 2],
    pub revived: Trace,
    /// Section 5: the numpy program with ReLU′(0) = 0 instead of 1: its losses.
    pub numpy_at_zero_0: NumpyRun,
    /// Section 6: the augmented form's loss history.
    pub augmented_history: Vec<f64>,
    /// Section 7: online training's history from the same start.
    pub online_history: Vec<f64>,
}

fn random(shape: (usize, usize), rng: &mut nn_core::rng::ChaCha8Rng) -> Array2<f64> {
    Array2::random_using(shape, StandardNormal, rng)
}

/// Gradient checks of every block on random inputs (none near ReLU's kink).
fn check_blocks(seed: u64) -> Vec<(&'static str, &'static str, GradCheck)> {
    let mut rng = seeded(seed);
    let (x, w, g) = (
        random((6, 3), &mut rng),
        random((3, 4), &mut rng),
        random((6, 4), &mut rng),
    );
    let b = Array1::random_using(4, StandardNormal, &mut rng);
    let mut dense = Dense::new(w.clone(), b.clone());
    dense.forward(&x);
    let grad_x = dense.backward(&g);
    let out = |w: &Array2<f64>, b: &Array1<f64>, x: &Array2<f64>| {
        (Dense::new(w.clone(), b.clone()).forward(x) * &g).sum()
    };
    // ReLU inputs pushed at least 0.1 away from 0.
    let r = random((6, 4), &mut rng).mapv(|v| if v >= 0.0 { v + 0.1 } else { v - 0.1 });
    let mut relu = Relu::default();
    relu.forward(&r);
    let logits = random((6, 3), &mut rng) * 3.0;
    let labels = [0, 2, 1, 1, 0, 2];
    let mut ce = SoftmaxCrossEntropy::default();
    ce.forward(&logits, &labels);
    vec![
        (
            "Dense",
            "∂L/∂X = G·Wᵀ",
            check_vjp(
                |x| Dense::new(w.clone(), b.clone()).forward(x),
                &x,
                &g,
                &grad_x,
            ),
        ),
        (
            "Dense",
            "∂L/∂W = Xᵀ·G",
            check_gradient(|w| out(w, &b, &x), &w, &dense.grad_w),
        ),
        (
            "Dense",
            "∂L/∂b = Σ G",
            check_gradient(|b| out(&w, b, &x), &b, dense.grad_b.as_ref().expect("bias")),
        ),
        (
            "ReLU",
            "∂L/∂X = ReLU′(X)·G",
            check_vjp(|x| x.mapv(|v| v.max(0.0)), &r, &g, &relu.backward(&g)),
        ),
        (
            "softmax + cross-entropy",
            "∂L/∂Z = (P − Y)/n",
            check_gradient(
                |z| SoftmaxCrossEntropy::default().forward(z, &labels),
                &logits,
                &ce.backward(),
            ),
        ),
    ]
}

fn solves_xor(net: &Mlp) -> bool {
    let p = net.probabilities(&xor_inputs());
    XOR_LABELS.iter().enumerate().all(|(i, &y)| p[[i, y]] > 0.5)
}

// ANCHOR: run
/// Runs every experiment of the chapter.
pub fn run(config: &Config) -> Result<Report> {
    config.validate()?;
    let x = xor_inputs();

    // 2. The learner's network: 2 → hidden → ReLU → 2 → softmax, full-batch gradient descent.
    let start = Mlp::new(2, config.hidden, 2, &mut seeded(config.seed));
    let mut net = start.clone();
    let history = train_batch(&mut net, &x, &XOR_LABELS, config.lr, config.epochs);
    let solved_seeds = (config.seed..config.seed + SEEDS)
        .filter(|&seed| {
            let mut n = Mlp::new(2, config.hidden, 2, &mut seeded(seed));
            train_batch(&mut n, &x, &XOR_LABELS, config.lr, config.epochs);
            solves_xor(&n)
        })
        .count();

    // 3. The numpy program, with its mask (ReLU′(0) = 1), on this seed and on 20 seeds.
    let numpy = run_numpy_program(config.seed, 1.0);
    let numpy_final_losses = (config.seed..config.seed + SEEDS)
        .map(|seed| *run_numpy_program(seed, 1.0).losses.last().expect("losses"))
        .collect();

    // 4. Backpropagation by hand, with the hidden unit on and off.
    let on = Params {
        w1: 0.5,
        b1: -0.25,
        w2: 0.8,
        b2: 0.1,
    };
    let off = Params {
        w1: -0.5,
        b1: 0.25,
        ..on
    };
    let traces = [trace(2.0, 1.0, on, 0.5), trace(2.0, 1.0, off, 0.5)];
    let revived = trace(-2.0, 1.0, off, 0.5);

    // 5-7. ReLU′(0) = 0 in the numpy program; the bias trick; online against batch.
    let numpy_at_zero_0 = run_numpy_program(config.seed, 0.0);
    let augmented_history =
        train_batch_augmented(&start, &x, &XOR_LABELS, config.lr, config.epochs);
    let mut online = start.clone();
    let online_history = train_online(&mut online, &x, &XOR_LABELS, config.lr, config.epochs);

    Ok(Report {
        config: config.clone(),
        checks: check_blocks(config.seed),
        net,
        history,
        solved_seeds,
        numpy,
        numpy_final_losses,
        traces,
        revived,
        numpy_at_zero_0,
        augmented_history,
        online_history,
    })
}
// ANCHOR_END: run

/// The first epoch at which a loss history falls below `level`.
fn first_below(history: &[f64], level: f64) -> Option<usize> {
    history.iter().position(|&l| l < level)
}

/// Updates made until the loss fell below 0.1, for `per_epoch` updates per epoch.
fn updates(history: &[f64], per_epoch: usize) -> String {
    first_below(history, 0.1).map_or("never".to_string(), |e| (e * per_epoch).to_string())
}

fn largest_difference(a: &[f64], b: &[f64]) -> f64 {
    a.iter()
        .zip(b)
        .map(|(x, y)| (x - y).abs())
        .fold(0.0, f64::max)
}

impl Report {
    /// The report's sections: a short name (the snapshot's) and the text.
    pub fn sections(&self) -> Vec<(&'static str, String)> {
        vec![
            ("blocks", self.blocks()),
            ("learner", self.learner()),
            ("numpy", self.numpy_section()),
            ("trace", self.trace_section()),
            ("kink", self.kink()),
            ("bias", self.bias()),
            ("online", self.online()),
        ]
    }

    fn blocks(&self) -> String {
        let mut t = Table::new(["block", "backward", "gradient check (< 1e-6)"]);
        for (block, what, check) in &self.checks {
            t.row([*block, *what, verdict(check.passed())]);
        }
        format!("1. The building blocks, checked against central differences\n{t}")
    }

    fn learner(&self) -> String {
        let c = &self.config;
        let mut losses = Table::new(["epoch", "loss"]);
        for epoch in [0, 1, 10, 50, 100, 200, 300, 400, 500]
            .into_iter()
            .filter(|&e| e <= c.epochs)
        {
            losses.row([epoch.to_string(), fixed(self.history[epoch], 6)]);
        }
        let x = xor_inputs();
        let p = self.net.probabilities(&x);
        let mut net = self.net.clone();
        net.forward(&x);
        let active = net.activation.active();
        let mut preds = Table::new([
            "x₁",
            "x₂",
            "label",
            "P(class 1)",
            "predicted",
            "active hidden units",
        ]);
        for (i, &y) in XOR_LABELS.iter().enumerate() {
            let on: Vec<String> = (0..c.hidden)
                .filter(|&j| active[[i, j]])
                .map(|j| j.to_string())
                .collect();
            preds.row([
                fixed(x[[i, 0]], 0),
                fixed(x[[i, 1]], 0),
                y.to_string(),
                fixed(p[[i, 1]], 4),
                usize::from(p[[i, 1]] > 0.5).to_string(),
                if on.is_empty() {
                    "none".to_string()
                } else {
                    on.join(" ")
                },
            ]);
        }
        let dead = (0..c.hidden)
            .filter(|&j| (0..4).all(|i| !active[[i, j]]))
            .count();
        format!(
            "2. The learner's network on XOR\n\
             2 inputs → {h} hidden (ReLU) → 2 outputs → softmax; He initialisation (seed {seed}), full batch,\n\
             lr {lr}, {epochs} epochs, mean cross-entropy:\n\n{losses}\n{preds}\n\
             Hidden units off for all four inputs (no gradient reaches their weights): {dead} of {h}.\n\
             Solved XOR (all four right) with seeds {s0}…{s1}: {solved} of {n}.\n",
            h = c.hidden,
            seed = c.seed,
            lr = c.lr,
            epochs = c.epochs,
            s0 = c.seed,
            s1 = c.seed + SEEDS - 1,
            solved = self.solved_seeds,
            n = SEEDS,
        )
    }

    fn numpy_section(&self) -> String {
        let mut t = Table::new(["step", "loss"]);
        for step in (0..=STEPS).step_by(20) {
            t.row([step.to_string(), sig(self.numpy.losses[step], 5)]);
        }
        let mut p = Table::new(["x₁", "x₂", "target", "y_pred"]);
        let x = xor_inputs();
        for i in 0..4 {
            let target = XOR_LABELS[i];
            p.row([
                fixed(x[[i, 0]], 0),
                fixed(x[[i, 1]], 0),
                target.to_string(),
                fixed(self.numpy.predictions[[i, 0]], 4),
            ]);
        }
        let good = self
            .numpy_final_losses
            .iter()
            .filter(|&&l| l < NUMPY_SUCCESS)
            .count();
        let mut sorted = self.numpy_final_losses.clone();
        sorted.sort_by(f64::total_cmp);
        format!(
            "3. The numpy program, reproduced\n\
             D_in 2, H {HIDDEN}, D_out 1, no biases, N(0, 1) weights (seed {seed}), summed squared error,\n\
             lr {LEARNING_RATE}, {STEPS} steps, ReLU mask grad_h[h < 0] = 0:\n\n{t}\n{p}\n\
             Over seeds {s0}…{s1}: final loss < {NUMPY_SUCCESS} on {good} of {n}; median final loss {median},\n\
             worst {worst}.\n",
            seed = self.config.seed,
            s0 = self.config.seed,
            s1 = self.config.seed + SEEDS - 1,
            n = SEEDS,
            median = sig((sorted[9] + sorted[10]) / 2.0, 3),
            worst = sig(sorted[sorted.len() - 1], 3),
        )
    }

    fn trace_section(&self) -> String {
        let mut out = String::from("4. Backpropagation, step by step\nx → z₁ = w₁x + b₁ → a₁ = ReLU(z₁) → z₂ = w₂a₁ + b₂ → h = σ(z₂) → E = ½(h − y)²\n");
        for (title, t) in [
            ("the hidden unit is on (z₁ > 0)", &self.traces[0]),
            ("the hidden unit is off (z₁ ≤ 0)", &self.traces[1]),
        ] {
            out.push_str(&format!(
                "\nCase: {title}. x = {}, y = {}, w₁ = {}, b₁ = {}, w₂ = {}, b₂ = {}, η = {}\n",
                t.x, t.y, t.params.w1, t.params.b1, t.params.w2, t.params.b2, t.lr
            ));
            out.push_str(&t.table().to_string());
        }
        let r = &self.revived;
        out.push_str(&format!(
            "\nWith the unit off, ∂E/∂w₁ and ∂E/∂b₁ are exactly 0: this sample does not move the first\n\
             layer. The next sample may: x = {} gives z₁ = {} > 0 and ∂E/∂w₁ = {}.\n",
            r.x,
            fixed(r.z1, 4),
            fixed(r.de_dw1, 6)
        ));
        out
    }

    fn kink(&self) -> String {
        let mut net = Mlp::new(2, self.config.hidden, 2, &mut seeded(self.config.seed));
        net.forward(&xor_inputs());
        let identical = self
            .numpy
            .losses
            .iter()
            .zip(&self.numpy_at_zero_0.losses)
            .all(|(a, b)| a.to_bits() == b.to_bits());
        format!(
            "5. ReLU's derivative at 0\n\
             This book uses ReLU′(0) = 0; any value in [0, 1] is a valid subgradient. The numpy mask\n\
             grad_h[h < 0] = 0 uses 1. On XOR without biases, input (0, 0) gives h = 0 exactly for all\n\
             {HIDDEN} hidden units: the kink. The numpy program run with ReLU′(0) = 0 instead of 1, seed {seed}:\n\
             every loss of the {steps} steps identical, bit for bit: {same}.\n\
             (The weight gradient is xᵀ·grad_h, and that sample's row of x is (0, 0).)\n",
            seed = self.config.seed,
            steps = STEPS,
            same = if identical { "yes" } else { "no" },
        )
    }

    fn bias(&self) -> String {
        let d = largest_difference(&self.history, &self.augmented_history);
        format!(
            "6. The bias trick, again\n\
             The same network trained with [x, 1]·[W; b] in both layers (chapter 1's augment) instead\n\
             of x·W + b: largest difference between the two loss histories over {e} epochs: {d}.\n",
            e = self.config.epochs,
            d = if d == 0.0 { "0 (identical)".to_string() } else if d < 1e-12 { "below 1e-12".to_string() } else { sig(d, 3) },
        )
    }

    fn online(&self) -> String {
        let mut t = Table::new(["epoch", "batch loss", "online loss"]);
        for epoch in [0, 1, 10, 50, 100, 200, 500]
            .into_iter()
            .filter(|&e| e <= self.config.epochs)
        {
            t.row([
                epoch.to_string(),
                fixed(self.history[epoch], 6),
                fixed(self.online_history[epoch], 6),
            ]);
        }
        let reach =
            |h: &[f64]| first_below(h, 0.1).map_or("never".to_string(), |e| format!("epoch {e}"));
        format!(
            "7. Online against batch\n\
             From the same initial weights, lr {lr}: one update per epoch on all four samples (batch),\n\
             or four updates per epoch, one per sample (online):\n\n{t}\n\
             Loss below 0.1: batch at {b}, online at {o}.\n\
             Counted in updates (4 per online epoch): batch {bu}, online {ou}.\n",
            lr = self.config.lr,
            b = reach(&self.history),
            o = reach(&self.online_history),
            bu = updates(&self.history, 1),
            ou = updates(&self.online_history, XOR_LABELS.len()),
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
        let x = xor_inputs();
        let points: Vec<(f64, f64, usize)> = (0..4)
            .map(|i| (x[[i, 0]], x[[i, 1]], XOR_LABELS[i]))
            .collect();
        let net = self.net.clone();
        let regions = DecisionRegions::new(
            "The learner's network: P(class 1) over the input square",
            (-0.5, 1.5),
            (-0.5, 1.5),
        )
        .points(points, &["0 (same)", "1 (different)"])
        .render(|x1, x2| net.probabilities(&array![[x1, x2]])[[0, 1]])?;
        // Each hidden unit's activation over the same square, row 0 at the top (x₂ = 1.5).
        let n = 32;
        let step = 2.0 / n as f64;
        let mut grid = HeatmapGrid::new(
            "Where each hidden unit is active: ReLU(w·x + b) over [−0.5, 1.5]²",
            4,
        );
        for j in 0..self.config.hidden.min(16) {
            let w = self.net.hidden.w.column(j);
            let b = self.net.hidden.b.as_ref().map_or(0.0, |b| b[j]);
            let field = Array2::from_shape_fn((n, n), |(r, c)| {
                let (x1, x2) = (
                    -0.5 + (c as f64 + 0.5) * step,
                    1.5 - (r as f64 + 0.5) * step,
                );
                (w[0] * x1 + w[1] * x2 + b).max(0.0)
            });
            grid = grid.panel(format!("unit {j}"), field);
        }
        let loss = LineChart::new("The learner's network on XOR: online against batch")
            .x_label("epoch")
            .y_label("mean cross-entropy")
            .log_y()
            .series(Series::history("batch (1 update per epoch)", &self.history))
            .series(Series::history(
                "online (4 updates per epoch)",
                &self.online_history,
            ))
            .render()?;
        let numpy = LineChart::new(format!(
            "The numpy program on XOR (seed {})",
            self.config.seed
        ))
        .x_label("step")
        .y_label("summed squared error")
        .log_y()
        .series(Series::history("loss", &self.numpy.losses))
        .render()?;
        Ok(vec![
            ("decision", regions),
            ("hidden-units", grid.render()?),
            ("loss", loss),
            ("numpy-loss", numpy),
        ])
    }
}
// ANCHOR_END: figures

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_settings_are_errors() {
        let e = run(&Config {
            hidden: 0,
            ..Config::default()
        })
        .unwrap_err();
        assert!(e.to_string().starts_with("invalid setting --hidden"), "{e}");
    }
}
