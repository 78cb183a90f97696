//! Backpropagation by hand: one unit per layer, every number written down.
//!
//! x → z₁ = w₁x + b₁ → a₁ = ReLU(z₁) → z₂ = w₂a₁ + b₂ → h = σ(z₂) → E = ½(h − y)²
//!
//! The chain rule, from the top (each factor is one layer's local derivative):
//!
//! - ∂E/∂h = h − y
//! - ∂E/∂z₂ = ∂E/∂h · σ′(z₂), with σ′(z₂) = h(1 − h)
//! - ∂E/∂w₂ = ∂E/∂z₂ · a₁,  ∂E/∂b₂ = ∂E/∂z₂
//! - ∂E/∂a₁ = ∂E/∂z₂ · w₂
//! - ∂E/∂z₁ = ∂E/∂a₁ · ReLU′(z₁)
//! - ∂E/∂w₁ = ∂E/∂z₁ · x,  ∂E/∂b₁ = ∂E/∂z₁
//!
//! When z₁ ≤ 0, ReLU′(z₁) = 0 and both ∂E/∂w₁ and ∂E/∂b₁ are exactly 0: this sample does not
//! move the first layer at all.

use ch01_sigmoid_neuron::sigmoid;

use nn_core::table::{fixed, Table};

use crate::relu::relu_prime;

/// The parameters of the one-unit network.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Params {
    pub w1: f64,
    pub b1: f64,
    pub w2: f64,
    pub b2: f64,
}

// ANCHOR: trace
/// Every value of one forward pass, one backward pass and one update.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Trace {
    pub x: f64,
    pub y: f64,
    pub lr: f64,
    pub params: Params,
    // forward
    pub z1: f64,
    pub a1: f64,
    pub z2: f64,
    pub h: f64,
    pub e: f64,
    // backward
    pub de_dh: f64,
    pub sigma_prime: f64,
    pub de_dz2: f64,
    pub de_dw2: f64,
    pub de_db2: f64,
    pub de_da1: f64,
    pub relu_prime: f64,
    pub de_dz1: f64,
    pub de_dw1: f64,
    pub de_db1: f64,
    // update
    pub updated: Params,
}

/// Runs the one-unit network forward and backward on (x, y) and takes one step of size `lr`.
pub fn trace(x: f64, y: f64, p: Params, lr: f64) -> Trace {
    // forward
    let z1 = p.w1 * x + p.b1;
    let a1 = z1.max(0.0);
    let z2 = p.w2 * a1 + p.b2;
    let h = sigmoid(z2);
    let e = 0.5 * (h - y) * (h - y);
    // backward: one local derivative per layer, multiplied from the top
    let de_dh = h - y;
    let sigma_prime = h * (1.0 - h);
    let de_dz2 = de_dh * sigma_prime;
    let de_dw2 = de_dz2 * a1;
    let de_db2 = de_dz2;
    let de_da1 = de_dz2 * p.w2;
    let relu_prime = relu_prime(z1, 0.0);
    let de_dz1 = de_da1 * relu_prime;
    let de_dw1 = de_dz1 * x;
    let de_db1 = de_dz1;
    // update: every parameter moves against its own gradient
    let updated = Params {
        w1: p.w1 - lr * de_dw1,
        b1: p.b1 - lr * de_db1,
        w2: p.w2 - lr * de_dw2,
        b2: p.b2 - lr * de_db2,
    };
    Trace {
        x,
        y,
        lr,
        params: p,
        z1,
        a1,
        z2,
        h,
        e,
        de_dh,
        sigma_prime,
        de_dz2,
        de_dw2,
        de_db2,
        de_da1,
        relu_prime,
        de_dz1,
        de_dw1,
        de_db1,
        updated,
    }
}
// ANCHOR_END: trace

impl Trace {
    /// Every quantity of the trace with its formula and value, as the report prints it.
    pub fn table(&self) -> Table {
        let t = self;
        let mut table = Table::new(["quantity", "formula", "value"]);
        let rows: [(&str, &str, f64); 20] = [
            ("z₁", "w₁x + b₁", t.z1),
            ("a₁", "ReLU(z₁)", t.a1),
            ("z₂", "w₂a₁ + b₂", t.z2),
            ("h", "σ(z₂)", t.h),
            ("E", "½(h − y)²", t.e),
            ("∂E/∂h", "h − y", t.de_dh),
            ("σ′(z₂)", "h(1 − h)", t.sigma_prime),
            ("∂E/∂z₂", "∂E/∂h · σ′(z₂)", t.de_dz2),
            ("∂E/∂w₂", "∂E/∂z₂ · a₁", t.de_dw2),
            ("∂E/∂b₂", "∂E/∂z₂", t.de_db2),
            ("∂E/∂a₁", "∂E/∂z₂ · w₂", t.de_da1),
            ("ReLU′(z₁)", "1 if z₁ > 0 else 0", t.relu_prime),
            ("∂E/∂z₁", "∂E/∂a₁ · ReLU′(z₁)", t.de_dz1),
            ("∂E/∂w₁", "∂E/∂z₁ · x", t.de_dw1),
            ("∂E/∂b₁", "∂E/∂z₁", t.de_db1),
            ("w₁ new", "w₁ − η·∂E/∂w₁", t.updated.w1),
            ("b₁ new", "b₁ − η·∂E/∂b₁", t.updated.b1),
            ("w₂ new", "w₂ − η·∂E/∂w₂", t.updated.w2),
            ("b₂ new", "b₂ − η·∂E/∂b₂", t.updated.b2),
            (
                "E after",
                "with the new parameters",
                crate::trace::error(t.x, t.y, t.updated),
            ),
        ];
        for (q, f, v) in rows {
            table.row([q, f, &fixed(v, 6)]);
        }
        table
    }
}

