//! The earlier chapters' networks written as forward passes on the tape: chapter 3's MLP (as
//! chapter 5 trains it on the digits) and chapter 6's CNN. Only the forward pass is written;
//! the tape runs the backward pass.
//!
//! The parameters are the tape's first nodes and stay from step to step; each step forgets
//! the rest ([`Tape::truncate`]), records a new forward pass, and runs backward.

use ch03_relu_xor::{Loss, Mlp, Optimizer, Param};
use ch06_conv_saliency::cnn::{Cnn, SIDE};
use ch06_conv_saliency::conv::Padding;
use ndarray::Array2;

use crate::ops::{relu, Conv, CrossEntropy, Linear, Reshape};
use crate::tape::{Grads, Tape, Var};

/// A network on the tape: its parameters (the first nodes) and what its forward pass is.
pub struct TapeNet {
    pub tape: Tape,
    pub params: Vec<Var>,
    kind: Kind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Mlp,
    Cnn { filters: usize },
}

impl TapeNet {
    /// Chapter 3's MLP with `net`'s weights: W₁, b₁, W₂, b₂ (its visiting order).
    pub fn mlp(net: &Mlp) -> Self {
        let mut tape = Tape::new();
        let params = [
            net.hidden.w.clone().into_dyn(),
            net.hidden.b.clone().expect("a bias").into_dyn(),
            net.output.w.clone().into_dyn(),
            net.output.b.clone().expect("a bias").into_dyn(),
        ]
        .into_iter()
        .map(|p| tape.param(p))
        .collect();
        TapeNet {
            tape,
            params,
            kind: Kind::Mlp,
        }
    }

    /// Chapter 6's CNN with `net`'s weights: K, b (conv), W, b (dense).
    pub fn cnn(net: &Cnn) -> Self {
        assert_eq!(
            net.conv.padding,
            Padding::Same,
            "chapter 6's CNN pads 'same'"
        );
        let mut tape = Tape::new();
        let params = [
            net.conv.kernel.clone().into_dyn(),
            net.conv.bias.clone().into_dyn(),
            net.dense.w.clone().into_dyn(),
            net.dense.b.clone().expect("a bias").into_dyn(),
        ]
        .into_iter()
        .map(|p| tape.param(p))
        .collect();
        TapeNet {
            tape,
            params,
            kind: Kind::Cnn {
                filters: net.conv.kernel.dim().0,
            },
        }
    }

    // ANCHOR: forward
    /// Forgets the last step and records the forward pass of a batch `x` (batch, features):
    /// returns the logits.
    pub fn logits(&mut self, x: &Array2<f64>) -> Var {
        let t = &mut self.tape;
        t.truncate(self.params.len());
        let n = x.nrows();
        let x = t.input(x.clone().into_dyn());
        match (self.kind, &self.params[..]) {
            (Kind::Mlp, &[w1, b1, w2, b2]) => {
                let h = t.apply(Linear::default(), &[x, w1, b1]);
                let a = t.apply(relu(), &[h]);
                t.apply(Linear::default(), &[a, w2, b2])
            }
            (Kind::Cnn { filters }, &[k, kb, w, b]) => {
                let images = t.apply(
                    Reshape {
                        shape: vec![n, 1, SIDE, SIDE],
                    },
                    &[x],
                );
                let maps = t.apply(Conv::new(Padding::Same), &[images, k, kb]);
                let flat = t.apply(
                    Reshape {
                        shape: vec![n, filters * SIDE * SIDE],
                    },
                    &[maps],
                );
                let a = t.apply(relu(), &[flat]);
                t.apply(Linear::default(), &[a, w, b])
            }
            _ => unreachable!("four parameters"),
        }
    }

    /// The forward pass and `loss` on top: returns the loss's node.
    pub fn loss<L: Loss<Target = [usize]> + 'static>(
        &mut self,
        x: &Array2<f64>,
        labels: &[usize],
        loss: L,
    ) -> Var {
        let logits = self.logits(x);
        self.tape.apply(CrossEntropy::new(loss, labels), &[logits])
    }
    // ANCHOR_END: forward

    // ANCHOR: step
    /// The backward pass from `loss`, then one step of `optimizer` on every parameter (chapter
    /// 3's optimizers, in the same visiting order as the hand-written network). Returns the
    /// gradients.
    pub fn step(&mut self, loss: Var, optimizer: &mut impl Optimizer) -> Grads {
        let grads = self.tape.backward(loss);
        for (index, &p) in self.params.iter().enumerate() {
            let grad = grads.of(p).expect("every parameter is on the loss's path");
            optimizer.update(index, Param::new(self.tape.value_mut(p), grad));
        }
        grads
    }
    // ANCHOR_END: step

    /// The logits of `x` as an array.
    pub fn predict(&mut self, x: &Array2<f64>) -> Array2<f64> {
        let logits = self.logits(x);
        let value = self.tape.value(logits).clone();
        value.into_dimensionality().expect("(batch, classes)")
    }
}
