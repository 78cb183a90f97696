//! Beyond the CPU: the same code on a GPU, with candle's own switch.
//!
//! Every tensor lives on a [`Device`]; a network's variables are created on one and the data
//! sent there. candle's CUDA backend is behind its `cuda` feature, which this chapter passes
//! on as its own `cuda` feature: `cargo run --release -p ch14-framework --features cuda`
//! (it needs NVIDIA's driver and the CUDA toolkit, `nvcc`, to compile candle's kernels).
//! Without the feature, `Device::new_cuda(0)` still compiles and answers that CUDA was not
//! compiled in, so this file is built and run by every build; CI proves the CPU path.

use candle_core::{DType, Device};
use ch03_relu_xor::Mlp;
use ch05_softmax::DigitsSplit;
use ndarray::s;
use nn_core::rng::seeded;

use crate::bridge::max_abs_difference;
use crate::experiment::candle_step;
use crate::networks::CandleMlp;

/// What the GPU path found.
#[derive(Clone, Debug, PartialEq)]
pub enum Gpu {
    /// Built without the `cuda` feature.
    NotCompiled,
    /// Built with it, but no GPU answered (candle's message).
    NotFound(String),
    /// GPU 0 ran the digits MLP's step: the largest |gradient on the GPU − on the CPU|.
    Found { max_difference: f64 },
}

// ANCHOR: device
/// GPU 0 if this build has CUDA and the machine has a GPU; the CPU otherwise.
pub fn device() -> Device {
    Device::cuda_if_available(0).unwrap_or(Device::Cpu)
}
// ANCHOR_END: device

/// Looks for GPU 0 and, if there is one, runs one step of the digits MLP (chapter 5's, seed
/// 0, the first 16 training digits) on it and on the CPU, in f64.
pub fn gpu() -> Gpu {
    if !candle_core::utils::cuda_is_available() {
        return Gpu::NotCompiled;
    }
    let gpu = match Device::new_cuda(0) {
        Ok(gpu) => gpu,
        Err(e) => return Gpu::NotFound(nn_core::cli::shorten(&e.to_string())),
    };
    let step = |device: &Device| -> candle_core::Result<Vec<ndarray::ArrayD<f64>>> {
        let mut net = Mlp::new(64, 32, 10, &mut seeded(0));
        let model = CandleMlp::from_book(&mut net, DType::F64, device)?;
        let data = DigitsSplit::new(0);
        let x = data.x.slice(s![..16, ..]).to_owned();
        candle_step(&model, &model.vars, &x, &data.labels[..16]).map(|step| step.grads)
    };
    match (step(&gpu), step(&Device::Cpu)) {
        (Ok(on_gpu), Ok(on_cpu)) => Gpu::Found {
            max_difference: max_abs_difference(&on_gpu, &on_cpu),
        },
        (Err(e), _) | (_, Err(e)) => Gpu::NotFound(nn_core::cli::shorten(&e.to_string())),
    }
}
