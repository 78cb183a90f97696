//! Chapter 12's report: the experiments' results as the text the program prints.
//! Presentation only; every number comes from `experiment.rs`.

use std::fmt;

use nn_core::gradcheck::GradCheck;
use nn_core::table::{fixed, sci, sig, verdict, Spread, Table};

use crate::experiment::{
    Checks, Exploding, Fate, Guard, Language, Memory, Outcome, Report, ThroughTime, TraceSection,
    EXPLODED, LEARNED, VANISHED,
};

/// The first line of the report.
pub const HEADING: &str =
    "Chapter 12: recurrent networks — backpropagation through time, step by step";

impl Report {
    /// The report's sections: a short name (the snapshot's) and the text.
    pub fn sections(&self) -> Vec<(&'static str, String)> {
        let memory = match &self.memory {
            Some(m) => m.to_string(),
            None => "5. How far back each cell learns: with --long (the book quotes that run).\n"
                .to_string(),
        };
        vec![
            ("trace", self.trace.to_string()),
            ("checks", self.checks.to_string()),
            ("through_time", self.through_time.to_string()),
            ("exploding", self.exploding.to_string()),
            ("memory", memory),
            ("language", self.language.to_string()),
        ]
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        nn_core::report::write_report(f, HEADING, &self.sections())
    }
}

/// "seed 0" or "seeds 0…2" (chapter 13 prints its seeds the same way).
pub fn seeds(list: &[u64]) -> String {
    match list {
        [one] => format!("seed {one}"),
        [first, .., last] => format!("seeds {first}…{last}"),
        [] => "no seed".to_string(),
    }
}

/// "1 step", "8 steps".
fn steps(n: usize) -> String {
    if n == 1 {
        "1 step".to_string()
    } else {
        format!("{n} steps")
    }
}

/// "median (min–max)" with `digits` after the point.
pub fn spread(s: &Spread, digits: usize) -> String {
    format!(
        "{} ({}–{})",
        fixed(s.median, digits),
        fixed(s.min, digits),
        fixed(s.max, digits)
    )
}

/// "median (min–max)" in scientific notation.
fn spread_sci(s: &Spread) -> String {
    format!(
        "{} ({} – {})",
        sci(s.median, 1),
        sci(s.min, 1),
        sci(s.max, 1)
    )
}

/// Gradient checks as a table: the backward pass, what the gradient is of, the worst
/// element's relative error and the verdict (chapter 13's checks print the same table).
pub fn check_table<'a>(rows: impl IntoIterator<Item = (&'a str, &'a str, &'a GradCheck)>) -> Table {
    let mut t = Table::new([
        "backward pass",
        "gradient of",
        "max relative error",
        "check",
    ]);
    for (piece, input, check) in rows {
        t.row([
            piece.to_string(),
            input.to_string(),
            sci(check.max_relative_error, 0),
            verdict(check.passed()).to_string(),
        ]);
    }
    t
}

/// A difference between two computations of the same number.
pub fn difference(d: f64) -> String {
    if d == 0.0 {
        "0 (bit for bit)".into()
    } else {
        sci(d, 1)
    }
}

