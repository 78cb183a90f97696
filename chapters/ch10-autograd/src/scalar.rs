//! Reverse-mode differentiation of scalars, on a tape.
//!
//! Every value is a node that remembers the operation and the inputs that made it. Each
//! operation knows only its own *local* derivatives, ∂(output)/∂(input) — for c = a·b they are
//! b and a. The chain rule does the rest: walking the nodes from the output back to the
//! inputs, each node hands its gradient ∂E/∂(node) times each local derivative to its inputs,
//! which add up what they receive (a value used twice gets two contributions):
//!
//! ∂E/∂(input) += ∂(node)/∂(input) · ∂E/∂(node)
//!
//! That needs the nodes in an order where every node comes after its inputs (a topological
//! order), walked backwards. A *tape* gets that order for free: a node can only be made from
//! nodes that already exist, so the order in which they were pushed is topological.
//!
//! Why a tape rather than micrograd's nodes that point at their inputs: in Rust, a value
//! shared by several later values and updated during the backward pass is an
//! `Rc<RefCell<Node>>`, with a borrow at every step and a topological sort to write. A tape is
//! one `Vec` that owns every node; a value is its index ([`Var`], a `Copy` number), cycles
//! cannot be made, and the backward pass is a loop over the indices in reverse. Recording a
//! node needs only `&Tape` (the `Vec` sits in a `RefCell`), so expressions nest as they do in
//! micrograd: `t.add(t.mul(a, b), a)`.
//!
//! ```
//! use ch10_autograd::scalar::Tape;
//! let t = Tape::new();
//! let (a, b) = (t.leaf(2.0, "a"), t.leaf(-3.0, "b"));
//! let e = t.add(t.mul(a, b), a); // e = a·b + a = −4
//! let grads = t.backward(e);
//! assert_eq!(t.value(e), -4.0);
//! assert_eq!((grads[a], grads[b]), (-2.0, 2.0)); // ∂e/∂a = b + 1, ∂e/∂b = a
//! ```

use std::cell::{Ref, RefCell};
use std::ops::Index;

use ch01_sigmoid_neuron::sigmoid;
use ch03_relu_xor::relu::relu_prime;
use nn_core::table::sig;

// ANCHOR: tape
/// A value on the tape: the index of its node.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Var(pub usize);

/// The operation that made a node, with its inputs.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Operation {
    /// An input or a parameter: made by no operation.
    Leaf,
    Add(Var, Var),
    Sub(Var, Var),
    Mul(Var, Var),
    /// aⁿ for a constant n.
    Pow(Var, f64),
    Exp(Var),
    Log(Var),
    Tanh(Var),
    Sigmoid(Var),
    Relu(Var),
}

/// One node: its value, the operation that made it, and a name for drawings.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub value: f64,
    pub op: Operation,
    pub label: String,
}

/// The tape: every node, in the order they were made (a topological order).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Tape {
    nodes: RefCell<Vec<Node>>,
}
// ANCHOR_END: tape

/// A tape with these nodes, to draw or to record more on.
impl From<Vec<Node>> for Tape {
    fn from(nodes: Vec<Node>) -> Self {
        Tape {
            nodes: RefCell::new(nodes),
        }
    }
}

/// ∂E/∂(node) for every node of a tape, indexed by [`Var`].
#[derive(Clone, Debug, PartialEq)]
pub struct Grads(pub Vec<f64>);

impl Index<Var> for Grads {
    type Output = f64;
    fn index(&self, v: Var) -> &f64 {
        &self.0[v.0]
    }
}

impl Tape {
    pub fn new() -> Self {
        Tape::default()
    }

    /// An input or parameter with a name.
    pub fn leaf(&self, value: f64, label: &str) -> Var {
        self.push(value, Operation::Leaf, label)
    }

    /// A constant: a leaf named by its value (micrograd's `2 * x` makes one for the 2).
    pub fn constant(&self, value: f64) -> Var {
        self.leaf(value, &sig(value, 4))
    }

    fn push(&self, value: f64, op: Operation, label: &str) -> Var {
        let mut nodes = self.nodes.borrow_mut();
        nodes.push(Node {
            value,
            op,
            label: label.to_string(),
        });
        Var(nodes.len() - 1)
    }

    /// Names a node (for drawings): `let z = t.name(t.add(a, b), "z")`.
    pub fn name(&self, v: Var, label: &str) -> Var {
        self.nodes.borrow_mut()[v.0].label = label.to_string();
        v
    }

