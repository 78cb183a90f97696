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
             `cargo run -p {} -- --figures {}` (and the flags its --help gives for the book's \
             figures, if any) and commit them",
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

/// The runs the page's exercise answers quote: each answer names the flags it was checked with,
/// and this test runs the chapter with exactly those flags (parsed as the program parses them)
/// and snapshots the whole printed report as `<crate>__answer_<name>.snap`. A number an answer
/// quotes is then in a snapshot a test regenerates, like every other number on the page
/// (`.ci/check_numbers.py` looks for it there). Used as
/// `nn_testkit::answer_snapshots!(ch04_leaky_relu, "1" => "--hidden 8", "2" => "--epochs 1000");`
/// in a file of the chapter's tests; the chapter's crate must depend on clap (every one does).
#[macro_export]
macro_rules! answer_snapshots {
    ($krate:ident, $($name:literal => $flags:literal),+ $(,)?) => {
        #[test]
        fn answer_snapshots() {
            $(
                let args = std::iter::once("answer").chain($flags.split_whitespace());
                let config = <$krate::Config as clap::Parser>::try_parse_from(args)
                    .unwrap_or_else(|e| panic!("answer {}: {e}", $name));
                let report = $krate::run(&config)
                    .unwrap_or_else(|e| panic!("answer {} ({}): {e}", $name, $flags));
                insta::assert_snapshot!(
                    concat!("answer_", $name),
                    format!("flags: {}\n\n{report}", $flags)
                );
            )+
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
        fn hostile_flag_values_are_refused_in_one_line() {
            let n = $crate::hostile_flag_cases($program, std::time::Duration::from_secs(30));
            eprintln!("{n} hostile flag cases");
        }

        #[test]
        fn hostile_surroundings_end_cleanly() {
            let n = $crate::hostile_environment_cases(
                $program,
                &[],
                std::time::Duration::from_secs(120),
            );
            eprintln!("{n} hostile surroundings cases");
        }

        /// Each numeric flag at both ends of its range: full runs, so only with HOSTILE_SLOW=1.
        #[test]
        fn range_boundaries_run_or_are_refused() {
            if $crate::slow_cases_enabled() {
                let n =
                    $crate::hostile_boundary_cases($program, std::time::Duration::from_secs(600));
                eprintln!("{n} boundary cases");
            }
        }

        #[test]
        fn help_is_not_an_error() {
            let run = $crate::run_program($program, &["--help"]);
            assert_eq!(run.code, Some(0));
            assert!(run.stdout.contains("Usage"), "{}", run.stdout);
        }
    };
}

/// How a run ended when it may hang: `None` if it was still running after `timeout` (it is
/// then killed).
pub fn run_with_timeout(
    program: &str,
    args: &[impl AsRef<std::ffi::OsStr>],
    stdout: std::process::Stdio,
    timeout: std::time::Duration,
) -> Option<Run> {
    run_with(program, args, stdout, std::process::Stdio::piped(), timeout)
}

/// [`run_with_timeout`] with stderr chosen too (`Run::stderr` is empty unless it is piped).
pub fn run_with(
    program: &str,
    args: &[impl AsRef<std::ffi::OsStr>],
    stdout: std::process::Stdio,
    stderr: std::process::Stdio,
    timeout: std::time::Duration,
) -> Option<Run> {
    use std::io::Read;
    let mut child = Command::new(program)
        .args(args)
        .env("RUST_BACKTRACE", "1")
        .stdout(stdout)
        .stderr(stderr)
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {program}: {e}"));
    // Read stdout and stderr on their own threads, so that a full pipe never blocks the child.
    let mut out = child.stdout.take();
    let mut err = child.stderr.take();
    let out_reader = std::thread::spawn(move || {
        let mut text = Vec::new();
        if let Some(out) = out.as_mut() {
            let _ = out.read_to_end(&mut text);
        }
        text
    });
    let err_reader = std::thread::spawn(move || {
        let mut text = Vec::new();
        if let Some(err) = err.as_mut() {
            let _ = err.read_to_end(&mut text);
        }
        text
    });
    let start = std::time::Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for the program") {
            break Some(status);
        }
        if start.elapsed() > timeout {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    };
    let stdout = String::from_utf8_lossy(&out_reader.join().unwrap_or_default()).into_owned();
    let stderr = String::from_utf8_lossy(&err_reader.join().unwrap_or_default()).into_owned();
    status.map(|status| Run {
        code: status.code(),
        stdout,
        stderr,
    })
}

/// A numeric flag as `--help` documents it: its name, its default and its range.
#[derive(Clone, Debug, PartialEq)]
pub struct NumericFlag {
    /// With the dashes: `--epochs`.
    pub name: String,
    pub default: f64,
    /// Whether the flag takes whole numbers only (its range is written without a decimal point).
    pub integer: bool,
    /// The smallest allowed value and whether it is allowed itself (`above 0` is not).
    pub low: f64,
    pub low_included: bool,
    pub high: f64,
}

/// Every flag of `help` (a program's `--help` text) whose default is a number, with the range
/// its description states as `(A to B)` or `(above 0, at most B)`; `Err` names a numeric flag
/// whose range is not stated.
pub fn numeric_flags(help: &str) -> Result<Vec<NumericFlag>, String> {
    let mut flags = Vec::new();
    for line in help.lines() {
        let trimmed = line.trim_start();
        let trimmed = trimmed.strip_prefix("-h, ").unwrap_or(trimmed);
        if !trimmed.starts_with("--") {
            continue;
        }
        let name = trimmed.split_whitespace().next().unwrap_or("").to_string();
        let Some(default) = between(line, "[default: ", "]") else {
            continue;
        };
        let Ok(default_value) = default.parse::<f64>() else {
            continue; // an enum or a path
        };
        // A real-number flag writes its range with a decimal point, or as "above 0".
        let range = (line.rfind('(').map(|i| &line[i + 1..]))
            .and_then(|rest| rest.split(')').next())
            .ok_or_else(|| format!("{name}: no range in its help: {line}"))?;
        let (low, low_included, high) = if let Some(high) = range.strip_prefix("above 0, at most ")
        {
            (0.0, false, high.parse::<f64>())
        } else if let Some((low, high)) = range.split_once(" to ") {
            let low = low
                .parse::<f64>()
                .map_err(|_| format!("{name}: range '{range}' does not parse"))?;
            (low, true, high.parse::<f64>())
        } else {
            return Err(format!("{name}: no range in its help: {line}"));
        };
        let high = high.map_err(|_| format!("{name}: range '{range}' does not parse"))?;
        let integer = !range.contains('.') && !range.starts_with("above");
        flags.push(NumericFlag {
            name,
            default: default_value,
            integer,
            low,
            low_included,
            high,
        });
    }
    Ok(flags)
}

fn between<'a>(text: &'a str, open: &str, close: &str) -> Option<&'a str> {
    let start = text.find(open)? + open.len();
    let len = text[start..].find(close)?;
    Some(&text[start..start + len])
}

