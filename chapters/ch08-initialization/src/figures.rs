//! Chapter 8's figures, drawn from the experiments' results; they run nothing.

use ndarray::Array2;
use nn_core::plot::{Heatmap, HeatmapGrid, LineChart, Series, Svg};
use nn_core::report::ChapterReport;
use nn_core::table::fixed;
use nn_core::Result;

use crate::deep::Activation;
use crate::experiment::{histogram_range, LayerStats, Outcome, Report, Training};
use crate::init::Init;

// ANCHOR: figures
impl ChapterReport for Report {
    fn figures(&self) -> Result<Vec<(&'static str, Svg)>> {
        Ok(vec![
            (
                "activations-sigmoid",
                activations(&self.layers, Activation::Sigmoid)?,
            ),
            (
                "activations-tanh",
                activations(&self.layers, Activation::Tanh)?,
            ),
            (
                "activations-relu",
                activations(&self.layers, Activation::Relu)?,
            ),
            (
                "gradients-sigmoid",
                gradient_norms(&self.layers, Activation::Sigmoid)?,
            ),
            (
                "gradients-tanh",
                gradient_norms(&self.layers, Activation::Tanh)?,
            ),
            (
                "gradients-relu",
                gradient_norms(&self.layers, Activation::Relu)?,
            ),
            ("trains", trains(&self.training)?),
        ])
    }
}
// ANCHOR_END: figures

/// For one activation, a panel per initialization: each row a layer (layer 1 at the top),
/// each column a bin of the outputs' values, coloured by the fraction of outputs in it.
pub fn activations(stats: &LayerStats, activation: Activation) -> Result<Svg> {
    let (lo, hi) = histogram_range(activation);
    let depth = stats.case(activation, Init::ALL[0]).histogram.nrows() as f64;
    let mut grid = HeatmapGrid::new(
        format!("{activation}: outputs per layer (rows, 1 at top), values {lo} to {hi} (columns)"),
        4,
    )
    .range(0.0, 0.3)
    .extent((lo, hi), (0.5, depth + 0.5), "output value", "layer")
    .bar_title("fraction of outputs");
    for init in Init::ALL {
        grid = grid.panel(init.name(), stats.case(activation, init).histogram.clone());
    }
    grid.render()
}

/// For one activation, ‖∂L/∂W_l‖ against the layer l on a log scale, one line per initialization.
pub fn gradient_norms(stats: &LayerStats, activation: Activation) -> Result<Svg> {
    let mut chart = LineChart::new(format!(
        "{activation}: gradient norm per layer at initialization"
    ))
    .x_label("layer (1: next to the input)")
    .y_label("‖∂L/∂W‖")
    .log_y();
    for init in Init::ALL {
        let points = stats
            .case(activation, init)
            .grad_norm
            .iter()
            .enumerate()
            .map(|(l, &g)| ((l + 1) as f64, g))
            .collect();
        chart = chart.series(Series::new(init.name(), points));
    }
    chart.render()
}

/// The median test accuracy of every activation × initialization, annotated; a combination in
/// which a seed diverged is marked failed, its accuracy not a result to read.
pub fn trains(training: &Training) -> Result<Svg> {
    let values = Array2::from_shape_fn((3, 4), |(a, i)| {
        training
            .row(Activation::ALL[a], Init::ALL[i], false)
            .accuracy
            .median
    });
    // A row with a failed run is marked †, and the note above the figure names the failure.
    let failed_in = |a: Activation| {
        Init::ALL
            .iter()
            .any(|&i| training.row(a, i, false).outcome == Outcome::Diverged)
    };
    let rows: Vec<String> = Activation::ALL
        .iter()
        .map(|&a| format!("{a}{}", if failed_in(a) { " †" } else { "" }))
        .collect();
    let rows: Vec<&str> = rows.iter().map(String::as_str).collect();
    let cols: Vec<&str> = Init::ALL.iter().map(|i| i.name()).collect();
    let mut heatmap = Heatmap::new("Test accuracy after training, median over seeds", values)
        .labels(&rows, &cols)
        .axis_labels("initialization", "activation")
        .annotate(2)
        .range(0.0, 1.0)
        .bar_title("median test accuracy");
    for (a, activation) in Activation::ALL.into_iter().enumerate() {
        for (i, init) in Init::ALL.into_iter().enumerate() {
            if training.row(activation, init, false).outcome == Outcome::Diverged {
                heatmap = heatmap.failed(a, i);
            }
        }
    }
    let svg = heatmap.render()?;
    // A failed run's cell holds a number that is not a score: say so on the figure.
    let failed: Vec<String> = training
        .rows
        .iter()
        .filter(|r| r.outcome == Outcome::Diverged && !r.combo.batch_norm)
        .map(|r| {
            format!(
                "† {}: FAILED (not finite in {} of {} seeds) — its {} is not a score",
                r.combo.name(),
                r.diverged_runs(),
                r.runs.len(),
                fixed(r.accuracy.median, 2)
            )
        })
        .collect();
    Ok(if failed.is_empty() {
        svg
    } else {
        svg.with_note(&failed.join("; "))
    })
}
