//! Chapter 4's experiments: dead units counted, ReLU against leaky ReLU, over many seeds.
//!
//! One function per section of the report, each returning a named struct of results;
//! `report.rs` prints them and `figures.rs` draws them, computing nothing.

use ch03_relu_xor::accuracy;
use ch03_relu_xor::mlp::Mlp;
use ch03_relu_xor::{xor_inputs, XOR_LABELS};
use clap::Parser;
use ndarray::{array, Array1, Array2};
use nn_core::cli::{rate, seed, within};
use nn_core::grid::grid;
use nn_core::report::Progress;
use nn_core::rng::seeded;
pub use nn_core::table::Spread;
use nn_core::Result;

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
    /// First seed; every experiment runs `--seeds` seeds from here (0 to
    /// 9223372036854775807).
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Seeds per experiment (1 to 1000).
    #[arg(long, default_value_t = 20)]
    pub seeds: u64,
    /// Hidden units of the network on the moons (1 to 1000).
    #[arg(long, default_value_t = 32)]
    pub hidden: usize,
    /// Full-batch epochs on the moons (1 to 10000).
    #[arg(long, default_value_t = 200)]
    pub epochs: usize,
    /// The ordinary learning rate (above 0, at most 100).
    #[arg(long, default_value_t = 0.5)]
    pub lr: f64,
    /// The large learning rate that kills units (above 0, at most 100).
    #[arg(long, default_value_t = 6.0)]
    pub large_lr: f64,
    /// The negative initial bias that kills units (-100.0 to 100.0).
    #[arg(long, default_value_t = -2.0, allow_hyphen_values = true)]
    pub bias_init: f64,
    /// Print progress on stderr during a long run (the program does, unless --quiet).
    #[arg(skip)]
    pub progress: bool,
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
/// The standard deviation of the noise added to the moons.
pub const NOISE: f64 = 0.15;
/// Experiment 1's learning rate.
pub const BOTTLENECK_LR: f64 = 0.5;
/// Experiment 1's full-batch epochs.
pub const BOTTLENECK_EPOCHS: usize = 500;
/// The x range of the decision-region figures.
pub const REGION_X: (f64, f64) = (-1.5, 2.5);
/// The y range of the decision-region figures.
pub const REGION_Y: (f64, f64) = (-1.0, 1.5);
/// Cells per axis of the decision-region figures.
pub const REGION_RESOLUTION: usize = 80;

impl Config {
    fn validate(&self) -> Result<()> {
        seed(self.seed)?;
        within("seeds", self.seeds, 1..=1000)?;
        within("hidden", self.hidden, 1..=1000)?;
        within("epochs", self.epochs, 1..=10_000)?;
        rate("lr", self.lr, 100.0)?;
        rate("large-lr", self.large_lr, 100.0)?;
        within("bias-init", self.bias_init, -100.0..=100.0)
    }

    /// The seeds every experiment runs, in order.
    pub fn seed_list(&self) -> Vec<u64> {
        (self.seed..self.seed + self.seeds).collect()
    }
}

/// Everything the chapter measures, one field per section of the report.
#[derive(Clone, Debug)]
pub struct Report {
    pub config: Config,
    /// Section 1: the leaky ReLU and its derivative at a few inputs.
    pub leaky: Leaky,
    /// Section 2 (experiment 1): one hidden unit on XOR.
    pub bottleneck: Bottleneck,
    /// Section 3 (experiment 2): 32 hidden units on two moons, three conditions.
    pub moons: Moons,
}

// ANCHOR: run
/// Runs both experiments.
pub fn run(config: &Config) -> Result<Report> {
    config.validate()?;
    Ok(Report {
        config: config.clone(),
        leaky: leaky(),
        bottleneck: bottleneck(config),
        moons: moons(config),
    })
}
// ANCHOR_END: run

// --- Section 1: the leaky ReLU at a few inputs -------------------------------------------

/// The leaky ReLU and its derivative at a few inputs, for each of [`SLOPES`].
#[derive(Clone, Debug, PartialEq)]
pub struct Leaky {
    pub rows: Vec<LeakyRow>,
}

/// One input and the activations' values there.
#[derive(Clone, Debug, PartialEq)]
pub struct LeakyRow {
    pub x: f64,
    /// f(x) for each slope of [`SLOPES`], in that order.
    pub value: [f64; 3],
    /// f′(x) for each slope of [`SLOPES`], in that order.
    pub derivative: [f64; 3],
}

