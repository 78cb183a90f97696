//! `cargo run -p ch04-leaky-relu [-- --help]`: prints the chapter's report and writes its
//! figures to `target/figures/ch04-leaky-relu/` (or `--figures DIR`); a long run's progress goes to
//! stderr.

use std::path::PathBuf;
use std::process::ExitCode;

use ch04_leaky_relu::{run, Config};
use clap::Parser;

#[derive(Parser)]
#[command(
    version,
    about = "Chapter 4: leaky ReLU and dead units — prints the report, writes the figures"
)]
struct Args {
    #[command(flatten)]
    config: Config,
    /// Do not print progress on stderr (a long run says how far it is about once a second).
    #[arg(long)]
    quiet: bool,
    /// Folder for the SVG figures [default: target/figures/ch04-leaky-relu/, beside the program].
    /// The book's own figures are refreshed with `--figures chapters/ch04-leaky-relu/figures`.
    #[arg(long)]
    figures: Option<PathBuf>,
}

fn main() -> ExitCode {
    let args: Args = nn_core::cli::parse_args();
    let config = Config {
        progress: !args.quiet,
        ..args.config
    };
    nn_core::report::run_and_present("ch04-leaky-relu", args.figures, || run(&config))
}
