//! The chapter's experiments, one function per section of the report: chapter 3's trace on the
//! scalar tape ([`trace`]), every operation's gradient check ([`checks`]), chapter 5's digits
//! network trained through the tape beside the hand-written one ([`digits`]), one step of
//! chapter 6's CNN and of chapter 7's network both ways ([`steps`]), what the tape holds
//! alive ([`memory`]), full Jacobians by forward and by reverse mode ([`forward_mode`]),
//! gradients added up over backward passes and micro-batches ([`accumulation`]), and a first
//! layer kept against recomputed ([`recomputing`]).

use ch03_relu_xor::trace::traces;
use ch03_relu_xor::trace::Trace;
use ch03_relu_xor::{accuracy, Batches, Layer, Loss, Mlp, Optimizer, Sgd, SoftmaxCrossEntropy};
use ch05_softmax::bits::{BitsLoss, Squash};
use ch05_softmax::digits::{scaled, split};
use ch05_softmax::sgd::Shuffled;
use ch05_softmax::SmoothedCrossEntropy;
use ch06_conv_saliency::conv::Padding;
use ch06_conv_saliency::Cnn;
use ch07_batch_norm::bits_net;
use ch07_batch_norm::task::bit_task;
use clap::Parser;
use ndarray::{Array1, Array2, Axis, IxDyn};
use nn_core::gradcheck::{check_gradient, relative_error, GradCheck};
use nn_core::report::Progress;
use nn_core::rng::{rand_distr::StandardNormal, seeded, RandomExt, Rng};
use nn_core::Result;

use crate::accumulate::GradSum;
use crate::check::check_op;
use crate::forward::{jacobian_forward, jacobian_reverse};
use crate::networks::TapeNet;
use crate::ops::{relu, Activation, Conv, Linear, LossOp, Norm, Reshape};
use crate::scalar::{Grads, Node, Tape, Var};
use crate::softplus::Softplus;
use crate::tape::{ArrayGrads, Tensor};
use crate::unit::on_tape;

// ANCHOR: config
/// The chapter's settings; `Config::default()` is what `cargo run -p ch10-autograd` uses:
/// chapter 5's digits network with chapter 5's defaults, for fewer epochs.
#[derive(Clone, Debug, PartialEq, Parser)]
#[command(
    name = "ch10-autograd",
    about = "Chapter 10: automatic differentiation — the backward pass run by a program"
)]
pub struct Config {
    /// Seed of the digits split, the initial weights and the mini-batch order (0 to
    /// 9223372036854775807).
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// Hidden units of the digits network (1 to 512).
    #[arg(long, default_value_t = 128)]
    pub hidden: usize,
    /// Learning rate of mini-batch SGD (above 0, at most 10).
    #[arg(long, default_value_t = 0.1)]
    pub lr: f64,
    /// Epochs of the digits network, trained by hand and through the tape (1 to 100).
    #[arg(long, default_value_t = 10)]
    pub epochs: usize,
    /// Samples per mini-batch (1 to 1437).
    #[arg(long, default_value_t = 32)]
    pub batch_size: usize,
    /// Filters of chapter 6's CNN (1 to 32).
    #[arg(long, default_value_t = 8)]
    pub filters: usize,
    /// Print progress on stderr during a long run (the program does, unless --quiet).
    #[arg(skip)]
    pub progress: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config::parse_from(["ch10-autograd"])
    }
}
// ANCHOR_END: config

impl Config {
    /// Refuses settings the experiments cannot run with, naming the flag. [`run`] calls it.
    pub fn validate(&self) -> Result<()> {
        nn_core::cli::seed(self.seed)?;
        nn_core::cli::within("hidden", self.hidden, 1..=512)?;
        nn_core::cli::rate("lr", self.lr, 10.0)?;
        nn_core::cli::within("epochs", self.epochs, 1..=100)?;
        nn_core::cli::within("batch-size", self.batch_size, 1..=1437)?;
        nn_core::cli::within("filters", self.filters, 1..=32)
    }
}

