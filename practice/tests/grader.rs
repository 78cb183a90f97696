//! The grader proved right, through the same checks the reader's run uses, never reading the
//! reader's files (src/exercises/): for every exercise, the reference answer (answers/) passes,
//! a stub is "not yet attempted", every wrong answer (tests/wrong/) is graded "wrong" — each
//! typical mistake with the hint meant for it — and equivalent ways of writing an answer pass.

#[path = "../answers/ch01.rs"]
mod answer_ch01;
#[path = "../answers/ch02.rs"]
mod answer_ch02;
#[path = "../answers/ch03.rs"]
mod answer_ch03;
#[path = "../answers/ch04.rs"]
mod answer_ch04;
#[path = "../answers/ch05.rs"]
mod answer_ch05;
#[path = "../answers/ch06.rs"]
mod answer_ch06;
#[path = "../answers/ch07.rs"]
mod answer_ch07;
#[path = "../answers/ch08.rs"]
mod answer_ch08;
#[path = "../answers/ch09.rs"]
mod answer_ch09;
#[path = "../answers/ch10.rs"]
mod answer_ch10;
#[path = "../answers/ch11.rs"]
mod answer_ch11;
#[path = "../answers/ch12.rs"]
mod answer_ch12;
#[path = "../answers/ch13.rs"]
mod answer_ch13;
#[path = "../answers/ch14.rs"]
mod answer_ch14;
mod wrong;

use std::collections::BTreeMap;

use practice::checks::{
    ch01, ch02, ch03, ch04, ch05, ch06, ch07, ch08, ch09, ch10, ch11, ch12, ch13, ch14,
};
use practice::{Chapter, Hint, Outcome};

/// Every chapter bound to its reference answers.
fn answer_chapters() -> Vec<Chapter> {
    vec![
        ch01::chapter(practice::bind_ch01!(answer_ch01)),
        ch02::chapter(practice::bind_ch02!(answer_ch02)),
        ch03::chapter(practice::bind_ch03!(answer_ch03)),
        ch04::chapter(practice::bind_ch04!(answer_ch04)),
        ch05::chapter(practice::bind_ch05!(answer_ch05)),
        ch06::chapter(practice::bind_ch06!(answer_ch06)),
        ch07::chapter(practice::bind_ch07!(answer_ch07)),
        ch08::chapter(practice::bind_ch08!(answer_ch08)),
        ch09::chapter(practice::bind_ch09!(answer_ch09)),
        ch10::chapter(practice::bind_ch10!(answer_ch10)),
        ch11::chapter(practice::bind_ch11!(answer_ch11)),
        ch12::chapter(practice::bind_ch12!(answer_ch12)),
        ch13::chapter(practice::bind_ch13!(answer_ch13)),
        ch14::chapter(practice::bind_ch14!(answer_ch14)),
    ]
}

/// Every chapter's stubs, as the shipped files have them.
fn stubs() -> Vec<Chapter> {
    vec![
        ch01::chapter(ch01::Candidate::stubs()),
        ch02::chapter(ch02::Candidate::stubs()),
        ch03::chapter(ch03::Candidate::stubs()),
        ch04::chapter(ch04::Candidate::stubs()),
        ch05::chapter(ch05::Candidate::stubs()),
        ch06::chapter(ch06::Candidate::stubs()),
        ch07::chapter(ch07::Candidate::stubs()),
        ch08::chapter(ch08::Candidate::stubs()),
        ch09::chapter(ch09::Candidate::stubs()),
        ch10::chapter(ch10::Candidate::stubs()),
        ch11::chapter(ch11::Candidate::stubs()),
        ch12::chapter(ch12::Candidate::stubs()),
        ch13::chapter(ch13::Candidate::stubs()),
        ch14::chapter(ch14::Candidate::stubs()),
    ]
}

