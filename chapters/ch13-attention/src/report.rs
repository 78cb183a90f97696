//! Chapter 13's report: the experiments' results as the text the program prints.
//! Presentation only; every number comes from `experiment.rs`.

use std::fmt;

use ch12_recurrent::report::{check_table, difference, for_scale, spread, written};
use nn_core::table::{fixed, sci, sig, Table};

use crate::experiment::{
    Checks, Language, Normalization, Positions, Report, Residual, ResidualRow, Scaling, KEYS,
};

/// The first line of the report.
pub const HEADING: &str =
    "Chapter 13: attention — a small transformer, every backward pass derived";

impl Report {
    /// The report's sections: a short name (the snapshot's) and the text.
    pub fn sections(&self) -> Vec<(&'static str, String)> {
        vec![
            ("checks", self.checks.to_string()),
            ("scaling", self.scaling.to_string()),
            ("normalization", self.normalization.to_string()),
            ("residual", self.residual.to_string()),
            ("positions", self.positions.to_string()),
            ("language", self.language.to_string()),
        ]
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        nn_core::report::write_report(f, HEADING, &self.sections())
    }
}

/// The parameter arrays of a transformer, in the visiting order, grouped for the report:
/// (group, how many arrays).
fn groups(blocks: usize, positions: bool) -> Vec<(String, usize)> {
    let mut g = vec![(
        if positions {
            "embeddings: characters', positions'"
        } else {
            "embeddings: characters'"
        }
        .to_string(),
        1 + usize::from(positions),
    )];
    for b in 1..=blocks {
        g.push((format!("block {b}: 2 norms, attention, MLP"), 2 + 7 + 2 + 4));
    }
    g.push(("last norm and output layer".to_string(), 4));
    g
}

impl fmt::Display for Checks {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "1. Every backward pass, checked twice\n   (relative error of the worst element \
             against central differences, pass mark 1e-6)\n"
        )?;
        let rows = self
            .rows
            .iter()
            .map(|r| (r.piece, r.input.as_str(), &r.check));
        write!(f, "{}", check_table(rows))?;
        let s = self.tape_shape;
        let [batch, time] = self.tape_batch;
        writeln!(
            f,
            "\nThe same transformer ({} characters, width {}, {} heads, {} blocks; {batch} \
             sequences of {time}) on chapter 10's scalar tape, built from +, −, ×, xⁿ, eˣ, ln \
             and ReLU alone ({} nodes): the hand-written gradients against the tape's, largest \
             relative difference\n",
            s.vocabulary, s.width, s.heads, s.blocks, self.tape.nodes
        )?;
        let mut t = Table::new(["parameters", "arrays", "hand-written against the tape"]);
        let mut params = self.tape.params.iter();
        for (group, count) in groups(s.blocks, s.positions) {
            let worst = params.by_ref().take(count).map(|p| p.2).fold(0.0, f64::max);
            t.row([group, count.to_string(), difference(worst)]);
        }
        t.row([
            "(the loss)".to_string(),
            String::new(),
            difference(self.tape.loss),
        ]);
        write!(f, "{t}")
    }
}

impl fmt::Display for Scaling {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "2. Why the scores are divided by √d\n   ({} queries against {KEYS} keys, entries \
             N(0, 1); softmax over each query's {KEYS} scores, with the scale 1/√d and without; \
             a uniform row's largest weight is 1/{KEYS} = {})\n",
            self.queries,
            fixed(1.0 / KEYS as f64, 3)
        )?;
        let mut t = Table::new([
            "d",
            "score std, 1/√d",
            "without",
            "largest weight, 1/√d",
            "without",
            "‖J·u‖/‖u‖, 1/√d",
            "without",
        ]);
        for r in &self.rows {
            t.row([
                r.d.to_string(),
                fixed(r.spread[0], 2),
                fixed(r.spread[1], 1),
                fixed(r.largest[0], 3),
                fixed(r.largest[1], 3),
                sci(r.through[0], 1),
                sci(r.through[1], 1),
            ]);
        }
        write!(f, "{t}")?;
        let last = self.rows.last().expect("widths");
        writeln!(
            f,
            "With the scale the scores' spread stays near 1 at every width; without it, it \
             grows as √d, and at d = {} the largest weight is {} and softmax passes on {} times \
             less of the gradient.",
            last.d,
            fixed(last.largest[1], 3),
            fixed(last.through[0] / last.through[1], 0)
        )
    }
}

impl fmt::Display for Normalization {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let [ln_neighbour, bn_neighbour] = self.neighbour_scaled;
        let [ln_modes, bn_modes] = self.modes;
        writeln!(
            f,
            "3. Layer normalization: batch normalization on its side\n   (a batch of {} \
             samples of width {}; the largest change of sample 0's output)\n",
            self.batch, self.width
        )?;
        let mut t = Table::new(["what changes", "layer norm", "batch norm (chapter 7)"]);
        t.row([
            "another sample of the batch × 1000".to_string(),
            difference(ln_neighbour),
            sig(bn_neighbour, 2),
        ]);
        t.row([
            "inference instead of training".to_string(),
            difference(ln_modes),
            sig(bn_modes, 2),
        ]);
        t.row([
            "sample 0 alone (a batch of one)".to_string(),
            difference(self.alone),
            "(a batch of one has variance 0)".to_string(),
        ]);
        write!(f, "{t}")
    }
}

