//! Chapter 8's exercises: replace each `todo!(…)` with your code, save, and run
//! `cargo run -p practice -- 8` (or leave `cargo run -p practice -- 8 --watch` running).
//! The answers, if you are stuck: practice/answers/ch08.rs.
//!
//! A dense layer has weights W (n_in, n_out), drawn independently from N(0, std²).

/// Exercise 8.1: Xavier/Glorot's standard deviation for a layer with n_in inputs and n_out
/// outputs: the std of the normal distribution whose variance is Var(w) = 2/(n_in + n_out).
pub fn xavier_std(n_in: usize, n_out: usize) -> f64 {
    todo!("exercise 8.1: Xavier's standard deviation")
}

/// Exercise 8.2: He/Kaiming's standard deviation, for a layer whose inputs come out of a
/// ReLU: the std of the normal distribution whose variance is Var(w) = 2/n_in.
pub fn he_std(n_in: usize, n_out: usize) -> f64 {
    todo!("exercise 8.2: He's standard deviation")
}

/// Exercise 8.3: the variance of one unit z′ = Σᵢ wᵢ·ReLU(zᵢ) of a layer with `n_in` inputs,
/// when its zero-mean weights have variance `weight_variance` and the previous layer's
/// pre-activations zᵢ are independent N(0, `variance_in`): Var(z′) = n_in·Var(w)·E[x²] with
/// x = ReLU(z). (What does a ReLU leave of E[z²]?)
pub fn relu_layer_variance(n_in: usize, weight_variance: f64, variance_in: f64) -> f64 {
    todo!("exercise 8.3: one layer's output variance after a ReLU")
}
