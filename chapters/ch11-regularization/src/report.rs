//! Chapter 11's report: the experiments' results as the text the program prints. Presentation
//! only; the numbers are computed in `experiment.rs`.

use std::fmt;

use nn_core::table::{fixed, sci, verdict, yes_no, Table};

use crate::experiment::{
    Augmentation, Comparison, DropoutFacts, DropoutSweep, EarlyStopping, L2Step, L2Sweep, MoreData,
    Overfitting, RandomLabels, Report, Spread, Variant,
};
use crate::training::Method;

/// The first line of the report.
pub const HEADING: &str =
    "Chapter 11: generalization — overfitting measured, and what L2, dropout, early stopping and augmentation do";

impl Report {
    /// The report's sections: a short name (the snapshot's) and the text.
    pub fn sections(&self) -> Vec<(&'static str, String)> {
        let or_flag = |text: Option<String>, title: &str| {
            text.unwrap_or_else(|| {
                format!("{title}\nNot run: add --all (it trains several hundred networks).\n")
            })
        };
        vec![
            ("overfitting", self.overfitting.to_string()),
            (
                "more_data",
                or_flag(self.more_data.as_ref().map(|s| s.to_string()), MORE_DATA),
            ),
            (
                "random_labels",
                or_flag(
                    self.random_labels.as_ref().map(|s| s.to_string()),
                    RANDOM_LABELS,
                ),
            ),
            ("l2_step", self.l2_step.to_string()),
            (
                "l2_sweep",
                or_flag(self.l2_sweep.as_ref().map(|s| s.to_string()), L2_SWEEP),
            ),
            ("dropout", self.dropout.to_string()),
            (
                "dropout_sweep",
                or_flag(
                    self.dropout_sweep.as_ref().map(|s| s.to_string()),
                    DROPOUT_SWEEP,
                ),
            ),
            (
                "early_stopping",
                or_flag(
                    self.early_stopping.as_ref().map(|s| s.to_string()),
                    EARLY_STOPPING,
                ),
            ),
            (
                "augmentation",
                or_flag(
                    self.augmentation.as_ref().map(|s| s.to_string()),
                    AUGMENTATION,
                ),
            ),
            (
                "comparison",
                or_flag(self.comparison.as_ref().map(|s| s.to_string()), COMPARISON),
            ),
        ]
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        nn_core::report::write_report(f, HEADING, &self.sections())
    }
}

const MORE_DATA: &str = "2. More data: a learning curve";
const RANDOM_LABELS: &str = "3. Random labels: memorising with nothing to learn";
const L2_SWEEP: &str = "5. L2: λ swept, which parameters, and Adam against AdamW";
const DROPOUT_SWEEP: &str = "7. Dropout: p swept";
const EARLY_STOPPING: &str = "8. Early stopping";
const AUGMENTATION: &str = "9. Data augmentation";
const COMPARISON: &str = "10. Every cure side by side";

/// A spread as "median (min–max)".
fn range(s: &Spread, digits: usize) -> String {
    format!(
        "{} ({}–{})",
        fixed(s.median, digits),
        fixed(s.min, digits),
        fixed(s.max, digits)
    )
}

/// A spread of numbers of either sign as "median (min to max)", with minus signs (−).
fn signed(s: &Spread, digits: usize) -> String {
    let minus = |x: f64| fixed(x, digits).replace('-', "−");
    format!("{} ({} to {})", minus(s.median), minus(s.min), minus(s.max))
}

/// A spread of fractions as percentages, "6.4 % (5.0–8.9)".
fn percent(s: &Spread) -> String {
    format!(
        "{} % ({}–{})",
        fixed(100.0 * s.median, 1),
        fixed(100.0 * s.min, 1),
        fixed(100.0 * s.max, 1)
    )
}

/// A spread of epochs (whole numbers) as "median (min–max)".
fn epochs(s: &Spread) -> String {
    format!(
        "{} ({}–{})",
        fixed(s.median, 0),
        fixed(s.min, 0),
        fixed(s.max, 0)
    )
}

