//! Wrong answers to chapter 10's exercises, and the hint each must get (listed here, not in
//! grader.rs's `wrong_answers()`, so that chapters merge without touching one list).

use ch10_autograd::scalar::Operation;
use ndarray::ArrayD;
use practice::checks::ch03::{RELU_AT_ZERO, UPSTREAM_IGNORED};
use practice::checks::ch10::{self, *};
use practice::{Hint, NodeLocals};

use super::super::answer_ch10 as right;
use super::{gradient_check, variant, with, wrong, WrongAnswer};

/// 10.1 returning the local derivatives alone.
pub fn op_backward_local_only(
    op: Operation,
    inputs: &[f64],
    output: f64,
    _upstream: f64,
) -> Vec<f64> {
    right::op_backward(op, inputs, output, 1.0)
}

/// 10.1 with a·b handing a·g to a and b·g to b.
pub fn op_backward_swapped(op: Operation, inputs: &[f64], output: f64, upstream: f64) -> Vec<f64> {
    match op {
        Operation::Mul(..) => vec![inputs[0] * upstream, inputs[1] * upstream],
        _ => right::op_backward(op, inputs, output, upstream),
    }
}

/// 10.1 with a − b handing +g to b.
pub fn op_backward_sub_plus(op: Operation, inputs: &[f64], output: f64, upstream: f64) -> Vec<f64> {
    match op {
        Operation::Sub(..) => vec![upstream, upstream],
        _ => right::op_backward(op, inputs, output, upstream),
    }
}

/// 10.1 with a·a's two shares as one, 2a·g.
pub fn op_backward_square_once(
    op: Operation,
    inputs: &[f64],
    output: f64,
    upstream: f64,
) -> Vec<f64> {
    match op {
        Operation::Mul(a, b) if a == b => vec![2.0 * inputs[0] * upstream],
        _ => right::op_backward(op, inputs, output, upstream),
    }
}

/// 10.1 with tanh′ = 1 − t.
pub fn op_backward_one_minus_tanh(
    op: Operation,
    inputs: &[f64],
    output: f64,
    upstream: f64,
) -> Vec<f64> {
    match op {
        Operation::Tanh(_) => vec![(1.0 - output) * upstream],
        _ => right::op_backward(op, inputs, output, upstream),
    }
}

/// 10.1 with σ′ = a(1 − a), the input where the output belongs.
pub fn op_backward_sigmoid_of_input(
    op: Operation,
    inputs: &[f64],
    output: f64,
    upstream: f64,
) -> Vec<f64> {
    match op {
        Operation::Sigmoid(_) => vec![inputs[0] * (1.0 - inputs[0]) * upstream],
        _ => right::op_backward(op, inputs, output, upstream),
    }
}

/// 10.1 with ReLU′(0) = 1 (x ≥ 0).
pub fn op_backward_relu_one_at_zero(
    op: Operation,
    inputs: &[f64],
    output: f64,
    upstream: f64,
) -> Vec<f64> {
    match op {
        Operation::Relu(_) => vec![if inputs[0] >= 0.0 { upstream } else { 0.0 }],
        _ => right::op_backward(op, inputs, output, upstream),
    }
}

/// 10.1 with d/da aⁿ = n·aⁿ: the exponent not lowered.
pub fn op_backward_pow_not_lowered(
    op: Operation,
    inputs: &[f64],
    output: f64,
    upstream: f64,
) -> Vec<f64> {
    match op {
        Operation::Pow(_, n) => vec![n * inputs[0].powf(n) * upstream],
        _ => right::op_backward(op, inputs, output, upstream),
    }
}

/// 10.1 with σ′ recomputed from the input as eᵃ/(1 + eᵃ)·(1 − eᵃ/(1 + eᵃ)): NaN at a = 800.
pub fn op_backward_sigmoid_recomputed(
    op: Operation,
    inputs: &[f64],
    output: f64,
    upstream: f64,
) -> Vec<f64> {
    match op {
        Operation::Sigmoid(_) => {
            let s = inputs[0].exp() / (1.0 + inputs[0].exp());
            vec![s * (1.0 - s) * upstream]
        }
        _ => right::op_backward(op, inputs, output, upstream),
    }
}

