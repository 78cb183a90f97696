//! Wrong answers to chapter 13's exercises, and the hint each must get (listed here, not in
//! grader.rs's `wrong_answers()`, so that chapters merge without touching one list); the
//! answers' backward passes against finite differences; and what a reader sees.

use ndarray::{Array1, Array2, Axis};
use practice::checks::ch13::{self, Candidate};
use practice::{AttentionGrads, Hint, LayerNormGrads};

use super::super::answer_ch07;
use super::super::answer_ch13 as right;
use super::{wrong, WrongAnswer};

/// The softmax of each row, shifted by its largest entry.
fn softmax_rows(s: &Array2<f64>) -> Array2<f64> {
    let max = s.fold_axis(Axis(1), f64::NEG_INFINITY, |m, &v| m.max(v));
    let e = (s - &max.insert_axis(Axis(1))).mapv(f64::exp);
    let sums = e.sum_axis(Axis(1)).insert_axis(Axis(1));
    e / sums
}

/// e^s / Σ e^s of each row, as written.
fn softmax_unshifted(s: &Array2<f64>) -> Array2<f64> {
    let e = s.mapv(f64::exp);
    let sums = e.sum_axis(Axis(1)).insert_axis(Axis(1));
    e / sums
}

/// 13.1 written with the scores times `by`, the entries where `hide(i, j)` set to −∞, and
/// `softmax` for the softmax of each row.
fn forward_with(
    (q, k, v): (&Array2<f64>, &Array2<f64>, &Array2<f64>),
    by: f64,
    hide: impl Fn(usize, usize) -> bool,
    softmax: fn(&Array2<f64>) -> Array2<f64>,
) -> (Array2<f64>, Array2<f64>) {
    let mut s = q.dot(&k.t()) * by;
    for ((i, j), s) in s.indexed_iter_mut() {
        if hide(i, j) {
            *s = f64::NEG_INFINITY;
        }
    }
    let p = softmax(&s);
    (p.dot(v), p)
}

/// 1/√d for queries (T, d).
fn scale(q: &Array2<f64>) -> f64 {
    1.0 / (q.ncols() as f64).sqrt()
}

/// 13.1 with the weights of later positions zeroed after the softmax.
pub fn forward_mask_after_softmax(
    q: &Array2<f64>,
    k: &Array2<f64>,
    v: &Array2<f64>,
    causal: bool,
) -> (Array2<f64>, Array2<f64>) {
    let (_, mut p) = right::attention_forward(q, k, v, false);
    if causal {
        for ((i, j), p) in p.indexed_iter_mut() {
            if j > i {
                *p = 0.0;
            }
        }
    }
    (p.dot(v), p)
}

/// 13.1 with the scores divided by d.
pub fn forward_scaled_by_d(
    q: &Array2<f64>,
    k: &Array2<f64>,
    v: &Array2<f64>,
    causal: bool,
) -> (Array2<f64>, Array2<f64>) {
    let by = 1.0 / q.ncols() as f64;
    forward_with((q, k, v), by, |i, j| causal && j > i, softmax_rows)
}

/// 13.1 without the scale.
pub fn forward_not_scaled(
    q: &Array2<f64>,
    k: &Array2<f64>,
    v: &Array2<f64>,
    causal: bool,
) -> (Array2<f64>, Array2<f64>) {
    forward_with((q, k, v), 1.0, |i, j| causal && j > i, softmax_rows)
}

/// 13.1 hiding j ≥ i: the diagonal too.
pub fn forward_diagonal_hidden(
    q: &Array2<f64>,
    k: &Array2<f64>,
    v: &Array2<f64>,
    causal: bool,
) -> (Array2<f64>, Array2<f64>) {
    forward_with((q, k, v), scale(q), |i, j| causal && j >= i, softmax_rows)
}

/// 13.1 hiding j < i: the past instead of the future.
pub fn forward_mask_reversed(
    q: &Array2<f64>,
    k: &Array2<f64>,
    v: &Array2<f64>,
    causal: bool,
) -> (Array2<f64>, Array2<f64>) {
    forward_with((q, k, v), scale(q), |i, j| causal && j < i, softmax_rows)
}

