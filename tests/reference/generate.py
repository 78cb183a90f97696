#!/usr/bin/env python3
"""Reference values for the Rust tests in tests/reference_values.rs.

Computes forward outputs and vector-Jacobian products (VJPs) with JAX in float64
and writes reference.json beside this file. Every op is written out here in
jax.numpy to match the book's conventions (see README.md); the gradients come
from jax.vjp with a random upstream gradient `g` of the output's shape (or 1.0
for scalar losses).

Schema: {op name: [case, ...]}; a case is {"case": name, field: value, ...};
arrays are {"shape": [...], "data": [row-major flat list]}, scalars plain numbers,
class labels a plain list of ints. Inputs come from np.random.default_rng(seed)
with fixed seeds, so rerunning gives byte-identical JSON.

Regenerate: python tests/reference/generate.py  (see README.md for the venv).
"""

import json
import math
import os

import jax

jax.config.update("jax_enable_x64", True)

import jax.numpy as jnp  # noqa: E402
import numpy as np  # noqa: E402

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "reference.json")

BN_EPS = 1e-5
STD_EPS = 1e-12

# Inputs where naive formulas overflow; every op below stays finite on them.
EDGE = np.array(
    [0.0, 1e-300, -1e-300, 710.0, -710.0, 1e4, -1e4, 1e308, -1e308], dtype=np.float64
)


# ---------------------------------------------------------------- helpers


def arr(a):
    """An array as {"shape", "data"}, checked finite."""
    a = np.asarray(a, dtype=np.float64)
    if not np.all(np.isfinite(a)):
        raise ValueError(f"non-finite value in array of shape {a.shape}")
    return {"shape": [int(s) for s in a.shape], "data": [float(v) for v in a.ravel()]}


def scalar(v):
    v = float(v)
    if not math.isfinite(v):
        raise ValueError(f"non-finite scalar {v}")
    return v


def rng_for(seed):
    return np.random.default_rng(seed)


def vjp(f, *args, g=None):
    """Output of f(*args) and the VJP of each argument, all as numpy arrays."""
    out, pullback = jax.vjp(f, *[jnp.asarray(a) for a in args])
    if g is None:
        g = jnp.ones_like(out)
    grads = pullback(jnp.asarray(g))
    return np.asarray(out), [np.asarray(d) for d in grads]


def check(name, got, want, rtol=1e-12, atol=1e-300):
    """Independent numpy cross-check of a JAX result (guards the op definitions).

    atol 1e-300 by default: XLA on CPU flushes subnormal results to zero (so JAX
    gives sigmoid(-710) = 0 where numpy gives 4.5e-309); nothing else is excused.
    """
    if not np.allclose(got, want, rtol=rtol, atol=atol):
        raise AssertionError(f"{name}: JAX result disagrees with the numpy check")


# ---------------------------------------------------------------- ops


def _sigmoid_value(x):
    # Both branches from e = exp(-|x|) <= 1: no overflow for any finite x, and
    # no cancellation, so small outputs keep full relative precision.
    e = jnp.exp(-jnp.abs(x))
    return jnp.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


@jax.custom_jvp
def sigmoid(x):
    return _sigmoid_value(x)


@sigmoid.defjvp
def _sigmoid_jvp(primals, tangents):
    (x,), (t,) = primals, tangents
    # sigma'(x) = sigma(x) * sigma(-x): the textbook y * (1 - y) loses all
    # relative precision once y rounds near 1 (x > ~20); this form does not.
    return _sigmoid_value(x), t * _sigmoid_value(x) * _sigmoid_value(-x)


@jax.custom_jvp
def tanh(x):
    return jnp.tanh(x)


@tanh.defjvp
def _tanh_jvp(primals, tangents):
    (x,), (t,) = primals, tangents
    # tanh'(x) = sech(x)^2 = (2e / (1 + e^2))^2 with e = exp(-|x|): accurate in the
    # tails where the textbook 1 - y^2 cancels to 0 or a multiple of 2^-52.
    e = jnp.exp(-jnp.abs(x))
    sech = 2.0 * e / (1.0 + e * e)
    return jnp.tanh(x), t * sech * sech


