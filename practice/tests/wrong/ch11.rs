//! Wrong answers to chapter 11's exercises, each written as a learner would write it, and the
//! hint each must get (listed here, not in grader.rs's `wrong_answers()`, so that chapters
//! merge without touching one list). Also: the answer's dropout against finite differences.

use std::sync::atomic::{AtomicU64, Ordering};

use ch11_regularization::early_stopping::Stop;
use ch11_regularization::{Layer, Param};
use ndarray::Array2;
use nn_core::rng::{seeded, ChaCha8Rng, Rng};
use practice::checks::ch11::{self, Candidate};
use practice::Hint;

use super::super::answer_ch11 as right;
use super::{wrong, WrongAnswer};

/// Which mistake a [`Wrong`] dropout layer makes.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Slip {
    /// Kept units passed on unscaled (and the backward pass masked with 0 and 1 to match).
    NoRescaling,
    /// Kept units multiplied by 1 − p.
    TimesKeep,
    /// Inference multiplies by 1 − p, as the original (not inverted) dropout does, on top of
    /// the inverted training pass.
    RescaledAtInference,
    /// Inference drops units too, from a copy of the generator.
    RandomAtInference,
    /// A unit kept with probability p.
    KeepWithP,
    /// One mask per unit, shared by every sample of the batch.
    OneMaskPerUnit,
    /// A generator made afresh, from the same seed, at every forward pass.
    FreshGenerator,
    /// A generator outside the layer.
    GlobalGenerator,
    /// The backward pass draws a mask of its own.
    NewMaskInBackward,
    /// The backward pass passes the gradient through.
    BackwardIgnoresMask,
    /// The backward pass masks with 0 and 1.
    BackwardUnscaled,
    /// The backward pass multiplies by the forward pass's output, ∂L/∂y ⊙ y.
    BackwardTimesOutput,
}

/// A dropout layer with one mistake.
#[derive(Clone, Debug)]
struct Wrong {
    p: f64,
    rng: ChaCha8Rng,
    mask: Option<Array2<f64>>,
    output: Option<Array2<f64>>,
    slip: Slip,
}

/// The draws of [`Slip::GlobalGenerator`].
static GLOBAL: AtomicU64 = AtomicU64::new(0);

impl Wrong {
    /// A mask of 0 and 1 (kept), drawn the way the slip draws it.
    fn keep(&mut self, shape: (usize, usize)) -> Array2<f64> {
        let p = self.p;
        let mut rng = match self.slip {
            Slip::FreshGenerator => seeded(7),
            Slip::GlobalGenerator => seeded(GLOBAL.fetch_add(1, Ordering::Relaxed)),
            _ => self.rng.clone(),
        };
        let keep = match self.slip {
            Slip::KeepWithP => {
                Array2::from_shape_fn(shape, |_| f64::from(u8::from(rng.random::<f64>() < p)))
            }
            Slip::OneMaskPerUnit => {
                let row: Vec<f64> = (0..shape.1)
                    .map(|_| f64::from(u8::from(rng.random::<f64>() >= p)))
                    .collect();
                Array2::from_shape_fn(shape, |(_, j)| row[j])
            }
            _ => Array2::from_shape_fn(shape, |_| f64::from(u8::from(rng.random::<f64>() >= p))),
        };
        if !matches!(self.slip, Slip::FreshGenerator | Slip::GlobalGenerator) {
            self.rng = rng; // the layer's own generator moves on
        }
        keep
    }
}

impl Layer for Wrong {
    fn infer(&self, x: &Array2<f64>) -> Array2<f64> {
        match self.slip {
            Slip::RescaledAtInference => x * (1.0 - self.p),
            Slip::RandomAtInference => {
                let mut copy = self.clone();
                copy.slip = Slip::NoRescaling;
                x * &copy.keep(x.dim()) / (1.0 - self.p)
            }
            _ => x.clone(),
        }
    }

    fn forward(&mut self, x: &Array2<f64>) -> Array2<f64> {
        let keep = self.keep(x.dim());
        let mask = match self.slip {
            Slip::NoRescaling => keep,
            Slip::TimesKeep => keep * (1.0 - self.p),
            _ => keep / (1.0 - self.p),
        };
        let y = x * &mask;
        self.mask = Some(mask);
        self.output = Some(y.clone());
        y
    }