/// 13.1 with the softmax down each column.
pub fn forward_over_columns(
    q: &Array2<f64>,
    k: &Array2<f64>,
    v: &Array2<f64>,
    causal: bool,
) -> (Array2<f64>, Array2<f64>) {
    let down_columns = |s: &Array2<f64>| softmax_rows(&s.t().to_owned()).reversed_axes();
    forward_with((q, k, v), scale(q), |i, j| causal && j > i, down_columns)
}

/// 13.1 with e^s not shifted by the row's largest score.
pub fn forward_unshifted(
    q: &Array2<f64>,
    k: &Array2<f64>,
    v: &Array2<f64>,
    causal: bool,
) -> (Array2<f64>, Array2<f64>) {
    forward_with(
        (q, k, v),
        scale(q),
        |i, j| causal && j > i,
        softmax_unshifted,
    )
}

/// 13.2 written with weights `p`, the softmax step `step(p, ∂L/∂P)`, the scale `by`, and
/// ∂L/∂K, ∂L/∂V with (`true`) or without their transposes.
fn backward_with(
    (q, k, v, g): (&Array2<f64>, &Array2<f64>, &Array2<f64>, &Array2<f64>),
    p: &Array2<f64>,
    step: fn(&Array2<f64>, &Array2<f64>) -> Array2<f64>,
    by: f64,
    (keys_t, values_t): (bool, bool),
) -> AttentionGrads {
    let grad_s = step(p, &g.dot(&v.t())) * by;
    AttentionGrads {
        q: grad_s.dot(k),
        k: if keys_t {
            grad_s.t().dot(q)
        } else {
            grad_s.dot(q)
        },
        v: if values_t { p.t().dot(g) } else { p.dot(g) },
    }
}

/// The softmax step through the whole Jacobian: p ⊙ (g − p·g).
fn through_jacobian(p: &Array2<f64>, g: &Array2<f64>) -> Array2<f64> {
    let dot = (p * g).sum_axis(Axis(1)).insert_axis(Axis(1));
    p * &(g - &dot)
}

/// The softmax step through the Jacobian's diagonal only: p(1 − p)·g.
fn through_diagonal(p: &Array2<f64>, g: &Array2<f64>) -> Array2<f64> {
    p * &p.mapv(|p| 1.0 - p) * g
}

/// 13.2 with only the diagonal of softmax's Jacobian.
pub fn backward_diagonal_only(
    q: &Array2<f64>,
    k: &Array2<f64>,
    v: &Array2<f64>,
    p: &Array2<f64>,
    g: &Array2<f64>,
) -> AttentionGrads {
    backward_with((q, k, v, g), p, through_diagonal, scale(q), (true, true))
}

/// 13.2 without the 1/√d.
pub fn backward_scale_forgotten(
    q: &Array2<f64>,
    k: &Array2<f64>,
    v: &Array2<f64>,
    p: &Array2<f64>,
    g: &Array2<f64>,
) -> AttentionGrads {
    backward_with((q, k, v, g), p, through_jacobian, 1.0, (true, true))
}

/// 13.2 with ∂L/∂K = ∂L/∂S·Q.
pub fn backward_keys_untransposed(
    q: &Array2<f64>,
    k: &Array2<f64>,
    v: &Array2<f64>,
    p: &Array2<f64>,
    g: &Array2<f64>,
) -> AttentionGrads {
    backward_with((q, k, v, g), p, through_jacobian, scale(q), (false, true))
}

/// 13.2 with ∂L/∂V = P·G.
pub fn backward_values_untransposed(
    q: &Array2<f64>,
    k: &Array2<f64>,
    v: &Array2<f64>,
    p: &Array2<f64>,
    g: &Array2<f64>,
) -> AttentionGrads {
    backward_with((q, k, v, g), p, through_jacobian, scale(q), (true, false))
}

/// 13.2 with softmax's step p ⊙ (g − Σ g): the row's sum without the weights.
pub fn backward_unweighted_sum(
    q: &Array2<f64>,
    k: &Array2<f64>,
    v: &Array2<f64>,
    p: &Array2<f64>,
    g: &Array2<f64>,
) -> AttentionGrads {
    let step = |p: &Array2<f64>, g: &Array2<f64>| {
        let sum = g.sum_axis(Axis(1)).insert_axis(Axis(1));
        p * &(g - &sum)
    };
    backward_with((q, k, v, g), p, step, scale(q), (true, true))
}

