//! Backpropagation through time by hand: one recurrent unit, three steps, every number
//! written down — chapter 3's trace, with depth turned into time.
//!
//! h₀ = 0,   z_t = w·h_{t−1} + u·x_t + b,   h_t = tanh(z_t)   (t = 1, 2, 3),   E = ½(h₃ − y)²
//!
//! The same w, u and b at every step. Unrolled, that is a three-layer network whose layers
//! share their weights:
//!
//! x₁ → [w, u, b] → h₁ → [w, u, b] → h₂ → [w, u, b] → h₃ → E   (x₂ enters layer 2, x₃ layer 3)
//!
//! The chain rule, from the top, one local derivative per line:
//!
//! - ∂E/∂h₃ = h₃ − y
//! - ∂E/∂z_t = ∂E/∂h_t · tanh′(z_t), with tanh′(z_t) = 1 − h_t²
//! - ∂E/∂h_{t−1} = ∂E/∂z_t · w      (so ∂h_t/∂h_{t−1} = w·(1 − h_t²): the factor per step back)
//! - step t's shares: ∂E/∂z_t · h_{t−1} for w, ∂E/∂z_t · x_t for u, ∂E/∂z_t for b
//! - ∂E/∂w = Σ_t ∂E/∂z_t · h_{t−1}, and likewise for u and b: a weight used at three steps gets
//!   three shares, and its gradient is their sum.
//!
//! The sums are written from the last step to the first, the order in which the backward
//! pass meets the steps (and chapter 10's tape adds them).

use ch10_autograd::scalar::{Tape, Var};
use nn_core::table::{fixed, Table};

/// Steps of the traced unit.
pub const STEPS: usize = 3;

/// The unit's weights: recurrent w, input u, bias b.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Params {
    pub w: f64,
    pub u: f64,
    pub b: f64,
}

// ANCHOR: trace
/// Every value of one forward pass through three steps, its backward pass, and one update.
/// Arrays are indexed by step: [0] is t = 1.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Trace {
    pub x: [f64; STEPS],
    pub y: f64,
    pub lr: f64,
    pub params: Params,
    // forward
    pub z: [f64; STEPS],
    pub h: [f64; STEPS],
    pub e: f64,
    // backward, step by step
    pub de_dh: [f64; STEPS],
    pub tanh_prime: [f64; STEPS],
    pub de_dz: [f64; STEPS],
    /// Each step's share of ∂E/∂w: ∂E/∂z_t · h_{t−1}; of ∂E/∂u: ∂E/∂z_t · x_t.
    pub w_share: [f64; STEPS],
    pub u_share: [f64; STEPS],
    // the sums over the steps
    pub de_dw: f64,
    pub de_du: f64,
    pub de_db: f64,
    // update
    pub updated: Params,
}

/// The unit run forward over `x` from h₀ = 0, backward from E = ½(h₃ − y)², and one step of
/// size `lr`.
pub fn trace(x: [f64; STEPS], y: f64, p: Params, lr: f64) -> Trace {
    // forward
    let (mut z, mut h) = ([0.0; STEPS], [0.0; STEPS]);
    let mut h_prev = 0.0; // h₀
    for t in 0..STEPS {
        z[t] = p.w * h_prev + p.u * x[t] + p.b;
        h[t] = z[t].tanh();
        h_prev = h[t];
    }
    let e = 0.5 * (h[2] - y) * (h[2] - y);
    // backward: from the last step to the first
    let (mut de_dh, mut tanh_prime, mut de_dz) = ([0.0; STEPS], [0.0; STEPS], [0.0; STEPS]);
    let (mut w_share, mut u_share) = ([0.0; STEPS], [0.0; STEPS]);
    let (mut de_dw, mut de_du, mut de_db) = (0.0, 0.0, 0.0);
    de_dh[2] = h[2] - y;
    for t in (0..STEPS).rev() {
        tanh_prime[t] = 1.0 - h[t] * h[t];
        de_dz[t] = de_dh[t] * tanh_prime[t];
        let h_before = if t > 0 { h[t - 1] } else { 0.0 };
        w_share[t] = de_dz[t] * h_before;
        u_share[t] = de_dz[t] * x[t];
        de_dw += w_share[t]; // the same w at every step: its shares add up
        de_du += u_share[t];
        de_db += de_dz[t];
        if t > 0 {
            de_dh[t - 1] = de_dz[t] * p.w; // handed one step back
        }
    }
    let updated = Params {
        w: p.w - lr * de_dw,
        u: p.u - lr * de_du,
        b: p.b - lr * de_db,
    };
    Trace {
        x,
        y,
        lr,
        params: p,
        z,
        h,
        e,
        de_dh,
        tanh_prime,
        de_dz,
        w_share,
        u_share,
        de_dw,
        de_du,
        de_db,
        updated,
    }
}
// ANCHOR_END: trace

