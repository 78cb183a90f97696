//! The whole transformer on chapter 10's *scalar* tape: a second way to its gradients that
//! shares nothing with this chapter's backward passes.
//!
//! Chapter 12 checked its network on the array tape, whose operations wrap the layers' own
//! backward passes. Here every number of the forward pass is a node made of chapter 10's
//! elementary operations — +, −, ×, xⁿ, eˣ, ln, ReLU — so the tape knows nothing of softmax's
//! Jacobian, of layer normalization's two sums or of residual paths: it applies the chain rule
//! to what it sees. If the hand-written backward passes agree with it to rounding, they are
//! right, pieces *and* assembly. The price is size: one node per multiplication, so the check
//! runs on a small transformer (a few thousand parameters, two sequences of a few characters).
//!
//! The forward pass below is written once more, in scalars, reading the parameters in the
//! order the network visits them (each named, so that a different order fails loudly).

use ch03_relu_xor::Layer;
use ch10_autograd::scalar::{Tape, Var};
use ch12_recurrent::corpus::one_hot;
use ch12_recurrent::tape::largest_difference;
use ch12_recurrent::train::{sequence_loss, Targets};
use ndarray::Array2;

use crate::attention::scale;
use crate::model::Transformer;

/// Rows of scalars on the tape: one row per position (batch·T of them).
type Rows = Vec<Vec<Var>>;

/// A parameter's leaves: its name, shape and one leaf per element (row-major).
struct Leaves {
    name: &'static str,
    shape: Vec<usize>,
    vars: Vec<Var>,
}

/// The network's parameters as leaves, handed out in the visiting order.
struct Cursor<'a> {
    leaves: &'a [Leaves],
    next: usize,
}

impl Cursor<'_> {
    fn take(&mut self, name: &str) -> &Leaves {
        let leaf = &self.leaves[self.next];
        assert_eq!(leaf.name, name, "parameter {} out of order", self.next);
        self.next += 1;
        leaf
    }

    /// A matrix parameter as rows.
    fn matrix(&mut self, name: &str) -> Rows {
        let l = self.take(name);
        l.vars.chunks(l.shape[1]).map(<[Var]>::to_vec).collect()
    }

    fn vector(&mut self, name: &str) -> Vec<Var> {
        self.take(name).vars.clone()
    }
}

/// Σ of some nodes, as a chain of additions.
fn sum(t: &Tape, terms: impl IntoIterator<Item = Var>) -> Var {
    terms
        .into_iter()
        .reduce(|a, b| t.add(a, b))
        .expect("at least one term")
}

/// X·W + b, row by row.
fn dense(t: &Tape, x: &Rows, w: &Rows, b: Option<&[Var]>) -> Rows {
    x.iter()
        .map(|row| {
            (0..w[0].len())
                .map(|j| {
                    let dot = sum(t, row.iter().zip(w).map(|(&a, w_k)| t.mul(a, w_k[j])));
                    b.map_or(dot, |b| t.add(dot, b[j]))
                })
                .collect()
        })
        .collect()
}

/// A dense layer whose W and b are the next parameters.
fn dense_next(t: &Tape, x: &Rows, c: &mut Cursor) -> Rows {
    let w = c.matrix("W");
    let b = c.vector("b");
    dense(t, x, &w, Some(&b))
}

/// Layer normalization of each row, with the next γ and β.
fn layer_norm(t: &Tape, x: &Rows, c: &mut Cursor) -> Rows {
    let (gamma, beta) = (c.vector("γ"), c.vector("β"));
    let over_d = t.constant(1.0 / x[0].len() as f64);
    let eps = t.constant(ch07_batch_norm::batch_norm::EPSILON);
    x.iter()
        .map(|row| {
            let mean = t.mul(sum(t, row.iter().copied()), over_d);
            let centred: Vec<Var> = row.iter().map(|&v| t.sub(v, mean)).collect();
            let var = t.mul(sum(t, centred.iter().map(|&v| t.mul(v, v))), over_d);
            let inv_std = t.pow(t.add(var, eps), -0.5);
            centred
                .iter()
                .zip(gamma.iter().zip(&beta))
                .map(|(&v, (&g, &b))| t.add(t.mul(t.mul(v, inv_std), g), b))
                .collect()
        })
        .collect()
}

/// Causal multi-head attention over `batch` sequences of `time` rows each.
fn attention(t: &Tape, x: &Rows, heads: usize, time: usize, scaled: bool, c: &mut Cursor) -> Rows {
    let q = dense_next(t, x, c);
    let k = dense(t, x, &c.matrix("W"), None); // the keys' layer has no bias
    let v = dense_next(t, x, c);
    let width = q[0].len();
    let d = width / heads;
    let s = t.constant(if scaled { scale(d) } else { 1.0 });
    let mut out = vec![Vec::with_capacity(width); x.len()];
    for start in (0..x.len()).step_by(time) {
        for h in 0..heads {
            let cols = h * d..(h + 1) * d;
            for i in 0..time {
                // Positions 0…i only: the masked scores are simply not on the tape.
                let e: Vec<Var> = (0..=i)
                    .map(|j| {
                        let dot = sum(
                            t,
                            cols.clone()
                                .map(|m| t.mul(q[start + i][m], k[start + j][m])),
                        );
                        t.exp(t.mul(dot, s))
                    })
                    .collect();
                let inv_total = t.pow(sum(t, e.iter().copied()), -1.0);
                for m in cols.clone() {
                    let o = sum(
                        t,
                        e.iter()
                            .enumerate()
                            .map(|(j, &e)| t.mul(t.mul(e, inv_total), v[start + j][m])),
                    );
                    out[start + i].push(o);
                }
            }
        }
    }
    dense_next(t, &out, c)
}