impl NumericFlag {
    /// Whether `value` (as typed) is inside the documented range, so that a run with it
    /// should succeed.
    pub fn allows(&self, value: &str) -> bool {
        let Ok(v) = value.parse::<f64>() else {
            return false;
        };
        if self.integer && value.parse::<u64>().is_err() && value.parse::<i64>().is_err() {
            return false;
        }
        let above_low = if self.low_included {
            v >= self.low
        } else {
            v > self.low
        };
        above_low && v <= self.high
    }

    /// Values a user may type that the program must refuse: outside the range, not a
    /// number, or not a number a shell user means.
    pub fn hostile_values(&self) -> Vec<String> {
        let mut values: Vec<String> = [
            "-1",
            "0",
            "-0",
            "1e12",
            "1000000000000",
            "18446744073709551615",
            "18446744073709551616",
            "-9223372036854775809",
            "340282366920938463463374607431768211456",
            "1e308",
            "1e309",
            "1e400",
            "-1e400",
            "1e-400",
            "-1e308",
            "5e-324",
            "NaN",
            "nan",
            "inf",
            "-inf",
            "infinity",
            "abc",
            "",
            " 1",
            "1 ",
            "1\n2",
            "0x10",
            "1_000",
            "1,5",
            "١",
        ]
        .map(String::from)
        .to_vec();
        values.push("9".repeat(100_000)); // a pasted file: the error must stay short
        if self.integer {
            values.push(format!("{}", self.high as u128 + 1));
            values.push(format!("{}", self.high as u128 * 10));
            values.push("1.5".into());
            if self.low >= 1.0 {
                values.push(format!("{}", self.low as u128 - 1));
            }
        } else {
            values.push(format!("{}", self.high * 1.5));
            values.push(format!("{}", self.low - 1.0));
        }
        values.retain(|v| !self.allows(v));
        values.dedup();
        values
    }
}

