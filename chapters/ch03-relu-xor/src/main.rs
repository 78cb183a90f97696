//! `cargo run -p ch03-relu-xor [-- --help]`: prints the chapter's report and writes its
//! figures to `chapters/ch03-relu-xor/figures/`.

use std::path::PathBuf;
use std::process::ExitCode;

use ch03_relu_xor::{run, Config};
use clap::Parser;

#[derive(Parser)]
#[command(
    version,
    about = "Chapter 3: a ReLU network learns XOR — prints the report, writes the figures"
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
