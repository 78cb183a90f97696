//! Wrong answers to chapter 5's exercises.

use ndarray::{Array2, ArrayView1, Axis};
use practice::checks::ch05::{self, *};
use practice::Hint;

use super::super::answer_ch05 as right;
use super::{gradient_check, variant, with, wrong, WrongAnswer};

/// Softmax with each row shifted by `shift(row)`.
fn shifted(z: &Array2<f64>, shift: impl Fn(ArrayView1<f64>) -> f64) -> Array2<f64> {
    let mut p = z.clone();
    for mut row in p.rows_mut() {
        let s = shift(row.view());
        row.mapv_inplace(|v| (v - s).exp());
        let sum = row.sum();
        row /= sum;
    }
    p
}

/// 5.1 as the formula reads: e^z overflows to ∞ at 1000 (∞/∞ = NaN), and e^(−1000) to 0 (0/0).
pub fn softmax_naive(z: &Array2<f64>) -> Array2<f64> {
    let e = z.mapv(f64::exp);
    let sums = e.sum_axis(Axis(1)).insert_axis(Axis(1));
    e / sums
}

/// 5.1 normalised down the columns (over the batch) instead of along each row.
pub fn softmax_over_columns(z: &Array2<f64>) -> Array2<f64> {
    right::softmax(&z.t().to_owned()).t().to_owned()
}

/// 5.1 shifted by each row's first logit: NaN for the row (−1000, 0, 1).
pub fn softmax_first_logit(z: &Array2<f64>) -> Array2<f64> {
    shifted(z, |row| row[0])
}

/// 5.1 shifted by the largest logit of the whole batch.
pub fn softmax_batch_max(z: &Array2<f64>) -> Array2<f64> {
    let max = z.fold(f64::NEG_INFINITY, |m, &v| m.max(v));
    shifted(z, |_| max)
}

/// 5.2 summed over the batch, not averaged.
pub fn cross_entropy_sum(z: &Array2<f64>, labels: &[usize]) -> f64 {
    right::cross_entropy(z, labels) * labels.len() as f64
}

/// 5.2 as −log of the (stable) softmax: log 0 = −∞ once p_y rounds to 0.
pub fn cross_entropy_of_probabilities(z: &Array2<f64>, labels: &[usize]) -> f64 {
    let p = right::softmax(z);
    let total: f64 = labels
        .iter()
        .enumerate()
        .map(|(i, &y)| -p[[i, y]].ln())
        .sum();
    total / labels.len() as f64
}

/// 5.2 with logsumexp as log Σ eᶻ, unshifted.
pub fn cross_entropy_naive_logsumexp(z: &Array2<f64>, labels: &[usize]) -> f64 {
    let total: f64 = labels
        .iter()
        .enumerate()
        .map(|(i, &y)| z.row(i).mapv(f64::exp).sum().ln() - z[[i, y]])
        .sum();
    total / labels.len() as f64
}

/// 5.2 with logsumexp shifted by the row's first logit.
pub fn cross_entropy_first_logit(z: &Array2<f64>, labels: &[usize]) -> f64 {
    let total: f64 = labels
        .iter()
        .enumerate()
        .map(|(i, &y)| {
            let row = z.row(i);
            row[0] + row.mapv(|v| (v - row[0]).exp()).sum().ln() - row[y]
        })
        .sum();
    total / labels.len() as f64
}

/// 5.2 divided by the number of classes.
pub fn cross_entropy_over_classes(z: &Array2<f64>, labels: &[usize]) -> f64 {
    right::cross_entropy(z, labels) * labels.len() as f64 / z.ncols() as f64
}

/// 5.3 without the 1/n.
pub fn gradient_without_mean(z: &Array2<f64>, labels: &[usize]) -> Array2<f64> {
    right::cross_entropy_gradient(z, labels) * labels.len() as f64
}

/// 5.3 as Y − P.
pub fn gradient_wrong_sign(z: &Array2<f64>, labels: &[usize]) -> Array2<f64> {
    -right::cross_entropy_gradient(z, labels)
}