/// The hostile cases of one program: every hostile value of every numeric flag `--help`
/// documents, and a value that is not UTF-8, each refused with exit status 2 and one short
/// line that names the flag, echoes the value as typed, says what is wrong with it on the
/// right side (too small, too large, not a number, …) and states the range `--help`
/// states ([`value_refusal_problem`]), within `timeout`, with nothing on stdout. Cases run in
/// parallel threads; returns how many ran. Panics with every failure listed.
pub fn hostile_flag_cases(program: &str, timeout: std::time::Duration) -> usize {
    let help = run_program(program, &["--help"]).stdout;
    let flags = numeric_flags(&help).unwrap_or_else(|e| panic!("{program} --help: {e}"));
    assert!(!flags.is_empty(), "{program} documents no numeric flag");
    let cases: Vec<(&NumericFlag, String)> = flags
        .iter()
        .flat_map(|f| f.hostile_values().into_iter().map(move |v| (f, v)))
        .collect();
    let failures = parallel(&cases, |(flag, value)| {
        let name = &flag.name;
        let shown = cut(value);
        // Both spellings: `--flag value` and `--flag=value`.
        let mut problems = Vec::new();
        for args in [
            vec![name.clone(), value.clone()],
            vec![format!("{name}={value}")],
        ] {
            let run = run_with_timeout(program, &args, std::process::Stdio::piped(), timeout);
            let problem = match run {
                None => Some(format!("still running after {timeout:?}")),
                Some(run) => value_refusal_problem(&run, flag, value),
            };
            if let Some(p) = problem {
                problems.push(format!("{name} {shown:?}: {p}"));
            }
        }
        problems
    });
    let mut failures = failures;
    failures.extend(
        flags
            .iter()
            .flat_map(|f| not_utf8_problems(program, f, timeout)),
    );
    assert!(
        failures.is_empty(),
        "{program}: {} of {} hostile flag cases failed:\n{}",
        failures.len(),
        cases.len() * 2,
        failures.join("\n")
    );
    cases.len() * 2
}

/// A value that is not UTF-8 text (the byte 0xFF after a digit), in both spellings: refused
/// as [`value_refusal_problem`] says, the value echoed with its bytes escaped (`'1\xff'`).
#[cfg(unix)]
fn not_utf8_problems(
    program: &str,
    flag: &NumericFlag,
    timeout: std::time::Duration,
) -> Vec<String> {
    use std::ffi::OsString;
    use std::os::unix::ffi::OsStringExt;
    let name = &flag.name;
    let mut problems = Vec::new();
    for args in [
        vec![OsString::from(name), OsString::from_vec(b"1\xff".to_vec())],
        vec![OsString::from_vec([name.as_bytes(), b"=1\xff"].concat())],
    ] {
        let run = run_with_timeout(program, &args, std::process::Stdio::piped(), timeout);
        let problem = match run {
            None => Some(format!("still running after {timeout:?}")),
            Some(run) => value_refusal_problem(&run, flag, "1\\xff"),
        };
        if let Some(p) = problem {
            problems.push(format!("{name} with a byte that is not UTF-8: {p}"));
        }
    }
    problems
}

/// Elsewhere an argument cannot hold bytes that are not text.
#[cfg(not(unix))]
fn not_utf8_problems(_: &str, _: &NumericFlag, _: std::time::Duration) -> Vec<String> {
    Vec::new()
}

