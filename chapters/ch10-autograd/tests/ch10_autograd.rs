//! Chapter 10: the printed report (snapshots, one per section, quoted by the book), the
//! figure, and the claims the chapter makes.

nn_testkit::chapter_tests!(ch10_autograd);

#[test]
fn the_tape_gives_chapter_3_s_trace_field_by_field() {
    // Chapter 3's hand trace (ch03_relu_xor::trace::trace, checked there by hand and by
    // finite differences) and the same numbers read off the tape.
    let t = &report().trace;
    assert_eq!(t.tape, t.hand);
    assert!(t.others_equal.iter().all(|(_, equal)| *equal));
}

#[test]
fn the_digits_network_trains_the_same_through_the_tape() {
    let d = &report().digits;
    assert!(
        d.max_gradient_difference <= 1e-12,
        "{}",
        d.max_gradient_difference
    );
    assert!(
        d.final_weight_difference <= 1e-12,
        "{}",
        d.final_weight_difference
    );
    assert_eq!(d.hand_accuracy, d.tape_accuracy);
    assert_eq!(d.steps, 10 * d.n_train.div_ceil(32)); // 10 epochs of batches of 32
}

#[test]
fn the_hand_written_side_is_chapter_5_s_own_program() {
    // Chapter 5's digits section with the same settings trains its network with its own
    // loop (chapter 3's Trainer): its test accuracy is the hand-written side's here.
    let config = ch10_autograd::Config::default();
    let c5 = ch05_softmax::experiment::digits(&config.chapter5());
    assert_eq!(c5.plain.confusion.accuracy(), report().digits.hand_accuracy);
}

#[test]
fn one_step_of_chapter_6_s_cnn_and_chapter_7_s_network_gives_their_gradients() {
    let steps = &report().steps;
    assert_eq!(
        steps.iter().map(|s| s.rows.len()).collect::<Vec<_>>(),
        [4, 10]
    );
    for step in steps {
        for (name, _, d) in &step.rows {
            assert!(*d <= 1e-12, "{}, {name}: {d}", step.network);
        }
        assert!(step.loss_difference <= 1e-12, "{}", step.network);
    }
}

#[test]
fn the_tape_holds_more_than_the_hand_written_layers() {
    // The tape keeps every node's array and each wrapped layer keeps its own cache and a copy
    // of its parameters and their gradients: more than the layers' caches alone.
    for row in &report().memory {
        assert!(row.tape.total() > row.hand, "{}", row.network);
        assert!(row.tape.kept_by_ops > 0, "{}", row.network);
    }
}