/// The seeds of a variant, as "seeds 0…4".
fn seeds(v: &Variant) -> String {
    let first = v.runs.first().map_or(0, |r| r.seed);
    let last = v.runs.last().map_or(0, |r| r.seed);
    format!("seeds {first}…{last}")
}

/// "k of n".
fn of(k: usize, n: usize) -> String {
    format!("{k} of {n}")
}

/// The four columns most tables share: training loss, test loss, test error, gap.
fn measures(v: &Variant) -> [String; 4] {
    [
        range(&v.train_loss(), 4),
        range(&v.test_loss(), 4),
        percent(&v.test_error()),
        range(&v.gap(), 4),
    ]
}

/// One setting, seed by seed, and the medians: what the notebook prints.
impl fmt::Display for Variant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut t = Table::new([
            "seed",
            "training loss",
            "test loss",
            "test error",
            "gap",
            "‖W‖",
        ]);
        for r in &self.runs {
            t.row([
                r.seed.to_string(),
                fixed(r.final_train.loss, 4),
                fixed(r.final_test.loss, 4),
                format!("{} %", fixed(100.0 * (1.0 - r.final_test.accuracy), 1)),
                fixed(r.gap(), 4),
                fixed(r.weight_norm, 2),
            ]);
        }
        t.row([
            "median".to_string(),
            fixed(self.train_loss().median, 4),
            fixed(self.test_loss().median, 4),
            format!("{} %", fixed(100.0 * self.test_error().median, 1)),
            fixed(self.gap().median, 4),
            fixed(self.norm().median, 2),
        ]);
        write!(f, "{}: the network kept at the end\n\n{t}", self.name)
    }
}

impl fmt::Display for Overfitting {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let curve = self.median_curve();
        let last = curve.last().expect("a curve").epoch;
        let shown = |e: usize| [0, 1, 2, 5, 10, 20].contains(&e) || e % 50 == 0 || e == last;
        let mut t = Table::new([
            "epoch",
            "training loss",
            "test loss",
            "training accuracy",
            "test accuracy",
        ]);
        for p in curve.iter().filter(|p| shown(p.epoch)) {
            t.row([
                p.epoch.to_string(),
                fixed(p.train.loss, 4),
                fixed(p.test.loss, 4),
                fixed(p.train.accuracy, 3),
                fixed(p.test.accuracy, 3),
            ]);
        }
        let end = self.variant();
        let s = &self.setup;
        writeln!(
            f,
            "1. Overfitting, made visible\n\
             {n} training images ({each} of each digit), chapter 5's {m} test images; 64 → {h} → ReLU → {h} → ReLU → 10,\n\
             {params} parameters ({per} per training image); SGD, η {lr}, batches of {b}, {e} epochs, no regularizer; {seeds}.\n\
             Medians over the seeds:\n\n{t}",
            n = self.train_size,
            each = self.train_size / 10,
            m = self.test_size,
            h = s.hidden,
            params = self.parameters,
            per = self.parameters / self.train_size,
            lr = s.lr,
            b = s.batch_size,
            e = s.epochs,
            seeds = seeds(&end),
        )?;
        let n = curve.len();
        let still = n >= 2 && curve[n - 1].train.loss < curve[n - 2].train.loss;
        write!(
            f,
            "The training loss falls to {} and {}",
            fixed(curve[n - 1].train.loss, 4),
            if still {
                "is still falling"
            } else {
                "has levelled off"
            }
        )?;
        match self.memorised_at() {
            Some(m) => writeln!(
                f,
                "; from epoch {} on (median; {}–{} over the seeds) every training image is classified right.",
                fixed(m.median, 0),
                fixed(m.min, 0),
                fixed(m.max, 0)
            )?,
            None => writeln!(
                f,
                "; in some seeds a training image is still classified wrong at the end."
            )?,
        }
        let (at, lowest) = self.lowest_test();
        let rise = self.rise();
        writeln!(
            f,
            "The test loss is lowest at epoch {} (median; {}–{}), at {}, {}: at the end it is {} % above its lowest (median; {}–{}).",
            fixed(at.median, 0),
            fixed(at.min, 0),
            fixed(at.max, 0),
            fixed(lowest.median, 4),
            if rise.median > 0.0 { "then rises" } else { "and stays there" },
            fixed(100.0 * rise.median, 0),
            fixed(100.0 * rise.min, 0),
            fixed(100.0 * rise.max, 0),
        )?;
        writeln!(
            f,
            "At the end, test loss − training loss (the gap): {}; test error {} against a training error of {}.",
            range(&end.gap(), 4),
            percent(&end.test_error()),
            percent(&end.train_error()),
        )
    }
}

