//! `cargo run -p ch02-logistic-regression [-- --help]`: prints the chapter's report and writes
//! its figures to `chapters/ch02-logistic-regression/figures/`.

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
    /// Folder for the SVG figures.
    #[arg(long, default_value = concat!(env!("CARGO_MANIFEST_DIR"), "/figures"))]
    figures: PathBuf,
}

fn main() -> ExitCode {
    let args: Args = nn_core::cli::parse_args();
    nn_core::report::present(run(&args.config), &args.figures)
}
