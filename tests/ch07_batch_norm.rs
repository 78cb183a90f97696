//! Chapter 7: the printed report (snapshots, one per section, quoted by the book), the
//! figures, and the claims the chapter makes.

mod common;

use std::sync::OnceLock;

use ch07_batch_norm::{run, Config, Report};

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
        "Chapter 7: batch normalization, and a regression network from a forum question",
        &sections,
    );
    for (name, text) in sections {
        insta::assert_snapshot!(name, text);
    }
}

#[test]
fn figures_are_current() {
    common::assert_figures_current("ch07-batch-norm", report());
}

#[test]
fn the_chapter_claims_hold() {
    let r = report();
    assert!(
        r.checks.iter().all(|&ok| ok),
        "batch norm's backward, both modes"
    );
    // Training mode: each feature of the batch comes out at mean 0 and std ≈ 1.
    assert!(r.modes[0]
        .iter()
        .all(|&(m, s)| m.abs() < 1e-12 && (s - 1.0).abs() < 0.01));
    // tanh beats sigmoid at the same learning rate, with and without batch norm; sigmoid at 8×
    // the learning rate catches up.
    let final_median = |i: usize| {
        let mut v: Vec<f64> = r.variants[i]
            .test_error
            .iter()
            .map(|e| *e.last().unwrap())
            .collect();
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    assert!(final_median(2) < final_median(0) && final_median(3) < final_median(1));
    assert!(final_median(4) < final_median(0));
}
