//! A deep multilayer perceptron built from the book's blocks: `depth` hidden layers of
//! `width` units, each Dense → [BatchNorm] → activation, then a Dense output layer (logits).
//!
//! Forward, for hidden layer l = 1 … depth: z_l = a_{l−1}·W_l + b_l (the pre-activation),
//! a_l = f(z_l) (with batch normalization: a_l = f(BN(z_l))), a_0 = x.
//! Backward runs the same blocks in reverse, each applying its own chain rule: Dense (chapter
//! 3), sigmoid and tanh (chapter 1), ReLU (chapter 3), batch normalization (chapter 7).
//! Nothing here is new but the loop — which is why its gradient is checked all the same.
//!
//! Shapes: x (batch, inputs), every z_l and a_l (batch, width), logits (batch, classes).

use std::fmt;

use ch01_sigmoid_neuron::{Sigmoid, Tanh};
use ch03_relu_xor::{Dense, Layer, Param, Relu, Sequential};
use ch07_batch_norm::BatchNorm;
use ndarray::{Array1, Array2};
use nn_core::rng::ChaCha8Rng;

use crate::init::Init;

/// The hidden layers' activation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Activation {
    Sigmoid,
    Tanh,
    Relu,
}

impl Activation {
    pub const ALL: [Activation; 3] = [Activation::Sigmoid, Activation::Tanh, Activation::Relu];

    pub fn name(self) -> &'static str {
        match self {
            Activation::Sigmoid => "sigmoid",
            Activation::Tanh => "tanh",
            Activation::Relu => "ReLU",
        }
    }

    /// A fresh layer of this activation.
    pub fn layer(self) -> Box<dyn Layer> {
        match self {
            Activation::Sigmoid => Box::new(Sigmoid::default()),
            Activation::Tanh => Box::new(Tanh::default()),
            Activation::Relu => Box::new(Relu::default()),
        }
    }
}

impl fmt::Display for Activation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// What [`Deep::forward_watching`] shows each hidden layer: (l, h_l, a_l).
pub type Watch<'a> = dyn FnMut(usize, &Array2<f64>, &Array2<f64>) + 'a;

// ANCHOR: deep
/// `depth` hidden layers Dense → [BatchNorm] → activation, and a Dense output layer: a list of
/// the book's layers, which chapter 3's `Sequential` runs.
#[derive(Clone, Debug)]
pub struct Deep {
    pub layers: Sequential,
    /// Hidden layers.
    pub depth: usize,
    /// Layers per hidden layer: Dense and activation, and batch normalization between them.
    per_hidden: usize,
}

