//! Wrong answers to chapter 12's exercises, and the hint each must get (listed here, not in
//! grader.rs's `wrong_answers()`, so that chapters merge without touching one list); the
//! answers' backward passes against finite differences; and what a reader sees.

use ndarray::{Array1, Array2, ArrayD, Axis};
use practice::checks::ch12::{self, Candidate};
use practice::{BpttGrads, Hint, RnnStepGrads};

use super::super::answer_ch12 as right;
use super::{wrong, WrongAnswer};

/// 12.1 with ∂L/∂z = G: tanh′ forgotten.
pub fn step_without_tanh_prime(
    x: &Array2<f64>,
    h_prev: &Array2<f64>,
    _h: &Array2<f64>,
    w_x: &Array2<f64>,
    w_h: &Array2<f64>,
    grad_h: &Array2<f64>,
) -> RnnStepGrads {
    // tanh′ = 1 − h² = 1 where h = 0: the right answer with every h set to 0.
    let zero = Array2::zeros(grad_h.raw_dim());
    right::rnn_step_backward(x, h_prev, &zero, w_x, w_h, grad_h)
}

/// 12.1 with tanh′ taken from the state before the step.
pub fn step_tanh_of_previous(
    x: &Array2<f64>,
    h_prev: &Array2<f64>,
    _h: &Array2<f64>,
    w_x: &Array2<f64>,
    w_h: &Array2<f64>,
    grad_h: &Array2<f64>,
) -> RnnStepGrads {
    right::rnn_step_backward(x, h_prev, h_prev, w_x, w_h, grad_h)
}

/// 12.1 with tanh′ written 1 − h.
pub fn step_one_minus_h(
    x: &Array2<f64>,
    h_prev: &Array2<f64>,
    h: &Array2<f64>,
    w_x: &Array2<f64>,
    w_h: &Array2<f64>,
    grad_h: &Array2<f64>,
) -> RnnStepGrads {
    let grad_z = grad_h * &h.mapv(|h| 1.0 - h);
    RnnStepGrads {
        x: grad_z.dot(&w_x.t()),
        h_prev: grad_z.dot(&w_h.t()),
        w_x: x.t().dot(&grad_z),
        w_h: h_prev.t().dot(&grad_z),
        b: grad_z.sum_axis(Axis(0)),
    }
}

/// 12.1 with W_h's share from the state the step made.
pub fn step_new_state(
    x: &Array2<f64>,
    h_prev: &Array2<f64>,
    h: &Array2<f64>,
    w_x: &Array2<f64>,
    w_h: &Array2<f64>,
    grad_h: &Array2<f64>,
) -> RnnStepGrads {
    let mut g = right::rnn_step_backward(x, h_prev, h, w_x, w_h, grad_h);
    let grad_z = grad_h * &h.mapv(|h| 1.0 - h * h);
    g.w_h = h.t().dot(&grad_z);
    g
}

/// 12.1 with ∂L/∂W_x written ∂L/∂zᵀ·x: transposed.
pub fn step_transposed(
    x: &Array2<f64>,
    h_prev: &Array2<f64>,
    h: &Array2<f64>,
    w_x: &Array2<f64>,
    w_h: &Array2<f64>,
    grad_h: &Array2<f64>,
) -> RnnStepGrads {
    let mut g = right::rnn_step_backward(x, h_prev, h, w_x, w_h, grad_h);
    g.w_x = g.w_x.t().to_owned();
    g
}

/// 12.1 with b's share the mean over the batch instead of the sum.
pub fn step_mean_bias(
    x: &Array2<f64>,
    h_prev: &Array2<f64>,
    h: &Array2<f64>,
    w_x: &Array2<f64>,
    w_h: &Array2<f64>,
    grad_h: &Array2<f64>,
) -> RnnStepGrads {
    let mut g = right::rnn_step_backward(x, h_prev, h, w_x, w_h, grad_h);
    let grad_z = grad_h * &h.mapv(|h| 1.0 - h * h);
    g.b = grad_z.mean_axis(Axis(0)).expect("a batch");
    g
}

/// 12.1 with ∂L/∂h_prev = ∂L/∂z·W_h: W_h not transposed (square, so the shapes still fit).
pub fn step_untransposed_recurrent(
    x: &Array2<f64>,
    h_prev: &Array2<f64>,
    h: &Array2<f64>,
    w_x: &Array2<f64>,
    w_h: &Array2<f64>,
    grad_h: &Array2<f64>,
) -> RnnStepGrads {
    let mut g = right::rnn_step_backward(x, h_prev, h, w_x, w_h, grad_h);
    let grad_z = grad_h * &h.mapv(|h| 1.0 - h * h);
    g.h_prev = grad_z.dot(w_h);
    g
}

