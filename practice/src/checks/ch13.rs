//! Chapter 13's exercises: one head's attention forward with the causal mask, its backward
//! pass, and layer normalization's backward pass. Expected values: chapter 13's `attend`,
//! `attend_backward` and `LayerNorm`.

use ch03_relu_xor::softmax::softmax;
use ch03_relu_xor::Layer;
use ch05_softmax::jacobian::softmax_backward_via_jacobian as jacobian;
use ch07_batch_norm::batch_norm::EPSILON;
use ch13_attention::attention::{attend, attend_backward, scale};
use ch13_attention::layer_norm::LayerNorm;
use ndarray::{Array1, Array2, Axis};
use nn_core::gradcheck::{check_gradient, check_vjp};

use super::ch07::{compact, layer, pieces};
use super::random;
use crate::diagnose::{compare, Hint, Mismatch};
use crate::types::{AttentionGrads, LayerNormGrads};

exercises! { $ bind_ch13, ch13: 13, "Attention";
    "13.1" attention_forward(&Array2<f64>, &Array2<f64>, &Array2<f64>, bool) -> (Array2<f64>, Array2<f64>),
        "one head's attention, with the causal mask",
        "S = Q·Kᵀ/√d (T, T); causal: S_ij = −∞ for j > i, before the softmax; P = softmax of each row (finite for scores in the thousands); O = P·V: return (O, P)",
        check_forward;
    "13.2" attention_backward(&Array2<f64>, &Array2<f64>, &Array2<f64>, &Array2<f64>, &Array2<f64>) -> AttentionGrads,
        "attention's backward pass",
        "∂L/∂V = Pᵀ·G, ∂L/∂P = G·Vᵀ; each row ∂L/∂s = p ⊙ (∂L/∂p − p·∂L/∂p) (chapter 5's Jacobian), times 1/√d; ∂L/∂Q = ∂L/∂S·K, ∂L/∂K = (∂L/∂S)ᵀ·Q",
        check_backward;
    "13.3" layer_norm_backward(&Array2<f64>, &Array1<f64>, &Array2<f64>) -> LayerNormGrads,
        "layer norm's backward pass",
        "each row over its d features: ∂L/∂x = (1/(d·√(σ² + ε)))·(d·ĝ − Σ ĝ − x̂ ⊙ Σ ĝ ⊙ x̂) with ĝ = γ ⊙ G, sums along the row; ∂L/∂γ = Σ G ⊙ x̂, ∂L/∂β = Σ G down the rows",
        check_layer_norm;
}

/// 13.1: the mask applied to the weights after the softmax.
pub const MASK_AFTER_SOFTMAX: &str = "the mask was applied after the softmax: zeroing the weights of later positions leaves rows that no longer sum to 1 — set those scores to −∞ before the softmax, so that e^(−∞) = 0 and the weights that remain are renormalized";
/// 13.1: the scores divided by d.
pub const SCALED_BY_D: &str = "the scores were divided by d: the scale is 1/√d — q·k of entries of variance 1 has variance d, and dividing by √d brings it back to 1";
/// 13.1: the scores not scaled.
pub const NOT_SCALED: &str = "the scores are not scaled: S = Q·Kᵀ/√d — without 1/√d a wider head gives larger scores and a saturated softmax";
/// 13.1: the diagonal hidden too.
pub const DIAGONAL_HIDDEN: &str = "the mask hides the diagonal too (j ≥ i): a position may see itself, only the later ones (j > i) are hidden — else the first row is all −∞ and its softmax 0/0";
/// 13.1: the earlier positions hidden.
pub const MASK_REVERSED: &str = "the mask hides the earlier positions (j < i): causal means position i sees 0…i — hide j > i, the entries above the diagonal";
/// 13.1: the softmax down the columns.
pub const SOFTMAX_OVER_COLUMNS: &str = "the softmax ran down the columns: row i holds query i's scores against every key, and it is each row of P that must sum to 1";
/// 13.1: e^s without the shift by the row's largest score.
pub const NOT_SHIFTED: &str = "e^s of scores this large overflows to ∞ (∞/∞ = NaN) or underflows to 0 (0/0): subtract each row's largest score before exp, as chapter 5's softmax does — masked entries (−∞) stay 0";
/// 13.2: only the Jacobian's diagonal.
pub const JACOBIAN_DIAGONAL_ONLY: &str = "the softmax step used only its Jacobian's diagonal, p(1 − p)·∂L/∂p: every weight of a row depends on every score of it, so ∂L/∂s = p ⊙ (∂L/∂p − p·∂L/∂p), with p·∂L/∂p the dot product over the row";
/// 13.2: the 1/√d left out of ∂L/∂Q and ∂L/∂K.
pub const SCALE_FORGOTTEN: &str =
    "the 1/√d is missing: S = Q·Kᵀ/√d, so ∂L/∂Q = ∂L/∂S·K/√d and ∂L/∂K = (∂L/∂S)ᵀ·Q/√d";