/// 10.2 with `=` for `+=`: a value used twice keeps only its last share.
pub fn reverse_sweep_overwriting(locals: &[Vec<(usize, f64)>], output: usize) -> Vec<f64> {
    let mut grad = vec![0.0; locals.len()];
    grad[output] = 1.0;
    for v in (0..=output).rev() {
        for &(input, local) in &locals[v] {
            grad[input] = local * grad[v];
        }
    }
    grad
}

/// 10.2 visiting the nodes first to last.
pub fn reverse_sweep_forwards(locals: &[Vec<(usize, f64)>], output: usize) -> Vec<f64> {
    let mut grad = vec![0.0; locals.len()];
    grad[output] = 1.0;
    for v in 0..locals.len() {
        for &(input, local) in &locals[v] {
            grad[input] += local * grad[v];
        }
    }
    grad
}

/// 10.2 returning the gradients of the nodes up to the output only.
pub fn reverse_sweep_up_to_output(locals: &[Vec<(usize, f64)>], output: usize) -> Vec<f64> {
    let mut grad = right::reverse_sweep(locals, output);
    grad.truncate(output + 1);
    grad
}

/// 10.2 without ∂E/∂E = 1.
pub fn reverse_sweep_no_seed(locals: &[Vec<(usize, f64)>], output: usize) -> Vec<f64> {
    let mut grad = vec![0.0; locals.len()];
    for v in (0..=output).rev() {
        for &(input, local) in &locals[v] {
            grad[input] += local * grad[v];
        }
    }
    grad
}

/// 10.2 adding the local derivatives alone, not times the node's gradient.
pub fn reverse_sweep_local_only(locals: &[Vec<(usize, f64)>], output: usize) -> Vec<f64> {
    let mut grad = vec![0.0; locals.len()];
    grad[output] = 1.0;
    for v in (0..=output).rev() {
        for &(input, local) in &locals[v] {
            grad[input] += local;
        }
    }
    grad
}

/// 10.3 returning σ(X), without G.
pub fn softplus_vjp_local_only(x: &ArrayD<f64>, g: &ArrayD<f64>) -> ArrayD<f64> {
    right::softplus_vjp(x, &ArrayD::ones(g.raw_dim()))
}

/// 10.3 multiplying softplus itself by G.
pub fn softplus_vjp_softplus(x: &ArrayD<f64>, g: &ArrayD<f64>) -> ArrayD<f64> {
    x.mapv(|v| (1.0 + v.exp()).ln()) * g
}

/// 10.3 as eˣ/(1 + eˣ): ∞/∞ = NaN from x ≈ 710 on.
pub fn softplus_vjp_naive(x: &ArrayD<f64>, g: &ArrayD<f64>) -> ArrayD<f64> {
    x.mapv(|v| v.exp() / (1.0 + v.exp())) * g
}

/// 10.3 with σ′ = σ(1 − σ) for softplus′ = σ: one derivative too many.
pub fn softplus_vjp_sigmoid_prime(x: &ArrayD<f64>, g: &ArrayD<f64>) -> ArrayD<f64> {
    let s = right::softplus_vjp(x, &ArrayD::ones(g.raw_dim()));
    &s * &(1.0 - &s) * g
}

/// 10.2 depth-first from the output, handing each node on the first time it is reached.
pub fn reverse_sweep_depth_first(locals: &[NodeLocals], output: usize) -> Vec<f64> {
    fn visit(locals: &[NodeLocals], v: usize, grad: &mut [f64], seen: &mut [bool]) {
        for &(input, local) in &locals[v] {
            grad[input] += local * grad[v];
            if !seen[input] {
                seen[input] = true;
                visit(locals, input, grad, seen);
            }
        }
    }
    let mut grad = vec![0.0; locals.len()];
    let mut seen = vec![false; locals.len()];
    grad[output] = 1.0;
    seen[output] = true;
    visit(locals, output, &mut grad, &mut seen);
    grad
}

