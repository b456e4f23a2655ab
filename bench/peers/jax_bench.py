"""JAX on CPU (bench/WORKLOADS.md), float32, each workload two ways.

`-eager`: the transformed function (jax.grad(f), jax.hessian(f), ...)
called as it is, so JAX dispatches one primitive at a time. `-jit`:
jax.jit of that same function; its first call (trace, compile, run) is
printed once as compile_us= and left out of the timing.
"""
import time

import jax
import jax.numpy as jnp
import numpy as np
from jax import lax

from timing import bench, header, info, inputs, total, total_abs

wait = jax.block_until_ready


def leaves_total(tree):
    return total([np.asarray(leaf) for leaf in jax.tree_util.tree_leaves(tree)])


def eager_and_jit(workload, what, function, *args):
    """Times function(*args), then jax.jit(function)(*args); yields
    (mode, median_us, result) for each."""
    median, result = bench(workload, f"{what}-eager", lambda: function(*args), wait)
    yield "eager", median, result
    compiled = jax.jit(function)
    start = time.perf_counter()
    wait(compiled(*args))
    info(workload, f"{what}-jit", compile_us=(time.perf_counter() - start) * 1e6)
    median, result = bench(workload, f"{what}-jit", lambda: compiled(*args), wait)
    yield "jit", median, result


def compile_once(workload, variant, function, *args, **facts):
    start = time.perf_counter()
    wait(function(*args))
    info(workload, variant, compile_us=(time.perf_counter() - start) * 1e6, **facts)


def scalar_workloads():
    x = jnp.asarray(inputs("W1"))
    for mode, _, g in eager_and_jit("W1", "grad", jax.grad(lambda x: 2 * jnp.dot(x, x)), x):
        info("W1", f"grad-{mode}", checksum=leaves_total(g))

    def chain(y):
        for _ in range(1000):          # jit unrolls this Python loop into 3000 operations
            y = y + 0.01 * jnp.tanh(y)
        return y
    x = jnp.asarray(inputs("W2"))
    value = float(jax.jit(chain)(x))
    bench("W2", "forward-eager", lambda: chain(x), wait)
    for mode, _, g in eager_and_jit("W2", "grad", jax.grad(chain), x):
        info("W2", f"grad-{mode}", checksum=leaves_total(g), value=value)
    # A reference, not the workload: the same loop as lax.fori_loop, compiled as a loop.
    looped = jax.jit(jax.grad(lambda y: lax.fori_loop(0, 1000, lambda i, y: y + 0.01 * jnp.tanh(y), y)))
    compile_once("W2", "grad-jit_fori", looped, x)
    _, g = bench("W2", "grad-jit_fori", lambda: looped(x), wait)
    info("W2", "grad-jit_fori", checksum=leaves_total(g), value=value)

    def doubled(a):
        b = a * 2
        while jnp.linalg.norm(b) < 1000:
            b = b * 2
        return b if jnp.sum(b) > 0 else 100 * b
    a = jnp.asarray(inputs("W3"))
    ref = float(doubled(a) / a)
    _, g = bench("W3", "grad-eager", lambda: jax.grad(doubled)(a), wait)
    info("W3", "grad-eager", checksum=float(g), ref=ref)

    # Under jit the loop must be lax.while_loop, which reverse mode cannot go
    # through; the derivative of this scalar function is the same in forward mode.
    def doubled_traced(a):
        b = lax.while_loop(lambda b: jnp.linalg.norm(b) < 1000, lambda b: b * 2, a * 2)
        return jnp.where(jnp.sum(b) > 0, b, 100 * b)
    forward = jax.jit(jax.jacfwd(doubled_traced))
    compile_once("W3", "grad-jit", forward, a, mode="jacfwd")
    _, g = bench("W3", "grad-jit", lambda: forward(a), wait)
    info("W3", "grad-jit", checksum=float(g), ref=ref)


def mlp_step():
    params, X, labels = inputs("W4")
    params, X, labels = [jnp.asarray(p) for p in params], jnp.asarray(X), jnp.asarray(labels)

    def loss(params, X, labels):
        W1, b1, W2, b2, W3, b3 = params
        h = jax.nn.relu(jax.nn.relu(X @ W1 + b1) @ W2 + b2)
        logits = h @ W3 + b3
        log_p = logits - jax.nn.logsumexp(logits, axis=1, keepdims=True)
        return -jnp.mean(jnp.take_along_axis(log_p, labels[:, None], axis=1))
    forward = list(eager_and_jit("W4", "forward", loss, params, X, labels))
    both = list(eager_and_jit("W4", "value_and_grad", jax.value_and_grad(loss), params, X, labels))
    for (mode, t_forward, value), (_, t_both, (value2, grads)) in zip(forward, both):
        info("W4", f"forward-{mode}", checksum=float(value))
        info("W4", f"value_and_grad-{mode}", loss=float(value2), checksum=total_abs(grads))
        info("W4", f"ratio-{mode}", value_and_grad_over_forward=t_both / t_forward)


