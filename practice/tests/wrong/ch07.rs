//! Wrong answers to chapter 7's exercises.

use ndarray::{Array1, Array2, Axis};
use practice::checks::ch07::{self, *};
use practice::{BatchNormGrads, Hint, RunningStats};

use super::super::answer_ch07 as right;
use super::{variant, with, wrong, WrongAnswer};

const EPSILON: f64 = 1e-5;

/// 7.1 with a divisor d per column instead of √(σ² + ε).
fn forward_dividing_by(
    x: &Array2<f64>,
    d: Array1<f64>,
    gamma: &Array1<f64>,
    beta: &Array1<f64>,
) -> Array2<f64> {
    let mean = x.mean_axis(Axis(0)).unwrap();
    (x - &mean) / &d * gamma + beta
}

/// 7.1 with the sample variance (÷ (n − 1)).
pub fn forward_unbiased(x: &Array2<f64>, gamma: &Array1<f64>, beta: &Array1<f64>) -> Array2<f64> {
    let d = x.var_axis(Axis(0), 1.0).mapv(|v| (v + EPSILON).sqrt());
    forward_dividing_by(x, d, gamma, beta)
}

/// 7.1 with ε added to the standard deviation: σ + ε.
pub fn forward_epsilon_outside(
    x: &Array2<f64>,
    gamma: &Array1<f64>,
    beta: &Array1<f64>,
) -> Array2<f64> {
    let d = x.std_axis(Axis(0), 0.0) + EPSILON;
    forward_dividing_by(x, d, gamma, beta)
}

/// 7.1 dividing by σ alone.
pub fn forward_without_epsilon(
    x: &Array2<f64>,
    gamma: &Array1<f64>,
    beta: &Array1<f64>,
) -> Array2<f64> {
    forward_dividing_by(x, x.std_axis(Axis(0), 0.0), gamma, beta)
}

/// 7.1 normalizing each row (each sample over its features: layer norm's axis).
pub fn forward_over_rows(x: &Array2<f64>, gamma: &Array1<f64>, beta: &Array1<f64>) -> Array2<f64> {
    let t = x.t().to_owned();
    let ones = Array1::ones(t.ncols());
    let rows = right::batch_norm_forward(&t, &ones, &Array1::zeros(t.ncols()));
    rows.t().to_owned() * gamma + beta
}

/// 7.1 dividing by σ² + ε.
pub fn forward_by_variance(
    x: &Array2<f64>,
    gamma: &Array1<f64>,
    beta: &Array1<f64>,
) -> Array2<f64> {
    let d = x.var_axis(Axis(0), 0.0) + EPSILON;
    forward_dividing_by(x, d, gamma, beta)
}

/// 7.2 with μ and σ² taken as constants: ∂L/∂x = γ ⊙ g/√(σ² + ε).
pub fn backward_constant_statistics(
    x: &Array2<f64>,
    gamma: &Array1<f64>,
    g: &Array2<f64>,
) -> BatchNormGrads {
    let inv_std = x
        .var_axis(Axis(0), 0.0)
        .mapv(|v| 1.0 / (v + EPSILON).sqrt());
    BatchNormGrads {
        x: g * gamma * &inv_std,
        ..right::batch_norm_backward(x, gamma, g)
    }
}

/// 7.2 without the 1/n of the compact formula.
pub fn backward_without_one_over_n(
    x: &Array2<f64>,
    gamma: &Array1<f64>,
    g: &Array2<f64>,
) -> BatchNormGrads {
    let right = right::batch_norm_backward(x, gamma, g);
    BatchNormGrads {
        x: right.x * x.nrows() as f64,
        ..right
    }
}

