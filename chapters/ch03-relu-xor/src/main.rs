//! `cargo run -p ch03-relu-xor [-- --help]`: prints the chapter's report and writes its
//! figures to `target/figures/ch03-relu-xor/` (or `--figures DIR`); a long run's progress goes to
//! stderr.

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
    /// Do not print progress on stderr (a long run says how far it is about once a second).
    #[arg(long)]
    quiet: bool,
    /// Folder for the SVG figures [default: target/figures/ch03-relu-xor/, beside the program].
    /// The book's own figures are refreshed with `--figures chapters/ch03-relu-xor/figures`.
    #[arg(long)]
    figures: Option<PathBuf>,
}

fn main() -> ExitCode {
    let args: Args = nn_core::cli::parse_args();
    let config = Config {
        progress: !args.quiet,
        ..args.config
    };
    nn_core::report::run_and_present("ch03-relu-xor", args.figures, || run(&config))
}
