//! A cell run over a sequence — the network unrolled in time — and backpropagation through
//! time (BPTT).
//!
//! Forward: h_0 = 0, then h_t = cell(x_t, h_{t−1}) for t = 1 … T, every step with the same
//! parameters. Written out, that is a T-layer network whose layers all share one set of
//! weights, and whose layer t takes one more input, x_t. Nothing else about it is new:
//!
//! Backward is chapter 3's backward pass through those T layers, from the last to the first.
//! Two things are particular:
//!
//! - h_t feeds two things — the output at step t and the step t + 1 — so ∂L/∂h_t is the sum
//!   of what both hand back (chapter 10's "a value used twice");
//! - the parameters are used at every step, so their gradient is the sum of every step's share
//!   (chapter 10's rule again, for a weight used T times).
//!
//! So: zero the gradients, then for t = T down to 1: G_t = (∂L/∂h_t from above) + (what step
//! t + 1 handed back), and `step_backward(cache_t, G_t)` adds step t's shares and hands
//! ∂L/∂h_{t−1} on.
//!
//! **Truncated BPTT** with a window of k steps cuts the sequence into windows of k steps,
//! counted back from the last: the state still flows forward across a window's edge, but no
//! gradient flows back across it (the state entering a window is taken as a constant). What
//! a loss at step t can learn then reaches back at most k steps.
//!
//! Shapes: a batch of sequences is (batch, time, features), and so is the output (batch,
//! time, hidden): `Recurrent` is a `Layer<Ix3>`, on chapter 3's seam.

use ch03_relu_xor::{Layer, Param};
use ndarray::{s, Array2, Array3, Axis, Ix3};

use crate::cell::Cell;

/// A cell unrolled over the time axis, with h_0 = 0.
#[derive(Clone, Debug)]
pub struct Recurrent<C: Cell> {
    pub cell: C,
    /// Truncated BPTT: no gradient crosses the edge of a window of this many steps (counted
    /// back from the last step). `None`: the whole sequence.
    pub truncate: Option<usize>,
    /// What each step of the last training forward pass kept.
    caches: Vec<C::Cache>,
}

impl<C: Cell> Recurrent<C> {
    pub fn new(cell: C) -> Self {
        Recurrent {
            cell,
            truncate: None,
            caches: Vec::new(),
        }
    }

    /// Every state h_1 … h_T for the sequences `x` (batch, time, in), each step shown to
    /// `keep`.
    fn unroll(&self, x: &Array3<f64>, mut keep: impl FnMut(C::Cache)) -> Array3<f64> {
        let (batch, time, inputs) = x.dim();
        assert_eq!(
            inputs,
            self.cell.inputs(),
            "Recurrent: sequences of {inputs} features for a cell of {} inputs",
            self.cell.inputs()
        );
        let mut states = Array3::zeros((batch, time, self.cell.hidden()));
        let mut h = Array2::zeros((batch, self.cell.hidden())); // h₀ = 0
        for t in 0..time {
            let (h_new, cache) = self.cell.step(&x.index_axis(Axis(1), t).to_owned(), &h);
            states.index_axis_mut(Axis(1), t).assign(&h_new);
            keep(cache);
            h = h_new;
        }
        states
    }

