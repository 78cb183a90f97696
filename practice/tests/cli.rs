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

/// The number of chapters with exercises (binding the reader's functions runs none of them).
fn chapters() -> usize {
    practice::chapters().len()
}

#[test]
fn a_chapter_without_exercises() {
    let range = format!("the chapter must be from 1 to {}", chapters());
    for bad in [
        "0".to_string(),
        (chapters() + 1).to_string(),
        "1000".to_string(),
    ] {
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
    // The range is written in main.rs's doc comment of `chapter`: update it with a chapter.
    let range = format!("(1 to {})", chapters());
    assert!(
        run.stdout.contains(&range),
        "--help should say {range}: {}",
        run.stdout
    );
    assert!(run.stdout.contains("--watch"), "{}", run.stdout);
}