/// 13.2: ∂L/∂K without the transpose.
pub const KEYS_UNTRANSPOSED: &str =
    "∂L/∂K is (∂L/∂S)ᵀ·Q: S_ij = q_i·k_j/√d, so key j collects column j of ∂L/∂S, not row j";
/// 13.2: ∂L/∂V = P·G.
pub const VALUES_UNTRANSPOSED: &str = "∂L/∂V is Pᵀ·G: O = P·V, so value j collects G's row i times P_ij from every output i that weighted it — column j of P, not row j";
/// 13.2: the weights recomputed without the mask.
pub const MASK_IGNORED: &str = "gradient reached masked scores: the weights you were given are 0 above the diagonal (the mask is in P) — recomputing P from Q and K without the mask lets later positions into the backward pass; use the weights";
/// 13.3: batch norm's axis.
pub const OVER_THE_BATCH: &str = "that is batch norm's backward pass, over each column (feature) down the batch: layer norm normalizes each row over its own d features, so the sums and σ² are along Axis(1)";
/// 13.3: the statistics held constant.
pub const SUM_TERMS_DROPPED: &str = "that is γ ⊙ G / √(σ² + ε), with μ and σ² held constant: they depend on every feature of the row, which brings in − Σ ĝ and − x̂ ⊙ Σ ĝ ⊙ x̂ (sums along the row)";
/// 13.3: ÷ (d − 1).
pub const UNBIASED_VARIANCE: &str =
    "that uses the variance ÷ (d − 1): layer norm's σ² divides by d, the row's width (ddof 0)";
/// 13.3: no ε.
pub const NO_EPSILON: &str = "ε is missing: divide by √(σ² + ε) with ε = 1e-5 — it changes every row's gradient a little, and a row that hardly varies (σ² near ε or below) a lot; a constant row would divide by 0";
/// 13.3: γ left out of ∂L/∂x.
pub const GAMMA_FORGOTTEN: &str = "γ is missing from ∂L/∂x: y = γ ⊙ x̂ + β, so what reaches x̂ is ĝ = γ ⊙ G, and the formula works on ĝ";
/// 13.3: ∂L/∂γ or ∂L/∂β summed along the rows.
pub const PARAMETERS_OVER_FEATURES: &str = "∂L/∂γ and ∂L/∂β sum down the rows (Axis(0)), one number per feature: every row shares γ and β — the sums along a row (Axis(1)) are the normalization's, not the parameters'";

/// (T, d) of the checks: non-square (so a transpose shows), one position, square; each
/// without and with the mask.
const SHAPES: [(usize, usize); 3] = [(5, 3), (1, 4), (4, 4)];

/// Q, K, V (T, d) and G (T, d) of case `k`; queries and keys `size` times a standard normal.
fn case(k: usize, size: f64) -> [Array2<f64>; 4] {
    let (t, d) = SHAPES[k];
    let seed = 1300 + 10 * k as u64;
    [
        random((t, d), seed, size),
        random((t, d), seed + 1, size),
        random((t, d), seed + 2, 1.0),
        random((t, d), seed + 3, 1.0),
    ]
}

