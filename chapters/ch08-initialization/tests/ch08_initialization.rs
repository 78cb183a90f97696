//! Chapter 8: the printed report (snapshots, one per section, quoted by the book), the
//! figures, and the claims the chapter makes.

use ch08_initialization::experiment::Outcome;
use ch08_initialization::{Activation, Init};

nn_testkit::chapter_tests!(ch08_initialization);

#[test]
fn the_derivation_holds_within_sampling_error() {
    let d = &report().derivation;
    // Eight predictions, each from its own 20 repetitions: (measured − predicted)/s.e. follows
    // Student's t with 19 degrees of freedom, |t| > 4 once in a thousand rows.
    assert!(
        d.worst_standard_errors() < 4.0,
        "{}",
        d.worst_standard_errors()
    );
    assert!(d.checks.iter().all(|c| (c.ratio() - 1.0).abs() < 0.03));
}

#[test]
fn signals_vanish_or_explode_unless_the_variance_is_kept() {
    let l = &report().layers;
    let last = l.depth - 1;
    // ReLU: small weights shrink the signal geometrically, N(0, 1) blows it up, He keeps it.
    assert!(l.case(Activation::Relu, Init::Small).std[last] < 1e-6);
    assert!(l.case(Activation::Relu, Init::Naive).std[last] > 1e4);
    let he = &l.case(Activation::Relu, Init::He).std;
    assert!(he.iter().all(|&s| (0.5..1.5).contains(&s)), "{he:?}");
    // tanh with N(0, 1) saturates: most outputs sit where the slope is under 1/100.
    let s = &l.case(Activation::Tanh, Init::Naive).saturated;
    assert!(s.iter().sum::<f64>() / s.len() as f64 > 0.5);
    // Sigmoid: whatever the initialization, the gradient shrinks from the top layer to the
    // first (σ′ ≤ ¼ per layer); with Xavier by more than 10⁴ over 10 layers.
    for init in Init::ALL {
        let g = &l.case(Activation::Sigmoid, init).grad_norm;
        assert!(g[0] < g[last], "{init}");
    }
    let g = &l.case(Activation::Sigmoid, Init::Xavier).grad_norm;
    assert!(g[0] / g[last] < 1e-4);
}

#[test]
fn the_right_initialization_trains_and_failures_are_labelled() {
    let t = &report().training;
    assert_eq!(
        t.row(Activation::Tanh, Init::Xavier, false).outcome,
        Outcome::Learns
    );
    assert_eq!(
        t.row(Activation::Relu, Init::He, false).outcome,
        Outcome::Learns
    );
    assert_eq!(
        t.row(Activation::Relu, Init::Small, false).outcome,
        Outcome::Stalls
    );
    assert_eq!(
        t.row(Activation::Sigmoid, Init::Xavier, false).outcome,
        Outcome::Stalls
    );
    // Any NaN or infinity is reported as a failure, never as a number.
    for row in &t.rows {
        if row.runs.iter().any(|r| r.diverged) {
            assert_eq!(row.outcome, Outcome::Diverged);
        }
    }
    // Chapter 7's cure: batch normalization makes the deep ReLU network with small weights learn.
    assert_eq!(
        t.row(Activation::Relu, Init::Small, true).outcome,
        Outcome::Learns
    );
}

/// The answers to the page's exercises, checked.
#[test]
fn exercise_answers_hold() {
    let l = &report().layers;
    // 1. ReLU, N(0, 1), 64 units: the standard deviation grows by about √32 ≈ 5.7 per layer.
    let s = &l.case(Activation::Relu, Init::Naive).std;
    let growth = s[9] / s[8];
    assert!((4.0..8.0).contains(&growth), "{growth}");
    // 2. Sigmoid with Xavier: gradient ratio of layer 1 to layer 10 within a factor 2 of (1/4)^9.
    let g = &l.case(Activation::Sigmoid, Init::Xavier).grad_norm;
    let ratio = g[0] / g[9] / 0.25_f64.powi(9);
    assert!((0.5..2.0).contains(&ratio), "{ratio}");
    // 3. The same dead units at initialization under every ReLU initialization.
    let dead = |i| l.case(Activation::Relu, i).dead.clone();
    assert!(Init::ALL.iter().all(|&i| dead(i) == dead(Init::He)));
    // 5. Twice as deep: sigmoid's gradient vanishes by 10⁻¹⁰ or more, tanh with Xavier or He
    // still learns, ReLU with He keeps its gradient ratio near 1 but needs a longer budget.
    let deep = ch08_initialization::run(&ch08_initialization::Config {
        depth: 20,
        ..ch08_initialization::Config::default()
    })
    .expect("depth 20 runs");
    let g = &deep
        .layers
        .case(Activation::Sigmoid, Init::Xavier)
        .grad_norm;
    assert!(g[0] / g[19] < 1e-10);
    let g = &deep.layers.case(Activation::Relu, Init::He).grad_norm;
    assert!((0.1..10.0).contains(&(g[0] / g[19])));
    let t = &deep.training;
    for init in [Init::Xavier, Init::He] {
        assert_eq!(
            t.row(Activation::Tanh, init, false).outcome,
            Outcome::Learns
        );
    }
    assert_eq!(
        t.row(Activation::Relu, Init::He, false).outcome,
        Outcome::Stalls
    );
    assert_eq!(
        t.row(Activation::Relu, Init::Small, true).outcome,
        Outcome::Stalls
    );
}
