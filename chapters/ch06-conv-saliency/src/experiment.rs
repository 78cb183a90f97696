//! Chapter 6's experiments, one function per section of the report, each returning a named
//! struct: convolution checked, the forum's example, a CNN trained on the digits, its kernel
//! and input gradients, its saliency maps, and the two tests of whether the maps mean anything.
//! Everything here computes; `report.rs` and `figures.rs` only present the results.

use ch03_relu_xor::{argmax, Layer, Sgd, SoftmaxCrossEntropy, Trainer};
use ch05_softmax::digits::scaled;
use ch05_softmax::sgd::Shuffled;
use clap::Parser;
use ndarray::{s, Array1, Array2, Array4};
use nn_core::cli::within;
use nn_core::data::Dataset;
use nn_core::gradcheck::{check_gradient, check_vjp};
use nn_core::rng::{rand_distr::StandardNormal, seeded, RandomExt};
use nn_core::Result;

use crate::cnn::{Cnn, SIDE};
use crate::conv::{conv2d_direct, input_gradient_by_full_convolution, Conv2d, Padding};
use crate::saliency::{self, map_correlation};

// ANCHOR: config
/// The chapter's settings; `Config::default()` is what `cargo run -p ch06-conv-saliency` uses.
#[derive(Clone, Debug, PartialEq, Parser)]
#[command(
    name = "ch06-conv-saliency",
    about = "Chapter 6: convolution and gradient saliency maps"
)]
pub struct Config {
    /// Seed of the split, the initial weights and the mini-batch order (0 to
    /// 9223372036854775807).
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// 3×3 filters of the convolution (1 to 64).
    #[arg(long, default_value_t = 8)]
    pub filters: usize,
    /// Learning rate of mini-batch SGD (above 0, at most 1).
    #[arg(long, default_value_t = 0.05)]
    pub lr: f64,
    /// Epochs of mini-batch SGD (1 to 1000).
    #[arg(long, default_value_t = 15)]
    pub epochs: usize,
    /// Samples per mini-batch (1 to 2000).
    #[arg(long, default_value_t = 32)]
    pub batch_size: usize,
    /// Test images used by the deletion and randomization tests (1 to 300).
    #[arg(long, default_value_t = 100)]
    pub images: usize,
    /// Print each epoch's training loss on stderr (the program does, unless --quiet).
    #[arg(skip)]
    pub progress: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config::parse_from(["ch06-conv-saliency"])
    }
}
// ANCHOR_END: config

/// The numbers of pixels zeroed in the deletion test.
pub const DELETIONS: [usize; 7] = [0, 2, 4, 8, 16, 24, 32];

/// The test digits drawn with their saliency maps in the figure.
pub const FIGURE_DIGITS: usize = 6;

impl Config {
    fn validate(&self) -> Result<()> {
        nn_core::cli::seed(self.seed)?;
        within("filters", self.filters, 1..=64)?;
        nn_core::cli::rate("lr", self.lr, 1.0)?;
        within("epochs", self.epochs, 1..=1000)?;
        within("batch-size", self.batch_size, 1..=2000)?;
        within("images", self.images, 1..=300)
    }
}

/// Everything the chapter measures: one field per section of the report, plus the saliency
/// maps the figure draws.
#[derive(Clone, Debug)]
pub struct Report {
    pub config: Config,
    /// Section 1: conv2d against its definition and central differences.
    pub conv: ConvChecks,
    /// Section 2: the forum's example.
    pub forum: Forum,
    /// Section 3: the CNN trained on the digits.
    pub cnn: Training,
    /// Section 4: kernel gradient and input gradient of one test image.
    pub gradients: Gradients,
    /// The figure's test digits and their saliency maps.
    pub maps: SaliencyMaps,
    /// Section 5: the deletion test.
    pub deletion: Deletion,
    /// Section 6: the model randomization test.
    pub randomization: Randomization,
}

// ANCHOR: run
/// Runs every experiment of the chapter.
pub fn run(config: &Config) -> Result<Report> {
    config.validate()?;
    let conv = conv_checks(config.seed);
    let forum = forum();
    let digits = Digits::split(config.seed);
    let cnn = cnn(config, &digits);
    let gradients = gradients(&cnn.net, &digits.test);
    let maps = saliency_maps(&cnn.net, &digits.test, FIGURE_DIGITS);
    let sample = digits.sample(config.images);
    let deletion = deletion(&cnn.net, &sample, config.seed + 1);
    let randomization = randomization(config, &cnn.net, &digits.train, &sample);
    Ok(Report {
        config: config.clone(),
        conv,
        forum,
        cnn,
        gradients,
        maps,
        deletion,
        randomization,
    })
}
// ANCHOR_END: run

