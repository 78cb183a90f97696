//! Every building block against an independent automatic differentiation: the forward values
//! and vector-Jacobian products that JAX computed for the same inputs
//! (`tests/reference/generate.py` wrote `tests/reference/reference.json`; its README says how
//! to regenerate it). No Python is needed here.
//!
//! Tolerance: relative 1e-10, plus an absolute 1e-15. The absolute part covers two things the
//! reference's README documents: JAX flushes subnormal results to 0 (σ(−710) ≈ 4.5e-309 is
//! stored as 0), and far in the tails the derivatives computed from a cached output,
//! Z·(1 − Z) and 1 − Z², lose their relative digits (1 − Z cancels) while staying within
//! ~1e-16 absolutely.

use ch01_sigmoid_neuron::train::squared_error;
use ch01_sigmoid_neuron::{sigmoid, Sigmoid, Tanh};
use ch02_logistic_regression::cost::Cost;
use ch02_logistic_regression::descent::gradient;
use ch02_logistic_regression::Standardizer;
use ch03_relu_xor::{softmax, Dense, Layer, Loss, Relu, SoftmaxCrossEntropy};
use ch04_leaky_relu::LeakyRelu;
use ch05_softmax::jacobian::softmax_backward_via_jacobian;
use ch06_conv_saliency::{Conv2d, Padding};
use ch07_batch_norm::BatchNorm;
use ndarray::{Array1, Array2, Array4, ArrayD, Dimension, IxDyn};
use serde_json::Value;

fn reference() -> Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/reference/reference.json"
    );
    serde_json::from_str(&std::fs::read_to_string(path).expect("reference.json"))
        .expect("valid JSON")
}

fn array(v: &Value) -> ArrayD<f64> {
    let shape: Vec<usize> = v["shape"]
        .as_array()
        .expect("shape")
        .iter()
        .map(|d| d.as_u64().expect("dim") as usize)
        .collect();
    let data: Vec<f64> = v["data"]
        .as_array()
        .expect("data")
        .iter()
        .map(|x| x.as_f64().expect("number"))
        .collect();
    ArrayD::from_shape_vec(IxDyn(&shape), data).expect("shape matches data")
}

fn a1(v: &Value) -> Array1<f64> {
    array(v).into_dimensionality().expect("1-D")
}
fn a2(v: &Value) -> Array2<f64> {
    array(v).into_dimensionality().expect("2-D")
}
/// An element-wise operation's array as rows: a 1-D list of edge values becomes one row.
fn rows(v: &Value) -> Array2<f64> {
    let a = array(v);
    let n = a.len();
    if a.ndim() == 1 {
        a.into_shape_with_order((1, n))
            .expect("contiguous")
            .into_dimensionality()
            .expect("2-D")
    } else {
        a.into_dimensionality().expect("2-D")
    }
}
fn a4(v: &Value) -> Array4<f64> {
    array(v).into_dimensionality().expect("4-D")
}

fn close(ours: f64, theirs: f64) -> bool {
    (ours - theirs).abs() <= 1e-10 * ours.abs().max(theirs.abs()) + 1e-15
}

fn assert_close<D: Dimension>(
    what: &str,
    ours: &ndarray::Array<f64, D>,
    theirs: &ndarray::Array<f64, D>,
) {
    assert_eq!(ours.shape(), theirs.shape(), "{what}: shapes");
    for (i, (&a, &b)) in ours.iter().zip(theirs.iter()).enumerate() {
        assert!(close(a, b), "{what}, element {i}: ours {a:e}, JAX {b:e}");
    }
}

fn cases<'a>(r: &'a Value, op: &str) -> &'a Vec<Value> {
    let list = r[op]
        .as_array()
        .unwrap_or_else(|| panic!("no op {op} in the reference"));
    assert!(!list.is_empty());
    list
}

fn name(c: &Value) -> &str {
    c["case"].as_str().unwrap_or("?")
}

