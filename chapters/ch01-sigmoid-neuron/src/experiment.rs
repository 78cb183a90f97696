//! Chapter 1's experiments: every claim of the chapter, measured by running code. One function
//! per section of the report, each returning a named struct of results; `report.rs` prints
//! them and `figures.rs` draws them.

use clap::Parser;
use ndarray::{s, Array1, Array2};
use nn_core::cli::{rate, seed, within};
use nn_core::gradcheck::{check_vjp, GradCheck};
use nn_core::rng::{rand_distr::StandardNormal, seeded, ChaCha8Rng, RandomExt};
use nn_core::{data, Result};

use crate::activation::{tanh_via_sigmoid, Sigmoid, Tanh};
use crate::neuron::Neuron;
use crate::saturation::{first_naive_nan, saturation_point};
use crate::sigmoid::{sigmoid, sigmoid_naive, sigmoid_prime};
use crate::train::{train, Gate};

// ANCHOR: config
/// The chapter's settings; `Config::default()` is what `cargo run -p ch01-sigmoid-neuron` uses.
#[derive(Clone, Debug, PartialEq, Parser)]
#[command(name = "ch01-sigmoid-neuron", about = "Chapter 1: the sigmoid neuron")]
pub struct Config {
    /// Seed of the random initial weights (0 to 9223372036854775807).
    #[arg(long, default_value_t = 7)]
    pub seed: u64,
    /// Learning rate η of gradient descent (above 0, at most 100).
    #[arg(long, default_value_t = 2.0)]
    pub lr: f64,
    /// Gradient-descent steps (1 to 1000000).
    #[arg(long, default_value_t = 2000)]
    pub epochs: usize,
    /// The logic gate the neuron learns.
    #[arg(long, value_enum, default_value_t = Gate::And)]
    pub gate: Gate,
}

impl Default for Config {
    fn default() -> Self {
        Config::parse_from(["ch01-sigmoid-neuron"])
    }
}
// ANCHOR_END: config

impl Config {
    fn validate(&self) -> Result<()> {
        seed(self.seed)?;
        rate("lr", self.lr, MAX_LR)?;
        within("epochs", self.epochs, 1..=MAX_EPOCHS)
    }
}

/// The largest `--lr` and `--epochs`.
pub const MAX_LR: f64 = 100.0;
pub const MAX_EPOCHS: usize = 1_000_000;

/// The neuron of section 1: weights of order 0.01–1, like a neuron's after some training,
/// on four raw breast-cancer measurements (radius, texture, perimeter, area).
pub const DEMO_WEIGHTS: [f64; 4] = [0.5, 0.2, -0.1, 0.01];
pub const DEMO_BIAS: f64 = -1.0;
/// The z values at which section 1 shows σ(z) and 1 − σ(z).
pub const Z_GRID: [f64; 9] = [-1000.0, -40.0, -10.0, -2.0, 0.0, 2.0, 10.0, 40.0, 1000.0];
/// The inputs at which section 4 compares the naive formula with the chapter's sigmoid.
pub const NAIVE_XS: [f64; 11] = [
    -1e308, -1000.0, -745.0, -40.0, 0.0, 40.0, 709.0, 709.78, 709.79, 1000.0, 1e308,
];

/// Everything the chapter measures: one field per section of the report.
#[derive(Clone, Debug)]
pub struct Report {
    pub config: Config,
    pub unbounded: Unbounded,
    pub bias: Bias,
    pub saturation: Saturation,
    pub naive: Naive,
    pub layers: Layers,
    pub training: Training,
}

// ANCHOR: run
/// Runs every experiment of the chapter.
pub fn run(config: &Config) -> Result<Report> {
    config.validate()?;
    Ok(Report {
        config: config.clone(),
        unbounded: unbounded(),
        bias: bias(),
        saturation: saturation(),
        naive: naive(),
        layers: layers(config),
        training: training(config),
    })
}
// ANCHOR_END: run

/// The first four measurements (radius, texture, perimeter, area) of every tumour: (569, 4).
fn tumours() -> Array2<f64> {
    data::breast_cancer()
        .features
        .slice(s![.., 0..4])
        .to_owned()
}

fn demo_neuron() -> Neuron {
    Neuron::new(Array1::from(DEMO_WEIGHTS.to_vec()), DEMO_BIAS)
}

