//! Early stopping: watch the loss on a validation set — samples carved from the training data,
//! never trained on — after every epoch, and stop when it has not improved for `patience`
//! epochs in a row; then keep the network of the best epoch, not the last.
//!
//! An epoch improves when its validation loss is strictly below the best so far (a tie does
//! not); each improvement starts the count of epochs without one again. A NaN loss (a run that
//! diverged) is no improvement.
//!
//! Why a validation set and not the test set: the epoch is a choice made by looking at a loss,
//! and the lowest of many noisy losses is lower than what the network will do on new data. The
//! test set must stay unseen by every choice, so that its loss is an honest estimate.
//!
//! ```
//! use ch11_regularization::early_stopping::{stop, Stop};
//! // Best after epoch 3 (0.5); epochs 4 and 5 do not improve; patience 2 stops after epoch 5.
//! let losses = [0.9, 0.7, 0.5, 0.6, 0.5, 0.4];
//! assert_eq!(stop(&losses, 2), Stop { best_epoch: 3, stopped_at: 5 });
//! ```

// ANCHOR: early_stopping
/// The rule, fed one validation loss per epoch.
#[derive(Clone, Debug)]
pub struct EarlyStopping {
    /// How many epochs in a row without improvement end training.
    pub patience: usize,
    best: f64,
    best_epoch: usize,
    without_improvement: usize,
}

impl EarlyStopping {
    pub fn new(patience: usize) -> Self {
        EarlyStopping {
            patience,
            best: f64::INFINITY,
            best_epoch: 0,
            without_improvement: 0,
        }
    }

    /// Sees the validation loss after `epoch` (counted from 1). Returns whether this epoch is
    /// the best so far (keep its network), and updates the count that ends training.
    pub fn observe(&mut self, epoch: usize, loss: f64) -> bool {
        if loss < self.best {
            self.best = loss;
            self.best_epoch = epoch;
            self.without_improvement = 0;
            true
        } else {
            self.without_improvement += 1;
            false
        }
    }

    /// Whether `patience` epochs in a row have passed without improvement.
    pub fn should_stop(&self) -> bool {
        self.without_improvement >= self.patience
    }

    /// The best epoch so far (0 before any loss was seen, or if none was finite).
    pub fn best_epoch(&self) -> usize {
        self.best_epoch
    }
}

/// Where the rule stops on a whole curve, and which epoch it keeps.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stop {
    /// The epoch whose network is kept: the lowest validation loss seen (the first, on a tie).
    pub best_epoch: usize,
    /// The epoch after which training stops: `patience` epochs after the last improvement, or
    /// the last epoch.
    pub stopped_at: usize,
}

/// The rule applied to `losses`, the validation loss after epochs 1, 2, ….
pub fn stop(losses: &[f64], patience: usize) -> Stop {
    let mut rule = EarlyStopping::new(patience);
    for (i, &loss) in losses.iter().enumerate() {
        rule.observe(i + 1, loss);
        if rule.should_stop() {
            return Stop {
                best_epoch: rule.best_epoch(),
                stopped_at: i + 1,
            };
        }
    }
    Stop {
        best_epoch: rule.best_epoch(),
        stopped_at: losses.len(),
    }
}
// ANCHOR_END: early_stopping

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tie_is_no_improvement_and_an_improvement_restarts_the_count() {
        // Epoch 2 ties epoch 1's 1.0: no improvement (count 1); epoch 3 improves (count 0);
        // epochs 4, 5, 6 do not: patience 3 stops after epoch 6, keeping epoch 3.
        let losses = [1.0, 1.0, 0.8, 0.9, 0.8, 0.85, 0.1];
        assert_eq!(
            stop(&losses, 3),
            Stop {
                best_epoch: 3,
                stopped_at: 6
            }
        );
        // With patience 4 it reaches epoch 7's 0.1 and runs to the end.
        assert_eq!(
            stop(&losses, 4),
            Stop {
                best_epoch: 7,
                stopped_at: 7
            }
        );
    }

    #[test]
    fn a_falling_curve_runs_to_the_end_and_keeps_the_last() {
        let losses: Vec<f64> = (1..=10).map(|e| 1.0 / e as f64).collect();
        assert_eq!(
            stop(&losses, 1),
            Stop {
                best_epoch: 10,
                stopped_at: 10
            }
        );
    }

    #[test]
    fn nan_is_no_improvement() {
        let losses = [0.5, f64::NAN, f64::NAN];
        assert_eq!(
            stop(&losses, 2),
            Stop {
                best_epoch: 1,
                stopped_at: 3
            }
        );
        assert_eq!(stop(&[f64::NAN], 5).best_epoch, 0);
    }
}