/// E as a function of the weights, for checking the trace.
pub fn error(x: [f64; STEPS], y: f64, p: Params) -> f64 {
    let h = x.iter().fold(0.0, |h, &x| (p.w * h + p.u * x + p.b).tanh());
    0.5 * (h - y) * (h - y)
}

/// The chapter's trace: x = (1, −0.5, 0.8), y = 1, w = 0.9, u = 0.7, b = −0.1, η = 0.5.
pub fn example() -> Trace {
    trace(
        [1.0, -0.5, 0.8],
        1.0,
        Params {
            w: 0.9,
            u: 0.7,
            b: -0.1,
        },
        0.5,
    )
}

impl Trace {
    /// ∂h_t/∂h_{t−1} = w·(1 − h_t²) for each step: what a gradient is multiplied by, going one
    /// step back.
    pub fn factors(&self) -> [f64; STEPS] {
        self.tanh_prime.map(|d| self.params.w * d)
    }

    /// Every quantity of the trace with its formula and value, step by step, as the report
    /// prints it.
    pub fn table(&self) -> Table {
        let mut table = Table::new(["quantity", "formula", "t = 1", "t = 2", "t = 3"]);
        let mut row = |q: &str, f: &str, v: [f64; STEPS]| {
            let mut cells = vec![q.to_string(), f.to_string()];
            cells.extend(v.iter().map(|&v| fixed(v, 6)));
            table.row(cells);
        };
        let h_before = [0.0, self.h[0], self.h[1]];
        row("x_t", "input", self.x);
        row("h_{t−1}", "state before (h₀ = 0)", h_before);
        row("z_t", "w·h_{t−1} + u·x_t + b", self.z);
        row("h_t", "tanh(z_t)", self.h);
        row("∂E/∂h_t", "h₃ − y; then ∂E/∂z_{t+1}·w", self.de_dh);
        row("tanh′(z_t)", "1 − h_t²", self.tanh_prime);
        row("∂E/∂z_t", "∂E/∂h_t · tanh′(z_t)", self.de_dz);
        row("∂h_t/∂h_{t−1}", "w · tanh′(z_t)", self.factors());
        row("share of ∂E/∂w", "∂E/∂z_t · h_{t−1}", self.w_share);
        row("share of ∂E/∂u", "∂E/∂z_t · x_t", self.u_share);
        row("share of ∂E/∂b", "∂E/∂z_t", self.de_dz);
        table
    }
}

