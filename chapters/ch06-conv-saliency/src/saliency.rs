//! Gradient saliency maps, and two tests of whether they mean anything.
//!
//! The saliency of pixel j for an image x is |∂s_c/∂x_j|, where s_c is the score (logit) of
//! the predicted class c: how much a small change of that pixel would move the decision. It is
//! one backward pass with the upstream gradient e_c — the vector-Jacobian product of the
//! network's input gradient, what `tf.gradients(output, input, grad_output)` computes.
//!
//! Do the maps mean anything? (1) **Deletion**: zeroing the k most salient pixels should lower
//! the class score more than zeroing k random ones. (2) **Model randomization** (Adebayo et
//! al., 2018): the maps of a trained network should differ from those of the same network with
//! random weights; if they did not, the map would show the image, not the model.

use ndarray::{Array1, Array2};
use nn_core::rng::{ChaCha8Rng, SliceRandom};

use ch03_relu_xor::{argmax, Layer};

use crate::cnn::Cnn;

// ANCHOR: saliency
/// For each image (row of `x`): the predicted class and |∂ score / ∂ pixel| (64 values).
/// A backward pass needs what the forward pass keeps in the layers; `net` stays as it was,
/// so a copy of it runs them.
pub fn saliency(net: &Cnn, x: &Array2<f64>) -> (Vec<usize>, Array2<f64>) {
    let mut net = net.clone();
    let logits = net.forward(x); // (n, 10)
    let classes: Vec<usize> = logits.rows().into_iter().map(argmax).collect();
    let mut upstream = Array2::zeros(logits.raw_dim()); // e_c for each image
    for (i, &c) in classes.iter().enumerate() {
        upstream[[i, c]] = 1.0;
    }
    let grad = net.input_gradient(&upstream); // ∂s_c/∂x: (n, 64)
    (classes, grad.mapv(f64::abs))
}
// ANCHOR_END: saliency

// ANCHOR: deletion
/// The mean drop of the predicted class's score when k pixels of each image are set to 0:
/// the k most salient ones, or k chosen at random. Returns (salient, random).
pub fn deletion(net: &Cnn, x: &Array2<f64>, k: usize, rng: &mut ChaCha8Rng) -> (f64, f64) {
    let (classes, maps) = saliency(net, x);
    let before = net.infer(x);
    let (mut salient, mut random) = (x.clone(), x.clone());
    for i in 0..x.nrows() {
        let mut order: Vec<usize> = (0..x.ncols()).collect();
        order.sort_by(|&a, &b| maps[[i, b]].total_cmp(&maps[[i, a]])); // most salient first
        for &j in &order[..k] {
            salient[[i, j]] = 0.0;
        }
        order.shuffle(rng);
        for &j in &order[..k] {
            random[[i, j]] = 0.0;
        }
    }
    let (after_salient, after_random) = (net.infer(&salient), net.infer(&random));
    let n = x.nrows() as f64;
    let drop = |after: &Array2<f64>| {
        classes
            .iter()
            .enumerate()
            .map(|(i, &c)| before[[i, c]] - after[[i, c]])
            .sum::<f64>()
            / n
    };
    (drop(&after_salient), drop(&after_random))
}
// ANCHOR_END: deletion

/// Ranks 1…n, ties sharing the mean of their ranks.
fn ranks(v: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..v.len()).collect();
    order.sort_by(|&a, &b| v[a].total_cmp(&v[b]));
    let mut r = vec![0.0; v.len()];
    let mut i = 0;
    while i < order.len() {
        let mut j = i;
        while j + 1 < order.len() && v[order[j + 1]] == v[order[i]] {
            j += 1;
        }
        let mean_rank = (i + j) as f64 / 2.0 + 1.0;
        for &k in &order[i..=j] {
            r[k] = mean_rank;
        }
        i = j + 1;
    }
    r
}

/// Spearman's rank correlation: the Pearson correlation of the ranks.
pub fn spearman(a: &[f64], b: &[f64]) -> f64 {
    let (ra, rb) = (Array1::from(ranks(a)), Array1::from(ranks(b)));
    let (ma, mb) = (ra.mean().unwrap_or(0.0), rb.mean().unwrap_or(0.0));
    let (da, db) = (&ra - ma, &rb - mb);
    da.dot(&db) / (da.dot(&da) * db.dot(&db)).sqrt()
}

/// The mean rank correlation between two networks' saliency maps of the same images.
pub fn map_correlation(a: &Cnn, b: &Cnn, x: &Array2<f64>) -> f64 {
    let (_, ma) = saliency(a, x);
    let (_, mb) = saliency(b, x);
    let total: f64 = ma
        .rows()
        .into_iter()
        .zip(mb.rows())
        .map(|(r, s)| spearman(&r.to_vec(), &s.to_vec()))
        .sum();
    total / x.nrows() as f64
}

#[cfg(test)]
mod tests {
    use super::*;
    use nn_core::rng::seeded;

    #[test]
    fn spearman_by_hand() {
        assert_eq!(spearman(&[1.0, 2.0, 3.0], &[10.0, 20.0, 30.0]), 1.0);
        assert_eq!(spearman(&[1.0, 2.0, 3.0], &[3.0, 2.0, 1.0]), -1.0);
        // Ties share ranks: [1, 1, 2] has ranks [1.5, 1.5, 3].
        assert_eq!(ranks(&[1.0, 1.0, 2.0]), [1.5, 1.5, 3.0]);
    }

    #[test]
    fn saliency_is_the_absolute_input_gradient_of_the_class_score() {
        let net = Cnn::new(2, &mut seeded(1));
        let x = Array2::from_shape_fn((1, 64), |(_, j)| (j % 7) as f64 / 7.0);
        let (classes, maps) = saliency(&net, &x);
        // Compare pixel 27 with a central difference of the class score.
        let h = 1e-6;
        let score = |dx: f64| {
            let mut x2 = x.clone();
            x2[[0, 27]] += dx;
            net.infer(&x2)[[0, classes[0]]]
        };
        let numeric = ((score(h) - score(-h)) / (2.0 * h)).abs();
        assert!(
            (maps[[0, 27]] - numeric).abs() < 1e-6 * numeric.max(1.0),
            "{} vs {numeric}",
            maps[[0, 27]]
        );
    }

    #[test]
    fn deleting_nothing_changes_nothing() {
        let net = Cnn::new(2, &mut seeded(1));
        let x = Array2::from_elem((2, 64), 0.5);
        assert_eq!(deletion(&net, &x, 0, &mut seeded(3)), (0.0, 0.0));
    }
}
