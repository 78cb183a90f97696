//! Chapter 3's experiments: the blocks checked, XOR learned, backpropagation traced. One
//! function per section of the report, each returning a named struct of results; `run` calls
//! them all. Nothing here formats text (that is `report.rs`) or draws (`figures.rs`).

use clap::Parser;
use ndarray::{array, Array1, Array2};
use nn_core::cli::{rate, within};
use nn_core::gradcheck::{check_gradient, check_vjp, GradCheck};
use nn_core::report::Progress;
use nn_core::rng::{rand_distr::StandardNormal, seeded, RandomExt};
use nn_core::Result;

use crate::augmented::train_batch_augmented;
use crate::dense::Dense;
use crate::layer::Layer;
use crate::loss::Loss;
use crate::mlp::Mlp;
use crate::numpy_port::{run_numpy_program, NumpyRun};
use crate::relu::Relu;
use crate::softmax::SoftmaxCrossEntropy;
pub use crate::trace::{traces, Traces};
use crate::train::{train_batch, train_online};
use crate::{xor_inputs, XOR_LABELS};

// ANCHOR: config
/// The chapter's settings; `Config::default()` is what `cargo run -p ch03-relu-xor` uses.
#[derive(Clone, Debug, PartialEq, Parser)]
#[command(name = "ch03-relu-xor", about = "Chapter 3: a ReLU network learns XOR")]
pub struct Config {
    /// Seed of the initial weights; the 20-seed counts use this seed and the 19 after it (0 to
    /// 9223372036854775807).
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Hidden units of the learner's network (1 to 1000).
    #[arg(long, default_value_t = 8)]
    pub hidden: usize,
    /// Learning rate of the learner's network (above 0, at most 100).
    #[arg(long, default_value_t = 0.5)]
    pub lr: f64,
    /// Full-batch epochs of the learner's network (1 to 100000).
    #[arg(long, default_value_t = 500)]
    pub epochs: usize,
    /// Print progress on stderr during a long run (the program does, unless --quiet).
    #[arg(skip)]
    pub progress: bool,
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
/// The seeds the counts use: `first` and the `SEEDS − 1` after it (no overflow up to `MAX_SEED`).
pub fn seeds(first: u64) -> std::ops::RangeInclusive<u64> {
    first..=first + (SEEDS - 1)
}

/// The largest `--epochs`: each history holds one loss per epoch.
pub const MAX_EPOCHS: usize = 100_000;
/// The largest `--seed`, every chapter's (the counts use it and the `SEEDS − 1` seeds after
/// it, far below `u64::MAX`).
pub const MAX_SEED: u64 = nn_core::cli::MAX_SEED;
/// The largest `--lr`.
pub const MAX_LR: f64 = 100.0;
/// The loss at which section 7 counts the learner's network as trained.
pub const LOSS_REACHED: f64 = 0.1;

impl Config {
    fn validate(&self) -> Result<()> {
        rate("lr", self.lr, MAX_LR)?;
        within("hidden", self.hidden, 1..=1000)?;
        within("epochs", self.epochs, 1..=MAX_EPOCHS)?;
        nn_core::cli::seed(self.seed)?;
        Ok(())
    }
}

/// Everything the chapter measures, one field per section of the report.
#[derive(Clone, Debug)]
pub struct Report {
    pub config: Config,
    /// 1. Each block's backward pass against central differences.
    pub blocks: Blocks,
    /// 2. The learner's network trained on XOR.
    pub learner: Learner,
    /// 3. The numpy program, on the chosen seed and on 20 seeds.
    pub numpy: Numpy,
    /// 4. Backpropagation by hand, with the hidden unit on and off.
    pub trace: Traces,
    /// 5. The numpy program with ReLU′(0) = 0 instead of 1.
    pub kink: Kink,
    /// 6. The learner's network trained in the augmented form `[x, 1]·[W; b]`.
    pub bias: BiasTrick,
    /// 7. Online against full-batch training from the same start.
    pub online: Online,
    /// 8. Finite differences, correct and broken backward passes, ReLU's kink.
    pub gradient_checking: GradientChecking,
}

// ANCHOR: run
/// Runs every experiment of the chapter.
pub fn run(config: &Config) -> Result<Report> {
    config.validate()?;
    Ok(Report {
        config: config.clone(),
        blocks: blocks(config),
        learner: learner(config),
        numpy: numpy(config),
        trace: traces(),
        kink: kink(config),
        bias: bias(config),
        online: online(config),
        gradient_checking: gradient_checking(config),
    })
}
// ANCHOR_END: run

// ---------------------------------------------------------------------------------------
// 1. The building blocks, checked against central differences

/// One backward pass and its gradient check.
#[derive(Clone, Debug)]
pub struct BlockCheck {
    /// The layer: "Dense", "ReLU", "softmax + cross-entropy".
    pub block: &'static str,
    /// Which gradient, as a formula: "∂L/∂X = G·Wᵀ".
    pub backward: &'static str,
    /// The analytic gradient against central differences.
    pub check: GradCheck,
}

/// Section 1: every block's backward pass, checked.
#[derive(Clone, Debug)]
pub struct Blocks {
    pub checks: Vec<BlockCheck>,
}

impl Blocks {
    /// Whether every check passed.
    pub fn all_passed(&self) -> bool {
        self.checks.iter().all(|c| c.check.passed())
    }
}

fn random(shape: (usize, usize), rng: &mut nn_core::rng::ChaCha8Rng) -> Array2<f64> {
    Array2::random_using(shape, StandardNormal, rng)
}

/// Gradient checks of every block on random inputs drawn with `config.seed` (none near
/// ReLU's kink).
pub fn blocks(config: &Config) -> Blocks {
    let mut rng = seeded(config.seed);
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
    let check = |block, backward, check| BlockCheck {
        block,
        backward,
        check,
    };
    Blocks {
        checks: vec![
            check(
                "Dense",
                "∂L/∂X = G·Wᵀ",
                check_vjp(
                    |x| Dense::new(w.clone(), b.clone()).forward(x),
                    &x,
                    &g,
                    &grad_x,
                ),
            ),
            check(
                "Dense",
                "∂L/∂W = Xᵀ·G",
                check_gradient(|w| out(w, &b, &x), &w, &dense.grad_w),
            ),
            check(
                "Dense",
                "∂L/∂b = Σ G",
                check_gradient(|b| out(&w, b, &x), &b, dense.grad_b.as_ref().expect("bias")),
            ),
            check(
                "ReLU",
                "∂L/∂X = ReLU′(X)·G",
                check_vjp(|x| x.mapv(|v| v.max(0.0)), &r, &g, &relu.backward(&g)),
            ),
            check(
                "softmax + cross-entropy",
                "∂L/∂Z = (P − Y)/n",
                check_gradient(
                    |z| SoftmaxCrossEntropy::default().forward(z, &labels),
                    &logits,
                    &ce.backward(),
                ),
            ),
        ],
    }
}

// ---------------------------------------------------------------------------------------
// 2. The learner's network on XOR

/// The trained network's answer for one XOR input.
#[derive(Clone, Debug, PartialEq)]
pub struct XorPrediction {
    pub x1: f64,
    pub x2: f64,
    /// The class XOR gives: 0 (same) or 1 (different).
    pub label: usize,
    /// P(class 1) after training.
    pub p_class1: f64,
    /// The class the network picks: 1 if P(class 1) > 0.5.
    pub predicted: usize,
    /// The hidden units with a positive pre-activation for this input (ReLU on).
    pub active_units: Vec<usize>,
}

/// P(class 1) at the centres of a grid of cells over the input square, for the figure of
/// the decision regions (computed here, so the figure only draws).
#[derive(Clone, Debug, PartialEq)]
pub struct ProbabilityGrid {
    pub x_range: (f64, f64),
    pub y_range: (f64, f64),
    /// Cells per axis.
    pub cells: usize,
    /// `p[[row, column]]`: row j at x₂ = y₀ + (j + ½)·dy, column i at x₁ = x₀ + (i + ½)·dx.
    pub p: Array2<f64>,
}

impl ProbabilityGrid {
    /// P(class 1) of `net` at each cell's centre (one input at a time).
    pub fn of(net: &Mlp, x_range: (f64, f64), y_range: (f64, f64), cells: usize) -> Self {
        let (dx, dy) = (
            (x_range.1 - x_range.0) / cells as f64,
            (y_range.1 - y_range.0) / cells as f64,
        );
        let p = Array2::from_shape_fn((cells, cells), |(j, i)| {
            let x1 = x_range.0 + (i as f64 + 0.5) * dx;
            let x2 = y_range.0 + j as f64 * dy + dy / 2.0;
            net.probabilities(&array![[x1, x2]])[[0, 1]]
        });
        ProbabilityGrid {
            x_range,
            y_range,
            cells,
            p,
        }
    }

