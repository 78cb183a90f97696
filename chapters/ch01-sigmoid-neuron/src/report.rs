//! Chapter 1's experiment: every claim of the chapter, measured by running code.

use std::fmt;

use clap::Parser;
use ndarray::{array, s, Array1, Array2};
use nn_core::cli::positive;
use nn_core::gradcheck::{check_vjp, GradCheck};
use nn_core::plot::{function_and_derivative, DecisionRegions, LineChart, Series, Svg};
use nn_core::report::ChapterReport;
use nn_core::rng::{rand_distr::StandardNormal, seeded, RandomExt};
use nn_core::table::{fixed, sig, verdict, yes_no, Table};
use nn_core::{data, Error, Result};

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
    /// Seed of the random initial weights.
    #[arg(long, default_value_t = 7)]
    pub seed: u64,
    /// Learning rate η of gradient descent.
    #[arg(long, default_value_t = 2.0)]
    pub lr: f64,
    /// Gradient-descent steps.
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
        positive("lr", self.lr)?;
        if self.epochs == 0 {
            return Err(Error::Config {
                flag: "epochs",
                reason: "at least one step is needed".into(),
            });
        }
        Ok(())
    }
}

/// The neuron of section 1: weights of order 0.01–1, like a neuron's after some training,
/// on four raw breast-cancer measurements (radius, texture, perimeter, area).
pub const DEMO_WEIGHTS: [f64; 4] = [0.5, 0.2, -0.1, 0.01];
pub const DEMO_BIAS: f64 = -1.0;

/// The first line of the report.
pub const HEADING: &str = "Chapter 1: the sigmoid neuron";

/// Everything the chapter measures.
#[derive(Clone, Debug)]
pub struct Report {
    pub config: Config,
    /// Section 1: (sample, inputs, z, σ(z)) for the first tumours, and a z grid.
    pub samples: Vec<(usize, [f64; 4], f64, f64)>,
    pub z_max: f64,
    pub z_grid: Vec<f64>,
    /// Section 2: z both ways for every tumour; are they the same bits?
    pub explicit: Array1<f64>,
    pub augmented: Array1<f64>,
    /// Section 3: the smallest z with σ(z) = 1.0 exactly.
    pub saturates_f64: f64,
    pub saturates_f32: f32,
    /// Section 4: the smallest x at which eˣ / (eˣ + 1) is NaN.
    pub naive_nan_f64: f64,
    pub naive_nan_f32: f32,
    /// Section 5: gradient checks and derivative peaks.
    pub sigmoid_check: GradCheck,
    pub tanh_check: GradCheck,
    pub tanh_identity_error: f64,
    /// Section 6: the trained neuron.
    pub initial: Neuron,
    pub trained: Neuron,
    pub history: Vec<f64>,
}

