//! Chapter 12's exercises: one recurrent step's backward pass, backpropagation through time,
//! clipping by norm. Expected values: chapter 12's `RnnCell::step_backward`, its
//! `Recurrent` layer's backward pass, and its `ClipByNorm` optimizer (around SGD).

use ch03_relu_xor::{Layer, Optimizer, Param, Sgd};
use ch12_recurrent::cell::{Cell, RnnCell};
use ch12_recurrent::clip::ClipByNorm;
use ch12_recurrent::recurrent::Recurrent;
use ndarray::{stack, Array1, Array2, Array3, ArrayD, ArrayView2, Axis, IxDyn};
use nn_core::gradcheck::check_gradient;

use super::{random, random_vector};
use crate::diagnose::{compare, Hint};
use crate::{BpttGrads, Mismatch, RnnStepGrads};

exercises! { $ bind_ch12, ch12: 12, "Recurrent networks";
    "12.1" rnn_step_backward(&Array2<f64>, &Array2<f64>, &Array2<f64>, &Array2<f64>, &Array2<f64>, &Array2<f64>) -> RnnStepGrads,
        "one recurrent step's backward pass",
        "∂L/∂z = G ⊙ (1 − h²); then ∂L/∂x = ∂L/∂z·W_xᵀ, ∂L/∂h_prev = ∂L/∂z·W_hᵀ and the step's shares xᵀ·∂L/∂z, h_prevᵀ·∂L/∂z, Σ ∂L/∂z",
        check_step;
    "12.2" bptt(&[Array2<f64>], &[Array2<f64>], &Array2<f64>, &Array2<f64>, &[Array2<f64>]) -> BpttGrads,
        "backpropagation through time",
        "from the last step to the first: G_t = (from above) + (handed back by step t + 1), the step's backward pass, and the weights' shares added up over the steps",
        check_bptt;
    "12.3" clip_by_norm(&[ArrayD<f64>], f64) -> Vec<ArrayD<f64>>,
        "gradient clipping by norm",
        "‖g‖ = √(Σ g²) over every element of every gradient; if ‖g‖ > c, every gradient times c/‖g‖, else unchanged",
        check_clip;
}

/// 12.1: tanh′ missing.
pub const NO_TANH_PRIME: &str = "tanh′ is missing: the step is h = tanh(z), so the gradient reaching z is ∂L/∂z = G ⊙ (1 − h²) before it meets W_x, W_h and b";
/// 12.1: tanh′ from the state before the step.
pub const TANH_OF_PREVIOUS: &str = "tanh′ is 1 − h² with h the state this step made (h = tanh(z)), not the state before it (h_prev)";
/// 12.1: tanh′ written 1 − h.
pub const ONE_MINUS_H: &str = "that is 1 − h; tanh′(z) = 1 − tanh²(z) = 1 − h·h";
/// 12.1: W_h's share from the new state.
pub const NEW_STATE: &str = "∂L/∂W_h is h_prevᵀ·∂L/∂z: W_h multiplied the state before the step, h_prev, not the one it made";
/// 12.2: a weight's gradient overwritten, not summed.
pub const OVERWRITTEN: &str = "that is one step's share only (the last you wrote): W_x, W_h and b are the same at every step, so their gradient is the sum of every step's share — add (+=), do not overwrite (=)";
/// 12.2: time swept forwards.
pub const SWEPT_FORWARDS: &str = "sweep time backwards, from the last step to the first: step t's G needs what step t + 1 hands back (∂L/∂h_prev of step t + 1), so step t + 1 must be done first";
/// 12.2: no gradient handed back from the next step.
pub const NOT_CARRIED: &str = "each step's G is only what comes from above: add what the next step hands back (its ∂L/∂h_prev); without it nothing travels back through time";
/// 12.2: only the last step's gradient from above.
pub const LAST_ONLY: &str = "only the last step's gradient from above was used: every step's G starts with grad_from_above of that step (the loss at every step reaches its own h)";
/// 12.2: the state a step made used as the state it read.
pub const OFF_BY_ONE: &str = "step t + 1 read hs[t − 1] (zeros for the first step), the state before it — not hs[t], the state it made";
/// 12.3: each element clipped.
pub const ELEMENTWISE: &str = "each element was clipped to [−c, c]: that turns the gradient (large elements cut, small ones kept) and does not bound its length; multiply every element of every gradient by the one factor c/‖g‖";
/// 12.3: each parameter clipped by its own norm.
pub const PER_PARAMETER: &str = "each gradient was scaled by its own norm: ‖g‖ is one norm over every element of every parameter together, and one factor scales them all, so the step keeps its direction";
/// 12.3: scaled to c even below it.
pub const ALWAYS_SCALED: &str = "below the limit nothing changes: scale by c/‖g‖ only when ‖g‖ > c (and a zero gradient stays zero, not 0·c/0 = NaN)";
/// 12.3: the squared norm for the norm.
pub const SQUARED_NORM: &str = "that divides by Σ g², the squared norm: ‖g‖ = √(Σ g²)";