/// Grades exercise `id` of `chapter`.
fn outcome(chapter: &Chapter, id: &str) -> Outcome {
    let exercise = chapter
        .exercises
        .iter()
        .find(|e| e.id == id)
        .unwrap_or_else(|| panic!("no exercise {id}"));
    exercise.grade()
}

#[test]
fn every_reference_answer_passes() {
    let chapters = answer_chapters();
    // Binding the reader's functions runs none of them.
    let numbers = |c: &[Chapter]| c.iter().map(|c| c.number).collect::<Vec<_>>();
    assert_eq!(numbers(&chapters), numbers(&practice::chapters()));
    for chapter in &chapters {
        assert!(chapter.exercises.len() >= 3, "chapter {}", chapter.number);
        for e in &chapter.exercises {
            assert_eq!(e.grade(), Outcome::Passed, "exercise {}", e.id);
        }
    }
}

#[test]
fn every_stub_is_not_yet_attempted() {
    let numbers = |c: &[Chapter]| c.iter().map(|c| c.number).collect::<Vec<_>>();
    assert_eq!(numbers(&stubs()), numbers(&practice::chapters()));
    for chapter in stubs() {
        for e in &chapter.exercises {
            assert_eq!(e.grade(), Outcome::NotAttempted, "exercise {}", e.id);
        }
    }
}

/// Whether the hint a wrong answer got is the one it must get: the numbers of a gradient
/// check, an offset or a ratio are not asserted, a panic's place only by its file.
fn same_hint(expected: &Hint, got: &Hint) -> bool {
    match (expected, got) {
        (Hint::FailsGradientCheck { .. }, Hint::FailsGradientCheck { worst }) => {
            worst.contains("max relative error")
        }
        (Hint::Offset { .. }, Hint::Offset { .. }) | (Hint::Scaled { .. }, Hint::Scaled { .. }) => {
            true
        }
        (Hint::Panicked { at: Some(file) }, Hint::Panicked { at: Some(at) }) => {
            at.starts_with(&format!("{file}:"))
        }
        (expected, got) => expected == got,
    }
}

/// A hint that names the mistake, as opposed to one that says what the difference looks like
/// in general (a ratio, an offset, no pattern, a failed gradient check).
fn is_specific(hint: &Hint) -> bool {
    !matches!(
        hint,
        Hint::Doubled
            | Hint::Halved
            | Hint::Scaled { .. }
            | Hint::Offset { .. }
            | Hint::ScaledPer { .. }
            | Hint::OffsetPer { .. }
            | Hint::NotFinite { .. }
            | Hint::WrongShape
            | Hint::NoPattern
            | Hint::FailsGradientCheck { .. }
    )
}

/// The standing test: every wrong answer — typical mistakes and generated variants — is
/// graded "wrong", each typical mistake with its hint; every exercise has at least three
/// typical mistakes. Prints (with --nocapture) what the reader would see, and the counts per
/// exercise.
#[test]
fn no_wrong_answer_passes_and_each_gets_its_hint() {
    let cases = wrong::all();
    // exercise -> (typical mistakes, with a specific hint, generated variants)
    let mut counts: BTreeMap<(u32, u32), (&str, usize, usize, usize)> = BTreeMap::new();
    for chapter in answer_chapters() {
        for e in &chapter.exercises {
            let (c, k) = e.id.split_once('.').expect("N.M");
            counts.insert((c.parse().unwrap(), k.parse().unwrap()), (e.id, 0, 0, 0));
        }
    }
    let mut failures = Vec::new();
    for case in &cases {
        let got = outcome(&case.chapter, case.id);
        let (c, k) = case.id.split_once('.').expect("N.M");
        let count = counts
            .get_mut(&(c.parse().unwrap(), k.parse().unwrap()))
            .unwrap_or_else(|| panic!("no exercise {}", case.id));
        let Outcome::Wrong(mismatch) = &got else {
            failures.push(format!("{} ({}): {got:?}, not wrong", case.id, case.name));
            continue;
        };
        match &case.hint {
            None => count.3 += 1,
            Some(hint) => {
                count.1 += 1;
                if is_specific(hint) {
                    count.2 += 1;
                }
                if !same_hint(hint, &mismatch.hint) {
                    failures.push(format!(
                        "{} ({}): expected the hint {hint:?}, got\n{mismatch}",
                        case.id, case.name
                    ));
                }
            }
        }
        // What the reader would see (cargo test -- --nocapture):
        eprintln!("{} ({}):\n{mismatch}\n", case.id, case.name);
    }
    eprintln!("exercise  typical mistakes  with a specific hint  generated variants");
    for (id, typical, specific, generated) in counts.values() {
        eprintln!("{id:<9} {typical:>16}  {specific:>20}  {generated:>18}");
    }
    let (typical, specific, generated) = counts
        .values()
        .fold((0, 0, 0), |(a, b, c), v| (a + v.1, b + v.2, c + v.3));
    eprintln!("all       {typical:>16}  {specific:>20}  {generated:>18}");
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    for (id, typical, _, _) in counts.values() {
        assert!(
            *typical >= 3,
            "exercise {id} has {typical} typical wrong answers, not 3"
        );
    }
}

