//! Chapter 8's report: the experiments' results as the text the program prints. Presentation
//! only; the numbers are computed in `experiment.rs`.

use std::fmt;

use nn_core::table::{fixed, sci, sig, Spread, Table};

use crate::deep::Activation;
use crate::experiment::{Derivation, LayerStats, Outcome, Report, Training};
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
            ("training", self.training.to_string()),
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
            "3. Does it train?\n\
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
