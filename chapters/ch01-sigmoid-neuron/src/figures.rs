//! Chapter 1's figures, drawn from the experiments' results: σ and tanh with their
//! derivatives, the training loss, and the trained neuron's output over the input square.

use ndarray::array;
use nn_core::plot::{function_and_derivative, DecisionRegions, LineChart, Series, Svg};
use nn_core::report::ChapterReport;
use nn_core::Result;

use crate::experiment::Report;
use crate::sigmoid::{sigmoid, sigmoid_prime};

// ANCHOR: figures
impl ChapterReport for Report {
    fn figures(&self) -> Result<Vec<(&'static str, Svg)>> {
        let tanh_prime = |x: f64| 1.0 - x.tanh().powi(2);
        let activations = function_and_derivative(
            "Sigmoid and tanh, with their derivatives (dashed)",
            (-6.0, 6.0),
            &[
                ("σ(x)", &sigmoid, "σ′(x) ≤ 0.25", &sigmoid_prime),
                ("tanh(x)", &f64::tanh, "tanh′(x) ≤ 1", &tanh_prime),
            ],
        )?;
        let training = &self.training;
        let loss = LineChart::new(format!("One neuron learns {}: loss", training.gate.name()))
            .x_label("gradient-descent step")
            .y_label("mean squared error")
            .log_y()
            .series(Series::history(
                format!("lr = {}", training.lr),
                &training.history,
            ))
            .render()?;
        let points = training
            .predictions
            .iter()
            .map(|p| (p.x1, p.x2, p.target as usize))
            .collect();
        // The trained neuron is the result; the plot samples its σ(w·x + b) over the square.
        let trained = &training.trained;
        let regions = DecisionRegions::new(
            format!("σ(w·x + b) of the trained {} neuron", training.gate.name()),
            (-0.5, 1.5),
            (-0.5, 1.5),
        )
        .points(points, &["0", "1"])
        .render(|x1, x2| trained.output(array![x1, x2].view()))?;
        Ok(vec![
            ("activations", activations),
            ("loss", loss),
            ("decision", regions),
        ])
    }
}
// ANCHOR_END: figures
