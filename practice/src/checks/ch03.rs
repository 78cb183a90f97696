//! Chapter 3's exercises: Dense's forward pass, its backward pass's three products, ReLU's
//! backward pass. Expected values: chapter 3's `Dense` and `Relu` layers.

use ch03_relu_xor::{Dense, Layer, Relu};
use ndarray::{Array1, Array2, Axis};
use nn_core::gradcheck::{check_gradient, check_vjp};

use super::{random, random_vector, with_zeros, Matrix, Vector, SHAPES};
use crate::diagnose::{compare, Hint};
use crate::grade::{Chapter, Exercise};

/// Dense's three gradients, as `dense_backward` returns them.
#[derive(Clone, Debug, PartialEq)]
pub struct DenseGrads {
    /// ∂L/∂W: (in, out)
    pub w: Array2<f64>,
    /// ∂L/∂b: (out,)
    pub b: Array1<f64>,
    /// ∂L/∂X: (batch, in)
    pub x: Array2<f64>,
}

/// The functions a reader writes for chapter 3.
#[derive(Clone, Copy)]
pub struct Candidate {
    pub dense_forward: fn(&Matrix, &Matrix, &Vector) -> Matrix,
    pub dense_backward: fn(&Array2<f64>, &Array2<f64>, &Array2<f64>) -> DenseGrads,
    pub relu_backward: fn(&Array2<f64>, &Array2<f64>) -> Array2<f64>,
}

/// What this book takes at ReLU's kink.
pub const RELU_AT_ZERO: &str =
    "this book takes ReLU′(0) = 0, as PyTorch does: a unit whose input is exactly 0 passes no gradient (x > 0, not x >= 0)";

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

pub fn chapter(c: Candidate) -> Chapter {
    Chapter {
        number: 3,
        title: "A ReLU network learns XOR",
        file: "practice/src/exercises/ch03.rs",
        exercises: vec![
            Exercise::new(
                "3.1",
                "dense_forward",
                "Dense's forward pass",
                "Y = X·W + b: X (batch, in), W (in, out), b (out,) -> Y (batch, out)",
                move || {
                    for k in 0..SHAPES.len() {
                        let (x, w, b, _) = case(k);
                        compare(
                            format!("dense_forward for X {:?}, W {:?}", x.dim(), w.dim()),
                            Dense::new(w.clone(), b.clone()).forward(&x),
                            (c.dense_forward)(&x, &w, &b),
                        )
                        .known(x.dot(&w), Hint::MissingBias)
                        .check()?;
                    }
                    Ok(())
                },
            ),
            Exercise::new(
                "3.2",
                "dense_backward",
                "Dense's backward pass: three products",
                "from X, W and the upstream gradient G = ∂L/∂Y: ∂L/∂W = Xᵀ·G, ∂L/∂b = G summed over the batch, ∂L/∂X = G·Wᵀ",
                move || {
                    for k in 0..SHAPES.len() {
                        let (x, w, b, g) = case(k);
                        let mut layer = Dense::new(w.clone(), b.clone());
                        layer.forward(&x);
                        let grad_x = layer.backward(&g);
                        let grad_b = layer.grad_b.clone().expect("a layer with bias");
                        let got = (c.dense_backward)(&x, &w, &g);
                        let shapes = format!("X {:?}, W {:?}, G {:?}", x.dim(), w.dim(), g.dim());
                        let n = x.nrows();
                        let loss = |w: &Array2<f64>, b: &Array1<f64>, x: &Array2<f64>| {
                            (Dense::new(w.clone(), b.clone()).forward(x) * &g).sum()
                        };
                        compare(format!("∂L/∂W for {shapes}"), layer.grad_w.clone(), got.w.clone())
                            .mean_over(n)
                            .check()
                            .map_err(|m| {
                                m.or_gradient_check(|| check_gradient(|w| loss(w, &b, &x), &w, &got.w))
                            })?;
                        compare(format!("∂L/∂b for {shapes}"), grad_b, got.b.clone())
                            .mean_over(n)
                            .known(g.sum_axis(Axis(1)), Hint::WrongAxis)
                            .check()
                            .map_err(|m| {
                                m.or_gradient_check(|| check_gradient(|b| loss(&w, b, &x), &b, &got.b))
                            })?;
                        compare(format!("∂L/∂X for {shapes}"), grad_x, got.x.clone())
                            .mean_over(n)
                            .check()
                            .map_err(|m| {
                                let f = |x: &Array2<f64>| Dense::new(w.clone(), b.clone()).forward(x);
                                m.or_gradient_check(|| check_vjp(f, &x, &g, &got.x))
                            })?;
                    }
                    Ok(())
                },
            ),
            Exercise::new(
                "3.3",
                "relu_backward",
                "ReLU's backward pass",
                "∂L/∂X = ReLU′(X) ⊙ G, with ReLU′(x) = 1 for x > 0 and 0 otherwise (also at x = 0)",
                move || {
                    for (k, &(batch, width, _)) in SHAPES.iter().enumerate() {
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
                        .known(x.mapv(|v| ch03_relu_xor::relu::relu_prime(v, 0.0)), Hint::UpstreamIgnored)
                        .check()?;
                    }
                    Ok(())
                },
            ),
        ],
    }
}