/// The compact formula written with a divisor d of its own and terms switched on or off.
fn compact(
    x: &Array2<f64>,
    gamma: &Array1<f64>,
    g: &Array2<f64>,
    ddof: f64,
    by_variance: bool,
    (mean_term, var_term): (bool, bool),
) -> BatchNormGrads {
    let n = x.nrows() as f64;
    let var = x.var_axis(Axis(0), ddof);
    let inv_std = var.mapv(|v| 1.0 / (v + EPSILON).sqrt());
    let mean = x.mean_axis(Axis(0)).unwrap();
    let x_hat = (x - &mean) * &inv_std;
    let g_hat = g * gamma;
    let mut bracket = &g_hat * n;
    if mean_term {
        bracket -= &g_hat.sum_axis(Axis(0));
    }
    if var_term {
        bracket -= &(&x_hat * &(&g_hat * &x_hat).sum_axis(Axis(0)));
    }
    let scale = if by_variance {
        var.mapv(|v| 1.0 / (v + EPSILON))
    } else {
        inv_std
    };
    BatchNormGrads {
        x: bracket * &(scale / n),
        ..right::batch_norm_backward(x, gamma, g)
    }
}

/// 7.2 with only the first of the two sums: the mean's dependence, not the variance's.
pub fn backward_one_sum(x: &Array2<f64>, gamma: &Array1<f64>, g: &Array2<f64>) -> BatchNormGrads {
    compact(x, gamma, g, 0.0, false, (true, false))
}

/// 7.2 with the mean's dependence on x dropped.
pub fn backward_without_mean_term(
    x: &Array2<f64>,
    gamma: &Array1<f64>,
    g: &Array2<f64>,
) -> BatchNormGrads {
    compact(x, gamma, g, 0.0, false, (false, true))
}

/// 7.2 dividing by σ² + ε, not its root.
pub fn backward_by_variance(
    x: &Array2<f64>,
    gamma: &Array1<f64>,
    g: &Array2<f64>,
) -> BatchNormGrads {
    compact(x, gamma, g, 0.0, true, (true, true))
}

/// 7.2 with the variance ÷ (n − 1).
pub fn backward_unbiased(x: &Array2<f64>, gamma: &Array1<f64>, g: &Array2<f64>) -> BatchNormGrads {
    compact(x, gamma, g, 1.0, false, (true, true))
}

/// 7.2 with ∂L/∂γ = Σ G.
pub fn backward_gamma_without_x_hat(
    x: &Array2<f64>,
    gamma: &Array1<f64>,
    g: &Array2<f64>,
) -> BatchNormGrads {
    BatchNormGrads {
        gamma: g.sum_axis(Axis(0)),
        ..right::batch_norm_backward(x, gamma, g)
    }
}

/// 7.2 with ∂L/∂γ = Σ G ⊙ x.
pub fn backward_gamma_with_x(
    x: &Array2<f64>,
    gamma: &Array1<f64>,
    g: &Array2<f64>,
) -> BatchNormGrads {
    BatchNormGrads {
        gamma: (g * x).sum_axis(Axis(0)),
        ..right::batch_norm_backward(x, gamma, g)
    }
}

/// 7.2 with ĝ = G: γ forgotten in ∂L/∂x.
pub fn backward_without_gamma(
    x: &Array2<f64>,
    gamma: &Array1<f64>,
    g: &Array2<f64>,
) -> BatchNormGrads {
    let ones = Array1::ones(gamma.len());
    BatchNormGrads {
        x: right::batch_norm_backward(x, &ones, g).x,
        ..right::batch_norm_backward(x, gamma, g)
    }
}

/// 7.3 with the weights swapped: 0.1 of the old value, 0.9 of the batch's.
pub fn running_reversed(running: &RunningStats, x: &Array2<f64>) -> RunningStats {
    RunningStats {
        mean: &running.mean * 0.1 + x.mean_axis(Axis(0)).unwrap() * 0.9,
        var: &running.var * 0.1 + x.var_axis(Axis(0), 1.0) * 0.9,
    }
}

