//! Chapter 11's exercises: inverted dropout as a layer of chapter 3's seam, one step of SGD
//! with the L2 penalty, and the early-stopping rule. Expected values: chapter 11's `Dropout`
//! (inference, and its backward formula), its `L2` wrapper around chapter 3's `Sgd`, and its
//! `stop`.
//!
//! A reader's dropout draws its masks from its own generator, not in the chapter's order, so
//! the check reads the mask from the layer's output (its inputs have no zeros), checks that
//! mask's statistics, and checks the output and the backward pass against the chapter's
//! formulas with that mask; then the backward pass against central differences with the mask
//! held fixed (a clone of the layer must draw the same masks).

use ch11_regularization::early_stopping::{stop, Stop};
use ch11_regularization::{mlp, Decay, Dropout, Layer, Optimizer, Param, Sequential, Sgd, L2};
use ndarray::{Array2, ArrayD};
use nn_core::gradcheck::check_vjp;
use nn_core::rng::{seeded, Rng};

use super::random;
use crate::diagnose::{compare, Hint, Mismatch};

exercises! { $ bind_ch11, ch11: 11, "Overfitting and regularization";
    "11.1" dropout = "Dropout" (f64, u64) -> Box<dyn Layer>,
        "inverted dropout as a layer",
        "infer: x unchanged; forward: y = x ⊙ m, m = 1/(1 − p) with probability 1 − p and 0 with probability p, a new mask from the layer's own generator each time; backward: ∂L/∂y ⊙ m with the forward pass's mask",
        check_dropout;
    "11.2" sgd_l2_update(f64, f64, Param<'_>),
        "one step of SGD with the L2 penalty",
        "a weight (name \"W\") steps by θ − η·(g + λθ), the gradient of the penalty (λ/2)‖W‖² added to the data's; any other parameter by θ − η·g",
        check_l2;
    "11.3" early_stop(&[f64], usize) -> Stop,
        "the early-stopping rule",
        "losses[i] is the validation loss after epoch i + 1: stop after `patience` epochs in a row without a loss strictly below the best so far, and keep the best epoch",
        check_early_stop;
}

/// 11.1: inference scaled by 1 − p or 1/(1 − p).
pub const RESCALED_AT_INFERENCE: &str = "inference rescales: with inverted dropout the training pass already divides the kept units by 1 − p, so E[y] = x and inference is the identity — return x unchanged";
/// 11.1: units dropped at inference.
pub const RANDOM_AT_INFERENCE: &str = "inference drops units: a network must answer the same way every time it is asked — at inference dropout is the identity (the training pass's 1/(1 − p) already keeps the mean)";
/// 11.1: the kept units passed on as they are.
pub const NO_RESCALING: &str = "the kept units are not rescaled: divide them by 1 − p (y = x/(1 − p) where kept, 0 where dropped), so that E[y] = x and inference needs no change";
/// 11.1: the kept units multiplied by 1 − p.
pub const TIMES_KEEP: &str = "the kept units are multiplied by 1 − p: divide by it instead, so that E[y] = (1 − p)·x/(1 − p) = x";
/// 11.1: p taken as the probability of keeping.
pub const SWAPPED: &str =
    "about 1 − p of the units are dropped: p is the probability of dropping a unit, 1 − p of keeping it";
/// 11.1: a fraction of dropped units far from p.
pub const FRACTION: &str =
    "the fraction of dropped units is far from p: drop each unit of each sample on its own, with probability p";
/// 11.1: one mask for every sample of the batch.
pub const SHARED_MASK: &str = "every sample got the same mask: draw one value for every element of the batch (each unit of each sample), not one per unit";
/// 11.1: the same mask at every forward pass.
pub const SAME_MASK: &str =
    "the same mask at every forward pass: draw a new one each time, from the layer's generator";
/// 11.1: a mask a clone cannot repeat.
pub const NOT_OWN_GENERATOR: &str = "a clone of the layer drew another mask: draw the masks from the layer's own seeded generator (its rng field), so that a run is the same on every machine and a clone repeats it";
/// 11.1: backward with a mask of its own.
pub const NEW_MASK: &str = "a new mask in backward: use the mask the forward pass drew (keep it in the layer) — a unit dropped in the forward pass took no part in the output and gets no gradient";
/// 11.1: backward passing the gradient through unmasked.
pub const MASK_IGNORED: &str =
    "the backward pass ignores the mask: y = x ⊙ m, so ∂L/∂x = ∂L/∂y ⊙ m";
/// 11.1: backward masked with 0 and 1.
pub const BACKWARD_UNSCALED: &str = "the backward pass lacks the 1/(1 − p): y = x ⊙ m with m = 1/(1 − p) where kept, so ∂L/∂x = ∂L/∂y ⊙ m, scale included";
/// 11.2: the biases decayed too.
pub const DECAYED_BIASES: &str = "the bias is decayed too: the penalty is on the weights (\"W\") only; any other parameter steps by θ − η·g";
/// 11.2: 2λθ.
pub const TWICE_LAMBDA: &str = "that is θ − η·(g + 2λθ), from the gradient of λ‖W‖²: the penalty is (λ/2)‖W‖², whose gradient is λθ";
/// 11.2: θ·(1 − λ) − η·g.
pub const DECAY_WITHOUT_LR: &str = "the decay is not scaled by η: the step is θ − η·(g + λθ), so each weight shrinks by the factor 1 − ηλ, not 1 − λ";
/// 11.2: θ − η·(g − λθ).
pub const DECAY_UPWARDS: &str = "the penalty pushes the weights away from 0: add λθ to the gradient (θ − η·(g + λθ)), do not subtract it";
/// 11.2: θ − η·λθ.
pub const NO_DATA_GRADIENT: &str =
    "only the decay: the data's gradient is missing — θ − η·(g + λθ)";
/// 11.2: plain SGD.
pub const WEIGHTS_NOT_DECAYED: &str =
    "the weights are not decayed: that is plain SGD, θ − η·g; the penalty adds λθ to a weight's gradient";
/// 11.3: the last epoch kept.
pub const NO_RESTORE: &str = "the epoch to keep is the best one, not the last one trained: early stopping keeps the network of the epoch with the lowest validation loss";
/// 11.3: patience ignored.
pub const NO_PATIENCE: &str = "stopped at the first epoch without improvement: stop only after `patience` epochs in a row without one";
/// 11.3: the count never reset.
pub const COUNT_NOT_RESET: &str =
    "the count of epochs without improvement must start again at every improvement: it counts epochs in a row";
/// 11.3: ties as improvements.
pub const TIE_IMPROVES: &str =
    "a tie counted as an improvement: the loss must be strictly below the best so far";
/// 11.3: the previous epoch as the reference.
pub const PREVIOUS_EPOCH: &str =
    "compared with the previous epoch's loss: compare with the best loss so far";
/// 11.3: one epoch late.
pub const ONE_LATE: &str =
    "one epoch too late: stop as soon as `patience` epochs in a row have not improved";
/// 11.3: epochs counted from 0.
pub const FROM_ZERO: &str = "epochs count from 1: losses[0] is the loss after epoch 1";

fn mistake(sentence: &'static str) -> Hint {
    Hint::Mistake(sentence)
}

/// Standard normal values (times `scale`) with none closer to 0 than 0.1: a dropped unit is
/// then the only way to get an exact 0.
fn no_zeros(shape: (usize, usize), seed: u64) -> Array2<f64> {
    random(shape, seed, 1.0).mapv(|v| v.signum() * (v.abs() + 0.1))
}

/// 1 where `y` is not 0, else 0: the units kept.
fn kept(y: &Array2<f64>) -> Array2<f64> {
    y.mapv(|v| if v != 0.0 { 1.0 } else { 0.0 })
}

/// A wrong statistic of the mask, as a mismatch.
fn wrong(what: &str, detail: String, sentence: &'static str) -> Mismatch {
    Mismatch {
        what: what.to_string(),
        detail,
        hint: mistake(sentence),
    }
}

// ANCHOR: check_dropout
/// 11.1: inference, the training pass and its mask, then the backward pass.
fn check_dropout(c: Candidate) -> Result<(), Mismatch> {
    for (p, seed) in [(0.3, 1110), (0.5, 1120)] {
        let scale = 1.0 / (1.0 - p);
        // Inference is the identity: the chapter's `Dropout::infer`.
        let x = no_zeros((8, 6), seed);
        let got = (c.dropout)(p, seed).infer(&x);
        let mut comparison = compare(
            format!("infer of dropout(p = {p}) on X (8, 6)"),
            Dropout::new(p, seed).infer(&x),
            got.clone(),
        )
        .known(&x * (1.0 - p), mistake(RESCALED_AT_INFERENCE))
        .known(&x * scale, mistake(RESCALED_AT_INFERENCE));
        if got.dim() == x.dim() && got.iter().any(|&v| v == 0.0) {
            // Units dropped (x has no zeros), the others passed on or rescaled: a mask.
            let masked = got.iter().zip(&x).all(|(&y, &x)| {
                y == 0.0 || y == x || (y - x * scale).abs() < 1e-12 * (x * scale).abs()
            });
            if masked {
                comparison = comparison.known(got, mistake(RANDOM_AT_INFERENCE));
            }
        }
        comparison.check()?;
        // The training pass: y = x ⊙ m with the candidate's own mask.
        let big = no_zeros((200, 100), seed + 1);
        let mut layer = (c.dropout)(p, seed);
        let mut twin = layer.clone();
        let y = layer.forward(&big);
        let what = format!("forward of dropout(p = {p}) on X (200, 100), no zeros in X");
        let k = kept(&y);
        compare(what.clone(), &big * &k * scale, y.clone())
            .known(&big * &k, mistake(NO_RESCALING))
            .known(&big * &k * (1.0 - p), mistake(TIMES_KEEP))
            .check()?;
        if k.rows().into_iter().all(|row| row == k.row(0)) {
            let detail = "all 200 rows dropped the same units".to_string();
            return Err(wrong(&what, detail, SHARED_MASK));
        }
        let dropped = 1.0 - k.mean().unwrap_or(0.0);
        // 20 000 units: the fraction's standard deviation is below 0.0036; 0.02 is 5.5 of them.
        if (dropped - p).abs() > 0.02 {
            let swapped = (dropped - (1.0 - p)).abs() <= 0.02;
            let detail = format!("{dropped:.4} of the units dropped, expected about p = {p}");
            return Err(wrong(
                &what,
                detail,
                if swapped { SWAPPED } else { FRACTION },
            ));
        }
        if kept(&layer.forward(&big)) == k {
            let detail = "a second forward pass dropped the same units".to_string();
            return Err(wrong(&what, detail, SAME_MASK));
        }
        if twin.forward(&big) != y {
            let detail = "a clone made before the forward pass drew another mask".to_string();
            return Err(wrong(&what, detail, NOT_OWN_GENERATOR));
        }
        // The backward pass: ∂L/∂x = ∂L/∂y ⊙ m with the forward pass's mask (the chapter's
        // formula; its `Dropout::backward` with that mask).
        let (x, g) = (no_zeros((7, 5), seed + 2), no_zeros((7, 5), seed + 3));
        let mut layer = (c.dropout)(p, seed);
        let fresh = layer.clone();
        let k = kept(&layer.forward(&x));
        let got = layer.backward(&g);
        let what = format!("backward of dropout(p = {p}) on X (7, 5), after its forward pass");
        let mut comparison = compare(what, &g * &k * scale, got.clone())
            .known(g.clone(), mistake(MASK_IGNORED))
            .known(&g * &k, mistake(BACKWARD_UNSCALED));
        if got.dim() == g.dim() {
            // Another valid mask (each element 0 or 1/(1 − p)) than the forward pass's.
            let other = &got / &g;
            let valid = other
                .iter()
                .all(|&m| m == 0.0 || (m - scale).abs() < 1e-12 * scale);
            if valid && kept(&other) != k {
                comparison = comparison.known(got.clone(), mistake(NEW_MASK));
            }
        }
        comparison.check().map_err(|m| {
            // A clone draws the forward pass's mask: the layer's function, mask held fixed.
            m.or_gradient_check(x.shape(), || {
                check_vjp(|x| fresh.clone().forward(x), &x, &g, &got)
            })
        })?;
    }
    Ok(())
}
// ANCHOR_END: check_dropout

/// Every parameter of `net`, in visiting order, with its name.
fn parameters(net: &mut Sequential) -> Vec<(&'static str, ArrayD<f64>)> {
    let mut all = vec![];
    net.visit_parameters(&mut |p| all.push((p.name, p.value.to_owned())));
    all
}

/// A typical mistake of 11.2 on one parameter: θ and g in, θ after the step out.
type L2Mistake = fn(&str, &ArrayD<f64>, &ArrayD<f64>, f64, f64) -> ArrayD<f64>;

/// 11.2's typical mistakes, each with its sentence.
fn l2_mistakes() -> Vec<(L2Mistake, &'static str)> {
    vec![
        (|_, t, g, lr, l| t - &((g + &(t * l)) * lr), DECAYED_BIASES),
        (
            |n, t, g, lr, l| {
                let l = if n == "W" { 2.0 * l } else { 0.0 };
                t - &((g + &(t * l)) * lr)
            },
            TWICE_LAMBDA,
        ),
        (
            |n, t, g, lr, l| {
                let decay = if n == "W" { 1.0 - l } else { 1.0 };
                t * decay - g * lr
            },
            DECAY_WITHOUT_LR,
        ),
        (
            |n, t, g, lr, l| {
                let l = if n == "W" { l } else { 0.0 };
                t - &((g - &(t * l)) * lr)
            },
            DECAY_UPWARDS,
        ),
        (
            |n, t, _, lr, l| {
                let l = if n == "W" { l } else { 0.0 };
                t - &(t * (l * lr))
            },
            NO_DATA_GRADIENT,
        ),
        (|_, t, g, lr, _| t - &(g * lr), WEIGHTS_NOT_DECAYED),
    ]
}

/// 11.2: the candidate's update applied to every parameter of a network with gradients,
/// against chapter 11's `L2 { optimizer: Sgd, .. }` stepping the same network.
fn check_l2(c: Candidate) -> Result<(), Mismatch> {
    for (hidden, lr, lambda, seed) in [(5, 0.1, 0.01, 1130), (3, 0.5, 0.3, 1140)] {
        let mut net = mlp(hidden, 0.0, &mut seeded(seed));
        // Biases start at 0, where decaying them would change nothing: give every parameter
        // values of its own first.
        let mut k = 0;
        net.visit_parameters(&mut |mut p| {
            k += 1;
            let values = super::random_vector(p.value.len(), seed + 10 + k, 0.5);
            p.value.iter_mut().zip(&values).for_each(|(v, r)| *v = *r);
        });
        let x = random((6, 64), seed, 1.0);
        let mut rng = seeded(seed + 1);
        let labels: Vec<usize> = (0..6).map(|_| rng.random_range(0..10)).collect();
        let mut loss = ch03_relu_xor::SoftmaxCrossEntropy::default();
        ch03_relu_xor::Loss::forward(&mut loss, &net.forward(&x), &labels[..]);
        net.backward(&ch03_relu_xor::Loss::backward(&loss));
        let mut grads = vec![];
        net.visit_parameters(&mut |p| grads.push(p.grad.to_owned()));
        let before = parameters(&mut net);
        let mut expected = net.clone();
        let mut sgd = L2 {
            optimizer: Sgd,
            lambda,
            decay: Decay::Weights,
        };
        sgd.step(lr, &mut expected);
        let expected = parameters(&mut expected);
        let mut got = net.clone();
        got.visit_parameters(&mut |p| (c.sgd_l2_update)(lr, lambda, p));
        let got = parameters(&mut got);
        for (i, ((name, e), (_, g))) in expected.iter().zip(&got).enumerate() {
            let (theta, grad) = (&before[i].1, &grads[i]);
            let what = format!(
                "sgd_l2_update on parameter {i} ({name}, shape {}) of a 64 → {hidden} → {hidden} → 10 network, η = {lr}, λ = {lambda}",
                crate::diagnose::shape(e.shape())
            );
            let mut comparison = compare(what, e.clone(), g.clone());
            for (m, sentence) in l2_mistakes() {
                comparison = comparison.known(m(name, theta, grad, lr, lambda), mistake(sentence));
            }
            comparison.check()?;
        }
    }
    Ok(())
}

/// A mistake in the early-stopping rule, simulated to recognise it.
#[derive(Clone, Copy, PartialEq)]
enum Rule {
    KeepLast,
    NoPatience,
    NoReset,
    Ties,
    Previous,
    Late,
    FromZero,
}

/// What the rule with mistake `m` returns: (the epoch kept, the epoch it stops after).
fn mistaken_stop(losses: &[f64], patience: usize, m: Rule) -> [f64; 2] {
    let patience = if m == Rule::NoPatience { 1 } else { patience };
    let (mut best, mut previous) = (f64::INFINITY, f64::INFINITY);
    let (mut best_epoch, mut count, mut stopped) = (0, 0, losses.len());
    for (i, &loss) in losses.iter().enumerate() {
        let reference = if m == Rule::Previous { previous } else { best };
        let improved = if m == Rule::Ties {
            loss <= reference
        } else {
            loss < reference
        };
        previous = loss;
        if improved {
            best = loss;
            best_epoch = i + 1;
            if m != Rule::NoReset {
                count = 0;
            }
        } else {
            count += 1;
        }
        let limit = if m == Rule::Late {
            patience + 1
        } else {
            patience
        };
        if count >= limit {
            stopped = i + 1;
            break;
        }
    }
    let shift = if m == Rule::FromZero { 1.0 } else { 0.0 };
    let kept = if m == Rule::KeepLast {
        stopped
    } else {
        best_epoch
    };
    [kept as f64 - shift, stopped as f64 - shift]
}

/// 11.3's validation curves: hand-made ones (a tie, a plateau, a late improvement, a curve
/// that only falls), then noisy ones rounded to 0.01 (so that ties happen), each with a
/// patience.
fn curves() -> Vec<(Vec<f64>, usize)> {
    let mut cases = vec![
        (vec![0.9, 0.7, 0.5, 0.6, 0.5, 0.4], 2),
        (vec![1.0, 1.0, 0.8, 0.9, 0.8, 0.85, 0.1], 3),
        (vec![1.0, 1.0, 0.8, 0.9, 0.8, 0.85, 0.1], 4),
        (vec![0.5, 0.6, 0.55, 0.52, 0.51, 0.49, 0.6, 0.7, 0.8], 3),
        ((1..=12).map(|e| 1.0 / e as f64).collect(), 1),
        (vec![0.3, 0.3, 0.3, 0.3, 0.3], 2),
    ];
    let mut rng = seeded(1150);
    for k in 0..24 {
        let len = rng.random_range(12..40);
        let turn = rng.random_range(4..len);
        let noise = [0.01, 0.03, 0.08][k % 3];
        let losses = (1..=len)
            .map(|e| {
                let trend = 1.0 / (1.0 + 0.3 * e as f64) + 0.01 * (e.max(turn) - turn) as f64;
                let v: f64 = trend + noise * rng.random_range(-1.0..1.0);
                (v * 100.0).round() / 100.0
            })
            .collect();
        cases.push((losses, [1, 2, 3, 5][k % 4]));
    }
    cases
}

/// 11.3: the candidate's rule on every curve of [`curves`], against chapter 11's `stop`.
fn check_early_stop(c: Candidate) -> Result<(), Mismatch> {
    let cases = curves();
    let table = |f: &dyn Fn(&[f64], usize) -> [f64; 2]| {
        let rows: Vec<f64> = cases.iter().flat_map(|(l, p)| f(l, *p)).collect();
        Array2::from_shape_vec((cases.len(), 2), rows).expect("two numbers per curve")
    };
    let pair = |s: Stop| [s.best_epoch as f64, s.stopped_at as f64];
    let expected = table(&|l, p| pair(stop(l, p)));
    let got = table(&|l, p| pair((c.early_stop)(l, p)));
    let first = (0..cases.len())
        .find(|&k| expected.row(k) != got.row(k))
        .unwrap_or(0);
    let (losses, patience) = &cases[first];
    let shown: Vec<String> = losses.iter().map(|v| format!("{v}")).collect();
    let what = format!(
        "early_stop on curve {} of {} (rows: curves; columns: the epoch kept, the epoch it stops after), losses [{}], patience {patience}",
        first + 1,
        cases.len(),
        shown.join(", ")
    );
    let simulated = |m| table(&|l, p| mistaken_stop(l, p, m));
    compare(what, expected, got)
        .known(simulated(Rule::KeepLast), mistake(NO_RESTORE))
        .known(simulated(Rule::NoPatience), mistake(NO_PATIENCE))
        .known(simulated(Rule::NoReset), mistake(COUNT_NOT_RESET))
        .known(simulated(Rule::Ties), mistake(TIE_IMPROVES))
        .known(simulated(Rule::Previous), mistake(PREVIOUS_EPOCH))
        .known(simulated(Rule::Late), mistake(ONE_LATE))
        .known(simulated(Rule::FromZero), mistake(FROM_ZERO))
        .check()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_simulated_mistake_differs_from_the_rule_on_the_curves() {
        let cases = curves();
        for m in [
            Rule::KeepLast,
            Rule::NoPatience,
            Rule::NoReset,
            Rule::Ties,
            Rule::Previous,
            Rule::Late,
            Rule::FromZero,
        ] {
            let differs = cases.iter().any(|(l, p)| {
                let s = stop(l, *p);
                mistaken_stop(l, *p, m) != [s.best_epoch as f64, s.stopped_at as f64]
            });
            assert!(differs);
        }
    }

    #[test]
    fn the_mask_is_read_from_the_output() {
        let y = ndarray::array![[0.0, 2.5], [-1.0, 0.0]];
        assert_eq!(kept(&y), ndarray::array![[0.0, 1.0], [1.0, 0.0]]);
        assert!(no_zeros((50, 50), 1).iter().all(|v| v.abs() >= 0.1));
    }
}