/// a + b element by element, or b alone without the residual path.
fn residual(t: &Tape, a: &Rows, b: Rows, on: bool) -> Rows {
    if !on {
        return b;
    }
    a.iter()
        .zip(b)
        .map(|(a, b)| a.iter().zip(b).map(|(&a, b)| t.add(a, b)).collect())
        .collect()
}

// ANCHOR: on_tape
/// `net`'s mean cross-entropy for the characters `ids` (batch, T) against `targets`, built on
/// `tape` from scalars: the loss's node and every parameter's leaves, in the visiting order.
fn on_tape(
    tape: &Tape,
    net: &mut Transformer,
    ids: &Array2<usize>,
    targets: &Array2<usize>,
) -> (Var, Vec<Leaves>) {
    let mut leaves = Vec::new();
    net.visit_parameters(&mut |p| {
        leaves.push(Leaves {
            name: p.name,
            shape: p.value.shape().to_vec(),
            vars: p.value.iter().map(|&v| tape.leaf(v, p.name)).collect(),
        })
    });
    let c = &mut Cursor {
        leaves: &leaves,
        next: 0,
    };
    let shape = net.shape;
    let time = ids.ncols();
    let embedding = c.matrix("W"); // one-hot · W picks a row of W
    let positions = shape.positions.then(|| c.matrix("P"));
    let mut h: Rows = ids
        .indexed_iter()
        .map(|((_, i), &id)| match &positions {
            Some(p) => (0..shape.width)
                .map(|m| tape.add(embedding[id][m], p[i][m]))
                .collect(),
            None => embedding[id].clone(),
        })
        .collect();
    for scaled in net.blocks.iter().map(|b| b.attention.scaled) {
        let normed = layer_norm(tape, &h, c);
        let a = residual(
            tape,
            &h,
            attention(tape, &normed, shape.heads, time, scaled, c),
            shape.residual,
        );
        let normed = layer_norm(tape, &a, c);
        let hidden: Rows = dense_next(tape, &normed, c)
            .into_iter()
            .map(|row| row.into_iter().map(|v| tape.relu(v)).collect())
            .collect();
        h = residual(tape, &a, dense_next(tape, &hidden, c), shape.residual);
    }
    let logits = dense_next(tape, &layer_norm(tape, &h, c), c);
    assert_eq!(c.next, leaves.len(), "every parameter used");
    // −ln p_y = ln Σ e^z − z_y, averaged over the positions
    let losses = logits.iter().zip(targets.iter()).map(|(z, &y)| {
        let total = sum(tape, z.iter().map(|&z| tape.exp(z)));
        tape.sub(tape.log(total), z[y])
    });
    let mean = tape.mul(sum(tape, losses), tape.constant(1.0 / logits.len() as f64));
    (mean, leaves)
}
// ANCHOR_END: on_tape

/// The hand-written backward pass against the scalar tape's.
#[derive(Clone, Debug, PartialEq)]
pub struct TapeCheck {
    /// Each parameter's name, shape and the largest relative difference between its two
    /// gradients.
    pub params: Vec<(&'static str, Vec<usize>, f64)>,
    /// The relative difference between the two losses.
    pub loss: f64,
    /// Nodes on the tape.
    pub nodes: usize,
}

/// One forward and backward pass of `net` on `ids`/`targets`, by hand and on the tape.
pub fn compare(net: &Transformer, ids: &Array2<usize>, targets: &Array2<usize>) -> TapeCheck {
    let mut hand = net.clone();
    let x = one_hot(ids, net.shape.vocabulary);
    let (hand_loss, grad) = sequence_loss(&hand.forward(&x), &Targets::Every(targets.clone()));
    hand.backward(&grad);
    let mut hand_grads = Vec::new();
    hand.visit_parameters(&mut |p| hand_grads.push(p.grad.to_owned()));
    let tape = Tape::new();
    let (loss, leaves) = on_tape(&tape, &mut net.clone(), ids, targets);
    let grads = tape.backward(loss);
    let params = leaves
        .iter()
        .zip(&hand_grads)
        .map(|(l, h)| {
            let taped: Vec<f64> = l.vars.iter().map(|&v| grads[v]).collect();
            (
                l.name,
                l.shape.clone(),
                largest_difference(h.iter(), &taped),
            )
        })
        .collect();
    TapeCheck {
        params,
        loss: largest_difference(&[hand_loss], &[tape.value(loss)]),
        nodes: tape.len(),
    }
}
