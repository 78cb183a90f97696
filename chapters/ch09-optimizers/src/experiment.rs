//! The chapter's experiments, one function per section of the report: the first steps of
//! every optimizer on a problem small enough to check by hand ([`first_steps`]), steps to a
//! tolerance on two surfaces over a sweep of learning rates ([`surfaces`]), momentum along a
//! valley's floor and across it ([`valley`]), Adam's bias correction ([`bias`]), and chapter
//! 5's digits network trained with each optimizer over a sweep of rates and seeds
//! ([`digits`]). Three cheap measurements on the surfaces back what the page says about them:
//! the bowl turned by 45° ([`rotated`]), where AdamW comes to rest ([`adamw_rest`]), and the
//! heavy ball against the condition number ([`condition`]).

use ch03_relu_xor::{evaluate, Mlp, Optimizer, Param, SoftmaxCrossEntropy, Trainer};
use ch05_softmax::bits::Squash;
use ch05_softmax::sgd::Shuffled;
use ch05_softmax::DigitsSplit;
use ch07_batch_norm::{train_bits, BitData, Setup, TrainingRun};
use clap::Parser;
use ndarray::array;
use nn_core::cli::{rate, within};
use nn_core::grid::grid;
use nn_core::report::Progress;
use nn_core::rng::seeded;
use nn_core::table::Spread;
use nn_core::Result;
use rayon::prelude::*;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::choice::{Kind, Settings};
use crate::schedule::Cosine;
use crate::surface::{descend, Path, Surface};
use crate::Adam;

// ANCHOR: config
/// The chapter's settings; `Config::default()` is what `cargo run -p ch09-optimizers` uses.
#[derive(Clone, Debug, PartialEq, Parser)]
#[command(
    name = "ch09-optimizers",
    about = "Chapter 9: optimizers — momentum, Nesterov, RMSProp, Adam and AdamW"
)]
pub struct Config {
    /// Condition number κ of the bowl ½·(x² + κ·y²) (1.0 to 10000.0).
    #[arg(long, default_value_t = 100.0)]
    pub condition: f64,
    /// A path has arrived when its loss is below this (above 0, at most 0.5).
    #[arg(long, default_value_t = 1e-6)]
    pub tolerance: f64,
    /// Most steps a path may take on a surface (1 to 100000).
    #[arg(long, default_value_t = 12000)]
    pub max_steps: usize,
    /// Momentum μ of momentum and Nesterov (0.0 to 0.99).
    #[arg(long, default_value_t = 0.9)]
    pub momentum: f64,
    /// β₁ of Adam and AdamW (0.0 to 0.999).
    #[arg(long, default_value_t = 0.9)]
    pub beta1: f64,
    /// β₂ of Adam and AdamW (0.0 to 0.99999).
    #[arg(long, default_value_t = 0.999)]
    pub beta2: f64,
    /// Decoupled weight decay λ of AdamW (0.0 to 1.0).
    #[arg(long, default_value_t = 0.01)]
    pub weight_decay: f64,
    /// Learning rate of the along/across comparison on the bowl; SGD is stable below 2/κ (above 0, at most 1).
    #[arg(long, default_value_t = 0.012)]
    pub bowl_lr: f64,
    /// Learning rate of the along/across comparison in Rosenbrock's valley (above 0, at most 1).
    #[arg(long, default_value_t = 0.001)]
    pub valley_lr: f64,
    /// Steps of the along/across comparison (1 to 100000).
    #[arg(long, default_value_t = 100)]
    pub valley_steps: usize,
    /// Learning rate of Adam in the bias-correction section (above 0, at most 1).
    #[arg(long, default_value_t = 0.1)]
    pub adam_lr: f64,
    /// Hidden units of the digits network (1 to 256).
    #[arg(long, default_value_t = 32)]
    pub hidden: usize,
    /// Epochs of the digits network in the sweep (1 to 20).
    #[arg(long, default_value_t = 2)]
    pub epochs: usize,
    /// Epochs of the loss curves, each optimizer at its best rate (1 to 100).
    #[arg(long, default_value_t = 10)]
    pub curve_epochs: usize,
    /// Samples per mini-batch of the digits network (1 to 1437).
    #[arg(long, default_value_t = 32)]
    pub batch_size: usize,
    /// Seeds of the digits sweep: split, initial weights, batch order (1 to 10).
    #[arg(long, default_value_t = 3)]
    pub seeds: u64,
    /// Also train chapter 7's network (512 units wide) with every optimizer at every rate of
    /// section 7: 84 trainings, about half a minute on two cores (the default run takes about
    /// a second).
    #[arg(long)]
    pub chapter7: bool,
    /// Training samples of chapter 7's network in section 7, chapter 7's default; the test set
    /// has half as many (4 to 5000).
    #[arg(long, default_value_t = 1024)]
    pub bits_samples: usize,
    /// Epochs of chapter 7's network in section 7, chapter 7's default (1 to 200).
    #[arg(long, default_value_t = 20)]
    pub bits_epochs: usize,
    /// Seeds of chapter 7's network in section 7: initial weights and batch order (1 to 10).
    #[arg(long, default_value_t = 2)]
    pub bits_seeds: u64,
    /// Print progress on stderr during a long run (the program does, unless --quiet).
    #[arg(skip)]
    pub progress: bool,
    /// A rate is good for the digits network when its median test loss is within this factor
    /// of the best median of all optimizers and rates (1.0 to 100.0).
    #[arg(long, default_value_t = 1.5)]
    pub good_ratio: f64,
}

