#!/usr/bin/env python3
"""mod-mlir CPU benchmark: one transformer layer dense vs routed, beside peers.

Run through bench/run.sh (which builds mod-mlir and installs the peers). All
rows come from one run of this script on the same machine, side by side.

Rows, for each sequence length S:
  ours   dense layer, and routed at C in {1, 0.5, 0.25, 0.125}
         (mod-route-dense + mod-cpu-pipeline, JIT by mlir-runner -O3; compile
         time excluded: timed inside main() with rtclock; warm-up, median),
         twice: "codegen" (our tiled + vectorized GEMMs) and "blas"
         (mod-cpu-pipeline{blas=true}: GEMMs call OpenBLAS's cblas_sgemm)
  torch  PyTorch eager (Debian's python3-torch), same layer: dense, and an
         MoD layer written the usual way (topk / gather / block / scatter_add)
  gemm   the layer's GEMM shapes alone: our generated code, our pipeline's
         BLAS call, OpenBLAS sgemm from numpy
  route  router + top-k + gather + scatter-add alone at C=0.125 (% of dense)
  ideal  the FLOPs ratio of docs/Semantics.md section 3 vs the measured ratio
Threads: --threads N (default 1) applies to all three: ours via
mod-cpu-pipeline{threads=N} (OpenMP, libomp.so), torch.set_num_threads(N),
OPENBLAS_NUM_THREADS=N.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "python"))

def _threads_from_argv() -> int:
    for i, arg in enumerate(sys.argv):
        if arg == "--threads" and i + 1 < len(sys.argv):
            return int(sys.argv[i + 1])
        if arg.startswith("--threads="):
            return int(arg.split("=", 1)[1])
    return 1


# BLAS reads its thread count when numpy loads it.
os.environ["OPENBLAS_NUM_THREADS"] = os.environ["OMP_NUM_THREADS"] = str(_threads_from_argv())

import numpy as np  # noqa: E402

from mod_mlir import gpt  # noqa: E402
from mod_mlir.benchir import gemm_module, layer_module, parse_times, routing_module  # noqa: E402

LLVM = Path(os.environ.get("LLVM_PREFIX", "/usr/lib/llvm-22"))
MOD_OPT = Path(os.environ.get("BUILD_DIR", ROOT / "build")) / "bin" / "mod-opt"
THREADS = _threads_from_argv()
CPU_RUNTIME = MOD_OPT.parents[1] / "lib" / "libmod_cpu_runtime.so"
RUNNER = [str(LLVM / "bin" / "mlir-runner"), "-O3", "-e", "main", "-entry-point-result=void",
          f"-shared-libs={LLVM}/lib/libmlir_runner_utils.so,{LLVM}/lib/libmlir_c_runner_utils.so,{CPU_RUNTIME}"
          + (f",{LLVM}/lib/libomp.so" if THREADS > 1 else "")]
MODES = ("codegen", "blas")


def run_mlir(text: str, passes: list[str], work: Path, name: str, warmup: int, mode: str = "codegen") -> float:
    """Compiles `text` with mod-opt `passes` + mod-cpu-pipeline (`mode`: our
    GEMM code or BLAS calls), runs it, returns the median seconds."""
    src = work / f"{name}.mlir"
    src.write_text(text)
    llvm = work / f"{name}.{mode}.llvm.mlir"
    pipeline = f"--mod-cpu-pipeline=threads={THREADS} blas={'true' if mode == 'blas' else 'false'}"
    subprocess.run([str(MOD_OPT), str(src), *passes, pipeline, "-o", str(llvm)],
                   check=True, stderr=subprocess.DEVNULL)
    out = subprocess.run(RUNNER + [str(llvm)], check=True, capture_output=True, text=True).stdout
    return statistics.median(parse_times(out, warmup))


def layer_flops(cfg: gpt.GPTConfig, tokens: int) -> float:
    d, f = cfg.dim, cfg.ffn
    return 2 * tokens * (4 * d * d + 2 * d * f) + 4 * tokens * tokens * d


def torch_rows(cfg: gpt.GPTConfig, caps, warmup: int, repeats: int) -> dict:
    try:
        import torch
    except ImportError:
        return {}
    from mod_mlir.torch_layers import TorchLayer, median_seconds

    torch.set_num_threads(THREADS)
    layer = TorchLayer(cfg.dim, cfg.heads, cfg.ffn)
    x = torch.randn(cfg.batch, cfg.seq, cfg.dim, generator=torch.Generator().manual_seed(1))
    rows = {"dense": median_seconds(lambda: layer.dense(x), warmup, repeats)}
    for cap in caps:
        rows[cap] = median_seconds(lambda cap=cap: layer.routed(x, cap), warmup, repeats)
    rows["version"] = torch.__version__
    return rows


def blas_gemm(m, k, n, warmup, repeats):
    a = np.random.default_rng(0).standard_normal((m, k)).astype(np.float32)
    b_ = np.random.default_rng(1).standard_normal((k, n)).astype(np.float32)
    for _ in range(warmup):
        a @ b_
    ts = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        a @ b_
        ts.append(time.perf_counter() - t0)
    return statistics.median(ts)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--small", action="store_true", help="D=256, H=4, F=1024, S in {128, 512}")
    p.add_argument("--seqs", default="", help="comma-separated sequence lengths (overrides the default set)")
    p.add_argument("--threads", type=int, default=1, help="threads for ours, torch and OpenBLAS")
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--warmup", type=int, default=1)
    p.add_argument("--out", default=str(ROOT / "bench" / "results"))
    a = p.parse_args()
    dims = dict(dim=256, heads=4, ffn=1024) if a.small else dict(dim=768, heads=12, ffn=3072)
    seqs = [int(v) for v in a.seqs.split(",")] if a.seqs else ([128, 512] if a.small else [256, 1024, 2048])
    caps = [1.0, 0.5, 0.25, 0.125]
    stamp = datetime.datetime.now().strftime("%Y-%m-%d")
    machine = f"{platform.node()} ({os.cpu_count()} cores, {platform.processor() or platform.machine()})"
    rows = []
    print(f"mod-mlir bench {stamp} on {machine}; D={dims['dim']} H={dims['heads']} F={dims['ffn']} B=1; "
          f"median of {a.repeats} after {a.warmup} warm-up; {THREADS} thread(s) everywhere")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for s in seqs:
            cfg = gpt.GPTConfig(layers=1, seq=s, batch=1, vocab=8, mask="iota", rotary=False, **dims)
            text = layer_module(cfg, a.warmup, a.repeats)
            dense, ours = {}, {}
            for mode in MODES:
                dense[mode] = run_mlir(text, [], work, f"dense{s}", a.warmup, mode)
                ours[mode] = {}
                for cap in caps:
                    ours[mode][cap] = run_mlir(text, [f"--mod-route-dense=layers=0 capacity={cap} gate=raw"], work,
                                               f"routed{s}_{cap}", a.warmup, mode)
            route = run_mlir(routing_module(1, s, cfg.dim, 0.125, a.warmup, a.repeats), [], work, f"route{s}",
                             a.warmup)
            torch_t = torch_rows(cfg, caps, a.warmup, a.repeats)
            gemms = []
            for (m, k, n) in [(s, cfg.dim, cfg.dim), (s, cfg.dim, cfg.ffn), (s, cfg.ffn, cfg.dim)]:
                text_g = gemm_module(m, k, n, a.warmup, a.repeats)
                t_ours = run_mlir(text_g, [], work, f"gemm{m}x{k}x{n}", a.warmup)
                t_call = run_mlir(text_g, [], work, f"gemm{m}x{k}x{n}", a.warmup, "blas")
                t_blas = blas_gemm(m, k, n, a.warmup, a.repeats)
                gemms.append((m, k, n, t_ours, t_call, t_blas))
            rows.append(dict(seq=s, dense=dense, ours=ours, route=route, torch=torch_t, gemms=gemms, cfg=cfg))
            print_rows(rows[-1])
    write_results(rows, a.out, stamp, machine, dims)


def print_rows(r):
    s, dense, cfg = r["seq"], r["dense"], r["cfg"]
    best = "blas" if dense["blas"] < dense["codegen"] else "codegen"
    print(f"\nS={s}   (ratios: our faster mode, '{best}')")
    print(f"  {'variant':<16}{'codegen ms':>11}{'blas ms':>9}{'vs dense':>10}{'ideal':>8}{'torch ms':>10}"
          f"{'torch/ours':>11}")
    tdense = r["torch"].get("dense")
    print(f"  {'dense':<16}{dense['codegen'] * 1e3:>11.1f}{dense['blas'] * 1e3:>9.1f}{1.0:>10.3f}{1.0:>8.3f}"
          + (f"{tdense * 1e3:>10.1f}{tdense / dense[best]:>11.2f}" if tdense else ""))
    for cap in r["ours"]["codegen"]:
        t = {m: r["ours"][m][cap] for m in MODES}
        k = gpt.ref.capacity_k(cap, s)
        ideal = (layer_flops(cfg, k) + 2 * s * cfg.dim) / layer_flops(cfg, s)
        tt = r["torch"].get(cap)
        print(f"  {f'routed C={cap}':<16}{t['codegen'] * 1e3:>11.1f}{t['blas'] * 1e3:>9.1f}"
              f"{t[best] / dense[best]:>10.3f}{ideal:>8.3f}"
              + (f"{tt * 1e3:>10.1f}{tt / t[best]:>11.2f}" if tt else ""))
    print(f"  routing overhead (router+topk+gather+scatter, C=0.125): {r['route'] * 1e3:.2f} ms = "
          f"{100 * r['route'] / dense[best]:.1f}% of the dense layer")
    for m, k, n, to, tc, tb in r["gemms"]:
        gf = 2 * m * k * n / 1e9
        print(f"  gemm {m}x{k}x{n}: codegen {gf / to:6.1f} GFLOP/s ({100 * tb / to:5.1f}%), our BLAS call "
              f"{gf / tc:6.1f} GFLOP/s ({100 * tb / tc:5.1f}%) of OpenBLAS {gf / tb:6.1f} GFLOP/s")


def write_results(rows, out, stamp, machine, dims):  # noqa: C901
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    tag = f"{stamp}-cpu" + (f"-{THREADS}threads" if THREADS > 1 else "")
    path = out / f"{tag}.csv"
    with path.open("w", newline="") as fh:
        wr = csv.writer(fh)
        wr.writerow(["date", "machine", "D", "S", "row", "capacity", "codegen_ms", "blas_ms", "torch_ms", "extra"])
        for r in rows:
            wr.writerow([stamp, machine, dims["dim"], r["seq"], "dense", 1.0, r["dense"]["codegen"] * 1e3,
                         r["dense"]["blas"] * 1e3, (r["torch"].get("dense") or 0) * 1e3, ""])
            for cap in r["ours"]["codegen"]:
                wr.writerow([stamp, machine, dims["dim"], r["seq"], "routed", cap, r["ours"]["codegen"][cap] * 1e3,
                             r["ours"]["blas"][cap] * 1e3, (r["torch"].get(cap) or 0) * 1e3, ""])
            wr.writerow([stamp, machine, dims["dim"], r["seq"], "routing-overhead", 0.125, r["route"] * 1e3, "",
                         "", ""])
            for m, k, n, to, tc, tb in r["gemms"]:
                wr.writerow([stamp, machine, dims["dim"], r["seq"], f"gemm {m}x{k}x{n}", "", to * 1e3, tc * 1e3, "",
                             f"openblas_ms={tb * 1e3:.3f}"])
    print(f"\nwrote {path}")
    # Targets (issue 6), printed as pass/fail, not tests.
    ref = next((r for r in rows if r["seq"] == 1024), rows[-1])
    best = "blas" if ref["dense"]["blas"] < ref["dense"]["codegen"] else "codegen"
    t125 = ref["ours"][best][0.125] / ref["dense"][best]
    over = ref["route"] / ref["dense"][best]
    gem = min(tb / to for _, _, _, to, _, tb in ref["gemms"])
    gem_call = min(tb / tc for _, _, _, _, tc, tb in ref["gemms"])
    tor = ref["torch"].get(0.125)
    print(f"\ntargets at S={ref['seq']} (our faster mode: {best}):")
    print(f"  routed C=0.125 <= 0.16x dense        : {t125:.3f}x  {'PASS' if t125 <= 0.16 else 'MISS'}")
    print(f"  routing overhead <= 3% of dense       : {100 * over:.1f}%  {'PASS' if over <= 0.03 else 'MISS'}")
    print(f"  our GEMMs >= 70% of OpenBLAS          : generated code {100 * gem:.1f}% (worst shape)  "
          f"{'PASS' if gem >= 0.7 else 'MISS'}; BLAS call {100 * gem_call:.1f}%  "
          f"{'PASS' if gem_call >= 0.7 else 'MISS'}")
    if tor:
        sp = tor / ref["ours"][best][0.125]
        print(f"  our MoD layer >= 1.5x PyTorch's MoD   : {sp:.2f}x  {'PASS' if sp >= 1.5 else 'MISS'}")
    else:
        print("  our MoD layer >= 1.5x PyTorch's MoD   : no torch installed")
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        fig, ax = plt.subplots(figsize=(6, 4))
        for r in rows:
            caps = sorted(r["ours"]["blas"])
            ax.plot(caps, [r["ours"]["blas"][c] / r["dense"]["blas"] for c in caps], "o-",
                    label=f"ours (blas) S={r['seq']}")
            if r["torch"].get("dense"):
                ax.plot(caps, [r["torch"][c] / r["torch"]["dense"] for c in caps], "x--", label=f"torch S={r['seq']}")
        ax.plot([0.125, 1.0], [0.125, 1.0], ":", color="gray", label="ideal (linear)")
        ax.set_xlabel("capacity C")
        ax.set_ylabel("routed / dense layer time")
        ax.legend(fontsize=7)
        fig.tight_layout()
        fig.savefig(out / f"{tag}.png", dpi=120)
        print(f"wrote {out / (tag + '.png')}")
    except ImportError:
        print("matplotlib not installed: no plot")


if __name__ == "__main__":
    main()
