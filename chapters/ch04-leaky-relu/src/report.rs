//! Chapter 4's experiments: dead units counted, ReLU against leaky ReLU, over many seeds.

use std::fmt;

use ch03_relu_xor::mlp::Mlp;
use ch03_relu_xor::{xor_inputs, XOR_LABELS};
use clap::Parser;
use ndarray::{array, Array1, Array2};
use nn_core::cli::positive;
use nn_core::par::map_in_order;
use nn_core::plot::{function_and_derivative, DecisionRegions, LineChart, Series, Svg};
use nn_core::report::ChapterReport;
use nn_core::rng::seeded;
use nn_core::table::{fixed, spread, Table};
use nn_core::{Error, Result};

use crate::dead::{dead_units, pre_activations, train_watching, Watch};
use crate::leaky_relu::{leaky_relu, leaky_relu_prime, LeakyRelu};
use crate::moons::two_moons;

// ANCHOR: config
/// The chapter's settings; `Config::default()` is what `cargo run -p ch04-leaky-relu` uses.
#[derive(Clone, Debug, PartialEq, Parser)]
#[command(
    name = "ch04-leaky-relu",
    about = "Chapter 4: leaky ReLU and dead units, measured"
)]
pub struct Config {
    /// First seed; every experiment runs `--seeds` seeds from here.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Seeds per experiment.
    #[arg(long, default_value_t = 20)]
    pub seeds: u64,
    /// Hidden units of the network on the moons.
    #[arg(long, default_value_t = 32)]
    pub hidden: usize,
    /// Full-batch epochs on the moons.
    #[arg(long, default_value_t = 200)]
    pub epochs: usize,
    /// The ordinary learning rate.
    #[arg(long, default_value_t = 0.5)]
    pub lr: f64,
    /// The large learning rate that kills units.
    #[arg(long, default_value_t = 6.0)]
    pub large_lr: f64,
    /// The negative initial bias that kills units.
    #[arg(long, default_value_t = -2.0, allow_hyphen_values = true)]
    pub bias_init: f64,
}

impl Default for Config {
    fn default() -> Self {
        Config::parse_from(["ch04-leaky-relu"])
    }
}
// ANCHOR_END: config

/// The activations compared: ReLU and two leaky slopes.
pub const SLOPES: [f64; 3] = [0.0, 0.01, 0.1];
/// Points per moon in the training and the test set.
pub const PER_CLASS: usize = 100;
pub const NOISE: f64 = 0.15;

fn variant(slope: f64) -> String {
    if slope == 0.0 {
        "ReLU".into()
    } else {
        format!("leaky {slope}")
    }
}

impl Config {
    fn validate(&self) -> Result<()> {
        let bad = |flag, reason: String| Err(Error::Config { flag, reason });
        positive("lr", self.lr)?;
        positive("large-lr", self.large_lr)?;
        if !self.bias_init.is_finite() {
            return bad(
                "bias-init",
                format!("must be a number, not {}", self.bias_init),
            );
        }
        if self.seeds == 0 || self.hidden == 0 || self.epochs == 0 {
            return bad(
                "seeds",
                "seeds, hidden units and epochs must all be at least 1".into(),
            );
        }
        Ok(())
    }
}

/// One training run on the moons.
#[derive(Clone, Debug)]
pub struct MoonsRun {
    pub watch: Watch,
    pub test_accuracy: f64,
    pub net: Mlp<LeakyRelu>,
}

/// A condition of experiment 2: a learning rate and an initial bias.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Condition {
    pub name: &'static str,
    pub lr: f64,
    pub bias_init: f64,
}

/// The single-unit experiment's result for one slope: per seed, (unit dead at the end,
/// unit dead at some epoch, accuracy on the four inputs).
pub type Bottleneck = Vec<(bool, bool, f64)>;

/// The first line of the report.
pub const HEADING: &str = "Chapter 4: leaky ReLU and dead units, measured";

