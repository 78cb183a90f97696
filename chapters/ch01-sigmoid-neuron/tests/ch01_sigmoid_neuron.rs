//! Chapter 1: the printed report (snapshots, one per section, quoted by the book), the
//! figures, and the claims the chapter makes.

use ch01_sigmoid_neuron::{run, Config};

nn_testkit::chapter_tests!(ch01_sigmoid_neuron);

#[test]
fn the_chapter_claims_hold() {
    let r = report();
    // a. z is far above 1 on real inputs, σ(z) strictly inside (0, 1) there.
    assert!(r.z_max > 20.0, "z_max = {}", r.z_max);
    assert!(r
        .samples
        .iter()
        .all(|&(_, _, z, s)| z > 1.0 && s > 0.0 && s < 1.0));
    // b. Bit for bit.
    assert!(r.bias_bit_identical());
    // c. Found by the program; by hand: 53·ln 2 and 24·ln 2 (see saturation.rs).
    assert!((r.saturates_f64 - 53.0 * std::f64::consts::LN_2).abs() < 1e-9);
    assert!((r.saturates_f32 as f64 - 24.0 * std::f64::consts::LN_2).abs() < 1e-4);
    // d. The naive formula breaks at ln(f64::MAX).
    assert!((r.naive_nan_f64 - f64::MAX.ln()).abs() < 1e-9);
    // e. Gradient checks.
    assert!(r.sigmoid_check.passed() && r.tanh_check.passed());
    // f. The neuron learned the gate.
    assert!(r
        .predictions()
        .iter()
        .all(|&(_, _, y, a)| (a > 0.5) == (y == 1.0)));
    assert!(r.history.last().unwrap() < &r.history[0]);
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
        .predictions()
        .iter()
        .all(|&(_, _, y, a)| (a > 0.5) == (y == 1.0)));
}
