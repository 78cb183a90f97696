//! The bias trick of chapter 1, on the whole network: each layer gets a constant 1 appended
//! to its input and its bias appended to its weights as one more row. No layer has a separate
//! bias any more, and training follows the same path.
//!
//! A = ReLU([X, 1]·[W₁; b₁]),  Z = [A, 1]·[W₂; b₂].
//! Backward, the gradient for the appended column of ones is dropped: nothing feeds it.

use ch01_sigmoid_neuron::augment;
use ndarray::{concatenate, s, Array2, Axis};

use crate::dense::Dense;
use crate::layer::Layer;
use crate::loss::Loss;
use crate::mlp::Mlp;
use crate::optimizer::{Optimizer, Sgd};
use crate::relu::Relu;
use crate::softmax::SoftmaxCrossEntropy;

/// [W; b] as one matrix: (in, out) and (out,) -> (in + 1, out).
fn stack(layer: &Dense) -> Array2<f64> {
    let b = layer
        .b
        .as_ref()
        .expect("a layer with a bias")
        .view()
        .insert_axis(Axis(0));
    concatenate(Axis(0), &[layer.w.view(), b]).expect("same number of columns")
}

// ANCHOR: augmented
/// Trains a copy of `net` in the augmented form, full batch; returns the loss history.
pub fn train_batch_augmented(
    net: &Mlp,
    x: &Array2<f64>,
    labels: &[usize],
    lr: f64,
    epochs: usize,
) -> Vec<f64> {
    let mut hidden = Dense::without_bias(stack(&net.hidden)); // (in + 1, hidden)
    let mut output = Dense::without_bias(stack(&net.output)); // (hidden + 1, classes)
    let (mut relu, mut loss) = (Relu::default(), SoftmaxCrossEntropy::default());
    let mut history = Vec::with_capacity(epochs + 1);
    for epoch in 0..=epochs {
        let a = relu.forward(&hidden.forward(&augment(x))); // (batch, hidden)
        history.push(loss.forward(&output.forward(&augment(&a)), labels));
        if epoch == epochs {
            break;
        }
        let grad_a1 = output.backward(&loss.backward()); // (batch, hidden + 1)
        let grad_a = grad_a1.slice(s![.., ..a.ncols()]).to_owned(); // drop the ones' column
        hidden.backward(&relu.backward(&grad_a));
        Sgd.step(lr, &mut hidden);
        Sgd.step(lr, &mut output);
    }
    history
}
// ANCHOR_END: augmented
