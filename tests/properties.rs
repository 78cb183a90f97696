//! Properties that must hold for every input, not just the chapters' examples: gradient
//! checks on random shapes and values (away from ReLU's kink), and invariants — softmax rows
//! sum to 1 and ignore a shift, σ stays in [0, 1], every cost is finite for logits up to
//! ±1e300.

use ch01_sigmoid_neuron::sigmoid;
use ch02_logistic_regression::cost::Cost;
use ch03_relu_xor::{softmax, Dense, Layer, Loss, SoftmaxCrossEntropy};
use ch04_leaky_relu::LeakyRelu;
use ch06_conv_saliency::{Conv2d, Padding};
use ch07_batch_norm::BatchNorm;
use ndarray::{Array1, Array2, Array4};
use nn_core::gradcheck::{check_gradient, check_vjp};
use proptest::prelude::*;

/// A matrix of the given shape with entries in [lo, hi].
fn matrix(rows: usize, cols: usize, lo: f64, hi: f64) -> impl Strategy<Value = Array2<f64>> {
    proptest::collection::vec(lo..hi, rows * cols)
        .prop_map(move |v| Array2::from_shape_vec((rows, cols), v).expect("sizes"))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn sigmoid_is_finite_and_in_the_unit_interval(x in proptest::num::f64::NORMAL | proptest::num::f64::SUBNORMAL | proptest::num::f64::ZERO) {
        let s = sigmoid(x);
        prop_assert!(s.is_finite() && (0.0..=1.0).contains(&s));
    }

    #[test]
    fn costs_are_finite_for_logits_up_to_1e300(z in -1e300..1e300f64, label in 0usize..2) {
        let y = label as f64;
        prop_assert!(Cost::Logits.per_sample(z, y).is_finite());
        let logits = Array2::from_shape_vec((1, 2), vec![z, -z]).expect("1×2");
        prop_assert!(SoftmaxCrossEntropy::default().forward(&logits, &[label]).is_finite());
    }

    #[test]
    fn softmax_rows_sum_to_one_and_ignore_a_shift((z, shift) in (1usize..5, 2usize..6).prop_flat_map(|(r, c)| (matrix(r, c, -1e4, 1e4), -100.0..100.0f64))) {
        let p = softmax(&z);
        for row in p.rows() {
            prop_assert!((row.sum() - 1.0).abs() < 1e-12);
        }
        let shifted = softmax(&(&z + shift));
        prop_assert!((&p - &shifted).iter().all(|d| d.abs() < 1e-9));
    }

    #[test]
    fn dense_backward_passes_the_gradient_check((x, w, g) in (1usize..5, 1usize..5, 1usize..5).prop_flat_map(|(n, i, o)| (matrix(n, i, -2.0, 2.0), matrix(i, o, -2.0, 2.0), matrix(n, o, -1.0, 1.0)))) {
        let b = Array1::zeros(w.ncols());
        let mut layer = Dense::new(w.clone(), b.clone());
        layer.forward(&x);
        let grad_x = layer.backward(&g);
        prop_assert!(check_vjp(|x| Dense::new(w.clone(), b.clone()).forward(x), &x, &g, &grad_x).passed());
        let loss = |w: &Array2<f64>| (Dense::new(w.clone(), b.clone()).forward(&x) * &g).sum();
        prop_assert!(check_gradient(loss, &w, &layer.grad_w).passed());
    }

    #[test]
    fn leaky_relu_backward_passes_the_gradient_check_away_from_the_kink(x in matrix(3, 4, 0.01, 3.0), signs in proptest::collection::vec(any::<bool>(), 12), slope in 0.0..0.5f64, g in matrix(3, 4, -1.0, 1.0)) {
        // Values at least 0.01 from the kink, with random signs.
        let x = Array2::from_shape_fn((3, 4), |(i, j)| if signs[i * 4 + j] { x[[i, j]] } else { -x[[i, j]] });
        let mut layer = LeakyRelu::new(slope);
        layer.forward(&x);
        let analytic = layer.backward(&g);
        prop_assert!(check_vjp(|x| LeakyRelu::new(slope).forward(x), &x, &g, &analytic).passed());
    }

    #[test]
    fn softmax_cross_entropy_passes_the_gradient_check(z in matrix(3, 4, -5.0, 5.0), labels in proptest::collection::vec(0usize..4, 3)) {
        let mut ce = SoftmaxCrossEntropy::default();
        ce.forward(&z, &labels);
        prop_assert!(check_gradient(|z| SoftmaxCrossEntropy::default().forward(z, &labels), &z, &ce.backward()).passed());
    }

    #[test]
    fn batch_norm_backward_passes_the_gradient_check(x in matrix(4, 3, -3.0, 3.0), g in matrix(4, 3, -1.0, 1.0)) {
        let mut bn = BatchNorm::new(3);
        let fresh = bn.clone();
        bn.forward(&x);
        let grad = bn.backward(&g);
        prop_assert!(check_vjp(|x| fresh.clone().forward(x), &x, &g, &grad).passed());
    }

    #[test]
    fn conv2d_backward_passes_the_gradient_check((h, w, k, same) in (2usize..6, 2usize..6, 1usize..4, any::<bool>()), seed in any::<u64>()) {
        use nn_core::rng::{rand_distr::StandardNormal, seeded, RandomExt};
        let padding = if same { Padding::Same } else { Padding::Valid };
        prop_assume!(same || (k <= h && k <= w));
        let mut rng = seeded(seed);
        let x: Array4<f64> = Array4::random_using((1, 2, h, w), StandardNormal, &mut rng);
        let kernel: Array4<f64> = Array4::random_using((2, 2, k, k), StandardNormal, &mut rng);
        let bias = Array1::zeros(2);
        let mut conv = Conv2d::new(kernel.clone(), bias.clone(), padding);
        let y = conv.forward(&x);
        let g: Array4<f64> = Array4::random_using(y.raw_dim(), StandardNormal, &mut rng);
        let grad_x = conv.backward(&g);
        prop_assert!(check_vjp(|x| Conv2d::new(kernel.clone(), bias.clone(), padding).forward(x), &x, &g, &grad_x).passed());
    }
}
