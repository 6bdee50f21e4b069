"""Runs the checked-in Hugging Face imports (python/tests/data/hf: real
torch-mlir output of transformers models) through mod-route-dense and the CPU
pipeline configurations, against the expectations stored beside them: the
transformers model's own logits (dense) and the independent PyTorch MoD
reference (layer 1 routed). Needs only numpy and the bindings.

    hf_imports.py [family ...] [--pipelines P1;P2]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[4]
sys.path.insert(0, str(ROOT / "python"))

from mod_mlir.compiler import JIT, Module  # noqa: E402

DATA = ROOT / "python" / "tests" / "data" / "hf"
PIPELINES = ["mod-cpu-pipeline", "mod-cpu-pipeline{threads=2}", "mod-cpu-pipeline{portable=true}",
             "mod-cpu-pipeline{vectorize=false fuse=false}"]
TOL = 1e-4  # of max |logit|; the bar is 1e-3


def check(name: str, what: str, got: np.ndarray, want: np.ndarray) -> bool:
    err = float(np.abs(got - want).max() / np.abs(want).max())
    ok = bool(np.isfinite(got).all()) and err <= TOL
    print(f"{'ok  ' if ok else 'FAIL'} {name:15s} {what:55s} max|diff|/max|logit| = {err:.2e}")
    return ok


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("families", nargs="*")
    ap.add_argument("--pipelines", default=";".join(PIPELINES))
    args = ap.parse_args()
    names = args.families or sorted(p.stem for p in DATA.glob("*.mlir"))
    pipelines = args.pipelines.split(";")
    ok = True
    for name in names:
        data = np.load(DATA / f"{name}.npz")
        ids = data["input_ids"]
        text = (DATA / f"{name}.mlir").read_text()
        dense = Module.parse(text)
        got, = JIT(dense).invoke("model", ids)
        ok &= check(name, "dense, mod-cpu-pipeline", got, data["dense"])
        routed = Module.parse(text)
        layer, cap = int(data["routed_layer"]), float(data["capacity"])
        routed.run_pipeline(f"mod-route-dense{{layers={layer} capacity={cap} gate=raw}}")
        blocks = str(routed).count("mod.routed_block(")
        if blocks != 1:
            print(f"FAIL {name:15s} mod-route-dense routed {blocks} layers, expected 1 (layer {layer})")
            ok = False
            continue
        for p in pipelines:
            got, = JIT(routed, pipeline=p).invoke("model", ids, data["router"])
            ok &= check(name, f"layer {layer} routed, {p}", got, data["routed"])
    print("all match" if ok else "MISMATCH")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
