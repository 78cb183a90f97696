//! Label smoothing: cross-entropy against softened targets.
//!
//! Instead of the one-hot target eᵧ, train towards t = (1 − ε)·eᵧ + ε/K for K classes: the
//! right class gets 1 − ε + ε/K, every other class ε/K. The loss is
//! L = −Σₖ tₖ log pₖ = Σₖ tₖ (logsumexp(z) − zₖ), from the logits as always, and its gradient
//! is the fused p − t (divided by the batch size for the mean). With ε = 0 this is chapter 3's
//! softmax cross-entropy.
//!
//! A model trained on one-hot targets is pushed to make its logits ever further apart (p_y → 1
//! needs z_y − zₖ → ∞); smoothed targets are reached at finite logits, which tempers the
//! model's confidence.

use ch03_relu_xor::softmax::{logsumexp, softmax};
use ch03_relu_xor::Loss;
use ndarray::Array2;

// ANCHOR: smoothing
/// Softmax cross-entropy against targets smoothed by ε.
#[derive(Clone, Debug, Default)]
pub struct SmoothedCrossEntropy {
    pub epsilon: f64,
    probabilities: Option<Array2<f64>>,
    targets: Option<Array2<f64>>,
}

impl SmoothedCrossEntropy {
    pub fn new(epsilon: f64) -> Self {
        SmoothedCrossEntropy {
            epsilon,
            probabilities: None,
            targets: None,
        }
    }

    /// t = (1 − ε)·onehot(y) + ε/K: (batch, classes).
    pub fn targets(&self, labels: &[usize], classes: usize) -> Array2<f64> {
        let mut t = Array2::from_elem((labels.len(), classes), self.epsilon / classes as f64);
        for (i, &y) in labels.iter().enumerate() {
            t[[i, y]] += 1.0 - self.epsilon;
        }
        t
    }
}

impl Loss for SmoothedCrossEntropy {
    /// Class indices, one per sample.
    type Target = [usize];

    /// L = (1/n)·Σᵢ Σₖ tᵢₖ (logsumexp(zᵢ) − zᵢₖ).
    fn forward(&mut self, logits: &Array2<f64>, labels: &[usize]) -> f64 {
        let t = self.targets(labels, logits.ncols());
        let lse = logsumexp(logits);
        let mut loss = 0.0;
        for (i, (t_row, z_row)) in t.rows().into_iter().zip(logits.rows()).enumerate() {
            loss += t_row
                .iter()
                .zip(z_row)
                .map(|(&t, &z)| t * (lse[i] - z))
                .sum::<f64>();
        }
        self.probabilities = Some(softmax(logits));
        self.targets = Some(t);
        loss / labels.len() as f64
    }

    /// ∂L/∂z = (P − T)/n.
    fn backward(&self) -> Array2<f64> {
        let p = self.probabilities.as_ref().expect("forward first");
        let t = self.targets.as_ref().expect("forward first");
        (p - t) / p.nrows() as f64
    }
}
// ANCHOR_END: smoothing

#[cfg(test)]
mod tests {
    use super::*;
    use ch03_relu_xor::SoftmaxCrossEntropy;
    use ndarray::array;
    use nn_core::gradcheck::check_gradient;

    #[test]
    fn epsilon_zero_is_the_plain_cross_entropy() {
        let z = array![[0.5, -1.0, 2.0], [1.5, 0.2, -0.3]];
        let labels = [2, 0];
        let mut plain = SoftmaxCrossEntropy::default();
        let mut smooth = SmoothedCrossEntropy::new(0.0);
        assert!((plain.forward(&z, &labels) - smooth.forward(&z, &labels)).abs() < 1e-15);
        assert!((plain.backward() - smooth.backward())
            .iter()
            .all(|d| d.abs() < 1e-16));
    }

    #[test]
    fn smoothed_backward_passes_the_gradient_check() {
        let z = array![[0.5, -1.0, 2.0, 0.0], [1.5, 0.2, -0.3, 3.0]];
        let labels = [2, 3];
        let mut loss = SmoothedCrossEntropy::new(0.1);
        loss.forward(&z, &labels);
        let check = check_gradient(
            |z| SmoothedCrossEntropy::new(0.1).forward(z, &labels),
            &z,
            &loss.backward(),
        );
        assert!(check.passed(), "{check}");
    }

    #[test]
    fn targets_sum_to_one_and_put_1_minus_eps_plus_eps_over_k_on_the_label() {
        let t = SmoothedCrossEntropy::new(0.1).targets(&[1], 4);
        assert!((t.sum() - 1.0).abs() < 1e-15);
        assert!((t[[0, 1]] - 0.925).abs() < 1e-15 && (t[[0, 0]] - 0.025).abs() < 1e-15);
    }
}
