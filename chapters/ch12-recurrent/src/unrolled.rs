//! The unrolled network *is* an ordinary deep network with tied weights: shown with chapter
//! 3's and chapter 1's layers.
//!
//! The plain cell's step is z_t = [x_t | h_{t−1}]·W + b with W = [W_x; W_h] (the two weight
//! matrices stacked, (in + hidden, hidden)), then h_t = tanh(z_t): chapter 3's `Dense` on the
//! input and the last state side by side, then chapter 1's `Tanh`. Unrolled over T steps, it
//! is T such pairs of layers in a row — a deep network like chapter 8's, except that every
//! dense layer is a *copy* of the same W and b, and that layer t also reads x_t.
//!
//! Trained as chapter 3 trains any deep network, each copy gets its own gradient from its own
//! backward pass. Tying the weights means the copies must stay equal, so the one true
//! gradient of W is the sum of the copies' gradients — which is what BPTT computes directly.
//! [`Unrolled`] builds the copies, runs ordinary backpropagation through them, and sums.

use ch01_sigmoid_neuron::Tanh;
use ch03_relu_xor::{Dense, Layer};
use ndarray::{concatenate, s, Array1, Array2, Array3, Axis};

use crate::cell::RnnCell;

// ANCHOR: unrolled
/// T copies of chapter 3's dense layer, each followed by chapter 1's tanh.
#[derive(Clone, Debug)]
pub struct Unrolled {
    pub layers: Vec<(Dense, Tanh)>,
    inputs: usize,
}

impl Unrolled {
    /// `steps` copies of `cell`'s step, each a `Dense` with W = [W_x; W_h] and b.
    pub fn new(cell: &RnnCell, steps: usize) -> Self {
        let w = concatenate(Axis(0), &[cell.w_x.view(), cell.w_h.view()]).expect("columns");
        let layer = (Dense::new(w, cell.b.clone()), Tanh::default());
        Unrolled {
            layers: vec![layer; steps],
            inputs: cell.w_x.nrows(),
        }
    }

    /// The states h_1 … h_T (batch, time, hidden): layer t reads [x_t | h_{t−1}], h_0 = 0.
    pub fn forward(&mut self, x: &Array3<f64>) -> Array3<f64> {
        let (batch, time, _) = x.dim();
        let hidden = self.layers[0].0.w.ncols();
        let mut states = Array3::zeros((batch, time, hidden));
        let mut h = Array2::zeros((batch, hidden));
        for (t, (dense, tanh)) in self.layers.iter_mut().enumerate() {
            let input = concatenate(Axis(1), &[x.index_axis(Axis(1), t), h.view()]).expect("rows"); // (batch, in + hidden)
            h = tanh.forward(&dense.forward(&input));
            states.index_axis_mut(Axis(1), t).assign(&h);
        }
        states
    }

    /// Ordinary backpropagation from ∂L/∂h_t (batch, time, hidden): from the last layer to
    /// the first, each copy keeping its own gradient. Layer t's input gradient splits into
    /// ∂L/∂x_t and ∂L/∂h_{t−1}, which joins ∂L/∂h_{t−1} from above.
    pub fn backward(&mut self, grad_states: &Array3<f64>) {
        let hidden = grad_states.dim().2;
        let mut from_next = Array2::zeros((grad_states.dim().0, hidden));
        for (t, (dense, tanh)) in self.layers.iter_mut().enumerate().rev() {
            let grad_h = &grad_states.index_axis(Axis(1), t) + &from_next;
            let grad_input = dense.backward(&tanh.backward(&grad_h));
            from_next = grad_input.slice(s![.., self.inputs..]).to_owned();
        }
    }

    /// The copies' gradients added up, from the last step to the first, and split back into
    /// ∂L/∂W_x, ∂L/∂W_h and ∂L/∂b.
    pub fn summed_gradients(&self) -> (Array2<f64>, Array2<f64>, Array1<f64>) {
        let (mut w, mut b) = (
            Array2::zeros(self.layers[0].0.w.raw_dim()),
            Array1::zeros(self.layers[0].0.w.ncols()),
        );
        for (dense, _) in self.layers.iter().rev() {
            w += &dense.grad_w;
            b += dense.grad_b.as_ref().expect("a bias");
        }
        let (w_x, w_h) = w.view().split_at(Axis(0), self.inputs);
        (w_x.to_owned(), w_h.to_owned(), b)
    }
}
// ANCHOR_END: unrolled
