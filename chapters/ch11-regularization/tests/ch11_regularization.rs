//! Chapter 11: the printed report (snapshots, one per section, quoted by the book), the
//! figures, and the claims the chapter's page makes — each test names the sentence it backs.

use ch11_regularization::experiment::{Cures, PLAN};
use ch11_regularization::{Config, Report};

nn_testkit::chapter_tests!(ch11_regularization);

/// The run with `--all`: every section, computed once for the tests below.
fn with_all() -> &'static Report {
    static REPORT: std::sync::OnceLock<Report> = std::sync::OnceLock::new();
    REPORT.get_or_init(|| {
        let config = Config {
            all: true,
            ..Config::default()
        };
        ch11_regularization::run(&config).expect("the --all run")
    })
}

#[test]
fn all_sections_snapshots_and_figures() {
    let report = with_all();
    // The default run's sections are the same computations: the --all run repeats them.
    for ((name, text), (_, default)) in report.sections().into_iter().zip(self::report().sections())
    {
        if text == default {
            continue;
        }
        // The book quotes these files; the default run's (a pointer to --all) are `<name>.snap`.
        insta::assert_snapshot!(format!("{name}_all"), text);
    }
    // All six figures, the default run's included, equal the committed ones.
    nn_testkit::assert_figures_current(env!("CARGO_MANIFEST_DIR"), report);
}

/// "The training loss keeps falling …; the test loss turns up after its lowest point."
#[test]
fn the_network_overfits() {
    let o = &report().overfitting;
    let curve = o.median_curve();
    let last = curve.last().unwrap();
    assert!(last.train.loss < 0.01 && last.train.accuracy == 1.0);
    assert!(
        o.memorised_at().is_some(),
        "every seed memorises the training set"
    );
    assert!(o.rise().median > 0.0, "the test loss ends above its lowest");
    // The gap is larger than the training loss a hundredfold.
    assert!(o.variant().gap().median > 100.0 * last.train.loss);
}

/// "One step of SGD with the penalty is (1 − ηλ)·w − η·g, exactly, and leaves the biases to the
/// data."
#[test]
fn one_step_of_sgd_with_l2_is_decay_then_step() {
    let s = &report().l2_step;
    assert!(s.weights_difference < 1e-15 && s.biases_difference == 0.0);
    // (1 − 0.2·0.001)^1400 = e^(1400·ln 0.9998) ≈ 0.7558
    assert!((s.shrink_over_run - 0.9998f64.powi(1400)).abs() < 1e-12);
}

/// "The backward pass passes the gradient check with the mask held fixed; p of the units are
/// dropped and the mean is kept; inference returns its input."
#[test]
fn the_dropout_layer_s_facts_hold() {
    let d = &report().dropout;
    assert!(d.check.passed(), "{}", d.check);
    assert!((d.dropped - d.p).abs() < 0.005, "{}", d.dropped);
    assert!((d.mean_ratio - 1.0).abs() < 0.005, "{}", d.mean_ratio);
    assert!(d.inference_is_identity);
}

/// "The average of a hundred random-mask networks predicts the scaled network's class on
/// almost every test image, and its test loss is lower: the scaled network is a cheap stand-in
/// for the ensemble, not the ensemble."
#[test]
fn the_scaled_network_stands_in_for_the_ensemble() {
    let e = &report().dropout.ensemble;
    let hundred = e.rows.iter().find(|r| r.masks == 100).unwrap();
    assert!(hundred.agreement > 0.99, "{}", hundred.agreement);
    assert!(hundred.average.loss < e.scaled.loss);
    // More masks, closer: one mask moves more probability than a hundred.
    let one = &e.rows[0];
    assert!(one.distance > hundred.distance && one.agreement < hundred.agreement);
}

/// "More data is the first cure: with four times the images, the network without any
/// regularizer beats every combination of cures on 200."
#[test]
fn more_data_beats_every_cure() {
    let r = with_all();
    let more = r.more_data.as_ref().unwrap();
    let rows = &more.rows;
    // The test error falls (median) at every doubling from 25 to 800.
    for w in rows.windows(2).filter(|w| w[1].size <= 800) {
        assert!(w[1].variant.test_error().median < w[0].variant.test_error().median);
    }
    let eight_hundred = &rows.iter().find(|r| r.size == 800).unwrap().variant;
    for row in &r.comparison.as_ref().unwrap().rows {
        let v = &row.variant;
        assert!(eight_hundred.test_loss().median < v.test_loss().median);
        assert!(eight_hundred.test_error().median < v.test_error().median);
    }
}

