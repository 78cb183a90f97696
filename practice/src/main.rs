//! `cargo run -p practice [-- N] [--watch]`: grades chapter N's exercises, or shows the
//! progress over all chapters; `--watch` grades again whenever an exercise file is saved.
//! Each exercise is graded in a process of its own, with a time limit ([`practice::isolate`]).

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use clap::Parser;
use notify::{EventKind, RecursiveMode, Watcher};
use practice::grade::{ChapterReport, Mark};
use practice::{chapters, isolate, Chapter, Verdict};

#[derive(Parser)]
#[command(
    version,
    about = "Grades the book's exercises: edit practice/src/exercises/chNN.rs, then run this"
)]
struct Args {
    // The chapter to grade: the help's text, with the chapters that have exercises, is
    // `chapter_help()`'s.
    #[arg(help = chapter_help())]
    chapter: Option<usize>,
    /// Grade again whenever you save a file in practice/src/exercises/ (stop with Ctrl-C)
    #[arg(long)]
    watch: bool,
    /// How long one exercise may take before it is stopped as "did not finish" (1 to 600)
    #[arg(long, value_name = "SECONDS", default_value_t = isolate::DEFAULT_LIMIT.as_secs(),
          value_parser = clap::value_parser!(u64).range(1..=600))]
    time_limit: u64,
    /// For CI: exit with status 1 unless every exercise is still "not yet attempted"
    #[arg(long, conflicts_with_all = ["chapter", "watch"])]
    expect_unattempted: bool,
    /// (Internal) grade exercise ID in this process and print its verdict for the parent
    #[arg(long, hide = true, value_name = "ID")]
    grade_one: Option<String>,
    /// (Internal) end when standard input closes: the watcher that started this run is gone
    #[arg(long, hide = true)]
    exit_with_parent: bool,
    /// (For tests) the folder --watch watches, instead of practice/src/exercises/
    #[arg(long, hide = true, value_name = "FOLDER", requires = "watch")]
    watch_folder: Option<PathBuf>,
}

/// `--help`'s line for CHAPTER: "(1 to 10)", the chapters that have exercises.
fn chapter_help() -> String {
    format!(
        "The chapter to grade ({}); without it, your progress over all chapters",
        practice::chapter_range()
    )
}

fn main() -> ExitCode {
    let args: Args = nn_core::cli::parse_args();
    if let Some(id) = &args.grade_one {
        return grade_one(id);
    }
    if args.exit_with_parent {
        isolate::exit_with_parent();
    }
    if let Some(n) = args.chapter {
        if !chapters().iter().any(|c| c.number as usize == n) {
            let range = practice::chapter_range();
            eprintln!("error: the chapter must be one of {range}, not {n} (try --help)");
            return ExitCode::from(2);
        }
    }
    let limit = Duration::from_secs(args.time_limit);
    if args.watch {
        let folder = args
            .watch_folder
            .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("src/exercises"));
        return watch(args.chapter, args.time_limit, &folder);
    }
    let chapters: Vec<Chapter> = chapters()
        .into_iter()
        .filter(|c| args.chapter.is_none_or(|n| c.number as usize == n))
        .collect();
    let verdicts = match grade_in_children(&chapters, limit) {
        Ok(verdicts) => verdicts,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    if args.expect_unattempted {
        return expect_unattempted(&chapters, &verdicts);
    }
    let text = match args.chapter {
        Some(_) => ChapterReport {
            chapter: &chapters[0],
            verdicts: chapters[0]
                .exercises
                .iter()
                .zip(verdicts[0].clone())
                .collect(),
        }
        .to_string(),
        None => progress(&chapters, &verdicts),
    };
    emit(&text)
}

/// The child's side of isolation: grades one exercise and prints its verdict.
fn grade_one(id: &str) -> ExitCode {
    let chapters = chapters();
    let exercise = chapters
        .iter()
        .flat_map(|c| &c.exercises)
        .find(|e| e.id == id);
    match exercise {
        Some(exercise) => {
            isolate::serve(exercise);
            ExitCode::SUCCESS
        }
        None => {
            eprintln!("error: no exercise {id}");
            ExitCode::from(2)
        }
    }
}

/// Grades every exercise of `chapters`, each in a child process (this program again, with
/// `--grade-one`), several at once: the verdicts, chapter by chapter.
fn grade_in_children(chapters: &[Chapter], limit: Duration) -> Result<Vec<Vec<Verdict>>, String> {
    let me = std::env::current_exe()
        .map_err(|e| format!("cannot find this program to grade in a child process: {e}"))?;
    let commands = chapters
        .iter()
        .flat_map(|c| &c.exercises)
        .map(|e| {
            let mut command = Command::new(&me);
            command.args(["--grade-one", e.id]);
            command
        })
        .collect();
    let mut all = isolate::grade_all(commands, limit).into_iter();
    Ok(chapters
        .iter()
        .map(|c| all.by_ref().take(c.exercises.len()).collect())
        .collect())
}