/// The shape of the cases whose queries and keys are large.
const LARGE: usize = 2;

/// The cases of 13.1: (case, queries' and keys' size, causal, what it is). The last two have
/// queries and keys of size 30: scores in the thousands. 13.2 takes the others: the large
/// ones test exp's overflow, and the backward pass, given P, computes no exp.
fn cases() -> Vec<(usize, f64, bool, String)> {
    let mut all = Vec::new();
    for (k, &(t, d)) in SHAPES.iter().enumerate() {
        for causal in [false, true] {
            let masked = if causal { ", causal" } else { "" };
            all.push((k, 1.0, causal, format!("Q, K, V ({t}, {d}){masked}")));
        }
    }
    let (t, d) = SHAPES[LARGE];
    for causal in [false, true] {
        let masked = if causal { ", causal" } else { "" };
        let name = format!("Q, K ({t}, {d}) of size 30 (scores in the thousands){masked}");
        all.push((LARGE, 30.0, causal, name));
    }
    all
}

/// Q·Kᵀ·`by` with the entries where `hide(i, j)` set to −∞.
fn scores(
    q: &Array2<f64>,
    k: &Array2<f64>,
    by: f64,
    hide: impl Fn(usize, usize) -> bool,
) -> Array2<f64> {
    let mut s = q.dot(&k.t()) * by;
    for ((i, j), v) in s.indexed_iter_mut() {
        if hide(i, j) {
            *v = f64::NEG_INFINITY;
        }
    }
    s
}

/// e^s / Σ e^s of each row, not shifted.
fn unshifted_softmax(s: &Array2<f64>) -> Array2<f64> {
    let e = s.mapv(f64::exp);
    let sums = e.sum_axis(Axis(1)).insert_axis(Axis(1));
    e / sums
}

/// What each typical mistake of 13.1 gives for the weights P.
fn mistaken_weights(
    q: &Array2<f64>,
    k: &Array2<f64>,
    causal: bool,
) -> Vec<(Array2<f64>, &'static str)> {
    let d = q.ncols();
    let later = |i: usize, j: usize| causal && j > i;
    let right = scale(d);
    let mut after = softmax(&scores(q, k, right, |_, _| false));
    for ((i, j), p) in after.indexed_iter_mut() {
        if later(i, j) {
            *p = 0.0;
        }
    }
    vec![
        (after, MASK_AFTER_SOFTMAX),
        (softmax(&scores(q, k, 1.0 / d as f64, later)), SCALED_BY_D),
        (softmax(&scores(q, k, 1.0, later)), NOT_SCALED),
        (
            softmax(&scores(q, k, right, |i, j| causal && j >= i)),
            DIAGONAL_HIDDEN,
        ),
        (
            softmax(&scores(q, k, right, |i, j| causal && j < i)),
            MASK_REVERSED,
        ),
        (
            softmax(&scores(q, k, right, later).reversed_axes()).reversed_axes(),
            SOFTMAX_OVER_COLUMNS,
        ),
        (unshifted_softmax(&scores(q, k, right, later)), NOT_SHIFTED),
    ]
}

/// 13.1's check: the weights, then the output, against the chapter's `attend`.
fn check_forward(c: Candidate) -> Result<(), Mismatch> {
    for (k, size, causal, name) in cases() {
        let [q, key, v, _] = case(k, size);
        let (o, p) = attend(q.view(), key.view(), v.view(), scale(q.ncols()), causal);
        let (got_o, got_p) = (c.attention_forward)(&q, &key, &v, causal);
        let everywhere = Array2::from_elem(p.raw_dim(), true);
        let mut weights = compare(
            format!("attention_forward: the weights P for {name}"),
            p,
            got_p,
        );
        let mut output = compare(
            format!("attention_forward: the output O for {name}"),
            o,
            got_o,
        );
        for (m, sentence) in mistaken_weights(&q, &key, causal) {
            output = output.known(m.dot(&v), Hint::Mistake(sentence));
            weights = weights.known(m, Hint::Mistake(sentence));
        }
        if size > 1.0 {
            weights = weights.large_where(everywhere);
        }
        weights.check()?;
        output.check()?;
    }
    Ok(())
}

