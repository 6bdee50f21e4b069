#!/usr/bin/env python3
"""Two GPU bundle cases that run through the Python JIT, compiled with
mod-gpu-pipeline{emulate=cpu emulate-checks=bounds}:

- the torch-mlir import of our rotary GPT (python/tests/data/torch_mlir_gpt.mlir,
  both layers routed by mod-route-dense) against gpt.forward;
- the decode step (mod_mlir.decode: causally routed layers, per-layer KV
caches, host loop over the selected rows) compiled with
mod-gpu-pipeline{emulate=cpu emulate-checks=bounds}, decoding 12 tokens for
B = 4 against the numpy decode reference (logits and cache lengths)."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[4]
sys.path.insert(0, str(ROOT / "python"))

from mod_mlir import decode, gpt  # noqa: E402
from mod_mlir.compiler import JIT, Module  # noqa: E402

PIPELINE = "mod-gpu-pipeline{emulate=cpu emulate-checks=bounds}"


def torch_mlir_gpt() -> bool:
    # As scripts/gpu_bundle.py's TORCH_MLIR_CASE.
    cfg = gpt.GPTConfig(layers=2, dim=32, heads=4, ffn=64, seq=16, batch=2, vocab=24, rotary=True)
    routing = {0: (0.25, "raw"), 1: (0.25, "raw")}
    w = gpt.init_weights(cfg, 5)
    x = np.random.default_rng(6).standard_normal((cfg.batch, cfg.seq, cfg.dim)).astype(np.float32)
    want = gpt.forward(cfg, w, x, routing)
    m = Module.parse((ROOT / "python" / "tests" / "data" / "torch_mlir_gpt.mlir").read_text())
    m.run_pipeline("mod-route-dense{capacity=0.25 every=1 offset=0}")
    got, = JIT(m, pipeline=PIPELINE).invoke("model", x, *[w[f"router{l}"] for l in sorted(routing)])
    err = float(np.abs(got - want).max())
    ok = err <= 1e-4
    print(f"{'ok  ' if ok else 'FAIL'} torch_mlir_gpt routed, {PIPELINE}: max|diff| = {err:.2e}")
    return ok


def decode_step() -> bool:
    cfg = gpt.GPTConfig(layers=2, dim=32, heads=4, ffn=64, seq=16, batch=4, vocab=24, rotary=False)
    steps, routed, thr = 12, {1: "raw"}, 0.0
    w = gpt.init_weights(cfg, 41)
    xs = np.random.default_rng(42).standard_normal((cfg.batch, steps, cfg.dim)).astype(np.float32)
    want, caches = decode.decode_reference(cfg, w, xs, routed, thr)
    sess = decode.DecodeSession(cfg, w, steps, routed, thr, pipeline=PIPELINE)
    got = np.stack([sess.step(xs[:, t]) for t in range(steps)], axis=1)
    err = float(np.abs(got - want).max())
    ok = err <= 1e-4
    for l in range(cfg.layers):
        n = sess.caches[4 * l + 3]
        if not np.array_equal(n, caches.n[l]):
            print(f"FAIL cache lengths of layer {l}: {n.tolist()} != {caches.n[l].tolist()}")
            ok = False
    print(f"{'ok  ' if ok else 'FAIL'} decode {steps} steps, {PIPELINE}: max|diff| = {err:.2e}")
    return ok


def main() -> int:
    ok = torch_mlir_gpt()
    ok &= decode_step()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
