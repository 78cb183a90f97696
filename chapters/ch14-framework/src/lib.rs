//! Chapter 14: from this book to a framework — the book's networks in candle, equal to the
//! last digit.
//!
//! Chapter 5's digits MLP and chapter 6's CNN written again in candle (Hugging Face's Rust
//! engine), started from the book's own initial weights through chapter 3's parameter
//! visitor; one step's loss and gradients compared with the book's hand-written backward
//! passes and with chapter 10's tape, chapter 9's Adam and AdamW with candle-nn's AdamW, a
//! whole training run in both, what a step costs, and the switch to a GPU.

#![deny(unsafe_code)] // `forbid` would refuse ndarray's `s!`, which carries `#[allow(unsafe_code)]`

pub mod bridge;
pub mod devices;
pub mod experiment;
pub mod figures;
pub mod networks;
pub mod report;

// Chapter 3's seam, so that a reader of this chapter imports from this chapter only.
pub use ch03_relu_xor::{Layer, Mlp, Optimizer, Param, Trainer};
pub use ch05_softmax::DigitsSplit;
pub use ch06_conv_saliency::Cnn;
// The engine itself, so that a notebook or a reader's code uses the same version.
pub use candle_core;
pub use candle_nn;

pub use experiment::{run, Config, Report};
pub use networks::{CandleCnn, CandleMlp};

/// The version of candle this chapter is built with: the one its Cargo.toml pins (a test
/// checks that they agree).
pub const CANDLE_VERSION: &str = "0.9.2";
