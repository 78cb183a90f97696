//! Chapter 2: the printed report (snapshots, one per section, quoted by the book), the
//! figures, and the claims the chapter makes.

use ch02_logistic_regression::{run, Config};

nn_testkit::chapter_tests!(ch02_logistic_regression);

#[test]
fn the_chapter_claims_hold() {
    let r = report();
    // The learner's program fails on raw features: its cost is NaN soon, and stays so.
    let bad = r
        .failure
        .first_bad
        .as_ref()
        .expect("the naive cost turns non-finite");
    let k = bad.iteration;
    assert!(k <= 5, "first non-finite cost at {k}");
    assert!(r.failure.naive_history[k].is_nan());
    // ... while the cost from logits of the same weights is finite.
    assert!(bad.costs.from_logits.is_finite());
    // The trainer refuses raw features, naming the cause.
    let raw = r.standardization.raw.outcome.as_ref().unwrap_err();
    assert!(raw.reason.contains("not standardized"), "{raw}");
    // Standardized: the target, test accuracy ≥ 0.95.
    let standardized = r.standardization.standardized.outcome.as_ref().unwrap();
    assert!(
        standardized.test_accuracy >= 0.95,
        "{}",
        standardized.test_accuracy
    );
    assert!(r.predictions.confusion(0.5).accuracy() >= 0.95);
    // The standardizer leaves the bias column alone (std 0, ones stay ones).
    assert_eq!(*r.split.standardizer.std.last().unwrap(), 0.0);
    // Loop and vectorized gradients agree.
    assert!(r.gradient.loop_difference < 1e-9);
}

#[test]
fn another_split_and_threshold_also_reach_095() {
    let r = run(&Config {
        seed: 7,
        threshold: 0.4,
        ..Config::default()
    })
    .unwrap();
    assert!(r.predictions.confusion(0.4).accuracy() >= 0.95);
}

#[test]
fn the_user_s_own_csv_file_is_read() {
    // The breast-cancer data written out in the same format: the same numbers come back.
    let path = std::env::temp_dir().join(format!("ch02-own-{}.csv", std::process::id()));
    let d = nn_core::data::breast_cancer();
    let mut text = format!("{},{},malignant,benign\n", d.len(), d.features.ncols());
    for (row, label) in d.features.rows().into_iter().zip(&d.labels) {
        let cells: Vec<String> = row.iter().map(|v| v.to_string()).collect();
        text.push_str(&format!("{},{label}\n", cells.join(",")));
    }
    std::fs::write(&path, text).unwrap();
    let own = run(&Config {
        data: Some(path.clone()),
        ..Config::default()
    });
    std::fs::remove_file(&path).unwrap();
    let own = own.unwrap();
    let accuracy = |r: &ch02_logistic_regression::Report| {
        r.standardization
            .standardized
            .outcome
            .as_ref()
            .map(|t| t.test_accuracy)
            .unwrap()
    };
    assert_eq!(accuracy(&own), accuracy(report()));
}

// The runs the exercises' answers quote, with the flags each answer names.
nn_testkit::answer_snapshots!(
    ch02_logistic_regression,
    "1_lr_0_001" => "--lr 0.001",
    "1_lr_0_000001" => "--lr 0.000001",
    "4_threshold_0_9" => "--threshold 0.9",
    "5_lr_10" => "--lr 10",
);
