//! Chapter 9's figures, drawn from the report's structs (nothing is run here).

use nn_core::plot::{LineChart, Series, Svg};
use nn_core::report::ChapterReport;
use nn_core::Result;

use crate::experiment::{step_lengths, Bias, Bits, Digits, Report, Row, Sweep, Valley};
use crate::surface::Surface;

/// The figures of section 7, drawn only with `--chapter7`.
const CHAPTER7_FIGURES: [&str; 2] = ["bits-sweep", "bits-curves"];

impl ChapterReport for Report {
    fn figures(&self) -> Result<Vec<(&'static str, Svg)>> {
        let [bowl, rosenbrock] = [&self.surfaces[0], &self.surfaces[1]];
        let mut figures = vec![
            ("paths-bowl", best_paths(bowl)?),
            ("paths-rosenbrock", best_paths(rosenbrock)?),
            ("paths-rotated", best_paths(&self.rotated.turned)?),
            ("sweep-bowl", sweep(bowl)?),
            ("sweep-rosenbrock", sweep(rosenbrock)?),
            ("valley-bowl", valley(&self.valley[0])?),
            ("valley-rosenbrock", valley(&self.valley[1])?),
            ("bias-correction", bias(&self.bias)?),
            ("digits-sweep", digits_sweep(&self.digits)?),
            ("digits-curves", digits_curves(&self.digits)?),
        ];
        if let Some(bits) = &self.bits {
            let [sweep, curves] = CHAPTER7_FIGURES;
            figures.push((sweep, bits_sweep(bits)?));
            figures.push((curves, bits_curves(bits)?));
        }
        Ok(figures)
    }

    fn optional_figures(&self) -> &'static [&'static str] {
        &CHAPTER7_FIGURES
    }
}

/// The part of the plane drawn for a surface, and the levels of its contour lines.
fn window(surface: &Surface) -> ((f64, f64), (f64, f64), Vec<f64>) {
    match surface {
        Surface::Bowl { .. } => (
            (-6.0, 2.0),
            (-1.5, 1.5),
            vec![0.01, 0.1, 0.5, 2.0, 5.0, 12.5, 30.0, 62.5],
        ),
        // Turned by 45°, the bowl's long axis is the diagonal through its start.
        Surface::RotatedBowl { .. } => (
            (-5.0, 5.0),
            (-5.0, 5.0),
            vec![0.01, 0.1, 0.5, 2.0, 5.0, 12.5, 30.0, 62.5],
        ),
        Surface::Rosenbrock => (
            (-2.0, 2.0),
            (-1.0, 3.0),
            vec![0.05, 0.3, 1.0, 3.0, 10.0, 30.0, 100.0, 300.0],
        ),
    }
}

/// A chart of `surface`'s contour lines, ready for paths (`.series(Series::new(name, points))`).
pub fn contours(surface: &Surface, title: String) -> LineChart {
    contours_holding(surface, title, &[])
}

/// How far a frame may grow to hold the paths, in multiples of the surface's own window; a
/// path that goes further leaves the frame, and the title says so.
const MOST_GROWTH: f64 = 4.0;

/// [`contours`] in a frame grown to hold every point of `paths` (the real paths, none clipped
/// at the edge), unless one goes further than [`MOST_GROWTH`] windows: then the frame stays the
/// surface's own and the title says that a path leaves it.
pub fn contours_holding(surface: &Surface, title: String, paths: &[&[(f64, f64)]]) -> LineChart {
    let ((mut x0, mut x1), (mut y0, mut y1), levels) = window(surface);
    let (w, h) = (x1 - x0, y1 - y0);
    let points = paths
        .iter()
        .flat_map(|p| p.iter())
        .filter(|p| p.0.is_finite() && p.1.is_finite());
    let (lo_x, hi_x, lo_y, hi_y) = points.fold((x0, x1, y0, y1), |(a, b, c, d), &(x, y)| {
        (a.min(x), b.max(x), c.min(y), d.max(y))
    });
    let escapes = paths
        .iter()
        .any(|p| p.iter().any(|q| !q.0.is_finite() || !q.1.is_finite()));
    let title = if escapes || hi_x - lo_x > MOST_GROWTH * w || hi_y - lo_y > MOST_GROWTH * h {
        format!("{title} (a path leaves the frame)")
    } else {
        // A margin of 5 % where the frame grows, so that no path runs along the edge.
        let pad = |grown: bool, size: f64| if grown { 0.05 * size } else { 0.0 };
        (x0, x1) = (lo_x - pad(lo_x < x0, w), hi_x + pad(hi_x > x1, w));
        (y0, y1) = (lo_y - pad(lo_y < y0, h), hi_y + pad(hi_y > y1, h));
        title
    };
    let inside = move |(x, y): (f64, f64)| {
        if (x0..=x1).contains(&x) && (y0..=y1).contains(&y) {
            (x, y)
        } else {
            (f64::NAN, f64::NAN) // a contour line leaving the window: a gap
        }
    };
    let mut chart = LineChart::new(title)
        .x_label("x")
        .y_label("y")
        .x_range(x0, x1)
        .y_range(y0, y1);
    for level in levels {
        let points = surface.level_curve(level).into_iter().map(inside).collect();
        chart = chart.series(Series::level(points));
    }
    chart
}