def relu(x):
    # where, not maximum: jnp.maximum splits the gradient 0.5/0.5 at x == 0.
    return jnp.where(x > 0, x, 0.0)


def leaky_relu(x, alpha):
    return jnp.where(x > 0, x, alpha * x)


def softmax(z):
    m = jax.lax.stop_gradient(jnp.max(z, axis=-1, keepdims=True))
    e = jnp.exp(z - m)
    return e / jnp.sum(e, axis=-1, keepdims=True)


def logsumexp(z):
    m = jax.lax.stop_gradient(jnp.max(z, axis=-1))
    return m + jnp.log(jnp.sum(jnp.exp(z - m[..., None]), axis=-1))


def cross_entropy(z, labels):
    picked = jnp.take_along_axis(z, labels[:, None], axis=1)[:, 0]
    return jnp.mean(logsumexp(z) - picked)


@jax.custom_jvp
def softplus(z):
    return jnp.maximum(z, 0.0) + jnp.log1p(jnp.exp(-jnp.abs(z)))


@softplus.defjvp
def _softplus_jvp(primals, tangents):
    # softplus is smooth with derivative sigmoid(z). Differentiating the formula
    # above piece by piece would give 0 at z == 0 (JAX's rules for maximum and
    # abs at their kinks), not sigmoid(0) = 0.5.
    (z,), (t,) = primals, tangents
    return softplus(z), t * _sigmoid_value(z)


def bce_logits(z, y):
    return jnp.mean(softplus(z) - y * z)


def squared_error(o, t):
    return 0.5 * jnp.sum((o - t) ** 2) / o.shape[0]


def dense(x, w, b):
    return x @ w + b


def same_pads(k):
    before = (k - 1) // 2
    return (before, k - 1 - before)


def conv2d(x, k, b, padding):
    kh, kw = k.shape[2], k.shape[3]
    if padding == "same":
        pads = [same_pads(kh), same_pads(kw)]
    elif padding == "valid":
        pads = [(0, 0), (0, 0)]
    else:
        raise ValueError(padding)
    y = jax.lax.conv_general_dilated(
        x,
        k,
        window_strides=(1, 1),
        padding=pads,
        dimension_numbers=("NCHW", "OIHW", "NCHW"),
        precision=jax.lax.Precision.HIGHEST,
    )
    return y + b[None, :, None, None]


def conv2d_numpy(x, k, b, padding):
    """Plain loop cross-correlation for the cross-check."""
    n, c, h, w = x.shape
    o, _, kh, kw = k.shape
    if padding == "same":
        (t, bo), (l, r) = same_pads(kh), same_pads(kw)
    else:
        t = bo = l = r = 0
    xp = np.pad(x, ((0, 0), (0, 0), (t, bo), (l, r)))
    oh, ow = xp.shape[2] - kh + 1, xp.shape[3] - kw + 1
    y = np.zeros((n, o, oh, ow))
    for i in range(oh):
        for j in range(ow):
            patch = xp[:, :, i : i + kh, j : j + kw]
            y[:, :, i, j] = np.einsum("nchw,ochw->no", patch, k)
    return y + b[None, :, None, None]


def batch_norm_train(x, gamma, beta):
    mu = jnp.mean(x, axis=0)
    var = jnp.mean((x - mu) ** 2, axis=0)
    xhat = (x - mu) / jnp.sqrt(var + BN_EPS)
    return gamma * xhat + beta


def batch_norm_eval(x, gamma, beta, running_mean, running_var):
    xhat = (x - running_mean) / jnp.sqrt(running_var + BN_EPS)
    return gamma * xhat + beta


# ---------------------------------------------------------------- cases


