"""PyTorch on CPU (bench/WORKLOADS.md), float32, eager only.

Gradients come from the tape (torch.autograd.grad); the Hessian and the
Jacobians from torch.func. The `forward` variants run under
torch.no_grad(), so no tape is recorded: value_and_grad over forward shows
what the tape costs.
"""
import numpy as np
import torch
import torch.nn.functional as F
from torch.func import hessian, jacfwd, jacrev

from timing import bench, header, info, inputs, total, total_abs


def tensor(array, requires_grad=False):
    return torch.from_numpy(np.asarray(array)).clone().requires_grad_(requires_grad)


def plain(values):
    """Tensors as NumPy arrays, for the checksums."""
    if isinstance(values, (list, tuple)):
        return [plain(v) for v in values]
    return values.detach().numpy()


def scalar_workloads():
    x = tensor(inputs("W1"), True)
    _, g = bench("W1", "grad-eager", lambda: torch.autograd.grad(2 * torch.dot(x, x), x)[0])
    info("W1", "grad-eager", checksum=total(plain(g)))

    def chain(y):
        for _ in range(1000):
            y = y + 0.01 * torch.tanh(y)
        return y
    x = tensor(inputs("W2"), True)
    with torch.no_grad():
        bench("W2", "forward-eager", lambda: chain(x))
        value = float(chain(x))
    _, g = bench("W2", "grad-eager", lambda: torch.autograd.grad(chain(x), x)[0])
    info("W2", "grad-eager", checksum=total(plain(g)), value=value)

    def doubled(a):
        b = a * 2
        while b.norm() < 1000:
            b = b * 2
        return b if b.sum() > 0 else 100 * b
    a = tensor(inputs("W3"), True)
    _, g = bench("W3", "grad-eager", lambda: torch.autograd.grad(doubled(a), a)[0])
    with torch.no_grad():
        info("W3", "grad-eager", checksum=total(plain(g)), ref=float(doubled(a) / a))


def mlp_step():
    params, X, labels = inputs("W4")
    params, X, labels = [tensor(p, True) for p in params], tensor(X), torch.from_numpy(labels)

    def loss():
        W1, b1, W2, b2, W3, b3 = params
        h = torch.relu(torch.relu(X @ W1 + b1) @ W2 + b2)
        return F.cross_entropy(h @ W3 + b3, labels)   # log-softmax and the mean negative log-likelihood

    def forward():
        with torch.no_grad():
            return loss()

    def value_and_grad():
        value = loss()
        return value.detach(), torch.autograd.grad(value, params)
    t_forward, value = bench("W4", "forward-eager", forward)
    info("W4", "forward-eager", checksum=float(value))
    t_both, (value, grads) = bench("W4", "value_and_grad-eager", value_and_grad)
    info("W4", "value_and_grad-eager", loss=float(value), checksum=total_abs(plain(grads)))
    info("W4", "ratio-eager", value_and_grad_over_forward=t_both / t_forward)


def array_workloads():
    A, x = inputs("W5")
    A64 = A.astype(np.float64)
    reference = (A64 + A64.T) @ x.astype(np.float64)
    A, x = tensor(A), tensor(x, True)
    _, g = bench("W5", "grad-eager", lambda: torch.autograd.grad(x @ (A @ x), x)[0])
    error = np.max(np.abs(plain(g).astype(np.float64) - reference)) / np.max(np.abs(reference))
    info("W5", "grad-eager", checksum=total(plain(g)), max_rel_err=float(error))

    x = tensor(inputs("W6"), True)
    f = lambda x: torch.sum(torch.sin(x) * torch.exp(-x * x))
    with torch.no_grad():
        _, r = bench("W6", "forward-eager", lambda: f(x))
    info("W6", "forward-eager", checksum=float(r))
    _, g = bench("W6", "grad-eager", lambda: torch.autograd.grad(f(x), x)[0])
    info("W6", "grad-eager", checksum=total(plain(g)))

    W, x = map(tensor, inputs("W7"))
    _, h = bench("W7", "hessian-eager", lambda: hessian(lambda x: torch.sum(torch.tanh(W @ x)))(x))
    info("W7", "hessian-eager", checksum=total(plain(h)))

    A, B = (tensor(m, True) for m in inputs("W8"))
    with torch.no_grad():
        median, C = bench("W8", "forward-eager", lambda: A @ B)
    info("W8", "forward-eager", checksum=total(plain(C)), gflops=2 * 1024 ** 3 / median / 1e3)
    _, g = bench("W8", "grad-eager", lambda: torch.autograd.grad(torch.sum(A @ B), (A, B)))
    info("W8", "grad-eager", checksum=total(plain(g)))

    W, x = map(tensor, inputs("W9"))
    f = lambda x: torch.tanh(W @ x)
    for name, transform in (("jacrev", jacrev), ("jacfwd", jacfwd)):
        _, J = bench("W9", f"{name}-eager", lambda: transform(f)(x))
        info("W9", f"{name}-eager", checksum=total(plain(J)))


def training_epoch():
    params, X, labels = inputs("W10")
    params = [tensor(p, True) for p in params]
    X, labels = tensor(X), torch.from_numpy(labels)
    optimizer = torch.optim.Adam(params, lr=1e-3)

    def epoch():
        for k in range(22):
            xb, yb = X[64 * k:64 * (k + 1)], labels[64 * k:64 * (k + 1)]
            W1, b1, W2, b2 = params
            value = F.cross_entropy(torch.relu(xb @ W1 + b1) @ W2 + b2, yb)
            optimizer.zero_grad(set_to_none=True)
            value.backward()
            optimizer.step()
        return value.detach()
    _, value = bench("W10", "train_epoch-eager", epoch)
    info("W10", "train_epoch-eager", loss=float(value))


if __name__ == "__main__":
    header("torch", torch=torch.__version__, numpy=np.__version__,
           threads=torch.get_num_threads(), cpu=torch.backends.cpu.get_cpu_capability())
    scalar_workloads()
    mlp_step()
    array_workloads()
    training_epoch()
