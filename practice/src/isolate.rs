//! Each exercise graded in a process of its own, with a time limit.
//!
//! A reader's answer can do worse than return a wrong number: loop forever, recurse until the
//! stack overflows (which aborts the whole process: no panic to catch), or abort. Graded in
//! the grader's own process, any of these would end or hang the report with no exercise
//! named. So the program runs each exercise in a child process — itself again, told which
//! exercise to grade ([`serve`]) — and the parent ([`grade_in_child`]) turns what happened into
//! that exercise's verdict: the child's own verdict, or "did not finish in 5 s", "overflowed
//! the stack", "crashed". Every other exercise is still graded and printed.
//!
//! A child holds a pipe from its parent as its standard input and ends when that pipe closes:
//! when the parent ends — finished, killed, or stopped with Ctrl-C — nothing it started is
//! left running. (The same holds one level up for `--watch`, which runs the grader so.)

use std::io::{Read, Write};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::thread;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::grade::{Exercise, Mark, Verdict};

/// The line a child prints its verdict on starts with this; the rest is JSON.
const MARKER: &str = "practice-verdict: ";

/// How long an exercise may take by default: the checks take milliseconds.
pub const DEFAULT_LIMIT: Duration = Duration::from_secs(5);

/// The child's side: grades `exercise` in this process and prints its verdict on one line.
/// Ends the process when its standard input — the parent's pipe — closes.
pub fn serve(exercise: &Exercise) {
    exit_with_parent();
    let verdict = exercise.grade().verdict();
    let mark = match verdict.mark {
        Mark::Passed => "passed",
        Mark::NotAttempted => "not attempted",
        Mark::Wrong => "wrong",
    };
    let line = json!({ "mark": mark, "why": verdict.why });
    let mut out = std::io::stdout().lock();
    // A parent that is gone reads nothing: nothing to report then.
    let _ = writeln!(out, "{MARKER}{line}").and_then(|()| out.flush());
}

/// Ends this process as soon as its standard input reaches its end: the parent that started
/// it with a pipe there has ended (the pipe is never written to).
pub fn exit_with_parent() {
    thread::spawn(|| {
        let mut byte = [0u8; 1];
        while let Ok(1) = std::io::stdin().read(&mut byte) {}
        std::process::exit(3);
    });
}

/// The parent's side: runs `command` (a child that [`serve`]s one exercise) with at most
/// `limit` to finish, and reads its verdict — or says what stopped it.
pub fn grade_in_child(mut command: Command, limit: Duration) -> Verdict {
    command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = match command.spawn() {
        Ok(child) => child,
        Err(e) => {
            return Verdict::new(
                Mark::Wrong,
                format!("the grader could not start a process to grade it: {e}"),
            )
        }
    };
    // Held open while the child runs: its end tells the child that this process is gone.
    let pipe = child.stdin.take();
    let stdout = read_all(child.stdout.take());
    let stderr = read_all(child.stderr.take());
    let finished = wait(&mut child, limit);
    drop(pipe);
    let (stdout, stderr) = (
        stdout.join().unwrap_or_default(),
        stderr.join().unwrap_or_default(),
    );
    // The verdict's line; what the reader's code printed before it on that line (a `print!`
    // without a newline) and on the others is theirs.
    let mut verdict_line = None;
    let mut printed: Vec<&str> = Vec::new();
    for line in stdout.lines() {
        match line.find(MARKER) {
            Some(k) => {
                verdict_line = Some(&line[k + MARKER.len()..]);
                printed.push(&line[..k]);
            }
            None => printed.push(line),
        }
    }
    let overflow = stderr.contains("has overflowed its stack");
    printed.extend(stderr.lines().filter(|l| !is_runtime_message(l)));
    printed.retain(|l| !l.trim().is_empty());
    let mut verdict = match finished {
        None => Verdict::new(
            Mark::Wrong,
            format!(
                "your function did not finish in {}: a loop that never ends — in it, or in another of your functions it calls? (the checks take milliseconds; each exercise gets {} before it is stopped)",
                seconds(limit),
                seconds(limit)
            ),
        ),
        Some(status) => match verdict_line {
            Some(line) => parse(line),
            None if overflow => Verdict::new(
                Mark::Wrong,
                "your function overflowed the stack — a recursion that never ends? (each call must come closer to a case that returns without calling again; or loop instead of recursing)",
            ),
            None => Verdict::new(Mark::Wrong, ended(status)),
        },
    };
    verdict.printed = printed.join("\n");
    verdict
}

