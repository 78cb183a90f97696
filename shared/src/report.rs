//! What every chapter's program does after its experiment: print the report, write the
//! figures, and turn an error into a sentence and an exit code instead of a panic.

use std::fmt::{self, Display};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use crate::plot::{write_figures, Svg};
use crate::{Error, Result};

/// A chapter's report: the text the program prints (and the snapshot test pins) and the
/// figures it draws, each with its file name (without `.svg`).
pub trait ChapterReport: Display {
    fn figures(&self) -> Result<Vec<(&'static str, Svg)>>;

    /// The names of the figures this chapter draws only with some flags (chapter 9's
    /// `--chapter7`). A run that does not draw one removes its file left in the figures folder
    /// by an earlier run, so that the folder holds this run's figures only; other files there
    /// are left alone.
    fn optional_figures(&self) -> &'static [&'static str] {
        &[]
    }
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

/// Where a chapter's program writes its figures when `--figures` is not given: beside the
/// program, in the build folder, at `target/figures/<chapter>/` (ignored by git). The book's
/// own figures in `chapters/<chapter>/figures/` change only on request
/// (`--figures chapters/<chapter>/figures`), so experimenting with flags never edits the book.
pub fn default_figures_dir(chapter: &str) -> PathBuf {
    let target = std::env::current_exe()
        .ok()
        .and_then(|exe| Some(exe.parent()?.parent()?.to_path_buf()))
        .unwrap_or_else(std::env::temp_dir);
    target.join("figures").join(chapter)
}

/// Creates `dir` and checks that a file can be written in it, before the (maybe long) run.
/// A file where the folder should be, or where one of the folders above it should be, is
/// refused as such (the system would say "File exists" or "Not a directory").
pub fn prepare_figures_dir(dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|source| {
        let file = dir
            .ancestors()
            .find(|p| std::fs::metadata(p).is_ok_and(|m| !m.is_dir()));
        let allowed = "(allowed: a folder; it is created if missing)";
        match file {
            Some(file) if file == dir => Error::Config {
                flag: "figures",
                reason: format!("'{}' is a file, not a folder {allowed}", dir.display()),
            },
            Some(file) => Error::Config {
                flag: "figures",
                reason: format!(
                    "'{}' lies under '{}', which is a file, not a folder {allowed}",
                    dir.display(),
                    file.display()
                ),
            },
            None => Error::Io {
                action: "create the figures folder",
                path: dir.to_path_buf(),
                source,
            },
        }
    })?;
    let probe = dir.join(".write-test");
    std::fs::write(&probe, b"").map_err(|source| Error::Io {
        action: "write into the figures folder",
        path: dir.to_path_buf(),
        source,
    })?;
    let _ = std::fs::remove_file(probe);
    Ok(())
}

/// Prints one line of progress on stderr, as `eprintln!` does; but a stderr that cannot be
/// written (a closed pipe, as in `cargo run -p … 2>&1 | head -3`) is no reason to stop, where
/// `eprintln!` would panic: the report goes to stdout, and the run goes on.
#[macro_export]
macro_rules! progress {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

/// Progress of a long run, on stderr: [`Progress::tick`] counts one finished piece of work (a
/// training run, an epoch) and prints `what: done/total, about N s left` — at most one line a
/// second over the whole program and none in its first second, so that a quick run prints
/// nothing and a long one says how far it is and how long it has to go. Ticks may come from
/// several threads (rayon's). Silent unless `on`: the programs turn it on, `--quiet` off;
/// tests and notebooks leave it off.
///
/// ```
/// let p = nn_core::report::Progress::new(false, "section 6, the learning-rate sweep", 30);
/// p.tick(); // off: prints nothing
/// assert_eq!(p.line(12, std::time::Duration::from_secs(8)), "section 6, the learning-rate sweep: 12/30, about 12 s left");
/// ```
#[derive(Debug)]
pub struct Progress {
    what: String,
    total: usize,
    done: AtomicUsize,
    started: Instant,
    on: bool,
}

/// When the program printed its last progress line (or started counting progress).
static LAST_LINE: Mutex<Option<Instant>> = Mutex::new(None);
/// The shortest time between two progress lines.
const PROGRESS_EVERY: Duration = Duration::from_secs(1);

impl Progress {
    /// A counter of `total` pieces of work, described by `what` ("section 3, trainings").
    pub fn new(on: bool, what: impl Into<String>, total: usize) -> Self {
        let started = Instant::now();
        if on {
            let mut last = LAST_LINE.lock().unwrap_or_else(PoisonError::into_inner);
            last.get_or_insert(started);
        }
        Progress {
            what: what.into(),
            total,
            done: AtomicUsize::new(0),
            started,
            on,
        }
    }

    /// One more piece done; prints the line if a second has passed since the last one.
    pub fn tick(&self) {
        let done = self.done.fetch_add(1, Ordering::Relaxed) + 1;
        if !self.on {
            return;
        }
        let now = Instant::now();
        {
            let mut last = LAST_LINE.lock().unwrap_or_else(PoisonError::into_inner);
            if now.duration_since(*last.get_or_insert(now)) < PROGRESS_EVERY {
                return;
            }
            *last = Some(now);
        }
        progress!("{}", self.line(done, now.duration_since(self.started)));
    }

    /// The line printed after `done` pieces in `elapsed`: the time left is the time so far,
    /// scaled to the pieces left.
    pub fn line(&self, done: usize, elapsed: Duration) -> String {
        let left = self.total.saturating_sub(done);
        let mut line = format!("{}: {done}/{}", self.what, self.total);
        if done > 0 && left > 0 {
            let seconds = elapsed.as_secs_f64() * left as f64 / done as f64;
            line.push_str(&format!(", about {} s left", seconds.ceil()));
        }
        line
    }
}

/// A chapter program's whole life after its flags: checks the figures folder (`figures`, or
/// [`default_figures_dir`]), runs the experiment, prints the report, writes the figures and
/// says where. Returns the exit code: 0, or 2 with one line `error: …` on stderr.
pub fn run_and_present<R: ChapterReport>(
    chapter: &str,
    figures: Option<PathBuf>,
    run: impl FnOnce() -> Result<R>,
) -> ExitCode {
    let dir = figures.unwrap_or_else(|| default_figures_dir(chapter));
    if let Err(e) = prepare_figures_dir(&dir) {
        return fail(&e);
    }
    present(run(), &dir)
}

/// Prints the report on stdout and writes its figures to `figures_dir`; on an error prints
/// `error: …` on stderr. Returns the process's exit code: 0, or 2 on an error (a bad file or
/// setting, like a bad flag). A closed stdout (`| head -1`) ends the program quietly, as it
/// does `ls`; a stdout that cannot be written (a full disk) is an error like any other.
pub fn present(result: Result<impl ChapterReport>, figures_dir: &Path) -> ExitCode {
    let outcome = result.and_then(|report| {
        let mut out = std::io::stdout().lock();
        let printed = write!(out, "{report}").and_then(|()| out.flush());
        match printed {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => return Ok(()),
            Err(source) => {
                return Err(Error::Io {
                    action: "write the report to",
                    path: PathBuf::from("stdout"),
                    source,
                })
            }
            Ok(()) => {}
        }
        let mut figures = report.figures()?;
        let changed = crate::cli::changed_settings();
        if !changed.is_empty() {
            let note = format!("drawn with {} (not the defaults)", changed.join(" "));
            for (_, svg) in &mut figures {
                *svg = svg.with_note(&note);
            }
        }
        let written = write_figures(figures_dir, &figures)?;
        let removed = remove_stale_figures(figures_dir, report.optional_figures(), &figures)?;
        let removed = if removed.is_empty() {
            String::new()
        } else {
            format!(
                "; removed {} an earlier run left there ({})",
                removed.len(),
                removed.join(", ")
            )
        };
        let _ = writeln!(
            std::io::stderr(),
            "wrote {} figure(s) to {}{removed}",
            written.len(),
            figures_dir.display()
        );
        Ok(())
    });
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(&e),
    }
}

