//! Chapter 4's figures, drawn from the experiments' results; nothing is trained or evaluated
//! here (the activation plot draws the formula of `leaky_relu.rs`).

use nn_core::plot::{function_and_derivative, DecisionRegions, LineChart, Series, Svg};
use nn_core::report::ChapterReport;
use nn_core::Result;

use crate::experiment::{Report, LARGE_LR, SLOPES};
use crate::leaky_relu::{leaky_relu, leaky_relu_prime};
use crate::report::variant;

// ANCHOR: figures
impl ChapterReport for Report {
    fn figures(&self) -> Result<Vec<(&'static str, Svg)>> {
        let relu = |x: f64| leaky_relu(x, 0.0);
        let relu_prime = |x: f64| leaky_relu_prime(x, 0.0);
        let leaky = |x: f64| leaky_relu(x, 0.1);
        let leaky_prime = |x: f64| leaky_relu_prime(x, 0.1);
        let activations = function_and_derivative(
            "ReLU and leaky ReLU (α = 0.1), with their derivatives (dashed)",
            (-3.0, 3.0),
            &[
                ("ReLU", &relu, "ReLU′", &relu_prime),
                ("leaky ReLU", &leaky, "leaky′", &leaky_prime),
            ],
        )?;
        let moons = &self.moons;
        // The median fraction of dead units, epoch by epoch, one chart per killing condition.
        let mut dead_charts = Vec::new();
        for (name, file) in [
            (LARGE_LR, "dead-units-large-lr"),
            ("negative initial bias", "dead-units-negative-bias"),
        ] {
            let mut chart = LineChart::new(format!("Dead units, {name} (median over seeds)"))
                .x_label("epoch")
                .y_label("fraction of hidden units dead")
                .y_range(0.0, 1.0);
            for (i, v) in moons
                .variants
                .iter()
                .filter(|v| v.condition.name == name)
                .enumerate()
            {
                chart = chart
                    .series(Series::history(variant(v.slope), &v.median_dead_fraction).color(i));
            }
            dead_charts.push((file, chart.render()?));
        }
        // Decision regions of the first seed's network under the large learning rate.
        let points: Vec<(f64, f64, usize)> =
            moons.points.iter().map(|p| (p.x1, p.x2, p.class)).collect();
        let mut boundaries = Vec::new();
        for d in &moons.decisions {
            let names = ["decision-relu", "decision-leaky-0.01", "decision-leaky-0.1"];
            let name = names[SLOPES
                .iter()
                .position(|&s| s == d.slope)
                .expect("one of SLOPES")];
            let r = &d.regions;
            let svg = DecisionRegions::new(
                format!(
                    "{}, lr {}: {} of {} units dead",
                    variant(d.slope),
                    d.lr,
                    d.dead_units,
                    d.hidden
                ),
                r.x_range,
                r.y_range,
            )
            .resolution(r.resolution)
            .points(points.clone(), &["moon 0", "moon 1"])
            .render(|a, b| r.at(a, b))?;
            boundaries.push((name, svg));
        }
        let mut figures = vec![("activations", activations)];
        figures.extend(dead_charts);
        figures.extend(boundaries);
        Ok(figures)
    }
}
// ANCHOR_END: figures
