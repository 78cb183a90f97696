//! Which optimizer, by name: the six of this chapter behind one type, so an experiment can
//! loop over them. Each is built with its library defaults (PyTorch's, listed in [`Settings`])
//! and a learning rate.

use ch03_relu_xor::{Optimizer, Param, Sgd};

use crate::{Adam, AdamW, Momentum, Nesterov, RmsProp};

/// The chapter's optimizers, in the order the report lists them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    Sgd,
    Momentum,
    Nesterov,
    RmsProp,
    Adam,
    AdamW,
}

impl Kind {
    pub const ALL: [Kind; 6] = [
        Kind::Sgd,
        Kind::Momentum,
        Kind::Nesterov,
        Kind::RmsProp,
        Kind::Adam,
        Kind::AdamW,
    ];

    /// The name the report prints.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Sgd => "SGD",
            Kind::Momentum => "momentum",
            Kind::Nesterov => "Nesterov",
            Kind::RmsProp => "RMSProp",
            Kind::Adam => "Adam",
            Kind::AdamW => "AdamW",
        }
    }

    /// This optimizer with learning rate `lr` and the other settings from `settings`.
    pub fn build(self, lr: f64, settings: &Settings) -> AnyOptimizer {
        match self {
            Kind::Sgd => AnyOptimizer::Sgd(Sgd { lr }),
            Kind::Momentum => AnyOptimizer::Momentum(Momentum::new(lr, settings.momentum)),
            Kind::Nesterov => AnyOptimizer::Nesterov(Nesterov::new(lr, settings.momentum)),
            Kind::RmsProp => {
                let mut rmsprop = RmsProp::new(lr);
                (rmsprop.alpha, rmsprop.eps) = (settings.alpha, settings.eps);
                AnyOptimizer::RmsProp(rmsprop)
            }
            Kind::Adam => AnyOptimizer::Adam(settings.adam(lr)),
            Kind::AdamW => AnyOptimizer::AdamW(AdamW {
                adam: settings.adam(lr),
                weight_decay: settings.weight_decay,
            }),
        }
    }
}

/// Every hyperparameter but the learning rate. The defaults are PyTorch's.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Settings {
    /// μ of momentum and Nesterov.
    pub momentum: f64,
    /// α of RMSProp.
    pub alpha: f64,
    /// β₁ and β₂ of Adam and AdamW.
    pub beta1: f64,
    pub beta2: f64,
    /// ε of RMSProp, Adam and AdamW.
    pub eps: f64,
    /// λ of AdamW.
    pub weight_decay: f64,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            momentum: 0.9,
            alpha: 0.99,
            beta1: 0.9,
            beta2: 0.999,
            eps: 1e-8,
            weight_decay: 0.01,
        }
    }
}

impl Settings {
    fn adam(&self, lr: f64) -> Adam {
        let mut adam = Adam::new(lr);
        (adam.beta1, adam.beta2, adam.eps) = (self.beta1, self.beta2, self.eps);
        adam
    }
}

/// One of the six, as one type.
#[derive(Clone, Debug)]
pub enum AnyOptimizer {
    Sgd(Sgd),
    Momentum(Momentum),
    Nesterov(Nesterov),
    RmsProp(RmsProp),
    Adam(Adam),
    AdamW(AdamW),
}

impl Optimizer for AnyOptimizer {
    fn update(&mut self, index: usize, param: Param<'_>) {
        match self {
            AnyOptimizer::Sgd(o) => o.update(index, param),
            AnyOptimizer::Momentum(o) => o.update(index, param),
            AnyOptimizer::Nesterov(o) => o.update(index, param),
            AnyOptimizer::RmsProp(o) => o.update(index, param),
            AnyOptimizer::Adam(o) => o.update(index, param),
            AnyOptimizer::AdamW(o) => o.update(index, param),
        }
    }
}