def array_workloads():
    A, x = map(jnp.asarray, inputs("W5"))
    A64 = np.asarray(A, np.float64)
    reference = (A64 + A64.T) @ np.asarray(x, np.float64)
    for mode, _, g in eager_and_jit("W5", "grad", jax.grad(lambda x, A: x @ (A @ x)), x, A):
        error = np.max(np.abs(np.asarray(g, np.float64) - reference)) / np.max(np.abs(reference))
        info("W5", f"grad-{mode}", checksum=leaves_total(g), max_rel_err=float(error))

    x = jnp.asarray(inputs("W6"))
    f = lambda x: jnp.sum(jnp.sin(x) * jnp.exp(-x * x))
    for mode, _, r in eager_and_jit("W6", "forward", f, x):
        info("W6", f"forward-{mode}", checksum=float(r))
    for mode, _, g in eager_and_jit("W6", "grad", jax.grad(f), x):
        info("W6", f"grad-{mode}", checksum=leaves_total(g))

    W, x = map(jnp.asarray, inputs("W7"))
    for mode, _, h in eager_and_jit("W7", "hessian", jax.hessian(lambda x, W: jnp.sum(jnp.tanh(W @ x))), x, W):
        info("W7", f"hessian-{mode}", checksum=leaves_total(h))

    A, B = map(jnp.asarray, inputs("W8"))
    for mode, median, C in eager_and_jit("W8", "forward", jnp.matmul, A, B):
        info("W8", f"forward-{mode}", checksum=leaves_total(C), gflops=2 * 1024 ** 3 / median / 1e3)
    both = jax.grad(lambda A, B: jnp.sum(A @ B), argnums=(0, 1))
    for mode, _, g in eager_and_jit("W8", "grad", both, A, B):
        info("W8", f"grad-{mode}", checksum=leaves_total(g))

    W, x = map(jnp.asarray, inputs("W9"))
    f = lambda x, W: jnp.tanh(W @ x)
    for name, transform in (("jacrev", jax.jacrev), ("jacfwd", jax.jacfwd)):
        for mode, _, J in eager_and_jit("W9", name, transform(f), x, W):
            info("W9", f"{name}-{mode}", checksum=leaves_total(J))


def training_epoch():
    params, X, labels = inputs("W10")
    params, X, labels = [jnp.asarray(p) for p in params], jnp.asarray(X), jnp.asarray(labels)

    def loss(params, xb, yb):
        W1, b1, W2, b2 = params
        logits = jax.nn.relu(xb @ W1 + b1) @ W2 + b2
        log_p = logits - jax.nn.logsumexp(logits, axis=1, keepdims=True)
        return -jnp.mean(jnp.take_along_axis(log_p, yb[:, None], axis=1))

    def step(state, xb, yb):          # value, gradient and a bias-corrected Adam update
        params, first, second, t = state
        value, grads = jax.value_and_grad(loss)(params, xb, yb)
        t = t + 1
        first = [0.9 * m + 0.1 * g for m, g in zip(first, grads)]
        second = [0.999 * v + 0.001 * g * g for v, g in zip(second, grads)]
        params = [p - 1e-3 * (m / (1 - 0.9 ** t)) / (jnp.sqrt(v / (1 - 0.999 ** t)) + 1e-8)
                  for p, m, v in zip(params, first, second)]
        return (params, first, second, t), value
    zeros = [jnp.zeros_like(p) for p in params]
    for mode, run in (("eager", step), ("jit", jax.jit(step))):
        state = [(params, zeros, zeros, jnp.float32(0))]

        def epoch():
            for k in range(22):
                state[0], value = run(state[0], X[64 * k:64 * (k + 1)], labels[64 * k:64 * (k + 1)])
            return value
        if mode == "jit":
            compile_once("W10", "train_epoch-jit", run, state[0], X[:64], labels[:64])
        _, value = bench("W10", f"train_epoch-{mode}", epoch, wait)
        info("W10", f"train_epoch-{mode}", loss=float(value))


if __name__ == "__main__":
    header("jax", jax=jax.__version__, numpy=np.__version__, device=jax.devices()[0].platform)
    scalar_workloads()
    mlp_step()
    array_workloads()
    training_epoch()
