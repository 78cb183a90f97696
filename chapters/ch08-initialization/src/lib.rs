//! Chapter 8: deep networks — vanishing gradients and initialization, measured layer by layer.
//!
//! Var(z) = n_in · Var(w) · E[x²] for a dense layer, derived and checked on a wide layer; the
//! initializers that follow from it (Xavier/Glorot, He/Kaiming) as reusable functions; a deep
//! network of the book's blocks, measured layer by layer at initialization under sigmoid, tanh
//! and ReLU with four initializations (the spread across samples, the loss against ln 10 and
//! ‖∂L/∂W‖/‖W‖ among the statistics); tanh's gain; the same network trained under each; and
//! zero initialization's symmetry.

#![deny(unsafe_code)] // `forbid` would refuse ndarray's `s!`, which carries `#[allow(unsafe_code)]`

pub mod deep;
pub mod experiment;
pub mod figures;
pub mod init;
pub mod report;
pub mod variance;

// Chapter 3's seam, so that a reader of this chapter imports from this chapter only.
pub use ch03_relu_xor::{Layer, Loss, Param, Sequential, Sgd, Trainer};

pub use deep::{Activation, Deep};
pub use experiment::{run, Config, Report};
pub use init::Init;
