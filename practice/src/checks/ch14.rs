//! Chapter 14's exercises: the book's code ported to candle — a dense layer's forward pass,
//! softmax cross-entropy and an SGD step — each graded against the book's own code: the value,
//! and the gradient candle's `backward` computes through the reader's forward pass against the
//! book's hand-written backward pass. Expected values: chapter 3's `Dense`,
//! `SoftmaxCrossEntropy` and `Sgd`.

use ch03_relu_xor::{Dense, Layer, Loss, Optimizer, Param, Sgd, SoftmaxCrossEntropy};
use ch14_framework::bridge::{to_array, to_tensor};
use ch14_framework::candle_core::backprop::GradStore;
use ch14_framework::candle_core::{DType, Device, Result as CandleResult, Tensor, Var};
use ndarray::{Array1, Array2, ArrayD};

use super::ch01::MISSING_BIAS;
use super::{random, random_vector, SHAPES};
use crate::diagnose::{compare, Hint, Mismatch};

exercises! { $ bind_ch14, ch14: 14, "From this book to a framework";
    "14.1" dense_forward(&Tensor, &Tensor, &Tensor) -> CandleResult<Tensor>,
        "a dense layer's forward pass in candle",
        "Y = X·W + b with candle's tensors, in the book's layout: X (batch, in), W (in, out), b (out,); candle's backward must then give the book's ∂L/∂X, ∂L/∂W, ∂L/∂b",
        check_dense;
    "14.2" cross_entropy(&Tensor, &[usize]) -> CandleResult<Tensor>,
        "softmax cross-entropy in candle",
        "the mean over the batch of log Σⱼ exp(zⱼ) − z_y, for logits (batch, classes), safe for large logits; candle's backward must give the book's (P − Y)/n",
        check_cross_entropy;
    "14.3" sgd_step(&[Var], &GradStore, f64) -> CandleResult<()>,
        "an SGD step in candle",
        "θ ← θ − η·g for every variable, its gradient g looked up in the GradStore, written back with Var::set",
        check_sgd;
}

/// 14.1: W handed to candle's `Linear` layout, (out, in).
pub const LINEAR_LAYOUT: &str = "that is X·Wᵀ + b, candle-nn's Linear layout (its weight is (out, in)): the book's W is (in, out), so X·W needs no transpose";
/// 14.1: b added without broadcasting.
pub const NOT_BROADCAST: &str =
    "candle does not broadcast with + : add b (out,) to X·W (batch, out) with broadcast_add";
/// 14.1, 14.2: the forward pass left candle's graph.
pub const LEFT_THE_GRAPH: &str = "the value is right but no gradient reached the input: the forward pass left candle's graph (a copy through to_vec, a new Tensor, detach) — compute it with tensor operations on the inputs themselves";
/// 14.2: the max not subtracted.
pub const MAX_NOT_SUBTRACTED: &str = "right for moderate logits, NaN or ∞ for large ones: exp overflows — subtract each row's max before exp (log-sum-exp), as chapter 2 does";
/// 14.3: θ + η·g.
pub const UPHILL: &str = "the step goes uphill: θ − η·g, minus the gradient";
/// 14.3: the learning rate not used.
pub const RATE_IGNORED: &str = "the learning rate η is not used: the step is η·g, not g";
/// 14.3: nothing written back.
pub const NOT_WRITTEN: &str =
    "the variables did not change: compute θ − η·g and write it back with var.set(&new)";

/// A candle error as a mismatch: what candle said, and the hint for the error it is.
fn refused(what: &str, e: &ch14_framework::candle_core::Error, hint: Hint) -> Mismatch {
    let text = nn_core::cli::shorten(&e.to_string());
    let line = text.lines().next().unwrap_or_default().to_string();
    Mismatch {
        what: what.to_string(),
        detail: format!("candle refused: {line}"),
        hint,
    }
}

