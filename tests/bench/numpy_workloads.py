"""NumPy reference timings for the Rust training benchmarks.

This file re-implements, in plain vectorised NumPy (float64 throughout), the
training workloads that are benchmarked in Rust in ``tests/bench/workloads.rs``
(that file is written and maintained separately; this script only mirrors it).
Each workload uses the same algorithm, sizes, hyperparameters and step counts
as its Rust counterpart, so the two timings can be compared fairly.  Random
numbers are *not* meant to match the Rust ones: NumPy's ``default_rng(0)`` is
used for all initialisation and shuffling.

Workloads (the JSON keys):

* ``ch02_gradient_descent`` - logistic regression on breast cancer, 1000
  full-batch gradient-descent iterations.
* ``ch03_numpy_program``    - the classic two-layer NumPy network on XOR,
  200 steps; reported per program (1000 programs are timed together).
* ``ch05_digits_mlp``       - 64-128-10 MLP on digits, 30 epochs of SGD.
* ``ch06_cnn_epoch``        - 8-filter 3x3 im2col CNN on digits, one epoch
  (parameter gradients only: like the Rust trainer, no gradient for the pixels).
* ``ch06_saliency_100``     - saliency maps for 100 images with that CNN.
* ``dgemm_512``             - one 512x512 matrix product: the practical peak.
* ``ch07_bn_training``      - 32-512-64-16 network with batch norm on a
  synthetic XOR-bits task, 20 epochs.

Only the workload itself is timed (data loading is not), with
``time.perf_counter``; the reported figure is the best of 3 repetitions, or a
single repetition if one run takes longer than 10 s.  The result is printed to
stdout as one JSON object ``{"workload": seconds, ...}``; progress and sanity
values (final loss, accuracy, ...) go to stderr.

BLAS threads: unless the caller has set them, the script pins the BLAS
thread count to 1 (``OPENBLAS_NUM_THREADS`` / ``OMP_NUM_THREADS`` /
``MKL_NUM_THREADS``) before importing NumPy.  The Rust side uses ``ndarray``
without a BLAS backend, which multiplies matrices on a single thread, so
single-threaded NumPy is the like-for-like comparison; it also avoids
OpenBLAS's spin-waiting threads collapsing when the cores are busy (observed:
a 32x512 @ 512x64 matmul going from ~50 us to ~300 us, and ch07 ~60x slower,
with 2 threads on a loaded 2-core machine).  Override by setting e.g.
``OPENBLAS_NUM_THREADS=2`` in the environment.

Run from the repository root with any Python that has NumPy::

    python tests/bench/numpy_workloads.py

(e.g. ``/tmp/jaxref-venv/bin/python tests/bench/numpy_workloads.py``).
"""

import json
import os
import sys
import time

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")  # must happen before numpy is imported

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

DATA_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "data")

REPS = 3
LONG_RUN = 10.0  # seconds; a single run longer than this is not repeated


def log(*args):
    print(*args, file=sys.stderr, flush=True)


def bench(name, fn):
    """Time fn(rng) -> sanity; best of REPS (1 if a run exceeds LONG_RUN).

    A fresh default_rng(0) is made before each repetition, outside the timer.
    Returns (best_seconds, sanity_of_last_run).
    """
    best = float("inf")
    result = None
    for rep in range(REPS):
        rng = np.random.default_rng(0)
        t0 = time.perf_counter()
        result = fn(rng)
        dt = time.perf_counter() - t0
        best = min(best, dt)
        if dt > LONG_RUN:
            break
    return best, result


# ---------------------------------------------------------------------------
# Data loading (not timed)
# ---------------------------------------------------------------------------

def load_breast_cancer():
    data = np.loadtxt(os.path.join(DATA_DIR, "breast_cancer.csv"), delimiter=",", skiprows=1)
    return data[:, :-1], data[:, -1]


def load_digits():
    data = np.loadtxt(os.path.join(DATA_DIR, "digits.csv"), delimiter=",")
    return data[:, :-1] / 16.0, data[:, -1].astype(np.int64)


