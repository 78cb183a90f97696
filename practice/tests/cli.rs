//! The program driven as a user would run it: a mistake in the arguments ends with exit status
//! 2 and one line that names the argument. (Only refusals and --help: a run that grades would
//! read the reader's files, which the tests never do.)

use nn_testkit::{assert_user_error, run_program};

const PROGRAM: &str = env!("CARGO_BIN_EXE_practice");

#[test]
fn an_unknown_flag() {
    let run = run_program(PROGRAM, &["--no-such-flag"]);
    assert_user_error(&run, &["--no-such-flag"]);
}

#[test]
fn a_chapter_that_does_not_parse() {
    for bad in ["abc", "-1", "3.5", "", "99999999999999999999999"] {
        let run = run_program(PROGRAM, &[bad]);
        assert_user_error(&run, &["CHAPTER"]);
    }
}

/// The numbers of the chapters with exercises (binding the reader's functions runs none of them).
fn chapters() -> Vec<usize> {
    practice::chapters()
        .iter()
        .map(|c| c.number as usize)
        .collect()
}

#[test]
fn a_chapter_without_exercises() {
    let range = format!("the chapter must be one of {}", practice::chapter_range());
    let last = *chapters().last().expect("a chapter");
    // 0, past the last, far past it, and any number in a gap (a chapter without exercises yet).
    let gaps = (1..last).filter(|n| !chapters().contains(n));
    let bad = [0, last + 1, 1000].into_iter().chain(gaps);
    for bad in bad.map(|n| n.to_string()) {
        let run = run_program(PROGRAM, &[&bad]);
        assert_user_error(&run, &[&range, &bad]);
    }
}

#[test]
fn the_ci_check_takes_no_chapter() {
    let run = run_program(PROGRAM, &["--expect-unattempted", "2"]);
    assert_user_error(&run, &["--expect-unattempted"]);
}

#[test]
fn help_states_the_range_and_is_not_an_error() {
    let run = run_program(PROGRAM, &["--help"]);
    assert_eq!(run.code, Some(0));
    // The range is computed from the chapters that have exercises: "(1 to 10)".
    let range = format!("({})", practice::chapter_range());
    assert!(
        run.stdout.contains(&range),
        "--help should say {range}: {}",
        run.stdout
    );
    assert!(run.stdout.contains("--watch"), "{}", run.stdout);
}

#[test]
fn a_time_limit_outside_its_range() {
    for bad in ["0", "601", "-1", "abc", "2.5", ""] {
        let run = run_program(PROGRAM, &["--time-limit", bad, "1"]);
        assert_user_error(&run, &["--time-limit"]);
    }
}

/// The child's flag names an exercise that exists (it grades one in this process: only a
/// refusal is tried here, the tests never grade the reader's files).
#[test]
fn grading_one_exercise_needs_one_that_exists() {
    let run = run_program(PROGRAM, &["--grade-one", "99.9"]);
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    assert!(run.stderr.contains("no exercise 99.9"), "{}", run.stderr);
}
