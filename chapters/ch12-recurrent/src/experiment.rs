//! Chapter 12's experiments, one function per section of the report: the scalar trace
//! ([`trace`]), every backward pass checked twice ([`checks`]), the gradient through time
//! ([`through_time`]), training on the exploding case with and without clipping and
//! truncation ([`exploding`]), how far back each cell learns ([`memory`], with `--long`), and
//! the language model ([`language`]).

use ch03_relu_xor::{accuracy, Layer, Sgd};
use ch09_optimizers::Adam;
use ch10_autograd::scalar::{Grads, Node};
use clap::Parser;
use ndarray::{Array, Array1, Array2, Array3, IxDyn, ShapeBuilder};
use nn_core::cli::{rate, seed, within};
use nn_core::gradcheck::{check_gradient, check_vjp, GradCheck};
use nn_core::grid::grid;
use nn_core::report::Progress;
use nn_core::rng::{rand_distr::StandardNormal, seeded, RandomExt};
pub use nn_core::table::Spread;
use nn_core::Result;

use crate::cell::{Cell, RnnCell};
use crate::clip::ClipByNorm;
use crate::corpus::Corpus;
use crate::gru::GruCell;
use crate::language::{sample, train_language, Budget, HIDDEN};
use crate::recurrent::{last_step, Recurrent};
use crate::tape::{compare, largest_difference, Comparison};
use crate::task::Recall;
use crate::trace::{self as scalar, Trace};
use crate::train::{sequence_loss, train, SequenceNet, StepRecord, Targets};
use crate::unrolled::Unrolled;

// ANCHOR: config
/// The chapter's settings; `Config::default()` is what `cargo run -p ch12-recurrent` uses.
#[derive(Clone, Debug, PartialEq, Parser)]
#[command(
    name = "ch12-recurrent",
    about = "Chapter 12: recurrent networks — backpropagation through time, step by step"
)]
pub struct Config {
    /// Seed of the weights, the sequences and the samples; comparisons use --seeds seeds from
    /// here (0 to 9223372036854775807).
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// Seeds per comparison (1 to 10).
    #[arg(long, default_value_t = 3)]
    pub seeds: u64,
    /// Units of the recurrent networks on the recall task (2 to 64).
    #[arg(long, default_value_t = 16)]
    pub hidden: usize,
    /// Steps of the sequence whose gradient is followed back through time (2 to 500).
    #[arg(long, default_value_t = 100)]
    pub length: usize,
    /// Steps between the symbol to recall and the last step, in the training on the exploding
    /// case (1 to 100).
    #[arg(long, default_value_t = 16)]
    pub delay: usize,
    /// The recurrent weights' scale s (every singular value of W_h) in that training (above
    /// 0, at most 10).
    #[arg(long, default_value_t = 2.0)]
    pub scale: f64,
    /// Learning rate of plain SGD in that training (above 0, at most 10).
    #[arg(long, default_value_t = 0.2)]
    pub lr: f64,
    /// Training steps (batches of 32 sequences) in that training (1 to 5000).
    #[arg(long, default_value_t = 200)]
    pub steps: usize,
    /// Gradient clipping: the largest norm of the whole gradient (above 0, at most 1000).
    #[arg(long, default_value_t = 1.0)]
    pub clip: f64,
    /// Truncated BPTT: the window, in steps, through which the gradient flows back (1 to 100).
    #[arg(long, default_value_t = 8)]
    pub window: usize,
    /// Run the long experiments too: how far back each cell learns (delays 4 to 64), and the
    /// language model's full training (about a minute on two cores).
    #[arg(long)]
    pub long: bool,
    /// The text the language model reads before it writes (lowercase letters, digits, space
    /// and .,;:?'"()-%).
    #[arg(long, default_value = "the gradient of ")]
    pub prompt: String,
    /// Temperature of the language model's sampling: below 1 sharper, above 1 flatter (above
    /// 0, at most 10).
    #[arg(long, default_value_t = 0.7)]
    pub temperature: f64,
    /// Print training progress on stderr (the program does, unless --quiet).
    #[arg(skip)]
    pub progress: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config::parse_from(["ch12-recurrent"])
    }
}
// ANCHOR_END: config

