//! From a wrong result to where and why: the first element that differs, and a hint chosen
//! from what the difference looks like.
//!
//! A check builds a [`Compare`] of the chapter's result (expected) with the candidate's (got),
//! says what it knows — the n of a mean and the other counts it could be confused with, which
//! elements came from large inputs or sit at a kink, which axis holds the features or the
//! steps, what each typical mistake would have returned — and calls [`Compare::check`]. In
//! order, a difference is classified as:
//!
//! 1. a known mistake the check computed (its sentence is a constant of the chapter's check
//!    file: [`Hint::Mistake`]), or the value the right formula gives on top of another exercise
//!    of the reader's that is wrong ([`Hint::FixFirst`]);
//! 2. a transposed shape (or, for a square result, the transposed values), or another shape;
//! 3. wrong values only where the inputs are large (an exponential that overflows or
//!    underflows), or only at a kink (x = 0: the derivative's convention there, or a 0/0);
//! 4. NaN or ∞ where the right result is finite: where it first appears (a step, an index);
//! 5. a constant ratio over several numbers: −1, n or 1/n, one count for another, 2 or ½; a
//!    constant offset; a ratio or offset of its own for each feature (column) or channel;
//! 6. otherwise no pattern ([`Hint::NoPattern`]); a backward pass's check then runs a
//!    finite-difference check of the candidate ([`Hint::FailsGradientCheck`]).
//!
//! A single number is never given a ratio or an offset as its pattern — any wrong number is
//! both — except the exact counts (n, 1/n, −1) a mean or a sign gets wrong.

use std::fmt;
use std::panic::{self, AssertUnwindSafe};

