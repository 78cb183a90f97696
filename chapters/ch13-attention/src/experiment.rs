//! Chapter 13's experiments, one function per section of the report: every backward pass
//! checked twice ([`checks`]), why the scores are scaled ([`scaling`]), layer against batch
//! normalization ([`normalization`]), the residual path ([`residual`]), order and position
//! ([`positions`]), and the transformer beside chapter 12's GRU on the book's prose
//! ([`language`]).

use ch03_relu_xor::{Layer, Param};
use ch05_softmax::jacobian::softmax_backward_via_jacobian;
use ch07_batch_norm::BatchNorm;
use ch12_recurrent::corpus::{one_hot, Corpus};
use ch12_recurrent::experiment::{check_parameters, random};
use ch12_recurrent::language::{sample, train_language, train_model, Budget, LanguageRun};
use ch12_recurrent::train::{sequence_loss, StepRecord, Targets};
use clap::Parser;
use ndarray::{s, Array2, Array3, Axis};
use nn_core::cli::{rate, seed, within};
use nn_core::gradcheck::{check_gradient, check_vjp, GradCheck};
use nn_core::grid::grid;
use nn_core::report::Progress;
use nn_core::rng::seeded;
pub use nn_core::table::Spread;
use nn_core::Result;

use crate::attention::{attend, attend_backward, scale, MultiHead};
use crate::layer_norm::LayerNorm;
use crate::model::{one_sequence, Block, Shape, Transformer};
use crate::tape::{compare, TapeCheck};

// ANCHOR: config
/// The chapter's settings; `Config::default()` is what `cargo run -p ch13-attention` uses.
#[derive(Clone, Debug, PartialEq, Parser)]
#[command(
    name = "ch13-attention",
    about = "Chapter 13: attention — a small transformer, every backward pass derived"
)]
pub struct Config {
    /// Seed of the weights, the windows and the samples; comparisons use --seeds seeds from
    /// here (0 to 9223372036854775807).
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// Seeds per comparison in the long run (1 to 10).
    #[arg(long, default_value_t = 3)]
    pub seeds: u64,
    /// Blocks of the deep transformer whose gradient is followed with and without the
    /// residual path (2 to 32).
    #[arg(long, default_value_t = 8)]
    pub depth: usize,
    /// Run the long experiments too: the full training of the transformer and of chapter 12's
    /// GRU over --seeds seeds, without positions, and the deep transformer trained with and
    /// without the residual path (about two minutes on two cores).
    #[arg(long)]
    pub long: bool,
    /// The text the models read before they write, and whose attention maps are drawn
    /// (lowercase letters, digits, space and .,;:?'"()-%; at most 32 characters).
    #[arg(long, default_value = "the gradient of ")]
    pub prompt: String,
    /// Temperature of the sampling: below 1 sharper, above 1 flatter (above 0, at most 10).
    #[arg(long, default_value_t = 0.7)]
    pub temperature: f64,
    /// Print training progress on stderr (the program does, unless --quiet).
    #[arg(skip)]
    pub progress: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config::parse_from(["ch13-attention"])
    }
}
// ANCHOR_END: config

impl Config {
    /// Refuses settings the experiments cannot run with, naming the flag. [`run`] calls it.
    pub fn validate(&self) -> Result<()> {
        seed(self.seed)?;
        within("seeds", self.seeds, 1..=10)?;
        within("depth", self.depth, 2..=32)?;
        rate("temperature", self.temperature, 10.0)?;
        within("prompt", self.prompt.chars().count(), 1..=WINDOW)?;
        Corpus::book().encode(&self.prompt).map(|_| ())
    }

    /// The seeds of a comparison.
    pub fn seed_list(&self) -> Vec<u64> {
        (self.seed..self.seed.saturating_add(self.seeds)).collect()
    }
}

/// The language model's window, as chapter 12's budget has it.
pub const WINDOW: usize = Budget::FULL.window;

/// Everything the chapter measures, one field per section of the report.
#[derive(Clone, Debug)]
pub struct Report {
    pub config: Config,
    /// Section 1.
    pub checks: Checks,
    /// Section 2.
    pub scaling: Scaling,
    /// Section 3.
    pub normalization: Normalization,
    /// Section 4.
    pub residual: Residual,
    /// Section 5.
    pub positions: Positions,
    /// Section 6.
    pub language: Language,
}

