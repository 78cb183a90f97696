//! Wrong answers, many per exercise: the typical mistakes of the algorithm (each with the hint
//! the grader must give, in the chapter's file's `wrong_answers()`), and generated variants of
//! them (only "wrong" is asserted for those). Every one must be graded "wrong".

use practice::{Chapter, Hint};

pub mod ch01;
pub mod ch02;
pub mod ch03;
pub mod ch04;
pub mod ch05;
pub mod ch06;
pub mod ch07;
pub mod ch08;
pub mod ch09;
pub mod ch10;
pub mod ch11;
pub mod ch12;
pub mod ch13;
pub mod ch14;

/// A wrong answer: which exercise, the candidate with it, and the hint it must get (`None`
/// for a generated variant: it must be wrong, whatever the hint).
pub struct WrongAnswer {
    pub id: &'static str,
    pub name: String,
    pub chapter: Chapter,
    pub hint: Option<Hint>,
}

/// A typical mistake and its hint.
pub fn wrong(id: &'static str, name: &str, chapter: Chapter, hint: Hint) -> WrongAnswer {
    WrongAnswer {
        id,
        name: name.to_string(),
        chapter,
        hint: Some(hint),
    }
}

/// A generated variant: it must be wrong.
pub fn variant(id: &'static str, name: String, chapter: Chapter) -> WrongAnswer {
    WrongAnswer {
        id,
        name,
        chapter,
        hint: None,
    }
}

/// Any finite-difference verdict (its numbers are not asserted).
pub fn gradient_check() -> Hint {
    Hint::FailsGradientCheck {
        worst: String::new(),
    }
}

/// A panic in the wrong answers' own file.
pub fn panicked_here(file: &str) -> Hint {
    Hint::Panicked {
        at: Some(file.to_string()),
    }
}

/// Every chapter's wrong answers.
pub fn all() -> Vec<WrongAnswer> {
    [
        ch01::wrong_answers(),
        ch02::wrong_answers(),
        ch03::wrong_answers(),
        ch04::wrong_answers(),
        ch05::wrong_answers(),
        ch06::wrong_answers(),
        ch07::wrong_answers(),
        ch08::wrong_answers(),
        ch09::wrong_answers(),
        ch10::wrong_answers(),
        ch11::wrong_answers(),
        ch12::wrong_answers(),
        ch13::wrong_answers(),
        ch14::wrong_answers(),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// The candidate `$answers` with one function replaced (a field set on a copy: `Candidate {
/// f, ..a }` in a closure makes rustc 1.95 panic, "broken MIR", on ArrayD's fn pointers).
macro_rules! with {
    ($answers:expr, $field:ident = $f:expr) => {{
        let mut c = $answers;
        c.$field = $f;
        c
    }};
}
pub(crate) use with;
