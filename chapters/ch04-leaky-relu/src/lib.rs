//! Chapter 4: leaky ReLU and dead units, measured.
//!
//! A ReLU unit whose input is ≤ 0 for *every* sample passes back no gradient at all, so the
//! weights into it never change again: it is dead. This crate defines and counts dead units,
//! adds the leaky ReLU (a small slope for negative inputs), and measures how often units die
//! and what that costs, over many seeds, with chapter 3's network.

#![deny(unsafe_code)] // `forbid` would refuse ndarray's `s!`, which carries `#[allow(unsafe_code)]`

pub mod dead;
pub mod experiment;
pub mod figures;
pub mod leaky_relu;
pub mod moons;
pub mod report;

// Chapter 3's seam, so that a reader of this chapter imports from this chapter only.
pub use ch03_relu_xor::{Layer, Sgd, Trainer};

pub use dead::{dead_units, train_watching, Watch};
pub use experiment::{run, Config, Report};
pub use leaky_relu::LeakyRelu;
pub use moons::two_moons;