/// Section 1: f and f′ at −3, −1, −0, 0, 0.5 and 2 (both zeros: the sign must not leak).
pub fn leaky() -> Leaky {
    let rows = [-3.0, -1.0, -0.0, 0.0, 0.5, 2.0]
        .into_iter()
        .map(|x| LeakyRow {
            x,
            value: SLOPES.map(|s| leaky_relu(x, s)),
            derivative: SLOPES.map(|s| leaky_relu_prime(x, s)),
        })
        .collect();
    Leaky { rows }
}

// --- Section 2: experiment 1, a single hidden unit on XOR --------------------------------

/// Experiment 1: input → 1 hidden unit → 2 outputs → softmax, on XOR, for each slope.
#[derive(Clone, Debug, PartialEq)]
pub struct Bottleneck {
    pub lr: f64,
    pub epochs: usize,
    /// The first and the last seed.
    pub first_seed: u64,
    pub last_seed: u64,
    /// One per slope of [`SLOPES`], in that order.
    pub variants: Vec<BottleneckVariant>,
}

/// Experiment 1 for one activation: every seed's run and their tally.
#[derive(Clone, Debug, PartialEq)]
pub struct BottleneckVariant {
    /// The leaky slope α (0 is ReLU).
    pub slope: f64,
    /// One per seed, in seed order.
    pub runs: Vec<BottleneckRun>,
    /// How many runs end with the unit dead.
    pub dead_at_end: usize,
    /// How many runs have the unit dead at some epoch.
    pub dead_at_some_epoch: usize,
    /// How many runs classify all four inputs right.
    pub solved: usize,
    /// The best accuracy over the runs.
    pub best_accuracy: f64,
    /// The lowest and highest accuracy of the runs that end with the unit dead (None if none do).
    pub accuracy_when_dead: Option<(f64, f64)>,
}

/// One seed's run of experiment 1.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BottleneckRun {
    /// The hidden unit is dead after the last epoch.
    pub dead_at_end: bool,
    /// The hidden unit was dead at some epoch (perhaps revived later).
    pub dead_at_some_epoch: bool,
    /// The fraction of the four XOR inputs classified right.
    pub accuracy: f64,
}

/// Section 2: one hidden unit, every seed, every slope.
pub fn bottleneck(config: &Config) -> Bottleneck {
    let seeds = config.seed_list();
    let progress = Progress::new(
        config.progress,
        "section 2, trainings of one hidden unit",
        SLOPES.len() * seeds.len(),
    );
    // Every (slope, seed) is an independent run: spread them over the cores.
    let rows = grid(&SLOPES, &seeds, |&slope, seed| {
        let mut net = Mlp::with_activation(2, 1, 2, LeakyRelu::new(slope), &mut seeded(seed));
        let watch = train_watching(
            &mut net,
            &xor_inputs(),
            &XOR_LABELS,
            BOTTLENECK_LR,
            BOTTLENECK_EPOCHS,
        );
        progress.tick();
        BottleneckRun {
            dead_at_end: *watch.dead.last().expect("epochs") == 1,
            dead_at_some_epoch: watch.dead.contains(&1),
            accuracy: accuracy(&net.probabilities(&xor_inputs()), &XOR_LABELS),
        }
    });
    let variants = SLOPES
        .iter()
        .zip(rows)
        .map(|(&slope, runs)| {
            let count = |f: fn(&BottleneckRun) -> bool| runs.iter().filter(|r| f(r)).count();
            BottleneckVariant {
                slope,
                dead_at_end: count(|r| r.dead_at_end),
                dead_at_some_epoch: count(|r| r.dead_at_some_epoch),
                solved: count(|r| r.accuracy == 1.0),
                best_accuracy: runs.iter().map(|r| r.accuracy).fold(0.0, f64::max),
                accuracy_when_dead: runs.iter().filter(|r| r.dead_at_end).fold(None, |acc, r| {
                    let (lo, hi) = acc.unwrap_or((r.accuracy, r.accuracy));
                    Some((lo.min(r.accuracy), hi.max(r.accuracy)))
                }),
                runs,
            }
        })
        .collect();
    Bottleneck {
        lr: BOTTLENECK_LR,
        epochs: BOTTLENECK_EPOCHS,
        first_seed: config.seed,
        last_seed: config.seed + config.seeds - 1,
        variants,
    }
}