#[test]
fn a_wrong_answer_says_where_and_by_how_much() {
    let chapter = ch02::chapter(wrong::with!(
        practice::bind_ch02!(answer_ch02),
        cost_gradient = wrong::ch02::gradient_without_mean
    ));
    let Outcome::Wrong(m) = outcome(&chapter, "2.2") else {
        panic!("not wrong")
    };
    // The first case is X (6, 3): every element is 6 times the right one.
    assert_eq!(m.what, "cost_gradient for X (6, 3)");
    assert!(
        m.detail.starts_with("first difference at [0]: expected "),
        "{}",
        m.detail
    );
    assert!(m.detail.ends_with("3 of 3 elements differ"), "{}", m.detail);
    let text = m.to_string();
    assert!(
        text.contains("6 times too large: the 1/n of the mean (n = 6) is missing"),
        "{text}"
    );
}

/// The issue's cases: a depth-first sweep that hands t = tanh a on at its first visit gets
/// half of d/da [tanh(a)·tanh(a)] = 2t(1 − t²), t(1 − t²); a breadth-first queue hands t on
/// before the share through eᵗ arrives and gets 1 − t² of d/da [t + eᵗ] = (1 + eᵗ)(1 − t²) —
/// at a = 0.4, 0.8556 of 2.1068, the issue's numbers.
#[test]
fn the_sweeps_that_hand_on_too_early_give_the_issues_numbers() {
    use ch10_autograd::scalar::{Tape, Var};
    let locals = |t: &Tape| -> Vec<practice::NodeLocals> {
        (0..t.len())
            .map(|v| {
                t.local_derivatives(Var(v))
                    .into_iter()
                    .map(|(i, d)| (i.0, d))
                    .collect()
            })
            .collect()
    };
    let close = |a: f64, b: f64| (a - b).abs() < 1e-12;
    let a = 0.4;
    let t = f64::tanh(a);
    let tape = Tape::new();
    let leaf = tape.leaf(a, "a");
    let th = tape.tanh(leaf);
    let out = tape.mul(th, th);
    let right = answer_ch10::reverse_sweep(&locals(&tape), out.0)[0];
    assert!(close(right, 2.0 * t * (1.0 - t * t)));
    let dfs = wrong::ch10::reverse_sweep_depth_first(&locals(&tape), out.0)[0];
    assert!(close(dfs, right / 2.0), "{dfs} {right}");
    let tape = Tape::new();
    let leaf = tape.leaf(a, "a");
    let th = tape.tanh(leaf);
    let e = tape.exp(th);
    let out = tape.add(th, e);
    let right = answer_ch10::reverse_sweep(&locals(&tape), out.0)[0];
    let bfs = wrong::ch10::reverse_sweep_breadth_first(&locals(&tape), out.0)[0];
    assert!(close(right, (1.0 + t.exp()) * (1.0 - t * t)));
    assert!(close(bfs, 1.0 - t * t));
    let round = |x: f64| (x * 1e4).round() / 1e4;
    assert_eq!((round(right), round(bfs)), (2.1068, 0.8556));
}

