//! Two interleaving half circles ("two moons"): a 2-D task that no straight line solves,
//! generated deterministically.
//!
//! Class 0: (cos t, sin t); class 1: (1 − cos t, ½ − sin t), for t evenly spaced in [0, π],
//! plus Gaussian noise of standard deviation `noise` from a seeded generator.

use ndarray::Array2;
use nn_core::rng::{rand_distr::Normal, seeded, Rng};

// ANCHOR: moons
/// `per_class` points of each moon: features (2·per_class, 2) and labels, classes alternating.
pub fn two_moons(per_class: usize, noise: f64, seed: u64) -> (Array2<f64>, Vec<usize>) {
    let mut rng = seeded(seed);
    let normal = Normal::new(0.0, noise).expect("noise ≥ 0");
    let mut x = Array2::zeros((2 * per_class, 2));
    let mut labels = Vec::with_capacity(2 * per_class);
    for i in 0..per_class {
        let t = std::f64::consts::PI * i as f64 / (per_class.max(2) - 1) as f64;
        for class in 0..2 {
            let (px, py) = if class == 0 {
                (t.cos(), t.sin())
            } else {
                (1.0 - t.cos(), 0.5 - t.sin())
            };
            let row = labels.len();
            x[[row, 0]] = px + rng.sample(normal);
            x[[row, 1]] = py + rng.sample(normal);
            labels.push(class);
        }
    }
    (x, labels)
}
// ANCHOR_END: moons

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_noise_the_points_lie_on_the_half_circles() {
        let (x, labels) = two_moons(5, 0.0, 1);
        assert_eq!(x.dim(), (10, 2));
        assert_eq!(labels, [0, 1, 0, 1, 0, 1, 0, 1, 0, 1]);
        // t = 0: class 0 at (1, 0), class 1 at (0, 0.5).
        assert_eq!((x[[0, 0]], x[[0, 1]]), (1.0, 0.0));
        assert_eq!((x[[1, 0]], x[[1, 1]]), (0.0, 0.5));
        for (row, &class) in x.rows().into_iter().zip(&labels) {
            let (cx, cy) = if class == 0 { (0.0, 0.0) } else { (1.0, 0.5) };
            assert!(((row[0] - cx).powi(2) + (row[1] - cy).powi(2) - 1.0).abs() < 1e-12);
        }
    }

    #[test]
    fn the_same_seed_gives_the_same_points() {
        assert_eq!(two_moons(50, 0.2, 3), two_moons(50, 0.2, 3));
        assert_ne!(two_moons(50, 0.2, 3).0, two_moons(50, 0.2, 4).0);
    }
}
