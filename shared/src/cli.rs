//! The command line of every chapter's program: flags parsed by clap, and every mistake a
//! user can make answered with exit status 2 and one line on stderr — never a panic.

use std::sync::OnceLock;

/// The largest `--seed` of every chapter: 2⁶³ − 1. Chapters derive further seeds from it
/// (`seed + 1`, one per run of `--seeds`), and below this bound that arithmetic cannot wrap.
pub const MAX_SEED: u64 = i64::MAX as u64;

/// A setting that must lie in `range` (a count, a size, a probability): `Ok`, or the error
/// that names the flag, echoes the value and says what is allowed. One check for every
/// numeric flag, so that each refusal reads the same and each bound is stated where `--help`
/// states it.
///
/// ```
/// assert!(nn_core::cli::within("epochs", 10, 1..=1_000_000).is_ok());
/// let e = nn_core::cli::within("epochs", 0, 1..=1_000_000).unwrap_err();
/// assert_eq!(e.to_string(), "invalid setting --epochs: '0' is too small (allowed: 1 to 1000000)");
/// let e = nn_core::cli::within("smoothing", f64::NAN, 0.0..=0.5).unwrap_err();
/// assert_eq!(e.to_string(), "invalid setting --smoothing: 'NaN' is not a number (allowed: 0 to 0.5)");
/// ```
pub fn within<T: PartialOrd + std::fmt::Display>(
    flag: &'static str,
    value: T,
    range: std::ops::RangeInclusive<T>,
) -> crate::Result<()> {
    let problem = if range.contains(&value) {
        return Ok(());
    } else if value < *range.start() {
        "is too small"
    } else if value > *range.end() {
        "is too large"
    } else {
        "is not a number" // NaN: neither below, inside nor above
    };
    let allowed = format!("{} to {}", range.start(), range.end());
    Err(refused(flag, &value, problem, &allowed))
}

/// A rate: a finite number above zero and at most `max` (beyond it every chapter's training
/// overflows to infinities and NaN, which would be printed as if they were results).
///
/// ```
/// assert!(nn_core::cli::rate("lr", 0.5, 100.0).is_ok());
/// let e = nn_core::cli::rate("lr", 1e308, 100.0).unwrap_err();
/// assert_eq!(e.to_string(), "invalid setting --lr: '1e308' is too large (allowed: above 0, at most 100)");
/// let e = nn_core::cli::rate("lr", -0.0, 100.0).unwrap_err();
/// assert_eq!(e.to_string(), "invalid setting --lr: '-0' is too small (allowed: above 0, at most 100)");
/// ```
pub fn rate(flag: &'static str, value: f64, max: f64) -> crate::Result<()> {
    let problem = if value > 0.0 && value <= max {
        return Ok(());
    } else if value.is_nan() {
        "is not a number"
    } else if value <= 0.0 {
        "is too small"
    } else {
        "is too large" // above `max`, or infinite
    };
    Err(refused(
        flag,
        &value,
        problem,
        &format!("above 0, at most {max}"),
    ))
}

/// `--seed` at most [`MAX_SEED`].
pub fn seed(value: u64) -> crate::Result<()> {
    within("seed", value, 0..=MAX_SEED)
}

/// The refusal of `value` for `--flag`: `'<value>' <problem> (allowed: <allowed>)`. The value
/// is echoed as the user typed it when it came from the command line (`'1e400'`, not the
/// `inf` it parsed to; `'11'`, not `1.1e1`), else as the program holds it.
fn refused(
    flag: &'static str,
    value: &impl std::fmt::Display,
    problem: &str,
    allowed: &str,
) -> crate::Error {
    let text = typed(flag).map_or_else(|| shown(value), str::to_string);
    crate::Error::Config {
        flag,
        reason: format!("'{text}' {problem} (allowed: {allowed})"),
    }
}

/// A number as a reader would write it: `0.001`, `1e308` (not 309 digits), `NaN`.
fn shown(value: &impl std::fmt::Display) -> String {
    let text = value.to_string();
    match text.parse::<f64>() {
        Ok(v) if text.len() > 20 => format!("{v:e}"),
        _ => text,
    }
}

/// A flag the user gave on the command line.
struct Given {
    /// Its long name, without the dashes: `lr`.
    flag: String,
    /// Its value as typed (`1e400`); `None` for a switch such as `--quiet`.
    text: Option<String>,
    /// Whether that value is the flag's default (`--lr 2.0` where the default is 2).
    is_default: bool,
}

