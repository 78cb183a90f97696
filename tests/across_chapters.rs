//! Claims that set one chapter's program beside another's. Each chapter's own tests import
//! only that chapter's experiments; a comparison across chapters lives here.

/// Chapter 10 trains chapter 5's digits network by hand and through its tape, and says the
/// hand-written side *is* chapter 5's program: chapter 5's own digits section, with the same
/// settings, reaches the same test accuracy.
#[test]
fn chapter_10_s_hand_written_side_is_chapter_5_s_own_program() {
    let c10 = ch10_autograd::Config::default();
    let c5 = ch05_softmax::Config {
        seed: c10.seed,
        hidden: c10.hidden,
        lr: c10.lr,
        epochs: c10.epochs,
        batch_size: c10.batch_size,
        ..ch05_softmax::Config::default()
    };
    let chapter5 = ch05_softmax::experiment::digits(&c5);
    let chapter10 = ch10_autograd::experiment::digits(&c10);
    assert_eq!(chapter5.plain.confusion.accuracy(), chapter10.hand_accuracy);
}
