//! Each exercise graded in a process of its own: an answer that loops forever, overflows the
//! stack, aborts or exits is that exercise's verdict, and every other exercise is still graded
//! and printed; a child ends when its parent does; `--watch` works in a terminal (a
//! pseudo-terminal, through util-linux's `script`) and leaves nothing running when it is
//! stopped with Ctrl-C.
//!
//! The children are this test program again, running the test `child` with the case to serve
//! in PRACTICE_TEST_CHILD (the program itself runs `practice --grade-one ID`; both serve
//! through `practice::isolate::serve`).

#[path = "../answers/ch01.rs"]
mod answer_ch01;
#[path = "../answers/ch10.rs"]
mod answer_ch10;

use std::io::Read;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use practice::checks::{ch01, ch10};
use practice::grade::{ChapterReport, Mark};
use practice::isolate::{grade_all, grade_in_child, serve};
use practice::{Chapter, NodeLocals, Verdict};

const CASE: &str = "PRACTICE_TEST_CHILD";

/// 1.1 that never returns.
fn sigmoid_looping(z: f64) -> f64 {
    let mut x = z;
    loop {
        x = std::hint::black_box(x.sin());
    }
}

/// 1.1 that aborts the process.
fn sigmoid_aborting(_z: f64) -> f64 {
    std::process::abort()
}

/// 1.1 that ends the process.
fn sigmoid_exiting(_z: f64) -> f64 {
    std::process::exit(7)
}

/// 1.1, right, printing as it goes (a reader's debugging), the last time without a newline.
fn sigmoid_printing(z: f64) -> f64 {
    if z == 0.0 {
        println!("sigmoid(0) called");
    }
    if z == 1e308 {
        print!("the last call");
    }
    answer_ch01::sigmoid(z)
}

/// 1.1 that prints without end.
fn sigmoid_chattering(_z: f64) -> f64 {
    loop {
        println!("still here, still here, still here, still here");
    }
}

/// 1.3 without the bias.
fn weighted_sums_without_bias(
    x: &ndarray::Array2<f64>,
    w: &ndarray::Array1<f64>,
    _b: f64,
) -> ndarray::Array1<f64> {
    x.dot(w)
}

/// 10.2 as a recursion that calls itself on the node it is at, never on an input.
fn sweep_recursing(locals: &[NodeLocals], output: usize) -> Vec<f64> {
    fn visit(locals: &[NodeLocals], v: usize, grad: &mut Vec<f64>) {
        for &(_, d) in &locals[v] {
            visit(locals, v, grad);
            grad[v] += d; // after the call: no tail call to turn into a loop
        }
    }
    let mut grad = vec![0.0; locals.len()];
    visit(locals, output, &mut grad);
    grad
}

/// The chapter a case grades, and the exercise.
fn case(name: &str) -> (Chapter, &'static str) {
    let one = practice::bind_ch01!(answer_ch01);
    let ten = practice::bind_ch10!(answer_ch10);
    let with_sigmoid = |f: fn(f64) -> f64| {
        let mut c = one;
        c.sigmoid = f;
        ch01::chapter(c)
    };
    match name {
        "loop" => (with_sigmoid(sigmoid_looping), "1.1"),
        "abort" => (with_sigmoid(sigmoid_aborting), "1.1"),
        "exit" => (with_sigmoid(sigmoid_exiting), "1.1"),
        "print" => (with_sigmoid(sigmoid_printing), "1.1"),
        "chatter" => (with_sigmoid(sigmoid_chattering), "1.1"),
        "right" => (ch01::chapter(one), "1.2"),
        "no bias" => {
            let mut c = one;
            c.weighted_sums = weighted_sums_without_bias;
            (ch01::chapter(c), "1.3")
        }
        "overflow" => {
            let mut c = ten;
            c.reverse_sweep = sweep_recursing;
            (ch10::chapter(c), "10.2")
        }
        other => panic!("no case {other}"),
    }
}

