//! Calibration: does a confidence of 0.9 mean right 90% of the time?
//!
//! Group the predictions by confidence (the largest probability) into bins of width 0.1. In
//! each bin compare the mean confidence with the accuracy. The **expected calibration error**
//! is their gap, weighted by the bin's share of samples: ECE = Σ_b (n_b/N)·|acc_b − conf_b|.
//! A reliability diagram plots acc_b against conf_b; a calibrated model lies on the diagonal.

use ch03_relu_xor::argmax;
use ndarray::Array2;

/// One confidence bin: its range, how many samples, their mean confidence and accuracy.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Bin {
    pub lo: f64,
    pub hi: f64,
    pub count: usize,
    pub confidence: f64,
    pub accuracy: f64,
}

// ANCHOR: calibration
/// The reliability bins of probabilities (samples, classes) against labels.
pub fn reliability(p: &Array2<f64>, labels: &[usize], bins: usize) -> Vec<Bin> {
    let mut sums = vec![(0usize, 0.0, 0.0); bins]; // (count, Σ confidence, Σ correct)
    for (row, &y) in p.rows().into_iter().zip(labels) {
        let best = argmax(row);
        let confidence = row[best];
        let b = ((confidence * bins as f64) as usize).min(bins - 1);
        sums[b].0 += 1;
        sums[b].1 += confidence;
        sums[b].2 += f64::from(u8::from(best == y));
    }
    sums.iter()
        .enumerate()
        .map(|(b, &(count, conf, right))| Bin {
            lo: b as f64 / bins as f64,
            hi: (b + 1) as f64 / bins as f64,
            count,
            confidence: if count > 0 {
                conf / count as f64
            } else {
                f64::NAN
            },
            accuracy: if count > 0 {
                right / count as f64
            } else {
                f64::NAN
            },
        })
        .collect()
}

/// ECE = Σ_b (n_b/N)·|acc_b − conf_b|.
pub fn expected_calibration_error(bins: &[Bin]) -> f64 {
    let total: usize = bins.iter().map(|b| b.count).sum();
    bins.iter()
        .filter(|b| b.count > 0)
        .map(|b| b.count as f64 / total as f64 * (b.accuracy - b.confidence).abs())
        .sum()
}
// ANCHOR_END: calibration

/// The mean of the largest probability of each row.
pub fn mean_confidence(p: &Array2<f64>) -> f64 {
    p.rows()
        .into_iter()
        .map(|r| r.fold(0.0, |m: f64, &v| m.max(v)))
        .sum::<f64>()
        / p.nrows() as f64
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn ece_by_hand() {
        // Two samples at confidence 0.95, one right, one wrong: bin [0.9, 1.0) has
        // accuracy 0.5 and confidence 0.95, so ECE = |0.5 − 0.95| = 0.45.
        let p = array![[0.95, 0.05], [0.95, 0.05]];
        let bins = reliability(&p, &[0, 1], 10);
        assert_eq!(bins[9].count, 2);
        assert!((expected_calibration_error(&bins) - 0.45).abs() < 1e-12);
        assert!((mean_confidence(&p) - 0.95).abs() < 1e-15);
    }

    #[test]
    fn a_perfectly_calibrated_bin_has_no_error() {
        // Four samples at confidence 0.75, three right.
        let p = array![[0.75, 0.25], [0.75, 0.25], [0.75, 0.25], [0.75, 0.25]];
        let bins = reliability(&p, &[0, 0, 0, 1], 10);
        assert!(expected_calibration_error(&bins).abs() < 1e-12);
    }
}
