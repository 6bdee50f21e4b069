"""Accuracy of mod-cpu-pipeline's math functions, vectorized and polynomial
(mod-approximate-math, the default) and libm (approximate-math=false),
against float64 numpy/math on the ranges transformer layers feed them:
exp (softmax: x <= 0 down to underflow, and positive), tanh (GELU's tanh
form), erf (exact GELU). Prints the worst error per function, in units of
float32 ulp of the exact value (absolute error below 2^-60 counts as 0),
and "ok"/"FAIL" against the bound.

    approximate_math.py [--pipeline P]
"""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[4]
sys.path.insert(0, str(ROOT / "python"))

from mod_mlir.compiler import JIT  # noqa: E402

N = 1 << 16
RANGES = {"exp": (-104.0, 88.0), "tanh": (-12.0, 12.0), "erf": (-6.0, 6.0)}
EXACT = {"exp": np.exp, "tanh": np.tanh, "erf": np.vectorize(math.erf)}
BOUND_ULP = 6.0  # measured: exp 0.9, tanh 5.0, erf 5.0 ulp (upstream approximations)


def module(fn: str) -> str:
    t = f"tensor<{N}xf32>"
    return f"""
#id = affine_map<(d0) -> (d0)>
func.func @f(%x: {t}) -> {t} {{
  %e = tensor.empty() : {t}
  %r = linalg.generic {{indexing_maps = [#id, #id], iterator_types = ["parallel"]}}
      ins(%x : {t}) outs(%e : {t}) {{
  ^bb0(%in: f32, %out: f32):
    %v = math.{fn} %in : f32
    linalg.yield %v : f32
  }} -> {t}
  return %r : {t}
}}
"""


def ulp_error(got: np.ndarray, want: np.ndarray) -> float:
    ulp = np.spacing(np.abs(want).astype(np.float32)).astype(np.float64)
    err = np.abs(got.astype(np.float64) - want)
    err[err < 2.0 ** -60] = 0.0
    return float(np.max(err / np.maximum(ulp, np.finfo(np.float32).smallest_subnormal)))


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pipeline", default="mod-cpu-pipeline")
    args = ap.parse_args()
    ok = True
    for fn, (lo, hi) in RANGES.items():
        x = np.linspace(lo, hi, N, dtype=np.float32)
        x[:8] = [0.0, -0.0, 1e-30, -1e-30, 0.5, -0.5, 1.0, -1.0]
        got, = JIT(module(fn), pipeline=args.pipeline).invoke("f", x)
        want = EXACT[fn](x.astype(np.float64))
        err = ulp_error(got, want)
        good = bool(np.all(np.isfinite(got) == np.isfinite(want))) and err <= BOUND_ULP
        ok &= good
        print(f"{'ok  ' if good else 'FAIL'} {fn:5s} [{lo}, {hi}] {args.pipeline}: max error {err:.2f} ulp")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