impl Default for Config {
    fn default() -> Self {
        Config::parse_from(["ch09-optimizers"])
    }
}
// ANCHOR_END: config

impl Config {
    /// Refuses settings the experiments cannot run with, naming the flag. [`run`] calls it.
    pub fn validate(&self) -> Result<()> {
        within("condition", self.condition, 1.0..=1e4)?;
        rate("tolerance", self.tolerance, 0.5)?;
        within("max-steps", self.max_steps, 1..=100_000)?;
        within("momentum", self.momentum, 0.0..=0.99)?;
        within("beta1", self.beta1, 0.0..=0.999)?;
        within("beta2", self.beta2, 0.0..=0.99999)?;
        within("weight-decay", self.weight_decay, 0.0..=1.0)?;
        rate("bowl-lr", self.bowl_lr, 1.0)?;
        rate("valley-lr", self.valley_lr, 1.0)?;
        within("valley-steps", self.valley_steps, 1..=100_000)?;
        rate("adam-lr", self.adam_lr, 1.0)?;
        within("hidden", self.hidden, 1..=256)?;
        within("epochs", self.epochs, 1..=20)?;
        within("curve-epochs", self.curve_epochs, 1..=100)?;
        within("batch-size", self.batch_size, 1..=1437)?;
        within("seeds", self.seeds, 1..=10)?;
        within("bits-samples", self.bits_samples, 4..=5000)?;
        within("bits-epochs", self.bits_epochs, 1..=200)?;
        within("bits-seeds", self.bits_seeds, 1..=10)?;
        within("good-ratio", self.good_ratio, 1.0..=100.0)
    }

    /// The optimizers' settings other than the learning rate.
    pub fn settings(&self) -> Settings {
        Settings {
            momentum: self.momentum,
            beta1: self.beta1,
            beta2: self.beta2,
            weight_decay: self.weight_decay,
            ..Settings::default()
        }
    }

    /// The two surfaces.
    pub fn surfaces(&self) -> [Surface; 2] {
        [
            Surface::Bowl {
                condition: self.condition,
            },
            Surface::Rosenbrock,
        ]
    }
}

/// Everything the chapter measures, one field per section of the report.
#[derive(Clone, Debug)]
pub struct Report {
    pub config: Config,
    /// Section 1.
    pub first_steps: FirstSteps,
    /// Section 2.
    pub surfaces: Vec<Sweep>,
    /// Section 2b: the bowl turned by 45°.
    pub rotated: Rotated,
    /// Section 2c: where AdamW comes to rest in the valley.
    pub adamw_rest: AdamWRest,
    /// Section 3.
    pub valley: Vec<Valley>,
    /// Section 3b: the heavy ball against the condition number.
    pub condition: Condition,
    /// Section 4.
    pub bias: Bias,
    /// Section 5.
    pub digits: Digits,
    /// Section 6.
    pub schedule: Schedule,
    /// Section 7, with `--chapter7`.
    pub bits: Option<Bits>,
}

/// Runs every section with `config`.
pub fn run(config: &Config) -> Result<Report> {
    config.validate()?;
    let surfaces = surfaces(config);
    let digits = digits(config);
    Ok(Report {
        config: config.clone(),
        first_steps: first_steps(config),
        rotated: rotated(config, &surfaces[0]),
        adamw_rest: adamw_rest(config),
        surfaces,
        valley: valley(config),
        condition: condition(config),
        bias: bias(config),
        schedule: schedule(config, &digits),
        digits,
        bits: config.chapter7.then(|| bits(config)),
    })
}

// ---------------------------------------------------------------------------------------
// 1. The first steps, comparable with PyTorch and optax

/// Section 1: each optimizer's first steps on L(θ) = ½·θ² (gradient θ) from θ = 1.
#[derive(Clone, Debug)]
pub struct FirstSteps {
    pub lr: f64,
    /// One row per optimizer.
    pub rows: Vec<Steps>,
}

/// One optimizer's first steps: θ after steps 1, 2, 3.
#[derive(Clone, Debug)]
pub struct Steps {
    pub kind: Kind,
    pub thetas: Vec<f64>,
}

pub const FIRST_STEPS_LR: f64 = 0.01;

/// Section 1.
pub fn first_steps(config: &Config) -> FirstSteps {
    let rows = Kind::ALL
        .iter()
        .map(|&kind| {
            let mut optimizer = kind.build(&config.settings());
            let mut theta = array![1.0];
            let thetas = (0..3)
                .map(|_| {
                    let g = theta.clone(); // ∂(½θ²)/∂θ = θ
                    optimizer.update(FIRST_STEPS_LR, 0, Param::new("θ", &mut theta, &g));
                    theta[0]
                })
                .collect();
            Steps { kind, thetas }
        })
        .collect();
    FirstSteps {
        lr: FIRST_STEPS_LR,
        rows,
    }
}

// ---------------------------------------------------------------------------------------
// 2. Steps to a tolerance, over a sweep of learning rates

