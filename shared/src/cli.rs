//! The command line of every chapter's program: flags parsed by clap, and every mistake a
//! user can make answered with exit status 2 and one line on stderr — never a panic.

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

/// The largest `--seed` of every chapter: 2⁶³ − 1. Chapters derive further seeds from it
/// (`seed + 1`, one per run of `--seeds`), and below this bound that arithmetic cannot wrap.
pub const MAX_SEED: u64 = i64::MAX as u64;

/// A setting that must lie in `range` (a count, a size, a probability): `Ok`, or the error
/// that names the flag and says what is allowed. One check for every numeric flag, so that
/// each refusal reads the same and each bound is stated where `--help` states it.
///
/// ```
/// assert!(nn_core::cli::within("epochs", 10, 1..=1_000_000).is_ok());
/// let e = nn_core::cli::within("epochs", 0, 1..=1_000_000).unwrap_err();
/// assert_eq!(e.to_string(), "invalid setting --epochs: from 1 to 1000000, not 0");
/// let e = nn_core::cli::within("smoothing", f64::NAN, 0.0..=0.5).unwrap_err();
/// assert_eq!(e.to_string(), "invalid setting --smoothing: from 0 to 0.5, not NaN");
/// ```
pub fn within<T: PartialOrd + std::fmt::Display>(
    flag: &'static str,
    value: T,
    range: std::ops::RangeInclusive<T>,
) -> crate::Result<()> {
    if range.contains(&value) {
        Ok(())
    } else {
        Err(crate::Error::Config {
            flag,
            reason: format!("from {} to {}, not {value}", range.start(), range.end()),
        })
    }
}

/// A rate: a finite number above zero and at most `max` (beyond it every chapter's training
/// overflows to infinities and NaN, which would be printed as if they were results).
///
/// ```
/// assert!(nn_core::cli::rate("lr", 0.5, 100.0).is_ok());
/// let e = nn_core::cli::rate("lr", 1e308, 100.0).unwrap_err();
/// assert_eq!(e.to_string(), "invalid setting --lr: above 0 and at most 100, not 1e308");
/// ```
pub fn rate(flag: &'static str, value: f64, max: f64) -> crate::Result<()> {
    positive(flag, value)?;
    if value > max {
        return Err(crate::Error::Config {
            flag,
            reason: format!("above 0 and at most {max}, not {value:e}"),
        });
    }
    Ok(())
}

/// `--seed` at most [`MAX_SEED`].
pub fn seed(value: u64) -> crate::Result<()> {
    within("seed", value, 0..=MAX_SEED)
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
    let escaped: String = text.chars().flat_map(char::escape_debug).collect();
    let escaped = escaped.replace("\\'", "'").replace("\\\"", "\"");
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
/// (an unknown flag, a value that does not parse) prints one line and exits 2. A value
/// starting with a hyphen is a value (`--lr -1` is refused as a rate, not taken for a flag). A newline in an
/// argument is escaped, so that the message stays one line.
pub fn parse_args<T: clap::Parser>() -> T {
    // A value may start with a hyphen (`--lr -1`, `--bias-init -inf`): it is then refused
    // as a value of its flag, not taken for an unknown flag.
    let mut command = T::command().mut_args(|arg| {
        if arg.get_action().takes_values() {
            arg.allow_hyphen_values(true)
        } else {
            arg
        }
    });
    let parsed = command
        .try_get_matches_from_mut(std::env::args_os())
        .and_then(|mut matches| T::from_arg_matches_mut(&mut matches));
    match parsed {
        Ok(args) => args,
        Err(e) => {
            let e = e.format(&mut command);
            if !e.use_stderr() {
                e.exit() // --help, --version
            }
            let message = one_line(&e.to_string());
            let _ = std::io::Write::write_all(
                &mut std::io::stderr(),
                format!("{message} (try --help)\n").as_bytes(),
            );
            std::process::exit(2);
        }
    }
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

    #[test]
    fn long_values_are_cut_and_control_characters_escaped() {
        let long = "x".repeat(10_000);
        assert!(shorten(&long).chars().count() < MAX_MESSAGE + 10);
        assert_eq!(shorten("a\nb"), "a\\nb");
    }
}
