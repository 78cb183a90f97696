//! Chapter 13: attention — a small transformer, every backward pass derived and checked.
//!
//! Scaled dot-product attention with its causal mask and its backward pass through chapter
//! 5's softmax Jacobian, several heads as one reshape ([`attention`]); layer normalization as
//! chapter 7's batch normalization turned on its side ([`layer_norm`]); blocks with residual
//! paths, learned positions and the whole decoder-only transformer ([`model`]), checked
//! against central differences and, whole, against chapter 10's scalar tape ([`tape`]); then
//! trained on chapter 12's corpus in chapter 12's budget, beside chapter 12's GRU.

#![deny(unsafe_code)] // `forbid` would refuse ndarray's `s!`, which carries `#[allow(unsafe_code)]`

pub mod attention;
pub mod experiment;
pub mod figures;
pub mod layer_norm;
pub mod model;
pub mod report;
pub mod tape;

// Chapter 3's seam, so that a reader of this chapter imports from this chapter only.
pub use ch03_relu_xor::{Layer, Optimizer, Param};

pub use experiment::{run, Config, Report};
