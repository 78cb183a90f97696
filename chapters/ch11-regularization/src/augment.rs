//! Data augmentation: new training images made from the ones we have, by changes that do not
//! change the label. A digit shifted by a pixel, or turned by a few degrees, is still the same
//! digit; the network that must get both right cannot lean on where exactly the ink is.
//!
//! The digits are 8 × 8 images stored as rows of 64 pixels, row by row (pixel (r, c) at
//! 8·r + c, row 0 at the top), each pixel from 0 to 1. The geometric transformations fill with 0
//! (the background) what comes in from outside the image:
//!
//! - [`shift`] by (dx, dy) pixels: out(r, c) = in(r − dy, c − dx);
//! - [`rotate`] by an angle about the image's centre (3.5, 3.5), counter-clockwise as shown:
//!   each output pixel takes the value at the point the rotation brings to it, between pixels
//!   interpolated bilinearly (a weighted mean of the four around it, so values stay in 0–1);
//! - noise: every pixel plus a normal draw of standard deviation σ. Not a change a digit
//!   undergoes, but one that leaves its label alone; for small σ, training on noisy inputs is
//!   close to penalising the network's sensitivity to its input (Bishop, 1995) — a cousin of L2.
//!
//! [`augment`] draws a new transformation for every image, every time it is called: once per
//! epoch, so that the network never sees the same version of an image twice in a row.
//!
//! ```
//! use ndarray::Array1;
//! use ch11_regularization::augment::shift;
//! let mut image = Array1::zeros(64);
//! image[8 * 2 + 3] = 1.0; // ink at row 2, column 3
//! let moved = shift(image.view(), 1, -1); // one right, one up
//! assert_eq!(moved[8 * 1 + 4], 1.0);
//! assert_eq!(moved.sum(), 1.0);
//! ```

use ndarray::{Array1, Array2, ArrayView1};
use nn_core::rng::{rand_distr::StandardNormal, ChaCha8Rng, RandomExt, Rng};

/// The side of a digit image, in pixels.
pub const SIDE: usize = 8;

/// The largest angle [`augment`] turns an image by, either way, in degrees.
pub const MAX_DEGREES: f64 = 15.0;

// ANCHOR: transformations
/// The pixel (r, c) of a row of 64, or 0 outside the image.
fn pixel(image: ArrayView1<f64>, r: i64, c: i64) -> f64 {
    let side = SIDE as i64;
    if (0..side).contains(&r) && (0..side).contains(&c) {
        image[(r * side + c) as usize]
    } else {
        0.0
    }
}

/// `image` moved `dx` pixels right and `dy` pixels down (negative: left, up).
pub fn shift(image: ArrayView1<f64>, dx: i64, dy: i64) -> Array1<f64> {
    Array1::from_shape_fn(SIDE * SIDE, |i| {
        let (r, c) = ((i / SIDE) as i64, (i % SIDE) as i64);
        pixel(image, r - dy, c - dx)
    })
}

/// `image` turned by `degrees` counter-clockwise about its centre, bilinear.
pub fn rotate(image: ArrayView1<f64>, degrees: f64) -> Array1<f64> {
    let (sin, cos) = degrees.to_radians().sin_cos();
    let centre = (SIDE as f64 - 1.0) / 2.0;
    Array1::from_shape_fn(SIDE * SIDE, |i| {
        // The output pixel in coordinates about the centre, y pointing up...
        let x = (i % SIDE) as f64 - centre;
        let y = centre - (i / SIDE) as f64;
        // ...and the point the rotation brings there: turned back by the angle.
        let (sx, sy) = (cos * x + sin * y, -sin * x + cos * y);
        let (r, c) = (centre - sy, centre + sx);
        let (r0, c0) = (r.floor(), c.floor());
        let (fr, fc) = (r - r0, c - c0);
        let (r0, c0) = (r0 as i64, c0 as i64);
        (1.0 - fr) * ((1.0 - fc) * pixel(image, r0, c0) + fc * pixel(image, r0, c0 + 1))
            + fr * ((1.0 - fc) * pixel(image, r0 + 1, c0) + fc * pixel(image, r0 + 1, c0 + 1))
    })
}
// ANCHOR_END: transformations

/// Where an image's ink is centred: the intensity-weighted mean (row, column) of its pixels, or
/// the image's centre if it has no ink.
pub fn centre_of_ink(image: ArrayView1<f64>) -> (f64, f64) {
    let total = image.sum();
    if total <= 0.0 {
        let centre = (SIDE as f64 - 1.0) / 2.0;
        return (centre, centre);
    }
    let (mut r, mut c) = (0.0, 0.0);
    for (i, &v) in image.iter().enumerate() {
        r += v * (i / SIDE) as f64;
        c += v * (i % SIDE) as f64;
    }
    (r / total, c / total)
}

