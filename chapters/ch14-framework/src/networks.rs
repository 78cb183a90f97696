//! The book's two digits networks written in candle: chapter 5's MLP (dense → ReLU → dense)
//! and chapter 6's CNN (3×3 'same' convolution → ReLU → dense), with the book's initial
//! weights copied in through the parameter visitor. Only the forward pass is written; candle
//! records it and runs the backward pass, as chapter 10's tape does.
//!
//! Two conventions differ and are handled here, in the open:
//!
//! - **Weights' layout.** The book's dense layer computes X·W + b with W (in, out); candle's
//!   `Linear` stores its weight (out, in), PyTorch's layout, and computes X·Wᵀ + b. The copy
//!   hands `Linear` the book's W transposed (a view: the gradient flows back to the book's W).
//! - **ReLU′(0).** The book takes ReLU′(0) = 0; candle's ReLU passes the gradient at 0
//!   (its mask is x ≥ 0). Chapter 3's `Relu::with_subgradient_at_zero(1.0)` is candle's.

use candle_core::{DType, Device, Module, Result, Tensor, Var};
use candle_nn::Linear;
use ch03_relu_xor::Mlp;
use ch06_conv_saliency::cnn::{Cnn, SIDE};

use crate::bridge::copy_parameters;

// ANCHOR: mlp
/// Chapter 5's digits network in candle: its parameters are candle variables.
pub struct CandleMlp {
    /// The parameters in the book's visiting order: W₁, b₁, W₂, b₂.
    pub vars: Vec<Var>,
}

impl CandleMlp {
    /// The network with `net`'s weights, in `dtype` on `device`.
    pub fn from_book(net: &mut Mlp, dtype: DType, device: &Device) -> Result<Self> {
        let copied = copy_parameters(net, dtype, device)?;
        check_order(&copied, &["W", "b", "W", "b"]);
        Ok(CandleMlp {
            vars: copied.into_iter().map(|(_, v)| v).collect(),
        })
    }
}

impl Module for CandleMlp {
    /// The logits: (batch, 64) → (batch, 10).
    fn forward(&self, x: &Tensor) -> Result<Tensor> {
        let [w1, b1, w2, b2] = &self.vars[..] else {
            unreachable!("four parameters")
        };
        // candle's Linear holds W as (out, in): the book's W (in, out), transposed.
        let hidden = Linear::new(w1.t()?, Some(b1.as_tensor().clone()));
        let output = Linear::new(w2.t()?, Some(b2.as_tensor().clone()));
        output.forward(&hidden.forward(x)?.relu()?)
    }
}
// ANCHOR_END: mlp

// ANCHOR: cnn
/// Chapter 6's CNN in candle.
pub struct CandleCnn {
    /// K (F, 1, 3, 3), its bias (F,), W (F·64, 10), b (10,).
    pub vars: Vec<Var>,
}

impl CandleCnn {
    pub fn from_book(net: &mut Cnn, dtype: DType, device: &Device) -> Result<Self> {
        let copied = copy_parameters(net, dtype, device)?;
        check_order(&copied, &["K", "b", "W", "b"]);
        Ok(CandleCnn {
            vars: copied.into_iter().map(|(_, v)| v).collect(),
        })
    }
}

impl Module for CandleCnn {
    /// The logits: (batch, 64) → images (batch, 1, 8, 8) → maps (batch, F, 8, 8) → (batch, 10).
    fn forward(&self, x: &Tensor) -> Result<Tensor> {
        let [k, kb, w, b] = &self.vars[..] else {
            unreachable!("four parameters")
        };
        let n = x.dim(0)?;
        let images = x.reshape((n, 1, SIDE, SIDE))?;
        // padding 1, stride 1, dilation 1, groups 1: a 3×3 'same' convolution
        let maps = images
            .conv2d(k, 1, 1, 1, 1)?
            .broadcast_add(&kb.reshape((1, (), 1, 1))?)?;
        let flat = maps.flatten_from(1)?.relu()?; // (batch, F·64)
        Linear::new(w.t()?, Some(b.as_tensor().clone())).forward(&flat)
    }
}
// ANCHOR_END: cnn

/// The parameters arrive in the order the forward pass reads them.
fn check_order(copied: &[(&'static str, Var)], reads: &[&str]) {
    let names: Vec<&str> = copied.iter().map(|(name, _)| *name).collect();
    assert_eq!(
        names, reads,
        "the forward pass reads the parameters in this order"
    );
}

// ANCHOR: loss
/// The mean softmax cross-entropy of `logits` (batch, classes) against class `labels`:
/// candle-nn's `cross_entropy`, the book's `SoftmaxCrossEntropy`.
pub fn cross_entropy(logits: &Tensor, labels: &[usize]) -> Result<Tensor> {
    let labels: Vec<u32> = labels.iter().map(|&y| y as u32).collect();
    let labels = Tensor::new(labels.as_slice(), logits.device())?;
    candle_nn::loss::cross_entropy(logits, &labels)
}
// ANCHOR_END: loss

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bridge::{to_array, to_tensor};
    use ndarray::{Array2, ArrayD};
    use nn_core::gradcheck::check_gradient;
    use nn_core::rng::{rand_distr::Uniform, seeded, RandomExt};

    fn images(n: usize) -> Array2<f64> {
        let u = Uniform::new(0.0, 1.0).expect("a range");
        Array2::random_using((n, 64), u, &mut seeded(1))
    }

    /// candle's own gradients pass the book's gradient check (chapter 2's central differences):
    /// the engine is checked the way every backward pass of the book is. (candle 0.9.1's
    /// kernel gradient failed this check: the reason this chapter pins 0.9.2.)
    // ANCHOR: gradcheck
    #[test]
    fn candle_gradients_pass_the_book_gradient_check() {
        let x = images(3);
        let labels = [2, 7, 7];
        let mut net = Cnn::new(2, &mut seeded(2));
        let model = CandleCnn::from_book(&mut net, DType::F64, &Device::Cpu).unwrap();
        let xt = to_tensor(&x.view().into_dyn(), DType::F64, &Device::Cpu).unwrap();
        let loss = cross_entropy(&model.forward(&xt).unwrap(), &labels).unwrap();
        let grads = loss.backward().unwrap();
        for (i, var) in model.vars.iter().enumerate() {
            let analytic = to_array(grads.get(var).unwrap()).unwrap();
            let start = to_array(var.as_tensor()).unwrap();
            // The loss as a function of this parameter alone, through candle's forward pass.
            let loss_at = |value: &ArrayD<f64>| {
                let probe = to_tensor(&value.view(), DType::F64, &Device::Cpu).unwrap();
                var.set(&probe).unwrap();
                let l = cross_entropy(&model.forward(&xt).unwrap(), &labels).unwrap();
                l.to_scalar::<f64>().unwrap()
            };
            let check = check_gradient(loss_at, &start, &analytic);
            var.set(&to_tensor(&start.view(), DType::F64, &Device::Cpu).unwrap())
                .unwrap();
            assert!(check.passed(), "parameter {i}: {check}");
        }
    }
    // ANCHOR_END: gradcheck
}
