//! Figures as SVG text, drawn with plotters' SVG backend only.
//!
//! No system font library is needed (plotters' `ttf` feature, which needs fontconfig, is off):
//! text goes into the SVG as `<text>` elements and the viewer's browser draws it. Every
//! function returns an [`Svg`]; a program writes it under `figures/` with [`write_figures`],
//! a test compares it with the committed file, and a notebook shows it inline (the evcxr
//! kernel calls [`Svg::evcxr_display`]).
//!
//! - [`LineChart`]: several line series (loss curves), optionally on log axes, ticked,
//!   marked and with its legend beside it, so that it reads at a glance (see its page);
//! - [`function_and_derivative`]: functions (solid) with their derivatives (dashed);
//! - [`Heatmap`]: a matrix as coloured cells (confusion matrices), with a titled colour bar
//!   and failed runs' cells marked; [`HeatmapGrid`]: several, with ticks when they cover
//!   a range ([`HeatmapGrid::extent`]);
//! - [`DecisionRegions`]: a classifier's probability over a 2-D input square, with the data.

use std::fmt;
use std::path::{Path, PathBuf};

use ndarray::Array2;
use plotters::coord::ranged1d::{KeyPointHint, NoDefaultFormatting, Ranged, ValueFormatter};
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters::style::colors::colormaps::{ColorMap, DerivedColorMap, ViridisRGB};
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::{Error, Result};

/// An SVG document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Svg(pub String);

impl Svg {
    /// The SVG text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Shows the figure inline in a Jupyter notebook running the evcxr Rust kernel.
    pub fn evcxr_display(&self) {
        println!(
            "EVCXR_BEGIN_CONTENT image/svg+xml\n{}\nEVCXR_END_CONTENT",
            self.0
        );
    }
}

/// A figure of coloured cells: its rectangles drawn with crisp edges, so that two cells that
/// share an edge show no seam of background between them when the figure is scaled (a
/// renderer anti-aliases each rectangle's edge on its own). plotters has no switch for it.
fn cells(svg: String) -> Svg {
    Svg(svg.replace("<rect ", "<rect shape-rendering=\"crispEdges\" "))
}

/// The font size of a [`Svg::with_note`] line, and the height each line adds to a figure.
const NOTE_FONT: u32 = 13;
const NOTE_LINE: u32 = 18;

impl Svg {
    /// The figure with `note` above it in small type on a pale band, wrapped to the figure's
    /// width, the drawing moved down to make room and otherwise left as it is: how a program
    /// marks every figure it drew with settings other than the book's. Works on any SVG whose
    /// root element states its width and height (plotters' and the graph drawings' do).
    ///
    /// ```
    /// let svg = nn_core::plot::Svg(r#"<svg width="400" height="100" xmlns="http://www.w3.org/2000/svg"></svg>"#.into());
    /// let noted = svg.with_note("drawn with --lr 0.3 & --epochs 5");
    /// assert!(noted.as_str().starts_with(r#"<svg width="400" height="118" viewBox="0 0 400 118""#));
    /// assert!(noted.as_str().contains(">drawn with --lr 0.3 &amp; --epochs 5</text>"));
    /// assert!(noted.as_str().contains(r#"<svg y="18" width="400" height="100""#));
    /// // A note longer than the figure is wide takes more lines.
    /// let long = svg.with_note(&"--flag value ".repeat(10));
    /// assert!(long.as_str().starts_with(r#"<svg width="400" height="154""#));
    /// ```
    pub fn with_note(&self, note: &str) -> Svg {
        let text = &self.0;
        let Some(open) = text.find("<svg") else {
            return self.clone();
        };
        let tag_end = text[open..].find('>').map_or(text.len(), |i| open + i);
        let tag = &text[open..tag_end];
        let number = |name: &str| -> Option<u32> {
            let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
            tag[start..].split('"').next()?.parse().ok()
        };
        let (Some(width), Some(height)) = (number("width"), number("height")) else {
            return self.clone();
        };
        // About 0.55 em per character of a sans-serif font.
        let per_line = (width as usize * 100 / (NOTE_FONT as usize * 55)).max(20);
        let lines = wrap(note, per_line);
        let band = NOTE_LINE * lines.len() as u32;
        let total = height + band;
        let mut out = format!(
            "{prolog}<svg width=\"{width}\" height=\"{total}\" viewBox=\"0 0 {width} {total}\" \
             xmlns=\"http://www.w3.org/2000/svg\">\n\
             <rect x=\"0\" y=\"0\" width=\"{width}\" height=\"{band}\" fill=\"#FFF4E0\"/>\n",
            prolog = &text[..open],
        );
        for (i, line) in lines.iter().enumerate() {
            out.push_str(&format!(
                "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-family=\"{FONT}\" \
                 font-size=\"{NOTE_FONT}\" fill=\"#8A4B08\">{}</text>\n",
                width / 2,
                NOTE_LINE * i as u32 + NOTE_FONT,
                xml_escape(line)
            ));
        }
        out.push_str(&format!("<svg y=\"{band}\""));
        out.push_str(&text[open + "<svg".len()..]);
        out.push_str("\n</svg>\n");
        Svg(out)
    }
}

/// `text` cut into lines of at most `width` characters at spaces (a longer word gets a line
/// of its own).
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        match lines.last_mut() {
            Some(line) if line.chars().count() + 1 + word.chars().count() <= width => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    lines
}

/// Text that can stand inside an SVG element.
fn xml_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

impl fmt::Display for Svg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Writes each figure to `dir/<name>.svg`, creating `dir`; returns the paths written.
pub fn write_figures(dir: &Path, figures: &[(&str, Svg)]) -> Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir).map_err(|source| Error::Io {
        action: "create the figures folder",
        path: dir.to_path_buf(),
        source,
    })?;
    let mut written = Vec::new();
    for (name, svg) in figures {
        let path = dir.join(format!("{name}.svg"));
        std::fs::write(&path, svg.as_str()).map_err(|source| Error::Io {
            action: "write figure",
            path: path.clone(),
            source,
        })?;
        written.push(path);
    }
    Ok(written)
}

const WIDTH: u32 = 640;
const HEIGHT: u32 = 420;
const FONT: &str = "sans-serif";

/// matplotlib's "tab10" colours: distinct, and readable by most colour-blind readers.
pub const PALETTE: [RGBColor; 10] = [
    RGBColor(31, 119, 180),
    RGBColor(255, 127, 14),
    RGBColor(44, 160, 44),
    RGBColor(214, 39, 40),
    RGBColor(148, 103, 189),
    RGBColor(140, 86, 75),
    RGBColor(227, 119, 194),
    RGBColor(127, 127, 127),
    RGBColor(188, 189, 34),
    RGBColor(23, 190, 207),
];

type Drawn = std::result::Result<(), Box<dyn std::error::Error>>;

fn plot_error(figure: &str) -> impl Fn(Box<dyn std::error::Error>) -> Error + '_ {
    move |e| Error::Plot {
        figure: figure.to_string(),
        reason: e.to_string(),
    }
}

/// A tick label: short, without trailing zeros, scientific for very small or large values.
fn tick(v: &f64) -> String {
    // Tick positions on a linear axis are sums of steps: −5.6e-17 is a 0 that picked up rounding.
    if v.abs() < 1e-10 {
        return "0".into();
    }
    log_tick(v)
}

/// A tick label on a logarithmic axis, where 1e-12 is a real value, not a rounded 0.
fn log_tick(v: &f64) -> String {
    let a = v.abs();
    if !(1e-3..1e5).contains(&a) {
        let s = format!("{v:.1e}");
        return s.replace(".0e", "e");
    }
    let s = format!("{v:.4}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".into()
    } else {
        s.into()
    }
}

/// One line of a [`LineChart`].
#[derive(Clone, Debug, PartialEq)]
pub struct Series {
    pub name: String,
    pub points: Vec<(f64, f64)>,
    pub dashed: bool,
    /// Index into [`PALETTE`]; by default the series' position in the chart.
    pub color: Option<usize>,
    /// A thin grey line without a legend entry (a contour line under the data).
    pub faint: bool,
    /// A run that failed (diverged, or never learned): drawn grey and dashed, "(failed)" in
    /// the legend, so that its numbers are not read as a result.
    pub failed: bool,
}

impl Series {
    /// A solid line through `points`.
    pub fn new(name: impl Into<String>, points: Vec<(f64, f64)>) -> Self {
        Series {
            name: name.into(),
            points,
            dashed: false,
            color: None,
            faint: false,
            failed: false,
        }
    }