/// One step of 12.1: x (batch, in), h_prev (batch, hidden), the cell, and G (batch, hidden).
struct StepCase {
    x: Array2<f64>,
    h_prev: Array2<f64>,
    cell: RnnCell,
    grad_h: Array2<f64>,
}

/// (batch, in, hidden) of 12.1's cases: non-square, one sample, square.
const STEP_SHAPES: [(usize, usize, usize); 3] = [(5, 3, 4), (1, 2, 3), (4, 4, 4)];

fn step_case(k: usize) -> StepCase {
    let (batch, inputs, hidden) = STEP_SHAPES[k];
    let seed = 1200 + 10 * k as u64;
    StepCase {
        x: random((batch, inputs), seed, 1.0),
        h_prev: random((batch, hidden), seed + 1, 1.0).mapv(f64::tanh),
        cell: RnnCell::new(
            random((inputs, hidden), seed + 2, 0.8),
            random((hidden, hidden), seed + 3, 0.8),
            random_vector(hidden, seed + 4, 0.5),
        ),
        grad_h: random((batch, hidden), seed + 5, 1.0),
    }
}

/// The gradients of one step with ∂L/∂z given: what the chapter computes from G ⊙ (1 − h²),
/// and what the typical mistakes compute from something else.
fn step_grads(c: &StepCase, grad_z: &Array2<f64>, w_h_from: &Array2<f64>) -> RnnStepGrads {
    RnnStepGrads {
        x: grad_z.dot(&c.cell.w_x.t()),
        h_prev: grad_z.dot(&c.cell.w_h.t()),
        w_x: c.x.t().dot(grad_z),
        w_h: w_h_from.t().dot(grad_z),
        b: grad_z.sum_axis(Axis(0)),
    }
}

/// One field of [`RnnStepGrads`].
#[derive(Clone, Copy, PartialEq)]
enum Field {
    X,
    HPrev,
    WX,
    WH,
    B,
}

impl Field {
    fn of(self, g: &RnnStepGrads) -> ArrayD<f64> {
        match self {
            Field::X => g.x.clone().into_dyn(),
            Field::HPrev => g.h_prev.clone().into_dyn(),
            Field::WX => g.w_x.clone().into_dyn(),
            Field::WH => g.w_h.clone().into_dyn(),
            Field::B => g.b.clone().into_dyn(),
        }
    }

    /// The candidate's field against central differences of Σ G ⊙ step(x, h_prev) in that
    /// input or parameter, the others held fixed (a field of the wrong shape: against zeros).
    fn gradient_check(self, c: &StepCase, got: &RnnStepGrads) -> nn_core::gradcheck::GradCheck {
        let loss = |x: &Array2<f64>, h: &Array2<f64>, cell: &RnnCell| {
            (&cell.step(x, h).0 * &c.grad_h).sum()
        };
        let at = |v: &ArrayD<f64>| {
            let mut cell = c.cell.clone();
            let (mut x, mut h) = (c.x.clone(), c.h_prev.clone());
            let matrix = || v.clone().into_dimensionality().expect("a matrix");
            match self {
                Field::X => x = matrix(),
                Field::HPrev => h = matrix(),
                Field::WX => cell.w_x = matrix(),
                Field::WH => cell.w_h = matrix(),
                Field::B => cell.b = v.clone().into_dimensionality().expect("a vector"),
            }
            loss(&x, &h, &cell)
        };
        let expected_shape = RnnStepGrads {
            x: c.x.clone(),
            h_prev: c.h_prev.clone(),
            w_x: c.cell.w_x.clone(),
            w_h: c.cell.w_h.clone(),
            b: c.cell.b.clone(),
        };
        let point = self.of(&expected_shape);
        let candidate = self.of(got);
        let analytic = if candidate.shape() == point.shape() {
            candidate
        } else {
            ArrayD::zeros(point.raw_dim())
        };
        check_gradient(at, &point, &analytic)
    }
}

