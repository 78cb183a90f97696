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
fn one_step_of_chapter_6_s_cnn_and_chapter_7_s_network_gives_their_gradients() {
    let steps = &report().steps;
    assert_eq!(
        steps.iter().map(|s| s.rows.len()).collect::<Vec<_>>(),
        [4, 10]
    );
    for step in steps {
        for row in &step.rows {
            let (name, d) = (row.name, row.difference);
            assert!(d <= 1e-12, "{}, {name}: {d}", step.network);
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

/// The answers to the page's exercises, checked (1 and 5 ask for code; their answers describe it).
#[test]
fn exercise_answers_hold() {
    use ch10_autograd::scalar::Tape;
    use ch10_autograd::softplus::Softplus;
    use ch10_autograd::tape::{ArrayTape, Op};

    // 2. E = ReLU(ln a) at a = 0: E = 0, and the skip keeps a's gradient at 0 (not ∞·0 = NaN).
    let t = Tape::new();
    let a = t.leaf(0.0, "a");
    let l = t.log(a);
    let e = t.relu(l);
    assert_eq!(t.value(e), 0.0);
    assert_eq!(t.backward(e)[a], 0.0);
    assert!((t.local_derivatives(l)[0].1).is_infinite());

    // 3. The MLP tape's own arrays: n·(64 + 2h + 10) values and the loss; the hand-written
    // layers' caches: the same without the loss.
    let c = ch10_autograd::Config::default();
    let (n, h) = (c.batch_size, c.hidden);
    let mlp = &report().memory[0];
    assert_eq!(mlp.hand, n * (64 + 2 * h + 10));
    assert_eq!(mlp.tape.values, mlp.hand + 1);

    // 4. Softplus composed from exp, + and ln against the Softplus operation.
    let composed = |x0: f64| {
        let t = Tape::new();
        let (x, one) = (t.leaf(x0, "x"), t.leaf(1.0, "1"));
        let ex = t.exp(x);
        let s = t.add(one, ex);
        let y = t.log(s);
        (t.value(y), t.backward(y)[x])
    };
    let op = |x0: f64| {
        let mut t = ArrayTape::new();
        let x = t.param(ndarray::arr1(&[x0]).into_dyn());
        let y = t.apply(Softplus, &[x]);
        let value = t.value(y)[[0]];
        let grad = Softplus.vjp(
            &[t.value(x)],
            t.value(y),
            &ndarray::arr1(&[1.0]).into_dyn(),
            &[true],
        );
        (value, grad[0].as_ref().unwrap()[[0]])
    };
    let sigma2 = 1.0 / (1.0 + (-2.0f64).exp()); // σ(2) ≈ 0.8808
    assert!((composed(2.0).1 - sigma2).abs() < 1e-15);
    assert!((op(2.0).1 - sigma2).abs() < 1e-15);
    assert!((composed(2.0).0 - op(2.0).0).abs() < 1e-15);
    assert_eq!(op(800.0), (800.0, 1.0));
    // At 800 the composed form overflows (value ∞) and the tape's gradient is 0 — not because
    // "1/∞ = 0 stops the chain": the chain goes on to exp, whose local derivative is ∞, and
    // 0·∞ is NaN. The 0 is the backward pass's skip of nodes whose gradient is 0.
    assert_eq!(composed(800.0), (f64::INFINITY, 0.0));
    let t = Tape::new();
    let (x, one) = (t.leaf(800.0, "x"), t.leaf(1.0, "1"));
    let ex = t.exp(x);
    let s = t.add(one, ex);
    let y = t.log(s);
    let with_skip = t.backward(y);
    assert_eq!(t.local_derivatives(y), [(s, 0.0)]); // ln's 1/∞ = 0
    assert_eq!(t.local_derivatives(ex), [(x, f64::INFINITY)]); // exp's e⁸⁰⁰ = ∞
    assert_eq!((with_skip[s], with_skip[ex], with_skip[x]), (0.0, 0.0, 0.0));
    // The same sweep as `Tape::backward`, without the skip: ex hands ∞·0 = NaN to x.
    let mut no_skip = vec![0.0; t.len()];
    no_skip[y.0] = 1.0;
    for v in (0..=y.0).rev() {
        for (input, local) in t.local_derivatives(ch10_autograd::scalar::Var(v)) {
            no_skip[input.0] += local * no_skip[v];
        }
    }
    assert_eq!((no_skip[s.0], no_skip[ex.0]), (0.0, 0.0));
    assert!(no_skip[x.0].is_nan());
}

#[test]
fn forward_mode_gives_reverse_mode_s_jacobian_and_wins_where_inputs_are_few() {
    // The page: "a full Jacobian of f: ℝⁿ → ℝᵐ costs n forward sweeps or m backward passes",
    // both give the same Jacobian (which passes the gradient check), and "forward mode is
    // cheaper where n < m, reverse mode where n > m".
    let rows = &report().forward_mode.rows;
    assert!(rows.iter().any(|r| r.inputs < r.outputs) && rows.iter().any(|r| r.inputs > r.outputs));
    for r in rows {
        assert_eq!((r.forward.sweeps, r.reverse.sweeps), (r.inputs, r.outputs));
        assert!(r.forward_vs_reverse < 1e-12, "{}", r.forward_vs_reverse);
        assert!(
            r.forward_vs_differences < 1e-6,
            "{}",
            r.forward_vs_differences
        );
        match r.inputs.cmp(&r.outputs) {
            std::cmp::Ordering::Less => assert_eq!(r.cheaper(), "forward"),
            std::cmp::Ordering::Greater => assert_eq!(r.cheaper(), "reverse"),
            // The page: "at n = m reverse mode is still cheaper here", because a backward pass
            // skips the nodes off its output's path and a forward sweep visits every node.
            std::cmp::Ordering::Equal => assert_eq!(r.cheaper(), "reverse"),
        }
    }
}

#[test]
fn gradients_add_up_only_when_the_caller_adds_them() {
    // The page: "every backward pass of this book starts from zero" (calling it twice gives
    // the same gradient, not twice it); "added without zero_grad, two backward passes give
    // exactly twice the gradient"; "the micro-batches' gradients, each weighted by its share
    // n_k/N, equal the batch's to rounding"; "without the weights the sum is too large by the
    // number of micro-batches".
    let a = &report().accumulation;
    assert_eq!(a.repeated_backward, 0.0);
    assert_eq!(a.twice_ratio, (2.0, 2.0));
    assert_eq!(a.micro_batches.iter().sum::<usize>(), a.batch);
    assert!(a.micro_vs_batch < 1e-10, "{}", a.micro_vs_batch);
    assert_eq!(a.micro_batches, [8, 8, 8, 8]);
    assert!(
        (a.unweighted_ratio - 4.0).abs() < 1e-12,
        "{}",
        a.unweighted_ratio
    );
}

#[test]
fn recomputing_the_first_layer_holds_less_costs_more_and_changes_no_gradient() {
    // The page: recomputing trades memory for compute — "less held, more multiply-adds, the
    // same gradients bit for bit" — and what it saves is what the first layer kept.
    for r in &report().recomputing {
        assert!(r.recomputed.total() < r.kept.total(), "{}", r.network);
        assert_eq!(
            r.recomputed.values, r.kept.values,
            "{}: the same nodes",
            r.network
        );
        assert!(r.extra_multiply_adds > 0, "{}", r.network);
        assert_eq!(r.gradient_difference, 0.0, "{}", r.network);
    }
}
