//! Chapter 11's exercises: replace each `todo!(…)` with your code, save, and run
//! `cargo run -p practice -- 11` (or leave `cargo run -p practice -- 11 --watch` running).
//! The answers, if you are stuck: practice/answers/ch11.rs.

use ch11_regularization::early_stopping::Stop;
use ch11_regularization::{Layer, Param};
use ndarray::Array2;
use nn_core::rng::{seeded, ChaCha8Rng};

/// Exercise 11.1: inverted dropout, as a layer of chapter 3's seam. While training (`forward`),
/// drop each unit of each sample with probability `p` — draw from `self.rng`, for example
/// `rng.random::<f64>() < p` with `use nn_core::rng::Rng;` — and divide the kept ones by 1 − p;
/// keep what `backward` needs. At inference (`infer`) the layer changes nothing.
#[derive(Clone, Debug)]
pub struct Dropout {
    /// The probability of dropping a unit, 0 ≤ p < 1.
    pub p: f64,
    /// The layer's own generator: every mask comes from it.
    pub rng: ChaCha8Rng,
    /// What the backward pass needs from the last forward pass.
    pub mask: Option<Array2<f64>>,
}

impl Layer for Dropout {
    /// Inference: x, unchanged. (batch, features) -> (batch, features).
    fn infer(&self, x: &Array2<f64>) -> Array2<f64> {
        todo!("exercise 11.1: dropout at inference")
    }

    /// Training: y = x ⊙ m with a new mask m, mᵢⱼ = 1/(1 − p) with probability 1 − p and 0
    /// with probability p.
    fn forward(&mut self, x: &Array2<f64>) -> Array2<f64> {
        todo!("exercise 11.1: dropout while training")
    }

    /// ∂L/∂x = ∂L/∂y ⊙ m, with the mask of the last forward pass.
    fn backward(&mut self, grad_output: &Array2<f64>) -> Array2<f64> {
        todo!("exercise 11.1: dropout's backward pass")
    }
}

/// The layer the grader tests: drop probability `p`, its generator seeded with `seed`.
/// (Nothing to write here.)
pub fn dropout(p: f64, seed: u64) -> Box<dyn Layer> {
    Box::new(Dropout {
        p,
        rng: seeded(seed),
        mask: None,
    })
}

/// Exercise 11.2: one step of SGD with the L2 penalty (λ/2)·‖W‖² on one parameter, with
/// learning rate η = `lr` and λ = `lambda`: a weight matrix (`param.name == "W"`) steps by
/// θ ← θ − η·(g + λ·θ); any other parameter (a bias, "b") by θ ← θ − η·g. `param.value` is
/// θ (change it in place), `param.grad` the data's gradient g.
pub fn sgd_l2_update(lr: f64, lambda: f64, param: Param<'_>) {
    todo!("exercise 11.2: one step of SGD with the L2 penalty")
}

/// Exercise 11.3: early stopping. `losses[i]` is the validation loss after epoch i + 1. An
/// epoch improves when its loss is strictly below the best so far; training stops after
/// `patience` epochs in a row without an improvement (or after the last epoch). Return the
/// best epoch (the network to keep) and the epoch after which training stops, both counted
/// from 1.
pub fn early_stop(losses: &[f64], patience: usize) -> Stop {
    todo!("exercise 11.3: the early-stopping rule")
}
