//! From a wrong result to where and why: the first element that differs, and a hint chosen
//! from what the difference looks like.
//!
//! A check builds a [`Compare`] of the chapter's result (expected) with the candidate's (got),
//! says what it knows about the inputs — the batch size n, which elements came from large
//! inputs, which sit at a kink, what a typical mistake would have returned — and calls
//! [`Compare::check`]. In order, a difference is classified as:
//!
//! 1. a known mistake the check computed (a mean over the wrong axis, a missing bias, …);
//! 2. a transposed shape (or, for a square result, the transposed values);
//! 3. a shape that is simply wrong;
//! 4. NaN, ∞ or wrong values only where the inputs are large: the naive, unstable formula;
//! 5. wrong values only at a kink (x = 0): the derivative's convention there;
//! 6. a constant ratio: −1 (wrong sign), n or 1/n (a factor 1/n missing or extra), 2 or ½;
//! 7. a constant offset;
//! 8. otherwise no pattern ([`Hint::NoPattern`]); a backward pass's check then runs a
//!    finite-difference check of the candidate ([`Hint::FailsGradientCheck`]).

use std::fmt;

use ndarray::{ArrayD, Dimension, IxDyn};
use nn_core::gradcheck::GradCheck;

/// Why a result is probably wrong. Tests assert which hint a typical wrong answer gets.
#[derive(Clone, Debug, PartialEq)]
pub enum Hint {
    /// The result has the transposed shape (or, square, the transposed values).
    Transposed,
    /// A shape that is neither the expected one nor its transpose.
    WrongShape,
    /// Every element is −1 times the right one.
    WrongSign,
    /// Every element is n times the right one: the factor 1/n of a mean is missing.
    MissingOneOverN { n: usize },
    /// Every element is 1/n times the right one: a factor 1/n too many.
    ExtraOneOverN { n: usize },
    /// Every element is twice the right one.
    Doubled,
    /// Every element is half the right one.
    Halved,
    /// Every element is the same multiple of the right one.
    Scaled { ratio: f64 },
    /// Every element is the right one plus the same number.
    Offset { by: f64 },
    /// NaN, ∞ or wrong values only where the inputs are large: a formula that overflows.
    UnstableAtLargeInputs,
    /// Wrong only at the kink x = 0; `convention` says what this book takes there.
    OnlyAtKink { convention: &'static str },
    /// A chapter's typical mistake, recognised by the value it gives; its sentence is a
    /// constant of the chapter's check (`checks::ch10::OVERWRITTEN`, …).
    Mistake { sentence: &'static str },
    /// A statistic or sum taken over the wrong axis (rows instead of columns, or back).
    WrongAxis,
    /// The bias b is missing from the result.
    MissingBias,
    /// The standardizer was fitted on the data it transforms, not on the training set.
    FittedOnTheWrongData,
    /// The sample standard deviation (divided by n − 1) where the population one (n) is used.
    SampleStd,
    /// A constant column (standard deviation 0) divided by 0 instead of passed through.
    ConstantColumn,
    /// The local derivative returned without multiplying by the upstream gradient.
    UpstreamIgnored,
    /// The negative slope α was not used.
    SlopeIgnored,
    /// Softmax's backward pass with only its Jacobian's diagonal pᵢ(1 − pᵢ).
    JacobianDiagonalOnly,
    /// The kernel rotated by 180° (a true convolution) where the chapter has none, or
    /// unrotated where the input gradient needs it.
    FlippedKernel,
    /// ε added to the standard deviation, not to the variance under the root.
    EpsilonOutsideRoot,
    /// No ε at all under the root.
    MissingEpsilon,
    /// A normalization's backward pass with its batch statistics held constant.
    StatisticsAsConstants,
    /// The batch's statistics used where the running averages belong (inference).
    BatchStatisticsAtInference,
    /// A running average whose weights are swapped: the new value weighted 1 − α.
    MomentumReversed,
    /// A running variance fed the biased (÷ n) batch variance where the unbiased one is used.
    BiasedRunningVariance,
    /// The variance where the standard deviation is asked for.
    VarianceNotStd,
    /// The limit √3·std of the uniform distribution with that variance.
    UniformLimit,
    /// The wrong fan (n_in, n_out or their mean) for this initialization.
    WrongFan,
    /// ReLU's factor 2 (or ½) missing.
    ReluFactor,
    /// A variance of a sum of n_in terms without the n_in.
    MissingFanIn,
    /// Momentum's buffer as an exponential mean, v ← μv + (1 − μ)g.
    DampenedMomentum,
    /// An optimizer's step taken uphill: θ + η·(…) for θ − η·(…).
    Uphill,
    /// Nesterov's step where the heavy ball's is asked for.
    Nesterov,
    /// θ moved by the velocity before the gradient is added to it.
    StaleVelocity,
    /// Adam's running means used without dividing by 1 − βᵗ.
    MissingBiasCorrection,
    /// ε under the root, √(v̂ + ε), where it belongs outside.
    EpsilonInsideRoot,
    /// Kingma and Ba's "efficient" form, ε added to √v rather than to √v̂.
    AdamEfficientForm,
    /// The weight decay added to the gradient (L2) instead of applied to the weights.
    CoupledWeightDecay,
    /// The weight decay not multiplied by the learning rate.
    DecayWithoutLearningRate,
    /// The candidate panicked (not with `todo!()`): the panic's message is in the detail.
    Panicked,
    /// A derivative that disagrees with central finite differences of the chapter's forward
    /// pass; `worst` is the gradient check's own line.
    FailsGradientCheck { worst: String },
    /// Wrong, with no recognisable pattern.
    NoPattern,
}

impl fmt::Display for Hint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Hint::Transposed => write!(f, "the result is transposed: check the order of the product's factors and which one carries .t()"),
            Hint::WrongShape => write!(f, "the shape is wrong: write each product's shapes, (rows, cols)·(rows, cols), beside it"),
            Hint::WrongSign => write!(f, "every element has the wrong sign: h − y or y − h? minus the gradient or plus?"),
            Hint::MissingOneOverN { n } => write!(f, "every element is {n} times too large: the 1/n of the mean (n = {n}) is missing"),
            Hint::ExtraOneOverN { n } => write!(f, "every element is {n} times too small: a factor 1/n (n = {n}) too many — is it already in the upstream gradient?"),
            Hint::Doubled => write!(f, "every element is twice the right one: a factor 2 (or a term counted twice)"),
            Hint::Halved => write!(f, "every element is half the right one: a factor ½ too many"),
            Hint::Scaled { ratio } => write!(f, "every element is {ratio:.6} times the right one: a constant factor is off"),
            Hint::Offset { by } => write!(f, "every element is off by the same {by:.6}: a constant term is missing or extra"),
            Hint::UnstableAtLargeInputs => write!(f, "right for moderate inputs, but NaN, ∞ or wrong where |input| is large: the naive formula overflows there (eᶻ becomes ∞, or σ(z) rounds to exactly 0 or 1 and its log to −∞) — write it so that exp only ever sees a non-positive number, as the chapter's stable form does"),
            Hint::OnlyAtKink { convention } => write!(f, "right everywhere except exactly at the kink x = 0: {convention}"),
            Hint::Mistake { sentence } => write!(f, "{sentence}"),
            Hint::WrongAxis => write!(f, "taken over the wrong axis: Axis(0) runs down the rows (over the samples), Axis(1) along a row"),
            Hint::MissingBias => write!(f, "the bias b is missing: add it to every row (in a convolution, b[o] to every position of filter o's map)"),
            Hint::FittedOnTheWrongData => write!(f, "the statistics come from the data being transformed: fit the mean and standard deviation on the training set only, then apply them to the other"),
            Hint::SampleStd => write!(f, "that is the sample standard deviation (÷ (n − 1)); the chapter divides by n (ndarray's std_axis with ddof 0)"),
            Hint::ConstantColumn => write!(f, "a constant column has standard deviation 0: pass it through unchanged instead of dividing by 0"),
            Hint::UpstreamIgnored => write!(f, "that is the local derivative alone: multiply it element by element by the upstream gradient"),
            Hint::SlopeIgnored => write!(f, "the negative slope α is not used: negative inputs should give α·x (forward) and α·g (backward)"),
            Hint::JacobianDiagonalOnly => write!(f, "that is only the Jacobian's diagonal pᵢ(1 − pᵢ)·gᵢ: every pⱼ depends on every zᵢ, and the off-diagonal terms −pᵢpⱼ add −pᵢ·Σⱼ pⱼgⱼ — J·g = p ⊙ (g − p·g)"),
            Hint::FlippedKernel => write!(f, "that is the result with the kernel rotated by 180°: the forward pass is a cross-correlation, K[o, i, u, v] meets X[b, i, y + u, x + v] (no flip, as in every library), and its input gradient is the full correlation of G with the rotated kernel — check which of the two carries the rotation"),
            Hint::EpsilonOutsideRoot => write!(f, "ε is added outside the root: the chapter divides by √(σ² + ε), not √σ² + ε"),
            Hint::MissingEpsilon => write!(f, "ε is missing: divide by √(σ² + ε) with ε = 1e-5 (it keeps a constant feature from dividing by 0)"),
            Hint::StatisticsAsConstants => write!(f, "that is γ ⊙ G / √(σ² + ε), the gradient with μ and σ² held constant (inference mode's): in training they depend on every sample of the batch, which brings in the terms − Σ ĝ and − x̂ ⊙ Σ ĝ ⊙ x̂"),
            Hint::BatchStatisticsAtInference => write!(f, "that normalizes with the batch's own mean and variance (training mode): at inference batch norm uses the running averages, so that a sample's output does not depend on the others in its batch"),
            Hint::MomentumReversed => write!(f, "the weights are swapped: the momentum α = 0.1 is the weight of the new batch (PyTorch's convention), so the running value keeps 1 − α = 0.9 of itself"),
            Hint::BiasedRunningVariance => write!(f, "the running variance takes the batch's unbiased variance (÷ (n − 1)), as PyTorch's does; the normalization itself uses the biased one (÷ n)"),
            Hint::VarianceNotStd => write!(f, "that is the variance Var(w): return its square root, the standard deviation the normal distribution is drawn with"),
            Hint::UniformLimit => write!(f, "that is the limit a of the uniform U(−a, a) with this variance (a = √3·std); the chapter draws from a normal: return its standard deviation"),
            Hint::WrongFan => write!(f, "the wrong fan: Xavier uses both, Var(w) = 2/(n_in + n_out); He uses n_in alone (how many inputs each unit sums), Var(w) = 2/n_in"),
            Hint::ReluFactor => write!(f, "ReLU's factor is off: it zeroes half its inputs, so E[ReLU(z)²] = Var(z)/2, and He's Var(w) = 2/n_in (not 1/n_in) makes up for it"),
            Hint::MissingFanIn => write!(f, "n_in is missing: z′ = Σᵢ wᵢxᵢ sums n_in independent terms, each adding Var(w)·E[x²]"),
            Hint::DampenedMomentum => write!(f, "that is the buffer v ← μ·v + (1 − μ)·g, an exponential mean (Adam's m, or PyTorch's dampening = μ): the chapter, as PyTorch and optax, adds the gradient itself, v ← μ·v + g"),
            Hint::Uphill => write!(f, "θ moves uphill: a descent step subtracts, θ ← θ − η·v"),
            Hint::Nesterov => write!(f, "that is Nesterov's step θ ← θ − η·(g + μ·v): the heavy ball steps by the velocity alone, θ ← θ − η·v"),
            Hint::StaleVelocity => write!(f, "θ moved with the old velocity: update v ← μ·v + g first, then step θ ← θ − η·v with the new one (the first step is plain SGD's)"),
            Hint::MissingBiasCorrection => write!(f, "the bias correction is missing: m and v start at 0, so divide them by 1 − β₁ᵗ and 1 − β₂ᵗ (t = 1 at the first step) before the step"),
            Hint::EpsilonInsideRoot => write!(f, "ε is under the root: Adam (PyTorch, optax) divides by √v̂ + ε, not √(v̂ + ε)"),
            Hint::AdamEfficientForm => write!(f, "that is the paper's \"efficient\" form, η·√(1 − β₂ᵗ)/(1 − β₁ᵗ)·m/(√v + ε): it adds ε to √v, not to √v̂ (ε scaled by √(1 − β₂ᵗ)); PyTorch, optax and the chapter compute m̂/(√v̂ + ε)"),
            Hint::CoupledWeightDecay => write!(f, "that is an L2 penalty: λ·θ added to the gradient goes through m and v, and the division by √v̂ shrinks it; AdamW decays the weights themselves, θ ← θ − η·λ·θ, and Adam's step sees the gradient alone"),
            Hint::DecayWithoutLearningRate => write!(f, "the decay is not scaled by the learning rate: PyTorch's AdamW shrinks θ by the factor 1 − η·λ each step, not 1 − λ"),
            Hint::Panicked => write!(f, "your function panicked; the message above says where (a shape mismatch names both shapes)"),
            Hint::FailsGradientCheck { worst } => write!(f, "not the derivative: central finite differences of the chapter's forward pass disagree — {worst}"),
            Hint::NoPattern => write!(f, "no simple pattern: compare your formula with the chapter's derivation, element by element"),
        }
    }
}