/// 13.2 recomputing the weights from Q and K, without the mask.
pub fn backward_weights_recomputed(
    q: &Array2<f64>,
    k: &Array2<f64>,
    v: &Array2<f64>,
    _weights: &Array2<f64>,
    g: &Array2<f64>,
) -> AttentionGrads {
    let (_, p) = right::attention_forward(q, k, v, false);
    right::attention_backward(q, k, v, &p, g)
}

/// x̂ of each row and 1/√(σ² + ε) (rows, 1), with the variance ÷ (d − `ddof`) and ε = `eps`.
fn normalized_rows(x: &Array2<f64>, ddof: f64, eps: f64) -> (Array2<f64>, Array2<f64>) {
    let mean = x.mean_axis(Axis(1)).expect("features").insert_axis(Axis(1));
    let inv_std = x
        .var_axis(Axis(1), ddof)
        .mapv(|v| 1.0 / (v + eps).sqrt())
        .insert_axis(Axis(1));
    ((x - &mean) * &inv_std, inv_std)
}

/// 13.3 written with the variance ÷ (d − `ddof`), ε = `eps`, the two sums' terms kept or
/// not (`sums`), and γ in ∂L/∂x or not.
fn layer_norm_with(
    (x, gamma, g): (&Array2<f64>, &Array1<f64>, &Array2<f64>),
    ddof: f64,
    eps: f64,
    sums: bool,
    gamma_in_x: bool,
) -> LayerNormGrads {
    let d = x.ncols() as f64;
    let (x_hat, inv_std) = normalized_rows(x, ddof, eps);
    let g_hat = if gamma_in_x { g * gamma } else { g.clone() };
    let grad_x = if sums {
        let sum_g = g_hat.sum_axis(Axis(1)).insert_axis(Axis(1));
        let sum_gx = (&g_hat * &x_hat).sum_axis(Axis(1)).insert_axis(Axis(1));
        (&g_hat * d - &sum_g - &x_hat * &sum_gx) * &(&inv_std / d)
    } else {
        &g_hat * &inv_std
    };
    LayerNormGrads {
        x: grad_x,
        gamma: (g * &x_hat).sum_axis(Axis(0)),
        beta: g.sum_axis(Axis(0)),
    }
}

/// 13.3 as batch norm's backward pass (7.2): statistics down the columns.
pub fn layer_norm_over_the_batch(
    x: &Array2<f64>,
    gamma: &Array1<f64>,
    g: &Array2<f64>,
) -> LayerNormGrads {
    answer_ch07::batch_norm_backward(x, gamma, g)
}

/// 13.3 with μ and σ² held constant: γ ⊙ G/√(σ² + ε).
pub fn layer_norm_sums_dropped(
    x: &Array2<f64>,
    gamma: &Array1<f64>,
    g: &Array2<f64>,
) -> LayerNormGrads {
    layer_norm_with((x, gamma, g), 0.0, 1e-5, false, true)
}

/// 13.3 with the variance ÷ (d − 1).
pub fn layer_norm_unbiased(
    x: &Array2<f64>,
    gamma: &Array1<f64>,
    g: &Array2<f64>,
) -> LayerNormGrads {
    layer_norm_with((x, gamma, g), 1.0, 1e-5, true, true)
}

/// 13.3 without ε.
pub fn layer_norm_without_epsilon(
    x: &Array2<f64>,
    gamma: &Array1<f64>,
    g: &Array2<f64>,
) -> LayerNormGrads {
    layer_norm_with((x, gamma, g), 0.0, 0.0, true, true)
}

/// 13.3 with γ left out of ∂L/∂x.
pub fn layer_norm_without_gamma(
    x: &Array2<f64>,
    gamma: &Array1<f64>,
    g: &Array2<f64>,
) -> LayerNormGrads {
    layer_norm_with((x, gamma, g), 0.0, 1e-5, true, false)
}

/// 13.3 with ∂L/∂γ and ∂L/∂β summed along each row.
pub fn layer_norm_parameters_over_features(
    x: &Array2<f64>,
    gamma: &Array1<f64>,
    g: &Array2<f64>,
) -> LayerNormGrads {
    let mut grads = right::layer_norm_backward(x, gamma, g);
    let (x_hat, _) = normalized_rows(x, 0.0, 1e-5);
    grads.gamma = (g * &x_hat).sum_axis(Axis(1));
    grads.beta = g.sum_axis(Axis(1));
    grads
}

