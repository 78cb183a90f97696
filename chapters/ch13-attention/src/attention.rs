//! Scaled dot-product attention, forward and backward, and several heads side by side.
//!
//! **Forward**, for one sequence of T positions and one head of width d: queries Q, keys K
//! and values V (each T × d) give the scores S = Q·Kᵀ/√d (T × T: how well position i's query
//! matches position j's key), each row of scores becomes weights P = softmax(S) (row i sums
//! to 1), and position i's output is the weighted mean of the values, O = P·V. With the
//! **causal mask** a position may not look ahead: S_ij = −∞ for j > i, so that P_ij = e^(−∞)
//! = 0 — the mask goes *before* the softmax, so that the weights that remain still sum to 1.
//!
//! **Backward**, from G = ∂L/∂O, one product at a time (each is chapter 3's dense layer's
//! rule: for Y = A·B, ∂L/∂A = ∂L/∂Y·Bᵀ and ∂L/∂B = Aᵀ·∂L/∂Y):
//! - O = P·V: ∂L/∂V = Pᵀ·G and ∂L/∂P = G·Vᵀ;
//! - P = softmax(S), row by row: ∂L/∂S = J·∂L/∂P with J = diag(p) − p·pᵀ — chapter 5's
//!   Jacobian, called as chapter 5 wrote it ([`softmax_backward_via_jacobian`]). A masked
//!   entry has p = 0, so its row and column of J are 0: no gradient reaches a masked score;
//! - S = Q·Kᵀ/√d: ∂L/∂Q = ∂L/∂S·K/√d and ∂L/∂K = (∂L/∂S)ᵀ·Q/√d.
//!
//! **Why 1/√d.** If the entries of q and k are independent with mean 0 and variance 1, the
//! score q·k = Σ qₘkₘ is a sum of d terms of variance 1: its variance is d. Without the scale,
//! wider heads give larger scores, softmax saturates — one weight near 1, the others near 0 —
//! and J = diag(p) − p·pᵀ goes to 0 with it: chapter 1's saturated sigmoid again, now in
//! softmax. Dividing by √d keeps the scores' variance at 1 whatever the width.
//!
//! **Several heads** are one reshape: the layer projects each position to Q, K, V of width
//! `width` (chapter 3's dense layers, one row per position), and head h takes columns
//! h·d … (h+1)·d of each — a (T, width) matrix read as (T, heads, d). Each head attends on
//! its own; their outputs, side by side again, go through one more dense layer.

use ch03_relu_xor::{softmax, Dense, Layer, Param};
use ch05_softmax::jacobian::softmax_backward_via_jacobian;
use ch08_initialization::init::xavier;
use ch12_recurrent::recurrent::{rows, sequences};
use ndarray::{s, Array1, Array2, Array3, ArrayView2, Ix3};
use nn_core::rng::ChaCha8Rng;

// ANCHOR: attend
/// One head's attention on one sequence: queries, keys, values (T, d) -> the output (T, d)
/// and the weights P (T, T). `scale` multiplies the scores (1/√d: [`scale`]); with `causal`,
/// position i sees positions 0…i only.
pub fn attend(
    q: ArrayView2<f64>,
    k: ArrayView2<f64>,
    v: ArrayView2<f64>,
    scale: f64,
    causal: bool,
) -> (Array2<f64>, Array2<f64>) {
    let mut scores = q.dot(&k.t()) * scale;
    if causal {
        mask(&mut scores);
    }
    let p = softmax(&scores); // row by row; e^(−∞) = 0
    (p.dot(&v), p)
}

/// The causal mask: every score above the diagonal (a later position) becomes −∞.
pub fn mask(scores: &mut Array2<f64>) {
    for ((i, j), s) in scores.indexed_iter_mut() {
        if j > i {
            *s = f64::NEG_INFINITY;
        }
    }
}

/// The scale of the scores for heads of width `d`: 1/√d.
pub fn scale(d: usize) -> f64 {
    1.0 / (d as f64).sqrt()
}

// ANCHOR_END: attend

