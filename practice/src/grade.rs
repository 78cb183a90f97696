//! Running one exercise: its outcome, and the panic a stub raises.
//!
//! An exercise's check calls the reader's function on fixed and generated inputs and compares
//! every result with the chapter's own code ([`crate::diagnose`]). Its outcome is
//! [`Outcome::Passed`], [`Outcome::NotAttempted`] (the function still panics with `todo!()` or
//! `unimplemented!()`) or [`Outcome::Wrong`], which says where and why, with a [`Hint`] chosen
//! from what the difference looks like.

use std::cell::Cell;
use std::fmt;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

pub use crate::diagnose::{Hint, Mismatch};

/// What grading one exercise found.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    Passed,
    /// The function still panics with `todo!()` / `unimplemented!()`.
    NotAttempted,
    Wrong(Mismatch),
}

impl Outcome {
    /// The hint of a wrong answer; `None` when passed or not attempted.
    pub fn hint(&self) -> Option<&Hint> {
        match self {
            Outcome::Wrong(m) => Some(&m.hint),
            _ => None,
        }
    }

    /// One word for the progress table.
    pub fn word(&self) -> &'static str {
        match self {
            Outcome::Passed => "passed",
            Outcome::NotAttempted => "not yet attempted",
            Outcome::Wrong(_) => "wrong",
        }
    }
}

/// One exercise: what the reader is asked, and the check that grades a candidate.
pub struct Exercise {
    /// "3.2": chapter, then the exercise's number.
    pub id: &'static str,
    /// The function the reader writes in the chapter's exercise file.
    pub function: &'static str,
    pub title: &'static str,
    /// One sentence: what to write.
    pub ask: &'static str,
    /// Runs the candidate; `Ok(())` when every case agrees with the chapter's code. A stub's
    /// panic escapes and is caught by [`Exercise::grade`].
    pub check: Box<dyn Fn() -> Result<(), Mismatch>>,
}

impl Exercise {
    pub fn new(
        id: &'static str,
        function: &'static str,
        title: &'static str,
        ask: &'static str,
        check: impl Fn() -> Result<(), Mismatch> + 'static,
    ) -> Self {
        Exercise {
            id,
            function,
            title,
            ask,
            check: Box::new(check),
        }
    }

    /// Runs the check, catching the candidate's panics (silently: a stub prints nothing).
    pub fn grade(&self) -> Outcome {
        SILENCE_HOOK.call_once(|| {
            let previous = panic::take_hook();
            panic::set_hook(Box::new(move |info| {
                if !GRADING.get() {
                    previous(info);
                }
            }));
        });
        GRADING.set(true);
        let result = panic::catch_unwind(AssertUnwindSafe(|| (self.check)()));
        GRADING.set(false);
        match result {
            Ok(Ok(())) => Outcome::Passed,
            Ok(Err(mismatch)) => Outcome::Wrong(mismatch),
            Err(payload) => {
                let message = payload
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| payload.downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "(a panic without a message)".to_string());
                if is_stub(&message) {
                    Outcome::NotAttempted
                } else {
                    Outcome::Wrong(Mismatch::panicked(message))
                }
            }
        }
    }
}

/// The panic hook is replaced once by one that stays silent on a thread while it grades and
/// passes every other panic on (tests grade on several threads at once).
static SILENCE_HOOK: Once = Once::new();

thread_local! {
    static GRADING: Cell<bool> = const { Cell::new(false) };
}

/// `todo!()` panics with "not yet implemented…", `unimplemented!()` with "not implemented…".
fn is_stub(message: &str) -> bool {
    message.starts_with("not yet implemented") || message.starts_with("not implemented")
}

/// One chapter's exercises, bound to one candidate (the reader's file, or a test's answers).
pub struct Chapter {
    pub number: u32,
    pub title: &'static str,
    /// The file the reader edits, from the workspace's root.
    pub file: &'static str,
    pub exercises: Vec<Exercise>,
}

/// Grades one chapter: each exercise with its outcome.
pub fn grade(chapter: &Chapter) -> Vec<(&Exercise, Outcome)> {
    chapter.exercises.iter().map(|e| (e, e.grade())).collect()
}

/// The text `cargo run -p practice -- N` prints for one graded chapter.
pub struct ChapterReport<'a> {
    pub chapter: &'a Chapter,
    pub outcomes: Vec<(&'a Exercise, Outcome)>,
}

impl fmt::Display for ChapterReport<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let c = self.chapter;
        writeln!(f, "Chapter {}: {}", c.number, c.title)?;
        writeln!(f, "Your file: {}", c.file)?;
        writeln!(f)?;
        for (e, outcome) in &self.outcomes {
            writeln!(f, "{} {} — {}", e.id, e.title, outcome.word())?;
            match outcome {
                Outcome::Passed => {}
                Outcome::NotAttempted => {
                    writeln!(f, "    write `{}`: {}", e.function, e.ask)?;
                }
                Outcome::Wrong(m) => {
                    for line in m.to_string().lines() {
                        writeln!(f, "    {line}")?;
                    }
                }
            }
        }
        let passed = self
            .outcomes
            .iter()
            .filter(|(_, o)| *o == Outcome::Passed)
            .count();
        writeln!(f)?;
        write!(
            f,
            "{passed} of {} passed. The answers: practice/answers/ch{:02}.rs",
            self.outcomes.len(),
            c.number
        )
    }
}
