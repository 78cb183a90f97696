//! Chapter 10's exercises: one scalar operation's share of the backward pass, the reverse
//! sweep along a tape, and softplus's vector-Jacobian product. Expected values: chapter 10's
//! scalar `Tape` (its `local_derivatives` and `backward`) and its `Softplus` operation.

use ch01_sigmoid_neuron::sigmoid::sigmoid;
use ch03_relu_xor::trace::Params;
use ch10_autograd::scalar::{Operation, Tape, Var};
use ch10_autograd::softplus::Softplus;
use ch10_autograd::tape::Op;
use ch10_autograd::unit::unit;
use ndarray::{Array1, Array2, ArrayD, IxDyn};
use nn_core::gradcheck::{check_gradient, check_vjp};
use nn_core::rng::{seeded, Rng};

use super::ch03::{RELU_AT_ZERO, UPSTREAM_IGNORED};
use super::{random, random_vector};
use crate::diagnose::{compare, num, shape, Hint, Mismatch};
use crate::types::NodeLocals;

exercises! { $ bind_ch10, ch10: 10, "Automatic differentiation";
    "10.1" op_backward(Operation, &[f64], f64, f64) -> Vec<f64>,
        "one operation's share of the backward pass",
        "for a node made by `op` from `inputs`, each input's share, local derivative × upstream: a·b hands b·g to a and a·g to b, tanh hands (1 − t²)·g, …",
        check_kinds;
    "10.2" reverse_sweep(&[NodeLocals], usize) -> Vec<f64>,
        "the reverse sweep along a tape",
        "from ∂E/∂E = 1 at the output, visit the nodes in reverse and add each node's gradient × local derivative to its inputs' gradients: one gradient per node, for every shape of graph",
        check_sweeps;
    "10.3" softplus_vjp(&ArrayD<f64>, &ArrayD<f64>) -> ArrayD<f64>,
        "softplus's vector-Jacobian product",
        "∂L/∂X = σ(X) ⊙ G for Y = softplus(X) = ln(1 + eˣ), element by element, finite for every finite x",
        check_softplus;
}

/// 10.1: not one share per input.
pub const SHARE_COUNT: &str = "one share per input, in the order of the `Operation`'s fields: two for a + b, a − b and a·b (also for a·a, whose inputs are a and a again), one for the others";
/// 10.2: not one gradient per node.
pub const GRADIENT_COUNT: &str = "one gradient per node: as many as `locals` has entries, with 0 for the nodes that do not lead to the output (also those made after it)";
/// 10.1: a·b's shares swapped.
pub const SWAPPED: &str = "a and b swapped: ∂(a·b)/∂a is the other factor b, so a receives b·upstream and b receives a·upstream";
/// 10.1: a − b handing +upstream to b.
pub const SUB_SIGN: &str = "∂(a − b)/∂b is −1: b receives −upstream";
/// 10.1: tanh′ written 1 − t.
pub const ONE_MINUS_TANH: &str =
    "that is 1 − tanh a; the derivative is 1 − tanh² a = 1 − t·t, with t = tanh a the output";
/// 10.1: tanh′ or σ′ evaluated at the input instead of the output.
pub const INPUT_FOR_OUTPUT: &str = "the formula is written in the output, not the input: 1 − t² with t = tanh a, s·(1 − s) with s = σ(a) — use `output`, not `inputs[0]`";
/// 10.2: `grad[input] = …` instead of `+=`.
pub const OVERWRITTEN: &str = "half the gradient where a value is used twice: add each share to the input's gradient (+=), do not overwrite it (=)";
/// 10.2: the nodes visited first to last.
pub const SWEPT_FORWARDS: &str = "only the output's own inputs got a gradient: visit the nodes from the output back to the first (the tape in reverse), so that each node's gradient is complete before it is handed on";
/// 10.2: a walk from the output (depth-first at a node's first visit, or a breadth-first
/// queue) that hands a node on before its gradient is complete.
pub const HANDED_ON_EARLY: &str = "a node's gradient was handed on before all its shares had arrived: a walk from the output — depth-first, handing a node on when it is first reached, or a breadth-first queue — reaches a value used twice by one path and passes its gradient down before the share from the other path is added (tanh(a)·tanh(a): the second factor's; t + eᵗ with t = tanh a: the one through eᵗ) — visit the nodes in reverse tape order: every node that uses v was made after v, so v's gradient is complete when its turn comes";
/// 10.2: ∂E/∂E not set to 1.
pub const NO_SEED: &str = "every gradient is 0: start from ∂E/∂E = 1 at the output";
/// 10.3: softplus's own value as its derivative.
pub const SOFTPLUS_ITSELF: &str =
    "that is softplus(x)·g: the derivative of ln(1 + eˣ) is eˣ/(1 + eˣ) = σ(x), so ∂L/∂X = σ(X)·G";

