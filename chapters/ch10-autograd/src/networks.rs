//! The earlier chapters' networks written as forward passes on the tape: chapter 3's MLP (as
//! chapter 5 trains it on the digits), chapter 6's CNN and chapter 7's batch-normalized
//! network. Only the forward pass is written; the tape runs the backward pass.
//!
//! The parameters are the tape's first nodes and stay from step to step; each step forgets
//! the rest ([`ArrayTape::truncate`]), records a new forward pass, and runs backward.

use ch03_relu_xor::{Layer, Loss, Mlp, Optimizer, Param, Sequential};
use ch06_conv_saliency::cnn::{Cnn, SIDE};
use ch06_conv_saliency::conv::Padding;
use ndarray::Array2;

use crate::ops::{relu, Conv, Linear, LossOp, Norm, Reshape};
use crate::recompute::Recompute;
use crate::tape::{ArrayGrads, ArrayTape, ArrayVar, Op, Tensor};

/// A network on the tape: its parameters (the first nodes) and what its forward pass is.
pub struct TapeNet {
    pub tape: ArrayTape,
    pub params: Vec<ArrayVar>,
    /// The parameters' names, as the network visits them ("W", "b", "γ", …).
    pub names: Vec<&'static str>,
    /// Whether the first layer (the MLP's first dense layer, the CNN's convolution) keeps
    /// nothing for its VJP and runs its forward pass again in the backward pass
    /// ([`Recompute`]). Off unless set.
    pub recompute_first: bool,
    kind: Kind,
}

/// `make`'s operation on `inputs`, kept or recomputed.
fn first<O: Op + 'static>(
    t: &mut ArrayTape,
    make: fn() -> O,
    inputs: &[ArrayVar],
    recompute: bool,
) -> ArrayVar {
    if recompute {
        t.apply(Recompute::new(make), inputs)
    } else {
        t.apply(make(), inputs)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Mlp,
    Cnn { filters: usize },
    Bits,
}

impl TapeNet {
    /// A tape whose first nodes are copies of `net`'s parameters, taken by visiting them —
    /// the order in which an optimizer sees them — and checked against the order in which
    /// `kind`'s forward pass reads them, by name.
    fn visiting(net: &mut impl Layer, kind: Kind, reads: &[&str]) -> Self {
        let (mut tape, mut params, mut names) = (ArrayTape::new(), vec![], vec![]);
        net.visit_parameters(&mut |p| {
            params.push(tape.param(p.value.to_owned()));
            names.push(p.name);
        });
        assert_eq!(
            names, reads,
            "{kind:?}: the forward pass reads the parameters in this order"
        );
        TapeNet {
            tape,
            params,
            names,
            recompute_first: false,
            kind,
        }
    }

    /// Chapter 3's MLP with `net`'s weights.
    pub fn mlp(net: &mut Mlp) -> Self {
        TapeNet::visiting(net, Kind::Mlp, &["W", "b", "W", "b"])
    }

    /// Chapter 6's CNN with `net`'s weights.
    pub fn cnn(net: &mut Cnn) -> Self {
        assert_eq!(
            net.conv.padding,
            Padding::Same,
            "chapter 6's CNN pads 'same'"
        );
        let filters = net.conv.kernel.dim().0;
        TapeNet::visiting(net, Kind::Cnn { filters }, &["K", "b", "W", "b"])
    }

    /// Chapter 7's network with batch normalization (in training mode) and `net`'s weights.
    pub fn bits(net: &mut Sequential) -> Self {
        let reads = ["W", "b", "γ", "β", "W", "b", "γ", "β", "W", "b"];
        TapeNet::visiting(net, Kind::Bits, &reads)
    }

    // ANCHOR: forward
    /// Forgets the last step and records the forward pass of a batch `x` (batch, features):
    /// returns the logits.
    pub fn logits(&mut self, x: &Array2<f64>) -> ArrayVar {
        let t = &mut self.tape;
        t.truncate(self.params.len());
        let n = x.nrows();
        let x = t.input(x.clone().into_dyn());
        match (self.kind, &self.params[..]) {
            (Kind::Mlp, &[w1, b1, w2, b2]) => {
                let h = first(t, Linear::default, &[x, w1, b1], self.recompute_first);
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
                let same = || Conv::new(Padding::Same);
                let maps = first(t, same, &[images, k, kb], self.recompute_first);
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
    ) -> ArrayVar {
        let logits = self.logits(x);
        self.tape
            .apply(LossOp::new("loss", loss, targets), &[logits])
    }
    // ANCHOR_END: forward

    // ANCHOR: step
    /// The backward pass from `loss`, then one step of `optimizer` with learning rate `lr` on
    /// every parameter (chapter 3's optimizers, in the same visiting order as the hand-written
    /// network). Returns the gradients.
    pub fn step(&mut self, loss: ArrayVar, optimizer: &mut impl Optimizer, lr: f64) -> ArrayGrads {
        let grads = self.tape.backward(loss);
        for (index, (&p, &name)) in self.params.iter().zip(&self.names).enumerate() {
            let grad = grads.of(p).expect("every parameter is on the loss's path");
            optimizer.update(lr, index, Param::new(name, self.tape.value_mut(p), grad));
        }
        grads
    }
    // ANCHOR_END: step

    /// The backward pass from `loss` alone: every parameter's gradient, in visiting order.
    pub fn gradients(&mut self, loss: ArrayVar) -> Vec<Tensor> {
        let grads = self.tape.backward(loss);
        self.params
            .iter()
            .map(|&p| {
                grads
                    .of(p)
                    .expect("every parameter is on the loss's path")
                    .clone()
            })
            .collect()
    }

    /// The logits of `x` as an array.
    pub fn predict(&mut self, x: &Array2<f64>) -> Array2<f64> {
        let logits = self.logits(x);
        let value = self.tape.value(logits).clone();
        value.into_dimensionality().expect("(batch, classes)")
    }
}
