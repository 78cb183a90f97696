//! Chapter 5's report: the experiments' results (`experiment.rs`) as the text the program
//! prints, one `Display` per section. Presentation only: everything shown was computed by
//! the experiments.

use std::fmt;

use ch02_logistic_regression::metrics::Confusion;
use nn_core::gradcheck::TOLERANCE as GRADCHECK_TOLERANCE;
use nn_core::table::{fixed, sig, verdict, yes_no, Table};

use crate::calibration::Bin;
use crate::experiment::{Bits, Digits, Iris, Report, Smoothing, SoftmaxTwoWays, TOLERANCE};

/// The first line of the report.
pub const HEADING: &str =
    "Chapter 5: softmax on real digits, label smoothing, and which output activation";

impl Report {
    /// The report's sections: a short name (the snapshot's) and the text.
    pub fn sections(&self) -> Vec<(&'static str, String)> {
        vec![
            ("softmax", self.softmax.to_string()),
            ("iris", self.iris.to_string()),
            ("digits", self.digits.to_string()),
            ("smoothing", self.smoothing.to_string()),
            ("bits", self.bits.to_string()),
        ]
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        nn_core::report::write_report(f, HEADING, &self.sections())
    }
}

/// A confusion matrix as a table, rows actual, columns predicted.
fn confusion_table(c: &Confusion, names: &[String]) -> Table {
    let mut header = vec!["actual \\ predicted".to_string()];
    header.extend(names.iter().cloned());
    let mut t = Table::new(header);
    for (a, name) in names.iter().enumerate() {
        let mut row = vec![name.clone()];
        row.extend((0..names.len()).map(|p| c.counts[[a, p]].to_string()));
        t.row(row);
    }
    t
}

/// Numbers joined by ", ", each to `digits` significant digits.
fn sigs(values: &[f64], digits: usize) -> String {
    let shown: Vec<String> = values.iter().map(|&v| sig(v, digits)).collect();
    shown.join(", ")
}

impl fmt::Display for SoftmaxTwoWays {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut t = Table::new([
            "logits",
            "exp(z)/Σexp(z)",
            "softmax (max subtracted)",
            "row sum",
        ]);
        for row in &self.extreme {
            let shown: Vec<String> = row.logits.iter().map(|v| format!("{v:?}")).collect();
            t.row([
                shown.join(", "),
                sigs(&row.naive, 3),
                sigs(&row.stable, 3),
                sig(row.sum, 3),
            ]);
        }
        write!(
            f,
            "1. Softmax, stable and differentiated two ways\n{t}\n\
             Rows sum to 1 within {TOLERANCE:e}: {sums}.\n\
             Backward through the full Jacobian diag(p) − p pᵀ against the fused p − y, on a batch of {rows}\n\
             rows of {logits} logits: largest difference below {TOLERANCE:e}: {agree}.\n\
             The Jacobian backward against central differences (< {GRADCHECK_TOLERANCE:e}): {check}.\n",
            sums = yes_no(self.rows_sum_to_one),
            rows = self.batch_rows,
            logits = self.batch_logits,
            agree = yes_no(self.jacobian_vs_fused < TOLERANCE),
            check = verdict(self.jacobian_check.passed()),
        )
    }
}

impl fmt::Display for Iris {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "2. A softmax classifier on iris\n\
             Standardized features (chapter 2), one dense layer 4 → 3, softmax cross-entropy, full batch,\n\
             lr {lr}, {steps} steps. Test accuracy {acc} ({right} of {n}):\n\n{t}",
            lr = self.lr,
            steps = self.steps,
            acc = fixed(self.confusion.accuracy(), 4),
            right = self.confusion.counts.diag().sum(),
            n = self.confusion.total(),
            t = confusion_table(&self.confusion, &self.class_names),
        )
    }
}

impl fmt::Display for Digits {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut losses = Table::new(["epoch", "training loss"]);
        for epoch in [1, 2, 5, 10, 20, 30, 50, 100]
            .into_iter()
            .filter(|&e| e <= self.epochs)
        {
            losses.row([epoch.to_string(), fixed(self.plain.history[epoch - 1], 4)]);
        }
        let names: Vec<String> = (0..10).map(|d| d.to_string()).collect();
        let confusion = &self.plain.confusion;
        write!(
            f,
            "3. A network on handwritten digits\n\
             64 pixels (scaled to 0–1) → {h} hidden (ReLU) → 10 → softmax; mini-batch SGD, batch {b},\n\
             lr {lr}, {e} epochs, seed {seed}; {ntrain} training and {ntest} test images (stratified 80/20).\n\n{losses}\n\
             Test accuracy: {acc} ({wrong} of {ntest} wrong).\n\n{t}",
            h = self.hidden,
            b = self.batch_size,
            lr = self.lr,
            e = self.epochs,
            seed = self.seed,
            ntrain = self.n_train,
            ntest = self.n_test,
            acc = fixed(confusion.accuracy(), 4),
            wrong = self.misclassified.len(),
            t = confusion_table(confusion, &names),
        )
    }
}

impl fmt::Display for Smoothing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut t = Table::new([
            "ε",
            "test accuracy",
            "mean confidence",
            "expected calibration error",
        ]);
        for r in &self.rows {
            t.row([
                sig(r.epsilon, 2),
                fixed(r.accuracy, 4),
                fixed(r.mean_confidence, 4),
                fixed(r.expected_calibration_error, 4),
            ]);
        }
        let mut bins = Table::new([
            "confidence",
            "ε = 0: samples",
            "accuracy",
            "ε > 0: samples",
            "accuracy",
        ]);
        let acc = |bin: &Bin| {
            if bin.count > 0 {
                fixed(bin.accuracy, 3)
            } else {
                "—".into()
            }
        };
        for r in &self.reliability {
            let (a, b) = (&r.plain, &r.smoothed);
            if a.count + b.count == 0 {
                continue;
            }
            bins.row([
                format!("{:.1}–{:.1}", a.lo, a.hi),
                a.count.to_string(),
                acc(a),
                b.count.to_string(),
                acc(b),
            ]);
        }
        write!(
            f,
            "4. Label smoothing\n\
             The same network and schedule, trained towards (1 − ε)·onehot + ε/10:\n\n{t}\n\
             Reliability, test set (10 bins of confidence):\n{bins}"
        )
    }
}

impl fmt::Display for Bits {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut t = Table::new([
            "output",
            "test error after 1 epoch",
            "after all",
            "bit accuracy",
        ]);
        for r in &self.runs {
            t.row([
                r.name.clone(),
                fixed(r.test_error[1], 4),
                fixed(r.test_error[r.test_error.len() - 1], 4),
                fixed(r.bit_accuracy, 4),
            ]);
        }
        write!(
            f,
            "5. Sigmoid against tanh as the output\n\
             The same network regresses the label's 4 bits (mean squared error), output sigmoid\n\
             (targets 0/1) or tanh (targets ±1), everything else identical; the error is measured in\n\
             the 0/1 scale for both, (1/n)·Σ ½‖o − bits‖², on the test set:\n\n{t}"
        )
    }
}