# ---------------------------------------------------------------------------
# Shared helpers
# ---------------------------------------------------------------------------

def softmax_xent(logits, labels):
    """Mean softmax cross-entropy from logits; returns (loss, softmax probs)."""
    shifted = logits - logits.max(axis=1, keepdims=True)
    e = np.exp(shifted)
    sum_e = e.sum(axis=1, keepdims=True)
    probs = e / sum_e
    n = logits.shape[0]
    loss = np.mean(np.log(sum_e[:, 0]) - shifted[np.arange(n), labels])
    return loss, probs


# ---------------------------------------------------------------------------
# 1. ch02: logistic regression by gradient descent
# ---------------------------------------------------------------------------

def prepare_ch02():
    X_all, y_all = load_breast_cancer()
    X = np.hstack([X_all[:456], np.ones((456, 1))])
    y = y_all[:456]
    mean = X.mean(axis=0)
    std = X.std(axis=0)  # population std (ddof=0)
    keep = std <= 1e-12  # the ones column is left unchanged
    mean = np.where(keep, 0.0, mean)
    std = np.where(keep, 1.0, std)
    X = (X - mean) / std
    return X, y


def ch02_gradient_descent(X, y, iters=1000, lr=0.5):
    n = X.shape[0]
    w = np.zeros(X.shape[1])
    prev_cost = np.inf
    rises = 0
    cost = np.nan
    for _ in range(iters):
        z = X @ w
        cost = np.mean(np.maximum(z, 0.0) + np.log1p(np.exp(-np.abs(z))) - y * z)
        if cost > prev_cost:
            rises += 1
        prev_cost = cost
        h = 1.0 / (1.0 + np.exp(-z))
        grad = X.T @ (h - y) / n
        w -= lr * grad
    return cost, rises


# ---------------------------------------------------------------------------
# 2. ch03: the classic two-layer numpy program on XOR
# ---------------------------------------------------------------------------

def ch03_program(rng, steps=200, lr=0.002):
    x = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    y = np.array([[0.0], [1.0], [1.0], [0.0]])
    w1 = rng.standard_normal((2, 30))
    w2 = rng.standard_normal((30, 1))
    losses = []
    for _ in range(steps):
        h = x @ w1
        h_relu = np.maximum(h, 0)
        y_pred = h_relu @ w2
        loss = np.square(y_pred - y).sum()
        losses.append(loss)
        grad_y_pred = 2.0 * (y_pred - y)
        grad_w2 = h_relu.T @ grad_y_pred
        grad_h_relu = grad_y_pred @ w2.T
        grad_h = grad_h_relu.copy()
        grad_h[h < 0] = 0
        grad_w1 = x.T @ grad_h
        w1 -= lr * grad_w1
        w2 -= lr * grad_w2
    return losses


def ch03_numpy_program(rng, programs=1000):
    losses = None
    for _ in range(programs):
        losses = ch03_program(rng)
    return losses


# ---------------------------------------------------------------------------
# 3. ch05: digits MLP 64 -> 128 -> 10
# ---------------------------------------------------------------------------

def ch05_digits_mlp(rng, X, y, epochs=30, batch=32, lr=0.1, hidden=128):
    n, d = X.shape
    W1 = rng.normal(0.0, np.sqrt(2.0 / d), (d, hidden))
    b1 = np.zeros(hidden)
    W2 = rng.normal(0.0, np.sqrt(2.0 / hidden), (hidden, 10))
    b2 = np.zeros(10)
    onehot_all = np.eye(10)[y]
    loss = np.nan
    for _ in range(epochs):
        perm = rng.permutation(n)
        for start in range(0, n, batch):
            idx = perm[start:start + batch]
            xb, yb = X[idx], y[idx]
            m = xb.shape[0]
            h = xb @ W1 + b1
            a = np.maximum(h, 0.0)
            logits = a @ W2 + b2
            loss, probs = softmax_xent(logits, yb)
            dlogits = (probs - onehot_all[idx]) / m
            dW2 = a.T @ dlogits
            db2 = dlogits.sum(axis=0)
            da = dlogits @ W2.T
            dh = da * (h > 0)
            dW1 = xb.T @ dh
            db1 = dh.sum(axis=0)
            W1 -= lr * dW1
            b1 -= lr * db1
            W2 -= lr * dW2
            b2 -= lr * db2
    logits = np.maximum(X @ W1 + b1, 0.0) @ W2 + b2
    acc = np.mean(logits.argmax(axis=1) == y)
    return acc, loss