/// 13.3 with batch norm's n (the rows) for the row's width d in ∂L/∂x.
pub fn layer_norm_rows_for_width(
    x: &Array2<f64>,
    gamma: &Array1<f64>,
    g: &Array2<f64>,
) -> LayerNormGrads {
    let mut grads = right::layer_norm_backward(x, gamma, g);
    let n = x.nrows() as f64;
    let (x_hat, inv_std) = normalized_rows(x, 0.0, 1e-5);
    let g_hat = g * gamma;
    let sum_g = g_hat.sum_axis(Axis(1)).insert_axis(Axis(1));
    let sum_gx = (&g_hat * &x_hat).sum_axis(Axis(1)).insert_axis(Axis(1));
    grads.x = (g_hat * n - &sum_g - &x_hat * &sum_gx) * &(inv_std / n);
    grads
}

/// 13.3 with ∂L/∂γ = Σ G ⊙ x, the input for x̂.
pub fn layer_norm_gamma_of_x(
    x: &Array2<f64>,
    gamma: &Array1<f64>,
    g: &Array2<f64>,
) -> LayerNormGrads {
    let mut grads = right::layer_norm_backward(x, gamma, g);
    grads.gamma = (g * x).sum_axis(Axis(0));
    grads
}

/// 13.3 with ∂L/∂γ the mean over the rows.
pub fn layer_norm_gamma_mean(
    x: &Array2<f64>,
    gamma: &Array1<f64>,
    g: &Array2<f64>,
) -> LayerNormGrads {
    let mut grads = right::layer_norm_backward(x, gamma, g);
    grads.gamma /= x.nrows() as f64;
    grads
}