    /// The stored value of the cell whose centre is (x₁, x₂).
    pub fn at(&self, x1: f64, x2: f64) -> f64 {
        let n = self.cells as f64;
        let index = |v: f64, (lo, hi): (f64, f64)| {
            let i = ((v - lo) / ((hi - lo) / n) - 0.5).round();
            (i.max(0.0) as usize).min(self.cells - 1)
        };
        self.p[[index(x2, self.y_range), index(x1, self.x_range)]]
    }
}

/// One hidden unit's activation ReLU(w·x + b) over the input square, row 0 at the top.
#[derive(Clone, Debug, PartialEq)]
pub struct UnitMap {
    pub unit: usize,
    pub activation: Array2<f64>,
}

/// The square the figures show: [−0.5, 1.5]² around XOR's four points.
pub const SQUARE: (f64, f64) = (-0.5, 1.5);
/// Cells per axis of the decision-region figure.
pub const DECISION_CELLS: usize = 100;
/// Cells per axis of each hidden unit's map, and how many units are mapped at most.
pub const UNIT_MAP_CELLS: usize = 32;
pub const UNIT_MAPS: usize = 16;

/// Section 2: the learner's network (2 → hidden → ReLU → 2 → softmax) trained full batch.
#[derive(Clone, Debug)]
pub struct Learner {
    pub seed: u64,
    pub hidden: usize,
    pub lr: f64,
    pub epochs: usize,
    /// The network after training.
    pub net: Mlp,
    /// Mean cross-entropy before training and after each epoch (`epochs + 1` values).
    pub history: Vec<f64>,
    /// One row per XOR input.
    pub predictions: Vec<XorPrediction>,
    /// Hidden units off for all four inputs: no gradient reaches their weights.
    pub dead_units: usize,
    /// Of the seeds `seed … seed + 19`, how many train to all four inputs right.
    pub solved_seeds: usize,
    /// For the figures: P(class 1) over the square, and the first hidden units' maps.
    pub decision: ProbabilityGrid,
    pub unit_maps: Vec<UnitMap>,
}

/// The learner's network with He-initialised weights from `seed`, before training.
fn initial_net(config: &Config, seed: u64) -> Mlp {
    Mlp::new(2, config.hidden, 2, &mut seeded(seed))
}

fn solves_xor(net: &Mlp) -> bool {
    let p = net.probabilities(&xor_inputs());
    XOR_LABELS.iter().enumerate().all(|(i, &y)| p[[i, y]] > 0.5)
}

/// Trains the learner's network from `config.seed`, counts the seeds that solve XOR, and
/// looks at which hidden units each input switches on.
pub fn learner(config: &Config) -> Learner {
    let x = xor_inputs();
    let progress = Progress::new(
        config.progress,
        "section 2, trainings of the learner's network",
        1 + SEEDS as usize,
    );
    let mut net = initial_net(config, config.seed);
    let history = train_batch(&mut net, &x, &XOR_LABELS, config.lr, config.epochs);
    progress.tick();
    let solved_seeds = seeds(config.seed)
        .filter(|&seed| {
            let mut n = initial_net(config, seed);
            train_batch(&mut n, &x, &XOR_LABELS, config.lr, config.epochs);
            progress.tick();
            solves_xor(&n)
        })
        .count();

    let p = net.probabilities(&x);
    let mut probe = net.clone();
    probe.forward(&x);
    let active = probe.activation.active(); // (4, hidden): which units are on
    let predictions = XOR_LABELS
        .iter()
        .enumerate()
        .map(|(i, &label)| XorPrediction {
            x1: x[[i, 0]],
            x2: x[[i, 1]],
            label,
            p_class1: p[[i, 1]],
            predicted: usize::from(p[[i, 1]] > 0.5),
            active_units: (0..config.hidden).filter(|&j| active[[i, j]]).collect(),
        })
        .collect();
    let dead_units = (0..config.hidden)
        .filter(|&j| (0..4).all(|i| !active[[i, j]]))
        .count();

    let decision = ProbabilityGrid::of(&net, SQUARE, SQUARE, DECISION_CELLS);
    let unit_maps = (0..config.hidden.min(UNIT_MAPS))
        .map(|j| UnitMap {
            unit: j,
            activation: unit_map(&net, j),
        })
        .collect();
    Learner {
        seed: config.seed,
        hidden: config.hidden,
        lr: config.lr,
        epochs: config.epochs,
        net,
        history,
        predictions,
        dead_units,
        solved_seeds,
        decision,
        unit_maps,
    }
}

/// Hidden unit `j`'s activation over the square, row 0 at the top (x₂ = 1.5).
fn unit_map(net: &Mlp, j: usize) -> Array2<f64> {
    let n = UNIT_MAP_CELLS;
    let step = (SQUARE.1 - SQUARE.0) / n as f64;
    let w = net.hidden.w.column(j);
    let b = net.hidden.b.as_ref().map_or(0.0, |b| b[j]);
    Array2::from_shape_fn((n, n), |(r, c)| {
        let (x1, x2) = (
            SQUARE.0 + (c as f64 + 0.5) * step,
            SQUARE.1 - (r as f64 + 0.5) * step,
        );
        (w[0] * x1 + w[1] * x2 + b).max(0.0)
    })
}

// ---------------------------------------------------------------------------------------
// 3. The numpy program, reproduced

/// The numpy program's output for one XOR input.
#[derive(Clone, Debug, PartialEq)]
pub struct NumpyPrediction {
    pub x1: f64,
    pub x2: f64,
    pub target: usize,
    pub y_pred: f64,
}

/// Section 3: the numpy program (ReLU′(0) = 1, its mask) on `seed`, and on 20 seeds.
#[derive(Clone, Debug)]
pub struct Numpy {
    pub seed: u64,
    /// The run on `seed`: its loss before each step and after the last.
    pub run: NumpyRun,
    /// That run's final outputs, one row per XOR input.
    pub predictions: Vec<NumpyPrediction>,
    /// The final loss of each seed `seed … seed + 19`, in seed order.
    pub final_losses: Vec<f64>,
    /// How many of those are below `NUMPY_SUCCESS`.
    pub solved_seeds: usize,
    pub median_final_loss: f64,
    pub worst_final_loss: f64,
}

/// Runs the numpy program on `config.seed` and on the 19 seeds after it.
pub fn numpy(config: &Config) -> Numpy {
    let run = run_numpy_program(config.seed, 1.0);
    let x = xor_inputs();
    let predictions = XOR_LABELS
        .iter()
        .enumerate()
        .map(|(i, &target)| NumpyPrediction {
            x1: x[[i, 0]],
            x2: x[[i, 1]],
            target,
            y_pred: run.predictions[[i, 0]],
        })
        .collect();
    let final_losses: Vec<f64> = seeds(config.seed)
        .map(|seed| *run_numpy_program(seed, 1.0).losses.last().expect("losses"))
        .collect();
    let solved_seeds = final_losses.iter().filter(|&&l| l < NUMPY_SUCCESS).count();
    let mut sorted = final_losses.clone();
    sorted.sort_by(f64::total_cmp);
    let middle = sorted.len() / 2; // SEEDS is even: the mean of the two middle values
    Numpy {
        seed: config.seed,
        run,
        predictions,
        final_losses,
        solved_seeds,
        median_final_loss: (sorted[middle - 1] + sorted[middle]) / 2.0,
        worst_final_loss: sorted[sorted.len() - 1],
    }
}

// ---------------------------------------------------------------------------------------
// 4. Backpropagation, step by step

// ---------------------------------------------------------------------------------------
// 5. ReLU's derivative at 0

/// Section 5: the numpy program on `seed` with ReLU′(0) = 1 (its mask) and with 0.
#[derive(Clone, Debug, PartialEq)]
pub struct Kink {
    pub seed: u64,
    /// Losses with ReLU′(0) = 1 and with ReLU′(0) = 0.
    pub losses_at_zero_1: Vec<f64>,
    pub losses_at_zero_0: Vec<f64>,
    /// Whether every loss is the same, bit for bit.
    pub identical: bool,
}

/// Runs the numpy program on `config.seed` with both subgradients at ReLU's kink.
pub fn kink(config: &Config) -> Kink {
    let losses_at_zero_1 = run_numpy_program(config.seed, 1.0).losses;
    let losses_at_zero_0 = run_numpy_program(config.seed, 0.0).losses;
    let identical = losses_at_zero_1
        .iter()
        .zip(&losses_at_zero_0)
        .all(|(a, b)| a.to_bits() == b.to_bits());
    Kink {
        seed: config.seed,
        losses_at_zero_1,
        losses_at_zero_0,
        identical,
    }
}

// ---------------------------------------------------------------------------------------
// 6. The bias trick, again

/// Section 6: the learner's network trained as `x·W + b` and as `[x, 1]·[W; b]`.
#[derive(Clone, Debug, PartialEq)]
pub struct BiasTrick {
    pub epochs: usize,
    pub batch_history: Vec<f64>,
    pub augmented_history: Vec<f64>,
    /// The largest |difference| between the two histories, epoch by epoch.
    pub largest_difference: f64,
}

/// Trains the learner's network from `config.seed` in both forms.
pub fn bias(config: &Config) -> BiasTrick {
    let x = xor_inputs();
    let progress = Progress::new(config.progress, "section 6, trainings", 2);
    let start = initial_net(config, config.seed);
    let mut net = start.clone();
    let batch_history = train_batch(&mut net, &x, &XOR_LABELS, config.lr, config.epochs);
    progress.tick();
    let augmented_history =
        train_batch_augmented(&start, &x, &XOR_LABELS, config.lr, config.epochs);
    progress.tick();
    let largest_difference = batch_history
        .iter()
        .zip(&augmented_history)
        .map(|(a, b)| (a - b).abs())
        .fold(0.0, f64::max);
    BiasTrick {
        epochs: config.epochs,
        batch_history,
        augmented_history,
        largest_difference,
    }
}

// ---------------------------------------------------------------------------------------
// 7. Online against batch

/// Section 7: full-batch and online training of the learner's network from the same start.
#[derive(Clone, Debug, PartialEq)]
pub struct Online {
    pub lr: f64,
    /// Mean cross-entropy on all four samples before training and after each epoch.
    pub batch_history: Vec<f64>,
    pub online_history: Vec<f64>,
    /// The first epoch with a loss below `LOSS_REACHED`, if any.
    pub batch_reached: Option<usize>,
    pub online_reached: Option<usize>,
    /// The same, counted in updates: 1 per batch epoch, 4 per online epoch.
    pub batch_updates: Option<usize>,
    pub online_updates: Option<usize>,
}

/// The first epoch at which a loss history falls below `level`.
fn first_below(history: &[f64], level: f64) -> Option<usize> {
    history.iter().position(|&l| l < level)
}

/// Trains the learner's network from `config.seed` both ways.
pub fn online(config: &Config) -> Online {
    let x = xor_inputs();
    let start = initial_net(config, config.seed);
    let (mut batch, mut online) = (start.clone(), start);
    let progress = Progress::new(config.progress, "section 7, trainings", 2);
    let batch_history = train_batch(&mut batch, &x, &XOR_LABELS, config.lr, config.epochs);
    progress.tick();
    let online_history = train_online(&mut online, &x, &XOR_LABELS, config.lr, config.epochs);
    progress.tick();
    let batch_reached = first_below(&batch_history, LOSS_REACHED);
    let online_reached = first_below(&online_history, LOSS_REACHED);
    Online {
        lr: config.lr,
        batch_history,
        online_history,
        batch_reached,
        online_reached,
        batch_updates: batch_reached,
        online_updates: online_reached.map(|e| e * XOR_LABELS.len()),
    }
}

// ---------------------------------------------------------------------------------------
// 8. Gradient checking, taught

/// The error of both finite differences at one step h.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct StepError {
    pub h: f64,
    /// |difference − exact| / |exact| for the one-sided and the central difference.
    pub one_sided: f64,
    pub central: f64,
}

