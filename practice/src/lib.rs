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
pub use diagnose::{Hint, Mismatch};
pub use grade::{Chapter, Exercise, Outcome};

/// Every chapter's exercises, bound to the reader's functions in `src/exercises/`.
pub fn chapters() -> Vec<Chapter> {
    use exercises::{ch01, ch02, ch03, ch04, ch05, ch06, ch07, ch08, ch09};
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
    ]
}
