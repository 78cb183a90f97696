//! Chapter 9's report: the experiments' results as the text the program prints. Presentation
//! only; every number comes from `experiment.rs`.

use std::fmt;

use nn_core::table::{fixed, sci, sig, Table};

use crate::experiment::{
    step_lengths, AdamWRest, Bias, Bits, BitsCell, Condition, Digits, DigitsCell, FirstSteps,
    Report, Rotated, Row, Schedule, Steps, Sweep, Valley, REST_LAST, REST_STEPS,
};
use crate::Kind;

/// The first line of the report.
pub const HEADING: &str = "Chapter 9: optimizers — momentum, RMSProp and Adam";

impl Report {
    /// The report's sections: a short name (the snapshot's) and the text.
    pub fn sections(&self) -> Vec<(&'static str, String)> {
        let c = &self.config;
        let mut surfaces = format!(
            "2. Steps to a loss below {} (at most {} steps), learning rates 1e-4 to 1, four to a \
             decade\n",
            sci(c.tolerance, 0),
            c.max_steps
        );
        for sweep in &self.surfaces {
            surfaces.push('\n');
            surfaces.push_str(&sweep.to_string());
        }
        let mut valley = String::from(
            "3. Along the valley's floor and across it: SGD, momentum and Nesterov at one rate\n",
        );
        for v in &self.valley {
            valley.push('\n');
            valley.push_str(&v.to_string());
        }
        vec![
            ("first_steps", self.first_steps.to_string()),
            ("surfaces", surfaces),
            ("rotated", self.rotated.to_string()),
            ("adamw_rest", self.adamw_rest.to_string()),
            ("valley", valley),
            ("condition", self.condition.to_string()),
            ("bias", self.bias.to_string()),
            ("digits", self.digits.to_string()),
            ("schedule", self.schedule.to_string()),
            (
                "bits",
                self.bits.as_ref().map_or_else(
                    || {
                        "7. Chapter 7's network with each optimizer: add --chapter7 (84 trainings \
                         of a 512-unit network, about half a minute on two cores).\n"
                            .to_string()
                    },
                    Bits::to_string,
                ),
            ),
        ]
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        nn_core::report::write_report(f, HEADING, &self.sections())
    }
}

impl fmt::Display for FirstSteps {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut t = Table::new(["optimizer", "θ₁", "θ₂", "θ₃"]);
        for Steps { kind, thetas } in &self.rows {
            let mut cells = vec![kind.name().to_string()];
            cells.extend(thetas.iter().map(|&v| sig(v, 10)));
            t.row(cells);
        }
        write!(
            f,
            "1. The first three steps on L(θ) = ½·θ² from θ = 1, η = {}, PyTorch's defaults\n\n{t}",
            self.lr
        )
    }
}

impl fmt::Display for Sweep {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut t = Table::new([
            "optimizer",
            "best rate",
            "steps at best",
            "rates that arrive (of 17)",
            "lowest loss reached",
        ]);
        for row in &self.rows {
            let (rate, steps) = match &row.best {
                Some((rate, path)) => (
                    sig(*rate, 2),
                    path.steps_to_tolerance
                        .map_or("—".into(), |s| s.to_string()),
                ),
                None => ("—".into(), "—".into()),
            };
            t.row([
                row.kind.name().to_string(),
                rate,
                steps,
                row.band().to_string(),
                sci(row.lowest, 1),
            ]);
        }
        let (x, y) = self.surface.start();
        write!(f, "{}, from ({x}, {y})\n{t}", self.surface.name())
    }
}

impl fmt::Display for Valley {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut t = Table::new([
            "optimizer",
            "x still to go (along)",
            "x travelled (along)",
            "zig-zags across",
            "largest |across|, 2nd half",
            "loss",
        ]);
        for row in &self.rows {
            t.row([
                row.kind.name().to_string(),
                sig(row.along_left, 3),
                sig(row.along_travelled, 3),
                row.zigzags.to_string(),
                sig(row.across_late, 3),
                sig(row.loss, 3),
            ]);
        }
        write!(
            f,
            "{}, η = {}, {} steps; across = y − floor(x)\n{t}",
            self.surface.name(),
            self.lr,
            self.steps
        )
    }
}