    /// Every node, in the order they were made.
    pub fn nodes(&self) -> Ref<'_, Vec<Node>> {
        self.nodes.borrow()
    }

    /// The nodes alone, to keep (a tape records on one thread; its nodes can go anywhere).
    pub fn into_nodes(self) -> Vec<Node> {
        self.nodes.into_inner()
    }

    pub fn value(&self, v: Var) -> f64 {
        self.nodes.borrow()[v.0].value
    }

    /// The operation that made node `v`.
    pub fn op(&self, v: Var) -> Operation {
        self.nodes.borrow()[v.0].op
    }

    pub fn len(&self) -> usize {
        self.nodes.borrow().len()
    }

    pub fn is_empty(&self) -> bool {
        self.nodes.borrow().is_empty()
    }

    // ANCHOR: forward
    /// a + b
    pub fn add(&self, a: Var, b: Var) -> Var {
        self.push(self.value(a) + self.value(b), Operation::Add(a, b), "")
    }
    /// a − b
    pub fn sub(&self, a: Var, b: Var) -> Var {
        self.push(self.value(a) - self.value(b), Operation::Sub(a, b), "")
    }
    /// a · b
    pub fn mul(&self, a: Var, b: Var) -> Var {
        self.push(self.value(a) * self.value(b), Operation::Mul(a, b), "")
    }
    /// aⁿ
    pub fn pow(&self, a: Var, n: f64) -> Var {
        self.push(self.value(a).powf(n), Operation::Pow(a, n), "")
    }
    /// eᵃ
    pub fn exp(&self, a: Var) -> Var {
        self.push(self.value(a).exp(), Operation::Exp(a), "")
    }
    /// ln a (a > 0)
    pub fn log(&self, a: Var) -> Var {
        self.push(self.value(a).ln(), Operation::Log(a), "")
    }
    /// tanh a
    pub fn tanh(&self, a: Var) -> Var {
        self.push(self.value(a).tanh(), Operation::Tanh(a), "")
    }
    /// σ(a), chapter 1's sigmoid (no overflow for any finite a)
    pub fn sigmoid(&self, a: Var) -> Var {
        self.push(sigmoid(self.value(a)), Operation::Sigmoid(a), "")
    }
    /// max(0, a), as chapter 3's ReLU
    pub fn relu(&self, a: Var) -> Var {
        self.push(self.value(a).max(0.0), Operation::Relu(a), "")
    }
    // ANCHOR_END: forward

    // ANCHOR: local
    /// The local derivatives of node `v`: ∂(v)/∂(input) for each input, from the values
    /// the forward pass left on the tape.
    pub fn local_derivatives(&self, v: Var) -> Vec<(Var, f64)> {
        let out = self.value(v);
        let x = |a: Var| self.value(a);
        match self.op(v) {
            Operation::Leaf => vec![],
            Operation::Add(a, b) => vec![(a, 1.0), (b, 1.0)],
            Operation::Sub(a, b) => vec![(a, 1.0), (b, -1.0)],
            Operation::Mul(a, b) => vec![(a, x(b)), (b, x(a))], // ∂(ab)/∂a = b, ∂(ab)/∂b = a
            Operation::Pow(a, n) => vec![(a, n * x(a).powf(n - 1.0))], // n·aⁿ⁻¹
            Operation::Exp(a) => vec![(a, out)],                // eᵃ
            Operation::Log(a) => vec![(a, 1.0 / x(a))],         // 1/a
            Operation::Tanh(a) => vec![(a, 1.0 - out * out)],   // 1 − tanh²a
            Operation::Sigmoid(a) => vec![(a, out * (1.0 - out))], // σ(1 − σ)
            Operation::Relu(a) => vec![(a, relu_prime(x(a), 0.0))], // chapter 3's ReLU′, 0 at the kink
        }
    }
    // ANCHOR_END: local

    // ANCHOR: backward
    /// ∂(output)/∂(node) for every node: the chain rule, from the output back along the tape.
    pub fn backward(&self, output: Var) -> Grads {
        let mut grad = vec![0.0; self.len()];
        grad[output.0] = 1.0; // ∂E/∂E
        for v in (0..=output.0).rev() {
            if grad[v] == 0.0 {
                continue; // nothing to hand on (a leaf, or off the output's path)
            }
            for (input, local) in self.local_derivatives(Var(v)) {
                grad[input.0] += local * grad[v];
            }
        }
        Grads(grad)
    }
    // ANCHOR_END: backward

    /// The operation's name for drawings: "+", "×", "ReLU", …
    pub fn op_name(&self, v: Var) -> String {
        match self.op(v) {
            Operation::Leaf => String::new(),
            Operation::Add(..) => "+".into(),
            Operation::Sub(..) => "−".into(),
            Operation::Mul(..) => "×".into(),
            Operation::Pow(_, n) => format!("^{n}"),
            Operation::Exp(_) => "exp".into(),
            Operation::Log(_) => "log".into(),
            Operation::Tanh(_) => "tanh".into(),
            Operation::Sigmoid(_) => "σ".into(),
            Operation::Relu(_) => "ReLU".into(),
        }
    }

    /// The inputs of node `v`.
    pub fn inputs(&self, v: Var) -> Vec<Var> {
        self.local_derivatives(v)
            .into_iter()
            .map(|(a, _)| a)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::{array, Array1};
    use nn_core::gradcheck::check_gradient;

    /// The gradient of `f` (built on a fresh tape from leaves at `x`) checked against central
    /// differences of its value.
    fn check(x: Array1<f64>, f: impl Fn(&Tape, &[Var]) -> Var) {
        let run = |x: &Array1<f64>| {
            let t = Tape::new();
            let leaves: Vec<Var> = x.iter().map(|&v| t.leaf(v, "")).collect();
            let out = f(&t, &leaves);
            (t, leaves, out)
        };
        let (t, leaves, out) = run(&x);
        let grads = t.backward(out);
        let analytic: Array1<f64> = leaves.iter().map(|&v| grads[v]).collect();
        let c = check_gradient(
            |x: &Array1<f64>| {
                let (t, _, out) = run(x);
                t.value(out)
            },
            &x,
            &analytic,
        );
        assert!(c.passed(), "{c}");
    }

    #[test]
    fn every_operation_passes_the_gradient_check() {
        let x = array![0.7, -1.3];
        check(x.clone(), |t, v| t.add(v[0], v[1]));
        check(x.clone(), |t, v| t.sub(v[0], v[1]));
        check(x.clone(), |t, v| t.mul(v[0], v[1]));
        check(x.clone(), |t, v| t.pow(v[0], 3.0));
        check(array![1.7], |t, v| t.pow(v[0], -0.5));
        check(x.clone(), |t, v| t.exp(v[1]));
        check(array![0.3], |t, v| t.log(v[0]));
        check(x.clone(), |t, v| t.tanh(v[1]));
        check(x.clone(), |t, v| t.sigmoid(v[1]));
        // ReLU away from its kink, on both sides of it.
        check(x.clone(), |t, v| t.relu(v[0]));
        check(x, |t, v| t.relu(v[1]));
    }

    #[test]
    fn a_value_used_twice_gets_both_contributions() {
        // f(a) = a·a + exp(tanh(a))·log(a) uses a four times.
        check(array![1.3], |t, v| {
            let aa = t.mul(v[0], v[0]);
            let th = t.tanh(v[0]);
            let e = t.exp(th);
            let l = t.log(v[0]);
            let el = t.mul(e, l);
            t.add(aa, el)
        });
        let t = Tape::new();
        let a = t.leaf(3.0, "a");
        let aa = t.mul(a, a);
        assert_eq!(t.backward(aa)[a], 6.0); // d(a²)/da = 2a, not a
    }

    #[test]
    fn random_expressions_pass_the_gradient_check() {
        // Generated expressions: each step applies a random operation to random earlier nodes
        // (smooth ones only: ReLU's kink is checked on its own above; ln only of σ(·) > 0).
        use nn_core::rng::{seeded, Rng};
        for seed in 0..50 {
            let mut rng = seeded(seed);
            let leaves: Array1<f64> = (0..3).map(|_| rng.random_range(-1.5..1.5)).collect();
            let ops: Vec<(u8, usize, usize)> = (0..8)
                .map(|k| {
                    (
                        rng.random_range(0..8),
                        rng.random_range(0..3 + k),
                        rng.random_range(0..3 + k),
                    )
                })
                .collect();
            check(leaves, |t, v| {
                let mut nodes = v.to_vec();
                for &(op, i, j) in &ops {
                    let (a, b) = (nodes[i], nodes[j]);
                    let n = match op {
                        0 => t.add(a, b),
                        1 => t.sub(a, b),
                        2 => t.mul(a, b),
                        3 => t.tanh(a),
                        4 => t.sigmoid(a),
                        5 => {
                            let th = t.tanh(a);
                            t.exp(th)
                        }
                        6 => {
                            let s = t.sigmoid(a);
                            t.log(s)
                        }
                        _ => t.pow(a, 2.0),
                    };
                    nodes.push(n);
                }
                *nodes.last().expect("eight nodes")
            });
        }
    }

    #[test]
    fn nodes_off_the_output_s_path_get_no_gradient() {
        let t = Tape::new();
        let (a, b) = (t.leaf(1.0, "a"), t.leaf(2.0, "b"));
        let c = t.exp(b); // made, but not used by the output
        let out = t.mul(a, a);
        let g = t.backward(out);
        assert_eq!((g[b], g[c]), (0.0, 0.0));
        assert_eq!(t.inputs(out), [a, a]);
    }
}
