//! ReLU(x) = max(0, x), element by element.
//!
//! Its derivative is 1 for x > 0 and 0 for x < 0. At x = 0 there is a kink and no derivative;
//! every value in [0, 1] is a valid *subgradient* there (the slope of a line through the kink
//! that stays below the function). This book uses 0, as PyTorch and TensorFlow do; the
//! well-known numpy program's mask `grad_h[h < 0] = 0` uses 1. The layer takes the value as
//! a parameter, `at_zero`, so that both can be run.
//!
//! Backward: ∂L/∂X = ReLU′(X) ⊙ ∂L/∂Y — zero wherever the unit was off: **for that sample
//! the weights into the unit get no gradient.**
//!
//! ```
//! use ndarray::array;
//! use ch03_relu_xor::{Layer, Relu};
//! let mut relu = Relu::default();
//! assert_eq!(relu.forward(&array![[-2.0, 0.0, 3.0]]), array![[0.0, 0.0, 3.0]]);
//! assert_eq!(relu.backward(&array![[1.0, 1.0, 1.0]]), array![[0.0, 0.0, 1.0]]);
//! ```

use ndarray::{Array2, Zip};

use crate::layer::Layer;

// ANCHOR: relu_prime
/// ReLU′(x): 1 for x > 0, 0 for x < 0, and `at_zero` at the kink.
pub fn relu_prime(x: f64, at_zero: f64) -> f64 {
    if x > 0.0 {
        1.0
    } else if x < 0.0 {
        0.0
    } else {
        at_zero
    }
}
// ANCHOR_END: relu_prime

// ANCHOR: relu
/// Element-wise ReLU; caches its input for the backward pass.
#[derive(Clone, Debug, Default)]
pub struct Relu {
    /// The subgradient used at exactly 0 (this book: 0).
    pub at_zero: f64,
    input: Option<Array2<f64>>,
}

impl Relu {
    /// A ReLU whose derivative at 0 is `at_zero` (the numpy program's mask `h < 0`: 1).
    pub fn with_subgradient_at_zero(at_zero: f64) -> Self {
        assert!(
            (0.0..=1.0).contains(&at_zero),
            "a subgradient of ReLU at 0 is in [0, 1]"
        );
        Relu {
            at_zero,
            input: None,
        }
    }

    /// Which units were on (input > 0) for each sample of the last forward pass.
    pub fn active(&self) -> Array2<bool> {
        self.input
            .as_ref()
            .expect("forward first")
            .mapv(|v| v > 0.0)
    }
}

impl Layer for Relu {
    /// Y = max(0, X): (batch, n) -> (batch, n).
    fn infer(&self, x: &Array2<f64>) -> Array2<f64> {
        x.mapv(|v| v.max(0.0))
    }

    /// The same, keeping X for ReLU′(X).
    fn forward(&mut self, x: &Array2<f64>) -> Array2<f64> {
        nn_core::buffer::keep(&mut self.input, x);
        self.infer(x)
    }

    /// ∂L/∂X = ReLU′(X) ⊙ ∂L/∂Y.
    fn backward(&mut self, grad_output: &Array2<f64>) -> Array2<f64> {
        let x = self
            .input
            .as_ref()
            .expect("Relu::backward called before forward");
        let mut grad = grad_output.clone();
        Zip::from(&mut grad)
            .and(x)
            .for_each(|g, &x| *g *= relu_prime(x, self.at_zero));
        grad
    }
}
// ANCHOR_END: relu

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;
    use nn_core::gradcheck::check_vjp;

    #[test]
    fn backward_passes_the_gradient_check_away_from_the_kink() {
        // No input within 0.1 of the kink: central differences with h = 1e-5 never cross it.
        let x = array![[-1.5, 0.3, 2.0], [0.7, -0.2, -3.0]];
        let g = array![[1.0, -2.0, 0.5], [0.25, 4.0, -1.0]];
        let mut relu = Relu::default();
        relu.forward(&x);
        let check = check_vjp(|x| x.mapv(|v| v.max(0.0)), &x, &g, &relu.backward(&g));
        assert!(check.passed(), "{check}");
    }

    #[test]
    fn at_the_kink_the_subgradient_is_a_choice() {
        let x = array![[0.0]];
        for at_zero in [0.0, 0.5, 1.0] {
            let mut relu = Relu::with_subgradient_at_zero(at_zero);
            relu.forward(&x);
            assert_eq!(relu.backward(&array![[2.0]])[[0, 0]], 2.0 * at_zero);
        }
        // One-sided difference quotients at 0 are 0 (left) and 1 (right): both ends of [0, 1].
        let (h, relu) = (1e-6_f64, |v: f64| v.max(0.0));
        assert_eq!((relu(0.0) - relu(-h)) / h, 0.0);
        assert_eq!((relu(h) - relu(0.0)) / h, 1.0);
    }
}