/// The learning rates swept: 10⁻⁴ to 1, four to a decade.
pub fn sweep_rates() -> Vec<f64> {
    (0..=16)
        .map(|k| 10f64.powf(-4.0 + k as f64 / 4.0))
        .collect()
}

/// One optimizer over the sweep on one surface.
#[derive(Clone, Debug)]
pub struct SweepRow {
    pub kind: Kind,
    /// Steps to the tolerance at each rate of [`Sweep::rates`]; `None`: not within the budget.
    pub steps: Vec<Option<usize>>,
    /// The rate with the fewest steps, and its path.
    pub best: Option<(f64, Path)>,
    /// The lowest loss any rate's path reached.
    pub lowest: f64,
}

impl SweepRow {
    /// How many rates of the sweep reach the tolerance: the width of the band of good rates,
    /// in quarter decades.
    pub fn band(&self) -> usize {
        self.steps.iter().filter(|s| s.is_some()).count()
    }
}

/// Section 2 on one surface.
#[derive(Clone, Debug)]
pub struct Sweep {
    pub surface: Surface,
    pub rates: Vec<f64>,
    pub rows: Vec<SweepRow>,
}

/// Section 2: every optimizer at every rate of the sweep, on both surfaces.
pub fn surfaces(config: &Config) -> Vec<Sweep> {
    config
        .surfaces()
        .iter()
        .map(|surface| sweep_surface(config, surface))
        .collect()
}

/// Every optimizer at every rate of the sweep on one surface.
pub fn sweep_surface(config: &Config, surface: &Surface) -> Sweep {
    let rates = sweep_rates();
    let settings = config.settings();
    let jobs: Vec<(Kind, f64)> = Kind::ALL
        .iter()
        .flat_map(|&k| rates.iter().map(move |&r| (k, r)))
        .collect();
    let paths: Vec<Path> = jobs
        .par_iter()
        .map(|&(kind, lr)| {
            let mut optimizer = kind.build(&settings);
            descend(
                surface,
                &mut optimizer,
                lr,
                config.max_steps,
                config.tolerance,
            )
        })
        .collect();
    let rows = Kind::ALL
        .iter()
        .zip(paths.chunks(rates.len()))
        .map(|(&kind, paths)| {
            let steps: Vec<Option<usize>> = paths.iter().map(|p| p.steps_to_tolerance).collect();
            let best = (0..rates.len())
                .filter_map(|i| steps[i].map(|s| (s, i)))
                .min()
                .map(|(_, i)| (rates[i], paths[i].clone()));
            let lowest = paths
                .iter()
                .flat_map(|p| p.losses.iter())
                .fold(f64::INFINITY, |m, &l| m.min(l));
            SweepRow {
                kind,
                steps,
                best,
                lowest,
            }
        })
        .collect();
    Sweep {
        surface: *surface,
        rates,
        rows,
    }
}

impl Sweep {
    /// One optimizer's row.
    pub fn row(&self, kind: Kind) -> &SweepRow {
        self.rows
            .iter()
            .find(|r| r.kind == kind)
            .expect("every optimizer has a row")
    }
}

impl SweepRow {
    /// The steps to the tolerance at the best rate, if any rate arrived.
    pub fn best_steps(&self) -> Option<usize> {
        self.best.as_ref().and_then(|(_, p)| p.steps_to_tolerance)
    }
}

// ---------------------------------------------------------------------------------------
// 2b. The bowl turned by 45°

/// Section 2b: section 2's sweep on the bowl, and on the same bowl turned by 45° (its start
/// turned with it).
#[derive(Clone, Debug)]
pub struct Rotated {
    pub aligned: Sweep,
    pub turned: Sweep,
}

/// Section 2b; `aligned` is section 2's sweep on the bowl.
pub fn rotated(config: &Config, aligned: &Sweep) -> Rotated {
    let turned = Surface::RotatedBowl {
        condition: config.condition,
    };
    Rotated {
        aligned: aligned.clone(),
        turned: sweep_surface(config, &turned),
    }
}

// ---------------------------------------------------------------------------------------
// 2c. Where AdamW comes to rest

/// The decays λ and rates η of section 2c.
pub const REST_DECAYS: [f64; 3] = [0.0, 0.01, 0.1];
pub const REST_RATES: [f64; 3] = [0.01, 0.03, 0.1];
/// Steps of section 2c, and how many of the last ones are averaged into the resting point.
pub const REST_STEPS: usize = 10_000;
pub const REST_LAST: usize = 1_000;

/// AdamW at one (λ, η) in Rosenbrock's valley after [`REST_STEPS`] steps.
#[derive(Clone, Debug)]
pub struct Rest {
    pub decay: f64,
    pub lr: f64,
    /// The mean point of the last [`REST_LAST`] steps.
    pub point: (f64, f64),
    /// Its distance from the loss's minimum (1, 1).
    pub from_minimum: f64,
    /// Its distance from the origin, where the decay pulls (the minimum's is √2).
    pub from_origin: f64,
    /// The largest distance of one of the last steps' points from `point`: how much it still
    /// moves.
    pub wander: f64,
}

/// Section 2c: AdamW (λ = 0 is Adam) for a long run in the valley at each (λ, η).
#[derive(Clone, Debug)]
pub struct AdamWRest {
    pub rows: Vec<Rest>,
}

