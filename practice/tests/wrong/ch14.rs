//! Wrong answers to chapter 14's exercises.

use ch14_framework::candle_core::backprop::GradStore;
use ch14_framework::candle_core::{Result, Tensor, Var, D};
use practice::checks::ch01::MISSING_BIAS;
use practice::checks::ch14::{self, *};
use practice::Hint;

use super::{with, wrong, WrongAnswer};

/// 14.1 in candle-nn's `Linear` layout: X·Wᵀ.
pub fn dense_forward_linear_layout(x: &Tensor, w: &Tensor, b: &Tensor) -> Result<Tensor> {
    x.matmul(&w.t()?)?.broadcast_add(b)
}

/// 14.1 with `+` for `broadcast_add`.
pub fn dense_forward_plain_add(x: &Tensor, w: &Tensor, b: &Tensor) -> Result<Tensor> {
    x.matmul(w)? + b
}

/// 14.1 without the bias.
pub fn dense_forward_no_bias(x: &Tensor, w: &Tensor, _b: &Tensor) -> Result<Tensor> {
    x.matmul(w)
}

/// 14.1 on detached copies: the right values, outside the graph.
pub fn dense_forward_detached(x: &Tensor, w: &Tensor, b: &Tensor) -> Result<Tensor> {
    x.detach().matmul(&w.detach())?.broadcast_add(&b.detach())
}

/// 14.2 with a sum over the batch for the mean.
pub fn cross_entropy_summed(logits: &Tensor, labels: &[usize]) -> Result<Tensor> {
    per_sample(logits, labels, true)?.sum_all()
}

/// 14.2 without subtracting each row's max before exp.
pub fn cross_entropy_unstable(logits: &Tensor, labels: &[usize]) -> Result<Tensor> {
    per_sample(logits, labels, false)?.mean_all()
}

/// 14.2 as z_y − log Σ exp: the sign turned.
pub fn cross_entropy_negated(logits: &Tensor, labels: &[usize]) -> Result<Tensor> {
    per_sample(logits, labels, true)?.neg()?.mean_all()
}

/// log Σⱼ exp(zⱼ) − z_y for each row, with or without the max subtracted: (batch, 1).
fn per_sample(logits: &Tensor, labels: &[usize], stable: bool) -> Result<Tensor> {
    let shifted = if stable {
        logits.broadcast_sub(&logits.max_keepdim(D::Minus1)?)?
    } else {
        logits.clone()
    };
    let lse = shifted.exp()?.sum_keepdim(D::Minus1)?.log()?;
    let labels: Vec<u32> = labels.iter().map(|&y| y as u32).collect();
    let labels = Tensor::new(labels.as_slice(), logits.device())?.unsqueeze(1)?;
    lse - shifted.gather(&labels, D::Minus1)?
}

/// 14.3 with θ + η·g.
pub fn sgd_step_uphill(vars: &[Var], grads: &GradStore, lr: f64) -> Result<()> {
    for var in vars {
        if let Some(g) = grads.get(var) {
            var.set(&(var.as_tensor() + (g * lr)?)?)?;
        }
    }
    Ok(())
}

/// 14.3 with θ − g.
pub fn sgd_step_without_rate(vars: &[Var], grads: &GradStore, _lr: f64) -> Result<()> {
    for var in vars {
        if let Some(g) = grads.get(var) {
            var.set(&(var.as_tensor() - g)?)?;
        }
    }
    Ok(())
}

/// 14.3 computing θ − η·g and dropping it.
pub fn sgd_step_not_written(vars: &[Var], grads: &GradStore, lr: f64) -> Result<()> {
    for var in vars {
        if let Some(g) = grads.get(var) {
            let _new = (var.as_tensor() - (g * lr)?)?;
        }
    }
    Ok(())
}

pub fn wrong_answers() -> Vec<WrongAnswer> {
    let a = practice::bind_ch14!(super::super::answer_ch14);
    let fourteen = ch14::chapter;
    vec![
        wrong(
            "14.1",
            "Linear's layout, X·Wᵀ",
            fourteen(with!(a, dense_forward = dense_forward_linear_layout)),
            Hint::Mistake(LINEAR_LAYOUT),
        ),
        wrong(
            "14.1",
            "+ for broadcast_add",
            fourteen(with!(a, dense_forward = dense_forward_plain_add)),
            Hint::Mistake(NOT_BROADCAST),
        ),
        wrong(
            "14.1",
            "no bias",
            fourteen(with!(a, dense_forward = dense_forward_no_bias)),
            Hint::Mistake(MISSING_BIAS),
        ),
        wrong(
            "14.1",
            "detached inputs",
            fourteen(with!(a, dense_forward = dense_forward_detached)),
            Hint::Mistake(LEFT_THE_GRAPH),
        ),
        wrong(
            "14.2",
            "a sum for the mean",
            fourteen(with!(a, cross_entropy = cross_entropy_summed)),
            Hint::MissingOneOverN { n: 5 },
        ),
        wrong(
            "14.2",
            "no max subtracted",
            fourteen(with!(a, cross_entropy = cross_entropy_unstable)),
            Hint::Mistake(MAX_NOT_SUBTRACTED),
        ),
        wrong(
            "14.2",
            "the sign turned",
            fourteen(with!(a, cross_entropy = cross_entropy_negated)),
            Hint::WrongSign,
        ),
        wrong(
            "14.3",
            "uphill",
            fourteen(with!(a, sgd_step = sgd_step_uphill)),
            Hint::Mistake(UPHILL),
        ),
        wrong(
            "14.3",
            "no learning rate",
            fourteen(with!(a, sgd_step = sgd_step_without_rate)),
            Hint::Mistake(RATE_IGNORED),
        ),
        wrong(
            "14.3",
            "not written back",
            fourteen(with!(a, sgd_step = sgd_step_not_written)),
            Hint::Mistake(NOT_WRITTEN),
        ),
    ]
}