/// Every wrong answer above, in the reference answers' candidate, with its hint.
pub fn wrong_answers() -> Vec<WrongAnswer> {
    let a = practice::bind_ch13!(right);
    let mistake = Hint::Mistake;
    let case =
        |id, name, candidate: Candidate, hint| wrong(id, name, ch13::chapter(candidate), hint);
    type Forward = fn(&Array2<f64>, &Array2<f64>, &Array2<f64>, bool) -> (Array2<f64>, Array2<f64>);
    type Backward =
        fn(&Array2<f64>, &Array2<f64>, &Array2<f64>, &Array2<f64>, &Array2<f64>) -> AttentionGrads;
    type Norm = fn(&Array2<f64>, &Array1<f64>, &Array2<f64>) -> LayerNormGrads;
    let forward = |f: Forward| super::with!(a, attention_forward = f);
    let backward = |f: Backward| super::with!(a, attention_backward = f);
    let norm = |f: Norm| super::with!(a, layer_norm_backward = f);
    vec![
        case(
            "13.1",
            "mask after the softmax",
            forward(forward_mask_after_softmax),
            mistake(ch13::MASK_AFTER_SOFTMAX),
        ),
        case(
            "13.1",
            "÷ d",
            forward(forward_scaled_by_d),
            mistake(ch13::SCALED_BY_D),
        ),
        case(
            "13.1",
            "no scale",
            forward(forward_not_scaled),
            mistake(ch13::NOT_SCALED),
        ),
        case(
            "13.1",
            "j ≥ i hidden",
            forward(forward_diagonal_hidden),
            mistake(ch13::DIAGONAL_HIDDEN),
        ),
        case(
            "13.1",
            "j < i hidden",
            forward(forward_mask_reversed),
            mistake(ch13::MASK_REVERSED),
        ),
        case(
            "13.1",
            "softmax down the columns",
            forward(forward_over_columns),
            mistake(ch13::SOFTMAX_OVER_COLUMNS),
        ),
        case(
            "13.1",
            "e^s unshifted",
            forward(forward_unshifted),
            mistake(ch13::NOT_SHIFTED),
        ),
        case(
            "13.2",
            "the Jacobian's diagonal",
            backward(backward_diagonal_only),
            mistake(ch13::JACOBIAN_DIAGONAL_ONLY),
        ),
        case(
            "13.2",
            "no 1/√d",
            backward(backward_scale_forgotten),
            mistake(ch13::SCALE_FORGOTTEN),
        ),
        case(
            "13.2",
            "∂L/∂S·Q for ∂L/∂K",
            backward(backward_keys_untransposed),
            mistake(ch13::KEYS_UNTRANSPOSED),
        ),
        case(
            "13.2",
            "P·G for ∂L/∂V",
            backward(backward_values_untransposed),
            mistake(ch13::VALUES_UNTRANSPOSED),
        ),
        case(
            "13.2",
            "p ⊙ (g − Σ g)",
            backward(backward_unweighted_sum),
            super::gradient_check(),
        ),
        case(
            "13.2",
            "P recomputed without the mask",
            backward(backward_weights_recomputed),
            mistake(ch13::MASK_IGNORED),
        ),
        case(
            "13.3",
            "batch norm's axis",
            norm(layer_norm_over_the_batch),
            mistake(ch13::OVER_THE_BATCH),
        ),
        case(
            "13.3",
            "μ, σ² constant",
            norm(layer_norm_sums_dropped),
            mistake(ch13::SUM_TERMS_DROPPED),
        ),
        case(
            "13.3",
            "÷ (d − 1)",
            norm(layer_norm_unbiased),
            mistake(ch13::UNBIASED_VARIANCE),
        ),
        case(
            "13.3",
            "no ε",
            norm(layer_norm_without_epsilon),
            mistake(ch13::NO_EPSILON),
        ),
        case(
            "13.3",
            "no γ in ∂L/∂x",
            norm(layer_norm_without_gamma),
            mistake(ch13::GAMMA_FORGOTTEN),
        ),
        case(
            "13.3",
            "∂L/∂γ, ∂L/∂β along the rows",
            norm(layer_norm_parameters_over_features),
            mistake(ch13::PARAMETERS_OVER_FEATURES),
        ),
        case(
            "13.3",
            "n (rows) for d",
            norm(layer_norm_rows_for_width),
            super::gradient_check(),
        ),
        case(
            "13.3",
            "Σ G ⊙ x for ∂L/∂γ",
            norm(layer_norm_gamma_of_x),
            super::gradient_check(),
        ),
        case(
            "13.3",
            "∂L/∂γ a mean",
            norm(layer_norm_gamma_mean),
            Hint::ExtraOneOverN { n: 4 },
        ),
    ]
}

/// The answers' backward passes against central finite differences of the answers' own
/// forward pass (the grader's expected values are the chapter's code): 13.2 with and without
/// the mask, 13.3 for x, γ and β.
#[test]
fn chapter_13_answers_pass_the_gradient_check() {
    use nn_core::gradcheck::check_vjp;
    use practice::checks::{random, random_vector};

    let (q, k, v, g) = (
        random((6, 4), 1, 1.0),
        random((6, 4), 2, 1.0),
        random((6, 4), 3, 1.0),
        random((6, 4), 4, 1.0),
    );
    for causal in [false, true] {
        let (_, p) = right::attention_forward(&q, &k, &v, causal);
        let grads = right::attention_backward(&q, &k, &v, &p, &g);
        let o = |q: &Array2<f64>, k: &Array2<f64>, v: &Array2<f64>| {
            right::attention_forward(q, k, v, causal).0
        };
        let checks = [
            ("Q", check_vjp(|x| o(x, &k, &v), &q, &g, &grads.q)),
            ("K", check_vjp(|x| o(&q, x, &v), &k, &g, &grads.k)),
            ("V", check_vjp(|x| o(&q, &k, x), &v, &g, &grads.v)),
        ];
        for (name, check) in checks {
            assert!(check.passed(), "13.2 ∂L/∂{name}, causal {causal}: {check}");
        }
    }

    // y = γ ⊙ x̂ + β along each row.
    let layer_norm = |x: &Array2<f64>, gamma: &Array1<f64>, beta: &Array1<f64>| {
        normalized_rows(x, 0.0, 1e-5).0 * gamma + beta
    };
    let (x, g) = (random((5, 6), 5, 2.0), random((5, 6), 6, 1.0));
    let (gamma, beta) = (random_vector(6, 7, 1.0), random_vector(6, 8, 1.0));
    let grads = right::layer_norm_backward(&x, &gamma, &g);
    let checks = [
        (
            "x",
            check_vjp(|x| layer_norm(x, &gamma, &beta), &x, &g, &grads.x),
        ),
        (
            "γ",
            check_vjp(|gm| layer_norm(&x, gm, &beta), &gamma, &g, &grads.gamma),
        ),
        (
            "β",
            check_vjp(|b| layer_norm(&x, &gamma, b), &beta, &g, &grads.beta),
        ),
    ];
    for (name, check) in checks {
        assert!(check.passed(), "13.3 ∂L/∂{name}: {check}");
    }
}