/// 10.3: σ′ for softplus′.
pub const SIGMOID_PRIME: &str =
    "that is σ(x)·(1 − σ(x))·g, the derivative of σ: softplus′ is σ itself, one derivative less";

/// What typical mistakes of 10.1 return for one node, each with its sentence.
type Mistakes = Vec<(Vec<f64>, &'static str)>;

/// One kind of scalar operation, as the 10.1 check puts it on a tape.
struct Kind {
    name: &'static str,
    leaves: usize,
    /// Inputs from (0.2, 3) rather than (−2, 2): for ln and a fractional power.
    positive: bool,
    /// Every third node's input exactly 0: ReLU's kink.
    zeros: bool,
    /// Every third node's input ±800, where e^±a overflows: σ.
    large: bool,
    make: fn(&Tape, &[Var]) -> Var,
    /// What typical mistakes return for (inputs, output, upstream), with their sentences.
    mistakes: fn(&[f64], f64, f64) -> Mistakes,
}

impl Kind {
    fn new(name: &'static str, leaves: usize, make: fn(&Tape, &[Var]) -> Var) -> Self {
        Kind {
            name,
            leaves,
            positive: false,
            zeros: false,
            large: false,
            make,
            mistakes: |_, _, _| vec![],
        }
    }
}

/// Every operation of chapter 10's scalar tape, and a value used twice.
fn kinds() -> Vec<Kind> {
    vec![
        Kind::new("a + b", 2, |t, v| t.add(v[0], v[1])),
        Kind {
            mistakes: |_, _, g| vec![(vec![g, g], SUB_SIGN)],
            ..Kind::new("a − b", 2, |t, v| t.sub(v[0], v[1]))
        },
        Kind {
            mistakes: |x, _, g| vec![(vec![x[0] * g, x[1] * g], SWAPPED)],
            ..Kind::new("a · b", 2, |t, v| t.mul(v[0], v[1]))
        },
        Kind::new("a · a (one value, both inputs)", 1, |t, v| {
            t.mul(v[0], v[0])
        }),
        Kind::new("a³", 1, |t, v| t.pow(v[0], 3.0)),
        Kind {
            positive: true,
            ..Kind::new("a^(−0.5)", 1, |t, v| t.pow(v[0], -0.5))
        },
        Kind::new("eᵃ", 1, |t, v| t.exp(v[0])),
        Kind {
            positive: true,
            ..Kind::new("ln a", 1, |t, v| t.log(v[0]))
        },
        Kind {
            mistakes: |x, t, g| {
                vec![
                    (vec![(1.0 - t) * g], ONE_MINUS_TANH),
                    (vec![(1.0 - x[0] * x[0]) * g], INPUT_FOR_OUTPUT),
                ]
            },
            ..Kind::new("tanh a", 1, |t, v| t.tanh(v[0]))
        },
        Kind {
            mistakes: |x, _, g| vec![(vec![x[0] * (1.0 - x[0]) * g], INPUT_FOR_OUTPUT)],
            large: true,
            ..Kind::new("σ(a)", 1, |t, v| t.sigmoid(v[0]))
        },
        Kind {
            zeros: true,
            ..Kind::new("ReLU(a)", 1, |t, v| t.relu(v[0]))
        },
    ]
}

/// How many nodes of each kind the 10.1 check grades.
const NODES: usize = 6;

/// One node of `kind` on a fresh tape (its leaves first), and an upstream gradient.
fn one_node(kind: &Kind, k: usize, rng: &mut impl Rng) -> (Tape, Var, f64) {
    let t = Tape::new();
    let leaves: Vec<Var> = (0..kind.leaves)
        .map(|_| {
            let value = if kind.zeros && k % 3 == 0 {
                0.0
            } else if kind.large && k % 3 == 1 {
                if k % 2 == 0 {
                    800.0
                } else {
                    -800.0
                }
            } else if kind.positive {
                rng.random_range(0.2..3.0)
            } else {
                rng.random_range(-2.0..2.0)
            };
            t.leaf(value, "")
        })
        .collect();
    let node = (kind.make)(&t, &leaves);
    (t, node, rng.random_range(-2.0..2.0))
}

/// Rows of equal length as a matrix (one row per node).
fn matrix(rows: &[Vec<f64>]) -> Array2<f64> {
    let width = rows.first().map_or(0, Vec::len);
    Array2::from_shape_vec((rows.len(), width), rows.concat()).expect("rows of equal length")
}

/// The values of the inputs of node `v`, in order.
fn input_values(t: &Tape, v: Var) -> Vec<f64> {
    t.inputs(v).iter().map(|&i| t.value(i)).collect()
}

/// 10.1's check: every kind of operation, six nodes each.
fn check_kinds(c: Candidate) -> Result<(), Mismatch> {
    for (k, kind) in kinds().iter().enumerate() {
        check_kind(kind, 1000 + k as u64, c)?;
    }
    Ok(())
}

/// 10.1's check for one kind of operation.
fn check_kind(kind: &Kind, seed: u64, c: Candidate) -> Result<(), Mismatch> {
    let mut rng = seeded(seed);
    let nodes: Vec<(Tape, Var, f64)> = (0..NODES).map(|k| one_node(kind, k, &mut rng)).collect();
    let call = |(t, v, g): &(Tape, Var, f64)| {
        (c.op_backward)(t.nodes()[v.0].op, &input_values(t, *v), t.value(*v), *g)
    };
    let describe = |(t, v, g): &(Tape, Var, f64)| {
        let inputs: Vec<String> = input_values(t, *v).into_iter().map(num).collect();
        format!(
            "op_backward for {} with inputs [{}], output {}, upstream {}",
            kind.name,
            inputs.join(", "),
            num(t.value(*v)),
            num(*g)
        )
    };
    let expected: Vec<Vec<f64>> = nodes
        .iter()
        .map(|(t, v, g)| t.local_derivatives(*v).iter().map(|(_, d)| d * g).collect())
        .collect();
    let got: Vec<Vec<f64>> = nodes.iter().map(call).collect();
    for (r, node) in nodes.iter().enumerate() {
        if got[r].len() != expected[r].len() {
            let (e, g) = (
                Array1::from(expected[r].clone()),
                Array1::from(got[r].clone()),
            );
            let mismatch = compare(describe(node), e, g).check().unwrap_err();
            return Err(Mismatch {
                hint: Hint::Mistake(SHARE_COUNT),
                ..mismatch
            });
        }
    }
    let (expected, got) = (matrix(&expected), matrix(&got));
    let inputs = matrix(
        &nodes
            .iter()
            .map(|(t, v, _)| input_values(t, *v))
            .collect::<Vec<_>>(),
    );
    let first_wrong = (0..NODES)
        .find(|&r| {
            let (e, g) = (expected.row(r), got.row(r));
            e.iter()
                .zip(g)
                .any(|(&a, &b)| !crate::diagnose::close(a, b))
        })
        .unwrap_or(0);
    let locals = matrix(
        &nodes
            .iter()
            .map(|(t, v, _)| t.local_derivatives(*v).iter().map(|&(_, d)| d).collect())
            .collect::<Vec<_>>(),
    );
    let mut comparison = compare(
        format!(
            "{} (node {} of {NODES})",
            describe(&nodes[first_wrong]),
            first_wrong + 1
        ),
        expected,
        got.clone(),
    )
    .elementwise(&inputs)
    .known(locals, Hint::Mistake(UPSTREAM_IGNORED));
    let mistakes: Vec<Vec<(Vec<f64>, &str)>> = nodes
        .iter()
        .map(|(t, v, g)| (kind.mistakes)(&input_values(t, *v), t.value(*v), *g))
        .collect();
    for m in 0..mistakes[0].len() {
        let rows: Vec<Vec<f64>> = mistakes.iter().map(|node| node[m].0.clone()).collect();
        let sentence = mistakes[0][m].1;
        comparison = comparison.known(matrix(&rows), Hint::Mistake(sentence));
    }
    if kind.zeros {
        comparison = comparison.kink_where(inputs.mapv(|x| x == 0.0), RELU_AT_ZERO);
    }
    if kind.large {
        comparison = comparison.large_where(inputs.mapv(|x| x.abs() > 700.0));
    }
    // Σ over the nodes of upstream · value, as a function of every node's leaves: its
    // gradient is the shares, added up per leaf (a · a's two shares go to one leaf).
    let leaves = matrix(
        &nodes
            .iter()
            .map(|(t, _, _)| (0..kind.leaves).map(|i| t.value(Var(i))).collect())
            .collect::<Vec<_>>(),
    );
    comparison.check().map_err(|m| {
        m.or_gradient_check(leaves.shape(), || {
            let mut analytic = Array2::zeros(leaves.raw_dim());
            for (r, (t, v, _)) in nodes.iter().enumerate() {
                for (input, share) in t.inputs(*v).into_iter().zip(got.row(r)) {
                    analytic[[r, input.0]] += share;
                }
            }
            let total = |x: &Array2<f64>| {
                (0..NODES)
                    .map(|r| {
                        let t = Tape::new();
                        let leaves: Vec<Var> = x.row(r).iter().map(|&v| t.leaf(v, "")).collect();
                        let node = (kind.make)(&t, &leaves);
                        nodes[r].2 * t.value(node)
                    })
                    .sum()
            };
            check_gradient(total, &leaves, &analytic)
        })
    })
}

/// A mistake in the reverse sweep, simulated to recognise it.
#[derive(Clone, Copy, PartialEq)]
enum Sweep {
    Overwrite,
    Forwards,
    LocalOnly,
    NoSeed,
    /// Depth-first from the output, each node handed on when first reached.
    DepthFirst,
    /// A breadth-first queue from the output, each node handed on when taken from it.
    BreadthFirst,
}

/// What a reverse sweep with mistake `m` returns.
fn mistaken_sweep(locals: &[NodeLocals], output: usize, m: Sweep) -> Array1<f64> {
    let mut grad = Array1::zeros(locals.len());
    if m != Sweep::NoSeed {
        grad[output] = 1.0;
    }
    let order: Vec<usize> = match m {
        Sweep::Forwards => (0..=output).collect(),
        Sweep::DepthFirst => {
            let mut seen = vec![false; locals.len()];
            seen[output] = true;
            depth_first(locals, output, &mut grad, &mut seen);
            return grad;
        }
        Sweep::BreadthFirst => {
            let mut order = vec![output];
            let mut seen = vec![false; locals.len()];
            seen[output] = true;
            let mut k = 0;
            while k < order.len() {
                for &(input, _) in &locals[order[k]] {
                    if !seen[input] {
                        seen[input] = true;
                        order.push(input);
                    }
                }
                k += 1;
            }
            order
        }
        _ => (0..=output).rev().collect(),
    };
    for v in order {
        for &(input, d) in &locals[v] {
            let share = if m == Sweep::LocalOnly {
                d
            } else {
                d * grad[v]
            };
            if m == Sweep::Overwrite {
                grad[input] = share;
            } else {
                grad[input] += share;
            }
        }
    }
    grad
}

/// A depth-first walk from `v` that hands each input its share and walks on into it at once,
/// the first time it reaches it: later shares of that input are added, never handed on.
fn depth_first(locals: &[NodeLocals], v: usize, grad: &mut Array1<f64>, seen: &mut [bool]) {
    for &(input, d) in &locals[v] {
        grad[input] += d * grad[v];
        if !seen[input] {
            seen[input] = true;
            depth_first(locals, input, grad, seen);
        }
    }
}

/// The output's value with the tape's leaves set to `leaves` (in tape order): the forward
/// pass replayed with the chapter's operations.
fn replay(tape: &Tape, leaves: &Array1<f64>, output: Var) -> f64 {
    let t = Tape::new();
    let mut next = leaves.iter();
    for node in tape.nodes().iter() {
        match node.op {
            Operation::Leaf => t.leaf(*next.next().expect("a value per leaf"), ""),
            Operation::Add(a, b) => t.add(a, b),
            Operation::Sub(a, b) => t.sub(a, b),
            Operation::Mul(a, b) => t.mul(a, b),
            Operation::Pow(a, n) => t.pow(a, n),
            Operation::Exp(a) => t.exp(a),
            Operation::Log(a) => t.log(a),
            Operation::Tanh(a) => t.tanh(a),
            Operation::Sigmoid(a) => t.sigmoid(a),
            Operation::Relu(a) => t.relu(a),
        };
    }
    t.value(output)
}

/// An expression generated from `seed`: two or three leaves, then 5 to 14 smooth operations,
/// each on the last node or two (long chains) or on any earlier node (shortcuts): values
/// used more than once, and paths of different lengths that meet; the last is the output.
fn generated(seed: u64) -> (Tape, Var) {
    let mut rng = seeded(seed);
    let t = Tape::new();
    let leaves = rng.random_range(2..=3);
    let mut nodes: Vec<Var> = (0..leaves)
        .map(|_| t.leaf(rng.random_range(-1.5..1.5), ""))
        .collect();
    for _ in 0..rng.random_range(5..=14) {
        let pick = |rng: &mut nn_core::rng::ChaCha8Rng| {
            let len = nodes.len();
            if rng.random_bool(0.5) {
                nodes[len - 1 - rng.random_range(0..2.min(len))]
            } else {
                nodes[rng.random_range(0..len)]
            }
        };
        let (a, b) = (pick(&mut rng), pick(&mut rng));
        let n = match rng.random_range(0..8) {
            0 | 1 => t.add(a, b),
            2 => t.sub(a, b),
            3 => t.mul(a, b),
            4 => t.tanh(a),
            5 => t.sigmoid(a),
            6 => {
                let h = t.tanh(a);
                t.exp(h)
            }
            _ => t.pow(a, 2.0),
        };
        nodes.push(n);
    }
    let output = *nodes.last().expect("five nodes or more");
    (t, output)
}

/// How many generated expressions 10.2 sweeps.
const GENERATED: u64 = 200;

/// The tapes 10.2 sweeps: what each is, the tape, and its output.
fn tapes() -> Vec<(String, Tape, Var)> {
    let mut cases = Vec::new();
    // The chapter's a·a: d(a²)/da = 2a = 6.
    let t = Tape::new();
    let a = t.leaf(3.0, "a");
    let aa = t.mul(a, a);
    cases.push(("a·a at a = 3".to_string(), t, aa));
    // A value used twice: tanh(a)·tanh(a), d/da = 2·t·(1 − t²).
    let t = Tape::new();
    let a = t.leaf(0.4, "a");
    let th = t.tanh(a);
    let out = t.mul(th, th);
    cases.push(("tanh(a)·tanh(a) at a = 0.4".to_string(), t, out));
    // Paths of different lengths that meet: t + eᵗ with t = tanh a, d/da = (1 + eᵗ)(1 − t²)
    // = 2.1068 at a = 0.4.
    let t = Tape::new();
    let a = t.leaf(0.4, "a");
    let th = t.tanh(a);
    let e = t.exp(th);
    let out = t.add(th, e);
    cases.push(("t + eᵗ with t = tanh a, at a = 0.4".to_string(), t, out));
    // Chapter 3's one-unit network, with the numbers of chapter 10's trace.
    let params = Params {
        w1: 0.5,
        b1: -0.25,
        w2: 0.8,
        b2: 0.1,
    };
    let (t, u) = unit(2.0, 1.0, params);
    cases.push(("chapter 3's one-unit network, output E".to_string(), t, u.e));
    // The chapter's test: a·a + exp(tanh a)·ln a uses a four times.
    let t = Tape::new();
    let a = t.leaf(1.3, "a");
    let aa = t.mul(a, a);
    let th = t.tanh(a);
    let e = t.exp(th);
    let l = t.log(a);
    let el = t.mul(e, l);
    let out = t.add(aa, el);
    cases.push(("a·a + exp(tanh a)·ln a at a = 1.3".to_string(), t, out));
    for seed in 0..GENERATED {
        let (t, out) = generated(1020 + seed);
        cases.push((
            format!("a generated expression (seed {})", 1020 + seed),
            t,
            out,
        ));
    }
    // Nodes off the output's path, before and after it: no gradient.
    let t = Tape::new();
    let (a, b) = (t.leaf(1.5, "a"), t.leaf(-0.5, "b"));
    t.exp(b);
    let ab = t.mul(a, b);
    let out = t.sigmoid(ab);
    t.tanh(a);
    cases.push((
        "σ(a·b) with e^b made before and tanh a after the output".to_string(),
        t,
        out,
    ));
    cases
}

/// 10.3's inputs X and upstream gradients G: moderate ones (two axes, then three), then every
/// size up to ±1e308, where eˣ overflows.
fn softplus_cases() -> Vec<(ArrayD<f64>, ArrayD<f64>)> {
    let x2 = random((5, 3), 1030, 3.0).into_dyn();
    let g2 = random((5, 3), 1031, 1.0).into_dyn();
    let x3 = random_vector(24, 1032, 3.0)
        .into_shape_with_order(IxDyn(&[2, 3, 4]))
        .expect("24 values");
    let g3 = random_vector(24, 1033, 1.0)
        .into_shape_with_order(IxDyn(&[2, 3, 4]))
        .expect("24 values");
    let large = Array1::from(vec![
        -1e308, -800.0, -745.0, -710.0, -40.0, -1.0, 0.0, 1.0, 40.0, 710.0, 745.0, 800.0, 1e308,
    ]);
    let g_large = random_vector(large.len(), 1034, 1.0);
    vec![(x2, g2), (x3, g3), (large.into_dyn(), g_large.into_dyn())]
}

fn softplus(x: &ArrayD<f64>) -> ArrayD<f64> {
    Softplus.forward(&[x])
}

/// 10.2's check: the candidate's sweep of every tape of [`tapes`] against the chapter's
/// `Tape::backward`.
fn check_sweeps(c: Candidate) -> Result<(), Mismatch> {
    for (name, t, output) in tapes() {
        let locals: Vec<Vec<(usize, f64)>> = (0..t.len())
            .map(|v| {
                t.local_derivatives(Var(v))
                    .into_iter()
                    .map(|(input, d)| (input.0, d))
                    .collect()
            })
            .collect();
        let got = Array1::from((c.reverse_sweep)(&locals, output.0));
        let simulated = |m| mistaken_sweep(&locals, output.0, m);
        let what = format!(
            "reverse_sweep for {name} ({} nodes, output node {})",
            t.len(),
            output.0
        );
        if got.len() != t.len() {
            return Err(Mismatch {
                what,
                detail: format!(
                    "expected {} gradients, one per node, got {}",
                    t.len(),
                    got.len()
                ),
                hint: Hint::Mistake(GRADIENT_COUNT),
            });
        }
        compare(what, Array1::from(t.backward(output).0), got.clone())
            .known(simulated(Sweep::Overwrite), Hint::Mistake(OVERWRITTEN))
            .known(simulated(Sweep::Forwards), Hint::Mistake(SWEPT_FORWARDS))
            .known(simulated(Sweep::NoSeed), Hint::Mistake(NO_SEED))
            .known(simulated(Sweep::DepthFirst), Hint::Mistake(HANDED_ON_EARLY))
            .known(
                simulated(Sweep::BreadthFirst),
                Hint::Mistake(HANDED_ON_EARLY),
            )
            .known(simulated(Sweep::LocalOnly), Hint::Mistake(UPSTREAM_IGNORED))
            .check()
            .map_err(|m| {
                // The leaves' gradients against differences of the replayed forward pass.
                let leaves: Vec<usize> = (0..t.len())
                    .filter(|&v| t.nodes()[v].op == Operation::Leaf)
                    .collect();
                m.or_gradient_check(&[leaves.len()], || {
                    let values: Array1<f64> = leaves.iter().map(|&v| t.value(Var(v))).collect();
                    let analytic: Array1<f64> = leaves.iter().map(|&v| got[v]).collect();
                    check_gradient(|x| replay(&t, x, output), &values, &analytic)
                })
            })?;
    }
    Ok(())
}

/// 10.3's check: the candidate's VJP against the chapter's `Softplus::vjp`.
fn check_softplus(c: Candidate) -> Result<(), Mismatch> {
    let cases = softplus_cases();
    for (x, g) in &cases {
        let mut op = Softplus;
        let output = op.forward(&[x]);
        let expected = op.vjp(&[x], &output, g, &[true]).remove(0);
        let expected = expected.expect("softplus's VJP, wanted");
        let got = (c.softplus_vjp)(x, g);
        let (low, high) = x.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &v| {
            (lo.min(v), hi.max(v))
        });
        let what = format!(
            "softplus_vjp for X {} (from {} to {})",
            shape(x.shape()),
            num(low),
            num(high)
        );
        compare(what, expected, got)
            .elementwise(x)
            .large_where(x.mapv(|v| v.abs() >= 700.0))
            .known(x.mapv(sigmoid), Hint::Mistake(UPSTREAM_IGNORED))
            .known(softplus(x) * g, Hint::Mistake(SOFTPLUS_ITSELF))
            .known(
                x.mapv(|v| sigmoid(v) * (1.0 - sigmoid(v))) * g,
                Hint::Mistake(SIGMOID_PRIME),
            )
            .check()
            .map_err(|m| {
                // Central differences are accurate for the moderate inputs only.
                let (x, g) = &cases[0];
                let got = (c.softplus_vjp)(x, g);
                m.or_gradient_check(x.shape(), || check_vjp(softplus, x, g, &got))
            })?;
    }
    Ok(())
}
