//! Each chapter's main workload at its default size, timed with criterion. The same
//! algorithms in numpy are in `numpy_workloads.py` beside this file; `compare.py` runs both
//! and prints the table of the book's appendix "How fast is it?".
//!
//! `cargo bench --bench workloads`

use ch01_sigmoid_neuron::augment;
use ch02_logistic_regression::cost::Cost;
use ch02_logistic_regression::descent::{gradient_descent, Descent};
use ch02_logistic_regression::Standardizer;
use ch03_relu_xor::numpy_port::run_numpy_program;
use ch03_relu_xor::{Layer, Loss, Mlp, Optimizer, Sgd, SoftmaxCrossEntropy, Trainer};
use ch05_softmax::bits::{BitsLoss, Squash};
use ch05_softmax::sgd::Shuffled;
use ch06_conv_saliency::saliency::saliency;
use ch06_conv_saliency::Cnn;
use ch07_batch_norm::bits_net;
use ch07_batch_norm::task::bit_task;
use ch10_autograd::networks::TapeNet;
use criterion::{criterion_group, criterion_main, Criterion};
use ndarray::{s, Array1, Array2};
use nn_core::data;
use nn_core::rng::seeded;
use std::hint::black_box;

fn digits_train() -> (Array2<f64>, Vec<usize>) {
    let (train, _) = data::digits().stratified_split(0.2, 0);
    (&train.features / 16.0, train.labels.to_vec())
}

/// Mini-batch SGD, batches of 32 shuffled from seed 0.
fn sgd<L: Loss>(loss: L, lr: f64, epochs: usize) -> Trainer<L, Sgd, Shuffled> {
    Trainer {
        loss,
        optimizer: Sgd,
        lr,
        batches: Shuffled::new(32, 0),
        epochs,
    }
}

fn workloads(c: &mut Criterion) {
    let mut group = c.benchmark_group("workloads");
    group.sample_size(10);

    // Chapter 2: 1000 iterations of batch gradient descent on standardized breast cancer.
    let (train, _) = data::breast_cancer().stratified_split(0.2, 2);
    let x = augment(&train.features);
    let x = Standardizer::fit(&x).transform(&x);
    let y = train.labels.mapv(|l| l as f64);
    let settings = Descent {
        lr: 0.5,
        iterations: 1000,
        cost: Cost::Logits,
        diagnose: true,
    };
    group.bench_function("ch02_gradient_descent", |b| {
        b.iter(|| {
            gradient_descent(black_box(&x), &y, Array1::zeros(x.ncols()), settings).expect("trains")
        })
    });

    // Chapter 3: the numpy program, 200 steps.
    group.bench_function("ch03_numpy_program", |b| {
        b.iter(|| run_numpy_program(black_box(1), 1.0))
    });

    // Chapter 5: the digits network, one full training run (30 epochs of mini-batch SGD).
    let (x, labels) = digits_train();
    group.bench_function("ch05_digits_mlp", |b| {
        b.iter(|| {
            let mut net = Mlp::new(64, 128, 10, &mut seeded(0));
            sgd(SoftmaxCrossEntropy::default(), 0.1, 30).fit(
                &mut net,
                black_box(&x),
                &labels,
                |_, _, _| {},
            )
        })
    });

    // Chapter 6: one epoch of the CNN, and saliency maps for 100 images.
    group.bench_function("ch06_cnn_epoch", |b| {
        b.iter(|| {
            let mut net = Cnn::new(8, &mut seeded(0));
            sgd(SoftmaxCrossEntropy::default(), 0.05, 1).fit(
                &mut net,
                black_box(&x),
                &labels,
                |_, _, _| {},
            )
        })
    });
    let net = Cnn::new(8, &mut seeded(0));
    let hundred = x.slice(s![..100, ..]).to_owned();
    group.bench_function("ch06_saliency_100", |b| {
        b.iter(|| saliency(&net, black_box(&hundred)))
    });

    // Chapter 7: one training run of the learner's network (tanh, batch norm), 20 epochs.
    let (x, bits) = bit_task(1024, 0);
    let targets = Squash::Tanh.targets(&bits, 0.0);
    group.bench_function("ch07_bn_training", |b| {
        b.iter(|| {
            let mut net = bits_net(true, &mut seeded(0));
            sgd(BitsLoss::new(Squash::Tanh), 0.05, 20).fit(
                &mut net,
                black_box(&x),
                &targets,
                |_, _, _| {},
            )
        })
    });

    // The machine's practical peak: one 512×512 matrix product, large enough for the
    // multiplication kernel to run at full speed.
    let a = Array2::from_shape_fn((512, 512), |(i, j)| ((i * 7 + j * 3) % 11) as f64 - 5.0);
    group.bench_function("dgemm_512", |b| b.iter(|| black_box(&a).dot(&a)));
    group.finish();
}

/// Chapter 10: one training step (forward, loss, backward, SGD update) on 32 digits, written
/// by hand against run through the tape, for the digits MLP and chapter 6's CNN.
fn autograd(c: &mut Criterion) {
    let mut group = c.benchmark_group("autograd");
    group.sample_size(20);
    let (x, labels) = digits_train();
    let (xb, yb) = (x.slice(s![..32, ..]).to_owned(), labels[..32].to_vec());
    let lr = 0.1;
    fn hand_step(net: &mut impl Layer, x: &Array2<f64>, y: &[usize], lr: f64) -> f64 {
        let mut loss = SoftmaxCrossEntropy::default();
        let value = loss.forward(&net.forward(x), y);
        net.backward_params(&loss.backward());
        Sgd.step(lr, net);
        value
    }
    let mut mlp = Mlp::new(64, 128, 10, &mut seeded(0));
    group.bench_function("ch10_mlp_step_hand", |b| {
        b.iter(|| hand_step(&mut mlp, black_box(&xb), &yb, lr))
    });
    let mut taped = TapeNet::mlp(&mut Mlp::new(64, 128, 10, &mut seeded(0)));
    group.bench_function("ch10_mlp_step_tape", |b| {
        b.iter(|| {
            let l = taped.loss(black_box(&xb), SoftmaxCrossEntropy::default(), &yb);
            taped.step(l, &mut Sgd, lr)
        })
    });
    let mut cnn = Cnn::new(8, &mut seeded(0));
    group.bench_function("ch10_cnn_step_hand", |b| {
        b.iter(|| hand_step(&mut cnn, black_box(&xb), &yb, lr))
    });
    let mut taped = TapeNet::cnn(&mut Cnn::new(8, &mut seeded(0)));
    group.bench_function("ch10_cnn_step_tape", |b| {
        b.iter(|| {
            let l = taped.loss(black_box(&xb), SoftmaxCrossEntropy::default(), &yb);
            taped.step(l, &mut Sgd, lr)
        })
    });
    group.finish();
}

criterion_group!(benches, workloads, autograd);
criterion_main!(benches);
