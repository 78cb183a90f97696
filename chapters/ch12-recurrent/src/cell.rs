//! A recurrent cell: one time step, forward and backward. The plain recurrent unit:
//!
//! z_t = x_t·W_x + h_{t−1}·W_h + b,   h_t = tanh(z_t)
//!
//! Shapes: x_t (batch, in), h_t (batch, hidden), W_x (in, hidden), W_h (hidden, hidden),
//! b (hidden,). It is chapter 3's dense layer on the inputs *and* the last state, followed by
//! chapter 1's tanh; what is new is that the same W_x, W_h and b serve every time step.
//!
//! Backward, for one step, given G = ∂L/∂h_t (batch, hidden) — everything that reaches h_t,
//! from the output above it and from the next step:
//!
//! - ∂L/∂z_t = G ⊙ (1 − h_t²)                        (chapter 1's tanh′, from the output)
//! - ∂L/∂W_x += x_tᵀ·∂L/∂z_t,  ∂L/∂W_h += h_{t−1}ᵀ·∂L/∂z_t,  ∂L/∂b += Σ_batch ∂L/∂z_t
//! - ∂L/∂x_t = ∂L/∂z_t·W_xᵀ,   ∂L/∂h_{t−1} = ∂L/∂z_t·W_hᵀ (handed to the step before)
//!
//! The `+=` is the point: a weight used at every step gets one share from each step, and its
//! gradient is their sum. [`Recurrent`](crate::recurrent::Recurrent) zeroes the gradients once,
//! then calls `step_backward` for every step from the last to the first.
//!
//! ```
//! use ndarray::array;
//! use ch12_recurrent::cell::{Cell, RnnCell};
//! let mut cell = RnnCell::new(array![[1.0]], array![[0.5]], array![0.0]);
//! let (h1, c1) = cell.step(&array![[1.0]], &array![[0.0]]); // h₁ = tanh(1)
//! let (h2, c2) = cell.step(&array![[0.0]], &h1); // h₂ = tanh(0.5·h₁)
//! assert_eq!(h2[[0, 0]], (0.5 * 1f64.tanh()).tanh());
//! cell.zero_grad();
//! let (_, g1) = cell.step_backward(&c2, &array![[1.0]]); // ∂h₂/∂h₁ = (1 − h₂²)·0.5
//! assert_eq!(g1[[0, 0]], (1.0 - h2[[0, 0]].powi(2)) * 0.5);
//! cell.step_backward(&c1, &g1);
//! // ∂h₂/∂W_h: step 2's share (1 − h₂²)·h₁ plus step 1's, (…)·h₀ = 0
//! assert_eq!(cell.grad_w_h[[0, 0]], (1.0 - h2[[0, 0]].powi(2)) * h1[[0, 0]]);
//! ```

use std::fmt::Debug;

use ch03_relu_xor::Param;
use ch08_initialization::init::xavier;
use ndarray::{Array1, Array2, Axis};
use nn_core::rng::ChaCha8Rng;

use crate::orthogonal::scaled_orthogonal;

// ANCHOR: cell
/// One time step of a recurrent network, forward and backward, with its parameters.
pub trait Cell: Clone + Debug + Send + Sync {
    /// What one step keeps for its backward pass.
    type Cache: Clone + Debug + Send + Sync;

    /// Inputs per time step.
    fn inputs(&self) -> usize;

    /// Units of the state h.
    fn hidden(&self) -> usize;

    /// The new state for inputs x (batch, in) and the last state h (batch, hidden), and what
    /// the backward pass of this step needs.
    fn step(&self, x: &Array2<f64>, h: &Array2<f64>) -> (Array2<f64>, Self::Cache);

    /// Given ∂L/∂(new state): *adds* this step's share to the parameters' gradients and
    /// returns (∂L/∂x, ∂L/∂(last state)).
    fn step_backward(
        &mut self,
        cache: &Self::Cache,
        grad_h: &Array2<f64>,
    ) -> (Array2<f64>, Array2<f64>);

    /// Sets the parameters' gradients to zero, before a backward pass through time.
    fn zero_grad(&mut self);