/// Everything the chapter measures, one field per section of the report.
#[derive(Clone, Debug)]
pub struct Report {
    pub config: Config,
    /// Section 1.
    pub trace: TraceSection,
    /// Section 2.
    pub checks: Vec<CheckRow>,
    /// Section 3.
    pub digits: Digits,
    /// Section 4.
    pub steps: Vec<OneStep>,
    /// Section 5.
    pub memory: Vec<MemoryRow>,
    /// Section 6.
    pub forward_mode: ForwardMode,
    /// Section 7.
    pub accumulation: Accumulation,
    /// Section 8.
    pub recomputing: Vec<RecomputeRow>,
}

/// Runs every section with `config`.
pub fn run(config: &Config) -> Result<Report> {
    config.validate()?;
    Ok(Report {
        config: config.clone(),
        trace: trace(),
        checks: checks(),
        digits: digits(config),
        steps: steps(config),
        memory: memory(config),
        forward_mode: forward_mode(config),
        accumulation: accumulation(config),
        recomputing: recomputing(config),
    })
}

// ---------------------------------------------------------------------------------------
// 1. Chapter 3's trace on the scalar tape

/// Section 1: chapter 3's hand traces and the tape's, and the tape drawn.
#[derive(Clone, Debug)]
pub struct TraceSection {
    /// Chapter 3's trace with the hidden unit on: by hand, then read off the tape.
    pub hand: Trace,
    pub tape: Trace,
    /// The nodes of that trace's tape and their gradients, for the figure.
    pub graph: Vec<Node>,
    pub grads: Grads,
    /// Chapter 3's other two traces (unit off; revived by another sample): equal on the tape?
    pub others_equal: Vec<(&'static str, bool)>,
}

/// Section 1.
pub fn trace() -> TraceSection {
    let c3 = traces();
    let (graph, grads, tape) = on_tape(c3.on.x, c3.on.y, c3.on.params, c3.on.lr);
    let others_equal = [("unit off", c3.off), ("unit revived", c3.revived)]
        .into_iter()
        .map(|(name, hand)| {
            (
                name,
                on_tape(hand.x, hand.y, hand.params, hand.lr).2 == hand,
            )
        })
        .collect();
    TraceSection {
        hand: c3.on,
        tape,
        graph: graph.into_nodes(),
        grads,
        others_equal,
    }
}

// ---------------------------------------------------------------------------------------
// 2. Every operation's VJP against finite differences

/// One gradient check: an operation, one of its inputs, and the worst element.
#[derive(Clone, Debug)]
pub struct CheckRow {
    pub op: &'static str,
    pub input: &'static str,
    pub check: GradCheck,
}

fn random(shape: &[usize], seed: u64) -> Tensor {
    Tensor::random_using(IxDyn(shape), StandardNormal, &mut seeded(seed))
}

// ANCHOR: checks
/// Section 2: each array operation's VJP checked on random inputs (ReLU's kept 0.05 away from
/// its kink).
pub fn checks() -> Vec<CheckRow> {
    let (x, w, b) = (random(&[5, 3], 1), random(&[3, 4], 2), random(&[4], 3));
    let away = x.mapv(|v| if v.abs() < 0.05 { 0.5 } else { v });
    let labels = [2, 0, 1, 1, 2];
    let images = random(&[2, 2, 5, 5], 10);
    let (k, kb) = (random(&[3, 2, 3, 3], 11), random(&[3], 12));
    let (gamma, beta) = (random(&[3], 14), random(&[3], 15));
    let one = std::slice::from_ref;
    let mut rows = Vec::new();
    let mut add = |op, names: &[&'static str], checks: Vec<GradCheck>| {
        for (&input, check) in names.iter().zip(checks) {
            rows.push(CheckRow { op, input, check });
        }
    };
    let xwb = [x.clone(), w, b];
    add(
        "linear (ch. 3)",
        &["X", "W", "b"],
        check_op(Linear::default, &xwb, 4),
    );
    add("ReLU (ch. 3)", &["X"], check_op(relu, one(&away), 5));
    let sigmoid = || Activation::new("sigmoid", ch01_sigmoid_neuron::Sigmoid::default());
    add("sigmoid (ch. 1)", &["X"], check_op(sigmoid, one(&x), 6));
    let tanh = || Activation::new("tanh", ch01_sigmoid_neuron::Tanh::default());
    add("tanh (ch. 1)", &["X"], check_op(tanh, one(&x), 7));
    let ce = || LossOp::new("cross-entropy", SoftmaxCrossEntropy::default(), &labels);
    add(
        "cross-entropy (ch. 3)",
        &["logits"],
        check_op(ce, one(&x), 8),
    );
    let smoothed = || LossOp::new("cross-entropy", SmoothedCrossEntropy::new(0.1), &labels);
    add(
        "smoothed, ε = 0.1 (ch. 5)",
        &["logits"],
        check_op(smoothed, one(&x), 9),
    );
    for (name, padding) in [
        ("conv, same (ch. 6)", Padding::Same),
        ("conv, valid (ch. 6)", Padding::Valid),
    ] {
        let inputs = [images.clone(), k.clone(), kb.clone()];
        add(
            name,
            &["images", "K", "b"],
            check_op(|| Conv::new(padding), &inputs, 13),
        );
    }
    let norm_inputs = [&x * 3.0, gamma, beta];
    add(
        "batch norm (ch. 7)",
        &["X", "γ", "β"],
        check_op(Norm::default, &norm_inputs, 16),
    );
    let reshape = || Reshape { shape: vec![15] };
    add("reshape", &["X"], check_op(reshape, one(&x), 17));
    add(
        "softplus (new)",
        &["X"],
        check_op(|| Softplus, one(&(&x * 4.0)), 18),
    );
    rows
}
// ANCHOR_END: checks

// ---------------------------------------------------------------------------------------
// 3. Chapter 5's digits network, by hand and through the tape, step by step

/// Section 3: both networks trained side by side from the same weights on the same batches.
#[derive(Clone, Debug)]
pub struct Digits {
    pub steps: usize,
    /// The largest relative difference between any gradient element of the two, over all
    /// steps (relative as in the gradient checks; 0 if bit for bit equal).
    pub max_gradient_difference: f64,
    /// The largest relative difference between the two batch losses.
    pub max_loss_difference: f64,
    /// The largest relative difference between any weight of the two networks after training.
    pub final_weight_difference: f64,
    /// Test accuracy of the hand-written network and of the taped one.
    pub hand_accuracy: f64,
    pub tape_accuracy: f64,
    /// Mean training loss of the last epoch.
    pub final_loss: f64,
    pub n_train: usize,
    pub n_test: usize,
}

/// The difference of two numbers: 0 for the same bits (NaN included), else the relative
/// error, NaN if only one is NaN.
pub fn difference(a: f64, b: f64) -> f64 {
    if a.to_bits() == b.to_bits() {
        0.0
    } else {
        relative_error(a, b)
    }
}

/// The larger of two differences; a NaN one wins (`f64::max` would drop it).
fn worse(m: f64, d: f64) -> f64 {
    if m.is_nan() || d.is_nan() {
        f64::NAN
    } else {
        m.max(d)
    }
}

/// The largest [`difference`] between two arrays' elements.
pub fn max_relative_difference<'a>(
    a: impl IntoIterator<Item = &'a f64>,
    b: impl IntoIterator<Item = &'a f64>,
) -> f64 {
    a.into_iter()
        .zip(b)
        .map(|(&a, &b)| difference(a, b))
        .fold(0.0, worse)
}