/// One head's inputs and the gradient from above, for the typical mistakes' backward passes.
struct Backward<'a> {
    q: &'a Array2<f64>,
    k: &'a Array2<f64>,
    v: &'a Array2<f64>,
    g: &'a Array2<f64>,
}

impl Backward<'_> {
    /// The three gradients with weights `p`, the softmax step `softmax_step(p, ∂L/∂P)`, the
    /// scale `by`, ∂L/∂K from (∂L/∂S)ᵀ (`keys_t`) and ∂L/∂V from Pᵀ (`values_t`).
    fn grads(
        &self,
        p: &Array2<f64>,
        softmax_step: fn(&Array2<f64>, &Array2<f64>) -> Array2<f64>,
        by: f64,
        (keys_t, values_t): (bool, bool),
    ) -> AttentionGrads {
        let grad_s = softmax_step(p, &self.g.dot(&self.v.t())) * by;
        AttentionGrads {
            q: grad_s.dot(self.k),
            k: if keys_t {
                grad_s.t().dot(self.q)
            } else {
                grad_s.dot(self.q)
            },
            v: if values_t {
                p.t().dot(self.g)
            } else {
                p.dot(self.g)
            },
        }
    }
}

/// Only the diagonal of the Jacobian: p(1 − p)·g.
fn diagonal(p: &Array2<f64>, g: &Array2<f64>) -> Array2<f64> {
    p * &p.mapv(|p| 1.0 - p) * g
}

/// One field of [`AttentionGrads`].
#[derive(Clone, Copy)]
enum Field {
    Q,
    K,
    V,
}

impl Field {
    fn of(self, g: &AttentionGrads) -> Array2<f64> {
        match self {
            Field::Q => g.q.clone(),
            Field::K => g.k.clone(),
            Field::V => g.v.clone(),
        }
    }
}

/// 13.2's check: each gradient against the chapter's `attend_backward`, knowing what each
/// mistake gives; a difference with no pattern is checked by finite differences of `attend`.
fn check_backward(c: Candidate) -> Result<(), Mismatch> {
    for (k, size, causal, name) in cases().into_iter().take(2 * SHAPES.len()) {
        let [q, key, v, g] = case(k, size);
        let d = q.ncols();
        let (_, p) = attend(q.view(), key.view(), v.view(), scale(d), causal);
        let expected = attend_backward(q.view(), key.view(), v.view(), &p, scale(d), g.view());
        let got = (c.attention_backward)(&q, &key, &v, &p, &g);
        let b = Backward {
            q: &q,
            k: &key,
            v: &v,
            g: &g,
        };
        let unmasked = softmax(&scores(&q, &key, scale(d), |_, _| false));
        let mistakes = [
            (
                b.grads(&p, diagonal, scale(d), (true, true)),
                JACOBIAN_DIAGONAL_ONLY,
            ),
            (b.grads(&p, jacobian, 1.0, (true, true)), SCALE_FORGOTTEN),
            (
                b.grads(&p, jacobian, scale(d), (false, true)),
                KEYS_UNTRANSPOSED,
            ),
            (
                b.grads(&p, jacobian, scale(d), (true, false)),
                VALUES_UNTRANSPOSED,
            ),
            (
                b.grads(&unmasked, jacobian, scale(d), (true, true)),
                MASK_IGNORED,
            ),
        ];
        let fields = [
            ("∂L/∂Q", Field::Q),
            ("∂L/∂K", Field::K),
            ("∂L/∂V", Field::V),
        ];
        for (what, field) in fields {
            let mut comparison = compare(
                format!("attention_backward: {what} for {name}"),
                field.of(&expected),
                field.of(&got),
            );
            for (m, sentence) in &mistakes {
                comparison = comparison.known(field.of(m), Hint::Mistake(sentence));
            }
            comparison.check().map_err(|m| {
                m.or_gradient_check(&[q.nrows(), d], || {
                    let output = |q: &Array2<f64>, k: &Array2<f64>, v: &Array2<f64>| {
                        attend(q.view(), k.view(), v.view(), scale(d), causal).0
                    };
                    match field {
                        Field::Q => check_vjp(|x| output(x, &key, &v), &q, &g, &got.q),
                        Field::K => check_vjp(|x| output(&q, x, &v), &key, &g, &got.k),
                        Field::V => check_vjp(|x| output(&q, &key, x), &v, &g, &got.v),
                    }
                })
            })?;
        }
    }
    Ok(())
}

