"""`python -m mod_mlir`: the main job from Python, end to end.

  python -m mod_mlir [run] [--config examples/gpt-small.json] [--capacity C] [--every N]
                     [--offset M] [--gate raw|sigmoid|none] [--portable] [--heatmap OUT.png]
      build the GPT-style model (importer-style linalg IR + weights) ->
      mod-route-dense -> mod-cpu-pipeline -> JIT (in process, through
      libModCAPI.so) -> run dense and routed -> compare with the numpy
      reference and (if installed) the PyTorch reference -> report
      (+ the routing heatmap). Exit status 1 on a mismatch.
  python -m mod_mlir torch [--config ...] [routing options] [--heatmap OUT.png]
      the same from a real torch.nn.Module: the GPT as a PyTorch module
      (mod_mlir.torch_reference.GPT) -> torch-mlir's FX importer ->
      mod-route-dense -> JIT -> compare with the PyTorch module routed the
      same way (needs torch >= 2.4 and torch-mlir: scripts/torch-mlir-demo.sh)
  python -m mod_mlir hf [--config examples/hf-llama-small.json] [routing options] [--pipeline P]
      a Hugging Face transformers model (bundled small config, random init)
      through mod_mlir.hf: torch-mlir export -> dense and routed ->
      mod-cpu-pipeline -> JIT -> checked against transformers and the
      PyTorch MoD reference -> routing report, routed vs dense speed
      (needs torch, torch-mlir, transformers: scripts/install-hf-venv.sh)
  python -m mod_mlir speedup-plot BENCH.csv OUT.png
      routed/dense time vs capacity from bench/bench.py's CSV.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

import numpy as np

from . import gpt
from .compiler import JIT, MLIRError, Module, version

ROOT = Path(__file__).resolve().parents[2]


def _config(path: Path) -> tuple[gpt.GPTConfig, dict]:
    spec = json.loads(path.read_text())
    cfg = gpt.GPTConfig(**{k: spec[k] for k in ("layers", "dim", "heads", "ffn", "seq", "batch", "vocab",
                                                  "activation", "mask", "rotary") if k in spec})
    return cfg, spec


def _timed_runs(jit: JIT, args, repeats: int = 5):
    out = jit.invoke("model", *args)  # warm-up
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        jit.invoke("model", *args)
        times.append(time.perf_counter() - t0)
    return out[0], statistics.median(times)


def run(a) -> int:
    cfg, spec = _config(Path(a.config))
    routing_spec = dict(spec.get("routing", {}))
    for key in ("capacity", "every", "offset", "gate"):
        if getattr(a, key) is not None:
            routing_spec[key] = getattr(a, key)
    cap, gate = float(routing_spec.get("capacity", 0.125)), routing_spec.get("gate", "raw")
    every, offset = int(routing_spec.get("every", 2)), int(routing_spec.get("offset", 1))
    seed = int(spec.get("seed", 0))
    w = gpt.init_weights(cfg, seed)
    x = np.random.default_rng(seed + 1).standard_normal((cfg.batch, cfg.seq, cfg.dim)).astype(np.float32)
    routers = [w[f"router{l}"] for l in range(cfg.layers)]
    routed_layers = gpt.routed_layers(cfg, every, offset)
    routing = {l: (cap, gate) for l in routed_layers}

    print(f"mod-mlir {version()}: {Path(a.config).name}: GPT {cfg.layers} layers, B={cfg.batch} S={cfg.seq} "
          f"D={cfg.dim} H={cfg.heads} F={cfg.ffn}, {cfg.activation}, rotary={cfg.rotary}")
    dense = Module.parse(gpt.build_model_ir(cfg, w))
    routed = dense.clone()
    options = f"capacity={cap} gate={gate} every={every} offset={offset}"
    routed.run_pipeline(f"mod-route-dense{{{options}}}")
    text = str(routed)
    print(f"route:   mod-route-dense{{{options}}}: {text.count('mod.routed_block')} routed block(s) "
          f"(layers {routed_layers}, k = {gpt.ref.capacity_k(cap, cfg.seq)} of {cfg.seq} tokens)")
    for r in routed.remarks:
        print(f"         remark: {r.splitlines()[0]}")

    pipeline = "mod-cpu-pipeline{portable=true}" if a.portable else "mod-cpu-pipeline"
    results = {}
    for name, module in (("dense", dense), ("routed", routed)):
        t0 = time.perf_counter()
        jit = JIT(module, pipeline=pipeline)
        compile_s = time.perf_counter() - t0
        logits, run_s = _timed_runs(jit, [x, *routers])
        results[name] = (logits, compile_s, run_s)
        print(f"compile: {name:>6}: {compile_s * 1e3:7.0f} ms ({pipeline}, JIT); run {run_s * 1e3:8.2f} ms "
              f"(median of 5)")
    print(f"speed:   routed / dense = {results['routed'][2] / results['dense'][2]:.2f}x")

    status = 0
    expected = {"dense": gpt.forward(cfg, w, x), "routed": gpt.forward(cfg, w, x, routing)}
    peers = [("numpy reference", expected)]
    try:
        import torch

        from . import torch_reference as tr
        xt = torch.tensor(x)
        with torch.no_grad():
            peers.append((f"PyTorch reference (torch {torch.__version__})",
                          {"dense": tr.GPT(cfg, w)(xt).numpy(), "routed": tr.GPT(cfg, w, routing)(xt).numpy()}))
    except ImportError:
        print("check:   PyTorch not installed: numpy reference only")
    for peer, ref in peers:
        for name in ("dense", "routed"):
            got, want = results[name][0], ref[name]
            err = float(np.max(np.abs(got - want)))
            ok = err <= 1e-4 * max(1.0, float(np.max(np.abs(want))))
            status |= not ok
            print(f"check:   {name:>6} logits vs {peer}: max |err| = {err:.2e} -> {'OK' if ok else 'MISMATCH'}")

    from .plots import routing_decisions
    for layer, (_, mask) in routing_decisions(cfg, w, x, routing).items():
        kept = mask.sum(-1)
        print(f"tokens:  layer {layer}: {', '.join(f'seq {b}: {int(n)}/{cfg.seq}' for b, n in enumerate(kept))} "
              f"through the layer; first positions of seq 0: {np.flatnonzero(mask[0])[:8].tolist()}")
    if a.heatmap:
        from .plots import routing_heatmap
        path = routing_heatmap(cfg, w, x, routing, a.heatmap)
        print(f"heatmap: {path}")
    print("mod-mlir: OK" if status == 0 else "mod-mlir: MISMATCH")
    return status


def run_torch(a) -> int:
    import torch

    from . import torch_reference as tr
    from .torch_import import import_module

    cfg, spec = _config(Path(a.config))
    r = dict(spec.get("routing", {}))
    cap = a.capacity if a.capacity is not None else float(r.get("capacity", 0.125))
    gate = a.gate or r.get("gate", "raw")
    every = a.every if a.every is not None else int(r.get("every", 2))
    offset = a.offset if a.offset is not None else int(r.get("offset", 1))
    seed = int(spec.get("seed", 0))
    w = gpt.init_weights(cfg, seed)
    layers = gpt.routed_layers(cfg, every, offset)
    routing = {l: (cap, gate) for l in layers}
    x = np.random.default_rng(seed + 1).standard_normal((cfg.batch, cfg.seq, cfg.dim)).astype(np.float32)
    model = tr.GPT(cfg, w, dtype=torch.float32).eval()
    print(f"mod-mlir {version()}: torch.nn.Module {type(model).__name__} (torch {torch.__version__}), "
          f"{cfg.layers} layers, B={cfg.batch} S={cfg.seq} D={cfg.dim}")
    t0 = time.perf_counter()
    text = import_module(model, torch.tensor(x))
    print(f"import:  torch-mlir FX importer -> linalg-on-tensors, {len(text) / 1024:.0f} KiB of MLIR, "
          f"{time.perf_counter() - t0:.1f} s; parses with MLIR 22")
    module = Module.parse(text)
    options = f"capacity={cap} gate={gate} every={every} offset={offset}"
    module.run_pipeline(f"mod-route-dense{{{options}}}")
    n = str(module).count("mod.routed_block")
    print(f"route:   mod-route-dense{{{options}}}: {n} routed block(s), layers {layers}")
    for rem in module.remarks:
        print(f"         remark: {rem.splitlines()[0]}")
    jit = JIT(module, pipeline="mod-cpu-pipeline{portable=true}" if a.portable else "mod-cpu-pipeline")
    y, = jit.invoke("model", x, *[w[f"router{l}"] for l in layers])
    with torch.no_grad():
        want = tr.GPT(cfg, w, routing, dtype=torch.float32)(torch.tensor(x)).numpy()
    err = float(np.max(np.abs(y - want)))
    ok = n == len(layers) and err <= 1e-4 * max(1.0, float(np.max(np.abs(want))))
    print(f"check:   routed logits vs the PyTorch module routed the same way: max |err| = {err:.2e} -> "
          f"{'OK' if ok else 'MISMATCH'}")
    if a.heatmap:
        from .plots import routing_heatmap
        print(f"heatmap: {routing_heatmap(cfg, w, x, routing, a.heatmap)}")
    print("mod-mlir: OK" if ok else "mod-mlir: MISMATCH")
    return 0 if ok else 1


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0].startswith("-"):
        argv = ["run"] + argv
    p = argparse.ArgumentParser(prog="python -m mod_mlir", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("run", help="build -> route -> compile -> run -> check (default)")
    r.add_argument("--config", default=str(ROOT / "examples" / "gpt-small.json"))
    r.add_argument("--capacity", type=float)
    r.add_argument("--every", type=int)
    r.add_argument("--offset", type=int)
    r.add_argument("--gate", choices=["raw", "sigmoid", "none"])
    r.add_argument("--portable", action="store_true",
                   help="generated GEMMs, no runtime library (mod-cpu-pipeline{portable=true}); the default "
                        "pipeline's GEMMs call libmod_cpu_runtime.so")
    r.add_argument("--heatmap", help="write the routing heatmap (PNG) here")
    t = sub.add_parser("torch", help="the same from a torch.nn.Module through torch-mlir")
    for arg, kw in (("--config", dict(default=str(ROOT / "examples" / "gpt-small.json"))),
                    ("--capacity", dict(type=float)), ("--every", dict(type=int)), ("--offset", dict(type=int)),
                    ("--gate", dict(choices=["raw", "sigmoid", "none"])), ("--heatmap", {}),
                    ("--portable", dict(action="store_true"))):
        t.add_argument(arg, **kw)
    from .hf_demo import add_parser as add_hf_parser
    add_hf_parser(sub)
    sp = sub.add_parser("speedup-plot", help="routed/dense vs capacity from a bench CSV")
    sp.add_argument("csv")
    sp.add_argument("out")
    a = p.parse_args(argv)
    try:
        if a.cmd == "speedup-plot":
            from .plots import speedup_plot
            print(speedup_plot(a.csv, a.out))
            return 0
        if a.cmd == "torch":
            return run_torch(a)
        if a.cmd == "hf":
            from .hf_demo import run as run_hf
            return run_hf(a)
        return run(a)
    except (MLIRError, ImportError, OSError, ValueError, KeyError) as e:
        print(f"mod-mlir: error: {e}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
