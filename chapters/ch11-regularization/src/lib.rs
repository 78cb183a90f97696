//! Chapter 11: generalization — overfitting measured, and what L2, dropout, early stopping and
//! data augmentation do about it.
//!
//! A network large enough to memorise a few hundred digits, trained past the point where its
//! test loss is lowest; the same network on random labels; then the four classic cures, each in
//! one file against chapter 3's seam — the L2 penalty as an optimizer wrapper, dropout as a
//! layer, early stopping as a rule fed the validation loss, augmentation as new images —
//! measured over seeds on the same network and budget.

#![deny(unsafe_code)] // `forbid` would refuse ndarray's `s!`, which carries `#[allow(unsafe_code)]`

pub mod augment;
pub mod digits;
pub mod dropout;
pub mod early_stopping;
pub mod experiment;
pub mod figures;
pub mod l2;
pub mod network;
pub mod report;
pub mod training;

// Chapter 3's seam, so that a reader of this chapter imports from this chapter only.
pub use ch03_relu_xor::{Dense, Layer, Optimizer, Param, Relu, Sequential, Sgd, Trainer};

pub use augment::Augment;
pub use digits::Digits;
pub use dropout::Dropout;
pub use early_stopping::{EarlyStopping, Stop};
pub use experiment::{run, Config, Report};
pub use l2::{Decay, L2};
pub use network::mlp;
pub use training::{train, Measure, Method, Run, Setup};