impl Config {
    /// Refuses settings the experiments cannot run with, naming the flag. [`run`] calls it.
    pub fn validate(&self) -> Result<()> {
        seed(self.seed)?;
        within("seeds", self.seeds, 1..=10)?;
        within("hidden", self.hidden, 2..=64)?;
        within("length", self.length, 2..=500)?;
        within("delay", self.delay, 1..=100)?;
        rate("scale", self.scale, 10.0)?;
        rate("lr", self.lr, 10.0)?;
        within("steps", self.steps, 1..=5000)?;
        rate("clip", self.clip, 1000.0)?;
        within("window", self.window, 1..=100)?;
        rate("temperature", self.temperature, 10.0)?;
        within("prompt", self.prompt.chars().count(), 1..=200)?;
        Corpus::book().encode(&self.prompt).map(|_| ())
    }

    /// The seeds of a comparison.
    pub fn seed_list(&self) -> Vec<u64> {
        (self.seed..self.seed.saturating_add(self.seeds)).collect()
    }
}

/// Everything the chapter measures, one field per section of the report.
#[derive(Clone, Debug)]
pub struct Report {
    pub config: Config,
    /// Section 1.
    pub trace: TraceSection,
    /// Section 2.
    pub checks: Checks,
    /// Section 3.
    pub through_time: ThroughTime,
    /// Section 4.
    pub exploding: Exploding,
    /// Section 5, with `--long`.
    pub memory: Option<Memory>,
    /// Section 6.
    pub language: Language,
}

// ANCHOR: run
/// Runs every section with `config`.
pub fn run(config: &Config) -> Result<Report> {
    config.validate()?;
    Ok(Report {
        config: config.clone(),
        trace: trace(),
        checks: checks(),
        through_time: through_time(config),
        exploding: exploding(config),
        memory: config.long.then(|| memory(config)),
        language: language(config),
    })
}
// ANCHOR_END: run

// ---------------------------------------------------------------------------------------
// 1. The scalar trace

/// Section 1: the hand trace, the same on chapter 10's tape, and the untied copies.
#[derive(Clone, Debug, PartialEq)]
pub struct TraceSection {
    pub trace: Trace,
    /// ∂E/∂w, ∂E/∂u, ∂E/∂b on chapter 10's scalar tape.
    pub tape: [f64; 3],
    /// ∂E/∂w_t of the three untied copies of w, on the tape.
    pub copies: [f64; 3],
    /// The trace's three gradients against central differences of E.
    pub check: GradCheck,
    /// The tied network's tape (its nodes) and gradients, for the figure.
    pub graph: Vec<Node>,
    pub grads: Grads,
}

/// Section 1.
pub fn trace() -> TraceSection {
    let t = scalar::example();
    let (tape, e, ws) = scalar::on_tape(t.x, t.y, t.params, false);
    let g = tape.backward(e);
    let error = |v: &Array1<f64>| {
        let p = scalar::Params {
            w: v[0],
            u: v[1],
            b: v[2],
        };
        scalar::error(t.x, t.y, p)
    };
    let p = t.params;
    let (tied, e_tied, _) = scalar::on_tape(t.x, t.y, t.params, true);
    let grads = tied.backward(e_tied);
    TraceSection {
        graph: tied.into_nodes(),
        grads,
        tape: scalar::tape_gradients(t.x, t.y, t.params),
        copies: [g[ws[0]], g[ws[1]], g[ws[2]]],
        check: check_gradient(
            error,
            &Array1::from(vec![p.w, p.u, p.b]),
            &Array1::from(vec![t.de_dw, t.de_du, t.de_db]),
        ),
        trace: t,
    }
}

// ---------------------------------------------------------------------------------------
// 2. Every backward pass, checked twice

/// One gradient check: an operation, one of its inputs, and the worst element.
#[derive(Clone, Debug, PartialEq)]
pub struct CheckRow {
    pub op: &'static str,
    pub input: &'static str,
    pub check: GradCheck,
}