/// E as a function of the parameters, for checking the trace.
pub fn error(x: f64, y: f64, p: Params) -> f64 {
    let h = sigmoid(p.w2 * (p.w1 * x + p.b1).max(0.0) + p.b2);
    0.5 * (h - y) * (h - y)
}

/// The one-unit network traced forward, backward and one step, with its hidden unit on, off,
/// and revived by another sample (the report's section 4; chapter 10 traces the same on its tape).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Traces {
    /// x = 2 with the hidden unit on (z₁ > 0).
    pub on: Trace,
    /// x = 2 with the hidden unit off (z₁ ≤ 0): ∂E/∂w₁ = ∂E/∂b₁ = 0.
    pub off: Trace,
    /// The "off" parameters with x = −2: the unit is on again, and learns.
    pub revived: Trace,
}

/// The traces with the hidden unit on and off (fixed numbers: no setting changes them).
pub fn traces() -> Traces {
    let on = Params {
        w1: 0.5,
        b1: -0.25,
        w2: 0.8,
        b2: 0.1,
    };
    let off = Params {
        w1: -0.5,
        b1: 0.25,
        ..on
    };
    Traces {
        on: trace(2.0, 1.0, on, 0.5),
        off: trace(2.0, 1.0, off, 0.5),
        revived: trace(-2.0, 1.0, off, 0.5),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;
    use nn_core::gradcheck::check_gradient;

    fn as_params(v: &ndarray::Array1<f64>) -> Params {
        Params {
            w1: v[0],
            b1: v[1],
            w2: v[2],
            b2: v[3],
        }
    }

    #[test]
    fn the_traced_gradients_are_the_derivatives_of_e() {
        // z₁ = 0.5·2 − 0.25 = 0.75 > 0, well away from the kink.
        let p = Params {
            w1: 0.5,
            b1: -0.25,
            w2: 0.8,
            b2: 0.1,
        };
        let t = trace(2.0, 1.0, p, 0.5);
        let analytic = array![t.de_dw1, t.de_db1, t.de_dw2, t.de_db2];
        let check = check_gradient(
            |v| error(2.0, 1.0, as_params(v)),
            &array![p.w1, p.b1, p.w2, p.b2],
            &analytic,
        );
        assert!(check.passed(), "{check}");
    }

    #[test]
    fn by_hand_for_the_active_case() {
        // z₁ = 0.75, a₁ = 0.75, z₂ = 0.8·0.75 + 0.1 = 0.7, h = σ(0.7) = 0.668187772168166.
        let t = trace(
            2.0,
            1.0,
            Params {
                w1: 0.5,
                b1: -0.25,
                w2: 0.8,
                b2: 0.1,
            },
            0.5,
        );
        assert_eq!((t.z1, t.a1), (0.75, 0.75));
        assert!((t.z2 - 0.7).abs() < 1e-15);
        assert!((t.h - 0.668187772168166).abs() < 1e-15);
        // ∂E/∂w₁ = (h − 1)·h(1 − h)·w₂·1·x
        let expected = (t.h - 1.0) * t.h * (1.0 - t.h) * 0.8 * 2.0;
        assert!((t.de_dw1 - expected).abs() < 1e-16);
    }

    #[test]
    fn an_inactive_unit_gets_exactly_zero_gradient() {
        // z₁ = −0.5·2 + 0.25 = −0.75 ≤ 0
        let p = Params {
            w1: -0.5,
            b1: 0.25,
            w2: 0.8,
            b2: 0.1,
        };
        let t = trace(2.0, 1.0, p, 0.5);
        assert_eq!(
            (t.a1, t.relu_prime, t.de_dw1, t.de_db1),
            (0.0, 0.0, 0.0, 0.0)
        );
        assert_eq!((t.updated.w1, t.updated.b1), (p.w1, p.b1));
        assert!(t.de_db2 != 0.0, "the layer above still learns");
        // Another sample revives it: x = −2 gives z₁ = 1.25 > 0.
        let other = trace(-2.0, 1.0, p, 0.5);
        assert!(other.z1 > 0.0 && other.de_dw1 != 0.0);
    }
}