/// What is wrong with `run` as the refusal of `value` (as typed) for the numeric `flag`, if
/// anything: besides [`refusal_problem`]'s checks, the line must echo the value as typed (cut
/// as the program cuts a long one: `nn_core::cli::shorten`), state the range `--help` states
/// (`(allowed: 1 to 1000)`), and say what is wrong on the right side: a number above the
/// range is "too large" (`1e400` included, which parses to infinity), one below it "too
/// small", NaN and text "not a number", a fraction for a whole-number flag "not a whole
/// number"; a whole number written otherwise than in digits (`1e3`) may be called that.
pub fn value_refusal_problem(run: &Run, flag: &NumericFlag, value: &str) -> Option<String> {
    if let Some(p) = refusal_problem(run, &flag.name) {
        return Some(p);
    }
    let line = run.stderr.trim_end();
    let quoted = nn_core::cli::shorten(&format!("'{value}'"));
    if !line.contains(&quoted) {
        return Some(format!("does not echo {quoted} as typed: {line}"));
    }
    let allowed = between(line, "(allowed: ", ")")
        .and_then(parse_range)
        .filter(|&(low, low_included, high)| {
            low == flag.low && low_included == flag.low_included && high == flag.high
        });
    if allowed.is_none() {
        return Some(format!(
            "does not state the range --help states ({}{} to {}): {line}",
            if flag.low_included { "" } else { "above " },
            flag.low,
            flag.high
        ));
    }
    // What the line may say is wrong: a whole-number flag may also say that the value is
    // not a whole number, or not written in digits, where that is true.
    let mut expected = Vec::new();
    match value.parse::<f64>() {
        Err(_) => expected.extend(["is not UTF-8 text", "is not a number"]),
        Ok(v) if v.is_nan() => expected.push("is not a number"),
        Ok(v) => {
            if v > flag.high {
                expected.push("is too large");
            } else if v < flag.low || (v == flag.low && !flag.low_included) {
                expected.push("is too small");
            }
            if flag.integer {
                expected.push(if v.fract() != 0.0 {
                    "is not a whole number"
                } else {
                    "is not written in plain digits"
                });
            }
            if expected.is_empty() {
                return Some(format!("{v} is inside the range, yet refused: {line}"));
            }
        }
    }
    (!expected.iter().any(|e| line.contains(e)))
        .then(|| format!("should say the value {}: {line}", expected.join(", or ")))
}

/// `1 to 1000` or `above 0, at most 10` as (low, whether low is allowed, high).
fn parse_range(range: &str) -> Option<(f64, bool, f64)> {
    if let Some(high) = range.strip_prefix("above 0, at most ") {
        return Some((0.0, false, high.parse().ok()?));
    }
    let (low, high) = range.split_once(" to ")?;
    Some((low.parse().ok()?, true, high.parse().ok()?))
}

/// What is wrong with `run` as the refusal of a bad value of `flag`, if anything.
pub fn refusal_problem(run: &Run, flag: &str) -> Option<String> {
    let lines = run.stderr.lines().count();
    if run.stderr.contains("panicked") || run.stderr.contains("memory allocation") {
        Some(format!("crashed: {}", cut(&run.stderr)))
    } else if run.code != Some(2) {
        Some(format!(
            "exit status {:?}, stderr {}",
            run.code,
            cut(&run.stderr)
        ))
    } else if lines != 1 {
        Some(format!("{lines} lines on stderr: {}", cut(&run.stderr)))
    } else if run.stderr.len() > 1000 {
        Some(format!("a {}-byte message", run.stderr.len()))
    } else if !run.stderr.contains(flag) {
        Some(format!("does not name {flag}: {}", run.stderr.trim_end()))
    } else if !run.stdout.is_empty() {
        Some(format!("printed a report: {}", cut(&run.stdout)))
    } else {
        None
    }
}

fn cut(text: &str) -> String {
    if text.chars().count() > 200 {
        format!("{}…", text.chars().take(200).collect::<String>())
    } else {
        text.to_string()
    }
}

