//! Chapter 12: the printed report (snapshots, one per section, quoted by the book), the
//! figures, and the claims the chapter makes — each test names the sentence it backs.

use ch12_recurrent::experiment::{CellKind, Fate, Guard, Outcome, LEARNED};
use ch12_recurrent::{run, Config};

nn_testkit::chapter_tests!(ch12_recurrent);

/// The long run (`--long`), computed once: the memory sweep and the language model's full
/// training, whose sections the book quotes.
fn long_report() -> &'static ch12_recurrent::Report {
    static REPORT: std::sync::OnceLock<ch12_recurrent::Report> = std::sync::OnceLock::new();
    REPORT.get_or_init(|| {
        run(&Config {
            long: true,
            ..Config::default()
        })
        .expect("the long configuration runs")
    })
}

#[test]
fn long_report_snapshots_and_figures() {
    let long = long_report();
    let sections = long.sections();
    for (name, text) in &sections {
        if *name == "memory" || *name == "language" {
            insta::assert_snapshot!(format!("{name}_long"), text);
        }
    }
    // Sections 1–4 do not depend on --long: the long run prints the default's.
    let default = report().sections();
    assert_eq!(sections[..4], default[..4]);
    nn_testkit::assert_figures_current(env!("CARGO_MANIFEST_DIR"), long);
}

/// "Every number of the trace … the tape gives the same, bit for bit", and "their sum is
/// ∂E/∂w" (the untied copies).
#[test]
fn the_trace_is_the_tape_s_and_the_copies_add_up_to_the_tied_gradient() {
    let s = &report().trace;
    let t = &s.trace;
    assert_eq!(s.tape, [t.de_dw, t.de_du, t.de_db]);
    assert_eq!(s.copies, t.w_share);
    assert_eq!(s.copies[2] + s.copies[1] + s.copies[0], t.de_dw);
    assert!(s.check.passed(), "{}", s.check);
    // h₀ = 0: the first step gives w no share.
    assert_eq!(t.w_share[0], 0.0);
}

/// "Every backward pass passes the gradient check; on chapter 10's tape every gradient is
/// BPTT's, bit for bit; the untied copies agree to rounding (within 1e-13)."
#[test]
fn every_backward_pass_is_checked_twice() {
    let c = &report().checks;
    for row in &c.rows {
        assert!(
            row.check.passed(),
            "{} {}: {}",
            row.op,
            row.input,
            row.check
        );
    }
    for (network, comparison) in &c.tape {
        assert_eq!(comparison.loss, 0.0, "{network}");
        for (name, _, d) in &comparison.params {
            assert_eq!(*d, 0.0, "{network} {name}");
        }
    }
    assert!(c.copies.iter().all(|&d| d < 1e-13), "{:?}", c.copies);
}

/// "Below 1 the gradient vanishes, and at s = 1 it still does (by a factor of about 0.83 per
/// step: tanh′ < 1); at s = 1.5 it neither vanishes nor explodes over 100 steps; at s = 2 it
/// explodes. The prediction from the forward pass alone follows the measurement within a
/// factor of 10 over 40 orders of magnitude; per step within 2 %."
#[test]
fn gradients_vanish_below_the_edge_and_explode_above_it() {
    let tt = &report().through_time;
    let fate = |s: f64| tt.rows.iter().find(|r| r.scale == s).expect("a scale").fate;
    assert_eq!(fate(0.5), Fate::Vanishes);
    assert_eq!(fate(1.0), Fate::Vanishes);
    assert_eq!(fate(1.5), Fate::Neither);
    assert_eq!(fate(2.0), Fate::Explodes);
    for row in &tt.rows {
        let ratio = row.ratio.median / row.predicted.median;
        assert!((0.1..10.0).contains(&ratio), "s = {}: {ratio}", row.scale);
        let per_step = row.per_step.median / row.per_step_predicted.median;
        assert!(
            (0.98..1.02).contains(&per_step),
            "s = {}: {per_step}",
            row.scale
        );
        // The simple bound: never more than s per step.
        assert!(row.per_step.max <= row.scale, "s = {}", row.scale);
    }
    // "With a window of 8 steps the gradient reaches 7 steps back and is exactly 0 before."
    assert_eq!(tt.cut_off(), tt.length - tt.window);
    let w = &tt.truncated.norms;
    assert!(w[tt.length - tt.window..].iter().all(|&n| n > 0.0));
}

