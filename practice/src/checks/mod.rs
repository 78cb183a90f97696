//! Each chapter's exercises: the functions a candidate provides ([`ch01::Candidate`], …) and
//! the checks that compare them with the chapter's own code, on fixed and generated inputs.

pub mod ch01;
pub mod ch02;
pub mod ch03;
pub mod ch04;
pub mod ch05;
pub mod ch06;
pub mod ch07;
pub mod ch08;
pub mod ch09;
pub mod ch10;
pub mod ch12;

use ndarray::{Array1, Array2, Array4};
use nn_core::rng::{rand_distr::StandardNormal, seeded, RandomExt};

/// A batch or a weight matrix, as the chapters write them: (rows, cols).
pub type Matrix = Array2<f64>;
/// A vector: (len,).
pub type Vector = Array1<f64>;
/// A batch of images or a kernel: (batch, channels, height, width).
pub type Images = Array4<f64>;

/// Standard normal values times `scale`, from a fixed seed: (rows, cols).
pub fn random(shape: (usize, usize), seed: u64, scale: f64) -> Array2<f64> {
    Array2::random_using(shape, StandardNormal, &mut seeded(seed)) * scale
}

/// Standard normal values times `scale`, from a fixed seed: (len,).
pub fn random_vector(len: usize, seed: u64, scale: f64) -> Array1<f64> {
    Array1::random_using(len, StandardNormal, &mut seeded(seed)) * scale
}

/// Standard normal values times `scale`, from a fixed seed: a batch of images or a kernel,
/// (batch, channels, height, width).
pub fn random4(shape: (usize, usize, usize, usize), seed: u64, scale: f64) -> Array4<f64> {
    Array4::random_using(shape, StandardNormal, &mut seeded(seed)) * scale
}

/// `x` with every third element set to exactly 0, so that kinks are hit.
pub fn with_zeros(mut x: Array2<f64>) -> Array2<f64> {
    x.iter_mut().step_by(3).for_each(|v| *v = 0.0);
    x
}

/// The shapes the batch checks run on: non-square (so a transpose shows), one sample, square.
pub const SHAPES: [(usize, usize, usize); 3] = [(5, 3, 4), (1, 2, 3), (4, 4, 4)];
