"""Helpers for tests that run compiled code with mlir-runner."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np

_NUM = re.compile(r"-?(?:nan|inf|\d+(?:\.\d*)?(?:e[-+]?\d+)?)", re.IGNORECASE)


def parse_runner_output(text: str) -> list[np.ndarray]:
    """The tensors printed by printMemrefF32/I64, in order."""
    arrays = []
    for chunk in text.split("Unranked Memref")[1:]:
        sizes = [int(v) for v in re.search(r"sizes = \[([^\]]*)\]", chunk).group(1).split(",") if v.strip()]
        data = chunk.split("data =", 1)[1]
        vals = [float(t) for t in _NUM.findall(data)]
        arrays.append(np.array(vals, dtype=np.float64).reshape(sizes))
    return arrays


def check_against(prefix: str, rtol: float = 2e-4, atol: float = 2e-4) -> list[np.ndarray]:
    """Compares PREFIX.out (runner output) with PREFIX.npz (reference); raises
    SystemExit with a readable message on a mismatch. Returns the tensors."""
    stored = np.load(prefix + ".npz")
    expected = [stored[f"arr_{i}"] for i in range(len(stored.files))]
    got = parse_runner_output(Path(prefix + ".out").read_text())
    if len(got) != len(expected):
        raise SystemExit(f"FAIL: expected {len(expected)} printed tensors, got {len(got)}")
    for i, (g, e) in enumerate(zip(got, expected)):
        if g.shape != e.shape:
            raise SystemExit(f"FAIL: tensor #{i}: shape {g.shape}, expected {e.shape}")
        close = np.isclose(g, e, rtol=rtol, atol=atol, equal_nan=True)
        if not close.all():
            bad = np.argwhere(~close)
            first = tuple(bad[0])
            raise SystemExit(f"FAIL: tensor #{i}: {len(bad)} mismatches, first at {first}: "
                             f"got {g[first]}, expected {e[first]} (max abs err "
                             f"{np.nanmax(np.abs(g - e)):.3g})")
    return got