def case_elementwise(name, fn, seed, x, extra=None):
    g = rng_for(seed + 1000).standard_normal(x.shape)
    if extra is None:
        y, (dx,) = vjp(fn, x, g=g)
        return {"case": name, "x": arr(x), "g": arr(g), "y": arr(y), "dx": arr(dx)}
    y, (dx,) = vjp(lambda v: fn(v, extra), x, g=g)
    return {
        "case": name,
        "alpha": scalar(extra),
        "x": arr(x),
        "g": arr(g),
        "y": arr(y),
        "dx": arr(dx),
    }


def gen_sigmoid():
    cases = []
    x = rng_for(1).standard_normal((3, 4)) * 3.0
    c = case_elementwise("random_3x4", sigmoid, 1, x)
    cases.append(c)
    x = EDGE.copy()
    c = case_elementwise("edge_values", sigmoid, 2, x)
    cases.append(c)
    x = rng_for(3).uniform(-40.0, 40.0, size=(2, 5))
    cases.append(case_elementwise("random_wide_2x5", sigmoid, 3, x))
    for c in cases:
        xx = np.array(c["x"]["data"])
        yy = np.array(c["y"]["data"])
        gg = np.array(c["g"]["data"])
        e = np.exp(-np.abs(xx))
        want = np.where(xx >= 0, 1 / (1 + e), e / (1 + e))
        check("sigmoid y", yy, want)
        check("sigmoid dx", np.array(c["dx"]["data"]), gg * e / (1 + e) ** 2)
    return cases


def gen_tanh():
    cases = [
        case_elementwise("random_3x4", tanh, 11, rng_for(11).standard_normal((3, 4)) * 2.0),
        case_elementwise("edge_values", tanh, 12, EDGE.copy()),
        case_elementwise("random_wide_2x5", tanh, 13, rng_for(13).uniform(-25.0, 25.0, size=(2, 5))),
    ]
    for c in cases:
        xx, gg = np.array(c["x"]["data"]), np.array(c["g"]["data"])
        check("tanh y", np.array(c["y"]["data"]), np.tanh(xx))
        with np.errstate(over="ignore"):
            sech2 = 1.0 / np.cosh(xx) ** 2  # cosh overflows to inf for |x| > ~710: sech^2 -> 0
        check("tanh dx", np.array(c["dx"]["data"]), gg * sech2)
    return cases


def with_zeros(x, rng, frac=0.25):
    x = x.copy()
    mask = rng.random(x.shape) < frac
    x[mask] = 0.0
    # at least one exact zero, whatever the draw
    x.flat[0] = 0.0
    return x


def gen_relu():
    r = rng_for(21)
    x1 = with_zeros(r.standard_normal((4, 5)), r)
    x2 = np.array([0.0, 1e-300, -1e-300, 710.0, -710.0, 1e308, -1e308, 0.0, 2.5, -2.5])
    cases = [
        case_elementwise("random_with_zeros_4x5", relu, 21, x1),
        case_elementwise("edge_values", relu, 22, x2),
    ]
    for c in cases:
        xx, gg = np.array(c["x"]["data"]), np.array(c["g"]["data"])
        check("relu y", np.array(c["y"]["data"]), np.where(xx > 0, xx, 0.0), rtol=0, atol=0)
        check("relu dx", np.array(c["dx"]["data"]), np.where(xx > 0, gg, 0.0), rtol=0, atol=0)
    return cases


def gen_leaky_relu():
    cases = []
    for i, alpha in enumerate([0.01, 0.1]):
        seed = 31 + i
        r = rng_for(seed)
        x = with_zeros(r.standard_normal((3, 5)) * 2.0, r)
        cases.append(case_elementwise(f"random_with_zeros_3x5_alpha_{alpha}", leaky_relu, seed, x, extra=alpha))
    x = np.array([0.0, 1e-300, -1e-300, 710.0, -710.0, 1e4, -1e4, 1e308, -1e308, 0.0])
    cases.append(case_elementwise("edge_values_alpha_0.1", leaky_relu, 33, x, extra=0.1))
    for c in cases:
        a = c["alpha"]
        xx, gg = np.array(c["x"]["data"]), np.array(c["g"]["data"])
        check("leaky y", np.array(c["y"]["data"]), np.where(xx > 0, xx, a * xx))
        check("leaky dx", np.array(c["dx"]["data"]), np.where(xx > 0, gg, a * gg))
    return cases


