//! Chapter 6's report: the experiments' results as the text the program prints. Presentation
//! only; every number was computed in `experiment.rs`.

use std::fmt;

use ndarray::{s, Array2};
use nn_core::table::{fixed, verdict, Table};

use crate::experiment::{ConvChecks, Deletion, Forum, Gradients, Randomization, Report, Training};

/// The first line of the report.
pub const HEADING: &str = "Chapter 6: convolution and gradient saliency maps";

/// The epochs whose training loss the report shows (those the run reached).
const SHOWN_EPOCHS: [usize; 7] = [1, 2, 5, 10, 15, 20, 30];

impl Report {
    /// The report's sections: a short name (the snapshot's) and the text.
    pub fn sections(&self) -> Vec<(&'static str, String)> {
        vec![
            ("conv", self.conv.to_string()),
            ("forum", self.forum.to_string()),
            ("cnn", self.cnn.to_string()),
            ("gradients", self.gradients.to_string()),
            ("deletion", self.deletion.to_string()),
            ("randomization", self.randomization.to_string()),
        ]
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        nn_core::report::write_report(f, HEADING, &self.sections())
    }
}

/// A matrix as a table with columns c0, c1, …, rounded to `digits` decimals.
fn grid(m: &Array2<f64>, digits: usize) -> Table {
    let mut t = Table::new((0..m.ncols()).map(|c| format!("c{c}")));
    for row in m.rows() {
        t.row(row.iter().map(|&v| fixed(v, digits)));
    }
    t
}

impl fmt::Display for ConvChecks {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut t = Table::new(["check", "result"]);
        for check in &self.checks {
            t.row([check.what.as_str(), verdict(check.passed)]);
        }
        write!(f, "1. conv2d, stride 1, checked\n{t}")
    }
}

impl fmt::Display for Forum {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let rows: Vec<String> = self
            .gradient
            .rows()
            .into_iter()
            .map(|r| {
                r.iter()
                    .map(|v| format!("{v}"))
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect();
        write!(
            f,
            "2. The forum example\n\
             Input {n}×{n} of ones, filter 3×3 of ones, '{padding}' padding. The gradient of output{at:?} with\n\
             respect to the input (one backward pass, upstream gradient 1 at {at:?} and 0 elsewhere):\n\n{}\n",
            rows.join("\n"),
            n = self.size,
            padding = format!("{:?}", self.padding).to_lowercase(),
            at = self.at,
        )
    }
}

impl fmt::Display for Training {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut t = Table::new(["epoch", "training loss"]);
        for epoch in SHOWN_EPOCHS.into_iter().filter(|&e| e <= self.epochs) {
            t.row([epoch.to_string(), fixed(self.history[epoch - 1], 4)]);
        }
        write!(
            f,
            "3. A small CNN on the digits\n\
             8×8 pixels → conv {filters} filters 3×3 'same' → ReLU → dense → 10 → softmax; mini-batch SGD,\n\
             batch {b}, lr {lr}, {e} epochs, seed {seed}.\n\n{t}\nTest accuracy: {acc} on {n} images.\n",
            filters = self.filters,
            b = self.batch_size,
            lr = self.lr,
            e = self.epochs,
            seed = self.seed,
            acc = fixed(self.test_accuracy, 4),
            n = self.test_images,
        )
    }
}

impl fmt::Display for Gradients {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (filters, ci, kh, kw) = self.kernel_gradient.dim();
        let k0 = self.kernel_gradient.slice(s![0, 0, .., ..]).to_owned();
        write!(
            f,
            "4. Kernel gradients against input gradients\n\
             First test image (a {label}), the score of its predicted class. One backward pass gives both:\n\n\
             ∂score/∂kernel has shape ({filters}, {ci}, {kh}, {kw}) — k×k×1×M in TensorFlow's layout. Filter 0:\n{k}\n\
             ∂score/∂input has shape (1, 1, 8, 8), one number per pixel:\n{x}",
            label = self.label,
            k = grid(&k0, 3),
            x = grid(&self.input_gradient, 3),
        )
    }
}

impl fmt::Display for Deletion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut t = Table::new([
            "pixels zeroed",
            "score drop: most salient",
            "score drop: random",
        ]);
        for row in &self.rows {
            t.row([
                row.pixels.to_string(),
                fixed(row.salient, 3),
                fixed(row.random, 3),
            ]);
        }
        write!(
            f,
            "5. Deletion test\n\
             {n} test images: set the k most salient pixels to 0, or k random pixels, and measure how\n\
             much the predicted class's score (logit) falls, on average:\n\n{t}",
            n = self.images,
        )
    }
}

impl fmt::Display for Randomization {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "6. Model randomization\n\
             Mean Spearman rank correlation between saliency maps of the same {n} images:\n\
             trained network against the same network before training: {a}\n\
             trained network against a second one trained from another seed: {b}\n",
            n = self.images,
            a = correlation(self.rho_untrained),
            b = correlation(self.rho_retrained),
        )
    }
}

/// A rank correlation, or why there is none: a network whose training diverged has saliency
/// maps that are all 0, and a correlation with a constant is undefined (NaN).
fn correlation(rho: f64) -> String {
    if rho.is_finite() {
        fixed(rho, 3)
    } else {
        "undefined: a network's saliency maps are all 0 (its training diverged; try a smaller --lr)"
            .into()
    }
}
