"""What this machine can do at most, to read the workloads' times against.

Compute: a float32 4096 x 4096 matrix product (2 n³ operations) by NumPy's
BLAS and by PyTorch, on one thread and on all of them. Memory: 256 MiB
float32 arrays copied (2 x 256 MiB moved), added (3 x) and summed (1 x),
counted as STREAM counts them (no write-allocate traffic); NumPy on one
thread, PyTorch on one and on all.
"""
import numpy as np
import torch
from threadpoolctl import threadpool_info, threadpool_limits

from timing import bench, header, info

SIZE = 4096
MIB = 256


def main():
    blas = ",".join(f"{p['internal_api']}:{p.get('architecture')}:{p['num_threads']}t"
                    for p in threadpool_info() if p["user_api"] == "blas")
    header("limits", numpy=np.__version__, blas=blas, torch=torch.__version__, torch_threads=torch.get_num_threads())
    rng = np.random.default_rng(0)
    A = rng.standard_normal((SIZE, SIZE), dtype=np.float32)
    B = rng.standard_normal((SIZE, SIZE), dtype=np.float32)
    tA, tB = torch.from_numpy(A), torch.from_numpy(B)
    all_threads = torch.get_num_threads()
    for threads in sorted({1, all_threads}):
        with threadpool_limits(limits=threads, user_api="blas"):
            median, _ = bench("limit", f"matmul4096-numpy-{threads}t", lambda: A @ B)
        info("limit", f"matmul4096-numpy-{threads}t", gflops=2 * SIZE ** 3 / median / 1e3)
        torch.set_num_threads(threads)
        median, _ = bench("limit", f"matmul4096-torch-{threads}t", lambda: tA @ tB)
        info("limit", f"matmul4096-torch-{threads}t", gflops=2 * SIZE ** 3 / median / 1e3)

    a = rng.standard_normal(MIB * 2 ** 20 // 4, dtype=np.float32)
    b, c = a.copy(), np.empty_like(a)

    def rate(arrays, median_us):
        return arrays * MIB * 2 ** 20 / median_us / 1e3

    passes = (("copy", 2, lambda: np.copyto(c, a)), ("add", 3, lambda: np.add(a, b, out=c)), ("sum", 1, lambda: a.sum()))
    for name, arrays, run in passes:
        median, _ = bench("limit", f"{name}256MiB-numpy-1t", run)
        info("limit", f"{name}256MiB-numpy-1t", gb_per_s=rate(arrays, median))
    ta, tb, tc = map(torch.from_numpy, (a, b, c))
    passes = (("copy", 2, lambda: tc.copy_(ta)), ("add", 3, lambda: torch.add(ta, tb, out=tc)), ("sum", 1, lambda: ta.sum()))
    for threads in sorted({1, all_threads}):
        torch.set_num_threads(threads)
        for name, arrays, run in passes:
            median, _ = bench("limit", f"{name}256MiB-torch-{threads}t", run)
            info("limit", f"{name}256MiB-torch-{threads}t", gb_per_s=rate(arrays, median))
    torch.set_num_threads(all_threads)


if __name__ == "__main__":
    main()