/// The flags of this program's command line, recorded once by [`parse_args`]; empty in a
/// test or a notebook, which build their `Config` in code.
static GIVEN: OnceLock<Vec<Given>> = OnceLock::new();

/// The flags given on this program's command line (none if it did not parse one).
fn given() -> &'static [Given] {
    GIVEN.get().map_or(&[], Vec::as_slice)
}

/// The value typed for `--flag`, if it was given on the command line.
fn typed(flag: &str) -> Option<&'static str> {
    given()
        .iter()
        .find(|g| g.flag == flag)
        .and_then(|g| g.text.as_deref())
}

/// The settings this run changed from the defaults, as typed: `["--lr 0.3", "--data my.csv"]`.
/// A figure drawn with them says so. Switches are left out (`--quiet`, chapter 9's
/// `--chapter7`: they silence output or add a section, and change no number), and so is
/// `--figures` (where the figures go).
pub fn changed_settings() -> Vec<String> {
    given()
        .iter()
        .filter(|g| !g.is_default && g.flag != "figures")
        .filter_map(|g| Some(format!("--{} {}", g.flag, g.text.as_deref()?)))
        .collect()
}

/// Records what the user typed for each flag: its text and whether it is the default.
fn record(command: &clap::Command, matches: &clap::ArgMatches) {
    let same = |a: &str, b: &str| {
        a == b || matches!((a.parse::<f64>(), b.parse::<f64>()), (Ok(x), Ok(y)) if x == y)
    };
    let given = command
        .get_arguments()
        .filter(|arg| {
            matches.value_source(arg.get_id().as_str())
                == Some(clap::parser::ValueSource::CommandLine)
        })
        .filter_map(|arg| {
            let flag = arg.get_long()?.to_string();
            if !arg.get_action().takes_values() {
                return Some(Given {
                    flag,
                    text: None,
                    is_default: false,
                });
            }
            let raw = matches.try_get_raw(arg.get_id().as_str()).ok()??.next()?;
            let text = raw.to_string_lossy().into_owned();
            let is_default =
                (arg.get_default_values().iter()).any(|d| same(&text, &d.to_string_lossy()));
            Some(Given {
                flag,
                text: Some(text),
                is_default,
            })
        })
        .collect();
    let _ = GIVEN.set(given);
}

/// The longest error line the program prints: a value pasted by mistake (a whole file after a
/// stray quote) is cut, not echoed for megabytes.
const MAX_MESSAGE: usize = 300;

/// One line from clap's error: its lines up to the usage, joined (so that "did you mean" tips
/// and lists of possible values are kept), a newline inside a value shown as `\n`, and at most
/// [`MAX_MESSAGE`] characters.
fn one_line(message: &str) -> String {
    let mut parts = Vec::new();
    for line in message.lines() {
        let line = line.trim();
        if line.starts_with("Usage:") || line.starts_with("For more information") {
            break;
        }
        if !line.is_empty() {
            parts.push(line);
        }
    }
    let joined = parts.join("; ");
    let joined = if joined.is_empty() {
        "error: invalid arguments".to_string()
    } else {
        joined
    };
    shorten(&joined)
}

/// The longest quoted value a message shows.
const MAX_QUOTED: usize = 60;