/// Grades every command (each a child for one exercise), as many at once as there are
/// cores; the verdicts in the commands' order.
pub fn grade_all(commands: Vec<Command>, limit: Duration) -> Vec<Verdict> {
    let jobs: Vec<Mutex<Option<Command>>> =
        commands.into_iter().map(|c| Mutex::new(Some(c))).collect();
    let verdicts: Vec<Mutex<Option<Verdict>>> = jobs.iter().map(|_| Mutex::new(None)).collect();
    let next = AtomicUsize::new(0);
    let workers = thread::available_parallelism().map_or(2, |n| n.get());
    thread::scope(|s| {
        for _ in 0..workers.min(jobs.len()) {
            s.spawn(|| loop {
                let k = next.fetch_add(1, Ordering::Relaxed);
                let Some(job) = jobs.get(k) else { break };
                let command = job.lock().expect("a job").take().expect("taken once");
                let verdict = grade_in_child(command, limit);
                *verdicts[k].lock().expect("a verdict") = Some(verdict);
            });
        }
    });
    verdicts
        .into_iter()
        .map(|v| v.into_inner().expect("a verdict").expect("every job run"))
        .collect()
}

/// At most this much of a child's output is kept (a loop that prints would fill the memory).
const KEPT: usize = 1 << 16;

/// Reads a child's output to its end on a thread of its own (a full pipe would stop the
/// child), keeping its first [`KEPT`] bytes and its last line (where the verdict is).
fn read_all(source: Option<impl Read + Send + 'static>) -> thread::JoinHandle<String> {
    thread::spawn(move || {
        let mut kept = Vec::new();
        let mut last_line = Vec::new();
        let mut buffer = [0u8; 8192];
        if let Some(mut source) = source {
            while let Ok(n) = source.read(&mut buffer) {
                if n == 0 {
                    break;
                }
                let room = KEPT.saturating_sub(kept.len()).min(n);
                kept.extend_from_slice(&buffer[..room]);
                for &byte in &buffer[..n] {
                    if byte == b'\n' {
                        last_line.clear();
                    } else {
                        last_line.push(byte);
                    }
                }
            }
        }
        if kept.len() >= KEPT {
            kept.extend_from_slice(b"\n\xe2\x80\xa6\n"); // "…": the rest was cut
            kept.extend_from_slice(&last_line);
        }
        String::from_utf8_lossy(&kept).into_owned()
    })
}

/// The child's exit status, or `None` (and the child killed) when `limit` passed first.
fn wait(child: &mut Child, limit: Duration) -> Option<ExitStatus> {
    let start = Instant::now();
    let mut pause = Duration::from_millis(1);
    loop {
        if let Ok(Some(status)) = child.try_wait() {
            return Some(status);
        }
        if start.elapsed() >= limit {
            let _ = child.kill();
            let _ = child.wait();
            return None;
        }
        thread::sleep(pause);
        pause = (pause * 2).min(Duration::from_millis(20));
    }
}

/// A child's verdict line, parsed.
fn parse(line: &str) -> Verdict {
    let value: Value = serde_json::from_str(line).unwrap_or(Value::Null);
    let mark = match value["mark"].as_str() {
        Some("passed") => Mark::Passed,
        Some("not attempted") => Mark::NotAttempted,
        _ => Mark::Wrong,
    };
    Verdict::new(mark, value["why"].as_str().unwrap_or_default())
}

/// What a child that ended without a verdict did.
fn ended(status: ExitStatus) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if let Some(signal) = status.signal() {
            let name = match signal {
                6 => " (SIGABRT: std::process::abort, or a panic while panicking)",
                11 => " (SIGSEGV)",
                9 => " (SIGKILL: out of memory?)",
                _ => "",
            };
            return format!(
                "your function crashed the process that graded it: signal {signal}{name}"
            );
        }
    }
    match status.code() {
        Some(code) => format!(
            "your function ended the process that graded it with exit status {code}, before any verdict: std::process::exit in your code?"
        ),
        None => "the process that graded it ended without a verdict".to_string(),
    }
}

/// The runtime's own lines about a stack overflow, said in the verdict instead.
fn is_runtime_message(line: &str) -> bool {
    line.contains("has overflowed its stack") || line.starts_with("fatal runtime error")
}

/// A duration as "5 s" or "0.5 s".
fn seconds(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s.fract() == 0.0 {
        format!("{s:.0} s")
    } else {
        format!("{s:.1} s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_verdict_line_round_trips() {
        let line = json!({ "mark": "wrong", "why": "a: b\nhint: \"quoted\" ∂L/∂W" }).to_string();
        assert!(!line.contains('\n'));
        assert_eq!(
            parse(&line),
            Verdict::new(Mark::Wrong, "a: b\nhint: \"quoted\" ∂L/∂W")
        );
        assert_eq!(parse(r#"{"mark":"passed","why":""}"#).mark, Mark::Passed);
    }

    #[test]
    fn durations_read_as_seconds() {
        assert_eq!(seconds(Duration::from_secs(5)), "5 s");
        assert_eq!(seconds(Duration::from_millis(1500)), "1.5 s");
    }
}