// ANCHOR: run
/// Runs every section with `config`.
pub fn run(config: &Config) -> Result<Report> {
    config.validate()?;
    // The checks and the training are the slow parts: side by side on two cores.
    let ((checks, language), ((residual, positions), blind)) = rayon::join(
        || rayon::join(checks, || language(config)),
        || {
            rayon::join(
                || rayon::join(|| residual(config), || positions(config)),
                || config.long.then(|| without_positions(config)),
            )
        },
    );
    // With positions, that training is section 6's transformer from the first seed.
    let positions = Positions {
        trained: blind.map(|without| [language.rows[0].first, without]),
        ..positions
    };
    Ok(Report {
        config: config.clone(),
        checks,
        scaling: scaling(config.seed),
        normalization: normalization(config.seed),
        residual,
        positions,
        language,
    })
}
// ANCHOR_END: run

// ---------------------------------------------------------------------------------------
// 1. Every backward pass, checked twice

/// One gradient check: a piece, the input or parameter, the result.
#[derive(Clone, Debug)]
pub struct CheckRow {
    pub piece: &'static str,
    pub input: String,
    pub check: GradCheck,
}

/// Section 1.
#[derive(Clone, Debug)]
pub struct Checks {
    pub rows: Vec<CheckRow>,
    /// The small transformer's gradients by hand against chapter 10's scalar tape.
    pub tape: TapeCheck,
    /// Its shape, and the characters (batch, T) it read.
    pub tape_shape: Shape,
    pub tape_batch: [usize; 2],
}

impl Checks {
    /// The largest relative difference between the hand-written gradients and the tape's.
    pub fn tape_worst(&self) -> f64 {
        self.tape
            .params
            .iter()
            .map(|p| p.2)
            .fold(self.tape.loss, f64::max)
    }
}

/// A small transformer for the checks: 6 characters, width 8, 2 heads, 2 blocks.
pub fn small(positions: bool, residual: bool, seed: u64) -> Transformer {
    let shape = Shape {
        vocabulary: 6,
        width: 8,
        heads: 2,
        blocks: 2,
        window: 5,
        positions,
        residual,
    };
    let mut net = Transformer::new(shape, &mut seeded(seed));
    // γ and β away from 1 and 0, and biases away from 0, so that every term of every
    // backward pass is exercised.
    let mut k = 0;
    net.visit_parameters(&mut |mut p: Param<'_>| {
        if p.name != "W" && p.name != "P" {
            let shift = random(p.value.len(), 100 + k).into_shape_with_order(p.value.raw_dim());
            p.value += &(shift.expect("same length") * 0.3);
        }
        k += 1;
    });
    net
}

/// Characters and their targets for the checks: (batch, T).
fn small_batch(batch: usize, time: usize, vocabulary: usize) -> (Array2<usize>, Array2<usize>) {
    let ids = Array2::from_shape_fn((batch, time), |(b, t)| (3 * b + 5 * t + 1) % vocabulary);
    let targets = Array2::from_shape_fn((batch, time), |(b, t)| (b + 2 * t + 2) % vocabulary);
    (ids, targets)
}

/// Names for a layer's parameters: "W_q", "b_q", …
fn labelled(names: &[&str]) -> Vec<String> {
    names.iter().map(|n| n.to_string()).collect()
}

/// A layer's output scored against a random upstream gradient: checked for its input and
/// every parameter.
fn check_layer(
    piece: &'static str,
    layer: &(impl Layer<ndarray::Ix3> + Clone),
    x: &Array3<f64>,
    names: &[String],
    seed: u64,
) -> Vec<CheckRow> {
    let g = random(layer.infer(x).raw_dim(), seed);
    let mut trained = layer.clone();
    trained.forward(x);
    let gx = trained.backward(&g);
    let mut rows = vec![CheckRow {
        piece,
        input: "x".into(),
        check: check_vjp(|x| layer.infer(x), x, &g, &gx),
    }];
    let params = check_parameters(
        layer,
        |l, v| l.visit_parameters(v),
        |l| (&l.infer(x) * &g).sum(),
        |l| {
            l.forward(x);
            l.backward(&g);
        },
    );
    rows.extend(
        params
            .into_iter()
            .zip(names)
            .map(|((_, check), name)| CheckRow {
                piece,
                input: name.clone(),
                check,
            }),
    );
    rows
}