def softmax_case(name, seed, z):
    g = rng_for(seed + 1000).standard_normal(z.shape)
    y, (dz,) = vjp(softmax, z, g=g)
    e = np.exp(z - z.max(axis=1, keepdims=True))
    p = e / e.sum(axis=1, keepdims=True)
    check("softmax y", y, p)
    check("softmax dz", dz, p * (g - (g * p).sum(axis=1, keepdims=True)), rtol=1e-10, atol=1e-14)
    return {"case": name, "z": arr(z), "g": arr(g), "y": arr(y), "dz": arr(dz)}


def gen_softmax():
    z_edge = np.array(
        [
            [1e4, -1e4, 0.0, 1.0],
            [1e4, 1e4, -1e4, 0.0],
            [-1e4, -1e4, -1e4, -1e4],
            [-1e4, 3.0, -2.0, 1e-300],
        ]
    )
    return [
        softmax_case("random_4x5", 41, rng_for(41).standard_normal((4, 5)) * 2.0),
        softmax_case("random_1x3", 42, rng_for(42).standard_normal((1, 3))),
        softmax_case("large_logits", 43, z_edge),
    ]


def ce_case(name, z, labels):
    labels = np.asarray(labels, dtype=np.int64)
    loss, (dz,) = vjp(lambda v: cross_entropy(v, jnp.asarray(labels)), z)
    n = z.shape[0]
    m = z.max(axis=1, keepdims=True)
    lse = (m + np.log(np.exp(z - m).sum(axis=1, keepdims=True)))[:, 0]
    check("ce loss", loss, np.mean(lse - z[np.arange(n), labels]), rtol=1e-12, atol=1e-12)
    p = np.exp(z - m)
    p /= p.sum(axis=1, keepdims=True)
    onehot = np.eye(z.shape[1])[labels]
    check("ce dz", dz, (p - onehot) / n, rtol=1e-10, atol=1e-15)
    return {"case": name, "z": arr(z), "labels": [int(l) for l in labels], "loss": scalar(loss), "dz": arr(dz)}


def gen_cross_entropy():
    r = rng_for(51)
    z1 = r.standard_normal((4, 3)) * 2.0
    l1 = r.integers(0, 3, size=4)
    r = rng_for(52)
    z2 = r.standard_normal((2, 6))
    l2 = r.integers(0, 6, size=2)
    z3 = np.array(
        [
            [1e4, -1e4, 0.0],  # confident and right
            [1e4, -1e4, 0.0],  # confident and wrong: loss 1e4 for this row
            [-1e4, -1e4, -1e4],  # uniform
            [1e4, 1e4, 2.0],  # tie at the top
        ]
    )
    l3 = [0, 2, 1, 1]
    return [
        ce_case("random_4x3", z1, l1),
        ce_case("random_2x6", z2, l2),
        ce_case("large_logits", z3, l3),
    ]


def bce_case(name, z, y):
    loss, (dz,) = vjp(lambda v: bce_logits(v, jnp.asarray(y)), z)
    n = z.shape[0]
    sp = np.maximum(z, 0) + np.log1p(np.exp(-np.abs(z)))
    check("bce loss", loss, np.mean(sp - y * z), rtol=1e-12, atol=1e-300)
    sig = np.where(z >= 0, 1 / (1 + np.exp(-np.abs(z))), np.exp(-np.abs(z)) / (1 + np.exp(-np.abs(z))))
    check("bce dz", dz, (sig - y) / n, rtol=1e-12, atol=1e-300)
    return {"case": name, "z": arr(z), "y": arr(y), "loss": scalar(loss), "dz": arr(dz)}