/// Section 8: how a gradient check works, and what it catches.
#[derive(Clone, Debug, PartialEq)]
pub struct GradientChecking {
    /// The function differentiated: the cross-entropy of the logits `logits` with label
    /// `label`, as a function of logit 0; its exact derivative p₀ − [label = 0].
    pub logits: [f64; 3],
    pub label: usize,
    pub exact: f64,
    /// Both differences for h = 10⁻¹ … 10⁻¹².
    pub steps: Vec<StepError>,
    /// A dense layer's ∂L/∂W (W square, 3×3) as `Dense::backward` computes it, and two bugs:
    /// the product transposed, (Xᵀ·G)ᵀ, and, for softmax + cross-entropy, the 1/n left out.
    pub correct: GradCheck,
    pub transposed: GradCheck,
    pub correct_softmax: GradCheck,
    pub missing_mean: GradCheck,
    /// ReLU's backward (ReLU′(0) = 0) checked with an input exactly at the kink, one closer to
    /// it than the step h = `nn_core::gradcheck::STEP`, and inputs at least 0.1 away.
    pub at_kink: GradCheck,
    pub near_kink_input: f64,
    pub near_kink: GradCheck,
    pub away_from_kink: GradCheck,
}

/// The steps of the error table.
pub const STEPS_TRIED: [f64; 12] = [
    1e-1, 1e-2, 1e-3, 1e-4, 1e-5, 1e-6, 1e-7, 1e-8, 1e-9, 1e-10, 1e-11, 1e-12,
];

