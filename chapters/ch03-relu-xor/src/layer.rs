//! The one seam every network of this book is built on: a layer.
//!
//! A layer maps a batch to a batch in two ways. **Inference** (`infer`, through `&self`): the
//! output, keeping nothing — what predicting, evaluating and drawing use; a layer that behaves
//! differently while training (chapter 7's batch normalization, chapter 11's dropout) behaves
//! here as it should after training. **Training** (`forward`, through `&mut self`): the same
//! output, keeping what the backward pass needs. Given the gradient of the loss with respect
//! to its output, `backward` returns the gradient with respect to its input and keeps the
//! gradients of its own parameters. That is the chain rule, "local derivative times upstream
//! gradient", applied by each layer to what the layer above handed it. A network is layers in a
//! row: forward from the bottom, backward from the top.
//!
//! There is no mode to switch: training calls `forward`, everything else calls `infer`.
//!
//! An optimizer needs to see the parameters: `visit_parameters` hands each one, with its
//! gradient and its name, to a function, always in the same order (as micrograd's
//! `parameters()` lists them). Layers without parameters (the activations) have nothing to
//! visit.
//!
//! Every layer is `Clone` and `Debug` (derive them) and can be sent between threads, so that a
//! list of boxed layers — a [`Sequential`](crate::Sequential) — is itself a layer that clones.
//!
//! Shapes: a batch is (batch, features) — `Layer` is `Layer<Ix2>` — except for chapter 6's
//! convolution, whose batches are images (batch, channels, height, width): `Layer<Ix4>`.
//!
//! ```
//! use ndarray::array;
//! use ch03_relu_xor::{Dense, Layer};
//! let mut layer = Dense::new(array![[1.0, 2.0], [3.0, 4.0]], array![0.5, -0.5]);
//! let x = array![[1.0, 1.0]];
//! assert_eq!(layer.infer(&x), layer.forward(&x)); // the same output; only `forward` keeps x
//! layer.backward(&array![[1.0, 0.0]]);
//! let mut names = vec![];
//! layer.visit_parameters(&mut |p| names.push((p.name, p.value.len())));
//! assert_eq!(names, [("W", 4), ("b", 2)]);
//! ```

use std::fmt::Debug;

use ch01_sigmoid_neuron::{Sigmoid, Tanh};
use dyn_clone::DynClone;
use ndarray::{Array, Array2, ArrayViewD, ArrayViewMutD, Dimension, Ix2};

// ANCHOR: layer
/// A parameter tensor, and the gradient of the loss with respect to it from the last backward
/// pass: what an optimizer sees.
pub struct Param<'a> {
    /// The parameter's name in its layer ("W", "b", "γ", …), for messages.
    pub name: &'static str,
    pub value: ArrayViewMutD<'a, f64>,
    pub grad: ArrayViewD<'a, f64>,
}

impl<'a> Param<'a> {
    pub fn new<D: Dimension>(
        name: &'static str,
        value: &'a mut Array<f64, D>,
        grad: &'a Array<f64, D>,
    ) -> Self {
        Param {
            name,
            value: value.view_mut().into_dyn(),
            grad: grad.view().into_dyn(),
        }
    }
}

/// A layer: inference, the training forward pass, backward, and its parameters with their
/// gradients.
pub trait Layer<D: Dimension = Ix2>: DynClone + Debug + Send + Sync {
    /// Inference: the output for a batch, keeping nothing.
    fn infer(&self, x: &Array<f64, D>) -> Array<f64, D>;

    /// Training: the output for a batch; keeps what the backward pass needs.
    fn forward(&mut self, x: &Array<f64, D>) -> Array<f64, D>;

    /// Given ∂L/∂(output): keeps the parameters' gradients and returns ∂L/∂(input).
    fn backward(&mut self, grad_output: &Array<f64, D>) -> Array<f64, D>;

    /// Only the parameters' gradients: for a first layer, whose input is the data, nothing
    /// below needs ∂L/∂(input). Layers that can skip computing it say so here.
    fn backward_params(&mut self, grad_output: &Array<f64, D>) {
        self.backward(grad_output);
    }

