//! Chapter 3: a ReLU network learns XOR, with backpropagation traced step by step.
//!
//! The building blocks introduced here — a dense layer with bias, ReLU, and softmax with
//! cross-entropy — each with a forward and a backward pass, are the ones later chapters
//! import. With them: the learner's network (input → hidden → ReLU → output → softmax) on
//! XOR, the well-known numpy two-layer program reproduced, and one chain rule traced number
//! by number, with the ReLU's input above and below zero.

#![deny(unsafe_code)] // `forbid` would refuse ndarray's `s!`, which carries `#[allow(unsafe_code)]`

pub mod augmented;
pub mod dense;
pub mod experiment;
pub mod figures;
pub mod finite_diff;
pub mod layer;
pub mod loss;
pub mod mlp;
pub mod numpy_port;
pub mod optimizer;
pub mod relu;
pub mod report;
pub mod sequential;
pub mod softmax;
pub mod trace;
pub mod train;

pub use dense::Dense;
pub use experiment::{run, Config, Report};
pub use layer::{Layer, Param};
pub use loss::{Loss, Targets};
pub use mlp::Mlp;
pub use optimizer::{Optimizer, PerParameter, Schedule, Sgd};
pub use relu::Relu;
pub use sequential::Sequential;
pub use softmax::{accuracy, argmax, predicted_classes, softmax, SoftmaxCrossEntropy};
pub use train::{evaluate, Batches, FullBatch, Online, Trainer};

use ndarray::{array, Array2};

/// The four inputs of XOR as rows: (4, 2).
pub fn xor_inputs() -> Array2<f64> {
    array![[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]
}

/// XOR's labels for those inputs, as classes 0 and 1.
pub const XOR_LABELS: [usize; 4] = [0, 1, 1, 0];
