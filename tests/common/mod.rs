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

/// The tests every chapter has: its default report computed once (`report()`), each section
/// of the printed report snapshotted (the book quotes these snapshot files; the printed text
/// is the heading and these sections, by `nn_core::report::write_report`), and its committed
/// figures equal to a fresh render.
#[macro_export]
macro_rules! chapter_tests {
    ($krate:ident, $folder:literal) => {
        /// The default run, computed once for all the tests of this file.
        fn report() -> &'static $krate::Report {
            static REPORT: std::sync::OnceLock<$krate::Report> = std::sync::OnceLock::new();
            REPORT.get_or_init(|| {
                $krate::run(&$krate::Config::default()).expect("the default configuration runs")
            })
        }

        #[test]
        fn report_snapshots() {
            let report = report();
            assert!(report.to_string().starts_with($krate::report::HEADING));
            for (name, text) in report.sections() {
                insta::assert_snapshot!(name, text);
            }
        }

        #[test]
        fn figures_are_current() {
            common::assert_figures_current($folder, report());
        }
    };
}
