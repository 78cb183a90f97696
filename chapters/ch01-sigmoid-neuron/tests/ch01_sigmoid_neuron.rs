//! Chapter 1: the printed report (snapshots, one per section, quoted by the book), the
//! figures, and the claims the chapter makes.

use ch01_sigmoid_neuron::{run, Config};

nn_testkit::chapter_tests!(ch01_sigmoid_neuron);

#[test]
fn the_chapter_claims_hold() {
    let r = report();
    // a. z is far above 1 on real inputs, σ(z) strictly inside (0, 1) there.
    let u = &r.unbounded;
    assert!(u.z_max > 20.0, "z_max = {}", u.z_max);
    assert!(u
        .samples
        .iter()
        .all(|s| s.z > 1.0 && s.output > 0.0 && s.output < 1.0));
    // b. Bit for bit.
    assert!(r.bias.bit_identical && r.bias.differing == 0);
    // c. Found by the program; by hand: 53·ln 2 and 24·ln 2 (see saturation.rs).
    assert!((r.saturation.double.z - 53.0 * std::f64::consts::LN_2).abs() < 1e-9);
    assert!((r.saturation.single.z - 24.0 * std::f64::consts::LN_2).abs() < 1e-4);
    // d. The naive formula breaks at ln(f64::MAX).
    assert!((r.naive.first_nan_double - f64::MAX.ln()).abs() < 1e-9);
    // e. Gradient checks.
    assert!(r.layers.sigmoid_check.passed() && r.layers.tanh_check.passed());
    // f. The neuron learned the gate.
    let t = &r.training;
    assert!(t
        .predictions
        .iter()
        .all(|p| (p.output > 0.5) == (p.target == 1.0)));
    assert_eq!(t.correct, 4);
    assert!(t.history.last().unwrap() < &t.history[0]);
}

#[test]
fn the_other_gate_and_another_seed_learn_too() {
    use ch01_sigmoid_neuron::train::Gate;
    let r = run(&Config {
        gate: Gate::Or,
        seed: 11,
        ..Config::default()
    })
    .unwrap();
    assert!(r
        .training
        .predictions
        .iter()
        .all(|p| (p.output > 0.5) == (p.target == 1.0)));
}

/// The page's worked answers to exercises 1, 3 and 5 (the numbers the answers quote).
#[test]
fn exercise_answers() {
    use ch01_sigmoid_neuron::experiment::training;
    use ch01_sigmoid_neuron::saturation::first_float_where;
    use ch01_sigmoid_neuron::train::{train, Gate};
    use ch01_sigmoid_neuron::{sigmoid, Neuron};
    use ndarray::array;
    // 1. OR: the first step with a loss below 0.01, at lr 0.5 and at lr 20.
    let first_below = |lr: f64| {
        let t = training(&Config {
            gate: Gate::Or,
            lr,
            ..Config::default()
        });
        t.history.iter().position(|&l| l < 0.01)
    };
    let (slow, fast) = (first_below(0.5), first_below(20.0));
    assert_eq!((slow, fast), (Some(702), Some(17)));
    // 3. The smallest z > 0 with σ(−z) = 0: by hand e^(−z) < 2⁻¹⁰⁷⁵ (half the smallest
    // subnormal), z > 1075·ln 2 ≈ 745.13.
    let z = first_float_where(700.0, 800.0, |z: f64| sigmoid(-z) == 0.0);
    assert!((z - 1075.0 * std::f64::consts::LN_2).abs() < 1e-3, "{z}");
    // 5. From w = (−10, −10), b = −10 on AND, lr 2.
    let mut n = Neuron::new(array![-10.0, -10.0], -10.0);
    let h = train(&mut n, &Gate::inputs(), &Gate::And.targets(), 2.0, 2000);
    let below = h.iter().position(|&l| l < 0.1);
    // All four outputs start near 0; the loss is ⅛·(1 − a)² ≈ 0.125 and σ′ at z = −30 is
    // about e⁻³⁰ ≈ 9e-14: the loss does not move in six digits.
    assert_eq!(below, None);
    assert!((h[0] - 0.125).abs() < 1e-6 && (h[2000] - 0.125).abs() < 1e-6);
}

// The runs exercise 1's answer quotes (`--gate or` at lr 0.5 and at lr 20).
nn_testkit::answer_snapshots!(
    ch01_sigmoid_neuron,
    "1_lr_0_5" => "--gate or --lr 0.5",
    "1_lr_20" => "--gate or --lr 20",
);