impl Deep {
    /// Weights from `init` in every layer (the output layer's too), biases 0.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        inputs: usize,
        width: usize,
        depth: usize,
        classes: usize,
        activation: Activation,
        init: Init,
        batch_norm: bool,
        rng: &mut ChaCha8Rng,
    ) -> Self {
        let mut dense =
            |n_in, n_out| Dense::new(init.weights(n_in, n_out, rng), Array1::zeros(n_out));
        let mut layers = Sequential::new();
        for l in 0..depth {
            layers.push(dense(if l == 0 { inputs } else { width }, width));
            if batch_norm {
                layers.push(BatchNorm::new(width));
            }
            layers.push_boxed(activation.layer());
        }
        layers.push(dense(width, classes));
        Deep {
            layers,
            depth,
            per_hidden: if batch_norm { 3 } else { 2 },
        }
    }

    /// What layer `index` of the list is: hidden layer l's activation, or the layer just
    /// before it (whose output is the activation's input h_l), or another.
    fn role(&self, index: usize) -> Role {
        let (l, k) = (index / self.per_hidden, index % self.per_hidden);
        match () {
            _ if l >= self.depth => Role::Other,
            _ if k == self.per_hidden - 1 => Role::Activation(l),
            _ if k == self.per_hidden - 2 => Role::ActivationInput,
            _ => Role::Other,
        }
    }

    /// The forward pass (training), showing `watch(l, h_l, a_l)` each hidden layer's
    /// activation input h_l (z_l, or BN(z_l) with batch normalization) and output a_l,
    /// l = 0 … depth − 1.
    pub fn forward_watching(&mut self, x: &Array2<f64>, watch: &mut Watch<'_>) -> Array2<f64> {
        let roles: Vec<Role> = (0..self.layers.len()).map(|i| self.role(i)).collect();
        let mut h = Array2::zeros((0, 0));
        self.layers.forward_watching(x, |i, y| match roles[i] {
            Role::Activation(l) => watch(l, &h, y),
            Role::ActivationInput => h = y.clone(),
            Role::Other => {}
        })
    }

    /// The same, by inference (batch normalization with its running averages).
    pub fn infer_watching(&self, x: &Array2<f64>, watch: &mut Watch<'_>) -> Array2<f64> {
        let mut h = Array2::zeros((0, 0));
        self.layers.infer_watching(x, |i, y| match self.role(i) {
            Role::Activation(l) => watch(l, &h, y),
            Role::ActivationInput => h = y.clone(),
            Role::Other => {}
        })
    }

    /// ‖∂L/∂W_l‖ for each hidden layer, from the last backward pass.
    pub fn weight_gradient_norms(&mut self) -> Vec<f64> {
        self.hidden_weights(|p| p.grad.mapv(|g| g * g).sum().sqrt())
    }

    /// ‖W_l‖ (Frobenius) for each hidden layer.
    pub fn weight_norms(&mut self) -> Vec<f64> {
        self.hidden_weights(|p| p.value.mapv(|w| w * w).sum().sqrt())
    }

    /// `f` of each hidden layer's weights W_l, l = 1 … depth (the output layer's left out).
    pub fn hidden_weights<T>(&mut self, mut f: impl FnMut(Param<'_>) -> T) -> Vec<T> {
        let (depth, mut seen, mut out) = (self.depth, 0, Vec::new());
        self.layers.visit_parameters(&mut |p| {
            if p.name == "W" {
                if seen < depth {
                    out.push(f(p));
                }
                seen += 1;
            }
        });
        out
    }

    /// Multiplies every hidden layer's weights by `factor` (a gain such as tanh's 5/3).
    pub fn scale_hidden_weights(&mut self, factor: f64) {
        self.hidden_weights(|mut p| p.value.mapv_inplace(|w| w * factor));
    }

    /// Sets every weight to 0, the output layer's too (zero initialization).
    pub fn zero_weights(&mut self) {
        self.layers.visit_parameters(&mut |mut p| {
            if p.name == "W" {
                p.value.fill(0.0);
            }
        });
    }
}

/// A layer's place in the list, for the watchers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    Activation(usize),
    ActivationInput,
    Other,
}

impl Layer for Deep {
    /// The logits: (batch, inputs) -> (batch, classes).
    fn infer(&self, x: &Array2<f64>) -> Array2<f64> {
        self.layers.infer(x)
    }
    fn forward(&mut self, x: &Array2<f64>) -> Array2<f64> {
        self.layers.forward(x)
    }
    fn backward(&mut self, grad_logits: &Array2<f64>) -> Array2<f64> {
        self.layers.backward(grad_logits)
    }
    fn backward_params(&mut self, grad_logits: &Array2<f64>) {
        self.layers.backward_params(grad_logits)
    }
    /// Layer by layer: W_l, b_l, [γ_l, β_l]; then the output layer's W and b.
    fn visit_parameters(&mut self, visit: &mut dyn FnMut(Param<'_>)) {
        self.layers.visit_parameters(visit)
    }
}
// ANCHOR_END: deep

#[cfg(test)]
mod tests {
    use super::*;
    use ch03_relu_xor::layer::with_parameter;
    use ch03_relu_xor::{Loss, SoftmaxCrossEntropy};
    use ndarray::s;
    use nn_core::gradcheck::{check_gradient, check_vjp};
    use nn_core::rng::{rand_distr::StandardNormal, seeded, RandomExt};

