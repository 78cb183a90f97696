//! Chapter 14's report: the experiments' results as the text the program prints. Presentation
//! only; every number comes from `experiment.rs`. Differences between the book and candle are
//! printed as "< 1e-12" below the chapter's bound (their exact size, near 1e-16, depends on
//! the machine's vector instructions), and to one digit above it.

use std::fmt;

use nn_core::table::{fixed, sci, yes_no, Table};

use crate::devices::Gpu;
use crate::experiment::{BatchNormSection, Cost, Engine, OptimizerRow, Report, StepRow, Training};

/// The first line of the report.
pub const HEADING: &str =
    "Chapter 14: from this book to a framework — the book's networks in candle, equal to the last digit";

/// The bound the chapter holds the two engines to.
pub const BOUND: f64 = 1e-12;

impl Report {
    /// The report's sections: a short name (the snapshot's) and the text.
    pub fn sections(&self) -> Vec<(&'static str, String)> {
        vec![
            ("engine", self.engine.to_string()),
            ("one_step", OneStep(&self.one_step).to_string()),
            ("optimizers", Optimizers(&self.optimizers).to_string()),
            ("training", self.training.to_string()),
            (
                "batch_norm",
                self.batch_norm.as_ref().map_or_else(
                    || format!("{BATCH_NORM}\nNot run: a batch of one sample has no variance to normalize by (--batch-size 2 or more).\n"),
                    ToString::to_string,
                ),
            ),
            (
                "cost",
                self.cost.as_ref().map_or_else(
                    || format!("{COST}\nNot run: add --time (timings differ from run to run).\n"),
                    ToString::to_string,
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

/// A difference: "< 1e-12" within the bound, else its size to one digit.
pub fn difference(d: f64) -> String {
    if d.is_nan() {
        "NaN".into()
    } else if d < BOUND {
        "< 1e-12".into()
    } else {
        sci(d, 0)
    }
}

impl fmt::Display for Engine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "1. The engine")?;
        writeln!(
            f,
            "candle-core and candle-nn {}, default features (no CUDA, no MKL), on the CPU.",
            self.version
        )?;
        writeln!(
            f,
            "f64 on the CPU: {} (1 + 2⁻⁴⁰, squared, keeps its last bits).",
            yes_no(self.f64_on_cpu)
        )?;
        match &self.gpu {
            Gpu::NotCompiled => writeln!(
                f,
                "GPU: no GPU path compiled; build with `--features cuda` (needs the CUDA toolkit) to look for one."
            ),
            Gpu::NotFound(why) => writeln!(f, "GPU: the CUDA path is compiled but found no GPU: {why}"),
            Gpu::Found { max_difference } => writeln!(
                f,
                "GPU 0: one step of the digits MLP in f64, gradients equal to the CPU's within {}.",
                difference(*max_difference)
            ),
        }
    }
}

struct OneStep<'a>(&'a [StepRow]);

impl fmt::Display for OneStep<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "2. One training step, three ways")?;
        writeln!(
            f,
            "The same initial weights (copied by visit_parameters) and the same first mini-batch; \
             the largest |difference| of the loss and of each parameter's gradient."
        )?;
        let mut t = Table::new([
            "network",
            "quantity",
            "size",
            "book − candle",
            "book with ReLU′(0) = 1 − candle",
            "book − chapter 10's tape",
        ]);
        for r in self.0 {
            let quantity = match r.value {
                Some(v) => format!("{} = {}", r.quantity, fixed(v, 6)),
                None => r.quantity.to_string(),
            };
            t.row([
                r.network.to_string(),
                quantity,
                r.size.to_string(),
                difference(r.book_vs_candle),
                difference(r.same_relu_vs_candle),
                difference(r.book_vs_tape),
            ]);
        }
        write!(f, "{t}")?;
        let within = |d: fn(&StepRow) -> f64| self.0.iter().all(|r| d(r) < BOUND);
        writeln!(
            f,
            "Every loss and gradient equal to candle's within 1e-12 once ReLU′(0) agrees: {}; \
             to the tape's: {}.",
            yes_no(within(|r| r.same_relu_vs_candle)),
            yes_no(within(|r| r.book_vs_tape))
        )?;
        let apart: Vec<String> = self
            .0
            .iter()
            .filter(|r| r.book_vs_candle >= BOUND)
            .map(|r| format!("{} {}", r.network, r.quantity))
            .collect();
        writeln!(
            f,
            "With the book's ReLU′(0) = 0, differing by more: {}.",
            if apart.is_empty() {
                "nothing".to_string()
            } else {
                apart.join(", ")
            }
        )
    }
}

