//! `cargo run -p ch01-sigmoid-neuron [-- --help]`: prints the chapter's report and writes its
//! figures to `target/figures/ch01-sigmoid-neuron/` (or `--figures DIR`).

use std::path::PathBuf;
use std::process::ExitCode;

use ch01_sigmoid_neuron::{run, Config};
use clap::Parser;

#[derive(Parser)]
#[command(
    version,
    about = "Chapter 1: the sigmoid neuron — prints the report, writes the figures"
)]
struct Args {
    #[command(flatten)]
    config: Config,
    /// Folder for the SVG figures [default: target/figures/ch01-sigmoid-neuron/, beside the program].
    /// The book's own figures are refreshed with `--figures chapters/ch01-sigmoid-neuron/figures`.
    #[arg(long)]
    figures: Option<PathBuf>,
}

fn main() -> ExitCode {
    let args: Args = nn_core::cli::parse_args();
    nn_core::report::run_and_present("ch01-sigmoid-neuron", args.figures, || run(&args.config))
}
