//! `cargo run -p ch05-softmax [-- --help]`: prints the chapter's report and writes its figures
//! to `target/figures/ch05-softmax/` (or `--figures DIR`); training progress goes to stderr.

use std::path::PathBuf;
use std::process::ExitCode;

use ch05_softmax::{run, Config};
use clap::Parser;

#[derive(Parser)]
#[command(
    version,
    about = "Chapter 5: softmax on real digits — prints the report, writes the figures"
)]
struct Args {
    #[command(flatten)]
    config: Config,
    /// Do not print training progress on stderr.
    #[arg(long)]
    quiet: bool,
    /// Folder for the SVG figures [default: target/figures/ch05-softmax/, beside the program].
    /// The book's own figures are refreshed with `--figures chapters/ch05-softmax/figures`.
    #[arg(long)]
    figures: Option<PathBuf>,
}

fn main() -> ExitCode {
    let args: Args = nn_core::cli::parse_args();
    let config = ch05_softmax::Config {
        progress: !args.quiet,
        ..args.config
    };
    nn_core::report::run_and_present("ch05-softmax", args.figures, || run(&config))
}