    fn backward(&mut self, grad_output: &Array2<f64>) -> Array2<f64> {
        let mask = self.mask.clone().expect("forward first");
        match self.slip {
            Slip::NewMaskInBackward => grad_output * &(self.keep(mask.dim()) / (1.0 - self.p)),
            Slip::BackwardIgnoresMask => grad_output.clone(),
            Slip::BackwardUnscaled => grad_output * &mask.mapv(|m| f64::from(u8::from(m != 0.0))),
            Slip::BackwardTimesOutput => grad_output * self.output.as_ref().expect("forward first"),
            _ => grad_output * &mask,
        }
    }
}

/// A constructor for each slip (a fn pointer cannot capture it).
macro_rules! dropout_with {
    ($name:ident, $slip:expr) => {
        fn $name(p: f64, seed: u64) -> Box<dyn Layer> {
            Box::new(Wrong {
                p,
                rng: seeded(seed),
                mask: None,
                output: None,
                slip: $slip,
            })
        }
    };
}

dropout_with!(no_rescaling, Slip::NoRescaling);
dropout_with!(times_keep, Slip::TimesKeep);
dropout_with!(rescaled_at_inference, Slip::RescaledAtInference);
dropout_with!(random_at_inference, Slip::RandomAtInference);
dropout_with!(keep_with_p, Slip::KeepWithP);
dropout_with!(one_mask_per_unit, Slip::OneMaskPerUnit);
dropout_with!(fresh_generator, Slip::FreshGenerator);
dropout_with!(global_generator, Slip::GlobalGenerator);
dropout_with!(new_mask_in_backward, Slip::NewMaskInBackward);
dropout_with!(backward_ignores_mask, Slip::BackwardIgnoresMask);
dropout_with!(backward_unscaled, Slip::BackwardUnscaled);
dropout_with!(backward_times_output, Slip::BackwardTimesOutput);

/// 11.2 decaying every parameter, biases too.
fn l2_on_biases(lr: f64, lambda: f64, mut param: Param<'_>) {
    let step = (&param.grad + &(&param.value * lambda)) * lr;
    param.value -= &step;
}

/// 11.2 from the gradient of λ‖W‖² (no ½).
fn l2_twice(lr: f64, lambda: f64, mut param: Param<'_>) {
    let l = if param.name == "W" { 2.0 * lambda } else { 0.0 };
    let step = (&param.grad + &(&param.value * l)) * lr;
    param.value -= &step;
}

/// 11.2 shrinking by 1 − λ, then the step.
fn l2_decay_without_lr(lr: f64, lambda: f64, mut param: Param<'_>) {
    if param.name == "W" {
        param.value *= 1.0 - lambda;
    }
    let step = &param.grad * lr;
    param.value -= &step;
}

/// 11.2 subtracting λθ from the gradient.
fn l2_upwards(lr: f64, lambda: f64, mut param: Param<'_>) {
    let l = if param.name == "W" { lambda } else { 0.0 };
    let step = (&param.grad - &(&param.value * l)) * lr;
    param.value -= &step;
}

/// 11.2 as plain SGD.
fn l2_forgotten(lr: f64, _lambda: f64, mut param: Param<'_>) {
    let step = &param.grad * lr;
    param.value -= &step;
}

/// 11.2 scaling the gradient by 1 + λ (λ·g for λ·θ): no mistake the check computes.
fn l2_of_the_gradient(lr: f64, lambda: f64, mut param: Param<'_>) {
    let l = if param.name == "W" { lambda } else { 0.0 };
    let step = &param.grad * (lr * (1.0 + l));
    param.value -= &step;
}

/// 11.3 returning the epoch it stopped after as the one to keep.
fn stop_keeping_the_last(losses: &[f64], patience: usize) -> Stop {
    let s = right::early_stop(losses, patience);
    Stop {
        best_epoch: s.stopped_at,
        ..s
    }
}

/// 11.3 stopping at the first epoch that does not improve.
fn stop_impatient(losses: &[f64], _patience: usize) -> Stop {
    right::early_stop(losses, 1)
}