# ---------------------------------------------------------------------------
# 4./5. ch06: im2col CNN on 8x8 digits, and saliency maps
# ---------------------------------------------------------------------------

H = W = 8
KS = 3
NF = 8


def im2col(x):
    """x: (B, 1, 8, 8) -> patches (B*64, 9), rows ordered (b, i, j)."""
    xp = np.pad(x[:, 0], ((0, 0), (1, 1), (1, 1)))
    win = sliding_window_view(xp, (KS, KS), axis=(1, 2))  # (B, 8, 8, 3, 3)
    return win.reshape(-1, KS * KS)


def col2im(dpatches, batch):
    """dpatches (B*64, 9) -> gradient wrt input (B, 1, 8, 8) (scatter-add, crop)."""
    dp = dpatches.reshape(batch, H, W, KS, KS)
    dxp = np.zeros((batch, H + 2, W + 2))
    for ki in range(KS):
        for kj in range(KS):
            dxp[:, ki:ki + H, kj:kj + W] += dp[:, :, :, ki, kj]
    return dxp[:, None, 1:H + 1, 1:W + 1]


def cnn_init(rng):
    return {
        "K": rng.normal(0.0, np.sqrt(2.0 / 9.0), (NF, KS * KS)),
        "bc": np.zeros(NF),
        "Wd": rng.normal(0.0, np.sqrt(2.0 / 512.0), (NF * H * W, 10)),
        "bd": np.zeros(10),
    }


def cnn_forward(p, xb):
    """Returns logits and the intermediates needed for backward."""
    B = xb.shape[0]
    patches = im2col(xb)                          # (B*64, 9)
    y_mat = patches @ p["K"].T + p["bc"]          # (B*64, 8)
    r_mat = np.maximum(y_mat, 0.0)
    # flatten in (channel, row, col) order, i.e. the (B, 8, 8, 8) NCHW layout
    flat = r_mat.reshape(B, H * W, NF).transpose(0, 2, 1).reshape(B, NF * H * W)
    logits = flat @ p["Wd"] + p["bd"]
    return logits, (patches, y_mat, flat)


def cnn_backward_to_conv(p, dlogits, y_mat, B):
    """Backprop dlogits through dense and ReLU; returns (dflat-side, dY_mat)."""
    dflat = dlogits @ p["Wd"].T                   # (B, 512)
    dr_mat = dflat.reshape(B, NF, H * W).transpose(0, 2, 1).reshape(B * H * W, NF)
    dy_mat = dr_mat * (y_mat > 0)
    return dy_mat


def ch06_cnn_epoch(rng, X, y, batch=32, lr=0.05):
    n = X.shape[0]
    imgs = X.reshape(n, 1, H, W)
    p = cnn_init(rng)
    onehot_all = np.eye(10)[y]
    perm = rng.permutation(n)
    total = 0.0
    for start in range(0, n, batch):
        idx = perm[start:start + batch]
        xb, yb = imgs[idx], y[idx]
        B = xb.shape[0]
        logits, (patches, y_mat, flat) = cnn_forward(p, xb)
        loss, probs = softmax_xent(logits, yb)
        total += loss * B
        dlogits = (probs - onehot_all[idx]) / B
        dWd = flat.T @ dlogits
        dbd = dlogits.sum(axis=0)
        dy_mat = cnn_backward_to_conv(p, dlogits, y_mat, B)
        dK = dy_mat.T @ patches                   # (8, 9)
        dbc = dy_mat.sum(axis=0)
        p["K"] -= lr * dK
        p["bc"] -= lr * dbc
        p["Wd"] -= lr * dWd
        p["bd"] -= lr * dbd
    return total / n, p