// ANCHOR: checks
/// Section 1: one head's attention, a multi-head layer, layer normalization, a block with and
/// without its residual path and the whole small transformer with its loss, each against
/// central differences; then the transformer's every gradient against chapter 10's scalar
/// tape.
pub fn checks() -> Checks {
    let mut rows = Vec::new();
    let (q, k, v, g) = (
        random((5, 4), 1),
        random((5, 4), 2),
        random((5, 4), 3),
        random((5, 4), 4),
    );
    for (piece, causal) in [
        ("one head, no mask", false),
        ("one head, causal mask", true),
    ] {
        let (_, p) = attend(q.view(), k.view(), v.view(), scale(4), causal);
        let grads = attend_backward(q.view(), k.view(), v.view(), &p, scale(4), g.view());
        let f = |q: &Array2<f64>, k: &Array2<f64>, v: &Array2<f64>| {
            attend(q.view(), k.view(), v.view(), scale(4), causal).0
        };
        for (input, check) in [
            ("Q", check_vjp(|x| f(x, &k, &v), &q, &g, &grads.q)),
            ("K", check_vjp(|x| f(&q, x, &v), &k, &g, &grads.k)),
            ("V", check_vjp(|x| f(&q, &k, x), &v, &g, &grads.v)),
        ] {
            rows.push(CheckRow {
                piece,
                input: input.into(),
                check,
            });
        }
    }
    let rng = &mut seeded(5);
    let x = random((2, 5, 8), 6);
    let heads = MultiHead::new(8, 2, rng);
    let projections = labelled(&["W_q", "b_q", "W_k", "W_v", "b_v", "W_o", "b_o"]);
    rows.extend(check_layer(
        "multi-head attention (2 heads)",
        &heads,
        &x,
        &projections,
        7,
    ));
    let net = small(true, true, 8);
    let norm = net.blocks[0].norm1.clone();
    rows.extend(check_layer(
        "layer normalization",
        &norm,
        &x,
        &labelled(&["γ", "β"]),
        9,
    ));
    for (piece, residual) in [
        ("block, with residual path", true),
        ("block, without residual path", false),
    ] {
        let block = Block {
            residual,
            ..net.blocks[0].clone()
        };
        let g = random((2, 5, 8), 10);
        let mut trained = block.clone();
        trained.forward(&x);
        let gx = trained.backward(&g);
        rows.push(CheckRow {
            piece,
            input: "x".into(),
            check: check_vjp(|x| block.infer(x), &x, &g, &gx),
        });
    }
    let (ids, targets) = small_batch(2, 5, 6);
    let loss = |n: &mut Transformer| {
        sequence_loss(
            &n.infer(&one_hot(&ids, 6)),
            &Targets::Every(targets.clone()),
        )
        .0
    };
    let mut names = Vec::new();
    let mut model = net.clone();
    model.visit_parameters(&mut |p| names.push(p.name));
    let params = check_parameters(
        &net,
        |n, v| n.visit_parameters(v),
        loss,
        |n| {
            let (_, g) = sequence_loss(
                &n.forward(&one_hot(&ids, 6)),
                &Targets::Every(targets.clone()),
            );
            n.backward(&g);
        },
    );
    let worst = params
        .into_iter()
        .map(|(_, c)| c)
        .max_by(|a, b| a.max_relative_error.total_cmp(&b.max_relative_error))
        .expect("parameters");
    rows.push(CheckRow {
        piece: "the transformer and its loss",
        input: "x (one-hot characters)".into(),
        check: check_input(&net, &ids, &targets),
    });
    rows.push(CheckRow {
        piece: "the transformer and its loss",
        input: format!("all {} parameter arrays (the worst)", names.len()),
        check: worst,
    });
    Checks {
        rows,
        tape: compare(&net, &ids, &targets),
        tape_shape: net.shape,
        tape_batch: [ids.nrows(), ids.ncols()],
    }
}
// ANCHOR_END: checks

