//! Chapter 2's report: the experiments' results as the text the program prints. Presentation
//! only; every number is computed in `experiment.rs`. Each section prints on its own
//! (`println!("{}", experiment::costs())`).

use std::fmt;

use nn_core::table::{fixed, sig, yes_no, Table};

use crate::experiment::{
    DataSummary, Failure, GradientTwoWays, LearningRate, Predictions, Report, Run, Standardization,
    Stopped, ThreeCosts, Trained,
};

/// The first line of the report.
pub const HEADING: &str = "Chapter 2: logistic regression whose cost never turns into NaN";

impl Report {
    /// The report's sections: a short name (the snapshot's) and the text.
    pub fn sections(&self) -> Vec<(&'static str, String)> {
        vec![
            ("data", self.data.to_string()),
            ("gradient", self.gradient.to_string()),
            ("failure", self.failure.to_string()),
            ("costs", self.costs.to_string()),
            ("standardization", self.standardization.to_string()),
            ("learning_rate", self.learning_rate.to_string()),
            ("predictions", self.predictions.to_string()),
        ]
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        nn_core::report::write_report(f, HEADING, &self.sections())
    }
}

/// The trainer's diagnosis, in the words of the error it was (`nn_core::Error::Diverged`).
impl fmt::Display for Stopped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Stopped { iteration, reason } = self.clone();
        fmt::Display::fmt(&nn_core::Error::Diverged { iteration, reason }, f)
    }
}

/// A run's cell in an outcome column: "trained", or where the trainer stopped it (the reason
/// is printed below the table).
fn outcome(r: &Run) -> String {
    match &r.outcome {
        Ok(_) => "trained".into(),
        Err(stopped) => format!("stopped at iteration {}", stopped.iteration),
    }
}

/// A metric of a run; "—" for a run the trainer stopped.
fn metric(r: &Run, value: impl Fn(&Trained) -> String) -> String {
    r.outcome.as_ref().map_or("—".to_string(), value)
}

impl fmt::Display for DataSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut t = Table::new(["feature", "min", "max", "std"]);
        for s in &self.spreads {
            t.row([
                s.feature.clone(),
                sig(s.min, 4),
                sig(s.max, 5),
                sig(s.std, 4),
            ]);
        }
        let counts = |counts: &[usize]| {
            counts
                .iter()
                .zip(&self.class_names)
                .map(|(c, n)| format!("{c} {n}"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let classes = (self.class_names.iter().enumerate())
            .map(|(i, n)| format!("{i} = {n}"))
            .collect::<Vec<_>>()
            .join(", ");
        write!(
            f,
            "1. The data\n{name}: {m} samples × {nf} features; classes {classes}.\n\
             Stratified split (seed {seed}): {train} to train ({ctrain}), {test} to test ({ctest}).\n\n\
             The features' scales, smallest and largest spread:\n{t}\n\
             The largest standard deviation is {ratio} times the smallest.\n",
            name = self.name,
            m = self.samples,
            nf = self.features,
            seed = self.seed,
            train = self.train_size,
            ctrain = counts(&self.train_counts),
            test = self.test_size,
            ctest = counts(&self.test_counts),
            ratio = sig(self.std_ratio, 3),
        )
    }
}

impl fmt::Display for GradientTwoWays {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "2. Batch gradient descent, as the learner wrote it\n\
             The gradient (1/m)·Xᵀ(h − y), computed feature by feature in loops and vectorized:\n\
             largest difference over all weights, on raw and standardized features, below 1e-9: {}.\n\
             The two compute the same update, up to rounding.\n",
            yes_no(self.loop_difference < 1e-9)
        )
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The first costs, up to two past the first non-finite one.
        let mut t = Table::new(["iteration", "naive cost"]);
        let shown = match &self.first_bad {
            Some(bad) => bad.iteration + 2,
            None => 5,
        };
        let last = shown.min(self.naive_history.len() - 1);
        for (i, c) in self.naive_history.iter().enumerate().take(last + 1) {
            t.row([i.to_string(), sig(*c, 6)]);
        }
        let verdict = match &self.first_bad {
            Some(bad) => format!(
                "The naive cost is first non-finite at iteration {k}, and NaN or ∞ at {nbad} of the\n\
                 {total} recorded costs. At iteration {k}, h is exactly 0 for {zeros} and exactly 1\n\
                 for {ones} of the {m} training samples: σ saturates (chapter 1), log 0 = −∞, and\n\
                 {product} = NaN. The same weights, three costs:\n\
                 naive {naive}, split {split}, from logits {logits}.\n\
                 There the logits z = w·x run from {z_min} to {z_max}{where}\n",
                where = if bad.z_max < -745.2 {
                    ", all far below −745, where\n\
                     σ(z) ≈ eᶻ falls under the smallest f64 and rounds to exactly 0."
                } else {
                    "."
                },
                z_min = sig(bad.z_min, 4),
                z_max = sig(bad.z_max, 4),
                k = bad.iteration,
                product = if bad.zeros >= bad.ones {
                    "y·log h with y = 0, h = 0 is 0·(−∞)"
                } else {
                    "(1 − y)·log(1 − h) with y = 1, h = 1 is 0·(−∞)"
                },
                nbad = self.non_finite,
                total = self.naive_history.len(),
                zeros = bad.zeros,
                ones = bad.ones,
                m = self.train_size,
                naive = sig(bad.costs.naive, 6),
                split = sig(bad.costs.split, 6),
                logits = sig(bad.costs.from_logits, 6),
            ),
            None => "The naive cost stayed finite on this data.\n".to_string(),
        };
        let largest: Vec<String> = self
            .largest_gradient
            .iter()
            .map(|(name, g)| format!("{name} {}", sig(*g, 4)))
            .collect();
        let (low, high) = self.raw_range();
        let more = format!(
            "The first step's gradient, at w = 0, has its largest entries at {}.\n\
             The same steps with the cost from logits (no checks): after the first step the cost\n\
             stays between {} and {}.\n",
            largest.join(", "),
            sig(low, 4),
            sig(high, 4),
        );
        write!(
            f,
            "3. The failure, reproduced\n\
             Raw features, the naive cost −(1/m)·Σ[y·log h + (1 − y)·log(1 − h)], lr {lr}, {it} iterations:\n\n{t}\n{verdict}{more}",
            lr = self.lr,
            it = self.iterations,
        )
    }
}

