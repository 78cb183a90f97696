//! Chapter 3: the printed report (snapshots, one per section, quoted by the book), the
//! figures, and the claims the chapter makes.

use ch03_relu_xor::{run, Config, XOR_LABELS};

nn_testkit::chapter_tests!(ch03_relu_xor);

#[test]
fn the_chapter_claims_hold() {
    let r = report();
    assert!(
        r.blocks.checks.iter().all(|c| c.check.passed()),
        "every block's backward pass"
    );
    // The learner's network solves XOR, here and on most seeds.
    let p = r.learner.net.probabilities(&ch03_relu_xor::xor_inputs());
    assert!(XOR_LABELS.iter().enumerate().all(|(i, &y)| p[[i, y]] > 0.5));
    assert!(
        r.learner.solved_seeds >= 15,
        "{} of 20",
        r.learner.solved_seeds
    );
    // The numpy program reaches loss < 0.05 on most seeds (the issue: "essentially every").
    let good = r.numpy.final_losses.iter().filter(|&&l| l < 0.05).count();
    assert!(good >= 15, "{good} of 20");
    // An inactive unit: exactly zero gradient for its incoming weight and bias.
    assert_eq!((r.trace.off.de_dw1, r.trace.off.de_db1), (0.0, 0.0));
    assert!(r.trace.on.de_dw1 != 0.0);
    // ReLU′(0) = 0 or 1: the same numpy run, bit for bit.
    assert_eq!(r.kink.losses_at_zero_1, r.kink.losses_at_zero_0);
    // The bias trick: the same training run.
    let d = r
        .bias
        .batch_history
        .iter()
        .zip(&r.bias.augmented_history)
        .map(|(a, b)| (a - b).abs())
        .fold(0.0, f64::max);
    assert!(d < 1e-12, "{d}");
}

#[test]
fn other_widths_run_and_bad_flags_are_errors() {
    let r = run(&Config {
        hidden: 3,
        epochs: 50,
        ..Config::default()
    })
    .unwrap();
    assert_eq!(r.learner.history.len(), 51);
    assert!(run(&Config {
        lr: f64::NAN,
        ..Config::default()
    })
    .is_err());
}

#[test]
fn the_gradient_checking_lesson_holds() {
    let g = &report().gradient_checking;
    // Truncation: one-sided error ∝ h, central ∝ h² (steps 1e-2 and 1e-3: ×10 and ×100 smaller).
    let (a, b) = (g.steps[1], g.steps[2]);
    assert!(
        (a.one_sided / b.one_sided - 10.0).abs() < 0.5,
        "{a:?} {b:?}"
    );
    assert!((a.central / b.central - 100.0).abs() < 5.0, "{a:?} {b:?}");
    // At the book's step the central difference is good to 1e-9; rounding spoils tiny steps.
    let at_step = g
        .steps
        .iter()
        .find(|s| s.h == nn_core::gradcheck::STEP)
        .unwrap();
    assert!(at_step.central < 1e-9 && at_step.one_sided > 1e-7);
    assert!(g.steps.last().unwrap().central > 1e-6);
    // The check passes the correct passes and catches both bugs and the kink.
    assert!(g.correct.passed() && g.correct_softmax.passed() && g.away_from_kink.passed());
    assert!(!g.transposed.passed() && !g.missing_mean.passed());
    // Missing 1/n with n = 6: analytic 6× too large, relative error 1 − 1/6.
    assert!((g.missing_mean.max_relative_error - 5.0 / 6.0).abs() < 1e-6);
    // At the kink the numerical derivative is ½ (halfway between the slopes 0 and 1).
    assert!((g.at_kink.numeric - 0.5).abs() < 1e-9 && g.at_kink.analytic == 0.0);
    assert!(!g.near_kink.passed());
}

/// The page's worked answers to exercises 2 and 3.
#[test]
fn exercise_answers() {
    use ch03_relu_xor::trace::{trace, Params};
    use ch03_relu_xor::{Dense, Layer, Relu};
    use ndarray::array;
    // 2. b₁ = 1.25 in the "off" case: z₁ = 0.25 > 0, every gradient non-zero.
    let t = trace(
        2.0,
        1.0,
        Params {
            w1: -0.5,
            b1: 1.25,
            w2: 0.8,
            b2: 0.1,
        },
        0.5,
    );
    let close = |a: f64, b: f64| (a - b).abs() < 5e-7;
    assert!(close(t.z1, 0.25) && close(t.h, 0.574443), "{t:?}");
    assert!(
        close(t.de_dz2, -0.104031) && close(t.de_dw2, -0.026008),
        "{t:?}"
    );
    assert!(
        close(t.de_da1, -0.083225) && close(t.de_db1, -0.083225),
        "{t:?}"
    );
    assert!(close(t.de_dw1, -0.166450), "{t:?}");
    // 3. Without biases: ReLU(x₁ − x₂) + ReLU(x₂ − x₁) = |x₁ − x₂| is XOR on the corners.
    let mut first = Dense::without_bias(array![[1.0, -1.0], [-1.0, 1.0]]);
    let mut second = Dense::without_bias(array![[1.0], [1.0]]);
    let out =
        second.forward(&Relu::default().forward(&first.forward(&ch03_relu_xor::xor_inputs())));
    assert_eq!(out, array![[0.0], [1.0], [1.0], [0.0]]);
}

// The runs the exercises' answers quote, with the flags each answer names.
nn_testkit::answer_snapshots!(
    ch03_relu_xor,
    "1_hidden_2" => "--hidden 2",
    "5_lr_0_05" => "--lr 0.05",
    "5_lr_2" => "--lr 2",
);
