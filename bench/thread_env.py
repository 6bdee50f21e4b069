"""The benchmark scripts' --threads N, applied to the environment before
numpy (OpenBLAS), torch or our runtime (OpenMP) load: they read their thread
counts then."""

from __future__ import annotations

import os
import sys


def threads_from_argv(argv: list[str] | None = None) -> int:
    """N of `--threads N` / `--threads=N` in `argv` (default sys.argv), else 1."""
    argv = sys.argv if argv is None else argv
    for i, arg in enumerate(argv):
        if arg == "--threads" and i + 1 < len(argv):
            return int(argv[i + 1])
        if arg.startswith("--threads="):
            return int(arg.split("=", 1)[1])
    return 1


def apply_threads() -> int:
    """Sets OMP_NUM_THREADS (our loops and GEMMs: one OpenMP team),
    MOD_NUM_THREADS and OPENBLAS_NUM_THREADS to --threads; returns it."""
    n = threads_from_argv()
    for name in ("OMP_NUM_THREADS", "MOD_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
        os.environ[name] = str(n)
    return n
