//! Chapter 8's exercises: Xavier's and He's standard deviations, and one layer's output
//! variance after a ReLU. Expected values: chapter 8's `Init::variance` and
//! `variance::{predicted_variance, second_moment}`.

use ch08_initialization::init::Init;
use ch08_initialization::variance::{predicted_variance, second_moment};
use ndarray::Array1;

use crate::diagnose::{compare, Hint, Mismatch};

exercises! { $ bind_ch08, ch08: 8, "Deep networks and initialization";
    "8.1" xavier_std(usize, usize) -> f64,
        "Xavier/Glorot's standard deviation",
        "the standard deviation of N(0, std²) with Var(w) = 2/(n_in + n_out)",
        check_xavier;
    "8.2" he_std(usize, usize) -> f64,
        "He/Kaiming's standard deviation",
        "the standard deviation of N(0, std²) with Var(w) = 2/n_in, for a layer whose inputs come out of a ReLU",
        check_he;
    "8.3" relu_layer_variance(usize, f64, f64) -> f64,
        "one layer's output variance after a ReLU",
        "Var(z′) for z′ = Σᵢ wᵢ·ReLU(zᵢ), n_in inputs, zero-mean weights of variance Var(w), z ~ N(0, Var(z)): n_in·Var(w)·E[ReLU(z)²]",
        check_relu_layer;
}

/// 8.1, 8.2: the variance returned.
pub const VARIANCE_NOT_STD: &str = "that is the variance Var(w): return its square root, the standard deviation the normal distribution is drawn with";
/// 8.1, 8.2: the uniform distribution's limit.
pub const UNIFORM_LIMIT: &str = "that is the limit a of the uniform U(−a, a) with this variance (a = √3·std); the chapter draws from a normal: return its standard deviation";
/// 8.1, 8.2: the wrong fan.
pub const WRONG_FAN: &str = "the wrong fan: Xavier uses both, Var(w) = 2/(n_in + n_out); He uses n_in alone (how many inputs each unit sums), Var(w) = 2/n_in";
/// 8.2, 8.3: ReLU's factor 2 (or ½).
pub const RELU_FACTOR: &str = "ReLU's factor is off: it zeroes half its inputs, so E[ReLU(z)²] = Var(z)/2, and He's Var(w) = 2/n_in (not 1/n_in) makes up for it";
/// 8.3: no n_in.
pub const MISSING_FAN_IN: &str =
    "n_in is missing: z′ = Σᵢ wᵢxᵢ sums n_in independent terms, each adding Var(w)·E[x²]";

/// Layers (n_in, n_out): MNIST's first layer, square, narrowing, widening, one unit.
const LAYERS: [(usize, usize); 5] = [(784, 256), (256, 256), (100, 10), (3, 500), (1, 1)];

/// `f` of every layer's (n_in, n_out).
fn over_layers(f: impl Fn(usize, usize) -> f64) -> Array1<f64> {
    LAYERS.iter().map(|&(n_in, n_out)| f(n_in, n_out)).collect()
}

/// (n_in, Var(w), Var(z)) for 8.3: He's weights, arbitrary ones, Xavier's, a large Var(w).
const RELU_CASES: [(usize, f64, f64); 4] = [
    (512, 2.0 / 512.0, 1.0),
    (100, 0.01, 3.0),
    (784, 1.0 / 784.0, 0.25),
    (10, 0.5, 2.0),
];

/// `f` of every (n_in, Var(w), Var(z)) of 8.3.
fn over_relu_cases(f: impl Fn(usize, f64, f64) -> f64) -> Array1<f64> {
    RELU_CASES.iter().map(|&(n, w, v)| f(n, w, v)).collect()
}

const LAYER_LIST: &str = "(n_in, n_out) = (784, 256), (256, 256), (100, 10), (3, 500), (1, 1)";

fn check_xavier(c: Candidate) -> Result<(), Mismatch> {
    let xavier = |n_in, n_out| Init::Xavier.variance(n_in, n_out);
    compare(
        format!("xavier_std for {LAYER_LIST}"),
        over_layers(|i, o| xavier(i, o).sqrt()),
        over_layers(c.xavier_std),
    )
    .known(over_layers(xavier), Hint::Mistake(VARIANCE_NOT_STD))
    .known(
        over_layers(|i, o| (3.0 * xavier(i, o)).sqrt()),
        Hint::Mistake(UNIFORM_LIMIT),
    )
    .known(
        over_layers(|i, _| (1.0 / i as f64).sqrt()),
        Hint::Mistake(WRONG_FAN),
    )
    .known(
        over_layers(|i, _| (2.0 / i as f64).sqrt()),
        Hint::Mistake(WRONG_FAN),
    )
    .check()
}

fn check_he(c: Candidate) -> Result<(), Mismatch> {
    let he = |n_in, n_out| Init::He.variance(n_in, n_out);
    compare(
        format!("he_std for {LAYER_LIST}"),
        over_layers(|i, o| he(i, o).sqrt()),
        over_layers(c.he_std),
    )
    .known(over_layers(he), Hint::Mistake(VARIANCE_NOT_STD))
    .known(
        over_layers(|i, o| (3.0 * he(i, o)).sqrt()),
        Hint::Mistake(UNIFORM_LIMIT),
    )
    .known(
        over_layers(|_, o| (2.0 / o as f64).sqrt()),
        Hint::Mistake(WRONG_FAN),
    )
    .known(
        over_layers(|i, o| (4.0 / (i + o) as f64).sqrt()),
        Hint::Mistake(WRONG_FAN),
    )
    .known(
        over_layers(|i, _| (1.0 / i as f64).sqrt()),
        Hint::Mistake(RELU_FACTOR),
    )
    .check()
}

fn check_relu_layer(c: Candidate) -> Result<(), Mismatch> {
    let relu = |z: f64| z.max(0.0);
    compare(
        "relu_layer_variance for (n_in, Var(w), Var(z)) = (512, 2/512, 1), (100, 0.01, 3), (784, 1/784, 0.25), (10, 0.5, 2)",
        over_relu_cases(|n, w, v| predicted_variance(n, w, second_moment(relu, v))),
        over_relu_cases(c.relu_layer_variance),
    )
    // Var(z) itself where E[ReLU(z)²] belongs: no ½.
    .known(over_relu_cases(predicted_variance), Hint::Mistake(RELU_FACTOR))
    .known(
        over_relu_cases(|_, w, v| w * second_moment(relu, v)),
        Hint::Mistake(MISSING_FAN_IN),
    )
    .check()
}