/// 12.1's check.
fn check_step(c: Candidate) -> Result<(), Mismatch> {
    for (k, &(batch, inputs, hidden)) in STEP_SHAPES.iter().enumerate() {
        let case = step_case(k);
        let (h, cache) = case.cell.step(&case.x, &case.h_prev);
        let got = (c.rnn_step_backward)(
            &case.x,
            &case.h_prev,
            &h,
            &case.cell.w_x,
            &case.cell.w_h,
            &case.grad_h,
        );
        let mut cell = case.cell.clone();
        cell.zero_grad();
        let (gx, gh) = cell.step_backward(&cache, &case.grad_h);
        let expected = RnnStepGrads {
            x: gx,
            h_prev: gh,
            w_x: cell.grad_w_x.clone(),
            w_h: cell.grad_w_h.clone(),
            b: cell.grad_b.clone(),
        };
        let g = &case.grad_h;
        let mistakes = [
            (step_grads(&case, g, &case.h_prev), NO_TANH_PRIME),
            (
                step_grads(
                    &case,
                    &(g * &case.h_prev.mapv(|v| 1.0 - v * v)),
                    &case.h_prev,
                ),
                TANH_OF_PREVIOUS,
            ),
            (
                step_grads(&case, &(g * &h.mapv(|v| 1.0 - v)), &case.h_prev),
                ONE_MINUS_H,
            ),
            (
                step_grads(&case, &(g * &h.mapv(|v| 1.0 - v * v)), &h),
                NEW_STATE,
            ),
        ];
        let what = |name: &str| {
            format!("rnn_step_backward: {name} for x ({batch}, {inputs}), W_h ({hidden}, {hidden})")
        };
        // Each field against the chapter, knowing what each mistake gives for it; a field
        // with no pattern is checked by finite differences of the chapter's step.
        let fields = [
            ("∂L/∂W_h", Field::WH),
            ("∂L/∂W_x", Field::WX),
            ("∂L/∂b", Field::B),
            ("∂L/∂x", Field::X),
            ("∂L/∂h_prev", Field::HPrev),
        ];
        for (name, field) in fields {
            let mut comparison = compare(what(name), field.of(&expected), field.of(&got))
                .mean_over(batch, "samples");
            for (m, sentence) in &mistakes {
                comparison = comparison.known(field.of(m), Hint::Mistake(sentence));
            }
            comparison.check().map_err(|m| {
                let shape = field.of(&expected).shape().to_vec();
                m.or_gradient_check(&shape, || field.gradient_check(&case, &got))
            })?;
        }
    }
    Ok(())
}

/// A forward pass of 12.2: inputs, states, the cell and the gradients from above.
struct SequenceCase {
    name: &'static str,
    xs: Vec<Array2<f64>>,
    hs: Vec<Array2<f64>>,
    cell: RnnCell,
    above: Vec<Array2<f64>>,
}

/// (steps, batch, in, hidden, loss at every step) of 12.2's cases.
const SEQUENCES: [(usize, usize, usize, usize, bool); 3] =
    [(4, 3, 2, 3, true), (6, 1, 3, 2, false), (5, 2, 3, 3, true)];

