#!/usr/bin/env python3
"""Writes the safetensors fixtures that AutodiffNNTests read, with Python's
`safetensors` package (pip install safetensors numpy), so that the tests check
our reader against the reference writer rather than against itself.

    python3 scripts/make-safetensors-fixture.py [OUTPUT_DIR]

OUTPUT_DIR defaults to Tests/AutodiffNNTests/Fixtures. The values follow
formulas that the Swift test recomputes (see SafetensorsFixtureTests):

  python.safetensors
    "ramp"        F32 [2, 3]   0.5 * i - 1 for i = 0..5
    "inverse"     F64 [4]      1 / (i + 1)
    "scalar"      F32 []       3.25
    "empty"       F32 [0, 3]
    "l1.weight"   F32 [3, 2]   (i - 2.5) / 8   (a Linear(2, 3) as PyTorch names it)
    "l1.bias"     F32 [3]      i / 4
    metadata      {"format": "pt", "written_by": "make-safetensors-fixture.py"}

  python-f16.safetensors
    "half"        F16 [2]      [1, 2]   (a dtype we do not read: the error must name it)

Runs differ only in the order of the metadata's two entries (the library holds
them in a hash map), not in any tensor.
"""
import os
import sys

import numpy as np
from safetensors.numpy import save_file

here = os.path.dirname(os.path.abspath(__file__))
out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "Tests", "AutodiffNNTests", "Fixtures")
os.makedirs(out, exist_ok=True)

tensors = {
    "ramp": (0.5 * np.arange(6, dtype=np.float32) - 1).reshape(2, 3),
    "inverse": 1 / (np.arange(4, dtype=np.float64) + 1),
    "scalar": np.array(3.25, dtype=np.float32),
    "empty": np.zeros((0, 3), dtype=np.float32),
    "l1.weight": ((np.arange(6, dtype=np.float32) - 2.5) / 8).reshape(3, 2),
    "l1.bias": np.arange(3, dtype=np.float32) / 4,
}
save_file(tensors, os.path.join(out, "python.safetensors"),
          metadata={"format": "pt", "written_by": "make-safetensors-fixture.py"})
save_file({"half": np.array([1, 2], dtype=np.float16)}, os.path.join(out, "python-f16.safetensors"))
for name in ("python.safetensors", "python-f16.safetensors"):
    print(os.path.join(out, name), os.path.getsize(os.path.join(out, name)), "bytes")
