//! Chapter 7's report: the experiments' results as the text the program prints. Presentation
//! only; the numbers are computed in `experiment.rs`.

use std::fmt;

use ch05_softmax::bits::Squash;
use nn_core::table::{fixed, verdict, Table};

use crate::experiment::{AsWritten, BatchNormModes, Moments, NetworkComparison, Report, Spread};

/// The first line of the report.
pub const HEADING: &str =
    "Chapter 7: batch normalization, and a regression network from a forum question";

impl Report {
    /// The report's sections: a short name (the snapshot's) and the text.
    pub fn sections(&self) -> Vec<(&'static str, String)> {
        vec![
            ("batch_norm", self.batch_norm.to_string()),
            ("network", self.network.to_string()),
            ("as_written", self.as_written.to_string()),
        ]
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        nn_core::report::write_report(f, HEADING, &self.sections())
    }
}

impl fmt::Display for BatchNormModes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut t = Table::new([
            "feature".to_string(),
            "training mode".to_string(),
            "inference, after 1 batch".to_string(),
            format!("inference, after {} batches", self.later_batches),
        ]);
        let show = |m: &Moments| format!("{} ± {}", fixed(m.mean, 3), fixed(m.std, 3));
        for (j, ((training, one), many)) in self
            .training
            .iter()
            .zip(&self.inference_after_one)
            .zip(&self.inference_after_many)
            .enumerate()
        {
            t.row([j.to_string(), show(training), show(one), show(many)]);
        }
        write!(
            f,
            "1. Batch normalization: training and inference\n\
             One batch of 8 samples, 3 features with means (2, −1, 0) and standard deviations (5, 1, 0.1);\n\
             γ = 1, β = 0. The outputs' mean ± standard deviation per feature:\n\n{t}\n\
             Training mode normalizes with the batch's own statistics: exactly mean 0, std 1 (less ε).\n\
             Inference mode uses the running averages: after one batch they have moved a tenth of the way\n\
             from (0, 1); after {many} they are close to the population's, and the batch's outputs are no\n\
             longer exactly 0 ± 1: they show where its 8 samples lie in the population. Each sample is\n\
             normalized on its own, whatever its batch.\n\
             Backward against central differences: training mode {a}, inference mode {b}.\n",
            many = self.later_batches,
            a = verdict(self.check_training.passed()),
            b = verdict(self.check_inference.passed()),
        )
    }
}

impl fmt::Display for NetworkComparison {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut t = Table::new([
            "output",
            "test error after 1 epoch (median)",
            "final test error: median (min–max)",
            "bit accuracy: median (min–max)",
        ]);
        for v in &self.variants {
            t.row([
                v.name(),
                fixed(v.median_test_error[1], 4), // index 0 is before training
                range(&v.final_test_error),
                range(&v.bit_accuracy),
            ]);
        }
        write!(
            f,
            "2. The learner's network\n\
             32 inputs (1 × 16 × 2) → FC 512 → [BN] → ReLU → FC 64 → [BN] → ReLU → FC 16 → sigmoid or tanh,\n\
             mean squared error against 16 bits; {n} training and {m} test samples, mini-batch SGD, batch {b},\n\
             lr {lr} (times the factor a row names), {e} epochs, seeds {s0}…{s1}. Test error in the 0/1\n\
             scale, batch norm in inference mode:\n\n{t}",
            n = self.training_samples,
            m = self.test_samples,
            b = self.batch_size,
            lr = self.lr,
            e = self.epochs,
            s0 = self.seeds.first().copied().unwrap_or_default(),
            s1 = self.seeds.last().copied().unwrap_or_default(),
        )
    }
}

/// A spread as "median (min–max)", 4 decimals.
fn range(s: &Spread) -> String {
    format!(
        "{} ({}–{})",
        fixed(s.median, 4),
        fixed(s.min, 4),
        fixed(s.max, 4)
    )
}

impl fmt::Display for AsWritten {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut t = Table::new([
            "output",
            "final test error: median (min–max)",
            "bit accuracy",
            "lowest output on a 0 bit",
            "mean output on 0 bits",
        ]);
        for v in &self.variants {
            t.row([
                v.squash.name().to_string(),
                range(&v.test_error),
                range(&v.bit_accuracy),
                range(&v.lowest_output_on_0),
                range(&v.mean_output_on_0),
            ]);
        }
        write!(
            f,
            "3. The listing as written: the last ReLU straight into the output activation\n\
             32 inputs → FC 512 → BN → ReLU → FC 16 → BN → ReLU → sigmoid or tanh, mean squared error\n\
             against the bits 0 and 1 for both; {n} training and {m} test samples, batch {b}, lr {lr},\n\
             {e} epochs, seeds {s0}…{s1}. A bit is read as 1 when its output is above ½; medians (min–max)\n\
             over the seeds:\n\n{t}\n\
             σ(ReLU(·)) ≥ σ(0) = ½: a 0 bit costs sigmoid at least ½·(½)² = ⅛, {floor} per test sample\n\
             here; tanh(ReLU(·)) covers [0, 1) and can reach 0.\n{verdict}",
            n = self.training_samples,
            m = self.test_samples,
            b = self.batch_size,
            lr = self.lr,
            e = self.epochs,
            s0 = self.seeds.first().copied().unwrap_or_default(),
            s1 = self.seeds.last().copied().unwrap_or_default(),
            floor = fixed(self.sigmoid_floor, 4),
            verdict = self.floor_verdict(),
        )
    }
}

impl AsWritten {
    /// Whether the floor alone decides the comparison at this budget: only once tanh's error is
    /// below sigmoid's floor can no more training of sigmoid catch up with it.
    fn floor_verdict(&self) -> String {
        let floor = self.sigmoid_floor;
        let tanh = self.variants.iter().find(|v| v.squash == Squash::Tanh);
        match tanh.map(|v| &v.test_error) {
            Some(e) if e.min > floor => format!(
                "At {} epochs tanh's error is itself above that floor in every run: the floor does not \
                 yet decide\nwhich output is worse; sigmoid is behind by how far it has trained.\n",
                self.epochs
            ),
            Some(e) if e.max < floor => format!(
                "At {} epochs tanh's error is below that floor in every run: no training of sigmoid \
                 can catch up.\n",
                self.epochs
            ),
            Some(_) => format!(
                "At {} epochs tanh's error is below that floor in some runs, not in all.\n",
                self.epochs
            ),
            None => String::new(),
        }
    }
}
