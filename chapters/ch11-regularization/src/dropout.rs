//! Inverted dropout (Srivastava et al., 2014): while training, each unit of each sample is
//! dropped (set to 0) with probability p and kept with probability 1 − p, and the kept ones are
//! scaled by 1/(1 − p):
//!
//! y = x ⊙ m,   mᵢⱼ = 1/(1 − p) with probability 1 − p,   mᵢⱼ = 0 with probability p.
//!
//! E[mᵢⱼ] = (1 − p)·1/(1 − p) = 1, so E[y] = x: on average the layer above sees what it will see
//! at inference, where dropout is the identity. Nothing changes after training — no rescaling,
//! no mode to switch: training calls `forward`, everything else calls `infer`.
//!
//! Backward: for a fixed mask, y is linear in x, ∂yᵢⱼ/∂xᵢⱼ = mᵢⱼ, so
//! ∂L/∂x = ∂L/∂y ⊙ m — with the mask the forward pass drew. A dropped unit did not take part,
//! and gets no gradient.
//!
//! The mask comes from the layer's own seeded generator (ChaCha8), so a run is the same on every
//! machine, and a clone of the layer draws the same masks as the original: that is how the
//! backward pass is checked against finite differences with the mask held fixed. The layer has
//! no parameters; it touches no optimizer and no container.
//!
//! Shapes: (batch, features) -> (batch, features).
//!
//! ```
//! use ndarray::Array2;
//! use ch11_regularization::{Dropout, Layer};
//! let x = Array2::ones((1000, 100));
//! let mut dropout = Dropout::new(0.5, 7);
//! assert_eq!(dropout.infer(&x), x); // inference: the identity
//! let y = dropout.forward(&x); // training: dropped, or kept and scaled by 1/(1 − 0.5)
//! assert!(y.iter().all(|&v| v == 0.0 || v == 2.0));
//! assert!((y.mean().unwrap() - 1.0).abs() < 0.01); // the mean is kept
//! ```

use ch03_relu_xor::Layer;
use ndarray::Array2;
use nn_core::rng::{rand_distr::Bernoulli, seeded, ChaCha8Rng, RandomExt};

// ANCHOR: dropout
/// Inverted dropout with drop probability `p`, its masks drawn from its own generator.
#[derive(Clone, Debug)]
pub struct Dropout {
    /// The probability of dropping a unit: 0 ≤ p < 1.
    pub p: f64,
    rng: ChaCha8Rng,
    /// The last training forward pass's mask: 0 or 1/(1 − p) per element.
    mask: Option<Array2<f64>>,
}

impl Dropout {
    /// Dropout with probability `p`, masks drawn from a generator seeded with `seed`.
    pub fn new(p: f64, seed: u64) -> Self {
        assert!(
            (0.0..1.0).contains(&p),
            "Dropout: p is the probability of dropping a unit, at least 0 and below 1, not {p}"
        );
        Dropout {
            p,
            rng: seeded(seed),
            mask: None,
        }
    }
}

impl Layer for Dropout {
    /// Inference: the identity. The training masks already keep the mean, E[y] = x.
    fn infer(&self, x: &Array2<f64>) -> Array2<f64> {
        x.clone()
    }

    /// Training: y = x ⊙ m with a new mask m, each element 1/(1 − p) with probability 1 − p
    /// and 0 otherwise. (batch, features) -> (batch, features).
    fn forward(&mut self, x: &Array2<f64>) -> Array2<f64> {
        let keep = Bernoulli::new(1.0 - self.p).expect("0 < 1 − p ≤ 1");
        let scale = 1.0 / (1.0 - self.p);
        let mask = Array2::random_using(x.raw_dim(), keep, &mut self.rng).mapv(|kept| {
            if kept {
                scale
            } else {
                0.0
            }
        });
        let y = x * &mask;
        self.mask = Some(mask);
        y
    }

    /// ∂L/∂x = ∂L/∂y ⊙ m, with the mask of the last forward pass (not a new one).
    fn backward(&mut self, grad_output: &Array2<f64>) -> Array2<f64> {
        let mask = self
            .mask
            .as_ref()
            .expect("Dropout::backward called before forward");
        grad_output * mask
    }
}
// ANCHOR_END: dropout

#[cfg(test)]
mod tests {
    use super::*;
    use ch03_relu_xor::{Dense, Relu, Sequential};
    use nn_core::gradcheck::check_vjp;
    use nn_core::rng::rand_distr::StandardNormal;