/// The sweep of 12.2 with `=` for `+=` on the weights' gradients.
pub fn bptt_overwriting(
    xs: &[Array2<f64>],
    hs: &[Array2<f64>],
    w_x: &Array2<f64>,
    w_h: &Array2<f64>,
    above: &[Array2<f64>],
) -> BpttGrads {
    let zeros = Array2::zeros(hs[0].raw_dim());
    let mut grads = right::bptt(xs, hs, w_x, w_h, above); // for ∂L/∂x of every step
    let mut from_next = zeros.clone();
    for t in (0..xs.len()).rev() {
        let h_prev = if t == 0 { &zeros } else { &hs[t - 1] };
        let step =
            right::rnn_step_backward(&xs[t], h_prev, &hs[t], w_x, w_h, &(&above[t] + &from_next));
        grads.w_x = step.w_x;
        grads.w_h = step.w_h;
        grads.b = step.b;
        from_next = step.h_prev;
    }
    grads
}

/// The sweep of 12.2 from the first step to the last, handing the gradient on as it goes.
pub fn bptt_forwards(
    xs: &[Array2<f64>],
    hs: &[Array2<f64>],
    w_x: &Array2<f64>,
    w_h: &Array2<f64>,
    above: &[Array2<f64>],
) -> BpttGrads {
    let zeros = Array2::zeros(hs[0].raw_dim());
    let mut grads = BpttGrads {
        xs: Vec::new(),
        w_x: Array2::zeros(w_x.raw_dim()),
        w_h: Array2::zeros(w_h.raw_dim()),
        b: Array1::zeros(w_h.ncols()),
    };
    let mut handed = zeros.clone();
    for t in 0..xs.len() {
        let h_prev = if t == 0 { &zeros } else { &hs[t - 1] };
        let step =
            right::rnn_step_backward(&xs[t], h_prev, &hs[t], w_x, w_h, &(&above[t] + &handed));
        grads.w_x += &step.w_x;
        grads.w_h += &step.w_h;
        grads.b += &step.b;
        grads.xs.push(step.x);
        handed = step.h_prev;
    }
    grads
}

/// The sweep of 12.2 without what the next step hands back: no gradient through time.
pub fn bptt_not_carried(
    xs: &[Array2<f64>],
    hs: &[Array2<f64>],
    w_x: &Array2<f64>,
    w_h: &Array2<f64>,
    above: &[Array2<f64>],
) -> BpttGrads {
    let zeros = Array2::zeros(hs[0].raw_dim());
    let mut grads = BpttGrads {
        xs: Vec::new(),
        w_x: Array2::zeros(w_x.raw_dim()),
        w_h: Array2::zeros(w_h.raw_dim()),
        b: Array1::zeros(w_h.ncols()),
    };
    for t in 0..xs.len() {
        let h_prev = if t == 0 { &zeros } else { &hs[t - 1] };
        let step = right::rnn_step_backward(&xs[t], h_prev, &hs[t], w_x, w_h, &above[t]);
        grads.w_x += &step.w_x;
        grads.w_h += &step.w_h;
        grads.b += &step.b;
        grads.xs.push(step.x);
    }
    grads
}

/// The sweep of 12.2 with only the last step's gradient from above.
pub fn bptt_last_only(
    xs: &[Array2<f64>],
    hs: &[Array2<f64>],
    w_x: &Array2<f64>,
    w_h: &Array2<f64>,
    above: &[Array2<f64>],
) -> BpttGrads {
    let last = above.len() - 1;
    let only_last: Vec<Array2<f64>> = (0..above.len())
        .map(|t| {
            if t == last {
                above[t].clone()
            } else {
                Array2::zeros(above[t].raw_dim())
            }
        })
        .collect();
    right::bptt(xs, hs, w_x, w_h, &only_last)
}

/// The sweep of 12.2 reading hs[t] as the state step t + 1 read.
pub fn bptt_off_by_one(
    xs: &[Array2<f64>],
    hs: &[Array2<f64>],
    w_x: &Array2<f64>,
    w_h: &Array2<f64>,
    above: &[Array2<f64>],
) -> BpttGrads {
    // The right sweep on states shifted by one: step t + 1 "read" hs[t].
    let mut grads = right::bptt(xs, hs, w_x, w_h, above);
    let mut from_next = Array2::zeros(hs[0].raw_dim());
    grads.w_h.fill(0.0);
    for t in (0..xs.len()).rev() {
        let g = &above[t] + &from_next;
        let step = right::rnn_step_backward(&xs[t], &hs[t], &hs[t], w_x, w_h, &g);
        grads.w_h += &step.w_h;
        from_next = step.h_prev;
    }
    grads
}

