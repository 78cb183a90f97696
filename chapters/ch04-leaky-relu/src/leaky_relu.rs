//! Leaky ReLU: f(x) = max(0, x) + α·min(0, x), α the `negative_slope` (as deep-learning
//! frameworks name it; typically 0.01).
//!
//! f′(x) = 1 for x > 0 and α for x < 0 (at 0 this book takes α, the same convention as
//! chapter 3's ReLU′(0) = 0). With α = 0 it *is* ReLU, bit for bit. With α > 0 a unit whose
//! input is negative still passes back α times the gradient: it keeps learning, slowly.
//!
//! ```
//! use ndarray::array;
//! use ch04_leaky_relu::{Layer, LeakyRelu};
//! let mut layer = LeakyRelu::new(0.1);
//! assert_eq!(layer.forward(&array![[-2.0, 3.0]]), array![[-0.2, 3.0]]);
//! assert_eq!(layer.backward(&array![[1.0, 1.0]]), array![[0.1, 1.0]]);
//! ```

use ch03_relu_xor::Layer;
use ndarray::{Array2, Zip};

// ANCHOR: leaky_relu
/// f(x) = max(0, x) + α·min(0, x). Written this way (not `if x > 0 { x } else { α·x }`) so
/// that α = 0 gives +0.0 for negative x, exactly as `max(0, x)` does, not −0.0.
pub fn leaky_relu(x: f64, negative_slope: f64) -> f64 {
    x.max(0.0) + negative_slope * x.min(0.0)
}

/// f′(x): 1 for x > 0, α otherwise.
pub fn leaky_relu_prime(x: f64, negative_slope: f64) -> f64 {
    if x > 0.0 {
        1.0
    } else {
        negative_slope
    }
}

/// Element-wise leaky ReLU; caches its input for the backward pass.
#[derive(Clone, Debug)]
pub struct LeakyRelu {
    /// α, the slope for negative inputs.
    pub negative_slope: f64,
    input: Option<Array2<f64>>,
}

impl LeakyRelu {
    pub fn new(negative_slope: f64) -> Self {
        LeakyRelu {
            negative_slope,
            input: None,
        }
    }

    /// The input of the last forward pass: the pre-activations.
    pub fn input(&self) -> Option<&Array2<f64>> {
        self.input.as_ref()
    }
}

impl Layer for LeakyRelu {
    /// Y = f(X): (batch, n) -> (batch, n).
    fn infer(&self, x: &Array2<f64>) -> Array2<f64> {
        x.mapv(|v| leaky_relu(v, self.negative_slope))
    }

    /// The same, keeping X for f′(X).
    fn forward(&mut self, x: &Array2<f64>) -> Array2<f64> {
        nn_core::buffer::keep(&mut self.input, x);
        self.infer(x)
    }

    /// ∂L/∂X = f′(X) ⊙ ∂L/∂Y.
    fn backward(&mut self, grad_output: &Array2<f64>) -> Array2<f64> {
        let x = self
            .input
            .as_ref()
            .expect("LeakyRelu::backward called before forward");
        let mut grad = grad_output.clone();
        Zip::from(&mut grad)
            .and(x)
            .for_each(|g, &x| *g *= leaky_relu_prime(x, self.negative_slope));
        grad
    }
}
// ANCHOR_END: leaky_relu

#[cfg(test)]
mod tests {
    use super::*;
    use ch03_relu_xor::Relu;
    use ndarray::array;
    use nn_core::gradcheck::check_vjp;
    use nn_core::rng::{rand_distr::StandardNormal, seeded, RandomExt};

    #[test]
    fn backward_passes_the_gradient_check_away_from_the_kink() {
        for slope in [0.01, 0.1, 0.5] {
            let x = array![[-1.5, 0.3, 2.0], [0.7, -0.2, -3.0]];
            let g = array![[1.0, -2.0, 0.5], [0.25, 4.0, -1.0]];
            let mut layer = LeakyRelu::new(slope);
            layer.forward(&x);
            let f = |x: &Array2<f64>| x.mapv(|v| leaky_relu(v, slope));
            let check = check_vjp(f, &x, &g, &layer.backward(&g));
            assert!(check.passed(), "slope {slope}: {check}");
        }
    }

    #[test]
    fn slope_zero_is_chapter_3_s_relu_bit_for_bit() {
        let mut x: Array2<f64> = Array2::random_using((20, 10), StandardNormal, &mut seeded(1));
        x[[0, 0]] = 0.0;
        x[[0, 1]] = -0.0;
        let g: Array2<f64> = Array2::random_using((20, 10), StandardNormal, &mut seeded(2));
        let (mut leaky, mut relu) = (LeakyRelu::new(0.0), Relu::default());
        let (yl, yr) = (leaky.forward(&x), relu.forward(&x));
        let (gl, gr) = (leaky.backward(&g), relu.backward(&g));
        let bits = |a: &Array2<f64>| a.iter().map(|v| v.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(&yl), bits(&yr));
        assert_eq!(bits(&gl), bits(&gr));
    }

    #[test]
    fn negative_inputs_keep_a_small_gradient() {
        let mut layer = LeakyRelu::new(0.01);
        layer.forward(&array![[-5.0]]);
        assert_eq!(layer.backward(&array![[2.0]]), array![[0.02]]);
    }
}
