//! Chapter 11's figures, drawn from the experiments' results; they run nothing.

use nn_core::plot::{LineChart, Series, Svg};
use nn_core::report::ChapterReport;
use nn_core::table::Spread;
use nn_core::Result;

use crate::experiment::{
    DropoutSweep, EarlyStopping, L2Sweep, MoreData, Overfitting, RandomLabels, Report, Variant,
};
use crate::training::Run;

// ANCHOR: figures
impl ChapterReport for Report {
    fn figures(&self) -> Result<Vec<(&'static str, Svg)>> {
        let mut figures = vec![("overfitting", overfitting(&self.overfitting)?)];
        if let Some(m) = &self.more_data {
            figures.push(("more-data", more_data(m)?));
        }
        if let Some(r) = &self.random_labels {
            figures.push(("random-labels", random_labels(r)?));
        }
        if let Some(s) = &self.l2_sweep {
            figures.push(("l2-sweep", l2_sweep(s)?));
        }
        if let Some(s) = &self.dropout_sweep {
            figures.push(("dropout-sweep", dropout_sweep(s)?));
        }
        if let Some(e) = &self.early_stopping {
            figures.push(("early-stopping", early_stopping(e)?));
        }
        Ok(figures)
    }
}
// ANCHOR_END: figures

/// Section 1: the median training and test loss per epoch, each seed's test loss faint.
pub fn overfitting(o: &Overfitting) -> Result<Svg> {
    loss_curves("No regularizer: training and test loss", &o.runs)
}

/// Runs measured as they trained (a setup with a curve): the median training and test loss
/// per epoch over the runs, each run's test loss faint.
pub fn loss_curves(title: &str, runs: &[Run]) -> Result<Svg> {
    let mut chart = LineChart::new(title)
        .x_label("epoch")
        .y_label("cross-entropy (median over seeds)")
        .log_y();
    for run in runs {
        let points = run
            .curve
            .iter()
            .map(|p| (p.epoch as f64, p.test.loss))
            .collect();
        chart = chart.series(Series::level(points));
    }
    let points = runs.first().map_or(0, |r| r.curve.len());
    let median = |pick: fn(&crate::training::Point) -> f64| -> Vec<(f64, f64)> {
        (0..points)
            .map(|i| {
                let at: Vec<f64> = runs.iter().map(|r| pick(&r.curve[i])).collect();
                (runs[0].curve[i].epoch as f64, Spread::of(&at).median)
            })
            .collect()
    };
    chart
        .series(Series::new("training loss", median(|p| p.train.loss)).color(0))
        .series(Series::new("test loss (grey: each seed)", median(|p| p.test.loss)).color(3))
        .render()
}

/// Section 2: the test error against the number of training images: the median over the
/// seeds, and each seed's faint.
pub fn more_data(m: &MoreData) -> Result<Svg> {
    let mut chart = LineChart::new("More data: test error, the same number of steps")
        .x_label("training images")
        .y_label("test error (%)")
        .log_x()
        .x_range(10.0, 3000.0)
        .y_range(0.0, 40.0);
    for seed in 0..m.rows[0].variant.runs.len() {
        let points = m
            .rows
            .iter()
            .map(|r| {
                let run = &r.variant.runs[seed];
                (r.size as f64, 100.0 * (1.0 - run.final_test.accuracy))
            })
            .collect();
        chart = chart.series(Series::level(points));
    }
    let median = m
        .rows
        .iter()
        .map(|r| (r.size as f64, 100.0 * r.variant.test_error().median))
        .collect();
    chart
        .series(Series::new("median over seeds (grey: each seed)", median).color(3))
        .render()
}