/// Section 2: finite differences, chapter 10's tape, and the untied copies.
#[derive(Clone, Debug, PartialEq)]
pub struct Checks {
    pub rows: Vec<CheckRow>,
    /// A network by hand (BPTT) against the same network on chapter 10's tape.
    pub tape: Vec<(&'static str, Comparison)>,
    /// The plain cell's unrolled network against its untied copies (chapter 3's dense layers):
    /// the largest relative difference of the states, and of ∂L/∂W_x, ∂L/∂W_h, ∂L/∂b (BPTT
    /// against the sum of the copies' gradients).
    pub copies: [f64; 4],
    /// The shapes of those checks: batch, steps, inputs, hidden.
    pub shape: [usize; 4],
}

/// An array of standard normal numbers from `seed`: the checks' inputs and upstream gradients.
pub fn random<Sh: ShapeBuilder>(shape: Sh, seed: u64) -> Array<f64, Sh::Dim> {
    Array::random_using(shape, StandardNormal, &mut seeded(seed))
}

/// Each parameter of `cell` checked: `loss(cell)` against the gradients that `backward(cell)`
/// leaves in the cell, parameter by parameter (the others held fixed).
pub fn check_parameters<M: Clone>(
    model: &M,
    visit: impl Fn(&mut M, &mut dyn FnMut(ch03_relu_xor::Param<'_>)),
    loss: impl Fn(&mut M) -> f64,
    backward: impl Fn(&mut M),
) -> Vec<(&'static str, GradCheck)> {
    let mut trained = model.clone();
    backward(&mut trained);
    let mut params = Vec::new();
    visit(&mut trained, &mut |p| {
        params.push((p.name, p.value.to_owned(), p.grad.to_owned()))
    });
    params
        .into_iter()
        .enumerate()
        .map(|(i, (name, value, grad))| {
            let at = |v: &Array<f64, IxDyn>| {
                let mut m = model.clone();
                let mut k = 0;
                visit(&mut m, &mut |mut p| {
                    if k == i {
                        p.value.assign(v);
                    }
                    k += 1;
                });
                loss(&mut m)
            };
            (name, check_gradient(at, &value, &grad))
        })
        .collect()
}

/// One step of `cell`, checked for x, h and every parameter, with a random upstream gradient.
fn check_step<C: Cell>(cell: &C, x: &Array2<f64>, h: &Array2<f64>, seed: u64) -> Vec<GradCheck> {
    let (h_new, cache) = cell.step(x, h);
    let g = random(h_new.raw_dim(), seed);
    let mut c = cell.clone();
    c.zero_grad();
    let (gx, gh) = c.step_backward(&cache, &g);
    let mut checks = vec![
        check_vjp(|x| cell.step(x, h).0, x, &g, &gx),
        check_vjp(|h| cell.step(x, h).0, h, &g, &gh),
    ];
    let params = check_parameters(
        cell,
        |c, v| c.visit_parameters(v),
        |c| (&c.step(x, h).0 * &g).sum(),
        |c| {
            c.zero_grad();
            c.step_backward(&cache, &g);
        },
    );
    checks.extend(params.into_iter().map(|(_, c)| c));
    checks
}

/// A recurrent network with its loss, checked for the input sequences and every parameter.
fn check_network<C: Cell + 'static>(
    net: &SequenceNet<C>,
    x: &Array3<f64>,
    targets: &Targets,
) -> Vec<GradCheck> {
    let loss = |net: &mut SequenceNet<C>, x: &Array3<f64>| sequence_loss(&net.infer(x), targets).0;
    let mut n = net.clone();
    let (_, g) = sequence_loss(&n.forward(x), targets);
    let gx = n.backward(&g);
    let mut checks = vec![check_gradient(|x| loss(&mut net.clone(), x), x, &gx)];
    let params = check_parameters(
        net,
        |n, v| n.visit_parameters(v),
        |n| loss(n, x),
        |n| {
            let (_, g) = sequence_loss(&n.forward(x), targets);
            n.backward(&g);
        },
    );
    checks.extend(params.into_iter().map(|(_, c)| c));
    checks
}

// ANCHOR: checks
/// Section 2: each cell's step and each whole network against central differences; each
/// network's BPTT against chapter 10's tape; the plain cell's BPTT against its untied copies.
pub fn checks() -> Checks {
    let (batch, time, inputs, hidden) = (3, 5, 4, 5);
    let rng = &mut seeded(1);
    let rnn = RnnCell::init(inputs, hidden, 1.2, rng);
    let gru = GruCell::init(inputs, hidden, 1.2, rng).with_update_bias(0.5);
    let (x, h) = (
        random((batch, inputs), 2),
        random((batch, hidden), 3).mapv(f64::tanh),
    );
    let mut rows = Vec::new();
    let mut add = |op, names: &[&'static str], checks: Vec<GradCheck>| {
        for (&input, check) in names.iter().zip(checks) {
            rows.push(CheckRow { op, input, check });
        }
    };
    add(
        "plain step",
        &["x", "h", "W_x", "W_h", "b"],
        check_step(&rnn, &x, &h, 4),
    );
    add(
        "GRU step",
        &["x", "h", "W_x", "W_h", "b_x", "b_h"],
        check_step(&gru, &x, &h, 5),
    );
    let task = Recall {
        symbols: inputs,
        delay: time - 1,
    };
    let (xs, first) = task.batch(batch, &mut seeded(6));
    let xs = xs + random((batch, time, inputs), 7) * 0.5; // not only one-hot inputs
    let every = Array2::from_shape_fn((batch, time), |(i, t)| (i + t) % inputs);
    let rnn_net = SequenceNet::new(rnn.clone(), inputs, &mut seeded(8));
    let gru_net = SequenceNet::new(gru, inputs, &mut seeded(9));
    add(
        "plain network, loss at the last step",
        &["X", "W_x", "W_h", "b", "W_out", "b_out"],
        check_network(&rnn_net, &xs, &Targets::Last(first)),
    );
    add(
        "GRU network, loss at every step",
        &["X", "W_x", "W_h", "b_x", "b_h", "W_out", "b_out"],
        check_network(&gru_net, &xs, &Targets::Every(every.clone())),
    );
    let tape = vec![
        ("plain network", compare(&rnn_net, &xs, &every)),
        ("GRU network", compare(&gru_net, &xs, &every)),
    ];
    Checks {
        rows,
        tape,
        copies: copies_difference(&rnn, &xs, 10),
        shape: [batch, time, inputs, hidden],
    }
}
// ANCHOR_END: checks

/// The unrolled network against its untied copies, for a random ∂L/∂h_t at every step: the
/// states, then BPTT's gradients against the copies' sum.
fn copies_difference(cell: &RnnCell, x: &Array3<f64>, seed: u64) -> [f64; 4] {
    let (batch, time, _) = x.dim();
    let g = random((batch, time, cell.hidden()), seed);
    let mut rnn = Recurrent::new(cell.clone());
    let states = rnn.forward(x);
    rnn.backward(&g);
    let mut copies = Unrolled::new(cell, time);
    let copied_states = copies.forward(x);
    copies.backward(&g);
    let (w_x, w_h, b) = copies.summed_gradients();
    let c = &rnn.cell;
    [
        largest_difference(&states, &copied_states),
        largest_difference(&c.grad_w_x, &w_x),
        largest_difference(&c.grad_w_h, &w_h),
        largest_difference(&c.grad_b, &b),
    ]
}

// ---------------------------------------------------------------------------------------
// 3. The gradient through time

/// The scales of W_h whose gradients are followed back through time.
pub const SCALES: [f64; 4] = [0.5, 1.0, 1.5, 2.0];

/// A ratio ‖∂E/∂h_1‖/‖∂E/∂h_T‖ under this has vanished; over [`EXPLODED`], exploded.
pub const VANISHED: f64 = 1e-2;
pub const EXPLODED: f64 = 1e2;

/// What the gradient did on its way back.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fate {
    Vanishes,
    Explodes,
    Neither,
}

impl Fate {
    pub fn of(ratio: f64) -> Fate {
        if ratio < VANISHED {
            Fate::Vanishes
        } else if ratio > EXPLODED {
            Fate::Explodes
        } else {
            Fate::Neither
        }
    }
}

/// One network's gradient followed back through time.
#[derive(Clone, Debug, PartialEq)]
pub struct Curve {
    /// ‖∂E/∂h_t‖ for t = 1 … T (the norm over the batch and the units).
    pub norms: Vec<f64>,
    /// The prediction of ‖∂E/∂h_t‖/‖∂E/∂h_T‖ for every t from the forward pass alone: the
    /// product over the steps after t of s·rms(tanh′(z)) (1 at t = T).
    pub predicted_by_step: Vec<f64>,
}

impl Curve {
    /// ‖∂E/∂h_1‖/‖∂E/∂h_T‖, measured.
    pub fn ratio(&self) -> f64 {
        self.norms[0] / self.norms[self.norms.len() - 1]
    }

