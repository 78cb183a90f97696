//! The structs the exercises take and return, as the reader's files and the answers write
//! them (`practice::DenseGrads`, …). They are the exercises' vocabulary, not the grader's: the
//! checks in [`crate::checks`] only read them.

use ndarray::{Array1, Array2};

/// Dense's three gradients, as `dense_backward` (3.2) returns them.
#[derive(Clone, Debug, PartialEq)]
pub struct DenseGrads {
    /// ∂L/∂W: (in, out)
    pub w: Array2<f64>,
    /// ∂L/∂b: (out,)
    pub b: Array1<f64>,
    /// ∂L/∂X: (batch, in)
    pub x: Array2<f64>,
}

/// Batch norm's three gradients, as `batch_norm_backward` (7.2) returns them; layer norm's
/// too ([`LayerNormGrads`], 13.3).
#[derive(Clone, Debug, PartialEq)]
pub struct BatchNormGrads {
    /// ∂L/∂x: (batch, features)
    pub x: Array2<f64>,
    /// ∂L/∂γ: (features,)
    pub gamma: Array1<f64>,
    /// ∂L/∂β: (features,)
    pub beta: Array1<f64>,
}

/// The running mean and variance batch norm keeps for inference, one per feature (7.3, 7.4).
#[derive(Clone, Debug, PartialEq)]
pub struct RunningStats {
    /// (features,)
    pub mean: Array1<f64>,
    /// (features,)
    pub var: Array1<f64>,
}

/// Adam's running means of g and g², one per coordinate: zeros before the first step (9.2, 9.3).
#[derive(Clone, Debug, PartialEq)]
pub struct AdamState {
    /// m, the running mean of the gradients: (len,)
    pub m: Array1<f64>,
    /// v, the running mean of their squares: (len,)
    pub v: Array1<f64>,
}

impl AdamState {
    /// m = v = 0, as before the first step.
    pub fn zeros(len: usize) -> Self {
        AdamState {
            m: Array1::zeros(len),
            v: Array1::zeros(len),
        }
    }
}

/// Adam's hyperparameters (9.2, 9.3).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct AdamSettings {
    /// The learning rate η.
    pub lr: f64,
    /// The decay β₁ of the running mean of g.
    pub beta1: f64,
    /// The decay β₂ of the running mean of g².
    pub beta2: f64,
    /// The ε added to √v̂.
    pub eps: f64,
}

/// One node of a tape for 10.2: each input's index and the local derivative ∂(node)/∂(input).
pub type NodeLocals = Vec<(usize, f64)>;

/// One step's gradients, as `rnn_step_backward` returns them.
#[derive(Clone, Debug, PartialEq)]
pub struct RnnStepGrads {
    /// ∂L/∂x: (batch, in)
    pub x: Array2<f64>,
    /// ∂L/∂h_prev: (batch, hidden)
    pub h_prev: Array2<f64>,
    /// This step's share of ∂L/∂W_x: (in, hidden)
    pub w_x: Array2<f64>,
    /// This step's share of ∂L/∂W_h: (hidden, hidden)
    pub w_h: Array2<f64>,
    /// This step's share of ∂L/∂b: (hidden,)
    pub b: Array1<f64>,
}

/// The gradients of a backward pass through time, as `bptt` returns them.
#[derive(Clone, Debug, PartialEq)]
pub struct BpttGrads {
    /// ∂L/∂x for every step: T arrays (batch, in)
    pub xs: Vec<Array2<f64>>,
    /// The whole ∂L/∂W_x: (in, hidden)
    pub w_x: Array2<f64>,
    /// The whole ∂L/∂W_h: (hidden, hidden)
    pub w_h: Array2<f64>,
    /// The whole ∂L/∂b: (hidden,)
    pub b: Array1<f64>,
}

/// Layer norm's three gradients, as `layer_norm_backward` (13.3) returns them: the same three
/// as batch norm's — ∂L/∂x (rows, features), ∂L/∂γ and ∂L/∂β (features,), summed over the rows.
pub type LayerNormGrads = BatchNormGrads;

/// One head's gradients with respect to its queries, keys and values (each (T, d)), as
/// `attention_backward` (13.2) returns them: chapter 13's own struct.
pub use ch13_attention::attention::AttendGrads as AttentionGrads;
