//! Gradients that add up across backward passes.
//!
//! Every backward pass of this book starts from zero: the tapes' `backward` begins with no
//! gradient at all, and chapter 3's `Dense` writes ∂L/∂W over the last step's
//! (`general_mat_mul` with β = 0). So nothing accumulates from one call to the next, and no
//! `zero_grad` is needed. A framework that keeps a parameter's gradient on the parameter and
//! *adds* each backward pass to it (PyTorch's `.grad`) needs one: run backward twice without
//! zeroing and the gradient doubles. Adding is what one wants for micro-batches — several
//! small backward passes standing in for one large one — and [`GradSum`] is that sum, kept by
//! the caller.
//!
//! For a loss that is a mean over the batch, L = (1/N) Σᵢ ℓᵢ, split into micro-batches Bₖ of
//! sizes nₖ with means Lₖ = (1/nₖ) Σ_{i∈Bₖ} ℓᵢ: L = Σₖ (nₖ/N)·Lₖ, so ∂L/∂θ = Σₖ (nₖ/N)·∂Lₖ/∂θ.
//! Each micro-batch's gradient is added with the weight nₖ/N; without it the sum is too large
//! by the number of micro-batches (for equal sizes).

use crate::tape::Tensor;

// ANCHOR: grad_sum
/// Parameter gradients added up over backward passes, each with a weight.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct GradSum {
    pub sum: Vec<Tensor>,
}

impl GradSum {
    /// Adds `weight` times one backward pass's gradients (the parameters in the same order).
    pub fn add(&mut self, grads: &[Tensor], weight: f64) {
        if self.sum.is_empty() {
            self.sum = grads.iter().map(|g| g * weight).collect();
        } else {
            for (s, g) in self.sum.iter_mut().zip(grads) {
                s.scaled_add(weight, g);
            }
        }
    }

    /// Forgets the sum: what PyTorch's `zero_grad` does before the next step.
    pub fn zero_grad(&mut self) {
        self.sum.clear();
    }
}
// ANCHOR_END: grad_sum

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::arr1;

    #[test]
    fn adding_twice_doubles_and_zero_grad_forgets() {
        let g = [arr1(&[0.1, -3.0]).into_dyn()];
        let mut s = GradSum::default();
        s.add(&g, 1.0);
        s.add(&g, 1.0);
        assert_eq!(s.sum[0], &g[0] * 2.0);
        s.zero_grad();
        s.add(&g, 0.5);
        assert_eq!(s.sum[0], &g[0] * 0.5);
    }
}
