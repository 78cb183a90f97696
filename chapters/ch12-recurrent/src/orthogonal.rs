//! Recurrent weights with a chosen size: s·Q, Q orthogonal (QᵀQ = I).
//!
//! An orthogonal matrix turns a vector without changing its length: ‖vQ‖ = ‖v‖. Every one of
//! its singular values is 1, and so its largest singular value — how much it can stretch a
//! vector at most — is 1. Scaled by s, every singular value is s: the matrix multiplies the
//! length of *every* vector by exactly s. That makes s the one number that says what the
//! recurrent matrix does to a gradient sent back through it once (chapter 8's factor per
//! layer, now per time step): below 1 it shrinks, above 1 it grows.
//!
//! Q comes from Gram–Schmidt on a matrix of standard normal numbers: each row in turn minus
//! its projections on the rows before it, divided by its length. (Drawn that way, Q is
//! uniformly distributed over the orthogonal matrices.)
//!
//! ```
//! use ch12_recurrent::orthogonal::scaled_orthogonal;
//! use nn_core::rng::seeded;
//! let w = scaled_orthogonal(4, 0.5, &mut seeded(1));
//! let wtw = w.t().dot(&w); // (0.5·Q)ᵀ(0.5·Q) = 0.25·I
//! for i in 0..4 {
//!     for j in 0..4 {
//!         let expected = if i == j { 0.25 } else { 0.0 };
//!         assert!((wtw[[i, j]] - expected).abs() < 1e-12);
//!     }
//! }
//! ```

use ndarray::Array2;
use nn_core::rng::{rand_distr::StandardNormal, ChaCha8Rng, RandomExt};

// ANCHOR: orthogonal
/// An n × n matrix whose singular values are all `scale`: `scale`·Q with Q orthogonal.
pub fn scaled_orthogonal(n: usize, scale: f64, rng: &mut ChaCha8Rng) -> Array2<f64> {
    let mut q: Array2<f64> = Array2::random_using((n, n), StandardNormal, rng);
    for i in 0..n {
        for j in 0..i {
            let projection = q.row(i).dot(&q.row(j)); // rows before i already have length 1
            let earlier = q.row(j).to_owned();
            q.row_mut(i).scaled_add(-projection, &earlier);
        }
        let length = q.row(i).dot(&q.row(i)).sqrt();
        q.row_mut(i).mapv_inplace(|v| v / length);
    }
    q * scale
}
// ANCHOR_END: orthogonal

#[cfg(test)]
mod tests {
    use super::*;
    use nn_core::rng::seeded;

    #[test]
    fn every_vector_is_scaled_by_exactly_s() {
        let w = scaled_orthogonal(16, 1.5, &mut seeded(3));
        let v: ndarray::Array1<f64> =
            ndarray::Array1::random_using(16, StandardNormal, &mut seeded(4));
        let ratio = v.dot(&w).dot(&v.dot(&w)).sqrt() / v.dot(&v).sqrt();
        assert!((ratio - 1.5).abs() < 1e-12, "{ratio}");
    }
}