/// `check` on every case, on a few threads; the problems it found, in case order.
pub fn parallel<T: Sync>(cases: &[T], check: impl Fn(&T) -> Vec<String> + Sync) -> Vec<String> {
    let threads = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .clamp(2, 8);
    let chunk = cases.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        let handles: Vec<_> = cases
            .chunks(chunk)
            .map(|part| scope.spawn(|| part.iter().flat_map(&check).collect::<Vec<_>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("a checking thread panicked"))
            .collect()
    })
}

/// The hostile cases about the program's surroundings: a closed stdout (`| head -1`), a closed
/// stderr while progress is printed, a full
/// device, a figures folder that cannot be made (refused before the run), figures drawn with
/// flags other than the defaults (each says so, naming them), a mistyped flag (its tip kept
/// on the one line), a newline and a pasted file in an argument. `quick` are flags that make
/// the run short. Returns how many cases ran.
pub fn hostile_environment_cases(
    program: &str,
    quick: &[&str],
    timeout: std::time::Duration,
) -> usize {
    // A short, quiet run: `--quiet` if the program has it, one epoch, iteration or seed.
    let help = run_program(program, &["--help"]).stdout;
    let mut owned: Vec<String> = quick.iter().map(|s| s.to_string()).collect();
    if help.contains("--quiet") {
        owned.push("--quiet".into());
    }
    // The settings the quick run changes, as its figures must name them ("--epochs 1"), and a
    // flag typed at its default value, which changes nothing and is not named.
    let mut changed = Vec::new();
    let mut at_default = None;
    for flag in numeric_flags(&help).unwrap_or_default() {
        if ["--epochs", "--iterations", "--seeds"].contains(&flag.name.as_str()) {
            owned.push(format!("{}={}", flag.name, flag.low as u64));
            if flag.low != flag.default {
                changed.push(format!("{} {}", flag.name, flag.low as u64));
            }
        } else if at_default.is_none() {
            at_default = Some(flag);
        }
    }
    let quick: Vec<&str> = owned.iter().map(String::as_str).collect();
    let quick = quick.as_slice();
    let mut failures = Vec::new();
    let mut count = 0;
    let mut check = |name: &str, problem: Option<String>| {
        count += 1;
        if let Some(p) = problem {
            failures.push(format!("{name}: {p}"));
        }
    };

    // A closed stdout: the reader is gone before the program writes.
    let run = run_with_timeout(program, quick, closed_pipe(), timeout);
    check(
        "closed stdout",
        match run {
            None => Some("still running".into()),
            Some(run) if run.code == Some(0) && !run.stderr.contains("panicked") => None,
            Some(run) => Some(format!("exit {:?}: {}", run.code, cut(&run.stderr))),
        },
    );

    // A closed stderr, with the progress lines on (no --quiet): the report still comes.
    let loud: Vec<&str> = quick.iter().copied().filter(|a| *a != "--quiet").collect();
    let run = run_with(
        program,
        &loud,
        std::process::Stdio::piped(),
        closed_pipe(),
        timeout,
    );
    check(
        "closed stderr",
        match run {
            None => Some("still running".into()),
            Some(run) if run.code == Some(0) && !run.stdout.is_empty() => None,
            Some(run) => Some(format!(
                "exit {:?}, stdout {:?}",
                run.code,
                cut(&run.stdout)
            )),
        },
    );

    // A full device.
    if let Ok(full) = std::fs::OpenOptions::new().write(true).open("/dev/full") {
        let run = run_with_timeout(program, quick, full.into(), timeout);
        check(
            "stdout on a full device",
            match run {
                None => Some("still running".into()),
                Some(run) => refusal_problem(
                    &Run {
                        stdout: String::new(),
                        ..run
                    },
                    "stdout",
                ),
            },
        );
    }

    // A figures folder that cannot be created, under a file or a file itself: refused as
    // such (not "File exists"), before the (default, long) run, and the file left alone.
    let file = std::env::temp_dir().join(format!("nn-testkit-figures-{}", std::process::id()));
    std::fs::write(&file, "a file").expect("a scratch file");
    let file = file.to_string_lossy().into_owned();
    for (name, folder, says) in [
        (
            "figures folder under a file",
            "/dev/null/figures",
            "lies under '/dev/null', which is a file, not a folder".to_string(),
        ),
        (
            "figures folder that is a file",
            file.as_str(),
            format!("'{file}' is a file, not a folder"),
        ),
    ] {
        let start = std::time::Instant::now();
        let run = run_with_timeout(
            program,
            &["--figures", folder],
            std::process::Stdio::piped(),
            timeout,
        );
        check(
            name,
            match run {
                None => Some("still running".into()),
                Some(run) => refusal_problem(&run, "--figures")
                    .or_else(|| {
                        (!run.stderr.contains(&says) || !run.stderr.contains("(allowed: a folder"))
                            .then(|| {
                                format!("should say {says:?} and what is allowed: {}", run.stderr)
                            })
                    })
                    .or_else(|| {
                        (start.elapsed() > std::time::Duration::from_secs(2))
                            .then(|| format!("refused only after {:?}", start.elapsed()))
                    }),
            },
        );
    }
    let kept = std::fs::read_to_string(&file).unwrap_or_default();
    check(
        "the file given as the figures folder",
        (kept != "a file").then(|| format!("was changed to {kept:?}")),
    );
    let _ = std::fs::remove_file(&file);

    // Figures drawn with flags other than the defaults say so, each of them, and name the
    // flags changed; a flag typed at its default is no change.
    let dir = std::env::temp_dir().join(format!("nn-testkit-noted-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let mut args: Vec<String> = owned.clone();
    if let Some(flag) = &at_default {
        let typed = if flag.integer {
            format!("{}", flag.default as u64)
        } else {
            format!("{}", flag.default)
        };
        args.push(format!("{}={typed}", flag.name));
    }
    args.extend(["--figures".to_string(), dir.to_string_lossy().into_owned()]);
    let run = run_with_timeout(program, &args, std::process::Stdio::piped(), timeout);
    let problem = match run {
        None => Some("still running".to_string()),
        Some(run) if run.code != Some(0) => Some(format!("exit {:?}: {}", run.code, run.stderr)),
        Some(_) => figure_note_problem(&dir, &changed, at_default.as_ref().map(|f| &f.name)),
    };
    check("figures drawn with other flags", problem);
    let _ = std::fs::remove_dir_all(&dir);

    // A mistyped flag: the tip is kept.
    let run = run_program(program, &["--seeed", "1"]);
    check(
        "mistyped flag",
        refusal_problem(&run, "--seeed").or_else(|| {
            (!run.stderr.contains("--seed")).then(|| format!("no tip: {}", run.stderr))
        }),
    );

    // A pasted file and a newline as an unknown argument's text.
    let pasted = format!("\"{}", "1,2,0\n".repeat(20_000)); // under Linux's 128 KiB per argument
    for (name, arg) in [("pasted file", pasted.as_str()), ("newline", "a\nb")] {
        let run = run_program(program, &[arg]);
        check(name, refusal_problem(&run, "error"));
    }

    assert!(failures.is_empty(), "{program}:\n{}", failures.join("\n"));
    count
}

/// An output whose reader is gone, as `| head -1` leaves it after its line: every write to it
/// fails with "broken pipe". (A connected socket pair with one end closed; `std::io::pipe`
/// would say it more directly, but it needs Rust 1.87 and the project promises 1.86.)
#[cfg(unix)]
fn closed_pipe() -> std::process::Stdio {
    let (writer, reader) = std::os::unix::net::UnixStream::pair().expect("a socket pair");
    drop(reader);
    std::os::fd::OwnedFd::from(writer).into()
}

/// Elsewhere the output is discarded instead (the cases then test less).
#[cfg(not(unix))]
fn closed_pipe() -> std::process::Stdio {
    std::process::Stdio::null()
}

/// What is wrong with the figures in `dir`, drawn with the settings `changed` ("--epochs 1")
/// and with `unchanged` typed at its default: every figure must say "drawn with" and name
/// each of `changed` (none if `changed` is empty) and not name `unchanged`.
fn figure_note_problem(
    dir: &Path,
    changed: &[String],
    unchanged: Option<&String>,
) -> Option<String> {
    let files: Vec<_> = std::fs::read_dir(dir)
        .map(|entries| entries.filter_map(|e| e.ok()).map(|e| e.path()).collect())
        .unwrap_or_default();
    if files.is_empty() {
        return Some(format!("no figure in {}", dir.display()));
    }
    for file in files {
        let svg = std::fs::read_to_string(&file).unwrap_or_default();
        let note = svg
            .find("drawn with ")
            .map(|i| &svg[i..svg[i..].find("</text>").map_or(svg.len(), |j| i + j)]);
        let problem = match note {
            None if changed.is_empty() => None,
            None => Some(format!(
                "does not say it was drawn with {}",
                changed.join(" ")
            )),
            Some(note) if changed.is_empty() => Some(format!("says {note:?}")),
            Some(note) => changed
                .iter()
                .find(|c| !note.contains(c.as_str()))
                .map(|c| format!("does not name {c}: {note:?}"))
                .or_else(|| {
                    unchanged
                        .filter(|u| note.contains(&format!("{u} ")))
                        .map(|u| format!("names {u}, given at its default: {note:?}"))
                }),
        };
        if let Some(p) = problem {
            return Some(format!("{}: {p}", file.display()));
        }
    }
    None
}

/// Whether the slow hostile cases run: `HOSTILE_SLOW=1` (CI sets it).
pub fn slow_cases_enabled() -> bool {
    std::env::var("HOSTILE_SLOW").is_ok_and(|v| v == "1")
}

/// The longest a run may go without printing progress on stderr (unless `--quiet`).
pub const SILENT_AT_MOST: std::time::Duration = std::time::Duration::from_secs(10);

/// The slow hostile cases: every numeric flag at both ends of its documented range (each a
/// full run) must end in a report (exit 0) with no more NaN in it than the default report
/// (a chapter that shows a NaN on purpose labels it) and, if it ran for more than
/// [`SILENT_AT_MOST`], with progress printed on stderr; or in a one-line refusal.
pub fn hostile_boundary_cases(program: &str, timeout: std::time::Duration) -> usize {
    let help = run_program(program, &["--help"]).stdout;
    let flags = numeric_flags(&help).unwrap_or_else(|e| panic!("{program} --help: {e}"));
    let baseline = run_program(program, &[]).stdout.matches("NaN").count();
    let mut cases = Vec::new();
    for f in &flags {
        let low = if f.low_included { f.low } else { f.low + 1e-6 };
        for v in [low, f.high] {
            let text = if f.integer {
                format!("{}", v as u128)
            } else {
                format!("{v}")
            };
            cases.push((f.name.clone(), text));
        }
    }
    let failures = parallel(&cases, |(flag, value)| {
        let start = std::time::Instant::now();
        let run = run_with_timeout(
            program,
            &[flag, value],
            std::process::Stdio::piped(),
            timeout,
        );
        let took = start.elapsed();
        let problem = match run {
            None => Some(format!("still running after {timeout:?}")),
            Some(run) if run.code == Some(0) => {
                let nan = run.stdout.matches("NaN").count();
                // Besides "wrote N figure(s) to …", a long run says how far it is.
                let progress = run.stderr.lines().any(|l| !l.starts_with("wrote "));
                if nan > baseline || run.stderr.contains("panicked") {
                    Some(format!("{nan} NaN in the report (default run: {baseline})"))
                } else if took > SILENT_AT_MOST && !progress {
                    Some(format!(
                        "ran for {took:.0?} and printed no progress on stderr"
                    ))
                } else {
                    None
                }
            }
            Some(run) => refusal_problem(&run, flag),
        };
        problem
            .into_iter()
            .map(|p| format!("{flag} {value}: {p}"))
            .collect()
    });
    assert!(failures.is_empty(), "{program}:\n{}", failures.join("\n"));
    cases.len()
}
