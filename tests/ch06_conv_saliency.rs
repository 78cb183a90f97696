//! Chapter 6: the printed report (snapshots, one per section, quoted by the book), the
//! figures, and the claims the chapter makes.

mod common;

use std::sync::OnceLock;

use ch06_conv_saliency::{run, Config, Report};

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
        "Chapter 6: convolution and gradient saliency maps",
        &sections,
    );
    for (name, text) in sections {
        insta::assert_snapshot!(name, text);
    }
}

#[test]
fn figures_are_current() {
    common::assert_figures_current("ch06-conv-saliency", report());
}

#[test]
fn the_chapter_claims_hold() {
    let r = report();
    assert!(r.checks.iter().all(|(_, ok)| *ok), "{:?}", r.checks);
    // The forum's answer, from the issue: rows 1 1 1 0 / 1 1 1 0 / 1 1 1 0 / 0 0 0 0.
    let expected = ndarray::array![
        [1.0, 1.0, 1.0, 0.0],
        [1.0, 1.0, 1.0, 0.0],
        [1.0, 1.0, 1.0, 0.0],
        [0.0, 0.0, 0.0, 0.0]
    ];
    assert_eq!(r.forum, expected);
    // The target: test accuracy ≥ 0.97 with the default configuration.
    assert!(r.test_accuracy >= 0.97, "{}", r.test_accuracy);
    // Deletion: salient pixels matter more than random ones, at every k > 0.
    assert!(r
        .deletion
        .iter()
        .filter(|d| d.0 > 0)
        .all(|&(_, salient, random)| salient > random));
    // Randomization: the trained maps are far from the untrained ones, closer to another trained net's.
    assert!(r.rho_untrained < 0.5 && r.rho_untrained < r.rho_retrained);
    // Shapes: the kernel gradient is per filter weight, the input gradient per pixel.
    assert_eq!(r.kernel_gradient.dim(), (r.config.filters, 1, 3, 3));
    assert_eq!(r.input_gradient.dim(), (8, 8));
}
