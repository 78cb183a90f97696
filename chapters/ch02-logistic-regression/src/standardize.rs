//! Standardization: every feature rescaled to mean 0 and standard deviation 1.
//!
//! x′ⱼ = (xⱼ − μⱼ) / sⱼ, with μⱼ and sⱼ the mean and (population) standard deviation of
//! feature j **on the training set only**. The same μ and s are then applied to the test set:
//! the model must not see the test set's statistics (that would be a leak).
//!
//! A column whose standard deviation is 0 (a constant feature, or the bias column of ones) is
//! passed through unchanged: dividing it by its standard deviation would divide by zero, and
//! centring the bias column would turn its ones into zeros and silently delete the bias.
//!
//! ```
//! use ndarray::array;
//! use ch02_logistic_regression::Standardizer;
//! let train = array![[1.0, 100.0, 1.0], [3.0, 300.0, 1.0]];
//! let s = Standardizer::fit(&train);
//! assert_eq!(s.transform(&train), array![[-1.0, -1.0, 1.0], [1.0, 1.0, 1.0]]);
//! ```

use ndarray::{Array1, Array2, Axis};

/// Below this standard deviation a column counts as constant.
const CONSTANT: f64 = 1e-12;

// ANCHOR: standardizer
/// Means and standard deviations fitted on a training set.
#[derive(Clone, Debug, PartialEq)]
pub struct Standardizer {
    /// (features,)
    pub mean: Array1<f64>,
    /// (features,)
    pub std: Array1<f64>,
}

impl Standardizer {
    /// Fits the per-column mean and standard deviation of `x`: (samples, features).
    pub fn fit(x: &Array2<f64>) -> Self {
        let mean = x.mean_axis(Axis(0)).expect("at least one sample");
        let std = x.std_axis(Axis(0), 0.0);
        Standardizer { mean, std }
    }

    /// (x − μ) / s column by column; constant columns are left as they are.
    pub fn transform(&self, x: &Array2<f64>) -> Array2<f64> {
        let mut out = x.clone();
        for (j, mut column) in out.axis_iter_mut(Axis(1)).enumerate() {
            if self.std[j] > CONSTANT {
                column.mapv_inplace(|v| (v - self.mean[j]) / self.std[j]);
            }
        }
        out
    }
}
// ANCHOR_END: standardizer

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn fitted_columns_get_mean_zero_and_std_one() {
        let x = array![[1.0, 10.0], [2.0, 20.0], [6.0, 90.0]];
        let z = Standardizer::fit(&x).transform(&x);
        for column in z.columns() {
            assert!(column.mean().unwrap().abs() < 1e-15);
            assert!((column.std(0.0) - 1.0).abs() < 1e-15);
        }
    }

    #[test]
    fn constant_and_bias_columns_pass_through_without_dividing_by_zero() {
        let x = array![[1.0, 5.0, 2.0], [1.0, 5.0, 4.0]];
        let s = Standardizer::fit(&x);
        assert_eq!(s.std[0], 0.0);
        let z = s.transform(&x);
        assert_eq!(z.column(0), array![1.0, 1.0]); // the bias column keeps its ones
        assert_eq!(z.column(1), array![5.0, 5.0]);
        assert!(z.iter().all(|v| v.is_finite()));
    }

    #[test]
    fn the_test_set_uses_the_training_statistics() {
        let train = array![[0.0], [2.0]]; // μ = 1, s = 1
        let test = array![[3.0], [5.0]];
        let z = Standardizer::fit(&train).transform(&test);
        assert_eq!(z, array![[2.0], [4.0]]); // not [[-1], [1]], which its own statistics give
    }
}
