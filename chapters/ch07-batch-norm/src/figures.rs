//! Chapter 7's figure, drawn from the experiments' results; it runs nothing.

use ch05_softmax::bits::Squash;
use nn_core::plot::{LineChart, Series, Svg};
use nn_core::report::ChapterReport;
use nn_core::Result;

use crate::experiment::{NetworkComparison, Report};

// ANCHOR: figures
impl ChapterReport for Report {
    fn figures(&self) -> Result<Vec<(&'static str, Svg)>> {
        Ok(vec![("test-error", test_error(&self.network)?)])
    }
}

/// Each variant's median test error per epoch: solid with batch norm, dashed without.
pub fn test_error(network: &NetworkComparison) -> Result<Svg> {
    let mut chart = LineChart::new("Test error (0/1 scale), median over seeds")
        .x_label("epoch")
        .y_label("error")
        .log_y();
    for v in &network.variants {
        let color = match (v.spec.squash, v.spec.lr_factor == 1.0) {
            (Squash::Sigmoid, true) => 0,
            (Squash::Tanh, _) => 3,
            (Squash::Sigmoid, false) => 2,
        };
        let series = Series::history(v.name(), &v.median_test_error).color(color);
        chart = chart.series(if v.spec.batch_norm {
            series
        } else {
            series.dashed()
        });
    }
    chart.render()
}
// ANCHOR_END: figures