/// Prints `text` and a newline; a closed stdout (`| head`) is no error, another failure to
/// write is one line and status 2.
fn emit(text: &str) -> ExitCode {
    let mut out = std::io::stdout().lock();
    match writeln!(out, "{text}").and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            eprintln!("error: cannot write to stdout: {e}");
            ExitCode::from(2)
        }
        _ => ExitCode::SUCCESS,
    }
}

/// One line per chapter: how many passed, and a mark for each exercise.
fn progress(chapters: &[Chapter], verdicts: &[Vec<Verdict>]) -> String {
    let mut text = String::from("Your progress (edit practice/src/exercises/chNN.rs):\n\n");
    let (mut passed, mut total) = (0, 0);
    for (chapter, verdicts) in chapters.iter().zip(verdicts) {
        let ok = verdicts.iter().filter(|v| v.mark == Mark::Passed).count();
        let marks: Vec<String> = chapter
            .exercises
            .iter()
            .zip(verdicts)
            .map(|(e, v)| format!("{} {}", e.id, v.mark.sign()))
            .collect();
        let title = format!("{:>2}. {}", chapter.number, chapter.title);
        text += &format!(
            "{title:<37} {ok} of {}   {}\n",
            verdicts.len(),
            marks.join("  ")
        );
        passed += ok;
        total += verdicts.len();
    }
    text += &format!(
        "\n{passed} of {total} exercises passed (✓ passed, ✗ wrong, · not yet attempted).\n"
    );
    text += "Grade one chapter, with hints: cargo run -p practice -- N   (add --watch to re-grade on save)";
    text
}

/// CI's check that the shipped files are stubs: every exercise "not yet attempted".
fn expect_unattempted(chapters: &[Chapter], verdicts: &[Vec<Verdict>]) -> ExitCode {
    let mut text = String::new();
    let mut total = 0;
    for (chapter, verdicts) in chapters.iter().zip(verdicts) {
        for (e, verdict) in chapter.exercises.iter().zip(verdicts) {
            total += 1;
            if verdict.mark != Mark::NotAttempted {
                text += &format!(
                    "exercise {} ({}) is {}, not a stub\n",
                    e.id,
                    e.function,
                    verdict.mark.word()
                );
                for line in verdict.why.lines() {
                    text += &format!("    {line}\n");
                }
            }
        }
    }
    if text.is_empty() {
        emit(&format!(
            "All {total} exercises are stubs: not yet attempted."
        ))
    } else {
        emit(text.trim_end());
        ExitCode::FAILURE
    }
}

/// Grades (in a fresh `cargo run`, so that the saved code is compiled) now and after every
/// save in `folder`.
fn watch(chapter: Option<usize>, time_limit: u64, folder: &Path) -> ExitCode {
    let crate_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (tx, rx) = mpsc::channel();
    let watching = notify::recommended_watcher(tx)
        .and_then(|mut w| w.watch(folder, RecursiveMode::NonRecursive).map(|()| w));
    let _watcher = match watching {
        Ok(w) => w,
        Err(e) => {
            eprintln!("error: cannot watch {}: {e}", folder.display());
            return ExitCode::from(2);
        }
    };
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let terminal = std::io::stdout().is_terminal();
    let run = |first: bool| {
        let mut out = std::io::stdout().lock();
        if terminal {
            // Clear the screen, as rustlings does — and flush now: the report that follows is
            // written by another process, straight to the terminal.
            let _ = write!(out, "\x1b[2J\x1b[H");
        }
        let building = if first {
            "Building your exercises and grading them (the first build compiles the chapters too: about 4 minutes on two cores, measured from a fresh clone; after that, about a second)…"
        } else {
            "Saved: building and grading…"
        };
        let _ = writeln!(out, "{building}").and_then(|()| out.flush());
        drop(out);
        let mut command = Command::new(&cargo);
        command
            .args(["run", "-q", "-p", "practice", "--"])
            .args([
                "--exit-with-parent",
                "--time-limit",
                &time_limit.to_string(),
            ])
            .args(chapter.map(|n| n.to_string()))
            .current_dir(crate_dir)
            // A pipe this process holds: when it ends (Ctrl-C), the grader ends too.
            .stdin(Stdio::piped());
        let started = Instant::now();
        let finished = command.spawn().and_then(|mut child| {
            let pipe = child.stdin.take(); // `wait` would close it
            let status = child.wait();
            drop(pipe);
            status
        });
        match finished {
            Ok(_) => println!(
                "\nBuilt and graded in {:.1} s. Watching {} — save a file to grade again, Ctrl-C to stop.",
                started.elapsed().as_secs_f64(),
                folder.display()
            ),
            Err(e) => eprintln!("error: cannot run cargo: {e}"),
        }
    };
    run(true);
    while let Ok(event) = rx.recv() {
        let saved = event.is_ok_and(|e| {
            matches!(e.kind, EventKind::Modify(_) | EventKind::Create(_))
                && e.paths
                    .iter()
                    .any(|p| p.extension().is_some_and(|x| x == "rs"))
        });
        if saved {
            // An editor's save is several events (write, rename, attributes): take them all.
            while rx.recv_timeout(Duration::from_millis(200)).is_ok() {}
            run(false);
        }
    }
    ExitCode::SUCCESS
}
