//! Forward mode on the scalar tape: the chain rule in the order the nodes were made.
//!
//! Move the leaves along a direction, x(t) = x + t·v. Every node moves with them, at the rate
//!
//! d(node)/dt = Σ ∂(node)/∂(input) · d(input)/dt,
//!
//! the same local derivatives as the backward pass, now multiplied from the inputs towards the
//! outputs. One sweep gives every node's rate of change — for the outputs, J·v, the
//! Jacobian-vector product (JVP). With v = eᵢ it is column i of the Jacobian; a backward pass
//! from output k gives row k. A full Jacobian of f: ℝⁿ → ℝᵐ therefore costs n forward sweeps
//! or m backward ones.
//!
//! ```
//! use ch10_autograd::scalar::Tape;
//! let t = Tape::new();
//! let (a, b) = (t.leaf(2.0, "a"), t.leaf(-3.0, "b"));
//! let e = t.add(t.mul(a, b), a); // e = a·b + a
//! let rate = t.jvp(&[(a, 1.0)]); // move a alone
//! assert_eq!(rate[e], -2.0); // ∂e/∂a = b + 1, as the backward pass finds
//! ```

use std::ops::Index;

use ndarray::Array2;

use crate::scalar::{Tape, Var};

/// d(node)/dt for every node of a tape, indexed by [`Var`].
#[derive(Clone, Debug, PartialEq)]
pub struct Tangents(pub Vec<f64>);

impl Index<Var> for Tangents {
    type Output = f64;
    fn index(&self, v: Var) -> &f64 {
        &self.0[v.0]
    }
}

impl Tape {
    // ANCHOR: jvp
    /// d(node)/dt for every node when the leaves in `direction` move at their given rates (the
    /// other leaves stay put): the chain rule from the inputs towards the outputs.
    pub fn jvp(&self, direction: &[(Var, f64)]) -> Tangents {
        let mut tangent = vec![0.0; self.len()];
        for &(leaf, rate) in direction {
            tangent[leaf.0] = rate;
        }
        for v in 0..self.len() {
            for (input, local) in self.local_derivatives(Var(v)) {
                tangent[v] += local * tangent[input.0];
            }
        }
        Tangents(tangent)
    }
    // ANCHOR_END: jvp

    /// The local derivatives a sweep over nodes `nodes` multiplies: one per input of each.
    pub fn products(&self, nodes: impl IntoIterator<Item = usize>) -> usize {
        nodes
            .into_iter()
            .map(|v| self.local_derivatives(Var(v)).len())
            .sum()
    }
}

/// A full Jacobian ∂(outputs)/∂(inputs) (outputs × inputs) and what computing it took.
#[derive(Clone, Debug, PartialEq)]
pub struct Jacobian {
    pub j: Array2<f64>,
    /// Sweeps over the tape: one per input (forward) or one per output (reverse).
    pub sweeps: usize,
    /// Local derivatives multiplied by the chain rule, over all sweeps.
    pub products: usize,
}

// ANCHOR: jacobians
/// The Jacobian column by column: one forward sweep per input, each over every node.
pub fn jacobian_forward(t: &Tape, inputs: &[Var], outputs: &[Var]) -> Jacobian {
    let mut j = Array2::zeros((outputs.len(), inputs.len()));
    for (i, &x) in inputs.iter().enumerate() {
        let rate = t.jvp(&[(x, 1.0)]);
        for (k, &y) in outputs.iter().enumerate() {
            j[[k, i]] = rate[y];
        }
    }
    Jacobian {
        j,
        sweeps: inputs.len(),
        products: inputs.len() * t.products(0..t.len()),
    }
}

/// The Jacobian row by row: one backward pass per output. Each multiplies the local
/// derivatives of the nodes it does not skip: those up to the output with a gradient ≠ 0.
pub fn jacobian_reverse(t: &Tape, inputs: &[Var], outputs: &[Var]) -> Jacobian {
    let mut j = Array2::zeros((outputs.len(), inputs.len()));
    let mut products = 0;
    for (k, &y) in outputs.iter().enumerate() {
        let grads = t.backward(y);
        for (i, &x) in inputs.iter().enumerate() {
            j[[k, i]] = grads[x];
        }
        products += t.products((0..=y.0).filter(|&v| grads.0[v] != 0.0));
    }
    Jacobian {
        j,
        sweeps: outputs.len(),
        products,
    }
}
// ANCHOR_END: jacobians

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::Array1;
    use nn_core::gradcheck::check_gradient;

    /// f(a, b, c) = (a·b + tanh c, eᵃ·c − b²): two outputs of three inputs, a used twice.
    fn f(t: &Tape, x: &[Var]) -> Vec<Var> {
        let ab = t.mul(x[0], x[1]);
        let y1 = t.add(ab, t.tanh(x[2]));
        let ea = t.exp(x[0]);
        let y2 = t.sub(t.mul(ea, x[2]), t.pow(x[1], 2.0));
        vec![y1, y2]
    }

    fn leaves(t: &Tape, x: &Array1<f64>) -> Vec<Var> {
        x.iter().map(|&v| t.leaf(v, "")).collect()
    }

    #[test]
    fn each_jvp_column_passes_the_gradient_check_and_equals_reverse_mode() {
        let x = Array1::from(vec![0.4, -1.1, 0.7]);
        let t = Tape::new();
        let v = leaves(&t, &x);
        let y = f(&t, &v);
        let forward = jacobian_forward(&t, &v, &y);
        let reverse = jacobian_reverse(&t, &v, &y);
        for k in 0..2 {
            // Row k against central differences of output k.
            let c = check_gradient(
                |x: &Array1<f64>| {
                    let t = Tape::new();
                    let v = leaves(&t, x);
                    t.value(f(&t, &v)[k])
                },
                &x,
                &forward.j.row(k).to_owned(),
            );
            assert!(c.passed(), "output {k}: {c}");
        }
        for (a, b) in forward.j.iter().zip(&reverse.j) {
            assert!((a - b).abs() <= 1e-15 * a.abs().max(1.0), "{a} against {b}");
        }
        assert_eq!((forward.sweeps, reverse.sweeps), (3, 2));
    }

    #[test]
    fn a_jvp_in_any_direction_is_the_combination_of_the_columns() {
        // J·v for v = (1, 2, −1) is column 0 + 2·column 1 − column 2.
        let x = Array1::from(vec![0.4, -1.1, 0.7]);
        let t = Tape::new();
        let v = leaves(&t, &x);
        let y = f(&t, &v);
        let j = jacobian_forward(&t, &v, &y).j;
        let rate = t.jvp(&[(v[0], 1.0), (v[1], 2.0), (v[2], -1.0)]);
        for (k, &yk) in y.iter().enumerate() {
            let expected = j[[k, 0]] + 2.0 * j[[k, 1]] - j[[k, 2]];
            assert!((rate[yk] - expected).abs() < 1e-14);
        }
    }
}