fn tensor(a: &ArrayD<f64>) -> Tensor {
    to_tensor(&a.view(), DType::F64, &Device::Cpu).expect("an f64 tensor on the CPU")
}

fn array(t: &Tensor) -> ArrayD<f64> {
    to_array(t).expect("a tensor's values")
}

/// X (batch, in), W (in, out), b (out,) and an upstream gradient G (batch, out).
fn dense_case(k: usize) -> (Array2<f64>, Array2<f64>, Array1<f64>, Array2<f64>) {
    let (batch, inputs, outputs) = SHAPES[k];
    let seed = 1400 + 4 * k as u64;
    (
        random((batch, inputs), seed, 1.0),
        random((inputs, outputs), seed + 1, 1.0),
        random_vector(outputs, seed + 2, 1.0),
        random((batch, outputs), seed + 3, 1.0),
    )
}

fn check_dense(c: Candidate) -> Result<(), Mismatch> {
    for k in 0..SHAPES.len() {
        let (x, w, b, g) = dense_case(k);
        let what = format!("dense_forward for X {:?}, W {:?}", x.dim(), w.dim());
        let vars = [
            x.clone().into_dyn(),
            w.clone().into_dyn(),
            b.clone().into_dyn(),
        ]
        .map(|a| Var::from_tensor(&tensor(&a)).expect("a variable"));
        let y = (c.dense_forward)(&vars[0], &vars[1], &vars[2]).map_err(|e| {
            let text = e.to_string();
            let hint = if text.contains("matmul") {
                Hint::Mistake(LINEAR_LAYOUT)
            } else if text.contains("add") {
                Hint::Mistake(NOT_BROADCAST)
            } else {
                Hint::NoPattern
            };
            refused(&what, &e, hint)
        })?;
        let mut layer = Dense::new(w.clone(), b.clone());
        let mut forward = compare(what.clone(), layer.forward(&x), array(&y))
            .known(x.dot(&w), Hint::Mistake(MISSING_BIAS))
            .per(1, "output");
        if w.is_square() {
            // (Not square, candle refuses X·Wᵀ: the error above.)
            forward = forward.known(x.dot(&w.t()) + &b, Hint::Mistake(LINEAR_LAYOUT));
        }
        forward.check()?;
        // The gradient of L = Σ Y ⊙ G through the candidate's forward pass, by candle.
        let grads = (&y * tensor(&g.clone().into_dyn()))
            .and_then(|l| l.sum_all())
            .and_then(|l| l.backward())
            .map_err(|e| refused(&what, &e, Hint::NoPattern))?;
        let grad_x = layer.backward(&g);
        let expected = [
            ("∂L/∂X", grad_x.into_dyn()),
            ("∂L/∂W", layer.grad_w.clone().into_dyn()),
            ("∂L/∂b", layer.grad_b.clone().expect("a bias").into_dyn()),
        ];
        for ((name, expected), var) in expected.into_iter().zip(&vars) {
            let got = grads.get(var).ok_or_else(|| Mismatch {
                what: format!("{what}: {name} by candle's backward"),
                detail: "no gradient".to_string(),
                hint: Hint::Mistake(LEFT_THE_GRAPH),
            })?;
            compare(
                format!("{what}: {name} by candle's backward, G {:?}", g.dim()),
                expected,
                array(got),
            )
            .check()?;
        }
    }
    Ok(())
}

/// Logits (batch, classes) and labels; case 3 has logits near 1000, where exp overflows (to ∞
/// above about 709).
fn logits_case(k: usize) -> (Array2<f64>, Vec<usize>) {
    let shapes = [(5, 4), (1, 3), (6, 10), (4, 3)];
    let (batch, classes) = shapes[k];
    let shift = if k == 3 { 1000.0 } else { 0.0 };
    let z = random((batch, classes), 1420 + k as u64, 3.0) + shift;
    let labels = (0..batch).map(|i| (3 * i + k) % classes).collect();
    (z, labels)
}