/// "Unclipped, one first step of length η·‖g‖ throws the network off and it never learns;
/// clipped to 1, every seed learns; clipped but truncated to a window of 8 steps, it does not
/// learn the task (the symbol is 16 steps back)."
#[test]
fn clipping_rescues_the_exploding_case_and_a_short_window_does_not() {
    let e = &report().exploding;
    assert_eq!(e.row(Guard::None).outcome, Outcome::Fails);
    assert_eq!(e.row(Guard::Clip).outcome, Outcome::Learns);
    assert!(e
        .row(Guard::Clip)
        .runs
        .iter()
        .all(|r| r.accuracy >= LEARNED));
    assert_eq!(e.row(Guard::ClipAndWindow).outcome, Outcome::Fails);
    // No unclipped run learns; the truncated runs stay above chance (the forward pass carries
    // some of the first symbol across the window's edge).
    assert!(e.row(Guard::None).runs.iter().all(|r| r.accuracy < 0.5));
    assert!(e.row(Guard::ClipAndWindow).accuracy.median > 0.3);
    // The first gradient is larger than c: the unclipped first step is η‖g‖ long, the
    // clipped one η·c.
    for run in &e.row(Guard::None).runs {
        assert!(
            run.records[0].grad_norm > 5.0 * e.clip,
            "{}",
            run.records[0].grad_norm
        );
    }
    // Unclipped, the loss stays near chance, ln 4 (median over the last 50 steps).
    for run in &e.row(Guard::None).runs {
        let tail: Vec<f64> = run.records[e.steps - 50..].iter().map(|r| r.loss).collect();
        let mean = tail.iter().sum::<f64>() / tail.len() as f64;
        assert!(mean > 1.3, "{mean}");
    }
}

/// "The plain cell and the GRU with its update gate at ½ both reach 16 steps back; the GRU
/// whose update gate starts at σ(1) ≈ 0.73 reaches 32, twice as far. Nothing reaches 64."
#[test]
fn the_gru_that_starts_by_keeping_reaches_twice_as_far() {
    let m = long_report()
        .memory
        .as_ref()
        .expect("--long runs the sweep");
    assert_eq!(m.row(CellKind::Plain).reach(), 16);
    assert_eq!(m.row(CellKind::Gru(0.0)).reach(), 16);
    assert_eq!(m.row(CellKind::Gru(1.0)).reach(), 32);
    for row in &m.rows {
        let last = row.cells.last().expect("delay 64");
        assert!(last.accuracy.median < 0.5, "{}", row.kind.name());
    }
}

/// "The GRU models the book's prose better than the plain cell, on every seed: lower
/// validation loss, both far below the unigram entropy; each starts at about ln 49."
#[test]
fn the_gru_is_the_better_language_model() {
    let l = &long_report().language;
    let row = |k| l.rows.iter().find(|r| r.kind == k).expect("a cell");
    let (plain, gru) = (row(CellKind::Plain), row(CellKind::Gru(1.0)));
    assert!(
        gru.after.max < plain.after.min,
        "{:?} {:?}",
        gru.after,
        plain.after
    );
    assert!(plain.after.max < l.unigram - 1.0);
    for r in &l.rows {
        assert!(
            (r.before.median - 49f64.ln()).abs() < 0.1,
            "{}",
            r.before.median
        );
    }
}

/// The answers to the page's exercises, checked.
#[test]
fn exercise_answers_hold() {
    use ch12_recurrent::trace::{trace, Params};
    // 1. With w = 0 the unit forgets: no gradient reaches h₁ from E, and ∂E/∂w is step 3's
    //    share alone … but w = 0 still gets a gradient (∂E/∂z₃·h₂).
    let t = trace(
        [1.0, -0.5, 0.8],
        1.0,
        Params {
            w: 0.0,
            u: 0.7,
            b: -0.1,
        },
        0.5,
    );
    assert_eq!(t.de_dh[0], 0.0);
    assert_eq!(t.de_dh[1], 0.0);
    assert!(t.de_dw != 0.0);
    assert_eq!(t.de_dw, t.w_share[2]);

    // 3. g = (3, 4), c = 1: clipped by its norm to (0.6, 0.8), by ClipByNorm around SGD.
    use ch12_recurrent::clip::ClipByNorm;
    use ch12_recurrent::{Layer, Optimizer, Sgd};
    use ndarray::array;
    let mut layer = ch03_relu_xor::Dense::without_bias(array![[0.0, 0.0]]);
    layer.forward(&array![[1.0]]);
    layer.backward(&array![[3.0, 4.0]]);
    ClipByNorm::new(Sgd, 1.0).step(1.0, &mut layer);
    assert!((&layer.w + &array![[0.6, 0.8]])
        .iter()
        .all(|d| d.abs() < 1e-15));

    // 4. Parameters: plain 4704, GRU 14 256 (49 inputs, 48 units).
    use ch03_relu_xor::layer::parameter_count;
    use ch12_recurrent::cell::RnnCell;
    use ch12_recurrent::gru::GruCell;
    use ch12_recurrent::recurrent::Recurrent;
    use nn_core::rng::seeded;
    let mut plain = Recurrent::new(RnnCell::init(49, 48, 1.0, &mut seeded(0)));
    let mut gru = Recurrent::new(GruCell::init(49, 48, 1.0, &mut seeded(0)));
    assert_eq!(parameter_count(&mut plain), 4704);
    assert_eq!(parameter_count(&mut gru), 14_256);

    // 5. At delay 16 a window of 17 steps is the whole sequence: the same runs as clipped BPTT.
    let e = ch12_recurrent::experiment::exploding(&Config {
        window: 17,
        ..Config::default()
    });
    assert_eq!(e.row(Guard::ClipAndWindow).runs, e.row(Guard::Clip).runs);
}

// The runs exercise 5's answer names: a window of 17 is the whole sequence, 16 is not.
nn_testkit::answer_snapshots!(
    ch12_recurrent,
    "5_window_17" => "--window 17",
    "5_window_16" => "--window 16",
);
