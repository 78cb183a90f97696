//! The learner's network, with or without batch normalization, ending in sigmoid or tanh.
//!
//! 32 inputs → FC 512 → [BN] → ReLU → FC 64 → [BN] → ReLU → FC 16 → sigmoid or tanh → MSE.
//! The last FC layer gives one output per bit (the learner's listing goes from the last ReLU
//! straight into tanh, which would keep every output ≥ 0 and make the target −1 unreachable).
//! The output activation and the squared error are chapter 5's `BitsLoss`, outside the
//! network: the network's output is the last layer's logits.
//!
//! [`as_written`] is the listing taken literally: FC 512 → BN → ReLU → FC 16 → BN → ReLU, and
//! the last ReLU's output goes straight into the output activation.
//!
//! Each is a list of chapter 3's layers and this chapter's batch normalization: chapter 3's
//! [`Sequential`] runs them forward and backward, visits their parameters, and infers with the
//! batch norms' running averages.

use ch03_relu_xor::{Dense, Relu, Sequential};
use nn_core::rng::ChaCha8Rng;

use crate::batch_norm::BatchNorm;
use crate::task::PAIRS;

// ANCHOR: network
/// FC 512 → [BN] → ReLU → FC 64 → [BN] → ReLU → FC 16: (batch, 32) -> (batch, 16) logits.
pub fn bits_net(batch_norm: bool, rng: &mut ChaCha8Rng) -> Sequential {
    let mut net = Sequential::new().with(Dense::he(2 * PAIRS, 512, rng));
    if batch_norm {
        net.push(BatchNorm::new(512));
    }
    net.push(Relu::default());
    net.push(Dense::he(512, 64, rng));
    if batch_norm {
        net.push(BatchNorm::new(64));
    }
    net.push(Relu::default());
    net.push(Dense::he(64, PAIRS, rng));
    net
}

/// The listing as written: FC 512 → BN → ReLU → FC 16 → BN → ReLU, no output layer; the
/// output activation gets ReLU(·) ≥ 0.
pub fn as_written(rng: &mut ChaCha8Rng) -> Sequential {
    Sequential::new()
        .with(Dense::he(2 * PAIRS, 512, rng))
        .with(BatchNorm::new(512))
        .with(Relu::default())
        .with(Dense::he(512, PAIRS, rng))
        .with(BatchNorm::new(PAIRS))
        .with(Relu::default())
}
// ANCHOR_END: network

#[cfg(test)]
mod tests {
    use super::*;
    use crate::task::bit_task;
    use ch03_relu_xor::layer::with_parameter;
    use ch03_relu_xor::{evaluate, Layer, Loss, Param};
    use ch05_softmax::bits::{BitsLoss, Squash};
    use ndarray::{s, Array2};
    use nn_core::gradcheck::check_gradient;
    use nn_core::rng::seeded;

    #[test]
    fn the_first_layer_s_gradient_passes_the_check_with_batch_norm() {
        let (x, bits) = bit_task(5, 1);
        let targets = Squash::Tanh.targets(&bits, 0.0);
        let mut net = bits_net(true, &mut seeded(2));
        let fresh = net.clone();
        let mut loss = BitsLoss::new(Squash::Tanh);
        let logits = net.forward(&x);
        loss.forward(&logits, &targets);
        net.backward_params(&loss.backward());
        // The first two units' weights (64 numbers) of W₁, the first parameter: their gradient
        // flows back through the output layer, both ReLUs and both batch norms (training: the
        // batch's statistics).
        let two_units =
            |p: Param<'_>| (first_two_columns(p.value.view()), first_two_columns(p.grad));
        let (w, grad): (Array2<f64>, Array2<f64>) = with_parameter(&mut net, 0, two_units);
        let loss = |w: &Array2<f64>| {
            let mut n = fresh.clone();
            with_parameter(&mut n, 0, |mut p| p.value.slice_mut(s![.., 0..2]).assign(w));
            BitsLoss::new(Squash::Tanh).forward(&n.forward(&x), &targets)
        };
        let c = check_gradient(loss, &w, &grad);
        assert!(c.passed(), "{c}");
    }

    #[test]
    fn inference_uses_the_running_averages_sample_by_sample() {
        // After some training steps, one sample's inferred output does not depend on the
        // others in its batch (it would with the batch's statistics).
        let (x, bits) = bit_task(8, 4);
        let mut net = bits_net(true, &mut seeded(5));
        let mut loss = BitsLoss::new(Squash::Tanh);
        for _ in 0..3 {
            loss.forward(&net.forward(&x), &Squash::Tanh.targets(&bits, 0.0));
            net.backward_params(&loss.backward());
        }
        let all = net.infer(&x);
        let one = net.infer(&x.slice(s![2..3, ..]).to_owned());
        assert!((&all.slice(s![2..3, ..]) - &one)
            .iter()
            .all(|d| d.abs() < 1e-12));
        assert!(evaluate(&net, &mut loss, &x, &Squash::Tanh.targets(&bits, 0.0)).is_finite());
    }

    #[test]
    fn every_parameter_is_visited_once() {
        // 32·512 + 512 + 512·64 + 64 + 64·16 + 16, plus γ and β of both batch norms.
        let plain = 32 * 512 + 512 + 512 * 64 + 64 + 64 * 16 + 16;
        let count = |bn| ch03_relu_xor::layer::parameter_count(&mut bits_net(bn, &mut seeded(1)));
        assert_eq!(count(false), plain);
        assert_eq!(count(true), plain + 2 * (512 + 64));
    }

    /// The first two columns of a (rows, columns) parameter or gradient.
    fn first_two_columns(a: ndarray::ArrayViewD<f64>) -> Array2<f64> {
        let a = a.into_dimensionality::<ndarray::Ix2>().expect("a matrix");
        a.slice(s![.., 0..2]).to_owned()
    }
}