// ANCHOR: on_tape
/// The same unit on chapter 10's scalar tape, only its forward pass written. With `tied`,
/// one leaf w serves every step, as above; without, every step gets a leaf of its own with
/// the same value — an ordinary three-layer network. Returns the tape, E, and the leaves of w
/// (one, or one per step).
pub fn on_tape(x: [f64; STEPS], y: f64, p: Params, tied: bool) -> (Tape, Var, Vec<Var>) {
    let t = Tape::new();
    let shared = t.leaf(p.w, "w");
    let (u, b) = (t.leaf(p.u, "u"), t.leaf(p.b, "b"));
    let mut ws = vec![shared];
    let mut h = t.leaf(0.0, "h₀");
    for (step, &x) in x.iter().enumerate() {
        let w = if tied || step == 0 {
            shared
        } else {
            let copy = t.leaf(p.w, ["w₁", "w₂", "w₃"][step]);
            ws.push(copy);
            copy
        };
        let x = t.leaf(x, ["x₁", "x₂", "x₃"][step]);
        let z = t.add(t.add(t.mul(w, h), t.mul(u, x)), b);
        t.name(z, ["z₁", "z₂", "z₃"][step]);
        h = t.name(t.tanh(z), ["h₁", "h₂", "h₃"][step]);
    }
    let half = t.leaf(0.5, "½");
    let e = t.mul(half, t.pow(t.sub(h, t.leaf(y, "y")), 2.0));
    t.name(e, "E");
    (t, e, ws)
}
// ANCHOR_END: on_tape

/// ∂E/∂w, ∂E/∂u and ∂E/∂b read off the tape with one shared w.
pub fn tape_gradients(x: [f64; STEPS], y: f64, p: Params) -> [f64; 3] {
    let (t, e, ws) = on_tape(x, y, p, true);
    let g = t.backward(e);
    [g[ws[0]], g[Var(1)], g[Var(2)]]
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;
    use nn_core::gradcheck::check_gradient;

    #[test]
    fn the_traced_gradients_are_the_derivatives_of_e() {
        let t = example();
        let p = t.params;
        let analytic = array![t.de_dw, t.de_du, t.de_db];
        let check = check_gradient(
            |v| {
                error(
                    t.x,
                    t.y,
                    Params {
                        w: v[0],
                        u: v[1],
                        b: v[2],
                    },
                )
            },
            &array![p.w, p.u, p.b],
            &analytic,
        );
        assert!(check.passed(), "{check}");
        assert_eq!(error(t.x, t.y, p), t.e);
    }

    #[test]
    fn by_hand_for_the_first_step() {
        // z₁ = 0.9·0 + 0.7·1 − 0.1 = 0.6 (h₀ = 0), h₁ = tanh(0.6) = 0.537049566998…
        let t = example();
        assert!((t.z[0] - 0.6).abs() < 1e-15);
        assert!((t.h[0] - 0.537_049_566_998_035).abs() < 1e-14);
        // h₀ = 0: step 1 gives w no share.
        assert_eq!(t.w_share[0], 0.0);
        // ∂E/∂w = ∂E/∂h₃·(1 − h₃²)·(h₂ + w(1 − h₂²)·(h₁ + w(1 − h₁²)·0)), written out
        let expected = (t.h[2] - 1.0)
            * (1.0 - t.h[2].powi(2))
            * (t.h[1] + 0.9 * (1.0 - t.h[1].powi(2)) * t.h[0]);
        assert!((t.de_dw - expected).abs() < 1e-16);
    }

    #[test]
    fn the_tape_gives_the_hand_trace_bit_for_bit() {
        let t = example();
        assert_eq!(
            tape_gradients(t.x, t.y, t.params),
            [t.de_dw, t.de_du, t.de_db]
        );
        let (tape, e, _) = on_tape(t.x, t.y, t.params, true);
        assert_eq!(tape.value(e), t.e);
    }

    #[test]
    fn untied_copies_get_one_share_each_and_their_sum_is_the_tied_gradient() {
        let t = example();
        let (tape, e, ws) = on_tape(t.x, t.y, t.params, false);
        let g = tape.backward(e);
        let copies: Vec<f64> = ws.iter().map(|&w| g[w]).collect();
        assert_eq!(copies, t.w_share.to_vec());
        assert_eq!(copies[2] + copies[1] + copies[0], t.de_dw);
    }
}
