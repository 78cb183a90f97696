//! Two loss surfaces of two parameters, where an optimizer's path can be drawn:
//!
//! - the ill-conditioned bowl L(x, y) = ½·(x² + κ·y²): curvature 1 along x, κ along y. Plain
//!   gradient descent is stable only for η < 2/κ, and then crawls along x by a factor 1 − η
//!   per step;
//! - Rosenbrock's valley L(x, y) = (1 − x)² + 100·(y − x²)², minimum at (1, 1): a narrow
//!   curved floor y = x², steep across it, nearly flat along it.
//!
//! Both gradients by hand: ∂/∂(x, y) of the bowl is (x, κ·y); of Rosenbrock,
//! (−2·(1 − x) − 400·x·(y − x²), 200·(y − x²)).

use ch03_relu_xor::{Optimizer, Param};
use ndarray::{array, Array1};

// ANCHOR: surface
/// A loss surface of a point (x, y).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Surface {
    /// ½·(x² + κ·y²), κ = `condition`.
    Bowl { condition: f64 },
    /// (1 − x)² + 100·(y − x²)².
    Rosenbrock,
    /// The same bowl turned by 45°: ½·(u² + κ·w²) with u = (x + y)/√2, w = (x − y)/√2. Its
    /// steep and shallow directions are the diagonals, not the axes.
    RotatedBowl { condition: f64 },
}

/// (x, y) → ((x + y)/√2, (x − y)/√2): the bowl's own coordinates (u, w) of a point of the
/// rotated bowl. The map is its own inverse.
fn turn((x, y): (f64, f64)) -> (f64, f64) {
    let r = std::f64::consts::FRAC_1_SQRT_2;
    (r * (x + y), r * (x - y))
}

impl Surface {
    pub fn value(&self, x: f64, y: f64) -> f64 {
        match *self {
            Surface::Bowl { condition } => 0.5 * (x * x + condition * y * y),
            Surface::Rosenbrock => (1.0 - x).powi(2) + 100.0 * (y - x * x).powi(2),
            Surface::RotatedBowl { condition } => {
                let (u, w) = turn((x, y));
                Surface::Bowl { condition }.value(u, w)
            }
        }
    }

    pub fn gradient(&self, x: f64, y: f64) -> (f64, f64) {
        match *self {
            Surface::Bowl { condition } => (x, condition * y),
            Surface::Rosenbrock => (
                -2.0 * (1.0 - x) - 400.0 * x * (y - x * x),
                200.0 * (y - x * x),
            ),
            // The bowl's gradient in (u, w), turned back: the map is its own transpose.
            Surface::RotatedBowl { condition } => {
                let (u, w) = turn((x, y));
                turn(Surface::Bowl { condition }.gradient(u, w))
            }
        }
    }
    // ANCHOR_END: surface

    /// The floor of the valley, y as a function of x: the x axis for the bowl, y = x² for
    /// Rosenbrock, the diagonal y = x for the rotated bowl. "Along" the valley is along this
    /// curve; "across" is y − floor(x).
    pub fn floor(&self, x: f64) -> f64 {
        match self {
            Surface::Bowl { .. } => 0.0,
            Surface::Rosenbrock => x * x,
            Surface::RotatedBowl { .. } => x,
        }
    }

    /// The minimum.
    pub fn minimum(&self) -> (f64, f64) {
        match self {
            Surface::Bowl { .. } | Surface::RotatedBowl { .. } => (0.0, 0.0),
            Surface::Rosenbrock => (1.0, 1.0),
        }
    }

    /// The starting point of every path in this chapter; on the rotated bowl, the bowl's
    /// start turned with it, so that it starts at the same loss and the same place relative
    /// to the bowl's own axes.
    pub fn start(&self) -> (f64, f64) {
        match self {
            Surface::Bowl { .. } => (-5.0, 1.0),
            Surface::Rosenbrock => (-1.2, 1.0),
            Surface::RotatedBowl { .. } => turn((-5.0, 1.0)),
        }
    }

    pub fn name(&self) -> String {
        match self {
            Surface::Bowl { condition } => format!("bowl κ = {condition}"),
            Surface::Rosenbrock => "Rosenbrock".into(),
            Surface::RotatedBowl { condition } => format!("bowl κ = {condition} turned by 45°"),
        }
    }

