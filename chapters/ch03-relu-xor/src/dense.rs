//! A dense (fully connected) layer: Y = X·W + b.
//!
//! Shapes: X (batch, in), W (in, out), b (out,), Y (batch, out). Backward, for the upstream
//! gradient G = ∂L/∂Y (batch, out):
//!
//! - ∂L/∂W = Xᵀ·G   (in, batch)·(batch, out) -> (in, out)
//! - ∂L/∂b = Σ over the batch of G   (out,)
//! - ∂L/∂X = G·Wᵀ   (batch, out)·(out, in) -> (batch, in), passed to the layer below.
//!
//! ```
//! use ndarray::array;
//! use ch03_relu_xor::{Dense, Layer};
//! let mut layer = Dense::new(array![[1.0, 2.0], [3.0, 4.0]], array![0.5, -0.5]);
//! let y = layer.forward(&array![[1.0, 1.0]]);
//! assert_eq!(y, array![[4.5, 5.5]]); // [1·1 + 1·3 + 0.5, 1·2 + 1·4 − 0.5]
//! ```

use ndarray::linalg::general_mat_mul;
use ndarray::{Array1, Array2, Axis};
use nn_core::rng::{rand_distr::Normal, ChaCha8Rng, RandomExt};

use crate::layer::{Layer, Param};

// ANCHOR: dense
/// A dense layer, with or without a bias. Caches its input for the backward pass.
#[derive(Clone, Debug)]
pub struct Dense {
    /// (in, out)
    pub w: Array2<f64>,
    /// (out,), or None for a layer without bias.
    pub b: Option<Array1<f64>>,
    /// ∂L/∂W and ∂L/∂b from the last backward pass.
    pub grad_w: Array2<f64>,
    pub grad_b: Option<Array1<f64>>,
    input: Option<Array2<f64>>,
}

impl Dense {
    /// A layer with weights `w` (in, out) and bias `b` (out,).
    pub fn new(w: Array2<f64>, b: Array1<f64>) -> Self {
        assert_eq!(
            w.ncols(),
            b.len(),
            "Dense: W is {:?} but b has {} entries",
            w.dim(),
            b.len()
        );
        let grad_b = Some(Array1::zeros(b.len()));
        Dense {
            grad_w: Array2::zeros(w.raw_dim()),
            w,
            b: Some(b),
            grad_b,
            input: None,
        }
    }

    /// A layer without bias: Y = X·W.
    pub fn without_bias(w: Array2<f64>) -> Self {
        Dense {
            grad_w: Array2::zeros(w.raw_dim()),
            w,
            b: None,
            grad_b: None,
            input: None,
        }
    }

    /// He initialisation for a layer followed by ReLU: W ~ N(0, 2/in), b = 0.
    pub fn he(inputs: usize, outputs: usize, rng: &mut ChaCha8Rng) -> Self {
        let std = (2.0 / inputs as f64).sqrt();
        let w = Array2::random_using(
            (inputs, outputs),
            Normal::new(0.0, std).expect("std > 0"),
            rng,
        );
        Dense::new(w, Array1::zeros(outputs))
    }
}

impl Layer for Dense {
    /// Y = X·W + b: (batch, in) -> (batch, out).
    fn infer(&self, x: &Array2<f64>) -> Array2<f64> {
        assert_eq!(
            x.ncols(),
            self.w.nrows(),
            "Dense: input {:?} for W {:?}",
            x.dim(),
            self.w.dim()
        );
        let y = x.dot(&self.w); // (batch, in)·(in, out)
        match &self.b {
            Some(b) => y + b, // b broadcast over the batch
            None => y,
        }
    }

    /// The same, keeping X for ∂L/∂W = Xᵀ·G.
    fn forward(&mut self, x: &Array2<f64>) -> Array2<f64> {
        let y = self.infer(x);
        nn_core::buffer::keep(&mut self.input, x);
        y
    }

    /// Keeps ∂L/∂W = Xᵀ·G and ∂L/∂b = Σ G; returns ∂L/∂X = G·Wᵀ.
    fn backward(&mut self, grad_output: &Array2<f64>) -> Array2<f64> {
        self.backward_params(grad_output);
        grad_output.dot(&self.w.t()) // (batch, out)·(out, in)
    }

    /// Keeps ∂L/∂W = Xᵀ·G and ∂L/∂b = Σ G only: a first layer's input is the data, and
    /// skipping ∂L/∂X saves a third of the layer's backward pass.
    fn backward_params(&mut self, grad_output: &Array2<f64>) {
        let x = self
            .input
            .as_ref()
            .expect("Dense::backward called before forward");
        // ∂L/∂W = Xᵀ·G: (in, batch)·(batch, out), written over the last step's gradient
        general_mat_mul(1.0, &x.t(), grad_output, 0.0, &mut self.grad_w);
        self.grad_b = self.b.as_ref().map(|_| grad_output.sum_axis(Axis(0)));
    }

    // ANCHOR: dense_parameters
    /// W, then b (if any).
    fn visit_parameters(&mut self, visit: &mut dyn FnMut(Param<'_>)) {
        visit(Param::new("W", &mut self.w, &self.grad_w));
        if let (Some(b), Some(gb)) = (self.b.as_mut(), self.grad_b.as_ref()) {
            visit(Param::new("b", b, gb));
        }
    }
    // ANCHOR_END: dense_parameters
}
// ANCHOR_END: dense

#[cfg(test)]
mod tests {
    use super::*;
    use nn_core::gradcheck::{check_gradient, check_vjp};
    use nn_core::rng::{rand_distr::StandardNormal, seeded};

    fn random(shape: (usize, usize), seed: u64) -> Array2<f64> {
        Array2::random_using(shape, StandardNormal, &mut seeded(seed))
    }

    #[test]
    fn backward_passes_the_gradient_checks() {
        let (x, w, g) = (random((5, 3), 1), random((3, 4), 2), random((5, 4), 3));
        let b = Array1::from(vec![0.1, -0.2, 0.3, 0.0]);
        let mut layer = Dense::new(w.clone(), b.clone());
        layer.forward(&x);
        let grad_x = layer.backward(&g);
        let f_x = |x: &Array2<f64>| Dense::new(w.clone(), b.clone()).forward(x);
        assert!(check_vjp(f_x, &x, &g, &grad_x).passed());
        let loss_w = |w: &Array2<f64>| (Dense::new(w.clone(), b.clone()).forward(&x) * &g).sum();
        assert!(check_gradient(loss_w, &w, &layer.grad_w).passed());
        let loss_b = |b: &Array1<f64>| (Dense::new(w.clone(), b.clone()).forward(&x) * &g).sum();
        assert!(check_gradient(loss_b, &b, layer.grad_b.as_ref().unwrap()).passed());
    }

    #[test]
    fn without_bias_is_a_plain_product() {
        let (x, w) = (random((2, 3), 4), random((3, 2), 5));
        assert_eq!(Dense::without_bias(w.clone()).forward(&x), x.dot(&w));
    }

    #[test]
    fn he_initialisation_has_the_right_spread() {
        let layer = Dense::he(200, 300, &mut seeded(6));
        let std = layer.w.std(0.0);
        assert!(
            (std - 0.1).abs() < 0.002,
            "std {std}, expected √(2/200) = 0.1"
        );
        assert!(layer.b.unwrap().iter().all(|&v| v == 0.0));
    }
}
