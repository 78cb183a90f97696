//! Chapter 14's figure, drawn from the report's structs (nothing is run here).

use nn_core::plot::{LineChart, Series, Svg};
use nn_core::report::ChapterReport;
use nn_core::Result;

use crate::experiment::{Epoch, Report, Training};

impl ChapterReport for Report {
    fn figures(&self) -> Result<Vec<(&'static str, Svg)>> {
        Ok(vec![("training-in-both", training_chart(&self.training)?)])
    }
}

/// The mean training loss per epoch in the book's code and in candle: two curves that should
/// be one.
pub fn training_chart(t: &Training) -> Result<Svg> {
    let curve = |epochs: &[Epoch]| -> Vec<(f64, f64)> {
        epochs
            .iter()
            .enumerate()
            .map(|(i, e)| ((i + 1) as f64, e.loss))
            .collect()
    };
    LineChart::new("Chapter 5's MLP trained in the book's code and in candle")
        .x_label("epoch")
        .y_label("mean training loss (cross-entropy)")
        .series(Series::new(
            "book (ndarray, hand-written backward)",
            curve(&t.book),
        ))
        .series(Series::new("candle (its own backward)", curve(&t.candle)).dashed())
        .render()
}