/// Section 3: the median training accuracy per epoch with real and random labels, and the
/// test accuracy (dashed).
pub fn random_labels(r: &RandomLabels) -> Result<Svg> {
    let median = |v: &Variant, test: bool| -> Vec<(f64, f64)> {
        (0..v.runs[0].curve.len())
            .map(|i| {
                let at: Vec<f64> = v
                    .runs
                    .iter()
                    .map(|run| {
                        let p = &run.curve[i];
                        if test {
                            p.test.accuracy
                        } else {
                            p.train.accuracy
                        }
                    })
                    .collect();
                (v.runs[0].curve[i].epoch as f64, Spread::of(&at).median)
            })
            .collect()
    };
    LineChart::new("Real and random labels: accuracy (median over seeds)")
        .x_label("epoch")
        .y_label("accuracy")
        .y_range(0.0, 1.05)
        .series(Series::new("real labels, training", median(&r.real, false)).color(0))
        .series(
            Series::new("real labels, test", median(&r.real, true))
                .color(0)
                .dashed(),
        )
        .series(Series::new("random labels, training", median(&r.random, false)).color(3))
        .series(
            Series::new("random labels, test", median(&r.random, true))
                .color(3)
                .dashed(),
        )
        .render()
}

/// Section 5: the median training and test loss against λ; λ = 0's test loss as a level.
pub fn l2_sweep(s: &L2Sweep) -> Result<Svg> {
    let rows: Vec<_> = s.rows.iter().filter(|r| r.lambda > 0.0).collect();
    let line = |f: fn(&Variant) -> Spread| -> Vec<(f64, f64)> {
        rows.iter()
            .map(|r| (r.lambda, f(&r.variant).median))
            .collect()
    };
    let (lo, hi) = (rows[0].lambda, rows[rows.len() - 1].lambda);
    let none = s.none().test_loss().median;
    LineChart::new("L2: loss against λ (median over seeds)")
        .x_label("λ")
        .y_label("cross-entropy")
        .log_x()
        .x_range(lo / 2.0, hi * 2.0)
        .log_y()
        .series(Series::new("training loss", line(Variant::train_loss)).color(0))
        .series(Series::new("test loss", line(Variant::test_loss)).color(3))
        .series(
            Series::new("test loss, λ = 0", vec![(lo, none), (hi, none)])
                .color(3)
                .dashed(),
        )
        .render()
}

/// Section 7: the median training and test loss against p.
pub fn dropout_sweep(s: &DropoutSweep) -> Result<Svg> {
    let line = |f: fn(&Variant) -> Spread| -> Vec<(f64, f64)> {
        s.rows.iter().map(|r| (r.p, f(&r.variant).median)).collect()
    };
    LineChart::new("Dropout: loss against p (median over seeds)")
        .x_label("p, the probability of dropping a unit")
        .y_label("cross-entropy")
        .log_y()
        .series(Series::new("training loss", line(Variant::train_loss)).color(0))
        .series(Series::new("test loss", line(Variant::test_loss)).color(3))
        .render()
}

/// Section 8: the first seed's training, validation and test loss per epoch, with the epoch
/// early stopping keeps and the one it stops after.
pub fn early_stopping(e: &EarlyStopping) -> Result<Svg> {
    let r = &e.runs[0];
    let curve = |f: fn(&crate::training::Point) -> f64| -> Vec<(f64, f64)> {
        r.run
            .curve
            .iter()
            .skip(1)
            .map(|p| (p.epoch as f64, f(p)))
            .collect()
    };
    let validation: Vec<(f64, f64)> = r
        .run
        .validation
        .iter()
        .enumerate()
        .map(|(i, m)| ((i + 1) as f64, m.loss))
        .collect();
    let all = curve(|p| p.train.loss)
        .into_iter()
        .chain(curve(|p| p.test.loss))
        .chain(validation.iter().copied())
        .map(|p| p.1)
        .filter(|v| *v > 0.0);
    let (lo, hi) = all.fold((f64::INFINITY, 0.0_f64), |(lo, hi), v| {
        (lo.min(v), hi.max(v))
    });
    let mark = |epoch: usize| vec![(epoch as f64, lo), (epoch as f64, hi)];
    LineChart::new(format!("Early stopping, seed {}", r.run.seed))
        .x_label("epoch")
        .y_label("cross-entropy")
        .log_y()
        .y_range(lo / 1.5, hi * 1.5)
        .series(Series::new("training loss", curve(|p| p.train.loss)).color(0))
        .series(Series::new("validation loss", validation).color(2))
        .series(Series::new("test loss", curve(|p| p.test.loss)).color(3))
        .series(Series::new("epoch kept", mark(r.stop.best_epoch)).color(7))
        .series(
            Series::new("stops after", mark(r.stop.stopped_at))
                .color(7)
                .dashed(),
        )
        .render()
}