/// Every gradient of a hand-written network, in its visiting order.
fn hand_gradients(net: &mut impl Layer) -> Vec<Tensor> {
    let mut grads = Vec::new();
    net.visit_parameters(&mut |p| grads.push(p.grad.to_owned()));
    grads
}

/// Every gradient's largest relative difference between a hand-written network and a tape.
fn gradient_difference(hand: &mut impl Layer, tape: &TapeNet, grads: &ArrayGrads) -> Vec<f64> {
    hand_gradients(hand)
        .iter()
        .zip(&tape.params)
        .map(|(h, &p)| max_relative_difference(h, grads.of(p).expect("a gradient")))
        .collect()
}

// ANCHOR: digits
/// Section 3: chapter 5's network and data (its split, scaling, initialisation, batch order
/// and loss), trained by chapter 3's hand-written backward pass and through the tape, in
/// lockstep, comparing every gradient at every step.
pub fn digits(config: &Config) -> Digits {
    let (train, test) = split(config.seed);
    let (x, labels) = (scaled(&train), train.labels.to_vec());
    let mut hand = Mlp::new(64, config.hidden, 10, &mut seeded(config.seed));
    let mut taped = TapeNet::mlp(&mut hand);
    let mut batches = Shuffled::new(config.batch_size, config.seed);
    let (mut sgd_hand, mut sgd_tape) = (Sgd, Sgd);
    let (mut steps, mut max_grad, mut max_loss, mut final_loss) = (0, 0.0_f64, 0.0_f64, 0.0);
    let progress = Progress::new(config.progress, "section 3, epochs", config.epochs);
    for _ in 0..config.epochs {
        let mut total = 0.0;
        for batch in batches.epoch(labels.len()) {
            let xb = x.select(Axis(0), &batch);
            let yb: Vec<usize> = batch.iter().map(|&i| labels[i]).collect();
            // By hand: chapter 3's layers, chapter 5's loss with ε = 0.
            let mut loss = SmoothedCrossEntropy::new(0.0);
            let hand_loss = loss.forward(&hand.forward(&xb), &yb);
            hand.backward_params(&loss.backward());
            // Through the tape: the forward pass only; `step` runs backward and SGD.
            let l = taped.loss(&xb, SmoothedCrossEntropy::new(0.0), &yb);
            let tape_loss = taped.tape.value(l).sum();
            let grads = taped.step(l, &mut sgd_tape, config.lr);
            for d in gradient_difference(&mut hand, &taped, &grads) {
                max_grad = worse(max_grad, d);
            }
            max_loss = worse(max_loss, difference(hand_loss, tape_loss));
            total += hand_loss * batch.len() as f64;
            sgd_hand.step(config.lr, &mut hand);
            steps += 1;
        }
        final_loss = total / labels.len() as f64;
        progress.tick();
    }
    let weights = hand_values(&mut hand);
    let final_weight_difference = weights
        .iter()
        .zip(&taped.params)
        .map(|(w, &p)| max_relative_difference(w, taped.tape.value(p)))
        .fold(0.0, worse);
    let xt = scaled(&test);
    Digits {
        steps,
        max_gradient_difference: max_grad,
        max_loss_difference: max_loss,
        final_weight_difference,
        hand_accuracy: accuracy(&hand.infer(&xt), &test.labels.to_vec()),
        tape_accuracy: accuracy(&taped.predict(&xt), &test.labels.to_vec()),
        final_loss,
        n_train: train.len(),
        n_test: test.len(),
    }
}
// ANCHOR_END: digits