// ANCHOR: run
/// Runs every experiment of the chapter.
pub fn run(config: &Config) -> Result<Report> {
    config.validate()?;

    // 1. The weighted sum is unbounded; σ squashes it.
    let tumours = data::breast_cancer();
    let x = tumours.features.slice(s![.., 0..4]).to_owned(); // (569, 4)
    let neuron = Neuron::new(Array1::from(DEMO_WEIGHTS.to_vec()), DEMO_BIAS);
    let z = neuron.weighted_sums(&x);
    let samples = (0..5)
        .map(|i| {
            let row = x.row(i);
            ([row[0], row[1], row[2], row[3]], z[i])
        })
        .enumerate()
        .map(|(i, (inputs, z))| (i, inputs, z, sigmoid(z)))
        .collect();
    let z_max = z.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let z_grid = vec![-1000.0, -40.0, -10.0, -2.0, 0.0, 2.0, 10.0, 40.0, 1000.0];

    // 2. The bias two ways, on all 569 tumours.
    let explicit = z;
    let augmented = neuron.weighted_sums_augmented(&x);

    // 3-4. Where floating point runs out.
    let (saturates_f64, saturates_f32) = (saturation_point::<f64>(), saturation_point::<f32>());
    let (naive_nan_f64, naive_nan_f32) = (first_naive_nan::<f64>(), first_naive_nan::<f32>());

    // 5. Sigmoid and tanh layers, gradient-checked on random inputs.
    let mut rng = seeded(config.seed);
    let inputs: Array2<f64> = Array2::random_using((8, 3), StandardNormal, &mut rng) * 3.0;
    let upstream: Array2<f64> = Array2::random_using((8, 3), StandardNormal, &mut rng);
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

    // 6. One neuron learns a gate, from random weights.
    let w0: Array1<f64> = Array1::random_using(2, StandardNormal, &mut rng);
    let initial = Neuron::new(w0, 0.0);
    let mut trained = initial.clone();
    let history = train(
        &mut trained,
        &Gate::inputs(),
        &config.gate.targets(),
        config.lr,
        config.epochs,
    );

    Ok(Report {
        config: config.clone(),
        samples,
        z_max,
        z_grid,
        explicit,
        augmented,
        saturates_f64,
        saturates_f32,
        naive_nan_f64,
        naive_nan_f32,
        sigmoid_check,
        tanh_check,
        tanh_identity_error,
        initial,
        trained,
        history,
    })
}
// ANCHOR_END: run

impl Report {
    /// Whether the two forms of the bias gave the same bits for every tumour.
    pub fn bias_bit_identical(&self) -> bool {
        self.explicit.len() == self.augmented.len()
            && self
                .explicit
                .iter()
                .zip(&self.augmented)
                .all(|(e, a)| e.to_bits() == a.to_bits())
    }

    /// The trained neuron's output for each input of the gate.
    pub fn predictions(&self) -> Vec<(f64, f64, f64, f64)> {
        let targets = self.config.gate.targets();
        Gate::inputs()
            .rows()
            .into_iter()
            .zip(targets)
            .map(|(x, y)| (x[0], x[1], y, self.trained.output(x)))
            .collect()
    }

    /// The report's sections: a short name (the snapshot's) and the text.
    pub fn sections(&self) -> Vec<(&'static str, String)> {
        vec![
            ("unbounded", self.unbounded()),
            ("bias", self.bias()),
            ("saturation", self.saturation()),
            ("naive", self.naive()),
            ("layers", self.layers()),
            ("training", self.training()),
        ]
    }

    fn unbounded(&self) -> String {
        let mut t = Table::new([
            "tumour",
            "radius",
            "texture",
            "perimeter",
            "area",
            "z = w·x + b",
            "σ(z)",
        ]);
        for (i, inputs, z, s) in &self.samples {
            t.row([
                i.to_string(),
                fixed(inputs[0], 2),
                fixed(inputs[1], 2),
                fixed(inputs[2], 2),
                fixed(inputs[3], 1),
                fixed(*z, 3),
                fixed(*s, 6),
            ]);
        }
        let mut g = Table::new(["z", "σ(z)", "1 − σ(z)"]);
        for &z in &self.z_grid {
            g.row([fixed(z, 0), fixed(sigmoid(z), 6), sig(1.0 - sigmoid(z), 4)]);
        }
        format!(
            "1. The weighted sum is unbounded\n\
             A neuron with w = {w:?}, b = {b} on raw breast-cancer measurements:\n\n{t}\n\
             Largest z over all 569 tumours: {zmax}. However large z is, σ(z) lies in (0, 1),\n\
             until floating point rounds it to 0 or 1 (section 3):\n\n{g}",
            w = DEMO_WEIGHTS,
            b = DEMO_BIAS,
            zmax = fixed(self.z_max, 3),
        )
    }

    fn bias(&self) -> String {
        let mut t = Table::new(["tumour", "x·w + b", "[x, 1]·[w; b]"]);
        for i in 0..4 {
            t.row([
                i.to_string(),
                sig(self.explicit[i], 17),
                sig(self.augmented[i], 17),
            ]);
        }
        let differ = self
            .explicit
            .iter()
            .zip(&self.augmented)
            .filter(|(e, a)| e.to_bits() != a.to_bits())
            .count();
        format!(
            "2. Bias two ways\n{t}\nAll {n} tumours, compared bit for bit: {differ} differ (identical: {same}).\n",
            n = self.explicit.len(),
            same = yes_no(self.bias_bit_identical()),
        )
    }

