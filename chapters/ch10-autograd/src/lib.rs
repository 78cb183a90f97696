//! Chapter 10: automatic differentiation — the rule every earlier chapter followed by hand,
//! run by a program.
//!
//! A tape of scalars (micrograd's idea, in Rust) that reproduces chapter 3's hand trace number
//! for number; the same tape with arrays, whose operations are the earlier chapters' layers
//! and whose vector-Jacobian products are their backward passes, training chapter 5's digits
//! network and chapter 6's CNN with the same gradients as the hand-written code; what the
//! tape costs, and what recomputing a layer instead of keeping its inputs saves; forward mode
//! (a JVP on the scalar tape) against reverse mode; gradients that add up across backward
//! passes (micro-batches); and a new operation added in one place.

#![deny(unsafe_code)] // `forbid` would refuse ndarray's `s!`, which carries `#[allow(unsafe_code)]`

pub mod accumulate;
pub mod check;
pub mod experiment;
pub mod figures;
pub mod forward;
pub mod graph;
pub mod networks;
pub mod ops;
pub mod recompute;
pub mod report;
pub mod scalar;
pub mod softplus;
pub mod tape;
pub mod unit;

// Chapter 3's seam, so that a reader of this chapter imports from this chapter only.
pub use ch03_relu_xor::{Layer, Loss, Optimizer, Param, Sgd};

pub use experiment::{run, Config, Report};