/// "Random labels are memorised too, several times more slowly, and the test accuracy stays at
/// chance."
#[test]
fn random_labels_are_memorised_slowly() {
    let r = with_all().random_labels.as_ref().unwrap();
    assert!(r.slowdown().unwrap() > 3.0);
    assert!(r.random.over(|run| run.final_test.accuracy).max < 0.2);
    assert!(r.random.over(|run| run.final_train.accuracy).min == 1.0);
}

/// "A moderate λ lowers the test loss in every seed; the largest underfits; decaying the
/// biases too makes no difference worth the name."
#[test]
fn the_l2_sweep_claims_hold() {
    let s = with_all().l2_sweep.as_ref().unwrap();
    let best = s.best();
    let paired = best.variant.against(s.none());
    assert_eq!(paired.lower, paired.seeds);
    let strongest = s.rows.last().unwrap();
    assert!(strongest.variant.test_loss().median > s.none().test_loss().median);
    // ‖W‖ falls with every larger λ.
    for w in s.rows.windows(2) {
        assert!(w[1].variant.norm().median < w[0].variant.norm().median);
    }
    let biases = s.all_parameters.test_loss().median - s.weights_only.test_loss().median;
    assert!(biases.abs() < 0.005, "{biases}");
}

/// "Through Adam, a strong L2 penalty drives every weight to 0 (the test loss of a uniform guess,
/// ln 10); AdamW's best λ is a hundred times larger than Adam + L2's."
#[test]
fn adam_with_l2_is_not_adamw() {
    let s = with_all().l2_sweep.as_ref().unwrap();
    let strongest = s.adam_rows.last().unwrap();
    assert!((strongest.adam.test_loss().median - 10f64.ln()).abs() < 1e-3);
    assert!(strongest.adam.norm().max < 0.01);
    assert!(strongest.adamw.test_loss().median < 0.5);
    let best = |adamw: bool| {
        s.adam_rows
            .iter()
            .min_by(|a, b| {
                let v = |r: &&ch11_regularization::experiment::AdamRow| {
                    if adamw { &r.adamw } else { &r.adam }.test_loss().median
                };
                v(a).total_cmp(&v(b))
            })
            .unwrap()
            .lambda
    };
    assert!(best(true) >= 100.0 * best(false));
}

/// "Dropout lowers the test error at p from 0.1 to 0.3; at 0.7 it underfits. The training
/// loss at p = 0.1–0.3 is lower than without dropout: the weights grow to make up for the
/// noise."
#[test]
fn the_dropout_sweep_claims_hold() {
    let s = with_all().dropout_sweep.as_ref().unwrap();
    let none = s.none();
    for row in s.rows.iter().filter(|r| (0.1..=0.3).contains(&r.p)) {
        let v = &row.variant;
        assert!(
            v.test_error().median < none.test_error().median,
            "p = {}",
            row.p
        );
        assert!(
            v.train_loss().median < none.train_loss().median,
            "p = {}",
            row.p
        );
        assert!(v.norm().median > none.norm().median, "p = {}", row.p);
    }
    let last = s.rows.last().unwrap();
    assert!(last.variant.train_loss().median > 100.0 * none.train_loss().median);
}

/// "Here early stopping costs more than it saves: the network it keeps does worse on the test
/// set than the one trained for the whole budget on the same images (the median; the count of
/// seeds is printed) — and it stops after about a quarter of the budget."
#[test]
fn early_stopping_stops_early_and_does_not_help_here() {
    let e = with_all().early_stopping.as_ref().unwrap();
    let kept = e.over(|r| r.test_loss_at(r.stop.best_epoch)).median;
    let end = e.over(|r| r.test_loss_at(e.epochs)).median;
    assert!(kept > end, "kept {kept}, end {end}");
    assert!(e.over(|r| r.stop.stopped_at as f64).max < e.epochs as f64 / 2.0);
    // The test set's own pick is never above the kept network's test loss.
    for r in &e.runs {
        assert!(r.test_pick().1 <= r.test_loss_at(r.stop.best_epoch));
    }
}

