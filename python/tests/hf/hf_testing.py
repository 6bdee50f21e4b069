"""Helpers shared by the Hugging Face test files (imported by name: pytest
puts this directory on sys.path)."""

from __future__ import annotations

import importlib
import os
import zlib

import numpy as np
import pytest


def require(*names: str) -> list:
    """The modules `names`. With MOD_MLIR_HF_REQUIRED=1 (README command (b),
    CI) a missing one is an error; otherwise the test file is skipped."""
    if os.environ.get("MOD_MLIR_HF_REQUIRED") == "1":
        return [importlib.import_module(n) for n in names]
    return [pytest.importorskip(n) for n in names]


def seed(*parts) -> int:
    """A seed named by its parts (stable across runs and processes)."""
    return zlib.crc32("/".join(map(str, parts)).encode())


def rel_err(got: np.ndarray, want: np.ndarray) -> float:
    """max |got - want| / max |want|; shapes must agree, `got` be finite."""
    assert got.shape == want.shape, (got.shape, want.shape)
    assert np.all(np.isfinite(got)), "non-finite logits"
    return float(np.max(np.abs(got - want)) / np.max(np.abs(want)))
