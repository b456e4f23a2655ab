"""MLX on CPU (bench/WORKLOADS.md), float32, each workload two ways.

`-eager`: the transformed function (mx.grad(f), mx.vjp, ...) called as it
is; MLX builds the graph lazily and mx.eval computes it. `-compiled`:
mx.compile of the same function; its first call is printed once as
compile_us= and left out of the timing. MLX has no traced while/if, so W3
has no compiled variant. Install with `pip install "mlx[cpu]"`.
"""
import pathlib
import time

import mlx.core as mx
import numpy as np

from timing import bench, header, info, inputs, total, total_abs


def wait(result):
    mx.eval(result)
    return result


def plain(values):
    if isinstance(values, (list, tuple)):
        return [plain(v) for v in values]
    return np.asarray(values)


def eager_and_compiled(workload, what, function, *args):
    median, result = bench(workload, f"{what}-eager", lambda: function(*args), wait)
    yield "eager", median, result
    compiled = mx.compile(function)
    start = time.perf_counter()
    wait(compiled(*args))
    info(workload, f"{what}-compiled", compile_us=(time.perf_counter() - start) * 1e6)
    median, result = bench(workload, f"{what}-compiled", lambda: compiled(*args), wait)
    yield "compiled", median, result


def scalar_workloads():
    x = mx.array(inputs("W1"))
    for mode, _, g in eager_and_compiled("W1", "grad", mx.grad(lambda x: 2 * mx.inner(x, x)), x):
        info("W1", f"grad-{mode}", checksum=total(plain(g)))

    def chain(y):
        for _ in range(1000):
            y = y + 0.01 * mx.tanh(y)
        return y
    x = mx.array(inputs("W2"))
    value = float(chain(x))
    bench("W2", "forward-eager", lambda: chain(x), wait)
    for mode, _, g in eager_and_compiled("W2", "grad", mx.grad(chain), x):
        info("W2", f"grad-{mode}", checksum=total(plain(g)), value=value)

    def doubled(a):
        b = a * 2
        while mx.linalg.norm(b) < 1000:   # each test evaluates the graph so far
            b = b * 2
        return b if mx.sum(b) > 0 else 100 * b
    a = mx.array(inputs("W3"))
    ref = float(doubled(a) / a)
    _, g = bench("W3", "grad-eager", lambda: mx.grad(doubled)(a), wait)
    info("W3", "grad-eager", checksum=float(g), ref=ref)
    print("W3 grad-compiled skipped: mx.compile traces without values and MLX has no "
          "while_loop or cond, so the Python loop and branch cannot be compiled")


def mlp_step():
    params, X, labels = inputs("W4")
    params, X, labels = [mx.array(p) for p in params], mx.array(X), mx.array(labels)

    def loss(params, X, labels):
        W1, b1, W2, b2, W3, b3 = params
        h = mx.maximum(mx.maximum(X @ W1 + b1, 0) @ W2 + b2, 0)
        logits = h @ W3 + b3
        log_p = logits - mx.logsumexp(logits, axis=1, keepdims=True)
        return -mx.mean(mx.take_along_axis(log_p, labels[:, None], axis=1))
    forward = list(eager_and_compiled("W4", "forward", loss, params, X, labels))
    both = list(eager_and_compiled("W4", "value_and_grad", mx.value_and_grad(loss), params, X, labels))
    for (mode, t_forward, value), (_, t_both, (value2, grads)) in zip(forward, both):
        info("W4", f"forward-{mode}", checksum=float(value))
        info("W4", f"value_and_grad-{mode}", loss=float(value2), checksum=total_abs(plain(grads)))
        info("W4", f"ratio-{mode}", value_and_grad_over_forward=t_both / t_forward)


def array_workloads():
    A, x = map(mx.array, inputs("W5"))
    A64 = np.asarray(A, np.float64)
    reference = (A64 + A64.T) @ np.asarray(x, np.float64)
    for mode, _, g in eager_and_compiled("W5", "grad", mx.grad(lambda x, A: x @ (A @ x)), x, A):
        error = np.max(np.abs(np.asarray(g, np.float64) - reference)) / np.max(np.abs(reference))
        info("W5", f"grad-{mode}", checksum=total(plain(g)), max_rel_err=float(error))

    x = mx.array(inputs("W6"))
    f = lambda x: mx.sum(mx.sin(x) * mx.exp(-x * x))
    for mode, _, r in eager_and_compiled("W6", "forward", f, x):
        info("W6", f"forward-{mode}", checksum=float(r))
    for mode, _, g in eager_and_compiled("W6", "grad", mx.grad(f), x):
        info("W6", f"grad-{mode}", checksum=total(plain(g)))

    # Forward over reverse, as jax.hessian: a vmap of jvp of grad over the basis.
    W, x = map(mx.array, inputs("W7"))
    gradient = mx.grad(lambda x, W: mx.sum(mx.tanh(W @ x)))
    basis = mx.eye(100)
    hess = lambda x, W: mx.vmap(lambda t: mx.jvp(lambda x: gradient(x, W), [x], [t])[1][0])(basis)
    for mode, _, h in eager_and_compiled("W7", "hessian", hess, x, W):
        info("W7", f"hessian-{mode}", checksum=total(plain(h)))

    A, B = map(mx.array, inputs("W8"))
    for mode, median, C in eager_and_compiled("W8", "forward", mx.matmul, A, B):
        info("W8", f"forward-{mode}", checksum=total(plain(C)), gflops=2 * 1024 ** 3 / median / 1e3)
    both = mx.grad(lambda A, B: mx.sum(A @ B), argnums=(0, 1))
    for mode, _, g in eager_and_compiled("W8", "grad", both, A, B):
        info("W8", f"grad-{mode}", checksum=total(plain(g)))

    # Rows of the Jacobian by vjp, columns by jvp, each mapped over the basis.
    W, x = map(mx.array, inputs("W9"))
    f = lambda x, W: mx.tanh(W @ x)
    basis = mx.eye(256)
    rows = lambda x, W: mx.vmap(lambda c: mx.vjp(lambda x: f(x, W), [x], [c])[1][0])(basis)
    columns = lambda x, W: mx.vmap(lambda t: mx.jvp(lambda x: f(x, W), [x], [t])[1][0], out_axes=1)(basis)
    for name, function in (("jacrev", rows), ("jacfwd", columns)):
        for mode, _, J in eager_and_compiled("W9", name, function, x, W):
            info("W9", f"{name}-{mode}", checksum=total(plain(J)))


if __name__ == "__main__":
    libraries = sorted(p.name for p in pathlib.Path(mx.__file__).parents[1].glob("mlx_cpu.libs/*blas*"))
    header("mlx", mlx=mx.__version__, numpy=np.__version__,
           device=str(mx.default_device().type).split(".")[-1], blas=",".join(libraries) or "?")
    scalar_workloads()
    mlp_step()
    array_workloads()