    /// A contour line through `points`: thin, grey, not in the legend.
    pub fn level(points: Vec<(f64, f64)>) -> Self {
        Series {
            faint: true,
            ..Series::new("", points)
        }
    }

    /// A history (a loss per iteration): the points (0, y₀), (1, y₁), …
    pub fn history(name: impl Into<String>, ys: &[f64]) -> Self {
        Series::new(
            name,
            ys.iter().enumerate().map(|(i, &y)| (i as f64, y)).collect(),
        )
    }

    /// Drawn dashed.
    pub fn dashed(mut self) -> Self {
        self.dashed = true;
        self
    }

    /// A failed run: grey, dashed, "(failed)" after its name in the legend.
    pub fn failed(mut self) -> Self {
        self.failed = true;
        self
    }

    /// The series' entry in the legend, as drawn (`trace`): what it is when the line alone
    /// would not say.
    fn legend_entry(&self, trace: &Trace) -> String {
        let mut name = self.name.clone();
        if self.failed {
            name.push_str(" (failed)");
        }
        // (A series without points is a legend entry of its own: "dashed: validation".)
        let drawn = !(trace.lines.is_empty() && trace.dots.is_empty() && trace.exits.is_empty());
        if !self.points.is_empty() && !drawn {
            name.push_str(" (nothing to draw)");
        }
        name
    }

    /// Drawn in `PALETTE[index % 10]`.
    pub fn color(mut self, index: usize) -> Self {
        self.color = Some(index);
        self
    }
}

/// A chart of several line series. Non-finite points (a diverged run) are left out; a series
/// without a name has no entry in the legend. So that it reads at a glance:
///
/// - a log axis is labelled at every decade (as 10ⁿ when they reach beyond 0.001…10000), or,
///   over less than three decades, at 1, 2 and 5 times each; no two ticks read the same;
/// - a point with no neighbour (a series of one point) is drawn as a marker;
/// - the legend stands beside the chart, never on the data (the figure is widened by it);
/// - a [`Series::failed`] run is grey and dashed, "(failed)" in the legend;
/// - a line that leaves a fixed range is cut at the frame, with an arrowhead where it
///   leaves (and where it comes back), not drawn on beyond it.
///
/// ```
/// use nn_core::plot::{LineChart, Series};
/// let svg = LineChart::new("loss")
///     .x_label("iteration")
///     .series(Series::history("lr 0.1", &[1.0, 0.5, 0.25]))
///     .render()
///     .unwrap();
/// assert!(svg.as_str().starts_with("<svg") && svg.as_str().contains("lr 0.1"));
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LineChart {
    pub title: String,
    pub x_label: String,
    pub y_label: String,
    pub series: Vec<Series>,
    pub log_x: bool,
    pub log_y: bool,
    pub x_range: Option<(f64, f64)>,
    pub y_range: Option<(f64, f64)>,
}

impl LineChart {
    pub fn new(title: impl Into<String>) -> Self {
        LineChart {
            title: title.into(),
            ..Default::default()
        }
    }
    pub fn x_label(mut self, label: impl Into<String>) -> Self {
        self.x_label = label.into();
        self
    }
    pub fn y_label(mut self, label: impl Into<String>) -> Self {
        self.y_label = label.into();
        self
    }
    pub fn series(mut self, series: Series) -> Self {
        self.series.push(series);
        self
    }
    /// A logarithmic x axis (learning-rate sweeps).
    pub fn log_x(mut self) -> Self {
        self.log_x = true;
        self
    }
    /// A logarithmic y axis (losses over orders of magnitude).
    pub fn log_y(mut self) -> Self {
        self.log_y = true;
        self
    }
    pub fn x_range(mut self, lo: f64, hi: f64) -> Self {
        self.x_range = Some((lo, hi));
        self
    }
    pub fn y_range(mut self, lo: f64, hi: f64) -> Self {
        self.y_range = Some((lo, hi));
        self
    }

    /// Draws the chart.
    pub fn render(&self) -> Result<Svg> {
        let fx = self.data_range(|p| p.0, self.log_x, self.x_range, false);
        let fy = self.data_range(|p| p.1, self.log_y, self.y_range, true);
        let mut svg = String::new();
        let drawn = match (self.log_x, self.log_y) {
            (false, false) => self.draw(&mut svg, linear(fx), linear(fy)),
            (true, false) => self.draw(&mut svg, LogAxis::new(fx), linear(fy)),
            (false, true) => self.draw(&mut svg, linear(fx), LogAxis::new(fy)),
            (true, true) => self.draw(&mut svg, LogAxis::new(fx), LogAxis::new(fy)),
        };
        drawn.map_err(plot_error(&self.title))?;
        Ok(Svg(svg))
    }

    fn usable(&self, p: &(f64, f64)) -> bool {
        p.0.is_finite()
            && p.1.is_finite()
            && (!self.log_x || p.0 > 0.0)
            && (!self.log_y || p.1 > 0.0)
    }

    fn data_range(
        &self,
        pick: impl Fn(&(f64, f64)) -> f64,
        log: bool,
        fixed: Option<(f64, f64)>,
        pad: bool,
    ) -> (f64, f64) {
        if let Some(r) = fixed {
            return r;
        }
        let values = self
            .series
            .iter()
            .flat_map(|s| s.points.iter())
            .filter(|p| self.usable(p))
            .map(pick);
        let Some((lo, hi)) = finite_extent(values) else {
            return if log { (0.1, 10.0) } else { (0.0, 1.0) };
        };
        if log {
            return if pad || hi <= lo {
                (lo / 1.5, hi * 1.5)
            } else {
                (lo, hi)
            };
        }
        let span = if hi > lo { hi - lo } else { 1.0 };
        if pad {
            (lo - 0.05 * span, hi + 0.05 * span)
        } else if hi > lo {
            (lo, hi)
        } else {
            (lo - 0.5, hi + 0.5)
        }
    }

    /// Each series cut to the frame, in axis units (log₁₀ of a log axis' values).
    fn traces(&self, frame: Frame) -> Vec<Trace> {
        self.series
            .iter()
            .map(|s| {
                // A non-finite point ends a run; the line resumes after it.
                let mut runs: Vec<Vec<(f64, f64)>> = vec![Vec::new()];
                for p in &s.points {
                    if self.usable(p) {
                        runs.last_mut()
                            .expect("never empty")
                            .push(frame.to_axis(*p));
                    } else if !runs.last().expect("never empty").is_empty() {
                        runs.push(Vec::new());
                    }
                }
                let mut trace = Trace::default();
                for run in runs.iter().filter(|r| !r.is_empty()) {
                    frame.cut(run, &mut trace);
                }
                trace
            })
            .collect()
    }

