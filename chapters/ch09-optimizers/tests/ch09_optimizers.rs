//! Chapter 9: the printed report (snapshots, one per section, quoted by the book), the
//! figures, and the claims the chapter makes.

use ch09_optimizers::experiment::{step_lengths, Row};
use ch09_optimizers::Kind;

nn_testkit::chapter_tests!(ch09_optimizers);

fn close(a: f64, b: f64, tolerance: f64) -> bool {
    (a - b).abs() < tolerance
}

#[test]
fn the_first_steps_are_the_hand_computed_ones() {
    // L = ½θ², g = θ, θ₀ = 1, η = 0.01. SGD: θ ← 0.99·θ. Momentum: v₁ = 1, θ₁ = 0.99;
    // v₂ = 0.9 + 0.99 = 1.89, θ₂ = 0.99 − 0.0189 = 0.9711. Nesterov: θ₁ = 1 − 0.01·1.9 = 0.981.
    // RMSProp: s₁ = 0.01, θ₁ = 1 − 0.01/(0.1 + 10⁻⁸). Adam: θ₁ = 1 − 0.01/(1 + 10⁻⁸).
    // AdamW: θ₁ = 1·(1 − 0.01·0.01) − 0.01/(1 + 10⁻⁸).
    let rows = &report().first_steps.rows;
    let theta = |kind: Kind, step: usize| {
        rows.iter()
            .find(|r| r.kind == kind)
            .expect("every optimizer")
            .thetas[step]
    };
    assert!(close(theta(Kind::Sgd, 2), 0.99_f64.powi(3), 1e-15));
    assert!(close(theta(Kind::Momentum, 1), 0.9711, 1e-15));
    assert!(close(theta(Kind::Nesterov, 0), 0.981, 1e-15));
    assert!(close(
        theta(Kind::RmsProp, 0),
        1.0 - 0.01 / (0.1 + 1e-8),
        1e-15
    ));
    assert!(close(
        theta(Kind::Adam, 0),
        1.0 - 0.01 / (1.0 + 1e-8),
        1e-15
    ));
    assert!(close(
        theta(Kind::AdamW, 0),
        0.9999 - 0.01 / (1.0 + 1e-8),
        1e-15
    ));
}

#[test]
fn momentum_gets_further_along_the_floor_than_sgd() {
    for valley in &report().valley {
        let along = |kind| {
            valley
                .rows
                .iter()
                .find(|r| r.kind == kind)
                .expect("three optimizers")
                .along_left
        };
        let name = valley.surface.name();
        assert!(along(Kind::Momentum) < along(Kind::Sgd) / 4.0, "{name}");
        assert!(along(Kind::Nesterov) < along(Kind::Sgd) / 2.0, "{name}");
    }
    // "On the bowl momentum has travelled 1.4 times as far as SGD": the distance left differs
    // far more than the distance travelled.
    let bowl = &report().valley[0];
    let travelled = |kind| {
        bowl.rows
            .iter()
            .find(|r| r.kind == kind)
            .expect("three optimizers")
            .along_travelled
    };
    let ratio = travelled(Kind::Momentum) / travelled(Kind::Sgd);
    assert!((1.35..1.45).contains(&ratio), "{ratio}");
}

#[test]
fn the_surface_claims_hold() {
    let r = report();
    for sweep in &r.surfaces {
        let row = |kind| sweep.rows.iter().find(|r| r.kind == kind).expect("six");
        let steps = |kind| {
            row(kind)
                .best
                .as_ref()
                .and_then(|(_, p)| p.steps_to_tolerance)
                .unwrap_or(usize::MAX)
        };
        let name = sweep.surface.name();
        // At its best rate, momentum arrives in fewer steps than SGD at its best.
        assert!(steps(Kind::Momentum) < steps(Kind::Sgd), "{name}");
        // Adam's band of good rates is wider than SGD's, and no optimizer's is wider than
        // Adam's: "it arrives at the most rates on both surfaces".
        assert!(row(Kind::Adam).band() > row(Kind::Sgd).band(), "{name}");
        for other in &sweep.rows {
            assert!(other.band() <= row(Kind::Adam).band(), "{name}");
        }
    }
    // In the valley, plain SGD needs thousands of steps and momentum ten times fewer.
    let valley = &r.surfaces[1].rows;
    let best = |i: usize| {
        valley[i]
            .best
            .as_ref()
            .unwrap()
            .1
            .steps_to_tolerance
            .unwrap()
    };
    assert!(
        best(0) > 10 * best(1),
        "SGD {}, momentum {}",
        best(0),
        best(1)
    );
}

