//! Each chapter's exercises: the functions a candidate provides ([`ch01::Candidate`], …), the
//! checks that compare them with the chapter's own code on fixed and generated inputs, and the
//! chapter's typical mistakes with their sentences — all in the chapter's own file.

/// Declares a chapter's exercises: the one list that binds each exercise to the reader's
/// function, its signature, its title, what it asks and its check (a `fn(Candidate) ->
/// Result<(), Mismatch>` of the chapter's file):
///
/// ```text
/// exercises! { $ bind_ch03, ch03: 3, "A ReLU network learns XOR";
///     "3.1" dense_forward(&Matrix, &Matrix, &Vector) -> Matrix,
///         "Dense's forward pass", "Y = X·W + b: …", check_forward;
///     …
/// }
/// ```
///
/// From it come `Candidate` (one fn pointer per exercise, named as the reader's function),
/// `Candidate::stubs()` (each a `todo!()`, as the shipped files), `yours()` (the reader's
/// functions, in `src/exercises/chNN.rs`), `chapter(candidate)`, and the macro
/// `practice::bind_chNN!(module)`, which fills a `Candidate` from any module that has the
/// functions — the tests' answers. (The leading `$` lets this macro write that one.)
/// What the reader writes for an exercise, as its report names it: the bound function's name,
/// or another (`dropout = "Dropout"`: the reader writes a layer, which `dropout` builds).
macro_rules! shown {
    ($name:ident) => {
        stringify!($name)
    };
    ($name:ident, $shown:literal) => {
        $shown
    };
}

macro_rules! exercises {
    ($d:tt $bind:ident, $module:ident: $number:literal, $title:literal;
     $($id:literal $name:ident $(= $shown:literal)? ($($arg:ty),*) $(-> $ret:ty)?, $short:literal, $ask:literal, $check:ident;)*) => {
        /// The functions a reader writes for this chapter, one per exercise.
        #[derive(Clone, Copy)]
        pub struct Candidate {
            $(pub $name: fn($($arg),*) $(-> $ret)?,)*
        }

        impl Candidate {
            /// Every function a stub that `todo!()`s, as the shipped exercise file has them.
            pub fn stubs() -> Self {
                Candidate {
                    $($name: {
                        fn $name($(_: $arg),*) $(-> $ret)? {
                            todo!(concat!("exercise ", $id))
                        }
                        $name
                    },)*
                }
            }
        }

        /// The reader's functions, in `src/exercises/`.
        pub fn yours() -> Candidate {
            Candidate {
                $($name: crate::exercises::$module::$name,)*
            }
        }

        /// The chapter's exercises, graded on the candidate `c`.
        pub fn chapter(c: Candidate) -> crate::grade::Chapter {
            crate::grade::Chapter {
                number: $number,
                title: $title,
                exercises: vec![$(crate::grade::Exercise {
                    id: $id,
                    function: shown!($name $(, $shown)?),
                    title: $short,
                    ask: $ask,
                    check: Box::new(move || $check(c)),
                },)*],
            }
        }

        /// Fills this chapter's `Candidate` from a module that has the reader's functions.
        #[macro_export]
        macro_rules! $bind {
            ($d($d m:ident)::+) => {
                $crate::checks::$module::Candidate {
                    $($name: $d($d m)::+::$name,)*
                }
            };
        }
    };
}

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
pub mod ch11;
pub mod ch12;
pub mod ch13;
pub mod ch14;

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
