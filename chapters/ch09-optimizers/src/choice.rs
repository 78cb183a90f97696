//! Which optimizer, by name: the six of this chapter, each built with its library defaults
//! (PyTorch's, listed in [`Settings`]) as a boxed [`Optimizer`], so an experiment can loop over
//! them. The learning rate is not among the settings: the training loop hands it to each step.

use ch03_relu_xor::{Optimizer, Sgd};

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

    /// This optimizer with the settings from `settings`.
    pub fn build(self, settings: &Settings) -> Box<dyn Optimizer + Send> {
        match self {
            Kind::Sgd => Box::new(Sgd),
            Kind::Momentum => Box::new(Momentum::new(settings.momentum)),
            Kind::Nesterov => Box::new(Nesterov::new(settings.momentum)),
            Kind::RmsProp => {
                let mut rmsprop = RmsProp::new();
                (rmsprop.alpha, rmsprop.eps) = (settings.alpha, settings.eps);
                Box::new(rmsprop)
            }
            Kind::Adam => Box::new(settings.adam()),
            Kind::AdamW => Box::new(AdamW {
                adam: settings.adam(),
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
    fn adam(&self) -> Adam {
        let mut adam = Adam::new();
        (adam.beta1, adam.beta2, adam.eps) = (self.beta1, self.beta2, self.eps);
        adam
    }
}