/// Everything the chapter measures.
#[derive(Clone, Debug)]
pub struct Report {
    pub config: Config,
    pub conditions: Vec<Condition>,
    /// Experiment 1, per slope.
    pub bottleneck: Vec<(f64, Bottleneck)>,
    /// Experiment 2, per condition and slope: the runs over the seeds.
    pub moons: Vec<(Condition, f64, Vec<MoonsRun>)>,
}

fn accuracy(p: &Array2<f64>, labels: &[usize]) -> f64 {
    let right = labels
        .iter()
        .enumerate()
        .filter(|&(i, &y)| p[[i, y]] > 0.5)
        .count();
    right as f64 / labels.len() as f64
}

// ANCHOR: run
/// Runs both experiments.
pub fn run(config: &Config) -> Result<Report> {
    config.validate()?;
    let seeds: Vec<u64> = (config.seed..config.seed + config.seeds).collect();

    // Experiment 1: input → one hidden unit → output → softmax, on XOR.
    let bottleneck = SLOPES
        .iter()
        .map(|&slope| {
            let outcomes = map_in_order(&seeds, |&seed| {
                let mut net =
                    Mlp::with_activation(2, 1, 2, LeakyRelu::new(slope), &mut seeded(seed));
                let watch = train_watching(&mut net, &xor_inputs(), &XOR_LABELS, 0.5, 500);
                let dead_now = *watch.dead.last().expect("epochs") == 1;
                let ever = watch.dead.contains(&1);
                (
                    dead_now,
                    ever,
                    accuracy(&net.probabilities(&xor_inputs()), &XOR_LABELS),
                )
            });
            (slope, outcomes)
        })
        .collect();

    // Experiment 2: a wider network on two moons, under three conditions.
    let (x, labels) = two_moons(PER_CLASS, NOISE, 0);
    let (x_test, labels_test) = two_moons(PER_CLASS, NOISE, 1);
    let conditions = vec![
        Condition {
            name: "ordinary",
            lr: config.lr,
            bias_init: 0.0,
        },
        Condition {
            name: "large learning rate",
            lr: config.large_lr,
            bias_init: 0.0,
        },
        Condition {
            name: "negative initial bias",
            lr: config.lr,
            bias_init: config.bias_init,
        },
    ];
    // Every (condition, slope, seed) is an independent run: spread them over the cores.
    let plan: Vec<(Condition, f64, u64)> = conditions
        .iter()
        .flat_map(|&condition| SLOPES.map(|slope| (condition, slope)))
        .flat_map(|(condition, slope)| seeds.iter().map(move |&seed| (condition, slope, seed)))
        .collect();
    let mut runs = map_in_order(&plan, |&(condition, slope, seed)| {
        let mut net = Mlp::with_activation(
            2,
            config.hidden,
            2,
            LeakyRelu::new(slope),
            &mut seeded(seed),
        );
        net.hidden.b = Some(Array1::from_elem(config.hidden, condition.bias_init));
        let watch = train_watching(&mut net, &x, &labels, condition.lr, config.epochs);
        let test_accuracy = accuracy(&net.probabilities(&x_test), &labels_test);
        MoonsRun {
            watch,
            test_accuracy,
            net,
        }
    })
    .into_iter();
    let moons = plan
        .chunks(seeds.len())
        .map(|same| {
            let (condition, slope, _) = same[0];
            (condition, slope, runs.by_ref().take(same.len()).collect())
        })
        .collect();
    Ok(Report {
        config: config.clone(),
        conditions,
        bottleneck,
        moons,
    })
}
// ANCHOR_END: run

impl Report {
    /// The report's sections: a short name (the snapshot's) and the text.
    pub fn sections(&self) -> Vec<(&'static str, String)> {
        vec![
            ("leaky", self.leaky()),
            ("bottleneck", self.bottleneck_section()),
            ("moons", self.moons_section()),
        ]
    }

