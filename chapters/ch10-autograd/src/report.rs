//! Chapter 10's report: the experiments' results as the text the program prints. Presentation
//! only; every number comes from `experiment.rs`.

use std::fmt;

use ch03_relu_xor::trace::Trace;
use nn_core::table::{fixed, sci, sig, verdict, Table};

use crate::experiment::{
    Accumulation, CheckRow, Digits, ForwardMode, MemoryRow, ModeRow, OneStep, ParamRow,
    RecomputeRow, Report, TraceSection,
};

/// The first line of the report.
pub const HEADING: &str =
    "Chapter 10: automatic differentiation — the backward pass run by a program";

impl Report {
    /// The report's sections: a short name (the snapshot's) and the text.
    pub fn sections(&self) -> Vec<(&'static str, String)> {
        vec![
            ("trace", self.trace.to_string()),
            ("checks", Checks(&self.checks).to_string()),
            ("digits", self.digits.to_string()),
            ("steps", Steps(&self.steps).to_string()),
            ("memory", Memory(&self.memory).to_string()),
            ("forward_mode", self.forward_mode.to_string()),
            ("accumulation", self.accumulation.to_string()),
            ("recomputing", Recomputing(&self.recomputing).to_string()),
        ]
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        nn_core::report::write_report(f, HEADING, &self.sections())
    }
}

/// A difference between the hand-written and the taped result.
fn difference(d: f64) -> String {
    if d == 0.0 {
        "0 (bit for bit)".into()
    } else if d.is_nan() {
        "NaN on one side only".into()
    } else {
        sci(d, 1)
    }
}

/// Every number of a trace with its name, in chapter 3's order.
fn fields(t: &Trace) -> [(&'static str, f64); 19] {
    [
        ("z₁", t.z1),
        ("a₁", t.a1),
        ("z₂", t.z2),
        ("h", t.h),
        ("E", t.e),
        ("∂E/∂h", t.de_dh),
        ("σ′(z₂)", t.sigma_prime),
        ("∂E/∂z₂", t.de_dz2),
        ("∂E/∂w₂", t.de_dw2),
        ("∂E/∂b₂", t.de_db2),
        ("∂E/∂a₁", t.de_da1),
        ("ReLU′(z₁)", t.relu_prime),
        ("∂E/∂z₁", t.de_dz1),
        ("∂E/∂w₁", t.de_dw1),
        ("∂E/∂b₁", t.de_db1),
        ("w₁ new", t.updated.w1),
        ("b₁ new", t.updated.b1),
        ("w₂ new", t.updated.w2),
        ("b₂ new", t.updated.b2),
    ]
}

impl fmt::Display for TraceSection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (h, p) = (&self.hand, &self.hand.params);
        writeln!(
            f,
            "1. Chapter 3's one-unit network on the scalar tape: x = {}, y = {}, w₁ = {}, b₁ = {}, \
             w₂ = {}, b₂ = {}, η = {}\n   ({} nodes; only the forward pass is written, the tape \
             finds every gradient)\n",
            h.x,
            h.y,
            p.w1,
            p.b1,
            p.w2,
            p.b2,
            h.lr,
            self.graph.len()
        )?;
        let mut t = Table::new(["quantity", "chapter 3, by hand", "on the tape", "equal"]);
        for ((name, by_hand), (_, taped)) in fields(&self.hand).into_iter().zip(fields(&self.tape))
        {
            let same = if by_hand.to_bits() == taped.to_bits() {
                "bit for bit"
            } else {
                "NO"
            };
            t.row([
                name.to_string(),
                sig(by_hand, 12),
                sig(taped, 12),
                same.to_string(),
            ]);
        }
        write!(f, "{t}")?;
        writeln!(f)?;
        for (name, equal) in &self.others_equal {
            let said = if *equal {
                "every number equal, bit for bit"
            } else {
                "DIFFERS"
            };
            writeln!(f, "Chapter 3's trace with the {name}: {said}.")?;
        }
        Ok(())
    }
}

struct Checks<'a>(&'a [CheckRow]);

