//! Chapter 4's report: the experiments' results as the text the program prints. Presentation
//! only; every number comes from `experiment.rs`.

use std::fmt;

use nn_core::table::{fixed, Table};

use crate::experiment::{Bottleneck, Leaky, Moons, Report};

/// The first line of the report.
pub const HEADING: &str = "Chapter 4: leaky ReLU and dead units, measured";

/// The name of the activation with leaky slope `slope`: "ReLU" for 0.
pub fn variant(slope: f64) -> String {
    if slope == 0.0 {
        "ReLU".into()
    } else {
        format!("leaky {slope}")
    }
}

impl Report {
    /// The report's sections: a short name (the snapshot's) and the text.
    pub fn sections(&self) -> Vec<(&'static str, String)> {
        vec![
            ("leaky", self.leaky.to_string()),
            ("bottleneck", self.bottleneck.to_string()),
            ("moons", self.moons.to_string()),
        ]
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        nn_core::report::write_report(f, HEADING, &self.sections())
    }
}

impl fmt::Display for Leaky {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut t = Table::new([
            "x",
            "ReLU",
            "leaky 0.01",
            "leaky 0.1",
            "ReLU′",
            "leaky′ 0.01",
            "leaky′ 0.1",
        ]);
        for row in &self.rows {
            // Two decimals show every value exactly and keep the sign of zero (−0.0 is a row).
            let mut cells = vec![format!("{:.1}", row.x)];
            cells.extend(row.value.iter().map(|v| format!("{v:.2}")));
            cells.extend(row.derivative.iter().map(|d| format!("{d:.2}")));
            t.row(cells);
        }
        write!(
            f,
            "1. Leaky ReLU\nf(x) = max(0, x) + α·min(0, x); f′(x) = 1 for x > 0, α otherwise.\n\n{t}\n\
             With α = 0 it is chapter 3's ReLU, bit for bit (forward and backward; tested).\n"
        )
    }
}

impl fmt::Display for Bottleneck {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut t = Table::new([
            "activation",
            "unit dead at the end",
            "dead at some epoch",
            "solved XOR",
            "best accuracy",
        ]);
        for v in &self.variants {
            let n = v.runs.len();
            t.row([
                variant(v.slope),
                format!("{} of {n}", v.dead_at_end),
                format!("{} of {n}", v.dead_at_some_epoch),
                format!("{} of {n}", v.solved),
                fixed(v.best_accuracy, 2),
            ]);
        }
        write!(
            f,
            "2. Experiment 1: a single hidden unit\n\
             XOR, input → 1 hidden unit → 2 outputs → softmax, lr {lr}, {e} epochs, seeds {s0}…{s1}:\n\n{t}\n\
             No run can solve XOR: the output is a function of one number, w·x + b, and XOR's classes\n\
             are not separated by any single direction. At most 3 of 4 inputs come out right.\n",
            lr = self.lr,
            e = self.epochs,
            s0 = self.first_seed,
            s1 = self.last_seed,
        )?;
        for v in &self.variants {
            if let Some((lo, hi)) = v.accuracy_when_dead {
                let range = if lo == hi {
                    fixed(lo, 2)
                } else {
                    format!("{}–{}", fixed(lo, 2), fixed(hi, 2))
                };
                writeln!(
                    f,
                    "{}: the {} runs that end with the unit dead classify with accuracy {range}.",
                    variant(v.slope),
                    v.dead_at_end
                )?;
            }
        }
        Ok(())
    }
}

impl fmt::Display for Moons {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut t = Table::new([
            "condition",
            "activation",
            "dead at start",
            "dead at the end: median (min–max)",
            "revivals",
            "test accuracy: median (min–max)",
        ]);
        let pct = |v: f64| format!("{:.0}%", 100.0 * v);
        for v in &self.variants {
            let (c, s, e, a) = (
                &v.condition,
                &v.dead_at_start,
                &v.dead_at_end,
                &v.test_accuracy,
            );
            t.row([
                format!("{} (lr {}, b₀ {})", c.name, c.lr, c.bias_init),
                variant(v.slope),
                pct(s.median),
                format!("{} ({}–{})", pct(e.median), pct(e.min), pct(e.max)),
                v.revivals.to_string(),
                format!(
                    "{} ({}–{})",
                    fixed(a.median, 3),
                    fixed(a.min, 3),
                    fixed(a.max, 3)
                ),
            ]);
        }
        write!(
            f,
            "3. Experiment 2: a wider network on two moons\n\
             2 → {h} hidden → 2, full batch, {e} epochs, {n} seeds from {s}; {p} points per moon,\n\
             noise {noise}; test set: a fresh {p} per moon. A unit is dead when its input is ≤ 0 on all\n\
             {m} training points; \"revivals\" counts units that were dead at one epoch and alive at the next.\n\n{t}",
            h = self.hidden,
            e = self.epochs,
            n = self.seeds,
            s = self.first_seed,
            p = self.per_class,
            noise = self.noise,
            m = self.points.len(),
        )
    }
}
