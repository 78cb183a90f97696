//! A new operation in one place: softplus(x) = ln(1 + eˣ), element by element.
//!
//! A smooth ReLU: ≈ 0 far below zero, ≈ x far above, and ln 2 at 0. Its derivative is the
//! sigmoid: d/dx ln(1 + eˣ) = eˣ/(1 + eˣ) = σ(x). So the VJP is ∂L/∂X = σ(X) ⊙ ∂L/∂Y.
//!
//! Written as max(x, 0) + ln(1 + e^(−|x|)), it never overflows: e^(−|x|) ≤ 1.
//!
//! That is all a new operation needs — its forward and its VJP. The tape, the backward loop
//! and every network built with it stay as they are; `check_op` tests it.
//!
//! ```
//! use ndarray::{array, ArrayD};
//! use ch10_autograd::{softplus::Softplus, tape::ArrayTape};
//! let mut t = ArrayTape::new();
//! let x = t.param(array![0.0, 1000.0].into_dyn());
//! let y = t.apply(Softplus, &[x]);
//! assert_eq!(t.value(y)[[0]], 2f64.ln());
//! assert_eq!(t.value(y)[[1]], 1000.0); // no overflow
//! ```

use ch01_sigmoid_neuron::sigmoid;

use crate::tape::{Op, Tensor};

// ANCHOR: softplus
/// softplus(x) = ln(1 + eˣ); d/dx = σ(x).
#[derive(Clone, Copy, Debug, Default)]
pub struct Softplus;

impl Op for Softplus {
    fn name(&self) -> String {
        "softplus".into()
    }

    fn forward(&mut self, inputs: &[&Tensor]) -> Tensor {
        inputs[0].mapv(|x| x.max(0.0) + (-x.abs()).exp().ln_1p())
    }

    /// ∂L/∂X = σ(X) ⊙ ∂L/∂Y
    fn vjp(
        &mut self,
        inputs: &[&Tensor],
        _: &Tensor,
        g: &Tensor,
        _: &[bool],
    ) -> Vec<Option<Tensor>> {
        vec![Some(inputs[0].mapv(sigmoid) * g)]
    }
}
// ANCHOR_END: softplus