#[test]
fn sigmoid_and_tanh_layers() {
    let r = reference();
    for c in cases(&r, "sigmoid") {
        let (x, g) = (rows(&c["x"]), rows(&c["g"]));
        let mut layer = Sigmoid::default();
        assert_close(
            &format!("sigmoid {} y", name(c)),
            &layer.forward(&x),
            &rows(&c["y"]),
        );
        assert_close(
            &format!("sigmoid {} dx", name(c)),
            &layer.backward(&g),
            &rows(&c["dx"]),
        );
    }
    for c in cases(&r, "tanh") {
        let (x, g) = (rows(&c["x"]), rows(&c["g"]));
        let mut layer = Tanh::default();
        assert_close(
            &format!("tanh {} y", name(c)),
            &layer.forward(&x),
            &rows(&c["y"]),
        );
        assert_close(
            &format!("tanh {} dx", name(c)),
            &layer.backward(&g),
            &rows(&c["dx"]),
        );
    }
}

#[test]
fn relu_and_leaky_relu_with_the_kink_convention() {
    let r = reference();
    for c in cases(&r, "relu") {
        let (x, g) = (rows(&c["x"]), rows(&c["g"]));
        let mut layer = Relu::default();
        assert_close(
            &format!("relu {} y", name(c)),
            &layer.forward(&x),
            &rows(&c["y"]),
        );
        assert_close(
            &format!("relu {} dx", name(c)),
            &layer.backward(&g),
            &rows(&c["dx"]),
        );
    }
    for c in cases(&r, "leaky_relu") {
        let (x, g) = (rows(&c["x"]), rows(&c["g"]));
        let mut layer = LeakyRelu::new(c["alpha"].as_f64().expect("alpha"));
        assert_close(
            &format!("leaky {} y", name(c)),
            &layer.forward(&x),
            &rows(&c["y"]),
        );
        assert_close(
            &format!("leaky {} dx", name(c)),
            &layer.backward(&g),
            &rows(&c["dx"]),
        );
    }
}

#[test]
fn softmax_and_cross_entropy() {
    let r = reference();
    for c in cases(&r, "softmax") {
        let (z, g) = (a2(&c["z"]), a2(&c["g"]));
        let p = softmax(&z);
        assert_close(&format!("softmax {} y", name(c)), &p, &a2(&c["y"]));
        assert_close(
            &format!("softmax {} dz", name(c)),
            &softmax_backward_via_jacobian(&p, &g),
            &a2(&c["dz"]),
        );
    }
    for c in cases(&r, "cross_entropy") {
        let z = a2(&c["z"]);
        let labels: Vec<usize> = c["labels"]
            .as_array()
            .expect("labels")
            .iter()
            .map(|l| l.as_u64().expect("int") as usize)
            .collect();
        let mut ce = SoftmaxCrossEntropy::default();
        let loss = ce.forward(&z, &labels);
        assert!(
            close(loss, c["loss"].as_f64().expect("loss")),
            "cross-entropy {}: {loss}",
            name(c)
        );
        assert_close(
            &format!("cross-entropy {} dz", name(c)),
            &ce.backward(),
            &a2(&c["dz"]),
        );
    }
}

#[test]
fn binary_cross_entropy_from_logits() {
    let r = reference();
    for c in cases(&r, "bce_logits") {
        let (z, y) = (a1(&c["z"]), a1(&c["y"]));
        let loss = Cost::Logits.mean(&z, &y);
        assert!(
            close(loss, c["loss"].as_f64().expect("loss")),
            "bce {}: {loss}",
            name(c)
        );
        // Chapter 2's gradient (1/m)·Xᵀ(σ(Xw) − y) with X = I and w = z is ∂L/∂z.
        let identity = Array2::eye(z.len());
        assert_close(
            &format!("bce {} dz", name(c)),
            &gradient(&identity, &y, &z),
            &a1(&c["dz"]),
        );
        // σ itself at these logits, for the record: finite everywhere.
        assert!(z.iter().all(|&v| sigmoid(v).is_finite()));
    }
}

