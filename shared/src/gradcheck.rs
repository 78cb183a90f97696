//! Gradient checking by central finite differences, with CS231n's relative error.
//!
//! For a scalar function f of an array x, the numerical gradient is
//! `(f(x + h·eᵢ) − f(x − h·eᵢ)) / 2h` for each element i, with an error of order h². It is
//! compared with the analytic gradient a by the relative error `|a − n| / max(|a|, |n|)`
//! (CS231n), which is scale-free: in f64 a correct backward pass gives ≈ 1e-8 or less;
//! 1e-6 is this book's pass mark.
//!
//! One refinement: the numerical estimate carries an *absolute* error of about
//! ε·|f|/h ≈ 1e-11 (rounding) plus h²·|f‴| (truncation), so an element far smaller than the
//! rest of the gradient — a softmax probability of 1e-7, say — cannot be estimated to six
//! relative digits. [`check_gradient`] therefore measures each element against
//! max(|a|, |n|, 1e-3·G), where G is the gradient's largest element: tiny elements are judged
//! relative to a thousandth of the gradient's scale. A wrong formula still fails, unless its
//! error is below a billionth of G. (Where all of G is below 1e-10, the absolute difference
//! is used: a relative error of two zeros is meaningless.)
//!
//! A layer's backward pass maps an upstream gradient g = ∂L/∂y to ∂L/∂x = Jᵀg, a
//! vector-Jacobian product. [`check_vjp`] checks it as the gradient of the scalar
//! x ↦ Σ g ⊙ f(x).
//!
//! ```
//! use ndarray::array;
//! use nn_core::gradcheck::check_gradient;
//! // f(x) = Σ xᵢ³, so ∂f/∂xᵢ = 3xᵢ²
//! let x = array![1.0, -2.0, 0.5];
//! let analytic = x.mapv(|v| 3.0 * v * v);
//! let check = check_gradient(|x| x.mapv(|v| v.powi(3)).sum(), &x, &analytic);
//! assert!(check.max_relative_error < 1e-9, "{check}");
//! ```

use std::fmt;

use ndarray::{Array, Dimension};

/// The step of the central differences: small enough for an O(h²) error of ≈ 1e-10, large
/// enough that f(x ± h) differ in many more bits than rounding disturbs.
pub const STEP: f64 = 1e-5;

/// The largest relative error a correct f64 backward pass should show in this book's tests.
pub const TOLERANCE: f64 = 1e-6;

/// The outcome of a gradient check: the worst element.
#[derive(Clone, Debug, PartialEq)]
pub struct GradCheck {
    pub max_relative_error: f64,
    /// Index (flattened, row-major) of the worst element.
    pub worst_index: usize,
    pub analytic: f64,
    pub numeric: f64,
}

impl GradCheck {
    /// Whether the worst relative error is below [`TOLERANCE`].
    pub fn passed(&self) -> bool {
        self.max_relative_error < TOLERANCE
    }
}

impl fmt::Display for GradCheck {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "max relative error {:.3e} at element {} (analytic {:.10e}, numeric {:.10e})",
            self.max_relative_error, self.worst_index, self.analytic, self.numeric
        )
    }
}

/// CS231n's relative error `|a − n| / max(|a|, |n|)`; the absolute error when both are below
/// 1e-10.
pub fn relative_error(analytic: f64, numeric: f64) -> f64 {
    let scale = analytic.abs().max(numeric.abs());
    let diff = (analytic - numeric).abs();
    if scale < 1e-10 {
        diff
    } else {
        diff / scale
    }
}

/// The central-difference gradient of a scalar function `f` at `x`.
pub fn numerical_gradient<D: Dimension>(
    f: impl Fn(&Array<f64, D>) -> f64,
    x: &Array<f64, D>,
) -> Array<f64, D> {
    // A row-major copy, so that element i is `probe[i]` in the flat slice.
    let mut probe = x.as_standard_layout().into_owned();
    let mut grad = Array::zeros(x.raw_dim());
    for (i, g) in grad.iter_mut().enumerate() {
        let original = flat(&mut probe)[i];
        flat(&mut probe)[i] = original + STEP;
        let plus = f(&probe);
        flat(&mut probe)[i] = original - STEP;
        let minus = f(&probe);
        flat(&mut probe)[i] = original;
        *g = (plus - minus) / (2.0 * STEP);
    }
    grad
}

fn flat<D: Dimension>(a: &mut Array<f64, D>) -> &mut [f64] {
    a.as_slice_mut()
        .expect("a standard-layout array is contiguous")
}

/// Compares an analytic gradient of the scalar function `f` at `x` with central differences.
pub fn check_gradient<D: Dimension>(
    f: impl Fn(&Array<f64, D>) -> f64,
    x: &Array<f64, D>,
    analytic: &Array<f64, D>,
) -> GradCheck {
    assert_eq!(
        x.shape(),
        analytic.shape(),
        "gradient check: the analytic gradient must have the shape of x"
    );
    let numeric = numerical_gradient(f, x);
    let largest = analytic
        .iter()
        .chain(numeric.iter())
        .fold(0.0_f64, |m, v| m.max(v.abs()));
    let floor = 1e-3 * largest;
    let mut worst = GradCheck {
        max_relative_error: 0.0,
        worst_index: 0,
        analytic: 0.0,
        numeric: 0.0,
    };
    for (i, (&a, &n)) in analytic.iter().zip(numeric.iter()).enumerate() {
        let e = if a.abs().max(n.abs()) < floor {
            (a - n).abs() / floor
        } else {
            relative_error(a, n)
        };
        // A NaN error (a NaN gradient) is the worst of all and stays so.
        let worse =
            e > worst.max_relative_error || (e.is_nan() && !worst.max_relative_error.is_nan());
        if i == 0 || worse {
            worst = GradCheck {
                max_relative_error: e,
                worst_index: i,
                analytic: a,
                numeric: n,
            };
        }
    }
    worst
}