struct Optimizers<'a>(&'a [OptimizerRow]);

impl fmt::Display for Optimizers<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "3. Adam and AdamW against candle-nn's AdamW")?;
        writeln!(
            f,
            "Chapter 5's MLP from the same weights on the same mini-batches, each engine computing \
             its own gradients; candle's Adam is its AdamW with λ = 0."
        )?;
        let mut t = Table::new([
            "book's optimizer",
            "candle-nn",
            "steps",
            "last batch loss",
            "largest |θ_book − θ_candle|",
        ]);
        for r in self.0 {
            t.row([
                r.name.to_string(),
                format!("AdamW, λ = {}", r.weight_decay),
                r.steps.to_string(),
                fixed(r.last_loss, 4),
                difference(r.worst()),
            ]);
        }
        write!(f, "{t}")?;
        writeln!(
            f,
            "Equal within 1e-12 after every step: {}.",
            yes_no(self.0.iter().all(|r| r.worst() < BOUND))
        )
    }
}

impl fmt::Display for Training {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "4. A training run in both")?;
        writeln!(
            f,
            "Chapter 5's MLP, mini-batch SGD: the book's Trainer, and candle's loop with its SGD."
        )?;
        let mut t = Table::new([
            "epoch",
            "loss, book",
            "loss, candle",
            "test accuracy, book",
            "test accuracy, candle",
        ]);
        for (i, (b, c)) in self.book.iter().zip(&self.candle).enumerate() {
            t.row([
                (i + 1).to_string(),
                fixed(b.loss, 4),
                fixed(c.loss, 4),
                fixed(b.test_accuracy, 4),
                fixed(c.test_accuracy, 4),
            ]);
        }
        write!(f, "{t}")?;
        writeln!(
            f,
            "Largest |θ_book − θ_candle| after the last epoch: {}.",
            difference(self.final_difference)
        )
    }
}

const BATCH_NORM: &str = "5. Batch normalization in both";

impl fmt::Display for BatchNormSection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{BATCH_NORM}")?;
        writeln!(
            f,
            "Chapter 7's BatchNorm and candle-nn's, training mode, on the MLP's hidden pre-activations of the first mini-batch."
        )?;
        let same = |(a, b): (f64, f64)| if a == b { "the same" } else { "different" };
        writeln!(
            f,
            "ε: book {:e}, candle-nn {:e} ({}); momentum of the running averages: book {}, candle-nn {} ({}).",
            self.eps.0,
            self.eps.1,
            same(self.eps),
            self.momentum.0,
            self.momentum.1,
            same(self.momentum)
        )?;
        let mut t = Table::new(["quantity", "size", "book − candle"]);
        for r in &self.rows {
            t.row([
                r.quantity.to_string(),
                r.size.to_string(),
                difference(r.difference),
            ]);
        }
        write!(f, "{t}")?;
        writeln!(
            f,
            "Every value, gradient and running average equal within 1e-12: {}.",
            yes_no(self.rows.iter().all(|r| r.difference < BOUND))
        )
    }
}

const COST: &str = "6. What a step costs";

impl fmt::Display for Cost {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{COST}")?;
        writeln!(
            f,
            "One SGD step of chapter 5's MLP on one mini-batch: the median of {} runs.",
            self.repeats
        )?;
        let mut t = Table::new(["engine", "precision", "median step", "vs the book"]);
        let micros = |d: std::time::Duration| format!("{:.0} µs", d.as_secs_f64() * 1e6);
        let ratio = |d: std::time::Duration| {
            format!(
                "{:.1}×",
                d.as_secs_f64() / self.book_f64.as_secs_f64().max(1e-12)
            )
        };
        t.row(["book (ndarray)", "f64", &micros(self.book_f64), "1.0×"]);
        t.row([
            "candle",
            "f64",
            &micros(self.candle_f64),
            &ratio(self.candle_f64),
        ]);
        t.row([
            "candle",
            "f32",
            &micros(self.candle_f32),
            &ratio(self.candle_f32),
        ]);
        write!(f, "{t}")
    }
}