/// Section 2c.
pub fn adamw_rest(config: &Config) -> AdamWRest {
    let surface = Surface::Rosenbrock;
    let rows = REST_DECAYS
        .iter()
        .flat_map(|&decay| REST_RATES.iter().map(move |&lr| (decay, lr)))
        .map(|(decay, lr)| {
            let settings = Settings {
                weight_decay: decay,
                ..config.settings()
            };
            let path = descend(
                &surface,
                &mut Kind::AdamW.build(&settings),
                lr,
                REST_STEPS,
                0.0,
            );
            let last = &path.points[path.points.len().saturating_sub(REST_LAST)..];
            let n = last.len() as f64;
            let point = last
                .iter()
                .fold((0.0, 0.0), |(sx, sy), &(x, y)| (sx + x / n, sy + y / n));
            let (mx, my) = surface.minimum();
            let wander = last.iter().fold(0.0_f64, |m, &(x, y)| {
                m.max((x - point.0).hypot(y - point.1))
            });
            Rest {
                decay,
                lr,
                point,
                from_minimum: (point.0 - mx).hypot(point.1 - my),
                from_origin: point.0.hypot(point.1),
                wander,
            }
        })
        .collect();
    AdamWRest { rows }
}

// ---------------------------------------------------------------------------------------
// 3. Along the valley's floor, and across it

/// One optimizer's path in a valley at a shared learning rate, split along and across.
#[derive(Clone, Debug)]
pub struct AlongAcross {
    pub kind: Kind,
    /// How far x still is from the minimum's x after the steps: the way left along the floor.
    pub along_left: f64,
    /// How far x has moved from the start: the way travelled along the floor.
    pub along_travelled: f64,
    /// How many times the step across the floor (the change of y − floor(x)) changed sign:
    /// zig-zags.
    pub zigzags: usize,
    /// The largest |y − floor(x)| over the second half of the steps: how far it still swings
    /// off the floor.
    pub across_late: f64,
    /// The loss after the steps.
    pub loss: f64,
    pub path: Path,
}

/// Section 3 on one surface.
#[derive(Clone, Debug)]
pub struct Valley {
    pub surface: Surface,
    pub lr: f64,
    pub steps: usize,
    pub rows: Vec<AlongAcross>,
}

/// Section 3: SGD, momentum and Nesterov at one learning rate on each surface.
pub fn valley(config: &Config) -> Vec<Valley> {
    let settings = config.settings();
    config
        .surfaces()
        .iter()
        .zip([config.bowl_lr, config.valley_lr])
        .map(|(surface, lr)| {
            let rows = [Kind::Sgd, Kind::Momentum, Kind::Nesterov]
                .iter()
                .map(|&kind| {
                    let mut optimizer = kind.build(&settings);
                    let path = descend(surface, &mut optimizer, lr, config.valley_steps, 0.0);
                    along_across(surface, kind, path)
                })
                .collect();
            Valley {
                surface: *surface,
                lr,
                steps: config.valley_steps,
                rows,
            }
        })
        .collect()
}

fn along_across(surface: &Surface, kind: Kind, path: Path) -> AlongAcross {
    let across: Vec<f64> = path
        .points
        .iter()
        .map(|&(x, y)| y - surface.floor(x))
        .collect();
    let moves: Vec<f64> = across.windows(2).map(|w| w[1] - w[0]).collect();
    let zigzags = moves.windows(2).filter(|w| w[0] * w[1] < 0.0).count();
    let across_late = across[across.len() / 2..]
        .iter()
        .fold(0.0_f64, |m, a| m.max(a.abs()));
    let &(x, y) = path.points.last().expect("a path starts somewhere");
    AlongAcross {
        kind,
        along_left: (surface.minimum().0 - x).abs(),
        along_travelled: (x - surface.start().0).abs(),
        zigzags,
        across_late,
        loss: surface.value(x, y),
        path,
    }
}

// ---------------------------------------------------------------------------------------
// 3b. The heavy ball against the condition number

/// The condition numbers of section 3b.
pub const CONDITIONS: [f64; 3] = [10.0, 100.0, 1000.0];

/// One bowl of section 3b.
#[derive(Clone, Debug)]
pub struct ConditionRow {
    pub condition: f64,
    /// Plain gradient descent at η = 2/(1 + κ), the rate that minimises its slowest factor
    /// per step, max |1 − ηλ| over the curvatures λ = 1 and κ: steps to the tolerance.
    pub gd_lr: f64,
    pub gd_steps: Option<usize>,
    /// Momentum at the configured μ and its best rate of section 2's sweep.
    pub momentum_lr: Option<f64>,
    pub momentum_steps: Option<usize>,
    /// The heavy ball tuned for κ: μ* = ((√κ − 1)/(√κ + 1))², η* = 4/(1 + √κ)².
    pub tuned_momentum: f64,
    pub tuned_lr: f64,
    pub tuned_steps: Option<usize>,
}

impl ConditionRow {
    /// The factor per step by which the slowest direction shrinks: (κ − 1)/(κ + 1) for plain
    /// gradient descent at its rate, (√κ − 1)/(√κ + 1) for the tuned heavy ball.
    pub fn gd_factor(&self) -> f64 {
        (self.condition - 1.0) / (self.condition + 1.0)
    }