    fn saturation(&self) -> String {
        let z = self.saturates_f64;
        let ln2 = std::f64::consts::LN_2;
        let naive_log = (1.0 - sigmoid(z)).ln();
        // log(1 − σ(z)) = log σ(−z) = −softplus(z) = −(z + ln(1 + e⁻ᶻ)), computed without 1 − σ.
        let stable_log = -(z + (-z).exp().ln_1p());
        let mut t = Table::new([
            "type",
            "smallest z with σ(z) = 1 exactly",
            "by hand",
            "σ(next float below)",
        ]);
        t.row([
            "f64".to_string(),
            sig(z, 10),
            format!("53·ln 2 = {}", sig(53.0 * ln2, 10)),
            sig(sigmoid(z.next_down()), 17),
        ]);
        let z32 = self.saturates_f32;
        t.row([
            "f32".to_string(),
            sig(z32 as f64, 7),
            format!("24·ln 2 = {}", sig(24.0 * ln2, 7)),
            sig(sigmoid(z32.next_down()) as f64, 9),
        ]);
        format!(
            "3. Saturation in floating point\n{t}\n\
             At z = {zs} in f64: 1 − σ(z) = {gap}, so log(1 − σ(z)) = {naive_log}\n\
             (the cost of the next chapter, written naively); computed from z instead,\n\
             log(1 − σ(z)) = −softplus(z) = {stable_log}.\n",
            zs = sig(z, 10),
            gap = fixed(1.0 - sigmoid(z), 1),
            naive_log = fixed(naive_log, 3),
            stable_log = fixed(stable_log, 6),
        )
    }

    fn naive(&self) -> String {
        let xs: [f64; 11] = [
            -1e308, -1000.0, -745.0, -40.0, 0.0, 40.0, 709.0, 709.78, 709.79, 1000.0, 1e308,
        ];
        let mut t = Table::new(["x", "exp(x)/(exp(x)+1)", "sigmoid(x)"]);
        for x in xs {
            t.row([
                format!("{x:?}"),
                sig(sigmoid_naive(x), 6),
                sig(sigmoid(x), 6),
            ]);
        }
        format!(
            "4. A sigmoid that never returns NaN\n{t}\n\
             The naive formula first returns NaN at x = {x64} in f64 (exp overflows: ln(f64::MAX) = {lnmax})\n\
             and at x = {x32} in f32. The chapter's sigmoid is finite for every finite input.\n",
            x64 = sig(self.naive_nan_f64, 12),
            lnmax = sig(f64::MAX.ln(), 12),
            x32 = sig(self.naive_nan_f32 as f64, 7),
        )
    }

    fn layers(&self) -> String {
        let mut t = Table::new([
            "layer",
            "forward",
            "backward from the cached output Z",
            "gradient check (< 1e-6)",
        ]);
        t.row([
            "Sigmoid",
            "Z = σ(X)",
            "dL/dX = Z·(1 − Z)·dL/dZ",
            verdict(self.sigmoid_check.passed()),
        ]);
        t.row([
            "Tanh",
            "Z = tanh(X)",
            "dL/dX = (1 − Z²)·dL/dZ",
            verdict(self.tanh_check.passed()),
        ]);
        let peak = |f: &dyn Fn(f64) -> f64| {
            (-600..=600)
                .map(|i| i as f64 * 0.01)
                .map(|x| (f(x), x))
                .fold(
                    (f64::NEG_INFINITY, 0.0),
                    |a, b| if b.0 > a.0 { b } else { a },
                )
        };
        let (sp, sx) = peak(&sigmoid_prime);
        let (tp, tx) = peak(&|x: f64| 1.0 - x.tanh().powi(2));
        format!(
            "5. Sigmoid and tanh layers\n{t}\n\
             tanh(x) = 2σ(2x) − 1: largest difference on [−10, 10] is below 1e-15: {ident}.\n\
             Peak of σ′: {sp} at x = {sx}; peak of tanh′: {tp} at x = {tx}.\n",
            ident = yes_no(self.tanh_identity_error < 1e-15),
            sp = fixed(sp, 4),
            sx = fixed(sx, 2),
            tp = fixed(tp, 4),
            tx = fixed(tx, 2),
        )
    }

