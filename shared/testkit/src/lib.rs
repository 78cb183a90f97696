//! Test helpers for the chapters' tests, kept out of the libraries a reader uses: a
//! dev-dependency of each chapter.
//!
//! - [`chapter_tests!`]: a chapter's report snapshotted section by section, and its committed
//!   figures compared with a fresh render;
//! - [`run_program`], [`assert_user_error`] and [`cli_tests!`]: a chapter's program driven as a
//!   user would run it.

#![forbid(unsafe_code)]

use std::path::Path;
use std::process::Command;

pub use nn_core::report::ChapterReport;

/// Each figure the report draws must equal the committed `<chapter>/figures/<name>.svg`: the
/// figures in the book are the ones the code draws today. `chapter_dir` is the chapter's
/// folder (its `CARGO_MANIFEST_DIR`).
pub fn assert_figures_current(chapter_dir: &str, report: &impl ChapterReport) {
    let dir = Path::new(chapter_dir).join("figures");
    let chapter = Path::new(chapter_dir)
        .file_name()
        .map_or(String::new(), |n| n.to_string_lossy().into_owned());
    let figures = report.figures().expect("the figures render");
    assert!(!figures.is_empty(), "{chapter_dir} draws no figure");
    for (name, svg) in figures {
        let path = dir.join(format!("{name}.svg"));
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == svg.as_str(),
            "{} is missing or differs from a fresh render: refresh the book's figures with \
             `cargo run -p {} -- --figures {}` and commit them",
            path.display(),
            chapter,
            dir.display()
        );
    }
}

/// The tests every chapter has: its default report computed once (`report()`), each section
/// of the printed report snapshotted (the book quotes these snapshot files; the printed text
/// is the heading and these sections, by `nn_core::report::write_report`), and its committed
/// figures equal to a fresh render. Used in each chapter's `tests/chNN_<name>.rs` as
/// `nn_testkit::chapter_tests!(ch01_sigmoid_neuron);`.
#[macro_export]
macro_rules! chapter_tests {
    ($krate:ident) => {
        /// The default run, computed once for all the tests of this file.
        fn report() -> &'static $krate::Report {
            static REPORT: std::sync::OnceLock<$krate::Report> = std::sync::OnceLock::new();
            REPORT.get_or_init(|| {
                $krate::run(&$krate::Config::default()).expect("the default configuration runs")
            })
        }

        #[test]
        fn report_snapshots() {
            let report = report();
            assert!(report.to_string().starts_with($krate::report::HEADING));
            for (name, text) in report.sections() {
                insta::assert_snapshot!(name, text);
            }
        }

        #[test]
        fn figures_are_current() {
            $crate::assert_figures_current(env!("CARGO_MANIFEST_DIR"), report());
        }
    };
}

/// What a program run printed and how it ended.
#[derive(Clone, Debug)]
pub struct Run {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `program` with `args` and collects its output.
pub fn run_program(program: &str, args: &[&str]) -> Run {
    let out = Command::new(program)
        .args(args)
        .env("RUST_BACKTRACE", "1") // a panic would print a backtrace: the tests would see it
        .output()
        .unwrap_or_else(|e| panic!("cannot start {program}: {e}"));
    Run {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// A user's mistake: exit status 2, exactly one line on stderr that mentions each of
/// `mentions`, no panic and no backtrace.
pub fn assert_user_error(run: &Run, mentions: &[&str]) {
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(run.code, Some(2), "exit status, stderr: {}", run.stderr);
    assert_eq!(lines.len(), 1, "one line on stderr, got: {}", run.stderr);
    assert!(
        !run.stderr.contains("panicked") && !run.stderr.contains("backtrace"),
        "{}",
        run.stderr
    );
    for m in mentions {
        assert!(
            run.stderr.contains(m),
            "stderr should mention {m:?}: {}",
            run.stderr
        );
    }
}

/// The command-line tests every chapter's program has: an unknown flag, a value that does not
/// parse, a value out of range (`flag=value` must be refused with `message`), and `--help`.
/// Used in each chapter's `tests/cli.rs` as
/// `nn_testkit::cli_tests!(env!("CARGO_BIN_EXE_<chapter>"), "--lr", "-1", "invalid setting --lr");`.
#[macro_export]
macro_rules! cli_tests {
    ($program:expr, $flag:literal, $bad_value:literal, $message:literal) => {
        #[test]
        fn an_unknown_flag() {
            let run = $crate::run_program($program, &["--no-such-flag"]);
            $crate::assert_user_error(&run, &["--no-such-flag"]);
        }

        #[test]
        fn a_value_that_does_not_parse() {
            let run = $crate::run_program($program, &[$flag, "abc"]);
            $crate::assert_user_error(&run, &["'abc'", $flag]);
        }

        #[test]
        fn a_value_out_of_range() {
            let flag = format!("{}={}", $flag, $bad_value);
            let run = $crate::run_program($program, &[flag.as_str()]);
            $crate::assert_user_error(&run, &[$message]);
        }

        #[test]
        fn help_is_not_an_error() {
            let run = $crate::run_program($program, &["--help"]);
            assert_eq!(run.code, Some(0));
            assert!(run.stdout.contains("Usage"), "{}", run.stdout);
        }
    };
}
