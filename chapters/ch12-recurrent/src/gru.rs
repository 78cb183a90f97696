//! A gated cell: the GRU (Cho et al., 2014), in PyTorch's convention (`torch.nn.GRU`).
//!
//! r = σ(x·W_xr + b_xr + h·W_hr + b_hr)          reset gate
//! u = σ(x·W_xu + b_xu + h·W_hu + b_hu)          update gate (PyTorch's z)
//! n = tanh(x·W_xn + b_xn + r ⊙ (h·W_hn + b_hn)) candidate state
//! h′ = (1 − u) ⊙ n + u ⊙ h
//!
//! The new state is a mix, unit by unit, of the old one and a candidate: where u ≈ 1 the unit
//! copies its old value, and ∂h′/∂h ≈ 1 along that path — no tanh′, no W_h. That is the
//! point of the gate: the plain unit's gradient is multiplied by W_hᵀ and tanh′ at every
//! step back; a GRU unit that holds its value passes the gradient back unchanged.
//!
//! As PyTorch stores them, the three gates' weights sit side by side: W_x = [W_xr | W_xu |
//! W_xn] (in, 3·hidden), W_h (hidden, 3·hidden), b_x and b_h (3·hidden,). So one product
//! x·W_x + b_x gives a_x = [a_xr | a_xu | a_xn], and h·W_h + b_h gives a_h likewise.
//!
//! Backward, given G = ∂L/∂h′ (each line the chain rule through one line above):
//!
//! - ∂L/∂n = G ⊙ (1 − u),  ∂L/∂u = G ⊙ (h − n),  ∂L/∂h gets G ⊙ u directly
//! - ∂L/∂(n's pre-activation) = ∂L/∂n ⊙ (1 − n²) =: d_n
//! - ∂L/∂r = d_n ⊙ a_hn,  ∂L/∂a_hn = d_n ⊙ r
//! - d_r = ∂L/∂r ⊙ r(1 − r),  d_u = ∂L/∂u ⊙ u(1 − u)   (chapter 1's σ′, from the output)
//! - ∂L/∂a_x = [d_r | d_u | d_n],  ∂L/∂a_h = [d_r | d_u | d_n ⊙ r]
//! - W_x += xᵀ·∂L/∂a_x, b_x += Σ ∂L/∂a_x, W_h += hᵀ·∂L/∂a_h, b_h += Σ ∂L/∂a_h
//! - ∂L/∂x = ∂L/∂a_x·W_xᵀ,  ∂L/∂h = G ⊙ u + ∂L/∂a_h·W_hᵀ
//!
//! ```
//! use ndarray::{array, Array2};
//! use ch12_recurrent::cell::Cell;
//! use ch12_recurrent::gru::GruCell;
//! use nn_core::rng::seeded;
//! let cell = GruCell::init(2, 3, 1.0, &mut seeded(0)).with_update_bias(50.0);
//! // u = σ(50 + …) ≈ 1: every unit keeps its state
//! let h = array![[0.1, -0.2, 0.3]];
//! let (h_new, _) = cell.step(&array![[1.0, -1.0]], &h);
//! assert!((&h_new - &h).iter().all(|d| d.abs() < 1e-15)); // the state is copied
//! ```

use ch01_sigmoid_neuron::sigmoid;
use ch03_relu_xor::Param;
use ch08_initialization::init::xavier;
use ndarray::{concatenate, s, Array1, Array2, ArrayView2, Axis};
use nn_core::rng::ChaCha8Rng;

use crate::cell::Cell;
use crate::orthogonal::scaled_orthogonal;

/// A GRU cell: the three gates' weights side by side, [r | u | n].
#[derive(Clone, Debug)]
pub struct GruCell {
    /// (in, 3·hidden)
    pub w_x: Array2<f64>,
    /// (hidden, 3·hidden)
    pub w_h: Array2<f64>,
    /// (3·hidden,)
    pub b_x: Array1<f64>,
    /// (3·hidden,)
    pub b_h: Array1<f64>,
    pub grad_w_x: Array2<f64>,
    pub grad_w_h: Array2<f64>,
    pub grad_b_x: Array1<f64>,
    pub grad_b_h: Array1<f64>,
}

/// What one GRU step keeps: its input, the last state, the gates, the candidate, and
/// h·W_hn + b_hn (which the reset gate multiplies).
#[derive(Clone, Debug)]
pub struct GruCache {
    pub x: Array2<f64>,
    pub h_prev: Array2<f64>,
    pub r: Array2<f64>,
    pub u: Array2<f64>,
    pub n: Array2<f64>,
    pub a_hn: Array2<f64>,
}

/// Gate `k` (0: r, 1: u, 2: n) of a (batch, 3·hidden) array.
fn gate(a: &Array2<f64>, k: usize) -> ArrayView2<'_, f64> {
    let hidden = a.ncols() / 3;
    a.slice(s![.., k * hidden..(k + 1) * hidden])
}

impl GruCell {
    /// A cell with these weights and zero gradients.
    pub fn new(w_x: Array2<f64>, w_h: Array2<f64>, b_x: Array1<f64>, b_h: Array1<f64>) -> Self {
        let hidden = w_h.nrows();
        assert!(
            w_x.ncols() == 3 * hidden
                && w_h.ncols() == 3 * hidden
                && b_x.len() == 3 * hidden
                && b_h.len() == 3 * hidden,
            "GruCell: W_x {:?}, W_h {:?}, b_x ({}) and b_h ({}) do not fit",
            w_x.dim(),
            w_h.dim(),
            b_x.len(),
            b_h.len()
        );
        GruCell {
            grad_w_x: Array2::zeros(w_x.raw_dim()),
            grad_w_h: Array2::zeros(w_h.raw_dim()),
            grad_b_x: Array1::zeros(b_x.len()),
            grad_b_h: Array1::zeros(b_h.len()),
            w_x,
            w_h,
            b_x,
            b_h,
        }
    }

