//! `cargo run -p ch09-optimizers [-- --help]`: prints the chapter's report and writes its
//! figures to `chapters/ch09-optimizers/figures/`.

use std::path::PathBuf;
use std::process::ExitCode;

use ch09_optimizers::{run, Config};
use clap::Parser;

#[derive(Parser)]
#[command(
    version,
    about = "Chapter 9: optimizers — prints the report, writes the figures"
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
