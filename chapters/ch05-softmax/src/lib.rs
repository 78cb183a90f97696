//! Chapter 5: softmax on real digits, label smoothing, and which output activation.
//!
//! Softmax's backward pass two ways (its full Jacobian, and the fused gradient with
//! cross-entropy), a softmax classifier on iris, chapter 3's network on handwritten digits
//! with mini-batch SGD, label smoothing and what it does to calibration, and the learner's
//! question: why is a sigmoid output worse than tanh for regressing bits?

#![deny(unsafe_code)] // `forbid` would refuse ndarray's `s!`, which carries `#[allow(unsafe_code)]`

pub mod bits;
pub mod calibration;
pub mod digits;
pub mod experiment;
pub mod figures;
pub mod jacobian;
pub mod report;
pub mod sgd;
pub mod smoothing;

// Chapter 3's seam, so that a reader of this chapter imports from this chapter only.
pub use ch03_relu_xor::{Batches, Layer, Loss, Sgd, Trainer};

pub use digits::DigitsSplit;
pub use experiment::{run, Config, Report};
pub use smoothing::SmoothedCrossEntropy;
