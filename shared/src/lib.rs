//! `nn-core`: what every chapter of *Backprop, Step by Step* needs that is no chapter's topic.
//!
//! - [`buffer`]: arrays a layer keeps for its backward pass, reused from step to step;
//! - [`cli`]: flags parsed by clap, and a user's mistakes answered with exit status 2;
//! - [`data`]: the three datasets, embedded at compile time, and a loader for your own CSV;
//! - [`rng`]: one seeded random-number generator, the same on every machine;
//! - [`gradcheck`]: central finite differences and CS231n's relative error;
//! - [`grid`]: every variant of an experiment trained from every seed, in parallel;
//! - [`plot`]: SVG figures (line charts, a function and its derivative, heatmaps, decision
//!   regions) that need no system font library and display inline in Jupyter;
//! - [`table`]: fixed-digit numbers and plain-text tables, so reports read the same everywhere;
//! - [`notebook`]: what a notebook's first cell calls, so that a panic fails the cell;
//! - [`report`]: printing a chapter's report and writing its figures, errors as sentences;
//! - [`Error`]: the one error type.
//!
//! Everything a chapter *teaches* (neurons, layers, losses, optimisers) lives in that chapter.

#![deny(unsafe_code)] // `forbid` would refuse ndarray's `s!`, which carries `#[allow(unsafe_code)]`

pub mod buffer;
pub mod cli;
pub mod data;
pub mod error;
pub mod gradcheck;
pub mod grid;
pub mod notebook;
pub mod plot;
pub mod report;
pub mod rng;
pub mod table;

pub use error::{Error, Result};