impl fmt::Display for Checks<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "2. Every operation's vector-Jacobian product against central differences of its \
             forward pass\n   (relative error of the worst element; pass mark 1e-6)\n"
        )?;
        let mut t = Table::new(["operation", "input", "max relative error", "check"]);
        for row in self.0 {
            t.row([
                row.op.to_string(),
                row.input.to_string(),
                sci(row.check.max_relative_error, 0),
                verdict(row.check.passed()).to_string(),
            ]);
        }
        write!(f, "{t}")
    }
}

impl fmt::Display for Digits {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "3. Chapter 5's digits network trained by hand and through the tape, side by side\n   \
             ({} training and {} test digits; every gradient compared at every step)\n",
            self.n_train, self.n_test
        )?;
        let mut t = Table::new(["measure", "value"]);
        t.row(["SGD steps".into(), self.steps.to_string()]);
        t.row([
            "largest relative difference of any gradient element, any step".into(),
            difference(self.max_gradient_difference),
        ]);
        t.row([
            "largest relative difference of a batch loss".into(),
            difference(self.max_loss_difference),
        ]);
        t.row([
            "largest relative difference of a weight after training".into(),
            difference(self.final_weight_difference),
        ]);
        t.row([
            "training loss, last epoch".into(),
            fixed(self.final_loss, 4),
        ]);
        t.row([
            "test accuracy, hand-written".into(),
            format!("{} %", fixed(100.0 * self.hand_accuracy, 2)),
        ]);
        t.row([
            "test accuracy, through the tape".into(),
            format!("{} %", fixed(100.0 * self.tape_accuracy, 2)),
        ]);
        write!(f, "{t}")
    }
}

struct Steps<'a>(&'a [OneStep]);

impl fmt::Display for Steps<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "4. One training step of chapter 6's CNN and of chapter 7's network, by hand and \
             through the tape\n"
        )?;
        for (i, step) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            writeln!(f, "{}, on a batch of {}:\n", step.network, step.batch)?;
            let mut t = Table::new([
                "parameter",
                "shape",
                "largest relative difference of its gradient",
            ]);
            for ParamRow {
                name,
                shape,
                difference: d,
            } in &step.rows
            {
                t.row([name.to_string(), format!("{shape:?}"), difference(*d)]);
            }
            write!(f, "{t}")?;
            writeln!(
                f,
                "difference of the loss: {}",
                difference(step.loss_difference)
            )?;
        }
        Ok(())
    }
}

struct Memory<'a>(&'a [MemoryRow]);

/// f64 values as KiB.
fn kib(values: usize) -> String {
    fixed(values as f64 * 8.0 / 1024.0, 1)
}

impl fmt::Display for Memory<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "5. What one training step holds alive for its backward pass, in KiB (parameters not \
             counted)\n"
        )?;
        let mut t = Table::new([
            "network",
            "tape: nodes' arrays",
            "tape: kept by the ops",
            "tape: total",
            "hand-written layers",
            "tape / hand",
        ]);
        for row in self.0 {
            t.row([
                row.network.to_string(),
                kib(row.tape.values),
                kib(row.tape.kept_by_ops),
                kib(row.tape.total()),
                kib(row.hand),
                format!("{}×", fixed(row.tape.total() as f64 / row.hand as f64, 2)),
            ]);
        }
        write!(f, "{t}")?;
        writeln!(f, "\nThe nodes after the parameters, in tape order:")?;
        for row in self.0 {
            writeln!(f, "{}: {}.", row.network, row.ops.join(" → "))?;
        }
        Ok(())
    }
}

impl ModeRow {
    /// "forward", "reverse" or "equal": the mode that multiplied fewer local derivatives.
    pub fn cheaper(&self) -> &'static str {
        match self.forward.products.cmp(&self.reverse.products) {
            std::cmp::Ordering::Less => "forward",
            std::cmp::Ordering::Greater => "reverse",
            std::cmp::Ordering::Equal => "equal",
        }
    }
}