// ---------------------------------------------------------------------------------------
// 2. Why the scores are divided by √d

/// The widths of a head compared.
pub const WIDTHS: [usize; 5] = [4, 16, 64, 256, 1024];
/// Keys per query in that comparison: a row of 32 weights, as in the language model.
pub const KEYS: usize = 32;

/// One width's softmax, with and without the scale.
#[derive(Clone, Debug, PartialEq)]
pub struct ScaleRow {
    pub d: usize,
    /// The scores' standard deviation, measured (scaled, unscaled): 1 and √d expected.
    pub spread: [f64; 2],
    /// The mean largest weight of a row (1/32 = uniform, 1 = all on one key).
    pub largest: [f64; 2],
    /// The mean ‖J·u‖/‖u‖ for a random upstream gradient u: how much of a gradient gets
    /// through softmax's backward pass.
    pub through: [f64; 2],
}

/// Section 2.
#[derive(Clone, Debug, PartialEq)]
pub struct Scaling {
    pub rows: Vec<ScaleRow>,
    pub queries: usize,
}

// ANCHOR: scaling
/// Section 2: queries and keys of width d with independent N(0, 1) entries, each query's
/// scores against 32 keys, softmax with and without the 1/√d: how peaked the weights get, and
/// how much of a random upstream gradient softmax's backward pass lets through.
pub fn scaling(seed: u64) -> Scaling {
    let queries = 256;
    let rows = WIDTHS
        .iter()
        .enumerate()
        .map(|(i, &d)| {
            let q = random((queries, d), seed + 2 * i as u64);
            let k = random((KEYS, d), seed + 2 * i as u64 + 1);
            let u = random((queries, KEYS), seed + 100 + i as u64);
            let raw = q.dot(&k.t());
            let measure = |factor: f64| {
                let scores = &raw * factor;
                let spread = scores.std(0.0);
                let p = ch03_relu_xor::softmax(&scores);
                let largest = p
                    .rows()
                    .into_iter()
                    .map(|r| r.fold(0.0, |m: f64, &v| m.max(v)))
                    .sum::<f64>()
                    / queries as f64;
                let back = softmax_backward_via_jacobian(&p, &u);
                let through = back
                    .rows()
                    .into_iter()
                    .zip(u.rows())
                    .map(|(b, u)| b.dot(&b).sqrt() / u.dot(&u).sqrt())
                    .sum::<f64>()
                    / queries as f64;
                (spread, largest, through)
            };
            let (a, b) = (measure(scale(d)), measure(1.0));
            ScaleRow {
                d,
                spread: [a.0, b.0],
                largest: [a.1, b.1],
                through: [a.2, b.2],
            }
        })
        .collect();
    Scaling { rows, queries }
}
// ANCHOR_END: scaling

// ---------------------------------------------------------------------------------------
// 3. Layer normalization against batch normalization

/// Section 3: one sample's output, alone and in a batch, by each normalization.
#[derive(Clone, Debug, PartialEq)]
pub struct Normalization {
    pub batch: usize,
    pub width: usize,
    /// The largest change of sample 0's output, [layer norm, batch norm (training)], when
    /// another sample of its batch is multiplied by 1000.
    pub neighbour_scaled: [f64; 2],
    /// Layer norm's `infer` against its `forward` (0: one function); batch norm's after one
    /// training batch (its running averages against the batch's statistics).
    pub modes: [f64; 2],
    /// Layer norm on sample 0 alone against sample 0 in the batch (batch norm cannot take
    /// a batch of one: its variance is 0).
    pub alone: f64,
}

