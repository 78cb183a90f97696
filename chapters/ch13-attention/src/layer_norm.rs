//! Layer normalization (Ba, Kiros & Hinton, 2016): chapter 7's batch normalization turned on
//! its side.
//!
//! Batch normalization standardizes each *feature* over the samples of a batch: a column of
//! X (n, features). Layer normalization standardizes each *sample* over its features: a row.
//! For one row x of width d:
//! μ = (1/d)·Σ xⱼ, σ² = (1/d)·Σ (xⱼ − μ)², x̂ = (x − μ)/√(σ² + ε), y = γ ⊙ x̂ + β,
//! with γ and β per feature, as in chapter 7.
//!
//! The backward pass is chapter 7's with the axes swapped. Within a row, μ and σ² depend on
//! every xⱼ, which brings in the same two sums, now over the row's d features:
//! ∂L/∂x = (1/(d·√(σ² + ε))) ⊙ (d·g − Σⱼ gⱼ − x̂ ⊙ Σⱼ gⱼx̂ⱼ), with g = γ ⊙ ∂L/∂y;
//! ∂L/∂γ = Σ over the rows of ∂L/∂y ⊙ x̂, ∂L/∂β = Σ over the rows of ∂L/∂y.
//!
//! So this file derives nothing new: x̂ is chapter 7's [`BatchNorm`] (γ = 1, β = 0) applied to
//! Xᵀ — whose "batch" is one row's features — and ∂L/∂x is its backward pass applied to
//! (γ ⊙ ∂L/∂y)ᵀ, transposed back.
//!
//! **What it buys.** The statistics are one sample's own, so there is nothing to average over
//! batches: no running averages, no second mode. [`LayerNorm::infer`] and
//! [`LayerNorm::forward`] compute the same function; a batch of one works; a sample's output
//! does not depend on the others in its batch; and a sequence model normalizes each position
//! on its own, whatever the length. (Chapter 7's batch norm needs all three of those cared for.)

use ch03_relu_xor::{Layer, Param};
use ch07_batch_norm::BatchNorm;
use ndarray::{Array1, Array2, Axis};

// ANCHOR: layer_norm
/// Layer normalization over the features of each row (rows, features).
#[derive(Clone, Debug)]
pub struct LayerNorm {
    pub gamma: Array1<f64>,
    pub beta: Array1<f64>,
    pub grad_gamma: Array1<f64>,
    pub grad_beta: Array1<f64>,
    /// Chapter 7's layer over Xᵀ (its cache is the backward pass's), and x̂.
    cache: Option<(BatchNorm, Array2<f64>)>,
}

impl LayerNorm {
    /// γ = 1, β = 0.
    pub fn new(features: usize) -> Self {
        LayerNorm {
            gamma: Array1::ones(features),
            beta: Array1::zeros(features),
            grad_gamma: Array1::zeros(features),
            grad_beta: Array1::zeros(features),
            cache: None,
        }
    }
}

/// x̂ for every row: chapter 7's batch normalization, in training mode, of Xᵀ.
fn standardized(x: &Array2<f64>) -> (BatchNorm, Array2<f64>) {
    let mut on_its_side = BatchNorm::new(x.nrows()); // γ = 1, β = 0: its output is x̂ᵀ
    let x_hat = on_its_side.forward(&x.t().to_owned()).reversed_axes();
    (on_its_side, x_hat)
}

impl Layer for LayerNorm {
    /// The same as `forward`: one row's statistics are its own.
    fn infer(&self, x: &Array2<f64>) -> Array2<f64> {
        standardized(x).1 * &self.gamma + &self.beta
    }

    fn forward(&mut self, x: &Array2<f64>) -> Array2<f64> {
        let (on_its_side, x_hat) = standardized(x);
        let y = &x_hat * &self.gamma + &self.beta;
        self.cache = Some((on_its_side, x_hat));
        y
    }

    /// Keeps ∂L/∂γ and ∂L/∂β; ∂L/∂x is chapter 7's backward pass on its side.
    fn backward(&mut self, grad_output: &Array2<f64>) -> Array2<f64> {
        let (on_its_side, x_hat) = self
            .cache
            .as_mut()
            .expect("LayerNorm::backward called before forward");
        self.grad_gamma = (grad_output * &*x_hat).sum_axis(Axis(0));
        self.grad_beta = grad_output.sum_axis(Axis(0));
        let g = grad_output * &self.gamma; // ∂L/∂x̂
        on_its_side.backward(&g.reversed_axes()).reversed_axes()
    }

    /// γ, then β.
    fn visit_parameters(&mut self, visit: &mut dyn FnMut(Param<'_>)) {
        visit(Param::new("γ", &mut self.gamma, &self.grad_gamma));
        visit(Param::new("β", &mut self.beta, &self.grad_beta));
    }
}
// ANCHOR_END: layer_norm

#[cfg(test)]
mod tests {
    use super::*;
    use ch12_recurrent::experiment::random;
    use nn_core::gradcheck::check_vjp;

    /// Each row of x̂ has mean 0 and variance 1 (up to ε), whatever the row's scale.
    #[test]
    fn every_row_is_standardized() {
        let x = random((4, 6), 1) * 100.0 + 7.0;
        let y = LayerNorm::new(6).forward(&x);
        for row in y.rows() {
            assert!(row.mean().unwrap().abs() < 1e-12);
            assert!((row.var(0.0) - 1.0).abs() < 1e-8);
        }
    }

    #[test]
    fn backward_passes_the_gradient_check() {
        let x = random((4, 6), 2);
        let g = random((4, 6), 3);
        let mut ln = LayerNorm::new(6);
        ln.gamma = random(6, 4);
        ln.beta = random(6, 5);
        ln.forward(&x);
        let grad_x = ln.backward(&g);
        assert!(check_vjp(|x| ln.infer(x), &x, &g, &grad_x).passed());
    }

    /// "a batch of one works; a sample's output does not depend on the others in its batch"
    #[test]
    fn a_row_alone_gives_what_it_gives_in_a_batch() {
        let x = random((5, 6), 6);
        let mut ln = LayerNorm::new(6);
        let all = ln.forward(&x);
        let one = ln.forward(&x.slice(ndarray::s![2..3, ..]).to_owned());
        assert_eq!(one.row(0), all.row(2));
        assert_eq!(ln.infer(&x), all);
    }
}
