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