/// 7.3 with the batch's biased variance (÷ n).
pub fn running_biased(running: &RunningStats, x: &Array2<f64>) -> RunningStats {
    RunningStats {
        var: &running.var * 0.9 + x.var_axis(Axis(0), 0.0) * 0.1,
        ..right::running_averages(running, x)
    }
}

/// 7.3 with the statistics over each row.
pub fn running_by_rows(running: &RunningStats, x: &Array2<f64>) -> RunningStats {
    right::running_averages(running, &x.t().to_owned())
}

/// 7.4 normalizing with the batch's statistics, as in training.
pub fn inference_with_batch_statistics(
    x: &Array2<f64>,
    gamma: &Array1<f64>,
    beta: &Array1<f64>,
    _running: &RunningStats,
) -> Array2<f64> {
    right::batch_norm_forward(x, gamma, beta)
}

/// 7.4 dividing by √v, without ε.
pub fn inference_without_epsilon(
    x: &Array2<f64>,
    gamma: &Array1<f64>,
    beta: &Array1<f64>,
    running: &RunningStats,
) -> Array2<f64> {
    (x - &running.mean) / running.var.mapv(f64::sqrt) * gamma + beta
}

/// 7.4 dividing by v + ε, not its root.
pub fn inference_by_variance(
    x: &Array2<f64>,
    gamma: &Array1<f64>,
    beta: &Array1<f64>,
    running: &RunningStats,
) -> Array2<f64> {
    (x - &running.mean) / running.var.mapv(|v| v + EPSILON) * gamma + beta
}

/// 7.1, generated: ε = 10⁻ᴷ instead of 10⁻⁵.
fn forward_epsilon<const K: i32>(
    x: &Array2<f64>,
    gamma: &Array1<f64>,
    beta: &Array1<f64>,
) -> Array2<f64> {
    let eps = 10f64.powi(-K);
    let d = x.var_axis(Axis(0), 0.0).mapv(|v| (v + eps).sqrt());
    forward_dividing_by(x, d, gamma, beta)
}

/// 7.3, generated: the momentum K/100 instead of 0.1.
fn running_momentum<const K: i32>(running: &RunningStats, x: &Array2<f64>) -> RunningStats {
    let alpha = K as f64 / 100.0;
    RunningStats {
        mean: &running.mean * (1.0 - alpha) + x.mean_axis(Axis(0)).unwrap() * alpha,
        var: &running.var * (1.0 - alpha) + x.var_axis(Axis(0), 1.0) * alpha,
    }
}

