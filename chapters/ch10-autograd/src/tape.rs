//! The same tape with arrays — [`ArrayTape`], named apart from the scalar [`Tape`](crate::scalar::Tape): each node holds an array, and each operation is two functions,
//! its forward pass and its *vector-Jacobian product* (VJP).
//!
//! For y = f(x₁, …, xₖ) and the upstream gradient G = ∂L/∂y (the shape of y), the VJP returns
//! ∂L/∂xᵢ = Jᵢᵀ·G for each input (the shape of xᵢ), where Jᵢ is the Jacobian of y with
//! respect to xᵢ. That is exactly what every `backward` of chapters 1–7 computes: upstream
//! gradient in, input gradient out. So the array operations of this chapter (`ops.rs`) do not
//! derive anything: each wraps an earlier chapter's layer, whose `forward` is the op's
//! forward and whose `backward` is its VJP.
//!
//! The backward pass is the scalar tape's loop with arrays: from the output back along the
//! tape, each node's VJP hands each input its share, and an input used twice adds them up.
//! Inputs that are data (made with [`ArrayTape::input`]) want no gradient, and so neither do
//! nodes made only from data; an operation is told which of its inputs want one and may
//! skip the rest (a first dense layer skips ∂L/∂X, as chapter 3's `backward_params` does).
//!
//! ```
//! use ndarray::{array, ArrayD};
//! use ch10_autograd::{ops::Linear, tape::ArrayTape};
//! let mut t = ArrayTape::new();
//! let x = t.input(array![[1.0, 2.0]].into_dyn());
//! let w = t.param(array![[3.0], [4.0]].into_dyn());
//! let b = t.param(array![0.5].into_dyn());
//! let y = t.apply(Linear::default(), &[x, w, b]); // y = x·W + b = 11.5
//! let grads = t.backward(y);
//! assert_eq!(t.value(y)[[0, 0]], 11.5);
//! assert_eq!(grads.of(w).unwrap(), &array![[1.0], [2.0]].into_dyn()); // Xᵀ·1
//! ```

use ndarray::ArrayD;

/// The arrays of this tape: any number of axes, f64.
pub type Tensor = ArrayD<f64>;

// ANCHOR: op
/// An operation on the tape: its forward pass and its vector-Jacobian product.
pub trait Op {
    /// A short name for reports: "linear", "relu", …
    fn name(&self) -> String;

    /// The output for these inputs. May keep what the VJP needs (as a layer does).
    fn forward(&mut self, inputs: &[&Tensor]) -> Tensor;

    /// Given ∂L/∂(output): ∂L/∂(input) for each input whose `wanted` is true (`None` for the
    /// others). `inputs` and `output` are the forward pass's, kept on the tape.
    fn vjp(
        &mut self,
        inputs: &[&Tensor],
        output: &Tensor,
        grad_output: &Tensor,
        wanted: &[bool],
    ) -> Vec<Option<Tensor>>;

    /// How many f64 values the operation keeps for its VJP beyond the tape's own arrays
    /// (a wrapped layer's cached input, its copy of the parameters and their gradients).
    fn kept(&self) -> usize {
        0
    }
}
// ANCHOR_END: op

/// A value on the tape: the index of its node.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ArrayVar(pub usize);

/// One node: its value, and the operation and inputs that made it (none for a leaf).
pub struct ArrayNode {
    pub value: Tensor,
    pub inputs: Vec<ArrayVar>,
    pub op: Option<Box<dyn Op>>,
    /// Whether ∂L/∂(this node) is wanted: a parameter, or made from one.
    pub wants_grad: bool,
}

/// The tape: every node in the order made, which is a topological order.
#[derive(Default)]
pub struct ArrayTape {
    pub nodes: Vec<ArrayNode>,
}

/// The gradients of a backward pass, for the nodes that want one and are on the output's path.
/// Only the leaves' gradients are kept: an intermediate node's is dropped once handed on.
#[derive(Clone, Debug, PartialEq)]
pub struct ArrayGrads(pub Vec<Option<Tensor>>);

impl ArrayGrads {
    /// ∂L/∂v, if v is a leaf that wants a gradient and is on the output's path.
    pub fn of(&self, v: ArrayVar) -> Option<&Tensor> {
        self.0[v.0].as_ref()
    }
}

impl ArrayTape {
    pub fn new() -> Self {
        ArrayTape::default()
    }

    fn leaf(&mut self, value: Tensor, wants_grad: bool) -> ArrayVar {
        self.nodes.push(ArrayNode {
            value,
            inputs: vec![],
            op: None,
            wants_grad,
        });
        ArrayVar(self.nodes.len() - 1)
    }

