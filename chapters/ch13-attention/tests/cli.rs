//! The program driven as a user would run it: every mistake ends with exit status 2 and one
//! line that says what is wrong — never a panic.

const PROGRAM: &str = env!("CARGO_BIN_EXE_ch13-attention");

nn_testkit::cli_tests!(PROGRAM, "--depth", "1", "invalid setting --depth");

/// A prompt the models cannot read — a capital, a character outside the text, an empty one,
/// one longer than the window — is refused in one line naming --prompt.
#[test]
fn a_prompt_outside_the_vocabulary_or_the_window_is_refused() {
    let long = "a".repeat(33);
    for prompt in ["The", "naïve", "", "tab\there", long.as_str()] {
        let run = nn_testkit::run_program(PROGRAM, &["--prompt", prompt]);
        nn_testkit::assert_user_error(&run, &["--prompt"]);
        assert!(run.stdout.is_empty(), "{prompt:?}: {}", run.stdout);
    }
}
