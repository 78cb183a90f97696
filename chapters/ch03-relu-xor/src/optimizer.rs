//! An optimizer updates parameters from their gradients. It walks a model's parameters through
//! the [`Layer`] seam, so it knows no layer: adding an optimizer touches no layer, and adding a
//! layer touches no optimizer.
//!
//! Plain gradient descent (SGD): θ ← θ − η·∂L/∂θ, for every parameter θ.
//!
//! ```
//! use ndarray::array;
//! use ch03_relu_xor::{Dense, Layer, Optimizer, Sgd};
//! let mut layer = Dense::new(array![[1.0]], array![0.0]);
//! layer.forward(&array![[2.0]]);
//! layer.backward(&array![[1.0]]); // ∂L/∂W = xᵀ·g = 2, ∂L/∂b = 1
//! Sgd { lr: 0.1 }.step(&mut layer);
//! assert_eq!(layer.w[[0, 0]], 0.8); // 1 − 0.1·2
//! assert_eq!(layer.b.unwrap()[0], -0.1);
//! ```

use ndarray::Dimension;

use crate::layer::{Layer, Param};

// ANCHOR: optimizer
/// Updates parameters from their gradients.
pub trait Optimizer {
    /// Updates one parameter. `index` is its place in the model's visiting order, the same at
    /// every step, for optimizers that keep a state per parameter (momentum's velocity).
    fn update(&mut self, index: usize, param: Param<'_>);

    /// One step on every parameter of `model`, from the gradients of its last backward pass.
    fn step<D: Dimension>(&mut self, model: &mut impl Layer<D>)
    where
        Self: Sized,
    {
        let mut index = 0;
        model.visit_parameters(&mut |param| {
            self.update(index, param);
            index += 1;
        });
    }
}

/// Plain gradient descent: θ ← θ − η·∂L/∂θ.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Sgd {
    /// The learning rate η.
    pub lr: f64,
}

impl Optimizer for Sgd {
    fn update(&mut self, _index: usize, mut param: Param<'_>) {
        param.value.scaled_add(-self.lr, &param.grad);
    }
}
// ANCHOR_END: optimizer