/// (P − Y)/n from probabilities P.
fn from_probabilities(p: Array2<f64>, labels: &[usize]) -> Array2<f64> {
    let mut grad = p;
    for (i, &y) in labels.iter().enumerate() {
        grad[[i, y]] -= 1.0;
    }
    grad / labels.len() as f64
}

/// 5.3 from the naive softmax: NaN in the rows with large logits.
pub fn gradient_naive(z: &Array2<f64>, labels: &[usize]) -> Array2<f64> {
    from_probabilities(softmax_naive(z), labels)
}

/// 5.3 right, on top of the softmax shifted by the first logit (5.1 wrong).
pub fn gradient_on_first_logit_softmax(z: &Array2<f64>, labels: &[usize]) -> Array2<f64> {
    from_probabilities(softmax_first_logit(z), labels)
}

/// 5.3 divided by the number of classes.
pub fn gradient_over_classes(z: &Array2<f64>, labels: &[usize]) -> Array2<f64> {
    right::cross_entropy_gradient(z, labels) * labels.len() as f64 / z.ncols() as f64
}

/// 5.3 with P alone (the one-hot labels forgotten).
pub fn gradient_without_labels(z: &Array2<f64>, labels: &[usize]) -> Array2<f64> {
    right::softmax(z) / labels.len() as f64
}

/// 5.4 with only the Jacobian's diagonal: pᵢ(1 − pᵢ)·gᵢ.
pub fn softmax_backward_diagonal(p: &Array2<f64>, g: &Array2<f64>) -> Array2<f64> {
    p * &p.mapv(|v| 1.0 - v) * g
}

/// 5.4 with p·g subtracted but not multiplied by p: g − p·g.
pub fn softmax_backward_without_p(p: &Array2<f64>, g: &Array2<f64>) -> Array2<f64> {
    let dot = (p * g).sum_axis(Axis(1)).insert_axis(Axis(1));
    g - &dot
}

/// 5.4 as p ⊙ g: the Jacobian taken as diag(p).
pub fn softmax_backward_p_times_g(p: &Array2<f64>, g: &Array2<f64>) -> Array2<f64> {
    p * g
}

/// 5.4 with the sum of g for p·g.
pub fn softmax_backward_sum_of_g(p: &Array2<f64>, g: &Array2<f64>) -> Array2<f64> {
    let sum = g.sum_axis(Axis(1)).insert_axis(Axis(1));
    p * &(g - &sum)
}

/// 5.1, generated: each row shifted by its K-th logit.
fn softmax_shift_by<const K: usize>(z: &Array2<f64>) -> Array2<f64> {
    shifted(z, |row| row[K.min(row.len() - 1)])
}

/// 5.1, generated: shifted by the row's minimum or mean.
fn softmax_shift_min(z: &Array2<f64>) -> Array2<f64> {
    shifted(z, |row| row.fold(f64::INFINITY, |m, &v| m.min(v)))
}

fn softmax_shift_mean(z: &Array2<f64>) -> Array2<f64> {
    shifted(z, |row| row.mean().unwrap_or(0.0))
}

