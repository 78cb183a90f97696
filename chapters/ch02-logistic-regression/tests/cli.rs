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
