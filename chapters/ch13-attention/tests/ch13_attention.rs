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

/// "Without the residual path the trained network's first block gets less than a thousandth
/// of the last block's gradient, and it ends above what letter frequencies alone give; with
/// it the first block gets more than the last, and the loss ends lower by more than 0.5. At
/// initialization the two differ little (ratios between 1 and 10)."
#[test]
fn the_residual_path_keeps_the_gradient_in_training() {
    let r = &long_report().residual;
    let unigram = long_report().language.unigram;
    let row = |residual| r.rows.iter().find(|x| x.residual == residual).unwrap();
    let (with, without) = (row(true), row(false));
    for x in [with, without] {
        let ratio = ResidualRow::ratio(&x.at_init);
        assert!((1.0..10.0).contains(&ratio), "{x:?}");
    }
    let (with_norms, with_loss) = with.trained.clone().unwrap();
    let (without_norms, without_loss) = without.trained.clone().unwrap();
    assert!(ResidualRow::ratio(&without_norms) < 1e-3, "{without:?}");
    assert!(ResidualRow::ratio(&with_norms) > 1.0, "{with:?}");
    assert!(without_loss > unigram, "{without_loss} {unigram}");
    assert!(with_loss < without_loss - 0.5, "{with_loss} {without_loss}");
}

/// "Trained, the model without positions ends more than 0.3 nats per character behind."
#[test]
fn positions_pay_off_in_training() {
    let [with, without] = long_report().positions.trained.unwrap();
    assert!(without - with > 0.3, "{with} {without}");
}

/// "In this budget the GRU is ahead: every seed of the GRU ends below every seed of the
/// transformer", and both far below letter frequencies (by more than 1.2 nats).
#[test]
fn in_this_budget_the_gru_is_ahead() {
    let l = &long_report().language;
    let row = |m| l.rows.iter().find(|r| r.model == m).unwrap();
    let (t, g) = (row(Model::Transformer), row(Model::Gru));
    assert!(g.after.max < t.after.min, "{g:?} {t:?}");
    assert!(t.after.max < l.unigram - 1.2, "{t:?}");
}

/// Chapter 12's GRU, trained here by chapter 12's functions from the same seeds, ends exactly
/// where chapter 12's long run says it does (its snapshot prints 1.659 (1.635–1.659)).
#[test]
fn the_gru_here_is_chapter_12_s() {
    let l = &long_report().language;
    let g = l.rows.iter().find(|r| r.model == Model::Gru).unwrap();
    let quoted =
        include_str!("../../ch12-recurrent/tests/snapshots/ch12_recurrent__language_long.snap");
    let line = quoted
        .lines()
        .find(|l| l.starts_with("GRU"))
        .expect("the GRU's row");
    let printed = ch12_recurrent::report::spread(&g.after, 3);
    assert!(line.contains(&printed), "{line} / {printed}");
}

nn_testkit::answer_snapshots!(ch13_attention, "1" => "--depth 32", "2" => "--prompt backpropagation");

/// "Block 1's head 1 puts nearly all of each row's weight on the character just before … its
/// mean weight there is above 0.8, on the character itself below 0.2"; and every map is
/// causal: 0 above the diagonal, rows summing to 1.
#[test]
fn the_first_head_reads_the_character_before() {
    let maps = &long_report().language.maps;
    let first = &maps[0][0];
    let t = first.nrows();
    let before = (1..t).map(|i| first[[i, i - 1]]).sum::<f64>() / (t - 1) as f64;
    let itself = (1..t).map(|i| first[[i, i]]).sum::<f64>() / (t - 1) as f64;
    assert!(before > 0.8 && itself < 0.2, "{before} {itself}");
    for map in maps.iter().flatten() {
        for ((i, j), &w) in map.indexed_iter() {
            if j > i {
                assert_eq!(w, 0.0);
            }
        }
        for row in map.rows() {
            assert!((row.sum() - 1.0).abs() < 1e-12);
        }
    }
}