// ---------------------------------------------------------------------------------------------
// 1. conv2d, checked

/// One check of the convolution and whether it passed.
#[derive(Clone, Debug, PartialEq)]
pub struct Check {
    /// What was compared, e.g. "Same: ∂L/∂K".
    pub what: String,
    pub passed: bool,
}

/// Section 1: conv2d's forward pass against the definition, its three gradients against
/// central differences, with 'same' and 'valid' padding.
#[derive(Clone, Debug, PartialEq)]
pub struct ConvChecks {
    pub checks: Vec<Check>,
}

/// Section 1: random inputs, kernels and upstream gradients from `seed`.
pub fn conv_checks(seed: u64) -> ConvChecks {
    let mut rng = seeded(seed);
    let mut checks = Vec::new();
    let mut check = |what: String, passed: bool| checks.push(Check { what, passed });
    for padding in [Padding::Same, Padding::Valid] {
        let x: Array4<f64> = Array4::random_using((2, 2, 6, 6), StandardNormal, &mut rng);
        let k: Array4<f64> = Array4::random_using((3, 2, 3, 3), StandardNormal, &mut rng);
        let b = Array1::from(vec![0.1, -0.3, 0.2]);
        let mut conv = Conv2d::new(k.clone(), b.clone(), padding);
        let y = conv.forward(&x);
        let direct = conv2d_direct(&x, &k, &b, padding);
        check(
            format!("{padding:?}: im2col·matmul equals the definition (< 1e-12)"),
            (&y - &direct).iter().all(|d| d.abs() < 1e-12),
        );
        let g: Array4<f64> = Array4::random_using(y.raw_dim(), StandardNormal, &mut rng);
        let grad_x = conv.backward(&g);
        let f = |x: &Array4<f64>| conv2d_direct(x, &k, &b, padding);
        check(
            format!("{padding:?}: ∂L/∂X, any upstream gradient"),
            check_vjp(f, &x, &g, &grad_x).passed(),
        );
        let full = input_gradient_by_full_convolution(&g, &k, padding, (6, 6));
        check(
            format!("{padding:?}: ∂L/∂X = full conv of G with K rotated 180° (< 1e-12)"),
            (&grad_x - &full).iter().all(|d| d.abs() < 1e-12),
        );
        let loss_k = |k: &Array4<f64>| (conv2d_direct(&x, k, &b, padding) * &g).sum();
        check(
            format!("{padding:?}: ∂L/∂K"),
            check_gradient(loss_k, &k, &conv.grad_kernel).passed(),
        );
        let loss_b = |b: &Array1<f64>| (conv2d_direct(&x, &k, b, padding) * &g).sum();
        check(
            format!("{padding:?}: ∂L/∂b"),
            check_gradient(loss_b, &b, &conv.grad_bias).passed(),
        );
    }
    ConvChecks { checks }
}

// ---------------------------------------------------------------------------------------------
// 2. The forum's example

/// Section 2: the gradient of one output of a convolution of ones with respect to its input.
#[derive(Clone, Debug, PartialEq)]
pub struct Forum {
    /// The input is `size`×`size` ones; the filter 3×3 ones, no bias.
    pub size: usize,
    pub padding: Padding,
    /// The output position [row, column] whose gradient is taken.
    pub at: [usize; 2],
    /// ∂ output[at] / ∂ input, (size, size).
    pub gradient: Array2<f64>,
}

/// Section 2, as the forum asked it: 4×4 ones, 3×3 ones, 'same', output [1, 1].
pub fn forum() -> Forum {
    forum_example(4, [1, 1], Padding::Same)
}

/// ∂ output[at] / ∂ input for a `size`×`size` input of ones and a 3×3 filter of ones: one
/// backward pass with upstream gradient 1 at `at` and 0 elsewhere. Panics if `at` is not an
/// output position.
pub fn forum_example(size: usize, at: [usize; 2], padding: Padding) -> Forum {
    let mut conv = Conv2d::new(Array4::ones((1, 1, 3, 3)), Array1::zeros(1), padding);
    let y = conv.forward(&Array4::ones((1, 1, size, size)));
    let mut upstream = Array4::zeros(y.raw_dim());
    upstream[[0, 0, at[0], at[1]]] = 1.0;
    let gradient = conv.backward(&upstream).slice(s![0, 0, .., ..]).to_owned();
    Forum {
        size,
        padding,
        at,
        gradient,
    }
}

