//! `cargo run -p ch12-recurrent [-- --help]`: prints the chapter's report and writes its
//! figures to `target/figures/ch12-recurrent/` (or `--figures DIR`); with `--long`, training
//! progress goes to stderr.

use std::path::PathBuf;
use std::process::ExitCode;

use ch12_recurrent::{run, Config};
use clap::Parser;

#[derive(Parser)]
#[command(
    version,
    about = "Chapter 12: recurrent networks, backpropagation through time — prints the report, writes the figures"
)]
struct Args {
    #[command(flatten)]
    config: Config,
    /// Do not print training progress on stderr.
    #[arg(long)]
    quiet: bool,
    /// Folder for the SVG figures [default: target/figures/ch12-recurrent/, beside the program].
    /// The book's own figures are refreshed with `--figures chapters/ch12-recurrent/figures --long`
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
    nn_core::report::run_and_present("ch12-recurrent", args.figures, || run(&config))
}