/// Section 1: the demo neuron's weighted sum on one tumour.
#[derive(Clone, Debug, PartialEq)]
pub struct Sample {
    /// Row of the tumour in the dataset.
    pub tumour: usize,
    /// Radius, texture, perimeter, area.
    pub inputs: [f64; 4],
    /// z = w·x + b.
    pub z: f64,
    /// σ(z).
    pub output: f64,
}

/// Section 1: σ at one z.
#[derive(Clone, Debug, PartialEq)]
pub struct Squashed {
    pub z: f64,
    /// σ(z).
    pub output: f64,
    /// 1 − σ(z), computed as written (it rounds to 0 once σ(z) rounds to 1).
    pub complement: f64,
}

/// Section 1: the weighted sum is unbounded, σ of it is not.
#[derive(Clone, Debug, PartialEq)]
pub struct Unbounded {
    /// The first tumours through the demo neuron ([`DEMO_WEIGHTS`], [`DEMO_BIAS`]).
    pub samples: Vec<Sample>,
    /// How many tumours the dataset has.
    pub tumours: usize,
    /// The largest z over all of them.
    pub z_max: f64,
    /// σ on [`Z_GRID`].
    pub grid: Vec<Squashed>,
}

/// Section 1: the demo neuron on real tumours, and σ on a grid of z.
pub fn unbounded() -> Unbounded {
    let x = tumours(); // (569, 4)
    let z = demo_neuron().weighted_sums(&x);
    let samples = (0..5)
        .map(|i| {
            let row = x.row(i);
            Sample {
                tumour: i,
                inputs: [row[0], row[1], row[2], row[3]],
                z: z[i],
                output: sigmoid(z[i]),
            }
        })
        .collect();
    let grid = Z_GRID
        .iter()
        .map(|&z| Squashed {
            z,
            output: sigmoid(z),
            complement: 1.0 - sigmoid(z),
        })
        .collect();
    Unbounded {
        samples,
        tumours: x.nrows(),
        z_max: z.iter().copied().fold(f64::NEG_INFINITY, f64::max),
        grid,
    }
}

/// Section 2: the bias as a separate term and as the weight of a constant input.
#[derive(Clone, Debug, PartialEq)]
pub struct Bias {
    /// z = x·w + b for every tumour.
    pub explicit: Array1<f64>,
    /// z = [x, 1]·[w; b] for every tumour.
    pub augmented: Array1<f64>,
    /// How many tumours got different bits from the two forms.
    pub differing: usize,
    /// Whether the two forms gave the same bits for every tumour.
    pub bit_identical: bool,
}

/// Section 2: the bias two ways, on all 569 tumours, compared bit for bit.
pub fn bias() -> Bias {
    let x = tumours();
    let neuron = demo_neuron();
    let explicit = neuron.weighted_sums(&x);
    let augmented = neuron.weighted_sums_augmented(&x);
    let same = |(e, a): (&f64, &f64)| e.to_bits() == a.to_bits();
    let differing = explicit
        .iter()
        .zip(&augmented)
        .filter(|&p| !same(p))
        .count();
    let bit_identical =
        explicit.len() == augmented.len() && explicit.iter().zip(&augmented).all(same);
    Bias {
        explicit,
        augmented,
        differing,
        bit_identical,
    }
}

/// Section 3: where σ(z) rounds to exactly 1 in one floating-point type.
#[derive(Clone, Debug, PartialEq)]
pub struct SaturationPoint {
    /// Significand bits of the type (53 for f64, 24 for f32).
    pub bits: u32,
    /// The smallest z with σ(z) = 1 exactly, found by bisection over the floats.
    pub z: f64,
    /// The derivation's bits·ln 2.
    pub by_hand: f64,
    /// σ of the next float below z, computed in the type.
    pub below: f64,
}

/// Section 3: saturation in f64 and f32, and what it does to log(1 − σ(z)).
#[derive(Clone, Debug, PartialEq)]
pub struct Saturation {
    /// In f64 (53 significand bits).
    pub double: SaturationPoint,
    /// In f32 (24 significand bits).
    pub single: SaturationPoint,
    /// 1 − σ(z) at the f64 saturation point: exactly 0.
    pub gap: f64,
    /// log(1 − σ(z)) there, computed naively: −∞.
    pub naive_log: f64,
    /// log(1 − σ(z)) = −softplus(z) there, computed from z.
    pub stable_log: f64,
}

