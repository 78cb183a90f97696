//! Wrong answers to chapter 10's exercises, and the hint each must get (listed here, not in
//! grader.rs's `wrong_answers()`, so that chapters merge without touching one list).

use ch10_autograd::scalar::Operation;
use ndarray::ArrayD;
use practice::checks::ch03::RELU_AT_ZERO;
use practice::checks::ch10::{self, Candidate};
use practice::Hint;

use super::super::answer_ch10 as right;
use super::super::WrongAnswer;

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

/// Every wrong answer above, in the reference answers' candidate, with its hint.
pub fn wrong_answers() -> Vec<WrongAnswer> {
    let a = super::super::answers_ch10();
    let mistake = |sentence| Hint::Mistake { sentence };
    let case = |id, name, candidate: Candidate, hint| WrongAnswer {
        id,
        name,
        chapter: ch10::chapter(candidate),
        hint,
    };
    let any_gradient_check = Hint::FailsGradientCheck {
        worst: String::new(),
    };
    type OpBackward = fn(Operation, &[f64], f64, f64) -> Vec<f64>;
    type Sweep = fn(&[Vec<(usize, f64)>], usize) -> Vec<f64>;
    type Vjp = fn(&ArrayD<f64>, &ArrayD<f64>) -> ArrayD<f64>;
    // Fields set one by one: `Candidate { f, ..a }` in a closure makes rustc 1.95 panic
    // ("broken MIR") on the fn pointer of ArrayD.
    let op = |f: OpBackward| {
        let mut c = a;
        c.op_backward = f;
        c
    };
    let sweep = |f: Sweep| {
        let mut c = a;
        c.reverse_sweep = f;
        c
    };
    let vjp = |f: Vjp| {
        let mut c = a;
        c.softplus_vjp = f;
        c
    };
    vec![
        case(
            "10.1",
            "local derivatives without the upstream",
            op(op_backward_local_only),
            Hint::UpstreamIgnored,
        ),
        case(
            "10.1",
            "a·b's shares swapped",
            op(op_backward_swapped),
            mistake(ch10::SWAPPED),
        ),
        case(
            "10.1",
            "a − b hands +g to b",
            op(op_backward_sub_plus),
            mistake(ch10::SUB_SIGN),
        ),
        case(
            "10.1",
            "a·a's shares as one",
            op(op_backward_square_once),
            mistake(ch10::SHARE_COUNT),
        ),
        case(
            "10.1",
            "tanh′ = 1 − t",
            op(op_backward_one_minus_tanh),
            mistake(ch10::ONE_MINUS_TANH),
        ),
        case(
            "10.1",
            "σ′ of the input",
            op(op_backward_sigmoid_of_input),
            mistake(ch10::INPUT_FOR_OUTPUT),
        ),
        case(
            "10.1",
            "ReLU′(0) = 1",
            op(op_backward_relu_one_at_zero),
            Hint::OnlyAtKink {
                convention: RELU_AT_ZERO,
            },
        ),
        case(
            "10.1",
            "n·aⁿ",
            op(op_backward_pow_not_lowered),
            any_gradient_check.clone(),
        ),
        case(
            "10.2",
            "= instead of +=",
            sweep(reverse_sweep_overwriting),
            mistake(ch10::OVERWRITTEN),
        ),
        case(
            "10.2",
            "first to last",
            sweep(reverse_sweep_forwards),
            mistake(ch10::SWEPT_FORWARDS),
        ),
        case(
            "10.2",
            "only the nodes up to the output",
            sweep(reverse_sweep_up_to_output),
            mistake(ch10::GRADIENT_COUNT),
        ),
        case(
            "10.2",
            "no ∂E/∂E = 1",
            sweep(reverse_sweep_no_seed),
            mistake(ch10::NO_SEED),
        ),
        case(
            "10.2",
            "local derivatives alone",
            sweep(reverse_sweep_local_only),
            Hint::UpstreamIgnored,
        ),
        case(
            "10.3",
            "σ(X) without G",
            vjp(softplus_vjp_local_only),
            Hint::UpstreamIgnored,
        ),
        case(
            "10.3",
            "softplus(X)·G",
            vjp(softplus_vjp_softplus),
            mistake(ch10::SOFTPLUS_ITSELF),
        ),
        case(
            "10.3",
            "naive eˣ/(1 + eˣ)",
            vjp(softplus_vjp_naive),
            Hint::UnstableAtLargeInputs,
        ),
        case(
            "10.3",
            "σ(1 − σ)·G",
            vjp(softplus_vjp_sigmoid_prime),
            any_gradient_check,
        ),
    ]
}
