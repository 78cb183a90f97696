#!/usr/bin/env python3
"""Times each chapter's main workload in Rust (criterion) and in numpy, and prints the table
of the book's appendix "How fast is it?" (also written to tests/bench/results.md).

Usage, from the repository root:
    python3 -m venv /tmp/bench-venv && /tmp/bench-venv/bin/pip install numpy==2.4.6
    python3 tests/bench/compare.py /tmp/bench-venv/bin/python

It runs `cargo bench --bench workloads` (release build, criterion: mean of 10 samples), then
`numpy_workloads.py` with the given Python (best of 3, BLAS on one thread, as the Rust code
runs on one). Run it on an otherwise idle machine: both sides are timed in seconds.
"""
import json
import os
import pathlib
import platform
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
HERE = pathlib.Path(__file__).resolve().parent
WORKLOADS = {
    "ch02_gradient_descent": "Ch. 2: gradient descent, breast cancer, 1000 iterations",
    "ch03_numpy_program": "Ch. 3: the numpy program on XOR, 200 steps",
    "ch05_digits_mlp": "Ch. 5: digits MLP, one training run (30 epochs)",
    "ch06_cnn_epoch": "Ch. 6: CNN, one epoch",
    "ch06_saliency_100": "Ch. 6: saliency maps of 100 images",
    "ch07_bn_training": "Ch. 7: batch-norm network, one training run (20 epochs)",
}
WORKLOADS["dgemm_512"] = "Reference: one 512×512 matrix product (the practical peak)"
# Chapter 10's cost of the tape (Rust only): one training step, hand-written and through the tape.
AUTOGRAD = {
    "mlp": "Digits MLP (64 → 128 → 10)",
    "cnn": "Chapter 6's CNN (8 filters)",
}


def mlp_flops(layers, samples):
    """Floating-point operations of an MLP's matrix products per training pass: forward
    2·in·out per sample and layer; backward ∂W (2·in·out) for every layer and ∂X (2·in·out)
    for every layer but the first (its input is the data; neither side computes it)."""
    products = sum(i * o for i, o in layers)
    return 2 * (3 * products - layers[0][0] * layers[0][1]) * samples


# For the workloads that matrix products dominate.
FLOPS = {
    "ch05_digits_mlp": mlp_flops([(64, 128), (128, 10)], 1438 * 30),
    "ch07_bn_training": mlp_flops([(32, 512), (512, 64), (64, 16)], 1024 * 20),
    "dgemm_512": 2 * 512**3,
}


def cpu_name():
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


# Where cargo puts what it builds: target/, or CARGO_TARGET_DIR when that is set.
TARGET = ROOT / os.environ.get("CARGO_TARGET_DIR", "target")


def criterion_mean(group, name):
    estimates = TARGET / "criterion" / group / name / "new" / "estimates.json"
    return json.loads(estimates.read_text())["mean"]["point_estimate"] / 1e9


def rust_times():
    subprocess.run(["cargo", "bench", "--bench", "workloads"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    return {name: criterion_mean("workloads", name) for name in WORKLOADS}


def autograd_lines():
    """Chapter 10's table: one training step on 32 digits, by hand and through the tape."""
    lines = ["", "Chapter 10: one training step on 32 digits (forward, loss, backward, SGD), criterion's mean:", "",
             "| network | hand-written | through the tape | tape / hand |", "|---|---:|---:|---:|"]
    for key, title in AUTOGRAD.items():
        hand, tape = criterion_mean("autograd", f"ch10_{key}_step_hand"), criterion_mean("autograd", f"ch10_{key}_step_tape")
        lines.append(f"| {title} | {hand * 1e6:.1f} µs | {tape * 1e6:.1f} µs | {tape / hand:.2f} |")
    return lines


def numpy_times(python):
    # Both sides run with the C library's allocator as it comes (no tuning on either side).
    out = subprocess.run([python, str(HERE / "numpy_workloads.py")], cwd=ROOT, check=True, capture_output=True,
                         text=True)
    return json.loads(out.stdout)


CHAPTERS = [
    "ch01-sigmoid-neuron",
    "ch02-logistic-regression",
    "ch03-relu-xor",
    "ch04-leaky-relu",
    "ch05-softmax",
    "ch06-conv-saliency",
    "ch07-batch-norm",
    "ch08-initialization",
    "ch09-optimizers",
    "ch10-autograd",
]


def program_times():
    """Each chapter's whole default run, `cargo run --release -p` without the build: best of 3."""
    import tempfile
    import time

    subprocess.run(["cargo", "build", "--release", "--workspace", "--quiet"], cwd=ROOT, check=True)
    times = {}
    with tempfile.TemporaryDirectory() as figures:
        for chapter in CHAPTERS:
            best = float("inf")
            for _ in range(3):
                start = time.perf_counter()
                subprocess.run([str(TARGET / "release" / chapter), "--figures", figures], check=True,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                best = min(best, time.perf_counter() - start)
            times[chapter] = best
    return times


def seconds(t):
    return f"{t * 1e3:.2f} ms" if t < 1 else f"{t:.2f} s"


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    rust, numpy = rust_times(), numpy_times(sys.argv[1])
    lines = [
        f"Measured on {cpu_name()}, one thread each side.",
        "",
        "| workload | Rust | numpy | Rust / numpy | Rust GFLOP/s | numpy GFLOP/s |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, title in WORKLOADS.items():
        ratio = rust[name] / numpy[name]
        rate = {side: f"{FLOPS[name] / t[name] / 1e9:.1f}" if name in FLOPS else "" for side, t in
                (("rust", rust), ("numpy", numpy))}
        lines.append(f"| {title} | {seconds(rust[name])} | {seconds(numpy[name])} | {ratio:.2f} | {rate['rust']} "
                     f"| {rate['numpy']} |")
    lines += autograd_lines()
    lines += ["", "Each chapter's whole program, `cargo run --release -p <chapter>` after the build (best of 3):", "",
              "| program | time |", "|---|---:|"]
    for chapter, t in program_times().items():
        lines.append(f"| `{chapter}` | {seconds(t)} |")
    table = "\n".join(lines) + "\n"
    print(table, end="")
    (HERE / "results.md").write_text(table)


if __name__ == "__main__":
    main()