    pub fn tuned_factor(&self) -> f64 {
        let r = self.condition.sqrt();
        (r - 1.0) / (r + 1.0)
    }

    /// The speed-up the factors predict: steps scale as 1/ln(1/factor).
    pub fn predicted_speedup(&self) -> f64 {
        self.tuned_factor().ln() / self.gd_factor().ln()
    }
}

/// Section 3b: plain descent, momentum as in section 2, and the tuned heavy ball on bowls of
/// several condition numbers.
#[derive(Clone, Debug)]
pub struct Condition {
    pub momentum: f64,
    pub rows: Vec<ConditionRow>,
}

/// The heavy ball's μ* and η* for curvatures between 1 and κ.
pub fn tuned_heavy_ball(condition: f64) -> (f64, f64) {
    let r = condition.sqrt();
    (((r - 1.0) / (r + 1.0)).powi(2), 4.0 / (1.0 + r).powi(2))
}

/// Section 3b.
pub fn condition(config: &Config) -> Condition {
    let settings = config.settings();
    let steps = |surface: &Surface, kind: Kind, settings: &Settings, lr: f64| {
        let mut optimizer = kind.build(settings);
        descend(
            surface,
            &mut optimizer,
            lr,
            config.max_steps,
            config.tolerance,
        )
        .steps_to_tolerance
    };
    let rows = CONDITIONS
        .par_iter()
        .map(|&condition| {
            let bowl = Surface::Bowl { condition };
            let gd_lr = 2.0 / (1.0 + condition);
            let best_momentum = sweep_rates()
                .into_iter()
                .filter_map(|lr| steps(&bowl, Kind::Momentum, &settings, lr).map(|s| (s, lr)))
                .min_by(|a, b| a.0.cmp(&b.0));
            let (tuned_momentum, tuned_lr) = tuned_heavy_ball(condition);
            let tuned = Settings {
                momentum: tuned_momentum,
                ..settings
            };
            ConditionRow {
                condition,
                gd_lr,
                gd_steps: steps(&bowl, Kind::Sgd, &settings, gd_lr),
                momentum_lr: best_momentum.map(|(_, lr)| lr),
                momentum_steps: best_momentum.map(|(s, _)| s),
                tuned_momentum,
                tuned_lr,
                tuned_steps: steps(&bowl, Kind::Momentum, &tuned, tuned_lr),
            }
        })
        .collect();
    Condition {
        momentum: config.momentum,
        rows,
    }
}

// ---------------------------------------------------------------------------------------
// 4. Adam's bias correction

/// Section 4: Adam with and without bias correction, from the bowl's start.
#[derive(Clone, Debug)]
pub struct Bias {
    pub lr: f64,
    /// With bias correction (Adam as PyTorch and optax run it).
    pub corrected: Path,
    /// The same, without dividing by 1 − βᵗ.
    pub uncorrected: Path,
    /// (1 − β₁ᵗ)/√(1 − β₂ᵗ) for t = 1, 2, …: how much longer an uncorrected step is, for a
    /// gradient that does not change.
    pub predicted_ratio: Vec<f64>,
}

/// Steps of section 4.
pub const BIAS_STEPS: usize = 60;

/// Section 4.
pub fn bias(config: &Config) -> Bias {
    let surface = config.surfaces()[0];
    let adam = |bias_correction| {
        let mut adam = Adam::new();
        (adam.beta1, adam.beta2) = (config.beta1, config.beta2);
        adam.bias_correction = bias_correction;
        adam
    };
    let lr = config.adam_lr;
    let predicted_ratio = (1..=BIAS_STEPS as i32)
        .map(|t| (1.0 - config.beta1.powi(t)) / (1.0 - config.beta2.powi(t)).sqrt())
        .collect();
    Bias {
        lr: config.adam_lr,
        corrected: descend(&surface, &mut adam(true), lr, BIAS_STEPS, 0.0),
        uncorrected: descend(&surface, &mut adam(false), lr, BIAS_STEPS, 0.0),
        predicted_ratio,
    }
}

/// The length of each step of a path.
pub fn step_lengths(path: &Path) -> Vec<f64> {
    path.points
        .windows(2)
        .map(|w| (w[1].0 - w[0].0).hypot(w[1].1 - w[0].1))
        .collect()
}

// ---------------------------------------------------------------------------------------
// 5. A real network: chapter 5's digits MLP

/// The learning rates of the digits sweep: 10⁻³ to 3, two to a decade.
pub const DIGITS_RATES: [f64; 8] = [1e-3, 3e-3, 1e-2, 3e-2, 0.1, 0.3, 1.0, 3.0];

/// One training run of the digits network.
#[derive(Clone, Debug)]
pub struct DigitsRun {
    /// The mean training loss of each epoch.
    pub history: Vec<f64>,
    /// The loss on the held-out 20 % after the last epoch (NaN or ∞ if it diverged).
    pub test_loss: f64,
    /// The same before training and after each epoch.
    pub test_losses: Vec<f64>,
}

/// One optimizer at one learning rate, over the seeds: one result per seed, seed 0 first.
#[derive(Clone, Debug)]
pub struct Cell<R> {
    pub lr: f64,
    pub runs: Vec<R>,
}