    fn leaky(&self) -> String {
        let mut t = Table::new([
            "x",
            "ReLU",
            "leaky 0.01",
            "leaky 0.1",
            "ReLU′",
            "leaky′ 0.01",
            "leaky′ 0.1",
        ]);
        for x in [-3.0, -1.0, -0.0, 0.0, 0.5, 2.0] {
            let mut row = vec![format!("{x:?}")];
            row.extend(SLOPES.iter().map(|&s| format!("{:?}", leaky_relu(x, s))));
            row.extend(
                SLOPES
                    .iter()
                    .map(|&s| format!("{:?}", leaky_relu_prime(x, s))),
            );
            t.row(row);
        }
        format!(
            "1. Leaky ReLU\nf(x) = max(0, x) + α·min(0, x); f′(x) = 1 for x > 0, α otherwise.\n\n{t}\n\
             With α = 0 it is chapter 3's ReLU, bit for bit (forward and backward; tested).\n"
        )
    }

    fn bottleneck_section(&self) -> String {
        let mut t = Table::new([
            "activation",
            "unit dead at the end",
            "dead at some epoch",
            "solved XOR",
            "best accuracy",
        ]);
        for (slope, outcomes) in &self.bottleneck {
            let count =
                |f: &dyn Fn(&(bool, bool, f64)) -> bool| outcomes.iter().filter(|o| f(o)).count();
            let n = outcomes.len();
            let best = outcomes.iter().map(|o| o.2).fold(0.0, f64::max);
            t.row([
                variant(*slope),
                format!("{} of {n}", count(&|o| o.0)),
                format!("{} of {n}", count(&|o| o.1)),
                format!("{} of {n}", count(&|o| o.2 == 1.0)),
                fixed(best, 2),
            ]);
        }
        format!(
            "2. Experiment 1: a single hidden unit\n\
             XOR, input → 1 hidden unit → 2 outputs → softmax, lr 0.5, 500 epochs, seeds {s0}…{s1}:\n\n{t}\n\
             No run can solve XOR: the output is a function of one number, w·x + b, and XOR's classes\n\
             are not separated by any single direction. At most 3 of 4 inputs come out right.\n",
            s0 = self.config.seed,
            s1 = self.config.seed + self.config.seeds - 1,
        )
    }

