//! micrograd's two engine tests (`test/test_engine.py`), written with this chapter's scalar
//! tape. micrograd checks them against PyTorch; the numbers here are, for the first, worked by
//! hand in the comments and, for the second, those micrograd's README prints (g = 24.7041,
//! ∂g/∂a = 138.8338, ∂g/∂b = 645.5773) — and both against central finite differences.

use ch10_autograd::scalar::{Tape, Var};

// ANCHOR: sanity
/// micrograd's `test_sanity_check`: returns (y, ∂y/∂x) at x = −4.
fn sanity(x0: f64) -> (f64, f64) {
    let t = Tape::new();
    let c = |v| t.constant(v);
    let x = t.leaf(x0, "x");
    let z = t.add(t.add(t.mul(c(2.0), x), c(2.0)), x); // z = 2 * x + 2 + x
    let q = t.add(t.relu(z), t.mul(z, x)); // q = z.relu() + z * x
    let h = t.relu(t.mul(z, z)); // h = (z * z).relu()
    let y = t.add(t.add(h, q), t.mul(q, x)); // y = h + q + q * x
    (t.value(y), t.backward(y)[x])
}
// ANCHOR_END: sanity

// ANCHOR: more_ops
/// micrograd's `test_more_ops`: returns (g, ∂g/∂a, ∂g/∂b) at a = −4, b = 2.
fn more_ops(a0: f64, b0: f64) -> (f64, f64, f64) {
    let t = Tape::new();
    let c = |v| t.constant(v);
    let neg = |v: Var| t.mul(v, c(-1.0));
    let div = |u: Var, v: Var| t.mul(u, t.pow(v, -1.0)); // micrograd: u * v**-1
    let (a, b) = (t.leaf(a0, "a"), t.leaf(b0, "b"));
    let mut c1 = t.add(a, b); // c = a + b
    let mut d = t.add(t.mul(a, b), t.pow(b, 3.0)); // d = a * b + b**3
    c1 = t.add(c1, t.add(c1, c(1.0))); // c += c + 1
    c1 = t.add(c1, t.add(t.add(c(1.0), c1), neg(a))); // c += 1 + c + (-a)
    d = t.add(d, t.add(t.mul(d, c(2.0)), t.relu(t.add(b, a)))); // d += d * 2 + (b + a).relu()
    d = t.add(d, t.add(t.mul(c(3.0), d), t.relu(t.sub(b, a)))); // d += 3 * d + (b - a).relu()
    let e = t.sub(c1, d); // e = c - d
    let f = t.pow(e, 2.0); // f = e**2
    let mut g = div(f, c(2.0)); // g = f / 2.0
    g = t.add(g, div(c(10.0), f)); // g += 10.0 / f
    let grads = t.backward(g);
    (t.value(g), grads[a], grads[b])
}
// ANCHOR_END: more_ops

/// A central difference of `f` at `x`.
fn slope(f: impl Fn(f64) -> f64, x: f64) -> f64 {
    let h = 1e-6;
    (f(x + h) - f(x - h)) / (2.0 * h)
}

#[test]
fn test_sanity_check() {
    // By hand at x = −4: z = −8 + 2 − 4 = −10, q = 0 + 40 = 40, h = 100, y = 100 + 40 − 160 = −20.
    // z = 3x + 2 < 0, so relu(z) = 0 and h = z²: dh/dx = 2z·3 = −60; q = z·x: dq/dx = 3x + z =
    // −22; dy/dx = dh/dx + dq/dx + x·dq/dx + q = −60 − 22 + 88 + 40 = 46 (PyTorch agrees, in
    // micrograd's test).
    let (y, dx) = sanity(-4.0);
    assert_eq!(y, -20.0);
    assert_eq!(dx, 46.0);
    let numeric = slope(|x| sanity(x).0, -4.0);
    assert!((dx - numeric).abs() < 1e-6, "{dx} vs {numeric}");
}

#[test]
fn test_more_ops() {
    let (g, da, db) = more_ops(-4.0, 2.0);
    // micrograd's README: 24.7041, 138.8338, 645.5773 (to 4 decimals).
    assert!((g - 24.7041).abs() < 5e-5, "{g}");
    assert!((da - 138.8338).abs() < 5e-5, "{da}");
    assert!((db - 645.5773).abs() < 5e-5, "{db}");
    let (na, nb) = (
        slope(|a| more_ops(a, 2.0).0, -4.0),
        slope(|b| more_ops(-4.0, b).0, 2.0),
    );
    assert!((da - na).abs() < 1e-5 * da.abs(), "{da} vs {na}");
    assert!((db - nb).abs() < 1e-5 * db.abs(), "{db} vs {nb}");
}