impl fmt::Display for ForwardMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "6. The full Jacobian of y = V·tanh(U·tanh(W·x)) (two layers of {} hidden units; x has n \
             elements,\n   y has m), by forward mode (one JVP per input) and by reverse mode (one \
             backward pass per output);\n   products = local derivatives multiplied, over all \
             sweeps\n",
            self.hidden
        )?;
        let mut t = Table::new([
            "n",
            "m",
            "tape nodes",
            "forward: sweeps",
            "products",
            "reverse: sweeps",
            "products",
            "cheaper",
            "forward vs reverse",
            "forward vs differences",
        ]);
        for r in &self.rows {
            let ratio = r.forward.products.max(r.reverse.products) as f64
                / r.forward.products.min(r.reverse.products).max(1) as f64;
            t.row([
                r.inputs.to_string(),
                r.outputs.to_string(),
                r.nodes.to_string(),
                r.forward.sweeps.to_string(),
                r.forward.products.to_string(),
                r.reverse.sweeps.to_string(),
                r.reverse.products.to_string(),
                format!("{}, {}×", r.cheaper(), fixed(ratio, 1)),
                difference(r.forward_vs_reverse),
                sci(r.forward_vs_differences, 0),
            ]);
        }
        write!(f, "{t}")?;
        let by_shape = |r: &ModeRow| match r.inputs.cmp(&r.outputs) {
            std::cmp::Ordering::Less => r.cheaper() == "forward",
            std::cmp::Ordering::Greater => r.cheaper() == "reverse",
            std::cmp::Ordering::Equal => true,
        };
        if self.rows.iter().all(by_shape) {
            writeln!(
                f,
                "Forward mode is cheaper where n < m, reverse mode where n > m."
            )?;
        }
        let square: Vec<&ModeRow> = self.rows.iter().filter(|r| r.inputs == r.outputs).collect();
        for r in square {
            writeln!(
                f,
                "At n = m = {}: {} (a backward pass skips the nodes off its output's path; a \
                 forward sweep visits every node).",
                r.inputs,
                r.cheaper()
            )?;
        }
        Ok(())
    }
}

impl fmt::Display for Accumulation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sizes: Vec<String> = self.micro_batches.iter().map(|s| s.to_string()).collect();
        writeln!(
            f,
            "7. Gradients that add up: chapter 5's digits network through the tape, one batch of \
             {} digit{},\n   and the same batch as {} micro-batch{} ({})\n",
            self.batch,
            if self.batch == 1 { "" } else { "s" },
            self.micro_batches.len(),
            if self.micro_batches.len() == 1 {
                ""
            } else {
                "es"
            },
            sizes.join(" + ")
        )?;
        let (lo, hi) = self.twice_ratio;
        let twice = if lo == hi {
            format!("exactly {lo} for every element")
        } else {
            format!("{}–{}", sig(lo, 6), sig(hi, 6))
        };
        let mut t = Table::new(["measure", "value"]);
        t.row([
            "the tape's backward called twice: largest difference between the two results"
                .to_string(),
            difference(self.repeated_backward),
        ]);
        t.row([
            "two backward passes added without zero_grad, / one backward pass".to_string(),
            twice,
        ]);
        t.row([
            "micro-batch gradients, each × its share of the batch, against the batch's: \
             largest relative difference"
                .to_string(),
            difference(self.micro_vs_batch),
        ]);
        t.row([
            "micro-batch gradients added without the shares: norm / the batch's".to_string(),
            fixed(self.unweighted_ratio, 3),
        ]);
        write!(f, "{t}")
    }
}

struct Recomputing<'a>(&'a [RecomputeRow]);

impl fmt::Display for Recomputing<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "8. Keeping against recomputing: one training step with the first layer keeping what \
             its VJP needs,\n   and keeping nothing but running its forward pass again in the \
             backward pass\n"
        )?;
        let mut t = Table::new([
            "network",
            "first layer",
            "held, KiB: kept",
            "recomputed",
            "saved",
            "multiply-adds: kept",
            "recomputed",
            "extra",
            "gradients",
        ]);
        for r in self.0 {
            let (kept, recomputed) = (r.kept.total(), r.recomputed.total());
            let total = r.multiply_adds + r.extra_multiply_adds;
            t.row([
                r.network.to_string(),
                r.layer.to_string(),
                kib(kept),
                kib(recomputed),
                format!(
                    "{} %",
                    fixed(100.0 * (1.0 - recomputed as f64 / kept as f64), 0)
                ),
                r.multiply_adds.to_string(),
                total.to_string(),
                format!(
                    "+{} %",
                    fixed(
                        100.0 * r.extra_multiply_adds as f64 / r.multiply_adds as f64,
                        0
                    )
                ),
                difference(r.gradient_difference),
            ]);
        }
        write!(f, "{t}")
    }
}