    fn training(&self) -> String {
        let c = &self.config;
        let mut losses = Table::new(["step", "loss"]);
        let last = self.history.len() - 1;
        for step in (0..=last)
            .step_by((last / 8).max(1))
            .chain(std::iter::once(last))
        {
            losses.row([step.to_string(), fixed(self.history[step], 6)]);
            if step == last {
                break;
            }
        }
        let mut p = Table::new(["x₁", "x₂", "target", "σ(w·x + b)", "predicted"]);
        for (x1, x2, y, a) in self.predictions() {
            p.row([
                fixed(x1, 0),
                fixed(x2, 0),
                fixed(y, 0),
                fixed(a, 4),
                fixed(if a > 0.5 { 1.0 } else { 0.0 }, 0),
            ]);
        }
        let correct = self
            .predictions()
            .iter()
            .filter(|(_, _, y, a)| (*a > 0.5) == (*y == 1.0))
            .count();
        format!(
            "6. One neuron learns {gate}\n\
             Gradient descent on the mean squared error, lr = {lr}, {epochs} steps, seed {seed}.\n\
             Initial w = [{w10}, {w20}], b = {b0}.\n\n{losses}\n\
             Final w = [{w1}, {w2}], b = {b}.\n\n{p}\n{correct} of 4 correct.\n",
            gate = c.gate.name(),
            lr = c.lr,
            epochs = c.epochs,
            seed = c.seed,
            w10 = fixed(self.initial.w[0], 4),
            w20 = fixed(self.initial.w[1], 4),
            b0 = fixed(self.initial.b, 4),
            w1 = fixed(self.trained.w[0], 4),
            w2 = fixed(self.trained.w[1], 4),
            b = fixed(self.trained.b, 4),
        )
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        nn_core::report::write_report(f, HEADING, &self.sections())
    }
}

// ANCHOR: figures
impl ChapterReport for Report {
    fn figures(&self) -> Result<Vec<(&'static str, Svg)>> {
        let tanh_prime = |x: f64| 1.0 - x.tanh().powi(2);
        let activations = function_and_derivative(
            "Sigmoid and tanh, with their derivatives (dashed)",
            (-6.0, 6.0),
            &[
                ("σ(x)", &sigmoid, "σ′(x) ≤ 0.25", &sigmoid_prime),
                ("tanh(x)", &f64::tanh, "tanh′(x) ≤ 1", &tanh_prime),
            ],
        )?;
        let loss = LineChart::new(format!(
            "One neuron learns {}: loss",
            self.config.gate.name()
        ))
        .x_label("gradient-descent step")
        .y_label("mean squared error")
        .log_y()
        .series(Series::history(
            format!("lr = {}", self.config.lr),
            &self.history,
        ))
        .render()?;
        let points = self
            .predictions()
            .iter()
            .map(|&(x1, x2, y, _)| (x1, x2, y as usize))
            .collect();
        let trained = self.trained.clone();
        let regions = DecisionRegions::new(
            format!(
                "σ(w·x + b) of the trained {} neuron",
                self.config.gate.name()
            ),
            (-0.5, 1.5),
            (-0.5, 1.5),
        )
        .points(points, &["0", "1"])
        .render(move |x1, x2| trained.output(array![x1, x2].view()))?;
        Ok(vec![
            ("activations", activations),
            ("loss", loss),
            ("decision", regions),
        ])
    }
}
// ANCHOR_END: figures

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
            "invalid setting --lr: must be a positive number, not -1"
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