// --- Section 3: experiment 2, a wider network on two moons -------------------------------

/// A condition of experiment 2: a learning rate and an initial bias.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Condition {
    pub name: &'static str,
    pub lr: f64,
    pub bias_init: f64,
}

/// The condition whose first-seed networks the decision-region figures show.
pub const LARGE_LR: &str = "large learning rate";

/// Experiment 2: a 2 → hidden → 2 network on two moons, per condition and slope.
#[derive(Clone, Debug, PartialEq)]
pub struct Moons {
    pub hidden: usize,
    pub epochs: usize,
    pub first_seed: u64,
    pub seeds: u64,
    /// Points per moon, in the training set and in the test set.
    pub per_class: usize,
    pub noise: f64,
    /// The training points (the decision-region figures draw them).
    pub points: Vec<Point>,
    pub conditions: Vec<Condition>,
    /// One per (condition, slope), conditions in order, slopes in [`SLOPES`] order.
    pub variants: Vec<MoonsVariant>,
    /// The first seed's network under the large learning rate, one per slope.
    pub decisions: Vec<Decision>,
}

/// A labelled point of the two moons.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Point {
    pub x1: f64,
    pub x2: f64,
    /// The moon: 0 or 1.
    pub class: usize,
}

/// Experiment 2 for one condition and one activation, over the seeds.
#[derive(Clone, Debug, PartialEq)]
pub struct MoonsVariant {
    pub condition: Condition,
    /// The leaky slope α (0 is ReLU).
    pub slope: f64,
    /// One per seed, in seed order.
    pub runs: Vec<MoonsRun>,
    /// The fraction of hidden units dead before training, over the seeds.
    pub dead_at_start: Spread,
    /// The fraction of hidden units dead after the last epoch, over the seeds.
    pub dead_at_end: Spread,
    /// Revivals summed over the seeds.
    pub revivals: usize,
    /// Accuracy on the test set, over the seeds.
    pub test_accuracy: Spread,
    /// Epoch by epoch: the median over the seeds of the fraction of hidden units dead.
    pub median_dead_fraction: Vec<f64>,
}

/// One training run on the moons.
#[derive(Clone, Debug, PartialEq)]
pub struct MoonsRun {
    pub watch: Watch,
    pub test_accuracy: f64,
}

/// A trained network's P(moon 1) over the figure's square, and its dead units.
#[derive(Clone, Debug, PartialEq)]
pub struct Decision {
    pub slope: f64,
    pub lr: f64,
    /// Hidden units dead on the training points.
    pub dead_units: usize,
    pub hidden: usize,
    pub regions: Regions,
}

/// P(class 1) at the centre of each cell of an n × n grid over a square, as
/// `nn_core::plot::DecisionRegions` samples it: cell (i, j) is centred at
/// x = x₀ + (i + ½)·dx, y = y₀ + j·dy + dy/2.
#[derive(Clone, Debug, PartialEq)]
pub struct Regions {
    pub x_range: (f64, f64),
    pub y_range: (f64, f64),
    /// Cells per axis.
    pub resolution: usize,
    /// (row j along y, column i along x).
    pub probability: Array2<f64>,
}

impl Regions {
    /// Samples `probability` at the centre of every cell.
    fn sample(
        x_range: (f64, f64),
        y_range: (f64, f64),
        resolution: usize,
        probability: impl Fn(f64, f64) -> f64,
    ) -> Regions {
        let n = resolution;
        let ((x0, x1), (y0, y1)) = (x_range, y_range);
        let (dx, dy) = ((x1 - x0) / n as f64, (y1 - y0) / n as f64);
        let probability = Array2::from_shape_fn((n, n), |(j, i)| {
            let y = y0 + j as f64 * dy;
            probability(x0 + (i as f64 + 0.5) * dx, y + dy / 2.0)
        });
        Regions {
            x_range,
            y_range,
            resolution,
            probability,
        }
    }