/// Steps to the tolerance, or "—" when the path did not arrive.
fn steps_or_dash(steps: Option<usize>) -> String {
    steps.map_or("—".into(), |s| s.to_string())
}

impl fmt::Display for Rotated {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut t = Table::new([
            "optimizer",
            "steps, along the axes",
            "steps, turned 45°",
            "rates that arrive, along",
            "turned",
        ]);
        for (a, b) in self.aligned.rows.iter().zip(&self.turned.rows) {
            let at_best = |row: &crate::experiment::SweepRow| match &row.best {
                Some((rate, _)) => format!(
                    "{} (η = {})",
                    steps_or_dash(row.best_steps()),
                    sig(*rate, 2)
                ),
                None => "—".into(),
            };
            t.row([
                a.kind.name().to_string(),
                at_best(a),
                at_best(b),
                a.band().to_string(),
                b.band().to_string(),
            ]);
        }
        let changed: Vec<&str> = self
            .aligned
            .rows
            .iter()
            .zip(&self.turned.rows)
            .filter(|(a, b)| a.steps != b.steps)
            .map(|(a, _)| a.kind.name())
            .collect();
        let (x, y) = self.turned.surface.start();
        write!(
            f,
            "2b. The {} from ({}, {}) (the bowl's start, turned with it): steps to the \
             tolerance at the best of the same 17 rates\n\n{t}\n\
             Rows whose steps at some rate differ after turning: {}.\n",
            self.turned.surface.name(),
            fixed(x, 3),
            fixed(y, 3),
            if changed.is_empty() {
                "none".to_string()
            } else {
                changed.join(", ")
            }
        )
    }
}

impl fmt::Display for AdamWRest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut t = Table::new([
            "λ",
            "η",
            "resting point (x, y)",
            "from the minimum",
            "from the origin",
            "still moves by",
        ]);
        for r in &self.rows {
            t.row([
                sig(r.decay, 1),
                sig(r.lr, 1),
                format!("({}, {})", fixed(r.point.0, 4), fixed(r.point.1, 4)),
                sci(r.from_minimum, 1),
                fixed(r.from_origin, 4),
                sci(r.wander, 1),
            ]);
        }
        write!(
            f,
            "2c. Where AdamW comes to rest in Rosenbrock's valley (minimum (1, 1), √2 = 1.4142 from \
             the origin): {REST_STEPS} steps, the mean point of the last {REST_LAST}; λ = 0 is Adam\n\n{t}"
        )
    }
}

impl fmt::Display for Condition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut t = Table::new([
            "κ",
            "GD, η = 2/(1+κ)",
            "momentum μ, best η",
            "tuned μ*",
            "η*",
            "tuned steps",
            "GD/tuned steps",
            "predicted",
        ]);
        for r in &self.rows {
            let momentum = match (r.momentum_steps, r.momentum_lr) {
                (Some(s), Some(lr)) => format!("{s} (η = {})", sig(lr, 2)),
                _ => "—".into(),
            };
            let ratio = match (r.gd_steps, r.tuned_steps) {
                (Some(g), Some(h)) => fixed(g as f64 / h as f64, 1),
                _ => "—".into(),
            };
            t.row([
                r.condition.to_string(),
                steps_or_dash(r.gd_steps),
                momentum,
                fixed(r.tuned_momentum, 3),
                sig(r.tuned_lr, 3),
                steps_or_dash(r.tuned_steps),
                ratio,
                fixed(r.predicted_speedup(), 1),
            ]);
        }
        write!(
            f,
            "3b. The heavy ball against the condition number: steps to the tolerance on the bowl \
             ½·(x² + κ·y²) from (-5, 1); momentum at μ = {} and its best of the 17 rates, and \
             tuned: μ* = ((√κ − 1)/(√κ + 1))², η* = 4/(1 + √κ)²; predicted: \
             ln((κ − 1)/(κ + 1)) / ln((√κ − 1)/(√κ + 1))\n\n{t}",
            self.momentum
        )
    }
}

