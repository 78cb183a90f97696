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
pub mod isolate;
pub mod types;

pub use diagnose::{Hint, Mismatch};
pub use grade::{Chapter, Exercise, Outcome, Verdict};
pub use types::{
    AdamSettings, AdamState, AttentionGrads, BatchNormGrads, BpttGrads, DenseGrads, LayerNormGrads,
    NodeLocals, RnnStepGrads, RunningStats,
};

/// Every chapter's exercises, bound to the reader's functions in `src/exercises/` (each
/// chapter's binding is its check file's `exercises!` list).
pub fn chapters() -> Vec<Chapter> {
    use checks::*;
    vec![
        ch01::chapter(ch01::yours()),
        ch02::chapter(ch02::yours()),
        ch03::chapter(ch03::yours()),
        ch04::chapter(ch04::yours()),
        ch05::chapter(ch05::yours()),
        ch06::chapter(ch06::yours()),
        ch07::chapter(ch07::yours()),
        ch08::chapter(ch08::yours()),
        ch09::chapter(ch09::yours()),
        ch10::chapter(ch10::yours()),
        ch11::chapter(ch11::yours()),
        ch12::chapter(ch12::yours()),
        ch13::chapter(ch13::yours()),
        ch14::chapter(ch14::yours()),
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
