//! Chapter 10's figures, drawn from the report's structs (nothing is run here).

use nn_core::plot::Svg;
use nn_core::report::ChapterReport;
use nn_core::Result;

use crate::experiment::Report;
use crate::graph::draw;
use crate::scalar::Tape;

impl ChapterReport for Report {
    fn figures(&self) -> Result<Vec<(&'static str, Svg)>> {
        Ok(vec![(
            "unit-graph",
            draw(
                &Tape::from(self.trace.graph.clone()),
                Some(&self.trace.grads),
            ),
        )])
    }
}