pub fn wrong_answers() -> Vec<WrongAnswer> {
    let a = practice::bind_ch05!(super::super::answer_ch05);
    let five = ch05::chapter;
    let mut list = vec![
        wrong(
            "5.1",
            "naive eᶻ / Σ eᶻ",
            five(with!(a, softmax = softmax_naive)),
            Hint::Mistake(NAIVE_SOFTMAX),
        ),
        wrong(
            "5.1",
            "normalised over the batch",
            five(with!(a, softmax = softmax_over_columns)),
            Hint::Mistake(OVER_THE_BATCH),
        ),
        wrong(
            "5.1",
            "shifted by the first logit",
            five(with!(a, softmax = softmax_first_logit)),
            Hint::Mistake(SHIFTED_BY_FIRST),
        ),
        wrong(
            "5.1",
            "shifted by the batch's largest logit",
            five(with!(a, softmax = softmax_batch_max)),
            Hint::Mistake(SHIFTED_BY_BATCH_MAX),
        ),
        wrong(
            "5.2",
            "sum, no 1/n",
            five(with!(a, cross_entropy = cross_entropy_sum)),
            Hint::MissingOneOverN { n: 5 },
        ),
        wrong(
            "5.2",
            "−log softmax",
            five(with!(a, cross_entropy = cross_entropy_of_probabilities)),
            Hint::UnstableAtLargeInputs,
        ),
        wrong(
            "5.2",
            "log Σ eᶻ unshifted",
            five(with!(a, cross_entropy = cross_entropy_naive_logsumexp)),
            Hint::UnstableAtLargeInputs,
        ),
        wrong(
            "5.2",
            "logsumexp shifted by the first logit",
            five(with!(a, cross_entropy = cross_entropy_first_logit)),
            Hint::UnstableAtLargeInputs,
        ),
        wrong(
            "5.2",
            "÷ classes, not samples",
            five(with!(a, cross_entropy = cross_entropy_over_classes)),
            Hint::WrongCount {
                used: 3,
                used_name: "classes",
                right: 5,
                right_name: "samples",
            },
        ),
        wrong(
            "5.3",
            "no 1/n",
            five(with!(a, cross_entropy_gradient = gradient_without_mean)),
            Hint::MissingOneOverN { n: 5 },
        ),
        wrong(
            "5.3",
            "Y − P",
            five(with!(a, cross_entropy_gradient = gradient_wrong_sign)),
            Hint::WrongSign,
        ),
        wrong(
            "5.3",
            "from the naive softmax",
            five(with!(a, cross_entropy_gradient = gradient_naive)),
            Hint::Mistake(NAIVE_SOFTMAX),
        ),
        wrong(
            "5.3",
            "(P − Y)/n on a softmax shifted by the first logit",
            five(with!(
                with!(a, softmax = softmax_first_logit),
                cross_entropy_gradient = gradient_on_first_logit_softmax
            )),
            Hint::FixFirst {
                id: "5.1",
                function: "softmax",
            },
        ),
        wrong(
            "5.3",
            "÷ classes",
            five(with!(a, cross_entropy_gradient = gradient_over_classes)),
            Hint::WrongCount {
                used: 3,
                used_name: "classes",
                right: 5,
                right_name: "samples",
            },
        ),
        wrong(
            "5.3",
            "P/n without the labels",
            five(with!(a, cross_entropy_gradient = gradient_without_labels)),
            gradient_check(),
        ),
        wrong(
            "5.4",
            "the Jacobian's diagonal only",
            five(with!(a, softmax_backward = softmax_backward_diagonal)),
            Hint::Mistake(JACOBIAN_DIAGONAL_ONLY),
        ),
        wrong(
            "5.4",
            "g − p·g, not times p",
            five(with!(a, softmax_backward = softmax_backward_without_p)),
            Hint::Mistake(WITHOUT_P),
        ),
        wrong(
            "5.4",
            "p ⊙ g",
            five(with!(a, softmax_backward = softmax_backward_p_times_g)),
            gradient_check(),
        ),
        wrong(
            "5.4",
            "Σ g for p·g",
            five(with!(a, softmax_backward = softmax_backward_sum_of_g)),
            gradient_check(),
        ),
    ];
    type Variant = fn(&Array2<f64>) -> Array2<f64>;
    let shifts: [(&str, Variant); 5] = [
        ("the second logit", softmax_shift_by::<1>),
        ("the third logit", softmax_shift_by::<2>),
        ("the last logit", softmax_shift_by::<4>),
        ("the row's minimum", softmax_shift_min),
        ("the row's mean", softmax_shift_mean),
    ];
    for (by, f) in shifts {
        list.push(variant(
            "5.1",
            format!("shifted by {by}"),
            five(with!(a, softmax = f)),
        ));
    }
    list
}
