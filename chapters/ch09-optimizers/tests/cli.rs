//! The program driven as a user would run it: every mistake ends with exit status 2 and one
//! line that says what is wrong — never a panic.

const PROGRAM: &str = env!("CARGO_BIN_EXE_ch09-optimizers");

nn_testkit::cli_tests!(PROGRAM, "--momentum", "1", "invalid setting --momentum");
