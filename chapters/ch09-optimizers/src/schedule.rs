//! A learning-rate schedule: cosine decay, in optax's convention (`cosine_decay_schedule(η₀,
//! decay_steps=T, alpha=0)`), counted in optimizer steps:
//!
//! η_t = ½·η₀·(1 + cos(π·t/T)) for t = 0, 1, …, T − 1, and 0 from t = T on.
//!
//! The first step uses η₀; the rate falls slowly, then fast, then slowly again to 0 at the
//! end. (PyTorch's `CosineAnnealingLR(T_max=T)` is the same curve, counted in calls to its
//! `step()`, usually one per epoch.)
//!
//! One file: a wrapper that sets the rate of the optimizer inside it before each step. An
//! optimizer step is a walk over the parameters, which starts at index 0. The optimizers
//! need one thing more, a way to set their rate ([`LearningRate`]); no layer and no
//! optimizer's update changes.
//!
//! ```
//! use ndarray::array;
//! use ch03_relu_xor::{Optimizer, Param, Sgd};
//! use ch09_optimizers::schedule::Cosine;
//! let mut optimizer = Cosine::new(Sgd { lr: 0.1 }, 2);
//! let (mut theta, g) = (array![1.0], array![1.0]);
//! optimizer.update(0, Param::new(&mut theta, &g)); // t = 0: η = 0.1
//! optimizer.update(0, Param::new(&mut theta, &g)); // t = 1: η = ½·0.1·(1 + cos(π/2)) = 0.05
//! assert!((theta[0] - 0.85).abs() < 1e-15);
//! ```

use ch03_relu_xor::{Optimizer, Param, Sgd};

use crate::{Adam, AdamW, AnyOptimizer, Momentum, Nesterov, RmsProp};

/// An optimizer whose learning rate can be changed between steps.
pub trait LearningRate {
    fn lr_mut(&mut self) -> &mut f64;
}

// ANCHOR: cosine
/// `inner` with its rate decayed from η₀ (its rate when wrapped) to 0 over `total_steps`.
#[derive(Clone, Debug)]
pub struct Cosine<O> {
    pub inner: O,
    pub base_lr: f64,
    pub total_steps: usize,
    /// Steps taken so far.
    step: usize,
}

impl<O: LearningRate> Cosine<O> {
    pub fn new(mut inner: O, total_steps: usize) -> Self {
        let base_lr = *inner.lr_mut();
        Cosine {
            inner,
            base_lr,
            total_steps,
            step: 0,
        }
    }

    /// η_t = ½·η₀·(1 + cos(π·t/T)), 0 once t ≥ T.
    pub fn lr_at(&self, t: usize) -> f64 {
        if t >= self.total_steps {
            return 0.0;
        }
        let progress = t as f64 / self.total_steps as f64;
        0.5 * self.base_lr * (1.0 + (std::f64::consts::PI * progress).cos())
    }
}

impl<O: Optimizer + LearningRate> Optimizer for Cosine<O> {
    fn update(&mut self, index: usize, param: Param<'_>) {
        if index == 0 {
            // A new step begins: set its rate.
            *self.inner.lr_mut() = self.lr_at(self.step);
            self.step += 1;
        }
        self.inner.update(index, param);
    }
}
// ANCHOR_END: cosine

impl LearningRate for Sgd {
    fn lr_mut(&mut self) -> &mut f64 {
        &mut self.lr
    }
}
impl LearningRate for Momentum {
    fn lr_mut(&mut self) -> &mut f64 {
        &mut self.lr
    }
}
impl LearningRate for Nesterov {
    fn lr_mut(&mut self) -> &mut f64 {
        &mut self.lr
    }
}
impl LearningRate for RmsProp {
    fn lr_mut(&mut self) -> &mut f64 {
        &mut self.lr
    }
}
impl LearningRate for Adam {
    fn lr_mut(&mut self) -> &mut f64 {
        &mut self.lr
    }
}
impl LearningRate for AdamW {
    fn lr_mut(&mut self) -> &mut f64 {
        &mut self.adam.lr
    }
}
impl LearningRate for AnyOptimizer {
    fn lr_mut(&mut self) -> &mut f64 {
        match self {
            AnyOptimizer::Sgd(o) => o.lr_mut(),
            AnyOptimizer::Momentum(o) => o.lr_mut(),
            AnyOptimizer::Nesterov(o) => o.lr_mut(),
            AnyOptimizer::RmsProp(o) => o.lr_mut(),
            AnyOptimizer::Adam(o) => o.lr_mut(),
            AnyOptimizer::AdamW(o) => o.lr_mut(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn the_rates_by_hand() {
        // T = 4: ½·(1 + cos(π·t/4)) = 1, (1 + √½)/2 = 0.853553…, 0.5, (1 − √½)/2 = 0.146446…, then 0.
        let schedule = Cosine::new(Sgd { lr: 2.0 }, 4);
        let half = 0.5_f64.sqrt();
        let want = [2.0, 1.0 + half, 1.0, 1.0 - half, 0.0, 0.0];
        for (t, w) in want.iter().enumerate() {
            assert!((schedule.lr_at(t) - w).abs() < 1e-15, "t = {t}");
        }
    }

    #[test]
    fn one_step_per_walk_over_the_parameters() {
        // Two parameters per step: both use the same rate; the rate changes only at index 0.
        let mut optimizer = Cosine::new(Sgd { lr: 1.0 }, 2);
        let (mut a, mut b) = (array![0.0], array![0.0]);
        for _ in 0..2 {
            optimizer.update(0, Param::new(&mut a, &array![1.0]));
            optimizer.update(1, Param::new(&mut b, &array![1.0]));
        }
        // Steps of 1 and 0.5 for each parameter.
        assert_eq!((a[0], b[0]), (-1.5, -1.5));
    }
}
