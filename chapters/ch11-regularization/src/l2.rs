//! The L2 penalty: the loss the network minimises gains (λ/2)·‖w‖², the sum of the squared
//! weights times λ/2. One weight first: ∂/∂w (λ/2)·w² = λ·w, so each weight's gradient gains
//! λ·w, and gradient descent pulls every weight towards 0 in proportion to its size.
//!
//! With plain SGD the step becomes
//!
//! w ← w − η·(g + λ·w) = (1 − η·λ)·w − η·g:
//!
//! every step first shrinks every weight by the factor 1 − η·λ, then takes the usual step.
//! That is why, *for SGD*, an L2 penalty and "weight decay" are the same thing. With Adam they
//! are not: λ·w goes through Adam's running means and is divided by √v̂ like the rest of the
//! gradient, so a weight with large gradients is hardly decayed at all. Chapter 9's AdamW
//! decays the weights outside the gradient instead (decoupled).
//!
//! Which parameters: the weights (dense layers' W, convolutions' K), not the biases. A weight
//! multiplies its input, so large weights make the output sensitive to small changes of the
//! input — the wiggles that fit noise; a bias only shifts a unit, there are few of them, and
//! pulling them to 0 can only push ReLU units towards being off. Batch norm's scale γ sets the
//! size of what its layer passes on, and the layer before it is scale-free (batch norm divides
//! its output's scale away): decaying either changes little but the effective learning rate.
//! [`Decay::Weights`] is the usual choice; [`Decay::All`] decays everything (what passing every
//! parameter to PyTorch's `weight_decay` does).
//!
//! In code the penalty is an optimizer wrapper: it adds λ·θ to the gradient of each parameter
//! the rule picks and hands the parameter to the optimizer inside. It touches no layer and no
//! optimizer.
//!
//! ```
//! use ndarray::array;
//! use ch11_regularization::{Decay, Dense, Layer, Optimizer, Sgd, L2};
//! let mut layer = Dense::new(array![[2.0]], array![1.0]);
//! layer.forward(&array![[0.0]]);
//! layer.backward(&array![[0.0]]); // the data's gradient is 0: only the penalty acts
//! let mut sgd = L2 { optimizer: Sgd, lambda: 0.5, decay: Decay::Weights };
//! sgd.step(0.1, &mut layer);
//! assert_eq!(layer.w[[0, 0]], 1.9); // 2·(1 − 0.1·0.5): decayed
//! assert_eq!(layer.b.unwrap()[0], 1.0); // the bias is not
//! ```

use ch03_relu_xor::{Layer, Optimizer, Param};

// ANCHOR: l2
/// Which parameters an L2 penalty applies to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decay {
    /// The weights only: dense layers' "W" and convolutions' "K".
    Weights,
    /// Every parameter, biases (and batch norm's γ and β) included.
    All,
}

impl Decay {
    /// Whether the parameter called `name` is penalised.
    pub fn applies_to(self, name: &str) -> bool {
        match self {
            Decay::Weights => name == "W" || name == "K",
            Decay::All => true,
        }
    }
}

/// An optimizer that minimises the loss plus (λ/2)·‖θ‖² over the parameters `decay` picks.
#[derive(Clone, Debug)]
pub struct L2<O> {
    pub optimizer: O,
    pub lambda: f64,
    pub decay: Decay,
}

impl<O: Optimizer> Optimizer for L2<O> {
    /// Hands `optimizer` the gradient g + λ·θ (or g alone, for a parameter not decayed).
    fn update(&mut self, lr: f64, index: usize, param: Param<'_>) {
        if !self.decay.applies_to(param.name) {
            return self.optimizer.update(lr, index, param);
        }
        let grad = &param.grad + &(&param.value * self.lambda); // g + λ·θ
        let penalised = Param {
            name: param.name,
            value: param.value,
            grad: grad.view(),
        };
        self.optimizer.update(lr, index, penalised);
    }
}
// ANCHOR_END: l2