/// One optimizer at every rate of a sweep.
#[derive(Clone, Debug)]
pub struct Row<R> {
    pub kind: Kind,
    pub cells: Vec<Cell<R>>,
}

// ANCHOR: sweep
/// Every optimizer at every rate of `rates`, each trained from `seeds` seeds by
/// `train(kind, lr, seed)`: nn-core's grid of variants × seeds, the variants being the
/// (optimizer, rate) pairs. One row per optimizer, in [`Kind::ALL`]'s order; one cell per rate.
pub fn sweep<R: Send>(
    rates: &[f64],
    seeds: u64,
    train: impl Fn(Kind, f64, u64) -> R + Sync,
) -> Vec<Row<R>> {
    let pairs: Vec<(Kind, f64)> = Kind::ALL
        .iter()
        .flat_map(|&kind| rates.iter().map(move |&lr| (kind, lr)))
        .collect();
    let seeds: Vec<u64> = (0..seeds).collect();
    let mut runs = grid(&pairs, &seeds, |&(kind, lr), seed| train(kind, lr, seed)).into_iter();
    Kind::ALL
        .iter()
        .map(|&kind| Row {
            kind,
            cells: rates
                .iter()
                .zip(runs.by_ref())
                .map(|(&lr, runs)| Cell { lr, runs })
                .collect(),
        })
        .collect()
}
// ANCHOR_END: sweep

/// Chapter 5's digits network at one rate, over the seeds.
pub type DigitsCell = Cell<DigitsRun>;

impl DigitsCell {
    /// The test losses of the seeds, or `None` if any run diverged.
    pub fn test_losses(&self) -> Option<Vec<f64>> {
        let losses: Vec<f64> = self.runs.iter().map(|r| r.test_loss).collect();
        losses.iter().all(|l| l.is_finite()).then_some(losses)
    }

    /// The median test loss over the seeds; ∞ if a run diverged.
    pub fn median(&self) -> f64 {
        self.test_losses()
            .map_or(f64::INFINITY, |l| Spread::of(&l).median)
    }
}

/// Section 5: every optimizer at every rate of [`DIGITS_RATES`], each over the seeds.
#[derive(Clone, Debug)]
pub struct Digits {
    pub hidden: usize,
    pub epochs: usize,
    pub seeds: u64,
    pub good_ratio: f64,
    /// One row per optimizer, one cell per rate.
    pub rows: Vec<Row<DigitsRun>>,
    /// Each optimizer at its best rate of the sweep, every seed, for `curve_epochs`: the
    /// test loss before training and after each epoch.
    pub curves: Vec<Curve>,
}

/// One optimizer's test loss, epoch by epoch, one run per seed.
#[derive(Clone, Debug)]
pub struct Curve {
    pub kind: Kind,
    pub lr: f64,
    /// Per seed (seed 0 first): the test loss before training and after each epoch.
    pub runs: Vec<Vec<f64>>,
}

impl Curve {
    /// Epoch by epoch (index 0: before training), the median over the seeds.
    pub fn median_curve(&self) -> Vec<f64> {
        (0..self.runs[0].len())
            .map(|e| {
                let at: Vec<f64> = self.runs.iter().map(|r| r[e]).collect();
                Spread::of(&at).median
            })
            .collect()
    }

    /// The last epoch's test loss over the seeds.
    pub fn last(&self) -> Spread {
        let last: Vec<f64> = self
            .runs
            .iter()
            .map(|r| *r.last().expect("at least the start"))
            .collect();
        Spread::of(&last)
    }
}

impl Digits {
    /// The best median test loss of all optimizers and rates.
    pub fn best(&self) -> f64 {
        self.rows
            .iter()
            .flat_map(|row| row.cells.iter().map(DigitsCell::median))
            .fold(f64::INFINITY, f64::min)
    }

    /// Which rates of the sweep are good for one optimizer's `cells`: median test loss
    /// within `good_ratio` times the best.
    pub fn good_rates(&self, cells: &[DigitsCell]) -> Vec<bool> {
        let good = self.good_ratio * self.best();
        cells.iter().map(|c| c.median() < good).collect()
    }

    /// How many rates are good for one optimizer's `cells`.
    pub fn band(&self, cells: &[DigitsCell]) -> usize {
        self.good_rates(cells).iter().filter(|&&g| g).count()
    }

    /// The optimizers ranked by their median test loss after the long runs, split into groups
    /// the seeds separate: every run of a group (and of the groups before it) ended below
    /// every run of the groups after it. One group: the seeds resolve no order.
    pub fn ranking(&self) -> Vec<Vec<Kind>> {
        let mut order: Vec<(Kind, Spread)> =
            self.curves.iter().map(|c| (c.kind, c.last())).collect();
        order.sort_by(|a, b| a.1.median.total_cmp(&b.1.median));
        let mut groups: Vec<Vec<Kind>> = vec![vec![]];
        let mut highest_so_far = f64::NEG_INFINITY;
        for (i, (kind, spread)) in order.iter().enumerate() {
            groups.last_mut().expect("a group").push(*kind);
            highest_so_far = highest_so_far.max(spread.max);
            let lowest_after = order[i + 1..]
                .iter()
                .fold(f64::INFINITY, |m, (_, s)| m.min(s.min));
            if i + 1 < order.len() && highest_so_far < lowest_after {
                groups.push(vec![]);
            }
        }
        groups
    }
}