    /// Data: no gradient wanted.
    pub fn input(&mut self, value: Tensor) -> ArrayVar {
        self.leaf(value, false)
    }

    /// A parameter: its gradient is wanted.
    pub fn param(&mut self, value: Tensor) -> ArrayVar {
        self.leaf(value, true)
    }

    // ANCHOR: apply
    /// Runs `op` forward on the values of `inputs` and records the result as a new node.
    pub fn apply(&mut self, mut op: impl Op + 'static, inputs: &[ArrayVar]) -> ArrayVar {
        let values: Vec<&Tensor> = inputs.iter().map(|v| &self.nodes[v.0].value).collect();
        let value = op.forward(&values);
        let wants_grad = inputs.iter().any(|v| self.nodes[v.0].wants_grad);
        self.nodes.push(ArrayNode {
            value,
            inputs: inputs.to_vec(),
            op: Some(Box::new(op)),
            wants_grad,
        });
        ArrayVar(self.nodes.len() - 1)
    }
    // ANCHOR_END: apply

    pub fn value(&self, v: ArrayVar) -> &Tensor {
        &self.nodes[v.0].value
    }

    /// A leaf's value, to update it (an optimizer's step on a parameter).
    pub fn value_mut(&mut self, v: ArrayVar) -> &mut Tensor {
        assert!(self.nodes[v.0].op.is_none(), "only a leaf can be changed");
        &mut self.nodes[v.0].value
    }

    /// Forgets every node from the `len`-th on: the next step's tape starts after the
    /// parameters, which stay.
    pub fn truncate(&mut self, len: usize) {
        self.nodes.truncate(len);
    }

    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    // ANCHOR: backward
    /// ∂(output)/∂(leaf) for every leaf that wants it, by the VJPs from the output back.
    /// The output must be a single number (a loss).
    pub fn backward(&mut self, output: ArrayVar) -> ArrayGrads {
        assert_eq!(
            self.nodes[output.0].value.len(),
            1,
            "backward starts from a single number (a loss), not shape {:?}",
            self.nodes[output.0].value.shape()
        );
        let mut grads: Vec<Option<Tensor>> = vec![None; self.nodes.len()];
        grads[output.0] = Some(Tensor::ones(self.nodes[output.0].value.raw_dim()));
        for v in (0..=output.0).rev() {
            let Some(mut op) = self.nodes[v].op.take() else {
                continue; // a leaf: its gradient stays in `grads`
            };
            if let Some(g) = grads[v].take() {
                let node = &self.nodes[v];
                let inputs: Vec<&Tensor> = node.inputs.iter().map(|i| self.value(*i)).collect();
                let wanted: Vec<bool> = node
                    .inputs
                    .iter()
                    .map(|i| self.nodes[i.0].wants_grad)
                    .collect();
                let input_grads = op.vjp(&inputs, &node.value, &g, &wanted);
                for (input, grad) in node.inputs.iter().zip(input_grads) {
                    let Some(grad) = grad.filter(|_| self.nodes[input.0].wants_grad) else {
                        continue;
                    };
                    match &mut grads[input.0] {
                        Some(sum) => *sum += &grad, // a value used twice: contributions add
                        empty => *empty = Some(grad),
                    }
                }
            }
            self.nodes[v].op = Some(op);
        }
        ArrayGrads(grads)
    }
    // ANCHOR_END: backward

    // ANCHOR: kept
    /// The f64 values the tape holds alive for the backward pass after a forward pass: the
    /// arrays of the nodes from the `from`-th on (the parameters before it are not counted:
    /// a hand-written network holds them too), and what each operation keeps.
    pub fn memory(&self, from: usize) -> Memory {
        let nodes = &self.nodes[from..];
        Memory {
            values: nodes.iter().map(|n| n.value.len()).sum(),
            kept_by_ops: nodes
                .iter()
                .filter_map(|n| n.op.as_ref())
                .map(|op| op.kept())
                .sum(),
        }
    }
    // ANCHOR_END: kept

    /// What each node from the `from`-th on is, in tape order: its operation's name, or
    /// "input" or "parameter" for a leaf.
    pub fn op_names(&self, from: usize) -> Vec<String> {
        self.nodes[from..]
            .iter()
            .map(|n| match (&n.op, n.wants_grad) {
                (Some(op), _) => op.name(),
                (None, false) => "input".into(),
                (None, true) => "parameter".into(),
            })
            .collect()
    }
}

/// What a tape holds alive, in f64 values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Memory {
    /// The nodes' own arrays.
    pub values: usize,
    /// What the operations keep on top (the wrapped layers' caches and copies).
    pub kept_by_ops: usize,
}

impl Memory {
    pub fn total(&self) -> usize {
        self.values + self.kept_by_ops
    }
}
