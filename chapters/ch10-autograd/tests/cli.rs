//! The program driven as a user would run it: every mistake ends with exit status 2 and one
//! line that says what is wrong — never a panic.

const PROGRAM: &str = env!("CARGO_BIN_EXE_ch10-autograd");

nn_testkit::cli_tests!(PROGRAM, "--hidden", "0", "invalid setting --hidden");
