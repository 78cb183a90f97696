//! The learner's network: input → dense → ReLU → dense → softmax, trained by backpropagation.
//!
//! Forward: A = ReLU(X·W₁ + b₁), Z = A·W₂ + b₂, P = softmax(Z), L = mean cross-entropy.
//! Backward, layer by layer from the top — each layer turns the gradient with respect to its
//! output into the gradient with respect to its input (and its parameters):
//! ∂L/∂Z = (P − Y)/n → ∂L/∂A = ∂L/∂Z·W₂ᵀ → ∂L/∂H = ReLU′(H) ⊙ ∂L/∂A → ∂L/∂W₁ = Xᵀ·∂L/∂H.

use ndarray::Array2;
use nn_core::rng::ChaCha8Rng;

use crate::dense::Dense;
use crate::relu::Relu;
use crate::softmax::SoftmaxCrossEntropy;

/// An element-wise activation layer: a forward pass that caches what its backward pass
/// needs. ReLU here; chapter 4's leaky ReLU implements it too, and so trains in the same
/// network.
pub trait Activation: Clone {
    /// (batch, n) -> (batch, n)
    fn forward(&mut self, x: &Array2<f64>) -> Array2<f64>;
    /// ∂L/∂X from ∂L/∂Y.
    fn backward(&self, grad_output: &Array2<f64>) -> Array2<f64>;
}

impl Activation for Relu {
    fn forward(&mut self, x: &Array2<f64>) -> Array2<f64> {
        Relu::forward(self, x)
    }
    fn backward(&self, grad_output: &Array2<f64>) -> Array2<f64> {
        Relu::backward(self, grad_output)
    }
}

/// A classification loss on logits: the mean loss of a batch, and its gradient with respect
/// to the logits. Softmax cross-entropy here; chapter 5's label smoothing implements it too.
pub trait Loss: Clone {
    fn forward(&mut self, logits: &Array2<f64>, labels: &[usize]) -> f64;
    /// ∂L/∂logits for the batch of the last forward pass.
    fn backward(&self) -> Array2<f64>;
}

impl Loss for SoftmaxCrossEntropy {
    fn forward(&mut self, logits: &Array2<f64>, labels: &[usize]) -> f64 {
        SoftmaxCrossEntropy::forward(self, logits, labels)
    }
    fn backward(&self) -> Array2<f64> {
        SoftmaxCrossEntropy::backward(self)
    }
}

// ANCHOR: mlp
/// Two dense layers with an activation (ReLU unless chosen otherwise) between them and a
/// loss (softmax cross-entropy unless chosen otherwise) on top.
#[derive(Clone, Debug)]
pub struct Mlp<A: Activation = Relu, L: Loss = SoftmaxCrossEntropy> {
    pub hidden: Dense,
    pub activation: A,
    pub output: Dense,
    pub loss: L,
}

impl Mlp {
    /// He-initialised weights, zero biases, ReLU.
    pub fn new(inputs: usize, hidden: usize, classes: usize, rng: &mut ChaCha8Rng) -> Self {
        Mlp::with_activation(inputs, hidden, classes, Relu::default(), rng)
    }
}

impl<A: Activation> Mlp<A> {
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
            loss: SoftmaxCrossEntropy::default(),
        }
    }

    /// The same network with another loss on top.
    pub fn with_loss<L: Loss>(self, loss: L) -> Mlp<A, L> {
        Mlp {
            hidden: self.hidden,
            activation: self.activation,
            output: self.output,
            loss,
        }
    }
}

impl<A: Activation, L: Loss> Mlp<A, L> {
    /// The logits: (batch, inputs) -> (batch, classes).
    pub fn forward(&mut self, x: &Array2<f64>) -> Array2<f64> {
        let h = self.hidden.forward(x); // (batch, hidden): pre-activations
        let a = self.activation.forward(&h); // (batch, hidden): activations
        self.output.forward(&a) // (batch, classes)
    }