// ANCHOR: augment
/// Which transformation [`augment`] draws from.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Augment {
    /// The images as they are.
    Nothing,
    /// Each image shifted by −1, 0 or 1 pixel across and the same down (nine positions).
    Shifts,
    /// Each image turned by an angle between −15° and 15°.
    Rotations,
    /// Each pixel plus normal noise of standard deviation `sigma`.
    Noise { sigma: f64 },
}

impl Augment {
    /// The name in the report's tables.
    pub fn name(self) -> String {
        match self {
            Augment::Nothing => "none".into(),
            Augment::Shifts => "shifts by a pixel".into(),
            Augment::Rotations => format!("rotations up to {MAX_DEGREES}°"),
            Augment::Noise { sigma } => format!("pixel noise σ = {sigma}"),
        }
    }
}

/// Every image (row) of `x` transformed by a new draw of `how`.
pub fn augment(x: &Array2<f64>, how: Augment, rng: &mut ChaCha8Rng) -> Array2<f64> {
    let mut out = x.clone();
    match how {
        Augment::Nothing => {}
        Augment::Shifts => {
            for mut row in out.rows_mut() {
                let (dx, dy) = (rng.random_range(-1..=1), rng.random_range(-1..=1));
                let moved = shift(row.view(), dx, dy);
                row.assign(&moved);
            }
        }
        Augment::Rotations => {
            for mut row in out.rows_mut() {
                let turned = rotate(row.view(), rng.random_range(-MAX_DEGREES..=MAX_DEGREES));
                row.assign(&turned);
            }
        }
        Augment::Noise { sigma } => {
            out += &(Array2::random_using(x.raw_dim(), StandardNormal, rng) * sigma);
        }
    }
    out
}
// ANCHOR_END: augment

#[cfg(test)]
mod tests {
    use super::*;
    use nn_core::rng::seeded;

    /// A made-up image with different values everywhere: 0.01·(8·r + c + 1).
    fn ramp() -> Array1<f64> {
        Array1::from_shape_fn(64, |i| 0.01 * (i + 1) as f64)
    }

    #[test]
    fn a_shift_and_its_opposite_restore_the_inside() {
        let image = ramp();
        let back = shift(shift(image.view(), 1, 1).view(), -1, -1);
        for r in 0..7 {
            for c in 0..7 {
                assert_eq!(back[8 * r + c], image[8 * r + c]);
            }
        }
        // The last row and column went out and came back as 0.
        assert_eq!(back[8 * 7 + 2], 0.0);
        assert_eq!(back[8 * 2 + 7], 0.0);
    }

    #[test]
    fn the_centre_of_ink_follows_a_shift() {
        let image = ramp();
        let (r, c) = centre_of_ink(image.view());
        // Heavier towards the bottom right: the ramp grows along each row and down the rows.
        assert!(r > 3.5 && c > 3.5);
        let mut dot = Array1::zeros(64);
        dot[8 * 3 + 3] = 1.0;
        assert_eq!(centre_of_ink(dot.view()), (3.0, 3.0));
        assert_eq!(centre_of_ink(shift(dot.view(), 1, 2).view()), (5.0, 4.0));
        assert_eq!(centre_of_ink(Array1::zeros(64).view()), (3.5, 3.5));
    }

    #[test]
    fn a_quarter_turn_moves_pixels_to_pixels() {
        // Counter-clockwise by 90°: the top row becomes the left column, read upwards:
        // out(r, c) = in(c, 7 − r).
        let image = ramp();
        let turned = rotate(image.view(), 90.0);
        for r in 0..8 {
            for c in 0..8 {
                assert!((turned[8 * r + c] - image[8 * c + 7 - r]).abs() < 1e-12);
            }
        }
        assert_eq!(rotate(image.view(), 0.0), image);
    }

    #[test]
    fn rotations_keep_pixels_in_0_1_and_turn_the_ink_about_the_centre() {
        let data = ch05_softmax::DigitsSplit::new(0);
        for row in data.x.rows().into_iter().take(50) {
            let turned = rotate(row, 12.0);
            assert!(turned.iter().all(|&p| (0.0..=1.0).contains(&p)));
            // Bilinear interpolation keeps the ink's total nearly (digits leave the corners
            // empty, which is where a rotation loses some).
            assert!((turned.sum() - row.sum()).abs() < 0.1 * row.sum());
        }
    }

    #[test]
    fn augment_draws_anew_for_every_image_and_every_call() {
        let x = ch05_softmax::DigitsSplit::new(0)
            .x
            .slice(ndarray::s![..20, ..])
            .to_owned();
        let mut rng = seeded(1);
        assert_eq!(augment(&x, Augment::Nothing, &mut rng), x);
        for how in [
            Augment::Shifts,
            Augment::Rotations,
            Augment::Noise { sigma: 0.1 },
        ] {
            let (a, b) = (augment(&x, how, &mut rng), augment(&x, how, &mut rng));
            assert_ne!(a, b, "{}", how.name());
            assert_eq!(a.dim(), x.dim());
            let changed = a.rows().into_iter().zip(x.rows()).filter(|(a, x)| a != x);
            assert!(changed.count() >= 10, "{}", how.name());
        }
    }
}
