//! Chapter 5's exercises: softmax for every finite logit, the mean cross-entropy from logits,
//! its gradient, and softmax's own backward pass through its Jacobian. Expected values:
//! chapter 3's `softmax` and `SoftmaxCrossEntropy` (where softmax is introduced) and chapter
//! 5's `softmax_backward_via_jacobian`.

use ch03_relu_xor::softmax::{softmax, SoftmaxCrossEntropy};
use ch03_relu_xor::Loss;
use ch05_softmax::jacobian::softmax_backward_via_jacobian;
use ndarray::{arr0, array, Array2};
use nn_core::gradcheck::{check_gradient, check_vjp};

use super::random;
use crate::diagnose::{compare, Hint};
use crate::grade::{Chapter, Exercise};

/// The functions a reader writes for chapter 5.
#[derive(Clone, Copy)]
pub struct Candidate {
    pub softmax: fn(&Array2<f64>) -> Array2<f64>,
    pub cross_entropy: fn(&Array2<f64>, &[usize]) -> f64,
    pub cross_entropy_gradient: fn(&Array2<f64>, &[usize]) -> Array2<f64>,
    pub softmax_backward: fn(&Array2<f64>, &Array2<f64>) -> Array2<f64>,
}

/// Logits (batch, classes): non-square (so a softmax over the wrong axis shows), one sample,
/// square.
const SHAPES: [(usize, usize); 3] = [(5, 3), (1, 4), (4, 4)];

/// Moderate logits (standard deviation 3) and labels, from a fixed seed.
fn case(k: usize) -> (Array2<f64>, Vec<usize>) {
    let (batch, classes) = SHAPES[k];
    let z = random((batch, classes), 500 + k as u64, 3.0);
    let labels = (0..batch).map(|i| (i * 2 + k) % classes).collect();
    (z, labels)
}

/// Logits where e^z overflows (±1000, ±800) or p_y underflows to 0 (the label's logit 1000
/// below the largest); every row holds one.
fn large() -> (Array2<f64>, Vec<usize>) {
    let z = array![
        [1000.0, 999.0, 998.0],
        [-1000.0, -1001.0, -999.0],
        [800.0, 0.0, -800.0],
        [1000.0, 0.0, 2.0],
    ];
    (z, vec![0, 2, 1, 1])
}

/// The mean loss the chapter computes.
fn loss(z: &Array2<f64>, labels: &[usize]) -> f64 {
    SoftmaxCrossEntropy::default().forward(z, labels)
}

pub fn chapter(c: Candidate) -> Chapter {
    Chapter {
        number: 5,
        title: "Softmax on real digits",
        file: "practice/src/exercises/ch05.rs",
        exercises: vec![
            Exercise::new(
                "5.1",
                "softmax",
                "softmax for every finite logit",
                "each row pₖ = e^(zₖ) / Σⱼ e^(zⱼ), finite also for logits ±1000: (batch, classes) -> (batch, classes)",
                move || {
                    for k in 0..SHAPES.len() {
                        let (z, _) = case(k);
                        compare(
                            format!("softmax for logits {:?}", z.dim()),
                            softmax(&z),
                            (c.softmax)(&z),
                        )
                        .known(softmax(&z.t().to_owned()).t().to_owned(), Hint::WrongAxis)
                        .check()?;
                    }
                    let (z, _) = large();
                    compare(
                        "softmax for logits (4, 3) with rows like (1000, 999, 998) and (−1000, −1001, −999)",
                        softmax(&z),
                        (c.softmax)(&z),
                    )
                    .large_where(Array2::from_elem(z.raw_dim(), true))
                    .check()
                },
            ),
            Exercise::new(
                "5.2",
                "cross_entropy",
                "the mean cross-entropy from logits",
                "L = (1/n)·Σᵢ [logsumexp(zᵢ) − zᵢ,yᵢ] for logits (batch, classes) and labels (batch,), finite for every finite logit",
                move || {
                    for k in 0..SHAPES.len() {
                        let (z, labels) = case(k);
                        compare(
                            format!("cross_entropy for logits {:?}", z.dim()),
                            arr0(loss(&z, &labels)),
                            arr0((c.cross_entropy)(&z, &labels)),
                        )
                        .mean_over(z.nrows())
                        .check()?;
                    }
                    let (z, labels) = large();
                    compare(
                        "cross_entropy for logits (4, 3) with entries ±1000 and ±800",
                        arr0(loss(&z, &labels)),
                        arr0((c.cross_entropy)(&z, &labels)),
                    )
                    .large_where(arr0(true))
                    .check()
                },
            ),
            Exercise::new(
                "5.3",
                "cross_entropy_gradient",
                "the cross-entropy's gradient with respect to the logits",
                "∂L/∂z = (P − Y)/n, P = softmax(z), Y the one-hot labels: (batch, classes) -> (batch, classes)",
                move || {
                    let (big, big_labels) = large();
                    let cases = (0..SHAPES.len()).map(case).chain([(big, big_labels)]);
                    for (k, (z, labels)) in cases.enumerate() {
                        let mut ce = SoftmaxCrossEntropy::default();
                        ce.forward(&z, &labels);
                        let got = (c.cross_entropy_gradient)(&z, &labels);
                        let mut comparison = compare(
                            format!("cross_entropy_gradient for logits {:?}", z.dim()),
                            ce.backward(),
                            got.clone(),
                        )
                        .mean_over(z.nrows());
                        if k == SHAPES.len() {
                            let all = Array2::from_elem(z.raw_dim(), true);
                            comparison = comparison.large_where(all);
                        }
                        comparison.check().map_err(|m| {
                            m.or_gradient_check(|| check_gradient(|z| loss(z, &labels), &z, &got))
                        })?;
                    }
                    Ok(())
                },
            ),
            Exercise::new(
                "5.4",
                "softmax_backward",
                "softmax's backward pass through its Jacobian",
                "from P = softmax(Z) and G = ∂L/∂P, row by row ∂L/∂z = J·g with J = diag(p) − p pᵀ, that is p ⊙ (g − p·g): (batch, classes) -> (batch, classes)",
                move || {
                    for k in 0..SHAPES.len() {
                        let (z, _) = case(k);
                        let g = random(z.dim(), 550 + k as u64, 1.0);
                        let p = softmax(&z);
                        let got = (c.softmax_backward)(&p, &g);
                        let diagonal = &p * &p.mapv(|p| 1.0 - p) * &g;
                        compare(
                            format!("softmax_backward for P, G {:?}", p.dim()),
                            softmax_backward_via_jacobian(&p, &g),
                            got.clone(),
                        )
                        .known(diagonal, Hint::JacobianDiagonalOnly)
                        .check()
                        .map_err(|m| m.or_gradient_check(|| check_vjp(softmax, &z, &g, &got)))?;
                    }
                    Ok(())
                },
            ),
        ],
    }
}
