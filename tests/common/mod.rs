//! Checks every chapter's test file shares.

use std::path::Path;

use nn_core::report::ChapterReport;

/// Each figure the report draws must equal the committed `chapters/<chapter>/figures/<name>.svg`:
/// the figures in the book are the ones the code draws today.
pub fn assert_figures_current(chapter: &str, report: &impl ChapterReport) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("chapters")
        .join(chapter)
        .join("figures");
    let figures = report.figures().expect("the figures render");
    assert!(!figures.is_empty(), "{chapter} draws no figure");
    for (name, svg) in figures {
        let path = dir.join(format!("{name}.svg"));
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == svg.as_str(),
            "{} is missing or differs from a fresh render: run `cargo run -p {chapter}` and commit it",
            path.display()
        );
    }
}

/// The printed report is the chapter's heading and its sections, in order: so snapshotting
/// the sections one by one pins every line the program prints.
pub fn assert_report_is_its_sections(
    report: &impl std::fmt::Display,
    heading: &str,
    sections: &[(&str, String)],
) {
    let mut expected = format!("{heading}\n");
    for (_, text) in sections {
        expected.push('\n');
        expected.push_str(text);
    }
    assert_eq!(report.to_string(), expected);
}
