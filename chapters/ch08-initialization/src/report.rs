//! Chapter 8's report: the experiments' results as the text the program prints. Presentation
//! only; the numbers are computed in `experiment.rs`.

use std::fmt;

use nn_core::table::{fixed, sci, sig, Spread, Table};

use crate::deep::Activation;
use crate::experiment::{
    Derivation, Gain, LayerStats, Outcome, Report, Training, ZeroInit, TANH_GAIN,
};
use crate::init::Init;

/// The first line of the report.
pub const HEADING: &str =
    "Chapter 8: deep networks — vanishing gradients and initialization, measured layer by layer";

impl Report {
    /// The report's sections: a short name (the snapshot's) and the text.
    pub fn sections(&self) -> Vec<(&'static str, String)> {
        vec![
            ("derivation", self.derivation.to_string()),
            ("layers", self.layers.to_string()),
            ("across", across_samples(&self.layers)),
            ("first_check", first_check(&self.layers)),
            ("health", health(&self.layers, self.config.lr)),
            ("gain", self.gain.to_string()),
            ("training", self.training.to_string()),
            ("zero", self.zero.to_string()),
        ]
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        nn_core::report::write_report(f, HEADING, &self.sections())
    }
}

impl fmt::Display for Derivation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut t = Table::new([
            "input x",
            "Var(w)",
            "n_in → n_out",
            "E[x²]",
            "predicted Var(z)",
            "measured ± s.e.",
            "measured/predicted",
            "off by (s.e.)",
        ]);
        for c in &self.checks {
            t.row([
                c.input.to_string(),
                c.weights.to_string(),
                format!("{} → {}", c.n_in, c.n_out),
                fixed(c.input_second_moment, 4),
                sig(c.predicted, 4),
                format!("{} ± {}", sig(c.measured, 4), sig(c.standard_error, 2)),
                fixed(c.ratio(), 4),
                fixed(c.standard_errors_off(), 1),
            ]);
        }
        write!(
            f,
            "1. Var(z) = n_in · Var(w) · E[x²], predicted and measured\n\
             One wide dense layer, zero-mean weights, bias 0. Measured: the mean of z² over {b} samples and\n\
             every output unit, repeated {r} times with new inputs and new weights; ± its standard error.\n\
             E[x²] by quadrature.\n\n{t}\n\
             Every prediction is within {worst} standard errors of its measurement. 1/n_in keeps Var(z) = Var(x)\n\
             for zero-mean inputs; after a ReLU only half of E[z²] is left (E[x²] = ½) and He's 2/n_in restores it;\n\
             tanh shrinks it; the sigmoid's mean of ½ adds to it.\n",
            b = self.batch,
            r = self.repetitions,
            worst = fixed(self.worst_standard_errors(), 1),
        )
    }
}

impl fmt::Display for LayerStats {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "2. Layer by layer, at initialization\n\
             {d} hidden layers of {w} units, digits input (standardized), biases 0; statistics over {n}\n\
             training samples. a: each layer's outputs, mean ± standard deviation; ‖∂L/∂W‖: the\n\
             gradient's norm after one backward pass of the cross-entropy.",
            d = self.depth,
            w = self.width,
            n = self.samples
        )?;
        for activation in Activation::ALL {
            let mut header = vec!["layer".to_string()];
            for init in Init::ALL {
                header.push(format!("{init}: a"));
                header.push("‖∂L/∂W‖".to_string());
            }
            let mut t = Table::new(header);
            for l in 0..self.depth {
                let mut row = vec![(l + 1).to_string()];
                for init in Init::ALL {
                    let c = self.case(activation, init);
                    row.push(format!("{} ± {}", sig(c.mean[l], 2), sig(c.std[l], 2)));
                    row.push(sci(c.grad_norm[l], 1));
                }
                t.row(row);
            }
            writeln!(f, "\n{activation}:\n\n{t}")?;
            let per_init = |value: &dyn Fn(Init) -> String| {
                Init::ALL
                    .iter()
                    .map(|&i| format!("{i} {}", value(i)))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let units = self.depth * self.width;
            if activation == Activation::Relu {
                let dead = |i| {
                    self.case(activation, i)
                        .dead
                        .iter()
                        .sum::<usize>()
                        .to_string()
                };
                writeln!(f, "Dead units (of {units}): {}.", per_init(&dead))?;
            } else {
                let flat = |i| {
                    let s = &self.case(activation, i).saturated;
                    format!(
                        "{}%",
                        fixed(100.0 * s.iter().sum::<f64>() / s.len() as f64, 1)
                    )
                };
                writeln!(
                    f,
                    "Saturated outputs (slope under 1/100 of its largest): {}.",
                    per_init(&flat)
                )?;
            }
            let ratio = |i| {
                let g = &self.case(activation, i).grad_norm;
                let ratio = g[0] / g[self.depth - 1];
                if ratio.is_finite() {
                    sig(ratio, 2)
                } else {
                    // 0/0: no gradient reaches the top layer either (every unit is off)
                    "undefined (no gradient)".to_string()
                }
            };
            writeln!(
                f,
                "Gradient norm, layer 1 / layer {}: {}.",
                self.depth,
                per_init(&ratio)
            )?;
        }
        Ok(())
    }
}