/// Right answers written otherwise pass: σ through tanh, a sweep that sums over every path
/// (exponential, but right), a sweep in reverse depth-first post-order (a topological order),
/// a softmax shifted by the row's maximum plus one, the input gradient as a gather, batch
/// norm's backward pass by the staged chain rule, Adam in PyTorch's implementation form.
#[test]
fn equivalent_forms_pass() {
    fn sigmoid_by_tanh(z: f64) -> f64 {
        0.5 * (1.0 + (0.5 * z).tanh())
    }
    fn sweep_over_paths(locals: &[practice::NodeLocals], output: usize) -> Vec<f64> {
        fn walk(locals: &[practice::NodeLocals], v: usize, g: f64, grad: &mut [f64]) {
            grad[v] += g;
            for &(input, d) in &locals[v] {
                walk(locals, input, g * d, grad);
            }
        }
        let mut grad = vec![0.0; locals.len()];
        walk(locals, output, 1.0, &mut grad);
        grad
    }
    fn sweep_reverse_post_order(locals: &[practice::NodeLocals], output: usize) -> Vec<f64> {
        fn post(
            locals: &[practice::NodeLocals],
            v: usize,
            seen: &mut [bool],
            order: &mut Vec<usize>,
        ) {
            seen[v] = true;
            for &(input, _) in &locals[v] {
                if !seen[input] {
                    post(locals, input, seen, order);
                }
            }
            order.push(v);
        }
        let mut order = Vec::new();
        post(locals, output, &mut vec![false; locals.len()], &mut order);
        let mut grad = vec![0.0; locals.len()];
        grad[output] = 1.0;
        for &v in order.iter().rev() {
            for &(input, d) in &locals[v] {
                grad[input] += d * grad[v];
            }
        }
        grad
    }
    fn softmax_above_max(z: &ndarray::Array2<f64>) -> ndarray::Array2<f64> {
        let mut p = z.clone();
        for mut row in p.rows_mut() {
            let max = row.fold(f64::NEG_INFINITY, |m, &v| m.max(v)) + 1.0;
            row.mapv_inplace(|v| (v - max).exp());
            let sum = row.sum();
            row /= sum;
        }
        p
    }
    let one = ch01::chapter(wrong::with!(
        practice::bind_ch01!(answer_ch01),
        sigmoid = sigmoid_by_tanh
    ));
    assert_eq!(outcome(&one, "1.1"), Outcome::Passed);
    let a10 = practice::bind_ch10!(answer_ch10);
    for f in [
        sweep_over_paths as fn(&[practice::NodeLocals], usize) -> Vec<f64>,
        sweep_reverse_post_order,
    ] {
        let ten = ch10::chapter(wrong::with!(a10, reverse_sweep = f));
        assert_eq!(outcome(&ten, "10.2"), Outcome::Passed);
    }
    let five = ch05::chapter(wrong::with!(
        practice::bind_ch05!(answer_ch05),
        softmax = softmax_above_max
    ));
    assert_eq!(outcome(&five, "5.1"), Outcome::Passed);
    let six = ch06::chapter(wrong::with!(
        practice::bind_ch06!(answer_ch06),
        conv2d_input_gradient = input_gradient_by_gathering
    ));
    assert_eq!(outcome(&six, "6.2"), Outcome::Passed);
    let seven = ch07::chapter(wrong::with!(
        practice::bind_ch07!(answer_ch07),
        batch_norm_backward = batch_norm_backward_staged
    ));
    assert_eq!(outcome(&seven, "7.2"), Outcome::Passed);
    let nine = ch09::chapter(wrong::with!(
        practice::bind_ch09!(answer_ch09),
        adam_step = adam_step_as_pytorch
    ));
    assert_eq!(outcome(&nine, "9.2"), Outcome::Passed);
}

