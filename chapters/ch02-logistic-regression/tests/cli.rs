//! The program driven as a user would run it: every mistake ends with exit status 2 and one
//! line that says what is wrong — never a panic.

use nn_testkit::{assert_user_error, run_program, Run};

const PROGRAM: &str = env!("CARGO_BIN_EXE_ch02-logistic-regression");

nn_testkit::cli_tests!(PROGRAM, "--threshold", "1.5", "invalid setting --threshold");

fn data_file(name: &str, text: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("ch02-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn with_data(path: &std::path::Path) -> Run {
    run_program(PROGRAM, &["--data", path.to_str().unwrap()])
}

#[test]
fn a_missing_file_and_a_directory() {
    assert_user_error(
        &with_data(std::path::Path::new("/no/such/file.csv")),
        &["/no/such/file.csv", "cannot read data file"],
    );
    let dir = std::env::temp_dir();
    assert_user_error(
        &with_data(&dir),
        &["cannot read data file", dir.to_str().unwrap()],
    );
}

#[test]
fn an_empty_file() {
    let path = data_file("empty.csv", "");
    assert_user_error(&with_data(&path), &["empty.csv", "the file is empty"]);
}

#[test]
fn a_ragged_row_names_its_line() {
    let path = data_file("ragged.csv", "3,2,a,b\n1,2,0\n3,4\n5,6,1\n");
    assert_user_error(
        &with_data(&path),
        &["ragged.csv", "line 3", "expected 3 cells"],
    );
}

#[test]
fn a_non_numeric_cell_names_line_column_and_text() {
    let path = data_file("text.csv", "3,2,a,b\n1,2,0\n3,x7,1\n5,6,1\n");
    assert_user_error(
        &with_data(&path),
        &["text.csv", "line 3", "column 2", "'x7'"],
    );
}

#[test]
fn a_label_out_of_range() {
    let path = data_file("label.csv", "3,2,a,b\n1,2,0\n3,4,2\n5,6,1\n");
    assert_user_error(
        &with_data(&path),
        &["label.csv", "line 3", "label '2' names no class"],
    );
    let path = data_file("negative.csv", "1,2,0\n3,4,-1\n");
    assert_user_error(
        &with_data(&path),
        &["negative.csv", "line 2", "not a non-negative integer"],
    );
}

#[test]
fn the_wrong_number_of_features() {
    let path = data_file("features.csv", "3,5,a,b\n1,2,0\n3,4,1\n5,6,1\n");
    assert_user_error(
        &with_data(&path),
        &[
            "features.csv",
            "the header says 5 features, the rows have 2",
        ],
    );
}

#[test]
fn three_classes_for_logistic_regression() {
    let path = data_file("three.csv", "1,0\n2,1\n3,2\n");
    assert_user_error(&with_data(&path), &["three.csv", "needs two classes"]);
}

/// Hostile data files, generated: each ends in a report or in one line that names the file,
/// and no report shows a NaN beyond the chapter's own (section 4's naive cost, labelled).
#[test]
fn hostile_data_files_end_in_a_report_or_one_line() {
    let rows = |f: &dyn Fn(usize) -> String| (0..60).map(f).collect::<String>();
    let x = |i: usize| ((i * 37) % 11) as f64 / 3.0 + (i % 2) as f64 * 0.5;
    let cases: Vec<(&str, String, bool)> = vec![
        (
            "semicolons.csv",
            rows(&|i| format!("{};{};{}\n", x(i), x(i + 3), i % 2)),
            true,
        ),
        (
            "tabs.csv",
            rows(&|i| format!("{}\t{}\t{}\n", x(i), x(i + 3), i % 2)),
            true,
        ),
        (
            "constant.csv",
            rows(&|i| format!("{},3.0,{}\n", x(i), i % 2)),
            false,
        ),
        (
            "subnormal.csv",
            rows(&|i| format!("{},{:e},{}\n", x(i), x(i + 1) * 1e-310, i % 2)),
            false,
        ),
        (
            "huge.csv",
            rows(&|i| format!("{},{:e},{}\n", x(i), x(i + 1) * 1e300, i % 2)),
            false,
        ),
        (
            "decimal-comma.csv",
            rows(&|i| format!("{};{};{}\n", x(i), x(i + 3), i % 2).replace('.', ",")),
            false,
        ),
        (
            "stray-quote.csv",
            format!(
                "\"{}",
                rows(&|i| format!("{},{},{}\n", x(i), x(i + 3), i % 2)).repeat(500)
            ),
            false,
        ),
        ("nul-bytes.csv", "\0".repeat(5000), false),
        (
            "one-class.csv",
            rows(&|i| format!("{},{},0\n", x(i), x(i + 3))),
            false,
        ),
    ];
    let baseline = run_program(PROGRAM, &[]).stdout.matches("NaN").count();
    let mut problems = Vec::new();
    for (name, text, accepted) in &cases {
        let path = data_file(name, text);
        let run = with_data(&path);
        if *accepted {
            let nan = run.stdout.matches("NaN").count();
            if run.code != Some(0) || nan > baseline {
                problems.push(format!(
                    "{name}: exit {:?}, {nan} NaN: {}",
                    run.code, run.stderr
                ));
            }
        } else if let Some(p) = nn_testkit::refusal_problem(&run, name) {
            problems.push(format!("{name}: {p}"));
        }
    }
    for device in ["/dev/zero", "/dev/null"] {
        if std::path::Path::new(device).exists() {
            let run = with_data(std::path::Path::new(device));
            if let Some(p) = nn_testkit::refusal_problem(&run, device) {
                problems.push(format!("{device}: {p}"));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