#[test]
fn without_bias_correction_adams_first_step_is_sqrt_10_times_longer() {
    let bias = &report().bias;
    let (with, without) = (
        step_lengths(&bias.corrected),
        step_lengths(&bias.uncorrected),
    );
    // Corrected, the first step is η·sign(g) in both coordinates: length η·√2.
    assert!(close(with[0], bias.lr * 2f64.sqrt(), 1e-8), "{}", with[0]);
    // Uncorrected, m₁/√v₁ = 0.1·g/(√0.001·|g|) = √10·sign(g).
    assert!(close(without[0] / with[0], 10f64.sqrt(), 1e-6));
    assert!(close(bias.predicted_ratio[0], 10f64.sqrt(), 1e-12));
}

#[test]
fn the_digits_claims_hold() {
    let digits = &report().digits;
    let best_lr = |kind: Kind| {
        digits
            .curves
            .iter()
            .find(|c| c.kind == kind)
            .expect("a curve per optimizer")
            .lr
    };
    // The adaptive optimizers' best rates sit at least a decade below plain SGD's, momentum's
    // below SGD's (its steps are up to 1/(1 − μ) = 10 gradients long).
    for kind in [Kind::RmsProp, Kind::Adam, Kind::AdamW] {
        assert!(
            best_lr(kind) <= best_lr(Kind::Sgd) / 10.0,
            "{}",
            kind.name()
        );
    }
    assert!(best_lr(Kind::Momentum) < best_lr(Kind::Sgd));
    // At η = 3 every optimizer fails (median test loss above 2; a uniform guess is ln 10 ≈ 2.3).
    for Row { kind, cells } in &digits.rows {
        assert!(cells.last().unwrap().median() > 2.0, "{}", kind.name());
        assert_eq!(cells[0].runs.len(), 3, "three seeds");
    }
    // Ten epochs at the best rate: every optimizer's median over the seeds ends below 0.15.
    for curve in &digits.curves {
        assert!(curve.last().median < 0.15, "{}", curve.kind.name());
        assert_eq!(curve.runs.len(), 3, "every seed");
    }
}

#[test]
fn at_1_only_sgd_still_learns_and_sgd_has_no_good_rate() {
    // "At 3, everything fails. At 1 only SGD still learns" (a median below 2, where a guess
    // scores ln 10 ≈ 2.3), and the band printed for SGD is "none".
    let digits = &report().digits;
    for Row { kind, cells } in &digits.rows {
        let at_1 = cells.iter().find(|c| c.lr == 1.0).expect("the rate 1");
        assert_eq!(at_1.median() < 2.0, *kind == Kind::Sgd, "{}", kind.name());
        if *kind == Kind::Sgd {
            assert_eq!(digits.band(cells), 0);
        }
        // "None is more than two rates (half a decade) wide."
        assert!(digits.band(cells) <= 2, "{}", kind.name());
    }
}

#[test]
fn the_best_rates_range_overlaps_a_neighbours_only_for_sgd_adam_and_adamw() {
    // "For SGD, Adam and AdamW the seeds' range at the best rate overlaps a neighbouring
    // rate's …; for momentum, Nesterov and RMSProp the best rate's range stands clear of both
    // neighbours'."
    for Row { kind, cells } in &report().digits.rows {
        let best = (0..cells.len())
            .min_by(|&a, &b| cells[a].median().total_cmp(&cells[b].median()))
            .expect("rates");
        let range = |i: usize| {
            let s = nn_core::table::Spread::of(&cells[i].test_losses().expect("finite"));
            (s.min, s.max)
        };
        let (lo, hi) = range(best);
        let overlaps = [best.wrapping_sub(1), best + 1]
            .into_iter()
            .filter(|&j| j < cells.len())
            .any(|j| {
                let (l, h) = range(j);
                l <= hi && h >= lo
            });
        let expected = matches!(kind, Kind::Sgd | Kind::Adam | Kind::AdamW);
        assert_eq!(overlaps, expected, "{}", kind.name());
    }
}

#[test]
fn the_seeds_do_not_resolve_the_ten_epoch_ranking() {
    // "No optimizer's ten-epoch result is separated from the others' by the seeds": one group.
    assert_eq!(report().digits.ranking().len(), 1);
}