fn sequence_case(k: usize) -> SequenceCase {
    let (steps, batch, inputs, hidden, every) = SEQUENCES[k];
    let seed = 1230 + 10 * k as u64;
    let cell = RnnCell::new(
        random((inputs, hidden), seed, 0.8),
        random((hidden, hidden), seed + 1, 0.9),
        random_vector(hidden, seed + 2, 0.3),
    );
    let x = Array3::from_shape_vec(
        (batch, steps, inputs),
        random((batch * steps, inputs), seed + 3, 1.0)
            .into_raw_vec_and_offset()
            .0,
    )
    .expect("batch·steps·inputs values");
    let states = Recurrent::new(cell.clone()).infer(&x);
    let above = (0..steps)
        .map(|t| {
            if every || t + 1 == steps {
                random((batch, hidden), seed + 4 + t as u64, 1.0)
            } else {
                Array2::zeros((batch, hidden))
            }
        })
        .collect();
    SequenceCase {
        name: if every {
            "a loss at every step"
        } else {
            "a loss at the last step only"
        },
        xs: (0..steps)
            .map(|t| x.index_axis(Axis(1), t).to_owned())
            .collect(),
        hs: (0..steps)
            .map(|t| states.index_axis(Axis(1), t).to_owned())
            .collect(),
        cell,
        above,
    }
}

/// A mistake in the sweep through time, simulated to recognise it.
#[derive(Clone, Copy, PartialEq)]
enum Sweep {
    Overwrite,
    Forwards,
    NotCarried,
    LastOnly,
    OffByOne,
}

/// What a sweep through time with mistake `m` returns.
fn mistaken_bptt(s: &SequenceCase, m: Sweep) -> BpttGrads {
    let steps = s.xs.len();
    let zeros = Array2::zeros(s.hs[0].raw_dim());
    let mut grads = BpttGrads {
        xs: vec![Array2::zeros((0, 0)); steps],
        w_x: Array2::zeros(s.cell.w_x.raw_dim()),
        w_h: Array2::zeros(s.cell.w_h.raw_dim()),
        b: Array1::zeros(s.cell.b.len()),
    };
    let order: Vec<usize> = if m == Sweep::Forwards {
        (0..steps).collect()
    } else {
        (0..steps).rev().collect()
    };
    let mut handed = zeros.clone();
    for t in order {
        let h_prev = match (m, t) {
            (Sweep::OffByOne, _) => &s.hs[t],
            (_, 0) => &zeros,
            _ => &s.hs[t - 1],
        };
        let above = if m == Sweep::LastOnly && t + 1 != steps {
            &zeros
        } else {
            &s.above[t]
        };
        let g = if m == Sweep::NotCarried {
            above.clone()
        } else {
            above + &handed
        };
        let grad_z = &g * &s.hs[t].mapv(|h| 1.0 - h * h);
        let (w_x, w_h, b) = (
            s.xs[t].t().dot(&grad_z),
            h_prev.t().dot(&grad_z),
            grad_z.sum_axis(Axis(0)),
        );
        if m == Sweep::Overwrite {
            (grads.w_x, grads.w_h, grads.b) = (w_x, w_h, b);
        } else {
            grads.w_x += &w_x;
            grads.w_h += &w_h;
            grads.b += &b;
        }
        grads.xs[t] = grad_z.dot(&s.cell.w_x.t());
        handed = grad_z.dot(&s.cell.w_h.t());
    }
    grads
}

/// ∂L/∂x of every step as one array (steps, batch, in), or `None` if they do not fit.
fn steps_of(xs: &[Array2<f64>]) -> Option<ArrayD<f64>> {
    let views: Vec<ArrayView2<f64>> = xs.iter().map(|x| x.view()).collect();
    stack(Axis(0), &views).ok().map(|a| a.into_dyn())
}

/// One part of [`BpttGrads`].
#[derive(Clone, Copy)]
enum Part {
    WH,
    WX,
    B,
    Xs,
}

