//! Reusing arrays instead of allocating new ones in a training loop.
//!
//! A layer keeps a copy of its input (or output) for its backward pass. Step after step the
//! copy has the same shape, so the array kept from the last step can take the new values:
//! no allocation, and no fresh pages for the operating system to hand out and zero. Chapter
//! 7's run made three quarters of a million page faults before its layers reused their caches
//! (the book's appendix has the measurements).

use ndarray::{Array, ArrayBase, Data, Dimension};

/// Keeps a copy of `x` in `slot`, reusing the array already there when its shape is the same.
///
/// ```
/// use ndarray::array;
/// let mut slot = None;
/// nn_core::buffer::keep(&mut slot, &array![[1.0, 2.0]]);
/// let first = slot.as_ref().unwrap().as_ptr();
/// nn_core::buffer::keep(&mut slot, &array![[3.0, 4.0]]);
/// assert_eq!(slot.as_ref().unwrap(), &array![[3.0, 4.0]]);
/// assert_eq!(slot.as_ref().unwrap().as_ptr(), first); // the same memory, new values
/// ```
pub fn keep<S, D>(slot: &mut Option<Array<f64, D>>, x: &ArrayBase<S, D>)
where
    S: Data<Elem = f64>,
    D: Dimension,
{
    match slot {
        Some(kept) if kept.shape() == x.shape() => kept.assign(x),
        _ => *slot = Some(x.to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::{array, Array2};

    #[test]
    fn a_new_shape_gets_a_new_array() {
        let mut slot: Option<Array2<f64>> = None;
        keep(&mut slot, &array![[1.0, 2.0]]);
        keep(&mut slot, &array![[1.0], [2.0]]);
        assert_eq!(slot.unwrap(), array![[1.0], [2.0]]);
    }
}