    fn draw<X, Y>(&self, svg: &mut String, x: X, y: Y) -> Drawn
    where
        X: Ranged<ValueType = f64> + ValueFormatter<f64>,
        Y: Ranged<ValueType = f64> + ValueFormatter<f64>,
    {
        let x_labels = axis_labels(self.log_x, &x);
        let y_labels = axis_labels(self.log_y, &y);
        let frame = Frame {
            log: (self.log_x, self.log_y),
            x: axis_span(self.log_x, &x),
            y: axis_span(self.log_y, &y),
        };
        let traces = self.traces(frame);
        // The legend stands beside the chart, never on the data: the figure is widened by it.
        let entries: Vec<String> = self
            .series
            .iter()
            .zip(&traces)
            .filter(|(s, _)| !s.faint && !s.name.is_empty())
            .map(|(s, trace)| s.legend_entry(trace))
            .collect();
        let legend_width = legend_width(&entries);
        let root = SVGBackend::with_string(svg, (WIDTH + legend_width, HEIGHT)).into_drawing_area();
        root.fill(&WHITE)?;
        let (plot, legend) = root.split_horizontally(WIDTH);
        let mut chart = ChartBuilder::on(&plot)
            .caption(&self.title, (FONT, 24))
            .margin(12)
            .x_label_area_size(42)
            .y_label_area_size(62)
            .build_cartesian_2d(x, y)?;
        chart
            .configure_mesh()
            .label_style((FONT, 15))
            .axis_desc_style((FONT, 16))
            .x_desc(&self.x_label)
            .y_desc(&self.y_label)
            .x_label_formatter(&x_labels)
            .y_label_formatter(&y_labels)
            .light_line_style(WHITE.mix(0.0))
            .draw()?;
        let (px, py) = chart.plotting_area().get_pixel_range();
        // Pixels per axis unit, y downwards: the direction in which a path leaves the frame.
        let scale = (
            f64::from(px.end - px.start) / (frame.x.1 - frame.x.0),
            -f64::from(py.end - py.start) / (frame.y.1 - frame.y.0),
        );
        let mut row = 0;
        for (i, (s, trace)) in self.series.iter().zip(&traces).enumerate() {
            let data = |line: &Vec<(f64, f64)>| line.iter().map(|&p| frame.to_data(p)).collect();
            let lines: Vec<Vec<(f64, f64)>> = trace.lines.iter().map(data).collect();
            let dots: Vec<(f64, f64)> = trace.dots.iter().map(|&p| frame.to_data(p)).collect();
            if s.faint {
                for line in lines {
                    chart.draw_series(LineSeries::new(line, BLACK.mix(0.25).stroke_width(1)))?;
                }
                continue;
            }
            let color = if s.failed {
                FAILED
            } else {
                PALETTE[s.color.unwrap_or(i) % PALETTE.len()]
            };
            let style = color.stroke_width(2);
            let dashed = s.dashed || s.failed;
            for line in lines {
                if dashed {
                    chart.draw_series(DashedLineSeries::new(line, 6, 4, style))?;
                } else {
                    chart.draw_series(LineSeries::new(line, style))?;
                }
            }
            // A point with no neighbour draws no line: a marker instead.
            chart.draw_series(dots.iter().map(|&p| Circle::new(p, 5, color.filled())))?;
            // Where a path leaves (or comes back into) the frame, an arrowhead on the edge
            // pointing the way it goes: the line beyond it is not drawn.
            chart.draw_series(trace.exits.iter().map(|&(p, (dx, dy), leaving)| {
                let (u, v) = (dx * scale.0, dy * scale.1);
                let n = u.hypot(v).max(f64::MIN_POSITIVE);
                let (u, v) = (u / n, v / n);
                let at = |along: f64, across: f64| {
                    (
                        (along * u - across * v).round() as i32,
                        (along * v + across * u).round() as i32,
                    )
                };
                let head = if leaving {
                    vec![at(0.0, 0.0), at(-12.0, 6.0), at(-12.0, -6.0)]
                } else {
                    vec![at(12.0, 0.0), at(0.0, 6.0), at(0.0, -6.0)]
                };
                EmptyElement::at(frame.to_data(p)) + Polygon::new(head, color.filled())
            }))?;
            if !s.name.is_empty() {
                // The entry: a short line (dashes, or a dot for lone points), then the name.
                let y = py.start + 10 + 24 * row;
                row += 1;
                let only_dots = trace.lines.is_empty() && !trace.dots.is_empty();
                if only_dots {
                    legend.draw(&Circle::new((14, y), 5, color.filled()))?;
                } else if dashed {
                    legend.draw(&PathElement::new(vec![(4, y), (11, y)], style))?;
                    legend.draw(&PathElement::new(vec![(17, y), (24, y)], style))?;
                } else {
                    legend.draw(&PathElement::new(vec![(4, y), (24, y)], style))?;
                }
                let text = TextStyle::from((FONT, 15)).pos(Pos::new(HPos::Left, VPos::Center));
                legend.draw_text(&s.legend_entry(trace), &text, (32, y))?;
            }
        }
        root.present()?;
        Ok(())
    }
}

/// The colour of a failed run's line.
const FAILED: RGBColor = RGBColor(150, 150, 150);

/// The width of the legend beside a chart: its widest entry after the 32 pixels of its line,
/// and a margin; nothing without entries. The text is 12.1 pixels high as written (plotters
/// divides the 15 asked for by 1.24); 7.5 pixels a character is wider than a sans-serif
/// average, so that a browser's text stays inside the figure.
fn legend_width(entries: &[String]) -> u32 {
    let widest = entries.iter().map(|e| e.chars().count()).max();
    widest.map_or(0, |n| 32 + (n as u32 * 15).div_ceil(2) + 12)
}

/// A chart's frame in axis units (log₁₀ of a log axis' values), for cutting lines to it.
#[derive(Clone, Copy, Debug)]
struct Frame {
    log: (bool, bool),
    x: (f64, f64),
    y: (f64, f64),
}

/// One series as drawn: its lines inside the frame, its lone points, and where it crosses
/// the frame (the point on the edge, the direction of travel, whether it leaves); in axis
/// units.
#[derive(Clone, Debug, Default, PartialEq)]
struct Trace {
    lines: Vec<Vec<(f64, f64)>>,
    dots: Vec<(f64, f64)>,
    exits: Vec<Crossing>,
}

/// Where a path crosses a frame's edge: the point on the edge, the direction of travel,
/// whether it leaves (or comes back).
type Crossing = ((f64, f64), (f64, f64), bool);

impl Frame {
    fn to_axis(self, (x, y): (f64, f64)) -> (f64, f64) {
        let f = |log: bool, v: f64| if log { v.log10() } else { v };
        (f(self.log.0, x), f(self.log.1, y))
    }
    fn to_data(self, (x, y): (f64, f64)) -> (f64, f64) {
        let f = |log: bool, v: f64| if log { 10f64.powf(v) } else { v };
        (f(self.log.0, x), f(self.log.1, y))
    }

    /// The part of the segment a→b inside the frame, as fractions (t₀, t₁) of the way from
    /// a to b (Liang–Barsky), or None when it misses the frame.
    fn clip(&self, a: (f64, f64), b: (f64, f64)) -> Option<(f64, f64)> {
        let slack = |(lo, hi): (f64, f64)| (hi - lo).abs() * 1e-9;
        let (sx, sy) = (slack(self.x), slack(self.y));
        let (dx, dy) = (b.0 - a.0, b.1 - a.1);
        let (mut t0, mut t1) = (0.0f64, 1.0f64);
        for (p, q) in [
            (-dx, a.0 - self.x.0 + sx),
            (dx, self.x.1 + sx - a.0),
            (-dy, a.1 - self.y.0 + sy),
            (dy, self.y.1 + sy - a.1),
        ] {
            if p == 0.0 {
                if q < 0.0 {
                    return None;
                }
            } else if p < 0.0 {
                t0 = t0.max(q / p);
            } else {
                t1 = t1.min(q / p);
            }
        }
        (t0 <= t1).then_some((t0, t1))
    }

    /// Adds the run of points `run` (axis units) cut to the frame to `trace`.
    fn cut(&self, run: &[(f64, f64)], trace: &mut Trace) {
        if let [p] = run {
            if self.clip(*p, *p).is_some() {
                trace.dots.push(*p);
            }
            return;
        }
        let mut line: Vec<(f64, f64)> = Vec::new();
        let end = |line: &mut Vec<(f64, f64)>, trace: &mut Trace| {
            if line.len() > 1 {
                trace.lines.push(std::mem::take(line));
            }
            line.clear();
        };
        for w in run.windows(2) {
            let (a, b) = (w[0], w[1]);
            let Some((t0, t1)) = self.clip(a, b) else {
                end(&mut line, trace);
                continue;
            };
            // On the frame's edge, not the rounding error beyond it.
            let within = |v: f64, (lo, hi): (f64, f64)| v.clamp(lo.min(hi), lo.max(hi));
            let at = |t: f64| {
                (
                    within(a.0 + t * (b.0 - a.0), self.x),
                    within(a.1 + t * (b.1 - a.1), self.y),
                )
            };
            let direction = (b.0 - a.0, b.1 - a.1);
            if t0 > 1e-9 {
                end(&mut line, trace);
                trace.exits.push((at(t0), direction, false));
            }
            if line.is_empty() {
                line.push(at(t0));
            }
            line.push(at(t1));
            if t1 < 1.0 - 1e-9 {
                end(&mut line, trace);
                trace.exits.push((at(t1), direction, true));
            }
        }
        end(&mut line, trace);
    }
}

fn linear((lo, hi): (f64, f64)) -> RangedCoordf64 {
    (lo..hi).into()
}

/// An axis' range in axis units.
fn axis_span<R: Ranged<ValueType = f64>>(log: bool, axis: &R) -> (f64, f64) {
    let r = axis.range();
    if log {
        (r.start.log10(), r.end.log10())
    } else {
        (r.start, r.end)
    }
}

/// The tick labels of an axis: on a log axis ticked at decades that reach beyond 0.001…10000,
/// every decade as a power of ten (10⁻⁶, not 1e-6 beside 0.01).
fn axis_labels<R: Ranged<ValueType = f64>>(log: bool, axis: &R) -> impl Fn(&f64) -> String {
    let r = axis.range();
    let powers = log && {
        let ticks = log_ticks(r.start, r.end);
        ticks.iter().all(|&t| is_decade(t)) && ticks.iter().any(|&t| !(1e-3..=1e4).contains(&t))
    };
    // A linear axis' ticks are at least a tenth of its span apart (plotters asks for ten):
    // its labels keep a digit more than that, so that no two read the same.
    let step = (r.end - r.start).abs() / 10.0;
    move |v: &f64| {
        if powers {
            power_of_ten(*v)
        } else if log {
            log_tick(v)
        } else {
            linear_tick(*v, step)
        }
    }
}

