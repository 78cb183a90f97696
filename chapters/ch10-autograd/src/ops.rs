//! The array operations: the earlier chapters' building blocks, each wrapped as an [`Op`].
//!
//! Nothing here differentiates anything. Each operation builds the earlier chapter's layer
//! from its inputs, calls the layer's `forward` for its forward pass and the layer's
//! `backward` (or `backward_params`, when the input is data) for its vector-Jacobian product,
//! and reads the parameter gradients the layer kept. The layer keeps what its backward pass
//! needs, as it does in the hand-written networks; [`Op::kept`] counts it.
//!
//! | op | inputs | forward / VJP from |
//! |---|---|---|
//! | [`Linear`] | X (batch, in), W (in, out), b (out) | chapter 3's `Dense` |
//! | [`Activation`] | X | any parameter-free layer: chapter 3's `Relu`, chapter 1's `Sigmoid` and `Tanh` |
//! | [`LossOp`] | logits (batch, outputs) | any of chapter 3's `Loss`es: cross-entropy (ch. 3), smoothed (ch. 5), bit regression (ch. 5) |
//! | [`Conv`] | images (batch, in, H, W), K (out, in, k, k), b (out) | chapter 6's `Conv2d` |
//! | [`Norm`] | X (batch, features), γ, β | chapter 7's `BatchNorm` |
//! | [`Reshape`] | X | (moves no number: its VJP reshapes back) |

use std::borrow::Borrow;

use ch03_relu_xor::{Dense, Layer, Loss};
use ch06_conv_saliency::conv::{Conv2d, Padding};
use ch07_batch_norm::BatchNorm;
use ndarray::{Array, Array0, Dimension, IxDyn};

use crate::tape::{Op, Tensor};

/// `x` as an array of `D` axes (a copy: the layers take owned arrays), or a panic naming the op.
fn fixed<D: Dimension>(x: &Tensor, op: &str) -> Array<f64, D> {
    x.view()
        .into_dimensionality::<D>()
        .unwrap_or_else(|_| panic!("{op}: an input of shape {:?}", x.shape()))
        .to_owned()
}

/// The layer an op wraps, after its forward pass.
fn built<'a, L>(layer: &'a mut Option<L>, op: &str) -> &'a mut L {
    layer
        .as_mut()
        .unwrap_or_else(|| panic!("{op}: vjp before forward"))
}

// ANCHOR: linear
/// The layer's backward pass from `g`: ∂L/∂X when the op's first input wants a gradient,
/// otherwise only the parameters' gradients (`backward_params`: the input is data).
fn input_gradient<D: Dimension>(
    layer: &mut impl Layer<D>,
    g: &Array<f64, D>,
    wanted: bool,
) -> Option<Tensor> {
    if wanted {
        Some(layer.backward(g).into_dyn())
    } else {
        layer.backward_params(g);
        None
    }
}

/// Y = X·W + b, by chapter 3's dense layer.
#[derive(Clone, Debug, Default)]
pub struct Linear {
    layer: Option<Dense>,
    /// The layer's cached input X, in values.
    cached: usize,
}

impl Op for Linear {
    fn name(&self) -> String {
        "linear".into()
    }

    fn forward(&mut self, inputs: &[&Tensor]) -> Tensor {
        let [x, w, b] = inputs else {
            panic!("linear takes X, W and b")
        };
        self.cached = x.len();
        let layer = self
            .layer
            .insert(Dense::new(fixed(w, "linear W"), fixed(b, "linear b")));
        layer.forward(&fixed(x, "linear X")).into_dyn()
    }

    /// Chapter 3's backward pass: ∂L/∂X = G·Wᵀ (skipped for data), ∂L/∂W = Xᵀ·G, ∂L/∂b = Σ G.
    fn vjp(
        &mut self,
        _: &[&Tensor],
        _: &Tensor,
        g: &Tensor,
        wanted: &[bool],
    ) -> Vec<Option<Tensor>> {
        let layer = built(&mut self.layer, "linear");
        let grad_x = input_gradient(layer, &fixed(g, "linear ∂L/∂Y"), wanted[0]);
        let grad_w = layer.grad_w.clone().into_dyn();
        let grad_b = layer.grad_b.clone().expect("a bias").into_dyn();
        vec![grad_x, Some(grad_w), Some(grad_b)]
    }