/// A wrong result: on which inputs, the first element that differs, and the hint.
#[derive(Clone, Debug, PartialEq)]
pub struct Mismatch {
    /// Which call: the function and its inputs, in words.
    pub what: String,
    /// The first element that differs and by how much, or the two shapes.
    pub detail: String,
    pub hint: Hint,
}

impl Mismatch {
    /// The candidate panicked with `message`.
    pub fn panicked(message: String) -> Self {
        Mismatch {
            what: "your function panicked".to_string(),
            detail: message,
            hint: Hint::Panicked,
        }
    }

    /// Replaces a [`Hint::NoPattern`] with a better one computed only when needed.
    pub fn or_hint(mut self, hint: impl FnOnce() -> Hint) -> Self {
        if self.hint == Hint::NoPattern {
            self.hint = hint();
        }
        self
    }

    /// For a backward pass: replaces a [`Hint::NoPattern`] with the outcome of a
    /// finite-difference check of the candidate's gradient (run only when needed).
    pub fn or_gradient_check(self, check: impl FnOnce() -> GradCheck) -> Self {
        self.or_hint(|| Hint::FailsGradientCheck {
            worst: check().to_string(),
        })
    }
}

impl fmt::Display for Mismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{}: {}", self.what, self.detail)?;
        write!(f, "hint: {}", self.hint)
    }
}