    fn moons_section(&self) -> String {
        let c = &self.config;
        let mut t = Table::new([
            "condition",
            "activation",
            "dead at start",
            "dead at the end: median (min–max)",
            "revivals",
            "test accuracy: median (min–max)",
        ]);
        let pct = |v: f64| format!("{:.0}%", 100.0 * v);
        for (condition, slope, runs) in &self.moons {
            let h = c.hidden as f64;
            let start: Vec<f64> = runs.iter().map(|r| r.watch.dead[0] as f64 / h).collect();
            let end: Vec<f64> = runs
                .iter()
                .map(|r| *r.watch.dead.last().expect("epochs") as f64 / h)
                .collect();
            let acc: Vec<f64> = runs.iter().map(|r| r.test_accuracy).collect();
            let (s, e, a) = (spread(&start), spread(&end), spread(&acc));
            t.row([
                format!(
                    "{} (lr {}, b₀ {})",
                    condition.name, condition.lr, condition.bias_init
                ),
                variant(*slope),
                pct(s.0),
                format!("{} ({}–{})", pct(e.0), pct(e.1), pct(e.2)),
                runs.iter()
                    .map(|r| r.watch.revived)
                    .sum::<usize>()
                    .to_string(),
                format!("{} ({}–{})", fixed(a.0, 3), fixed(a.1, 3), fixed(a.2, 3)),
            ]);
        }
        format!(
            "3. Experiment 2: a wider network on two moons\n\
             2 → {h} hidden → 2, full batch, {e} epochs, {n} seeds from {s}; {p} points per moon,\n\
             noise {NOISE}; test set: a fresh {p} per moon. A unit is dead when its input is ≤ 0 on all\n\
             {m} training points; \"revivals\" counts units that were dead at one epoch and alive at the next.\n\n{t}",
            h = c.hidden,
            e = c.epochs,
            n = c.seeds,
            s = c.seed,
            p = PER_CLASS,
            m = 2 * PER_CLASS,
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
        let relu = |x: f64| leaky_relu(x, 0.0);
        let relu_prime = |x: f64| leaky_relu_prime(x, 0.0);
        let leaky = |x: f64| leaky_relu(x, 0.1);
        let leaky_prime = |x: f64| leaky_relu_prime(x, 0.1);
        let activations = function_and_derivative(
            "ReLU and leaky ReLU (α = 0.1), with their derivatives (dashed)",
            (-3.0, 3.0),
            &[
                ("ReLU", &relu, "ReLU′", &relu_prime),
                ("leaky ReLU", &leaky, "leaky′", &leaky_prime),
            ],
        )?;
        // The median fraction of dead units, epoch by epoch, one chart per killing condition.
        let mut dead_charts = Vec::new();
        for (name, file) in [
            ("large learning rate", "dead-units-large-lr"),
            ("negative initial bias", "dead-units-negative-bias"),
        ] {
            let mut chart = LineChart::new(format!("Dead units, {name} (median over seeds)"))
                .x_label("epoch")
                .y_label("fraction of hidden units dead")
                .y_range(0.0, 1.0);
            for (i, (_, slope, runs)) in self
                .moons
                .iter()
                .filter(|(c, _, _)| c.name == name)
                .enumerate()
            {
                let epochs = runs[0].watch.dead.len();
                let median: Vec<f64> = (0..epochs)
                    .map(|e| {
                        spread(
                            &runs
                                .iter()
                                .map(|r| r.watch.dead[e] as f64)
                                .collect::<Vec<_>>(),
                        )
                        .0 / self.config.hidden as f64
                    })
                    .collect();
                chart = chart.series(Series::history(variant(*slope), &median).color(i));
            }
            dead_charts.push((file, chart.render()?));
        }
        // Decision boundaries of the first seed's network under the large learning rate.
        let (x, labels) = two_moons(PER_CLASS, NOISE, 0);
        let points: Vec<(f64, f64, usize)> = (0..labels.len())
            .map(|i| (x[[i, 0]], x[[i, 1]], labels[i]))
            .collect();
        let mut boundaries = Vec::new();
        for (condition, slope, runs) in &self.moons {
            if condition.name != "large learning rate" {
                continue;
            }
            let net = runs[0].net.clone();
            let dead_count = dead_units(&pre_activations(&net, &x))
                .iter()
                .filter(|&&d| d)
                .count();
            let names = ["decision-relu", "decision-leaky-0.01", "decision-leaky-0.1"];
            let name = names[SLOPES
                .iter()
                .position(|s| s == slope)
                .expect("one of SLOPES")];
            let svg = DecisionRegions::new(
                format!(
                    "{}, lr {}: {dead_count} of {} units dead",
                    variant(*slope),
                    condition.lr,
                    self.config.hidden
                ),
                (-1.5, 2.5),
                (-1.0, 1.5),
            )
            .resolution(80)
            .points(points.clone(), &["moon 0", "moon 1"])
            .render(|a, b| net.probabilities(&array![[a, b]])[[0, 1]])?;
            boundaries.push((name, svg));
        }
        let mut figures = vec![("activations", activations)];
        figures.extend(dead_charts);
        figures.extend(boundaries);
        Ok(figures)
    }
}
// ANCHOR_END: figures

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_settings_are_errors() {
        let e = run(&Config {
            large_lr: 0.0,
            ..Config::default()
        })
        .unwrap_err();
        assert!(
            e.to_string().starts_with("invalid setting --large-lr"),
            "{e}"
        );
    }
}
