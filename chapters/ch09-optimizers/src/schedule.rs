//! A learning-rate schedule: cosine decay, in optax's convention (`cosine_decay_schedule(η₀,
//! decay_steps=T, alpha=0)`), counted in optimizer steps:
//!
//! η_t = ½·η₀·(1 + cos(π·t/T)) for t = 0, 1, …, T − 1, and 0 from t = T on.
//!
//! The first step uses η₀; the rate falls slowly, then fast, then slowly again to 0 at the
//! end. (PyTorch's `CosineAnnealingLR(T_max=T)` is the same curve, counted in calls to its
//! `step()`, usually one per epoch.)
//!
//! One file, and nothing else changes: the training loop owns the step count and hands each
//! step its rate (chapter 3's `Trainer`, field `lr`), so a schedule is a function of the step —
//! chapter 3's [`Schedule`] — as nanoGPT's `lr = get_lr(it)`. No optimizer and no layer knows.
//!
//! ```
//! use ch09_optimizers::{Cosine, Schedule};
//! let schedule = Cosine { base_lr: 0.1, total_steps: 2 };
//! assert_eq!(schedule.lr(0), 0.1); // t = 0: η₀
//! assert!((schedule.lr(1) - 0.05).abs() < 1e-15); // ½·0.1·(1 + cos(π/2))
//! assert_eq!(schedule.lr(2), 0.0);
//! ```

use ch03_relu_xor::Schedule;

// ANCHOR: cosine
/// The rate decayed from η₀ to 0 over `total_steps` steps.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Cosine {
    pub base_lr: f64,
    pub total_steps: usize,
}

impl Schedule for Cosine {
    /// η_t = ½·η₀·(1 + cos(π·t/T)), 0 once t ≥ T.
    fn lr(&self, t: usize) -> f64 {
        if t >= self.total_steps {
            return 0.0;
        }
        let progress = t as f64 / self.total_steps as f64;
        0.5 * self.base_lr * (1.0 + (std::f64::consts::PI * progress).cos())
    }
}
// ANCHOR_END: cosine

#[cfg(test)]
mod tests {
    use super::*;
    use ch03_relu_xor::{Dense, FullBatch, Layer, Sgd, SoftmaxCrossEntropy, Trainer};
    use ndarray::{array, Array1, Array2};

    #[test]
    fn the_rates_by_hand() {
        // T = 4: ½·(1 + cos(π·t/4)) = 1, (1 + √½)/2 = 0.853553…, 0.5, (1 − √½)/2 = 0.146446…, then 0.
        let schedule = Cosine {
            base_lr: 2.0,
            total_steps: 4,
        };
        let half = 0.5_f64.sqrt();
        let want = [2.0, 1.0 + half, 1.0, 1.0 - half, 0.0, 0.0];
        for (t, w) in want.iter().enumerate() {
            assert!((schedule.lr(t) - w).abs() < 1e-15, "t = {t}");
        }
    }

    #[test]
    fn the_training_loop_hands_each_step_its_rate() {
        // One sample x = 0 of class 0, two classes: the logits are the bias b (W multiplies
        // 0), the cross-entropy's gradient for b is p − y, and each step moves b by
        // −η_t·(p − y): the steps show the rates the loop handed to SGD.
        let mut layer = Dense::new(Array2::zeros((1, 2)), Array1::zeros(2));
        let schedule = Cosine {
            base_lr: 1.0,
            total_steps: 2,
        };
        let mut trainer = Trainer {
            loss: SoftmaxCrossEntropy::default(),
            optimizer: Sgd,
            lr: schedule,
            batches: FullBatch,
            epochs: 3,
        };
        let (x, labels) = (array![[0.0]], [0]);
        let mut biases = vec![];
        trainer.fit(&mut layer, &x, &labels[..], |_, _, layer| {
            biases.push(layer.b.clone().unwrap()[0])
        });
        // Step 0 at η = 1: p₀ = ½, so b = (½, −½). Step 1 at η = ½: p₀ = σ(b₀ − b₁) = σ(2b₀),
        // b₀ += ½·(1 − p₀). Step 2 at η = 0: nothing moves.
        let p = |b0: f64| 1.0 / (1.0 + (-2.0 * b0).exp()); // softmax of (b₀, −b₀)
        let after_1 = 0.5;
        let after_2 = after_1 + 0.5 * (1.0 - p(after_1));
        assert!((biases[0] - after_1).abs() < 1e-15, "{biases:?}");
        assert!((biases[1] - after_2).abs() < 1e-15, "{biases:?}");
        assert_eq!(biases[2], biases[1]);
        assert_eq!(layer.infer(&x)[[0, 0]], biases[2]);
    }
}
