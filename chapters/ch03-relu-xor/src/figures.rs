//! Chapter 3's figures, drawn from the experiments' results (nothing is computed here).

use nn_core::plot::{DecisionRegions, HeatmapGrid, LineChart, Series, Svg};
use nn_core::report::ChapterReport;
use nn_core::Result;

use crate::experiment::{Learner, Numpy, Online, Report, SQUARE};

// ANCHOR: figures
impl ChapterReport for Report {
    fn figures(&self) -> Result<Vec<(&'static str, Svg)>> {
        Ok(vec![
            ("decision", decision(&self.learner)?),
            ("hidden-units", hidden_units(&self.learner)?),
            ("loss", loss(&self.online)?),
            ("numpy-loss", numpy_loss(&self.numpy)?),
        ])
    }
}
// ANCHOR_END: figures

/// P(class 1) of the trained network over the input square, with XOR's four points.
pub fn decision(learner: &Learner) -> Result<Svg> {
    let points = learner
        .predictions
        .iter()
        .map(|p| (p.x1, p.x2, p.label))
        .collect();
    let grid = &learner.decision;
    DecisionRegions::new(
        "The learner's network: P(class 1) over the input square",
        grid.x_range,
        grid.y_range,
    )
    .resolution(grid.cells)
    .points(points, &["0 (same)", "1 (different)"])
    .render(|x1, x2| grid.at(x1, x2))
}

/// Each hidden unit's activation over the same square, one panel per unit.
pub fn hidden_units(learner: &Learner) -> Result<Svg> {
    let mut grid = HeatmapGrid::new(
        "Where each hidden unit is active: ReLU(w·x + b) over [−0.5, 1.5]²",
        4,
    )
    .extent((SQUARE.0, SQUARE.1), (SQUARE.1, SQUARE.0), "x₁", "x₂")
    .bar_title("ReLU(w·x + b)");
    for map in &learner.unit_maps {
        grid = grid.panel(format!("unit {}", map.unit), map.activation.clone());
    }
    grid.render()
}

/// The learner's loss, full batch against online.
pub fn loss(online: &Online) -> Result<Svg> {
    LineChart::new("The learner's network on XOR: online against batch")
        .x_label("epoch")
        .y_label("mean cross-entropy")
        .log_y()
        .series(Series::history(
            "batch (1 update per epoch)",
            &online.batch_history,
        ))
        .series(Series::history(
            "online (4 updates per epoch)",
            &online.online_history,
        ))
        .render()
}

/// The numpy program's loss on its seed.
pub fn numpy_loss(numpy: &Numpy) -> Result<Svg> {
    LineChart::new(format!("The numpy program on XOR (seed {})", numpy.seed))
        .x_label("step")
        .y_label("summed squared error")
        .log_y()
        .series(Series::history("loss", &numpy.run.losses))
        .render()
}
