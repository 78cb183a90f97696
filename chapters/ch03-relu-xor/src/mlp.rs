//! The learner's network: input → dense → ReLU → dense, with softmax cross-entropy on top.
//!
//! Forward: A = ReLU(X·W₁ + b₁), Z = A·W₂ + b₂, P = softmax(Z), L = mean cross-entropy.
//! Backward, layer by layer from the top — each layer turns the gradient with respect to its
//! output into the gradient with respect to its input (and its parameters):
//! ∂L/∂Z = (P − Y)/n → ∂L/∂A = ∂L/∂Z·W₂ᵀ → ∂L/∂H = ReLU′(H) ⊙ ∂L/∂A → ∂L/∂W₁ = Xᵀ·∂L/∂H.
//!
//! The network is itself a [`Layer`]: its forward gives the logits, its backward takes
//! ∂L/∂logits, and it visits its two dense layers' parameters. The loss stays outside, in the
//! training loop, so the same network trains with any loss.

use ndarray::Array2;
use nn_core::rng::ChaCha8Rng;

use crate::dense::Dense;
use crate::layer::{Layer, Param};
use crate::relu::Relu;

// ANCHOR: mlp
/// Two dense layers with an activation between them: ReLU unless chosen otherwise (any
/// parameter-free layer: chapter 1's sigmoid or tanh, chapter 4's leaky ReLU).
#[derive(Clone, Debug)]
pub struct Mlp<A: Layer = Relu> {
    pub hidden: Dense,
    pub activation: A,
    pub output: Dense,
}

impl Mlp {
    /// He-initialised weights, zero biases, ReLU.
    pub fn new(inputs: usize, hidden: usize, classes: usize, rng: &mut ChaCha8Rng) -> Self {
        Mlp::with_activation(inputs, hidden, classes, Relu::default(), rng)
    }
}

impl<A: Layer + Clone> Mlp<A> {
    /// He-initialised weights, zero biases, and the given activation.
    pub fn with_activation(
        inputs: usize,
        hidden: usize,
        classes: usize,
        activation: A,
        rng: &mut ChaCha8Rng,
    ) -> Self {
        Mlp {
            hidden: Dense::he(inputs, hidden, rng),
            activation,
            output: Dense::he(hidden, classes, rng),
        }
    }

    /// Class probabilities for a batch.
    pub fn probabilities(&self, x: &Array2<f64>) -> Array2<f64> {
        crate::softmax::softmax(&self.infer(x))
    }
}

// ANCHOR: mlp_layer
impl<A: Layer + Clone> Layer for Mlp<A> {
    /// The logits: (batch, inputs) -> (batch, classes).
    fn infer(&self, x: &Array2<f64>) -> Array2<f64> {
        let h = self.hidden.infer(x);
        self.output.infer(&self.activation.infer(&h))
    }

    /// The same, each layer keeping what its backward pass needs.
    fn forward(&mut self, x: &Array2<f64>) -> Array2<f64> {
        let h = self.hidden.forward(x); // (batch, hidden): pre-activations
        let a = self.activation.forward(&h); // (batch, hidden): activations
        self.output.forward(&a) // (batch, classes)
    }

    /// From ∂L/∂Z (batch, classes) down to ∂L/∂X (batch, inputs).
    fn backward(&mut self, grad_logits: &Array2<f64>) -> Array2<f64> {
        let grad_a = self.output.backward(grad_logits); // ∂L/∂A = ∂L/∂Z·W₂ᵀ
        let grad_h = self.activation.backward(&grad_a); // ∂L/∂H = ReLU′(H) ⊙ ∂L/∂A
        self.hidden.backward(&grad_h) // ∂L/∂X = ∂L/∂H·W₁ᵀ
    }

    /// The same, without ∂L/∂X: the input is the data.
    fn backward_params(&mut self, grad_logits: &Array2<f64>) {
        let grad_a = self.output.backward(grad_logits);
        let grad_h = self.activation.backward(&grad_a);
        self.hidden.backward_params(&grad_h); // ∂L/∂W₁ = Xᵀ·∂L/∂H
    }

    fn visit_parameters(&mut self, visit: &mut dyn FnMut(Param<'_>)) {
        self.hidden.visit_parameters(visit);
        self.activation.visit_parameters(visit);
        self.output.visit_parameters(visit);
    }
}
// ANCHOR_END: mlp_layer
// ANCHOR_END: mlp

#[cfg(test)]
mod tests {
    use super::*;
    use crate::loss::Loss;
    use crate::train::evaluate;
    use crate::{xor_inputs, SoftmaxCrossEntropy, XOR_LABELS};
    use ndarray::Array1;
    use nn_core::gradcheck::{check_gradient, check_vjp};
    use nn_core::rng::seeded;

    #[test]
    fn backprop_passes_the_gradient_check_for_every_parameter() {
        let x = xor_inputs() * 0.9 + 0.05; // away from exact zeros of the hidden units
        let mut net = Mlp::new(2, 5, 2, &mut seeded(3));
        let mut loss = SoftmaxCrossEntropy::default();
        let logits = net.forward(&x);
        loss.forward(&logits, &XOR_LABELS);
        net.backward_params(&loss.backward());
        let loss_with = |edit: &dyn Fn(&mut Mlp)| {
            let mut n = net.clone();
            edit(&mut n);
            evaluate(&n, &mut SoftmaxCrossEntropy::default(), &x, &XOR_LABELS)
        };
        let w1 = net.hidden.w.clone();
        let c = check_gradient(
            |w: &Array2<f64>| loss_with(&|n| n.hidden.w = w.clone()),
            &w1,
            &net.hidden.grad_w,
        );
        assert!(c.passed(), "W1: {c}");
        let b1 = net.hidden.b.clone().unwrap();
        let gb1 = net.hidden.grad_b.clone().unwrap();
        let c = check_gradient(
            |b: &Array1<f64>| loss_with(&|n| n.hidden.b = Some(b.clone())),
            &b1,
            &gb1,
        );
        assert!(c.passed(), "b1: {c}");
        let w2 = net.output.w.clone();
        let c = check_gradient(
            |w: &Array2<f64>| loss_with(&|n| n.output.w = w.clone()),
            &w2,
            &net.output.grad_w,
        );
        assert!(c.passed(), "W2: {c}");
    }

    #[test]
    fn the_input_gradient_passes_the_check() {
        let x = xor_inputs() * 0.9 + 0.05;
        let g = Array2::from_shape_fn((4, 2), |(i, j)| (i as f64 - 1.5) * (j as f64 + 0.5));
        let mut net = Mlp::new(2, 5, 2, &mut seeded(4));
        net.forward(&x);
        let grad_x = net.backward(&g);
        let c = check_vjp(|x| net.infer(x), &x, &g, &grad_x);
        assert!(c.passed(), "{c}");
    }
}
