//! Chapter 7: batch normalization, and a regression network from a forum question.
//!
//! Batch normalization with its two modes (batch statistics while training, running averages
//! at inference) and its compact backward formula; then the learner's bit-regression network
//! — fully connected 512 → batch norm → ReLU → 64 → batch norm → ReLU → output — with sigmoid
//! or tanh outputs, with and without batch normalization.

#![deny(unsafe_code)] // `forbid` would refuse ndarray's `s!`, which carries `#[allow(unsafe_code)]`

pub mod batch_norm;
pub mod experiment;
pub mod figures;
pub mod network;
pub mod report;
pub mod task;
pub mod training;

// Chapter 3's seam, so that a reader of this chapter imports from this chapter only.
pub use ch03_relu_xor::{Layer, Loss, Optimizer, Param, Sequential, Sgd, Trainer};

pub use batch_norm::BatchNorm;
pub use experiment::{run, Config, Report};
pub use network::{as_written, bits_net};
pub use task::BitData;
pub use training::{train_bits, Setup, TrainingRun};
