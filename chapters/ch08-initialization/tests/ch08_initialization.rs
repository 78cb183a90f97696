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

/// "Across samples the signal shrinks about fourfold per layer: every digit gets the same logits."
/// Section 3: with Xavier each layer multiplies the spread across samples by at most
/// ¼·√(n·Var(w)) = ¼ and by at least 0.8 of that (σ′(z) is near its top ¼ for the small z
/// of these layers); with He by at most ¼·√2. The logits' spread at layer 10 is below 1e-5.
#[test]
fn claims_sigmoid_spread_across_samples_shrinks_about_fourfold_per_layer() {
    let l = &report().layers;
    for init in [Init::Xavier, Init::He] {
        let bound = ch08_initialization::report::sigmoid_spread_factor(l.width, init);
        let s = &l.case(Activation::Sigmoid, init).sample_std;
        for k in 1..l.depth {
            let factor = s[k] / s[k - 1];
            assert!(
                (0.8 * bound..=bound).contains(&factor),
                "{init} {k}: {factor}"
            );
        }
        assert!(
            l.case(Activation::Sigmoid, init).logit_spread < 1e-4,
            "{init}"
        );
    }
    let xavier = l.case(Activation::Sigmoid, Init::Xavier);
    assert!(xavier.sample_std[l.depth - 1] < 1e-6);
    assert!(xavier.logit_spread < 1e-5);
}

/// "Which is why it sits at chance with the loss of a constant prediction": with every digit
/// given the same logits, the best the network can learn is the classes' frequencies, loss
/// ln 10 on ten balanced classes and accuracy 0.1 — sigmoid with small weights, Xavier and He.
#[test]
fn claims_sigmoid_sits_at_chance_with_loss_ln_10() {
    let t = &report().training;
    for init in [Init::Small, Init::Xavier, Init::He] {
        let row = t.row(Activation::Sigmoid, init, false);
        for run in &row.runs {
            let last = *run.loss.last().expect("an epoch");
            assert!((last - 10f64.ln()).abs() < 0.01, "{init}: loss {last}");
            assert!(run.accuracy < 0.11, "{init}: accuracy {}", run.accuracy);
        }
    }
}

/// "The loss at the start near ln 10 is necessary, not sufficient": tanh with Xavier starts
/// within 0.1 of it and learns; the small weights start within 0.1 of it and stall; the N(0, 1)
/// networks start more than 1 above it.
#[test]
fn claims_initial_loss_near_ln_10_is_necessary_not_sufficient() {
    let (l, t) = (&report().layers, &report().training);
    let near =
        |a, i| (l.case(a, i).loss - 10f64.ln()).abs() < ch08_initialization::report::NEAR_LN10;
    assert!(near(Activation::Tanh, Init::Xavier));
    assert_eq!(
        t.row(Activation::Tanh, Init::Xavier, false).outcome,
        Outcome::Learns
    );
    for a in Activation::ALL {
        assert!(near(a, Init::Small), "{a}");
        assert_eq!(t.row(a, Init::Small, false).outcome, Outcome::Stalls, "{a}");
        assert!(l.case(a, Init::Naive).loss > 10f64.ln() + 1.0, "{a}");
    }
}

/// "A flat line is not a healthy one": ReLU with Xavier has a gradient norm of layer 1 within
/// a factor 2 of layer 10's, and stalls; its ‖∂L/∂W‖/‖W‖ is below a tenth of He's in every
/// layer.
#[test]
fn claims_a_flat_gradient_norm_line_is_not_health() {
    let (l, t) = (&report().layers, &report().training);
    let xavier = l.case(Activation::Relu, Init::Xavier);
    let he = l.case(Activation::Relu, Init::He);
    let flat = xavier.grad_norm[0] / xavier.grad_norm[l.depth - 1];
    assert!((0.5..2.0).contains(&flat), "{flat}");
    assert_eq!(
        t.row(Activation::Relu, Init::Xavier, false).outcome,
        Outcome::Stalls
    );
    for k in 0..l.depth {
        let ratio =
            |c: &ch08_initialization::experiment::LayerCase| c.grad_norm[k] / c.weight_norm[k];
        assert!(ratio(xavier) < 0.1 * ratio(he), "layer {}", k + 1);
    }
}

/// "With Xavier, tanh's signal shrinks layer by layer; the gain 5/3 keeps it": the standard
/// deviation at layer 10 is under half of layer 1's with Xavier, over 0.8 of it with the gain,
/// and the gain saturates under 5% of the outputs.
#[test]
fn claims_tanh_gain_keeps_the_signal() {
    let g = &report().gain;
    let kept = |c: &ch08_initialization::experiment::LayerCase| c.std[c.std.len() - 1] / c.std[0];
    assert!(kept(&g.xavier) < 0.5, "{}", kept(&g.xavier));
    assert!(kept(&g.with_gain) > 0.8, "{}", kept(&g.with_gain));
    // "The spread across samples follows the same course."
    let across = |c: &ch08_initialization::experiment::LayerCase| {
        c.sample_std[c.sample_std.len() - 1] / c.sample_std[0]
    };
    assert!(across(&g.xavier) < 0.5 && across(&g.with_gain) > 0.8);
    let s = &g.with_gain.saturated;
    assert!(s.iter().sum::<f64>() / (s.len() as f64) < 0.05);
}

/// "Zero initialization: every unit of a layer stays identical to the others, and the network
/// stays at chance"; tanh and ReLU do not move their hidden weights at all (0 in, 0 gradient).
#[test]
fn claims_zero_initialization_keeps_units_identical() {
    let z = &report().zero;
    for r in &z.rows {
        assert_eq!(r.unit_difference, 0.0, "{}", r.activation);
        assert!(r.run.accuracy < 0.11, "{}", r.activation);
        if r.activation == Activation::Sigmoid {
            assert!(r.largest_weight > 0.0);
        } else {
            assert_eq!(r.largest_weight, 0.0, "{}", r.activation);
        }
    }
}

/// "Batch normalization rescues the small weights, below He": the batch-norm row learns, with
/// a median accuracy below ReLU with He's.
#[test]
fn claims_batch_norm_rescues_small_weights_below_he() {
    let t = &report().training;
    let bn = t.row(Activation::Relu, Init::Small, true);
    assert_eq!(bn.outcome, Outcome::Learns);
    assert!(bn.accuracy.median < t.row(Activation::Relu, Init::He, false).accuracy.median);
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

// The run exercise 5's answer names (its statements are asserted by exercise_answers_hold).
nn_testkit::answer_snapshots!(ch08_initialization, "5_depth_20" => "--depth 20");
