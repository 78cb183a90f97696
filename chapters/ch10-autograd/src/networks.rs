//! The earlier chapters' networks written as forward passes on the tape: chapter 3's MLP (as
//! chapter 5 trains it on the digits), chapter 6's CNN and chapter 7's batch-normalized
//! network. Only the forward pass is written; the tape runs the backward pass.
//!
//! The parameters are the tape's first nodes and stay from step to step; each step forgets
//! the rest ([`Tape::truncate`]), records a new forward pass, and runs backward.

use ch03_relu_xor::{Loss, Mlp, Optimizer, Param};
use ch06_conv_saliency::cnn::{Cnn, SIDE};
use ch06_conv_saliency::conv::Padding;
use ch07_batch_norm::BitsNet;
use ndarray::Array2;

use crate::ops::{relu, Conv, Linear, LossOp, Norm, Reshape};
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
    Bits,
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

    /// Chapter 7's network with batch normalization (in training mode) and `net`'s weights:
    /// its visiting order, W, b, γ, β, W, b, γ, β, W, b.
    pub fn bits(net: &BitsNet) -> Self {
        let (Some(bn1), Some(bn2), Some(out)) = (&net.bn1, &net.bn2, &net.out) else {
            panic!("chapter 7's network with batch norm and an output layer")
        };
        let mut tape = Tape::new();
        let params = [
            net.fc1.w.clone().into_dyn(),
            net.fc1.b.clone().expect("a bias").into_dyn(),
            bn1.gamma.clone().into_dyn(),
            bn1.beta.clone().into_dyn(),
            net.fc2.w.clone().into_dyn(),
            net.fc2.b.clone().expect("a bias").into_dyn(),
            bn2.gamma.clone().into_dyn(),
            bn2.beta.clone().into_dyn(),
            out.w.clone().into_dyn(),
            out.b.clone().expect("a bias").into_dyn(),
        ]
        .into_iter()
        .map(|p| tape.param(p))
        .collect();
        TapeNet {
            tape,
            params,
            kind: Kind::Bits,
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
            (Kind::Bits, &[w1, b1, g1, be1, w2, b2, g2, be2, w3, b3]) => {
                let h = t.apply(Linear::default(), &[x, w1, b1]);
                let h = t.apply(Norm::default(), &[h, g1, be1]);
                let a = t.apply(relu(), &[h]);
                let h = t.apply(Linear::default(), &[a, w2, b2]);
                let h = t.apply(Norm::default(), &[h, g2, be2]);
                let a = t.apply(relu(), &[h]);
                t.apply(Linear::default(), &[a, w3, b3])
            }
            _ => unreachable!("the parameters of the network's kind"),
        }
    }

    /// The forward pass and `loss` against `targets` on top: returns the loss's node.
    pub fn loss<L: Loss + 'static>(
        &mut self,
        x: &Array2<f64>,
        loss: L,
        targets: &L::Target,
    ) -> Var {
        let logits = self.logits(x);
        self.tape
            .apply(LossOp::new("loss", loss, targets), &[logits])
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
