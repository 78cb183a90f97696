//! Finite differences: the numerical derivative a gradient check compares a backward pass with.
//!
//! For a smooth f, Taylor's theorem gives
//!
//! - one-sided: (f(x + h) − f(x)) / h = f′(x) + h·f″(x)/2 + …, an error of order h;
//! - central: (f(x + h) − f(x − h)) / 2h = f′(x) + h²·f‴(x)/6 + …, an error of order h²
//!   (the f″ terms cancel).
//!
//! Both also carry rounding: f(x ± h) are each off by about ε·|f| (ε ≈ 1.1e-16), and the
//! difference is divided by h, an error of order ε·|f|/h. The best h balances the two:
//! h ≈ √ε ≈ 1e-8 for one-sided differences, h ≈ ∛ε ≈ 1e-5 for central ones
//! (`nn_core::gradcheck::STEP`).
//!
//! ```
//! use ch03_relu_xor::finite_diff::{central_difference, one_sided_difference};
//! let f = |x: f64| x * x * x; // f′(2) = 12
//! assert!((one_sided_difference(f, 2.0, 1e-3) - 12.0).abs() < 1e-2); // 12.006001
//! assert!((central_difference(f, 2.0, 1e-3) - 12.0).abs() < 1e-5); // 12.000001
//! ```

// ANCHOR: differences
/// (f(x + h) − f(x)) / h: error of order h.
pub fn one_sided_difference(f: impl Fn(f64) -> f64, x: f64, h: f64) -> f64 {
    (f(x + h) - f(x)) / h
}

/// (f(x + h) − f(x − h)) / 2h: error of order h², what `nn_core::gradcheck` uses.
pub fn central_difference(f: impl Fn(f64) -> f64, x: f64, h: f64) -> f64 {
    (f(x + h) - f(x - h)) / (2.0 * h)
}
// ANCHOR_END: differences
