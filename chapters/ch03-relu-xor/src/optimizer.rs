//! An optimizer updates parameters from their gradients. It walks a model's parameters through
//! the [`Layer`] seam, so it knows no layer: adding an optimizer touches no layer, and adding a
//! layer touches no optimizer.
//!
//! Plain gradient descent (SGD): θ ← θ − η·∂L/∂θ, for every parameter θ.
//!
//! The learning rate η is not the optimizer's: the training loop hands it to each step, so a
//! schedule (chapter 9's cosine decay) is just a function of the step number ([`Schedule`]).
//!
//! ```
//! use ndarray::array;
//! use ch03_relu_xor::{Dense, Layer, Optimizer, Sgd};
//! let mut layer = Dense::new(array![[1.0]], array![0.0]);
//! layer.forward(&array![[2.0]]);
//! layer.backward(&array![[1.0]]); // ∂L/∂W = xᵀ·g = 2, ∂L/∂b = 1
//! Sgd.step(0.1, &mut layer);
//! assert_eq!(layer.w[[0, 0]], 0.8); // 1 − 0.1·2
//! assert_eq!(layer.b.unwrap()[0], -0.1);
//! ```

use ndarray::Dimension;

use crate::layer::{Layer, Param};

// ANCHOR: optimizer
/// Updates parameters from their gradients.
pub trait Optimizer {
    /// Updates one parameter with learning rate `lr`. `index` is its place in the model's
    /// visiting order, the same at every step, for optimizers that keep a state per parameter
    /// (momentum's velocity: see [`PerParameter`]).
    fn update(&mut self, lr: f64, index: usize, param: Param<'_>);

    /// One step with learning rate `lr` on every parameter of `model`, from the gradients of
    /// its last backward pass.
    fn step<D: Dimension>(&mut self, lr: f64, model: &mut impl Layer<D>)
    where
        Self: Sized,
    {
        let mut index = 0;
        model.visit_parameters(&mut |param| {
            self.update(lr, index, param);
            index += 1;
        });
    }
}

/// Plain gradient descent: θ ← θ − η·∂L/∂θ. It keeps nothing between steps.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Sgd;

impl Optimizer for Sgd {
    fn update(&mut self, lr: f64, _index: usize, mut param: Param<'_>) {
        param.value.scaled_add(-lr, &param.grad);
    }
}

/// The learning rate of each step, counted from 0: a constant (an `f64`), or a schedule.
pub trait Schedule {
    fn lr(&self, step: usize) -> f64;
}

impl Schedule for f64 {
    fn lr(&self, _step: usize) -> f64 {
        *self
    }
}
// ANCHOR_END: optimizer

/// A boxed optimizer is an optimizer: an experiment can choose one at run time.
impl<O: Optimizer + ?Sized> Optimizer for Box<O> {
    fn update(&mut self, lr: f64, index: usize, param: Param<'_>) {
        (**self).update(lr, index, param);
    }
}

// ANCHOR: per_parameter
/// An optimizer's state for each parameter (momentum's velocity, Adam's running means), in the
/// model's visiting order, each tied to the parameter it was made for: one optimizer serves
/// one model, and a step on another model stops with a sentence saying so, instead of mixing
/// one model's momentum into another's weights.
#[derive(Clone, Debug)]
pub struct PerParameter<S> {
    slots: Vec<Slot<S>>,
}

#[derive(Clone, Debug)]
struct Slot<S> {
    name: &'static str,
    shape: Vec<usize>,
    /// Where the parameter's numbers live: the same array from step to step.
    address: usize,
    state: S,
}

impl<S> Default for PerParameter<S> {
    fn default() -> Self {
        PerParameter { slots: Vec::new() }
    }
}

impl<S> PerParameter<S> {
    /// The state of parameter `index`, made by `init` at its first step. `optimizer` names
    /// the optimizer in the message when `param` is not the parameter the state was made for.
    pub fn of(
        &mut self,
        optimizer: &str,
        index: usize,
        param: &Param<'_>,
        init: impl FnOnce() -> S,
    ) -> &mut S {
        let (shape, address) = (param.value.shape(), param.value.as_ptr() as usize);
        let kept = self.slots.len();
        if index == kept {
            self.slots.push(Slot {
                name: param.name,
                shape: shape.to_vec(),
                address,
                state: init(),
            });
        }
        let Some(slot) = self.slots.get_mut(index) else {
            panic!(
                "{optimizer}: parameter {index} ({}) before parameter {kept} — an optimizer \
                 visits a model's parameters in order, from 0",
                param.name
            )
        };
        if slot.shape != shape || slot.address != address {
            panic!(
                "{optimizer}: parameter {index} is {} of shape {shape:?}, not the {} of shape \
                 {:?} this optimizer keeps state for — one optimizer per model: make a new \
                 optimizer for each model",
                param.name, slot.name, slot.shape
            );
        }
        &mut slot.state
    }
}
// ANCHOR_END: per_parameter

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::{array, Array1};

    /// A running sum of gradients, to see which state a parameter gets.
    #[derive(Default)]
    struct Summing(PerParameter<Array1<f64>>);

    impl Optimizer for Summing {
        fn update(&mut self, _lr: f64, index: usize, param: Param<'_>) {
            let n = param.grad.len();
            let sum = self.0.of("summing", index, &param, || Array1::zeros(n));
            *sum += &param.grad.iter().copied().collect::<Array1<f64>>();
        }
    }

    #[test]
    fn each_parameter_keeps_its_own_state_from_step_to_step() {
        let (mut a, mut b) = (array![0.0], array![0.0, 0.0]);
        let mut o = Summing::default();
        for _ in 0..3 {
            o.update(1.0, 0, Param::new("a", &mut a, &array![1.0]));
            o.update(1.0, 1, Param::new("b", &mut b, &array![2.0, 3.0]));
        }
        assert_eq!(o.0.slots[0].state, array![3.0]);
        assert_eq!(o.0.slots[1].state, array![6.0, 9.0]);
    }

    #[test]
    #[should_panic(expected = "one optimizer per model")]
    fn a_second_model_of_the_same_shape_is_refused() {
        let (mut first, mut second) = (array![0.0, 0.0], array![0.0, 0.0]);
        let mut o = Summing::default();
        o.update(1.0, 0, Param::new("W", &mut first, &array![1.0, 1.0]));
        o.update(1.0, 0, Param::new("W", &mut second, &array![1.0, 1.0]));
    }

    #[test]
    #[should_panic(expected = "summing: parameter 0 is W of shape [3], not the W of shape [2]")]
    fn a_parameter_of_another_shape_is_named() {
        let (mut first, mut second) = (array![0.0, 0.0], array![0.0, 0.0, 0.0]);
        let mut o = Summing::default();
        o.update(1.0, 0, Param::new("W", &mut first, &array![1.0, 1.0]));
        o.update(1.0, 0, Param::new("W", &mut second, &array![1.0, 1.0, 1.0]));
    }

    #[test]
    fn sgd_keeps_nothing_so_it_serves_any_parameter() {
        let (mut a, mut b) = (array![1.0], array![1.0, 1.0]);
        Sgd.update(0.5, 0, Param::new("a", &mut a, &array![2.0]));
        Sgd.update(0.5, 0, Param::new("b", &mut b, &array![2.0, -2.0]));
        assert_eq!((a, b), (array![0.0], array![0.0, 2.0]));
    }

    #[test]
    fn a_constant_rate_is_a_schedule() {
        assert_eq!(0.3.lr(0), 0.3);
        assert_eq!(0.3.lr(1_000_000), 0.3);
    }
}
