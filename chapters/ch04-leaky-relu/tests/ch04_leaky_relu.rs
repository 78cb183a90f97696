//! Chapter 4: the printed report (snapshots, one per section, quoted by the book), the
//! figures, and the claims the chapter makes.

nn_testkit::chapter_tests!(ch04_leaky_relu);

#[test]
fn the_chapter_claims_hold() {
    let r = report();
    assert!(r.config.seeds >= 20, "the issue asks for at least 20 seeds");
    // Experiment 1: one hidden unit never solves XOR; a dead ReLU unit never revives.
    for v in &r.bottleneck.variants {
        let slope = v.slope;
        assert!(v.runs.iter().all(|o| o.accuracy <= 0.75), "slope {slope}");
        if slope == 0.0 {
            assert!(
                v.runs.iter().all(|o| o.dead_at_end == o.dead_at_some_epoch),
                "a ReLU unit dead once is dead at the end"
            );
        }
    }
    // Experiment 2: ReLU units never revive in full-batch training of one hidden layer;
    // the killing conditions kill; leaky ReLU's units do revive.
    for v in &r.moons.variants {
        let (condition, slope, runs) = (&v.condition, &v.slope, &v.runs);
        let revived: usize = runs.iter().map(|run| run.watch.revived).sum();
        if *slope == 0.0 {
            assert_eq!(revived, 0, "{}", condition.name);
            for run in runs {
                assert!(
                    run.watch.dead.windows(2).all(|w| w[1] >= w[0]),
                    "dead ReLU units stay dead"
                );
            }
        }
        if condition.name != "ordinary" {
            let dead: usize = runs.iter().map(|run| *run.watch.dead.last().unwrap()).sum();
            assert!(dead > 0, "{} kills units", condition.name);
        }
        if condition.name == "large learning rate" && *slope == 0.1 {
            assert!(revived > 0);
        }
    }
}

// The runs the page quotes beyond the default one: the exercises' answers, with the flags each
// names, and the rate × epochs check of "What the numbers say".
nn_testkit::answer_snapshots!(
    ch04_leaky_relu,
    "1_hidden_8" => "--hidden 8",
    "2_epochs_1000" => "--epochs 1000",
    "3_bias_init_minus_2_epochs_10000" => "--bias-init -2 --epochs 10000",
    "4_large_lr_3" => "--large-lr 3",
    "5_bias_init_0_1" => "--bias-init 0.1",
    "rate_times_epochs" => "--lr 0.1 --epochs 1000",
);