    /// The stored probability of the cell whose centre is nearest to (x, y).
    pub fn at(&self, x: f64, y: f64) -> f64 {
        let n = self.resolution;
        let ((x0, x1), (y0, y1)) = (self.x_range, self.y_range);
        let cell = |v: f64, v0: f64, v1: f64| {
            let t = ((v - v0) / (v1 - v0) * n as f64 - 0.5).round();
            (t.max(0.0) as usize).min(n - 1)
        };
        self.probability[[cell(y, y0, y1), cell(x, x0, x1)]]
    }
}

/// Section 3: every (condition, slope, seed) trained on the moons.
pub fn moons(config: &Config) -> Moons {
    let seeds = config.seed_list();
    let (x, labels) = two_moons(PER_CLASS, NOISE, 0);
    let (x_test, labels_test) = two_moons(PER_CLASS, NOISE, 1);
    let conditions = vec![
        Condition {
            name: "ordinary",
            lr: config.lr,
            bias_init: 0.0,
        },
        Condition {
            name: LARGE_LR,
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
    let plan: Vec<(Condition, f64)> = conditions
        .iter()
        .flat_map(|&condition| SLOPES.map(|slope| (condition, slope)))
        .collect();
    let progress = Progress::new(
        config.progress,
        "section 3, trainings on the moons",
        plan.len() * seeds.len(),
    );
    let trained = grid(&plan, &seeds, |&(condition, slope), seed| {
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
        progress.tick();
        let run = MoonsRun {
            watch,
            test_accuracy,
        };
        (run, net)
    });

    let hidden = config.hidden as f64;
    let mut variants = Vec::new();
    let mut decisions = Vec::new();
    for (&(condition, slope), row) in plan.iter().zip(trained) {
        let first_net = row[0].1.clone(); // the first seed's
        let runs: Vec<MoonsRun> = row.into_iter().map(|(run, _)| run).collect();
        let start: Vec<f64> = runs
            .iter()
            .map(|r| r.watch.dead[0] as f64 / hidden)
            .collect();
        let end: Vec<f64> = runs
            .iter()
            .map(|r| *r.watch.dead.last().expect("epochs") as f64 / hidden)
            .collect();
        let acc: Vec<f64> = runs.iter().map(|r| r.test_accuracy).collect();
        let median_dead_fraction = (0..runs[0].watch.dead.len())
            .map(|e| {
                let dead: Vec<f64> = runs.iter().map(|r| r.watch.dead[e] as f64).collect();
                Spread::of(&dead).median / hidden
            })
            .collect();
        if condition.name == LARGE_LR {
            let net = &first_net;
            decisions.push(Decision {
                slope,
                lr: condition.lr,
                dead_units: dead_units(&pre_activations(net, &x))
                    .iter()
                    .filter(|&&d| d)
                    .count(),
                hidden: config.hidden,
                regions: Regions::sample(REGION_X, REGION_Y, REGION_RESOLUTION, |a, b| {
                    net.probabilities(&array![[a, b]])[[0, 1]]
                }),
            });
        }
        variants.push(MoonsVariant {
            condition,
            slope,
            dead_at_start: Spread::of(&start),
            dead_at_end: Spread::of(&end),
            revivals: runs.iter().map(|r| r.watch.revived).sum(),
            test_accuracy: Spread::of(&acc),
            median_dead_fraction,
            runs,
        });
    }
    Moons {
        hidden: config.hidden,
        epochs: config.epochs,
        first_seed: config.seed,
        seeds: config.seeds,
        per_class: PER_CLASS,
        noise: NOISE,
        points: (0..labels.len())
            .map(|i| Point {
                x1: x[[i, 0]],
                x2: x[[i, 1]],
                class: labels[i],
            })
            .collect(),
        conditions,
        variants,
        decisions,
    }
}

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

    #[test]
    fn regions_give_back_each_cell_at_its_centre() {
        let r = Regions::sample((-1.5, 2.5), (-1.0, 1.5), 7, |x, y| 10.0 * x + y);
        let (dx, dy) = (4.0 / 7.0, 2.5 / 7.0);
        for j in 0..7 {
            for i in 0..7 {
                let (x, y) = (
                    -1.5 + (i as f64 + 0.5) * dx,
                    -1.0 + j as f64 * dy + dy / 2.0,
                );
                assert_eq!(r.at(x, y), r.probability[[j, i]]);
                assert!((r.at(x, y) - (10.0 * x + y)).abs() < 1e-12);
            }
        }
    }
}
