//! Chapter 3's exercises: replace each `todo!(…)` with your code, save, and run
//! `cargo run -p practice -- 3` (or leave `cargo run -p practice -- 3 --watch` running).
//! The answers, if you are stuck: practice/answers/ch03.rs.

use ndarray::{Array1, Array2};
use practice::DenseGrads;

/// Exercise 3.1: Dense's forward pass Y = X·W + b:
/// x (batch, in), w (in, out), b (out,) added to every row -> (batch, out).
pub fn dense_forward(x: &Array2<f64>, w: &Array2<f64>, b: &Array1<f64>) -> Array2<f64> {
    todo!("exercise 3.1: Dense's forward pass")
}

/// Exercise 3.2: Dense's backward pass, given its input x (batch, in), its weights
/// w (in, out) and the upstream gradient g = ∂L/∂Y (batch, out). Return
/// `DenseGrads { w: ∂L/∂W (in, out), b: ∂L/∂b (out,), x: ∂L/∂X (batch, in) }`.
/// (g already carries the loss's 1/batch.)
pub fn dense_backward(x: &Array2<f64>, w: &Array2<f64>, g: &Array2<f64>) -> DenseGrads {
    todo!("exercise 3.2: Dense's backward pass")
}

/// Exercise 3.3: ReLU's backward pass ∂L/∂X = ReLU′(X) ⊙ G, given ReLU's input x and the
/// upstream gradient g, both (batch, n). ReLU′(x) is 1 for x > 0 and 0 for x < 0; at the
/// kink x = 0 this book takes 0.
pub fn relu_backward(x: &Array2<f64>, g: &Array2<f64>) -> Array2<f64> {
    todo!("exercise 3.3: ReLU's backward pass")
}
