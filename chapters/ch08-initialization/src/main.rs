//! `cargo run -p ch08-initialization [-- --help]`: prints the chapter's report and writes its
//! figures to `chapters/ch08-initialization/figures/`; training progress goes to stderr.

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
    /// Folder for the SVG figures.
    #[arg(long, default_value = concat!(env!("CARGO_MANIFEST_DIR"), "/figures"))]
    figures: PathBuf,
}

fn main() -> ExitCode {
    let args: Args = nn_core::cli::parse_args();
    let config = Config {
        progress: !args.quiet,
        ..args.config
    };
    nn_core::report::present(run(&config), &args.figures)
}