// ANCHOR: digits
/// Chapter 5's network (64 → hidden → 10, ReLU) on chapter 5's split of the digits, trained
/// by `optimizer` at the rate (or schedule) `lr` with mini-batches; initial weights and batch
/// order from `seed`.
pub fn train_digits(
    config: &Config,
    split: &DigitsSplit,
    optimizer: impl Optimizer,
    lr: impl ch03_relu_xor::Schedule,
    seed: u64,
) -> DigitsRun {
    let mut net = Mlp::new(64, config.hidden, 10, &mut seeded(seed));
    let mut trainer = Trainer {
        loss: SoftmaxCrossEntropy::default(),
        optimizer,
        lr,
        batches: Shuffled::new(config.batch_size, seed),
        epochs: config.epochs,
    };
    let mut loss = SoftmaxCrossEntropy::default();
    let mut test_losses = vec![evaluate(&net, &mut loss, &split.x_test, &split.test_labels)];
    let history = trainer.fit(&mut net, &split.x, &split.labels, |_, _, net| {
        test_losses.push(evaluate(net, &mut loss, &split.x_test, &split.test_labels));
    });
    DigitsRun {
        history,
        test_loss: *test_losses.last().expect("at least the start"),
        test_losses,
    }
}
// ANCHOR_END: digits

/// Section 5.
pub fn digits(config: &Config) -> Digits {
    let settings = config.settings();
    let splits: Vec<DigitsSplit> = (0..config.seeds).map(DigitsSplit::new).collect();
    let trainings = Kind::ALL.len() * (DIGITS_RATES.len() + 1) * config.seeds as usize;
    let progress = Progress::new(config.progress, "section 5, trainings", trainings);
    let rows = sweep(&DIGITS_RATES, config.seeds, |kind, lr, seed| {
        let split = &splits[seed as usize];
        let run = train_digits(config, split, kind.build(&settings), lr, seed);
        progress.tick();
        run
    });
    let curve_config = Config {
        epochs: config.curve_epochs,
        ..config.clone()
    };
    let best: Vec<(Kind, f64)> = rows
        .iter()
        .map(|row| {
            let best = row
                .cells
                .iter()
                .min_by(|a, b| a.median().total_cmp(&b.median()))
                .expect("at least one rate");
            (row.kind, best.lr)
        })
        .collect();
    let seeds: Vec<u64> = (0..config.seeds).collect();
    let runs = grid(&best, &seeds, |&(kind, lr), seed| {
        let split = &splits[seed as usize];
        let run = train_digits(&curve_config, split, kind.build(&settings), lr, seed);
        progress.tick();
        run.test_losses
    });
    let curves = best
        .iter()
        .zip(runs)
        .map(|(&(kind, lr), runs)| Curve { kind, lr, runs })
        .collect();
    Digits {
        curves,
        hidden: config.hidden,
        epochs: config.epochs,
        seeds: config.seeds,
        good_ratio: config.good_ratio,
        rows,
    }
}

// ---------------------------------------------------------------------------------------
// 6. A learning-rate schedule

/// One optimizer with a constant rate and with cosine decay from the same rate.
#[derive(Clone, Debug)]
pub struct ScheduleRow {
    pub kind: Kind,
    pub lr: f64,
    /// Test loss after `curve_epochs`, one per seed: constant rate, then cosine decay.
    pub constant: Vec<f64>,
    pub cosine: Vec<f64>,
}

/// Section 6: the digits network for `curve_epochs` at SGD's and Adam's best rates of
/// section 5, constant against cosine decay to 0 over the whole run.
#[derive(Clone, Debug)]
pub struct Schedule {
    pub epochs: usize,
    pub rows: Vec<ScheduleRow>,
}

/// Section 6. The rates are section 5's best for SGD and Adam (2 epochs); the runs at a
/// constant rate are section 5's long runs at those rates, so only the decayed ones train here.
pub fn schedule(config: &Config, digits: &Digits) -> Schedule {
    let settings = config.settings();
    let splits: Vec<DigitsSplit> = (0..config.seeds).map(DigitsSplit::new).collect();
    let long = Config {
        epochs: config.curve_epochs,
        ..config.clone()
    };
    let steps_per_epoch = splits[0].labels.len().div_ceil(config.batch_size);
    let total = steps_per_epoch.saturating_mul(config.curve_epochs);
    let curves: Vec<&Curve> = [Kind::Sgd, Kind::Adam]
        .iter()
        .map(|&kind| {
            digits
                .curves
                .iter()
                .find(|c| c.kind == kind)
                .expect("a long run per optimizer")
        })
        .collect();
    let seeds: Vec<u64> = (0..config.seeds).collect();
    let progress = Progress::new(
        config.progress,
        "section 6, trainings",
        curves.len() * seeds.len(),
    );
    let cosine = grid(&curves, &seeds, |curve, seed| {
        let schedule = Cosine {
            base_lr: curve.lr,
            total_steps: total,
        };
        let optimizer = curve.kind.build(&settings);
        let run = train_digits(&long, &splits[seed as usize], optimizer, schedule, seed);
        progress.tick();
        run.test_loss
    });
    let rows = curves
        .iter()
        .zip(cosine)
        .map(|(curve, cosine)| ScheduleRow {
            kind: curve.kind,
            lr: curve.lr,
            constant: curve
                .runs
                .iter()
                .map(|r| *r.last().expect("the start"))
                .collect(),
            cosine,
        })
        .collect();
    Schedule {
        epochs: config.curve_epochs,
        rows,
    }
}

