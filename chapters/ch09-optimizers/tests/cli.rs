//! The program driven as a user would run it: every mistake ends with exit status 2 and one
//! line that says what is wrong — never a panic.

const PROGRAM: &str = env!("CARGO_BIN_EXE_ch09-optimizers");

nn_testkit::cli_tests!(PROGRAM, "--momentum", "1", "invalid setting --momentum");

/// A run without --chapter7 in a folder where a --chapter7 run left section 7's two figures
/// removes them, says so, and leaves everything else there alone.
#[test]
fn a_run_removes_the_figures_an_earlier_run_left_and_nothing_else() {
    let dir = std::env::temp_dir().join(format!("ch09-stale-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for name in ["bits-sweep.svg", "bits-curves.svg", "mine.svg", "notes.txt"] {
        std::fs::write(dir.join(name), "from before").unwrap();
    }
    let folder = dir.to_str().unwrap();
    let run = nn_testkit::run_program(PROGRAM, &["--quiet", "--figures", folder]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("; removed 2 an earlier run left there (bits-sweep.svg, bits-curves.svg)"),
        "{}",
        run.stderr
    );
    let mut left: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| !name.starts_with("paths-") && !name.starts_with("sweep-"))
        .filter(|name| !name.starts_with("valley-") && !name.starts_with("digits-"))
        .collect();
    left.sort();
    assert_eq!(left, ["bias-correction.svg", "mine.svg", "notes.txt"]);
    assert_eq!(
        std::fs::read_to_string(dir.join("mine.svg")).unwrap(),
        "from before"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