    /// ‖∂E/∂h_1‖/‖∂E/∂h_T‖, predicted.
    pub fn predicted(&self) -> f64 {
        self.predicted_by_step[0]
    }
}

// ANCHOR: gradient_curve
/// The recall task's loss at initialization, for a plain network of `hidden` units with
/// W_h = `scale`·Q, on `length` steps of input drawn from `seed`: ‖∂E/∂h_t‖ for every t by
/// BPTT (truncated to `window` steps, if given), and the ratio chapter 8's argument predicts.
/// Going one step back multiplies the gradient by diag(1 − h_t²)·W_hᵀ; W_h multiplies every
/// length by s and the diagonal, on average, by the root mean square of tanh′ at that step.
pub fn gradient_curve(
    hidden: usize,
    length: usize,
    scale: f64,
    window: Option<usize>,
    seed: u64,
) -> Curve {
    let task = Recall {
        symbols: 4,
        delay: length - 1,
    };
    let cell = RnnCell::init(task.symbols, hidden, scale, &mut seeded(seed));
    let mut net = SequenceNet::new(cell, task.symbols, &mut seeded(seed.wrapping_add(1)));
    net.rnn.truncate = window;
    let (x, first) = task.batch(32, &mut seeded(seed.wrapping_add(2)));
    let states = net.rnn.forward(&x);
    let (_, grad) = sequence_loss(&net.head.forward(&states), &Targets::Last(first));
    let grad_states = net.head.backward(&grad);
    let mut norms = vec![0.0; length];
    net.rnn.backward_watching(&grad_states, |t, g| {
        norms[t] = g.iter().map(|v| v * v).sum::<f64>().sqrt();
    });
    // Going back from step t + 1 to step t multiplies by s·rms(tanh′ at step t + 1).
    let mut predicted_by_step = vec![1.0; length];
    for t in (0..length - 1).rev() {
        let slope = states
            .index_axis(ndarray::Axis(1), t + 1)
            .mapv(|h| (1.0 - h * h).powi(2));
        predicted_by_step[t] =
            predicted_by_step[t + 1] * scale * slope.mean().unwrap_or(0.0).sqrt();
    }
    Curve {
        norms,
        predicted_by_step,
    }
}
// ANCHOR_END: gradient_curve

/// One scale of W_h over the seeds.
#[derive(Clone, Debug, PartialEq)]
pub struct ScaleRow {
    pub scale: f64,
    pub curves: Vec<Curve>,
    /// ‖∂E/∂h_1‖/‖∂E/∂h_T‖ over the seeds: measured and predicted; and the factor per step
    /// back (the ratio's (T − 1)-th root), measured and predicted.
    pub ratio: Spread,
    pub predicted: Spread,
    pub per_step: Spread,
    pub per_step_predicted: Spread,
    /// What the median ratio did.
    pub fate: Fate,
}

/// Section 3.
#[derive(Clone, Debug, PartialEq)]
pub struct ThroughTime {
    pub hidden: usize,
    pub length: usize,
    pub seeds: Vec<u64>,
    pub rows: Vec<ScaleRow>,
    /// The first seed's curve at s = 1 with BPTT truncated to `window` steps.
    pub window: usize,
    pub truncated: Curve,
}

impl ThroughTime {
    /// How many of the first steps get exactly no gradient in the truncated curve.
    pub fn cut_off(&self) -> usize {
        self.truncated
            .norms
            .iter()
            .take_while(|&&n| n == 0.0)
            .count()
    }
}

/// Section 3: the gradient curve for every scale in [`SCALES`] and every seed.
pub fn through_time(config: &Config) -> ThroughTime {
    let seeds = config.seed_list();
    let (hidden, length) = (config.hidden, config.length);
    let curves = grid(&SCALES, &seeds, |&s, seed| {
        gradient_curve(hidden, length, s, None, seed)
    });
    let rows = SCALES
        .iter()
        .zip(curves)
        .map(|(&scale, curves)| {
            let ratios: Vec<f64> = curves.iter().map(Curve::ratio).collect();
            let predicted: Vec<f64> = curves.iter().map(Curve::predicted).collect();
            let root = |r: &f64| r.powf(1.0 / (length - 1) as f64);
            let per_step: Vec<f64> = ratios.iter().map(root).collect();
            let per_step_predicted: Vec<f64> = predicted.iter().map(root).collect();
            let ratio = Spread::of(&ratios);
            ScaleRow {
                scale,
                fate: Fate::of(ratio.median),
                ratio,
                predicted: Spread::of(&predicted),
                per_step: Spread::of(&per_step),
                per_step_predicted: Spread::of(&per_step_predicted),
                curves,
            }
        })
        .collect();
    ThroughTime {
        hidden,
        length,
        seeds,
        rows,
        window: config.window,
        truncated: gradient_curve(hidden, length, 1.0, Some(config.window), config.seed),
    }
}

// ---------------------------------------------------------------------------------------
// 4. Training on the exploding case: clipping, truncation

/// How a training variant is set up.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Guard {
    /// Plain SGD, whatever the gradient's size.
    None,
    /// SGD on the gradient clipped to the config's norm.
    Clip,
    /// Clipped, and truncated BPTT with the config's window.
    ClipAndWindow,
}