impl fmt::Display for MoreData {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut t = Table::new([
            "training images",
            "epochs",
            "training loss",
            "test loss",
            "test error",
            "gap",
        ]);
        for row in &self.rows {
            let [train, test, error, gap] = measures(&row.variant);
            t.row([
                row.size.to_string(),
                row.epochs.to_string(),
                train,
                test,
                error,
                gap,
            ]);
        }
        let (first, last) = (
            self.rows.first().expect("sizes"),
            self.rows.last().expect("sizes"),
        );
        write!(
            f,
            "{MORE_DATA}\n\
             The same network, every size trained for the same {steps} SGD steps, without a regularizer; medians (min–max)\n\
             over {seeds}, each seed its own images:\n\n{t}\n\
             From {a} to {b} training images the test error falls from {e1} to {e2} and the gap from {g1} to {g2}.\n",
            steps = self.steps,
            seeds = seeds(&first.variant),
            a = first.size,
            b = last.size,
            e1 = fixed(100.0 * first.variant.test_error().median, 1) + " %",
            e2 = fixed(100.0 * last.variant.test_error().median, 1) + " %",
            g1 = fixed(first.variant.gap().median, 4),
            g2 = fixed(last.variant.gap().median, 4),
        )
    }
}

impl fmt::Display for RandomLabels {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut t = Table::new([
            "labels",
            "50 %",
            "90 %",
            "100 %",
            "final training accuracy",
            "test accuracy",
        ]);
        for v in [&self.real, &self.random] {
            let to = |threshold| {
                RandomLabels::epochs_to(v, threshold).map_or("—".to_string(), |s| epochs(&s))
            };
            t.row([
                v.name.clone(),
                to(0.5),
                to(0.9),
                to(1.0),
                range(&v.over(|r| r.final_train.accuracy), 3),
                range(&v.over(|r| r.final_test.accuracy), 3),
            ]);
        }
        writeln!(
            f,
            "{RANDOM_LABELS}\n\
             The same training images with their labels shuffled among them (each digit keeps its count), the same network\n\
             and budget ({e} epochs); the epochs until the training accuracy first reaches 50 %, 90 % and 100 %, median\n\
             (min–max) over {seeds} (—: not in every seed):\n\n{t}",
            e = self.epochs,
            seeds = seeds(&self.real),
        )?;
        let test = self.random.over(|r| r.final_test.accuracy);
        match (
            self.slowdown(),
            RandomLabels::epochs_to(&self.random, 1.0),
            RandomLabels::epochs_to(&self.real, 1.0),
        ) {
            (Some(k), Some(random), Some(real)) => writeln!(
                f,
                "With random labels the network still classifies every training image right, after {} epochs against {}:\n\
                 {} times as long (medians).",
                fixed(random.median, 0),
                fixed(real.median, 0),
                fixed(k, 1)
            )?,
            _ => writeln!(
                f,
                "With random labels not every seed classifies every training image right within the budget (its final\n\
                 training accuracy is above)."
            )?,
        }
        writeln!(
            f,
            "Its test accuracy is {} (median): chance, for ten digits, is 0.100. It memorised the pairs and learned nothing\n\
             about digits.",
            fixed(test.median, 3)
        )
    }
}

