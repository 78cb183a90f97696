//! The program driven as a user would run it: every mistake ends with exit status 2 and one
//! line that says what is wrong — never a panic.

const PROGRAM: &str = env!("CARGO_BIN_EXE_ch12-recurrent");

nn_testkit::cli_tests!(PROGRAM, "--hidden", "0", "invalid setting --hidden");

/// A prompt the language model cannot read — a capital, a character outside the text, an
/// empty one, a pasted page — is refused in one line naming --prompt.
#[test]
fn a_prompt_outside_the_vocabulary_is_refused() {
    let long = "a".repeat(10_000);
    for prompt in ["The", "naïve", "", "tab\there", long.as_str()] {
        let run = nn_testkit::run_program(PROGRAM, &["--prompt", prompt]);
        nn_testkit::assert_user_error(&run, &["--prompt"]);
        assert!(run.stdout.is_empty(), "{prompt:?}: {}", run.stdout);
    }
}
