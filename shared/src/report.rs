//! What every chapter's program does after its experiment: print the report, write the
//! figures, and turn an error into a sentence and an exit code instead of a panic.

use std::fmt::{self, Display};
use std::path::Path;
use std::process::ExitCode;

use crate::plot::{write_figures, Svg};
use crate::Result;

/// A chapter's report: the text the program prints (and the snapshot test pins) and the
/// figures it draws, each with its file name (without `.svg`).
pub trait ChapterReport: Display {
    fn figures(&self) -> Result<Vec<(&'static str, Svg)>>;
}

/// Writes a report as every chapter prints it: the chapter's heading, then each section's text
/// after a blank line. Each chapter's `Display` is this, so the snapshots of its sections pin
/// every line the program prints.
pub fn write_report(
    f: &mut fmt::Formatter<'_>,
    heading: &str,
    sections: &[(&'static str, String)],
) -> fmt::Result {
    writeln!(f, "{heading}")?;
    for (_, text) in sections {
        writeln!(f)?;
        write!(f, "{text}")?;
    }
    Ok(())
}

/// Prints the report on stdout and writes its figures to `figures_dir`; on an error prints
/// `error: …` on stderr. Returns the process's exit code: 0, or 2 on an error (a bad file or
/// setting, like a bad flag).
pub fn present(result: Result<impl ChapterReport>, figures_dir: &Path) -> ExitCode {
    let outcome = result.and_then(|report| {
        print!("{report}");
        let written = write_figures(figures_dir, &report.figures()?)?;
        eprintln!(
            "wrote {} figure(s) to {}",
            written.len(),
            figures_dir.display()
        );
        Ok(())
    });
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}