/// A tick label on a linear axis whose ticks are at least `step` apart: as [`tick`], with
/// as many more digits as `step` needs.
fn linear_tick(v: f64, step: f64) -> String {
    if step.is_nan() || step <= 0.0 {
        return tick(&v);
    }
    if v.abs() < step * 1e-6 {
        return "0".into();
    }
    let a = v.abs();
    // Digits after the point that tell ticks `step` apart, one to spare.
    let places = (1 - step.log10().floor() as i32).max(0) as usize;
    if (1e-3..1e5).contains(&a) {
        let s = format!("{v:.*}", places.max(4));
        return s.trim_end_matches('0').trim_end_matches('.').to_string();
    }
    let mantissa = (a.log10().floor() - step.log10().floor()).clamp(1.0, 8.0) as usize;
    let s = format!("{v:.*e}", mantissa);
    let (m, e) = s.split_once('e').unwrap_or((&s, "0"));
    let m = m.trim_end_matches('0').trim_end_matches('.');
    format!("{m}e{e}")
}

fn is_decade(v: f64) -> bool {
    let k = v.log10();
    (k - k.round()).abs() < 1e-9
}

/// 10ⁿ for the decade nearest v.
fn power_of_ten(v: f64) -> String {
    let k = v.log10().round() as i32;
    let digits: String = k
        .to_string()
        .chars()
        .map(|c| match c {
            '-' => '⁻',
            d => ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹']
                [d.to_digit(10).unwrap_or(0) as usize],
        })
        .collect();
    format!("10{digits}")
}

/// The most decades a log axis labels one by one; over more it labels every second one.
const MAX_DECADES: usize = 20;

/// Where a log axis over lo..hi is ticked and labelled: every decade when it spans three or
/// more (every second one beyond [`MAX_DECADES`]); over less, the 1-2-5 multiples of each
/// decade (or 1…9 when that gives fewer than three), so that a short axis is labelled too.
fn log_ticks(lo: f64, hi: f64) -> Vec<f64> {
    let (a, b) = (
        (lo.log10() - 1e-9).ceil() as i32,
        (hi.log10() + 1e-9).floor() as i32,
    );
    if b - a + 1 >= 3 {
        let step = ((b - a + 1) as usize).div_ceil(MAX_DECADES);
        return (a..=b).step_by(step).map(decade).collect();
    }
    let inside = |v: &f64| *v >= lo * (1.0 - 1e-9) && *v <= hi * (1.0 + 1e-9);
    let multiples = |mantissas: &[f64]| -> Vec<f64> {
        (a - 1..=b)
            .flat_map(|k| mantissas.iter().map(move |m| m * decade(k)))
            .filter(inside)
            .collect()
    };
    let ticks = multiples(&[1.0, 2.0, 5.0]);
    if ticks.len() >= 3 {
        ticks
    } else {
        multiples(&[1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0])
    }
}

/// 10ᵏ, exact for the decades a chart uses (`powi` of a negative power is not: 10⁻³ would
/// print as 0.0010000000000000002).
fn decade(k: i32) -> f64 {
    if k >= 0 {
        10f64.powi(k)
    } else {
        1.0 / 10f64.powi(-k)
    }
}

/// A logarithmic axis ticked where [`log_ticks`] says: plotters' own log axis labels every
/// second decade of a wide range and crowds 0.2 … 0.9 into a short one.
struct LogAxis {
    coord: LogCoord<f64>,
    ticks: Vec<f64>,
}

impl LogAxis {
    fn new((lo, hi): (f64, f64)) -> Self {
        LogAxis {
            coord: (lo..hi).log_scale().into(),
            ticks: log_ticks(lo, hi),
        }
    }
}

impl Ranged for LogAxis {
    type FormatOption = NoDefaultFormatting;
    type ValueType = f64;
    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        self.coord.map(value, limit)
    }
    fn key_points<H: KeyPointHint>(&self, hint: H) -> Vec<f64> {
        // Only the labelled grid lines: the chart draws no light ones.
        if hint.weight().allow_light_points() {
            Vec::new()
        } else {
            self.ticks.clone()
        }
    }
    fn range(&self) -> std::ops::Range<f64> {
        self.coord.range()
    }
}

impl ValueFormatter<f64> for LogAxis {
    fn format(value: &f64) -> String {
        log_tick(value)
    }
}

/// A function and its derivative for each entry: the function solid, the derivative dashed
/// in the same colour, sampled at 401 points of `x_range`.
pub type Curve<'a> = (
    &'a str,
    &'a dyn Fn(f64) -> f64,
    &'a str,
    &'a dyn Fn(f64) -> f64,
);

/// Draws functions and their derivatives on one chart.
pub fn function_and_derivative(title: &str, x_range: (f64, f64), curves: &[Curve]) -> Result<Svg> {
    let (lo, hi) = x_range;
    let xs: Vec<f64> = (0..=400)
        .map(|i| lo + (hi - lo) * i as f64 / 400.0)
        .collect();
    let sample = |f: &dyn Fn(f64) -> f64| xs.iter().map(|&x| (x, f(x))).collect::<Vec<_>>();
    let mut chart = LineChart::new(title).x_label("x").x_range(lo, hi);
    for (i, (name, f, dname, df)) in curves.iter().enumerate() {
        chart = chart
            .series(Series::new(*name, sample(f)).color(i))
            .series(Series::new(*dname, sample(df)).dashed().color(i));
    }
    chart.render()
}

/// Colour for t in [0, 1] on plotters' viridis scale (dark purple → blue → green → yellow):
/// perceptually ordered and readable in grey. NaN is drawn as 0.
pub fn viridis(t: f64) -> RGBColor {
    ViridisRGB.get_color(unit(t))
}

/// Colour for t in [0, 1] on a diverging scale: blue (0) → white (½) → red (1).
pub fn diverging(t: f64) -> RGBColor {
    let scale = DerivedColorMap::new(&[
        RGBColor(49, 104, 176),
        RGBColor(247, 247, 247),
        RGBColor(202, 54, 46),
    ]);
    scale.get_color(unit(t))
}

/// t clamped to [0, 1], NaN as 0.
fn unit(t: f64) -> f64 {
    if t.is_nan() {
        0.0
    } else {
        t.clamp(0.0, 1.0)
    }
}

/// The smallest and largest finite value, or None when there is none.
fn finite_extent(values: impl Iterator<Item = f64>) -> Option<(f64, f64)> {
    values
        .filter(|v| v.is_finite())
        .fold(None, |range, v| match range {
            None => Some((v, v)),
            Some((lo, hi)) => Some((f64::min(lo, v), f64::max(hi, v))),
        })
}

/// The values at the two ends of a colour scale: the chosen range, or the data's finite
/// extent, widened to a unit around a single value.
fn colour_range(chosen: Option<(f64, f64)>, values: impl Iterator<Item = f64>) -> (f64, f64) {
    let (lo, hi) = chosen
        .or_else(|| finite_extent(values))
        .unwrap_or((0.0, 0.0));
    if lo < hi {
        (lo, hi)
    } else {
        (lo - 0.5, lo + 0.5)
    }
}

/// A matrix drawn as coloured cells, row 0 at the top, with a colour bar.
///
/// ```
/// use ndarray::array;
/// use nn_core::plot::Heatmap;
/// let svg = Heatmap::new("confusion", array![[40.0, 2.0], [3.0, 69.0]])
///     .labels(&["malignant", "benign"], &["malignant", "benign"])
///     .annotate(0)
///     .render()
///     .unwrap();
/// assert!(svg.as_str().contains("\n69\n")); // the count, printed in its cell
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Heatmap {
    pub title: String,
    pub values: Array2<f64>,
    pub row_labels: Vec<String>,
    pub col_labels: Vec<String>,
    pub x_label: String,
    pub y_label: String,
    /// Print each value in its cell with this many digits.
    pub annotate: Option<usize>,
    /// The values mapped to the ends of the colour scale; by default the data's min and max.
    pub range: Option<(f64, f64)>,
    /// What the colours mean, written along the colour bar.
    pub bar_title: String,
    /// Cells (row, column) of runs that failed: drawn grey with "failed" under the value,
    /// off the colour scale, so that their number is not read as a result.
    pub failed: Vec<(usize, usize)>,
}

