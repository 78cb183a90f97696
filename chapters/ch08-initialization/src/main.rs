//! `cargo run -p ch08-initialization [-- --help]`: prints the chapter's report and writes its
//! figures to `target/figures/ch08-initialization/` (or `--figures DIR`); training progress goes to stderr.

use std::path::PathBuf;
use std::process::ExitCode;

use ch08_initialization::{run, Config};
use clap::Parser;

#[derive(Parser)]
#[command(
    version,
    about = "Chapter 8: initialization, measured layer by layer — prints the report, writes the figures"
)]
struct Args {
    #[command(flatten)]
    config: Config,
    /// Do not print training progress on stderr.
    #[arg(long)]
    quiet: bool,
    /// Folder for the SVG figures [default: target/figures/ch08-initialization/, beside the program].
    /// The book's own figures are refreshed with `--figures chapters/ch08-initialization/figures`.
    #[arg(long)]
    figures: Option<PathBuf>,
}

fn main() -> ExitCode {
    let args: Args = nn_core::cli::parse_args();
    let config = Config {
        progress: !args.quiet,
        ..args.config
    };
    nn_core::report::run_and_present("ch08-initialization", args.figures, || run(&config))
}
