//! Softmax and the cross-entropy loss, fused.
//!
//! softmax turns a row of logits z into probabilities pₖ = e^(zₖ) / Σⱼ e^(zⱼ). Subtracting the
//! row's maximum first changes nothing (the factor e^(−max) cancels) and keeps every exponent
//! ≤ 0, so nothing overflows. The cross-entropy of a sample with label y is
//! L = −log p_y = logsumexp(z) − z_y, computed from the logits, like chapter 2's cost.
//!
//! Backward, fused: ∂L/∂zₖ = pₖ − [k = y], that is P − Y for one-hot labels Y, divided by the
//! batch size for the mean loss. (Chapter 5 derives it through softmax's full Jacobian.)
//!
//! ```
//! use ndarray::array;
//! use ch03_relu_xor::softmax;
//! let p = softmax(&array![[1000.0, 1000.0], [0.0, f64::ln(3.0)]]);
//! assert_eq!(p, array![[0.5, 0.5], [0.25, 0.75]]);
//! ```

use ndarray::{Array1, Array2, ArrayView1, Axis};

use crate::loss::Loss;

// ANCHOR: softmax
/// Row-wise softmax with the row maximum subtracted: (batch, classes) -> (batch, classes).
pub fn softmax(z: &Array2<f64>) -> Array2<f64> {
    let mut p = z.clone();
    for mut row in p.rows_mut() {
        let max = row.fold(f64::NEG_INFINITY, |m, &v| m.max(v));
        row.mapv_inplace(|v| (v - max).exp());
        let sum = row.sum();
        row /= sum;
    }
    p
}

/// log Σⱼ e^(zⱼ) for each row, computed as max + log Σⱼ e^(zⱼ − max): (batch, classes) -> (batch,).
pub fn logsumexp(z: &Array2<f64>) -> Array1<f64> {
    z.map_axis(Axis(1), |row| {
        let max = row.fold(f64::NEG_INFINITY, |m, &v| m.max(v));
        max + row.fold(0.0, |sum, &v| sum + (v - max).exp()).ln()
    })
}
// ANCHOR_END: softmax

/// The index of the largest entry (the first, on a tie): a row's predicted class.
pub fn argmax(row: ArrayView1<f64>) -> usize {
    row.iter()
        .enumerate()
        .fold((0, f64::NEG_INFINITY), |best, (k, &v)| {
            if v > best.1 {
                (k, v)
            } else {
                best
            }
        })
        .0
}

/// The predicted class of each row of scores (logits or probabilities): (batch,).
pub fn predicted_classes(scores: &Array2<f64>) -> Vec<usize> {
    scores.rows().into_iter().map(argmax).collect()
}

/// The fraction of rows of scores (logits or probabilities) whose predicted class is the
/// label. A row with a NaN or an infinite score counts as wrong: a network that diverged
/// predicts nothing.
pub fn accuracy(scores: &Array2<f64>, labels: &[usize]) -> f64 {
    assert_eq!(scores.nrows(), labels.len(), "one label per row of scores");
    let right = scores
        .rows()
        .into_iter()
        .zip(labels)
        .filter(|(row, &label)| row.iter().all(|v| v.is_finite()) && argmax(*row) == label)
        .count();
    right as f64 / labels.len().max(1) as f64
}

// ANCHOR: cross_entropy
/// Softmax followed by the mean cross-entropy; caches the probabilities for backward.
#[derive(Clone, Debug, Default)]
pub struct SoftmaxCrossEntropy {
    probabilities: Option<Array2<f64>>,
    labels: Vec<usize>,
}

impl SoftmaxCrossEntropy {
    /// The probabilities of the last forward pass.
    pub fn probabilities(&self) -> &Array2<f64> {
        self.probabilities.as_ref().expect("forward first")
    }
}
impl Loss for SoftmaxCrossEntropy {
    /// Class indices, one per sample.
    type Target = [usize];

    /// L = (1/n)·Σᵢ [logsumexp(zᵢ) − zᵢ,yᵢ] for logits (batch, classes) and labels (batch,).
    fn forward(&mut self, logits: &Array2<f64>, labels: &[usize]) -> f64 {
        assert_eq!(logits.nrows(), labels.len(), "one label per row of logits");
        let lse = logsumexp(logits);
        let loss = labels
            .iter()
            .enumerate()
            .map(|(i, &y)| lse[i] - logits[[i, y]])
            .sum::<f64>();
        self.probabilities = Some(softmax(logits));
        self.labels = labels.to_vec();
        loss / labels.len() as f64
    }

    /// ∂L/∂z = (P − Y) / n, with Y the one-hot labels.
    fn backward(&self) -> Array2<f64> {
        let p = self
            .probabilities
            .as_ref()
            .expect("SoftmaxCrossEntropy::backward before forward");
        let mut grad = p.clone();
        for (i, &y) in self.labels.iter().enumerate() {
            grad[[i, y]] -= 1.0;
        }
        grad / self.labels.len() as f64
    }
}
// ANCHOR_END: cross_entropy

#[cfg(test)]
mod tests {
    use super::*;
    use crate::loss::Loss;
    use ndarray::array;
    use nn_core::gradcheck::check_gradient;

    #[test]
    fn the_predicted_class_is_the_first_largest_score() {
        assert_eq!(
            predicted_classes(&array![[0.1, 0.7, 0.2], [3.0, 3.0, -1.0]]),
            [1, 0]
        );
    }

    #[test]
    fn rows_sum_to_one_even_for_huge_logits() {
        let p = softmax(&array![[1e4, -1e4, 0.0], [-1e4, -1e4 + 1.0, -1e4]]);
        for row in p.rows() {
            assert!((row.sum() - 1.0).abs() < 1e-15);
            assert!(row.iter().all(|v| v.is_finite()));
        }
        assert_eq!(p[[0, 0]], 1.0);
    }

    #[test]
    fn cross_entropy_by_hand_and_at_extremes() {
        let mut ce = SoftmaxCrossEntropy::default();
        // Two equal logits: p = ½ each, L = log 2.
        assert!((ce.forward(&array![[3.0, 3.0]], &[1]) - std::f64::consts::LN_2).abs() < 1e-15);
        // Confidently wrong by 1000: L = 1000, not ∞.
        assert_eq!(ce.forward(&array![[1000.0, 0.0]], &[1]), 1000.0);
    }

    #[test]
    fn fused_backward_passes_the_gradient_check() {
        let z = array![[0.5, -1.0, 2.0], [1.5, 0.2, -0.3]];
        let labels = [2, 0];
        let mut ce = SoftmaxCrossEntropy::default();
        ce.forward(&z, &labels);
        let check = check_gradient(
            |z| SoftmaxCrossEntropy::default().forward(z, &labels),
            &z,
            &ce.backward(),
        );
        assert!(check.passed(), "{check}");
    }
}