impl fmt::Display for Residual {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "4. The residual path: ‖∂L/∂x‖ at each block's input, {} blocks\n   (the \
             language model's width and heads; 32 validation windows; the first block's norm \
             over the last's is the ratio)\n",
            self.depth
        )?;
        let mut header = vec!["residual path".to_string(), "when".to_string()];
        header.extend((1..=self.depth).map(|b| format!("block {b}")));
        header.push("ratio".to_string());
        let mut t = Table::new(header);
        let mut add = |row: &ResidualRow, when: &str, norms: &[f64]| {
            let mut cells = vec![
                if row.residual { "with" } else { "without" }.to_string(),
                when.to_string(),
            ];
            cells.extend(norms.iter().map(|&n| sci(n, 1)));
            cells.push(sci(ResidualRow::ratio(norms), 1));
            t.row(cells);
        };
        for row in &self.rows {
            add(row, "at initialization", &row.at_init);
        }
        let trained = format!("after {} steps", self.budget.steps);
        for row in &self.rows {
            if let Some((norms, _)) = &row.trained {
                add(row, &trained, norms);
            }
        }
        write!(f, "{t}")?;
        if self.rows.iter().all(|r| r.trained.is_some()) {
            for row in &self.rows {
                let (_, loss) = row.trained.as_ref().expect("trained");
                writeln!(
                    f,
                    "{} the residual path: validation loss {} nats/char after {} steps.",
                    if row.residual { "With" } else { "Without" },
                    fixed(*loss, 3),
                    self.budget.steps
                )?;
            }
            Ok(())
        } else {
            writeln!(f, "(after training: with --long, which the book quotes)")
        }
    }
}

impl fmt::Display for Positions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "5. Order and position (untrained models, causal mask)\n   \"{}\" against \"{}\": \
             the same characters, all but the last shuffled\n",
            self.text, self.shuffled
        )?;
        let mut t = Table::new([
            "blocks",
            "positions",
            "largest change of the last position's logits",
        ]);
        for &(blocks, positions, change) in &self.last_changed {
            t.row([
                blocks.to_string(),
                if positions { "learned" } else { "none" }.to_string(),
                sci(change, 1),
            ]);
        }
        write!(f, "{t}")?;
        writeln!(
            f,
            "Without positions and without the mask (2 blocks), every output moves with its \
             character: the shuffled text's outputs against the original's, shuffled, differ \
             by {} at most.",
            sci(self.equivariance, 1)
        )?;
        match self.trained {
            Some([with, without]) => writeln!(
                f,
                "Trained in the full budget (seed {}): validation loss {} nats/char with \
                 positions, {} without.",
                self.seed,
                fixed(with, 3),
                fixed(without, 3)
            ),
            None => writeln!(f, "(trained with and without positions: with --long)"),
        }
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let b = self.budget;
        writeln!(
            f,
            "6. The transformer beside chapter 12's GRU, on the book's own prose{}\n   ({} \
             steps of Adam η = {}, each on {} windows of {} characters: {} characters read; \
             the same windows for both models)\n",
            if self.long {
                " (--long: the full budget)"
            } else {
                " (a short run; --long trains both fully)"
            },
            b.steps,
            b.lr,
            b.batch,
            b.window,
            b.characters()
        )?;
        let last = b.steps.min(100);
        let mut t = Table::new([
            "model".to_string(),
            "parameters".to_string(),
            "validation loss before (nats/char)".to_string(),
            "after: median (min–max)".to_string(),
            "bits/char".to_string(),
            format!("training loss, last {last} steps"),
        ]);
        for row in &self.rows {
            let tail = &row.curve[row.curve.len().saturating_sub(last)..];
            t.row([
                row.model.name().to_string(),
                row.parameters.to_string(),
                fixed(row.before.median, 3),
                spread(&row.after, 3),
                fixed(row.after.median / std::f64::consts::LN_2, 2),
                fixed(tail.iter().sum::<f64>() / tail.len() as f64, 3),
            ]);
        }
        write!(f, "{t}")?;
        writeln!(
            f,
            "{}",
            for_scale(&self.seeds, self.vocabulary, self.unigram)
        )?;
        for row in &self.rows {
            let (seed, prompt) = (self.seeds[0], &self.prompt);
            let text = written(
                row.model.name(),
                seed,
                prompt,
                self.temperature,
                &row.sample,
            );
            writeln!(f, "\n{text}")?;
        }
        Ok(())
    }
}