/// Every parameter's value of a hand-written network, in its visiting order.
fn hand_values(net: &mut impl Layer) -> Vec<Tensor> {
    let mut values = Vec::new();
    net.visit_parameters(&mut |p| values.push(p.value.to_owned()));
    values
}

// ---------------------------------------------------------------------------------------
// 4. One step of chapter 6's CNN

/// Section 4: one training step of a network, by hand and on the tape.
#[derive(Clone, Debug)]
pub struct OneStep {
    pub network: String,
    pub batch: usize,
    /// Each parameter's gradient, by hand against the tape.
    pub rows: Vec<ParamRow>,
    pub loss_difference: f64,
}

/// One parameter of [`OneStep`]: its name, shape, and the largest relative difference of its
/// gradient.
#[derive(Clone, Debug)]
pub struct ParamRow {
    pub name: &'static str,
    pub shape: Vec<usize>,
    pub difference: f64,
}

/// One forward and backward pass of `hand` and of `taped` (the same weights) on a batch:
/// every parameter gradient compared. `names` label the parameters in the report ("fc1 W");
/// each ends with the name the network gives that parameter when visited.
fn one_step<M: Layer, L: Loss + Clone + 'static>(
    network: String,
    hand: &mut M,
    taped: &mut TapeNet,
    names: &[&'static str],
    (x, targets): (&Array2<f64>, &L::Target),
    loss: L,
) -> OneStep {
    let mut hand_loss = loss.clone();
    let hand_value = hand_loss.forward(&hand.forward(x), targets);
    hand.backward_params(&hand_loss.backward());
    let l = taped.loss(x, loss, targets);
    let tape_value = taped.tape.value(l).sum();
    let grads = taped.tape.backward(l);
    let shapes = taped
        .params
        .iter()
        .map(|&p| taped.tape.value(p).shape().to_vec());
    let rows = names
        .iter()
        .zip(&taped.names)
        .zip(shapes)
        .zip(gradient_difference(hand, taped, &grads))
        .map(|(((&name, visited), shape), difference)| {
            assert!(name.ends_with(visited), "{name} is the network's {visited}");
            ParamRow {
                name,
                shape,
                difference,
            }
        })
        .collect();
    OneStep {
        network,
        batch: x.nrows(),
        rows,
        loss_difference: difference(hand_value, tape_value),
    }
}