impl fmt::Display for TraceSection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let t = &self.trace;
        let p = t.params;
        writeln!(
            f,
            "1. One recurrent unit over three steps, by hand: h₀ = 0, z_t = w·h_{{t−1}} + u·x_t + b, \
             h_t = tanh(z_t), E = ½(h₃ − y)²\n   x = ({}, {}, {}), y = {}, w = {}, u = {}, b = {}, \
             η = {}\n",
            t.x[0], t.x[1], t.x[2], t.y, p.w, p.u, p.b, t.lr
        )?;
        write!(f, "{}", t.table())?;
        let sum = |name: &str, shares: [f64; 3], total: f64| {
            let term = |v: f64| {
                if v < 0.0 {
                    format!(" − {}", fixed(-v, 6))
                } else {
                    format!(" + {}", fixed(v, 6))
                }
            };
            format!(
                "{name} = {}{}{} = {}   (steps 3, 2, 1)",
                fixed(shares[2], 6),
                term(shares[1]),
                term(shares[0]),
                fixed(total, 6)
            )
        };
        writeln!(f)?;
        writeln!(f, "{}", sum("∂E/∂w", t.w_share, t.de_dw))?;
        writeln!(f, "{}", sum("∂E/∂u", t.u_share, t.de_du))?;
        writeln!(f, "{}", sum("∂E/∂b", t.de_dz, t.de_db))?;
        writeln!(
            f,
            "E = {}; after one step of size η: w = {}, u = {}, b = {}; E = {}.",
            fixed(t.e, 6),
            fixed(t.updated.w, 6),
            fixed(t.updated.u, 6),
            fixed(t.updated.b, 6),
            fixed(crate::trace::error(t.x, t.y, t.updated), 6)
        )?;
        writeln!(
            f,
            "∂E/∂h₁ = ∂E/∂h₃ · (∂h₃/∂h₂) · (∂h₂/∂h₁) = {} · {} · {} = {}.",
            fixed(t.de_dh[2], 6),
            fixed(t.factors()[2], 6),
            fixed(t.factors()[1], 6),
            fixed(t.de_dh[0], 6)
        )?;
        writeln!(f)?;
        let same = self.tape == [t.de_dw, t.de_du, t.de_db];
        writeln!(
            f,
            "On chapter 10's scalar tape (only the forward pass written, one leaf w for all three \
             steps): ∂E/∂w, ∂E/∂u, ∂E/∂b {}.",
            if same { "equal bit for bit" } else { "DIFFER" }
        )?;
        let c = self.copies;
        let sum_equal = c[2] + c[1] + c[0] == t.de_dw;
        writeln!(
            f,
            "With three separate leaves w₁, w₂, w₃ of the same value (an ordinary three-layer \
             network): ∂E/∂w₁ = {}, ∂E/∂w₂ = {}, ∂E/∂w₃ = {}; their sum {} ∂E/∂w.",
            fixed(c[0], 6),
            fixed(c[1], 6),
            fixed(c[2], 6),
            if sum_equal { "is" } else { "is NOT" }
        )?;
        writeln!(
            f,
            "Against central differences of E: largest relative error {} ({}).",
            sci(self.check.max_relative_error, 0),
            verdict(self.check.passed())
        )
    }
}

impl fmt::Display for Checks {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let [batch, time, inputs, hidden] = self.shape;
        writeln!(
            f,
            "2. Every backward pass, checked twice\n   (batch {batch}, {time} steps, {inputs} \
             inputs, {hidden} units; relative error of the worst element, pass mark 1e-6)\n"
        )?;
        let rows = self.rows.iter().map(|r| (r.op, r.input, &r.check));
        write!(f, "{}", check_table(rows))?;
        writeln!(
            f,
            "\nThe same networks on chapter 10's tape (each step a node wrapping the cell's own \
             step and step_backward, every step on the same parameter leaves), loss at every \
             step:\n"
        )?;
        let mut t = Table::new(["network", "parameter", "shape", "BPTT against the tape"]);
        for (network, comparison) in &self.tape {
            for (name, shape, d) in &comparison.params {
                t.row([
                    network.to_string(),
                    name.to_string(),
                    format!("{shape:?}"),
                    difference(*d),
                ]);
            }
            t.row([
                network.to_string(),
                "(the loss)".to_string(),
                String::new(),
                difference(comparison.loss),
            ]);
        }
        write!(f, "{t}")?;
        let [states, w_x, w_h, b] = self.copies;
        writeln!(
            f,
            "\nThe plain network unrolled as {time} untied copies of chapter 3's Dense (on [x_t | \
             h_{{t−1}}], W = [W_x; W_h]) and chapter 1's Tanh, backpropagated as an ordinary deep \
             network, the copies' gradients summed; largest relative difference from BPTT: \
             states {}, W_x {}, W_h {}, b {}.",
            difference(states),
            difference(w_x),
            difference(w_h),
            difference(b)
        )
    }
}

