//! Chapter 5's exercises: softmax for every finite logit, the mean cross-entropy from logits,
//! its gradient, and softmax's own backward pass through its Jacobian. Expected values:
//! chapter 3's `softmax` and `SoftmaxCrossEntropy` (where softmax is introduced) and chapter
//! 5's `softmax_backward_via_jacobian`.

use ch03_relu_xor::softmax::{softmax, SoftmaxCrossEntropy};
use ch03_relu_xor::Loss;
use ch05_softmax::jacobian::softmax_backward_via_jacobian;
use ndarray::{arr0, array, Array1, Array2, Axis};
use nn_core::gradcheck::{check_gradient, check_vjp};
use nn_core::rng::{seeded, Rng};

use super::random;
use crate::diagnose::{compare, Hint, Mismatch};

exercises! { $ bind_ch05, ch05: 5, "Softmax on real digits";
    "5.1" softmax(&Array2<f64>) -> Array2<f64>,
        "softmax for every finite logit",
        "each row pₖ = e^(zₖ) / Σⱼ e^(zⱼ), finite also for logits ±1000: (batch, classes) -> (batch, classes)",
        check_softmax;
    "5.2" cross_entropy(&Array2<f64>, &[usize]) -> f64,
        "the mean cross-entropy from logits",
        "L = (1/n)·Σᵢ [logsumexp(zᵢ) − zᵢ,yᵢ] for logits (batch, classes) and labels (batch,), finite for every finite logit",
        check_cross_entropy;
    "5.3" cross_entropy_gradient(&Array2<f64>, &[usize]) -> Array2<f64>,
        "the cross-entropy's gradient with respect to the logits",
        "∂L/∂z = (P − Y)/n, P = softmax(z), Y the one-hot labels: (batch, classes) -> (batch, classes)",
        check_gradient_of_loss;
    "5.4" softmax_backward(&Array2<f64>, &Array2<f64>) -> Array2<f64>,
        "softmax's backward pass through its Jacobian",
        "from P = softmax(Z) and G = ∂L/∂P, row by row ∂L/∂z = J·g with J = diag(p) − p pᵀ, that is p ⊙ (g − p·g): (batch, classes) -> (batch, classes)",
        check_softmax_backward;
}

/// 5.1: e^z / Σ e^z as written.
pub const NAIVE_SOFTMAX: &str = "that is e^z / Σ e^z as written: e^1000 overflows to ∞ (∞/∞ = NaN) and e^−1000 underflows to 0 (0/0): subtract each row's largest logit first — the factor e^−max cancels, and every exponent is ≤ 0";
/// 5.1: each row shifted by its first logit.
pub const SHIFTED_BY_FIRST: &str = "each row is shifted by its first logit, not its largest: in a row like (−1000, 0, 1) the others are 1000 above it and e^1001 overflows — subtract the row's maximum, so that every exponent is ≤ 0";
/// 5.1: every row shifted by the batch's largest logit.
pub const SHIFTED_BY_BATCH_MAX: &str = "every row is shifted by the largest logit of the whole batch, not its own: a row far below that (−1000 where another row holds 1000) has every e^(z − max) underflow to 0, and 0/0 = NaN — take each row's own maximum";
/// 5.1: normalised down the columns.
pub const OVER_THE_BATCH: &str = "normalised over the batch (down each column, Axis(0)): each row — one sample's logits — must sum to 1, so normalise along Axis(1)";
/// 5.4: only the Jacobian's diagonal.
pub const JACOBIAN_DIAGONAL_ONLY: &str = "that is only the Jacobian's diagonal pᵢ(1 − pᵢ)·gᵢ: every pⱼ depends on every zᵢ, and the off-diagonal terms −pᵢpⱼ add −pᵢ·Σⱼ pⱼgⱼ — J·g = p ⊙ (g − p·g)";
/// 5.4: g − p·g, not times p.
pub const WITHOUT_P: &str = "that is g − p·g: the Jacobian's rows carry p, J·g = p ⊙ (g − p·g) — multiply by p element by element";

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