impl fmt::Display for Bias {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (with, without) = (
            step_lengths(&self.corrected),
            step_lengths(&self.uncorrected),
        );
        let mut t = Table::new([
            "step t",
            "length, corrected",
            "length, uncorrected",
            "ratio",
            "(1 − β₁ᵗ)/√(1 − β₂ᵗ)",
        ]);
        for i in [0, 1, 2, 4, 9, 19, 39, 59] {
            if i >= with.len().min(without.len()) {
                continue;
            }
            t.row([
                (i + 1).to_string(),
                fixed(with[i], 4),
                fixed(without[i], 4),
                fixed(without[i] / with[i], 2),
                fixed(self.predicted_ratio[i], 2),
            ]);
        }
        let last = |p: &crate::Path| sig(*p.losses.last().expect("a path has a loss"), 3);
        write!(
            f,
            "4. Adam's bias correction: the same start on the bowl, η = {}\n\n{t}\n\
             Loss after {} steps: corrected {}, uncorrected {}.\n",
            self.lr,
            with.len(),
            last(&self.corrected),
            last(&self.uncorrected)
        )
    }
}

/// The good rates of a sweep as text: "none", one rate, "lo–hi" when they are neighbours on
/// the grid, else a list.
pub fn good_rates_text(rates: &[f64], good: &[bool]) -> String {
    let at: Vec<usize> = (0..rates.len()).filter(|&i| good[i]).collect();
    let name = |i: usize| sig(rates[i], 1);
    match at.as_slice() {
        [] => "none".into(),
        [one] => name(*one),
        [first, .., last] if last - first + 1 == at.len() => {
            format!("{}–{}", name(*first), name(*last))
        }
        _ => at.iter().map(|&i| name(i)).collect::<Vec<_>>().join(", "),
    }
}

/// A learning-rate sweep as a table: one row per optimizer with, for each rate, the median
/// (smallest–largest) of the seeds' results (`None`: a run diverged), and its good rates.
fn sweep_table(
    rates: &[f64],
    rows: impl Iterator<Item = (Kind, Vec<Option<Vec<f64>>>, Vec<bool>)>,
    decimals: usize,
) -> Table {
    let mut header = vec!["optimizer".to_string()];
    header.extend(rates.iter().map(|r| sig(*r, 1)));
    header.push("good rates".into());
    let mut t = Table::new(header);
    for (kind, cells, band) in rows {
        let mut row = vec![kind.name().to_string()];
        row.extend(cells.iter().map(|seeds| match seeds {
            Some(values) => {
                let nn_core::table::Spread {
                    median,
                    min: lo,
                    max: hi,
                } = nn_core::table::Spread::of(values);
                let f = |v| fixed(v, decimals);
                format!("{} ({}–{})", f(median), f(lo), f(hi))
            }
            None => "diverged".into(),
        }));
        row.push(good_rates_text(rates, &band));
        t.row(row);
    }
    t
}