impl fmt::Display for ThreeCosts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut t = Table::new(["z", "y", "h = σ(z)", "naive", "split", "from logits"]);
        for r in &self.rows {
            t.row([
                fixed(r.z, 0),
                fixed(r.y, 0),
                sig(r.h, 4),
                sig(r.costs.naive, 5),
                sig(r.costs.split, 5),
                sig(r.costs.from_logits, 5),
            ]);
        }
        write!(
            f,
            "4. Three costs on the same logits\n{t}\n\
             The naive form is NaN wherever h rounds to the label (right and confident: 0·log 0) and ∞\n\
             where it rounds to the other label; the split form only fails there (∞). The cost from\n\
             logits, softplus(z) − y·z, is finite everywhere. The trainer uses it.\n\
             Before they fail: at z = −20, y = 0 the naive and split forms compute log(1 − h) from\n\
             1 − h rounded near 1; their relative error there is {e}, about {d} correct digits of 16.\n",
            e = sig(self.naive_error_at_minus_20, 2),
            d = (-self.naive_error_at_minus_20.log10()).floor(),
        )
    }
}

impl fmt::Display for Standardization {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut stats = Table::new(["feature", "training mean", "training std"]);
        for s in &self.stats {
            stats.row([s.feature.clone(), sig(s.mean, 4), sig(s.std, 4)]);
        }
        let mut runs = Table::new(["features", "outcome", "test cost", "test accuracy"]);
        for r in self.runs() {
            runs.row([
                r.name.clone(),
                outcome(r),
                metric(r, |t| sig(t.test_cost, 4)),
                metric(r, |t| fixed(t.test_accuracy, 4)),
            ]);
        }
        let stopped = match &self.raw.outcome {
            Err(e) => format!("On raw features the trainer stops:\n  {e}\n"),
            Ok(_) => String::new(),
        };
        write!(
            f,
            "5. Standardization\n\
             Fitted on the {m} training samples; the bias column has std 0 and is left as it is:\n\n{stats}\n\
             Training with lr {lr} for {it} iterations (cost from logits, divergence checks on):\n\n{runs}\n{stopped}",
            m = self.train_size,
            lr = self.lr,
            it = self.iterations,
        )
    }
}

impl fmt::Display for LearningRate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut t = Table::new([
            "lr",
            "the trainer",
            "test accuracy",
            "without checks: training cost",
            "test cost",
            "steps the cost rose",
        ]);
        for p in &self.sweep {
            let u = &p.unchecked.history;
            t.row([
                sig(p.lr, 2),
                outcome(&p.run),
                metric(&p.run, |t| fixed(t.test_accuracy, 4)),
                sig(u[u.len() - 1], 4),
                sig(p.unchecked_test_cost, 4),
                p.unchecked_rises.to_string(),
            ]);
        }
        let diagnoses: Vec<String> = (self.sweep.iter())
            .filter_map(|p| {
                let stopped = p.run.outcome.as_ref().err()?;
                Some(format!("  lr {}: {stopped}", sig(p.lr, 2)))
            })
            .collect();
        write!(
            f,
            "6. Learning rate\nStandardized features, {it} iterations, lr from 1e-4 to 1000:\n\n{t}\n{d}",
            it = self.iterations,
            d = if diagnoses.is_empty() {
                "The trainer stopped no run.\n".to_string()
            } else {
                format!("The trainer's diagnoses:\n{}\n", diagnoses.join("\n"))
            },
        )
    }
}

impl fmt::Display for Predictions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let c = &self.confusion;
        let names = &self.class_names;
        let mut m = Table::new(["actual \\ predicted", names[0].as_str(), names[1].as_str()]);
        for (a, name) in names.iter().enumerate() {
            m.row([
                name.clone(),
                c.counts[[a, 0]].to_string(),
                c.counts[[a, 1]].to_string(),
            ]);
        }
        let show = |v: Option<f64>| v.map_or("n/a".to_string(), |v| fixed(v, 4));
        let mut pr = Table::new(["class", "precision", "recall"]);
        for s in &self.scores {
            pr.row([s.class.clone(), show(s.precision), show(s.recall)]);
        }
        let mut sweep = Table::new([
            "threshold",
            "accuracy",
            &format!("{} recall", names[0]),
            &format!("{} recall", names[1]),
        ]);
        for r in &self.sweep {
            sweep.row([
                fixed(r.threshold, 1),
                fixed(r.accuracy, 4),
                show(r.recall[0]),
                show(r.recall[1]),
            ]);
        }
        write!(
            f,
            "7. Predictions on the test set\n\
             Standardized features; predict {one} when P({one}) ≥ {th}. Test accuracy: {acc} ({right} of {total}).\n\n{m}\n{pr}\n\
             Accuracy against threshold:\n{sweep}",
            one = names[1],
            th = self.threshold,
            acc = fixed(self.accuracy, 4),
            right = c.counts.diag().sum(),
            total = c.total(),
        )
    }
}
