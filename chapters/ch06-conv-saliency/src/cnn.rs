//! A small convolutional network for 8×8 digits, from this chapter's convolution and
//! chapter 3's layers: conv (3×3, 'same') → ReLU → dense → softmax.
//!
//! Shapes: pixels (batch, 64) → images (batch, 1, 8, 8) → conv (batch, F, 8, 8) → flattened
//! (batch, F·64) → ReLU → dense (batch, 10). ReLU acts element by element, so applying it
//! after flattening is the same as before.

use ch03_relu_xor::{Dense, Layer, Param, Relu};
use ndarray::{Array1, Array2, Array4};
use nn_core::rng::{rand_distr::Normal, ChaCha8Rng, RandomExt};

use crate::conv::{Conv2d, Padding};

/// The images' side.
pub const SIDE: usize = 8;

// ANCHOR: cnn
#[derive(Clone, Debug)]
pub struct Cnn {
    pub conv: Conv2d,
    pub relu: Relu,
    pub dense: Dense,
}

impl Cnn {
    /// `filters` 3×3 filters and a dense layer to 10 classes, He-initialised.
    pub fn new(filters: usize, rng: &mut ChaCha8Rng) -> Self {
        let he = Normal::new(0.0, (2.0f64 / 9.0).sqrt()).expect("std > 0");
        let kernel = Array4::random_using((filters, 1, 3, 3), he, rng);
        Cnn {
            conv: Conv2d::new(kernel, Array1::zeros(filters), Padding::Same),
            relu: Relu::default(),
            dense: Dense::he(filters * SIDE * SIDE, 10, rng),
        }
    }

    /// Backward from ∂L/∂logits through the dense layer and ReLU: returns ∂L/∂(conv output)
    /// (batch, F, 8, 8) and keeps the dense layer's gradients.
    fn backward_to_maps(&mut self, grad_logits: &Array2<f64>) -> Array4<f64> {
        let n = grad_logits.nrows();
        let filters = self.conv.kernel.dim().0;
        let grad_a = self.dense.backward(grad_logits); // (n, F·64)
        let grad_flat = self.relu.backward(&grad_a);
        grad_flat
            .into_shape_with_order((n, filters, SIDE, SIDE))
            .expect("contiguous")
    }

    /// Only ∂L/∂X (batch, 64), what a saliency map needs: the conv layer's kernel gradient is
    /// skipped.
    pub fn input_gradient(&mut self, grad_logits: &Array2<f64>) -> Array2<f64> {
        let grad_maps = self.backward_to_maps(grad_logits);
        pixels(self.conv.backward_input(&grad_maps))
    }

    /// Class probabilities for a batch.
    pub fn probabilities(&self, x: &Array2<f64>) -> Array2<f64> {
        ch03_relu_xor::softmax(&self.infer(x))
    }

    /// The feature maps (n, F, 8, 8) flattened to rows (n, F·64).
    fn flatten(&self, maps: Array4<f64>) -> Array2<f64> {
        let n = maps.dim().0;
        maps.into_shape_with_order((n, self.conv.kernel.dim().0 * SIDE * SIDE))
            .expect("contiguous")
    }
}

impl Layer for Cnn {
    /// The class scores (logits): (batch, 64) -> (batch, 10).
    fn infer(&self, x: &Array2<f64>) -> Array2<f64> {
        let maps = self.conv.infer(&images(x)); // (n, F, 8, 8)
        self.dense.infer(&self.relu.infer(&self.flatten(maps))) // (n, 10)
    }

    /// The same, each layer keeping what its backward pass needs.
    fn forward(&mut self, x: &Array2<f64>) -> Array2<f64> {
        let maps = self.conv.forward(&images(x)); // (n, F, 8, 8)
        let a = self.relu.forward(&self.flatten(maps));
        self.dense.forward(&a) // (n, 10)
    }