def gen_bce_logits():
    r = rng_for(61)
    z1 = r.standard_normal(8) * 3.0
    y1 = r.integers(0, 2, size=8).astype(np.float64)
    # Extremes labelled so that |z| = 1e300 is a confident right answer: the loss
    # stays at a readable size (a confident wrong one would add 1e300/n and swamp
    # every other term). 710 and -710 go both ways; 0 with both labels.
    z2 = np.array([1e300, -1e300, 710.0, -710.0, 710.0, -710.0, 0.0, 0.0])
    y2 = np.array([1.0, 0.0, 1.0, 0.0, 0.0, 1.0, 0.0, 1.0])
    # Confident and wrong at 1e300: loss is huge (about 1e300 / n) but finite.
    z3 = np.array([1e300, -1e300, 0.5, -2.0])
    y3 = np.array([0.0, 1.0, 1.0, 0.0])
    return [
        bce_case("random_8", z1, y1),
        bce_case("extreme_logits", z2, y2),
        bce_case("extreme_logits_wrong", z3, y3),
    ]


def gen_squared_error():
    cases = []
    for name, seed, shape in [("random_4x3", 71, (4, 3)), ("random_1x5", 72, (1, 5)), ("random_6x1", 73, (6, 1))]:
        r = rng_for(seed)
        o = r.standard_normal(shape)
        t = r.standard_normal(shape)
        loss, (do, _) = vjp(squared_error, o, t)
        check("se loss", loss, 0.5 * np.sum((o - t) ** 2) / shape[0])
        check("se do", do, (o - t) / shape[0])
        cases.append({"case": name, "o": arr(o), "t": arr(t), "loss": scalar(loss), "do": arr(do)})
    return cases


def gen_dense():
    cases = []
    for name, seed, (n, i, o) in [("random_4x3_to_2", 81, (4, 3, 2)), ("random_1x5_to_3", 82, (1, 5, 3)), ("random_3x2_to_4", 83, (3, 2, 4))]:
        r = rng_for(seed)
        x = r.standard_normal((n, i))
        w = r.standard_normal((i, o))
        b = r.standard_normal(o)
        g = r.standard_normal((n, o))
        y, (dx, dw, db) = vjp(dense, x, w, b, g=g)
        check("dense y", y, x @ w + b)
        check("dense dx", dx, g @ w.T)
        check("dense dw", dw, x.T @ g)
        check("dense db", db, g.sum(axis=0))
        cases.append(
            {"case": name, "x": arr(x), "w": arr(w), "b": arr(b), "g": arr(g), "y": arr(y), "dx": arr(dx), "dw": arr(dw), "db": arr(db)}
        )
    return cases


def gen_conv2d():
    cases = []
    specs = [
        ("k3x3_same", 91, (2, 2, 5, 4), (3, 2, 3, 3), "same"),
        ("k3x3_valid", 92, (2, 2, 5, 4), (3, 2, 3, 3), "valid"),
        ("k2x2_same", 93, (2, 2, 5, 4), (3, 2, 2, 2), "same"),
        ("k2x2_valid", 94, (2, 2, 5, 4), (3, 2, 2, 2), "valid"),
        ("k1x3_same", 95, (2, 2, 5, 4), (3, 2, 1, 3), "same"),
        ("k1x3_valid", 96, (2, 2, 5, 4), (3, 2, 1, 3), "valid"),
    ]
    for name, seed, xs, ks, pad in specs:
        r = rng_for(seed)
        x = r.standard_normal(xs)
        k = r.standard_normal(ks)
        b = r.standard_normal(ks[0])
        y_shape = conv2d_numpy(x, k, b, pad).shape
        g = r.standard_normal(y_shape)
        y, (dx, dk, db) = vjp(lambda xx, kk, bb: conv2d(xx, kk, bb, pad), x, k, b, g=g)
        check("conv y", y, conv2d_numpy(x, k, b, pad), rtol=1e-11, atol=1e-13)
        # numpy gradient cross-check by the adjoint identity <g, conv(x)> linear in x and k
        check("conv db", db, g.sum(axis=(0, 2, 3)), rtol=1e-11, atol=1e-13)
        lin_x = np.sum(g * (conv2d_numpy(x, k, np.zeros_like(b), pad)))
        check("conv <dx,x>", np.sum(dx * x), lin_x, rtol=1e-10, atol=1e-12)
        check("conv <dk,k>", np.sum(dk * k), lin_x, rtol=1e-10, atol=1e-12)
        cases.append(
            {
                "case": name,
                "padding": pad,
                "x": arr(x),
                "k": arr(k),
                "b": arr(b),
                "g": arr(g),
                "y": arr(y),
                "dx": arr(dx),
                "dk": arr(dk),
                "db": arr(db),
            }
        )
    return cases