    /// The closed curve L = `level`, as points (for contour lines): for the bowl an ellipse,
    /// for Rosenbrock the two branches y = x² ± √((level − (1 − x)²)/100), joined.
    pub fn level_curve(&self, level: f64) -> Vec<(f64, f64)> {
        let n = 200;
        match *self {
            Surface::Bowl { condition } => {
                let (a, b) = ((2.0 * level).sqrt(), (2.0 * level / condition).sqrt());
                (0..=n)
                    .map(|i| {
                        let t = std::f64::consts::TAU * i as f64 / n as f64;
                        (a * t.cos(), b * t.sin())
                    })
                    .collect()
            }
            Surface::Rosenbrock => {
                let r = level.sqrt(); // (1 − x)² ≤ level: x in [1 − r, 1 + r]
                let xs: Vec<f64> = (0..=n)
                    .map(|i| 1.0 - r + 2.0 * r * i as f64 / n as f64)
                    .collect();
                let half = |x: f64| ((level - (1.0 - x).powi(2)).max(0.0) / 100.0).sqrt();
                let upper = xs.iter().map(|&x| (x, x * x + half(x)));
                let lower = xs.iter().rev().map(|&x| (x, x * x - half(x)));
                upper.chain(lower).collect()
            }
            Surface::RotatedBowl { condition } => Surface::Bowl { condition }
                .level_curve(level)
                .into_iter()
                .map(turn)
                .collect(),
        }
    }
}

/// An optimizer's path on a surface.
#[derive(Clone, Debug, PartialEq)]
pub struct Path {
    /// The points visited, the start first.
    pub points: Vec<(f64, f64)>,
    /// The loss at each point.
    pub losses: Vec<f64>,
    /// The first step after which the loss is below the tolerance, if one was.
    pub steps_to_tolerance: Option<usize>,
}

// ANCHOR: descend
/// Runs `optimizer` with learning rate `lr` on `surface` from its start for at most
/// `max_steps`, stopping once the loss is below `tolerance` or the point has left for infinity
/// (|x| + |y| > 10⁶). The point is a parameter of two numbers handed to the optimizer as a
/// network's would be.
pub fn descend(
    surface: &Surface,
    optimizer: &mut impl Optimizer,
    lr: f64,
    max_steps: usize,
    tolerance: f64,
) -> Path {
    let (x0, y0) = surface.start();
    let mut theta: Array1<f64> = array![x0, y0];
    let mut path = Path {
        points: vec![(x0, y0)],
        losses: vec![surface.value(x0, y0)],
        steps_to_tolerance: None,
    };
    let mut grad: Array1<f64> = array![0.0, 0.0];
    for step in 1..=max_steps {
        (grad[0], grad[1]) = surface.gradient(theta[0], theta[1]);
        optimizer.update(lr, 0, Param::new("(x, y)", &mut theta, &grad));
        let (x, y) = (theta[0], theta[1]);
        let loss = surface.value(x, y);
        path.points.push((x, y));
        path.losses.push(loss);
        if loss < tolerance {
            path.steps_to_tolerance = Some(step);
            break;
        }
        let size = x.abs() + y.abs();
        if size.is_nan() || size > 1e6 {
            break; // diverged (or NaN)
        }
    }
    path
}
// ANCHOR_END: descend

#[cfg(test)]
mod tests {
    use super::*;
    use ch03_relu_xor::Sgd;
    use nn_core::gradcheck::check_gradient;

    #[test]
    fn the_hand_gradients_match_finite_differences() {
        for surface in [
            Surface::Bowl { condition: 25.0 },
            Surface::Rosenbrock,
            Surface::RotatedBowl { condition: 25.0 },
        ] {
            for (x, y) in [(-1.2, 1.0), (0.3, -0.7), (2.0, 3.0)] {
                let (gx, gy) = surface.gradient(x, y);
                let f = |p: &ndarray::ArrayD<f64>| surface.value(p[0], p[1]);
                let at = ndarray::arr1(&[x, y]).into_dyn();
                let analytic = ndarray::arr1(&[gx, gy]).into_dyn();
                let check = check_gradient(f, &at, &analytic);
                assert!(check.passed(), "{surface:?} at ({x}, {y}): {check}");
            }
        }
    }

    #[test]
    fn level_curves_lie_on_their_level() {
        for surface in [
            Surface::Bowl { condition: 25.0 },
            Surface::Rosenbrock,
            Surface::RotatedBowl { condition: 25.0 },
        ] {
            for level in [0.5, 4.0, 30.0] {
                for (x, y) in surface.level_curve(level) {
                    let v = surface.value(x, y);
                    assert!((v - level).abs() < 1e-9 * level.max(1.0), "{v} vs {level}");
                }
            }
        }
    }

    #[test]
    fn plain_descent_on_the_bowl_is_stable_below_two_over_kappa() {
        let bowl = Surface::Bowl { condition: 25.0 };
        let stable = descend(&bowl, &mut Sgd, 0.079, 2000, 1e-6);
        assert!(stable.steps_to_tolerance.is_some());
        let unstable = descend(&bowl, &mut Sgd, 0.081, 2000, 1e-6);
        assert!(unstable.steps_to_tolerance.is_none());
    }
}