impl Heatmap {
    pub fn new(title: impl Into<String>, values: Array2<f64>) -> Self {
        Heatmap {
            title: title.into(),
            values,
            row_labels: Vec::new(),
            col_labels: Vec::new(),
            x_label: String::new(),
            y_label: String::new(),
            annotate: None,
            range: None,
            bar_title: String::new(),
            failed: Vec::new(),
        }
    }
    /// Writes `title` along the colour bar: what the colours mean.
    pub fn bar_title(mut self, title: impl Into<String>) -> Self {
        self.bar_title = title.into();
        self
    }
    /// Marks cell (row, column) as a failed run.
    pub fn failed(mut self, row: usize, column: usize) -> Self {
        self.failed.push((row, column));
        self
    }
    pub fn labels(mut self, rows: &[&str], cols: &[&str]) -> Self {
        self.row_labels = rows.iter().map(|s| s.to_string()).collect();
        self.col_labels = cols.iter().map(|s| s.to_string()).collect();
        self
    }
    pub fn axis_labels(mut self, x: impl Into<String>, y: impl Into<String>) -> Self {
        self.x_label = x.into();
        self.y_label = y.into();
        self
    }
    pub fn annotate(mut self, digits: usize) -> Self {
        self.annotate = Some(digits);
        self
    }
    pub fn range(mut self, lo: f64, hi: f64) -> Self {
        self.range = Some((lo, hi));
        self
    }

    pub fn render(&self) -> Result<Svg> {
        let mut svg = String::new();
        self.draw(&mut svg).map_err(plot_error(&self.title))?;
        Ok(cells(svg))
    }

    fn draw(&self, svg: &mut String) -> Drawn {
        let (rows, cols) = self.values.dim();
        let (lo, hi) = colour_range(self.range, self.values.iter().copied());
        let norm = |v: f64| (v - lo) / (hi - lo);

        let root = SVGBackend::with_string(svg, (WIDTH, HEIGHT)).into_drawing_area();
        root.fill(&WHITE)?;
        let (main, bar) = root.split_horizontally(WIDTH - BAR);
        let row_label = |r: usize| self.row_labels.get(r).cloned().unwrap_or(r.to_string());
        let col_label = |c: usize| self.col_labels.get(c).cloned().unwrap_or(c.to_string());
        let mut chart = ChartBuilder::on(&main)
            .caption(&self.title, (FONT, 24))
            .margin(12)
            .x_label_area_size(42)
            .y_label_area_size(80)
            .build_cartesian_2d(0.0..cols as f64, 0.0..rows as f64)?;
        // Ticks at cell centres, labelled with the row and column names.
        let x_fmt = |v: &f64| {
            let c = v.floor() as usize;
            if (v - c as f64 - 0.5).abs() < 1e-9 && c < cols {
                col_label(c)
            } else {
                String::new()
            }
        };
        let y_fmt = |v: &f64| {
            let k = v.floor() as usize;
            if (v - k as f64 - 0.5).abs() < 1e-9 && k < rows {
                row_label(rows - 1 - k)
            } else {
                String::new()
            }
        };
        chart
            .configure_mesh()
            .label_style((FONT, 15))
            .axis_desc_style((FONT, 16))
            .disable_mesh()
            .x_labels(cols * 2 + 1)
            .y_labels(rows * 2 + 1)
            .x_label_formatter(&x_fmt)
            .y_label_formatter(&y_fmt)
            .x_desc(&self.x_label)
            .y_desc(&self.y_label)
            .draw()?;
        let failed = |r: usize, c: usize| self.failed.contains(&(r, c));
        chart.draw_series(self.values.indexed_iter().map(|((r, c), &v)| {
            let y = (rows - 1 - r) as f64;
            let fill = if failed(r, c) {
                FAILED
            } else {
                viridis(norm(v))
            };
            Rectangle::new([(c as f64, y), (c as f64 + 1.0, y + 1.0)], fill.filled())
        }))?;
        let centred = |size: u32, color: &'static RGBColor| {
            TextStyle::from((FONT, size).into_font()).color(color).pos(
                plotters::style::text_anchor::Pos::new(
                    plotters::style::text_anchor::HPos::Center,
                    plotters::style::text_anchor::VPos::Center,
                ),
            )
        };
        chart.draw_series(self.failed.iter().map(|&(r, c)| {
            let y = (rows - 1 - r) as f64 + if self.annotate.is_some() { 0.25 } else { 0.5 };
            Text::new("failed", (c as f64 + 0.5, y), centred(16, &BLACK))
        }))?;
        if let Some(digits) = self.annotate {
            chart.draw_series(self.values.indexed_iter().map(|((r, c), &v)| {
                // Light text on the dark half of the scale, dark text on the light half (and
                // on a failed run's grey).
                let dark = norm(v) < 0.6 && !failed(r, c);
                let style = centred(20, if dark { &WHITE } else { &BLACK });
                Text::new(
                    crate::table::fixed(v, digits),
                    (c as f64 + 0.5, (rows - 1 - r) as f64 + 0.5),
                    style,
                )
            }))?;
        }
        color_bar(&bar, (lo, hi), viridis, &self.bar_title)?;
        root.present()?;
        Ok(())
    }
}

/// Small heatmaps side by side on one colour scale: several images (digits and their
/// saliency maps) or several fields over the same square (what each hidden unit computes).
/// Each panel is a matrix drawn row 0 at the top, with its title above it.
///
/// ```
/// use ndarray::array;
/// use nn_core::plot::HeatmapGrid;
/// let svg = HeatmapGrid::new("two panels", 2)
///     .panel("ones", array![[1.0, 1.0], [1.0, 1.0]])
///     .panel("eye", array![[1.0, 0.0], [0.0, 1.0]])
///     .render()
///     .unwrap();
/// assert!(svg.as_str().contains("eye"));
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct HeatmapGrid {
    pub title: String,
    /// Panels per row.
    pub columns: usize,
    pub panels: Vec<(String, Array2<f64>)>,
    /// The values mapped to the ends of the colour scale; by default all panels' min and max.
    pub range: Option<(f64, f64)>,
    /// What the colours mean, written along the colour bar.
    pub bar_title: String,
    /// What the cells cover: x from the left edge to the right one, y from the top edge to
    /// the bottom one, with the axes' names; drawn as ticks on the outer panels. None: no
    /// axes (images, whose pixels need none).
    pub extent: Option<Extent>,
}

/// What the cells of a [`HeatmapGrid`]'s panels cover, with the axes' names.
#[derive(Clone, Debug, PartialEq)]
pub struct Extent {
    /// The x values at the left and right edges.
    pub x: (f64, f64),
    /// The y values at the top and bottom edges (top > bottom for a y axis that points up,
    /// top < bottom for rows counted downwards).
    pub y: (f64, f64),
    pub x_label: String,
    pub y_label: String,
}

impl HeatmapGrid {
    pub fn new(title: impl Into<String>, columns: usize) -> Self {
        HeatmapGrid {
            title: title.into(),
            columns: columns.max(1),
            panels: Vec::new(),
            range: None,
            bar_title: String::new(),
            extent: None,
        }
    }
    /// Writes `title` along the colour bar: what the colours mean.
    pub fn bar_title(mut self, title: impl Into<String>) -> Self {
        self.bar_title = title.into();
        self
    }
    /// Ticks on the outer panels: the cells span x from `x.0` (left) to `x.1` (right) and y
    /// from `y.0` (top) to `y.1` (bottom).
    pub fn extent(
        mut self,
        x: (f64, f64),
        y: (f64, f64),
        x_label: impl Into<String>,
        y_label: impl Into<String>,
    ) -> Self {
        self.extent = Some(Extent {
            x,
            y,
            x_label: x_label.into(),
            y_label: y_label.into(),
        });
        self
    }
    pub fn panel(mut self, title: impl Into<String>, values: Array2<f64>) -> Self {
        self.panels.push((title.into(), values));
        self
    }
    pub fn range(mut self, lo: f64, hi: f64) -> Self {
        self.range = Some((lo, hi));
        self
    }

    pub fn render(&self) -> Result<Svg> {
        let mut svg = String::new();
        self.draw(&mut svg).map_err(plot_error(&self.title))?;
        Ok(cells(svg))
    }