impl fmt::Display for ThroughTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "3. The gradient through time: ‖∂E/∂h_t‖ from the last step (t = {}) back to the first\n   \
             (plain cell, {} units, W_h = s·Q with Q orthogonal: every singular value s; the recall \
             task's loss at its last step, at initialization; {})\n",
            self.length,
            self.hidden,
            seeds(&self.seeds)
        )?;
        let mut t = Table::new([
            "s",
            "‖∂E/∂h₁‖/‖∂E/∂h_T‖",
            "predicted: Π s·rms tanh′",
            "per step",
            "predicted",
            "bound s^(T−1)",
            "the gradient",
        ]);
        for row in &self.rows {
            let fate = match row.fate {
                Fate::Vanishes => "vanishes",
                Fate::Explodes => "explodes",
                Fate::Neither => "neither",
            };
            t.row([
                fixed(row.scale, 2),
                spread_sci(&row.ratio),
                spread_sci(&row.predicted),
                spread(&row.per_step, 3),
                spread(&row.per_step_predicted, 3),
                sci(row.scale.powi(self.length as i32 - 1), 1),
                fate.to_string(),
            ]);
        }
        write!(f, "{t}")?;
        writeln!(
            f,
            "(median (min – max) over the seeds; \"vanishes\": the median ratio below {}, \
             \"explodes\": above {})",
            sci(VANISHED, 0),
            sci(EXPLODED, 0)
        )?;
        let within = self
            .rows
            .iter()
            .map(|r| (r.ratio.median / r.predicted.median).log10().abs())
            .fold(0.0, f64::max);
        let per_step = self
            .rows
            .iter()
            .map(|r| (r.per_step.median / r.per_step_predicted.median - 1.0).abs())
            .fold(0.0, f64::max);
        writeln!(
            f,
            "Measured and predicted medians agree within a factor of {} over ratios from {} to {}; \
             per step, within {} %.",
            sig(10f64.powf(within), 2),
            sci(self.rows[0].ratio.median, 0),
            sci(self.rows[self.rows.len() - 1].ratio.median, 0),
            fixed(100.0 * per_step, 1)
        )?;
        let cut = self.cut_off();
        if cut == 0 {
            return writeln!(
                f,
                "BPTT truncated to a window of {}: the window covers all {}, nothing is cut.",
                steps(self.window),
                steps(self.length)
            );
        }
        writeln!(
            f,
            "BPTT truncated to a window of {} (s = 1, seed {}): ∂E/∂h_t is exactly 0 for the first \
             {} of the {}; the gradient reaches {} back from the last and no further.",
            steps(self.window),
            self.seeds[0],
            cut,
            steps(self.length),
            steps(self.length - cut - 1)
        )
    }
}

impl fmt::Display for Exploding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "4. Training on the exploding case: the plain cell ({} units, W_h = {}·Q) on the \
             recall task at delay {}\n   (plain SGD, η = {}, {} batches of 32; accuracy on 1000 \
             fresh sequences, chance 0.25; {})\n",
            self.hidden,
            self.scale,
            self.delay,
            self.lr,
            self.steps,
            seeds(&self.seeds)
        )?;
        let mut t = Table::new([
            "training",
            "outcome",
            "accuracy: median (min–max)",
            "‖g‖ at step 1",
            "largest ‖g‖",
            "steps with ‖g‖ > c",
        ]);
        for row in &self.rows {
            let name = match row.guard {
                Guard::None => "unclipped".to_string(),
                Guard::Clip => format!("clipped to ‖g‖ ≤ {}", self.clip),
                Guard::ClipAndWindow => {
                    format!("clipped, BPTT truncated to {} steps", self.window)
                }
            };
            let outcome = match row.outcome {
                Outcome::Learns => "learns".to_string(),
                Outcome::Fails => "fails".to_string(),
                Outcome::Diverged => format!(
                    "FAILED: not finite in {} of {} seeds",
                    row.runs.iter().filter(|r| r.diverged).count(),
                    row.runs.len()
                ),
            };
            let median = |pick: &dyn Fn(&crate::experiment::Run) -> f64| {
                Spread::of(&row.runs.iter().map(pick).collect::<Vec<_>>()).median
            };
            let first = median(&|r| r.records.first().map_or(f64::NAN, |s| s.grad_norm));
            let largest = median(&|r| r.records.iter().map(|s| s.grad_norm).fold(0.0, f64::max));
            let over =
                median(&|r| r.records.iter().filter(|s| s.grad_norm > self.clip).count() as f64);
            let accuracy = if row.outcome == Outcome::Diverged {
                "–".to_string()
            } else {
                spread(&row.accuracy, 3)
            };
            t.row([
                name,
                outcome,
                accuracy,
                sig(first, 3),
                sig(largest, 3),
                format!("{} of {}", fixed(over, 0), self.steps),
            ]);
        }
        write!(f, "{t}")?;
        writeln!(
            f,
            "(gradient norms: medians over the seeds; \"learns\": median accuracy ≥ {LEARNED})"
        )?;
        writeln!(
            f,
            "A window of {} lets the loss at the last step reach the inputs of the last {}, up to \
             {} back; the symbol to recall is {} back.",
            steps(self.window),
            steps(self.window),
            steps(self.window - 1),
            steps(self.delay)
        )
    }
}