    /// Hands each parameter with its gradient to `visit`, always in the same order.
    fn visit_parameters(&mut self, visit: &mut dyn FnMut(Param<'_>));
}
// ANCHOR_END: cell

/// The plain recurrent unit: h_t = tanh(x_t·W_x + h_{t−1}·W_h + b).
#[derive(Clone, Debug)]
pub struct RnnCell {
    /// (in, hidden)
    pub w_x: Array2<f64>,
    /// (hidden, hidden)
    pub w_h: Array2<f64>,
    /// (hidden,)
    pub b: Array1<f64>,
    pub grad_w_x: Array2<f64>,
    pub grad_w_h: Array2<f64>,
    pub grad_b: Array1<f64>,
}

/// What one step of the plain unit keeps: its input, the last state and the new one.
#[derive(Clone, Debug)]
pub struct RnnCache {
    pub x: Array2<f64>,
    pub h_prev: Array2<f64>,
    pub h: Array2<f64>,
}

impl RnnCell {
    /// A cell with these weights and zero gradients.
    pub fn new(w_x: Array2<f64>, w_h: Array2<f64>, b: Array1<f64>) -> Self {
        assert!(
            w_h.is_square() && w_h.nrows() == w_x.ncols() && b.len() == w_x.ncols(),
            "RnnCell: W_x {:?}, W_h {:?} and b ({}) do not fit",
            w_x.dim(),
            w_h.dim(),
            b.len()
        );
        RnnCell {
            grad_w_x: Array2::zeros(w_x.raw_dim()),
            grad_w_h: Array2::zeros(w_h.raw_dim()),
            grad_b: Array1::zeros(b.len()),
            w_x,
            w_h,
            b,
        }
    }

    /// W_x by chapter 8's Xavier initialization, W_h = `scale`·Q with Q orthogonal (every
    /// singular value `scale`), b = 0.
    pub fn init(inputs: usize, hidden: usize, scale: f64, rng: &mut ChaCha8Rng) -> Self {
        let w_x = xavier(inputs, hidden, rng);
        RnnCell::new(
            w_x,
            scaled_orthogonal(hidden, scale, rng),
            Array1::zeros(hidden),
        )
    }
}

// ANCHOR: rnn_step
impl Cell for RnnCell {
    type Cache = RnnCache;

    fn inputs(&self) -> usize {
        self.w_x.nrows()
    }

    fn hidden(&self) -> usize {
        self.w_h.nrows()
    }

    /// h_t = tanh(x_t·W_x + h_{t−1}·W_h + b)
    fn step(&self, x: &Array2<f64>, h_prev: &Array2<f64>) -> (Array2<f64>, RnnCache) {
        // (batch, in)·(in, hidden) + (batch, hidden)·(hidden, hidden) -> (batch, hidden)
        let z = x.dot(&self.w_x) + h_prev.dot(&self.w_h) + &self.b;
        let h = z.mapv(f64::tanh);
        let cache = RnnCache {
            x: x.clone(),
            h_prev: h_prev.clone(),
            h: h.clone(),
        };
        (h, cache)
    }

    /// ∂L/∂z = G ⊙ (1 − h²); W_x, W_h and b *add* their shares; returns (∂L/∂x, ∂L/∂h_{t−1}).
    fn step_backward(&mut self, c: &RnnCache, grad_h: &Array2<f64>) -> (Array2<f64>, Array2<f64>) {
        let grad_z = grad_h * &c.h.mapv(|h| 1.0 - h * h);
        self.grad_w_x += &c.x.t().dot(&grad_z); // (in, batch)·(batch, hidden)
        self.grad_w_h += &c.h_prev.t().dot(&grad_z); // (hidden, batch)·(batch, hidden)
        self.grad_b += &grad_z.sum_axis(Axis(0));
        let grad_x = grad_z.dot(&self.w_x.t()); // (batch, hidden)·(hidden, in)
        let grad_h_prev = grad_z.dot(&self.w_h.t()); // (batch, hidden)·(hidden, hidden)
        (grad_x, grad_h_prev)
    }

    fn zero_grad(&mut self) {
        self.grad_w_x.fill(0.0);
        self.grad_w_h.fill(0.0);
        self.grad_b.fill(0.0);
    }

    /// W_x, W_h, b.
    fn visit_parameters(&mut self, visit: &mut dyn FnMut(Param<'_>)) {
        visit(Param::new("W_x", &mut self.w_x, &self.grad_w_x));
        visit(Param::new("W_h", &mut self.w_h, &self.grad_w_h));
        visit(Param::new("b", &mut self.b, &self.grad_b));
    }
}
// ANCHOR_END: rnn_step