/// 11.3 counting every epoch without improvement, in a row or not.
fn stop_counting_all(losses: &[f64], patience: usize) -> Stop {
    let (mut best, mut best_epoch, mut bad) = (f64::INFINITY, 0, 0);
    for (i, &loss) in losses.iter().enumerate() {
        if loss < best {
            (best, best_epoch) = (loss, i + 1);
        } else {
            bad += 1;
            if bad == patience {
                return Stop {
                    best_epoch,
                    stopped_at: i + 1,
                };
            }
        }
    }
    Stop {
        best_epoch,
        stopped_at: losses.len(),
    }
}

/// 11.3 with `<=`: a tie improves.
fn stop_ties_improve(losses: &[f64], patience: usize) -> Stop {
    let (mut best, mut best_epoch, mut waited) = (f64::INFINITY, 0, 0);
    for (i, &loss) in losses.iter().enumerate() {
        if loss <= best {
            (best, best_epoch, waited) = (loss, i + 1, 0);
        } else {
            waited += 1;
            if waited == patience {
                return Stop {
                    best_epoch,
                    stopped_at: i + 1,
                };
            }
        }
    }
    Stop {
        best_epoch,
        stopped_at: losses.len(),
    }
}

/// 11.3 comparing each epoch with the one before.
fn stop_against_previous(losses: &[f64], patience: usize) -> Stop {
    let (mut previous, mut best_epoch, mut waited) = (f64::INFINITY, 0, 0);
    for (i, &loss) in losses.iter().enumerate() {
        if loss < previous {
            (best_epoch, waited) = (i + 1, 0);
        } else {
            waited += 1;
            if waited == patience {
                return Stop {
                    best_epoch,
                    stopped_at: i + 1,
                };
            }
        }
        previous = loss;
    }
    Stop {
        best_epoch,
        stopped_at: losses.len(),
    }
}

/// 11.3 with `waited > patience`.
fn stop_one_late(losses: &[f64], patience: usize) -> Stop {
    right::early_stop(losses, patience + 1)
}

/// 11.3 counting epochs from 0.
fn stop_from_zero(losses: &[f64], patience: usize) -> Stop {
    let s = right::early_stop(losses, patience);
    Stop {
        best_epoch: s.best_epoch - 1,
        stopped_at: s.stopped_at - 1,
    }
}

/// 11.3 looking ahead: the lowest loss of the whole curve, training to the end — no mistake the
/// check computes.
fn stop_looking_ahead(losses: &[f64], _patience: usize) -> Stop {
    let best = (0..losses.len())
        .min_by(|&a, &b| losses[a].total_cmp(&losses[b]))
        .unwrap_or(0);
    Stop {
        best_epoch: best + 1,
        stopped_at: losses.len(),
    }
}

