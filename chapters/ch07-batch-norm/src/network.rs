//! The learner's network, with or without batch normalization, ending in sigmoid or tanh.
//!
//! 32 inputs → FC 512 → [BN] → ReLU → FC 64 → [BN] → ReLU → FC 16 → sigmoid or tanh → MSE.
//! The last FC layer gives one output per bit (the learner's listing goes from the last ReLU
//! straight into tanh, which would keep every output ≥ 0 and make the target −1 unreachable).
//! The output activation and the squared error are chapter 5's `BitsLoss`, outside the
//! network: the network's output is the last layer's logits.
//!
//! [`BitsNet::as_written`] is the listing taken literally: FC 512 → BN → ReLU → FC 16 → BN →
//! ReLU, and the last ReLU's output goes straight into the output activation.

use ch03_relu_xor::{Dense, Layer, Param, Relu};
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
    /// The output layer; `None` in the listing as written (the last ReLU feeds the activation).
    pub out: Option<Dense>,
}

impl BitsNet {
    pub fn new(batch_norm: bool, rng: &mut ChaCha8Rng) -> Self {
        BitsNet {
            fc1: Dense::he(2 * PAIRS, 512, rng),
            bn1: batch_norm.then(|| BatchNorm::new(512)),
            relu1: Relu::default(),
            fc2: Dense::he(512, 64, rng),
            bn2: batch_norm.then(|| BatchNorm::new(64)),
            relu2: Relu::default(),
            out: Some(Dense::he(64, PAIRS, rng)),
        }
    }

    /// The listing as written: FC 512 → BN → ReLU → FC 16 → BN → ReLU, no output layer; the
    /// output activation gets ReLU(·) ≥ 0.
    pub fn as_written(rng: &mut ChaCha8Rng) -> Self {
        BitsNet {
            fc1: Dense::he(2 * PAIRS, 512, rng),
            bn1: Some(BatchNorm::new(512)),
            relu1: Relu::default(),
            fc2: Dense::he(512, PAIRS, rng),
            bn2: Some(BatchNorm::new(PAIRS)),
            relu2: Relu::default(),
            out: None,
        }
    }

    /// Batch statistics (training) or running averages (inference) in both batch norms.
    pub fn set_training(&mut self, training: bool) {
        for bn in [&mut self.bn1, &mut self.bn2].into_iter().flatten() {
            bn.training = training;
        }
    }

    /// Backward from ∂L/∂logits to ∂L/∂H₁, the gradient at the first layer's output.
    fn backward_to_first(&mut self, grad_logits: &Array2<f64>) -> Array2<f64> {
        let g = match &mut self.out {
            Some(out) => out.backward(grad_logits),
            None => grad_logits.clone(),
        };
        let mut g = self.relu2.backward(&g);
        if let Some(bn) = &mut self.bn2 {
            g = bn.backward(&g);
        }
        let mut g = self.relu1.backward(&self.fc2.backward(&g));
        if let Some(bn) = &mut self.bn1 {
            g = bn.backward(&g);
        }
        g
    }
}

impl Layer for BitsNet {
    /// The output layer's logits (or, as written, the last ReLU's output): (batch, 32) -> (batch, 16).
    fn forward(&mut self, x: &Array2<f64>) -> Array2<f64> {
        let mut h = self.fc1.forward(x);
        if let Some(bn) = &mut self.bn1 {
            h = bn.forward(&h);
        }
        let mut h = self.fc2.forward(&self.relu1.forward(&h));
        if let Some(bn) = &mut self.bn2 {
            h = bn.forward(&h);
        }
        let h = self.relu2.forward(&h);
        match &mut self.out {
            Some(out) => out.forward(&h),
            None => h,
        }
    }

    fn backward(&mut self, grad_logits: &Array2<f64>) -> Array2<f64> {
        let g = self.backward_to_first(grad_logits);
        self.fc1.backward(&g)
    }

    fn backward_params(&mut self, grad_logits: &Array2<f64>) {
        let g = self.backward_to_first(grad_logits);
        self.fc1.backward_params(&g); // the input is the data: no ∂L/∂X
    }

    fn visit_parameters(&mut self, visit: &mut dyn FnMut(Param<'_>)) {
        self.fc1.visit_parameters(visit);
        if let Some(bn) = &mut self.bn1 {
            bn.visit_parameters(visit);
        }
        self.fc2.visit_parameters(visit);
        if let Some(bn) = &mut self.bn2 {
            bn.visit_parameters(visit);
        }
        if let Some(out) = &mut self.out {
            out.visit_parameters(visit);
        }
    }
}
// ANCHOR_END: network

#[cfg(test)]
mod tests {
    use super::*;
    use crate::task::bit_task;
    use ch03_relu_xor::{evaluate, Loss};
    use ch05_softmax::bits::{BitsLoss, Squash};
    use ndarray::s;
    use nn_core::gradcheck::{check_gradient, check_vjp};
    use nn_core::rng::seeded;

    #[test]
    fn the_first_layer_s_gradient_passes_the_check_with_batch_norm() {
        let (x, bits) = bit_task(5, 1);
        let targets = Squash::Tanh.targets(&bits, 0.0);
        let mut net = BitsNet::new(true, &mut seeded(2));
        let fresh = net.clone();
        let mut loss = BitsLoss::new(Squash::Tanh);
        let logits = net.forward(&x);
        loss.forward(&logits, &targets);
        net.backward_params(&loss.backward());
        // The first two units' weights (64 numbers): their gradient flows back through the
        // output layer, both ReLUs and both batch norms.
        let loss = |w: &Array2<f64>| {
            let mut n = fresh.clone();
            n.fc1.w.slice_mut(s![.., 0..2]).assign(w);
            evaluate(&n, &mut BitsLoss::new(Squash::Tanh), &x, &targets)
        };
        let w = fresh.fc1.w.slice(s![.., 0..2]).to_owned();
        let c = check_gradient(loss, &w, &net.fc1.grad_w.slice(s![.., 0..2]).to_owned());
        assert!(c.passed(), "{c}");
    }

    #[test]
    fn the_input_gradient_passes_the_check_in_inference_mode() {
        let (x, _) = bit_task(3, 4);
        let mut net = BitsNet::new(true, &mut seeded(5));
        net.set_training(false);
        let g = Array2::from_shape_fn((3, PAIRS), |(i, j)| ((i * 7 + j) % 5) as f64 - 2.0);
        let mut probe = net.clone();
        probe.forward(&x);
        let grad_x = probe.backward(&g);
        let c = check_vjp(|x| net.clone().forward(x), &x, &g, &grad_x);
        assert!(c.passed(), "{c}");
    }

    #[test]
    fn every_parameter_is_visited_once() {
        // 32·512 + 512 + 512·64 + 64 + 64·16 + 16, plus γ and β of both batch norms.
        let plain = 32 * 512 + 512 + 512 * 64 + 64 + 64 * 16 + 16;
        let count =
            |bn| ch03_relu_xor::layer::parameter_count(&mut BitsNet::new(bn, &mut seeded(1)));
        assert_eq!(count(false), plain);
        assert_eq!(count(true), plain + 2 * (512 + 64));
    }
}