/// ‖θ‖ = √(Σ θ²) over the parameters of `model` that `decay` picks: the size the penalty
/// pulls down.
pub fn norm(model: &mut impl Layer, decay: Decay) -> f64 {
    let mut sum = 0.0;
    model.visit_parameters(&mut |p| {
        if decay.applies_to(p.name) {
            sum += p.value.iter().map(|v| v * v).sum::<f64>();
        }
    });
    sum.sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;
    use ch03_relu_xor::{Mlp, Sgd, SoftmaxCrossEntropy, Trainer};
    use ch05_softmax::sgd::Shuffled;
    use ch09_optimizers::{Adam, AdamW};
    use ndarray::{array, Array2, ArrayD};
    use nn_core::gradcheck::check_gradient;
    use nn_core::rng::{rand_distr::StandardNormal, seeded, RandomExt};

    /// Every parameter of a model, in visiting order.
    fn parameters(model: &mut impl Layer) -> Vec<ArrayD<f64>> {
        let mut all = vec![];
        model.visit_parameters(&mut |p| all.push(p.value.to_owned()));
        all
    }

    #[test]
    fn with_sgd_one_step_is_decay_then_the_usual_step() {
        // w ← (1 − ηλ)·w − η·g, bit for bit up to rounding, for every weight; b ← b − η·g.
        let x = Array2::random_using((8, 3), StandardNormal, &mut seeded(1));
        let labels = [0, 1, 2, 0, 1, 2, 0, 1];
        let mut net = Mlp::new(3, 5, 3, &mut seeded(2));
        let mut loss = SoftmaxCrossEntropy::default();
        use ch03_relu_xor::Loss;
        loss.forward(&net.forward(&x), &labels[..]);
        net.backward(&loss.backward());
        let (lr, lambda) = (0.3, 0.01);
        let mut expected = vec![];
        net.visit_parameters(&mut |p| {
            let decay = if p.name == "W" {
                1.0 - lr * lambda
            } else {
                1.0
            };
            expected.push(&p.value * decay - &p.grad * lr);
        });
        let mut sgd = L2 {
            optimizer: Sgd,
            lambda,
            decay: Decay::Weights,
        };
        sgd.step(lr, &mut net);
        for (got, want) in parameters(&mut net).iter().zip(&expected) {
            assert!((got - want).iter().all(|d| d.abs() < 1e-15));
        }
    }

    #[test]
    fn the_penalty_s_gradient_passes_the_check() {
        // (λ/2)·‖w‖² has gradient λ·w: what the wrapper adds, read back from a step of SGD with
        // a zero data gradient and η = 1 (θ − θ′ = λ·θ).
        let w = array![[0.5, -2.0], [3.0, 0.25]];
        let lambda = 0.7;
        let mut moved = w.clone();
        let mut sgd = L2 {
            optimizer: Sgd,
            lambda,
            decay: Decay::All,
        };
        sgd.update(1.0, 0, Param::new("W", &mut moved, &Array2::zeros((2, 2))));
        let penalty = |w: &Array2<f64>| 0.5 * lambda * w.iter().map(|v| v * v).sum::<f64>();
        let check = check_gradient(penalty, &w, &(&w - &moved));
        assert!(check.passed(), "{check}");
    }

    #[test]
    fn only_the_parameters_the_rule_picks_are_decayed() {
        assert!(Decay::Weights.applies_to("W") && Decay::Weights.applies_to("K"));
        for name in ["b", "γ", "β"] {
            assert!(!Decay::Weights.applies_to(name) && Decay::All.applies_to(name));
        }
    }

    #[test]
    fn with_adam_l2_is_not_weight_decay() {
        // Two weights of the same size, one with a large gradient and one with a small one.
        // Through Adam, λ·θ is divided by √v̂ with the rest: the first is barely decayed, the
        // second as if its gradient were λ·θ. AdamW shrinks both by the same 1 − ηλ.
        let g = array![-100.0, -0.01];
        let step = |optimizer: &mut dyn Optimizer| {
            let mut theta = array![1.0, 1.0];
            optimizer.update(0.01, 0, Param::new("W", &mut theta, &g));
            theta
        };
        let plain = step(&mut Adam::new());
        let coupled = step(&mut L2 {
            optimizer: Adam::new(),
            lambda: 1.0,
            decay: Decay::All,
        });
        let decoupled = step(&mut AdamW::new(1.0));
        let pull = |after: &ndarray::Array1<f64>| &plain - after; // how much further towards 0
        let (c, d) = (pull(&coupled), pull(&decoupled));
        assert!((d[0] - d[1]).abs() < 1e-12, "AdamW decays both alike: {d}");
        assert!(c[0] < 1e-4 && c[1] > 100.0 * c[0], "L2 through Adam: {c}");
    }

    #[test]
    fn training_with_l2_gives_smaller_weights() {
        let data = ch05_softmax::DigitsSplit::new(0);
        let (x, labels) = (
            data.x.slice(ndarray::s![..200, ..]).to_owned(),
            data.labels[..200].to_vec(),
        );
        let train = |lambda| {
            let mut net = Mlp::new(64, 32, 10, &mut seeded(3));
            let mut trainer = Trainer {
                loss: SoftmaxCrossEntropy::default(),
                optimizer: L2 {
                    optimizer: Sgd,
                    lambda,
                    decay: Decay::Weights,
                },
                lr: 0.3,
                batches: Shuffled::new(32, 3),
                epochs: 30,
            };
            trainer.fit(&mut net, &x, &labels[..], |_, _, _| {});
            norm(&mut net, Decay::Weights)
        };
        assert!(train(0.01) < 0.8 * train(0.0));
    }
}
