//! Chapter 2's figures, drawn from the experiments' results: cost histories across learning
//! rates, final costs against the rate, raw against standardized features, and the confusion
//! matrix.

use nn_core::plot::{Heatmap, LineChart, Series, Svg};
use nn_core::report::ChapterReport;
use nn_core::table::sig;
use nn_core::Result;

use crate::experiment::Report;

// ANCHOR: figures
impl ChapterReport for Report {
    fn figures(&self) -> Result<Vec<(&'static str, Svg)>> {
        let sweep = &self.learning_rate.sweep;
        let mut histories = LineChart::new("Training cost for several learning rates (no checks)")
            .x_label("iteration")
            .y_label("cost (from logits)")
            .log_y();
        for (i, p) in sweep.iter().enumerate().filter(|(i, _)| i % 2 == 0) {
            let name = format!("lr {}", sig(p.lr, 2));
            histories = histories.series(Series::history(name, &p.unchecked.history).color(i / 2));
        }
        let finals: Vec<(f64, f64)> = sweep
            .iter()
            .map(|p| (p.lr, p.unchecked.history[p.unchecked.history.len() - 1]))
            .collect();
        let test_costs = sweep
            .iter()
            .map(|p| (p.lr, p.unchecked_test_cost))
            .collect();
        let final_cost = LineChart::new(format!(
            "Final cost after {} iterations, no checks",
            self.config.iterations
        ))
        .x_label("learning rate")
        .y_label("cost")
        .log_x()
        .log_y()
        .series(Series::new("training cost", finals))
        .series(Series::new("test cost", test_costs))
        .render()?;
        // The learner's run cannot be drawn with its own cost (NaN from iteration 1 on); the
        // cost from logits along the very same steps can.
        let shown = |h: &[f64]| h[..h.len().min(201)].to_vec();
        let mut raw_vs_std = LineChart::new(format!(
            "lr {}: raw against standardized features",
            self.config.lr
        ))
        .x_label("iteration")
        .y_label("cost from logits")
        .log_y()
        .series(Series::history(
            "raw features (the learner's steps)",
            &shown(&self.failure.raw_history),
        ));
        if let Ok(trained) = &self.standardization.standardized.outcome {
            raw_vs_std = raw_vs_std.series(Series::history(
                "standardized features",
                &shown(&trained.fit.history),
            ));
        }
        let p = &self.predictions;
        let names: Vec<&str> = p.class_names.iter().map(String::as_str).collect();
        let confusion = Heatmap::new(
            format!("Test set, threshold {}", p.threshold),
            p.confusion.counts.mapv(|v| v as f64),
        )
        .labels(&names, &names)
        .axis_labels("predicted", "actual")
        .annotate(0)
        .bar_title("test samples")
        .render()?;
        Ok(vec![
            ("cost-histories", histories.render()?),
            ("final-cost", final_cost),
            ("raw-vs-standardized", raw_vs_std.render()?),
            ("confusion", confusion),
        ])
    }
}
// ANCHOR_END: figures
