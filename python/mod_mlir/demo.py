"""The demo's Python side: write the bundled GPT model and check results.

  python -m mod_mlir.demo write CONFIG.json OUTDIR
      OUTDIR/model.mlir     the dense model (importer-style IR) + main()
      OUTDIR/expected.npz   reference logits: dense, and MoD-routed
  python -m mod_mlir.demo check OUTDIR RUN.out {dense|routed}
      compares the printed logits with the reference and prints a line
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

from . import gpt
from .testing import parse_runner_output


def _load(config_path: str):
    spec = json.loads(Path(config_path).read_text())
    cfg = gpt.GPTConfig(**{k: spec[k] for k in ("layers", "dim", "heads", "ffn", "seq", "batch", "vocab",
                                                  "activation", "mask", "rotary")})
    return cfg, spec


def write(config_path: str, outdir: str) -> None:
    cfg, spec = _load(config_path)
    w = gpt.init_weights(cfg, spec["seed"])
    x = np.random.default_rng(spec["seed"] + 1).standard_normal((cfg.batch, cfg.seq, cfg.dim)).astype(np.float32)
    r = spec["routing"]
    routed = gpt.routed_layers(cfg, r["every"], r["offset"])
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    (out / "model.mlir").write_text(gpt.build_model_ir(cfg, w) + "\n" + gpt.build_main_ir(cfg, w, x) + "\n")
    dense = gpt.forward(cfg, w, x)
    mod = gpt.forward(cfg, w, x, {l: (r["capacity"], r["gate"]) for l in routed})
    np.savez(out / "expected.npz", dense=dense, routed=mod)
    print(f"model: {cfg.layers} layers, B={cfg.batch} S={cfg.seq} D={cfg.dim} H={cfg.heads} F={cfg.ffn} "
          f"V={cfg.vocab}, {cfg.activation}, {cfg.mask} causal mask, rotary={cfg.rotary}")
    print(f"routing: layers {routed} at capacity {r['capacity']} (gate {r['gate']})")


def check(outdir: str, run_out: str, which: str) -> int:
    expected = np.load(Path(outdir) / "expected.npz")[which]
    got = parse_runner_output(Path(run_out).read_text())
    if not got or got[0].shape != expected.shape:
        print(f"{which}: FAILED (no logits of shape {expected.shape} in the output)")
        return 1
    err = float(np.max(np.abs(got[0] - expected)))
    ok = err <= 1e-4 * max(1.0, float(np.max(np.abs(expected))))
    agree = float(np.mean(got[0].argmax(-1) == expected.argmax(-1)))
    print(f"{which:>6}: logits {got[0].shape}, max |ours - reference| = {err:.2e}, "
          f"argmax agreement {agree:.0%} -> {'matches the reference' if ok else 'MISMATCH'}")
    return 0 if ok else 1


def main(argv: list[str]) -> int:
    if len(argv) >= 3 and argv[0] == "write":
        write(argv[1], argv[2])
        return 0
    if len(argv) >= 4 and argv[0] == "check":
        return check(argv[1], argv[2], argv[3])
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
