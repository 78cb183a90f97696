//! The command line of every chapter's program: flags parsed by clap, and every mistake a
//! user can make answered with exit status 2 and one line on stderr — never a panic.
//!
//! [`run_program`] and [`assert_user_error`] are what the chapters' command-line tests use
//! to drive a program as a user would.

use std::process::Command;

/// A setting that must be a finite number above zero (a learning rate, say): `Ok`, or the
/// error that names the flag. Chapters check their `Config` with it in `run`, so that a
/// `Config` built in code (a notebook, a test) is checked as strictly as the command line.
///
/// ```
/// assert!(nn_core::cli::positive("lr", 0.1).is_ok());
/// let e = nn_core::cli::positive("lr", f64::NAN).unwrap_err();
/// assert_eq!(e.to_string(), "invalid setting --lr: must be a positive number, not NaN");
/// ```
pub fn positive(flag: &'static str, value: f64) -> crate::Result<()> {
    if value.is_finite() && value > 0.0 {
        Ok(())
    } else {
        Err(crate::Error::Config {
            flag,
            reason: format!("must be a positive number, not {value}"),
        })
    }
}

/// Parses the program's flags. `--help` and `--version` print and exit 0; any other problem
/// (an unknown flag, a value that does not parse) prints its one-line summary and exits 2.
pub fn parse_args<T: clap::Parser>() -> T {
    match T::try_parse() {
        Ok(args) => args,
        Err(e) if !e.use_stderr() => e.exit(), // --help, --version
        Err(e) => {
            let message = e.to_string();
            let first = message.lines().next().unwrap_or("error: invalid arguments");
            eprintln!("{first} (try --help)");
            std::process::exit(2);
        }
    }
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
/// `nn_core::cli_tests!(env!("CARGO_BIN_EXE_<chapter>"), "--lr", "-1", "invalid setting --lr");`.
#[macro_export]
macro_rules! cli_tests {
    ($program:expr, $flag:literal, $bad_value:literal, $message:literal) => {
        #[test]
        fn an_unknown_flag() {
            let run = $crate::cli::run_program($program, &["--no-such-flag"]);
            $crate::cli::assert_user_error(&run, &["--no-such-flag"]);
        }

        #[test]
        fn a_value_that_does_not_parse() {
            let run = $crate::cli::run_program($program, &[$flag, "abc"]);
            $crate::cli::assert_user_error(&run, &["'abc'", $flag]);
        }

        #[test]
        fn a_value_out_of_range() {
            let flag = format!("{}={}", $flag, $bad_value);
            let run = $crate::cli::run_program(
                $program,
                &[flag.as_str(), "--figures", "/nonexistent/never-written"],
            );
            $crate::cli::assert_user_error(&run, &[$message]);
        }

        #[test]
        fn help_is_not_an_error() {
            let run = $crate::cli::run_program($program, &["--help"]);
            assert_eq!(run.code, Some(0));
            assert!(run.stdout.contains("Usage"), "{}", run.stdout);
        }
    };
}