// ANCHOR: attend_backward
/// The gradients of one head's loss with respect to its queries, keys and values.
#[derive(Clone, Debug, PartialEq)]
pub struct AttendGrads {
    /// ∂L/∂Q (T, d)
    pub q: Array2<f64>,
    /// ∂L/∂K (T, d)
    pub k: Array2<f64>,
    /// ∂L/∂V (T, d)
    pub v: Array2<f64>,
}

/// [`attend`]'s backward pass: from ∂L/∂O (T, d) and the forward pass's weights `p`, the
/// gradients with respect to Q, K and V — one product at a time.
pub fn attend_backward(
    q: ArrayView2<f64>,
    k: ArrayView2<f64>,
    v: ArrayView2<f64>,
    p: &Array2<f64>,
    scale: f64,
    grad_output: ArrayView2<f64>,
) -> AttendGrads {
    let grad_v = p.t().dot(&grad_output); // O = P·V
    let grad_p = grad_output.dot(&v.t());
    let grad_scores = softmax_backward_via_jacobian(p, &grad_p) * scale; // chapter 5's J
    AttendGrads {
        q: grad_scores.dot(&k),
        k: grad_scores.t().dot(&q),
        v: grad_v,
    }
}
// ANCHOR_END: attend_backward

// ANCHOR: multi_head
/// Multi-head self-attention over sequences (batch, T, width): Q, K and V by dense layers at
/// every position, `heads` heads of width `width / heads` side by side, then a dense layer.
///
/// The keys' layer has no bias, because a bias there could not learn: it adds q·b_k to every
/// score of query q's row, and softmax ignores a shift of a whole row — so ∂L/∂b_k = 0,
/// always. (The test `a_key_bias_gets_no_gradient` measures it.)
#[derive(Clone, Debug)]
pub struct MultiHead {
    pub heads: usize,
    pub query: Dense,
    pub key: Dense,
    pub value: Dense,
    pub output: Dense,
    /// Position i sees positions 0…i only (a language model must not read the character it
    /// predicts).
    pub causal: bool,
    /// Scores times 1/√d (true), or not scaled at all (the comparison of section 1).
    pub scaled: bool,
    cache: Option<Cache>,
}
// ANCHOR_END: multi_head

/// What the backward pass needs: Q, K, V as rows (batch·T, width), every head's weights.
#[derive(Clone, Debug)]
struct Cache {
    q: Array2<f64>,
    k: Array2<f64>,
    v: Array2<f64>,
    weights: Vec<Array2<f64>>,
}

impl MultiHead {
    /// Xavier-initialized projections, biases 0 (the keys' layer has none); causal and scaled.
    pub fn new(width: usize, heads: usize, rng: &mut ChaCha8Rng) -> Self {
        assert!(
            heads > 0 && width % heads == 0,
            "{heads} heads cannot share a width of {width}"
        );
        let query = Dense::new(xavier(width, width, rng), Array1::zeros(width));
        let key = Dense::without_bias(xavier(width, width, rng));
        let mut dense = || Dense::new(xavier(width, width, rng), Array1::zeros(width));
        MultiHead {
            heads,
            query,
            key,
            value: dense(),
            output: dense(),
            causal: true,
            scaled: true,
            cache: None,
        }
    }

    /// The width of one head.
    pub fn head_width(&self) -> usize {
        self.query.w.ncols() / self.heads
    }

    fn scale(&self) -> f64 {
        if self.scaled {
            scale(self.head_width())
        } else {
            1.0
        }
    }

    /// Every head on every sequence: Q, K, V as rows (batch·T, width) -> the heads' outputs
    /// side by side (batch·T, width) and the weights, sequence by sequence, head by head.
    fn attend_all(
        &self,
        q: &Array2<f64>,
        k: &Array2<f64>,
        v: &Array2<f64>,
        time: usize,
    ) -> (Array2<f64>, Vec<Array2<f64>>) {
        let d = self.head_width();
        let mut out = Array2::zeros(q.raw_dim());
        let mut weights = Vec::new();
        for (rows, cols) in self.blocks(q.nrows() / time, time, d) {
            let at = s![rows.clone(), cols.clone()];
            let (o, p) = attend(
                q.slice(at),
                k.slice(at),
                v.slice(at),
                self.scale(),
                self.causal,
            );
            out.slice_mut(at).assign(&o);
            weights.push(p);
        }
        (out, weights)
    }