    /// The layer's copy of X, its copies of W and b, and their gradients.
    fn kept(&self) -> usize {
        self.layer
            .as_ref()
            .map_or(0, |l| self.cached + 2 * (l.w.len() + l.w.ncols()))
    }
}
// ANCHOR_END: linear

// ANCHOR: activation
/// Any parameter-free layer of the earlier chapters, element by element: chapter 3's `Relu`,
/// chapter 1's `Sigmoid` and `Tanh`, chapter 4's leaky ReLU.
#[derive(Clone, Debug)]
pub struct Activation<A: Layer + Clone> {
    pub name: &'static str,
    layer: A,
    /// The layer's cached input or output, in values.
    cached: usize,
}

impl<A: Layer + Clone> Activation<A> {
    pub fn new(name: &'static str, layer: A) -> Self {
        Activation {
            name,
            layer,
            cached: 0,
        }
    }
}

impl<A: Layer + Clone> Op for Activation<A> {
    fn name(&self) -> String {
        self.name.into()
    }

    fn forward(&mut self, inputs: &[&Tensor]) -> Tensor {
        let x = fixed(inputs[0], self.name);
        self.cached = x.len();
        self.layer.forward(&x).into_dyn()
    }

    /// The layer's own backward pass, e.g. ReLU′(X) ⊙ G.
    fn vjp(&mut self, _: &[&Tensor], _: &Tensor, g: &Tensor, _: &[bool]) -> Vec<Option<Tensor>> {
        vec![Some(self.layer.backward(&fixed(g, self.name)).into_dyn())]
    }

    fn kept(&self) -> usize {
        self.cached
    }
}
// ANCHOR_END: activation

/// ReLU, chapter 3's layer.
pub fn relu() -> Activation<ch03_relu_xor::Relu> {
    Activation::new("relu", ch03_relu_xor::Relu::default())
}

// ANCHOR: loss
/// The mean loss of a batch of network outputs against their targets, by any loss of chapter
/// 3's seam (class labels for chapter 3's cross-entropy and chapter 5's smoothed one, real
/// values for chapter 5's bit regression): a single number.
pub struct LossOp<L: Loss> {
    pub name: &'static str,
    loss: L,
    targets: <L::Target as ToOwned>::Owned,
    /// The loss's cached probabilities or outputs, in values (its targets are not counted).
    cached: usize,
}

impl<L: Loss> LossOp<L> {
    pub fn new(name: &'static str, loss: L, targets: &L::Target) -> Self {
        LossOp {
            name,
            loss,
            targets: targets.to_owned(),
            cached: 0,
        }
    }
}

impl<L: Loss> Op for LossOp<L> {
    fn name(&self) -> String {
        self.name.into()
    }

    fn forward(&mut self, inputs: &[&Tensor]) -> Tensor {
        let outputs = fixed(inputs[0], self.name);
        let loss = self.loss.forward(&outputs, self.targets.borrow());
        self.cached = outputs.len(); // the probabilities (or squashed outputs)
        Array0::from_elem((), loss).into_dyn()
    }

    /// The loss's backward pass — for cross-entropy ∂L/∂logits = (P − Y)/n — times the
    /// upstream number.
    fn vjp(&mut self, _: &[&Tensor], _: &Tensor, g: &Tensor, _: &[bool]) -> Vec<Option<Tensor>> {
        let upstream = g.first().copied().expect("one number");
        vec![Some((self.loss.backward() * upstream).into_dyn())]
    }

    fn kept(&self) -> usize {
        self.cached
    }
}
// ANCHOR_END: loss

// ANCHOR: conv
/// A 2-D convolution, by chapter 6's `Conv2d`.
#[derive(Clone, Debug)]
pub struct Conv {
    pub padding: Padding,
    layer: Option<Conv2d>,
    /// The layer's cached patch matrix, in values.
    cached: usize,
}