impl fmt::Display for Memory {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "5. How far back each cell learns: the recall task at delays {}\n   ({} units, W_h = \
             1·Q for every gate, Adam η = {}, {} batches of 32; accuracy on 1000 fresh sequences, \
             median (min–max) over {})\n",
            crate::experiment::DELAYS
                .iter()
                .map(|d| d.to_string())
                .collect::<Vec<_>>()
                .join(", "),
            self.hidden,
            crate::experiment::MEMORY_LR,
            crate::experiment::MEMORY_STEPS,
            seeds(&self.seeds)
        )?;
        let mut header = vec!["cell".to_string()];
        header.extend(
            crate::experiment::DELAYS
                .iter()
                .map(|d| format!("delay {d}")),
        );
        header.push("reach".to_string());
        let mut t = Table::new(header);
        for row in &self.rows {
            let mut cells = vec![row.kind.name()];
            cells.extend(row.cells.iter().map(|c| spread(&c.accuracy, 2)));
            cells.push(row.reach().to_string());
            t.row(cells);
        }
        write!(f, "{t}")?;
        writeln!(
            f,
            "(reach: the longest delay up to which every delay is learned, median accuracy ≥ \
             {LEARNED})"
        )?;
        let plain = self.row(crate::experiment::CellKind::Plain).reach();
        for row in &self.rows[1..] {
            let r = row.reach();
            let said = if r > plain {
                format!(
                    "reaches {} steps further back than the plain cell",
                    r - plain
                )
            } else if r == plain {
                "reaches as far back as the plain cell".to_string()
            } else {
                format!(
                    "reaches {} steps less far back than the plain cell",
                    plain - r
                )
            };
            writeln!(f, "The {} {said}.", row.kind.name())?;
        }
        Ok(())
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let b = self.budget;
        writeln!(
            f,
            "6. A character-level language model on the book's own prose{}\n   ({} training and \
             {} validation characters, {} distinct; {} units; {} steps of Adam η = {}, each on {} \
             windows of {} characters: {} characters read)\n",
            if self.long {
                " (--long: the full budget)"
            } else {
                " (a short run; --long trains it fully)"
            },
            self.train_characters,
            self.validation_characters,
            self.vocabulary,
            self.hidden,
            b.steps,
            b.lr,
            b.batch,
            b.window,
            b.characters()
        )?;
        let last = b.steps.min(100);
        let mut t = Table::new([
            "cell".to_string(),
            "validation loss before (nats/char)".to_string(),
            "after: median (min–max)".to_string(),
            "bits/char".to_string(),
            format!("training loss, last {last} steps"),
        ]);
        for row in &self.rows {
            t.row([
                row.kind.name(),
                fixed(row.before.median, 3),
                spread(&row.after, 3),
                fixed(row.after.median / std::f64::consts::LN_2, 2),
                fixed(row.final_training_loss(), 3),
            ]);
        }
        write!(f, "{t}")?;
        writeln!(
            f,
            "{}",
            for_scale(&self.seeds, self.vocabulary, self.unigram)
        )?;
        for row in &self.rows {
            let model = format!("{} model", row.kind.name());
            let (seed, prompt) = (self.seeds[0], &self.prompt);
            writeln!(
                f,
                "\n{}",
                written(&model, seed, prompt, self.temperature, &row.sample)
            )?;
        }
        Ok(())
    }
}

/// The line under a language model's table: the seeds, and what a model that guesses
/// uniformly, or knows only how often each character occurs, would pay (chapter 13's table
/// ends with it too).
pub fn for_scale(seeds_run: &[u64], vocabulary: usize, unigram: f64) -> String {
    format!(
        "({}; for scale: guessing uniformly costs ln {} = {} nats per character, knowing only \
         how often each character occurs {})",
        seeds(seeds_run),
        vocabulary,
        fixed((vocabulary as f64).ln(), 3),
        fixed(unigram, 3)
    )
}

/// The text `model` wrote after `prompt`, as the reports print it.
pub fn written(model: &str, seed: u64, prompt: &str, temperature: f64, text: &str) -> String {
    format!(
        "The {model}, seed {seed}, after \"{prompt}\" (temperature {temperature}):\n{prompt}{text}"
    )
}
