"""NumPy without automatic differentiation (bench/WORKLOADS.md), float32.

`forward-eager` evaluates each function; the `-hand` variants compute the
derivative from its formula, worked out on paper: what an autodiff system
on the same kernels cannot beat. W8 also has `grad-closedform`, which uses
that the cotangent of sum(A B) is all ones (no matrix product at all).
"""
import numpy as np
from threadpoolctl import threadpool_info

from timing import bench, header, info, inputs, total, total_abs


def blas_description():
    return ",".join(f"{p['internal_api']}:{p.get('architecture')}:{p['num_threads']}t"
                    for p in threadpool_info() if p["user_api"] == "blas")


def w1_to_w3():
    x = inputs("W1")
    bench("W1", "forward-eager", lambda: 2 * np.dot(x, x))
    _, g = bench("W1", "grad-hand", lambda: 4 * x)           # d/dx 2 x.x = 4 x
    info("W1", "grad-hand", checksum=total(g))

    step = np.float32(0.01)

    def chain(y):
        for _ in range(1000):
            y = y + step * np.tanh(y)
        return y

    def chain_derivative(y):
        # The chain rule along the loop: each step multiplies by 1 + 0.01 (1 - tanh²).
        d = np.float32(1)
        for _ in range(1000):
            t = np.tanh(y)
            d = d * (np.float32(1) + step * (np.float32(1) - t * t))
            y = y + step * t
        return d
    x = inputs("W2")
    bench("W2", "forward-eager", lambda: chain(x))
    _, g = bench("W2", "grad-hand", lambda: chain_derivative(x))
    info("W2", "grad-hand", checksum=total(g), value=float(chain(x)))

    def doubled(a):
        # Returns f(a) and its slope: f is linear in a, 2^k a (times 100 if the sum is not positive).
        b, slope = a * 2, np.float32(2)
        while np.linalg.norm(b) < 1000:
            b, slope = b * 2, slope * 2
        return (b, slope) if np.sum(b) > 0 else (100 * b, 100 * slope)
    a = inputs("W3")
    bench("W3", "forward-eager", lambda: doubled(a)[0])
    _, g = bench("W3", "grad-hand", lambda: doubled(a)[1])
    info("W3", "grad-hand", checksum=total(g), ref=float(doubled(a)[0] / a))


def w4():
    (W1, b1, W2, b2, W3, b3), X, labels = inputs("W4")
    rows = np.arange(len(labels))

    def logits():
        z1 = X @ W1 + b1
        h1 = np.maximum(z1, 0)
        z2 = h1 @ W2 + b2
        h2 = np.maximum(z2, 0)
        return z1, h1, z2, h2, h2 @ W3 + b3

    def forward():
        z = logits()[-1]
        z = z - z.max(axis=1, keepdims=True)
        return np.mean(np.log(np.exp(z).sum(axis=1)) - z[rows, labels])

    def value_and_grad():
        z1, h1, z2, h2, z = logits()
        z = z - z.max(axis=1, keepdims=True)
        e = np.exp(z)
        s = e.sum(axis=1, keepdims=True)
        loss = np.mean(np.log(s[:, 0]) - z[rows, labels])
        dz = e / s                      # softmax minus the one-hot labels, over the batch
        dz[rows, labels] -= 1
        dz /= len(labels)
        dh2 = (dz @ W3.T) * (z2 > 0)
        dh1 = (dh2 @ W2.T) * (z1 > 0)
        return loss, (X.T @ dh1, dh1.sum(0), h1.T @ dh2, dh2.sum(0), h2.T @ dz, dz.sum(0))
    t_forward, loss = bench("W4", "forward-eager", forward)
    info("W4", "forward-eager", checksum=float(loss))
    t_both, (loss, grads) = bench("W4", "value_and_grad-hand", value_and_grad)
    info("W4", "value_and_grad-hand", loss=float(loss), checksum=total_abs(grads), grad_dtype=grads[0].dtype)
    info("W4", "ratio-hand", value_and_grad_over_forward=t_both / t_forward)


