//! Chapter 4's exercises: replace each `todo!(…)` with your code, save, and run
//! `cargo run -p practice -- 4` (or leave `cargo run -p practice -- 4 --watch` running).
//! The answers, if you are stuck: practice/answers/ch04.rs.

use ndarray::Array2;

/// Exercise 4.1: leaky ReLU's forward pass, element by element: f(x) = x for x > 0 and
/// α·x otherwise (α = `negative_slope`). x (batch, n) -> (batch, n).
pub fn leaky_relu(x: &Array2<f64>, negative_slope: f64) -> Array2<f64> {
    todo!("exercise 4.1: leaky ReLU's forward pass")
}

/// Exercise 4.2: leaky ReLU's backward pass ∂L/∂X = f′(X) ⊙ G, given its input x and the
/// upstream gradient g, both (batch, n); f′(x) = 1 for x > 0 and α otherwise (also at the
/// kink x = 0, as chapter 3 takes ReLU′(0) = 0).
pub fn leaky_relu_backward(x: &Array2<f64>, g: &Array2<f64>, negative_slope: f64) -> Array2<f64> {
    todo!("exercise 4.2: leaky ReLU's backward pass")
}

/// Exercise 4.3: which hidden units are dead: given a ReLU layer's pre-activations on a
/// dataset, (samples, hidden), return for each unit (each column) whether its input is ≤ 0
/// for every sample — then no gradient reaches its weights. -> a Vec of length hidden.
pub fn dead_units(pre_activations: &Array2<f64>) -> Vec<bool> {
    todo!("exercise 4.3: counting dead units")
}