    /// Each gate's W_x by chapter 8's Xavier initialization and its W_h = `scale`·Q (Q
    /// orthogonal), as the plain cell's; biases 0.
    pub fn init(inputs: usize, hidden: usize, scale: f64, rng: &mut ChaCha8Rng) -> Self {
        let w_x: Vec<Array2<f64>> = (0..3).map(|_| xavier(inputs, hidden, rng)).collect();
        let w_h: Vec<Array2<f64>> = (0..3)
            .map(|_| scaled_orthogonal(hidden, scale, rng))
            .collect();
        let side_by_side = |w: &[Array2<f64>]| {
            let views: Vec<ArrayView2<f64>> = w.iter().map(|w| w.view()).collect();
            concatenate(Axis(1), &views).expect("same number of rows")
        };
        GruCell::new(
            side_by_side(&w_x),
            side_by_side(&w_h),
            Array1::zeros(3 * hidden),
            Array1::zeros(3 * hidden),
        )
    }

    /// The same cell with the update gate's bias (in b_h) set to `bias`: at the start,
    /// u = σ(bias + …), the share of its old state each unit keeps (½ at 0, 0.73 at 1).
    pub fn with_update_bias(mut self, bias: f64) -> Self {
        let hidden = self.hidden();
        self.b_h.slice_mut(s![hidden..2 * hidden]).fill(bias);
        self
    }
}

// ANCHOR: gru_step
impl Cell for GruCell {
    type Cache = GruCache;

    fn inputs(&self) -> usize {
        self.w_x.nrows()
    }

    fn hidden(&self) -> usize {
        self.w_h.nrows()
    }

    /// h′ = (1 − u) ⊙ n + u ⊙ h
    fn step(&self, x: &Array2<f64>, h: &Array2<f64>) -> (Array2<f64>, GruCache) {
        let a_x = x.dot(&self.w_x) + &self.b_x; // (batch, in)·(in, 3·hidden)
        let a_h = h.dot(&self.w_h) + &self.b_h; // (batch, hidden)·(hidden, 3·hidden)
        let r = (&gate(&a_x, 0) + &gate(&a_h, 0)).mapv(sigmoid);
        let u = (&gate(&a_x, 1) + &gate(&a_h, 1)).mapv(sigmoid);
        let a_hn = gate(&a_h, 2).to_owned();
        let n = (&gate(&a_x, 2) + &(&r * &a_hn)).mapv(f64::tanh);
        let h_new = &n + &(&u * &(h - &n)); // (1 − u)·n + u·h, written n + u·(h − n)
        let cache = GruCache {
            x: x.clone(),
            h_prev: h.clone(),
            r,
            u,
            n,
            a_hn,
        };
        (h_new, cache)
    }

    /// The chain rule through the four lines of `step`, from the last to the first.
    fn step_backward(&mut self, c: &GruCache, grad_h: &Array2<f64>) -> (Array2<f64>, Array2<f64>) {
        let (r, u, n) = (&c.r, &c.u, &c.n);
        let grad_n = grad_h * &u.mapv(|u| 1.0 - u);
        let grad_u = grad_h * &(&c.h_prev - n);
        let d_n = grad_n * &n.mapv(|n| 1.0 - n * n);
        let grad_r = &d_n * &c.a_hn;
        let d_r = grad_r * &r.mapv(|r| r * (1.0 - r));
        let d_u = grad_u * &u.mapv(|u| u * (1.0 - u));
        let d_hn = &d_n * r;
        let grad_a_x = concatenate(Axis(1), &[d_r.view(), d_u.view(), d_n.view()]).expect("rows");
        let grad_a_h = concatenate(Axis(1), &[d_r.view(), d_u.view(), d_hn.view()]).expect("rows");
        self.grad_w_x += &c.x.t().dot(&grad_a_x); // (in, batch)·(batch, 3·hidden)
        self.grad_b_x += &grad_a_x.sum_axis(Axis(0));
        self.grad_w_h += &c.h_prev.t().dot(&grad_a_h); // (hidden, batch)·(batch, 3·hidden)
        self.grad_b_h += &grad_a_h.sum_axis(Axis(0));
        let grad_x = grad_a_x.dot(&self.w_x.t()); // (batch, 3·hidden)·(3·hidden, in)
        let grad_h_prev = grad_h * u + grad_a_h.dot(&self.w_h.t());
        (grad_x, grad_h_prev)
    }

    fn zero_grad(&mut self) {
        self.grad_w_x.fill(0.0);
        self.grad_w_h.fill(0.0);
        self.grad_b_x.fill(0.0);
        self.grad_b_h.fill(0.0);
    }

    /// W_x, W_h, b_x, b_h.
    fn visit_parameters(&mut self, visit: &mut dyn FnMut(Param<'_>)) {
        visit(Param::new("W_x", &mut self.w_x, &self.grad_w_x));
        visit(Param::new("W_h", &mut self.w_h, &self.grad_w_h));
        visit(Param::new("b_x", &mut self.b_x, &self.grad_b_x));
        visit(Param::new("b_h", &mut self.b_h, &self.grad_b_h));
    }
}
// ANCHOR_END: gru_step