/// 12.3 clipping each element to [−c, c].
pub fn clip_elementwise(grads: &[ArrayD<f64>], max_norm: f64) -> Vec<ArrayD<f64>> {
    grads
        .iter()
        .map(|g| g.mapv(|v| v.clamp(-max_norm, max_norm)))
        .collect()
}

/// 12.3 clipping each gradient by its own norm.
pub fn clip_per_parameter(grads: &[ArrayD<f64>], max_norm: f64) -> Vec<ArrayD<f64>> {
    grads
        .iter()
        .flat_map(|g| right::clip_by_norm(std::slice::from_ref(g), max_norm))
        .collect()
}

/// 12.3 scaling to c whatever the norm.
pub fn clip_always(grads: &[ArrayD<f64>], max_norm: f64) -> Vec<ArrayD<f64>> {
    let norm = grads
        .iter()
        .map(|g| g.iter().map(|v| v * v).sum::<f64>())
        .sum::<f64>()
        .sqrt();
    grads.iter().map(|g| g * (max_norm / norm)).collect()
}

/// 12.3 dividing by the squared norm.
pub fn clip_squared_norm(grads: &[ArrayD<f64>], max_norm: f64) -> Vec<ArrayD<f64>> {
    let squares = grads
        .iter()
        .map(|g| g.iter().map(|v| v * v).sum::<f64>())
        .sum::<f64>();
    if squares.sqrt() > max_norm {
        grads.iter().map(|g| g * (max_norm / squares)).collect()
    } else {
        grads.to_vec()
    }
}

/// Every wrong answer above, in the reference answers' candidate, with its hint.
pub fn wrong_answers() -> Vec<WrongAnswer> {
    let a = practice::bind_ch12!(right);
    let mistake = Hint::Mistake;
    let case =
        |id, name, candidate: Candidate, hint| wrong(id, name, ch12::chapter(candidate), hint);
    type Step = fn(
        &Array2<f64>,
        &Array2<f64>,
        &Array2<f64>,
        &Array2<f64>,
        &Array2<f64>,
        &Array2<f64>,
    ) -> RnnStepGrads;
    type Sweep =
        fn(&[Array2<f64>], &[Array2<f64>], &Array2<f64>, &Array2<f64>, &[Array2<f64>]) -> BpttGrads;
    type Clip = fn(&[ArrayD<f64>], f64) -> Vec<ArrayD<f64>>;
    // Fields set one by one, as chapter 10's list does (`Candidate { f, ..a }` in a closure
    // makes rustc 1.95 panic on fn pointers of ndarray types).
    let step = |f: Step| {
        let mut c = a;
        c.rnn_step_backward = f;
        c
    };
    let sweep = |f: Sweep| {
        let mut c = a;
        c.bptt = f;
        c
    };
    let clip = |f: Clip| {
        let mut c = a;
        c.clip_by_norm = f;
        c
    };
    vec![
        case(
            "12.1",
            "no tanh′",
            step(step_without_tanh_prime),
            mistake(ch12::NO_TANH_PRIME),
        ),
        case(
            "12.1",
            "tanh′ of h_prev",
            step(step_tanh_of_previous),
            mistake(ch12::TANH_OF_PREVIOUS),
        ),
        case(
            "12.1",
            "1 − h",
            step(step_one_minus_h),
            mistake(ch12::ONE_MINUS_H),
        ),
        case(
            "12.1",
            "W_h's share from h",
            step(step_new_state),
            mistake(ch12::NEW_STATE),
        ),
        case("12.1", "∂L/∂zᵀ·x", step(step_transposed), Hint::Transposed),
        case(
            "12.1",
            "b's share a mean",
            step(step_mean_bias),
            Hint::ExtraOneOverN { n: 5 },
        ),
        case(
            "12.1",
            "∂L/∂z·W_h for ∂L/∂h_prev",
            step(step_untransposed_recurrent),
            Hint::FailsGradientCheck {
                worst: String::new(),
            },
        ),
        case(
            "12.2",
            "= instead of +=",
            sweep(bptt_overwriting),
            mistake(ch12::OVERWRITTEN),
        ),
        case(
            "12.2",
            "first to last",
            sweep(bptt_forwards),
            mistake(ch12::SWEPT_FORWARDS),
        ),
        case(
            "12.2",
            "nothing handed back",
            sweep(bptt_not_carried),
            mistake(ch12::NOT_CARRIED),
        ),
        case(
            "12.2",
            "the last step's gradient only",
            sweep(bptt_last_only),
            mistake(ch12::LAST_ONLY),
        ),
        case(
            "12.2",
            "hs[t] as h_prev",
            sweep(bptt_off_by_one),
            mistake(ch12::OFF_BY_ONE),
        ),
        case(
            "12.3",
            "each element",
            clip(clip_elementwise),
            mistake(ch12::ELEMENTWISE),
        ),
        case(
            "12.3",
            "each parameter",
            clip(clip_per_parameter),
            mistake(ch12::PER_PARAMETER),
        ),
        case(
            "12.3",
            "always scaled",
            clip(clip_always),
            mistake(ch12::ALWAYS_SCALED),
        ),
        case(
            "12.3",
            "Σ g² for ‖g‖",
            clip(clip_squared_norm),
            mistake(ch12::SQUARED_NORM),
        ),
    ]
}

