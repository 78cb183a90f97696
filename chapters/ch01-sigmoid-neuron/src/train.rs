//! One neuron learns a logic gate by gradient descent.
//!
//! The model is a = σ(Xw + b) for the four inputs X of a two-input gate, and the loss is the
//! mean squared error L = (1/2n)·Σ (a − y)². Backward, by the chain rule:
//!
//! - ∂L/∂a = (a − y)/n
//! - ∂L/∂z = a ⊙ (1 − a) ⊙ ∂L/∂a   (the sigmoid layer's backward pass)
//! - ∂L/∂w = Xᵀ·∂L/∂z,  ∂L/∂b = Σ ∂L/∂z
//!
//! and each step moves the parameters against the gradient: w ← w − η·∂L/∂w.

use ndarray::{array, Array1, Array2, Axis};

use crate::activation::Sigmoid;
use crate::neuron::Neuron;

/// A two-input logic gate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Gate {
    And,
    Or,
}

impl Gate {
    /// The four inputs (0,0), (0,1), (1,0), (1,1) as rows: (4, 2).
    pub fn inputs() -> Array2<f64> {
        array![[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]
    }

    /// The gate's truth table for those inputs: (4,).
    pub fn targets(self) -> Array1<f64> {
        match self {
            Gate::And => array![0.0, 0.0, 0.0, 1.0],
            Gate::Or => array![0.0, 1.0, 1.0, 1.0],
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Gate::And => "AND",
            Gate::Or => "OR",
        }
    }
}

/// The loss L = (1/2n)·Σ (a − y)² and its gradients for one neuron on a batch.
#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    pub loss: f64,
    /// ∂L/∂w: (inputs,)
    pub grad_w: Array1<f64>,
    /// ∂L/∂b
    pub grad_b: f64,
}

// ANCHOR: squared_error
/// The mean squared error over the n rows, L = (1/2n)·Σ ‖a − y‖², and its gradient
/// ∂L/∂a = (a − y)/n: (batch, outputs) twice -> (loss, (batch, outputs)).
pub fn squared_error(output: &Array2<f64>, target: &Array2<f64>) -> (f64, Array2<f64>) {
    let n = output.nrows() as f64;
    let error = output - target;
    (error.mapv(|e| e * e).sum() / (2.0 * n), error / n)
}
// ANCHOR_END: squared_error

// ANCHOR: step
/// Forward and backward through one neuron: x -> z = Xw + b -> a = σ(z) -> L.
pub fn loss_and_gradients(neuron: &Neuron, x: &Array2<f64>, y: &Array1<f64>) -> Step {
    // forward
    let z = neuron.weighted_sums(x).insert_axis(Axis(1)); // (batch, 1)
    let mut sigmoid = Sigmoid::default();
    let a = sigmoid.forward(&z); // (batch, 1)
    let (loss, grad_a) = squared_error(&a, &y.view().insert_axis(Axis(1)).to_owned()); // ∂L/∂a
                                                                                       // backward
    let grad_z = sigmoid.backward(&grad_a); // ∂L/∂z = a(1 − a)·∂L/∂a
    let grad_w = x.t().dot(&grad_z).column(0).to_owned(); // (inputs, batch)·(batch, 1)
    let grad_b = grad_z.sum();
    Step {
        loss,
        grad_w,
        grad_b,
    }
}
// ANCHOR_END: step

// ANCHOR: train
/// Full-batch gradient descent for `epochs` steps with learning rate `lr`; returns the loss
/// before each step and after the last one (epochs + 1 values).
pub fn train(
    neuron: &mut Neuron,
    x: &Array2<f64>,
    y: &Array1<f64>,
    lr: f64,
    epochs: usize,
) -> Vec<f64> {
    let mut history = Vec::with_capacity(epochs + 1);
    for _ in 0..epochs {
        let step = loss_and_gradients(neuron, x, y);
        history.push(step.loss);
        neuron.w.scaled_add(-lr, &step.grad_w); // w ← w − η·∂L/∂w
        neuron.b -= lr * step.grad_b; // b ← b − η·∂L/∂b
    }
    history.push(loss_and_gradients(neuron, x, y).loss);
    history
}
// ANCHOR_END: train

#[cfg(test)]
mod tests {
    use super::*;
    use nn_core::gradcheck::check_gradient;

    #[test]
    fn gradients_pass_the_gradient_check() {
        let x = Gate::inputs();
        let y = Gate::And.targets();
        let neuron = Neuron::new(array![0.7, -1.3], 0.4);
        let step = loss_and_gradients(&neuron, &x, &y);
        // Parameters as one vector [w₁, w₂, b].
        let params = neuron.augmented_weights();
        let loss = |p: &Array1<f64>| {
            let n = Neuron::new(p.slice(ndarray::s![..2]).to_owned(), p[2]);
            loss_and_gradients(&n, &x, &y).loss
        };
        let analytic = array![step.grad_w[0], step.grad_w[1], step.grad_b];
        let check = check_gradient(loss, &params, &analytic);
        assert!(check.passed(), "{check}");
    }

    #[test]
    fn loss_by_hand_at_zero_weights() {
        // w = 0, b = 0: every output is σ(0) = ½; AND has one 1 and three 0s:
        // L = (1/8)·(3·¼ + ¼) = 0.125; ∂L/∂b = Σ ¼·(½ − y)/4 = ¼·(2 − 1)/4 = 0.0625.
        let step = loss_and_gradients(
            &Neuron::new(array![0.0, 0.0], 0.0),
            &Gate::inputs(),
            &Gate::And.targets(),
        );
        assert_eq!(step.loss, 0.125);
        assert_eq!(step.grad_b, 0.0625);
    }

    #[test]
    fn a_neuron_learns_and_and_or() {
        for gate in [Gate::And, Gate::Or] {
            let mut neuron = Neuron::new(array![0.1, -0.2], 0.0);
            let history = train(&mut neuron, &Gate::inputs(), &gate.targets(), 2.0, 3000);
            assert!(
                history.last().unwrap() < &0.01,
                "{gate:?}: {:?}",
                history.last()
            );
            assert!(
                history.windows(2).all(|w| w[1] <= w[0] + 1e-12),
                "the loss only falls"
            );
            for (x, y) in Gate::inputs().rows().into_iter().zip(gate.targets()) {
                assert_eq!(neuron.output(x) > 0.5, y == 1.0, "{gate:?} at {x}");
            }
        }
    }
}