// ANCHOR: normalization
/// Section 3: a batch of 8 samples of width 32; what each normalization gives sample 0 when
/// another sample of the batch is scaled by 1000, and its two modes.
pub fn normalization(seed: u64) -> Normalization {
    let (batch, width) = (8, 32);
    let x = random((batch, width), seed + 20) + 0.5;
    let mut changed = x.clone();
    changed.row_mut(3).mapv_inplace(|v| v * 1000.0);
    let first = |y: Array2<f64>| y.slice(s![0..1, ..]).to_owned();
    let mut ln = LayerNorm::new(width);
    let mut bn = BatchNorm::new(width);
    let neighbour_scaled = [
        largest(&first(ln.forward(&x)), &first(ln.forward(&changed))),
        largest(&first(bn.forward(&x)), &first(bn.forward(&changed))),
    ];
    let mut bn = BatchNorm::new(width);
    let trained = bn.forward(&x);
    Normalization {
        batch,
        width,
        neighbour_scaled,
        modes: [
            largest(&ln.infer(&x), &ln.forward(&x)),
            largest(&bn.infer(&x), &trained),
        ],
        alone: largest(
            &ln.forward(&x.slice(s![0..1, ..]).to_owned()),
            &first(ln.forward(&x)),
        ),
    }
}
// ANCHOR_END: normalization

// ---------------------------------------------------------------------------------------
// 4. The residual path

/// The gradient at each block's input, with or without the residual path.
#[derive(Clone, Debug, PartialEq)]
pub struct ResidualRow {
    pub residual: bool,
    /// ‖∂L/∂x_b‖ for the blocks' inputs b = 0 … depth − 1, at initialization.
    pub at_init: Vec<f64>,
    /// The same after training (with --long), and the validation loss then.
    pub trained: Option<(Vec<f64>, f64)>,
}

impl ResidualRow {
    /// ‖∂L/∂x₀‖/‖∂L/∂x_last‖: the first block's gradient relative to the last's.
    pub fn ratio(norms: &[f64]) -> f64 {
        norms[0] / norms[norms.len() - 1]
    }
}

/// Section 4.
#[derive(Clone, Debug, PartialEq)]
pub struct Residual {
    pub depth: usize,
    pub rows: Vec<ResidualRow>,
    /// The training of the long run.
    pub budget: Budget,
}

/// The steps the deep transformers train for in the long run.
pub const DEEP_STEPS: usize = 300;

/// ‖∂L/∂x_b‖ at each block's input, for one batch of validation windows.
fn block_gradients(net: &Transformer, corpus: &Corpus) -> Vec<f64> {
    let (ids, targets) = corpus.validation_windows(WINDOW);
    let ids = ids.slice(s![..32, ..]).to_owned();
    let targets = targets.slice(s![..32, ..]).to_owned();
    let mut n = net.clone();
    let (_, g) = sequence_loss(
        &n.forward(&one_hot(&ids, corpus.size())),
        &Targets::Every(targets),
    );
    let mut norms = vec![0.0; net.blocks.len()];
    n.backward_watching(&g, &mut |b, g| {
        norms[b] = g.iter().map(|v| v * v).sum::<f64>().sqrt()
    });
    norms
}

// ANCHOR: residual
/// Section 4: a transformer `--depth` blocks deep, with and without the residual path: the
/// gradient at each block's input at initialization and, with `--long`, after training.
pub fn residual(config: &Config) -> Residual {
    let corpus = Corpus::book();
    let budget = Budget {
        steps: DEEP_STEPS,
        ..Budget::FULL
    };
    let progress = Progress::new(
        config.progress && config.long,
        "section 4, deep trainings",
        2,
    );
    let rows = grid(&[true, false], &[config.seed], |&residual, seed| {
        let shape = Shape {
            blocks: config.depth,
            residual,
            ..Shape::language(corpus.size())
        };
        let net = Transformer::new(shape, &mut seeded(seed));
        let at_init = block_gradients(&net, &corpus);
        let trained = config.long.then(|| {
            let run = train_model(net, &corpus, budget, seed, |_, _| {});
            progress.tick();
            (block_gradients(&run.net, &corpus), run.validation_after)
        });
        ResidualRow {
            residual,
            at_init,
            trained,
        }
    })
    .into_iter()
    .flatten()
    .collect();
    Residual {
        depth: config.depth,
        rows,
        budget,
    }
}
// ANCHOR_END: residual

// ---------------------------------------------------------------------------------------
// 5. Order and position