// ---------------------------------------------------------------------------------------------
// 3. A small CNN on the digits

/// The digits, split into training and test images once for every section.
#[derive(Clone, Debug)]
pub struct Digits {
    pub train: Dataset,
    pub test: Dataset,
}

impl Digits {
    /// The stratified 80/20 split of the digits from `seed`.
    pub fn split(seed: u64) -> Digits {
        let (train, test) = ch05_softmax::digits::split(seed);
        Digits { train, test }
    }

    /// The first `images` test images (at most all of them), scaled to 0–1: the sample of the
    /// deletion and randomization tests.
    pub fn sample(&self, images: usize) -> Array2<f64> {
        let n = images.min(self.test.len());
        scaled(&self.test).slice(s![..n, ..]).to_owned()
    }
}

/// Section 3: the CNN, how its training went, and how it does on the test images.
#[derive(Clone, Debug)]
pub struct Training {
    /// The settings it was trained with.
    pub filters: usize,
    pub batch_size: usize,
    pub lr: f64,
    pub epochs: usize,
    pub seed: u64,
    /// The mean training loss of each epoch (`history[0]` is epoch 1).
    pub history: Vec<f64>,
    /// The fraction of test images classified right.
    pub test_accuracy: f64,
    /// The number of test images.
    pub test_images: usize,
    /// The trained network.
    pub net: Cnn,
}

/// Section 3: trains a CNN on `digits.train` with the config's settings and seed, and measures
/// its accuracy on `digits.test`.
pub fn cnn(config: &Config, digits: &Digits) -> Training {
    let (net, history) = train_cnn(config, config.seed, &digits.train);
    let x_test = scaled(&digits.test);
    let predicted: Vec<usize> = net
        .probabilities(&x_test)
        .rows()
        .into_iter()
        .map(argmax)
        .collect();
    let right = predicted
        .iter()
        .zip(&digits.test.labels)
        .filter(|(p, y)| p == y)
        .count();
    Training {
        filters: config.filters,
        batch_size: config.batch_size,
        lr: config.lr,
        epochs: config.epochs,
        seed: config.seed,
        history,
        test_accuracy: right as f64 / digits.test.len() as f64,
        test_images: digits.test.len(),
        net,
    }
}

/// A CNN trained with mini-batch SGD from `seed`: the network and each epoch's mean loss.
fn train_cnn(config: &Config, seed: u64, train: &Dataset) -> (Cnn, Vec<f64>) {
    let mut net = Cnn::new(config.filters, &mut seeded(seed));
    let mut trainer = Trainer {
        loss: SoftmaxCrossEntropy::default(),
        optimizer: Sgd,
        lr: config.lr,
        batches: Shuffled::new(config.batch_size, seed),
        epochs: config.epochs,
    };
    let labels = train.labels.to_vec();
    let history = trainer.fit(&mut net, &scaled(train), &labels, |epoch, loss, _| {
        if config.progress {
            nn_core::progress!(
                "CNN (seed {seed}): epoch {epoch:>3}/{}, training loss {loss:.4}",
                config.epochs
            );
        }
    });
    (net, history)
}

// ---------------------------------------------------------------------------------------------
// 4. Kernel gradients against input gradients

/// Section 4: one backward pass from the predicted class's score of the first test image.
#[derive(Clone, Debug)]
pub struct Gradients {
    /// The image's label.
    pub label: usize,
    /// The class the network predicts, whose score is differentiated.
    pub class: usize,
    /// ∂score/∂kernel, (filters, 1, 3, 3).
    pub kernel_gradient: Array4<f64>,
    /// ∂score/∂input, one number per pixel, (8, 8).
    pub input_gradient: Array2<f64>,
}

/// Section 4: the first test image's kernel and input gradients of its predicted class's
/// score, from one backward pass.
pub fn gradients(net: &Cnn, test: &Dataset) -> Gradients {
    let first = scaled(test).slice(s![0..1, ..]).to_owned();
    let mut probe = net.clone();
    let logits = probe.forward(&first);
    let class = argmax(logits.row(0));
    let mut e_c = Array2::zeros(logits.raw_dim());
    e_c[[0, class]] = 1.0;
    let input_gradient = probe
        .backward(&e_c)
        .into_shape_with_order((SIDE, SIDE))
        .expect("64 pixels");
    Gradients {
        label: test.labels[0],
        class,
        kernel_gradient: probe.conv.grad_kernel.clone(),
        input_gradient,
    }
}