    fn draw(&self, svg: &mut String) -> Drawn {
        let rows = self.panels.len().div_ceil(self.columns).max(1);
        let panel_size = 150;
        // Room for the ticks and the axes' names beside and under each panel.
        let (left, below) = if self.extent.is_some() {
            (52, 40)
        } else {
            (0, 0)
        };
        let width = (self.columns as u32) * (panel_size + left) + BAR;
        let height = (rows as u32) * (panel_size + 24 + below) + 50;
        let all = self.panels.iter().flat_map(|(_, m)| m.iter().copied());
        let (lo, hi) = colour_range(self.range, all);
        let root = SVGBackend::with_string(svg, (width, height)).into_drawing_area();
        root.fill(&WHITE)?;
        let root = root.titled(&self.title, (FONT, 22))?;
        let (grid, bar) = root.split_horizontally(width - BAR);
        let cells = grid.split_evenly((rows, self.columns));
        for (k, ((title, values), area)) in self.panels.iter().zip(cells.iter()).enumerate() {
            let (r, c) = values.dim();
            let extent = self.extent.clone().unwrap_or(Extent {
                x: (0.0, c as f64),
                y: (r as f64, 0.0),
                x_label: String::new(),
                y_label: String::new(),
            });
            // Axis units: a value times the sign that makes the axis increase to the right
            // and upwards (rows counted downwards are drawn on the negated axis and labelled
            // back).
            let sx = if extent.x.1 >= extent.x.0 { 1.0 } else { -1.0 };
            let sy = if extent.y.0 >= extent.y.1 { 1.0 } else { -1.0 };
            let at_x =
                |j: usize| sx * (extent.x.0 + (extent.x.1 - extent.x.0) * j as f64 / c as f64);
            let at_y =
                |i: usize| sy * (extent.y.0 + (extent.y.1 - extent.y.0) * i as f64 / r as f64);
            let mut chart = ChartBuilder::on(area)
                .caption(title, (FONT, 15))
                .margin(6)
                .x_label_area_size(below)
                .y_label_area_size(left)
                .build_cartesian_2d(at_x(0)..at_x(c), at_y(r)..at_y(0))?;
            if self.extent.is_some() {
                // The axes' names on the outer panels only: the left column, the bottom row.
                let (first_column, bottom_row) =
                    (k % self.columns == 0, k + self.columns >= self.panels.len());
                let x_fmt = |v: &f64| tick(&(sx * v));
                let y_fmt = |v: &f64| tick(&(sy * v));
                chart
                    .configure_mesh()
                    .disable_mesh()
                    .label_style((FONT, 12))
                    .axis_desc_style((FONT, 13))
                    .x_labels(5)
                    .y_labels(5)
                    .x_label_formatter(&x_fmt)
                    .y_label_formatter(&y_fmt)
                    .x_desc(if bottom_row {
                        extent.x_label.as_str()
                    } else {
                        ""
                    })
                    .y_desc(if first_column {
                        extent.y_label.as_str()
                    } else {
                        ""
                    })
                    .draw()?;
            }
            // 64 colour levels, one rectangle per run of equal colour along a row: a 40×40
            // field stays a few hundred rectangles instead of 1600.
            let color = |v: f64| viridis(((v - lo) / (hi - lo) * 63.0).round() / 63.0);
            let mut cells = Vec::new();
            for (i, row) in values.rows().into_iter().enumerate() {
                let mut start = 0;
                for j in 1..=c {
                    if j == c || color(row[j]) != color(row[start]) {
                        let fill = color(row[start]).filled();
                        cells.push(Rectangle::new(
                            [(at_x(start), at_y(i + 1)), (at_x(j), at_y(i))],
                            fill,
                        ));
                        start = j;
                    }
                }
            }
            chart.draw_series(cells)?;
        }
        color_bar(&bar, (lo, hi), viridis, &self.bar_title)?;
        root.present()?;
        Ok(())
    }
}

/// The width of the strip that holds a colour bar, its ticks and its title.
const BAR: u32 = 100;

/// A vertical colour bar for values lo..hi, with `title` (what the colours mean) along it.
fn color_bar(
    area: &DrawingArea<SVGBackend, plotters::coord::Shift>,
    (lo, hi): (f64, f64),
    scale: fn(f64) -> RGBColor,
    title: &str,
) -> Drawn {
    let mut bar = ChartBuilder::on(area)
        .margin_top(45)
        .margin_bottom(54)
        .margin_left(8)
        .margin_right(4)
        .right_y_label_area_size(56)
        .build_cartesian_2d(0.0..1.0, lo..hi)?;
    bar.configure_mesh()
        .label_style((FONT, 14))
        .axis_desc_style((FONT, 14))
        .disable_mesh()
        .disable_x_axis()
        .y_labels(6)
        .y_label_formatter(&tick)
        .y_desc(title)
        .draw()?;
    let steps = 64;
    bar.draw_series((0..steps).map(|i| {
        let a = lo + (hi - lo) * i as f64 / steps as f64;
        let b = lo + (hi - lo) * (i + 1) as f64 / steps as f64;
        Rectangle::new(
            [(0.0, a), (1.0, b)],
            scale((i as f64 + 0.5) / steps as f64).filled(),
        )
    }))?;
    Ok(())
}

/// A binary classifier's probability of class 1 over a 2-D input square, coloured from blue
/// (0) through white (½) to red (1) in bands of 0.05, with the data points on top, coloured
/// by class.
///
/// ```
/// use nn_core::plot::DecisionRegions;
/// let svg = DecisionRegions::new("x > y", (0.0, 1.0), (0.0, 1.0))
///     .points(vec![(0.8, 0.1, 1), (0.1, 0.8, 0)], &["below", "above"])
///     .render(|x, y| if x > y { 1.0 } else { 0.0 })
///     .unwrap();
/// assert!(svg.as_str().contains("below"));
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct DecisionRegions {
    pub title: String,
    pub x_range: (f64, f64),
    pub y_range: (f64, f64),
    /// Cells per axis.
    pub resolution: usize,
    /// (x, y, class)
    pub points: Vec<(f64, f64, usize)>,
    pub class_names: Vec<String>,
    pub x_label: String,
    pub y_label: String,
}

impl DecisionRegions {
    pub fn new(title: impl Into<String>, x_range: (f64, f64), y_range: (f64, f64)) -> Self {
        DecisionRegions {
            title: title.into(),
            x_range,
            y_range,
            resolution: 100,
            points: Vec::new(),
            class_names: Vec::new(),
            x_label: "x₁".into(),
            y_label: "x₂".into(),
        }
    }
    pub fn points(mut self, points: Vec<(f64, f64, usize)>, class_names: &[&str]) -> Self {
        self.points = points;
        self.class_names = class_names.iter().map(|s| s.to_string()).collect();
        self
    }
    pub fn axis_labels(mut self, x: impl Into<String>, y: impl Into<String>) -> Self {
        self.x_label = x.into();
        self.y_label = y.into();
        self
    }
    pub fn resolution(mut self, cells_per_axis: usize) -> Self {
        self.resolution = cells_per_axis.max(1);
        self
    }

    /// Draws the regions of `probability(x, y)` ∈ [0, 1].
    pub fn render(&self, probability: impl Fn(f64, f64) -> f64) -> Result<Svg> {
        let mut svg = String::new();
        self.draw(&mut svg, &probability)
            .map_err(plot_error(&self.title))?;
        Ok(cells(svg))
    }