pub fn wrong_answers() -> Vec<WrongAnswer> {
    let a = practice::bind_ch07!(super::super::answer_ch07);
    let seven = ch07::chapter;
    let mut list = vec![
        wrong(
            "7.1",
            "variance ÷ (n − 1)",
            seven(with!(a, batch_norm_forward = forward_unbiased)),
            Hint::Mistake(SAMPLE_VARIANCE),
        ),
        wrong(
            "7.1",
            "σ + ε",
            seven(with!(a, batch_norm_forward = forward_epsilon_outside)),
            Hint::Mistake(EPSILON_OUTSIDE_ROOT),
        ),
        wrong(
            "7.1",
            "no ε",
            seven(with!(a, batch_norm_forward = forward_without_epsilon)),
            Hint::Mistake(MISSING_EPSILON),
        ),
        wrong(
            "7.1",
            "statistics of each row",
            seven(with!(a, batch_norm_forward = forward_over_rows)),
            Hint::Mistake(BY_ROWS),
        ),
        wrong(
            "7.1",
            "÷ (σ² + ε)",
            seven(with!(a, batch_norm_forward = forward_by_variance)),
            Hint::Mistake(DIVIDED_BY_VARIANCE),
        ),
        wrong(
            "7.2",
            "μ and σ² as constants",
            seven(with!(a, batch_norm_backward = backward_constant_statistics)),
            Hint::Mistake(STATISTICS_AS_CONSTANTS),
        ),
        wrong(
            "7.2",
            "no 1/n",
            seven(with!(a, batch_norm_backward = backward_without_one_over_n)),
            Hint::MissingOneOverN { n: 6 },
        ),
        wrong(
            "7.2",
            "only the mean's term",
            seven(with!(a, batch_norm_backward = backward_one_sum)),
            Hint::Mistake(VARIANCE_TERM_MISSING),
        ),
        wrong(
            "7.2",
            "the mean's dependence dropped",
            seven(with!(a, batch_norm_backward = backward_without_mean_term)),
            Hint::Mistake(MEAN_TERM_MISSING),
        ),
        wrong(
            "7.2",
            "÷ (σ² + ε) for ÷ √(σ² + ε)",
            seven(with!(a, batch_norm_backward = backward_by_variance)),
            Hint::Mistake(VARIANCE_FOR_STD),
        ),
        wrong(
            "7.2",
            "variance ÷ (n − 1)",
            seven(with!(a, batch_norm_backward = backward_unbiased)),
            Hint::Mistake(UNBIASED_IN_BACKWARD),
        ),
        wrong(
            "7.2",
            "γ forgotten in ∂L/∂x",
            seven(with!(a, batch_norm_backward = backward_without_gamma)),
            Hint::ScaledPer { what: "feature" },
        ),
        wrong(
            "7.2",
            "∂L/∂γ = Σ G",
            seven(with!(a, batch_norm_backward = backward_gamma_without_x_hat)),
            Hint::Mistake(GAMMA_WITHOUT_XHAT),
        ),
        wrong(
            "7.2",
            "∂L/∂γ = Σ G ⊙ x",
            seven(with!(a, batch_norm_backward = backward_gamma_with_x)),
            Hint::Mistake(GAMMA_WITH_X),
        ),
        wrong(
            "7.3",
            "weights swapped (0.9 of the batch)",
            seven(with!(a, running_averages = running_reversed)),
            Hint::Mistake(MOMENTUM_REVERSED),
        ),
        wrong(
            "7.3",
            "biased variance",
            seven(with!(a, running_averages = running_biased)),
            Hint::Mistake(BIASED_RUNNING_VARIANCE),
        ),
        wrong(
            "7.3",
            "statistics of each row",
            seven(with!(a, running_averages = running_by_rows)),
            super::panicked_here("practice/answers/ch07.rs"),
        ),
        wrong(
            "7.4",
            "the batch's statistics",
            seven(with!(
                a,
                batch_norm_inference = inference_with_batch_statistics
            )),
            Hint::Mistake(BATCH_STATISTICS_AT_INFERENCE),
        ),
        wrong(
            "7.4",
            "no ε",
            seven(with!(a, batch_norm_inference = inference_without_epsilon)),
            Hint::Mistake(MISSING_EPSILON),
        ),
        wrong(
            "7.4",
            "÷ (v + ε)",
            seven(with!(a, batch_norm_inference = inference_by_variance)),
            Hint::Mistake(DIVIDED_BY_VARIANCE),
        ),
    ];
    type Variant = fn(&Array2<f64>, &Array1<f64>, &Array1<f64>) -> Array2<f64>;
    let epsilons: [(i32, Variant); 3] = [
        (3, forward_epsilon::<3>),
        (8, forward_epsilon::<8>),
        (1, forward_epsilon::<1>),
    ];
    for (k, f) in epsilons {
        list.push(variant(
            "7.1",
            format!("ε = 1e-{k}"),
            seven(with!(a, batch_norm_forward = f)),
        ));
    }
    type Running = fn(&RunningStats, &Array2<f64>) -> RunningStats;
    let momenta: [(i32, Running); 3] = [
        (1, running_momentum::<1>),
        (9, running_momentum::<9>),
        (50, running_momentum::<50>),
    ];
    for (k, f) in momenta {
        list.push(variant(
            "7.3",
            format!("momentum {}", k as f64 / 100.0),
            seven(with!(a, running_averages = f)),
        ));
    }
    list
}
