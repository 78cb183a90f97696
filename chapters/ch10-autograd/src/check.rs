//! Every operation's VJP against central finite differences of its forward pass
//! (`nn_core::gradcheck`): for a random upstream gradient G, ∂(Σ G ⊙ f)/∂(input) is checked
//! for each input in turn, the others held fixed.

use ndarray::Array;
use nn_core::gradcheck::{check_vjp, GradCheck};
use nn_core::rng::{rand_distr::StandardNormal, seeded, RandomExt};

use crate::tape::{Op, Tensor};

// ANCHOR: check_op
/// One gradient check per input of the op made by `make`, at `inputs`, with an upstream
/// gradient drawn with `seed`.
pub fn check_op<O: Op>(make: impl Fn() -> O, inputs: &[Tensor], seed: u64) -> Vec<GradCheck> {
    let refs: Vec<&Tensor> = inputs.iter().collect();
    let mut op = make();
    let output = op.forward(&refs);
    let upstream: Tensor = Array::random_using(output.raw_dim(), StandardNormal, &mut seeded(seed));
    let wanted = vec![true; inputs.len()];
    let vjps = op.vjp(&refs, &output, &upstream, &wanted);
    vjps.into_iter()
        .enumerate()
        .map(|(i, vjp)| {
            let vjp = vjp.unwrap_or_else(|| panic!("{}: no VJP for input {i}", op.name()));
            let forward_in_i = |xi: &Tensor| {
                let mut with = refs.clone();
                with[i] = xi;
                make().forward(&with)
            };
            check_vjp(forward_in_i, &inputs[i], &upstream, &vjp)
        })
        .collect()
}
// ANCHOR_END: check_op