/// Section 5.
#[derive(Clone, Debug, PartialEq)]
pub struct Positions {
    /// The text read, and the same text with every character but the last shuffled.
    pub text: String,
    pub shuffled: String,
    /// (blocks, with positions, the largest change of the last position's logits).
    pub last_changed: Vec<(usize, bool, f64)>,
    /// Without positions and without the mask: the largest difference between the outputs
    /// of the shuffled text and the original outputs shuffled the same way.
    pub equivariance: f64,
    /// With --long: the validation loss trained with positions (section 6's transformer from
    /// the first seed) and without, from `seed`.
    pub trained: Option<[f64; 2]>,
    pub seed: u64,
}

/// A fixed shuffle of the first n − 1 places (the last stays last): a rotation by 5 and a
/// reversal.
fn shuffle(n: usize) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n - 1).map(|i| (i + 5) % (n - 1)).rev().collect();
    order.push(n - 1);
    order
}

/// The largest absolute difference between two arrays of any shape.
fn largest<D: ndarray::Dimension>(a: &ndarray::Array<f64, D>, b: &ndarray::Array<f64, D>) -> f64 {
    (a - b).fold(0.0, |m: f64, v| m.max(v.abs()))
}

// ANCHOR: positions
/// Section 5: untrained language models of one and two blocks, with and without positions,
/// read `--prompt` and the prompt shuffled; what changes at the last position.
pub fn positions(config: &Config) -> Positions {
    let corpus = Corpus::book();
    let v = corpus.size();
    let ids = corpus.encode(&config.prompt).expect("validated");
    let order = shuffle(ids.len());
    let shuffled: Vec<usize> = order.iter().map(|&i| ids[i]).collect();
    let model = |blocks: usize, positions: bool| {
        let shape = Shape {
            blocks,
            positions,
            ..Shape::language(v)
        };
        Transformer::new(shape, &mut seeded(config.seed))
    };
    let last = |net: &Transformer, ids: &[usize]| {
        net.infer(&one_sequence(ids, v))
            .slice(s![0, -1, ..])
            .to_owned()
    };
    let last_changed = [(1, false), (2, false), (2, true)]
        .into_iter()
        .map(|(blocks, positions)| {
            let net = model(blocks, positions);
            let change = largest(&last(&net, &ids), &last(&net, &shuffled));
            (blocks, positions, change)
        })
        .collect();
    // No mask, no positions: the outputs move with the characters.
    let mut unmasked = model(2, false);
    for block in &mut unmasked.blocks {
        block.attention.causal = false;
    }
    let moved = unmasked
        .infer(&one_sequence(&ids, v))
        .select(Axis(1), &order);
    let equivariance = largest(&unmasked.infer(&one_sequence(&shuffled, v)), &moved);
    Positions {
        text: config.prompt.clone(),
        shuffled: corpus.decode(&shuffled),
        last_changed,
        equivariance,
        trained: None,
        seed: config.seed,
    }
}

/// The language model without positions, trained in the full budget from `--seed`: its
/// validation loss.
pub fn without_positions(config: &Config) -> f64 {
    let corpus = Corpus::book();
    let shape = Shape {
        positions: false,
        ..Shape::language(corpus.size())
    };
    let net = Transformer::new(shape, &mut seeded(config.seed));
    train_model(net, &corpus, Budget::FULL, config.seed, |_, _| {}).validation_after
}
// ANCHOR_END: positions

// ---------------------------------------------------------------------------------------
// 6. The transformer beside chapter 12's GRU

/// The two models compared.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Model {
    Transformer,
    Gru,
}

impl Model {
    pub fn name(self) -> &'static str {
        match self {
            Model::Transformer => "transformer (this chapter)",
            Model::Gru => "GRU (chapter 12)",
        }
    }
}

/// One model's runs over the seeds.
#[derive(Clone, Debug)]
pub struct LanguageRow {
    pub model: Model,
    pub parameters: usize,
    pub before: Spread,
    pub after: Spread,
    /// The first seed's validation loss after training.
    pub first: f64,
    /// The median training loss at each step.
    pub curve: Vec<f64>,
    /// Text written by the first seed's model after the prompt.
    pub sample: String,
}

/// Section 6.
#[derive(Clone, Debug)]
pub struct Language {
    pub budget: Budget,
    pub long: bool,
    pub seeds: Vec<u64>,
    pub rows: Vec<LanguageRow>,
    pub prompt: String,
    pub temperature: f64,
    /// The first seed's transformer's attention maps for the prompt: block by block, head by
    /// head, (T, T).
    pub maps: Vec<Vec<Array2<f64>>>,
    pub unigram: f64,
    pub vocabulary: usize,
}