    // ANCHOR: reshape
    /// The (rows, columns) of each sequence's head in the (batch·T, width) rows: sequence by
    /// sequence, head by head. This is the reshape (batch·T, width) -> (batch, T, heads, d).
    fn blocks(
        &self,
        batch: usize,
        time: usize,
        d: usize,
    ) -> Vec<(std::ops::Range<usize>, std::ops::Range<usize>)> {
        let mut blocks = Vec::new();
        for b in 0..batch {
            for h in 0..self.heads {
                blocks.push((b * time..(b + 1) * time, h * d..(h + 1) * d));
            }
        }
        blocks
    }
    // ANCHOR_END: reshape

    /// Each head's weights P (T, T) for the first sequence of `x` (batch, T, width): row i
    /// says how much position i takes from each earlier position.
    pub fn weights(&self, x: &Array3<f64>) -> Vec<Array2<f64>> {
        let (_, time, _) = x.dim();
        let r = rows(x);
        let (q, k, v) = (
            self.query.infer(&r),
            self.key.infer(&r),
            self.value.infer(&r),
        );
        let (_, weights) = self.attend_all(&q, &k, &v, time);
        weights.into_iter().take(self.heads).collect()
    }
}

impl Layer<Ix3> for MultiHead {
    fn infer(&self, x: &Array3<f64>) -> Array3<f64> {
        let (batch, time, _) = x.dim();
        let r = rows(x);
        let (q, k, v) = (
            self.query.infer(&r),
            self.key.infer(&r),
            self.value.infer(&r),
        );
        let (heads, _) = self.attend_all(&q, &k, &v, time);
        sequences(self.output.infer(&heads), batch, time)
    }

    fn forward(&mut self, x: &Array3<f64>) -> Array3<f64> {
        let (batch, time, _) = x.dim();
        let r = rows(x);
        let (q, k, v) = (
            self.query.forward(&r),
            self.key.forward(&r),
            self.value.forward(&r),
        );
        let (heads, weights) = self.attend_all(&q, &k, &v, time);
        self.cache = Some(Cache { q, k, v, weights });
        sequences(self.output.forward(&heads), batch, time)
    }

    // ANCHOR: multi_head_backward
    /// Back through the output layer, each head's [`attend_backward`], and the three
    /// projections: ∂L/∂x is the sum of what reaches it through Q, K and V.
    fn backward(&mut self, grad_output: &Array3<f64>) -> Array3<f64> {
        let (batch, time, _) = grad_output.dim();
        let grad_heads = self.output.backward(&rows(grad_output));
        let c = self
            .cache
            .take()
            .expect("MultiHead::backward called before forward");
        let (mut gq, mut gk, mut gv) = (
            Array2::zeros(c.q.raw_dim()),
            Array2::zeros(c.k.raw_dim()),
            Array2::zeros(c.v.raw_dim()),
        );
        let scale = self.scale();
        let blocks = self.blocks(batch, time, self.head_width());
        for ((rows, cols), p) in blocks.into_iter().zip(&c.weights) {
            let at = s![rows, cols];
            let g = attend_backward(
                c.q.slice(at),
                c.k.slice(at),
                c.v.slice(at),
                p,
                scale,
                grad_heads.slice(at),
            );
            gq.slice_mut(at).assign(&g.q);
            gk.slice_mut(at).assign(&g.k);
            gv.slice_mut(at).assign(&g.v);
        }
        let grad_x = self.query.backward(&gq) + self.key.backward(&gk) + self.value.backward(&gv);
        self.cache = Some(c);
        sequences(grad_x, batch, time)
    }
    // ANCHOR_END: multi_head_backward

