//! Sigmoid and tanh as layers: a forward pass that remembers its output, and a backward
//! pass that turns the gradient of the loss with respect to the output, ∂L/∂Z, into the
//! gradient with respect to the input, ∂L/∂X.
//!
//! Both act element by element, so their Jacobian is diagonal and the backward pass is an
//! element-wise product. Both derivatives are functions of the *output*, which is why the
//! layer caches Z rather than X:
//!
//! - sigmoid: Z = σ(X), ∂L/∂X = Z ⊙ (1 − Z) ⊙ ∂L/∂Z; σ′ is at most ¼.
//! - tanh: Z = tanh(X) = 2σ(2X) − 1, ∂L/∂X = (1 − Z²) ⊙ ∂L/∂Z; tanh′ is at most 1.
//!
//! ```
//! use ndarray::array;
//! use ch01_sigmoid_neuron::Sigmoid;
//! let mut layer = Sigmoid::default();
//! let z = layer.forward(&array![[0.0, 2.0]]);
//! let dx = layer.backward(&array![[1.0, 1.0]]);
//! assert_eq!(dx[[0, 0]], 0.25); // σ′(0) = ½·½
//! assert!((dx[[0, 1]] - z[[0, 1]] * (1.0 - z[[0, 1]])).abs() < 1e-16);
//! ```

use ndarray::Array2;

use crate::sigmoid::sigmoid;

// ANCHOR: sigmoid_layer
/// Element-wise sigmoid; caches its output for the backward pass.
#[derive(Clone, Debug, Default)]
pub struct Sigmoid {
    output: Option<Array2<f64>>,
}

impl Sigmoid {
    /// Z = σ(X), element by element: (batch, n) -> (batch, n).
    pub fn forward(&mut self, x: &Array2<f64>) -> Array2<f64> {
        let z = x.mapv(sigmoid);
        nn_core::buffer::keep(&mut self.output, &z);
        z
    }

    /// ∂L/∂X = Z ⊙ (1 − Z) ⊙ ∂L/∂Z, from the output cached by `forward`.
    pub fn backward(&self, grad_output: &Array2<f64>) -> Array2<f64> {
        let z = self
            .output
            .as_ref()
            .expect("Sigmoid::backward called before forward");
        z * &z.mapv(|v| 1.0 - v) * grad_output
    }
}
// ANCHOR_END: sigmoid_layer

// ANCHOR: tanh_layer
/// Element-wise tanh; caches its output for the backward pass.
#[derive(Clone, Debug, Default)]
pub struct Tanh {
    output: Option<Array2<f64>>,
}

impl Tanh {
    /// Z = tanh(X), element by element: (batch, n) -> (batch, n).
    pub fn forward(&mut self, x: &Array2<f64>) -> Array2<f64> {
        let z = x.mapv(f64::tanh);
        nn_core::buffer::keep(&mut self.output, &z);
        z
    }

    /// ∂L/∂X = (1 − Z²) ⊙ ∂L/∂Z, from the output cached by `forward`.
    pub fn backward(&self, grad_output: &Array2<f64>) -> Array2<f64> {
        let z = self
            .output
            .as_ref()
            .expect("Tanh::backward called before forward");
        z.mapv(|v| 1.0 - v * v) * grad_output
    }
}
// ANCHOR_END: tanh_layer

/// tanh written with the sigmoid: tanh(x) = 2σ(2x) − 1 (the two are one curve, rescaled).
pub fn tanh_via_sigmoid(x: f64) -> f64 {
    2.0 * sigmoid(2.0 * x) - 1.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use nn_core::gradcheck::check_vjp;
    use nn_core::rng::{rand_distr::StandardNormal, seeded, RandomExt};

    fn random(shape: (usize, usize), seed: u64, scale: f64) -> Array2<f64> {
        Array2::random_using(shape, StandardNormal, &mut seeded(seed)) * scale
    }

    #[test]
    fn sigmoid_backward_passes_the_gradient_check() {
        let x = random((5, 4), 1, 3.0);
        let upstream = random((5, 4), 2, 1.0);
        let mut layer = Sigmoid::default();
        layer.forward(&x);
        let analytic = layer.backward(&upstream);
        let check = check_vjp(|x| x.mapv(sigmoid), &x, &upstream, &analytic);
        assert!(check.passed(), "{check}");
    }

    #[test]
    fn tanh_backward_passes_the_gradient_check() {
        let x = random((5, 4), 3, 2.0);
        let upstream = random((5, 4), 4, 1.0);
        let mut layer = Tanh::default();
        layer.forward(&x);
        let analytic = layer.backward(&upstream);
        let check = check_vjp(|x| x.mapv(f64::tanh), &x, &upstream, &analytic);
        assert!(check.passed(), "{check}");
    }

    #[test]
    fn tanh_is_a_rescaled_sigmoid() {
        for i in -200..=200 {
            let x = i as f64 * 0.05;
            assert!((x.tanh() - tanh_via_sigmoid(x)).abs() < 1e-15, "x = {x}");
        }
    }

    #[test]
    #[should_panic(expected = "backward called before forward")]
    fn backward_needs_a_forward_first() {
        Sigmoid::default().backward(&Array2::zeros((1, 1)));
    }
}
