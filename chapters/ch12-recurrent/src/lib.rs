//! Chapter 12: recurrent networks — backpropagation through time, step by step.
//!
//! One recurrent unit traced by hand over three steps ([`trace`]), then the same rule for a
//! layer: a cell's step forward and backward ([`cell`], and a gated cell, [`gru`]), the cell
//! unrolled over a sequence with backpropagation through time ([`recurrent`]), shown to be an
//! ordinary deep network with tied weights ([`unrolled`]) and checked against chapter 10's
//! tape ([`tape`]). Then what goes wrong along time and what helps: recurrent weights of a
//! chosen size ([`orthogonal`]), gradient clipping as an optimizer ([`clip`]), truncated BPTT;
//! a task with a known memory ([`task`]) to measure how far back each cell learns; and a
//! character-level language model on the book's own prose ([`corpus`], [`language`]) —
//! the corpus and the budget chapter 13 reuses.

#![deny(unsafe_code)] // `forbid` would refuse ndarray's `s!`, which carries `#[allow(unsafe_code)]`

pub mod cell;
pub mod clip;
pub mod corpus;
pub mod experiment;
pub mod figures;
pub mod gru;
pub mod language;
pub mod orthogonal;
pub mod recurrent;
pub mod report;
pub mod tape;
pub mod task;
pub mod trace;
pub mod train;
pub mod unrolled;

// Chapter 3's seam, so that a reader of this chapter imports from this chapter only.
pub use ch03_relu_xor::{Layer, Optimizer, Param, Sgd};

pub use experiment::{run, Config, Report};