// ---------------------------------------------------------------------------------------------
// The figure: test digits and their saliency maps

/// One test digit and its saliency map.
#[derive(Clone, Debug)]
pub struct SaliencyMap {
    /// The image's label.
    pub label: usize,
    /// The class the network predicts.
    pub predicted: usize,
    /// The pixels scaled to 0–1, (8, 8).
    pub image: Array2<f64>,
    /// |∂ score of `predicted` / ∂ pixel|, (8, 8).
    pub saliency: Array2<f64>,
    /// The largest entry of `saliency` (at least 1e-12): the figure divides by it.
    pub peak: f64,
}

/// The first test digits with their saliency maps.
#[derive(Clone, Debug)]
pub struct SaliencyMaps {
    pub digits: Vec<SaliencyMap>,
}

/// The saliency maps of the first `count` test images (at most all of them) under `net`.
pub fn saliency_maps(net: &Cnn, test: &Dataset, count: usize) -> SaliencyMaps {
    let count = count.min(test.len());
    let x = scaled(test).slice(s![..count, ..]).to_owned();
    let (classes, maps) = saliency::saliency(net, &x);
    let square = |row: ndarray::ArrayView1<f64>| {
        row.to_owned()
            .into_shape_with_order((SIDE, SIDE))
            .expect("64 pixels")
    };
    let digits = classes
        .iter()
        .enumerate()
        .map(|(i, &predicted)| {
            let saliency = square(maps.row(i));
            SaliencyMap {
                label: test.labels[i],
                predicted,
                image: square(x.row(i)),
                peak: saliency.fold(0.0, |m: f64, &v| m.max(v)).max(1e-12),
                saliency,
            }
        })
        .collect();
    SaliencyMaps { digits }
}

// ---------------------------------------------------------------------------------------------
// 5. The deletion test

/// The mean fall of the predicted class's score when `pixels` pixels of each image are zeroed.
#[derive(Clone, Debug, PartialEq)]
pub struct DeletionRow {
    pub pixels: usize,
    /// Zeroing the most salient pixels.
    pub salient: f64,
    /// Zeroing random pixels.
    pub random: f64,
}

/// Section 5: the deletion test, one row per number of pixels in [`DELETIONS`].
#[derive(Clone, Debug, PartialEq)]
pub struct Deletion {
    /// The number of test images.
    pub images: usize,
    pub rows: Vec<DeletionRow>,
}

/// Section 5: the deletion test on the rows of `sample`; the random pixels are drawn from
/// `seed`, one generator for all the rows.
pub fn deletion(net: &Cnn, sample: &Array2<f64>, seed: u64) -> Deletion {
    let mut rng = seeded(seed);
    let rows = DELETIONS
        .iter()
        .map(|&pixels| {
            let (salient, random) = saliency::deletion(net, sample, pixels, &mut rng);
            DeletionRow {
                pixels,
                salient,
                random,
            }
        })
        .collect();
    Deletion {
        images: sample.nrows(),
        rows,
    }
}

// ---------------------------------------------------------------------------------------------
// 6. Model randomization

/// Section 6: mean Spearman rank correlation of saliency maps of the same images.
#[derive(Clone, Debug, PartialEq)]
pub struct Randomization {
    /// The number of test images.
    pub images: usize,
    /// The trained network against the same network before training.
    pub rho_untrained: f64,
    /// The trained network against a second one trained from another seed (`seed + 1`).
    pub rho_retrained: f64,
}

/// Section 6: compares `net`'s maps of `sample` with those of the same network untrained (the
/// config's seed) and of a second network trained on `train` from `seed + 1`.
pub fn randomization(
    config: &Config,
    net: &Cnn,
    train: &Dataset,
    sample: &Array2<f64>,
) -> Randomization {
    let untrained = Cnn::new(config.filters, &mut seeded(config.seed)); // the same network before training
    let (retrained, _) = train_cnn(config, config.seed + 1, train);
    Randomization {
        images: sample.nrows(),
        rho_untrained: map_correlation(net, &untrained, sample),
        rho_retrained: map_correlation(net, &retrained, sample),
    }
}
