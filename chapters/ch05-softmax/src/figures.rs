//! Chapter 5's figures, drawn from the experiments' results (`experiment.rs`); nothing here
//! computes a result.

use nn_core::plot::{Heatmap, HeatmapGrid, LineChart, Series, Svg};
use nn_core::report::ChapterReport;
use nn_core::Result;

use crate::experiment::Report;

// ANCHOR: figures
impl ChapterReport for Report {
    fn figures(&self) -> Result<Vec<(&'static str, Svg)>> {
        let (plain, smoothed) = (&self.digits.plain, &self.smoothing.smoothed);
        let names: Vec<String> = (0..10).map(|d| d.to_string()).collect();
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        let confusion = Heatmap::new(
            "Digits, test set: actual against predicted",
            plain.confusion.counts.mapv(|v| v as f64),
        )
        .labels(&names, &names)
        .axis_labels("predicted", "actual")
        .annotate(0)
        .bar_title("test digits")
        .render()?;
        // The misclassified test digits, as 8×8 images.
        let mut grid = HeatmapGrid::new("Misclassified test digits (actual → predicted)", 6)
            .range(0.0, 16.0)
            .bar_title("pixel value");
        for m in self.digits.misclassified.iter().take(12) {
            grid = grid.panel(format!("{} → {}", m.actual, m.predicted), m.image.clone());
        }
        let mut reliability = LineChart::new("Reliability on the digits test set")
            .x_label("confidence")
            .y_label("accuracy")
            .x_range(0.0, 1.0)
            .y_range(0.0, 1.0)
            .series(
                Series::new("calibrated", vec![(0.0, 0.0), (1.0, 1.0)])
                    .dashed()
                    .color(7),
            );
        for (i, c) in [plain, smoothed].iter().enumerate() {
            let points = c
                .bins
                .iter()
                .filter(|b| b.count > 0)
                .map(|b| (b.confidence, b.accuracy))
                .collect();
            reliability =
                reliability.series(Series::new(format!("ε = {}", c.epsilon), points).color(i));
        }
        let mut bits = LineChart::new("Regressing 4 bits: test error (0/1 scale)")
            .x_label("epoch")
            .y_label("error")
            .log_y();
        for (i, r) in self.bits.runs.iter().enumerate() {
            bits = bits.series(Series::history(r.name.clone(), &r.test_error).color(i));
        }
        let mut loss = LineChart::new("Digits: training loss per epoch")
            .x_label("epoch")
            .y_label("mean training loss")
            .log_y();
        for (i, c) in [plain, smoothed].iter().enumerate() {
            let points = c
                .history
                .iter()
                .enumerate()
                .map(|(e, &l)| ((e + 1) as f64, l))
                .collect();
            loss = loss.series(Series::new(format!("ε = {}", c.epsilon), points).color(i));
        }
        Ok(vec![
            ("confusion", confusion),
            ("misclassified", grid.render()?),
            ("reliability", reliability.render()?),
            ("bits", bits.render()?),
            ("loss", loss.render()?),
        ])
    }
}
// ANCHOR_END: figures