impl fmt::Display for L2Step {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "4. L2: one step of SGD is a decay, then the usual step\n\
             One mini-batch of training images through section 1's network, η = {lr}, λ = {lambda}, the penalty on the weights.\n\
             The step of SGD with the penalty against (1 − ηλ)·w − η·g for each of the {w} weights, and b − η·g for each of\n\
             the {b} biases: largest differences {dw} and {db}{same}.\n\
             Every step shrinks every weight by the factor 1 − ηλ = {factor}; over the budget's {steps} steps that compounds\n\
             to {shrink}: without the data's gradient to hold them up, the weights would fall to {pct} % of their size.\n",
            lr = self.lr,
            lambda = self.lambda,
            w = self.weights,
            b = self.biases,
            dw = zero_or_sci(self.weights_difference),
            db = zero_or_sci(self.biases_difference),
            same = if self.weights_difference.max(self.biases_difference) < 1e-14 {
                ": the same, up to rounding"
            } else {
                ""
            },
            factor = fixed(1.0 - self.lr * self.lambda, 6),
            steps = self.steps,
            shrink = fixed(self.shrink_over_run, 4),
            pct = fixed(100.0 * self.shrink_over_run, 0),
        )
    }
}

/// 0, or a number in scientific notation.
fn zero_or_sci(x: f64) -> String {
    if x == 0.0 {
        "0".into()
    } else {
        sci(x, 1)
    }
}

/// λ as the tables show it: 0, 1e-3, 0.1, 1.
fn lambda(l: f64) -> String {
    if l == 0.0 || l >= 0.1 {
        l.to_string()
    } else {
        let s = format!("{l:e}");
        s.replace(".0e", "e")
    }
}

impl fmt::Display for L2Sweep {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let none = self.none();
        let mut t = Table::new([
            "λ",
            "training loss",
            "test loss",
            "test error",
            "‖W‖",
            "lower than λ = 0",
        ]);
        for row in &self.rows {
            let [train, test, error, _] = measures(&row.variant);
            let paired = row.variant.against(none);
            t.row([
                lambda(row.lambda),
                train,
                test,
                error,
                range(&row.variant.norm(), 2),
                if row.lambda == 0.0 {
                    "—".into()
                } else {
                    of(paired.lower, paired.seeds)
                },
            ]);
        }
        let best = self.best();
        let strongest = self.rows.last().expect("λ");
        let paired = best.variant.against(none);
        writeln!(
            f,
            "{L2_SWEEP}\n\
             SGD as in section 1, with the penalty λ/2·‖W‖² on the weights; medians (min–max) over {seeds}; the last column\n\
             counts the seeds whose test loss is below λ = 0's (the same images and initial weights):\n\n{t}\n\
             The median test loss is lowest at λ = {b} ({bl}, against {nl} without; lower in {k}). ‖W‖ falls from\n\
             {n0} to {n1} across the sweep; at λ = {s} the training loss is {r} times λ = 0's: the pull towards 0\n\
             now fights the data.\n",
            seeds = seeds(none),
            b = lambda(best.lambda),
            bl = fixed(best.variant.test_loss().median, 4),
            nl = fixed(none.test_loss().median, 4),
            k = of(paired.lower, paired.seeds),
            n0 = fixed(none.norm().median, 2),
            n1 = fixed(strongest.variant.norm().median, 2),
            s = lambda(strongest.lambda),
            r = fixed(
                strongest.variant.train_loss().median / none.train_loss().median,
                0
            ),
        )?;
        let mut t = Table::new(["decayed", "training loss", "test loss", "test error", "‖W‖"]);
        for (name, v) in [
            ("weights only", &self.weights_only),
            ("every parameter", &self.all_parameters),
        ] {
            let [train, test, error, _] = measures(v);
            t.row([name.to_string(), train, test, error, range(&v.norm(), 2)]);
        }
        let biases = self.all_parameters.against(&self.weights_only);
        writeln!(
            f,
            "λ = {l} on the weights only, and on every parameter (the biases too):\n\n{t}\n\
             Decaying the biases too changes the median test loss by {d} (lower in {k} seeds).\n",
            l = lambda(self.lambda),
            d = fixed(
                self.all_parameters.test_loss().median - self.weights_only.test_loss().median,
                4
            ),
            k = of(biases.lower, biases.seeds),
        )?;
        let mut t = Table::new([
            "λ",
            "Adam + L2: test loss",
            "Adam + L2: ‖W‖",
            "AdamW: test loss",
            "AdamW: ‖W‖",
        ]);
        t.row([
            "0".to_string(),
            range(&self.adam_plain.test_loss(), 4),
            range(&self.adam_plain.norm(), 2),
            range(&self.adam_plain.test_loss(), 4),
            range(&self.adam_plain.norm(), 2),
        ]);
        for row in &self.adam_rows {
            t.row([
                lambda(row.lambda),
                range(&row.adam.test_loss(), 4),
                range(&row.adam.norm(), 2),
                range(&row.adamw.test_loss(), 4),
                range(&row.adamw.norm(), 2),
            ]);
        }
        let best = |m: Method| {
            let (l, v) = self
                .adam_rows
                .iter()
                .map(|r| (r.lambda, if m == Method::Adam { &r.adam } else { &r.adamw }))
                .min_by(|a, b| a.1.test_loss().median.total_cmp(&b.1.test_loss().median))
                .expect("λ");
            format!("λ = {} ({})", lambda(l), fixed(v.test_loss().median, 4))
        };
        write!(
            f,
            "Adam (η {lr}) with the penalty in its gradient, against AdamW (every parameter shrunk by ηλ per step, outside\n\
             the gradient); every parameter decayed in both, as AdamW does; medians (min–max):\n\n{t}\n\
             Adam + L2 does best at {a}, AdamW at {w}; Adam without either: {p}.\n",
            lr = self.adam_lr,
            a = best(Method::Adam),
            w = best(Method::AdamW),
            p = fixed(self.adam_plain.test_loss().median, 4),
        )
    }
}

