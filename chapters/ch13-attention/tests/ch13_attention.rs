//! Chapter 13: the printed report (snapshots, one per section, quoted by the book), the
//! figures, and the claims the chapter makes — each test names the sentence it backs.

use ch13_attention::experiment::{Model, ResidualRow};
use ch13_attention::{run, Config};

nn_testkit::chapter_tests!(ch13_attention);

/// The long run (`--long`), computed once: the full trainings, whose sections the book quotes.
fn long_report() -> &'static ch13_attention::Report {
    static REPORT: std::sync::OnceLock<ch13_attention::Report> = std::sync::OnceLock::new();
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
        if ["residual", "positions", "language"].contains(name) {
            insta::assert_snapshot!(format!("{name}_long"), text);
        }
    }
    // Sections 1–3 do not depend on --long: the long run prints the default's.
    let default = report().sections();
    assert_eq!(sections[..3], default[..3]);
    nn_testkit::assert_figures_current(env!("CARGO_MANIFEST_DIR"), long);
}

/// "Every backward pass passes the gradient check, and on chapter 10's scalar tape every
/// gradient of the whole transformer agrees with the hand-written ones within 1e-12."
#[test]
fn every_backward_pass_is_checked_twice() {
    let c = &report().checks;
    for row in &c.rows {
        assert!(
            row.check.passed(),
            "{} {}: {}",
            row.piece,
            row.input,
            row.check
        );
    }
    assert!(c.tape_worst() < 1e-12, "{:?}", c.tape);
    assert_eq!(
        c.tape.params.len(),
        2 + 2 * 15 + 4,
        "every parameter array compared"
    );
}

/// "With the scale the scores' spread stays near 1 at every width; without it, it grows as
/// √d" and "the largest weight climbs towards 1 … while with the scale it stays put".
#[test]
fn the_scale_keeps_softmax_out_of_saturation() {
    let s = &report().scaling;
    for r in &s.rows {
        let d = r.d as f64;
        assert!((0.9..1.1).contains(&r.spread[0]), "{r:?}");
        assert!((r.spread[1] / d.sqrt() - 1.0).abs() < 0.1, "{r:?}");
        assert!((0.1..0.2).contains(&r.largest[0]), "{r:?}");
    }
    for pair in s.rows.windows(2) {
        assert!(pair[1].largest[1] > pair[0].largest[1], "{pair:?}");
        assert!(pair[1].through[1] <= pair[0].through[1] * 1.01, "{pair:?}");
    }
    let last = s.rows.last().unwrap();
    assert!(last.largest[1] > 0.9 && last.through[0] / last.through[1] > 4.0);
}

/// "A sample's layer-norm output does not change when a neighbour in its batch is multiplied
/// by 1000, is the same in both modes and the same alone — exactly; batch norm's changes by
/// more than 1 in each case."
#[test]
fn layer_norm_depends_on_the_sample_alone() {
    let n = &report().normalization;
    assert_eq!(n.neighbour_scaled[0], 0.0);
    assert_eq!(n.modes[0], 0.0);
    assert_eq!(n.alone, 0.0);
    assert!(n.neighbour_scaled[1] > 1.0 && n.modes[1] > 1.0, "{n:?}");
}

/// "With one block and no positions the last position's output ignores the order of what it
/// reads, to rounding; a second block already tells orders apart (the mask leaks order);
/// without the mask every output moves with its character."
#[test]
fn attention_alone_is_blind_to_order() {
    let p = &report().positions;
    let change = |blocks, positions| {
        p.last_changed
            .iter()
            .find(|r| r.0 == blocks && r.1 == positions)
            .unwrap()
            .2
    };
    assert!(change(1, false) < 1e-12, "{p:?}");
    assert!(change(2, false) > 1e-2, "{p:?}");
    assert!(change(2, true) > 1e-2, "{p:?}");
    assert!(p.equivariance < 1e-12, "{p:?}");
}

/// "Even the short run learns: the validation loss falls below what letter frequencies alone
/// give."
#[test]
fn the_short_run_learns() {
    let l = &report().language;
    let t = &l.rows[0];
    assert_eq!(t.model, Model::Transformer);
    assert!(
        t.after.median < t.before.median && t.after.median < l.unigram,
        "{t:?}"
    );
}

/// The residual ratio is the first block's gradient over the last's.
#[test]
fn the_ratio_is_first_over_last() {
    assert_eq!(ResidualRow::ratio(&[6.0, 2.0, 3.0]), 2.0);
}