/// One training run on the recall task.
#[derive(Clone, Debug, PartialEq)]
pub struct Run {
    pub seed: u64,
    pub records: Vec<StepRecord>,
    /// Accuracy on 1000 fresh sequences (NaN if the run diverged).
    pub accuracy: f64,
    /// A loss or gradient stopped being finite.
    pub diverged: bool,
}

/// A run's outcome over the seeds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Median accuracy at least [`LEARNED`].
    Learns,
    /// Finite, median accuracy below [`LEARNED`].
    Fails,
    /// Some seed's loss or gradient was not finite.
    Diverged,
}

/// The accuracy from which the recall task counts as learned (chance: 1/4).
pub const LEARNED: f64 = 0.9;

impl Outcome {
    fn of(runs: &[Run], accuracy: &Spread) -> Outcome {
        if runs.iter().any(|r| r.diverged) {
            Outcome::Diverged
        } else if accuracy.median >= LEARNED {
            Outcome::Learns
        } else {
            Outcome::Fails
        }
    }
}

/// One variant over the seeds.
#[derive(Clone, Debug, PartialEq)]
pub struct VariantRow {
    pub guard: Guard,
    pub runs: Vec<Run>,
    pub accuracy: Spread,
    pub outcome: Outcome,
}

/// Section 4.
#[derive(Clone, Debug, PartialEq)]
pub struct Exploding {
    pub hidden: usize,
    pub delay: usize,
    pub scale: f64,
    pub lr: f64,
    pub steps: usize,
    pub clip: f64,
    pub window: usize,
    pub seeds: Vec<u64>,
    pub rows: Vec<VariantRow>,
}

