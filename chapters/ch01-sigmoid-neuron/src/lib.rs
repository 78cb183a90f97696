//! Chapter 1: the sigmoid neuron.
//!
//! A neuron computes an unbounded weighted sum z = w·x + b and squashes it with the sigmoid
//! σ(z) = 1 / (1 + e⁻ᶻ) into (0, 1). This crate builds the sigmoid (safe for every finite
//! input), the neuron with its bias written two ways, a sigmoid layer (and tanh) with forward
//! and backward passes, and trains one neuron on a logic gate.

#![deny(unsafe_code)] // `forbid` would refuse ndarray's `s!`, which carries `#[allow(unsafe_code)]`

pub mod activation;
pub mod experiment;
pub mod figures;
pub mod neuron;
pub mod report;
pub mod saturation;
pub mod sigmoid;
pub mod train;

pub use activation::{Sigmoid, Tanh};
pub use experiment::{run, Config, Report};
pub use neuron::{augment, Neuron};
pub use sigmoid::sigmoid;