/// At most about 400 points of a path, the start and the end kept (an SVG of 5000 points
/// per line draws the same picture, slower).
fn thinned(points: &[(f64, f64)]) -> Vec<(f64, f64)> {
    let every = points.len().div_ceil(400).max(1);
    let mut kept: Vec<(f64, f64)> = points.iter().step_by(every).copied().collect();
    let last = points.len() - 1;
    if last / every * every != last {
        kept.extend(points.last());
    }
    kept
}

fn best_paths(sweep: &Sweep) -> Result<Svg> {
    let paths: Vec<&[(f64, f64)]> = sweep
        .rows
        .iter()
        .filter_map(|row| row.best.as_ref().map(|(_, p)| p.points.as_slice()))
        .collect();
    let mut chart = contours_holding(
        &sweep.surface,
        format!("{}: each optimizer at its best rate", sweep.surface.name()),
        &paths,
    );
    for (i, row) in sweep.rows.iter().enumerate() {
        if let Some((rate, path)) = &row.best {
            let name = format!("{} η={}", row.kind.name(), nn_core::table::sig(*rate, 2));
            chart = chart.series(Series::new(name, thinned(&path.points)).color(i));
        }
    }
    chart.render()
}

fn sweep(sweep: &Sweep) -> Result<Svg> {
    let mut chart = LineChart::new(format!(
        "{}: steps to the tolerance against learning rate",
        sweep.surface.name()
    ))
    .x_label("learning rate η")
    .y_label("steps")
    .log_x()
    .log_y();
    for (i, row) in sweep.rows.iter().enumerate() {
        let points = sweep
            .rates
            .iter()
            .zip(&row.steps)
            .map(|(&r, s)| (r, s.map_or(f64::NAN, |s| s as f64)))
            .collect();
        chart = chart.series(Series::new(row.kind.name(), points).color(i));
    }
    chart.render()
}

fn valley(valley: &Valley) -> Result<Svg> {
    let paths: Vec<&[(f64, f64)]> = valley
        .rows
        .iter()
        .map(|row| row.path.points.as_slice())
        .collect();
    let mut chart = contours_holding(
        &valley.surface,
        format!(
            "{}: {} steps at η = {}",
            valley.surface.name(),
            valley.steps,
            valley.lr
        ),
        &paths,
    );
    for (i, row) in valley.rows.iter().enumerate() {
        chart = chart.series(Series::new(row.kind.name(), thinned(&row.path.points)).color(i));
    }
    chart.render()
}

fn bias(bias: &Bias) -> Result<Svg> {
    LineChart::new(format!("Adam's step lengths, η = {}", bias.lr))
        .x_label("step t")
        .y_label("step length")
        .series(Series::new("bias-corrected", numbered(&step_lengths(&bias.corrected))).color(4))
        .series(
            Series::new("uncorrected", numbered(&step_lengths(&bias.uncorrected)))
                .color(3)
                .dashed(),
        )
        .render()
}

/// (1, y₁), (2, y₂), …
fn numbered(ys: &[f64]) -> Vec<(f64, f64)> {
    ys.iter()
        .enumerate()
        .map(|(i, &y)| ((i + 1) as f64, y))
        .collect()
}

fn digits_sweep(digits: &Digits) -> Result<Svg> {
    let mut chart = LineChart::new(format!(
        "digits, {} epochs: median test loss against learning rate",
        digits.epochs
    ))
    .x_label("learning rate η")
    .y_label("test loss (median over seeds)")
    .log_x()
    .log_y();
    for (i, Row { kind, cells }) in digits.rows.iter().enumerate() {
        let points = cells.iter().map(|c| (c.lr, c.median())).collect();
        chart = chart.series(Series::new(kind.name(), points).color(i));
    }
    chart.render()
}

fn digits_curves(digits: &Digits) -> Result<Svg> {
    let mut chart = LineChart::new("digits: test loss, each optimizer at its best rate")
        .x_label("epoch")
        .y_label("test loss (median over seeds)")
        .log_y();
    for (i, curve) in digits.curves.iter().enumerate() {
        let name = format!(
            "{} η={}",
            curve.kind.name(),
            nn_core::table::sig(curve.lr, 1)
        );
        chart = chart.series(Series::history(name, &curve.median_curve()).color(i));
    }
    chart.render()
}

fn bits_sweep(bits: &Bits) -> Result<Svg> {
    let mut chart = LineChart::new(format!(
        "chapter 7's network, {} epochs: test error against η",
        bits.epochs
    ))
    .x_label("learning rate η")
    .y_label("test error (median over seeds)")
    .log_x()
    .log_y();
    for (i, Row { kind, cells }) in bits.rows.iter().enumerate() {
        let points = cells.iter().map(|c| (c.lr, c.median())).collect();
        chart = chart.series(Series::new(kind.name(), points).color(i));
    }
    chart.render()
}

fn bits_curves(bits: &Bits) -> Result<Svg> {
    let mut chart = LineChart::new("chapter 7's network: each optimizer at its best rate")
        .x_label("epoch")
        .y_label("test error (median over seeds)")
        .log_y();
    for (i, (kind, cell)) in bits.best_cells().into_iter().enumerate() {
        let name = format!("{} η={}", kind.name(), nn_core::table::sig(cell.lr, 1));
        chart = chart.series(Series::history(name, &cell.median_curve()).color(i));
    }
    chart.render()
}