impl Exploding {
    pub fn row(&self, guard: Guard) -> &VariantRow {
        self.rows
            .iter()
            .find(|r| r.guard == guard)
            .expect("every guard")
    }
}

/// The fraction of 1000 fresh sequences of `task` whose first symbol `net` names.
pub fn recall_accuracy<C: Cell + 'static>(net: &SequenceNet<C>, task: Recall, seed: u64) -> f64 {
    let (x, first) = task.batch(1000, &mut seeded(seed));
    accuracy(&last_step(&net.infer(&x)), &first)
}

// ANCHOR: train_recall
/// Trains `cell` on `task` with `optimizer`: `steps` batches of 32 fresh sequences.
pub fn train_recall<C: Cell + 'static>(
    cell: C,
    task: Recall,
    optimizer: &mut impl ch03_relu_xor::Optimizer,
    lr: f64,
    steps: usize,
    window: Option<usize>,
    seed: u64,
) -> Run {
    let mut net = SequenceNet::new(cell, task.symbols, &mut seeded(seed.wrapping_add(1)));
    net.rnn.truncate = window;
    let mut rng = seeded(seed.wrapping_add(2));
    let draw = |_| {
        let (x, first) = task.batch(32, &mut rng);
        (x, Targets::Last(first))
    };
    let records = train(&mut net, optimizer, lr, steps, draw, |_, _| {});
    let diverged = records.len() < steps || records.iter().any(|r| !r.loss.is_finite());
    Run {
        seed,
        accuracy: if diverged {
            f64::NAN
        } else {
            recall_accuracy(&net, task, seed.wrapping_add(3))
        },
        records,
        diverged,
    }
}
// ANCHOR_END: train_recall

/// Section 4: the plain network with W_h = s·Q (s = `config.scale`) trained on the recall
/// task with plain SGD: unguarded, clipped, and clipped with a truncated window.
pub fn exploding(config: &Config) -> Exploding {
    let task = Recall {
        symbols: 4,
        delay: config.delay,
    };
    let seeds = config.seed_list();
    let guards = [Guard::None, Guard::Clip, Guard::ClipAndWindow];
    // --steps 5000 takes seconds: say how far it is.
    let progress = Progress::new(
        config.progress,
        "section 4, the exploding case's trainings",
        guards.len() * seeds.len(),
    );
    let runs = grid(&guards, &seeds, |&guard, seed| {
        let cell = RnnCell::init(task.symbols, config.hidden, config.scale, &mut seeded(seed));
        let window = (guard == Guard::ClipAndWindow).then_some(config.window);
        let run = if guard == Guard::None {
            train_recall(cell, task, &mut Sgd, config.lr, config.steps, window, seed)
        } else {
            let mut clipped = ClipByNorm::new(Sgd, config.clip);
            train_recall(
                cell,
                task,
                &mut clipped,
                config.lr,
                config.steps,
                window,
                seed,
            )
        };
        progress.tick();
        run
    });
    let rows = guards
        .iter()
        .zip(runs)
        .map(|(&guard, runs)| {
            let acc: Vec<f64> = runs.iter().map(|r| r.accuracy).collect();
            let accuracy = Spread::of(&acc);
            VariantRow {
                guard,
                outcome: Outcome::of(&runs, &accuracy),
                accuracy,
                runs,
            }
        })
        .collect();
    Exploding {
        hidden: config.hidden,
        delay: config.delay,
        scale: config.scale,
        lr: config.lr,
        steps: config.steps,
        clip: config.clip,
        window: config.window,
        seeds,
        rows,
    }
}