impl fmt::Display for Digits {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let t = sweep_table(
            &crate::experiment::DIGITS_RATES,
            self.rows.iter().map(|Row { kind, cells }| {
                let seeds = cells.iter().map(DigitsCell::test_losses).collect();
                (*kind, seeds, self.good_rates(cells))
            }),
            2,
        );
        let mut c = Table::new([
            "optimizer",
            "η",
            "epoch 1",
            "epoch 2",
            "epoch 5",
            "last, median (smallest–largest)",
        ]);
        for curve in &self.curves {
            let median = curve.median_curve();
            let at = |e: usize| median.get(e).map_or("—".into(), |&l| fixed(l, 3));
            let last = curve.last();
            c.row([
                curve.kind.name().to_string(),
                sig(curve.lr, 1),
                at(1),
                at(2),
                at(5),
                format!(
                    "{} ({}–{})",
                    fixed(last.median, 3),
                    fixed(last.min, 3),
                    fixed(last.max, 3)
                ),
            ]);
        }
        let groups = self.ranking();
        let names = |group: &Vec<Kind>| {
            group
                .iter()
                .map(|k| k.name())
                .collect::<Vec<_>>()
                .join(", ")
        };
        let order = groups
            .iter()
            .flatten()
            .map(|k| k.name())
            .collect::<Vec<_>>()
            .join(" < ");
        let resolved = if groups.len() == 1 {
            "none (the seeds' ranges overlap all the way down the order)".to_string()
        } else {
            groups
                .iter()
                .map(|g| format!("{{{}}}", names(g)))
                .collect::<Vec<_>>()
                .join(" < ")
        };
        write!(
            f,
            "5. Chapter 5's digits network (64–{}–10), {} epochs of mini-batches: test loss at each \
             η, median (smallest–largest) over {} seeds\n\n{t}\n\
             Good: a median test loss below {} × the best median ({}), {}.\n\n\
             Each at its best rate, {} epochs, every seed: median test loss after epochs 1, 2, 5 \
             and the last\n\n{c}\n\
             Ranked by the median of the last epoch: {order}.\n\
             Groups the seeds separate (every run of a group ended below every run of the next): \
             {resolved}.\n",
            self.hidden,
            self.epochs,
            self.seeds,
            self.good_ratio,
            fixed(self.best(), 3),
            fixed(self.good_ratio * self.best(), 3),
            self.curves.first().map_or(0, |c| c.runs[0].len() - 1),
        )
    }
}

impl fmt::Display for Schedule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut t = Table::new(["optimizer", "η₀", "constant η", "cosine decay to 0"]);
        let cell = |losses: &[f64]| {
            if losses.iter().all(|l| l.is_finite()) {
                let nn_core::table::Spread {
                    median,
                    min: lo,
                    max: hi,
                } = nn_core::table::Spread::of(losses);
                format!("{} ({}–{})", fixed(median, 3), fixed(lo, 3), fixed(hi, 3))
            } else {
                "diverged".into()
            }
        };
        for row in &self.rows {
            t.row([
                row.kind.name().to_string(),
                sig(row.lr, 1),
                cell(&row.constant),
                cell(&row.cosine),
            ]);
        }
        write!(
            f,
            "6. A schedule: the digits network for {} epochs, test loss, median (smallest–largest) \
             over the seeds\n\n{t}",
            self.epochs
        )
    }
}

impl fmt::Display for Bits {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let t = sweep_table(
            &crate::experiment::BITS_RATES,
            self.rows.iter().map(|Row { kind, cells }| {
                let seeds = cells.iter().map(BitsCell::test_errors).collect();
                (*kind, seeds, self.good_rates(cells))
            }),
            3,
        );
        let epochs: Vec<usize> = [1, 2, 5, 10]
            .into_iter()
            .filter(|&e| e < self.epochs)
            .chain([self.epochs])
            .collect();
        let mut header = vec!["optimizer".to_string(), "η".to_string()];
        header.extend(epochs.iter().map(|e| format!("epoch {e}")));
        let mut c = Table::new(header);
        for (kind, cell) in self.best_cells() {
            let curve = cell.median_curve();
            let mut row = vec![kind.name().to_string(), sig(cell.lr, 1)];
            row.extend(epochs.iter().map(|&e| fixed(curve[e], 3)));
            c.row(row);
        }
        write!(
            f,
            "7. Chapter 7's network (tanh outputs, batch norm), {} samples, {} epochs of \
             mini-batches: test error at each η, median (smallest–largest) over {} seeds\n\n{t}\n\
             Good: a median test error below {} of the untrained network's ({}), {}.\n\n\
             Each at its best rate: median test error after some of the epochs\n\n{c}",
            self.samples,
            self.epochs,
            self.seeds,
            sig(crate::experiment::BITS_GOOD_FRACTION, 1),
            fixed(self.untrained(), 3),
            fixed(self.good(), 3),
        )
    }
}