// ---------------------------------------------------------------------------------------
// 7. Chapter 7's network

/// The learning rates of chapter 7's network: 10⁻³ to 1, two to a decade.
pub const BITS_RATES: [f64; 7] = [1e-3, 3e-3, 1e-2, 3e-2, 0.1, 0.3, 1.0];

/// A rate is good for chapter 7's network when its median test error ends below this
/// fraction of the untrained network's: the best runs end near 0, where a ratio to the best
/// (as for the digits) would call nearly every rate bad.
pub const BITS_GOOD_FRACTION: f64 = 0.1;

/// Chapter 7's network as trained here: tanh outputs, batch normalization (its best variant),
/// batches of 32, for `epochs`.
pub fn bits_setup(epochs: usize) -> Setup {
    Setup {
        batch_norm: true,
        squash: Squash::Tanh,
        epochs,
        batch_size: 32,
    }
}

/// Chapter 7's network at one rate, over the seeds: the test error before training and after
/// each epoch, one run per seed.
pub type BitsCell = Cell<TrainingRun>;

impl BitsCell {
    /// The final test errors of the seeds, or `None` if any run diverged.
    pub fn test_errors(&self) -> Option<Vec<f64>> {
        let errors: Vec<f64> = self
            .runs
            .iter()
            .map(|r| *r.test_error.last().expect("at least the start"))
            .collect();
        errors.iter().all(|e| e.is_finite()).then_some(errors)
    }

    /// The median final test error over the seeds; ∞ if a run diverged.
    pub fn median(&self) -> f64 {
        self.test_errors()
            .map_or(f64::INFINITY, |e| Spread::of(&e).median)
    }

    /// Epoch by epoch (index 0: before training), the median test error over the seeds.
    pub fn median_curve(&self) -> Vec<f64> {
        let epochs = self.runs[0].test_error.len();
        (0..epochs)
            .map(|e| {
                let at: Vec<f64> = self.runs.iter().map(|r| r.test_error[e]).collect();
                Spread::of(&at).median
            })
            .collect()
    }
}

/// Section 7: chapter 7's network (tanh, batch norm) trained by every optimizer at every
/// rate of [`BITS_RATES`], each over the seeds.
#[derive(Clone, Debug)]
pub struct Bits {
    pub samples: usize,
    pub epochs: usize,
    pub seeds: u64,
    /// One row per optimizer, one cell per rate.
    pub rows: Vec<Row<TrainingRun>>,
}

impl Bits {
    /// The median test error of the untrained networks (the same for every optimizer).
    pub fn untrained(&self) -> f64 {
        self.rows[0].cells[0].median_curve()[0]
    }

    /// The test error below which a rate is good: [`BITS_GOOD_FRACTION`] of the untrained.
    pub fn good(&self) -> f64 {
        BITS_GOOD_FRACTION * self.untrained()
    }

    /// Which rates are good for one optimizer's `cells`.
    pub fn good_rates(&self, cells: &[BitsCell]) -> Vec<bool> {
        cells.iter().map(|c| c.median() < self.good()).collect()
    }

    /// How many rates are good for one optimizer's `cells`.
    pub fn band(&self, cells: &[BitsCell]) -> usize {
        self.good_rates(cells).iter().filter(|&&g| g).count()
    }

    /// Each optimizer's best cell (lowest median; the smaller rate on a tie).
    pub fn best_cells(&self) -> Vec<(Kind, &BitsCell)> {
        self.rows
            .iter()
            .map(|row| {
                let best = row
                    .cells
                    .iter()
                    .reduce(|a, b| if b.median() < a.median() { b } else { a })
                    .expect("at least one rate");
                (row.kind, best)
            })
            .collect()
    }
}

// ANCHOR: bits
/// Section 7: chapter 7's own training function, given each optimizer of this chapter.
pub fn bits(config: &Config) -> Bits {
    let settings = config.settings();
    let data = BitData::new(config.bits_samples, 0); // chapter 7's data (its default seed, 0)
    let total = Kind::ALL.len() * BITS_RATES.len() * config.bits_seeds as usize;
    let done = AtomicUsize::new(0);
    let rows = sweep(&BITS_RATES, config.bits_seeds, |kind, lr, seed| {
        let optimizer = kind.build(&settings);
        let setup = bits_setup(config.bits_epochs);
        let run = train_bits(setup, &data, optimizer, lr, seed, |_, _| {});
        let done = done.fetch_add(1, Ordering::Relaxed) + 1;
        if config.progress {
            nn_core::progress!(
                "chapter 7's network: {done}/{total} trainings ({}, η = {lr}, seed {seed})",
                kind.name()
            );
        }
        run
    });
    // ANCHOR_END: bits
    Bits {
        samples: config.bits_samples,
        epochs: config.bits_epochs,
        seeds: config.bits_seeds,
        rows,
    }
}
