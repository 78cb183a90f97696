//! Chapter 2: logistic regression whose cost never turns into NaN.
//!
//! Logistic regression is chapter 1's neuron, h = σ(Xw), trained on the cross-entropy cost.
//! Written naively, that cost is NaN after a few steps on real, unscaled data. This crate
//! reproduces the failure, compares three ways of writing the cost, standardizes the
//! features, sweeps the learning rate, and trains with a cost computed from the logits and a
//! trainer that stops with a diagnosis instead of printing NaN.

#![deny(unsafe_code)] // `forbid` would refuse ndarray's `s!`, which carries `#[allow(unsafe_code)]`

pub mod cost;
pub mod descent;
pub mod experiment;
pub mod figures;
pub mod metrics;
pub mod report;
pub mod standardize;

pub use cost::Cost;
pub use descent::{gradient_descent, Fit};
pub use experiment::{run, Config, Report};
pub use standardize::Standardizer;
