//! Chapter 10's exercises: replace each `todo!(…)` with your code, save, and run
//! `cargo run -p practice -- 10` (or leave `cargo run -p practice -- 10 --watch` running).
//! The answers, if you are stuck: practice/answers/ch10.rs.

use ch10_autograd::scalar::Operation;
use ndarray::ArrayD;

/// Exercise 10.1: one operation's share of the backward pass. A node of the scalar tape was
/// made by `op` from `inputs` (their values, in the order of the `Operation`'s fields; the `Var`s in
/// `op` are tape indices you do not need here, but `Operation::Pow(_, n)` carries its exponent n)
/// and has the value `output`; `upstream` is ∂E/∂(node). Return, for each input in order,
/// its share ∂(node)/∂(input) · upstream — for `Operation::Mul`, `[b·upstream, a·upstream]`; for
/// `Operation::Tanh`, `[(1 − t²)·upstream]` with t = `output`; for `Operation::Leaf`, nothing. ReLU′(0) = 0,
/// as in chapter 3. Write the local derivatives yourself (not with the chapter's
/// `local_derivatives`).
pub fn op_backward(op: Operation, inputs: &[f64], output: f64, upstream: f64) -> Vec<f64> {
    todo!("exercise 10.1: one operation's share of the backward pass")
}

/// Exercise 10.2: the reverse sweep. A tape of n nodes in the order they were made (every
/// node's inputs come before it): `locals[v]` lists, for node v, each input's index and the
/// local derivative ∂(v)/∂(input) (empty for a leaf; a value used twice appears twice: the node
/// a·a lists `[(i, a), (i, a)]`, i the index of a). Return ∂E/∂(node) for all n nodes, with E the node `output`:
/// start from ∂E/∂E = 1 and hand each node's gradient, times each local derivative, on to its
/// inputs. Nodes that do not lead to the output get 0.
pub fn reverse_sweep(locals: &[Vec<(usize, f64)>], output: usize) -> Vec<f64> {
    todo!("exercise 10.2: the reverse sweep")
}

/// Exercise 10.3: softplus's vector-Jacobian product. For Y = softplus(X) = ln(1 + eˣ),
/// element by element, and the upstream gradient g = ∂L/∂Y (the shape of x, any number of
/// axes), return ∂L/∂X. Finite for every finite x (the grader tries ±800 and ±1e308).
pub fn softplus_vjp(x: &ArrayD<f64>, g: &ArrayD<f64>) -> ArrayD<f64> {
    todo!("exercise 10.3: softplus's vector-Jacobian product")
}
