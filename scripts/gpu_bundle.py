#!/usr/bin/env python3
"""Builds the GPU bundle: ahead-of-time compiled GPU programs that run on a
machine with only the NVIDIA driver (no LLVM, no mod-mlir build).

  python3 scripts/gpu_bundle.py [--chip sm_90] [--out build/gpu-bundle] [--no-bench]

For every case: mod-opt (mod-route-dense where the case asks for it, then
mod-gpu-pipeline with the cubins for --chip) -> mlir-translate --mlir-to-llvmir
-> clang -c -> an executable linked with runtime/libmod_cuda_runtime.so and
libmod_runner_utils.so (rpath $ORIGIN/../lib; neither needs libMLIR/libLLVM).
Test cases carry the expected output from the numpy reference (.npz); the
benchmark programs time themselves (rtclock around each call).

Layout of the bundle (a few MiB):
  bin/<case>            executables          lib/         the two runtime libraries
  cases/<case>.npz      reference outputs    python/      mod_mlir.testing (numpy only)
  bench.json            benchmark programs   run.sh, run_bundle.py   the driver
Run it there with `bash run.sh` (tests, compute-sanitizer, benchmark) - see
run_bundle.py --help.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "python"))

from mod_mlir import benchir, gpt  # noqa: E402

LLVM = Path(os.environ.get("LLVM_PREFIX", "/usr/lib/llvm-22"))
BUILD = Path(os.environ.get("BUILD_DIR", ROOT / "build"))
ROUTED = ROOT / "test" / "Integration" / "CPU" / "Inputs" / "routed_case.py"
GPTCASE = ROOT / "test" / "Integration" / "CPU" / "Inputs" / "gpt_case.py"

# name, generator script, generator args, mod-route-dense options (or None),
# extra mod-gpu-pipeline options. The same cases as
# test/Integration/GPU/run-on-gpu.test.
TEST_CASES = [
    ("topk_ties_nan", ROUTED, "topk --batch 4 --seq 300 --k 37 --seed 31", None, ""),
    ("topk_k_eq_s", ROUTED, "topk --batch 2 --seq 64 --k 64 --seed 32", None, ""),
    ("topk_k1", ROUTED, "topk --batch 3 --seq 7 --k 1 --seed 33", None, ""),
    ("topk_long_row", ROUTED, "topk --batch 2 --seq 5000 --k 625 --seed 35", None, ""),
    ("mlp_sigmoid_bias", ROUTED,
     "gen --body mlp --batch 3 --seq 64 --capacity 0.125 --gate sigmoid --bias --seed 3", None, ""),
    ("attention_positions", ROUTED, "gen --body attention --batch 2 --seq 64 --capacity 0.25 --gate raw --seed 12",
     None, ""),
    ("mlp_exact_ties", ROUTED,
     "gen --body mlp --batch 3 --seq 64 --capacity 0.125 --gate raw --ties duplicate --seed 34", None, ""),
    ("gpt4_iota_mask", GPTCASE, "gen --layers 4 --mask iota --capacity 0.25 --every 2 --offset 1 --seed 1",
     "capacity=0.25 every=2 offset=1", ""),
    ("gpt2_rotary_no_cublas", GPTCASE,
     "gen --layers 2 --batch 2 --rotary --mask constant --capacity 0.25 --every 1 --offset 0 --seed 7",
     "capacity=0.25 every=1 offset=0", "cublas=false"),
    ("gpt2_causal_threshold", GPTCASE,
     "gen --layers 2 --batch 3 --rotary --mask constant --capacity 0.25 --threshold -0.5 --gate sigmoid "
     "--every 1 --offset 0 --seed 2", "capacity=0.25 threshold=-0.5 gate=sigmoid every=1 offset=0", ""),
]

# A real importer's output (torch-mlir FX import of a rotary GPT, checked in
# as a test input): routed here, given a main() with the reference input.
TORCH_MLIR_CASE = ("torch_mlir_gpt_routed", ROOT / "python" / "tests" / "data" / "torch_mlir_gpt.mlir",
                   "capacity=0.25 every=1 offset=0", {0: (0.25, "raw"), 1: (0.25, "raw")})

# A transformers model as torch-mlir imports it (python/tests/data/hf).
HF_DATA = ROOT / "python" / "tests" / "data" / "hf"
HF_CASE = ("hf_llama_gqa_routed", "llama_gqa")

# Kernels compute-sanitizer checks (memcheck + racecheck): the top-k kernel
# on ties/NaNs/long rows and a routed block (gather/scatter kernels).
SANITIZE = ["topk_ties_nan", "topk_long_row", "mlp_sigmoid_bias"]

# GPT-2-small width (issue: dense vs routed layer at C in {1, .5, .25, .125}).
BENCH_LAYERS = [(4, 1024), (1, 4096)]  # (B, S)
BENCH_CAPS = [1.0, 0.5, 0.25, 0.125]
BENCH_TOPK = [(64, 1024, 128), (16, 4096, 512), (4, 16384, 2048)]  # rows, S, k
BENCH_MOVE = [(4, 1024, 768, 128), (1, 4096, 768, 512)]  # B, S, D, k
WARMUP, REPEATS = 3, 10


def run(cmd, **kw):
    return subprocess.run([str(c) for c in cmd], check=True, **kw)


class Bundler:
    def __init__(self, out: Path, chip: str, features: str):
        self.out, self.chip, self.features = out, chip, features
        self.work = out / "work"
        for d in ("bin", "lib", "cases", "work"):
            (out / d).mkdir(parents=True, exist_ok=True)
        self.entry = self.work / "aot_main.o"
        run([LLVM / "bin" / "clang", "-O2", "-c", ROOT / "runtime" / "AotMain.c", "-o", self.entry])

    def compile(self, name: str, mlir: Path, route: str | None, extra: str) -> Path:
        """MLIR file -> bin/<name>, linked with our runtime only."""
        opts = f"chip={self.chip} features={self.features}" + (f" {extra}" if extra else "")
        passes = ([f"--mod-route-dense={route}"] if route else []) + [f"--mod-gpu-pipeline={opts}"]
        llvm_mlir, ll, obj = (self.work / f"{name}.{ext}" for ext in ("llvm.mlir", "ll", "o"))
        run([BUILD / "bin" / "mod-opt", mlir, *passes, "-o", llvm_mlir], stderr=subprocess.DEVNULL)
        run([LLVM / "bin" / "mlir-translate", "--mlir-to-llvmir", llvm_mlir, "-o", ll])
        run([LLVM / "bin" / "clang", "-O2", "-c", "-Wno-override-module", ll, "-o", obj])
        run([LLVM / "bin" / "llvm-objcopy", "--redefine-sym", "main=mod_main", obj])
        exe = self.out / "bin" / name
        run([LLVM / "bin" / "clang", "-fuse-ld=lld", obj, self.entry, "-o", exe, f"-L{self.out / 'lib'}",
             "-lmod_cuda_runtime", "-lmod_runner_utils", "-Wl,-rpath,$ORIGIN/../lib", "-lm"])
        return exe

    def tests(self):
        for name, script, args, route, extra in TEST_CASES:
            prefix = self.work / name
            run([sys.executable, script, *args.split(), "-o", prefix])
            shutil.copy(f"{prefix}.npz", self.out / "cases" / f"{name}.npz")
            self.compile(name, Path(f"{prefix}.mlir"), route, extra)
            print(f"  test   {name}")

    def imported_case(self, name: str, src: Path, options: str, args: list[tuple[np.ndarray, str]],
                      expected: np.ndarray, out_elt: str = "f32") -> str:
        """An importer's output routed by mod-route-dense, plus a main()
        calling @model on constant `args` ((array, element type) pairs) and
        printing the result; cases/<name>.npz holds `expected`."""
        from mod_mlir.irgen import dense, ttype
        routed = self.work / f"{name}.routed.mlir"
        run([BUILD / "bin" / "mod-opt", src, f"--mod-route-dense={options}", "-o", routed],
            stderr=subprocess.DEVNULL)
        types = [ttype(a.shape, elt) for a, elt in args]
        ot = ttype(expected.shape, out_elt)
        main = ["func.func @main() {"]
        main += [f"  %a{i} = arith.constant {dense(a, elt)}" for i, (a, elt) in enumerate(args)]
        main += [f"  %y = call @model({', '.join(f'%a{i}' for i in range(len(args)))}) : "
                 f"({', '.join(types)}) -> {ot}",
                 f"  %u = tensor.cast %y : {ot} to tensor<*xf32>",
                 "  call @printMemrefF32(%u) : (tensor<*xf32>) -> ()", "  return", "}",
                 "func.func private @printMemrefF32(tensor<*xf32>)"]
        text = routed.read_text()
        end = text.rindex("\n}")  # the module's closing brace (before the resource blob)
        full = self.work / f"{name}.mlir"
        full.write_text(text[:end] + "\n" + "\n".join(main) + text[end:])
        np.savez(self.out / "cases" / f"{name}.npz", expected)
        self.compile(name, full, None, "")
        print(f"  test   {name}")
        return name

    def torch_mlir_case(self) -> str:
        """The torch-mlir import of our PyTorch GPT; expected = numpy reference."""
        name, src, options, routing = TORCH_MLIR_CASE
        cfg = gpt.GPTConfig(layers=2, dim=32, heads=4, ffn=64, seq=16, batch=2, vocab=24, rotary=True)
        w = gpt.init_weights(cfg, 5)
        x = np.random.default_rng(6).standard_normal((cfg.batch, cfg.seq, cfg.dim)).astype(np.float32)
        args = [(x, "f32")] + [(w[f"router{l}"], "f32") for l in sorted(routing)]
        return self.imported_case(name, src, options, args, gpt.forward(cfg, w, x, routing))

    def hf_case(self) -> str:
        """A transformers model's import (LLaMA with GQA and RoPE), layer 1
        routed; expected = the independent PyTorch MoD reference, stored
        beside the import by python/tests/data/hf/make_hf_imports.py."""
        name, family = HF_CASE
        data = np.load(HF_DATA / f"{family}.npz")
        options = f"layers={int(data['routed_layer'])} capacity={float(data['capacity'])} gate=raw"
        args = [(data["input_ids"], "i64"), (data["router"], "f32")]
        return self.imported_case(name, HF_DATA / f"{family}.mlir", options, args, data["routed"])

    def bench(self) -> list[dict]:
        programs = []

        def add(name, text, route=None, **meta):
            src = self.work / f"{name}.mlir"
            src.write_text(text)
            self.compile(name, src, route, "")
            programs.append({"name": name, **meta})
            print(f"  bench  {name}")

        for b, s in BENCH_LAYERS:
            cfg = gpt.GPTConfig(layers=1, seq=s, batch=b, vocab=8, mask="iota", rotary=False, dim=768, heads=12,
                                ffn=3072)
            text = benchir.layer_module(cfg, WARMUP, REPEATS)
            add(f"layer_b{b}_s{s}_dense", text, kind="layer", batch=b, seq=s, capacity=None)
            for cap in BENCH_CAPS:
                add(f"layer_b{b}_s{s}_c{cap}", text, f"capacity={cap} every=1 offset=0", kind="layer", batch=b,
                    seq=s, capacity=cap)
        for rows, s, k in BENCH_TOPK:
            add(f"topk_r{rows}_s{s}_k{k}", benchir.topk_module(rows, s, k, WARMUP, REPEATS), kind="topk",
                rows=rows, seq=s, k=k)
        for b, s, d, k in BENCH_MOVE:
            add(f"move_b{b}_s{s}_d{d}_k{k}", benchir.move_module(b, s, d, k, WARMUP, REPEATS), kind="move",
                batch=b, seq=s, dim=d, k=k)
            add(f"topk_r{b}_s{s}_k{k}", benchir.topk_module(b, s, k, WARMUP, REPEATS), kind="topk", rows=b,
                seq=s, k=k)
        return programs


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--chip", default="sm_90", help="cubin target (H100/H200: sm_90; A100: sm_80)")
    p.add_argument("--features", default="+ptx80")
    p.add_argument("--out", default=str(BUILD / "gpu-bundle"))
    p.add_argument("--no-bench", action="store_true", help="only the execution tests")
    a = p.parse_args()
    out = Path(a.out)
    if out.exists():
        shutil.rmtree(out)
    b = Bundler(out, a.chip, a.features)
    for lib in ("libmod_cuda_runtime.so", "libmod_runner_utils.so"):
        src = BUILD / "lib" / lib
        if not src.exists():
            sys.exit(f"gpu_bundle.py: {src} is missing; build with the CUDA toolkit present (scripts/build.sh)")
        shutil.copy(src, out / "lib" / lib)
    print(f"gpu_bundle.py: compiling for {a.chip} into {out}")
    b.tests()
    tests = [c[0] for c in TEST_CASES] + [b.torch_mlir_case(), b.hf_case()]
    programs = [] if a.no_bench else b.bench()
    (out / "bench.json").write_text(json.dumps({"chip": a.chip, "warmup": WARMUP, "repeats": REPEATS,
                                                 "programs": programs, "sanitize": SANITIZE,
                                                 "tests": tests}, indent=1))
    (out / "python" / "mod_mlir").mkdir(parents=True)
    for f in ("testing.py", "reference.py", "torch_layers.py"):
        shutil.copy(ROOT / "python" / "mod_mlir" / f, out / "python" / "mod_mlir" / f)
    (out / "python" / "mod_mlir" / "__init__.py").write_text("")
    for f in ("run_bundle.py", "run.sh"):
        shutil.copy(ROOT / "bench" / "gpu" / f, out / f)
    shutil.rmtree(b.work)
    size = sum(f.stat().st_size for f in out.rglob("*") if f.is_file())
    print(f"gpu_bundle.py: {out} ({size / 2**20:.1f} MiB); run it on the GPU machine with: bash run.sh")
    return 0


if __name__ == "__main__":
    sys.exit(main())