/// 6.2 as a gather: each input pixel sums the outputs whose window covers it (the answer
/// scatters each output onto its window).
fn input_gradient_by_gathering(
    x: &ndarray::Array4<f64>,
    kernel: &ndarray::Array4<f64>,
    g: &ndarray::Array4<f64>,
) -> ndarray::Array4<f64> {
    let (_, _, kh, kw) = kernel.dim();
    let (_, out, oh, ow) = g.dim();
    ndarray::Array4::from_shape_fn(x.dim(), |(b, i, p, q)| {
        let mut sum = 0.0;
        for o in 0..out {
            for u in 0..kh.min(p + 1) {
                for v in 0..kw.min(q + 1) {
                    let (y, z) = (p - u, q - v);
                    if y < oh && z < ow {
                        sum += kernel[[o, i, u, v]] * g[[b, o, y, z]];
                    }
                }
            }
        }
        sum
    })
}

/// 7.2 by the staged chain rule, through ∂L/∂x̂, ∂L/∂σ² and ∂L/∂μ (cs231n's form).
fn batch_norm_backward_staged(
    x: &ndarray::Array2<f64>,
    gamma: &ndarray::Array1<f64>,
    g: &ndarray::Array2<f64>,
) -> practice::BatchNormGrads {
    use ndarray::Axis;
    let n = x.nrows() as f64;
    let mu = x.mean_axis(Axis(0)).unwrap();
    let var = x.var_axis(Axis(0), 0.0);
    let std = var.mapv(|v| (v + 1e-5).sqrt());
    let centred = x - &mu;
    let x_hat = &centred / &std;
    let d_x_hat = g * gamma;
    let d_var = (&d_x_hat * &centred).sum_axis(Axis(0)) * &std.mapv(|s| -0.5 / (s * s * s));
    let d_mu =
        -(&d_x_hat / &std).sum_axis(Axis(0)) - &(&d_var * &centred.sum_axis(Axis(0)) * (2.0 / n));
    let dx = &d_x_hat / &std + &(&centred * &(&d_var * (2.0 / n))) + &(d_mu / n);
    practice::BatchNormGrads {
        x: dx,
        gamma: (g * &x_hat).sum_axis(Axis(0)),
        beta: g.sum_axis(Axis(0)),
    }
}

/// 9.2 as PyTorch implements it: the step size η/(1 − β₁ᵗ), and √v/√(1 − β₂ᵗ) + ε.
fn adam_step_as_pytorch(
    theta: &mut ndarray::Array1<f64>,
    g: &ndarray::Array1<f64>,
    state: &mut practice::AdamState,
    t: i32,
    s: &practice::AdamSettings,
) {
    state.m = &state.m * s.beta1 + g * (1.0 - s.beta1);
    state.v = &state.v * s.beta2 + g.mapv(|g| g * g) * (1.0 - s.beta2);
    let step_size = s.lr / (1.0 - s.beta1.powi(t));
    let root = (1.0 - s.beta2.powi(t)).sqrt();
    let denominator = state.v.mapv(|v| v.sqrt() / root + s.eps);
    *theta -= &(&state.m / &denominator * step_size);
}

/// The text `cargo run -p practice -- 3` prints for a stub and two typical mistakes
/// (practice/README.md quotes it).
#[test]
fn what_the_reader_sees() {
    let chapter = ch03::chapter(ch03::Candidate {
        dense_forward: |_, _, _| todo!("exercise 3.1"),
        dense_backward: wrong::ch03::dense_backward_transposed,
        relu_backward: wrong::ch03::relu_backward_one_at_zero,
    });
    insta::assert_snapshot!("chapter_3_report", report(&chapter));
}