    fn draw(&self, svg: &mut String, probability: &dyn Fn(f64, f64) -> f64) -> Drawn {
        let ((x0, x1), (y0, y1)) = (self.x_range, self.y_range);
        let root = SVGBackend::with_string(svg, (WIDTH, HEIGHT)).into_drawing_area();
        root.fill(&WHITE)?;
        let (main, bar) = root.split_horizontally(WIDTH - BAR);
        let mut chart = ChartBuilder::on(&main)
            .caption(&self.title, (FONT, 24))
            .margin(12)
            .x_label_area_size(42)
            .y_label_area_size(50)
            .build_cartesian_2d(x0..x1, y0..y1)?;
        chart
            .configure_mesh()
            .label_style((FONT, 15))
            .axis_desc_style((FONT, 16))
            .disable_mesh()
            .x_desc(&self.x_label)
            .y_desc(&self.y_label)
            .x_label_formatter(&tick)
            .y_label_formatter(&tick)
            .draw()?;
        let n = self.resolution;
        let (dx, dy) = ((x1 - x0) / n as f64, (y1 - y0) / n as f64);
        // One rectangle per run of equal colour along a row keeps the SVG small: most of the
        // square is saturated blue or red.
        let mut cells = Vec::new();
        for j in 0..n {
            let y = y0 + j as f64 * dy;
            // Probabilities in 20 bands of 0.05: the band edges read as contour lines.
            let color_at = |i: usize| {
                let p = probability(x0 + (i as f64 + 0.5) * dx, y + dy / 2.0);
                diverging(((p * 20.0).floor().min(19.0) + 0.5) / 20.0)
            };
            let mut start = 0;
            let mut color = color_at(0);
            for i in 1..=n {
                let next = if i < n { Some(color_at(i)) } else { None };
                if next != Some(color) {
                    let (a, b) = (x0 + start as f64 * dx, x0 + i as f64 * dx);
                    cells.push(Rectangle::new([(a, y), (b, y + dy)], color.filled()));
                    if let Some(c) = next {
                        (start, color) = (i, c);
                    }
                }
            }
        }
        chart.draw_series(cells)?;
        // Large markers for a handful of points (XOR), smaller ones for a cloud.
        let radius = if self.points.len() > 50 { 4 } else { 7 };
        for (class, name) in self.class_names.iter().enumerate() {
            let color = PALETTE[if class == 0 { 0 } else { 3 + class - 1 } % PALETTE.len()];
            chart
                .draw_series(
                    self.points
                        .iter()
                        .filter(|p| p.2 == class)
                        .map(move |&(x, y, _)| {
                            EmptyElement::at((x, y))
                                + Circle::new((0, 0), radius, color.filled())
                                + Circle::new((0, 0), radius, BLACK.stroke_width(1))
                        }),
                )?
                .label(name)
                .legend(move |(x, y)| Circle::new((x + 8, y), 6, color.filled()));
        }
        if !self.class_names.is_empty() {
            chart
                .configure_series_labels()
                .position(SeriesLabelPosition::UpperLeft)
                .background_style(WHITE.mix(0.85))
                .border_style(BLACK.mix(0.4))
                .label_font((FONT, 15))
                .draw()?;
        }
        color_bar(&bar, (0.0, 1.0), diverging, "P(class 1)")?;
        root.present()?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn tick_labels_are_short() {
        assert_eq!(tick(&0.5), "0.5");
        assert_eq!(tick(&2.0), "2");
        assert_eq!(tick(&-0.0), "0");
        assert_eq!(tick(&0.0001), "1e-4");
        assert_eq!(tick(&250000.0), "2.5e5");
        assert_eq!(tick(&1e-12), "0", "a linear axis' rounding noise");
        assert_eq!(log_tick(&1e-12), "1e-12", "a log axis' real value");
    }

    #[test]
    fn colour_scales_hit_their_ends_and_middle() {
        // viridis's published ends are #440154 and #FDE725; plotters' table is within 1 of them.
        let near = |c: RGBColor, (r, g, b): (i32, i32, i32)| {
            (i32::from(c.0) - r).abs() <= 1
                && (i32::from(c.1) - g).abs() <= 1
                && (i32::from(c.2) - b).abs() <= 1
        };
        assert!(near(viridis(0.0), (68, 1, 84)), "{:?}", viridis(0.0));
        assert!(near(viridis(1.0), (253, 231, 37)), "{:?}", viridis(1.0));
        assert_eq!(viridis(-1.0), viridis(0.0)); // clamped
        assert_eq!(diverging(0.5), RGBColor(247, 247, 247));
        assert_eq!(diverging(2.0), diverging(1.0)); // clamped
        assert_eq!(diverging(f64::NAN), diverging(0.0));
    }

    #[test]
    fn line_chart_draws_every_named_series_and_skips_non_finite_points() {
        let svg = LineChart::new("histories")
            .series(Series::history("converges", &[1.0, 0.5, 0.2]))
            .series(Series::history(
                "diverges",
                &[1.0, 1e3, f64::NAN, f64::INFINITY],
            ))
            .log_y()
            .render()
            .unwrap();
        let s = svg.as_str();
        assert!(s.contains("converges") && s.contains("diverges") && s.contains("histories"));
        assert!(!s.contains("NaN") && !s.contains("inf"));
        // Rendering is deterministic: the same chart gives the same text.
        let again = LineChart::new("histories")
            .series(Series::history("converges", &[1.0, 0.5, 0.2]))
            .series(Series::history(
                "diverges",
                &[1.0, 1e3, f64::NAN, f64::INFINITY],
            ))
            .log_y()
            .render()
            .unwrap();
        assert_eq!(svg, again);
    }

    #[test]
    fn a_series_without_a_name_has_no_legend_entry() {
        let legend_lines = |svg: &Svg| svg.as_str().matches("<polyline").count();
        let named = LineChart::new("one")
            .series(Series::history("a", &[1.0, 2.0]))
            .series(Series::history("b", &[2.0, 1.0]).dashed())
            .render()
            .unwrap();
        let unnamed = LineChart::new("one")
            .series(Series::history("a", &[1.0, 2.0]))
            .series(Series::history("", &[2.0, 1.0]).dashed())
            .render()
            .unwrap();
        // Both draw the two lines; only the named one adds a sample to the legend (two dashes).
        assert_eq!(legend_lines(&named), legend_lines(&unnamed) + 2);
    }

    #[test]
    fn function_and_derivative_names_both_curves() {
        let f = |x: f64| x * x;
        let df = |x: f64| 2.0 * x;
        let svg = function_and_derivative("square", (-1.0, 1.0), &[("x²", &f, "2x", &df)]).unwrap();
        assert!(svg.as_str().contains("x²") && svg.as_str().contains("2x"));
    }

    #[test]
    fn heatmap_has_one_cell_per_value_plus_the_colour_bar() {
        let values = array![[0.0, 1.0, 2.0], [3.0, 4.0, 5.0]];
        let svg = Heatmap::new("cells", values).annotate(1).render().unwrap();
        let s = svg.as_str();
        assert!(s.contains("\n5.0\n") && s.contains("\n0.0\n"));
        // 6 cells + 64 colour-bar steps, each a filled <rect> (plus the background).
        let rects = s.matches("<rect").count();
        assert!(rects >= 6 + 64, "{rects} rects");
        // Neighbouring cells leave no seam when the figure is scaled.
        assert_eq!(
            s.matches("<rect shape-rendering=\"crispEdges\"").count(),
            rects
        );
    }

    #[test]
    fn heatmap_grid_draws_every_panel_on_one_scale() {
        let svg = HeatmapGrid::new("grid", 2)
            .panel("a", array![[0.0, 1.0]])
            .panel("b", array![[2.0, 3.0]])
            .panel("c", array![[4.0, 5.0]])
            .render()
            .unwrap();
        let s = svg.as_str();
        for title in ["grid", "\na\n", "\nb\n", "\nc\n"] {
            assert!(s.contains(title), "{title}");
        }
        // The shared scale: 0 is the darkest colour, 5 the brightest, in any panel.
        let hex = |c: RGBColor| format!("#{:02X}{:02X}{:02X}", c.0, c.1, c.2);
        assert!(s.contains(&hex(viridis(0.0))) && s.contains(&hex(viridis(1.0))));
    }

    #[test]
    fn decision_regions_colour_by_probability() {
        let svg = DecisionRegions::new("half", (0.0, 1.0), (0.0, 1.0))
            .resolution(2)
            .render(|x, _| if x < 0.5 { 0.0 } else { 1.0 })
            .unwrap();
        let s = svg.as_str();
        // p = 0 falls in the band [0, 0.05), drawn in the colour of its middle, 0.025.
        let blue = diverging(0.025);
        let red = diverging(0.975);
        assert!(s.contains(&format!("#{:02X}{:02X}{:02X}", blue.0, blue.1, blue.2)));
        assert!(s.contains(&format!("#{:02X}{:02X}{:02X}", red.0, red.1, red.2)));
    }

    /// The texts of an SVG's `<text>` elements (plotters writes each on a line of its own).
    fn texts(svg: &Svg) -> Vec<String> {
        svg.as_str()
            .split("<text")
            .skip(1)
            .filter_map(|t| t.split('>').nth(1)?.split('<').next())
            .map(|t| t.trim().to_string())
            .collect()
    }

    #[test]
    fn a_log_axis_is_labelled_at_every_decade_once() {
        // Six decades: every one labelled, as a power of ten (they reach below 0.001).
        let ys: Vec<f64> = (0..=60).map(|i| 10f64.powf(-i as f64 / 10.0)).collect();
        let svg = LineChart::new("decades")
            .series(Series::history("loss", &ys))
            .log_y()
            .render()
            .unwrap();
        let labels = texts(&svg);
        for k in ["10⁻⁶", "10⁻⁵", "10⁻⁴", "10⁻³", "10⁻²", "10⁻¹", "10⁰"] {
            assert_eq!(
                labels.iter().filter(|l| *l == k).count(),
                1,
                "{k} in {labels:?}"
            );
        }
        // Less than three decades: the 1-2-5 multiples, each once (plotters' own axis
        // crowded 0.2 … 0.9 under a doubled 1).
        assert_eq!(log_ticks(0.06, 2.5), vec![0.1, 0.2, 0.5, 1.0, 2.0]);
        assert_eq!(log_ticks(4.0, 70.0), vec![5.0, 10.0, 20.0, 50.0]);
        assert_eq!(log_ticks(1e-3, 1.0), vec![1e-3, 1e-2, 0.1, 1.0]);
        // Beyond MAX_DECADES, every second decade.
        assert_eq!(log_ticks(1e-13, 1e9).len(), 12);
        let short = LineChart::new("short")
            .series(Series::history("loss", &[2.5, 1.0, 0.3, 0.06]))
            .log_y()
            .render()
            .unwrap();
        let labels = texts(&short);
        for k in ["0.05", "0.1", "0.2", "0.5", "1", "2"] {
            assert!(labels.iter().any(|l| l == k), "{k} in {labels:?}");
        }
    }

    #[test]
    fn no_two_ticks_of_an_axis_read_the_same() {
        // The labels plotters asks for on a linear axis (10 of them), and on a log axis.
        let linear_ranges = [
            (0.0, 1.0),
            (-1.5, 1.5),
            (0.5, 0.5004),
            (1e5, 1.3e6),
            (0.0, 2e-4),
        ];
        let log_ranges = [
            (0.9, 1.1),
            (0.06, 2.5),
            (4.0, 70.0),
            (1e-16, 10.0),
            (3e-7, 2e-6),
        ];
        let linear_labels = linear_ranges.map(|r| {
            let axis = linear(r);
            (
                r,
                axis.key_points(10)
                    .iter()
                    .map(&axis_labels(false, &axis))
                    .collect(),
            )
        });
        let log_labels = log_ranges.map(|r| {
            let axis = LogAxis::new(r);
            (
                r,
                axis.ticks
                    .iter()
                    .map(&axis_labels(true, &axis))
                    .collect::<Vec<String>>(),
            )
        });
        for ((lo, hi), labels) in linear_labels.into_iter().chain(log_labels) {
            assert!(labels.len() >= 2, "{lo}..{hi}: {labels:?}");
            let mut unique = labels.clone();
            unique.sort();
            unique.dedup();
            assert_eq!(unique.len(), labels.len(), "{lo}..{hi}: {labels:?}");
        }
    }

    #[test]
    fn a_series_of_one_point_is_drawn_as_a_marker() {
        let with = |points: Vec<(f64, f64)>| {
            LineChart::new("one")
                .series(Series::new("a", vec![(0.0, 0.0), (1.0, 1.0)]))
                .series(Series::new("b", points))
                .render()
                .unwrap()
        };
        // One point draws a circle (and its legend entry is a circle too); two draw a line.
        assert_eq!(
            with(vec![(0.5, 0.2)]).as_str().matches("<circle").count(),
            2
        );
        assert_eq!(
            with(vec![(0.5, 0.2), (0.6, 0.3)])
                .as_str()
                .matches("<circle")
                .count(),
            0
        );
    }

    #[test]
    fn a_path_that_leaves_the_frame_is_cut_there_and_marked() {
        let chart = |points| {
            LineChart::new("path")
                .x_range(-1.0, 1.0)
                .y_range(-1.0, 1.0)
                .series(Series::new("p", points))
                .render()
                .unwrap()
        };
        let inside = chart(vec![(-0.5, -0.5), (0.5, 0.5)]);
        assert_eq!(inside.as_str().matches("<polygon").count(), 0);
        // Out through the top and back in through it: two arrowheads.
        let out_and_back = chart(vec![(-0.5, 0.0), (0.0, 3.0), (0.5, 0.0)]);
        assert_eq!(out_and_back.as_str().matches("<polygon").count(), 2);
        // The cut itself: the segment from (0, 0) to (0, 4) leaves at y = 1, a quarter of it.
        let frame = Frame {
            log: (false, false),
            x: (-1.0, 1.0),
            y: (-1.0, 1.0),
        };
        let mut trace = Trace::default();
        frame.cut(&[(0.0, 0.0), (0.0, 4.0)], &mut trace);
        assert_eq!(trace.lines, vec![vec![(0.0, 0.0), (0.0, 1.0)]]);
        assert_eq!(trace.exits, vec![((0.0, 1.0), (0.0, 4.0), true)]);
        // A segment that misses the frame draws nothing.
        let mut trace = Trace::default();
        frame.cut(&[(2.0, 2.0), (3.0, 2.0)], &mut trace);
        assert_eq!(trace, Trace::default());
    }

    #[test]
    fn a_failed_run_is_grey_dashed_and_says_so() {
        let svg = LineChart::new("runs")
            .series(Series::history("lr 0.1", &[2.3, 2.3]).failed())
            .render()
            .unwrap();
        let s = svg.as_str();
        assert!(texts(&svg).contains(&"lr 0.1 (failed)".to_string()));
        assert!(
            s.contains("#969696") && !s.contains("#1F77B4"),
            "grey, not the palette's blue"
        );
        let heatmap = Heatmap::new("h", array![[0.1, 0.9]])
            .annotate(2)
            .failed(0, 0)
            .render()
            .unwrap();
        assert_eq!(texts(&heatmap).iter().filter(|t| *t == "failed").count(), 1);
        // A series with nothing to draw says so, not a legend entry for an absent line.
        let empty = LineChart::new("e")
            .series(Series::history("a", &[1.0, 2.0]))
            .series(Series::new("never", vec![(0.5, f64::NAN)]))
            .render()
            .unwrap();
        assert!(texts(&empty).contains(&"never (nothing to draw)".to_string()));
    }

    #[test]
    fn the_legend_stands_beside_the_chart() {
        let chart = LineChart::new("t")
            .series(Series::history(
                "a long name for a series",
                &[1.0, 2.0, 3.0],
            ))
            .series(Series::history("the other", &[3.0, 2.0, 1.0]));
        let svg = chart.render().unwrap();
        let width = legend_width(&["a long name for a series".to_string()]);
        assert!(svg
            .as_str()
            .contains(&format!("width=\"{}\"", WIDTH + width)));
        // Each entry's text starts right of the chart's own width: off the plotting area.
        for name in ["a long name for a series", "the other"] {
            let at = svg.as_str().find(name).unwrap();
            let tag = &svg.as_str()[svg.as_str()[..at].rfind("<text").unwrap()..at];
            let x: f64 = tag
                .split("x=\"")
                .nth(1)
                .unwrap()
                .split('"')
                .next()
                .unwrap()
                .parse()
                .unwrap();
            assert!(x > f64::from(WIDTH), "{name} at x = {x}");
        }
        // Without a named series there is no legend and the figure keeps its width.
        let bare = LineChart::new("t")
            .series(Series::history("", &[1.0, 2.0]))
            .render()
            .unwrap();
        assert!(bare.as_str().contains(&format!("width=\"{WIDTH}\"")));
    }

    #[test]
    fn colour_bars_have_titles_and_grids_have_ticks() {
        let heatmap = Heatmap::new("h", array![[0.0, 1.0]])
            .bar_title("count")
            .render()
            .unwrap();
        assert!(texts(&heatmap).contains(&"count".to_string()));
        let grid = HeatmapGrid::new("g", 1)
            .panel("a", array![[0.0, 1.0], [2.0, 3.0]])
            .extent((-0.5, 1.5), (1.5, -0.5), "x₁", "x₂")
            .bar_title("value")
            .render()
            .unwrap();
        let labels = texts(&grid);
        for t in ["x₁", "x₂", "value", "-0.5", "0.5", "1.5"] {
            assert!(labels.contains(&t.to_string()), "{t} in {labels:?}");
        }
        // Rows counted downwards (layer 1 at the top) are labelled as counted.
        let layers = HeatmapGrid::new("g", 1)
            .panel("a", Array2::from_elem((10, 3), 1.0))
            .extent((0.0, 3.0), (0.5, 10.5), "value", "layer")
            .render()
            .unwrap();
        let labels = texts(&layers);
        assert!(
            labels.contains(&"10".to_string()) && !labels.iter().any(|t| t.starts_with('-')),
            "{labels:?}"
        );
    }

    #[test]
    fn figures_are_written_to_a_folder() {
        let dir = std::env::temp_dir().join(format!("nn-core-figures-{}", std::process::id()));
        let svg = Svg("<svg/>".into());
        let paths = write_figures(&dir, &[("a", svg)]).unwrap();
        assert_eq!(std::fs::read_to_string(&paths[0]).unwrap(), "<svg/>");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
