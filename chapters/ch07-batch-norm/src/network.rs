//! The learner's network, with or without batch normalization, ending in sigmoid or tanh.
//!
//! 32 inputs → FC 512 → [BN] → ReLU → FC 64 → [BN] → ReLU → FC 16 → sigmoid or tanh → MSE.
//! The last FC layer gives one output per bit (the learner's listing goes from the last ReLU
//! straight into tanh, which would keep every output ≥ 0 and make the target −1 unreachable).
//! The output activation and the squared error are chapter 5's `BitsLoss`.

use ch03_relu_xor::mlp::Loss;
use ch03_relu_xor::{Dense, Relu};
use ch05_softmax::bits::{BitsLoss, Squash};
use ch05_softmax::sgd::Trainable;
use ndarray::Array2;
use nn_core::rng::ChaCha8Rng;

use crate::batch_norm::BatchNorm;
use crate::task::PAIRS;

// ANCHOR: network
#[derive(Clone, Debug)]
pub struct BitsNet {
    pub fc1: Dense,
    pub bn1: Option<BatchNorm>,
    pub relu1: Relu,
    pub fc2: Dense,
    pub bn2: Option<BatchNorm>,
    pub relu2: Relu,
    pub out: Dense,
    pub loss: BitsLoss,
}

impl BitsNet {
    pub fn new(squash: Squash, batch_norm: bool, rng: &mut ChaCha8Rng) -> Self {
        BitsNet {
            fc1: Dense::he(2 * PAIRS, 512, rng),
            bn1: batch_norm.then(|| BatchNorm::new(512)),
            relu1: Relu::default(),
            fc2: Dense::he(512, 64, rng),
            bn2: batch_norm.then(|| BatchNorm::new(64)),
            relu2: Relu::default(),
            out: Dense::he(64, PAIRS, rng),
            loss: BitsLoss::new(squash, 0.0),
        }
    }

    /// Batch statistics (training) or running averages (inference) in both batch norms.
    pub fn set_training(&mut self, training: bool) {
        for bn in [&mut self.bn1, &mut self.bn2].into_iter().flatten() {
            bn.training = training;
        }
    }

    /// The output layer's logits: (batch, 32) -> (batch, 16).
    pub fn logits(&mut self, x: &Array2<f64>) -> Array2<f64> {
        let mut h = self.fc1.forward(x);
        if let Some(bn) = &mut self.bn1 {
            h = bn.forward(&h);
        }
        let mut h = self.fc2.forward(&self.relu1.forward(&h));
        if let Some(bn) = &mut self.bn2 {
            h = bn.forward(&h);
        }
        self.out.forward(&self.relu2.forward(&h))
    }

    fn backward(&mut self, grad_logits: &Array2<f64>) {
        let mut g = self.relu2.backward(&self.out.backward(grad_logits));
        if let Some(bn) = &mut self.bn2 {
            g = bn.backward(&g);
        }
        let mut g = self.relu1.backward(&self.fc2.backward(&g));
        if let Some(bn) = &mut self.bn1 {
            g = bn.backward(&g);
        }
        self.fc1.backward_params(&g); // the input is the data: no ∂L/∂X
    }
}

impl Trainable for BitsNet {
    fn backprop(&mut self, x: &Array2<f64>, labels: &[usize]) -> f64 {
        let logits = self.logits(x);
        let loss = self.loss.forward(&logits, labels);
        self.backward(&self.loss.backward());
        loss
    }

    fn step(&mut self, lr: f64) {
        for layer in [&mut self.fc1, &mut self.fc2, &mut self.out] {
            layer.step(lr);
        }
        for bn in [&mut self.bn1, &mut self.bn2].into_iter().flatten() {
            bn.step(lr);
        }
    }
}
// ANCHOR_END: network

#[cfg(test)]
mod tests {
    use super::*;
    use crate::task::bit_task;
    use ndarray::s;
    use nn_core::gradcheck::check_gradient;
    use nn_core::rng::seeded;

    #[test]
    fn the_first_layer_s_gradient_passes_the_check_with_batch_norm() {
        let (x, labels) = bit_task(5, 1);
        let mut net = BitsNet::new(Squash::Tanh, true, &mut seeded(2));
        let fresh = net.clone();
        net.backprop(&x, &labels);
        // The first two units' weights (64 numbers): their gradient flows back through the
        // output layer, both ReLUs and both batch norms.
        let loss = |w: &Array2<f64>| {
            let mut n = fresh.clone();
            n.fc1.w.slice_mut(s![.., 0..2]).assign(w);
            let logits = n.logits(&x);
            n.loss.forward(&logits, &labels)
        };
        let w = fresh.fc1.w.slice(s![.., 0..2]).to_owned();
        let c = check_gradient(loss, &w, &net.fc1.grad_w.slice(s![.., 0..2]).to_owned());
        assert!(c.passed(), "{c}");
    }
}