/// `text` with control characters escaped, each quoted value ('…') cut to [`MAX_QUOTED`]
/// characters (so that the flag named after it stays visible), and the whole cut to
/// [`MAX_MESSAGE`] characters.
pub fn shorten(text: &str) -> String {
    // Control and invisible characters escaped (a newline as `\n`); quotes and backslashes
    // as they are (`'1\xff'`, a value's bytes already escaped, stays as it is).
    let mut escaped = String::new();
    for c in text.chars() {
        if matches!(c, '\\' | '\'' | '"') {
            escaped.push(c);
        } else {
            escaped.extend(c.escape_debug());
        }
    }
    let escaped = escaped
        .split('\'')
        .enumerate()
        .map(|(i, part)| {
            if i % 2 == 1 && part.chars().count() > MAX_QUOTED {
                format!("{}…", part.chars().take(MAX_QUOTED).collect::<String>())
            } else {
                part.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("'");
    if escaped.chars().count() <= MAX_MESSAGE {
        escaped
    } else {
        let cut: String = escaped.chars().take(MAX_MESSAGE).collect();
        format!("{cut}… (cut)")
    }
}

/// Parses the program's flags. `--help` and `--version` print and exit 0; any other problem
/// (an unknown flag, a value that does not parse) prints one line and exits 2: a value that
/// is not a number, not a whole number or not UTF-8 text is refused as the range checks
/// refuse a number out of range, naming the flag, the value as typed and what `--help` says
/// is allowed. A value starting with a hyphen is a value (`--lr -1` is refused as a rate, not
/// taken for a flag). A newline in an argument is escaped, so that the message stays one
/// line. What the user typed is recorded for the messages ([`within`], [`rate`]) and the
/// figures ([`changed_settings`]).
pub fn parse_args<T: clap::Parser>() -> T {
    let mut command = command::<T>();
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let parsed = command
        .try_get_matches_from_mut(&args)
        .and_then(|mut matches| {
            record(&command, &matches);
            T::from_arg_matches_mut(&mut matches)
        });
    match parsed {
        Ok(args) => args,
        Err(e) => {
            let e = e.format(&mut command);
            if !e.use_stderr() {
                e.exit() // --help, --version
            }
            let message = refusal(&e, &command, args.get(1..).unwrap_or_default())
                .unwrap_or_else(|| format!("{} (try --help)", one_line(&e.to_string())));
            let _ = std::io::Write::write_all(
                &mut std::io::stderr(),
                format!("{}\n", shorten(&message)).as_bytes(),
            );
            std::process::exit(2);
        }
    }
}

/// The program's command line: `T`'s, where a value may start with a hyphen (`--lr -1`,
/// `--bias-init -inf`): it is then refused as a value of its flag, not taken for an unknown
/// flag.
fn command<T: clap::CommandFactory>() -> clap::Command {
    T::command().mut_args(|arg| {
        if arg.get_action().takes_values() {
            arg.allow_hyphen_values(true)
        } else {
            arg
        }
    })
}

/// clap's refusal of a value, said as [`within`] says it: `error: invalid setting --seed: '-1'
/// is too small (allowed: 0 to 9223372036854775807)`. `None` for clap's other errors (an
/// unknown flag, a value not in a list), whose own words and tips are clear.
fn refusal(
    e: &clap::Error,
    command: &clap::Command,
    args: &[std::ffi::OsString],
) -> Option<String> {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    let (name, text, problem) = match e.kind() {
        ErrorKind::ValueValidation => {
            let context = |kind| match e.get(kind) {
                Some(ContextValue::String(s)) => Some(s.clone()),
                _ => None,
            };
            let arg = context(ContextKind::InvalidArg)?; // "--seed <SEED>", or "[CHAPTER]"
            let text = context(ContextKind::InvalidValue)?;
            let problem = parse_problem(&text);
            (arg.split_whitespace().next()?.to_string(), text, problem)
        }
        ErrorKind::InvalidUtf8 => {
            let (flag, text) = not_utf8(command, args)?;
            match flag {
                Some(flag) => (flag, text, "is not UTF-8 text"),
                None => {
                    return Some(format!(
                        "error: the argument '{text}' is not UTF-8 text (try --help)"
                    ))
                }
            }
        }
        _ => return None,
    };
    let name = name.trim_matches(['[', ']']);
    let allowed = match allowed(command, name) {
        Some(range) => format!("(allowed: {range})"),
        None => "(try --help)".to_string(),
    };
    Some(format!(
        "error: invalid setting {name}: '{text}' {problem} {allowed}"
    ))
}

/// What is wrong with `text`, a value clap could not parse. Every real-number flag takes any
/// text that is a number (and refuses it after, when out of range), so a number refused here
/// was given where a whole number is wanted.
fn parse_problem(text: &str) -> &'static str {
    match text.parse::<f64>() {
        Err(_) => "is not a number",
        Ok(v) if v.is_nan() => "is not a number",
        Ok(v) if v < 0.0 => "is too small", // every whole-number flag starts at 0 or above
        Ok(v) if v >= 2f64.powi(64) => "is too large", // beyond any count, infinity included
        Ok(v) if v.fract() != 0.0 => "is not a whole number",
        Ok(_) => "is not written in plain digits", // 1e3, 1.0
    }
}

/// The range `--help` states for the flag (`--seeds`) or positional argument (`CHAPTER`)
/// `name`: the last parentheses of its description, `1 to 1000` or `above 0, at most 10`.
fn allowed(command: &clap::Command, name: &str) -> Option<String> {
    let bare = name.trim_start_matches('-');
    let arg = command.get_arguments().find(|a| {
        a.get_long() == Some(bare)
            || (a.is_positional() && a.get_id().as_str().eq_ignore_ascii_case(bare))
    })?;
    let help = arg.get_help()?.to_string();
    let range = help[help.rfind('(')? + 1..].split(')').next()?;
    (range.contains(" to ") || range.starts_with("above ")).then(|| range.to_string())
}

/// The first argument that is not UTF-8, its bytes escaped (`1\xff`), and the flag it is the
/// value of (`--lr 1\xff` or `--lr=1\xff`), if it is one: clap's error names neither.
fn not_utf8(
    command: &clap::Command,
    args: &[std::ffi::OsString],
) -> Option<(Option<String>, String)> {
    let i = args.iter().position(|a| a.to_str().is_none())?;
    let bytes = args[i].as_encoded_bytes();
    let escaped = |b: &[u8]| b.escape_ascii().to_string();
    if bytes.starts_with(b"--") {
        if let Some(eq) = bytes.iter().position(|&b| b == b'=') {
            let flag = String::from_utf8_lossy(&bytes[..eq]).into_owned();
            return Some((Some(flag), escaped(&bytes[eq + 1..])));
        }
    }
    let takes_value = |flag: &str| {
        let long = flag.strip_prefix("--")?;
        let arg = command
            .get_arguments()
            .find(|a| a.get_long() == Some(long))?;
        arg.get_action().takes_values().then(|| flag.to_string())
    };
    let flag = i
        .checked_sub(1)
        .and_then(|j| args[j].to_str())
        .and_then(takes_value);
    Some((flag, escaped(bytes)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clap_errors_become_one_line_with_their_tips() {
        let message = "error: unexpected argument '--lrr' found\n\n  tip: a similar argument exists: '--lr'\n\nUsage: ch01 [OPTIONS]\n\nFor more information, try '--help'.\n";
        assert_eq!(
            one_line(message),
            "error: unexpected argument '--lrr' found; tip: a similar argument exists: '--lr'"
        );
        let message = "error: invalid value 'x' for '--gate <GATE>'\n  [possible values: and, or, xor]\n\nFor more information, try '--help'.\n";
        assert!(one_line(message).ends_with("[possible values: and, or, xor]"));
    }

    /// Two flags as the chapters write them.
    #[derive(clap::Parser, Debug)]
    struct Flags {
        /// Seed (0 to 9223372036854775807).
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Learning rate (above 0, at most 10).
        #[arg(long, default_value_t = 0.5)]
        lr: f64,
    }

    /// The line `parse_args` prints for `args`.
    fn refused(args: &[&str]) -> String {
        let mut command = command::<Flags>();
        let args: Vec<std::ffi::OsString> = args.iter().map(Into::into).collect();
        let e = command.try_get_matches_from_mut(&args).unwrap_err();
        refusal(&e, &command, &args[1..]).expect("a refusal of a value")
    }

    #[test]
    fn values_that_do_not_parse_are_refused_with_flag_value_and_range() {
        assert_eq!(
            refused(&["p", "--seed", "-1"]),
            "error: invalid setting --seed: '-1' is too small (allowed: 0 to 9223372036854775807)"
        );
        assert_eq!(
            refused(&["p", "--seed=1.5"]),
            "error: invalid setting --seed: '1.5' is not a whole number (allowed: 0 to 9223372036854775807)"
        );
        assert!(refused(&["p", "--seed", "1e30"]).contains("'1e30' is too large"));
        assert!(refused(&["p", "--seed", "1e3"]).contains("'1e3' is not written in plain digits"));
        assert!(refused(&["p", "--lr", "1,5"])
            .ends_with("'1,5' is not a number (allowed: above 0, at most 10)"));
    }

    #[cfg(unix)]
    #[test]
    fn a_value_that_is_not_utf8_is_named_with_its_flag() {
        use std::os::unix::ffi::OsStringExt;
        let command = command::<Flags>();
        for args in [
            vec![
                "--lr".into(),
                std::ffi::OsString::from_vec(b"1\xff".to_vec()),
            ],
            vec![std::ffi::OsString::from_vec(b"--lr=1\xff".to_vec())],
        ] {
            assert_eq!(
                not_utf8(&command, &args),
                Some((Some("--lr".to_string()), "1\\xff".to_string()))
            );
        }
        let lone = [std::ffi::OsString::from_vec(b"\xff".to_vec())];
        assert_eq!(not_utf8(&command, &lone), Some((None, "\\xff".to_string())));
    }

    #[test]
    fn long_values_are_cut_and_control_characters_escaped() {
        let long = "x".repeat(10_000);
        assert!(shorten(&long).chars().count() < MAX_MESSAGE + 10);
        assert_eq!(shorten("a\nb"), "a\\nb");
    }
}