/// The text `cargo run -p practice -- 13` prints for the mask applied after the softmax, a
/// stub, and batch norm's backward pass for layer norm's (chapter 13's page quotes it).
#[test]
fn what_the_reader_sees_in_chapter_13() {
    let chapter = ch13::chapter(Candidate {
        attention_forward: forward_mask_after_softmax,
        attention_backward: |_, _, _, _, _| todo!("exercise 13.2"),
        layer_norm_backward: layer_norm_over_the_batch,
    });
    insta::assert_snapshot!("chapter_13_report", super::super::report(&chapter));
}

/// Right answers written otherwise pass: the mask as −1e9 rather than −∞ (e^(−1e9 − max) is 0
/// too), softmax's step through the explicit Jacobian diag(p) − p·pᵀ of each row, and layer
/// norm's backward pass as chapter 7's staged chain rule on Xᵀ (its batch: a row's features).
#[test]
fn equivalent_forms_pass_in_chapter_13() {
    use practice::Outcome;

    fn forward_finite_mask(
        q: &Array2<f64>,
        k: &Array2<f64>,
        v: &Array2<f64>,
        causal: bool,
    ) -> (Array2<f64>, Array2<f64>) {
        let mut s = q.dot(&k.t()) * scale(q);
        for ((i, j), s) in s.indexed_iter_mut() {
            if causal && j > i {
                *s = -1e9;
            }
        }
        let p = softmax_rows(&s);
        (p.dot(v), p)
    }
    fn backward_explicit_jacobian(
        q: &Array2<f64>,
        k: &Array2<f64>,
        v: &Array2<f64>,
        p: &Array2<f64>,
        g: &Array2<f64>,
    ) -> AttentionGrads {
        let jacobian_rows = |p: &Array2<f64>, grad_p: &Array2<f64>| {
            let mut grad_s = Array2::zeros(p.raw_dim());
            for i in 0..p.nrows() {
                let row = p.row(i);
                let t = row.len();
                let outer = Array2::from_shape_fn((t, t), |(a, b)| row[a] * row[b]);
                let jacobian = Array2::from_diag(&row) - outer;
                grad_s.row_mut(i).assign(&jacobian.dot(&grad_p.row(i)));
            }
            grad_s
        };
        backward_with((q, k, v, g), p, jacobian_rows, scale(q), (true, true))
    }
    fn layer_norm_staged(x: &Array2<f64>, gamma: &Array1<f64>, g: &Array2<f64>) -> LayerNormGrads {
        let ones = Array1::ones(x.nrows());
        let on_its_side = super::super::batch_norm_backward_staged(
            &x.t().to_owned(),
            &ones,
            &(g * gamma).reversed_axes(),
        );
        let (x_hat, _) = normalized_rows(x, 0.0, 1e-5);
        LayerNormGrads {
            x: on_its_side.x.reversed_axes(),
            gamma: (g * &x_hat).sum_axis(Axis(0)),
            beta: g.sum_axis(Axis(0)),
        }
    }
    let a = practice::bind_ch13!(right);
    let forms = [
        (
            "13.1",
            super::with!(a, attention_forward = forward_finite_mask),
        ),
        (
            "13.2",
            super::with!(a, attention_backward = backward_explicit_jacobian),
        ),
        (
            "13.3",
            super::with!(a, layer_norm_backward = layer_norm_staged),
        ),
    ];
    for (id, candidate) in forms {
        let chapter = ch13::chapter(candidate);
        let e = chapter.exercises.iter().find(|e| e.id == id).expect(id);
        assert_eq!(e.grade(), Outcome::Passed, "{id}");
    }
}