/// The text `cargo run -p practice -- 10` prints for a stub, a sweep that overwrites and a
/// naive VJP (chapter 10's page quotes it).
#[test]
fn what_the_reader_sees_in_chapter_10() {
    let chapter = ch10::chapter(ch10::Candidate {
        op_backward: |_, _, _, _| todo!("exercise 10.1"),
        reverse_sweep: wrong::ch10::reverse_sweep_overwriting,
        softplus_vjp: wrong::ch10::softplus_vjp_naive,
    });
    insta::assert_snapshot!("chapter_10_report", report(&chapter));
}

/// A chapter's report, graded in this process.
pub fn report(chapter: &Chapter) -> String {
    let verdicts = chapter
        .exercises
        .iter()
        .map(|e| (e, e.grade().verdict()))
        .collect();
    practice::grade::ChapterReport { chapter, verdicts }.to_string()
}

/// The answers' backward passes against central finite differences of the answers' own
/// forward passes (away from kinks): the grader's expected values (the chapters' code) and the
/// answers agree, and both agree with the numbers.
#[test]
fn the_answers_backward_passes_pass_the_gradient_check() {
    use ndarray::{Array1, Array2};
    use nn_core::gradcheck::{check_gradient, check_vjp};
    use practice::checks::{random, random4, random_vector};

    let z = Array1::from_iter((-20..=20).map(|i| i as f64 * 0.25)); // σ′ ≥ 0.0066: accurate differences
    let check = check_gradient(
        |z| z.mapv(answer_ch01::sigmoid).sum(),
        &z,
        &z.mapv(answer_ch01::sigmoid_prime),
    );
    assert!(check.passed(), "1.2: {check}");

    let (x, w) = (random((7, 3), 1, 1.5), random_vector(3, 2, 1.0));
    let y = Array1::from_iter((0..7).map(|i| (i % 2) as f64));
    let cost = |w: &Array1<f64>| answer_ch02::cost(&x.dot(w), &y);
    let check = check_gradient(cost, &w, &answer_ch02::cost_gradient(&x, &y, &w));
    assert!(check.passed(), "2.2: {check}");

    let (x, w, b, g) = (
        random((5, 3), 3, 1.0),
        random((3, 4), 4, 1.0),
        random_vector(4, 5, 1.0),
        random((5, 4), 6, 1.0),
    );
    let grads = answer_ch03::dense_backward(&x, &w, &g);
    let forward =
        |x: &Array2<f64>, w: &Array2<f64>, b: &Array1<f64>| answer_ch03::dense_forward(x, w, b);
    let check = check_vjp(|w| forward(&x, w, &b), &w, &g, &grads.w);
    assert!(check.passed(), "3.2 ∂L/∂W: {check}");
    let check = check_vjp(|b| forward(&x, &w, b), &b, &g, &grads.b);
    assert!(check.passed(), "3.2 ∂L/∂b: {check}");
    let check = check_vjp(|x| forward(x, &w, &b), &x, &g, &grads.x);
    assert!(check.passed(), "3.2 ∂L/∂X: {check}");

    // Away from the kink: no element within 1e-3 of 0 (the step is 1e-5).
    let x = random((6, 4), 7, 1.0).mapv(|v| if v.abs() < 1e-3 { 0.5 } else { v });
    let g = random((6, 4), 8, 1.0);
    let relu = |x: &Array2<f64>| x.mapv(|v| v.max(0.0));
    let check = check_vjp(relu, &x, &g, &answer_ch03::relu_backward(&x, &g));
    assert!(check.passed(), "3.3: {check}");
    let leaky = |x: &Array2<f64>| answer_ch04::leaky_relu(x, 0.1);
    let analytic = answer_ch04::leaky_relu_backward(&x, &g, 0.1);
    let check = check_vjp(leaky, &x, &g, &analytic);
    assert!(check.passed(), "4.2: {check}");

    let z = random((5, 3), 9, 2.0);
    let labels = [0, 2, 1, 1, 0];
    let analytic = answer_ch05::cross_entropy_gradient(&z, &labels);
    let check = check_gradient(|z| answer_ch05::cross_entropy(z, &labels), &z, &analytic);
    assert!(check.passed(), "5.3: {check}");
    let g = random((5, 3), 10, 1.0);
    let analytic = answer_ch05::softmax_backward(&answer_ch05::softmax(&z), &g);
    let check = check_vjp(answer_ch05::softmax, &z, &g, &analytic);
    assert!(check.passed(), "5.4: {check}");

    let (x, kernel) = (
        random4((2, 3, 6, 5), 11, 1.0),
        random4((4, 3, 3, 2), 12, 1.0),
    );
    let b = random_vector(4, 13, 1.0);
    let g = random4((2, 4, 4, 4), 14, 1.0);
    let analytic = answer_ch06::conv2d_input_gradient(&x, &kernel, &g);
    let check = check_vjp(|x| answer_ch06::conv2d(x, &kernel, &b), &x, &g, &analytic);
    assert!(check.passed(), "6.2: {check}");
    let analytic = answer_ch06::conv2d_kernel_gradient(&x, &kernel, &g);
    let check = check_vjp(|k| answer_ch06::conv2d(&x, k, &b), &kernel, &g, &analytic);
    assert!(check.passed(), "6.3: {check}");

    let (x, g) = (random((6, 4), 15, 3.0), random((6, 4), 16, 1.0));
    let (gamma, beta) = (random_vector(4, 17, 1.0), random_vector(4, 18, 1.0));
    let grads = answer_ch07::batch_norm_backward(&x, &gamma, &g);
    let check = check_vjp(
        |x| answer_ch07::batch_norm_forward(x, &gamma, &beta),
        &x,
        &g,
        &grads.x,
    );
    assert!(check.passed(), "7.2 ∂L/∂x: {check}");
    let check = check_vjp(
        |gm| answer_ch07::batch_norm_forward(&x, gm, &beta),
        &gamma,
        &g,
        &grads.gamma,
    );
    assert!(check.passed(), "7.2 ∂L/∂γ: {check}");
    let check = check_vjp(
        |b| answer_ch07::batch_norm_forward(&x, &gamma, b),
        &beta,
        &g,
        &grads.beta,
    );
    assert!(check.passed(), "7.2 ∂L/∂β: {check}");
}