fn check_cross_entropy(c: Candidate) -> Result<(), Mismatch> {
    for k in 0..4 {
        let (z, labels) = logits_case(k);
        let large = k == 3;
        let what = format!(
            "cross_entropy for logits {:?}{}",
            z.dim(),
            if large { " near 1000" } else { "" }
        );
        let var = Var::from_tensor(&tensor(&z.clone().into_dyn())).expect("a variable");
        let loss =
            (c.cross_entropy)(&var, &labels).map_err(|e| refused(&what, &e, Hint::NoPattern))?;
        let value = array(&loss);
        let mut book = SoftmaxCrossEntropy::default();
        let expected = book.forward(&z, &labels);
        let n = labels.len();
        let got_value = value.iter().copied().next().unwrap_or(f64::NAN);
        if value.len() != 1 {
            return Err(Mismatch {
                what: what.clone(),
                detail: format!("a tensor of shape {:?}, not one number", value.shape()),
                hint: Hint::Mistake("the loss is one number: the mean over the batch (mean_all, or sum over classes then mean over samples)"),
            });
        }
        if large && !got_value.is_finite() {
            return Err(Mismatch {
                what,
                detail: format!("expected {expected:.6}, got {got_value}"),
                hint: Hint::Mistake(MAX_NOT_SUBTRACTED),
            });
        }
        compare(
            what.clone(),
            ndarray::arr1(&[expected]),
            ndarray::arr1(&[got_value]),
        )
        .mean_over(n, "samples")
        .check()?;
        let grads = loss
            .backward()
            .map_err(|e| refused(&what, &e, Hint::NoPattern))?;
        let got = grads.get(&var).ok_or_else(|| Mismatch {
            what: format!("{what}: ∂L/∂logits by candle's backward"),
            detail: "no gradient".to_string(),
            hint: Hint::Mistake(LEFT_THE_GRAPH),
        })?;
        compare(
            format!("{what}: ∂L/∂logits by candle's backward"),
            book.backward(),
            array(got),
        )
        .mean_over(n, "samples")
        .check()?;
    }
    Ok(())
}

fn check_sgd(c: Candidate) -> Result<(), Mismatch> {
    for (k, lr) in [0.1, 0.5].into_iter().enumerate() {
        let seed = 1440 + 4 * k as u64;
        let values = [
            random((3, 4), seed, 1.0).into_dyn(),
            random_vector(4, seed + 1, 1.0).into_dyn(),
        ];
        let grads = [
            random((3, 4), seed + 2, 1.0).into_dyn(),
            random_vector(4, seed + 3, 1.0).into_dyn(),
        ];
        let what = format!("sgd_step with η = {lr} on W (3, 4) and b (4,)");
        let vars = values
            .clone()
            .map(|v| Var::from_tensor(&tensor(&v)).expect("a variable"));
        // A loss whose gradient is exactly `grads`: Σᵢ Σ θᵢ ⊙ gᵢ.
        let store = vars
            .iter()
            .zip(&grads)
            .map(|(v, g)| (v.as_tensor() * tensor(g))?.sum_all())
            .collect::<CandleResult<Vec<_>>>()
            .and_then(|terms| Tensor::stack(&terms, 0)?.sum_all()?.backward())
            .expect("a loss of the variables");
        (c.sgd_step)(&vars, &store, lr).map_err(|e| refused(&what, &e, Hint::NoPattern))?;
        for ((var, value), g) in vars.iter().zip(&values).zip(&grads) {
            let mut expected = value.clone();
            Sgd.update(lr, 0, Param::new("θ", &mut expected, g));
            compare(what.clone(), expected, array(var.as_tensor()))
                .known(value + &(g * lr), Hint::Mistake(UPHILL))
                .known(value - g, Hint::Mistake(RATE_IGNORED))
                .known(value.clone(), Hint::Mistake(NOT_WRITTEN))
                .check()?;
        }
    }
    Ok(())
}