// ---------------------------------------------------------------------------------------
// 5. How far back each cell learns (--long)

/// The delays of the memory sweep.
pub const DELAYS: [usize; 5] = [4, 8, 16, 32, 64];

/// The cells compared on the recall task.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum CellKind {
    Plain,
    /// A GRU whose update gate's bias starts at this value.
    Gru(f64),
}

impl CellKind {
    pub fn name(self) -> String {
        match self {
            CellKind::Plain => "plain".into(),
            CellKind::Gru(b) => format!("GRU, update bias {b}"),
        }
    }
}

/// The memory sweep's training: Adam, learning rate 0.01, 1000 batches of 32.
pub const MEMORY_STEPS: usize = 1000;
pub const MEMORY_LR: f64 = 0.01;

/// One cell at one delay over the seeds.
#[derive(Clone, Debug, PartialEq)]
pub struct MemoryCell {
    pub delay: usize,
    pub accuracy: Spread,
    pub runs: Vec<Run>,
}

/// One cell over the delays.
#[derive(Clone, Debug, PartialEq)]
pub struct MemoryRow {
    pub kind: CellKind,
    pub cells: Vec<MemoryCell>,
}

impl MemoryRow {
    /// The longest delay up to which every delay is learned (median accuracy ≥ [`LEARNED`]),
    /// or 0 if the first is not.
    pub fn reach(&self) -> usize {
        self.cells
            .iter()
            .take_while(|c| c.accuracy.median >= LEARNED)
            .last()
            .map_or(0, |c| c.delay)
    }
}

/// Section 5.
#[derive(Clone, Debug, PartialEq)]
pub struct Memory {
    pub hidden: usize,
    pub seeds: Vec<u64>,
    pub rows: Vec<MemoryRow>,
}

impl Memory {
    pub fn row(&self, kind: CellKind) -> &MemoryRow {
        self.rows
            .iter()
            .find(|r| r.kind == kind)
            .expect("every kind")
    }
}

/// The three cells of the memory sweep.
pub const KINDS: [CellKind; 3] = [CellKind::Plain, CellKind::Gru(0.0), CellKind::Gru(1.0)];

// ANCHOR: memory
/// Section 5: each cell of [`KINDS`] (W_h = 1·Q, at the edge) trained on the recall task at
/// every delay of [`DELAYS`], from every seed.
pub fn memory(config: &Config) -> Memory {
    let seeds = config.seed_list();
    let plan: Vec<(CellKind, usize)> = KINDS
        .iter()
        .flat_map(|&k| DELAYS.iter().map(move |&d| (k, d)))
        .collect();
    let runs = grid(&plan, &seeds, |&(kind, delay), seed| {
        let task = Recall { symbols: 4, delay };
        let (h, rng) = (config.hidden, &mut seeded(seed));
        let run = match kind {
            CellKind::Plain => {
                let cell = RnnCell::init(4, h, 1.0, rng);
                train_recall(
                    cell,
                    task,
                    &mut Adam::new(),
                    MEMORY_LR,
                    MEMORY_STEPS,
                    None,
                    seed,
                )
            }
            CellKind::Gru(bias) => {
                let cell = GruCell::init(4, h, 1.0, rng).with_update_bias(bias);
                train_recall(
                    cell,
                    task,
                    &mut Adam::new(),
                    MEMORY_LR,
                    MEMORY_STEPS,
                    None,
                    seed,
                )
            }
        };
        if config.progress {
            nn_core::progress!(
                "recall, {}, delay {delay}, seed {seed}: accuracy {:.3}",
                kind.name(),
                run.accuracy
            );
        }
        run
    });
    let mut runs = runs.into_iter();
    let rows = KINDS
        .iter()
        .map(|&kind| MemoryRow {
            kind,
            cells: DELAYS
                .iter()
                .map(|&delay| {
                    let runs = runs.next().expect("one row per cell and delay");
                    let acc: Vec<f64> = runs.iter().map(|r| r.accuracy).collect();
                    MemoryCell {
                        delay,
                        accuracy: Spread::of(&acc),
                        runs,
                    }
                })
                .collect(),
        })
        .collect();
    Memory {
        hidden: config.hidden,
        seeds,
        rows,
    }
}
// ANCHOR_END: memory

