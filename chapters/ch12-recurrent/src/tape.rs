//! The unrolled network on chapter 10's tape: a second, independent way to the same
//! gradients.
//!
//! Chapter 10 made each earlier layer an operation of its array tape by wrapping the layer's
//! own forward and backward passes. A recurrent cell's step is wrapped the same way
//! ([`CellStep`]): its inputs are x_t, h_{t−1} and the cell's parameters; its forward pass is
//! the cell's `step`, its vector-Jacobian product the cell's `step_backward` (from zero
//! gradients, so that it returns this step's shares alone).
//!
//! Then the network is only its forward pass, written out step by step: the parameters are
//! leaves of the tape, and every step's node uses the *same* leaves. Nothing on the tape knows
//! about time. Its backward pass adds each leaf's shares from every node that used it —
//! chapter 10's rule for a value used twice — and that sum over the steps is BPTT's sum. So
//! the tape's gradients and [`Recurrent`](crate::recurrent::Recurrent)'s hand-written loop
//! must agree; [`compare`] checks every element.

use ch03_relu_xor::{Layer, Param, SoftmaxCrossEntropy};
use ch10_autograd::ops::{Linear, LossOp, Reshape};
use ch10_autograd::tape::{ArrayTape, ArrayVar, Op, Tensor};
use ndarray::{stack, Array2, Array3, ArrayView2, Axis, Ix2};

use crate::cell::Cell;
use crate::train::{sequence_loss, SequenceNet, Targets};

// ANCHOR: cell_step
/// One step of a cell as an operation of chapter 10's tape: inputs x_t (batch, in), h_{t−1}
/// (batch, hidden) and the cell's parameters in their visiting order; output h_t.
#[derive(Clone, Debug)]
pub struct CellStep<C: Cell> {
    cell: C,
    cache: Option<C::Cache>,
}

impl<C: Cell> CellStep<C> {
    /// A step of a cell shaped like `cell` (its parameters' values come from the tape).
    pub fn new(cell: C) -> Self {
        CellStep { cell, cache: None }
    }
}

/// A tape's value as a batch (rows, columns), or a panic naming the op.
fn matrix(x: &Tensor, what: &str) -> Array2<f64> {
    x.view()
        .into_dimensionality::<Ix2>()
        .unwrap_or_else(|_| panic!("cell step: {what} of shape {:?}", x.shape()))
        .to_owned()
}

impl<C: Cell + 'static> Op for CellStep<C> {
    fn name(&self) -> String {
        "cell step".into()
    }

    /// The cell's `step`, with the parameters set from the inputs after x and h.
    fn forward(&mut self, inputs: &[&Tensor]) -> Tensor {
        let mut next = inputs[2..].iter();
        self.cell.visit_parameters(&mut |mut p: Param<'_>| {
            let value = next.next().expect("one input per parameter");
            p.value.assign(*value);
        });
        let (h, cache) = self
            .cell
            .step(&matrix(inputs[0], "x"), &matrix(inputs[1], "h"));
        self.cache = Some(cache);
        h.into_dyn()
    }

    /// The cell's `step_backward` from zero gradients: ∂L/∂x, ∂L/∂h_{t−1}, and this step's
    /// share of each parameter's gradient.
    fn vjp(&mut self, _: &[&Tensor], _: &Tensor, g: &Tensor, _: &[bool]) -> Vec<Option<Tensor>> {
        let cache = self.cache.as_ref().expect("cell step: vjp before forward");
        self.cell.zero_grad();
        let (grad_x, grad_h) = self.cell.step_backward(cache, &matrix(g, "∂L/∂h"));
        let mut grads = vec![Some(grad_x.into_dyn()), Some(grad_h.into_dyn())];
        self.cell
            .visit_parameters(&mut |p| grads.push(Some(p.grad.to_owned())));
        grads
    }
}
// ANCHOR_END: cell_step

/// The states of every step side by side: T inputs (batch, hidden) -> (batch, T, hidden).
/// It moves no number: its VJP hands each input its slice of the gradient.
#[derive(Clone, Copy, Debug, Default)]
pub struct Stack;

impl Op for Stack {
    fn name(&self) -> String {
        "stack".into()
    }

    fn forward(&mut self, inputs: &[&Tensor]) -> Tensor {
        let views: Vec<ArrayView2<f64>> = inputs
            .iter()
            .map(|x| x.view().into_dimensionality::<Ix2>().expect("(batch, n)"))
            .collect();
        stack(Axis(1), &views).expect("equal shapes").into_dyn()
    }