// ANCHOR: steps
/// Section 4: one step of chapter 6's CNN on a batch of training digits, and one of chapter
/// 7's network (batch norm, training mode) on a batch of its bit task, by hand and on the tape.
pub fn steps(config: &Config) -> Vec<OneStep> {
    let n = config.batch_size;
    let (train, _) = split(config.seed);
    let batch: Vec<usize> = (0..n.min(train.len())).collect();
    let xb = scaled(&train).select(Axis(0), &batch);
    let yb: Vec<usize> = batch.iter().map(|&i| train.labels[i]).collect();
    let mut cnn = Cnn::new(config.filters, &mut seeded(config.seed));
    let cnn_names = ["conv K", "conv b", "dense W", "dense b"];
    let cnn_step = one_step(
        format!("Chapter 6's CNN, {}", count(config.filters, "filter")),
        &mut cnn.clone(),
        &mut TapeNet::cnn(&mut cnn),
        &cnn_names,
        (&xb, &yb[..]),
        SoftmaxCrossEntropy::default(),
    );
    let (x, bits) = bit_task(n, config.seed);
    let targets = Squash::Tanh.targets(&bits, 0.0);
    let mut net = bits_net(true, &mut seeded(config.seed));
    let names = [
        "fc1 W", "fc1 b", "bn1 γ", "bn1 β", "fc2 W", "fc2 b", "bn2 γ", "bn2 β", "out W", "out b",
    ];
    let bits_step = one_step(
        "Chapter 7's network, batch norm, tanh".into(),
        &mut net.clone(),
        &mut TapeNet::bits(&mut net),
        &names,
        (&x, &targets),
        BitsLoss::new(Squash::Tanh),
    );
    vec![cnn_step, bits_step]
}
// ANCHOR_END: steps

/// "1 filter", "8 filters".
pub fn count(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

// ---------------------------------------------------------------------------------------
// 5. What the tape holds alive

/// Section 5: after one forward pass, what is kept for the backward pass, in f64 values.
#[derive(Clone, Debug, PartialEq)]
pub struct MemoryRow {
    pub network: &'static str,
    /// The tape's node arrays (not the parameters) and what its operations keep.
    pub tape: crate::tape::Memory,
    /// What the hand-written layers cache: their inputs, and the loss's probabilities.
    pub hand: usize,
    pub ops: Vec<String>,
}

// ANCHOR: memory
/// Section 5: one batch of `config.batch_size` through each network.
pub fn memory(config: &Config) -> Vec<MemoryRow> {
    let (n, h, f) = (config.batch_size, config.hidden, config.filters);
    let x = Array2::zeros((n, 64));
    let labels = vec![0; n];
    let mut mlp = TapeNet::mlp(&mut Mlp::new(64, h, 10, &mut seeded(config.seed)));
    mlp.loss(&x, SmoothedCrossEntropy::new(0.0), &labels);
    let mut cnn = TapeNet::cnn(&mut Cnn::new(f, &mut seeded(config.seed)));
    cnn.loss(&x, SoftmaxCrossEntropy::default(), &labels);
    let p = f * 64; // the CNN's features after the convolution
    vec![
        MemoryRow {
            network: "digits MLP (ch. 5)",
            tape: mlp.tape.memory(mlp.params.len()),
            // Dense₁ keeps X (n·64), ReLU its input (n·h), Dense₂ its input (n·h); the loss
            // its probabilities (n·10).
            hand: n * 64 + 2 * n * h + n * 10,
            ops: mlp.tape.op_names(mlp.params.len()),
        },
        MemoryRow {
            network: "CNN (ch. 6)",
            tape: cnn.tape.memory(cnn.params.len()),
            // Conv keeps its patch matrix (9·n·64), ReLU and the dense layer their input
            // (n·p each); the loss its probabilities (n·10).
            hand: 9 * n * 64 + 2 * n * p + n * 10,
            ops: cnn.tape.op_names(cnn.params.len()),
        },
    ]
}
// ANCHOR_END: memory

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_operation_passes_the_gradient_check() {
        for row in checks() {
            assert!(
                row.check.passed(),
                "{} {}: {}",
                row.op,
                row.input,
                row.check
            );
        }
    }
}