/// A case of 13.3: what it is, X (rows, features), γ (features,), G (rows, features).
struct NormCase {
    name: String,
    x: Array2<f64>,
    gamma: Array1<f64>,
    g: Array2<f64>,
}

/// The cases of 13.3. The last has a row that hardly varies (σ² ≈ 1e-6, below ε).
fn layer_norm_cases() -> Vec<NormCase> {
    let shapes = [(4, 6), (1, 5), (5, 5), (3, 4)];
    shapes
        .iter()
        .enumerate()
        .map(|(k, &(n, d))| {
            let seed = 1350 + 4 * k as u64;
            let mut x = random((n, d), seed, 3.0) + 2.0;
            let mut name = format!("X ({n}, {d})");
            if k == 3 {
                let quiet = random((1, d), seed + 3, 1e-3) + 2.0;
                x.row_mut(1).assign(&quiet.row(0));
                name += ", its row 1 of spread 1e-3 (σ² ≈ 1e-6 < ε = 1e-5)";
            }
            let gamma = super::random_vector(d, seed + 1, 0.5) + 1.0;
            NormCase {
                name,
                x,
                gamma,
                g: random((n, d), seed + 2, 1.0),
            }
        })
        .collect()
}

/// ∂L/∂x of rows by the compact formula with the variance ÷ (d − `ddof`), ε = `eps`, the two
/// sums' terms `(mean_term, var_term)`, and `gamma` (ones: γ left out); and x̂.
fn row_formula(
    x: &Array2<f64>,
    gamma: &Array1<f64>,
    g: &Array2<f64>,
    (ddof, eps): (f64, f64),
    (mean_term, var_term): (f64, f64),
) -> (Array2<f64>, Array2<f64>) {
    // Chapter 7's formula, on its side: the rows' features are its batch.
    let ones = Array1::ones(x.nrows());
    let g_hat = (g * gamma).reversed_axes();
    let (x_hat, inv_std, g_hat) = pieces(&x.t().to_owned(), &ones, &g_hat, ddof, eps);
    let grad_x = compact((&x_hat, &g_hat), &inv_std, mean_term, var_term).reversed_axes();
    (grad_x, x_hat.reversed_axes())
}

