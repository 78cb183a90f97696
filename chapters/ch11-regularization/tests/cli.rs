//! The program driven as a user would run it: every mistake ends with exit status 2 and one
//! line that says what is wrong — never a panic.

const PROGRAM: &str = env!("CARGO_BIN_EXE_ch11-regularization");

nn_testkit::cli_tests!(PROGRAM, "--dropout", "1", "invalid setting --dropout");

#[test]
fn a_tiny_training_set_still_has_a_validation_set() {
    // 20 images, a fifth of them for validation: 4, and 16 to train on.
    let run = nn_testkit::run_program(
        PROGRAM,
        &[
            "--train-size",
            "20",
            "--epochs",
            "3",
            "--seeds",
            "1",
            "--quiet",
        ],
    );
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(run.stdout.contains("20 training images (2 of each digit)"));
}