#[test]
fn turning_the_bowl_changes_only_the_per_coordinate_optimizers() {
    // "SGD, momentum and Nesterov take the same steps at every rate once the bowl is turned;
    // RMSProp goes from 8 steps to hundreds; Adam and AdamW hardly change."
    let rotated = &report().rotated;
    for (a, b) in rotated.aligned.rows.iter().zip(&rotated.turned.rows) {
        let same = a.steps == b.steps;
        let per_coordinate = matches!(a.kind, Kind::RmsProp | Kind::Adam | Kind::AdamW);
        assert_eq!(same, !per_coordinate, "{}", a.kind.name());
    }
    let steps = |sweep: &ch09_optimizers::experiment::Sweep, kind| {
        sweep.row(kind).best_steps().expect("arrives")
    };
    let (aligned, turned) = (&rotated.aligned, &rotated.turned);
    assert!(steps(turned, Kind::RmsProp) > 50 * steps(aligned, Kind::RmsProp));
    for kind in [Kind::Adam, Kind::AdamW] {
        let (a, b) = (steps(aligned, kind), steps(turned, kind));
        assert!(b * 10 < a * 12, "{}: {a} → {b}", kind.name());
    }
}

#[test]
fn adamw_rests_further_from_the_minimum_with_larger_eta_and_lambda() {
    // "At a fixed λ, a rate ten times larger rests five to ten times further from the
    // minimum; at a fixed η, a decay ten times larger does much the same (five to nine times
    // further: asserted as more than four); Adam (λ = 0) rests closer than AdamW at
    // every rate, and every AdamW rest point is nearer the origin than the minimum is."
    let rows = &report().adamw_rest.rows;
    let at = |decay: f64, lr: f64| {
        rows.iter()
            .find(|r| r.decay == decay && r.lr == lr)
            .expect("the grid")
    };
    for decay in [0.01, 0.1] {
        assert!(at(decay, 0.1).from_minimum > 5.0 * at(decay, 0.01).from_minimum);
    }
    for lr in [0.01, 0.03, 0.1] {
        assert!(at(0.1, lr).from_minimum > 4.0 * at(0.01, lr).from_minimum);
    }
    for lr in [0.01, 0.03, 0.1] {
        assert!(at(0.0, lr).from_minimum < at(0.01, lr).from_minimum);
    }
    for r in rows.iter().filter(|r| r.decay > 0.0) {
        assert!(r.from_origin < 2f64.sqrt(), "{r:?}");
    }
}

#[test]
fn the_tuned_heavy_ball_against_the_condition_number() {
    // "The tuned heavy ball arrives in about half the steps of momentum at μ = 0.9 on the
    // chapter's bowl (κ = 100) and in fewer at κ = 10, but not at κ = 1000; its speed-up over
    // plain descent grows with κ and stays below the predicted √κ-like factor."
    let rows = &report().condition.rows;
    let steps = |s: Option<usize>| s.expect("arrives") as f64;
    for r in rows {
        let (gd, tuned) = (steps(r.gd_steps), steps(r.tuned_steps));
        assert!(gd / tuned < r.predicted_speedup(), "κ = {}", r.condition);
        // The predicted factor is √κ to within 5 % (ln((κ−1)/(κ+1)) ≈ −2/κ, etc.).
        assert!((r.predicted_speedup() / r.condition.sqrt() - 1.0).abs() < 0.05);
    }
    let speedups: Vec<f64> = rows
        .iter()
        .map(|r| steps(r.gd_steps) / steps(r.tuned_steps))
        .collect();
    assert!(
        speedups.windows(2).all(|w| w[1] > 2.0 * w[0]),
        "{speedups:?}"
    );
    let ratio = |r: &ch09_optimizers::experiment::ConditionRow| {
        steps(r.tuned_steps) / steps(r.momentum_steps)
    };
    assert_eq!(rows[1].condition, 100.0);
    assert!((0.4..0.6).contains(&ratio(&rows[1])), "{}", ratio(&rows[1]));
    assert!(ratio(&rows[0]) < 1.0);
    assert!(ratio(&rows[2]) > 1.0);
}

#[test]
fn cosine_decay_helps_adam_here_and_not_sgd() {
    // Measured, not a law: at Adam's rate the late steps are too long to settle, and decay
    // shortens them; at SGD's, the decay halves the average rate and SGD learns less.
    let median = |l: &[f64]| nn_core::table::Spread::of(l).median;
    let rows = &report().schedule.rows;
    let (sgd, adam) = (&rows[0], &rows[1]);
    assert_eq!((sgd.kind, adam.kind), (Kind::Sgd, Kind::Adam));
    assert!(median(&adam.cosine) < median(&adam.constant));
    assert!(median(&sgd.cosine) > median(&sgd.constant));
}