/// Large logits, each case a kind of row that some way of writing softmax gets wrong: what
/// the rows are, the logits and labels.
fn large_cases() -> Vec<(&'static str, Array2<f64>, Vec<usize>)> {
    // Each row's largest logit first: e^z overflows (1000) or underflows (−1000) unshifted.
    let max_first = array![
        [1000.0, 999.0, 998.0],
        [-999.0, -1001.0, -1000.0],
        [800.0, 0.0, -800.0],
        [1000.0, 0.0, 2.0],
    ];
    // The first logit far below the row's largest, the rows of one scale.
    let first_low = array![[-1000.0, 0.0, 1.0], [0.0, 1000.0, 3.0], [-5.0, 2.0, 800.0]];
    // Rows of very different scales in one batch.
    let batch = array![
        [1000.0, 999.0, 998.0],
        [-1000.0, -1001.0, -999.0],
        [1.0, 2.0, 0.5]
    ];
    vec![
        ("rows like (1000, 999, 998)", max_first, vec![0, 2, 1, 1]),
        ("rows like (−1000, 0, 1)", first_low, vec![0, 2, 1]),
        (
            "rows (1000, …), (−1000, …), (1, …) in one batch",
            batch,
            vec![1, 2, 0],
        ),
        (
            "24 generated rows around ±2000",
            generated(),
            (0..24).map(|i| i % 5).collect(),
        ),
    ]
}

/// 24 rows of 5 logits: each row around its own centre in ±2000, spread 1, 30 or 800 (so
/// that e^(z − max) underflows for some), its largest logit anywhere.
fn generated() -> Array2<f64> {
    let mut rng = seeded(540);
    let mut z = Array2::zeros((24, 5));
    for (i, mut row) in z.rows_mut().into_iter().enumerate() {
        let centre = rng.random_range(-2000.0..2000.0);
        let spread = [1.0, 30.0, 800.0][i % 3];
        row.mapv_inplace(|_| centre + spread * rng.random_range(-1.0..1.0));
    }
    z
}

/// Softmax with each row shifted by `shift(row)`: the typical mistakes' values.
fn shifted(z: &Array2<f64>, shift: impl Fn(ndarray::ArrayView1<f64>) -> f64) -> Array2<f64> {
    let mut p = z.clone();
    for (mut row, original) in p.rows_mut().into_iter().zip(z.rows()) {
        let s = shift(original);
        row.mapv_inplace(|v| (v - s).exp());
        let sum = row.sum();
        row /= sum;
    }
    p
}

/// The mean loss the chapter computes.
fn loss(z: &Array2<f64>, labels: &[usize]) -> f64 {
    SoftmaxCrossEntropy::default().forward(z, labels)
}

/// (P − Y)/n for probabilities P.
fn minus_one_hot(p: Array2<f64>, labels: &[usize]) -> Array2<f64> {
    let mut grad = p;
    for (i, &y) in labels.iter().enumerate() {
        grad[[i, y]] -= 1.0;
    }
    grad / labels.len() as f64
}

fn check_softmax(c: Candidate) -> Result<(), Mismatch> {
    for k in 0..SHAPES.len() {
        let (z, _) = case(k);
        compare(
            format!("softmax for logits {:?}", z.dim()),
            softmax(&z),
            (c.softmax)(&z),
        )
        .known(
            softmax(&z.t().to_owned()).t().to_owned(),
            Hint::Mistake(OVER_THE_BATCH),
        )
        .check()?;
    }
    let batch_max = |z: &Array2<f64>| z.fold(f64::NEG_INFINITY, |m, &v| m.max(v));
    for (rows, z, _) in large_cases() {
        compare(
            format!("softmax for logits {:?}, {rows}", z.dim()),
            softmax(&z),
            (c.softmax)(&z),
        )
        .known(shifted(&z, |_| 0.0), Hint::Mistake(NAIVE_SOFTMAX))
        .known(shifted(&z, |row| row[0]), Hint::Mistake(SHIFTED_BY_FIRST))
        .known(
            shifted(&z, |_| batch_max(&z)),
            Hint::Mistake(SHIFTED_BY_BATCH_MAX),
        )
        .large_where(Array2::from_elem(z.raw_dim(), true))
        .check()?;
    }
    Ok(())
}