impl fmt::Display for DropoutFacts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "6. Dropout: the layer checked, and the ensemble it trains\n\
             p = {p}. The backward pass against central differences, the mask held fixed (a clone of the layer draws the\n\
             same mask): {v} (largest relative error {e}).\n\
             The test images through {draws} masks: {dropped} of their non-zero pixels dropped; the mean output over the mean\n\
             input, {ratio}. Inference returns its input unchanged: {identity}.\n",
            p = self.p,
            v = verdict(self.check.passed()),
            e = sci(self.check.max_relative_error, 1),
            draws = self.draws,
            dropped = fixed(self.dropped, 4),
            ratio = fixed(self.mean_ratio, 4),
            identity = yes_no(self.inference_is_identity),
        )?;
        let e = &self.ensemble;
        let mut t = Table::new([
            "network",
            "test loss",
            "test accuracy",
            "same class as scaled",
            "probability moved",
        ]);
        t.row([
            "scaled (inference)".to_string(),
            fixed(e.scaled.loss, 4),
            fixed(e.scaled.accuracy, 4),
            "—".into(),
            "—".into(),
        ]);
        for row in &e.rows {
            t.row([
                format!("average of {}", row.masks),
                fixed(row.average.loss, 4),
                fixed(row.average.accuracy, 4),
                fixed(row.agreement, 4),
                fixed(row.distance, 4),
            ]);
        }
        let last = e.rows.last().expect("at least one count");
        write!(
            f,
            "Section 1's network trained with dropout p = {p} (seed {seed}), on the test images: inference (every unit kept,\n\
             nothing rescaled) against the average of the class probabilities of K random-mask networks (the training\n\
             pass, a new mask each time). \"Probability moved\": ½·Σ|average − scaled| over the classes, mean over images.\n\n{t}\n\
             Averaging {k} masks, the ensemble predicts the scaled network's class on {agree} % of the test images and moves\n\
             {moved} of probability per image; its test loss is {l1}, the scaled network's {l2}.\n",
            p = self.p,
            seed = self.seed,
            k = last.masks,
            agree = fixed(100.0 * last.agreement, 1),
            moved = fixed(last.distance, 4),
            l1 = fixed(last.average.loss, 4),
            l2 = fixed(e.scaled.loss, 4),
        )
    }
}