impl Part {
    fn name(self) -> &'static str {
        match self {
            Part::WH => "∂L/∂W_h",
            Part::WX => "∂L/∂W_x",
            Part::B => "∂L/∂b",
            Part::Xs => "∂L/∂x of every step (steps, batch, in)",
        }
    }

    /// The part as one array; ∂L/∂x of every step stacked (`None` if they do not fit).
    fn of(self, g: &BpttGrads) -> Option<ArrayD<f64>> {
        match self {
            Part::WH => Some(g.w_h.clone().into_dyn()),
            Part::WX => Some(g.w_x.clone().into_dyn()),
            Part::B => Some(g.b.clone().into_dyn()),
            Part::Xs => steps_of(&g.xs),
        }
    }
}

/// 12.2's check.
fn check_bptt(c: Candidate) -> Result<(), Mismatch> {
    for (k, &(steps, batch, inputs, hidden, _)) in SEQUENCES.iter().enumerate() {
        let s = sequence_case(k);
        let got = (c.bptt)(&s.xs, &s.hs, &s.cell.w_x, &s.cell.w_h, &s.above);
        // The chapter's Recurrent layer, its gradient from above as (batch, time, hidden).
        let x = stack(Axis(1), &s.xs.iter().map(|x| x.view()).collect::<Vec<_>>()).expect("steps");
        let above = stack(
            Axis(1),
            &s.above.iter().map(|g| g.view()).collect::<Vec<_>>(),
        )
        .expect("steps");
        let mut rnn = Recurrent::new(s.cell.clone());
        rnn.forward(&x);
        let gx = rnn.backward(&above);
        let expected_xs: Vec<Array2<f64>> = (0..steps)
            .map(|t| gx.index_axis(Axis(1), t).to_owned())
            .collect();
        let what = |name: &str| {
            format!(
                "bptt: {name} over {steps} steps, batch {batch}, {inputs} inputs, {hidden} units, {}",
                s.name
            )
        };
        let mistakes: Vec<(BpttGrads, &'static str)> = [
            (Sweep::Overwrite, OVERWRITTEN),
            (Sweep::Forwards, SWEPT_FORWARDS),
            (Sweep::NotCarried, NOT_CARRIED),
            (Sweep::LastOnly, LAST_ONLY),
            (Sweep::OffByOne, OFF_BY_ONE),
        ]
        .into_iter()
        .map(|(m, sentence)| (mistaken_bptt(&s, m), sentence))
        .collect();
        if got.xs.len() != steps {
            return Err(Mismatch {
                what: what("∂L/∂x"),
                detail: format!(
                    "expected {steps} arrays, one per step, got {}",
                    got.xs.len()
                ),
                hint: Hint::WrongShape,
            });
        }
        let cell = &rnn.cell;
        let expected = BpttGrads {
            xs: expected_xs,
            w_x: cell.grad_w_x.clone(),
            w_h: cell.grad_w_h.clone(),
            b: cell.grad_b.clone(),
        };
        for part in [Part::WH, Part::WX, Part::B, Part::Xs] {
            let name = part.name();
            let Some(got_part) = part.of(&got) else {
                return Err(Mismatch {
                    what: what(name),
                    detail: "the steps' arrays are not all of one shape".to_string(),
                    hint: Hint::WrongShape,
                });
            };
            let mut comparison = compare(what(name), part.of(&expected).expect("fits"), got_part);
            for (m, sentence) in &mistakes {
                if let Some(value) = part.of(m) {
                    comparison = comparison.known(value, Hint::Mistake(sentence));
                }
            }
            comparison.check()?;
        }
    }
    Ok(())
}

/// A model that only holds parameters and their gradients, so that the chapter's
/// `ClipByNorm` can step on them.
#[derive(Clone, Debug)]
struct Gradients {
    values: Vec<ArrayD<f64>>,
    grads: Vec<ArrayD<f64>>,
}

