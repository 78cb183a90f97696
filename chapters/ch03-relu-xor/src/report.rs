//! Chapter 3's report: the experiments' results as the text the program prints. Each
//! section's struct prints itself (`println!("{}", experiment::learner(&config))`); the
//! report is the heading and the eight sections.

use std::fmt;

use nn_core::gradcheck::{GradCheck, STEP, TOLERANCE};
use nn_core::table::{fixed, sci, sig, verdict, Table};

use crate::experiment::{
    seeds, BiasTrick, Blocks, GradientChecking, Kink, Learner, Numpy, Online, Report, Traces,
    LOSS_REACHED, NUMPY_SUCCESS, SEEDS,
};
use crate::numpy_port::{HIDDEN, LEARNING_RATE, STEPS};

/// The first line of the report.
pub const HEADING: &str = "Chapter 3: a ReLU network learns XOR";

impl Report {
    /// The report's sections: a short name (the snapshot's) and the text.
    pub fn sections(&self) -> Vec<(&'static str, String)> {
        vec![
            ("blocks", self.blocks.to_string()),
            ("learner", self.learner.to_string()),
            ("numpy", self.numpy.to_string()),
            ("trace", self.trace.to_string()),
            ("kink", self.kink.to_string()),
            ("bias", self.bias.to_string()),
            ("online", self.online.to_string()),
            ("gradcheck", self.gradient_checking.to_string()),
        ]
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        nn_core::report::write_report(f, HEADING, &self.sections())
    }
}

impl fmt::Display for Blocks {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut t = Table::new(["block", "backward", "gradient check (< 1e-6)"]);
        for c in &self.checks {
            t.row([c.block, c.backward, verdict(c.check.passed())]);
        }
        write!(
            f,
            "1. The building blocks, checked against central differences\n{t}"
        )
    }
}

impl fmt::Display for Learner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut losses = Table::new(["epoch", "loss"]);
        for epoch in [0, 1, 10, 50, 100, 200, 300, 400, 500]
            .into_iter()
            .filter(|&e| e <= self.epochs)
        {
            losses.row([epoch.to_string(), fixed(self.history[epoch], 6)]);
        }
        let mut preds = Table::new([
            "x₁",
            "x₂",
            "label",
            "P(class 1)",
            "predicted",
            "active hidden units",
        ]);
        for p in &self.predictions {
            let on: Vec<String> = p.active_units.iter().map(|j| j.to_string()).collect();
            preds.row([
                fixed(p.x1, 0),
                fixed(p.x2, 0),
                p.label.to_string(),
                fixed(p.p_class1, 4),
                p.predicted.to_string(),
                if on.is_empty() {
                    "none".to_string()
                } else {
                    on.join(" ")
                },
            ]);
        }
        write!(
            f,
            "2. The learner's network on XOR\n\
             2 inputs → {h} hidden (ReLU) → 2 outputs → softmax; He initialisation (seed {seed}), full batch,\n\
             lr {lr}, {epochs} epochs, mean cross-entropy:\n\n{losses}\n{preds}\n\
             Hidden units off for all four inputs (no gradient reaches their weights): {dead} of {h}.\n\
             Solved XOR (all four right) with seeds {s0}…{s1}: {solved} of {SEEDS}.\n",
            h = self.hidden,
            seed = self.seed,
            lr = self.lr,
            epochs = self.epochs,
            dead = self.dead_units,
            s0 = self.seed,
            s1 = seeds(self.seed).end(),
            solved = self.solved_seeds,
        )
    }
}

impl fmt::Display for Numpy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut t = Table::new(["step", "loss"]);
        for step in (0..=STEPS).step_by(20) {
            t.row([step.to_string(), sig(self.run.losses[step], 5)]);
        }
        let mut p = Table::new(["x₁", "x₂", "target", "y_pred"]);
        for row in &self.predictions {
            p.row([
                fixed(row.x1, 0),
                fixed(row.x2, 0),
                row.target.to_string(),
                fixed(row.y_pred, 4),
            ]);
        }
        write!(
            f,
            "3. The numpy program, reproduced\n\
             D_in 2, H {HIDDEN}, D_out 1, no biases, N(0, 1) weights (seed {seed}), summed squared error,\n\
             lr {LEARNING_RATE}, {STEPS} steps, ReLU mask grad_h[h < 0] = 0:\n\n{t}\n{p}\n\
             Over seeds {s0}…{s1}: final loss < {NUMPY_SUCCESS} on {good} of {SEEDS}; median final loss {median},\n\
             worst {worst}.\n",
            seed = self.seed,
            s0 = self.seed,
            s1 = seeds(self.seed).end(),
            good = self.solved_seeds,
            median = sig(self.median_final_loss, 3),
            worst = sig(self.worst_final_loss, 3),
        )
    }
}

impl fmt::Display for Traces {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("4. Backpropagation, step by step\nx → z₁ = w₁x + b₁ → a₁ = ReLU(z₁) → z₂ = w₂a₁ + b₂ → h = σ(z₂) → E = ½(h − y)²\n")?;
        for (title, t) in [
            ("the hidden unit is on (z₁ > 0)", &self.on),
            ("the hidden unit is off (z₁ ≤ 0)", &self.off),
        ] {
            write!(
                f,
                "\nCase: {title}. x = {}, y = {}, w₁ = {}, b₁ = {}, w₂ = {}, b₂ = {}, η = {}\n{}",
                t.x,
                t.y,
                t.params.w1,
                t.params.b1,
                t.params.w2,
                t.params.b2,
                t.lr,
                t.table()
            )?;
        }
        let r = &self.revived;
        write!(
            f,
            "\nWith the unit off, ∂E/∂w₁ and ∂E/∂b₁ are exactly 0: this sample does not move the first\n\
             layer. The next sample may: x = {} gives z₁ = {} > 0 and ∂E/∂w₁ = {}.\n",
            r.x,
            fixed(r.z1, 4),
            fixed(r.de_dw1, 6)
        )
    }
}