// ---------------------------------------------------------------------------------------
// 6. The language model

/// One cell trained as a language model, over the seeds.
#[derive(Clone, Debug, PartialEq)]
pub struct LanguageRow {
    pub kind: CellKind,
    /// Validation loss (nats per character) before and after training, over the seeds.
    pub before: Spread,
    pub after: Spread,
    /// The median over the seeds of the training loss at every step.
    pub curve: Vec<f64>,
    /// Text written by the first seed's model after the prompt.
    pub sample: String,
}

impl LanguageRow {
    /// The mean of the median training loss over the last 100 steps (all, if fewer).
    pub fn final_training_loss(&self) -> f64 {
        let tail = &self.curve[self.curve.len().saturating_sub(100)..];
        tail.iter().sum::<f64>() / tail.len() as f64
    }
}

/// Section 6.
#[derive(Clone, Debug, PartialEq)]
pub struct Language {
    pub budget: Budget,
    pub long: bool,
    pub hidden: usize,
    pub train_characters: usize,
    pub validation_characters: usize,
    pub vocabulary: usize,
    /// −Σ p ln p over the training text's character frequencies: the loss of a model that
    /// knows only how often each character occurs.
    pub unigram: f64,
    pub seeds: Vec<u64>,
    pub prompt: String,
    pub temperature: f64,
    pub rows: Vec<LanguageRow>,
}

/// Section 6: the plain cell and the GRU (with `--long`, over the seeds, the full budget;
/// otherwise the GRU alone, one seed, a short budget).
pub fn language(config: &Config) -> Language {
    let corpus = Corpus::book();
    let (budget, kinds, seeds) = if config.long {
        (
            Budget::FULL,
            vec![CellKind::Plain, CellKind::Gru(1.0)],
            config.seed_list(),
        )
    } else {
        (Budget::SHORT, vec![CellKind::Gru(1.0)], vec![config.seed])
    };
    let prompt = corpus.encode(&config.prompt).expect("validated");
    let v = corpus.size();
    let runs = grid(&kinds, &seeds, |&kind, seed| {
        let progress = |step: usize, loss: f64| {
            if config.progress && config.long {
                nn_core::progress!(
                    "language model, {}, seed {seed}: step {step}, loss {loss:.3}",
                    kind.name()
                );
            }
        };
        let rng = &mut seeded(seed);
        let (before, after, records, text) = match kind {
            CellKind::Plain => {
                let cell = RnnCell::init(v, HIDDEN, 1.0, rng);
                let run = train_language(cell, &corpus, budget, seed, progress);
                let text = sample(&run.net, &corpus, &prompt, 200, config.temperature, seed);
                (
                    run.validation_before,
                    run.validation_after,
                    run.records,
                    text,
                )
            }
            CellKind::Gru(bias) => {
                let cell = crate::language::gru(v, rng).with_update_bias(bias);
                let run = train_language(cell, &corpus, budget, seed, progress);
                let text = sample(&run.net, &corpus, &prompt, 200, config.temperature, seed);
                (
                    run.validation_before,
                    run.validation_after,
                    run.records,
                    text,
                )
            }
        };
        (before, after, records, text)
    });
    let rows = kinds
        .iter()
        .zip(runs)
        .map(|(&kind, runs)| {
            let curve = (0..budget.steps)
                .map(|s| {
                    let at: Vec<f64> = runs
                        .iter()
                        .map(|r| r.2.get(s).map_or(f64::NAN, |r| r.loss))
                        .collect();
                    Spread::of(&at).median
                })
                .collect();
            LanguageRow {
                kind,
                before: Spread::of(&runs.iter().map(|r| r.0).collect::<Vec<_>>()),
                after: Spread::of(&runs.iter().map(|r| r.1).collect::<Vec<_>>()),
                curve,
                sample: runs[0].3.clone(),
            }
        })
        .collect();
    Language {
        budget,
        long: config.long,
        hidden: HIDDEN,
        train_characters: corpus.train.len(),
        validation_characters: corpus.validation.len(),
        vocabulary: v,
        unigram: corpus.unigram_entropy(),
        seeds,
        prompt: config.prompt.clone(),
        temperature: config.temperature,
        rows,
    }
}
