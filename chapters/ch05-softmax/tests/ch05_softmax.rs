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

/// The sentences of the page that read the tables of sections 4 and 5, each checked.
#[test]
fn the_page_s_readings_of_the_tables_hold() {
    let r = report();
    let [plain, smoothed] = &r.smoothing.rows[..] else {
        panic!("ε = 0 and ε = 0.1")
    };
    // "With smoothing the accuracy stays … the calibration error grows".
    assert!(smoothed.accuracy >= plain.accuracy);
    assert!(smoothed.expected_calibration_error > plain.expected_calibration_error);
    let last = |i: usize| *r.bits.runs[i].test_error.last().unwrap();
    let accuracy = |i: usize| r.bits.runs[i].bit_accuracy;
    // "sigmoid ends at a test error of 0.0885 and tanh at 0.0228, a quarter of it".
    let ratio = last(1) / last(0);
    assert!((0.2..0.3).contains(&ratio), "{ratio}");
    // "With eight times the rate, sigmoid ends at 0.0241, next to tanh": within a tenth.
    assert!((last(4) - last(1)).abs() < 0.1 * last(1));
    // "the bit accuracy barely moves" with smoothed targets: by less than 0.01.
    assert!((accuracy(2) - accuracy(0)).abs() < 0.01 && (accuracy(3) - accuracy(1)).abs() < 0.01);
}

// The runs the exercises' answers quote, with the flags each answer names.
nn_testkit::answer_snapshots!(
    ch05_softmax,
    "1_smoothing_0_02" => "--smoothing 0.02",
    "1_smoothing_0_05" => "--smoothing 0.05",
    "2_batch_size_1438" => "--batch-size 1438",
    "2_epochs_22" => "--epochs 22",
    "2_batch_size_1438_epochs_990" => "--batch-size 1438 --epochs 990",
);
