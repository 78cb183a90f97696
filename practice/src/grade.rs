//! Running one exercise: its outcome, the panic a stub raises, and the text a reader sees.
//!
//! An exercise's check calls the reader's function on fixed and generated inputs and compares
//! every result with the chapter's own code ([`crate::diagnose`]). Its outcome is
//! [`Outcome::Passed`], [`Outcome::NotAttempted`] (the function still panics with `todo!()` or
//! `unimplemented!()`) or [`Outcome::Wrong`], which says where and why, with a [`Hint`] chosen
//! from what the difference looks like. What the reader sees of it is a [`Verdict`]: the
//! program grades each exercise in a process of its own ([`crate::isolate`]), so that a loop
//! that never ends or a stack overflow is that exercise's verdict, not the grader's end.

use std::backtrace::Backtrace;
use std::cell::{Cell, RefCell};
use std::fmt;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Component, Path, PathBuf};
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
    /// What the reader sees of it.
    pub fn verdict(&self) -> Verdict {
        match self {
            Outcome::Passed => Verdict::new(Mark::Passed, ""),
            Outcome::NotAttempted => Verdict::new(Mark::NotAttempted, ""),
            Outcome::Wrong(m) => Verdict::new(Mark::Wrong, m.to_string()),
        }
    }
}

/// Passed, not yet attempted, or wrong.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mark {
    Passed,
    NotAttempted,
    Wrong,
}

impl Mark {
    /// The words of the report.
    pub fn word(self) -> &'static str {
        match self {
            Mark::Passed => "passed",
            Mark::NotAttempted => "not yet attempted",
            Mark::Wrong => "wrong",
        }
    }

    /// The progress table's sign.
    pub fn sign(self) -> &'static str {
        match self {
            Mark::Passed => "✓",
            Mark::NotAttempted => "·",
            Mark::Wrong => "✗",
        }
    }
}

/// What the reader sees of one exercise: the mark, why (for a wrong answer), and what the
/// reader's own code printed while it was graded.
#[derive(Clone, Debug, PartialEq)]
pub struct Verdict {
    pub mark: Mark,
    /// For a wrong answer: where, and the hint (lines).
    pub why: String,
    /// What the reader's code printed (its `println!`s), if anything.
    pub printed: String,
}

impl Verdict {
    pub fn new(mark: Mark, why: impl Into<String>) -> Self {
        Verdict {
            mark,
            why: why.into(),
            printed: String::new(),
        }
    }
}

/// The check of one exercise: `Ok(())` when every case agrees with the chapter's code.
pub type Check = Box<dyn Fn() -> Result<(), Mismatch> + Send + Sync>;

/// One exercise: what the reader is asked, and the check that grades a candidate.
pub struct Exercise {
    /// "3.2": chapter, then the exercise's number.
    pub id: &'static str,
    /// The function the reader writes in the chapter's exercise file.
    pub function: &'static str,
    pub title: &'static str,
    /// One sentence: what to write.
    pub ask: &'static str,
    /// Runs the candidate. A stub's panic escapes and is caught by [`Exercise::grade`].
    pub check: Check,
}

impl Exercise {
    /// Runs the check in this process, catching the candidate's panics (silently: a stub
    /// prints nothing). A loop that never ends hangs it: the program grades through
    /// [`crate::isolate`] instead.
    pub fn grade(&self) -> Outcome {
        install_hook();
        let result = silenced(|| panic::catch_unwind(AssertUnwindSafe(|| (self.check)())));
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
                    let at = LAST_PANIC.with(|p| p.borrow_mut().take());
                    Outcome::Wrong(Mismatch::panicked(message, at))
                }
            }
        }
    }
}

/// The panic hook is replaced once by one that stays silent on a thread while it grades
/// (recording where the reader's code panicked) and passes every other panic on (tests grade
/// on several threads at once).
static HOOK: Once = Once::new();

thread_local! {
    /// How many gradings (nested: a check may run another exercise's answer) this thread is in.
    static GRADING: Cell<usize> = const { Cell::new(0) };
    /// The line of the reader's file where the last panic while grading happened.
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

fn install_hook() {
    HOOK.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if GRADING.get() == 0 {
                return previous(info);
            }
            let at = match info.location() {
                Some(l) if is_readers(&from_root(l.file())) => Some(format!(
                    "{}:{}:{}",
                    from_root(l.file()),
                    l.line(),
                    l.column()
                )),
                // In a library (ndarray's shape check): the reader's line that called it.
                _ => readers_frame(&Backtrace::force_capture().to_string()),
            };
            LAST_PANIC.with(|p| *p.borrow_mut() = at);
        }));
    });
}

/// Runs `f` with the grading panic hook silent on this thread.
pub fn silenced<T>(f: impl FnOnce() -> T) -> T {
    install_hook();
    GRADING.set(GRADING.get() + 1);
    let result = f();
    GRADING.set(GRADING.get() - 1);
    result
}

/// Whether a file (from the workspace's root) is the reader's (an exercise file; in the tests,
/// an answer or a wrong answer), not the grader's, a chapter's or a library's.
fn is_readers(path: &str) -> bool {
    path.starts_with("practice/")
        && (!path.starts_with("practice/src/") || path.starts_with("practice/src/exercises/"))
}

/// The workspace's root folder.
fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("practice/ is in the workspace")
}