/// The run with `--chapter7`: every section again, and chapter 7's network with each
/// optimizer (section 7), computed once for the tests below.
fn with_chapter7() -> &'static ch09_optimizers::Report {
    static REPORT: std::sync::OnceLock<ch09_optimizers::Report> = std::sync::OnceLock::new();
    REPORT.get_or_init(|| {
        let config = ch09_optimizers::Config {
            chapter7: true,
            ..ch09_optimizers::Config::default()
        };
        ch09_optimizers::run(&config).expect("the chapter 7 run")
    })
}

#[test]
fn chapter7_section_snapshot_and_figures() {
    let report = with_chapter7();
    let (_, text) = report
        .sections()
        .into_iter()
        .find(|(name, _)| *name == "bits")
        .expect("section 7");
    // The book quotes this file; the default run's section 7 (a pointer to the flag) is
    // `ch09_optimizers__bits.snap`.
    insta::assert_snapshot!("bits_chapter7", text);
    // All twelve figures, the two of section 7 included, equal the committed ones.
    nn_testkit::assert_figures_current(env!("CARGO_MANIFEST_DIR"), report);
}

#[test]
fn the_chapter7_claims_hold() {
    let bits = with_chapter7().bits.as_ref().expect("section 7 ran");
    let best = bits.best_cells();
    let lr = |kind: Kind| best.iter().find(|(k, _)| *k == kind).expect("six").1.lr;
    // At its best rate every optimizer ends below 1 % of the untrained network's error, and
    // the best medians are within a factor 3 of each other: no optimizer reaches a better
    // network, they reach it at different rates.
    let medians: Vec<f64> = best.iter().map(|(_, c)| c.median()).collect();
    let (lo, hi) = medians
        .iter()
        .fold((f64::INFINITY, 0f64), |(lo, hi), &m| (lo.min(m), hi.max(m)));
    assert!(hi < 0.01 * bits.untrained(), "{medians:?}");
    assert!(hi < 3.0 * lo, "{medians:?}");
    // The adaptive optimizers' and momentum's best rates sit below plain SGD's.
    for kind in [Kind::Momentum, Kind::RmsProp, Kind::Adam, Kind::AdamW] {
        assert!(lr(kind) < lr(Kind::Sgd), "{}", kind.name());
    }
    // Every optimizer has a band of at least two good rates out of seven, none more than three.
    for Row { kind, cells } in &bits.rows {
        let band = bits.band(cells);
        assert!((2..=3).contains(&band), "{}: {band}", kind.name());
        assert_eq!(cells[0].runs.len(), 2, "two seeds");
    }
}

#[test]
fn the_ranking_splits_only_where_every_seed_agrees() {
    // Made-up last-epoch losses over two seeds: SGD's and momentum's runs all end below
    // Adam's and RMSProp's, but SGD's range overlaps momentum's, and Adam's RMSProp's.
    use ch09_optimizers::experiment::{Curve, Digits};
    let curve = |kind, last: [f64; 2]| Curve {
        kind,
        lr: 0.1,
        runs: last.iter().map(|&l| vec![2.3, l]).collect(),
    };
    let mut digits = Digits {
        hidden: 32,
        epochs: 1,
        seeds: 2,
        good_ratio: 1.5,
        rows: vec![],
        curves: vec![
            curve(Kind::Adam, [0.30, 0.40]),
            curve(Kind::Sgd, [0.10, 0.20]),
            curve(Kind::RmsProp, [0.35, 0.50]),
            curve(Kind::Momentum, [0.15, 0.25]),
        ],
    };
    assert_eq!(
        digits.ranking(),
        [
            vec![Kind::Sgd, Kind::Momentum],
            vec![Kind::Adam, Kind::RmsProp]
        ]
    );
    // One of momentum's seeds above one of Adam's: nothing is separated.
    digits.curves[3] = curve(Kind::Momentum, [0.15, 0.32]);
    assert_eq!(digits.ranking().len(), 1);
}

// The run exercise 4's answer names.
nn_testkit::answer_snapshots!(ch09_optimizers, "4_bowl_lr_0_018" => "--bowl-lr 0.018");