// ---------------------------------------------------------------------------------------
// 6. Forward mode against reverse mode

/// One function ℝⁿ → ℝᵐ: its Jacobian both ways, what each took, and the checks.
#[derive(Clone, Debug)]
pub struct ModeRow {
    pub inputs: usize,
    pub outputs: usize,
    pub nodes: usize,
    pub forward: ModeCost,
    pub reverse: ModeCost,
    /// The largest relative difference between the two Jacobians' elements.
    pub forward_vs_reverse: f64,
    /// The largest relative error of the forward Jacobian against central differences.
    pub forward_vs_differences: f64,
}

/// What a full Jacobian took in one mode.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ModeCost {
    pub sweeps: usize,
    pub products: usize,
}

/// Section 6.
#[derive(Clone, Debug)]
pub struct ForwardMode {
    pub hidden: usize,
    pub rows: Vec<ModeRow>,
}

/// Hidden units of section 6's function.
pub const MODE_HIDDEN: usize = 16;

// ANCHOR: two_layers
/// y = V·tanh(U·tanh(W·x)) on the scalar tape, with W, U and V fixed random leaves of
/// [`MODE_HIDDEN`] hidden units: every output depends on every input through both hidden layers.
pub fn two_layers(t: &Tape, x: &[Var], outputs: usize, seed: u64) -> Vec<Var> {
    let mut rng = seeded(seed);
    let mut weight = |t: &Tape| t.leaf(rng.sample::<f64, _>(StandardNormal) * 0.5, "");
    let mut weighted_sum = |t: &Tape, inputs: &[Var]| {
        let mut sum = t.mul(weight(t), inputs[0]);
        for &v in &inputs[1..] {
            let term = t.mul(weight(t), v);
            sum = t.add(sum, term);
        }
        sum
    };
    let mut layer = |t: &Tape, inputs: &[Var]| -> Vec<Var> {
        (0..MODE_HIDDEN)
            .map(|_| {
                let z = weighted_sum(t, inputs);
                t.tanh(z)
            })
            .collect()
    };
    let h1 = layer(t, x);
    let h2 = layer(t, &h1);
    (0..outputs).map(|_| weighted_sum(t, &h2)).collect()
}
// ANCHOR_END: two_layers

/// Section 6: the Jacobian of [`two_layers`] by forward and by reverse mode, for few inputs
/// and many outputs, as many of each, and many inputs and few outputs.
pub fn forward_mode(config: &Config) -> ForwardMode {
    let rows = [(1, 64), (8, 8), (64, 1)]
        .into_iter()
        .map(|(n, m)| {
            let x: Array1<f64> = (0..n).map(|i| ((i as f64) * 0.7).sin()).collect();
            let build = |x: &Array1<f64>| {
                let t = Tape::new();
                let leaves: Vec<Var> = x.iter().map(|&v| t.leaf(v, "x")).collect();
                let y = two_layers(&t, &leaves, m, config.seed);
                (t, leaves, y)
            };
            let (t, leaves, y) = build(&x);
            let forward = jacobian_forward(&t, &leaves, &y);
            let reverse = jacobian_reverse(&t, &leaves, &y);
            let forward_vs_differences = (0..m)
                .map(|k| {
                    let output_k = |x: &Array1<f64>| {
                        let (t, _, y) = build(x);
                        t.value(y[k])
                    };
                    check_gradient(output_k, &x, &forward.j.row(k).to_owned()).max_relative_error
                })
                .fold(0.0, worse);
            ModeRow {
                inputs: n,
                outputs: m,
                nodes: t.len(),
                forward_vs_reverse: max_relative_difference(&forward.j, &reverse.j),
                forward_vs_differences,
                forward: ModeCost {
                    sweeps: forward.sweeps,
                    products: forward.products,
                },
                reverse: ModeCost {
                    sweeps: reverse.sweeps,
                    products: reverse.products,
                },
            }
        })
        .collect();
    ForwardMode {
        hidden: MODE_HIDDEN,
        rows,
    }
}

