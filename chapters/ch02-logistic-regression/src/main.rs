//! `cargo run -p ch02-logistic-regression [-- --help]`: prints the chapter's report and writes
//! its figures to `target/figures/ch02-logistic-regression/` (or `--figures DIR`); a long
//! run's progress goes to stderr.

use std::path::PathBuf;
use std::process::ExitCode;

use ch02_logistic_regression::{run, Config};
use clap::Parser;

#[derive(Parser)]
#[command(
    version,
    about = "Chapter 2: logistic regression whose cost never turns into NaN — prints the report, writes the figures"
)]
struct Args {
    #[command(flatten)]
    config: Config,
    /// Do not print progress on stderr (a long run, on a large --data file or with many
    /// --iterations, says how far it is about once a second).
    #[arg(long)]
    quiet: bool,
    /// Folder for the SVG figures [default: target/figures/ch02-logistic-regression/, beside the program].
    /// The book's own figures are refreshed with `--figures chapters/ch02-logistic-regression/figures`.
    #[arg(long)]
    figures: Option<PathBuf>,
}

fn main() -> ExitCode {
    let args: Args = nn_core::cli::parse_args();
    let config = Config {
        progress: !args.quiet,
        ..args.config
    };
    nn_core::report::run_and_present("ch02-logistic-regression", args.figures, || run(&config))
}
