//! Chapter 5: the printed report (snapshots, one per section, quoted by the book), the
//! figures, and the claims the chapter makes.

nn_testkit::chapter_tests!(ch05_softmax);

#[test]
fn the_chapter_claims_hold() {
    let r = report();
    assert!(r.softmax.jacobian_vs_fused < 1e-15 && r.softmax.jacobian_check.passed());
    // The target: test accuracy ≥ 0.97 on the digits with the default configuration.
    assert!(
        r.digits.plain.confusion.accuracy() >= 0.97,
        "{}",
        r.digits.plain.confusion.accuracy()
    );
    assert!(r.iris.confusion.accuracy() >= 0.9);
    // Label smoothing lowers the confidence.
    let conf = |c: &ch05_softmax::experiment::Classifier| {
        ch05_softmax::calibration::mean_confidence(&c.test_probabilities)
    };
    assert!(conf(&r.smoothing.smoothed) < conf(&r.digits.plain));
    // tanh beats sigmoid at one learning rate; sigmoid at 8× the rate closes most of the gap.
    let last = |i: usize| *r.bits.runs[i].test_error.last().unwrap();
    assert!(last(1) < last(0));
    assert!(last(4) < last(0));
}