fn check_cross_entropy(c: Candidate) -> Result<(), Mismatch> {
    for k in 0..SHAPES.len() {
        let (z, labels) = case(k);
        compare(
            format!("cross_entropy for logits {:?}", z.dim()),
            arr0(loss(&z, &labels)),
            arr0((c.cross_entropy)(&z, &labels)),
        )
        .mean_over(z.nrows(), "samples")
        .or_count(z.ncols(), "classes")
        .check()?;
    }
    for (rows, z, labels) in large_cases() {
        // Each row's loss, so that the first wrong one is named.
        let per_row: Array1<f64> = (0..z.nrows())
            .map(|i| loss(&z.slice(ndarray::s![i..=i, ..]).to_owned(), &labels[i..=i]))
            .collect();
        let got: Array1<f64> = (0..z.nrows())
            .map(|i| (c.cross_entropy)(&z.slice(ndarray::s![i..=i, ..]).to_owned(), &labels[i..=i]))
            .collect();
        compare(
            format!(
                "cross_entropy for each row alone of logits {:?}, {rows}",
                z.dim()
            ),
            per_row,
            got,
        )
        .large_where(Array1::from_elem(z.nrows(), true))
        .check()?;
        compare(
            format!("cross_entropy for logits {:?}, {rows}", z.dim()),
            arr0(loss(&z, &labels)),
            arr0((c.cross_entropy)(&z, &labels)),
        )
        .mean_over(z.nrows(), "samples")
        .or_count(z.ncols(), "classes")
        .check()?;
    }
    Ok(())
}

fn check_gradient_of_loss(c: Candidate) -> Result<(), Mismatch> {
    let large = large_cases()
        .into_iter()
        .map(|(rows, z, l)| (Some(rows), z, l));
    let moderate = (0..SHAPES.len()).map(case).map(|(z, l)| (None, z, l));
    for (rows, z, labels) in moderate.chain(large) {
        let mut ce = SoftmaxCrossEntropy::default();
        ce.forward(&z, &labels);
        let got = (c.cross_entropy_gradient)(&z, &labels);
        let what = match rows {
            Some(rows) => format!("cross_entropy_gradient for logits {:?}, {rows}", z.dim()),
            None => format!("cross_entropy_gradient for logits {:?}", z.dim()),
        };
        let mut comparison = compare(what, ce.backward(), got.clone())
            .mean_over(z.nrows(), "samples")
            .or_count(z.ncols(), "classes")
            .fix_first("5.1", "softmax", || minus_one_hot((c.softmax)(&z), &labels))
            .per(1, "class");
        if rows.is_some() {
            comparison = comparison
                .known(
                    minus_one_hot(shifted(&z, |_| 0.0), &labels),
                    Hint::Mistake(NAIVE_SOFTMAX),
                )
                .large_where(Array2::from_elem(z.raw_dim(), true));
        }
        comparison.check().map_err(|m| {
            m.or_gradient_check(z.shape(), || check_gradient(|z| loss(z, &labels), &z, &got))
        })?;
    }
    Ok(())
}

fn check_softmax_backward(c: Candidate) -> Result<(), Mismatch> {
    for k in 0..SHAPES.len() {
        let (z, _) = case(k);
        let g = random(z.dim(), 550 + k as u64, 1.0);
        let p = softmax(&z);
        let got = (c.softmax_backward)(&p, &g);
        let diagonal = &p * &p.mapv(|p| 1.0 - p) * &g;
        let dot = (&p * &g).sum_axis(Axis(1)).insert_axis(Axis(1));
        compare(
            format!("softmax_backward for P, G {:?}", p.dim()),
            softmax_backward_via_jacobian(&p, &g),
            got.clone(),
        )
        .known(diagonal, Hint::Mistake(JACOBIAN_DIAGONAL_ONLY))
        .known(&g - &dot, Hint::Mistake(WITHOUT_P))
        .check()
        .map_err(|m| m.or_gradient_check(z.shape(), || check_vjp(softmax, &z, &g, &got)))?;
    }
    Ok(())
}
