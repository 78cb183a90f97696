//! Wrong answers to chapter 5's exercises.

use ndarray::{Array2, Axis};

use super::super::answer_ch05 as right;

/// 5.1 as the formula reads: e^z overflows to ∞ at 1000 (∞/∞ = NaN), and e^(−1000) to 0 (0/0).
pub fn softmax_naive(z: &Array2<f64>) -> Array2<f64> {
    let e = z.mapv(f64::exp);
    let sums = e.sum_axis(Axis(1)).insert_axis(Axis(1));
    e / sums
}

/// 5.1 normalised down the columns (over the batch) instead of along each row.
pub fn softmax_over_columns(z: &Array2<f64>) -> Array2<f64> {
    right::softmax(&z.t().to_owned()).t().to_owned()
}

/// 5.2 summed over the batch, not averaged.
pub fn cross_entropy_sum(z: &Array2<f64>, labels: &[usize]) -> f64 {
    right::cross_entropy(z, labels) * labels.len() as f64
}

/// 5.2 as −log of the (stable) softmax: log 0 = −∞ once p_y rounds to 0.
pub fn cross_entropy_of_probabilities(z: &Array2<f64>, labels: &[usize]) -> f64 {
    let p = right::softmax(z);
    let total: f64 = labels
        .iter()
        .enumerate()
        .map(|(i, &y)| -p[[i, y]].ln())
        .sum();
    total / labels.len() as f64
}

/// 5.3 without the 1/n.
pub fn gradient_without_mean(z: &Array2<f64>, labels: &[usize]) -> Array2<f64> {
    right::cross_entropy_gradient(z, labels) * labels.len() as f64
}

/// 5.3 as Y − P.
pub fn gradient_wrong_sign(z: &Array2<f64>, labels: &[usize]) -> Array2<f64> {
    -right::cross_entropy_gradient(z, labels)
}

/// 5.3 from the naive softmax: NaN in the rows with large logits.
pub fn gradient_naive(z: &Array2<f64>, labels: &[usize]) -> Array2<f64> {
    let mut grad = softmax_naive(z);
    for (i, &y) in labels.iter().enumerate() {
        grad[[i, y]] -= 1.0;
    }
    grad / labels.len() as f64
}

/// 5.4 with only the Jacobian's diagonal: pᵢ(1 − pᵢ)·gᵢ.
pub fn softmax_backward_diagonal(p: &Array2<f64>, g: &Array2<f64>) -> Array2<f64> {
    p * &p.mapv(|v| 1.0 - v) * g
}

/// 5.4 with p·g subtracted but not multiplied by p: g − p·g.
pub fn softmax_backward_without_p(p: &Array2<f64>, g: &Array2<f64>) -> Array2<f64> {
    let dot = (p * g).sum_axis(Axis(1)).insert_axis(Axis(1));
    g - &dot
}