    /// From ∂L/∂logits down to the pixels: returns ∂L/∂X (batch, 64) and keeps every layer's
    /// parameter gradients.
    fn backward(&mut self, grad_logits: &Array2<f64>) -> Array2<f64> {
        let grad_maps = self.backward_to_maps(grad_logits);
        pixels(self.conv.backward(&grad_maps)) // (n, 1, 8, 8) -> (n, 64)
    }

    /// Training: no ∂L/∂X, the pixels are the data.
    fn backward_params(&mut self, grad_logits: &Array2<f64>) {
        let grad_maps = self.backward_to_maps(grad_logits);
        self.conv.backward_params(&grad_maps);
    }

    fn visit_parameters(&mut self, visit: &mut dyn FnMut(Param<'_>)) {
        self.conv.visit_parameters(visit);
        self.dense.visit_parameters(visit);
    }
}

/// (n, 64) rows of pixels as (n, 1, 8, 8) images.
fn images(x: &Array2<f64>) -> Array4<f64> {
    let n = x.nrows();
    x.to_owned()
        .into_shape_with_order((n, 1, SIDE, SIDE))
        .expect("64 pixels a row")
}

/// (n, 1, 8, 8) images as (n, 64) rows of pixels.
fn pixels(images: Array4<f64>) -> Array2<f64> {
    let n = images.dim().0;
    images
        .into_shape_with_order((n, SIDE * SIDE))
        .expect("contiguous")
}
// ANCHOR_END: cnn

#[cfg(test)]
mod tests {
    use super::*;
    use ch03_relu_xor::{evaluate, Loss, SoftmaxCrossEntropy};
    use ndarray::Array1;
    use nn_core::gradcheck::{check_gradient, check_vjp};
    use nn_core::rng::seeded;

    fn images(n: usize, seed: u64) -> Array2<f64> {
        Array2::random_using((n, 64), uniform(), &mut seeded(seed))
    }

    fn uniform() -> nn_core::rng::rand_distr::Uniform<f64> {
        nn_core::rng::rand_distr::Uniform::new(0.0, 1.0).expect("a range")
    }

    #[test]
    fn every_gradient_of_the_network_passes_the_check() {
        let x = images(3, 1);
        let labels = [2, 7, 7];
        let mut net = Cnn::new(2, &mut seeded(2));
        let mut loss = SoftmaxCrossEntropy::default();
        let logits = net.forward(&x);
        loss.forward(&logits, &labels);
        net.backward_params(&loss.backward());
        let loss_with = |edit: &dyn Fn(&mut Cnn)| {
            let mut n = net.clone();
            edit(&mut n);
            evaluate(&n, &mut SoftmaxCrossEntropy::default(), &x, &labels)
        };
        let k = net.conv.kernel.clone();
        let c = check_gradient(
            |k: &Array4<f64>| loss_with(&|n| n.conv.kernel = k.clone()),
            &k,
            &net.conv.grad_kernel,
        );
        assert!(c.passed(), "kernel: {c}");
        let b = net.conv.bias.clone();
        let c = check_gradient(
            |b: &Array1<f64>| loss_with(&|n| n.conv.bias = b.clone()),
            &b,
            &net.conv.grad_bias,
        );
        assert!(c.passed(), "conv bias: {c}");
        // The input gradient of one class score, for an arbitrary upstream vector too.
        let mut upstream = Array2::zeros((3, 10));
        upstream[[0, 4]] = 1.0;
        upstream[[2, 1]] = -0.5;
        let mut probe = net.clone();
        probe.forward(&x);
        let grad_x = probe.backward(&upstream);
        let c = check_vjp(|x| net.infer(x), &x, &upstream, &grad_x);
        assert!(c.passed(), "input: {c}");
    }

    #[test]
    fn the_input_gradient_alone_is_the_full_backward_s() {
        let x = images(4, 5);
        let mut net = Cnn::new(3, &mut seeded(6));
        let upstream = Array2::random_using((4, 10), uniform(), &mut seeded(7));
        net.forward(&x);
        let full = net.backward(&upstream);
        net.forward(&x);
        assert_eq!(net.input_gradient(&upstream), full);
    }
}
