//! Chapter 6: convolution and gradient saliency maps.
//!
//! A 2-D convolution with its two backward passes — with respect to the kernel (what training
//! needs) and with respect to the input (what a saliency map is) — a small convolutional
//! network on the digits built from it and chapter 3's layers, and saliency maps, with two
//! tests of whether they mean anything.

#![deny(unsafe_code)] // `forbid` would refuse ndarray's `s!`, which carries `#[allow(unsafe_code)]`

pub mod cnn;
pub mod conv;
pub mod experiment;
pub mod figures;
pub mod report;
pub mod saliency;

// Chapter 3's seam, so that a reader of this chapter imports from this chapter only.
pub use ch03_relu_xor::{Layer, Loss, Param, Sgd, Trainer};

pub use cnn::Cnn;
pub use conv::{Conv2d, Padding};
pub use experiment::{run, Config, Report};
