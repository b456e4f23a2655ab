#!/usr/bin/env python3
"""Checks that Python's `safetensors` package reads the files AutodiffNN
writes (pip install safetensors numpy; PyTorch is used too if installed).

    python3 scripts/check-safetensors-interop.py [DIR]

Without DIR it runs `swift test --filter SafetensorsInteropTests` with
AUTODIFF_INTEROP_DIR set to a temporary directory, so that the test writes
its files there; with DIR it checks the files already in DIR. The values are
recomputed here with NumPy from the formulas of the Swift test
(Tests/AutodiffNNTests/InteropTests.swift):

  tensors.safetensors  "ramp" F32 [3, 4] = 0.25 i - 1, "inverse" F64 [5] =
                       1 / (i + 1), "scalar" F32 [] = -2.5, "empty" F32 [0, 2],
                       "model.input" [5, 3] and "model.output" [5, 2], metadata
                       {"written_by": "AutodiffNN"}
  model.safetensors    Sequential(Linear(3, 4), ReLU(), Linear(4, 2)):
                       "0.weight" [4, 3], "0.bias", "2.weight" [2, 4], "2.bias"

The model's output is recomputed from its saved weights as
relu(x W0ᵀ + b0) W2ᵀ + b2, which checks PyTorch's [out, in] layout.
Exits 1 on the first failed check.
"""
import json
import os
import struct
import subprocess
import sys
import tempfile

import numpy as np
from safetensors import safe_open
from safetensors.numpy import load_file


def check(condition, what):
    if not condition:
        print("FAIL:", what)
        sys.exit(1)
    print("ok:  ", what)


def check_layout(path):
    """The raw layout Python's library writes: an 8-byte little-endian length,
    a JSON header padded with spaces to a multiple of 8, sorted keys."""
    with open(path, "rb") as f:
        raw = f.read()
    (length,) = struct.unpack("<Q", raw[:8])
    header = raw[8:8 + length].decode("utf-8")
    check(length % 8 == 0 and header.rstrip(" ").endswith("}"), f"{os.path.basename(path)}: header padded with spaces to a multiple of 8 ({length} bytes)")
    keys = list(json.loads(header).keys())
    check(keys == sorted(keys), f"{os.path.basename(path)}: header keys sorted")


def main():
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
    if len(sys.argv) > 1:
        directory = sys.argv[1]
    else:
        directory = tempfile.mkdtemp(prefix="autodiff-interop-")
        env = dict(os.environ, AUTODIFF_INTEROP_DIR=directory)
        print("running swift test --filter SafetensorsInteropTests, writing to", directory)
        subprocess.run(["swift", "test", "--filter", "SafetensorsInteropTests"], cwd=root, env=env, check=True,
                       stdout=subprocess.DEVNULL)

    tensors_path = os.path.join(directory, "tensors.safetensors")
    model_path = os.path.join(directory, "model.safetensors")
    check_layout(tensors_path)
    check_layout(model_path)

    t = load_file(tensors_path)
    check(sorted(t) == ["empty", "inverse", "model.input", "model.output", "ramp", "scalar"], f"names {sorted(t)}")
    check(t["ramp"].dtype == np.float32 and t["ramp"].shape == (3, 4), "ramp is float32 [3, 4]")
    check(np.array_equal(t["ramp"], (0.25 * np.arange(12, dtype=np.float32) - 1).reshape(3, 4)), "ramp = 0.25 i - 1")
    check(t["inverse"].dtype == np.float64 and np.array_equal(t["inverse"], 1 / (np.arange(5, dtype=np.float64) + 1)),
          "inverse is float64 1 / (i + 1), bit for bit")
    check(t["scalar"].shape == () and t["scalar"] == np.float32(-2.5), "scalar is a rank-0 -2.5")
    check(t["empty"].shape == (0, 2), "empty is [0, 2]")
    with safe_open(tensors_path, framework="numpy") as f:
        check(f.metadata() == {"written_by": "AutodiffNN"}, f"metadata {f.metadata()}")

    m = load_file(model_path)
    shapes = {k: v.shape for k, v in m.items()}
    check(shapes == {"0.weight": (4, 3), "0.bias": (4,), "2.weight": (2, 4), "2.bias": (2,)}, f"model names and shapes {shapes}")
    x = t["model.input"].astype(np.float64)
    hidden = np.maximum(x @ m["0.weight"].T.astype(np.float64) + m["0.bias"], 0)
    output = hidden @ m["2.weight"].T.astype(np.float64) + m["2.bias"]
    error = np.max(np.abs(output - t["model.output"]))
    check(np.allclose(output, t["model.output"], rtol=1e-5, atol=1e-6),
          f"model output recomputed by NumPy from the saved weights (max abs difference {error:.2e})")

    try:
        import torch
    except ImportError:
        print("skip: PyTorch is not installed, so torch.nn.Sequential.load_state_dict was not tried")
        return
    from safetensors.torch import load_file as torch_load_file
    net = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.ReLU(), torch.nn.Linear(4, 2))
    net.load_state_dict(torch_load_file(model_path), strict=True)
    with torch.no_grad():
        y = net(torch.from_numpy(t["model.input"])).numpy()
    check(np.allclose(y, t["model.output"], rtol=1e-5, atol=1e-6), "PyTorch's nn.Sequential loads the model (strict) and computes the same output")


if __name__ == "__main__":
    main()