// ---------------------------------------------------------------------------------------
// 7. Gradients that add up across backward passes

/// Section 7: backward passes added up, on chapter 5's digits network through the tape.
#[derive(Clone, Debug)]
pub struct Accumulation {
    /// The batch, and the micro-batches it is cut into.
    pub batch: usize,
    pub micro_batches: Vec<usize>,
    /// Each gradient element of two backward passes added without `zero_grad`, divided by
    /// one backward pass's (elements ≠ 0): the smallest and the largest ratio.
    pub twice_ratio: (f64, f64),
    /// Calling the tape's `backward` twice: the largest difference between the two results.
    pub repeated_backward: f64,
    /// The largest relative difference between the micro-batches' gradients, each weighted
    /// by its share of the batch, and the whole batch's gradient.
    pub micro_vs_batch: f64,
    /// ‖Σₖ ∂Lₖ/∂θ‖ / ‖∂L/∂θ‖: the micro-batches' gradients added without the weights.
    pub unweighted_ratio: f64,
}

/// Every element of a list of gradients, in order.
fn elements(grads: &[Tensor]) -> impl Iterator<Item = &f64> {
    grads.iter().flat_map(|g| g.iter())
}

fn norm(grads: &[Tensor]) -> f64 {
    elements(grads).map(|g| g * g).sum::<f64>().sqrt()
}

// ANCHOR: accumulation
/// Section 7: the first `config.batch_size` training digits as one batch, and as four
/// micro-batches (as near equal as they divide).
pub fn accumulation(config: &Config) -> Accumulation {
    let (train, _) = split(config.seed);
    let x = scaled(&train);
    let n = config.batch_size.min(x.nrows());
    let labels = &train.labels.as_slice().expect("contiguous labels")[..n];
    let mut net = TapeNet::mlp(&mut Mlp::new(
        64,
        config.hidden,
        10,
        &mut seeded(config.seed),
    ));
    let mut gradients = |rows: std::ops::Range<usize>| {
        let xb = x.slice(ndarray::s![rows.clone(), ..]).to_owned();
        let l = net.loss(&xb, SmoothedCrossEntropy::new(0.0), &labels[rows]);
        net.gradients(l)
    };
    // Backward twice into one sum, without zero_grad; and the tape's backward called twice.
    let once = gradients(0..n);
    let mut sum = GradSum::default();
    sum.add(&once, 1.0);
    sum.add(&gradients(0..n), 1.0);
    let ratios = elements(&sum.sum)
        .zip(elements(&once))
        .filter(|(_, &g)| g != 0.0)
        .map(|(s, g)| s / g);
    let twice_ratio = ratios.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), r| {
        (lo.min(r), hi.max(r))
    });
    let repeated_backward = max_relative_difference(elements(&once), elements(&gradients(0..n)));
    // Micro-batches: each mean's gradient weighted by its share of the batch, n_k / n.
    let size = n.div_ceil(4);
    let starts: Vec<usize> = (0..n).step_by(size).collect();
    let (mut weighted, mut unweighted) = (GradSum::default(), GradSum::default());
    let mut micro_batches = Vec::new();
    for &start in &starts {
        let rows = start..(start + size).min(n);
        micro_batches.push(rows.len());
        let g = gradients(rows.clone());
        weighted.add(&g, rows.len() as f64 / n as f64);
        unweighted.add(&g, 1.0);
    }
    Accumulation {
        batch: n,
        micro_batches,
        twice_ratio,
        repeated_backward,
        micro_vs_batch: max_relative_difference(elements(&weighted.sum), elements(&once)),
        unweighted_ratio: norm(&unweighted.sum) / norm(&once),
    }
}
// ANCHOR_END: accumulation