/// 10.2 with a breadth-first queue from the output.
pub fn reverse_sweep_breadth_first(locals: &[NodeLocals], output: usize) -> Vec<f64> {
    let mut grad = vec![0.0; locals.len()];
    let mut seen = vec![false; locals.len()];
    grad[output] = 1.0;
    seen[output] = true;
    let mut queue = std::collections::VecDeque::from([output]);
    while let Some(v) = queue.pop_front() {
        for &(input, local) in &locals[v] {
            grad[input] += local * grad[v];
            if !seen[input] {
                seen[input] = true;
                queue.push_back(input);
            }
        }
    }
    grad
}

/// 10.2, generated: depth-first with a stack of its own (inputs in reverse order), each node
/// handed on when popped the first time.
fn reverse_sweep_stack(locals: &[NodeLocals], output: usize) -> Vec<f64> {
    let mut grad = vec![0.0; locals.len()];
    let mut done = vec![false; locals.len()];
    grad[output] = 1.0;
    let mut stack = vec![output];
    while let Some(v) = stack.pop() {
        if done[v] {
            continue;
        }
        done[v] = true;
        for &(input, local) in locals[v].iter().rev() {
            grad[input] += local * grad[v];
            stack.push(input);
        }
    }
    grad
}

/// 10.2, generated: the nodes in order of their distance from the output, farthest last.
fn reverse_sweep_by_depth(locals: &[NodeLocals], output: usize) -> Vec<f64> {
    let mut depth = vec![usize::MAX; locals.len()];
    depth[output] = 0;
    for v in (0..=output).rev() {
        if depth[v] == usize::MAX {
            continue;
        }
        for &(input, _) in &locals[v] {
            depth[input] = depth[input].min(depth[v] + 1);
        }
    }
    let mut order: Vec<usize> = (0..locals.len())
        .filter(|&v| depth[v] != usize::MAX)
        .collect();
    order.sort_by_key(|&v| depth[v]);
    let mut grad = vec![0.0; locals.len()];
    grad[output] = 1.0;
    for v in order {
        for &(input, local) in &locals[v] {
            grad[input] += local * grad[v];
        }
    }
    grad
}

/// 10.2, generated: a depth-first post-order (inputs before users), not reversed.
fn reverse_sweep_post_order(locals: &[NodeLocals], output: usize) -> Vec<f64> {
    fn post(locals: &[NodeLocals], v: usize, seen: &mut [bool], order: &mut Vec<usize>) {
        seen[v] = true;
        for &(input, _) in &locals[v] {
            if !seen[input] {
                post(locals, input, seen, order);
            }
        }
        order.push(v);
    }
    let mut order = Vec::new();
    post(locals, output, &mut vec![false; locals.len()], &mut order);
    let mut grad = vec![0.0; locals.len()];
    grad[output] = 1.0;
    for v in order {
        for &(input, local) in &locals[v] {
            grad[input] += local * grad[v];
        }
    }
    grad
}