/// Section 3: the smallest z with σ(z) = 1 in f64 and in f32.
pub fn saturation() -> Saturation {
    let ln2 = std::f64::consts::LN_2;
    let z = saturation_point::<f64>();
    let z32 = saturation_point::<f32>();
    Saturation {
        double: SaturationPoint {
            bits: 53,
            z,
            by_hand: 53.0 * ln2,
            below: sigmoid(z.next_down()),
        },
        single: SaturationPoint {
            bits: 24,
            z: z32 as f64,
            by_hand: 24.0 * ln2,
            below: sigmoid(z32.next_down()) as f64,
        },
        gap: 1.0 - sigmoid(z),
        naive_log: (1.0 - sigmoid(z)).ln(),
        // log(1 − σ(z)) = log σ(−z) = −softplus(z) = −(z + ln(1 + e⁻ᶻ)), computed without 1 − σ.
        stable_log: -(z + (-z).exp().ln_1p()),
    }
}

/// Section 4: the two formulas at one input.
#[derive(Clone, Debug, PartialEq)]
pub struct NaiveRow {
    pub x: f64,
    /// eˣ / (eˣ + 1).
    pub naive: f64,
    /// The chapter's sigmoid.
    pub stable: f64,
}

/// Section 4: the naive sigmoid against the chapter's, and where the naive one breaks.
#[derive(Clone, Debug, PartialEq)]
pub struct Naive {
    pub rows: Vec<NaiveRow>,
    /// The smallest x at which eˣ / (eˣ + 1) is NaN in f64.
    pub first_nan_double: f64,
    /// The same in f32.
    pub first_nan_single: f64,
    /// ln(f64::MAX), where eˣ overflows.
    pub ln_max: f64,
}

/// Section 4 at the chapter's inputs, [`NAIVE_XS`].
pub fn naive() -> Naive {
    naive_at(&NAIVE_XS)
}

/// Section 4 at inputs of your choice.
pub fn naive_at(xs: &[f64]) -> Naive {
    Naive {
        rows: xs
            .iter()
            .map(|&x| NaiveRow {
                x,
                naive: sigmoid_naive(x),
                stable: sigmoid(x),
            })
            .collect(),
        first_nan_double: first_naive_nan::<f64>(),
        first_nan_single: first_naive_nan::<f32>() as f64,
        ln_max: f64::MAX.ln(),
    }
}

/// Section 5: the largest value of a derivative on [−6, 6] (step 0.01), and where.
#[derive(Clone, Debug, PartialEq)]
pub struct Peak {
    /// The largest value on the grid.
    pub value: f64,
    /// The x where it is reached (the first, if several).
    pub at: f64,
}

/// Section 5: the sigmoid and tanh layers, checked.
#[derive(Clone, Debug, PartialEq)]
pub struct Layers {
    /// The sigmoid layer's backward pass against central differences.
    pub sigmoid_check: GradCheck,
    /// The tanh layer's backward pass against central differences.
    pub tanh_check: GradCheck,
    /// The largest |tanh(x) − (2σ(2x) − 1)| on [−10, 10].
    pub tanh_identity_error: f64,
    /// The peak of σ′(x) = σ(x)·(1 − σ(x)).
    pub sigmoid_peak: Peak,
    /// The peak of tanh′(x) = 1 − tanh²(x).
    pub tanh_peak: Peak,
}

/// The random batch the layers are checked on, and the upstream gradient: both (8, 3).
fn check_batch(rng: &mut ChaCha8Rng) -> (Array2<f64>, Array2<f64>) {
    let inputs: Array2<f64> = Array2::random_using((8, 3), StandardNormal, rng) * 3.0;
    let upstream: Array2<f64> = Array2::random_using((8, 3), StandardNormal, rng);
    (inputs, upstream)
}

fn peak(f: impl Fn(f64) -> f64) -> Peak {
    let (value, at) = (-600..=600)
        .map(|i| i as f64 * 0.01)
        .map(|x| (f(x), x))
        .fold(
            (f64::NEG_INFINITY, 0.0),
            |a, b| if b.0 > a.0 { b } else { a },
        );
    Peak { value, at }
}