def bn_train_numpy_dx(x, gamma, g):
    n = x.shape[0]
    mu = x.mean(axis=0)
    var = ((x - mu) ** 2).mean(axis=0)
    inv = 1 / np.sqrt(var + BN_EPS)
    xhat = (x - mu) * inv
    dxhat = g * gamma
    return inv / n * (n * dxhat - dxhat.sum(axis=0) - xhat * (dxhat * xhat).sum(axis=0))


def gen_batch_norm_train():
    cases = []
    for name, seed, shape, scale, shift in [
        ("random_5x3", 101, (5, 3), 1.0, 0.0),
        ("random_8x2_shifted", 102, (8, 2), 10.0, 50.0),
        ("random_2x4", 103, (2, 4), 1.0, 0.0),
    ]:
        r = rng_for(seed)
        x = r.standard_normal(shape) * scale + shift
        gamma = r.uniform(0.5, 2.0, size=shape[1])
        beta = r.standard_normal(shape[1])
        g = r.standard_normal(shape)
        y, (dx, dgamma, dbeta) = vjp(batch_norm_train, x, gamma, beta, g=g)
        check("bn dx", dx, bn_train_numpy_dx(x, gamma, g), rtol=1e-9, atol=1e-12)
        check("bn dbeta", dbeta, g.sum(axis=0))
        cases.append(
            {
                "case": name,
                "x": arr(x),
                "gamma": arr(gamma),
                "beta": arr(beta),
                "g": arr(g),
                "y": arr(y),
                "dx": arr(dx),
                "dgamma": arr(dgamma),
                "dbeta": arr(dbeta),
            }
        )
    # A constant feature (variance 0): xhat = 0, dx finite thanks to eps.
    r = rng_for(104)
    x = r.standard_normal((4, 3))
    x[:, 1] = 2.0
    gamma = r.uniform(0.5, 2.0, size=3)
    beta = r.standard_normal(3)
    g = r.standard_normal((4, 3))
    y, (dx, dgamma, dbeta) = vjp(batch_norm_train, x, gamma, beta, g=g)
    check("bn dx const", dx, bn_train_numpy_dx(x, gamma, g), rtol=1e-9, atol=1e-12)
    cases.append(
        {
            "case": "constant_feature_4x3",
            "x": arr(x),
            "gamma": arr(gamma),
            "beta": arr(beta),
            "g": arr(g),
            "y": arr(y),
            "dx": arr(dx),
            "dgamma": arr(dgamma),
            "dbeta": arr(dbeta),
        }
    )
    return cases


