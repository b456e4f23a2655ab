"""What every peer script shares (bench/WORKLOADS.md): the timing rule, the
line format, and the float32 inputs of each workload.

The rule: 2 calls to warm up, 1 call to size the run, then as many timed
calls as fit in about a second (at least 7, at most 100,000); the median,
fastest and slowest call are printed in microseconds as
`<workload> <variant> median_us=.. min_us=.. max_us=..`.
"""
import os
import platform
import statistics
import time

WARMUP_CALLS = 2
FEWEST_CALLS = 7
MOST_CALLS = 100_000
SECONDS_PER_VARIANT = 1.0


def _busy_ticks():
    """Busy clock ticks of the whole machine and of this process (Linux);
    None where /proc is not there."""
    try:
        with open("/proc/stat") as f:
            cpu = [int(v) for v in f.readline().split()[1:]]
        with open("/proc/self/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except (OSError, ValueError, IndexError):
        return None
    machine = cpu[0] + cpu[1] + cpu[2] + cpu[5] + cpu[6] + cpu[7]  # user nice system irq softirq steal
    return machine, int(fields[11]) + int(fields[12])             # utime + stime


def bench(workload, variant, call, wait=lambda result: result):
    """Times `call()` by the rule above; `wait(result)` blocks until an
    asynchronous result (JAX, MLX) is computed. Returns (median_us, result).

    If other processes kept more than a tenth of a core busy meanwhile (only
    judged for runs of 0.2 s or more: /proc counts 10 ms ticks), a comment
    line `# <workload> <variant> other_cores=<x>` comes first: rerun it."""
    ticks_before, start = _busy_ticks(), time.perf_counter()
    for _ in range(WARMUP_CALLS):
        result = wait(call())
    t = time.perf_counter()
    result = wait(call())
    first = time.perf_counter() - t
    calls = max(FEWEST_CALLS, min(MOST_CALLS, int(SECONDS_PER_VARIANT / max(first, 1e-9))))
    samples = []
    for _ in range(calls):
        t = time.perf_counter()
        result = wait(call())
        samples.append((time.perf_counter() - t) * 1e6)
    ticks_after, wall = _busy_ticks(), time.perf_counter() - start
    if ticks_before and ticks_after and wall >= 0.2:
        others = (ticks_after[0] - ticks_before[0]) - (ticks_after[1] - ticks_before[1])
        cores = others / os.sysconf("SC_CLK_TCK") / wall
        if cores > 0.1:
            print(f"# {workload} {variant} other_cores={cores:.2f}")
    median = statistics.median(samples)
    print(f"{workload} {variant} median_us={median:.2f} min_us={min(samples):.2f} max_us={max(samples):.2f}")
    return median, result


def info(workload, variant, **facts):
    """A line of facts about a variant: checksum=, compile_us=, gflops=, ..."""
    text = " ".join(f"{k}={v:.9g}" if isinstance(v, float) else f"{k}={v}" for k, v in facts.items())
    print(f"{workload} {variant} {text}")


def header(peer, **versions):
    """The comment line naming the peer and its versions."""
    text = " ".join(f"{k}={v}" for k, v in versions.items())
    print(f"# peer={peer} {text} python={platform.python_version()} machine={platform.machine()}", flush=True)


def inputs(workload):
    """The inputs of `workload` ("W1".."W10") as NumPy float32 arrays, from
    NumPy's default generator seeded with the workload's number, so that
    every Python peer computes on the same numbers and their checksums agree
    up to float32 rounding."""
    import numpy as np
    rng = np.random.default_rng(int(workload[1:]))

    def normal(*shape):
        return rng.standard_normal(shape, dtype=np.float32)

    if workload == "W1":
        return np.arange(4, dtype=np.float32)
    if workload == "W2":
        return np.float32(0.5)
    if workload == "W3":
        return np.float32(rng.standard_normal())
    if workload == "W4":
        # 784-256-256-10, weights scaled by sqrt(2 / fan-in), biases zero.
        params = []
        for fan_in, fan_out in ((784, 256), (256, 256), (256, 10)):
            params += [normal(fan_in, fan_out) * np.float32(np.sqrt(2.0 / fan_in)), np.zeros(fan_out, np.float32)]
        return params, normal(128, 784), rng.integers(0, 10, size=128)
    if workload == "W5":
        return normal(2000, 2000), normal(2000)
    if workload == "W6":
        return rng.uniform(-1, 1, 4_194_304).astype(np.float32)
    if workload == "W7":
        return normal(100, 100) / np.float32(10), normal(100)
    if workload == "W8":
        return normal(1024, 1024), normal(1024, 1024)
    if workload == "W9":
        return normal(256, 256) / np.float32(16), normal(256)
    if workload == "W10":
        # 64-128-10 with PyTorch's Linear initialisation U(-1/sqrt(in), 1/sqrt(in)); weights [in, out].
        params = []
        for fan_in, fan_out in ((64, 128), (128, 10)):
            bound = np.float32(1 / np.sqrt(fan_in))
            params += [rng.uniform(-bound, bound, (fan_in, fan_out)).astype(np.float32),
                       rng.uniform(-bound, bound, fan_out).astype(np.float32)]
        return params, rng.uniform(0, 1, (1408, 64)).astype(np.float32), rng.integers(0, 10, size=1408)
    raise KeyError(workload)


def total(values):
    """The float64 sum of an array or of a (nested) list or tuple of arrays:
    the checksum of a result."""
    import numpy as np
    if isinstance(values, (list, tuple)):
        return float(sum(total(v) for v in values))
    return float(np.sum(np.asarray(values, dtype=np.float64)))


def total_abs(values):
    """The float64 sum of absolute values over a list of arrays (W4's checksum)."""
    import numpy as np
    return float(sum(np.abs(np.asarray(v, dtype=np.float64)).sum() for v in values))
