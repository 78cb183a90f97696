//! The crossing: the book's arrays as candle tensors and back, and a network's parameters
//! copied into candle through the seam's parameter visitor (chapter 3's `visit_parameters`).
//!
//! A candle [`Tensor`] is an n-dimensional array with a shape, a dtype (f64, f32, …) and a
//! device (the CPU, a CUDA GPU). A [`Var`] is a tensor that `backward` computes a gradient for:
//! what the book calls a parameter. Row-major ndarray and candle lay out their numbers the same
//! way, so a copy is one slice each way.

use candle_core::{DType, Device, Result, Tensor, Var};
use ch03_relu_xor::Layer;
use ndarray::{ArrayD, ArrayViewD, IxDyn};

/// An ndarray as a candle tensor of the same shape, on `device`, in `dtype`.
pub fn to_tensor(a: &ArrayViewD<'_, f64>, dtype: DType, device: &Device) -> Result<Tensor> {
    let row_major = a.as_standard_layout();
    let values = row_major
        .as_slice()
        .expect("a standard layout is contiguous");
    Tensor::from_slice(values, a.shape(), device)?.to_dtype(dtype)
}

/// A candle tensor (any dtype, any device) as an ndarray of f64.
pub fn to_array(t: &Tensor) -> Result<ArrayD<f64>> {
    let values = t.to_dtype(DType::F64)?.flatten_all()?.to_vec1::<f64>()?;
    Ok(ArrayD::from_shape_vec(IxDyn(t.dims()), values).expect("the tensor's own shape"))
}

// ANCHOR: copy_parameters
/// The parameters of a book network as candle variables, in the order the network visits
/// them (the order an optimizer sees them), each with its name: "W", "b", "K", …
pub fn copy_parameters(
    net: &mut impl Layer,
    dtype: DType,
    device: &Device,
) -> Result<Vec<(&'static str, Var)>> {
    let mut copied = Vec::new();
    net.visit_parameters(&mut |p| copied.push((p.name, p.value.to_owned())));
    copied
        .into_iter()
        .map(|(name, value)| {
            Ok((
                name,
                Var::from_tensor(&to_tensor(&value.view(), dtype, device)?)?,
            ))
        })
        .collect()
}
// ANCHOR_END: copy_parameters

/// The largest |a − b| over two lists of arrays of the same shapes.
pub fn max_abs_difference(a: &[ArrayD<f64>], b: &[ArrayD<f64>]) -> f64 {
    assert_eq!(a.len(), b.len(), "as many arrays on both sides");
    a.iter()
        .zip(b)
        .map(|(x, y)| {
            assert_eq!(x.shape(), y.shape(), "the same shapes on both sides");
            x.iter()
                .zip(y)
                .fold(0.0f64, |m, (p, q)| m.max((p - q).abs()))
        })
        .fold(0.0, f64::max)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn a_round_trip_keeps_every_number_and_the_shape() {
        let a = array![[1.0, -2.5, 3.25], [0.1, 1e-300, -7.0]].into_dyn();
        let t = to_tensor(&a.view(), DType::F64, &Device::Cpu).unwrap();
        assert_eq!(t.dims(), [2, 3]);
        assert_eq!(to_array(&t).unwrap(), a);
        // A transposed view is copied in its logical order, not its memory order.
        let at = a.t().to_owned();
        let t = to_tensor(&a.t(), DType::F64, &Device::Cpu).unwrap();
        assert_eq!(to_array(&t).unwrap(), at);
    }
}
