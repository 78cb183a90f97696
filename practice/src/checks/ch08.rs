//! Chapter 8's exercises: Xavier's and He's standard deviations, and one layer's output
//! variance after a ReLU. Expected values: chapter 8's `Init::variance` and
//! `variance::{predicted_variance, second_moment}`.

use ch08_initialization::init::Init;
use ch08_initialization::variance::{predicted_variance, second_moment};
use ndarray::Array1;

use crate::diagnose::{compare, Hint};
use crate::grade::{Chapter, Exercise};

/// The functions a reader writes for chapter 8.
#[derive(Clone, Copy)]
pub struct Candidate {
    pub xavier_std: fn(usize, usize) -> f64,
    pub he_std: fn(usize, usize) -> f64,
    pub relu_layer_variance: fn(usize, f64, f64) -> f64,
}

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

pub fn chapter(c: Candidate) -> Chapter {
    Chapter {
        number: 8,
        title: "Deep networks and initialization",
        file: "practice/src/exercises/ch08.rs",
        exercises: vec![
            Exercise::new(
                "8.1",
                "xavier_std",
                "Xavier/Glorot's standard deviation",
                "the standard deviation of N(0, std²) with Var(w) = 2/(n_in + n_out)",
                move || {
                    let xavier = |n_in, n_out| Init::Xavier.variance(n_in, n_out);
                    compare(
                        format!("xavier_std for {LAYER_LIST}"),
                        over_layers(|i, o| xavier(i, o).sqrt()),
                        over_layers(c.xavier_std),
                    )
                    .known(over_layers(xavier), Hint::VarianceNotStd)
                    .known(over_layers(|i, o| (3.0 * xavier(i, o)).sqrt()), Hint::UniformLimit)
                    .known(over_layers(|i, _| (1.0 / i as f64).sqrt()), Hint::WrongFan)
                    .check()
                },
            ),
            Exercise::new(
                "8.2",
                "he_std",
                "He/Kaiming's standard deviation",
                "the standard deviation of N(0, std²) with Var(w) = 2/n_in, for a layer whose inputs come out of a ReLU",
                move || {
                    let he = |n_in, n_out| Init::He.variance(n_in, n_out);
                    compare(
                        format!("he_std for {LAYER_LIST}"),
                        over_layers(|i, o| he(i, o).sqrt()),
                        over_layers(c.he_std),
                    )
                    .known(over_layers(he), Hint::VarianceNotStd)
                    .known(over_layers(|i, o| (3.0 * he(i, o)).sqrt()), Hint::UniformLimit)
                    .known(over_layers(|_, o| (2.0 / o as f64).sqrt()), Hint::WrongFan)
                    .known(over_layers(|i, o| (4.0 / (i + o) as f64).sqrt()), Hint::WrongFan)
                    .known(over_layers(|i, _| (1.0 / i as f64).sqrt()), Hint::ReluFactor)
                    .check()
                },
            ),
            Exercise::new(
                "8.3",
                "relu_layer_variance",
                "one layer's output variance after a ReLU",
                "Var(z′) for z′ = Σᵢ wᵢ·ReLU(zᵢ), n_in inputs, zero-mean weights of variance Var(w), z ~ N(0, Var(z)): n_in·Var(w)·E[ReLU(z)²]",
                move || {
                    let relu = |z: f64| z.max(0.0);
                    compare(
                        "relu_layer_variance for (n_in, Var(w), Var(z)) = (512, 2/512, 1), (100, 0.01, 3), (784, 1/784, 0.25), (10, 0.5, 2)",
                        over_relu_cases(|n, w, v| predicted_variance(n, w, second_moment(relu, v))),
                        over_relu_cases(c.relu_layer_variance),
                    )
                    // Var(z) itself where E[ReLU(z)²] belongs: no ½.
                    .known(over_relu_cases(predicted_variance), Hint::ReluFactor)
                    .known(over_relu_cases(|_, w, v| w * second_moment(relu, v)), Hint::MissingFanIn)
                    .check()
                },
            ),
        ],
    }
}