    fn vjp(
        &mut self,
        inputs: &[&Tensor],
        _: &Tensor,
        g: &Tensor,
        _: &[bool],
    ) -> Vec<Option<Tensor>> {
        (0..inputs.len())
            .map(|t| Some(g.index_axis(Axis(1), t).to_owned()))
            .collect()
    }
}

// ANCHOR: unrolled_on_tape
/// `net`'s forward pass on chapter 10's tape, for sequences `x` (batch, time, in) scored at
/// every step against `targets` (batch, time): the loss's node and the parameters' leaves, in
/// the network's visiting order.
pub fn on_tape<C: Cell + 'static>(
    tape: &mut ArrayTape,
    net: &mut SequenceNet<C>,
    x: &Array3<f64>,
    targets: &Array2<usize>,
) -> (ArrayVar, Vec<ArrayVar>) {
    let (batch, time, _) = x.dim();
    let mut params = Vec::new();
    net.visit_parameters(&mut |p| params.push(tape.param(p.value.to_owned())));
    let (cell_params, head) = params.split_at(params.len() - 2); // the head's W and b come last
    let mut h = tape.input(Tensor::zeros(vec![batch, net.rnn.cell.hidden()])); // h₀ = 0
    let mut states = Vec::with_capacity(time);
    for t in 0..time {
        let x_t = tape.input(x.index_axis(Axis(1), t).to_owned().into_dyn());
        let mut inputs = vec![x_t, h];
        inputs.extend_from_slice(cell_params); // the same leaves at every step
        h = tape.apply(CellStep::new(net.rnn.cell.clone()), &inputs);
        states.push(h);
    }
    let stacked = tape.apply(Stack, &states);
    let hidden = net.rnn.cell.hidden();
    let rows = tape.apply(
        Reshape {
            shape: vec![batch * time, hidden],
        },
        &[stacked],
    );
    let logits = tape.apply(Linear::default(), &[rows, head[0], head[1]]);
    let labels: Vec<usize> = targets.iter().copied().collect();
    let ce = LossOp::new("cross-entropy", SoftmaxCrossEntropy::default(), &labels[..]);
    (tape.apply(ce, &[logits]), params)
}
// ANCHOR_END: unrolled_on_tape

/// The hand-written backward pass against the tape's, parameter by parameter.
#[derive(Clone, Debug, PartialEq)]
pub struct Comparison {
    /// Each parameter's name and shape, and the largest relative difference between its two
    /// gradients (0 when equal bit for bit).
    pub params: Vec<(&'static str, Vec<usize>, f64)>,
    /// The relative difference between the two losses.
    pub loss: f64,
}

/// The largest relative difference between two arrays' elements: 0 if every element is
/// equal bit for bit; NaN if any element is NaN on one side only (`f64::max` would drop it).
pub fn largest_difference<'a>(
    a: impl IntoIterator<Item = &'a f64>,
    b: impl IntoIterator<Item = &'a f64>,
) -> f64 {
    a.into_iter().zip(b).fold(0.0, |worst: f64, (&a, &b)| {
        let d = if a.to_bits() == b.to_bits() {
            0.0
        } else {
            nn_core::gradcheck::relative_error(a, b)
        };
        if worst.is_nan() || d.is_nan() {
            f64::NAN
        } else {
            worst.max(d)
        }
    })
}

/// One forward and backward pass of `net` by hand (BPTT) and on the tape, on the same batch.
pub fn compare<C: Cell + 'static>(
    net: &SequenceNet<C>,
    x: &Array3<f64>,
    targets: &Array2<usize>,
) -> Comparison {
    let mut hand = net.clone();
    let (hand_loss, grad) = sequence_loss(&hand.forward(x), &Targets::Every(targets.clone()));
    hand.backward(&grad);
    let mut hand_grads = Vec::new();
    hand.visit_parameters(&mut |p| {
        hand_grads.push((p.name, p.grad.shape().to_vec(), p.grad.to_owned()))
    });
    let mut tape = ArrayTape::new();
    let (loss, leaves) = on_tape(&mut tape, &mut net.clone(), x, targets);
    let tape_loss = [tape.value(loss).sum()];
    let grads = tape.backward(loss);
    let count = hand_grads.len();
    let params = hand_grads
        .into_iter()
        .zip(leaves)
        .enumerate()
        .map(|(i, ((name, shape, h), leaf))| {
            // The output layer's W and b come last.
            let name = match count - i {
                2 => "W_out",
                1 => "b_out",
                _ => name,
            };
            let taped = grads
                .of(leaf)
                .expect("every parameter is on the loss's path");
            (name, shape, largest_difference(&h, taped))
        })
        .collect();
    Comparison {
        params,
        loss: largest_difference(&[hand_loss], &tape_loss),
    }
}