/// The answers' backward passes against central finite differences of the answers' own
/// forward pass (the grader's expected values are the chapter's code): 12.1 for every input
/// and parameter, 12.2 through a whole sequence.
#[test]
fn chapter_12_answers_pass_the_gradient_check() {
    use nn_core::gradcheck::{check_gradient, check_vjp};
    use practice::checks::random;

    let step = |x: &Array2<f64>, h: &Array2<f64>, w_x: &Array2<f64>, w_h: &Array2<f64>| {
        (x.dot(w_x) + h.dot(w_h)).mapv(f64::tanh)
    };
    let (x, h_prev) = (
        random((4, 3), 1, 1.0),
        random((4, 5), 2, 1.0).mapv(f64::tanh),
    );
    let (w_x, w_h, g) = (
        random((3, 5), 3, 0.7),
        random((5, 5), 4, 0.7),
        random((4, 5), 5, 1.0),
    );
    let h = step(&x, &h_prev, &w_x, &w_h);
    let grads = right::rnn_step_backward(&x, &h_prev, &h, &w_x, &w_h, &g);
    let checks = [
        (
            "x",
            check_vjp(|x| step(x, &h_prev, &w_x, &w_h), &x, &g, &grads.x),
        ),
        (
            "h_prev",
            check_vjp(|hp| step(&x, hp, &w_x, &w_h), &h_prev, &g, &grads.h_prev),
        ),
        (
            "W_x",
            check_vjp(|w| step(&x, &h_prev, w, &w_h), &w_x, &g, &grads.w_x),
        ),
        (
            "W_h",
            check_vjp(|w| step(&x, &h_prev, &w_x, w), &w_h, &g, &grads.w_h),
        ),
    ];
    for (name, check) in checks {
        assert!(check.passed(), "12.1 {name}: {check}");
    }

    // 12.2: L = Σ_t Σ above_t ⊙ h_t over a sequence of 5 steps from h₀ = 0 (b = 0).
    let xs: Vec<Array2<f64>> = (0..5).map(|t| random((2, 3), 10 + t, 1.0)).collect();
    let above: Vec<Array2<f64>> = (0..5).map(|t| random((2, 5), 20 + t, 1.0)).collect();
    let loss = |w_x: &Array2<f64>, w_h: &Array2<f64>| {
        let mut h = Array2::zeros((2, 5));
        let mut total = 0.0;
        for (x, a) in xs.iter().zip(&above) {
            h = step(x, &h, w_x, w_h);
            total += (&h * a).sum();
        }
        total
    };
    let mut hs = Vec::new();
    let mut state = Array2::zeros((2, 5));
    for x in &xs {
        state = step(x, &state, &w_x, &w_h);
        hs.push(state.clone());
    }
    let grads = right::bptt(&xs, &hs, &w_x, &w_h, &above);
    let check = check_gradient(|w| loss(w, &w_h), &w_x, &grads.w_x);
    assert!(check.passed(), "12.2 W_x: {check}");
    let check = check_gradient(|w| loss(&w_x, w), &w_h, &grads.w_h);
    assert!(check.passed(), "12.2 W_h: {check}");
}

/// The text `cargo run -p practice -- 12` prints for a stub, a sweep that overwrites the
/// weights' gradients and clipping element by element (chapter 12's page quotes it).
#[test]
fn what_the_reader_sees_in_chapter_12() {
    let chapter = ch12::chapter(Candidate {
        rnn_step_backward: |_, _, _, _, _, _| todo!("exercise 12.1"),
        bptt: bptt_overwriting,
        clip_by_norm: clip_elementwise,
    });
    insta::assert_snapshot!("chapter_12_report", super::super::report(&chapter));
}
