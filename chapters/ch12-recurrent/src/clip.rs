//! Gradient clipping by norm, as an optimizer around an optimizer.
//!
//! ‖g‖ = √(Σ over every parameter of every element g²), the length of the whole gradient as
//! one vector. If ‖g‖ > c, every gradient is multiplied by c/‖g‖ before the step: the
//! gradient keeps its direction and gets length c. Below c nothing changes. (Pascanu et al.,
//! 2013; PyTorch's `clip_grad_norm_`, optax's `clip_by_global_norm`.)
//!
//! Clipping each *element* to [−c, c] instead is a different thing: it changes the gradient's
//! direction (the large elements are cut, the small ones kept), and it does not bound the
//! length (n elements of c have length c·√n).
//!
//! Why an optimizer: on this book's seam a layer owns its gradients and hands them out
//! read-only, to whoever visits its parameters — which is what an optimizer does. Clipping
//! changes what the step sees, not what the backward pass computed, so it wraps the optimizer:
//! `ClipByNorm::new(Sgd, 1.0)` or `ClipByNorm::new(Adam::new(), 1.0)`, one file, no layer and
//! no optimizer touched. (PyTorch's `clip_grad_norm_` is a function that rescales the
//! gradients in place, between `backward` and the step; here the gradients are not the
//! function's to change.) The price: the norm needs every gradient before the first update,
//! so `step` visits the parameters twice.
//!
//! ```
//! use ndarray::array;
//! use ch03_relu_xor::{Dense, Layer, Optimizer, Sgd};
//! use ch12_recurrent::clip::ClipByNorm;
//! let mut layer = Dense::new(array![[0.0, 0.0]], array![0.0, 0.0]);
//! layer.forward(&array![[1.0]]);
//! layer.backward(&array![[3.0, 4.0]]); // ∂L/∂W = [3, 4], ∂L/∂b = [3, 4]: ‖g‖ = √50
//! let mut clipped = ClipByNorm::new(Sgd, 1.0);
//! clipped.step(1.0, &mut layer);
//! let norm = 50f64.sqrt();
//! assert_eq!(clipped.last_norm, norm);
//! // SGD with η = 1 moved W by −g·(1/‖g‖): the whole step has length c = 1
//! assert!((layer.w[[0, 0]] + 3.0 / norm).abs() < 1e-15);
//! assert!((layer.w[[0, 1]] + 4.0 / norm).abs() < 1e-15);
//! ```

use ch03_relu_xor::{Layer, Optimizer, Param};
use ndarray::Dimension;

/// The length of a model's whole gradient: √(Σ g²) over every element of every parameter.
pub fn gradient_norm<D: Dimension>(model: &mut impl Layer<D>) -> f64 {
    let mut squares = 0.0;
    model.visit_parameters(&mut |p| squares += p.grad.iter().map(|g| g * g).sum::<f64>());
    squares.sqrt()
}

// ANCHOR: clip
/// `inner`, stepping with the gradient scaled to length at most `max_norm`.
#[derive(Clone, Debug)]
pub struct ClipByNorm<O> {
    pub inner: O,
    pub max_norm: f64,
    /// ‖g‖ at the last `step`, before clipping.
    pub last_norm: f64,
    /// The factor of the current step: min(1, max_norm/‖g‖).
    factor: f64,
}

impl<O: Optimizer> ClipByNorm<O> {
    pub fn new(inner: O, max_norm: f64) -> Self {
        ClipByNorm {
            inner,
            max_norm,
            last_norm: 0.0,
            factor: 1.0,
        }
    }
}

impl<O: Optimizer> Optimizer for ClipByNorm<O> {
    /// `inner`'s update with the gradient times the current step's factor. (Called alone,
    /// `update` sees one parameter and cannot know the whole gradient's norm: `step` measures
    /// it first.)
    fn update(&mut self, lr: f64, index: usize, param: Param<'_>) {
        let scaled = &param.grad * self.factor;
        let param = Param {
            grad: scaled.view(),
            ..param
        };
        self.inner.update(lr, index, param);
    }

    /// Measures ‖g‖ over every parameter, then updates each with g·min(1, c/‖g‖).
    fn step<D: Dimension>(&mut self, lr: f64, model: &mut impl Layer<D>) {
        self.last_norm = gradient_norm(model);
        self.factor = if self.last_norm > self.max_norm {
            self.max_norm / self.last_norm
        } else {
            1.0
        };
        let mut index = 0;
        model.visit_parameters(&mut |param| {
            self.update(lr, index, param);
            index += 1;
        });
    }
}
// ANCHOR_END: clip
