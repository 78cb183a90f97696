//! Chapter 3's one-unit network, written as scalar operations on the tape:
//!
//! x → z₁ = w₁x + b₁ → a₁ = ReLU(z₁) → z₂ = w₂a₁ + b₂ → h = σ(z₂) → E = ½(h − y)²
//!
//! Chapter 3 wrote each ∂E/∂(·) by hand, one local derivative per line ([`trace`]). Here the
//! forward pass is all that is written; [`Tape::backward`] finds every gradient, and
//! [`on_tape`] reads them off into chapter 3's own [`Trace`], so that the two can be compared
//! field by field.
//!
//! [`trace`]: ch03_relu_xor::trace::trace

use ch03_relu_xor::trace::{Params, Trace};

use crate::scalar::{Grads, Tape, Var};

/// The named nodes of the one-unit network on a tape.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Unit {
    pub x: Var,
    pub y: Var,
    pub w1: Var,
    pub b1: Var,
    pub w2: Var,
    pub b2: Var,
    pub z1: Var,
    pub a1: Var,
    pub z2: Var,
    pub h: Var,
    pub e: Var,
}

// ANCHOR: unit
/// The forward pass of the one-unit network, recorded on a new tape.
pub fn unit(x: f64, y: f64, p: Params) -> (Tape, Unit) {
    let t = Tape::new();
    let (x, y) = (t.leaf(x, "x"), t.leaf(y, "y"));
    let (w1, b1) = (t.leaf(p.w1, "w₁"), t.leaf(p.b1, "b₁"));
    let (w2, b2) = (t.leaf(p.w2, "w₂"), t.leaf(p.b2, "b₂"));
    let w1x = t.mul(w1, x);
    let z1 = t.add(w1x, b1);
    let a1 = t.relu(z1);
    let w2a1 = t.mul(w2, a1);
    let z2 = t.add(w2a1, b2);
    let h = t.sigmoid(z2);
    let diff = t.sub(h, y);
    let square = t.pow(diff, 2.0);
    let half = t.leaf(0.5, "½");
    let e = t.mul(half, square);
    for (v, name) in [(z1, "z₁"), (a1, "a₁"), (z2, "z₂"), (h, "h"), (e, "E")] {
        t.name(v, name);
    }
    let unit = Unit {
        x,
        y,
        w1,
        b1,
        w2,
        b2,
        z1,
        a1,
        z2,
        h,
        e,
    };
    (t, unit)
}
// ANCHOR_END: unit

/// The local derivative of node `v` with respect to its input `input`.
fn local(t: &Tape, v: Var, input: Var) -> f64 {
    t.local_derivatives(v)
        .into_iter()
        .find(|&(a, _)| a == input)
        .map_or(0.0, |(_, d)| d)
}

// ANCHOR: on_tape
/// Chapter 3's trace, every number read off the tape: the values of the forward pass, the
/// gradients of [`Tape::backward`], and one step of size `lr`.
pub fn on_tape(x: f64, y: f64, p: Params, lr: f64) -> (Tape, Grads, Trace) {
    let (t, u) = unit(x, y, p);
    let g = t.backward(u.e);
    let trace = Trace {
        x,
        y,
        lr,
        params: p,
        z1: t.value(u.z1),
        a1: t.value(u.a1),
        z2: t.value(u.z2),
        h: t.value(u.h),
        e: t.value(u.e),
        de_dh: g[u.h],
        sigma_prime: local(&t, u.h, u.z2),
        de_dz2: g[u.z2],
        de_dw2: g[u.w2],
        de_db2: g[u.b2],
        de_da1: g[u.a1],
        relu_prime: local(&t, u.a1, u.z1),
        de_dz1: g[u.z1],
        de_dw1: g[u.w1],
        de_db1: g[u.b1],
        updated: Params {
            w1: p.w1 - lr * g[u.w1],
            b1: p.b1 - lr * g[u.b1],
            w2: p.w2 - lr * g[u.w2],
            b2: p.b2 - lr * g[u.b2],
        },
    };
    (t, g, trace)
}
// ANCHOR_END: on_tape

#[cfg(test)]
mod tests {
    use super::*;
    use ch03_relu_xor::trace::trace;
    use ch03_relu_xor::trace::traces;

    #[test]
    fn the_tape_reproduces_chapter_3_s_hand_trace_field_by_field() {
        // Chapter 3's three traces (unit on, off, revived by another sample): the same
        // operations in the same order, so the same floating-point numbers, bit for bit.
        let c3 = traces();
        for hand in [c3.on, c3.off, c3.revived] {
            let (_, _, tape) = on_tape(hand.x, hand.y, hand.params, hand.lr);
            assert_eq!(tape, hand);
            assert_eq!(tape, trace(hand.x, hand.y, hand.params, hand.lr));
        }
    }

    #[test]
    fn the_input_and_target_get_gradients_too() {
        // ∂E/∂y = −(h − y); ∂E/∂x = ∂E/∂z₁·w₁. The tape computes them unasked.
        let c3 = traces().on;
        let (t, g, _) = on_tape(c3.x, c3.y, c3.params, c3.lr);
        let u = unit(c3.x, c3.y, c3.params).1;
        assert_eq!(g[u.y], -(t.value(u.h) - c3.y));
        assert_eq!(g[u.x], c3.de_dz1 * c3.params.w1);
    }
}