/// Section 10 stops for real and keeps the best network; section 8 reads the whole curve. A
/// run is the same either way, so the kept network's test loss is the curve's at that epoch.
#[test]
fn stopping_for_real_keeps_the_epoch_the_curve_picks() {
    let r = with_all();
    let e = r.early_stopping.as_ref().unwrap();
    let comparison = r.comparison.as_ref().unwrap();
    let alone = comparison
        .row(Cures {
            early_stopping: true,
            ..PLAN[0]
        })
        .unwrap();
    for (stopped, curve) in alone.variant.runs.iter().zip(&e.runs) {
        assert_eq!(stopped.stop, Some(curve.stop));
        assert_eq!(
            stopped.final_test.loss,
            curve.test_loss_at(curve.stop.best_epoch)
        );
    }
}

/// "Pixel noise lowers the test loss in every seed; shifts and rotations raise it: the test
/// digits are centred and upright, as the training digits are."
#[test]
fn the_augmentation_claims_hold() {
    let a = with_all().augmentation.as_ref().unwrap();
    let none = &a.rows[0];
    let by_name = |start: &str| a.rows.iter().find(|v| v.name.starts_with(start)).unwrap();
    let noise = by_name("pixel noise").against(none);
    assert_eq!(noise.lower, noise.seeds);
    for name in ["shifts", "rotations"] {
        assert!(
            by_name(name).test_loss().median > none.test_loss().median,
            "{name}"
        );
    }
    assert!(a.centre_distance.median < 0.5);
}

/// "The best rows combine two cures, each better than either alone."
#[test]
fn the_best_row_is_a_combination_below_its_parts() {
    let c = with_all().comparison.as_ref().unwrap();
    let best = c.best();
    assert!(best.cures.count() >= 2, "{}", best.cures.name());
    assert!(2 * c.beats_its_parts(best) > best.variant.runs.len());
}

/// "Alone, … noise lowers the test error most; shifts and early stopping make things worse at
/// this budget. All three together are no better than the best pair, and adding early stopping
/// undoes most of the gain. The best row lies between what 400 and 800 real images give."
#[test]
fn the_comparison_s_reading_holds() {
    let r = with_all();
    let c = r.comparison.as_ref().unwrap();
    let none = c.none();
    let alone = |cures: Cures| &c.row(cures).unwrap().variant;
    let n = PLAN[0];
    let singles = [
        Cures { l2: true, ..n },
        Cures { dropout: true, ..n },
        Cures { noise: true, ..n },
        Cures { shifts: true, ..n },
        Cures {
            early_stopping: true,
            ..n
        },
    ];
    let by_error = singles
        .iter()
        .min_by(|a, b| {
            let e = |x: &&Cures| alone(**x).test_error().median;
            e(a).total_cmp(&e(b))
        })
        .unwrap();
    assert_eq!(by_error.name(), "noise");
    for worse in [singles[3], singles[4]] {
        assert!(alone(worse).test_loss().median > none.test_loss().median);
    }
    let three = Cures {
        l2: true,
        dropout: true,
        noise: true,
        ..n
    };
    let best_pair = c
        .rows
        .iter()
        .filter(|row| row.cures.count() == 2)
        .map(|row| row.variant.test_loss().median)
        .fold(f64::INFINITY, f64::min);
    assert!(alone(three).test_loss().median > best_pair);
    let four = Cures {
        early_stopping: true,
        ..three
    };
    let gain = |cures| alone(cures).against(none).change.median;
    assert!(
        gain(four) > 0.5 * gain(three),
        "{} {}",
        gain(four),
        gain(three)
    );
    let more = r.more_data.as_ref().unwrap();
    let error_at = |size| {
        let row = more.rows.iter().find(|row| row.size == size).unwrap();
        row.variant.test_error().median
    };
    let best_error = c
        .rows
        .iter()
        .map(|row| row.variant.test_error().median)
        .fold(f64::INFINITY, f64::min);
    assert!(error_at(800) < best_error && best_error < error_at(400));
}

// The runs the exercises' answers quote, with the flags each answer names.
nn_testkit::answer_snapshots!(
    ch11_regularization,
    "3_dropout_0_5" => "--dropout 0.5",
    "5_train_size_50" => "--train-size 50",
);
