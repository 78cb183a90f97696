//! Chapter 6: the printed report (snapshots, one per section, quoted by the book), the
//! figures, and the claims the chapter makes.

nn_testkit::chapter_tests!(ch06_conv_saliency);

#[test]
fn the_chapter_claims_hold() {
    let r = report();
    assert!(
        r.conv.checks.iter().all(|c| c.passed),
        "{:?}",
        r.conv.checks
    );
    // The forum's answer, from the issue: rows 1 1 1 0 / 1 1 1 0 / 1 1 1 0 / 0 0 0 0.
    let expected = ndarray::array![
        [1.0, 1.0, 1.0, 0.0],
        [1.0, 1.0, 1.0, 0.0],
        [1.0, 1.0, 1.0, 0.0],
        [0.0, 0.0, 0.0, 0.0]
    ];
    assert_eq!(r.forum.gradient, expected);
    // The target: test accuracy ≥ 0.97 with the default configuration.
    assert!(r.cnn.test_accuracy >= 0.97, "{}", r.cnn.test_accuracy);
    // Deletion: salient pixels matter more than random ones, at every k > 0.
    assert!(r
        .deletion
        .rows
        .iter()
        .filter(|d| d.pixels > 0)
        .all(|d| d.salient > d.random));
    // Randomization: the trained maps are far from the untrained ones, closer to another trained net's.
    let rho = &r.randomization;
    assert!(rho.rho_untrained < 0.5 && rho.rho_untrained < rho.rho_retrained);
    // Shapes: the kernel gradient is per filter weight, the input gradient per pixel.
    assert_eq!(
        r.gradients.kernel_gradient.dim(),
        (r.config.filters, 1, 3, 3)
    );
    assert_eq!(r.gradients.input_gradient.dim(), (8, 8));
}

// The runs the exercises' answers quote, with the flags each answer names.
nn_testkit::answer_snapshots!(
    ch06_conv_saliency,
    "3_filters_1" => "--filters 1",
    "4_epochs_1" => "--epochs 1",
);
