//! The program driven as a user would run it: every mistake ends with exit status 2 and one
//! line that says what is wrong — never a panic.

const PROGRAM: &str = env!("CARGO_BIN_EXE_ch14-framework");

nn_testkit::cli_tests!(
    PROGRAM,
    "--weight-decay",
    "2",
    "invalid setting --weight-decay"
);

/// "the program prints a clear line that no GPU path was compiled" (CI's build has no `cuda`).
#[test]
fn a_build_without_cuda_says_so_in_one_line() {
    let run = nn_testkit::run_program(PROGRAM, &["--adam-steps", "1", "--epochs", "1"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let gpu: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| l.starts_with("GPU"))
        .collect();
    if cfg!(feature = "cuda") {
        assert_eq!(gpu.len(), 1, "{}", run.stdout);
    } else {
        assert_eq!(
            gpu,
            ["GPU: no GPU path compiled; build with `--features cuda` (needs the CUDA toolkit) to look for one."]
        );
    }
}
