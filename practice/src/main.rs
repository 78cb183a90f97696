//! `cargo run -p practice [-- N] [--watch]`: grades chapter N's exercises, or shows the
//! progress over all chapters; `--watch` grades again whenever an exercise file is saved.

use std::io::{IsTerminal, Write};
use std::path::Path;
use std::process::{Command, ExitCode};
use std::sync::mpsc;
use std::time::Duration;

use clap::Parser;
use notify::{EventKind, RecursiveMode, Watcher};
use practice::grade::{grade, ChapterReport};
use practice::{chapters, Outcome};

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
    /// For CI: exit with status 1 unless every exercise is still "not yet attempted"
    #[arg(long, conflicts_with_all = ["chapter", "watch"])]
    expect_unattempted: bool,
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
    if let Some(n) = args.chapter {
        if !chapters().iter().any(|c| c.number as usize == n) {
            let range = practice::chapter_range();
            eprintln!("error: the chapter must be one of {range}, not {n} (try --help)");
            return ExitCode::from(2);
        }
    }
    if args.expect_unattempted {
        return expect_unattempted();
    }
    if args.watch {
        return watch(args.chapter);
    }
    let text = match args.chapter {
        Some(n) => {
            let chapters = chapters();
            let chapter = chapters
                .iter()
                .find(|c| c.number as usize == n)
                .expect("checked above");
            let outcomes = grade(chapter);
            ChapterReport { chapter, outcomes }.to_string()
        }
        None => progress(),
    };
    emit(&text)
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
fn progress() -> String {
    let mut text = String::from("Your progress (edit practice/src/exercises/chNN.rs):\n\n");
    let (mut passed, mut total) = (0, 0);
    for chapter in chapters() {
        let outcomes = grade(&chapter);
        let ok = outcomes
            .iter()
            .filter(|(_, o)| *o == Outcome::Passed)
            .count();
        let marks: Vec<String> = outcomes
            .iter()
            .map(|(e, o)| {
                let mark = match o {
                    Outcome::Passed => "✓",
                    Outcome::NotAttempted => "·",
                    Outcome::Wrong(_) => "✗",
                };
                format!("{} {mark}", e.id)
            })
            .collect();
        let title = format!("{:>2}. {}", chapter.number, chapter.title);
        text += &format!(
            "{title:<37} {ok} of {}   {}\n",
            outcomes.len(),
            marks.join("  ")
        );
        passed += ok;
        total += outcomes.len();
    }
    text += &format!(
        "\n{passed} of {total} exercises passed (✓ passed, ✗ wrong, · not yet attempted).\n"
    );
    text += "Grade one chapter, with hints: cargo run -p practice -- N   (add --watch to re-grade on save)";
    text
}

/// CI's check that the shipped files are stubs: every exercise "not yet attempted".
fn expect_unattempted() -> ExitCode {
    let mut text = String::new();
    let mut total = 0;
    for chapter in chapters() {
        for (e, outcome) in grade(&chapter) {
            total += 1;
            if outcome != Outcome::NotAttempted {
                text += &format!(
                    "exercise {} ({}) is {}, not a stub\n",
                    e.id,
                    e.function,
                    outcome.word()
                );
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

/// Grades (in a fresh `cargo run`, so that the saved code is compiled) now and after every save.
fn watch(chapter: Option<usize>) -> ExitCode {
    let crate_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let folder = crate_dir.join("src/exercises");
    let (tx, rx) = mpsc::channel();
    let watching = notify::recommended_watcher(tx)
        .and_then(|mut w| w.watch(&folder, RecursiveMode::NonRecursive).map(|()| w));
    let _watcher = match watching {
        Ok(w) => w,
        Err(e) => {
            eprintln!("error: cannot watch {}: {e}", folder.display());
            return ExitCode::from(2);
        }
    };
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let run = || {
        if std::io::stdout().is_terminal() {
            print!("\x1b[2J\x1b[H"); // clear the screen, as rustlings does
        }
        let mut command = Command::new(&cargo);
        command
            .args(["run", "-q", "-p", "practice", "--"])
            .current_dir(crate_dir);
        if let Some(n) = chapter {
            command.arg(n.to_string());
        }
        if let Err(e) = command.status() {
            eprintln!("error: cannot run cargo: {e}");
        }
        println!(
            "\nWatching {} — save a file to grade again, Ctrl-C to stop.",
            folder.display()
        );
    };
    run();
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
            run();
        }
    }
    ExitCode::SUCCESS
}
