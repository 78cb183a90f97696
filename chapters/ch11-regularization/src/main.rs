//! `cargo run -p ch11-regularization [-- --help]`: prints the chapter's report and writes its
//! figures to `target/figures/ch11-regularization/` (or `--figures DIR`); progress goes to stderr.

use std::path::PathBuf;
use std::process::ExitCode;

use ch11_regularization::{run, Config};
use clap::Parser;

#[derive(Parser)]
#[command(
    version,
    about = "Chapter 11: generalization — prints the report, writes the figures"
)]
struct Args {
    #[command(flatten)]
    config: Config,
    /// Do not print progress on stderr.
    #[arg(long)]
    quiet: bool,
    /// Folder for the SVG figures [default: target/figures/ch11-regularization/, beside the
    /// program]. The book's own figures are refreshed with `--figures
    /// chapters/ch11-regularization/figures --all`.
    #[arg(long)]
    figures: Option<PathBuf>,
}

fn main() -> ExitCode {
    let args: Args = nn_core::cli::parse_args();
    let config = Config {
        progress: !args.quiet,
        ..args.config
    };
    nn_core::report::run_and_present("ch11-regularization", args.figures, || run(&config))
}
