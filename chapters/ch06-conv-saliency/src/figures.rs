//! Chapter 6's figures, drawn from the experiments' results: nothing is computed here.

use nn_core::plot::{HeatmapGrid, LineChart, Series, Svg};
use nn_core::report::ChapterReport;
use nn_core::Result;

use crate::experiment::{Deletion, DeletionRow, Report, SaliencyMaps};

// ANCHOR: figures
impl ChapterReport for Report {
    fn figures(&self) -> Result<Vec<(&'static str, Svg)>> {
        Ok(vec![
            ("saliency", saliency_grid(&self.maps)?),
            ("deletion", deletion_chart(&self.deletion)?),
            ("loss", loss_chart(&self.cnn.history)?),
        ])
    }
}
// ANCHOR_END: figures

/// The test digits (top row) above their saliency maps (bottom row), both scaled to 0–1.
pub fn saliency_grid(maps: &SaliencyMaps) -> Result<Svg> {
    let mut grid = HeatmapGrid::new(
        "Test digits (actual → predicted) and |∂ class score / ∂ pixel|",
        maps.digits.len(),
    )
    .range(0.0, 1.0)
    .bar_title("pixel, or |∂/∂pixel| ÷ its peak");
    for d in &maps.digits {
        grid = grid.panel(format!("{} → {}", d.label, d.predicted), d.image.clone());
    }
    for d in &maps.digits {
        grid = grid.panel(format!("saliency of {}", d.label), &d.saliency / d.peak);
    }
    grid.render()
}

/// The deletion test: the mean fall of the class score against the number of pixels zeroed.
pub fn deletion_chart(deletion: &Deletion) -> Result<Svg> {
    let points = |pick: fn(&DeletionRow) -> f64| {
        deletion
            .rows
            .iter()
            .map(|row| (row.pixels as f64, pick(row)))
            .collect()
    };
    LineChart::new("Deletion test: mean fall of the class score")
        .x_label("pixels set to 0")
        .y_label("score drop")
        .series(Series::new("most salient first", points(|r| r.salient)))
        .series(Series::new("random", points(|r| r.random)))
        .render()
}

/// The mean training loss of each epoch, on a log scale.
pub fn loss_chart(history: &[f64]) -> Result<Svg> {
    LineChart::new("CNN training loss")
        .x_label("epoch")
        .y_label("mean training loss")
        .log_y()
        .series(Series::new(
            "loss",
            history
                .iter()
                .enumerate()
                .map(|(e, &l)| ((e + 1) as f64, l))
                .collect(),
        ))
        .render()
}
