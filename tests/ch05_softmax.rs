//! Chapter 5: the printed report (snapshots, one per section, quoted by the book), the
//! figures, and the claims the chapter makes.

mod common;

use std::sync::OnceLock;

use ch05_softmax::{run, Config, Report};

/// The default run, computed once for all the tests here.
fn report() -> &'static Report {
    static REPORT: OnceLock<Report> = OnceLock::new();
    REPORT.get_or_init(|| run(&Config::default()).expect("the default configuration runs"))
}

#[test]
fn report_snapshots() {
    let report = report();
    let sections = report.sections();
    common::assert_report_is_its_sections(
        report,
        "Chapter 5: softmax on real digits, label smoothing, and which output activation",
        &sections,
    );
    for (name, text) in sections {
        insta::assert_snapshot!(name, text);
    }
}

#[test]
fn figures_are_current() {
    common::assert_figures_current("ch05-softmax", report());
}

#[test]
fn the_chapter_claims_hold() {
    let r = report();
    assert!(r.jacobian_vs_fused < 1e-15 && r.jacobian_check.passed());
    // The target: test accuracy ≥ 0.97 on the digits with the default configuration.
    assert!(
        r.plain.confusion.accuracy() >= 0.97,
        "{}",
        r.plain.confusion.accuracy()
    );
    assert!(r.iris.accuracy() >= 0.9);
    // Label smoothing lowers the confidence.
    let conf = |c: &ch05_softmax::report::Classifier| {
        ch05_softmax::calibration::mean_confidence(&c.test_probabilities)
    };
    assert!(conf(&r.smoothed) < conf(&r.plain));
    // tanh beats sigmoid at one learning rate; sigmoid at 8× the rate closes most of the gap.
    let last = |i: usize| *r.bits[i].test_error.last().unwrap();
    assert!(last(1) < last(0));
    assert!(last(4) < last(0));
}
