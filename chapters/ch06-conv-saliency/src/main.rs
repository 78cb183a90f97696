//! `cargo run -p ch06-conv-saliency [-- --help]`: prints the chapter's report and writes its
//! figures to `target/figures/ch06-conv-saliency/` (or `--figures DIR`); training progress goes to stderr.

use std::path::PathBuf;
use std::process::ExitCode;

use ch06_conv_saliency::{run, Config};
use clap::Parser;

#[derive(Parser)]
#[command(
    version,
    about = "Chapter 6: convolution and gradient saliency maps — prints the report, writes the figures"
)]
struct Args {
    #[command(flatten)]
    config: Config,
    /// Do not print training progress on stderr.
    #[arg(long)]
    quiet: bool,
    /// Folder for the SVG figures [default: target/figures/ch06-conv-saliency/, beside the program].
    /// The book's own figures are refreshed with `--figures chapters/ch06-conv-saliency/figures`.
    #[arg(long)]
    figures: Option<PathBuf>,
}

fn main() -> ExitCode {
    let args: Args = nn_core::cli::parse_args();
    let config = Config {
        progress: !args.quiet,
        ..args.config
    };
    nn_core::report::run_and_present("ch06-conv-saliency", args.figures, || run(&config))
}
