//! Dead units, defined and counted.
//!
//! A hidden unit is **dead on a dataset** when its pre-activation h = w·x + b is ≤ 0 for every
//! sample. Its ReLU then outputs 0 for every sample and passes back ReLU′(h) = 0 for every
//! sample, so the gradient of the loss with respect to its incoming weights and bias,
//! Σᵢ xᵢ·ReLU′(hᵢ)·∂L/∂aᵢ, is exactly 0. In full-batch gradient descent on a network with one
//! hidden layer nothing else changes its h either: **it stays dead for good.** (With a leaky
//! ReLU the gradient is α times smaller, not zero, so a unit with all-negative inputs can
//! come back.)

use ch03_relu_xor::{evaluate, FullBatch, Layer, Mlp, Sgd, SoftmaxCrossEntropy, Trainer};
use ndarray::Array2;

use crate::leaky_relu::LeakyRelu;

// ANCHOR: dead
/// For each unit (column of `pre_activations`, shape (samples, units)): is it ≤ 0 on every sample?
pub fn dead_units(pre_activations: &Array2<f64>) -> Vec<bool> {
    pre_activations
        .columns()
        .into_iter()
        .map(|h| h.iter().all(|&v| v <= 0.0))
        .collect()
}

/// The hidden layer's pre-activations on a dataset: (samples, hidden).
pub fn pre_activations<A: Layer + Clone>(net: &Mlp<A>, x: &Array2<f64>) -> Array2<f64> {
    net.hidden.infer(x)
}
// ANCHOR_END: dead

/// What a training run did, epoch by epoch.
#[derive(Clone, Debug, PartialEq)]
pub struct Watch {
    /// The loss before each epoch and after the last.
    pub loss: Vec<f64>,
    /// The number of dead units before each epoch and after the last.
    pub dead: Vec<usize>,
    /// How many times a unit dead at one epoch was alive at the next.
    pub revived: usize,
}

// ANCHOR: train_watching
/// Full-batch gradient descent that records the loss and the dead units at every epoch.
/// (ReLU is the leaky ReLU with slope 0.)
pub fn train_watching(
    net: &mut Mlp<LeakyRelu>,
    x: &Array2<f64>,
    labels: &[usize],
    lr: f64,
    epochs: usize,
) -> Watch {
    let mut trainer = Trainer {
        loss: SoftmaxCrossEntropy::default(),
        optimizer: Sgd,
        lr,
        batches: FullBatch,
        epochs,
    };
    let mut dead = Vec::with_capacity(epochs + 1);
    let mut revived = 0;
    let mut was_dead = dead_units(&pre_activations(net, x));
    let mut watch_units = |h: &Array2<f64>| {
        let now = dead_units(h);
        revived += was_dead
            .iter()
            .zip(&now)
            .filter(|(&before, &now)| before && !now)
            .count();
        dead.push(now.iter().filter(|&&d| d).count());
        was_dead = now;
    };
    // Each epoch's forward pass, before its step, left the pre-activations in the activation.
    let mut loss = trainer.fit(net, x, labels, |_, _, net| {
        watch_units(net.activation.input().expect("fit ran forward"));
    });
    watch_units(&pre_activations(net, x)); // after the last step
    loss.push(evaluate(net, &mut trainer.loss, x, labels));
    Watch {
        loss,
        dead,
        revived,
    }
}
// ANCHOR_END: train_watching

#[cfg(test)]
mod tests {
    use super::*;
    use ch03_relu_xor::{xor_inputs, XOR_LABELS};
    use ndarray::{array, Array1};
    use nn_core::rng::seeded;

    #[test]
    fn a_unit_is_dead_when_it_is_off_for_every_sample() {
        let h = array![[-1.0, 0.5, 0.0], [-2.0, -0.5, 0.0]];
        assert_eq!(dead_units(&h), [true, false, true]);
    }

    #[test]
    fn a_dead_relu_unit_never_changes_and_never_revives() {
        // Unit 0's bias is so negative that it is off on all four XOR inputs.
        let mut net = Mlp::with_activation(2, 3, 2, LeakyRelu::new(0.0), &mut seeded(1));
        net.hidden.b = Some(array![-10.0, 0.0, 0.0]);
        let before = net.hidden.w.column(0).to_owned();
        let watch = train_watching(&mut net, &xor_inputs(), &XOR_LABELS, 0.5, 200);
        assert!(watch.dead.iter().all(|&d| d >= 1));
        assert_eq!(watch.revived, 0);
        assert_eq!(
            net.hidden.w.column(0),
            before,
            "its weights got exactly zero gradient"
        );
        assert_eq!(net.hidden.b.as_ref().unwrap()[0], -10.0);
    }

    #[test]
    fn a_leaky_unit_in_the_same_place_keeps_learning() {
        let mut net = Mlp::with_activation(2, 3, 2, LeakyRelu::new(0.1), &mut seeded(1));
        net.hidden.b = Some(array![-10.0, 0.0, 0.0]);
        let before: Array1<f64> = net.hidden.w.column(0).to_owned();
        train_watching(&mut net, &xor_inputs(), &XOR_LABELS, 0.5, 200);
        assert_ne!(net.hidden.w.column(0), before);
    }
}
