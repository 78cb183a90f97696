//! How good are the predictions? A confusion matrix and what is read off it.
//!
//! Rows are the actual classes, columns the predicted ones. For a class c:
//! precision = (predicted c and actually c) / (predicted c) — how often a "c" is right;
//! recall = (predicted c and actually c) / (actually c) — how many of the c's are found.
//!
//! ```
//! use ch02_logistic_regression::metrics::Confusion;
//! let c = Confusion::new(&[0, 0, 1, 1], &[0, 1, 1, 1], 2);
//! assert_eq!(c.accuracy(), 0.75);
//! assert_eq!(c.precision(1), Some(2.0 / 3.0));
//! assert_eq!(c.recall(1), Some(1.0));
//! ```

use ndarray::Array2;

/// Counts of (actual, predicted) pairs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Confusion {
    /// (classes, classes): `counts[[actual, predicted]]`
    pub counts: Array2<usize>,
}

impl Confusion {
    pub fn new(actual: &[usize], predicted: &[usize], classes: usize) -> Self {
        assert_eq!(actual.len(), predicted.len(), "one prediction per sample");
        let mut counts = Array2::zeros((classes, classes));
        for (&a, &p) in actual.iter().zip(predicted) {
            counts[[a, p]] += 1;
        }
        Confusion { counts }
    }

    pub fn total(&self) -> usize {
        self.counts.sum()
    }

    /// The fraction of samples on the diagonal.
    pub fn accuracy(&self) -> f64 {
        self.counts.diag().sum() as f64 / self.total() as f64
    }

    /// None when the class is never predicted.
    pub fn precision(&self, class: usize) -> Option<f64> {
        let predicted = self.counts.column(class).sum();
        (predicted > 0).then(|| self.counts[[class, class]] as f64 / predicted as f64)
    }

    /// None when the class never occurs.
    pub fn recall(&self, class: usize) -> Option<f64> {
        let actual = self.counts.row(class).sum();
        (actual > 0).then(|| self.counts[[class, class]] as f64 / actual as f64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_land_in_actual_rows_and_predicted_columns() {
        let c = Confusion::new(&[0, 0, 0, 1, 2], &[0, 1, 1, 1, 0], 3);
        assert_eq!(c.counts[[0, 1]], 2);
        assert_eq!(c.counts[[2, 0]], 1);
        assert_eq!(c.total(), 5);
        assert_eq!(c.accuracy(), 0.4);
        assert_eq!(c.precision(2), None);
        assert_eq!(c.recall(0), Some(1.0 / 3.0));
    }
}