    /// W and b of the query layer, W of the key layer, W and b of the value and output
    /// layers, in that order.
    fn visit_parameters(&mut self, visit: &mut dyn FnMut(Param<'_>)) {
        self.query.visit_parameters(visit);
        self.key.visit_parameters(visit);
        self.value.visit_parameters(visit);
        self.output.visit_parameters(visit);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ch12_recurrent::experiment::random;
    use nn_core::gradcheck::check_vjp;
    use nn_core::rng::seeded;

    #[test]
    fn causal_weights_are_zero_ahead_and_rows_sum_to_one() {
        let (q, k, v) = (random((5, 3), 1), random((5, 3), 2), random((5, 3), 3));
        let (_, p) = attend(q.view(), k.view(), v.view(), scale(3), true);
        for ((i, j), &w) in p.indexed_iter() {
            if j > i {
                assert_eq!(w, 0.0);
            }
        }
        for row in p.rows() {
            assert!((row.sum() - 1.0).abs() < 1e-15);
        }
        // The first position sees only itself: its output is its own value.
        let (o, _) = attend(q.view(), k.view(), v.view(), scale(3), true);
        assert_eq!(o.row(0), v.row(0));
    }

    #[test]
    fn attention_backward_passes_the_gradient_check_with_and_without_mask() {
        let (q, k, v) = (random((6, 4), 4), random((6, 4), 5), random((6, 4), 6));
        let g = random((6, 4), 7);
        for causal in [false, true] {
            let (_, p) = attend(q.view(), k.view(), v.view(), 0.5, causal);
            let grads = attend_backward(q.view(), k.view(), v.view(), &p, 0.5, g.view());
            let f = |q: &Array2<f64>, k: &Array2<f64>, v: &Array2<f64>| {
                attend(q.view(), k.view(), v.view(), 0.5, causal).0
            };
            assert!(check_vjp(|x| f(x, &k, &v), &q, &g, &grads.q).passed());
            assert!(check_vjp(|x| f(&q, x, &v), &k, &g, &grads.k).passed());
            assert!(check_vjp(|x| f(&q, &k, x), &v, &g, &grads.v).passed());
        }
    }

    /// "a bias there could not learn … ∂L/∂b_k = 0, always": a key layer given a bias gets a
    /// gradient of zero to rounding, while the query's bias, as large, gets one.
    #[test]
    fn a_key_bias_gets_no_gradient() {
        let mut layer = MultiHead::new(8, 2, &mut seeded(3));
        layer.key = Dense::new(layer.key.w.clone(), random(8, 4));
        layer.query.b = Some(random(8, 5));
        let x = random((2, 5, 8), 6);
        layer.forward(&x);
        layer.backward(&random((2, 5, 8), 7));
        let size = |b: &Option<Array1<f64>>| b.as_ref().map_or(0.0, |b| b.dot(b).sqrt());
        assert!(size(&layer.key.grad_b) < 1e-14, "{:?}", layer.key.grad_b);
        assert!(size(&layer.query.grad_b) > 1e-2, "{:?}", layer.query.grad_b);
    }

    /// Exercise 4's answer: "∂L/∂b_v = W_o·∂L/∂b_o: the values' bias does what the output
    /// layer's bias does, seen through W_o".
    #[test]
    fn the_value_bias_is_the_output_bias_seen_through_w_o() {
        let mut layer = MultiHead::new(8, 2, &mut seeded(8));
        layer.value.b = Some(random(8, 9));
        let x = random((2, 5, 8), 10);
        layer.forward(&x);
        layer.backward(&random((2, 5, 8), 11));
        let (gv, go) = (layer.value.grad_b.unwrap(), layer.output.grad_b.unwrap());
        let through = layer.output.w.dot(&go);
        assert!(
            (&gv - &through).iter().all(|d| d.abs() < 1e-12),
            "{gv} {through}"
        );
    }

    #[test]
    fn inference_is_the_training_forward_pass() {
        let mut layer = MultiHead::new(8, 2, &mut seeded(1));
        let x = random((3, 5, 8), 2);
        assert_eq!(layer.infer(&x), layer.forward(&x));
    }
}