    fn random(shape: (usize, usize), seed: u64) -> Array2<f64> {
        Array2::random_using(shape, StandardNormal, &mut seeded(seed))
    }

    #[test]
    fn backward_passes_the_gradient_check_with_the_mask_held_fixed() {
        let (x, g) = (random((6, 5), 1), random((6, 5), 2));
        let mut layer = Dropout::new(0.4, 3);
        // A clone draws the same mask as the original: x ↦ fresh.clone().forward(x) is the
        // layer's function for the mask its own forward pass is about to draw.
        let fresh = layer.clone();
        layer.forward(&x);
        let grad = layer.backward(&g);
        let check = check_vjp(|x| fresh.clone().forward(x), &x, &g, &grad);
        assert!(check.passed(), "{check}");
        // Some units were dropped and some kept, so the check saw both.
        assert!(grad.iter().any(|&v| v == 0.0) && grad.iter().any(|&v| v != 0.0));
    }

    #[test]
    fn backward_uses_the_forward_pass_s_mask() {
        let x = random((20, 30), 4).mapv(|v| v.abs() + 0.1); // no zeros of its own
        let mut layer = Dropout::new(0.5, 5);
        let y = layer.forward(&x);
        let grad = layer.backward(&Array2::ones(x.raw_dim()));
        for ((&y, &x), &g) in y.iter().zip(&x).zip(&grad) {
            assert_eq!(g, y / x, "∂y/∂x is the mask: 0, or 1/(1 − p) = 2");
        }
    }

    #[test]
    fn each_forward_pass_draws_a_new_mask_that_drops_about_p() {
        let x = Array2::ones((200, 100));
        let mut layer = Dropout::new(0.3, 6);
        let (a, b) = (layer.forward(&x), layer.forward(&x));
        assert_ne!(a, b);
        for y in [a, b] {
            // 20 000 units, each dropped with probability 0.3: the fraction has standard
            // deviation √(0.3·0.7/20000) ≈ 0.0032; 0.015 is almost 5 of them.
            let dropped = y.iter().filter(|&&v| v == 0.0).count() as f64 / y.len() as f64;
            assert!((dropped - 0.3).abs() < 0.015, "{dropped}");
            // Kept units are scaled by 1/(1 − p), so the mean stays near 1.
            assert!((y.mean().unwrap() - 1.0).abs() < 0.02);
        }
    }

    #[test]
    fn p_zero_is_the_identity_in_training_too() {
        let x = random((4, 3), 7);
        let mut layer = Dropout::new(0.0, 8);
        assert_eq!(layer.forward(&x), x);
        assert_eq!(layer.backward(&x), x);
    }

    #[test]
    fn inference_is_the_identity_and_keeps_nothing() {
        let x = random((4, 3), 9);
        let layer = Dropout::new(0.9, 10);
        assert_eq!(layer.infer(&x), x);
        assert!(layer.mask.is_none());
    }

    #[test]
    fn in_a_network_inference_is_deterministic_and_training_is_not() {
        let mut rng = seeded(11);
        let mut net = Sequential::new()
            .with(Dense::he(4, 16, &mut rng))
            .with(Relu::default())
            .with(Dropout::new(0.5, 12))
            .with(Dense::he(16, 3, &mut rng));
        let x = random((5, 4), 13);
        assert_eq!(net.infer(&x), net.infer(&x)); // no flag was set by hand
        assert_ne!(net.forward(&x), net.forward(&x));
    }

    #[test]
    fn a_linear_layer_after_it_sees_the_scaled_input_on_average() {
        // E[W(h ⊙ m)] = W·E[h ⊙ m] = W·h: averaged over masks, the logits of a dense layer after
        // dropout are those of inference. Each logit's draws have a standard deviation of at
        // most √(Σ w²h²·p/(1 − p)) < 3 here; over 20 000 masks their mean's is below 0.03.
        let mut net = Sequential::new()
            .with(Dropout::new(0.5, 14))
            .with(Dense::he(6, 3, &mut seeded(15)));
        let h = random((1, 6), 16);
        let masks = 20_000;
        let mut sum = Array2::zeros((1, 3));
        for _ in 0..masks {
            sum += &net.forward(&h);
        }
        let difference = (sum / masks as f64 - net.infer(&h)).mapv(f64::abs);
        assert!(difference.iter().all(|&d| d < 0.1), "{difference}");
    }

    #[test]
    #[should_panic(expected = "at least 0 and below 1, not 1")]
    fn p_one_is_refused_with_a_sentence() {
        Dropout::new(1.0, 0);
    }
}