    /// Forward and backward on a batch; the layers keep their gradients. Returns the loss.
    pub fn backprop(&mut self, x: &Array2<f64>, labels: &[usize]) -> f64 {
        let logits = self.forward(x);
        let loss = self.loss.forward(&logits, labels);
        let grad_logits = self.loss.backward(); // ∂L/∂Z = (P − Y)/n
        let grad_a = self.output.backward(&grad_logits); // ∂L/∂A = ∂L/∂Z·W₂ᵀ
        let grad_h = self.activation.backward(&grad_a); // ∂L/∂H = ReLU′(H) ⊙ ∂L/∂A
        self.hidden.backward_params(&grad_h); // ∂L/∂W₁ = Xᵀ·∂L/∂H (no ∂L/∂X: X is the data)
        loss
    }

    /// One gradient-descent step on every parameter.
    pub fn step(&mut self, lr: f64) {
        self.hidden.step(lr);
        self.output.step(lr);
    }

    /// The loss on a batch, without changing anything the backward pass uses.
    pub fn loss_on(&self, x: &Array2<f64>, labels: &[usize]) -> f64 {
        let mut copy = self.clone();
        let logits = copy.forward(x);
        copy.loss.forward(&logits, labels)
    }

    /// Class probabilities for a batch.
    pub fn probabilities(&self, x: &Array2<f64>) -> Array2<f64> {
        crate::softmax::softmax(&self.clone().forward(x))
    }
}
// ANCHOR_END: mlp

// ANCHOR: training
/// Full-batch gradient descent: one step per epoch on all samples. Returns the loss after
/// each epoch (and before the first).
pub fn train_batch(
    net: &mut Mlp,
    x: &Array2<f64>,
    labels: &[usize],
    lr: f64,
    epochs: usize,
) -> Vec<f64> {
    let mut history = vec![net.loss_on(x, labels)];
    for _ in 0..epochs {
        net.backprop(x, labels);
        net.step(lr);
        history.push(net.loss_on(x, labels));
    }
    history
}

/// Online (per-sample) gradient descent: for each sample in turn, forward, backward, update.
/// Returns the loss on all samples after each epoch (and before the first).
pub fn train_online(
    net: &mut Mlp,
    x: &Array2<f64>,
    labels: &[usize],
    lr: f64,
    epochs: usize,
) -> Vec<f64> {
    let mut history = vec![net.loss_on(x, labels)];
    for _ in 0..epochs {
        for (i, &label) in labels.iter().enumerate() {
            let sample = x.select(ndarray::Axis(0), &[i]); // (1, inputs)
            net.backprop(&sample, &[label]);
            net.step(lr);
        }
        history.push(net.loss_on(x, labels));
    }
    history
}
// ANCHOR_END: training

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{xor_inputs, XOR_LABELS};
    use ndarray::Array1;
    use nn_core::gradcheck::check_gradient;
    use nn_core::rng::seeded;

    #[test]
    fn backprop_passes_the_gradient_check_for_every_parameter() {
        let x = xor_inputs() * 0.9 + 0.05; // away from exact zeros of the hidden units
        let mut net = Mlp::new(2, 5, 2, &mut seeded(3));
        net.backprop(&x, &XOR_LABELS);
        let loss_with = |edit: &dyn Fn(&mut Mlp)| {
            let mut n = net.clone();
            edit(&mut n);
            n.loss_on(&x, &XOR_LABELS)
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
    fn online_and_batch_both_learn_xor() {
        for online in [false, true] {
            let mut net = Mlp::new(2, 8, 2, &mut seeded(1));
            let train = if online { train_online } else { train_batch };
            let history = train(&mut net, &xor_inputs(), &XOR_LABELS, 0.5, 500);
            assert!(
                history[500] < 0.05,
                "online {online}: loss {}",
                history[500]
            );
        }
    }
}