/// Finite differences at several steps, two correct and two broken backward passes, and
/// ReLU at its kink, all checked (fixed numbers; random ones drawn with `config.seed`).
pub fn gradient_checking(config: &Config) -> GradientChecking {
    use crate::finite_diff::{central_difference, one_sided_difference};
    // 1. One derivative, many steps.
    let logits = [0.5, -1.0, 2.0];
    let label = 0;
    let loss_of_z0 = |z0: f64| {
        let z = array![[z0, logits[1], logits[2]]];
        SoftmaxCrossEntropy::default().forward(&z, &[label])
    };
    let mut ce = SoftmaxCrossEntropy::default();
    ce.forward(&array![logits], &[label]);
    let exact = ce.backward()[[0, 0]]; // p₀ − 1
    let steps = STEPS_TRIED
        .iter()
        .map(|&h| StepError {
            h,
            one_sided: ((one_sided_difference(loss_of_z0, logits[0], h) - exact) / exact).abs(),
            central: ((central_difference(loss_of_z0, logits[0], h) - exact) / exact).abs(),
        })
        .collect();

    // 2. A correct and a broken backward pass.
    let mut rng = seeded(config.seed);
    let (x, w, g) = (
        random((6, 3), &mut rng),
        random((3, 3), &mut rng),
        random((6, 3), &mut rng),
    );
    let b = Array1::random_using(3, StandardNormal, &mut rng);
    let mut dense = Dense::new(w.clone(), b.clone());
    dense.forward(&x);
    dense.backward(&g);
    let loss_of_w = |w: &Array2<f64>| (Dense::new(w.clone(), b.clone()).forward(&x) * &g).sum();
    let correct = check_gradient(loss_of_w, &w, &dense.grad_w);
    let transposed = check_gradient(loss_of_w, &w, &dense.grad_w.t().to_owned());
    let z = random((6, 3), &mut rng) * 3.0;
    let labels = [0, 2, 1, 1, 0, 2];
    let mut ce = SoftmaxCrossEntropy::default();
    ce.forward(&z, &labels);
    let loss_of_z = |z: &Array2<f64>| SoftmaxCrossEntropy::default().forward(z, &labels);
    let correct_softmax = check_gradient(loss_of_z, &z, &ce.backward());
    let missing_mean = check_gradient(loss_of_z, &z, &(ce.backward() * labels.len() as f64));

    // 3. ReLU at, near and away from its kink.
    let upstream = array![[1.0, -2.0, 0.5]];
    let relu_check = |input: Array2<f64>| {
        let mut relu = Relu::default();
        relu.forward(&input);
        let grad = relu.backward(&upstream);
        check_vjp(|x| x.mapv(|v| v.max(0.0)), &input, &upstream, &grad)
    };
    let near_kink_input = 4e-6;
    GradientChecking {
        logits,
        label,
        exact,
        steps,
        correct,
        transposed,
        correct_softmax,
        missing_mean,
        at_kink: relu_check(array![[0.0, 1.5, -0.7]]),
        near_kink_input,
        near_kink: relu_check(array![[near_kink_input, 1.5, -0.7]]),
        away_from_kink: relu_check(array![[0.1, 1.5, -0.7]]),
    }
}

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
        for (config, flag) in [
            (
                Config {
                    seed: MAX_SEED + 1,
                    ..Config::default()
                },
                "--seed",
            ),
            (
                Config {
                    epochs: MAX_EPOCHS + 1,
                    ..Config::default()
                },
                "--epochs",
            ),
        ] {
            let e = run(&config).unwrap_err().to_string();
            assert!(e.starts_with(&format!("invalid setting {flag}")), "{e}");
        }
        // The largest seed runs: its 20 seeds follow it without overflow.
        let r = run(&Config {
            seed: MAX_SEED,
            epochs: 2,
            ..Config::default()
        })
        .unwrap();
        assert_eq!(r.numpy.final_losses.len(), SEEDS as usize);
    }

    #[test]
    fn the_probability_grid_finds_each_cell_from_its_centre() {
        let net = initial_net(&Config::default(), 1);
        let grid = ProbabilityGrid::of(&net, SQUARE, SQUARE, 7);
        let d = (SQUARE.1 - SQUARE.0) / 7.0;
        for j in 0..7 {
            for i in 0..7 {
                let (x1, x2) = (
                    SQUARE.0 + (i as f64 + 0.5) * d,
                    SQUARE.0 + j as f64 * d + d / 2.0,
                );
                assert_eq!(grid.at(x1, x2), grid.p[[j, i]]);
                assert_eq!(grid.p[[j, i]], net.probabilities(&array![[x1, x2]])[[0, 1]]);
            }
        }
    }
}
