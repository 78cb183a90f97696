//! `cargo run -p ch14-framework [-- --help]`: prints the chapter's report and writes its
//! figure to `target/figures/ch14-framework/` (or `--figures DIR`).

use std::path::PathBuf;
use std::process::ExitCode;

use ch14_framework::{run, Config};
use clap::Parser;

#[derive(Parser)]
#[command(
    version,
    about = "Chapter 14: from this book to a framework — prints the report, writes the figure"
)]
struct Args {
    #[command(flatten)]
    config: Config,
    /// Do not print progress on stderr.
    #[arg(long)]
    quiet: bool,
    /// Folder for the SVG figure [default: target/figures/ch14-framework/, beside the
    /// program]. The book's own figure is refreshed with `--figures
    /// chapters/ch14-framework/figures`.
    #[arg(long)]
    figures: Option<PathBuf>,
}

fn main() -> ExitCode {
    let args: Args = nn_core::cli::parse_args();
    let config = Config {
        progress: !args.quiet,
        ..args.config
    };
    nn_core::report::run_and_present("ch14-framework", args.figures, || run(&config))
}