/// Chapter 10's answers against central finite differences of the chapter's forward
/// operations (not of `local_derivatives` or `backward`, which the grader's expected values
/// use): each scalar operation's shares, the sweep on generated expressions, softplus's VJP.
#[test]
fn chapter_10_answers_pass_the_gradient_check() {
    use ch10_autograd::scalar::{Tape, Var};
    use ch10_autograd::softplus::Softplus;
    use ch10_autograd::tape::Op;
    use ndarray::{array, Array1};
    use nn_core::gradcheck::{check_gradient, check_vjp};

    // 10.1: f(a, b) = g·op(a, b), its gradient is the two shares (a·a: their sum).
    type Make = fn(&mut Tape, &[Var]) -> Var;
    let ops: [(&str, Make, Array1<f64>); 10] = [
        ("add", |t, v| t.add(v[0], v[1]), array![0.7, -1.3]),
        ("sub", |t, v| t.sub(v[0], v[1]), array![0.7, -1.3]),
        ("mul", |t, v| t.mul(v[0], v[1]), array![0.7, -1.3]),
        ("square", |t, v| t.mul(v[0], v[0]), array![-1.3]),
        ("pow", |t, v| t.pow(v[0], -0.5), array![1.7]),
        ("exp", |t, v| t.exp(v[0]), array![-1.3]),
        ("log", |t, v| t.log(v[0]), array![0.3]),
        ("tanh", |t, v| t.tanh(v[0]), array![-1.3]),
        ("sigmoid", |t, v| t.sigmoid(v[0]), array![0.7]),
        ("relu", |t, v| t.relu(v[0]), array![0.7]),
    ];
    let g = -0.8;
    for (name, make, x) in ops {
        let run = |x: &Array1<f64>| {
            let mut t = Tape::new();
            let leaves: Vec<Var> = x.iter().map(|&v| t.leaf(v, "")).collect();
            let node = make(&mut t, &leaves);
            (t, node)
        };
        let (t, node) = run(&x);
        let inputs: Vec<f64> = t.inputs(node).iter().map(|&i| t.value(i)).collect();
        let shares = answer_ch10::op_backward(t.nodes()[node.0].op, &inputs, t.value(node), g);
        let mut analytic = Array1::zeros(x.len());
        for (input, share) in t.inputs(node).into_iter().zip(shares) {
            analytic[input.0] += share;
        }
        let check = check_gradient(|x| g * t_value(run(x)), &x, &analytic);
        assert!(check.passed(), "10.1 {name}: {check}");
    }

    // 10.2: on generated expressions, the sweep's leaf gradients against differences of the
    // expression's value; the local derivatives come from the answer to 10.1.
    use nn_core::rng::{seeded, Rng};
    for seed in 0..20 {
        let mut rng = seeded(seed);
        let x: Array1<f64> = (0..3).map(|_| rng.random_range(-1.5..1.5)).collect();
        let steps: Vec<(u8, usize, usize)> = (0..8)
            .map(|k| {
                (
                    rng.random_range(0..5),
                    rng.random_range(0..3 + k),
                    rng.random_range(0..3 + k),
                )
            })
            .collect();
        let run = |x: &Array1<f64>| {
            let t = Tape::new();
            let mut nodes: Vec<Var> = x.iter().map(|&v| t.leaf(v, "")).collect();
            for &(op, i, j) in &steps {
                let (a, b) = (nodes[i], nodes[j]);
                let n = match op {
                    0 => t.add(a, b),
                    1 => t.mul(a, b),
                    2 => t.tanh(a),
                    3 => t.sigmoid(a),
                    _ => t.sub(a, b),
                };
                nodes.push(n);
            }
            let out = *nodes.last().expect("eight nodes");
            (t, out)
        };
        let (t, out) = run(&x);
        let locals: Vec<Vec<(usize, f64)>> = (0..t.len())
            .map(|v| {
                let node = Var(v);
                let inputs: Vec<f64> = t.inputs(node).iter().map(|&i| t.value(i)).collect();
                let ones = answer_ch10::op_backward(t.nodes()[v].op, &inputs, t.value(node), 1.0);
                t.inputs(node).into_iter().map(|i| i.0).zip(ones).collect()
            })
            .collect();
        let grads = answer_ch10::reverse_sweep(&locals, out.0);
        let analytic: Array1<f64> = (0..3).map(|i| grads[i]).collect();
        let check = check_gradient(|x| t_value(run(x)), &x, &analytic);
        assert!(check.passed(), "10.2 seed {seed}: {check}");
    }

    // 10.3
    let x = practice::checks::random((6, 4), 9, 3.0).into_dyn();
    let g = practice::checks::random((6, 4), 10, 1.0).into_dyn();
    let softplus = |x: &ndarray::ArrayD<f64>| Softplus.forward(&[x]);
    let check = check_vjp(softplus, &x, &g, &answer_ch10::softplus_vjp(&x, &g));
    assert!(check.passed(), "10.3: {check}");
}

/// The value of a tape's node.
fn t_value((t, v): (ch10_autograd::scalar::Tape, ch10_autograd::scalar::Var)) -> f64 {
    t.value(v)
}