/// Checks a backward pass: `analytic_vjp` should be Jᵀ·`upstream`, where J is the Jacobian of
/// `f` at `x`, that is the gradient of x ↦ Σ upstream ⊙ f(x).
pub fn check_vjp<D: Dimension, E: Dimension>(
    f: impl Fn(&Array<f64, D>) -> Array<f64, E>,
    x: &Array<f64, D>,
    upstream: &Array<f64, E>,
    analytic_vjp: &Array<f64, D>,
) -> GradCheck {
    check_gradient(
        |x| {
            let y = f(x);
            assert_eq!(
                y.shape(),
                upstream.shape(),
                "vector-Jacobian check: the upstream gradient must have the shape of f(x)"
            );
            (&y * upstream).sum()
        },
        x,
        analytic_vjp,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::{array, Array2};

    #[test]
    fn relative_error_is_scale_free_and_safe_at_zero() {
        assert_eq!(relative_error(1.0, 1.0), 0.0);
        assert!((relative_error(1e6, 1e6 + 1.0) - 1e-6).abs() < 1e-12);
        assert!((relative_error(1e-6, 1.000001e-6) - 1e-6).abs() < 1e-9);
        assert_eq!(relative_error(0.0, 0.0), 0.0);
        assert_eq!(relative_error(0.0, 1e-12), 1e-12);
        assert_eq!(relative_error(1.0, -1.0), 2.0);
    }

    #[test]
    fn numerical_gradient_of_a_quadratic_is_exact_up_to_rounding() {
        // f(x) = Σ x², ∇f = 2x; central differences are exact for quadratics.
        let x = array![[1.0, -3.0], [0.25, 10.0]];
        let g = numerical_gradient(|x| x.mapv(|v| v * v).sum(), &x);
        for (gi, xi) in g.iter().zip(x.iter()) {
            assert!((gi - 2.0 * xi).abs() < 1e-8, "{gi} vs {}", 2.0 * xi);
        }
    }

    #[test]
    fn check_gradient_passes_a_right_gradient_and_fails_a_wrong_one() {
        // f(x) = Σ sin(xᵢ)·xᵢ, f'(x) = cos(x)·x + sin(x)
        let x: ndarray::Array1<f64> = array![0.3, -1.2, 2.0, 4.0];
        let f = |x: &ndarray::Array1<f64>| x.mapv(|v| v.sin() * v).sum();
        let right = x.mapv(|v: f64| v.cos() * v + v.sin());
        assert!(check_gradient(f, &x, &right).passed());
        // Forgetting the product rule's second term is caught, at the worst element.
        let wrong = x.mapv(|v: f64| v.cos() * v);
        let c = check_gradient(f, &x, &wrong);
        assert!(!c.passed(), "{c}");
        assert!(c.max_relative_error > 0.5, "{c}");
    }

    #[test]
    fn check_vjp_of_a_matrix_product() {
        // y = x·W, so for upstream g: ∂(Σ g⊙y)/∂x = g·Wᵀ.
        let w = array![[1.0, 2.0, -1.0], [0.5, -0.3, 4.0]];
        let x = array![[0.1, 0.2], [-1.0, 3.0]];
        let g = array![[1.0, 0.0, -2.0], [0.5, 0.5, 0.5]];
        let right: Array2<f64> = g.dot(&w.t());
        assert!(check_vjp(|x| x.dot(&w), &x, &g, &right).passed());
        let wrong: Array2<f64> = g.dot(&w.t()) * 1.01;
        let c = check_vjp(|x| x.dot(&w), &x, &g, &wrong);
        assert!((c.max_relative_error - 0.01 / 1.01).abs() < 1e-6, "{c}");
    }

    #[test]
    fn tiny_elements_are_judged_on_the_gradient_s_scale() {
        // f(x) = 1e-9·x₀³ + x₁²: at (0.01, 3) the first element, 3e-13, is far below the
        // noise of central differences of f ≈ 9, while the second is 6.
        let x = array![0.01, 3.0];
        let f = |x: &ndarray::Array1<f64>| 1e-9 * x[0].powi(3) + x[1] * x[1];
        let right = array![3e-9 * 0.01 * 0.01, 6.0];
        assert!(check_gradient(f, &x, &right).passed());
        // Off by 1e-2 in the first element: that is 1e-2 / (1e-3·6) > 1, a failure.
        let wrong = array![1e-2, 6.0];
        assert!(!check_gradient(f, &x, &wrong).passed());
    }

    #[test]
    fn a_nan_gradient_fails() {
        let x = array![1.0, 2.0, 3.0];
        let c = check_gradient(|x| x.sum(), &x, &array![1.0, f64::NAN, 5.0]);
        assert!(!c.passed());
        assert_eq!(c.worst_index, 1);
    }
}