impl fmt::Display for DropoutSweep {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let none = self.none();
        let mut t = Table::new([
            "p",
            "training loss",
            "test loss",
            "test error",
            "‖W‖",
            "lower than p = 0",
        ]);
        for row in &self.rows {
            let [train, test, error, _] = measures(&row.variant);
            let paired = row.variant.against(none);
            t.row([
                row.p.to_string(),
                train,
                test,
                error,
                range(&row.variant.norm(), 2),
                if row.p == 0.0 {
                    "—".into()
                } else {
                    of(paired.lower, paired.seeds)
                },
            ]);
        }
        let best = self.best();
        let by_error = self
            .rows
            .iter()
            .min_by(|a, b| {
                a.variant
                    .test_error()
                    .median
                    .total_cmp(&b.variant.test_error().median)
            })
            .expect("p");
        let paired = best.variant.against(none);
        write!(
            f,
            "{DROPOUT_SWEEP}\n\
             Section 1's network with dropout after each hidden layer; medians (min–max) over {seeds}:\n\n{t}\n\
             The median test loss is lowest at p = {p} ({l}, against {n} without; lower in {k}); the median test error\n\
             at p = {q} ({e}).\n",
            seeds = seeds(none),
            p = best.p,
            l = fixed(best.variant.test_loss().median, 4),
            n = fixed(none.test_loss().median, 4),
            k = of(paired.lower, paired.seeds),
            q = by_error.p,
            e = fixed(100.0 * by_error.variant.test_error().median, 1) + " %",
        )
    }
}

impl fmt::Display for EarlyStopping {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut t = Table::new([
            "seed",
            "stops after",
            "keeps epoch",
            "validation loss there",
            "test loss there",
            format!("test loss at epoch {}", self.epochs).as_str(),
            "the test set's own pick",
        ]);
        for r in &self.runs {
            let (pick, pick_loss) = r.test_pick();
            t.row([
                r.run.seed.to_string(),
                r.stop.stopped_at.to_string(),
                r.stop.best_epoch.to_string(),
                fixed(r.validation_loss_at(r.stop.best_epoch), 4),
                fixed(r.test_loss_at(r.stop.best_epoch), 4),
                fixed(r.test_loss_at(self.epochs), 4),
                format!("{} at epoch {pick}", fixed(pick_loss, 4)),
            ]);
        }
        let kept = self.over(|r| r.test_loss_at(r.stop.best_epoch));
        let end = self.over(|r| r.test_loss_at(self.epochs));
        let picked = self.over(|r| r.test_pick().1);
        write!(
            f,
            "{EARLY_STOPPING}\n\
             {v} of the {n} training images set aside as the validation set, the network trained on the other {t_on}; the rule:\n\
             stop after {patience} epochs in a row without a lower validation loss, and keep the best epoch's network. Per seed:\n\n{t}\n\
             Early stopping keeps epoch {keep} (median; {kmin}–{kmax}) and would end training after {stops} of the {e} epochs\n\
             (median). The network it keeps has a test loss of {x}, against {y} after the whole budget on the same {t_on}\n\
             images (higher in {worse} seeds), and {z} for section 1's network, trained on all {n} for the whole budget\n\
             (medians).\n\
             The test set's own pick, {w} (median), is lower by construction: chosen by looking at the test set, it no\n\
             longer estimates how the network does on images it has not seen.\n",
            v = self.validation,
            n = self.validation + self.trained_on,
            t_on = self.trained_on,
            patience = self.patience,
            keep = fixed(self.over(|r| r.stop.best_epoch as f64).median, 0),
            kmin = fixed(self.over(|r| r.stop.best_epoch as f64).min, 0),
            kmax = fixed(self.over(|r| r.stop.best_epoch as f64).max, 0),
            stops = fixed(self.over(|r| r.stop.stopped_at as f64).median, 0),
            e = self.epochs,
            x = fixed(kept.median, 4),
            y = fixed(end.median, 4),
            z = fixed(self.all_images.test_loss().median, 4),
            worse = of(
                self.runs
                    .iter()
                    .filter(|r| r.test_loss_at(r.stop.best_epoch) > r.test_loss_at(self.epochs))
                    .count(),
                self.runs.len()
            ),
            w = fixed(picked.median, 4),
        )
    }
}