    // ANCHOR: bptt
    /// Backpropagation through time from ∂L/∂h_t for every t (batch, time, hidden), as it
    /// comes from above; each step's complete ∂L/∂h_t is shown to `watch(t, G_t)` (t from 0).
    /// Returns ∂L/∂x (batch, time, in); the cell keeps the parameters' gradients.
    pub fn backward_watching(
        &mut self,
        grad_states: &Array3<f64>,
        mut watch: impl FnMut(usize, &Array2<f64>),
    ) -> Array3<f64> {
        let (batch, time, _) = grad_states.dim();
        assert_eq!(
            time,
            self.caches.len(),
            "Recurrent::backward: {time} steps of gradient for {} steps of forward",
            self.caches.len()
        );
        let mut grad_x = Array3::zeros((batch, time, self.cell.inputs()));
        let mut from_next = Array2::zeros((batch, self.cell.hidden())); // nothing after step T
        self.cell.zero_grad();
        for t in (0..time).rev() {
            let grad_h = &grad_states.index_axis(Axis(1), t) + &from_next;
            watch(t, &grad_h);
            let (gx, gh) = self.cell.step_backward(&self.caches[t], &grad_h);
            grad_x.index_axis_mut(Axis(1), t).assign(&gx);
            from_next = gh;
            if self.truncate.is_some_and(|k| (time - t) % k == 0) {
                from_next.fill(0.0); // the window's edge: no gradient crosses it
            }
        }
        grad_x
    }
    // ANCHOR_END: bptt
}

impl<C: Cell> Layer<Ix3> for Recurrent<C> {
    /// The states h_1 … h_T (batch, time, hidden); keeps nothing.
    fn infer(&self, x: &Array3<f64>) -> Array3<f64> {
        self.unroll(x, |_| {})
    }

    /// The same, keeping every step's cache for the backward pass.
    fn forward(&mut self, x: &Array3<f64>) -> Array3<f64> {
        let mut caches = std::mem::take(&mut self.caches);
        caches.clear();
        let states = self.unroll(x, |c| caches.push(c));
        self.caches = caches;
        states
    }

    fn backward(&mut self, grad_output: &Array3<f64>) -> Array3<f64> {
        self.backward_watching(grad_output, |_, _| {})
    }

    fn visit_parameters(&mut self, visit: &mut dyn FnMut(Param<'_>)) {
        self.cell.visit_parameters(visit);
    }
}

// ANCHOR: per_step
/// A layer of chapter 3 applied at every time step, with the same weights: (batch, time, in)
/// -> (batch, time, out). The steps are rows of one batch of batch·time rows, so its backward
/// pass is the layer's own, and its weights' gradient the sum over the steps, as for the cell.
#[derive(Clone, Debug)]
pub struct PerStep<L: Layer> {
    pub layer: L,
}

/// (batch, time, n) as (batch·time, n) rows, and back ([`sequences`]).
pub fn rows(x: &Array3<f64>) -> Array2<f64> {
    let (b, t, n) = x.dim();
    x.as_standard_layout()
        .into_owned()
        .into_shape_with_order((b * t, n))
        .expect("contiguous")
}

/// (batch·time, n) rows as (batch, time, n).
pub fn sequences(y: Array2<f64>, batch: usize, time: usize) -> Array3<f64> {
    let n = y.ncols();
    y.into_shape_with_order((batch, time, n))
        .expect("batch·time rows")
}

impl<L: Layer + Clone + 'static> Layer<Ix3> for PerStep<L> {
    fn infer(&self, x: &Array3<f64>) -> Array3<f64> {
        let (b, t, _) = x.dim();
        sequences(self.layer.infer(&rows(x)), b, t)
    }

    fn forward(&mut self, x: &Array3<f64>) -> Array3<f64> {
        let (b, t, _) = x.dim();
        sequences(self.layer.forward(&rows(x)), b, t)
    }

    fn backward(&mut self, grad_output: &Array3<f64>) -> Array3<f64> {
        let (b, t, _) = grad_output.dim();
        sequences(self.layer.backward(&rows(grad_output)), b, t)
    }

    fn backward_params(&mut self, grad_output: &Array3<f64>) {
        self.layer.backward_params(&rows(grad_output));
    }

    fn visit_parameters(&mut self, visit: &mut dyn FnMut(Param<'_>)) {
        self.layer.visit_parameters(visit);
    }
}
// ANCHOR_END: per_step

/// The last step of a batch of sequences: (batch, time, n) -> (batch, n).
pub fn last_step(x: &Array3<f64>) -> Array2<f64> {
    x.slice(s![.., -1, ..]).to_owned()
}