pub fn wrong_answers() -> Vec<WrongAnswer> {
    let a = practice::bind_ch11!(right);
    let mistake = Hint::Mistake;
    let case =
        |id, name, candidate: Candidate, hint| wrong(id, name, ch11::chapter(candidate), hint);
    type Dropout = fn(f64, u64) -> Box<dyn Layer>;
    type Update = fn(f64, f64, Param<'_>);
    type EarlyStop = fn(&[f64], usize) -> Stop;
    let dropout = |f: Dropout| {
        let mut c = a;
        c.dropout = f;
        c
    };
    let update = |f: Update| {
        let mut c = a;
        c.sgd_l2_update = f;
        c
    };
    let early = |f: EarlyStop| {
        let mut c = a;
        c.early_stop = f;
        c
    };
    vec![
        case(
            "11.1",
            "no rescaling",
            dropout(no_rescaling),
            mistake(ch11::NO_RESCALING),
        ),
        case(
            "11.1",
            "kept units times 1 − p",
            dropout(times_keep),
            mistake(ch11::TIMES_KEEP),
        ),
        case(
            "11.1",
            "rescaling at inference",
            dropout(rescaled_at_inference),
            mistake(ch11::RESCALED_AT_INFERENCE),
        ),
        case(
            "11.1",
            "random at inference",
            dropout(random_at_inference),
            mistake(ch11::RANDOM_AT_INFERENCE),
        ),
        case(
            "11.1",
            "p as the probability of keeping",
            dropout(keep_with_p),
            mistake(ch11::SWAPPED),
        ),
        case(
            "11.1",
            "one mask per unit for the whole batch",
            dropout(one_mask_per_unit),
            mistake(ch11::SHARED_MASK),
        ),
        case(
            "11.1",
            "a generator seeded afresh at every pass",
            dropout(fresh_generator),
            mistake(ch11::SAME_MASK),
        ),
        case(
            "11.1",
            "a generator outside the layer",
            dropout(global_generator),
            mistake(ch11::NOT_OWN_GENERATOR),
        ),
        case(
            "11.1",
            "a new mask in backward",
            dropout(new_mask_in_backward),
            mistake(ch11::NEW_MASK),
        ),
        case(
            "11.1",
            "backward ignores the mask",
            dropout(backward_ignores_mask),
            mistake(ch11::MASK_IGNORED),
        ),
        case(
            "11.1",
            "backward masks with 0 and 1",
            dropout(backward_unscaled),
            mistake(ch11::BACKWARD_UNSCALED),
        ),
        case(
            "11.1",
            "backward times the output",
            dropout(backward_times_output),
            Hint::FailsGradientCheck {
                worst: String::new(),
            },
        ),
        case(
            "11.2",
            "decaying the biases",
            update(l2_on_biases),
            mistake(ch11::DECAYED_BIASES),
        ),
        case("11.2", "2λθ", update(l2_twice), mistake(ch11::TWICE_LAMBDA)),
        case(
            "11.2",
            "θ·(1 − λ), no η",
            update(l2_decay_without_lr),
            mistake(ch11::DECAY_WITHOUT_LR),
        ),
        case(
            "11.2",
            "g − λθ",
            update(l2_upwards),
            mistake(ch11::DECAY_UPWARDS),
        ),
        case(
            "11.2",
            "plain SGD",
            update(l2_forgotten),
            mistake(ch11::WEIGHTS_NOT_DECAYED),
        ),
        case(
            "11.2",
            "λ·g for λ·θ",
            update(l2_of_the_gradient),
            Hint::NoPattern,
        ),
        case(
            "11.3",
            "keeping the last epoch",
            early(stop_keeping_the_last),
            mistake(ch11::NO_RESTORE),
        ),
        case(
            "11.3",
            "no patience",
            early(stop_impatient),
            mistake(ch11::NO_PATIENCE),
        ),
        case(
            "11.3",
            "a count never reset",
            early(stop_counting_all),
            mistake(ch11::COUNT_NOT_RESET),
        ),
        case(
            "11.3",
            "a tie improves",
            early(stop_ties_improve),
            mistake(ch11::TIE_IMPROVES),
        ),
        case(
            "11.3",
            "against the previous epoch",
            early(stop_against_previous),
            mistake(ch11::PREVIOUS_EPOCH),
        ),
        case(
            "11.3",
            "one epoch late",
            early(stop_one_late),
            mistake(ch11::ONE_LATE),
        ),
        case(
            "11.3",
            "epochs from 0",
            early(stop_from_zero),
            mistake(ch11::FROM_ZERO),
        ),
        case(
            "11.3",
            "looking ahead at the whole curve",
            early(stop_looking_ahead),
            Hint::NoPattern,
        ),
    ]
}

/// The answer's dropout against central differences, its mask held fixed (a clone draws the
/// same mask), and its mask's mean kept: the grader's formulas and the answer agree with the
/// numbers.
#[test]
fn the_answer_s_dropout_passes_the_gradient_check() {
    use nn_core::gradcheck::check_vjp;
    use practice::checks::random;
    let (x, g) = (random((6, 5), 1, 1.0), random((6, 5), 2, 1.0));
    let mut layer = right::dropout(0.4, 3);
    let fresh = layer.clone();
    layer.forward(&x);
    let grad = layer.backward(&g);
    let check = check_vjp(|x| fresh.clone().forward(x), &x, &g, &grad);
    assert!(check.passed(), "{check}");
    let ones = Array2::ones((300, 100));
    let mean = right::dropout(0.4, 4).forward(&ones).mean().unwrap();
    assert!((mean - 1.0).abs() < 0.02, "{mean}");
}

/// The text `cargo run -p practice -- 11` prints for a dropout that draws a new mask in
/// backward, a penalty on the biases and a stub (chapter 11's page quotes it).
#[test]
fn what_the_reader_sees_in_chapter_11() {
    let chapter = ch11::chapter(Candidate {
        dropout: new_mask_in_backward,
        sgd_l2_update: l2_on_biases,
        early_stop: |_, _| todo!("exercise 11.3"),
    });
    insta::assert_snapshot!("chapter_11_report", super::super::report(&chapter));
}
