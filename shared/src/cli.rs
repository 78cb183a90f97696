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