/// A panic's file as rustc names it — from the workspace's root, maybe with `..` in it
/// ("practice/tests/../answers/ch07.rs") — as "practice/answers/ch07.rs".
fn from_root(file: &str) -> String {
    relative_to_root(&root().join(file))
}

/// A backtrace's file — absolute, or relative to the current folder ("./src/…") — from the
/// workspace's root.
fn from_here(file: &str) -> String {
    let here = std::env::current_dir().unwrap_or_default();
    relative_to_root(&here.join(file))
}

/// An absolute path without `.` and `..`, from the workspace's root (or as it is, outside).
fn relative_to_root(path: &Path) -> String {
    let mut clean = PathBuf::new();
    for part in path.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                clean.pop();
            }
            other => clean.push(other),
        }
    }
    let shown = clean.strip_prefix(root()).unwrap_or(&clean);
    shown.to_string_lossy().into_owned()
}

/// The innermost frame of a backtrace's text that is in the reader's file, as file:line:col.
fn readers_frame(backtrace: &str) -> Option<String> {
    backtrace.lines().find_map(|line| {
        let at = line.trim().strip_prefix("at ")?;
        let mut parts = at.rsplitn(3, ':');
        let (column, line, file) = (parts.next()?, parts.next()?, parts.next()?);
        let file = from_here(file);
        is_readers(&file).then(|| format!("{file}:{line}:{column}"))
    })
}

/// `todo!()` panics with "not yet implemented…", `unimplemented!()` with "not implemented…".
fn is_stub(message: &str) -> bool {
    message.starts_with("not yet implemented") || message.starts_with("not implemented")
}

/// One chapter's exercises, bound to one candidate (the reader's file, or a test's answers).
pub struct Chapter {
    pub number: u32,
    pub title: &'static str,
    pub exercises: Vec<Exercise>,
}

impl Chapter {
    /// The file the reader edits, from the workspace's root.
    pub fn file(&self) -> String {
        format!("practice/src/exercises/ch{:02}.rs", self.number)
    }
}

/// The text `cargo run -p practice -- N` prints for one graded chapter.
pub struct ChapterReport<'a> {
    pub chapter: &'a Chapter,
    pub verdicts: Vec<(&'a Exercise, Verdict)>,
}

/// At most this many lines of what the reader's code printed are shown per exercise.
const PRINTED_LINES: usize = 12;

impl fmt::Display for ChapterReport<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let c = self.chapter;
        writeln!(f, "Chapter {}: {}", c.number, c.title)?;
        writeln!(f, "Your file: {}", c.file())?;
        writeln!(f)?;
        for (e, verdict) in &self.verdicts {
            writeln!(f, "{} {} — {}", e.id, e.title, verdict.mark.word())?;
            if verdict.mark == Mark::NotAttempted {
                writeln!(f, "    write `{}`: {}", e.function, e.ask)?;
            }
            for line in verdict.why.lines() {
                writeln!(f, "    {line}")?;
            }
            let printed: Vec<&str> = verdict.printed.lines().collect();
            if !printed.is_empty() {
                writeln!(f, "    your code printed:")?;
                for line in printed.iter().take(PRINTED_LINES) {
                    writeln!(f, "    | {line}")?;
                }
                if printed.len() > PRINTED_LINES {
                    writeln!(f, "    | … ({} lines more)", printed.len() - PRINTED_LINES)?;
                }
            }
        }
        let passed = self
            .verdicts
            .iter()
            .filter(|(_, v)| v.mark == Mark::Passed)
            .count();
        writeln!(f)?;
        write!(
            f,
            "{passed} of {} passed. The answers: practice/answers/ch{:02}.rs",
            self.verdicts.len(),
            c.number
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_readers_files_and_the_others() {
        assert!(is_readers("practice/src/exercises/ch03.rs"));
        assert!(is_readers("practice/tests/wrong/ch03.rs"));
        assert!(!is_readers("practice/src/checks/ch03.rs"));
        assert!(!is_readers("chapters/ch03-relu-xor/src/dense.rs"));
        assert!(!is_readers(
            "/root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/ndarray-0.17.1/src/linalg/impl_linalg.rs"
        ));
        assert_eq!(
            from_root("practice/tests/../answers/ch07.rs"),
            "practice/answers/ch07.rs"
        );
        let exercise = root().join("practice/src/exercises/ch03.rs");
        assert_eq!(
            from_here(&exercise.to_string_lossy()),
            "practice/src/exercises/ch03.rs"
        );
    }

    #[test]
    fn the_readers_frame_of_a_backtrace() {
        let exercise = root().join("practice/src/exercises/ch03.rs");
        let checks = root().join("practice/src/checks/ch03.rs");
        let backtrace = format!(
            "   0: ndarray::linalg::impl_linalg::dot_shape_error\n\
             at /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/ndarray-0.17.1/src/linalg/impl_linalg.rs:510:5\n\
           1: practice::exercises::ch03::dense_backward\n\
             at {}:20:12\n\
           2: practice::checks::ch03::dense_backward\n\
             at {}:90:9\n",
            exercise.display(),
            checks.display()
        );
        assert_eq!(
            readers_frame(&backtrace).as_deref(),
            Some("practice/src/exercises/ch03.rs:20:12")
        );
    }
}
