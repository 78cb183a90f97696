//! `cargo run -p ch09-optimizers [-- --help]`: prints the chapter's report and writes its
//! figures to `target/figures/ch09-optimizers/` (or `--figures DIR`).

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
    /// Do not print progress on stderr (a long run says how far it is about once a second).
    #[arg(long)]
    quiet: bool,
    /// Folder for the SVG figures [default: target/figures/ch09-optimizers/, beside the program].
    /// The book's own figures, section 7's included, are refreshed with `--chapter7 --figures
    /// chapters/ch09-optimizers/figures`; a run without --chapter7 removes section 7's two
    /// figures from the folder it writes to, where an earlier run left them.
    #[arg(long)]
    figures: Option<PathBuf>,
}

fn main() -> ExitCode {
    let args: Args = nn_core::cli::parse_args();
    let config = Config {
        progress: !args.quiet,
        ..args.config
    };
    nn_core::report::run_and_present("ch09-optimizers", args.figures, || run(&config))
}
