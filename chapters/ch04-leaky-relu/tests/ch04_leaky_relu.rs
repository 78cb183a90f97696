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