/// The child's side: serves the case named in PRACTICE_TEST_CHILD; nothing without it.
#[test]
fn child() {
    let Ok(name) = std::env::var(CASE) else {
        return;
    };
    match name.as_str() {
        // A grader that hangs and says who it is, for the watcher's Ctrl-C test.
        "hang" => {
            practice::isolate::exit_with_parent();
            println!("grader pid {}", std::process::id());
            loop {
                std::thread::sleep(Duration::from_millis(10));
            }
        }
        // A grader's report, for the watcher's terminal test.
        "report" => println!("Chapter 1: the report"),
        _ => {
            let (chapter, id) = case(&name);
            let exercise = chapter
                .exercises
                .iter()
                .find(|e| e.id == id)
                .expect("an exercise");
            serve(exercise);
        }
    }
}

/// This test program, told to serve `name`.
fn child_command(name: &str) -> Command {
    let mut command = Command::new(std::env::current_exe().expect("this test program"));
    command
        .args([
            "child",
            "--exact",
            "--nocapture",
            "--test-threads",
            "1",
            "-q",
        ])
        .env(CASE, name);
    command
}

/// Generous: only the loop is meant to reach its limit.
const PLENTY: Duration = Duration::from_secs(60);

#[test]
fn a_loop_that_never_ends_is_its_exercises_verdict() {
    let started = Instant::now();
    let verdict = grade_in_child(child_command("loop"), Duration::from_secs(1));
    assert_eq!(verdict.mark, Mark::Wrong);
    assert!(
        verdict
            .why
            .starts_with("your function did not finish in 1 s: a loop that never ends"),
        "{}",
        verdict.why
    );
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn a_stack_overflow_is_its_exercises_verdict() {
    let verdict = grade_in_child(child_command("overflow"), PLENTY);
    assert_eq!(verdict.mark, Mark::Wrong);
    assert!(
        verdict
            .why
            .starts_with("your function overflowed the stack — a recursion that never ends?"),
        "{verdict:?}"
    );
    // The runtime's own lines are said in the verdict, not shown again as printed.
    assert!(
        !verdict.printed.contains("overflowed"),
        "{}",
        verdict.printed
    );
}

#[test]
fn an_abort_or_an_exit_is_its_exercises_verdict() {
    let verdict = grade_in_child(child_command("abort"), PLENTY);
    assert_eq!(verdict.mark, Mark::Wrong);
    assert!(
        verdict
            .why
            .contains("crashed the process that graded it: signal 6 (SIGABRT"),
        "{verdict:?}"
    );
    let verdict = grade_in_child(child_command("exit"), PLENTY);
    assert_eq!(verdict.mark, Mark::Wrong);
    assert!(
        verdict
            .why
            .contains("with exit status 7, before any verdict"),
        "{verdict:?}"
    );
}

#[test]
fn a_verdict_crosses_from_the_child_whole() {
    let verdict = grade_in_child(child_command("no bias"), PLENTY);
    let (chapter, _) = case("no bias");
    let in_process = chapter.exercises[2].grade().verdict();
    assert_eq!(verdict.mark, Mark::Wrong);
    assert_eq!(verdict.why, in_process.why);
    // What the reader's code prints is kept, and shown under its exercise.
    let verdict = grade_in_child(child_command("print"), PLENTY);
    assert_eq!(verdict.mark, Mark::Passed, "{verdict:?}");
    assert!(verdict.printed.contains("sigmoid(0) called"), "{verdict:?}");
    assert!(verdict.printed.contains("the last call"), "{verdict:?}");
}

/// A loop that prints without end keeps only the start of what it printed.
#[test]
fn a_loop_that_prints_is_stopped_and_cut() {
    let verdict = grade_in_child(child_command("chatter"), Duration::from_secs(1));
    assert!(
        verdict.why.contains("did not finish in 1 s"),
        "{}",
        verdict.why
    );
    assert!(
        verdict.printed.starts_with("running 1 test\nstill here"),
        "{}",
        &verdict.printed[..100]
    );
    assert!(
        verdict.printed.len() < 70_000,
        "{} bytes kept",
        verdict.printed.len()
    );
}

/// A chapter whose first exercise loops forever: the other two are graded and the report
/// names all three, in order.
#[test]
fn the_other_exercises_are_still_graded_and_printed() {
    let commands = ["loop", "right", "no bias"].map(child_command).into();
    let verdicts = grade_all(commands, Duration::from_secs(2));
    let marks: Vec<Mark> = verdicts.iter().map(|v| v.mark).collect();
    assert_eq!(marks, [Mark::Wrong, Mark::Passed, Mark::Wrong]);
    let (chapter, _) = case("right");
    let report = ChapterReport {
        chapter: &chapter,
        verdicts: chapter.exercises.iter().zip(verdicts).collect(),
    }
    .to_string();
    let lines: Vec<&str> = report.lines().collect();
    assert!(
        lines[3].starts_with("1.1 the sigmoid for every finite input — wrong"),
        "{report}"
    );
    assert!(lines[4].contains("did not finish in 2 s"), "{report}");
    assert!(
        report.contains("1.2 the sigmoid's derivative — passed"),
        "{report}"
    );
    assert!(
        report.contains("1.3 the neuron's weighted sums for a batch — wrong"),
        "{report}"
    );
    assert!(report.contains("hint: the bias b is missing"), "{report}");
    assert!(
        report.ends_with("1 of 3 passed. The answers: practice/answers/ch01.rs"),
        "{report}"
    );
}

/// A child whose parent is gone — its pipe closed — ends, even in a loop that never ends.
#[test]
fn a_child_ends_with_its_parent() {
    let mut child = child_command("loop")
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .expect("the child starts");
    std::thread::sleep(Duration::from_millis(300));
    drop(child.stdin.take());
    let ended = wait_for(
        || child.try_wait().ok().flatten().is_some(),
        Duration::from_secs(10),
    );
    if !ended {
        let _ = child.kill();
    }
    assert!(ended, "the child went on after its parent's pipe closed");
}

/// Polls `done` every 20 ms until it holds or `limit` passes.
fn wait_for(mut done: impl FnMut() -> bool, limit: Duration) -> bool {
    let start = Instant::now();
    while start.elapsed() < limit {
        if done() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    done()
}

/// A folder of its own for one test, and in it a stand-in for cargo: a script that runs this
/// test program's `child` with the case the watcher's environment names.
fn scratch(name: &str) -> (PathBuf, PathBuf) {
    let dir = std::env::temp_dir().join(format!("practice-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let watched = dir.join("exercises");
    std::fs::create_dir_all(&watched).expect("a scratch folder");
    let cargo = dir.join("cargo");
    let me = std::env::current_exe().expect("this test program");
    let script = format!(
        "#!/bin/sh\nexec '{}' child --exact --nocapture --test-threads 1 -q\n",
        me.display()
    );
    std::fs::write(&cargo, script).expect("the stand-in for cargo");
    let made_executable = Command::new("chmod").arg("+x").arg(&cargo).status();
    assert!(made_executable.is_ok_and(|s| s.success()));
    (watched, cargo)
}

/// Everything a child writes to `source`, collected as it comes.
fn collect(mut source: impl Read + Send + 'static) -> Arc<Mutex<String>> {
    let text = Arc::new(Mutex::new(String::new()));
    let sink = Arc::clone(&text);
    std::thread::spawn(move || {
        let mut buffer = [0u8; 4096];
        while let Ok(n) = source.read(&mut buffer) {
            if n == 0 {
                break;
            }
            sink.lock()
                .expect("the text")
                .push_str(&String::from_utf8_lossy(&buffer[..n]));
        }
    });
    text
}

/// Stops `child` (and with it what it started) at the end of a test, also a failed one.
struct Stop(Child);

impl Drop for Stop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

const WATCH_WAIT: Duration = Duration::from_secs(30);

/// In a terminal, the screen is cleared before each report, not after it: the report stays
/// on screen under the watcher's first line, and the "Watching" line follows it — on the
/// first run and after a save. (The clear-screen sequence was once buffered and written with
/// the "Watching" line, after the report, erasing it.)
#[test]
fn watch_mode_keeps_the_report_on_screen_in_a_terminal() {
    let (watched, cargo) = scratch("watch");
    let program = env!("CARGO_BIN_EXE_practice");
    let command = format!(
        "'{program}' 1 --watch --watch-folder '{}'",
        watched.display()
    );
    let script = Command::new("script")
        .args(["-qfec", &command, "/dev/null"])
        .env("CARGO", &cargo)
        .env(CASE, "report")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("util-linux's script runs the watcher in a pseudo-terminal");
    let mut script = Stop(script);
    let screen = collect(script.0.stdout.take().expect("piped"));
    let text = || screen.lock().expect("the text").clone();
    assert!(
        wait_for(|| text().matches("Watching").count() == 1, WATCH_WAIT),
        "{}",
        text()
    );
    std::fs::write(watched.join("ch01.rs"), "// saved\n").expect("a save");
    assert!(
        wait_for(|| text().matches("Watching").count() == 2, WATCH_WAIT),
        "{}",
        text()
    );
    let text = text();
    let clear = "\x1b[2J\x1b[H";
    let screens: Vec<&str> = text.split(clear).skip(1).collect();
    assert_eq!(screens.len(), 2, "{text:?}");
    for screen in screens {
        // What stays on screen after the clear: the line, the report, the "Watching" line.
        let report = screen
            .find("Chapter 1: the report")
            .expect("the report after the clear");
        let watching = screen.find("Watching").expect("the Watching line");
        assert!(report < watching, "{screen:?}");
        assert!(screen.contains("Built and graded in"), "{screen:?}");
    }
    assert!(
        text.contains("the first build compiles the chapters too"),
        "{text:?}"
    );
    let _ = std::fs::remove_dir_all(watched.parent().expect("the scratch folder"));
}

/// Ctrl-C sent to the watcher alone (SIGINT to its process, not to the terminal's group)
/// ends the grading run it started, even one that hangs.
#[test]
fn stopping_the_watcher_stops_the_grader_it_started() {
    let (watched, cargo) = scratch("stop");
    let watcher = Command::new(env!("CARGO_BIN_EXE_practice"))
        .args(["--watch", "--watch-folder"])
        .arg(&watched)
        .env("CARGO", &cargo)
        .env(CASE, "hang")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the watcher starts");
    let mut watcher = Stop(watcher);
    let out = collect(watcher.0.stdout.take().expect("piped"));
    let pid = || {
        let text = out.lock().expect("the text").clone();
        let line = text.lines().find_map(|l| l.strip_prefix("grader pid "))?;
        line.trim().parse::<u32>().ok()
    };
    assert!(
        wait_for(|| pid().is_some(), WATCH_WAIT),
        "{}",
        out.lock().unwrap()
    );
    let grader = pid().expect("the grader's pid");
    // Running: its /proc entry is there and it is no zombie waiting to be reaped.
    let alive = |pid: u32| {
        std::fs::read_to_string(format!("/proc/{pid}/stat")).is_ok_and(|stat| {
            stat.rsplit(')')
                .next()
                .is_some_and(|rest| !rest.trim_start().starts_with('Z'))
        })
    };
    assert!(alive(grader));
    let interrupted = Command::new("kill")
        .args(["-INT", &watcher.0.id().to_string()])
        .status();
    assert!(interrupted.is_ok_and(|s| s.success()));
    assert!(
        wait_for(|| !alive(grader), Duration::from_secs(10)),
        "the grader {grader} still runs"
    );
    let _ = std::fs::remove_dir_all(watched.parent().expect("the scratch folder"));
}

/// The report a verdict of each kind gives, as a type check that `Verdict` is what the
/// program prints from.
#[test]
fn verdicts_are_what_the_report_prints() {
    let (chapter, _) = case("right");
    let verdicts = vec![
        Verdict::new(Mark::Passed, ""),
        Verdict::new(Mark::NotAttempted, ""),
        Verdict::new(Mark::Wrong, "your function did not finish in 5 s: …"),
    ];
    let report = ChapterReport {
        chapter: &chapter,
        verdicts: chapter.exercises.iter().zip(verdicts).collect(),
    }
    .to_string();
    assert!(
        report.contains(
            "1.2 the sigmoid's derivative — not yet attempted\n    write `sigmoid_prime`"
        ),
        "{report}"
    );
    assert!(
        report.contains("— wrong\n    your function did not finish in 5 s"),
        "{report}"
    );
}