impl fmt::Display for Kink {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "5. ReLU's derivative at 0\n\
             This book uses ReLU′(0) = 0; any value in [0, 1] is a valid subgradient. The numpy mask\n\
             grad_h[h < 0] = 0 uses 1. On XOR without biases, input (0, 0) gives h = 0 exactly for all\n\
             {HIDDEN} hidden units: the kink. The numpy program run with ReLU′(0) = 0 instead of 1, seed {seed}:\n\
             every loss of the {STEPS} steps identical, bit for bit: {same}.\n\
             (The weight gradient is xᵀ·grad_h, and that sample's row of x is (0, 0).)\n",
            seed = self.seed,
            same = if self.identical { "yes" } else { "no" },
        )
    }
}

impl fmt::Display for BiasTrick {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.largest_difference;
        write!(
            f,
            "6. The bias trick, again\n\
             The same network trained with [x, 1]·[W; b] in both layers (chapter 1's augment) instead\n\
             of x·W + b: largest difference between the two loss histories over {e} epochs: {d}.\n",
            e = self.epochs,
            d = if d == 0.0 {
                "0 (identical)".to_string()
            } else if d < 1e-12 {
                "below 1e-12".to_string()
            } else {
                sig(d, 3)
            },
        )
    }
}

impl fmt::Display for Online {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut t = Table::new(["epoch", "batch loss", "online loss"]);
        for epoch in [0, 1, 10, 50, 100, 200, 500]
            .into_iter()
            .filter(|&e| e < self.batch_history.len())
        {
            t.row([
                epoch.to_string(),
                fixed(self.batch_history[epoch], 6),
                fixed(self.online_history[epoch], 6),
            ]);
        }
        let never = || "never".to_string();
        let epoch = |e: Option<usize>| e.map_or_else(never, |e| format!("epoch {e}"));
        let count = |u: Option<usize>| u.map_or_else(never, |u| u.to_string());
        write!(
            f,
            "7. Online against batch\n\
             From the same initial weights, lr {lr}: one update per epoch on all four samples (batch),\n\
             or four updates per epoch, one per sample (online):\n\n{t}\n\
             Loss below {LOSS_REACHED}: batch at {b}, online at {o}.\n\
             Counted in updates (4 per online epoch): batch {bu}, online {ou}.\n",
            lr = self.lr,
            b = epoch(self.batch_reached),
            o = epoch(self.online_reached),
            bu = count(self.batch_updates),
            ou = count(self.online_updates),
        )
    }
}

impl fmt::Display for GradientChecking {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let [z0, z1, z2] = self.logits;
        writeln!(f, "8. Gradient checking, taught")?;
        writeln!(
            f,
            "L(z₀) = cross-entropy of the logits ({z0}, {z1}, {z2}) with label {label}; exact \
             ∂L/∂z₀ = p₀ − 1 = {exact}.",
            label = self.label,
            exact = sig(self.exact, 10),
        )?;
        writeln!(f, "Relative error of the finite differences at z₀ = {z0}:")?;
        let mut t = Table::new([
            "h",
            "one-sided (f(x+h) − f(x))/h",
            "central (f(x+h) − f(x−h))/2h",
        ]);
        for s in &self.steps {
            t.row([sci(s.h, 0), sci(s.one_sided, 1), sci(s.central, 1)]);
        }
        let best = |pick: fn(&crate::experiment::StepError) -> f64| {
            self.steps
                .iter()
                .min_by(|a, b| pick(a).total_cmp(&pick(b)))
                .map(|s| sci(s.h, 0))
                .unwrap_or_default()
        };
        writeln!(
            f,
            "{t}Smallest error: one-sided at h = {}, central at h = {}. This book checks with \
             central differences, h = {}.\n",
            best(|s| s.one_sided),
            best(|s| s.central),
            sci(STEP, 0),
        )?;
        let row = |t: &mut Table, what: &str, c: &GradCheck| {
            t.row([
                what.to_string(),
                sci(c.max_relative_error, 1),
                sig(c.analytic, 4),
                sig(c.numeric, 4),
                verdict(c.passed()).to_string(),
            ]);
        };
        let mut t = Table::new([
            "backward pass",
            "max relative error",
            "analytic",
            "numeric",
            format!("check (< {})", sci(TOLERANCE, 0)).as_str(),
        ]);
        row(&mut t, "Dense ∂L/∂W = Xᵀ·G", &self.correct);
        row(&mut t, "bug: (Xᵀ·G)ᵀ, transposed", &self.transposed);
        row(
            &mut t,
            "softmax + CE ∂L/∂Z = (P − Y)/n",
            &self.correct_softmax,
        );
        row(&mut t, "bug: P − Y, the 1/n left out", &self.missing_mean);
        row(&mut t, "ReLU, an input exactly 0", &self.at_kink);
        row(
            &mut t,
            &format!("ReLU, an input {} (< h)", sci(self.near_kink_input, 0)),
            &self.near_kink,
        );
        row(&mut t, "ReLU, inputs ≥ 0.1 from 0", &self.away_from_kink);
        write!(
            f,
            "Correct and broken backward passes (the worst element: analytic against numeric):\n{t}"
        )
    }
}
