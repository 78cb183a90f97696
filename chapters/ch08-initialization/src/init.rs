//! Weight initializers: functions that draw a layer's weights W (n_in, n_out) with zero mean.
//!
//! For a dense layer z = Σᵢ wᵢ·xᵢ with n_in independent zero-mean weights, independent of
//! the inputs,
//!
//! Var(z) = n_in · Var(w) · E[x²]   (= n_in · Var(w) · Var(x) when x has zero mean).
//!
//! Keeping Var(z) the same from layer to layer asks for Var(w) = 1/n_in on the way forward
//! (and 1/n_out for the gradients on the way back): Glorot and Bengio's compromise is
//! Var(w) = 2/(n_in + n_out). After a ReLU, E[x²] is half of Var(z) (half the inputs are 0),
//! and He et al.'s Var(w) = 2/n_in makes up for it.
//!
//! ```
//! use ch08_initialization::init::{he, xavier};
//! use nn_core::rng::seeded;
//! let w = he(400, 300, &mut seeded(1));
//! assert_eq!(w.dim(), (400, 300));
//! assert!((w.std(0.0) - (2.0_f64 / 400.0).sqrt()).abs() < 1e-3);
//! let w = xavier(100, 300, &mut seeded(2));
//! assert!((w.std(0.0) - (2.0_f64 / 400.0).sqrt()).abs() < 1e-3);
//! ```

use std::fmt;

use ndarray::Array2;
use nn_core::rng::{rand_distr::Normal, ChaCha8Rng, RandomExt};

// ANCHOR: initializers
/// W (n_in, n_out) with independent N(0, std²) entries.
pub fn normal(n_in: usize, n_out: usize, std: f64, rng: &mut ChaCha8Rng) -> Array2<f64> {
    let normal = Normal::new(0.0, std).expect("a finite, non-negative std");
    Array2::random_using((n_in, n_out), normal, rng)
}

/// The naive choice: N(0, 1), whatever the layer's size.
pub fn naive(n_in: usize, n_out: usize, rng: &mut ChaCha8Rng) -> Array2<f64> {
    normal(n_in, n_out, 1.0, rng)
}

/// "Small random numbers": N(0, 0.01²), whatever the layer's size.
pub fn small(n_in: usize, n_out: usize, rng: &mut ChaCha8Rng) -> Array2<f64> {
    normal(n_in, n_out, 0.01, rng)
}

/// Xavier/Glorot: Var(w) = 2/(n_in + n_out), which is 1/n_in for a square layer.
pub fn xavier(n_in: usize, n_out: usize, rng: &mut ChaCha8Rng) -> Array2<f64> {
    normal(n_in, n_out, (2.0 / (n_in + n_out) as f64).sqrt(), rng)
}

/// He/Kaiming, for a layer whose inputs come out of a ReLU: Var(w) = 2/n_in.
pub fn he(n_in: usize, n_out: usize, rng: &mut ChaCha8Rng) -> Array2<f64> {
    normal(n_in, n_out, (2.0 / n_in as f64).sqrt(), rng)
}
// ANCHOR_END: initializers

/// The four initializers of the chapter, by name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Init {
    Naive,
    Small,
    Xavier,
    He,
}

impl Init {
    pub const ALL: [Init; 4] = [Init::Naive, Init::Small, Init::Xavier, Init::He];

    /// Draws W (n_in, n_out).
    pub fn weights(self, n_in: usize, n_out: usize, rng: &mut ChaCha8Rng) -> Array2<f64> {
        match self {
            Init::Naive => naive(n_in, n_out, rng),
            Init::Small => small(n_in, n_out, rng),
            Init::Xavier => xavier(n_in, n_out, rng),
            Init::He => he(n_in, n_out, rng),
        }
    }

    /// Var(w) for a layer of that size.
    pub fn variance(self, n_in: usize, n_out: usize) -> f64 {
        match self {
            Init::Naive => 1.0,
            Init::Small => 1e-4,
            Init::Xavier => 2.0 / (n_in + n_out) as f64,
            Init::He => 2.0 / n_in as f64,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Init::Naive => "N(0, 1)",
            Init::Small => "N(0, 0.01²)",
            Init::Xavier => "Xavier",
            Init::He => "He",
        }
    }
}

impl fmt::Display for Init {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use nn_core::rng::seeded;

    #[test]
    fn each_initializer_draws_the_variance_it_names() {
        // 200·300 = 60 000 draws: the sample variance is within 2% of the true one
        // (its relative standard error is √(2/60 000) ≈ 0.6%).
        for init in Init::ALL {
            let w = init.weights(200, 300, &mut seeded(3));
            let ratio = w.var(0.0) / init.variance(200, 300);
            assert!((ratio - 1.0).abs() < 0.02, "{init}: ratio {ratio}");
            assert!(w.mean().unwrap().abs() < 0.01 * init.variance(200, 300).sqrt());
        }
    }
}