/// 13.3's check.
fn check_layer_norm(c: Candidate) -> Result<(), Mismatch> {
    for NormCase { name, x, gamma, g } in layer_norm_cases() {
        let (n, d) = x.dim();
        let mut ln = LayerNorm::new(d);
        ln.gamma = gamma.clone();
        ln.forward(&x);
        let grad_x = ln.backward(&g);
        let got = (c.layer_norm_backward)(&x, &gamma, &g);
        let ones = Array1::ones(d);
        let right = (0.0, EPSILON);
        let (no_sums, _) = row_formula(&x, &gamma, &g, right, (0.0, 0.0));
        let (unbiased, x_hat1) = row_formula(&x, &gamma, &g, (1.0, EPSILON), (1.0, 1.0));
        let (no_eps, x_hat0) = row_formula(&x, &gamma, &g, (0.0, 0.0), (1.0, 1.0));
        let (no_gamma, _) = row_formula(&x, &ones, &g, right, (1.0, 1.0));
        let mut bn = layer(&gamma, &Array1::zeros(d));
        bn.forward(&x);
        let bn_x = bn.backward(&g);
        let loss = |x: &Array2<f64>, gamma: &Array1<f64>, beta: &Array1<f64>| {
            let mut ln = LayerNorm::new(d);
            ln.gamma = gamma.clone();
            ln.beta = beta.clone();
            (ln.infer(x) * &g).sum()
        };
        let what = |field: &str| format!("layer_norm_backward: {field} for {name}");
        compare(what("∂L/∂x"), grad_x, got.x.clone())
            .mean_over(d, "features")
            .or_count(n, "rows")
            .known(bn_x, Hint::Mistake(OVER_THE_BATCH))
            .known(no_sums, Hint::Mistake(SUM_TERMS_DROPPED))
            .known(unbiased, Hint::Mistake(UNBIASED_VARIANCE))
            .known(no_eps, Hint::Mistake(NO_EPSILON))
            .known(no_gamma, Hint::Mistake(GAMMA_FORGOTTEN))
            .per(0, "row")
            .check()
            .map_err(|m| {
                m.or_gradient_check(x.shape(), || {
                    check_gradient(|x| loss(x, &gamma, &ones), &x, &got.x)
                })
            })?;
        let over_features = |a: Array2<f64>| a.sum_axis(Axis(1));
        let x_hat = ln_x_hat(&x);
        compare(what("∂L/∂γ"), ln.grad_gamma.clone(), got.gamma.clone())
            .mean_over(n, "rows")
            .known(bn.grad_gamma.clone(), Hint::Mistake(OVER_THE_BATCH))
            .known(
                (&g * &x_hat1).sum_axis(Axis(0)),
                Hint::Mistake(UNBIASED_VARIANCE),
            )
            .known((&g * &x_hat0).sum_axis(Axis(0)), Hint::Mistake(NO_EPSILON))
            .known(
                over_features(&g * &x_hat),
                Hint::Mistake(PARAMETERS_OVER_FEATURES),
            )
            .check()
            .map_err(|m| {
                m.or_gradient_check(gamma.shape(), || {
                    check_gradient(|gm| loss(&x, gm, &ones), &gamma, &got.gamma)
                })
            })?;
        compare(what("∂L/∂β"), ln.grad_beta.clone(), got.beta.clone())
            .mean_over(n, "rows")
            .known(
                over_features(g.clone()),
                Hint::Mistake(PARAMETERS_OVER_FEATURES),
            )
            .check()
            .map_err(|m| {
                m.or_gradient_check(&[d], || {
                    check_gradient(|b| loss(&x, &gamma, b), &Array1::zeros(d), &got.beta)
                })
            })?;
    }
    Ok(())
}

/// x̂ of each row, as the chapter's layer computes it (γ = 1, β = 0).
fn ln_x_hat(x: &Array2<f64>) -> Array2<f64> {
    LayerNorm::new(x.ncols()).infer(x)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// "scores in the thousands" (13.1's large cases, as the reader's file says): the largest
    /// |score| is above 1000, so e^s overflows (e^709.8 is f64's largest) or underflows.
    #[test]
    fn the_large_cases_scores_are_in_the_thousands() {
        let [q, k, _, _] = case(LARGE, 30.0);
        let s = q.dot(&k.t()) * scale(q.ncols());
        let largest = s.fold(0.0_f64, |m, v| m.max(v.abs()));
        assert!(largest > 1000.0, "{largest}");
    }

    /// "σ² ≈ 1e-6 < ε = 1e-5" (13.3's last case): its row 1's variance.
    #[test]
    fn the_quiet_row_varies_less_than_epsilon() {
        let quiet = layer_norm_cases().pop().expect("cases");
        let var = quiet.x.row(1).var(0.0);
        assert!((3e-7..3e-6).contains(&var) && var < EPSILON, "{var}");
    }
}