    /// Hands each parameter with its gradient to `visit`, always in the same order.
    /// Layers without parameters (activations) visit nothing.
    fn visit_parameters(&mut self, _visit: &mut dyn FnMut(Param<'_>)) {}
}
// ANCHOR_END: layer

// A boxed layer clones (through `DynClone`), so a list of boxed layers does too.
dyn_clone::clone_trait_object!(<D> Layer<D> where D: Dimension);

// ANCHOR: chapter1_layers
/// Chapter 1's sigmoid is a layer without parameters.
impl Layer for Sigmoid {
    fn infer(&self, x: &Array2<f64>) -> Array2<f64> {
        x.mapv(ch01_sigmoid_neuron::sigmoid)
    }
    fn forward(&mut self, x: &Array2<f64>) -> Array2<f64> {
        Sigmoid::forward(self, x)
    }
    fn backward(&mut self, grad_output: &Array2<f64>) -> Array2<f64> {
        Sigmoid::backward(self, grad_output)
    }
}

/// So is chapter 1's tanh.
impl Layer for Tanh {
    fn infer(&self, x: &Array2<f64>) -> Array2<f64> {
        x.mapv(f64::tanh)
    }
    fn forward(&mut self, x: &Array2<f64>) -> Array2<f64> {
        Tanh::forward(self, x)
    }
    fn backward(&mut self, grad_output: &Array2<f64>) -> Array2<f64> {
        Tanh::backward(self, grad_output)
    }
}
// ANCHOR_END: chapter1_layers

/// The number of parameters (scalars) of a layer or network.
pub fn parameter_count<D: Dimension>(layer: &mut impl Layer<D>) -> usize {
    let mut count = 0;
    layer.visit_parameters(&mut |p| count += p.value.len());
    count
}

/// Calls `f` with parameter `index` (in the visiting order) of a layer or network: to read or
/// set one parameter of a network built as a list, say in a gradient check.
pub fn with_parameter<D: Dimension, R>(
    layer: &mut (impl Layer<D> + ?Sized),
    index: usize,
    f: impl FnOnce(Param<'_>) -> R,
) -> R {
    let (mut f, mut result, mut i) = (Some(f), None, 0);
    layer.visit_parameters(&mut |p| {
        if i == index {
            result = f.take().map(|f| f(p));
        }
        i += 1;
    });
    result.unwrap_or_else(|| panic!("parameter {index} of a layer with {i} parameters"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Mlp, SoftmaxCrossEntropy};
    use nn_core::rng::seeded;

    #[test]
    fn chapter_1_activations_train_in_a_chapter_3_network() {
        use crate::train::{evaluate, FullBatch, Trainer};
        use crate::{optimizer::Sgd, xor_inputs, XOR_LABELS};
        for tanh in [false, true] {
            let (x, labels) = (xor_inputs(), XOR_LABELS.to_vec());
            let mut trainer = Trainer {
                loss: SoftmaxCrossEntropy::default(),
                optimizer: Sgd,
                lr: 0.5,
                batches: FullBatch,
                epochs: 2000,
            };
            let final_loss = if tanh {
                let mut net = Mlp::with_activation(2, 8, 2, Tanh::default(), &mut seeded(1));
                trainer.fit(&mut net, &x, &labels, |_, _, _| {});
                evaluate(&net, &mut trainer.loss, &x, &labels)
            } else {
                let mut net = Mlp::with_activation(2, 8, 2, Sigmoid::default(), &mut seeded(1));
                trainer.fit(&mut net, &x, &labels, |_, _, _| {});
                evaluate(&net, &mut trainer.loss, &x, &labels)
            };
            assert!(final_loss < 0.05, "tanh {tanh}: loss {final_loss}");
        }
    }

    #[test]
    fn one_parameter_by_its_place() {
        let mut net = Mlp::new(2, 5, 3, &mut seeded(1));
        // W₁, b₁, W₂, b₂: the third is the output layer's weights.
        let (name, shape) = with_parameter(&mut net, 2, |p| (p.name, p.value.shape().to_vec()));
        assert_eq!((name, shape), ("W", vec![5, 3]));
        with_parameter(&mut net, 3, |mut p| p.value.fill(7.0));
        assert!(net.output.b.unwrap().iter().all(|&b| b == 7.0));
    }

    #[test]
    #[should_panic(expected = "parameter 4 of a layer with 4 parameters")]
    fn a_parameter_past_the_end_is_named() {
        with_parameter(&mut Mlp::new(2, 5, 3, &mut seeded(1)), 4, |_| ());
    }

    #[test]
    fn a_network_visits_every_parameter_once() {
        // 2·5 + 5 (hidden) + 5·3 + 3 (output) = 33
        assert_eq!(parameter_count(&mut Mlp::new(2, 5, 3, &mut seeded(1))), 33);
    }
}