impl Conv {
    pub fn new(padding: Padding) -> Self {
        Conv {
            padding,
            layer: None,
            cached: 0,
        }
    }
}

impl Op for Conv {
    fn name(&self) -> String {
        "conv".into()
    }

    fn forward(&mut self, inputs: &[&Tensor]) -> Tensor {
        let [x, k, b] = inputs else {
            panic!("conv takes images, K and b")
        };
        let conv = Conv2d::new(fixed(k, "conv K"), fixed(b, "conv b"), self.padding);
        let y = self.layer.insert(conv).forward(&fixed(x, "conv images"));
        let (n, _, oh, ow) = y.dim();
        self.cached = k.len() / b.len().max(1) * n * oh * ow; // (in·k·k, batch·H′·W′)
        y.into_dyn()
    }

    /// Chapter 6's backward pass: ∂L/∂K = G·Cᵀ, ∂L/∂b = Σ G, ∂L/∂X = col2im(Kᵀ·G) (skipped
    /// for data).
    fn vjp(
        &mut self,
        _: &[&Tensor],
        _: &Tensor,
        g: &Tensor,
        wanted: &[bool],
    ) -> Vec<Option<Tensor>> {
        let layer = built(&mut self.layer, "conv");
        let grad_x = input_gradient(layer, &fixed(g, "conv ∂L/∂Y"), wanted[0]);
        let grad_k = layer.grad_kernel.clone().into_dyn();
        vec![
            grad_x,
            Some(grad_k),
            Some(layer.grad_bias.clone().into_dyn()),
        ]
    }

    /// The layer's patch matrix (kernel size × output positions), its copies of K and b, and
    /// their gradients.
    fn kept(&self) -> usize {
        self.layer
            .as_ref()
            .map_or(0, |l| self.cached + 2 * (l.kernel.len() + l.bias.len()))
    }
}
// ANCHOR_END: conv

// ANCHOR: norm
/// Batch normalization in training mode, by chapter 7's `BatchNorm`.
#[derive(Clone, Debug, Default)]
pub struct Norm {
    layer: Option<BatchNorm>,
    /// The layer's cached x̂, in values.
    cached: usize,
}

impl Op for Norm {
    fn name(&self) -> String {
        "batch-norm".into()
    }

    fn forward(&mut self, inputs: &[&Tensor]) -> Tensor {
        let [x, gamma, beta] = inputs else {
            panic!("batch-norm takes X, γ and β")
        };
        let mut bn = BatchNorm::new(gamma.len());
        bn.gamma = fixed(gamma, "batch-norm γ");
        bn.beta = fixed(beta, "batch-norm β");
        self.cached = x.len();
        self.layer
            .insert(bn)
            .forward(&fixed(x, "batch-norm X"))
            .into_dyn()
    }

    /// Chapter 7's backward pass through the batch statistics.
    fn vjp(&mut self, _: &[&Tensor], _: &Tensor, g: &Tensor, _: &[bool]) -> Vec<Option<Tensor>> {
        let layer = built(&mut self.layer, "batch-norm");
        let grad_x = layer.backward(&fixed(g, "batch-norm ∂L/∂Y")).into_dyn();
        let (gg, gb) = (layer.grad_gamma.clone(), layer.grad_beta.clone());
        vec![Some(grad_x), Some(gg.into_dyn()), Some(gb.into_dyn())]
    }

    /// x̂ and 1/√(σ² + ε); γ, β, their gradients and the running statistics.
    fn kept(&self) -> usize {
        self.layer
            .as_ref()
            .map_or(0, |l| self.cached + 7 * l.gamma.len())
    }
}
// ANCHOR_END: norm

// ANCHOR: reshape
/// The same numbers in another shape (images to rows of pixels and back).
#[derive(Clone, Debug)]
pub struct Reshape {
    pub shape: Vec<usize>,
}

impl Op for Reshape {
    fn name(&self) -> String {
        "reshape".into()
    }

