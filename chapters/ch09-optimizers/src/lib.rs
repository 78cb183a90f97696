//! Chapter 9: optimizers — momentum, Nesterov, RMSProp, Adam and AdamW, each in one file
//! against chapter 3's layer/optimizer seam.
//!
//! Each update rule checked against a step computed by hand, their paths on an ill-conditioned
//! bowl and in Rosenbrock's valley (steps to a tolerance over a sweep of learning rates), what
//! momentum does along a valley's floor and across it, Adam's bias correction shown, chapter 5's
//! digits network trained with each optimizer, and a cosine learning-rate schedule. Measured
//! beside them: the bowl turned by 45°, where AdamW comes to rest against λ and η, and the heavy
//! ball tuned to the bowl's condition number against plain descent.

#![deny(unsafe_code)] // `forbid` would refuse ndarray's `s!`, which carries `#[allow(unsafe_code)]`

pub mod adam;
pub mod adamw;
pub mod choice;
pub mod experiment;
pub mod figures;
pub mod momentum;
pub mod nesterov;
pub mod report;
pub mod rmsprop;
pub mod schedule;
pub mod surface;

// Chapter 3's seam, so that a reader of this chapter imports from this chapter only.
pub use ch03_relu_xor::{Layer, Optimizer, Param, PerParameter, Schedule, Sgd, Trainer};

pub use adam::Adam;
pub use adamw::AdamW;
pub use ch05_softmax::DigitsSplit;
pub use choice::{Kind, Settings};
pub use experiment::{run, Config, Report};
pub use momentum::Momentum;
pub use nesterov::Nesterov;
pub use rmsprop::RmsProp;
pub use schedule::Cosine;
pub use surface::{descend, Path, Surface};