def gen_batch_norm_eval():
    cases = []
    for name, seed, shape in [("random_5x3", 111, (5, 3)), ("random_2x4", 112, (2, 4))]:
        r = rng_for(seed)
        x = r.standard_normal(shape) * 2.0 + 1.0
        gamma = r.uniform(0.5, 2.0, size=shape[1])
        beta = r.standard_normal(shape[1])
        rm = r.standard_normal(shape[1])
        rv = r.uniform(0.1, 3.0, size=shape[1])
        if name == "random_2x4":
            rv[0] = 0.0  # a zero running variance: eps keeps it finite
        g = r.standard_normal(shape)
        y, (dx, dgamma, dbeta, _, _) = vjp(batch_norm_eval, x, gamma, beta, rm, rv, g=g)
        inv = 1 / np.sqrt(rv + BN_EPS)
        check("bne y", y, gamma * (x - rm) * inv + beta)
        check("bne dx", dx, g * gamma * inv)
        check("bne dgamma", dgamma, (g * (x - rm) * inv).sum(axis=0))
        check("bne dbeta", dbeta, g.sum(axis=0))
        cases.append(
            {
                "case": name,
                "x": arr(x),
                "gamma": arr(gamma),
                "beta": arr(beta),
                "running_mean": arr(rm),
                "running_var": arr(rv),
                "g": arr(g),
                "y": arr(y),
                "dx": arr(dx),
                "dgamma": arr(dgamma),
                "dbeta": arr(dbeta),
            }
        )
    return cases


def standardize_fit(train):
    mean = jnp.mean(train, axis=0)
    std = jnp.sqrt(jnp.mean((train - mean) ** 2, axis=0))
    return mean, std


def standardize_apply(x, mean, std):
    keep = std > STD_EPS
    safe = jnp.where(keep, std, 1.0)
    return jnp.where(keep, (x - mean) / safe, x)


def gen_standardize():
    cases = []
    for name, seed, (ntr, nte, f), ones_col in [
        ("random_6x3_with_ones_column", 121, (6, 2, 3), 2),
        ("random_10x4_with_ones_column", 122, (10, 3, 4), 0),
        ("random_5x2", 123, (5, 4, 2), None),
    ]:
        r = rng_for(seed)
        scales = r.uniform(0.5, 20.0, size=f)
        shifts = r.uniform(-100.0, 100.0, size=f)
        train = r.standard_normal((ntr, f)) * scales + shifts
        test = r.standard_normal((nte, f)) * scales + shifts
        if ones_col is not None:
            train[:, ones_col] = 1.0
            test[:, ones_col] = 1.0
        mean, std = standardize_fit(jnp.asarray(train))
        tr_out = standardize_apply(jnp.asarray(train), mean, std)
        te_out = standardize_apply(jnp.asarray(test), mean, std)
        m_np, s_np = train.mean(axis=0), train.std(axis=0, ddof=0)
        check("std mean", mean, m_np)
        check("std std", std, s_np, rtol=1e-10, atol=1e-15)
        if ones_col is not None:
            assert float(std[ones_col]) <= STD_EPS
            assert np.array_equal(np.asarray(tr_out)[:, ones_col], train[:, ones_col])
            assert np.array_equal(np.asarray(te_out)[:, ones_col], test[:, ones_col])
        cases.append(
            {
                "case": name,
                "train": arr(train),
                "test": arr(test),
                "mean": arr(mean),
                "std": arr(std),
                "train_out": arr(tr_out),
                "test_out": arr(te_out),
            }
        )
    return cases


def main():
    ref = {
        "sigmoid": gen_sigmoid(),
        "tanh": gen_tanh(),
        "relu": gen_relu(),
        "leaky_relu": gen_leaky_relu(),
        "softmax": gen_softmax(),
        "cross_entropy": gen_cross_entropy(),
        "bce_logits": gen_bce_logits(),
        "squared_error": gen_squared_error(),
        "dense": gen_dense(),
        "conv2d": gen_conv2d(),
        "batch_norm_train": gen_batch_norm_train(),
        "batch_norm_eval": gen_batch_norm_eval(),
        "standardize": gen_standardize(),
    }
    with open(OUT, "w") as f:
        # allow_nan=False: refuse to write NaN or infinity; json writes floats by
        # repr, which round-trips every float64 exactly.
        json.dump(ref, f, allow_nan=False, indent=1)
        f.write("\n")
    total = sum(len(v) for v in ref.values())
    print(f"wrote {OUT}: {len(ref)} ops, {total} cases, jax {jax.__version__}")


if __name__ == "__main__":
    main()