def w5_to_w9():
    A, x = inputs("W5")
    A64 = A.astype(np.float64)
    reference = (A64 + A64.T) @ x.astype(np.float64)
    bench("W5", "forward-eager", lambda: x @ (A @ x))
    _, g = bench("W5", "grad-hand", lambda: A @ x + x @ A)  # (A + Aᵀ) x without forming A + Aᵀ
    info("W5", "grad-hand", checksum=total(g),
         max_rel_err=float(np.max(np.abs(g - reference)) / np.max(np.abs(reference))))

    x = inputs("W6")
    _, r = bench("W6", "forward-eager", lambda: np.sum(np.sin(x) * np.exp(-x * x)))
    info("W6", "forward-eager", checksum=float(r))
    _, g = bench("W6", "grad-hand", lambda: np.exp(-x * x) * (np.cos(x) - 2 * x * np.sin(x)))
    info("W6", "grad-hand", checksum=total(g), grad_dtype=g.dtype)

    W, x = inputs("W7")
    bench("W7", "forward-eager", lambda: np.sum(np.tanh(W @ x)))

    def hessian(x):
        t = np.tanh(W @ x)             # H = Wᵀ diag(tanh'') W, tanh'' = -2 t (1 - t²)
        return W.T @ ((-2 * t * (1 - t * t))[:, None] * W)
    _, h = bench("W7", "hessian-hand", lambda: hessian(x))
    info("W7", "hessian-hand", checksum=total(h))

    A, B = inputs("W8")
    median, C = bench("W8", "forward-eager", lambda: A @ B)
    info("W8", "forward-eager", checksum=total(C), gflops=2 * 1024 ** 3 / median / 1e3)

    def pullback():
        G = np.ones_like(A)            # what reverse mode does: two products with the cotangent
        return G @ B.T, A.T @ G
    _, g = bench("W8", "grad-hand", pullback)
    info("W8", "grad-hand", checksum=total(g))

    def closed_form():
        return (np.broadcast_to(B.sum(axis=1), A.shape).copy(),
                np.broadcast_to(A.sum(axis=0)[:, None], B.shape).copy())
    _, g = bench("W8", "grad-closedform", closed_form)
    info("W8", "grad-closedform", checksum=total(g))

    W, x = inputs("W9")
    bench("W9", "forward-eager", lambda: np.tanh(W @ x))

    def jacobian(x):
        t = np.tanh(W @ x)             # J = diag(1 - t²) W
        return (1 - t * t)[:, None] * W
    _, J = bench("W9", "jacobian-hand", lambda: jacobian(x))
    info("W9", "jacobian-hand", checksum=total(J))


def w10():
    params, X, labels = inputs("W10")
    first = [np.zeros_like(p) for p in params]
    second = [np.zeros_like(p) for p in params]
    steps = [0]
    rows = np.arange(64)

    def epoch():
        for k in range(22):
            xb, yb = X[64 * k:64 * (k + 1)], labels[64 * k:64 * (k + 1)]
            W1, b1, W2, b2 = params
            h = xb @ W1 + b1
            a = np.maximum(h, 0)
            z = a @ W2 + b2
            z = z - z.max(axis=1, keepdims=True)
            p = np.exp(z)
            p /= p.sum(axis=1, keepdims=True)
            loss = -np.log(p[rows, yb]).mean()
            p[rows, yb] -= 1
            p /= 64
            dh = (p @ W2.T) * (h > 0)
            grads = [xb.T @ dh, dh.sum(0), a.T @ p, p.sum(0)]
            steps[0] += 1
            t = steps[0]
            for i, g in enumerate(grads):  # Adam, bias-corrected
                first[i] = 0.9 * first[i] + 0.1 * g
                second[i] = 0.999 * second[i] + 0.001 * g * g
                params[i] -= np.float32(1e-3) * (first[i] / (1 - 0.9 ** t)) / (
                    np.sqrt(second[i] / (1 - 0.999 ** t)) + np.float32(1e-8))
        return loss
    _, loss = bench("W10", "train_epoch-hand", epoch)
    info("W10", "train_epoch-hand", loss=float(loss))


if __name__ == "__main__":
    header("numpy", numpy=np.__version__, blas=blas_description())
    w1_to_w3()
    w4()
    w5_to_w9()
    w10()
