//! The program driven as a user would run it: every mistake ends with exit status 2 and one
//! line that says what is wrong — never a panic.

use nn_core::cli::{assert_user_error, run_program};

const PROGRAM: &str = env!("CARGO_BIN_EXE_ch04-leaky-relu");

#[test]
fn an_unknown_flag() {
    assert_user_error(
        &run_program(PROGRAM, &["--no-such-flag"]),
        &["--no-such-flag"],
    );
}

#[test]
fn a_value_that_does_not_parse() {
    assert_user_error(
        &run_program(PROGRAM, &["--large-lr", "abc"]),
        &["'abc'", "--large-lr"],
    );
}

#[test]
fn a_value_out_of_range() {
    assert_user_error(
        &run_program(
            PROGRAM,
            &["--large-lr=0", "--figures", "/nonexistent/never-written"],
        ),
        &["invalid setting --large-lr"],
    );
}

#[test]
fn help_is_not_an_error() {
    let run = run_program(PROGRAM, &["--help"]);
    assert_eq!(run.code, Some(0));
    assert!(run.stdout.contains("Usage"), "{}", run.stdout);
}
