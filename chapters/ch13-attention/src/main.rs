//! `cargo run -p ch13-attention [-- --help]`: prints the chapter's report and writes its
//! figures to `target/figures/ch13-attention/` (or `--figures DIR`); with `--long`, training
//! progress goes to stderr.

use std::path::PathBuf;
use std::process::ExitCode;

use ch13_attention::{run, Config};
use clap::Parser;

#[derive(Parser)]
#[command(
    version,
    about = "Chapter 13: attention, a small transformer with every backward pass derived — prints the report, writes the figures"
)]
struct Args {
    #[command(flatten)]
    config: Config,
    /// Do not print training progress on stderr.
    #[arg(long)]
    quiet: bool,
    /// Folder for the SVG figures [default: target/figures/ch13-attention/, beside the program].
    /// The book's own figures are refreshed with `--figures chapters/ch13-attention/figures --long`
    /// (the book draws the long run's figures).
    #[arg(long)]
    figures: Option<PathBuf>,
}

fn main() -> ExitCode {
    let args: Args = nn_core::cli::parse_args();
    let config = Config {
        progress: !args.quiet,
        ..args.config
    };
    nn_core::report::run_and_present("ch13-attention", args.figures, || run(&config))
}