/// Section 5: sigmoid and tanh layers, gradient-checked on random inputs (seed `config.seed`).
pub fn layers(config: &Config) -> Layers {
    let mut rng = seeded(config.seed);
    let (inputs, upstream) = check_batch(&mut rng);
    let mut sig_layer = Sigmoid::default();
    sig_layer.forward(&inputs);
    let sigmoid_check = check_vjp(
        |x| x.mapv(sigmoid),
        &inputs,
        &upstream,
        &sig_layer.backward(&upstream),
    );
    let mut tanh_layer = Tanh::default();
    tanh_layer.forward(&inputs);
    let tanh_check = check_vjp(
        |x| x.mapv(f64::tanh),
        &inputs,
        &upstream,
        &tanh_layer.backward(&upstream),
    );
    let tanh_identity_error = (-1000..=1000)
        .map(|i| i as f64 * 0.01)
        .map(|x| (x.tanh() - tanh_via_sigmoid(x)).abs())
        .fold(0.0, f64::max);
    Layers {
        sigmoid_check,
        tanh_check,
        tanh_identity_error,
        sigmoid_peak: peak(sigmoid_prime),
        tanh_peak: peak(|x: f64| 1.0 - x.tanh().powi(2)),
    }
}

/// Section 6: the trained neuron on one input of the gate.
#[derive(Clone, Debug, PartialEq)]
pub struct Prediction {
    pub x1: f64,
    pub x2: f64,
    /// The gate's output, 0 or 1.
    pub target: f64,
    /// σ(w·x + b).
    pub output: f64,
    /// 1 if the output is above ½, else 0.
    pub predicted: usize,
}

/// Section 6: one neuron trained on a logic gate.
#[derive(Clone, Debug, PartialEq)]
pub struct Training {
    /// The settings it ran with (`--gate`, `--lr`, `--epochs`, `--seed`).
    pub gate: Gate,
    pub lr: f64,
    pub epochs: usize,
    pub seed: u64,
    /// The random starting neuron (bias 0).
    pub initial: Neuron,
    /// The neuron after `epochs` steps of gradient descent.
    pub trained: Neuron,
    /// The loss before each step and after the last (epochs + 1 values).
    pub history: Vec<f64>,
    /// The trained neuron on the gate's four inputs.
    pub predictions: Vec<Prediction>,
    /// How many of the four it gets right.
    pub correct: usize,
}

/// Section 6: one neuron learns a gate by gradient descent, from random weights.
pub fn training(config: &Config) -> Training {
    let mut rng = seeded(config.seed);
    // The starting weights come from the same stream, right after section 5's batch.
    let _ = check_batch(&mut rng);
    let w0: Array1<f64> = Array1::random_using(2, StandardNormal, &mut rng);
    let initial = Neuron::new(w0, 0.0);
    let mut trained = initial.clone();
    let inputs = Gate::inputs();
    let targets = config.gate.targets();
    let history = train(&mut trained, &inputs, &targets, config.lr, config.epochs);
    let predictions: Vec<Prediction> = inputs
        .rows()
        .into_iter()
        .zip(&targets)
        .map(|(x, &target)| {
            let output = trained.output(x);
            Prediction {
                x1: x[0],
                x2: x[1],
                target,
                output,
                predicted: usize::from(output > 0.5),
            }
        })
        .collect();
    let correct = predictions
        .iter()
        .filter(|p| (p.output > 0.5) == (p.target == 1.0))
        .count();
    Training {
        gate: config.gate,
        lr: config.lr,
        epochs: config.epochs,
        seed: config.seed,
        initial,
        trained,
        history,
        predictions,
        correct,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_settings_are_errors_not_panics() {
        let e = run(&Config {
            lr: -1.0,
            ..Config::default()
        })
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "invalid setting --lr: '-1' is too small (allowed: above 0, at most 100)"
        );
        let e = run(&Config {
            epochs: 0,
            ..Config::default()
        })
        .unwrap_err();
        assert!(e.to_string().starts_with("invalid setting --epochs"), "{e}");
    }

    #[test]
    fn flags_override_the_defaults() {
        let c =
            Config::try_parse_from(["ch01", "--lr", "0.5", "--gate", "or", "--seed", "3"]).unwrap();
        assert_eq!(
            (c.lr, c.gate, c.seed, c.epochs),
            (0.5, Gate::Or, 3, Config::default().epochs)
        );
        let e = Config::try_parse_from(["ch01", "--lr", "fast"]).unwrap_err();
        assert!(e.to_string().contains("invalid value 'fast'"), "{e}");
    }
}
