//! Chapter 12's figures, drawn from the report's structs (nothing is run here).

use ch10_autograd::graph::draw;
use ch10_autograd::scalar::Tape;
use nn_core::plot::{LineChart, Series, Svg};
use nn_core::report::ChapterReport;
use nn_core::table::Spread;
use nn_core::Result;

use crate::experiment::{Exploding, Guard, Language, Memory, Report, ThroughTime};

impl ChapterReport for Report {
    fn figures(&self) -> Result<Vec<(&'static str, Svg)>> {
        let mut figures = vec![
            (
                "unrolled-graph",
                draw(
                    &Tape::from(self.trace.graph.clone()),
                    Some(&self.trace.grads),
                ),
            ),
            ("through-time", through_time(&self.through_time)?),
            ("exploding-loss", exploding_loss(&self.exploding)?),
            ("exploding-norms", exploding_norms(&self.exploding)?),
        ];
        if let Some(memory) = &self.memory {
            figures.push(("memory", memory_figure(memory)?));
        }
        if self.language.long {
            figures.push(("language", language(&self.language)?));
        }
        Ok(figures)
    }
}

/// The median over the runs of `pick(run)[i]`, for every i.
fn median_curve(curves: &[Vec<f64>]) -> Vec<f64> {
    let n = curves.iter().map(Vec::len).max().unwrap_or(0);
    (0..n)
        .map(|i| {
            let at: Vec<f64> = curves
                .iter()
                .map(|c| c.get(i).copied().unwrap_or(f64::NAN))
                .collect();
            Spread::of(&at).median
        })
        .collect()
}

// ANCHOR: figure_through_time
/// log₁₀ of ‖∂E/∂h_t‖/‖∂E/∂h_T‖ against the steps back from the last: one solid line per scale
/// of W_h (the median over the seeds), its prediction dashed in the same colour, and the
/// truncated gradient, which ends where the window does.
pub fn through_time(tt: &ThroughTime) -> Result<Svg> {
    let log = |v: f64| v.log10(); // 0 → −∞, left out of the line
    let mut chart = LineChart::new(format!(
        "Gradient through time: plain cell, {} units, W_h = s·Q",
        tt.hidden
    ))
    .x_label("steps back from the last step, T − t")
    .y_label("log₁₀ ‖∂E/∂h_t‖ / ‖∂E/∂h_T‖");
    for (i, row) in tt.rows.iter().enumerate() {
        let relative: Vec<Vec<f64>> = row
            .curves
            .iter()
            .map(|c| {
                let last = c.norms[c.norms.len() - 1];
                c.norms.iter().rev().map(|n| log(n / last)).collect()
            })
            .collect();
        let predicted: Vec<Vec<f64>> = row
            .curves
            .iter()
            .map(|c| c.predicted_by_step.iter().rev().map(|&p| log(p)).collect())
            .collect();
        chart = chart
            .series(
                Series::history(format!("s = {}", row.scale), &median_curve(&relative)).color(i),
            )
            .series(
                Series::history("", &median_curve(&predicted))
                    .dashed()
                    .color(i),
            );
    }
    let last = tt.truncated.norms[tt.truncated.norms.len() - 1];
    let truncated: Vec<f64> = tt
        .truncated
        .norms
        .iter()
        .rev()
        .map(|n| log(n / last))
        .collect();
    chart
        .series(
            Series::new("dashed: predicted, Π s·rms tanh′", vec![])
                .dashed()
                .color(7),
        )
        .series(
            Series::history(
                format!("s = 1, BPTT window {} (then 0)", tt.window),
                &truncated,
            )
            .color(7),
        )
        .render()
}
// ANCHOR_END: figure_through_time

fn guard_name(e: &Exploding, guard: Guard) -> String {
    match guard {
        Guard::None => "unclipped".into(),
        Guard::Clip => format!("clipped to {}", e.clip),
        Guard::ClipAndWindow => format!("clipped, window {}", e.window),
    }
}

/// The training loss per step (median over the seeds), one line per variant.
pub fn exploding_loss(e: &Exploding) -> Result<Svg> {
    let mut chart = LineChart::new(format!(
        "Recall at delay {}, W_h = {}·Q, SGD η = {}: training loss",
        e.delay, e.scale, e.lr
    ))
    .x_label("training step")
    .y_label("cross-entropy (median over seeds)")
    .log_y();
    for row in &e.rows {
        let curves: Vec<Vec<f64>> = row
            .runs
            .iter()
            .map(|r| r.records.iter().map(|s| s.loss).collect())
            .collect();
        chart = chart.series(Series::history(
            guard_name(e, row.guard),
            &median_curve(&curves),
        ));
    }
    let chance = vec![(0.0, 4f64.ln()), (e.steps as f64 - 1.0, 4f64.ln())];
    chart
        .series(Series::new("chance: ln 4", chance).dashed().color(7))
        .render()
}

/// The gradient's norm before clipping per step (median over the seeds), one line per variant,
/// and the clipping threshold.
pub fn exploding_norms(e: &Exploding) -> Result<Svg> {
    let mut chart = LineChart::new(format!(
        "Recall at delay {}, W_h = {}·Q: the whole gradient's norm",
        e.delay, e.scale
    ))
    .x_label("training step")
    .y_label("‖g‖ before clipping (median over seeds)")
    .log_y();
    for row in &e.rows {
        let curves: Vec<Vec<f64>> = row
            .runs
            .iter()
            .map(|r| r.records.iter().map(|s| s.grad_norm).collect())
            .collect();
        chart = chart.series(Series::history(
            guard_name(e, row.guard),
            &median_curve(&curves),
        ));
    }
    let c = vec![(0.0, e.clip), (e.steps as f64 - 1.0, e.clip)];
    chart
        .series(Series::new(format!("c = {}", e.clip), c).dashed().color(7))
        .render()
}

/// The median accuracy against the delay, one line per cell.
pub fn memory_figure(m: &Memory) -> Result<Svg> {
    let mut chart = LineChart::new("Recall: accuracy after training, against the delay")
        .x_label("delay (steps back to the symbol to recall)")
        .y_label("accuracy (median over seeds)")
        .log_x()
        .x_range(3.5, 70.0)
        .y_range(0.0, 1.05);
    for row in &m.rows {
        let points = row
            .cells
            .iter()
            .map(|c| (c.delay as f64, c.accuracy.median))
            .collect();
        chart = chart.series(Series::new(row.kind.name(), points));
    }
    let chance = vec![(4.0, 0.25), (64.0, 0.25)];
    chart
        .series(Series::new("chance", chance).dashed().color(7))
        .render()
}

/// The training loss per step (median over the seeds), one line per cell, each cell's
/// validation loss after training dashed in its colour, and the unigram entropy.
pub fn language(l: &Language) -> Result<Svg> {
    let mut chart = LineChart::new("Language model on the book's prose: training loss")
        .x_label("training step")
        .y_label("nats per character (median over seeds)");
    let end = l.budget.steps as f64 - 1.0;
    for (i, row) in l.rows.iter().enumerate() {
        let validation = vec![(0.0, row.after.median), (end, row.after.median)];
        chart = chart
            .series(Series::history(row.kind.name(), &row.curve).color(i))
            .series(Series::new("", validation).dashed().color(i));
    }
    let level = vec![(0.0, l.unigram), (end, l.unigram)];
    chart
        .series(
            Series::new("dashed: validation, after training", vec![])
                .dashed()
                .color(7),
        )
        .series(Series::new("unigram entropy", level).color(7))
        .render()
}
