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
use ch03_relu_xor::{Dense, Layer, Param, Relu};
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
    pub fn layer(self) -> Act {
        match self {
            Activation::Sigmoid => Act::Sigmoid(Sigmoid::default()),
            Activation::Tanh => Act::Tanh(Tanh::default()),
            Activation::Relu => Act::Relu(Relu::default()),
        }
    }
}

impl fmt::Display for Activation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One of the book's activation layers: chapter 1's sigmoid and tanh, chapter 3's ReLU.
#[derive(Clone, Debug)]
pub enum Act {
    Sigmoid(Sigmoid),
    Tanh(Tanh),
    Relu(Relu),
}

impl Layer for Act {
    fn forward(&mut self, x: &Array2<f64>) -> Array2<f64> {
        match self {
            Act::Sigmoid(a) => Layer::forward(a, x),
            Act::Tanh(a) => Layer::forward(a, x),
            Act::Relu(a) => a.forward(x),
        }
    }
    fn backward(&mut self, grad_output: &Array2<f64>) -> Array2<f64> {
        match self {
            Act::Sigmoid(a) => Layer::backward(a, grad_output),
            Act::Tanh(a) => Layer::backward(a, grad_output),
            Act::Relu(a) => a.backward(grad_output),
        }
    }
}

/// What [`Deep::forward_watching`] shows each hidden layer: (l, h_l, a_l).
pub type Watch<'a> = dyn FnMut(usize, &Array2<f64>, &Array2<f64>) + 'a;

// ANCHOR: deep
/// `depth` hidden layers Dense → [BatchNorm] → activation, and a Dense output layer.
#[derive(Clone, Debug)]
pub struct Deep {
    pub hidden: Vec<Dense>,
    /// One batch normalization per hidden layer, between Dense and activation, or none.
    pub norms: Option<Vec<BatchNorm>>,
    pub activations: Vec<Act>,
    pub output: Dense,
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
        let dense = |n_in, n_out, rng: &mut ChaCha8Rng| {
            Dense::new(init.weights(n_in, n_out, rng), Array1::zeros(n_out))
        };
        let hidden = (0..depth)
            .map(|l| dense(if l == 0 { inputs } else { width }, width, rng))
            .collect();
        Deep {
            hidden,
            norms: batch_norm.then(|| (0..depth).map(|_| BatchNorm::new(width)).collect()),
            activations: (0..depth).map(|_| activation.layer()).collect(),
            output: dense(width, classes, rng),
        }
    }

    /// The forward pass, showing `watch(l, h_l, a_l)` each hidden layer's activation input
    /// h_l (z_l, or BN(z_l) with batch normalization) and output a_l, l = 0 … depth − 1.
    pub fn forward_watching(&mut self, x: &Array2<f64>, watch: &mut Watch<'_>) -> Array2<f64> {
        let mut a = x.clone();
        for l in 0..self.hidden.len() {
            let z = self.hidden[l].forward(&a); // (batch, in)·(in, width) -> (batch, width)
            let h = match &mut self.norms {
                Some(norms) => norms[l].forward(&z),
                None => z,
            };
            a = self.activations[l].forward(&h);
            watch(l, &h, &a);
        }
        self.output.forward(&a) // (batch, width)·(width, classes) -> (batch, classes)
    }

    /// Batch statistics (training) or running averages (inference) in every batch norm.
    pub fn set_training(&mut self, training: bool) {
        for bn in self.norms.iter_mut().flatten() {
            bn.training = training;
        }
    }

    /// Backward from ∂L/∂logits down to ∂L/∂z₁, the first layer's output.
    fn backward_to_first(&mut self, grad_logits: &Array2<f64>) -> Array2<f64> {
        let mut g = self.output.backward(grad_logits);
        for l in (0..self.hidden.len()).rev() {
            g = self.activations[l].backward(&g);
            if let Some(norms) = &mut self.norms {
                g = norms[l].backward(&g);
            }
            if l > 0 {
                g = self.hidden[l].backward(&g);
            }
        }
        g
    }
}

impl Layer for Deep {
    /// The logits: (batch, inputs) -> (batch, classes).
    fn forward(&mut self, x: &Array2<f64>) -> Array2<f64> {
        self.forward_watching(x, &mut |_, _, _| {})
    }

    fn backward(&mut self, grad_logits: &Array2<f64>) -> Array2<f64> {
        let g = self.backward_to_first(grad_logits);
        self.hidden[0].backward(&g)
    }

    fn backward_params(&mut self, grad_logits: &Array2<f64>) {
        let g = self.backward_to_first(grad_logits);
        self.hidden[0].backward_params(&g); // the input is the data: no ∂L/∂x
    }

    /// Layer by layer: W_l, b_l, [γ_l, β_l]; then the output layer's W and b.
    fn visit_parameters(&mut self, visit: &mut dyn FnMut(Param<'_>)) {
        for (l, dense) in self.hidden.iter_mut().enumerate() {
            dense.visit_parameters(visit);
            if let Some(norms) = &mut self.norms {
                norms[l].visit_parameters(visit);
            }
        }
        self.output.visit_parameters(visit);
    }
}
// ANCHOR_END: deep

#[cfg(test)]
mod tests {
    use super::*;
    use ch03_relu_xor::{evaluate, Loss, SoftmaxCrossEntropy};
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
                let f = |w: &Array2<f64>| {
                    let mut n = fresh.clone();
                    n.hidden[0].w.slice_mut(s![.., 0..2]).assign(w);
                    evaluate(&n, &mut SoftmaxCrossEntropy::default(), &x, &labels)
                };
                let w = fresh.hidden[0].w.slice(s![.., 0..2]).to_owned();
                let grad_w = net.hidden[0].grad_w.slice(s![.., 0..2]).to_owned();
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
}
