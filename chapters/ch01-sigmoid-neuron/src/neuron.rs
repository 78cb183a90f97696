//! One neuron: a weighted sum of its inputs plus a bias, z = w·x + b = Σᵢ wᵢxᵢ + b.
//!
//! Nothing bounds z: with inputs in the hundreds or weights of order 1, z is far above 1.
//! It is the sigmoid that squashes it into (0, 1): the neuron's output is a = σ(z).
//!
//! **The bias two ways.** Append a constant 1 to every input and b to the weights:
//! [x, 1]·[w; b] = Σᵢ wᵢxᵢ + b·1 = w·x + b. The bias becomes one more weight, whose input is
//! always 1, which is how many texts write a network without a separate b.
//!
//! ```
//! use ndarray::array;
//! use ch01_sigmoid_neuron::Neuron;
//! let n = Neuron::new(array![0.5, -1.0], 2.0);
//! assert_eq!(n.weighted_sum(array![4.0, 1.0].view()), 3.0); // 0.5·4 − 1·1 + 2
//! ```

use ndarray::{concatenate, Array1, Array2, ArrayView1, Axis};

use crate::sigmoid::sigmoid;

/// A sigmoid neuron's parameters.
#[derive(Clone, Debug, PartialEq)]
pub struct Neuron {
    /// (inputs,)
    pub w: Array1<f64>,
    pub b: f64,
}

impl Neuron {
    pub fn new(w: Array1<f64>, b: f64) -> Self {
        Neuron { w, b }
    }

    // ANCHOR: weighted_sum
    /// z = Σᵢ wᵢxᵢ + b, summed left to right.
    pub fn weighted_sum(&self, x: ArrayView1<f64>) -> f64 {
        dot(x, self.w.view()) + self.b
    }
    // ANCHOR_END: weighted_sum

    /// The neuron's output a = σ(w·x + b), in (0, 1).
    pub fn output(&self, x: ArrayView1<f64>) -> f64 {
        sigmoid(self.weighted_sum(x))
    }

    /// z for every row of a batch: (batch, inputs) -> (batch,).
    pub fn weighted_sums(&self, x: &Array2<f64>) -> Array1<f64> {
        x.rows()
            .into_iter()
            .map(|row| self.weighted_sum(row))
            .collect()
    }

    // ANCHOR: augmented
    /// The weights with the bias appended: [w; b], shape (inputs + 1,).
    pub fn augmented_weights(&self) -> Array1<f64> {
        let mut wb = self.w.to_vec();
        wb.push(self.b);
        Array1::from(wb)
    }

    /// z for every row, computed as [x, 1]·[w; b], with no separate bias.
    pub fn weighted_sums_augmented(&self, x: &Array2<f64>) -> Array1<f64> {
        let xa = augment(x); // (batch, inputs + 1)
        let wb = self.augmented_weights();
        xa.rows()
            .into_iter()
            .map(|row| dot(row, wb.view()))
            .collect()
    }
    // ANCHOR_END: augmented
}

// ANCHOR: augment
/// Appends a column of ones: (batch, inputs) -> (batch, inputs + 1).
pub fn augment(x: &Array2<f64>) -> Array2<f64> {
    let ones = Array2::ones((x.nrows(), 1));
    concatenate(Axis(1), &[x.view(), ones.view()]).expect("same number of rows")
}
// ANCHOR_END: augment

/// Σᵢ aᵢbᵢ, in order. Written out (rather than ndarray's `dot`, which may sum in another
/// order) so that both forms of the bias do exactly the same additions.
fn dot(a: ArrayView1<f64>, b: ArrayView1<f64>) -> f64 {
    assert_eq!(
        a.len(),
        b.len(),
        "dot product of lengths {} and {}",
        a.len(),
        b.len()
    );
    a.iter().zip(b.iter()).fold(0.0, |acc, (x, w)| acc + x * w)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn augment_appends_a_column_of_ones() {
        let x = array![[1.0, 2.0], [3.0, 4.0]];
        assert_eq!(augment(&x), array![[1.0, 2.0, 1.0], [3.0, 4.0, 1.0]]);
    }

    #[test]
    fn both_forms_of_the_bias_agree_bit_for_bit() {
        // Awkward values (not exactly representable, mixed magnitudes) on purpose.
        let n = Neuron::new(array![0.1, -2.3, 1e-3, 7.7], -0.3);
        let x = array![[1.1, 0.2, 1001.0, -3.3], [1e6, -1e-6, 0.3, 0.7]];
        let explicit = n.weighted_sums(&x);
        let augmented = n.weighted_sums_augmented(&x);
        for (e, a) in explicit.iter().zip(&augmented) {
            assert_eq!(e.to_bits(), a.to_bits());
        }
        // Hand check of row 0: 0.11 − 0.46 + 1.001 − 25.41 − 0.3 = −25.059
        assert!((explicit[0] + 25.059).abs() < 1e-12);
    }
}