def ch06_saliency(p, xb):
    B = xb.shape[0]
    logits, (_, y_mat, _) = cnn_forward(p, xb)
    dlogits = np.zeros_like(logits)
    dlogits[np.arange(B), logits.argmax(axis=1)] = 1.0
    dy_mat = cnn_backward_to_conv(p, dlogits, y_mat, B)
    dx = col2im(dy_mat @ p["K"], B)
    return np.abs(dx).reshape(B, H * W)


# ---------------------------------------------------------------------------
# 6. ch07: batch-norm network on synthetic XOR bits
# ---------------------------------------------------------------------------

def make_ch07_data(rng, n=1024, d=32):
    x = np.sign(rng.uniform(-1.0, 1.0, (n, d)))
    bits = x[:, 0::2] != x[:, 1::2]               # (n, 16)
    t = np.where(bits, 1.0, -1.0)
    return x, t, bits


def bn_forward_train(x, gamma, beta, state, momentum=0.1, eps=1e-5):
    n = x.shape[0]
    mean = x.mean(axis=0)
    var = x.var(axis=0)                           # biased
    inv_std = 1.0 / np.sqrt(var + eps)
    xhat = (x - mean) * inv_std
    state["mean"] = (1 - momentum) * state["mean"] + momentum * mean
    state["var"] = (1 - momentum) * state["var"] + momentum * var * n / (n - 1)
    return gamma * xhat + beta, (xhat, inv_std)


def bn_backward(dy, gamma, cache):
    xhat, inv_std = cache
    n = dy.shape[0]
    g = gamma * dy
    dx = (inv_std / n) * (n * g - g.sum(axis=0) - xhat * (g * xhat).sum(axis=0))
    dgamma = (dy * xhat).sum(axis=0)
    dbeta = dy.sum(axis=0)
    return dx, dgamma, dbeta


def bn_forward_eval(x, gamma, beta, state, eps=1e-5):
    return gamma * (x - state["mean"]) / np.sqrt(state["var"] + eps) + beta


def ch07_bn_training(rng, x, t, bits, epochs=20, batch=32, lr=0.05):
    n, d = x.shape
    sizes = [d, 512, 64, 16]
    Ws = [rng.normal(0.0, np.sqrt(2.0 / a), (a, b)) for a, b in zip(sizes[:-1], sizes[1:])]
    bs = [np.zeros(b) for b in sizes[1:]]
    gammas = [np.ones(512), np.ones(64)]
    betas = [np.zeros(512), np.zeros(64)]
    states = [{"mean": np.zeros(k), "var": np.ones(k)} for k in (512, 64)]
    loss = np.nan
    for _ in range(epochs):
        perm = rng.permutation(n)
        for start in range(0, n, batch):
            idx = perm[start:start + batch]
            xb, tb = x[idx], t[idx]
            m = xb.shape[0]
            # forward
            z1 = xb @ Ws[0] + bs[0]
            n1, c1 = bn_forward_train(z1, gammas[0], betas[0], states[0])
            a1 = np.maximum(n1, 0.0)
            z2 = a1 @ Ws[1] + bs[1]
            n2, c2 = bn_forward_train(z2, gammas[1], betas[1], states[1])
            a2 = np.maximum(n2, 0.0)
            z3 = a2 @ Ws[2] + bs[2]
            o = np.tanh(z3)
            diff = o - tb
            loss = 0.5 * np.sum(diff * diff) / m
            # backward
            dz3 = (diff / m) * (1.0 - o * o)
            dW3 = a2.T @ dz3
            db3 = dz3.sum(axis=0)
            da2 = dz3 @ Ws[2].T
            dn2 = da2 * (n2 > 0)
            dz2, dg2, dbt2 = bn_backward(dn2, gammas[1], c2)
            dW2 = a1.T @ dz2
            db2 = dz2.sum(axis=0)
            da1 = dz2 @ Ws[1].T
            dn1 = da1 * (n1 > 0)
            dz1, dg1, dbt1 = bn_backward(dn1, gammas[0], c1)
            dW1 = xb.T @ dz1
            db1 = dz1.sum(axis=0)
            # SGD update of every parameter
            for param, grad in ((Ws[0], dW1), (Ws[1], dW2), (Ws[2], dW3),
                                (bs[0], db1), (bs[1], db2), (bs[2], db3),
                                (gammas[0], dg1), (gammas[1], dg2),
                                (betas[0], dbt1), (betas[1], dbt2)):
                param -= lr * grad
    # sanity (inference mode, running statistics): bit accuracy on the training set
    a1 = np.maximum(bn_forward_eval(x @ Ws[0] + bs[0], gammas[0], betas[0], states[0]), 0.0)
    a2 = np.maximum(bn_forward_eval(a1 @ Ws[1] + bs[1], gammas[1], betas[1], states[1]), 0.0)
    logit = a2 @ Ws[2] + bs[2]
    acc = np.mean((logit > 0) == bits)
    return acc, loss