impl fmt::Display for Augmentation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let none = &self.rows[0];
        let mut t = Table::new([
            "augmentation",
            "training loss",
            "test loss",
            "test error",
            "lower than none",
        ]);
        for v in &self.rows {
            let [train, test, error, _] = measures(v);
            let paired = v.against(none);
            t.row([
                v.name.clone(),
                train,
                test,
                error,
                if std::ptr::eq(v, none) {
                    "—".into()
                } else {
                    of(paired.lower, paired.seeds)
                },
            ]);
        }
        let worse: Vec<&str> = self
            .rows
            .iter()
            .skip(1)
            .filter(|v| v.test_loss().median > none.test_loss().median)
            .map(|v| v.name.as_str())
            .collect();
        write!(
            f,
            "{AUGMENTATION}\n\
             Every epoch, every training image transformed anew; section 1's network and budget; the training loss is measured\n\
             on the images as they are; medians (min–max) over {seeds}:\n\n{t}\n\
             The test digits are centred: their centre of ink lies {d} pixels from the image's centre (median; {dmin}–{dmax}),\n\
             within half a pixel for {within} % of them.\n\
             Lowest median test loss: {best}. Above none's: {worse}.\n",
            seeds = seeds(none),
            d = fixed(self.centre_distance.median, 2),
            dmin = fixed(self.centre_distance.min, 2),
            dmax = fixed(self.centre_distance.max, 2),
            within = fixed(100.0 * self.within_half_pixel, 0),
            best = self.best().name,
            worse = if worse.is_empty() {
                "none".to_string()
            } else {
                worse.join(", ")
            },
        )
    }
}

impl fmt::Display for Comparison {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let none = self.none();
        let mut t = Table::new([
            "cures",
            "test loss",
            "test error",
            "change of test loss",
            "lower than none",
            "below its parts",
        ]);
        for row in &self.rows {
            let [_, test, error, _] = measures(&row.variant);
            let paired = row.variant.against(none);
            let first = row.cures.count() == 0;
            t.row([
                row.cures.name(),
                test,
                error,
                if first {
                    "—".into()
                } else {
                    signed(&paired.change, 4)
                },
                if first {
                    "—".into()
                } else {
                    of(paired.lower, paired.seeds)
                },
                if row.cures.count() < 2 {
                    "—".into()
                } else {
                    of(self.beats_its_parts(row), row.variant.runs.len())
                },
            ]);
        }
        let best = self.best();
        let paired = best.variant.against(none);
        let by_error = self
            .rows
            .iter()
            .min_by(|a, b| {
                a.variant
                    .test_error()
                    .median
                    .total_cmp(&b.variant.test_error().median)
            })
            .expect("rows");
        let seeds_n = none.runs.len();
        let combining: Vec<String> = self
            .rows
            .iter()
            .filter(|r| r.cures.count() >= 2 && 2 * self.beats_its_parts(r) > seeds_n)
            .map(|r| r.cures.name())
            .collect();
        write!(
            f,
            "{COMPARISON}\n\
             L2 λ = {l} on the weights, dropout p = {p}, pixel noise σ = {s}, shifts by a pixel, early stopping with patience {pat}\n\
             on {v} validation images carved from the training images (keeping the best epoch's network); the same network,\n\
             SGD and budget. Medians (min–max) over {seeds}; \"change\" and \"lower\" compare each seed with none (the same\n\
             images and initial weights); \"below its parts\" counts the seeds in which a combination's test loss is below\n\
             that of every row made of some of its cures:\n\n{t}\n\
             Lowest median test loss: {b} ({bl}, against {nl} with none; lower in {k}). Lowest median test error: {e} ({el}).\n\
             Combinations below all their parts in most seeds: {c}.\n",
            l = lambda(self.lambda),
            p = self.p,
            s = self.sigma,
            pat = self.patience,
            v = self.validation,
            seeds = seeds(none),
            b = best.cures.name(),
            bl = fixed(best.variant.test_loss().median, 4),
            nl = fixed(none.test_loss().median, 4),
            k = of(paired.lower, paired.seeds),
            e = by_error.cures.name(),
            el = fixed(100.0 * by_error.variant.test_error().median, 1) + " %",
            c = if combining.is_empty() {
                "none".to_string()
            } else {
                combining.join(", ")
            },
        )
    }
}
