//! Softmax's backward pass through its full Jacobian.
//!
//! For one row, p = softmax(z) has the Jacobian ∂pᵢ/∂zⱼ = pᵢ(δᵢⱼ − pⱼ), that is
//! J = diag(p) − p pᵀ, a symmetric (classes × classes) matrix. The backward pass of softmax
//! alone turns an upstream gradient g = ∂L/∂p into ∂L/∂z = Jᵀg = J g (= p ⊙ (g − p·g), which
//! a library computes without forming J).
//!
//! With the cross-entropy L = −log p_y on top, g = −e_y / p_y, and J g collapses to
//! p − e_y: the fused gradient of chapter 3, without ever forming J or dividing by p_y.

use ndarray::{Array2, ArrayView1};

// ANCHOR: jacobian
/// J = diag(p) − p pᵀ for one row of probabilities: (classes,) -> (classes, classes).
pub fn softmax_jacobian(p: ArrayView1<f64>) -> Array2<f64> {
    let n = p.len();
    Array2::from_shape_fn((n, n), |(i, j)| {
        if i == j {
            p[i] * (1.0 - p[i])
        } else {
            -p[i] * p[j]
        }
    })
}

/// ∂L/∂z = J·g row by row, forming each row's Jacobian: (batch, classes) -> (batch, classes).
pub fn softmax_backward_via_jacobian(p: &Array2<f64>, upstream: &Array2<f64>) -> Array2<f64> {
    let mut grad = Array2::zeros(p.raw_dim());
    for ((p_row, g_row), mut out) in p
        .rows()
        .into_iter()
        .zip(upstream.rows())
        .zip(grad.rows_mut())
    {
        out.assign(&softmax_jacobian(p_row).dot(&g_row)); // (classes, classes)·(classes,)
    }
    grad
}
// ANCHOR_END: jacobian

/// The upstream gradient of the mean cross-entropy with respect to the probabilities:
/// ∂L/∂pₖ = −[k = y] / (n·p_y). Infinite when p_y underflows to 0 — one reason to fuse.
pub fn cross_entropy_grad_wrt_probabilities(p: &Array2<f64>, labels: &[usize]) -> Array2<f64> {
    let n = labels.len() as f64;
    let mut g = Array2::zeros(p.raw_dim());
    for (i, &y) in labels.iter().enumerate() {
        g[[i, y]] = -1.0 / (n * p[[i, y]]);
    }
    g
}

/// Whether every row of `p` sums to 1 within `tolerance`.
pub fn rows_sum_to_one(p: &Array2<f64>, tolerance: f64) -> bool {
    p.rows()
        .into_iter()
        .all(|r| (r.sum() - 1.0).abs() <= tolerance)
}

/// The largest absolute entry of a − b.
pub fn max_abs_difference(a: &Array2<f64>, b: &Array2<f64>) -> f64 {
    (a - b).iter().fold(0.0, |m: f64, v| m.max(v.abs()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use ch03_relu_xor::softmax::{softmax, SoftmaxCrossEntropy};
    use ch03_relu_xor::Loss;
    use ndarray::array;
    use nn_core::gradcheck::check_vjp;

    #[test]
    fn jacobian_backward_passes_the_gradient_check() {
        let z = array![[0.3, -1.2, 2.0, 0.1], [1.0, 1.0, -3.0, 0.5]];
        let g = array![[1.0, -0.5, 0.25, 2.0], [0.0, 1.0, -1.0, 0.3]];
        let analytic = softmax_backward_via_jacobian(&softmax(&z), &g);
        let check = check_vjp(softmax, &z, &g, &analytic);
        assert!(check.passed(), "{check}");
    }

    #[test]
    fn jacobian_and_fused_gradients_agree() {
        let z = array![[0.3, -1.2, 2.0], [4.0, 1.0, -3.0]];
        let labels = [1, 0];
        let p = softmax(&z);
        let via_jacobian =
            softmax_backward_via_jacobian(&p, &cross_entropy_grad_wrt_probabilities(&p, &labels));
        let mut ce = SoftmaxCrossEntropy::default();
        ce.forward(&z, &labels);
        assert!(max_abs_difference(&via_jacobian, &ce.backward()) < 1e-15);
    }

    #[test]
    fn the_jacobian_is_symmetric_and_its_rows_sum_to_zero() {
        let j = softmax_jacobian(array![0.2, 0.3, 0.5].view());
        assert_eq!(j, j.t());
        for row in j.rows() {
            assert!(row.sum().abs() < 1e-16); // shifting all logits changes nothing
        }
    }
}