/// What one training run leaves for the report.
struct Trained {
    parameters: usize,
    before: f64,
    after: f64,
    records: Vec<StepRecord>,
    sample: String,
    maps: Vec<Vec<Array2<f64>>>,
}

fn summarize<M: Layer<ndarray::Ix3>>(
    run: LanguageRun<M>,
    sample: String,
    maps: Vec<Vec<Array2<f64>>>,
) -> Trained {
    let mut net = run.net;
    Trained {
        parameters: ch03_relu_xor::layer::parameter_count(&mut net),
        before: run.validation_before,
        after: run.validation_after,
        records: run.records,
        sample,
        maps,
    }
}

// ANCHOR: language
/// Section 6: the transformer in chapter 12's budget on chapter 12's corpus — the default run
/// trains it briefly from `--seed`; `--long` trains it and chapter 12's GRU fully over the
/// seeds.
pub fn language(config: &Config) -> Language {
    let corpus = Corpus::book();
    let (budget, models, seeds) = if config.long {
        (
            Budget::FULL,
            vec![Model::Transformer, Model::Gru],
            config.seed_list(),
        )
    } else {
        (Budget::SHORT, vec![Model::Transformer], vec![config.seed])
    };
    let prompt = corpus.encode(&config.prompt).expect("validated");
    let v = corpus.size();
    let progress = Progress::new(
        config.progress && config.long,
        "section 6, full trainings",
        models.len() * seeds.len(),
    );
    let runs = grid(&models, &seeds, |&model, seed| {
        let trained = match model {
            Model::Transformer => {
                let net = Transformer::new(Shape::language(v), &mut seeded(seed));
                let run = train_model(net, &corpus, budget, seed, |_, _| {});
                let written = run
                    .net
                    .sample(&corpus, &prompt, 200, config.temperature, seed);
                let maps = run.net.attention_maps(&prompt);
                summarize(run, written, maps)
            }
            Model::Gru => {
                let cell = ch12_recurrent::language::gru(v, &mut seeded(seed));
                let run = train_language(cell, &corpus, budget, seed, |_, _| {});
                let written = sample(&run.net, &corpus, &prompt, 200, config.temperature, seed);
                summarize(run, written, Vec::new())
            }
        };
        progress.tick();
        trained
    });
    let mut maps = Vec::new();
    let rows = models
        .iter()
        .zip(runs)
        .map(|(&model, mut runs)| {
            let curve = (0..budget.steps)
                .map(|s| {
                    let at: Vec<f64> = runs
                        .iter()
                        .map(|r| r.records.get(s).map_or(f64::NAN, |r| r.loss))
                        .collect();
                    Spread::of(&at).median
                })
                .collect();
            if model == Model::Transformer {
                maps = std::mem::take(&mut runs[0].maps);
            }
            LanguageRow {
                model,
                parameters: runs[0].parameters,
                before: Spread::of(&runs.iter().map(|r| r.before).collect::<Vec<_>>()),
                after: Spread::of(&runs.iter().map(|r| r.after).collect::<Vec<_>>()),
                first: runs[0].after,
                curve,
                sample: runs[0].sample.clone(),
            }
        })
        .collect();
    Language {
        budget,
        long: config.long,
        seeds,
        rows,
        prompt: config.prompt.clone(),
        temperature: config.temperature,
        maps,
        unigram: corpus.unigram_entropy(),
        vocabulary: v,
    }
}
// ANCHOR_END: language

/// The transformer's loss for the characters `ids`, checked for its input: ∂L/∂x, x the
/// one-hot characters, against central differences.
fn check_input(net: &Transformer, ids: &Array2<usize>, targets: &Array2<usize>) -> GradCheck {
    let x = one_hot(ids, net.shape.vocabulary);
    let targets = Targets::Every(targets.clone());
    let mut n = net.clone();
    let (_, g) = sequence_loss(&n.forward(&x), &targets);
    let gx = n.backward(&g);
    check_gradient(|x| sequence_loss(&net.infer(x), &targets).0, &x, &gx)
}