impl Layer for Gradients {
    fn infer(&self, x: &Array2<f64>) -> Array2<f64> {
        x.clone()
    }
    fn forward(&mut self, x: &Array2<f64>) -> Array2<f64> {
        x.clone()
    }
    fn backward(&mut self, grad_output: &Array2<f64>) -> Array2<f64> {
        grad_output.clone()
    }
    fn visit_parameters(&mut self, visit: &mut dyn FnMut(Param<'_>)) {
        for (value, grad) in self.values.iter_mut().zip(&self.grads) {
            visit(Param::new("g", value, grad));
        }
    }
}

/// The chapter's clipping: one step of `ClipByNorm` around SGD with η = 1 from θ = 0 leaves
/// θ = −(the clipped gradients).
fn chapter_clip(grads: &[ArrayD<f64>], max_norm: f64) -> Vec<ArrayD<f64>> {
    let mut model = Gradients {
        values: grads.iter().map(|g| ArrayD::zeros(g.raw_dim())).collect(),
        grads: grads.to_vec(),
    };
    ClipByNorm::new(Sgd, max_norm).step(1.0, &mut model);
    model.values.iter().map(|v| -v).collect()
}

/// 12.3's cases: what they are, the gradients, the limit.
fn clip_cases() -> Vec<(&'static str, Vec<ArrayD<f64>>, f64)> {
    let three = vec![
        random((3, 4), 1260, 2.0).into_dyn(),
        random_vector(4, 1261, 0.5).into_dyn(),
        random((2, 2), 1262, 5.0).into_dyn(),
    ];
    let small = vec![
        random((2, 3), 1263, 0.01).into_dyn(),
        random_vector(3, 1264, 0.01).into_dyn(),
    ];
    let one = vec![Array1::from(vec![3.0, -4.0, 0.5]).into_dyn()];
    let zero = vec![ArrayD::zeros(IxDyn(&[2, 2])), ArrayD::zeros(IxDyn(&[3]))];
    vec![
        (
            "three gradients, their norm above c = 1",
            three.clone(),
            1.0,
        ),
        ("the same, c = 5", three, 5.0),
        ("two gradients, their norm below c = 1", small, 1.0),
        ("one gradient [3, −4, 0.5], c = 2", one, 2.0),
        ("zero gradients, c = 1", zero, 1.0),
    ]
}

/// 12.3's check.
fn check_clip(c: Candidate) -> Result<(), Mismatch> {
    for (name, grads, max_norm) in clip_cases() {
        let got = (c.clip_by_norm)(&grads, max_norm);
        let what = format!("clip_by_norm for {name}");
        if got.len() != grads.len() {
            return Err(Mismatch {
                what,
                detail: format!("expected {} gradients, got {}", grads.len(), got.len()),
                hint: Hint::WrongShape,
            });
        }
        let flat = |gs: &[ArrayD<f64>]| -> Array1<f64> {
            gs.iter().flat_map(|g| g.iter().copied()).collect()
        };
        if got.iter().zip(&grads).any(|(a, b)| a.shape() != b.shape()) {
            return Err(Mismatch {
                what,
                detail: "each gradient must keep its shape".to_string(),
                hint: Hint::WrongShape,
            });
        }
        let norm = |g: &ArrayD<f64>| g.iter().map(|v| v * v).sum::<f64>().sqrt();
        let total = flat(&grads).iter().map(|v| v * v).sum::<f64>();
        let elementwise: Vec<ArrayD<f64>> = grads
            .iter()
            .map(|g| g.mapv(|v| v.clamp(-max_norm, max_norm)))
            .collect();
        let per_parameter: Vec<ArrayD<f64>> = grads
            .iter()
            .map(|g| {
                let n = norm(g);
                if n > max_norm {
                    g * (max_norm / n)
                } else {
                    g.clone()
                }
            })
            .collect();
        let always: Vec<ArrayD<f64>> = grads
            .iter()
            .map(|g| g * (max_norm / total.sqrt()))
            .collect();
        let squared: Vec<ArrayD<f64>> = grads
            .iter()
            .map(|g| {
                if total.sqrt() > max_norm {
                    g * (max_norm / total)
                } else {
                    g.clone()
                }
            })
            .collect();
        let mistake = |sentence| Hint::Mistake(sentence);
        compare(what, flat(&chapter_clip(&grads, max_norm)), flat(&got))
            .known(flat(&elementwise), mistake(ELEMENTWISE))
            .known(flat(&per_parameter), mistake(PER_PARAMETER))
            .known(flat(&always), mistake(ALWAYS_SCALED))
            .known(flat(&squared), mistake(SQUARED_NORM))
            .check()?;
    }
    Ok(())
}