/// Every wrong answer above, in the reference answers' candidate, with its hint.
pub fn wrong_answers() -> Vec<WrongAnswer> {
    let a = practice::bind_ch10!(super::super::answer_ch10);
    let ten = ch10::chapter;
    type OpBackward = fn(Operation, &[f64], f64, f64) -> Vec<f64>;
    type Sweep = fn(&[NodeLocals], usize) -> Vec<f64>;
    type Vjp = fn(&ArrayD<f64>, &ArrayD<f64>) -> ArrayD<f64>;
    let op = |f: OpBackward| ten(with!(a, op_backward = f));
    let sweep = |f: Sweep| ten(with!(a, reverse_sweep = f));
    let vjp = |f: Vjp| ten(with!(a, softplus_vjp = f));
    let mut list = vec![
        wrong(
            "10.1",
            "local derivatives without the upstream",
            op(op_backward_local_only),
            Hint::Mistake(UPSTREAM_IGNORED),
        ),
        wrong(
            "10.1",
            "a·b's shares swapped",
            op(op_backward_swapped),
            Hint::Mistake(SWAPPED),
        ),
        wrong(
            "10.1",
            "a − b hands +g to b",
            op(op_backward_sub_plus),
            Hint::Mistake(SUB_SIGN),
        ),
        wrong(
            "10.1",
            "a·a's shares as one",
            op(op_backward_square_once),
            Hint::Mistake(SHARE_COUNT),
        ),
        wrong(
            "10.1",
            "tanh′ = 1 − t",
            op(op_backward_one_minus_tanh),
            Hint::Mistake(ONE_MINUS_TANH),
        ),
        wrong(
            "10.1",
            "σ′ of the input",
            op(op_backward_sigmoid_of_input),
            Hint::Mistake(INPUT_FOR_OUTPUT),
        ),
        wrong(
            "10.1",
            "ReLU′(0) = 1",
            op(op_backward_relu_one_at_zero),
            Hint::OnlyAtKink {
                convention: RELU_AT_ZERO,
                nan: false,
            },
        ),
        wrong(
            "10.1",
            "σ′ from a naive σ of the input",
            op(op_backward_sigmoid_recomputed),
            Hint::UnstableAtLargeInputs,
        ),
        wrong(
            "10.1",
            "n·aⁿ",
            op(op_backward_pow_not_lowered),
            gradient_check(),
        ),
        wrong(
            "10.2",
            "= instead of +=",
            sweep(reverse_sweep_overwriting),
            Hint::Mistake(OVERWRITTEN),
        ),
        wrong(
            "10.2",
            "first to last",
            sweep(reverse_sweep_forwards),
            Hint::Mistake(SWEPT_FORWARDS),
        ),
        wrong(
            "10.2",
            "only the nodes up to the output",
            sweep(reverse_sweep_up_to_output),
            Hint::Mistake(GRADIENT_COUNT),
        ),
        wrong(
            "10.2",
            "no ∂E/∂E = 1",
            sweep(reverse_sweep_no_seed),
            Hint::Mistake(NO_SEED),
        ),
        wrong(
            "10.2",
            "local derivatives alone",
            sweep(reverse_sweep_local_only),
            Hint::Mistake(UPSTREAM_IGNORED),
        ),
        wrong(
            "10.2",
            "depth-first, handed on at first visit",
            sweep(reverse_sweep_depth_first),
            Hint::Mistake(HANDED_ON_EARLY),
        ),
        wrong(
            "10.2",
            "a breadth-first queue",
            sweep(reverse_sweep_breadth_first),
            Hint::Mistake(HANDED_ON_EARLY),
        ),
        wrong(
            "10.3",
            "σ(X) without G",
            vjp(softplus_vjp_local_only),
            Hint::Mistake(UPSTREAM_IGNORED),
        ),
        wrong(
            "10.3",
            "softplus(X)·G",
            vjp(softplus_vjp_softplus),
            Hint::Mistake(SOFTPLUS_ITSELF),
        ),
        wrong(
            "10.3",
            "naive eˣ/(1 + eˣ)",
            vjp(softplus_vjp_naive),
            Hint::UnstableAtLargeInputs,
        ),
        wrong(
            "10.3",
            "σ(1 − σ)·G",
            vjp(softplus_vjp_sigmoid_prime),
            Hint::Mistake(SIGMOID_PRIME),
        ),
    ];
    let sweeps: [(&str, Sweep); 3] = [
        ("depth-first with a stack", reverse_sweep_stack),
        ("by distance from the output", reverse_sweep_by_depth),
        (
            "depth-first post-order, not reversed",
            reverse_sweep_post_order,
        ),
    ];
    for (name, f) in sweeps {
        list.push(variant("10.2", name.to_string(), sweep(f)));
    }
    list
}
