#!/usr/bin/env python3
"""Decode throughput: tokens/s of the compiled decode step (mod_mlir.decode,
mod-cpu-pipeline, in-process JIT) with causally routed MoD layers vs the same
model with every layer dense, side by side in one run.

  python3 bench/decode.py [--dim 256 --heads 4 --ffn 1024 --layers 4 --batch 4 --steps 32 --threads 1]

Routed layers: every other layer (1, 3, ...), raw gate, threshold chosen per
row so that about the wanted fraction of tokens passes (the routed fraction
actually measured is printed). Writes bench/results/<date>-decode.txt.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "python"))
sys.path.insert(0, str(ROOT / "bench"))
from results_file import write_results  # noqa: E402
from thread_env import apply_threads  # noqa: E402

# The default pipeline's loops and the runtime's GEMMs run on OpenMP's team:
# its size is read when the runtime loads, so set it first.
apply_threads()

from mod_mlir import decode, gpt  # noqa: E402


def run(cfg, w, xs, routed, threshold, repeats):
    """Median seconds to decode all steps (compile once, fresh caches per repeat)."""
    times, lens = [], None
    for i in range(repeats + 1):
        sess = decode.DecodeSession.__new__(decode.DecodeSession)
        sess.__dict__.update(_fresh(cfg, w, xs.shape[1], routed, threshold, _cache))
        t0 = time.perf_counter()
        for t in range(xs.shape[1]):
            sess.step(xs[:, t])
        if i:  # the first pass is the warm-up
            times.append(time.perf_counter() - t0)
        lens = {l: sess.caches[4 * l + 3] for l in routed}
    return statistics.median(times), lens


_cache: dict = {}


def _fresh(cfg, w, steps, routed, threshold, cache):
    """A session sharing the compiled JIT of an earlier one, with empty caches."""
    key = (tuple(sorted(routed.items())), threshold)
    if key not in cache:
        cache[key] = decode.DecodeSession(cfg, w, steps, routed, threshold)
    proto = cache[key]
    c = decode.new_caches(cfg, steps, routed)
    return {"jit": proto.jit, "weight_args": proto.weight_args, "weights": proto.weights,
            "caches": [a for l in range(cfg.layers) for a in (c.k[l], c.v[l], c.p[l], c.n[l])], "steps": steps,
            "done": 0, "max_pos": None}


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--dim", type=int, default=256)
    p.add_argument("--heads", type=int, default=4)
    p.add_argument("--ffn", type=int, default=1024)
    p.add_argument("--layers", type=int, default=4)
    p.add_argument("--batch", type=int, default=4)
    p.add_argument("--steps", type=int, default=32)
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--threads", type=int, default=1, help="OMP_NUM_THREADS / MOD_NUM_THREADS")
    p.add_argument("--out", default=str(ROOT / "bench" / "results"))
    a = p.parse_args()
    cfg = gpt.GPTConfig(layers=a.layers, dim=a.dim, heads=a.heads, ffn=a.ffn, seq=a.steps, batch=a.batch,
                        vocab=64, rotary=False)
    w = gpt.init_weights(cfg, 1)
    xs = np.random.default_rng(2).standard_normal((a.batch, a.steps, a.dim)).astype(np.float32)
    stamp = datetime.date.today().isoformat()
    machine = f"{platform.node()} ({os.cpu_count()} cores, {platform.machine()})"
    lines = [f"mod-mlir decode benchmark {stamp} on {machine}: D={a.dim} H={a.heads} F={a.ffn} layers={a.layers} "
             f"B={a.batch}, {a.steps} steps, median of {a.repeats}, {a.threads} thread(s), mod-cpu-pipeline (JIT)"]
    routed_layers = list(range(1, a.layers, 2))
    # Router logits of the tokens: the threshold for a wanted pass fraction.
    logits = np.concatenate([xs.reshape(-1, a.dim) @ w[f"router{l}"] for l in routed_layers])
    dense_t, _ = run(cfg, w, xs, {}, 0.0, a.repeats)
    lines.append(f"{'model':<34}{'ms/step':>9}{'tokens/s':>10}{'speed-up':>10}{'routed tokens':>15}")
    lines.append(f"{'dense (every layer)':<34}{dense_t / a.steps * 1e3:>9.2f}{a.batch * a.steps / dense_t:>10.0f}"
                 f"{1.0:>10.2f}{'-':>15}")
    for frac in (0.5, 0.25, 0.125):
        thr = float(np.quantile(logits, 1 - frac))
        t, lens = run(cfg, w, xs, {l: "raw" for l in routed_layers}, thr, a.repeats)
        kept = np.mean([n.mean() / a.steps for n in lens.values()])
        lines.append(f"{f'MoD layers {routed_layers}, ~{frac:.3g} pass':<34}{t / a.steps * 1e3:>9.2f}"
                     f"{a.batch * a.steps / t:>10.0f}{dense_t / t:>10.2f}{100 * kept:>14.1f}%")
    print("\n".join(lines))
    write_results(a.out, stamp, "decode", "python3 bench/decode.py", lines)
    return 0


if __name__ == "__main__":
    sys.exit(main())