impl fmt::Display for Training {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut t = Table::new([
            "network",
            "outcome",
            "test accuracy: median (min–max)",
            "final training loss (median)",
            "dead units before → after (median)",
        ]);
        for row in &self.rows {
            let outcome = match row.outcome {
                Outcome::Learns => "learns".to_string(),
                Outcome::Stalls => "stalls".to_string(),
                Outcome::Diverged => format!(
                    "FAILED: not finite in {} of {} seeds",
                    row.diverged_runs(),
                    row.runs.len()
                ),
            };
            let Spread { median, min, max } = row.accuracy;
            let losses: Vec<f64> = row
                .runs
                .iter()
                .map(|r| r.loss.last().copied().unwrap_or(f64::NAN))
                .collect();
            let loss = if losses.iter().all(|l| l.is_finite()) {
                fixed(Spread::of(&losses).median, 3)
            } else {
                "not finite".to_string()
            };
            let dead = if row.combo.activation == Activation::Relu {
                let median = |pick: &dyn Fn(&crate::experiment::TrainRun) -> usize| {
                    let v: Vec<f64> = row.runs.iter().map(|r| pick(r) as f64).collect();
                    Spread::of(&v).median
                };
                format!(
                    "{} → {}",
                    median(&|r| r.dead_before),
                    median(&|r| r.dead_after)
                )
            } else {
                "–".to_string()
            };
            t.row([
                row.combo.name(),
                outcome,
                format!("{} ({}–{})", fixed(median, 3), fixed(min, 3), fixed(max, 3)),
                loss,
                dead,
            ]);
        }
        write!(
            f,
            "7. Does it train?\n\
             The same {d} × {w} network, trained on {n} digits: mini-batch SGD, batch {b}, lr {lr}, {e} epochs,\n\
             seeds {s0}…{s1}; test accuracy on {m} held-out digits (chance: 0.1). \"learns\": median test\n\
             accuracy ≥ 0.5; a run whose loss or logits stopped being finite is a failure, counted as such.\n\
             Dead units: ReLU units off for every training sample, all layers.\n\n{t}",
            d = self.depth,
            w = self.width,
            n = self.samples,
            b = self.batch_size,
            lr = self.lr,
            e = self.epochs,
            s0 = self.seeds.first().copied().unwrap_or_default(),
            s1 = self.seeds.last().copied().unwrap_or_default(),
            m = self.test_samples,
        )
    }
}

/// ¼·√(n·Var(w)): what one sigmoid layer multiplies the spread across samples by at most —
/// W multiplies it by √(n·Var(w)) on average, and σ′ ≤ ¼ (reached at z = 0).
pub fn sigmoid_spread_factor(width: usize, init: Init) -> f64 {
    0.25 * (width as f64 * init.variance(width, width)).sqrt()
}

