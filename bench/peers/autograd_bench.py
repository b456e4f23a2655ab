"""HIPS autograd (bench/WORKLOADS.md): a tape over NumPy, float32, eager only
(autograd has no compiler). autograd has no jacfwd either: W9's is built
from its forward mode, one JVP per basis vector (make_jvp).
"""
from importlib.metadata import version

import autograd.numpy as anp
import numpy as np
from autograd import grad, hessian, jacobian, make_jvp, value_and_grad
from autograd.scipy.special import logsumexp

from timing import bench, header, info, inputs, total, total_abs


def scalar_workloads():
    x = inputs("W1")
    _, g = bench("W1", "grad-eager", lambda: grad(lambda x: 2 * anp.dot(x, x))(x))
    info("W1", "grad-eager", checksum=total(g))

    def chain(y):
        for _ in range(1000):
            y = y + 0.01 * anp.tanh(y)
        return y
    x = inputs("W2")
    bench("W2", "forward-eager", lambda: chain(x))
    _, g = bench("W2", "grad-eager", lambda: grad(chain)(x))
    info("W2", "grad-eager", checksum=total(g), value=float(chain(x)))

    def doubled(a):
        b = a * 2
        while anp.linalg.norm(b) < 1000:
            b = b * 2
        return b if anp.sum(b) > 0 else 100 * b
    a = inputs("W3")
    _, g = bench("W3", "grad-eager", lambda: grad(doubled)(a))
    info("W3", "grad-eager", checksum=total(g), ref=float(doubled(a) / a))


def mlp_step():
    params, X, labels = inputs("W4")
    rows = anp.arange(len(labels))

    def loss(params):
        W1, b1, W2, b2, W3, b3 = params
        h = anp.maximum(anp.maximum(X @ W1 + b1, 0) @ W2 + b2, 0)
        logits = h @ W3 + b3
        log_p = logits - logsumexp(logits, axis=1, keepdims=True)
        return -anp.mean(log_p[rows, labels])
    t_forward, value = bench("W4", "forward-eager", lambda: loss(params))
    info("W4", "forward-eager", checksum=float(value))
    t_both, (value, grads) = bench("W4", "value_and_grad-eager", lambda: value_and_grad(loss)(params))
    info("W4", "value_and_grad-eager", loss=float(value), checksum=total_abs(grads), grad_dtype=grads[0].dtype)
    info("W4", "ratio-eager", value_and_grad_over_forward=t_both / t_forward)


def array_workloads():
    A, x = inputs("W5")
    A64 = A.astype(np.float64)
    reference = (A64 + A64.T) @ x.astype(np.float64)
    _, g = bench("W5", "grad-eager", lambda: grad(lambda x: x @ (A @ x))(x))
    error = np.max(np.abs(g.astype(np.float64) - reference)) / np.max(np.abs(reference))
    info("W5", "grad-eager", checksum=total(g), max_rel_err=float(error))

    x = inputs("W6")
    f = lambda x: anp.sum(anp.sin(x) * anp.exp(-x * x))
    _, r = bench("W6", "forward-eager", lambda: f(x))
    info("W6", "forward-eager", checksum=float(r))
    _, g = bench("W6", "grad-eager", lambda: grad(f)(x))
    info("W6", "grad-eager", checksum=total(g), grad_dtype=g.dtype)

    W, x = inputs("W7")
    # autograd's hessian is the Jacobian of the Jacobian: reverse over reverse.
    _, h = bench("W7", "hessian-eager", lambda: hessian(lambda x: anp.sum(anp.tanh(W @ x)))(x))
    info("W7", "hessian-eager", checksum=total(h))

    A, B = inputs("W8")
    median, C = bench("W8", "forward-eager", lambda: A @ B)
    info("W8", "forward-eager", checksum=total(C), gflops=2 * 1024 ** 3 / median / 1e3)
    _, g = bench("W8", "grad-eager", lambda: grad(lambda A, B: anp.sum(A @ B), (0, 1))(A, B))
    info("W8", "grad-eager", checksum=total(g))

    W, x = inputs("W9")
    f = lambda x: anp.tanh(W @ x)
    _, J = bench("W9", "jacrev-eager", lambda: jacobian(f)(x))
    info("W9", "jacrev-eager", checksum=total(J))

    def columns_by_jvp(x):
        jvp = make_jvp(f)(x)
        return np.stack([jvp(e)[1] for e in np.eye(x.size, dtype=x.dtype)], axis=1)
    _, J = bench("W9", "jacfwd-eager", lambda: columns_by_jvp(x))
    info("W9", "jacfwd-eager", checksum=total(J))


if __name__ == "__main__":
    header("autograd", autograd=version("autograd"), numpy=np.__version__)
    scalar_workloads()
    mlp_step()
    array_workloads()