// ---------------------------------------------------------------------------------------
// 8. Keeping against recomputing

/// One network's training step with its first layer kept and recomputed.
#[derive(Clone, Debug)]
pub struct RecomputeRow {
    pub network: &'static str,
    pub layer: &'static str,
    /// What the step holds alive for its backward pass (as section 5 counts it), both ways.
    pub kept: crate::tape::Memory,
    pub recomputed: crate::tape::Memory,
    /// Multiply-adds of the step's matrix products (forward and backward), keeping.
    pub multiply_adds: usize,
    /// The multiply-adds of the first layer's forward pass, run again in the backward pass.
    pub extra_multiply_adds: usize,
    /// The largest relative difference of any gradient element between the two.
    pub gradient_difference: f64,
}

// ANCHOR: recomputing
/// Section 8: one step on the first `config.batch_size` training digits, with the first layer
/// kept and with it recomputed in the backward pass.
pub fn recomputing(config: &Config) -> Vec<RecomputeRow> {
    let (train, _) = split(config.seed);
    let n = config.batch_size.min(train.labels.len());
    let x = scaled(&train).slice(ndarray::s![..n, ..]).to_owned();
    let labels = train.labels.as_slice().expect("contiguous labels")[..n].to_vec();
    let (h, f) = (config.hidden, config.filters);
    let both_ways = |mut kept: TapeNet, mut recomputed: TapeNet, cnn: bool| {
        recomputed.recompute_first = true;
        let step = |net: &mut TapeNet| {
            let l = if cnn {
                net.loss(&x, SoftmaxCrossEntropy::default(), &labels)
            } else {
                net.loss(&x, SmoothedCrossEntropy::new(0.0), &labels)
            };
            let memory = net.tape.memory(net.params.len());
            (memory, net.gradients(l))
        };
        let (kept_memory, kept_grads) = step(&mut kept);
        let (recomputed_memory, recomputed_grads) = step(&mut recomputed);
        let difference =
            max_relative_difference(elements(&kept_grads), elements(&recomputed_grads));
        (kept_memory, recomputed_memory, difference)
    };
    let mut mlp = Mlp::new(64, h, 10, &mut seeded(config.seed));
    let (kept, recomputed, mlp_difference) =
        both_ways(TapeNet::mlp(&mut mlp), TapeNet::mlp(&mut mlp), false);
    // Dense₁ (64 → h) forward and ∂L/∂W (its input is data: no ∂L/∂X); Dense₂ (h → 10)
    // forward, ∂L/∂W and ∂L/∂X: n·in·out multiply-adds each.
    let mlp_row = RecomputeRow {
        network: "digits MLP (ch. 5)",
        layer: "dense 64 → h",
        kept,
        recomputed,
        multiply_adds: 2 * n * 64 * h + 3 * n * h * 10,
        extra_multiply_adds: n * 64 * h,
        gradient_difference: mlp_difference,
    };
    let mut cnn = Cnn::new(f, &mut seeded(config.seed));
    let (kept, recomputed, cnn_difference) =
        both_ways(TapeNet::cnn(&mut cnn), TapeNet::cnn(&mut cnn), true);
    // The convolution as chapter 6 computes it, (n·64, 9)·(9, f), forward and ∂L/∂K (its
    // input is data); the dense layer (64f → 10) forward, ∂L/∂W and ∂L/∂X.
    let cnn_row = RecomputeRow {
        network: "CNN (ch. 6)",
        layer: "convolution",
        kept,
        recomputed,
        multiply_adds: 2 * n * 64 * 9 * f + 3 * n * 64 * f * 10,
        extra_multiply_adds: n * 64 * 9 * f,
        gradient_difference: cnn_difference,
    };
    vec![mlp_row, cnn_row]
}
// ANCHOR_END: recomputing