/// Removes `dir/<name>.svg` for each of `optional` that this run did not draw (`drawn`), if
/// it is there; returns the file names removed.
fn remove_stale_figures(
    dir: &Path,
    optional: &[&str],
    drawn: &[(&str, Svg)],
) -> Result<Vec<String>> {
    let mut removed = Vec::new();
    for name in optional
        .iter()
        .filter(|n| !drawn.iter().any(|(d, _)| d == *n))
    {
        let file = format!("{name}.svg");
        let path = dir.join(&file);
        if path.is_file() {
            std::fs::remove_file(&path).map_err(|source| Error::Io {
                action: "remove the earlier run's figure",
                path,
                source,
            })?;
            removed.push(file);
        }
    }
    Ok(removed)
}

/// Prints `error: …` as one line on stderr; exit code 2.
fn fail(e: &Error) -> ExitCode {
    let _ = writeln!(
        std::io::stderr(),
        "error: {}",
        crate::cli::shorten(&e.to_string())
    );
    ExitCode::from(2)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fresh folder under the system's temporary folder.
    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("nn-core-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn a_file_given_as_the_figures_folder_is_called_a_file() {
        let dir = scratch("figures-file");
        let file = dir.join("notes.txt");
        std::fs::write(&file, "mine").unwrap();
        let e = prepare_figures_dir(&file).unwrap_err().to_string();
        assert_eq!(
            e,
            format!(
                "invalid setting --figures: '{}' is a file, not a folder (allowed: a folder; \
                 it is created if missing)",
                file.display()
            )
        );
        let e = prepare_figures_dir(&file.join("figures"))
            .unwrap_err()
            .to_string();
        assert!(
            e.contains(&format!("lies under '{}', which is a file", file.display())),
            "{e}"
        );
        assert_eq!(std::fs::read_to_string(&file).unwrap(), "mine");
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn only_the_chapter_s_own_stale_figures_are_removed() {
        let dir = scratch("stale");
        for name in ["extra.svg", "drawn.svg", "unrelated.svg", "notes.txt"] {
            std::fs::write(dir.join(name), "old").unwrap();
        }
        let drawn = [("drawn", Svg(String::new()))];
        let removed = remove_stale_figures(&dir, &["extra", "drawn", "absent"], &drawn).unwrap();
        assert_eq!(removed, ["extra.svg"]);
        let mut left: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(left, ["drawn.svg", "notes.txt", "unrelated.svg"]);
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn progress_says_how_far_and_how_long_to_go() {
        let p = Progress::new(false, "trainings", 4);
        // 1 of 4 in 3 s: 3 left at 3 s each.
        assert_eq!(
            p.line(1, Duration::from_secs(3)),
            "trainings: 1/4, about 9 s left"
        );
        assert_eq!(p.line(4, Duration::from_secs(12)), "trainings: 4/4");
        assert_eq!(p.line(0, Duration::ZERO), "trainings: 0/4");
    }
}