use ndarray::{ArrayD, Axis, Dimension, IxDyn};
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
    /// Divided by one count where the mean divides by another.
    WrongCount {
        used: usize,
        used_name: &'static str,
        right: usize,
        right_name: &'static str,
    },
    /// Every element is twice the right one.
    Doubled,
    /// Every element is half the right one.
    Halved,
    /// Every element is the same multiple of the right one.
    Scaled { ratio: f64 },
    /// Every element is the right one plus the same number.
    Offset { by: f64 },
    /// Each slice along an axis (a feature's column, a channel) is off by a factor of its own.
    ScaledPer { what: &'static str },
    /// Each slice along an axis is off by a constant of its own.
    OffsetPer { what: &'static str },
    /// NaN, ∞ or wrong values only where the inputs are large: a formula that overflows.
    UnstableAtLargeInputs,
    /// Wrong only at the kink x = 0; `convention` says what this book takes there; `nan` when
    /// the answer is NaN there (a 0/0, not a convention).
    OnlyAtKink { convention: &'static str, nan: bool },
    /// NaN or ∞ where the right result is finite, first at `first` ("step 1", "[2, 0]").
    NotFinite { first: String },
    /// A typical mistake of one exercise, recognised by the value it gives; the sentence is a
    /// constant of the chapter's check file (`checks::ch07::EPSILON_OUTSIDE_ROOT`, …).
    Mistake(&'static str),
    /// The formula is right, but it calls the reader's answer to exercise `id` (`function`),
    /// which is wrong.
    FixFirst {
        id: &'static str,
        function: &'static str,
    },
    /// The candidate panicked (not with `todo!()`): the panic's message is in the detail;
    /// `at` is the line of the reader's file it came from, when the backtrace names one.
    Panicked { at: Option<String> },
    /// A derivative that disagrees with central finite differences of the chapter's forward
    /// pass; `worst` is the gradient check's worst element, its index as the array's.
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
            Hint::MissingOneOverN { n } => write!(f, "exactly {n} times too large: the 1/n of the mean (n = {n}) is missing"),
            Hint::ExtraOneOverN { n } => write!(f, "exactly {n} times too small: a factor 1/n (n = {n}) too many — is it already in the upstream gradient?"),
            Hint::WrongCount { used, used_name, right, right_name } => write!(f, "divided by {used} (the number of {used_name}) where the mean divides by {right} (the number of {right_name}): which axis is the batch?"),
            Hint::Doubled => write!(f, "every element is twice the right one: a factor 2 (or a term counted twice)"),
            Hint::Halved => write!(f, "every element is half the right one: a factor ½ too many"),
            Hint::Scaled { ratio } => write!(f, "every element is {ratio:.6} times the right one: a constant factor is off"),
            Hint::Offset { by } => write!(f, "every element is off by the same {by:.6}: a constant term is missing or extra"),
            Hint::ScaledPer { what } => write!(f, "each {what} is off by a factor of its own (the same down the {what}, different across them): a per-{what} quantity — a standard deviation, a variance, a count — is applied where it does not belong, or missing"),
            Hint::OffsetPer { what } => write!(f, "each {what} is off by a constant of its own: a per-{what} term (a sum or mean over the batch) is missing or extra"),
            Hint::UnstableAtLargeInputs => write!(f, "right for moderate inputs, but NaN, ∞ or wrong where |input| is large: an exponential there overflows to ∞ or underflows to 0 (∞/∞, 0/0, log 0) — write it so that exp only ever sees a non-positive number, as the chapter's stable form does"),
            Hint::OnlyAtKink { convention, nan: false } => write!(f, "right everywhere except exactly at the kink x = 0: {convention}"),
            Hint::OnlyAtKink { nan: true, .. } => write!(f, "NaN exactly at the kink x = 0: your derivative divides 0 by 0 there (x/|x|, a sign computed by division?); test x > 0 instead"),
            Hint::NotFinite { first } => write!(f, "NaN or ∞ first appears at {first}, where the right result is finite: a 0/0, ∞/∞, ∞ − ∞ or log 0 in your formula there"),
            Hint::Mistake(sentence) => write!(f, "{sentence}"),
            Hint::FixFirst { id, function } => write!(f, "this formula is right, but it calls your `{function}`, which is wrong: fix exercise {id} first"),
            Hint::Panicked { at: Some(at) } => write!(f, "your function panicked at {at} (your file): the message above says what went wrong there"),
            Hint::Panicked { at: None } => write!(f, "your function panicked: the message above says what went wrong (a shape mismatch names both shapes)"),
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
    /// The candidate panicked with `message`, at `at` in the reader's file when known.
    pub fn panicked(message: String, at: Option<String>) -> Self {
        Mismatch {
            what: "your function panicked".to_string(),
            detail: message,
            hint: Hint::Panicked { at },
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
    /// finite-difference check of the candidate's gradient (run only when needed), its worst
    /// element named by its index in an array of `shape`.
    pub fn or_gradient_check(self, shape: &[usize], check: impl FnOnce() -> GradCheck) -> Self {
        self.or_hint(|| {
            let c = check();
            Hint::FailsGradientCheck {
                worst: format!(
                    "max relative error {:.3e} at {} (analytic {}, numeric {})",
                    c.max_relative_error,
                    format_index(&unflatten(c.worst_index, shape)),
                    num(c.analytic),
                    num(c.numeric)
                ),
            }
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

/// A value a typical mistake gives, computed now or only when the answer is wrong.
enum Known<'a> {
    Now(ArrayD<f64>),
    /// Calls the reader's code (another exercise): run only on a mismatch, and a panic there
    /// (a stub) means "not this mistake".
    Later(Box<dyn FnOnce() -> ArrayD<f64> + 'a>),
}

/// A comparison of the chapter's result with the candidate's, and what the check knows.
pub struct Compare<'a> {
    what: String,
    expected: ArrayD<f64>,
    got: ArrayD<f64>,
    /// The n of a mean and what it counts ("samples").
    n: Option<(usize, &'static str)>,
    /// Other counts a learner may divide by instead ("features").
    counts: Vec<(usize, &'static str)>,
    /// Masks: a difference only inside one gets its hint.
    only: Vec<(ArrayD<bool>, Hint)>,
    kink: Option<(ArrayD<bool>, &'static str)>,
    known: Vec<(Known<'a>, Hint)>,
    inputs: Option<ArrayD<f64>>,
    /// The axis whose slices may each be off by their own factor, and what a slice is.
    per: Option<(usize, &'static str)>,
    /// Axis 0 counts steps (row k: after step k + 1).
    steps: bool,
}

/// Starts a comparison; `what` names the call ("dense_backward: ∂L/∂W for X (5, 3)").
pub fn compare<'a, D: Dimension, E: Dimension>(
    what: impl Into<String>,
    expected: ndarray::Array<f64, D>,
    got: ndarray::Array<f64, E>,
) -> Compare<'a> {
    Compare {
        what: what.into(),
        expected: expected.into_dyn(),
        got: got.into_dyn(),
        n: None,
        counts: Vec::new(),
        only: Vec::new(),
        kink: None,
        known: Vec::new(),
        inputs: None,
        per: None,
        steps: false,
    }
}

impl<'a> Compare<'a> {
    /// The n of a mean and what it counts (the batch size: "samples"), for the 1/n hints.
    pub fn mean_over(mut self, n: usize, of: &'static str) -> Self {
        self.n = Some((n, of));
        self
    }

    /// Another count a learner may divide by where the mean's n belongs ("features").
    pub fn or_count(mut self, k: usize, of: &'static str) -> Self {
        self.counts.push((k, of));
        self
    }

    /// Which elements of the result come from large inputs (same shape as the result).
    pub fn large_where<D: Dimension>(self, mask: ndarray::Array<bool, D>) -> Self {
        self.only_where(mask, Hint::UnstableAtLargeInputs)
    }

    /// A difference only inside `mask` (same shape as the result) gets `hint`.
    pub fn only_where<D: Dimension>(mut self, mask: ndarray::Array<bool, D>, hint: Hint) -> Self {
        self.only.push((mask.into_dyn(), hint));
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
        self.known.push((Known::Now(value.into_dyn()), hint));
        self
    }

    /// What the right formula returns on top of the reader's answer to exercise `id`
    /// (`function`): computed only when the answer is wrong, and ignored if that answer
    /// panics (a stub).
    pub fn fix_first<D: Dimension>(
        mut self,
        id: &'static str,
        function: &'static str,
        value: impl FnOnce() -> ndarray::Array<f64, D> + 'a,
    ) -> Self {
        let later = Box::new(move || value().into_dyn());
        self.known
            .push((Known::Later(later), Hint::FixFirst { id, function }));
        self
    }

    /// Each slice along `axis` is one `what` ("feature", "channel"): a factor or offset of its
    /// own per slice is a pattern.
    pub fn per(mut self, axis: usize, what: &'static str) -> Self {
        self.per = Some((axis, what));
        self
    }

    /// Axis 0 counts steps: row k is the state after step k + 1.
    pub fn steps(mut self) -> Self {
        self.steps = true;
        self
    }

    /// `Ok` when the candidate agrees with the chapter; else where and why.
    pub fn check(mut self) -> Result<(), Mismatch> {
        let (e, g) = (&self.expected, &self.got);
        if same(e, g) {
            return Ok(());
        }
        let wrong = |detail: String, hint: Hint| {
            Err(Mismatch {
                what: self.what.clone(),
                detail,
                hint,
            })
        };
        let known: Vec<(ArrayD<f64>, Hint)> = std::mem::take(&mut self.known)
            .into_iter()
            .filter_map(|(value, hint)| match value {
                Known::Now(v) => Some((v, hint)),
                Known::Later(f) => quietly(f).map(|v| (v, hint)),
            })
            .collect();
        let recognised = known.iter().find(|(value, _)| same(value, g));
        if e.shape() != g.shape() {
            let shapes = format!(
                "expected shape {}, got {}",
                shape(e.shape()),
                shape(g.shape())
            );
            if let Some((_, hint)) = recognised {
                return wrong(shapes, hint.clone());
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
        let place = |i: &IxDyn| {
            if self.steps {
                step_index(i)
            } else {
                format_index(i)
            }
        };
        let detail = format!(
            "first difference at {}{input}: expected {}, got {} (difference {}); {} of {} elements differ",
            place(index),
            num(*first_e),
            num(*first_g),
            num(first_g - first_e),
            differ.len(),
            e.len()
        );
        if let Some((_, hint)) = recognised {
            return wrong(detail, hint.clone());
        }
        for (mask, hint) in &self.only {
            if differ.iter().all(|(i, _, _)| mask[i]) {
                return wrong(detail, hint.clone());
            }
        }
        if let Some((kink, convention)) = &self.kink {
            if differ.iter().all(|(i, _, _)| kink[i]) {
                let nan = differ.iter().any(|(_, _, b)| b.is_nan());
                return wrong(detail, Hint::OnlyAtKink { convention, nan });
            }
        }
        if let Some((i, _, _)) = differ
            .iter()
            .find(|(_, a, b)| a.is_finite() && !b.is_finite())
        {
            return wrong(detail, Hint::NotFinite { first: place(i) });
        }
        if e.ndim() == 2 && e.shape()[0] == e.shape()[1] && same(&e.t().to_owned(), g) {
            return wrong(detail, Hint::Transposed);
        }
        let single = e.len() == 1;
        if let Some(r) = ratio(e.iter().copied().zip(g.iter().copied()), single) {
            if let Some(hint) = self.ratio_hint(r, single) {
                return wrong(detail, hint);
            }
        }
        if !single && offset(e.iter().copied().zip(g.iter().copied())).is_some() {
            return wrong(
                detail,
                Hint::Offset {
                    by: first_g - first_e,
                },
            );
        }
        if let Some((axis, what)) = self.per {
            let slices = || {
                e.axis_iter(Axis(axis))
                    .zip(g.axis_iter(Axis(axis)))
                    .filter(|(a, _)| a.len() > 1)
            };
            if slices()
                .all(|(a, b)| ratio(a.iter().copied().zip(b.iter().copied()), false).is_some())
            {
                return wrong(detail, Hint::ScaledPer { what });
            }
            if slices().all(|(a, b)| offset(a.iter().copied().zip(b.iter().copied())).is_some()) {
                return wrong(detail, Hint::OffsetPer { what });
            }
        }
        wrong(detail, Hint::NoPattern)
    }

    /// The hint of a constant ratio got / expected (not 1); for a single number only the
    /// exact counts and −1.
    fn ratio_hint(&self, r: f64, single: bool) -> Option<Hint> {
        let near = |target: f64| (r - target).abs() <= 1e-6 * target.abs();
        if near(1.0) {
            return None;
        }
        if near(-1.0) {
            return Some(Hint::WrongSign);
        }
        if let Some((n, of)) = self.n {
            if n > 1 && near(n as f64) {
                return Some(Hint::MissingOneOverN { n });
            }
            if n > 1 && near(1.0 / n as f64) {
                return Some(Hint::ExtraOneOverN { n });
            }
            for &(k, name) in &self.counts {
                if k != n && near(n as f64 / k as f64) {
                    return Some(Hint::WrongCount {
                        used: k,
                        used_name: name,
                        right: n,
                        right_name: of,
                    });
                }
            }
        }
        if single {
            return None;
        }
        Some(if near(2.0) {
            Hint::Doubled
        } else if near(0.5) {
            Hint::Halved
        } else {
            Hint::Scaled { ratio: r }
        })
    }
}

/// The constant ratio got / expected over pairs (expected, got), if there is one: every
/// pair finite, zeros where the expected value is 0, and (unless `single`) at least two
/// non-zero pairs that agree to 1e-6.
fn ratio(pairs: impl Iterator<Item = (f64, f64)>, single: bool) -> Option<f64> {
    let mut found: Option<f64> = None;
    let mut count = 0;
    for (a, b) in pairs {
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
        match found {
            None => found = Some(r),
            Some(r0) if (r - r0).abs() <= 1e-6 * r0.abs() => {}
            Some(_) => return None,
        }
        count += 1;
    }
    found.filter(|_| single || count >= 2)
}

/// The constant offset got − expected over at least two pairs, if there is one (0 too).
fn offset(pairs: impl Iterator<Item = (f64, f64)>) -> Option<f64> {
    let pairs: Vec<(f64, f64)> = pairs.collect();
    let (a0, b0) = *pairs.first()?;
    let by = b0 - a0;
    let constant = by.is_finite()
        && pairs.len() >= 2
        && pairs
            .iter()
            .all(|&(a, b)| close(a + by, b) || close(b - a, by));
    constant.then_some(by)
}

/// Runs `f` (which calls the reader's code), `None` if it panics; the panic prints nothing.
fn quietly(f: impl FnOnce() -> ArrayD<f64>) -> Option<ArrayD<f64>> {
    crate::grade::silenced(|| panic::catch_unwind(AssertUnwindSafe(f)).ok())
}

/// Same shape and every element close.
pub fn same(a: &ArrayD<f64>, b: &ArrayD<f64>) -> bool {
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

/// An element's index as the array's own: [1, 0, 2, 3], or "the value" for a number.
pub fn format_index(i: &IxDyn) -> String {
    let parts: Vec<String> = i.slice().iter().map(|k| k.to_string()).collect();
    if parts.is_empty() {
        "the value".to_string()
    } else {
        format!("[{}]", parts.join(", "))
    }
}

/// Row k of a path of steps is "step k + 1"; the rest of the index follows.
fn step_index(i: &IxDyn) -> String {
    match i.slice() {
        [] => "the value".to_string(),
        [k] => format!("step {}", k + 1),
        [k, rest @ ..] => format!("step {}, {}", k + 1, format_index(&IxDyn(rest))),
    }
}

/// The index of element `flat` (row-major) of an array of `shape`.
fn unflatten(mut flat: usize, shape: &[usize]) -> IxDyn {
    let mut index = vec![0; shape.len()];
    for (k, &d) in shape.iter().enumerate().rev() {
        if d > 0 {
            index[k] = flat % d;
            flat /= d;
        }
    }
    IxDyn(&index)
}

/// A number with 10 significant digits (NaN and ∞ as such).
pub fn num(x: f64) -> String {
    if x == 0.0 {
        "0".to_string() // −0 as 0: the sign of a zero is no mistake here
    } else if x.is_finite() && (x.abs() >= 1e6 || x.abs() < 1e-4) {
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
    use ndarray::{arr0, array, Array2};

    #[test]
    fn each_pattern_gets_its_hint() {
        let e = array![[1.0, -2.0, 3.0], [0.5, 0.0, 4.0]];
        let hint = |g: Array2<f64>| compare("f", e.clone(), g).mean_over(2, "samples").check();
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
        let plain = |g: Array2<f64>| compare("f", e.clone(), g).check();
        assert_eq!(plain(&e * 2.0).unwrap_err().hint, Hint::Doubled);
        assert_eq!(plain(&e * 0.5).unwrap_err().hint, Hint::Halved);
        assert_eq!(
            plain(&e * 3.0).unwrap_err().hint,
            Hint::Scaled { ratio: 3.0 }
        );
        let m = plain(Array2::zeros((2, 4))).unwrap_err();
        assert_eq!(m.hint, Hint::WrongShape);
        assert_eq!(m.detail, "expected shape (2, 3), got (2, 4)");
        let known = compare("f", e.clone(), ndarray::Array1::from(vec![1.0, 2.0]))
            .known(ndarray::Array1::from(vec![1.0, 2.0]), Hint::Mistake("rows"))
            .check();
        assert_eq!(known.unwrap_err().hint, Hint::Mistake("rows"));
        let mut g = e.clone();
        g[[1, 2]] = 7.0;
        let m = hint(g).unwrap_err();
        assert_eq!(m.hint, Hint::NoPattern);
        assert_eq!(
            m.detail,
            "first difference at [1, 2]: expected 4, got 7 (difference 3); 1 of 6 elements differ"
        );
    }

    /// A single number is any multiple of the right one and any offset from it: only the
    /// counts a mean gets wrong, and the sign, are patterns there.
    #[test]
    fn a_single_number_gets_no_ratio_or_offset() {
        let one = |got: f64| compare("cost", arr0(0.5), arr0(got)).mean_over(8, "samples");
        assert_eq!(one(0.5 * 0.387).check().unwrap_err().hint, Hint::NoPattern);
        assert_eq!(one(1.0).check().unwrap_err().hint, Hint::NoPattern);
        assert_eq!(one(0.75).check().unwrap_err().hint, Hint::NoPattern);
        assert_eq!(
            one(4.0).check().unwrap_err().hint,
            Hint::MissingOneOverN { n: 8 }
        );
        assert_eq!(one(-0.5).check().unwrap_err().hint, Hint::WrongSign);
    }

    /// Divided by the number of features (3) where the mean divides by the samples (6): a
    /// factor 2 that is no factor 2.
    #[test]
    fn one_count_for_another() {
        let e = array![0.3, -1.2, 0.6];
        let m = compare("grad", e.clone(), &e * 2.0)
            .mean_over(6, "samples")
            .or_count(3, "features")
            .check()
            .unwrap_err();
        assert_eq!(
            m.hint,
            Hint::WrongCount {
                used: 3,
                used_name: "features",
                right: 6,
                right_name: "samples"
            }
        );
    }

    #[test]
    fn a_factor_or_an_offset_per_column() {
        let e = array![[1.0, -2.0, 3.0], [0.5, 1.0, 4.0], [2.0, 2.5, -1.0]];
        let scales = array![2.0, 0.5, 3.0];
        let m = compare("f", e.clone(), &e * &scales)
            .per(1, "feature")
            .check();
        assert_eq!(m.unwrap_err().hint, Hint::ScaledPer { what: "feature" });
        let m = compare("f", e.clone(), &e + &scales)
            .per(1, "feature")
            .check();
        assert_eq!(m.unwrap_err().hint, Hint::OffsetPer { what: "feature" });
    }

    #[test]
    fn differences_only_where_inputs_are_large_or_at_the_kink() {
        let e = array![1.0, 2.0, 3.0];
        // ∞ is no number "within 1e-9 relative" of 3 (it once was: |3 − ∞| ≤ 1e-9·∞).
        let m = compare("f", e.clone(), array![1.0, 2.0, f64::INFINITY]).check();
        assert_eq!(
            m.unwrap_err().hint,
            Hint::NotFinite {
                first: "[2]".to_string()
            }
        );
        let g = array![1.0, 2.0, f64::NAN];
        let m = compare("f", e.clone(), g.clone())
            .large_where(array![false, false, true])
            .check();
        assert_eq!(m.unwrap_err().hint, Hint::UnstableAtLargeInputs);
        let m = compare("f", e.clone(), array![1.0, 2.0, 4.0])
            .kink_where(array![false, false, true], "0 here")
            .check();
        assert_eq!(
            m.unwrap_err().hint,
            Hint::OnlyAtKink {
                convention: "0 here",
                nan: false
            }
        );
        let m = compare("f", e, g)
            .kink_where(array![false, false, true], "0 here")
            .check();
        assert!(matches!(
            m.unwrap_err().hint,
            Hint::OnlyAtKink { nan: true, .. }
        ));
    }

    #[test]
    fn steps_and_indices_are_named_as_such() {
        let e = array![[1.0, 2.0], [3.0, 4.0]];
        let g = array![[1.0, 2.0], [f64::NAN, f64::NAN]];
        let m = compare("θ", e.clone(), g).steps().check().unwrap_err();
        assert!(
            m.detail.starts_with("first difference at step 2, [0]"),
            "{}",
            m.detail
        );
        assert_eq!(
            m.hint,
            Hint::NotFinite {
                first: "step 2, [0]".to_string()
            }
        );
        assert_eq!(format_index(&unflatten(23, &[2, 3, 4])), "[1, 2, 3]");
        assert_eq!(format_index(&unflatten(5, &[6])), "[5]");
    }

    #[test]
    fn fix_first_is_computed_only_when_wrong_and_ignores_a_stub() {
        let e = array![1.0, 2.0];
        let ok = compare("f", e.clone(), e.clone())
            .fix_first("1.1", "sigmoid", || -> ndarray::Array1<f64> {
                panic!("never run")
            })
            .check();
        assert_eq!(ok, Ok(()));
        let stub = compare("f", e.clone(), array![1.0, 5.0])
            .fix_first("1.1", "sigmoid", || -> ndarray::Array1<f64> { todo!() })
            .check();
        assert_eq!(stub.unwrap_err().hint, Hint::NoPattern);
        let m = compare("f", e, array![1.0, 5.0])
            .fix_first("1.1", "sigmoid", || array![1.0, 5.0])
            .check();
        assert_eq!(
            m.unwrap_err().hint,
            Hint::FixFirst {
                id: "1.1",
                function: "sigmoid"
            }
        );
    }
}
