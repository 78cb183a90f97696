//! The same, for any list of layers: [`Sequential`] chains boxed layers, the output of each the
//! input of the next — what [`Mlp`](crate::Mlp) does by hand for its three.
//!
//! Forward (training or inference) runs the list from the first layer to the last; backward
//! runs it from the last to the first, each layer turning the gradient at its output into the
//! gradient at its input. The first layer's input is the data, so `backward_params` asks the
//! first layer for its parameters' gradients only. The parameters are visited layer by layer,
//! in the list's order.
//!
//! ```
//! use ndarray::array;
//! use ch03_relu_xor::{Dense, Layer, Relu, Sequential};
//! let net = Sequential::new()
//!     .with(Dense::new(array![[1.0, -1.0]], array![0.0, 0.0])) // 1 input → 2 units
//!     .with(Relu::default())
//!     .with(Dense::new(array![[1.0], [1.0]], array![0.5])); // 2 units → 1 output
//! // x = 2: the units get (2, −2), ReLU keeps (2, 0), the output is 2 + 0 + 0.5
//! assert_eq!(net.infer(&array![[2.0]]), array![[2.5]]);
//! ```

use ndarray::{Array, Dimension, Ix2};

use crate::layer::{Layer, Param};

// ANCHOR: sequential
/// Layers in a row.
#[derive(Clone, Debug)]
pub struct Sequential<D: Dimension = Ix2> {
    layers: Vec<Box<dyn Layer<D>>>,
}

impl<D: Dimension + 'static> Sequential<D> {
    /// No layers yet: add them with [`with`](Sequential::with) or [`push`](Sequential::push).
    pub fn new() -> Self {
        Sequential { layers: Vec::new() }
    }

    /// This list with `layer` added at the end.
    pub fn with(mut self, layer: impl Layer<D> + 'static) -> Self {
        self.push(layer);
        self
    }

    /// Adds `layer` at the end.
    pub fn push(&mut self, layer: impl Layer<D> + 'static) {
        self.layers.push(Box::new(layer));
    }

    /// Adds a layer chosen at run time (already boxed) at the end.
    pub fn push_boxed(&mut self, layer: Box<dyn Layer<D>>) {
        self.layers.push(layer);
    }

    /// The layers, first to last.
    pub fn layers(&self) -> &[Box<dyn Layer<D>>] {
        &self.layers
    }

    pub fn len(&self) -> usize {
        self.layers.len()
    }

    pub fn is_empty(&self) -> bool {
        self.layers.is_empty()
    }

    /// The training forward pass, showing each layer's output to `watch(index, output)`.
    pub fn forward_watching(
        &mut self,
        x: &Array<f64, D>,
        mut watch: impl FnMut(usize, &Array<f64, D>),
    ) -> Array<f64, D> {
        let mut y = x.clone();
        for (i, layer) in self.layers.iter_mut().enumerate() {
            y = layer.forward(&y);
            watch(i, &y);
        }
        y
    }

    /// Inference, showing each layer's output to `watch(index, output)`.
    pub fn infer_watching(
        &self,
        x: &Array<f64, D>,
        mut watch: impl FnMut(usize, &Array<f64, D>),
    ) -> Array<f64, D> {
        let mut y = x.clone();
        for (i, layer) in self.layers.iter().enumerate() {
            y = layer.infer(&y);
            watch(i, &y);
        }
        y
    }
}

impl<D: Dimension + 'static> Default for Sequential<D> {
    fn default() -> Self {
        Sequential::new()
    }
}

impl<D: Dimension + 'static> Layer<D> for Sequential<D> {
    fn infer(&self, x: &Array<f64, D>) -> Array<f64, D> {
        self.infer_watching(x, |_, _| {})
    }

    fn forward(&mut self, x: &Array<f64, D>) -> Array<f64, D> {
        self.forward_watching(x, |_, _| {})
    }

    /// From the last layer to the first: ∂L/∂(output) in, ∂L/∂(input) out.
    fn backward(&mut self, grad_output: &Array<f64, D>) -> Array<f64, D> {
        let mut g = grad_output.clone();
        for layer in self.layers.iter_mut().rev() {
            g = layer.backward(&g);
        }
        g
    }

    /// The same, but the first layer keeps its parameters' gradients only: its input is the
    /// data.
    fn backward_params(&mut self, grad_output: &Array<f64, D>) {
        let Some((first, rest)) = self.layers.split_first_mut() else {
            return;
        };
        let mut g = grad_output.clone();
        for layer in rest.iter_mut().rev() {
            g = layer.backward(&g);
        }
        first.backward_params(&g);
    }

    fn visit_parameters(&mut self, visit: &mut dyn FnMut(Param<'_>)) {
        for layer in &mut self.layers {
            layer.visit_parameters(visit);
        }
    }
}
// ANCHOR_END: sequential

#[cfg(test)]
mod tests {
    use super::*;
    use crate::loss::Loss;
    use crate::{xor_inputs, Dense, Mlp, Relu, SoftmaxCrossEntropy, XOR_LABELS};
    use nn_core::rng::seeded;

    /// The chapter's network as a list: the same layers as `mlp`, in its order.
    fn listed(mlp: &Mlp) -> Sequential {
        Sequential::new()
            .with(mlp.hidden.clone())
            .with(Relu::default())
            .with(mlp.output.clone())
    }

    #[test]
    fn a_list_of_the_mlp_s_layers_is_the_mlp_bit_for_bit() {
        let x = xor_inputs() * 0.9 + 0.05;
        let mut mlp = Mlp::new(2, 5, 2, &mut seeded(3));
        let mut seq = listed(&mlp);
        assert_eq!(seq.infer(&x), mlp.infer(&x));
        assert_eq!(seq.forward(&x), mlp.forward(&x));
        let mut loss = SoftmaxCrossEntropy::default();
        loss.forward(&mlp.infer(&x), &XOR_LABELS);
        let g = loss.backward();
        assert_eq!(seq.backward(&g), mlp.backward(&g));
        let grads = |net: &mut dyn Layer| {
            let mut all = vec![];
            net.visit_parameters(&mut |p| all.push((p.name, p.grad.to_owned())));
            all
        };
        assert_eq!(grads(&mut seq), grads(&mut mlp));
        seq.backward_params(&g);
        mlp.backward_params(&g);
        assert_eq!(grads(&mut seq), grads(&mut mlp));
    }

    #[test]
    fn an_empty_list_is_the_identity() {
        let x = xor_inputs();
        let mut seq = Sequential::new();
        assert_eq!(seq.infer(&x), x);
        assert_eq!(seq.forward(&x), x);
        assert_eq!(seq.backward(&x), x);
        seq.backward_params(&x);
        assert!(seq.is_empty());
    }

    #[test]
    fn a_clone_is_independent_of_the_original() {
        let mut seq = Sequential::new().with(Dense::he(2, 3, &mut seeded(1)));
        let copy = seq.clone();
        seq.visit_parameters(&mut |mut p| p.value.fill(0.0));
        let x = xor_inputs();
        assert!(seq.infer(&x).iter().all(|&v| v == 0.0));
        assert!(copy.infer(&x).iter().any(|&v| v != 0.0));
        assert_eq!(copy.len(), 1);
    }
}