/// Whether two numbers agree: relative 1e-9, absolute 1e-14 (a σ(−40) ≈ 4e-18 returned as 0
/// passes), NaN agrees with NaN, and ∞ only with the same ∞ (a relative tolerance of ∞ would
/// take any number for ∞).
pub fn close(expected: f64, got: f64) -> bool {
    (expected.is_nan() && got.is_nan())
        || expected == got
        || (expected.is_finite()
            && got.is_finite()
            && (expected - got).abs() <= 1e-9 * expected.abs().max(got.abs()) + 1e-14)
}

/// A comparison of the chapter's result with the candidate's, and what the check knows.
pub struct Compare {
    what: String,
    expected: ArrayD<f64>,
    got: ArrayD<f64>,
    n: Option<usize>,
    large: Option<ArrayD<bool>>,
    kink: Option<(ArrayD<bool>, &'static str)>,
    known: Vec<(ArrayD<f64>, Hint)>,
    inputs: Option<ArrayD<f64>>,
}

/// Starts a comparison; `what` names the call ("dense_backward: ∂L/∂W for X (5, 3)").
pub fn compare<D: Dimension, E: Dimension>(
    what: impl Into<String>,
    expected: ndarray::Array<f64, D>,
    got: ndarray::Array<f64, E>,
) -> Compare {
    Compare {
        what: what.into(),
        expected: expected.into_dyn(),
        got: got.into_dyn(),
        n: None,
        large: None,
        kink: None,
        known: Vec::new(),
        inputs: None,
    }
}

impl Compare {
    /// The n of a mean (the batch size), for the 1/n hints.
    pub fn mean_over(mut self, n: usize) -> Self {
        self.n = Some(n);
        self
    }