# ---------------------------------------------------------------------------

def main():
    results = {}
    log(f"numpy {np.__version__}, OPENBLAS_NUM_THREADS={os.environ['OPENBLAS_NUM_THREADS']}")

    # 1
    X, yb = prepare_ch02()
    sec, (cost, rises) = bench("ch02", lambda rng: ch02_gradient_descent(X, yb))
    results["ch02_gradient_descent"] = sec
    log(f"ch02_gradient_descent: {sec:.6f} s  final cost {cost:.6f} (cost rose {rises} times)")

    # 2
    programs = 1000
    sec, losses = bench("ch03", lambda rng: ch03_numpy_program(rng, programs))
    results["ch03_numpy_program"] = sec / programs
    log(f"ch03_numpy_program: {sec / programs * 1e6:.2f} us/program  "
        f"loss {losses[0]:.4f} -> {losses[-1]:.6f}")

    # 3
    Xd, yd = load_digits()
    Xtr, ytr = Xd[:1438], yd[:1438]
    sec, (acc, last) = bench("ch05", lambda rng: ch05_digits_mlp(rng, Xtr, ytr))
    results["ch05_digits_mlp"] = sec
    log(f"ch05_digits_mlp: {sec:.6f} s  train accuracy {acc:.4f} (last batch loss {last:.4f})")

    # 4
    sec, (ep_loss, params) = bench("ch06", lambda rng: ch06_cnn_epoch(rng, Xtr, ytr))
    results["ch06_cnn_epoch"] = sec
    log(f"ch06_cnn_epoch: {sec:.6f} s  epoch loss {ep_loss:.4f}")

    # 5 (uses the CNN trained by the last repetition of workload 4)
    imgs100 = Xtr[:100].reshape(100, 1, H, W)
    sec, sal = bench("sal", lambda rng: ch06_saliency(params, imgs100))
    results["ch06_saliency_100"] = sec
    log(f"ch06_saliency_100: {sec * 1e3:.4f} ms  saliency shape {sal.shape}, "
        f"mean {sal.mean():.4f}")

    # 6 (data generated outside the timer from its own default_rng(0))
    x7, t7, bits7 = make_ch07_data(np.random.default_rng(0))
    sec, (acc7, loss7) = bench("ch07", lambda rng: ch07_bn_training(rng, x7, t7, bits7))
    results["ch07_bn_training"] = sec
    log(f"ch07_bn_training: {sec:.6f} s  bit accuracy {acc7:.4f} (last batch loss {loss7:.4f})")

    # 7: the practical peak, one 512x512 product (the same matrix as the Rust benchmark)
    i, j = np.indices((512, 512))
    a = ((i * 7 + j * 3) % 11).astype(np.float64) - 5.0
    sec, _ = bench("dgemm", lambda rng: [a @ a for _ in range(10)])
    results["dgemm_512"] = sec / 10
    log(f"dgemm_512: {sec / 10 * 1e3:.3f} ms, {2 * 512**3 / (sec / 10) / 1e9:.1f} GFLOP/s")

    print(json.dumps(results))


if __name__ == "__main__":
    main()