    fn forward(&mut self, inputs: &[&Tensor]) -> Tensor {
        let x = inputs[0].as_standard_layout().into_owned();
        x.into_shape_with_order(IxDyn(&self.shape))
            .unwrap_or_else(|_| panic!("reshape: {:?} to {:?}", inputs[0].shape(), self.shape))
    }

    /// ∂L/∂X is ∂L/∂Y in X's shape.
    fn vjp(
        &mut self,
        inputs: &[&Tensor],
        _: &Tensor,
        g: &Tensor,
        _: &[bool],
    ) -> Vec<Option<Tensor>> {
        let g = g.as_standard_layout().into_owned();
        vec![Some(
            g.into_shape_with_order(inputs[0].raw_dim())
                .expect("same size"),
        )]
    }
}
// ANCHOR_END: reshape

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::check_op;
    use crate::softplus::Softplus;
    use ch03_relu_xor::SoftmaxCrossEntropy;
    use ndarray::Array;
    use nn_core::rng::{rand_distr::StandardNormal, seeded, RandomExt};

    fn random(shape: &[usize], seed: u64) -> Tensor {
        Array::random_using(IxDyn(shape), StandardNormal, &mut seeded(seed))
    }

    #[test]
    fn a_wrong_vjp_is_caught() {
        // Softplus with the VJP of ReLU instead of the sigmoid: the checker must fail it.
        #[derive(Default)]
        struct Wrong;
        impl Op for Wrong {
            fn name(&self) -> String {
                "wrong".into()
            }
            fn forward(&mut self, inputs: &[&Tensor]) -> Tensor {
                Softplus.forward(inputs)
            }
            fn vjp(
                &mut self,
                i: &[&Tensor],
                _: &Tensor,
                g: &Tensor,
                _: &[bool],
            ) -> Vec<Option<Tensor>> {
                vec![Some(i[0].mapv(|x| if x > 0.0 { 1.0 } else { 0.0 }) * g)]
            }
        }
        let checks = check_op(|| Wrong, &[random(&[4, 3], 19)], 20);
        assert!(!checks[0].passed(), "{}", checks[0]);
    }

    #[test]
    fn data_gets_no_gradient_and_parameters_do() {
        use crate::tape::ArrayTape;
        let mut t = ArrayTape::new();
        let x = t.input(random(&[4, 3], 21));
        let (w, b) = (t.param(random(&[3, 2], 22)), t.param(random(&[2], 23)));
        let y = t.apply(Linear::default(), &[x, w, b]);
        let loss = t.apply(
            LossOp::new(
                "cross-entropy",
                SoftmaxCrossEntropy::default(),
                &[0, 1, 1, 0],
            ),
            &[y],
        );
        let g = t.backward(loss);
        assert!(g.of(x).is_none() && g.of(y).is_none());
        assert_eq!(g.of(w).unwrap().shape(), [3, 2]);
        assert_eq!(g.of(b).unwrap().shape(), [2]);
    }

    #[test]
    fn a_value_used_twice_adds_both_gradients() {
        use crate::tape::ArrayTape;
        use nn_core::gradcheck::check_gradient;
        // L = CE(softplus(X)·W + b) with W = X's first two columns' copy: X used twice.
        let labels = [1, 0, 2];
        let loss_and_grad = |x0: &Tensor| {
            let mut t = ArrayTape::new();
            let x = t.param(x0.clone());
            let s = t.apply(Softplus, &[x]);
            let w = t.apply(Reshape { shape: vec![3, 3] }, &[x]);
            let b = t.input(Tensor::zeros(IxDyn(&[3])));
            let logits = t.apply(Linear::default(), &[s, w, b]);
            let ce = LossOp::new("cross-entropy", SoftmaxCrossEntropy::default(), &labels);
            let loss = t.apply(ce, &[logits]);
            let value = t.value(loss).sum();
            (
                value,
                t.backward(loss).of(x).cloned().expect("x wants a gradient"),
            )
        };
        let x0 = random(&[3, 3], 24);
        let c = check_gradient(|x| loss_and_grad(x).0, &x0, &loss_and_grad(&x0).1);
        assert!(c.passed(), "{c}");
    }
}