    /// Which elements of the result come from large inputs (same shape as the result).
    pub fn large_where<D: Dimension>(mut self, mask: ndarray::Array<bool, D>) -> Self {
        self.large = Some(mask.into_dyn());
        self
    }

    /// Which elements sit at a kink, and the convention there.
    pub fn kink_where<D: Dimension>(
        mut self,
        mask: ndarray::Array<bool, D>,
        convention: &'static str,
    ) -> Self {
        self.kink = Some((mask.into_dyn(), convention));
        self
    }

    /// For an element-wise function: its inputs (same shape as the result), so that the
    /// first difference names the input it came from.
    pub fn elementwise<D: Dimension>(mut self, inputs: &ndarray::Array<f64, D>) -> Self {
        self.inputs = Some(inputs.clone().into_dyn());
        self
    }

    /// What a typical mistake returns, computed by the check, and its hint.
    pub fn known<D: Dimension>(mut self, value: ndarray::Array<f64, D>, hint: Hint) -> Self {
        self.known.push((value.into_dyn(), hint));
        self
    }

    /// `Ok` when the candidate agrees with the chapter; else where and why.
    pub fn check(self) -> Result<(), Mismatch> {
        let (e, g) = (&self.expected, &self.got);
        if e.shape() == g.shape() && e.iter().zip(g).all(|(&a, &b)| close(a, b)) {
            return Ok(());
        }
        let wrong = |detail: String, hint: Hint| {
            Err(Mismatch {
                what: self.what.clone(),
                detail,
                hint,
            })
        };
        let shapes = format!(
            "expected shape {}, got {}",
            shape(e.shape()),
            shape(g.shape())
        );
        if e.shape() != g.shape() {
            for (value, hint) in &self.known {
                if same(value, g) {
                    return wrong(shapes, hint.clone());
                }
            }
            let mut reversed = e.shape().to_vec();
            reversed.reverse();
            if e.ndim() == 2 && g.shape() == reversed.as_slice() {
                return wrong(shapes, Hint::Transposed);
            }
            return wrong(shapes, Hint::WrongShape);
        }
        let differ: Vec<(IxDyn, f64, f64)> = e
            .indexed_iter()
            .zip(g.iter())
            .filter(|((_, &a), &b)| !close(a, b))
            .map(|((i, &a), &b)| (i, a, b))
            .collect();
        let (index, first_e, first_g) = &differ[0];
        let input = match &self.inputs {
            Some(x) => format!(" (input {})", num(x[index])),
            None => String::new(),
        };
        let detail = format!(
            "first difference at {}{input}: expected {}, got {} (difference {}); {} of {} elements differ",
            format_index(index),
            num(*first_e),
            num(*first_g),
            num(first_g - first_e),
            differ.len(),
            e.len()
        );
        for (value, hint) in &self.known {
            if same(value, g) {
                return wrong(detail, hint.clone());
            }
        }
        if let Some(large) = &self.large {
            if differ.iter().all(|(i, _, _)| large[i]) {
                return wrong(detail, Hint::UnstableAtLargeInputs);
            }
        }
        if let Some((kink, convention)) = &self.kink {
            if differ.iter().all(|(i, _, _)| kink[i]) {
                return wrong(detail, Hint::OnlyAtKink { convention });
            }
        }
        if e.ndim() == 2 && e.shape()[0] == e.shape()[1] && same(&e.t().to_owned(), g) {
            return wrong(detail, Hint::Transposed);
        }
        if let Some(hint) = ratio_hint(e, g, self.n) {
            return wrong(detail, hint);
        }
        let offset = first_g - first_e;
        if offset.is_finite()
            && e.iter()
                .zip(g)
                .all(|(&a, &b)| close(a + offset, b) || close(b - a, offset))
        {
            return wrong(detail, Hint::Offset { by: offset });
        }
        wrong(detail, Hint::NoPattern)
    }
}

/// The hint of a constant ratio got / expected, if there is one (and it is not 1).
fn ratio_hint(e: &ArrayD<f64>, g: &ArrayD<f64>, n: Option<usize>) -> Option<Hint> {
    let mut ratio = None;
    for (&a, &b) in e.iter().zip(g) {
        if !a.is_finite() || !b.is_finite() {
            return None;
        }
        if a.abs() < 1e-12 {
            if b.abs() > 1e-12 {
                return None;
            }
            continue;
        }
        let r = b / a;
        match ratio {
            None => ratio = Some(r),
            Some(r0) if (r - r0).abs() <= 1e-6 * r0.abs() => {}
            Some(_) => return None,
        }
    }
    let r = ratio?;
    let near = |target: f64| (r - target).abs() <= 1e-6 * target.abs();
    Some(match n {
        _ if near(-1.0) => Hint::WrongSign,
        Some(n) if n > 1 && near(n as f64) => Hint::MissingOneOverN { n },
        Some(n) if n > 1 && near(1.0 / n as f64) => Hint::ExtraOneOverN { n },
        _ if near(2.0) => Hint::Doubled,
        _ if near(0.5) => Hint::Halved,
        _ if near(1.0) => return None,
        _ => Hint::Scaled { ratio: r },
    })
}

/// Same shape and every element close.
fn same(a: &ArrayD<f64>, b: &ArrayD<f64>) -> bool {
    a.shape() == b.shape() && a.iter().zip(b).all(|(&x, &y)| close(x, y))
}

/// A shape as the chapters write it: (3, 4), or (3,) for a vector.
pub fn shape(dims: &[usize]) -> String {
    match dims {
        [n] => format!("({n},)"),
        _ => {
            let parts: Vec<String> = dims.iter().map(|d| d.to_string()).collect();
            format!("({})", parts.join(", "))
        }
    }
}

fn format_index(i: &IxDyn) -> String {
    let parts: Vec<String> = i.slice().iter().map(|k| k.to_string()).collect();
    if parts.is_empty() {
        "the value".to_string()
    } else {
        format!("[{}]", parts.join(", "))
    }
}

/// A number with 10 significant digits (NaN and ∞ as such).
pub fn num(x: f64) -> String {
    if x == 0.0 {
        "0".to_string() // −0 as 0: the sign of a zero is no mistake here
    } else if x.is_finite() && x != 0.0 && (x.abs() >= 1e6 || x.abs() < 1e-4) {
        format!("{x:.9e}")
    } else if x.is_finite() {
        let s = format!("{x:.10}");
        let s = s.trim_end_matches('0');
        s.trim_end_matches('.').to_string()
    } else {
        x.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn each_pattern_gets_its_hint() {
        let e = array![[1.0, -2.0, 3.0], [0.5, 0.0, 4.0]];
        let hint = |g: ndarray::Array2<f64>| compare("f", e.clone(), g).mean_over(2).check();
        assert_eq!(hint(e.clone()), Ok(()));
        assert_eq!(hint(e.t().to_owned()).unwrap_err().hint, Hint::Transposed);
        assert_eq!(hint(-&e).unwrap_err().hint, Hint::WrongSign);
        assert_eq!(
            hint(&e * 2.0).unwrap_err().hint,
            Hint::MissingOneOverN { n: 2 }
        );
        assert_eq!(
            hint(&e / 2.0).unwrap_err().hint,
            Hint::ExtraOneOverN { n: 2 }
        );
        assert_eq!(hint(&e + 0.25).unwrap_err().hint, Hint::Offset { by: 0.25 });
        let plain = |g: ndarray::Array2<f64>| compare("f", e.clone(), g).check();
        assert_eq!(plain(&e * 2.0).unwrap_err().hint, Hint::Doubled);
        assert_eq!(plain(&e * 0.5).unwrap_err().hint, Hint::Halved);
        assert_eq!(
            plain(&e * 3.0).unwrap_err().hint,
            Hint::Scaled { ratio: 3.0 }
        );
        let m = plain(ndarray::Array2::zeros((2, 4))).unwrap_err();
        assert_eq!(m.hint, Hint::WrongShape);
        assert_eq!(m.detail, "expected shape (2, 3), got (2, 4)");
        let known = compare("f", e.clone(), ndarray::Array1::from(vec![1.0, 2.0]))
            .known(ndarray::Array1::from(vec![1.0, 2.0]), Hint::WrongAxis)
            .check();
        assert_eq!(known.unwrap_err().hint, Hint::WrongAxis);
        let mut g = e.clone();
        g[[1, 2]] = 7.0;
        let m = hint(g).unwrap_err();
        assert_eq!(m.hint, Hint::NoPattern);
        assert_eq!(
            m.detail,
            "first difference at [1, 2]: expected 4, got 7 (difference 3); 1 of 6 elements differ"
        );
    }

    #[test]
    fn differences_only_where_inputs_are_large_or_at_the_kink() {
        let e = array![1.0, 2.0, 3.0];
        // ∞ is no number "within 1e-9 relative" of 3 (it once was: |3 − ∞| ≤ 1e-9·∞).
        let m = compare("f", e.clone(), array![1.0, 2.0, f64::INFINITY]).check();
        assert_eq!(m.unwrap_err().hint, Hint::NoPattern);
        let g = array![1.0, 2.0, f64::NAN];
        let m = compare("f", e.clone(), g.clone())
            .large_where(array![false, false, true])
            .check();
        assert_eq!(m.unwrap_err().hint, Hint::UnstableAtLargeInputs);
        let m = compare("f", e, g)
            .kink_where(array![false, false, true], "0 here")
            .check();
        assert_eq!(
            m.unwrap_err().hint,
            Hint::OnlyAtKink {
                convention: "0 here"
            }
        );
    }
}
