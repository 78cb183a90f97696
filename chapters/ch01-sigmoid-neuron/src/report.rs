//! Chapter 1's report: the experiments' results as the text the program prints. Presentation
//! only; every number is computed in `experiment.rs`. Each section prints on its own
//! (`println!("{}", experiment::saturation())`).

use std::fmt;

use nn_core::table::{fixed, sig, verdict, yes_no, Table};

use crate::experiment::{
    Bias, Layers, Naive, Report, Saturation, Training, Unbounded, DEMO_BIAS, DEMO_WEIGHTS,
};

/// The first line of the report.
pub const HEADING: &str = "Chapter 1: the sigmoid neuron";

impl Report {
    /// The report's sections: a short name (the snapshot's) and the text.
    pub fn sections(&self) -> Vec<(&'static str, String)> {
        vec![
            ("unbounded", self.unbounded.to_string()),
            ("bias", self.bias.to_string()),
            ("saturation", self.saturation.to_string()),
            ("naive", self.naive.to_string()),
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

impl fmt::Display for Unbounded {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut t = Table::new([
            "tumour",
            "radius",
            "texture",
            "perimeter",
            "area",
            "z = w·x + b",
            "σ(z)",
        ]);
        for s in &self.samples {
            t.row([
                s.tumour.to_string(),
                fixed(s.inputs[0], 2),
                fixed(s.inputs[1], 2),
                fixed(s.inputs[2], 2),
                fixed(s.inputs[3], 1),
                fixed(s.z, 3),
                fixed(s.output, 6),
            ]);
        }
        let mut g = Table::new(["z", "σ(z)", "1 − σ(z)"]);
        for p in &self.grid {
            g.row([fixed(p.z, 0), fixed(p.output, 6), sig(p.complement, 4)]);
        }
        write!(
            f,
            "1. The weighted sum is unbounded\n\
             A neuron with w = {w:?}, b = {b} on raw breast-cancer measurements:\n\n{t}\n\
             Largest z over all {n} tumours: {zmax}. However large z is, σ(z) lies in (0, 1),\n\
             until floating point rounds it to 0 or 1 (section 3):\n\n{g}",
            w = DEMO_WEIGHTS,
            b = DEMO_BIAS,
            n = self.tumours,
            zmax = fixed(self.z_max, 3),
        )
    }
}

impl fmt::Display for Bias {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut t = Table::new(["tumour", "x·w + b", "[x, 1]·[w; b]"]);
        for i in 0..4 {
            t.row([
                i.to_string(),
                sig(self.explicit[i], 17),
                sig(self.augmented[i], 17),
            ]);
        }
        write!(
            f,
            "2. Bias two ways\n{t}\nAll {n} tumours, compared bit for bit: {differ} differ (identical: {same}).\n",
            n = self.explicit.len(),
            differ = self.differing,
            same = yes_no(self.bit_identical),
        )
    }
}

impl fmt::Display for Saturation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut t = Table::new([
            "type",
            "smallest z with σ(z) = 1 exactly",
            "by hand",
            "σ(next float below)",
        ]);
        // f64 shows 10 and 17 significant digits, f32 7 and 9: what each type can hold.
        for (name, p, digits, below_digits) in
            [("f64", &self.double, 10, 17), ("f32", &self.single, 7, 9)]
        {
            t.row([
                name.to_string(),
                sig(p.z, digits),
                format!("{}·ln 2 = {}", p.bits, sig(p.by_hand, digits)),
                sig(p.below, below_digits),
            ]);
        }
        write!(
            f,
            "3. Saturation in floating point\n{t}\n\
             At z = {zs} in f64: 1 − σ(z) = {gap}, so log(1 − σ(z)) = {naive_log}\n\
             (the cost of the next chapter, written naively); computed from z instead,\n\
             log(1 − σ(z)) = −softplus(z) = {stable_log}.\n",
            zs = sig(self.double.z, 10),
            gap = fixed(self.gap, 1),
            naive_log = fixed(self.naive_log, 3),
            stable_log = fixed(self.stable_log, 6),
        )
    }
}

impl fmt::Display for Naive {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut t = Table::new(["x", "exp(x)/(exp(x)+1)", "sigmoid(x)"]);
        for r in &self.rows {
            t.row([format!("{:?}", r.x), sig(r.naive, 6), sig(r.stable, 6)]);
        }
        write!(
            f,
            "4. A sigmoid that never returns NaN\n{t}\n\
             The naive formula first returns NaN at x = {x64} in f64 (exp overflows: ln(f64::MAX) = {lnmax})\n\
             and at x = {x32} in f32. The chapter's sigmoid is finite for every finite input.\n",
            x64 = sig(self.first_nan_double, 12),
            lnmax = sig(self.ln_max, 12),
            x32 = sig(self.first_nan_single, 7),
        )
    }
}

impl fmt::Display for Layers {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
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
        write!(
            f,
            "5. Sigmoid and tanh layers\n{t}\n\
             tanh(x) = 2σ(2x) − 1: largest difference on [−10, 10] is below 1e-15: {ident}.\n\
             Peak of σ′: {sp} at x = {sx}; peak of tanh′: {tp} at x = {tx}.\n",
            ident = yes_no(self.tanh_identity_error < 1e-15),
            sp = fixed(self.sigmoid_peak.value, 4),
            sx = fixed(self.sigmoid_peak.at, 2),
            tp = fixed(self.tanh_peak.value, 4),
            tx = fixed(self.tanh_peak.at, 2),
        )
    }
}

impl fmt::Display for Training {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Nine rows of the loss history: every eighth of the way, and the last step.
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
        for r in &self.predictions {
            p.row([
                fixed(r.x1, 0),
                fixed(r.x2, 0),
                fixed(r.target, 0),
                fixed(r.output, 4),
                fixed(r.predicted as f64, 0),
            ]);
        }
        write!(
            f,
            "6. One neuron learns {gate}\n\
             Gradient descent on the mean squared error, lr = {lr}, {epochs} steps, seed {seed}.\n\
             Initial w = [{w10}, {w20}], b = {b0}.\n\n{losses}\n\
             Final w = [{w1}, {w2}], b = {b}.\n\n{p}\n{correct} of 4 correct.\n",
            gate = self.gate.name(),
            lr = self.lr,
            epochs = self.epochs,
            seed = self.seed,
            w10 = fixed(self.initial.w[0], 4),
            w20 = fixed(self.initial.w[1], 4),
            b0 = fixed(self.initial.b, 4),
            w1 = fixed(self.trained.w[0], 4),
            w2 = fixed(self.trained.w[1], 4),
            b = fixed(self.trained.b, 4),
            correct = self.correct,
        )
    }
}