/// Section 3: the sigmoid network's spread across samples per layer, against ¼·√(n·Var(w)).
fn across_samples(l: &LayerStats) -> String {
    let act = Activation::Sigmoid;
    let mut header = vec!["layer".to_string()];
    for init in Init::ALL {
        header.push(format!("{init}: across samples"));
        header.push("÷ layer above".to_string());
    }
    let mut t = Table::new(header);
    for k in 0..l.depth {
        let mut row = vec![(k + 1).to_string()];
        for init in Init::ALL {
            let s = &l.case(act, init).sample_std;
            row.push(sci(s[k], 1));
            // No ratio for the first layer, nor once the spread has rounded to 0 (0/0).
            row.push(if k == 0 || s[k - 1] == 0.0 {
                "–".to_string()
            } else {
                sig(s[k] / s[k - 1], 2)
            });
        }
        t.row(row);
    }
    let per_init = |value: &dyn Fn(Init) -> String| {
        Init::ALL
            .iter()
            .map(|&i| format!("{i} {}", value(i)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let xavier = &l.case(act, Init::Xavier).sample_std;
    let last = l.depth - 1;
    let compounded = xavier[0] * sigmoid_spread_factor(l.width, Init::Xavier).powi(last as i32);
    format!(
        "3. Sigmoid: the spread across samples\n\
         The sigmoid network of section 2. Across samples: each unit's standard deviation over the\n\
         {n} samples, averaged over the units — how much a layer's output differs from one digit to\n\
         another (section 2's ± is over the units and the samples together).\n\n{t}\n\
         Predicted factor per layer, at most ¼·√(n·Var(w)) (W: √(n·Var(w)); σ′ ≤ ¼, reached at z = 0):\n\
         {predicted}.\n\
         Xavier, layer {depth}: predicted from layer 1, {s1} · (¼)^{p} = {comp}; measured {m}.\n\
         The logits' spread across samples: {logits}.\n{rounding}",
        n = l.samples,
        predicted = per_init(&|i| sig(sigmoid_spread_factor(l.width, i), 2)),
        depth = l.depth,
        s1 = sci(xavier[0], 1),
        p = last,
        comp = sci(compounded, 1),
        m = sci(xavier[last], 1),
        logits = per_init(&|i| sci(l.case(act, i).logit_spread, 1)),
        rounding = if Init::ALL.iter().any(|&i| l.case(act, i).sample_std.iter().any(|&s| s < 1e-15)) {
            "Below 1e-15 the spreads are rounding: near 0.5, f64's numbers are 1.1e-16 apart.\n"
        } else {
            ""
        },
    )
}

/// Section 4: the loss at initialization against ln 10.
fn first_check(l: &LayerStats) -> String {
    let ln10 = 10f64.ln();
    let mut t = Table::new([
        "network",
        "initial loss",
        "ln 10",
        "initial − ln 10",
        "logits: spread across samples",
    ]);
    for c in &l.cases {
        t.row([
            format!("{}, {}", c.activation, c.init),
            sig(c.loss, 4),
            fixed(ln10, 3),
            sig(c.loss - ln10, 2),
            sci(c.logit_spread, 1),
        ]);
    }
    let names = |keep: &dyn Fn(f64) -> bool| {
        l.cases
            .iter()
            .filter(|c| keep(c.loss - ln10))
            .map(|c| format!("{}, {}", c.activation, c.init))
            .collect::<Vec<_>>()
            .join("; ")
    };
    format!(
        "4. The first check: the loss at initialization against ln 10\n\
         Ten classes: a network that gives every class the same probability has loss ln 10 = {ln10}. The\n\
         loss of section 2's batch, before any step.\n\n{t}\n\
         Within {near_tol} of ln 10: {near}.\n\
         More than 1 above it (large logits, confidently wrong before any step): {far}.\n",
        ln10 = fixed(ln10, 3),
        near_tol = NEAR_LN10,
        near = names(&|d| d.abs() < NEAR_LN10),
        far = names(&|d| d > 1.0),
    )
}

/// How close to ln 10 an initial loss counts as "at chance".
pub const NEAR_LN10: f64 = 0.1;

/// Section 5: ‖∂L/∂W_l‖ / ‖W_l‖ per layer, for every activation and initialization.
fn health(l: &LayerStats, lr: f64) -> String {
    let mut out = format!(
        "5. A scale-free statistic: ‖∂L/∂W‖ / ‖W‖ per layer\n\
         Section 2's gradient norms divided by the norms of the weights they would change; times the\n\
         learning rate ({lr}) it is the fraction by which SGD's first step changes the layer's weights.\n"
    );
    for activation in Activation::ALL {
        let mut header = vec!["layer".to_string()];
        header.extend(Init::ALL.iter().map(|i| i.name().to_string()));
        let mut t = Table::new(header);
        let ratio = |i, k: usize| {
            let c = l.case(activation, i);
            c.grad_norm[k] / c.weight_norm[k]
        };
        for k in 0..l.depth {
            let mut row = vec![(k + 1).to_string()];
            row.extend(Init::ALL.iter().map(|&i| sci(ratio(i, k), 1)));
            t.row(row);
        }
        let first_step = Init::ALL
            .iter()
            .map(|&i| {
                let r: Vec<f64> = (0..l.depth).map(|k| lr * ratio(i, k)).collect();
                format!("{i} {}", sci(Spread::of(&r).median, 1))
            })
            .collect::<Vec<_>>()
            .join(", ");
        out += &format!(
            "\n{activation}:\n\n{t}\nFirst step's update / weights (lr × ratio), median over layers: {first_step}.\n"
        );
    }
    out
}

impl fmt::Display for Gain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (a, b) = (&self.xavier, &self.with_gain);
        let mut t = Table::new([
            "layer",
            "Xavier: a",
            "across samples",
            "‖∂L/∂W‖",
            "Xavier × 5/3: a",
            "across samples",
            "‖∂L/∂W‖",
        ]);
        for k in 0..a.std.len() {
            let mut row = vec![(k + 1).to_string()];
            for c in [a, b] {
                row.push(format!("{} ± {}", sig(c.mean[k], 2), sig(c.std[k], 2)));
                row.push(sig(c.sample_std[k], 2));
                row.push(sci(c.grad_norm[k], 1));
            }
            t.row(row);
        }
        let last = a.std.len() - 1;
        let summary = |c: &crate::experiment::LayerCase| {
            let s = &c.saturated;
            format!(
                "a's standard deviation, layer {} / layer 1: {}; gradient norm, layer 1 / layer {}: {}; \
                 saturated outputs {}%",
                last + 1,
                sig(c.std[last] / c.std[0], 2),
                last + 1,
                sig(c.grad_norm[0] / c.grad_norm[last], 2),
                fixed(100.0 * s.iter().sum::<f64>() / s.len() as f64, 1),
            )
        };
        write!(
            f,
            "6. tanh's gain: Xavier against Xavier × 5/3\n\
             The tanh network of section 2 with Xavier's weights, and with the same draws times the gain\n\
             {g} in every hidden layer (the output layer's unscaled). a: outputs, mean ± standard deviation.\n\n{t}\n\
             Xavier: {sa}.\n\
             Xavier × 5/3: {sb}.\n",
            g = fixed(TANH_GAIN, 4),
            sa = summary(a),
            sb = summary(b),
        )
    }
}

impl fmt::Display for ZeroInit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut t = Table::new([
            "network",
            "largest difference between two units of a layer",
            "largest |w|, hidden layers",
            "test accuracy",
            "final training loss",
        ]);
        for r in &self.rows {
            t.row([
                format!("{}, all weights 0", r.activation),
                sig(r.unit_difference, 2),
                sig(r.largest_weight, 2),
                fixed(r.run.accuracy, 3),
                fixed(r.run.loss.last().copied().unwrap_or(f64::NAN), 3),
            ]);
        }
        write!(
            f,
            "8. Zero initialization\n\
             Section 7's network and training ({steps} SGD steps, first seed), every weight 0 at the start.\n\
             A unit's parameters: its column of W_l and its bias. The difference is taken after training.\n\n{t}",
            steps = self.steps,
        )
    }
}
