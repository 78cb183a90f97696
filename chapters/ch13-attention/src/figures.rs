//! Chapter 13's figures, drawn from the report's structs (nothing is run here).

use ndarray::Array2;
use nn_core::plot::{Heatmap, HeatmapGrid, LineChart, Series, Svg};
use nn_core::report::ChapterReport;
use nn_core::Result;

use crate::experiment::{Language, Report, Residual, Scaling, KEYS};

impl ChapterReport for Report {
    fn figures(&self) -> Result<Vec<(&'static str, Svg)>> {
        let mut figures = vec![
            ("scaling", scaling(&self.scaling)?),
            ("residual", residual(&self.residual, false)?),
        ];
        // The long run's: trained models.
        if self.language.long {
            figures.extend([
                ("residual-trained", residual(&self.residual, true)?),
                ("attention-maps", attention_maps(&self.language)?),
                ("attention-head", attention_head(&self.language)?),
                ("language", language(&self.language)?),
            ]);
        }
        Ok(figures)
    }

    fn optional_figures(&self) -> &'static [&'static str] {
        &[
            "residual-trained",
            "attention-maps",
            "attention-head",
            "language",
        ]
    }
}

/// The largest weight of a row of softmax and the share of a gradient it passes back,
/// against the head's width, with the scale and without.
pub fn scaling(s: &Scaling) -> Result<Svg> {
    let largest = |i: usize| -> Vec<(f64, f64)> {
        s.rows.iter().map(|r| (r.d as f64, r.largest[i])).collect()
    };
    let through = |i: usize| -> Vec<(f64, f64)> {
        s.rows.iter().map(|r| (r.d as f64, r.through[i])).collect()
    };
    LineChart::new(format!(
        "Softmax of {KEYS} scores q·k, with and without 1/√d"
    ))
    .x_label("width of a head, d")
    .y_label("largest weight (solid), ‖J·u‖/‖u‖ (dashed)")
    .log_x()
    .log_y()
    .series(Series::new("largest weight, scaled by 1/√d", largest(0)).color(0))
    .series(Series::new("largest weight, not scaled", largest(1)).color(1))
    .series(
        Series::new("gradient passed, scaled", through(0))
            .color(0)
            .dashed(),
    )
    .series(
        Series::new("gradient passed, not scaled", through(1))
            .color(1)
            .dashed(),
    )
    .render()
}

/// ‖∂L/∂x‖ at each block's input, with and without the residual path: at initialization,
/// and after training (dashed) when `trained`.
pub fn residual(r: &Residual, trained: bool) -> Result<Svg> {
    let mut chart = LineChart::new(format!(
        "Gradient per block, {} blocks, {}",
        r.depth,
        if trained {
            format!("at initialization and after {} steps", r.budget.steps)
        } else {
            "at initialization".to_string()
        }
    ))
    .x_label("block")
    .y_label("‖∂L/∂x‖ at the block's input")
    .log_y();
    for (i, row) in r.rows.iter().enumerate() {
        let name = if row.residual { "with" } else { "without" };
        let points = |norms: &[f64]| -> Vec<(f64, f64)> {
            norms
                .iter()
                .enumerate()
                .map(|(b, &n)| ((b + 1) as f64, n))
                .collect()
        };
        chart = chart.series(
            Series::new(
                format!("{name} residual path, at initialization"),
                points(&row.at_init),
            )
            .color(i),
        );
        if let (true, Some((norms, _))) = (trained, &row.trained) {
            chart = chart.series(
                Series::new(
                    format!("{name} residual path, after {} steps", r.budget.steps),
                    points(norms),
                )
                .color(i)
                .dashed(),
            );
        }
    }
    chart.render()
}

/// A character as a tick label: a space shows as ␣.
fn shown(c: char) -> String {
    match c {
        ' ' => "␣".to_string(),
        '\n' => "↵".to_string(),
        c => c.to_string(),
    }
}

/// Every head of every block, for the prompt.
pub fn attention_maps(l: &Language) -> Result<Svg> {
    let heads = l.maps.first().map_or(1, Vec::len);
    let t = l.prompt.chars().count() as f64;
    let mut grid = HeatmapGrid::new(
        format!("Attention weights of every head for \"{}\"", l.prompt),
        heads,
    )
    .bar_title("weight P_ij")
    .range(0.0, 1.0)
    .extent(
        (0.0, t),
        (0.0, t),
        "position read, j",
        "position reading, i",
    );
    for (b, block) in l.maps.iter().enumerate() {
        for (h, map) in block.iter().enumerate() {
            grid = grid.panel(format!("block {}, head {}", b + 1, h + 1), map.clone());
        }
    }
    grid.render()
}

/// The head of the last block that looks furthest back on average, its rows and columns
/// labelled with the prompt's characters.
pub fn attention_head(l: &Language) -> Result<Svg> {
    let (h, map) = furthest_head(l.maps.last().expect("at least one block"));
    attention_map(
        &l.prompt,
        map,
        &format!(
            "Block {}, head {}: where each character looks",
            l.maps.len(),
            h + 1
        ),
    )
}

/// One head's weights for `text`, rows and columns labelled with its characters.
pub fn attention_map(text: &str, map: &Array2<f64>, title: &str) -> Result<Svg> {
    let labels: Vec<String> = text.chars().map(shown).collect();
    let labels: Vec<&str> = labels.iter().map(String::as_str).collect();
    Heatmap::new(title, map.clone())
        .labels(&labels, &labels)
        .axis_labels("character read", "character reading (predicting the next)")
        .range(0.0, 1.0)
        .bar_title("attention weight")
        .render()
}

/// Among one block's heads, the one whose weights reach furthest back: the largest mean over
/// the rows of Σ_j P_ij·(i − j). Its number and its weights.
pub fn furthest_head(heads: &[Array2<f64>]) -> (usize, &Array2<f64>) {
    let reach = |p: &Array2<f64>| -> f64 {
        p.indexed_iter()
            .map(|((i, j), &w)| w * (i as f64 - j as f64))
            .sum::<f64>()
            / p.nrows() as f64
    };
    heads
        .iter()
        .enumerate()
        .max_by(|a, b| reach(a.1).total_cmp(&reach(b.1)))
        .expect("at least one head")
}

/// The median training loss per step of the transformer and the GRU.
pub fn language(l: &Language) -> Result<Svg> {
    let mut chart = LineChart::new(format!(
        "Training loss on the book's prose, median over {} seeds",
        l.seeds.len()
    ))
    .x_label("step (32 windows of 32 characters)")
    .y_label("loss, nats per character");
    for (i, row) in l.rows.iter().enumerate() {
        chart = chart.series(Series::history(row.model.name(), &row.curve).color(i));
    }
    chart.render()
}
