//! One seeded random-number generator for the whole book.
//!
//! `ChaCha8Rng` produces the same stream for the same seed on every machine and in every
//! version of its crate; `rand`'s `StdRng` does not promise that. It is the `rand` generation
//! that `ndarray-rand` uses, so `Array::random_using(shape, dist, &mut rng)` works with it.
//!
//! ```
//! use nn_core::rng::{seeded, RandomExt, rand_distr::StandardNormal};
//! use ndarray::Array2;
//! let a: Array2<f64> = Array2::random_using((2, 3), StandardNormal, &mut seeded(7));
//! let b: Array2<f64> = Array2::random_using((2, 3), StandardNormal, &mut seeded(7));
//! assert_eq!(a, b); // same seed, same numbers
//! ```

pub use ndarray_rand::rand::seq::SliceRandom;
pub use ndarray_rand::rand::{Rng, SeedableRng};
pub use ndarray_rand::{rand_distr, RandomExt};
pub use rand_chacha::ChaCha8Rng;

/// The generator every chapter uses, from a seed given on the command line (`--seed`).
pub fn seeded(seed: u64) -> ChaCha8Rng {
    ChaCha8Rng::seed_from_u64(seed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_stream_other_seed_other_stream() {
        let draw = |seed| -> Vec<u64> {
            let mut r = seeded(seed);
            (0..4).map(|_| r.random::<u64>()).collect()
        };
        assert_eq!(draw(1), draw(1));
        assert_ne!(draw(1), draw(2));
    }
}
