//! Chapter 3's exercises: Dense's forward pass, its backward pass's three products, ReLU's
//! backward pass. Expected values: chapter 3's `Dense` and `Relu` layers.

use ch03_relu_xor::{Dense, Layer, Relu};
use ndarray::{Array1, Array2, Axis};
use nn_core::gradcheck::{check_gradient, check_vjp};

use super::ch01::MISSING_BIAS;
use super::{random, random_vector, with_zeros, Matrix, Vector, SHAPES};
use crate::diagnose::{compare, Hint, Mismatch};
use crate::types::DenseGrads;

exercises! { $ bind_ch03, ch03: 3, "A ReLU network learns XOR";
    "3.1" dense_forward(&Matrix, &Matrix, &Vector) -> Matrix,
        "Dense's forward pass",
        "Y = X·W + b: X (batch, in), W (in, out), b (out,) -> Y (batch, out)",
        check_forward;
    "3.2" dense_backward(&Matrix, &Matrix, &Matrix) -> DenseGrads,
        "Dense's backward pass: three products",
        "from X, W and the upstream gradient G = ∂L/∂Y: ∂L/∂W = Xᵀ·G, ∂L/∂b = G summed over the batch, ∂L/∂X = G·Wᵀ",
        check_backward;
    "3.3" relu_backward(&Matrix, &Matrix) -> Matrix,
        "ReLU's backward pass",
        "∂L/∂X = ReLU′(X) ⊙ G, with ReLU′(x) = 1 for x > 0 and 0 otherwise (also at x = 0)",
        check_relu_backward;
}

/// What this book takes at ReLU's kink.
pub const RELU_AT_ZERO: &str =
    "this book takes ReLU′(0) = 0, as PyTorch does: a unit whose input is exactly 0 passes no gradient (x > 0, not x >= 0)";
/// 3.3 (and 4.2, 10.1, 10.2, 10.3): the local derivative returned alone.
pub const UPSTREAM_IGNORED: &str =
    "that is the local derivative alone: multiply it element by element by the upstream gradient";
/// 3.3: the mask taken from G.
pub const MASK_FROM_G: &str =
    "the mask comes from G: ReLU′ is a function of the layer's input X — pass G where X > 0";
/// 3.2: ∂L/∂b summed along each row.
pub const BIAS_BY_ROWS: &str = "∂L/∂b is summed along each row (Axis(1)): b is added to every sample, so its gradient sums G over the batch, down the columns (Axis(0)) — one number per output";

/// X (batch, in), W (in, out), b (out,) and an upstream gradient G (batch, out).
fn case(k: usize) -> (Array2<f64>, Array2<f64>, Array1<f64>, Array2<f64>) {
    let (batch, inputs, outputs) = SHAPES[k];
    let seed = 300 + 4 * k as u64;
    (
        random((batch, inputs), seed, 1.0),
        random((inputs, outputs), seed + 1, 1.0),
        random_vector(outputs, seed + 2, 1.0),
        random((batch, outputs), seed + 3, 1.0),
    )
}

fn check_forward(c: Candidate) -> Result<(), Mismatch> {
    for k in 0..SHAPES.len() {
        let (x, w, b, _) = case(k);
        compare(
            format!("dense_forward for X {:?}, W {:?}", x.dim(), w.dim()),
            Dense::new(w.clone(), b.clone()).forward(&x),
            (c.dense_forward)(&x, &w, &b),
        )
        .known(x.dot(&w), Hint::Mistake(MISSING_BIAS))
        .per(1, "output")
        .check()?;
    }
    Ok(())
}

fn check_backward(c: Candidate) -> Result<(), Mismatch> {
    for k in 0..SHAPES.len() {
        let (x, w, b, g) = case(k);
        let mut layer = Dense::new(w.clone(), b.clone());
        layer.forward(&x);
        let grad_x = layer.backward(&g);
        let grad_b = layer.grad_b.clone().expect("a layer with bias");
        let got = (c.dense_backward)(&x, &w, &g);
        let shapes = format!("X {:?}, W {:?}, G {:?}", x.dim(), w.dim(), g.dim());
        let (n, inputs) = x.dim();
        let loss = |w: &Array2<f64>, b: &Array1<f64>, x: &Array2<f64>| {
            (Dense::new(w.clone(), b.clone()).forward(x) * &g).sum()
        };
        compare(
            format!("∂L/∂W for {shapes}"),
            layer.grad_w.clone(),
            got.w.clone(),
        )
        .mean_over(n, "samples")
        .or_count(inputs, "inputs")
        .check()
        .map_err(|m| {
            m.or_gradient_check(w.shape(), || {
                check_gradient(|w| loss(w, &b, &x), &w, &got.w)
            })
        })?;
        compare(format!("∂L/∂b for {shapes}"), grad_b, got.b.clone())
            .mean_over(n, "samples")
            .known(g.sum_axis(Axis(1)), Hint::Mistake(BIAS_BY_ROWS))
            .check()
            .map_err(|m| {
                m.or_gradient_check(b.shape(), || {
                    check_gradient(|b| loss(&w, b, &x), &b, &got.b)
                })
            })?;
        compare(format!("∂L/∂X for {shapes}"), grad_x, got.x.clone())
            .mean_over(n, "samples")
            .check()
            .map_err(|m| {
                let f = |x: &Array2<f64>| Dense::new(w.clone(), b.clone()).forward(x);
                m.or_gradient_check(x.shape(), || check_vjp(f, &x, &g, &got.x))
            })?;
    }
    Ok(())
}

fn check_relu_backward(c: Candidate) -> Result<(), Mismatch> {
    // The shapes, then a batch of 200 inputs: a kink moved off 0 shows.
    let shapes = SHAPES.iter().map(|&(batch, width, _)| (batch, width));
    for (k, (batch, width)) in shapes.chain([(20, 10)]).enumerate() {
        let seed = 350 + 2 * k as u64;
        let x = with_zeros(random((batch, width), seed, 1.0));
        let g = random((batch, width), seed + 1, 1.0);
        let mut relu = Relu::default();
        relu.forward(&x);
        compare(
            format!("relu_backward for X {:?} (every third element 0)", x.dim()),
            relu.backward(&g),
            (c.relu_backward)(&x, &g),
        )
        .elementwise(&x)
        .kink_where(x.mapv(|v| v == 0.0), RELU_AT_ZERO)
        .known(
            x.mapv(|v| ch03_relu_xor::relu::relu_prime(v, 0.0)),
            Hint::Mistake(UPSTREAM_IGNORED),
        )
        .known(g.mapv(|v| v.max(0.0)), Hint::Mistake(MASK_FROM_G))
        .check()?;
    }
    Ok(())
}