    /// A small deep network (4 hidden layers of 5 units) on 6 samples of 3 features. Weights
    /// N(0, 1): with Xavier's the sigmoid network's first-layer gradient is ~1e-7, where central
    /// differences of a loss near 1 lose digits to rounding (the vanishing gradient itself).
    fn small(activation: Activation, batch_norm: bool) -> (Deep, Array2<f64>, Vec<usize>) {
        let net = Deep::new(
            3,
            5,
            4,
            3,
            activation,
            Init::Naive,
            batch_norm,
            &mut seeded(7),
        );
        let x = Array2::random_using((6, 3), StandardNormal, &mut seeded(8));
        (net, x, vec![0, 1, 2, 0, 1, 2])
    }

    #[test]
    fn first_layer_weights_and_inputs_pass_the_gradient_checks() {
        for activation in Activation::ALL {
            for batch_norm in [false, true] {
                let (fresh, x, labels) = small(activation, batch_norm);
                if activation == Activation::Relu {
                    // Central differences with h = 1e-5 must not cross a kink: every
                    // pre-activation of every layer is at least 1e-3 away from 0.
                    let mut closest = f64::INFINITY;
                    let mut probe = fresh.clone();
                    probe.forward_watching(&x, &mut |_, z, _| {
                        closest = closest.min(z.iter().fold(f64::INFINITY, |m, v| m.min(v.abs())))
                    });
                    assert!(closest > 1e-3, "a pre-activation at {closest}");
                }
                let mut net = fresh.clone();
                let mut loss = SoftmaxCrossEntropy::default();
                loss.forward(&net.forward(&x), &labels);
                let grad_x = net.backward(&loss.backward());
                // ∂L/∂W₁ for the first layer's first two units: the gradient went through
                // every layer above.
                // (The loss of the training forward pass: with batch normalization, the
                // batch's statistics depend on the weights too.)
                let f = |w: &Array2<f64>| {
                    let mut n = fresh.clone();
                    with_parameter(&mut n, 0, |mut p| p.value.slice_mut(s![.., 0..2]).assign(w));
                    SoftmaxCrossEntropy::default().forward(&n.forward(&x), &labels)
                };
                let two_units =
                    |p: Param<'_>| (first_two_columns(p.value.view()), first_two_columns(p.grad));
                let (w, grad_w) = with_parameter(&mut net, 0, two_units);
                let c = check_gradient(f, &w, &grad_w);
                assert!(
                    c.passed(),
                    "{activation}, batch norm {batch_norm}: ∂L/∂W₁ {c}"
                );
                // ∂L/∂x, as a vector-Jacobian product of the logits.
                let g = loss.backward();
                let mut probe = fresh.clone();
                probe.forward(&x);
                let grad_x_logits = probe.backward(&g);
                assert_eq!(grad_x, grad_x_logits);
                let c = check_vjp(|x| fresh.clone().forward(x), &x, &g, &grad_x_logits);
                assert!(
                    c.passed(),
                    "{activation}, batch norm {batch_norm}: ∂L/∂x {c}"
                );
            }
        }
    }

    #[test]
    fn every_parameter_is_visited_once() {
        // 3·5 + 5, then 3 × (5·5 + 5), then 5·3 + 3: 20 + 90 + 18 = 128; batch norm adds
        // γ and β per hidden unit: 4 · 2 · 5 = 40.
        let count = |bn| {
            let (mut net, _, _) = small(Activation::Tanh, bn);
            ch03_relu_xor::layer::parameter_count(&mut net)
        };
        assert_eq!(count(false), 128);
        assert_eq!(count(true), 168);
    }

    /// The first two columns of a (rows, columns) parameter or gradient.
    fn first_two_columns(a: ndarray::ArrayViewD<f64>) -> Array2<f64> {
        let a = a.into_dimensionality::<ndarray::Ix2>().expect("a matrix");
        a.slice(s![.., 0..2]).to_owned()
    }
}
