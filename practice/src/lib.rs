//! Practice: exercises a program grades, with hints that point at the mistake.
//!
//! The reader fills in `src/exercises/chNN.rs` (stubs that `todo!()`); `cargo run -p practice
//! -- N` grades chapter N against the chapter's own code ([`checks`]), and says for each
//! exercise "passed", "not yet attempted" or "wrong" — with the first element that differs and
//! a hint chosen from what the difference looks like ([`diagnose`]). The reference answers
//! are in `answers/chNN.rs`; the tests grade them, stubs and typical wrong answers through the
//! same checks, so they never read the reader's files.

#![deny(unsafe_code)]

// So that the reader's files and the answers both write `practice::DenseGrads` (and the other
// structs the exercises return).
extern crate self as practice;

pub mod checks;
pub mod diagnose;
pub mod exercises;
pub mod grade;

pub use checks::ch03::DenseGrads;
pub use checks::ch07::{BatchNormGrads, RunningStats};
pub use checks::ch09::{AdamSettings, AdamState};
pub use checks::ch12::{BpttGrads, RnnStepGrads};
pub use diagnose::{Hint, Mismatch};
pub use grade::{Chapter, Exercise, Outcome};

/// Every chapter's exercises, bound to the reader's functions in `src/exercises/`.
pub fn chapters() -> Vec<Chapter> {
    use exercises::{ch01, ch02, ch03, ch04, ch05, ch06, ch07, ch08, ch09, ch10, ch12};
    vec![
        checks::ch01::chapter(checks::ch01::Candidate {
            sigmoid: ch01::sigmoid,
            sigmoid_prime: ch01::sigmoid_prime,
            weighted_sums: ch01::weighted_sums,
        }),
        checks::ch02::chapter(checks::ch02::Candidate {
            cost: ch02::cost,
            cost_gradient: ch02::cost_gradient,
            standardize: ch02::standardize,
        }),
        checks::ch03::chapter(checks::ch03::Candidate {
            dense_forward: ch03::dense_forward,
            dense_backward: ch03::dense_backward,
            relu_backward: ch03::relu_backward,
        }),
        checks::ch04::chapter(checks::ch04::Candidate {
            leaky_relu: ch04::leaky_relu,
            leaky_relu_backward: ch04::leaky_relu_backward,
            dead_units: ch04::dead_units,
        }),
        checks::ch05::chapter(checks::ch05::Candidate {
            softmax: ch05::softmax,
            cross_entropy: ch05::cross_entropy,
            cross_entropy_gradient: ch05::cross_entropy_gradient,
            softmax_backward: ch05::softmax_backward,
        }),
        checks::ch06::chapter(checks::ch06::Candidate {
            conv2d: ch06::conv2d,
            conv2d_input_gradient: ch06::conv2d_input_gradient,
            conv2d_kernel_gradient: ch06::conv2d_kernel_gradient,
        }),
        checks::ch07::chapter(checks::ch07::Candidate {
            batch_norm_forward: ch07::batch_norm_forward,
            batch_norm_backward: ch07::batch_norm_backward,
            running_averages: ch07::running_averages,
            batch_norm_inference: ch07::batch_norm_inference,
        }),
        checks::ch08::chapter(checks::ch08::Candidate {
            xavier_std: ch08::xavier_std,
            he_std: ch08::he_std,
            relu_layer_variance: ch08::relu_layer_variance,
        }),
        checks::ch09::chapter(checks::ch09::Candidate {
            momentum_step: ch09::momentum_step,
            adam_step: ch09::adam_step,
            adamw_step: ch09::adamw_step,
        }),
        checks::ch10::chapter(checks::ch10::Candidate {
            op_backward: ch10::op_backward,
            reverse_sweep: ch10::reverse_sweep,
            softplus_vjp: ch10::softplus_vjp,
        }),
        checks::ch12::chapter(checks::ch12::Candidate {
            rnn_step_backward: ch12::rnn_step_backward,
            bptt: ch12::bptt,
            clip_by_norm: ch12::clip_by_norm,
        }),
    ]
}

/// The chapters that have exercises, as `--help` and the error for another number state
/// them: "1 to 10", or with a gap "1 to 4, 10".
pub fn chapter_range() -> String {
    let numbers: Vec<u32> = chapters().iter().map(|c| c.number).collect();
    ranges(&numbers)
}

/// Increasing numbers as runs: [1, 2, 3, 4, 10] -> "1 to 4, 10".
fn ranges(numbers: &[u32]) -> String {
    let mut runs: Vec<(u32, u32)> = Vec::new();
    for &n in numbers {
        match runs.last_mut() {
            Some((_, last)) if *last + 1 == n => *last = n,
            _ => runs.push((n, n)),
        }
    }
    let runs: Vec<String> = runs
        .iter()
        .map(|&(a, b)| {
            if a == b {
                a.to_string()
            } else {
                format!("{a} to {b}")
            }
        })
        .collect();
    runs.join(", ")
}

#[cfg(test)]
mod tests {
    #[test]
    fn ranges_of_chapters() {
        assert_eq!(super::ranges(&[1, 2, 3, 4, 10]), "1 to 4, 10");
        assert_eq!(super::ranges(&(1..=10).collect::<Vec<_>>()), "1 to 10");
        assert_eq!(super::ranges(&[3, 5, 6]), "3, 5 to 6");
    }

    /// The progress table lists the chapters in this order, and `ranges` reads runs from it.
    #[test]
    fn chapters_are_listed_in_increasing_order() {
        let numbers: Vec<u32> = super::chapters().iter().map(|c| c.number).collect();
        assert!(numbers.windows(2).all(|w| w[0] < w[1]), "{numbers:?}");
    }
}
