"""`python -m mod_mlir hf`: a Hugging Face transformers model through
mod_mlir.hf, end to end (README command (a) runs it).

  python -m mod_mlir hf [--config examples/hf-llama-small.json] [--capacity C] [--every N]
                        [--offset M] [--layers 1,3] [--gate raw|sigmoid|none] [--pipeline P]
      a small causal LM from a bundled transformers config (random init,
      seeded; no download) -> torch-mlir export -> dense and mod-route-dense
      routed -> mod-cpu-pipeline -> JIT -> logits checked against the model
      itself (dense) and against the independent PyTorch MoD reference
      (mod_mlir.hf_reference, routed) -> the routing report and the measured
      speed of routed vs dense. Exit status 1 on a mismatch.
"""

from __future__ import annotations

import json
import statistics
import time
from pathlib import Path

import numpy as np

from . import hf
from .compiler import version

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_CONFIG = ROOT / "examples" / "hf-llama-small.json"
TOL = 1e-3


def median_time(fn, repeats: int) -> float:
    """Median seconds of `repeats` calls of fn() after one warm-up call."""
    fn()  # warm-up
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def build_model(spec: dict):
    """The transformers model of a demo config (random init, seeded, eval, float32)."""
    import torch
    import transformers

    torch.manual_seed(int(spec.get("seed", 0)))
    config = transformers.AutoConfig.for_model(spec["model_type"], **spec.get("config", {}))
    return transformers.AutoModelForCausalLM.from_config(config).float().eval()


def run(a) -> int:
    import torch
    import torch_mlir  # noqa: F401  (fail early with a clear ImportError)
    import transformers

    from . import hf_reference as hr

    spec = json.loads(Path(a.config).read_text())
    routing = dict(spec.get("routing", {}))
    for key in ("capacity", "every", "offset", "gate"):
        if getattr(a, key) is not None:
            routing[key] = getattr(a, key)
    layers = None
    if a.layers is not None:
        layers = tuple(int(l) for l in a.layers.split(",") if l.strip())
    cap, gate = float(routing.get("capacity", 0.125)), routing.get("gate", "raw")
    every, offset = int(routing.get("every", 2)), int(routing.get("offset", 1))
    b, s, seed = int(spec.get("batch", 2)), int(spec.get("seq", 64)), int(spec.get("seed", 0))

    model = build_model(spec)
    cfg = model.config
    n_params = sum(p.numel() for p in model.parameters())
    print(f"mod-mlir {version()}, transformers {transformers.__version__}, torch {torch.__version__}")
    print(f"model:   {type(model).__name__} ({Path(a.config).name}: random init, seed {seed}): "
          f"{cfg.num_hidden_layers} layers, hidden {cfg.hidden_size}, {n_params / 1e6:.2f} M parameters; "
          f"input_ids [{b}, {s}]")
    ids = np.random.default_rng(seed + 1).integers(0, cfg.vocab_size, (b, s)).astype(np.int64)

    dense = hf.compile(model, ids, capacity=None, pipeline=a.pipeline)
    print(f"export:  torch-mlir FX importer -> linalg-on-tensors, {len(dense.exported) / 2**20:.1f} MiB of MLIR, "
          f"{dense.timings['export']:.1f} s")
    sel = dict(layers=layers) if layers is not None else dict(every=every, offset=offset)
    routed = hf.compile(model, ids, capacity=cap, gate=gate, pipeline=a.pipeline, seed=seed,
                        exported=dense.exported, **sel)
    print(f"route:   mod-route-dense{{capacity={cap} gate={gate} "
          + (f"layers={','.join(map(str, layers))}" if layers is not None else f"every={every} offset={offset}")
          + f"}}: layers {routed.routed_layers} routed")
    print("\n".join("         " + line for line in routed.report.rstrip().splitlines()))
    pipeline = routed.pipeline
    for name, c in (("dense", dense), ("routed", routed)):
        print(f"compile: {name:>6}: {pipeline} + JIT {c.timings['compile']:.1f} s")

    # Checks: dense against transformers, routed against the reference.
    status = 0
    with torch.no_grad():
        want_dense = hr.logits_of(model(input_ids=torch.tensor(ids), use_cache=False)).numpy()
    want_routed = hr.mod_forward(model, ids, {l: (cap, gate, routed.router_weights[l])
                                              for l in routed.routed_layers}).numpy()
    for name, got, want, peer in (("dense", dense(ids), want_dense, f"transformers {type(model).__name__}"),
                                  ("routed", routed(ids), want_routed, "the PyTorch MoD reference")):
        err = float(np.max(np.abs(got - want)))
        scale = float(np.max(np.abs(want)))
        ok = err <= TOL * scale
        agree = float(np.mean(got.argmax(-1) == want.argmax(-1)))
        status |= not ok
        print(f"check:   {name:>6} logits vs {peer}: max |err| = {err:.2e} (max |logit| {scale:.2f}), "
              f"argmax agreement {agree:.0%} -> {'OK' if ok else 'MISMATCH'}")

    # Speed: median of repeated runs, same input.
    repeats = a.repeats
    t_dense = median_time(lambda: dense(ids), repeats)
    t_routed = median_time(lambda: routed(ids), repeats)
    with torch.no_grad():
        t_torch = median_time(lambda: model(input_ids=torch.tensor(ids), use_cache=False), repeats)
    flops = [l for l in routed.report.splitlines() if "total contraction FLOPs" in l]
    print(f"speed:   dense {t_dense * 1e3:.2f} ms, routed {t_routed * 1e3:.2f} ms (median of {repeats}): "
          f"routed / dense = {t_routed / t_dense:.2f}x"
          + (f"; FLOPs{flops[0].split('FLOPs:')[1]}" if flops else ""))
    print(f"         (transformers eager, dense, torch {torch.get_num_threads()} thread(s): "
          f"{t_torch * 1e3:.2f} ms)")
    print("mod-mlir hf: OK" if status == 0 else "mod-mlir hf: MISMATCH")
    return status


def add_parser(sub) -> None:
    p = sub.add_parser("hf", help="a transformers model through mod_mlir.hf (export, route, compile, check, time)")
    p.add_argument("--config", default=str(DEFAULT_CONFIG))
    p.add_argument("--capacity", type=float)
    p.add_argument("--every", type=int)
    p.add_argument("--offset", type=int)
    p.add_argument("--layers", help="comma-separated decoder-layer indices (instead of every/offset)")
    p.add_argument("--gate", choices=list(hf.GATES))
    p.add_argument("--pipeline", help="compiler pipeline (default mod-cpu-pipeline)")
    p.add_argument("--repeats", type=int, default=10, help="timed runs per model (median)")
