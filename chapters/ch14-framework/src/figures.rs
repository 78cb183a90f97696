//! Chapter 14's figure, drawn from the report's structs (nothing is run here).

use nn_core::plot::{LineChart, Series, Svg};
use nn_core::report::ChapterReport;
use nn_core::Result;

use crate::experiment::{Epoch, Report};

impl ChapterReport for Report {
    fn figures(&self) -> Result<Vec<(&'static str, Svg)>> {
        let t = &self.training;
        let curve = |epochs: &[Epoch], value: fn(&Epoch) -> f64| -> Vec<(f64, f64)> {
            epochs
                .iter()
                .enumerate()
                .map(|(i, e)| ((i + 1) as f64, value(e)))
                .collect()
        };
        let chart = LineChart::new("Chapter 5's MLP trained in the book's code and in candle")
            .x_label("epoch")
            .y_label("mean training loss (cross-entropy)")
            .series(Series::new(
                "book (ndarray, hand-written backward)",
                curve(&t.book, |e| e.loss),
            ))
            .series(
                Series::new("candle (its own backward)", curve(&t.candle, |e| e.loss)).dashed(),
            );
        Ok(vec![("training-in-both", chart.render()?)])
    }
}