#[test]
fn squared_error_and_dense() {
    let r = reference();
    for c in cases(&r, "squared_error") {
        let (loss, grad) = squared_error(&a2(&c["o"]), &a2(&c["t"]));
        assert!(
            close(loss, c["loss"].as_f64().expect("loss")),
            "squared error {}",
            name(c)
        );
        assert_close(
            &format!("squared error {} do", name(c)),
            &grad,
            &a2(&c["do"]),
        );
    }
    for c in cases(&r, "dense") {
        let mut layer = Dense::new(a2(&c["w"]), a1(&c["b"]));
        assert_close(
            &format!("dense {} y", name(c)),
            &layer.forward(&a2(&c["x"])),
            &a2(&c["y"]),
        );
        assert_close(
            &format!("dense {} dx", name(c)),
            &layer.backward(&a2(&c["g"])),
            &a2(&c["dx"]),
        );
        assert_close(
            &format!("dense {} dw", name(c)),
            &layer.grad_w,
            &a2(&c["dw"]),
        );
        assert_close(
            &format!("dense {} db", name(c)),
            layer.grad_b.as_ref().expect("bias"),
            &a1(&c["db"]),
        );
    }
}

#[test]
fn conv2d_same_and_valid() {
    let r = reference();
    for c in cases(&r, "conv2d") {
        let padding = match c["padding"].as_str() {
            Some("same") => Padding::Same,
            Some("valid") => Padding::Valid,
            other => panic!("padding {other:?}"),
        };
        let mut conv = Conv2d::new(a4(&c["k"]), a1(&c["b"]), padding);
        assert_close(
            &format!("conv {} y", name(c)),
            &conv.forward(&a4(&c["x"])),
            &a4(&c["y"]),
        );
        assert_close(
            &format!("conv {} dx", name(c)),
            &conv.backward(&a4(&c["g"])),
            &a4(&c["dx"]),
        );
        assert_close(
            &format!("conv {} dk", name(c)),
            &conv.grad_kernel,
            &a4(&c["dk"]),
        );
        assert_close(
            &format!("conv {} db", name(c)),
            &conv.grad_bias,
            &a1(&c["db"]),
        );
    }
}

#[test]
fn batch_normalization_in_both_modes() {
    let r = reference();
    for (op, training) in [("batch_norm_train", true), ("batch_norm_eval", false)] {
        for c in cases(&r, op) {
            let x = a2(&c["x"]);
            let mut bn = BatchNorm::new(x.ncols());
            bn.gamma = a1(&c["gamma"]);
            bn.beta = a1(&c["beta"]);
            if !training {
                bn.running_mean = a1(&c["running_mean"]);
                bn.running_var = a1(&c["running_var"]);
            }
            let g = a2(&c["g"]);
            // Training: `forward` and `backward`; inference: `infer` and `infer_backward`.
            let (y, dx, dgamma, dbeta) = if training {
                let y = bn.forward(&x);
                let dx = bn.backward(&g);
                (y, dx, bn.grad_gamma.clone(), bn.grad_beta.clone())
            } else {
                let grads = bn.infer_backward(&x, &g);
                (bn.infer(&x), grads.x, grads.gamma, grads.beta)
            };
            assert_close(&format!("{op} {} y", name(c)), &y, &a2(&c["y"]));
            assert_close(&format!("{op} {} dx", name(c)), &dx, &a2(&c["dx"]));
            assert_close(
                &format!("{op} {} dgamma", name(c)),
                &dgamma,
                &a1(&c["dgamma"]),
            );
            assert_close(&format!("{op} {} dbeta", name(c)), &dbeta, &a1(&c["dbeta"]));
        }
    }
}

#[test]
fn standardization() {
    let r = reference();
    for c in cases(&r, "standardize") {
        let s = Standardizer::fit(&a2(&c["train"]));
        assert_close(
            &format!("standardize {} mean", name(c)),
            &s.mean,
            &a1(&c["mean"]),
        );
        assert_close(
            &format!("standardize {} std", name(c)),
            &s.std,
            &a1(&c["std"]),
        );
        assert_close(
            &format!("standardize {} train", name(c)),
            &s.transform(&a2(&c["train"])),
            &a2(&c["train_out"]),
        );
        assert_close(
            &format!("standardize {} test", name(c)),
            &s.transform(&a2(&c["test"])),
            &a2(&c["test_out"]),
        );
    }
}
