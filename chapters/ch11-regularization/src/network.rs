//! The chapter's network: chapter 3's dense layers and ReLU, with this chapter's dropout after
//! each hidden layer when p > 0, as a list of layers (chapter 3's `Sequential`).
//!
//! 64 pixels → FC hidden → ReLU → [dropout] → FC hidden → ReLU → [dropout] → FC 10 logits,
//! He-initialised (chapter 8). Chapter 3's softmax cross-entropy turns the logits into a loss.
//! The weights are drawn first, the dropout layers' seeds after them, so that a network with
//! dropout starts from the same weights as the one without.

use ch03_relu_xor::{Dense, Relu, Sequential};
use nn_core::rng::{ChaCha8Rng, Rng};

use crate::dropout::Dropout;

// ANCHOR: network
/// 64 → hidden → ReLU → [dropout p] → hidden → ReLU → [dropout p] → 10: (batch, 64) -> (batch,
/// 10) logits. Weights, then the dropout layers' seeds, from `rng`.
pub fn mlp(hidden: usize, p: f64, rng: &mut ChaCha8Rng) -> Sequential {
    let first = Dense::he(64, hidden, rng);
    let second = Dense::he(hidden, hidden, rng);
    let output = Dense::he(hidden, 10, rng);
    let mut net = Sequential::new();
    for layer in [first, second] {
        net.push(layer);
        net.push(Relu::default());
        if p > 0.0 {
            net.push(Dropout::new(p, rng.random()));
        }
    }
    net.push(output);
    net
}
// ANCHOR_END: network

#[cfg(test)]
mod tests {
    use super::*;
    use ch03_relu_xor::layer::parameter_count;
    use ch03_relu_xor::Layer;
    use nn_core::rng::seeded;

    #[test]
    fn dropout_adds_layers_but_no_parameters() {
        let mut plain = mlp(32, 0.0, &mut seeded(1));
        let mut with = mlp(32, 0.5, &mut seeded(1));
        assert_eq!((plain.len(), with.len()), (5, 7));
        // 64·32 + 32 + 32·32 + 32 + 32·10 + 10
        assert_eq!(parameter_count(&mut with), 3466);
        assert_eq!(parameter_count(&mut plain), 3466);
    }

    #[test]
    fn with_dropout_it_infers_as_the_same_network_without() {
        let plain = mlp(16, 0.0, &mut seeded(2));
        let mut with = mlp(16, 0.3, &mut seeded(2));
        let x = ch05_softmax::DigitsSplit::new(0).x_test;
        assert_eq!(with.infer(&x), plain.infer(&x));
        assert_ne!(with.forward(&x), plain.infer(&x));
    }
}
