#!/usr/bin/env python3
"""mod-mlir CPU benchmark: one transformer layer dense vs routed, beside peers.

Run through bench/run.sh (which builds mod-mlir and installs the peers). All
rows come from one run of this script on the same machine, side by side.

Rows, for each sequence length S:
  ours   dense layer, and routed at C in {1, 0.5, 0.25, 0.125}
         (mod-route-dense + mod-cpu-pipeline, JIT by mlir-runner -O3; compile
         time excluded: timed inside main() with rtclock; warm-up, median),
         twice: "default" (the default pipeline: GEMMs call the runtime's own
         packed AVX-512 GEMM, libmod_cpu_runtime.so) and "codegen"
         (gemm=codegen: our tiled + vectorized generated GEMMs)
  peers  (bench/peers.py, pinned from PyPI, same layer, same threads):
         PyTorch 2.9.1 eager with SDPA, torch.compile (inductor), IREE 3.13
         (data tiling + micro-kernels, best CPU name / attention form); the
         MoD layer written the usual way (topk / gather / block / scatter_add)
  gemm   the layer's GEMM shapes alone (M = S, and M = k at C=0.125):
         our generated code, our runtime's GEMM (the default), OpenBLAS
         sgemm from numpy, torch.mm, IREE's data-tiled linalg.matmul (best
         CPU name), and the FMA limit
  route  router + top-k + gather + scatter-add alone at C=0.125 (% of dense)
  ideal  the FLOPs ratio of docs/Semantics.md section 3 vs the measured ratio
Threads: --threads N (default 1) applies to all: ours via OMP_NUM_THREADS=N
and MOD_NUM_THREADS=N (the default pipeline: OpenMP parallel loops and the
runtime's GEMMs on one OpenMP team) or mod-cpu-pipeline{threads=N
gemm=codegen} (codegen mode), torch.set_num_threads(N), IREE's task
topology, OPENBLAS_NUM_THREADS=N.
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

sys.path.insert(0, str(ROOT / "bench"))
from thread_env import apply_threads  # noqa: E402

# BLAS reads its thread count when numpy loads it; our runtime's GEMM and
# loops read OMP_NUM_THREADS / MOD_NUM_THREADS. MOD_BLAS_LIBRARY would
# replace our GEMM by a BLAS: the benchmark measures our own.
THREADS = apply_threads()
os.environ.pop("MOD_BLAS_LIBRARY", None)

import numpy as np  # noqa: E402

from mod_mlir import gpt  # noqa: E402
from mod_mlir.benchir import gemm_module, layer_module, parse_times, routing_module  # noqa: E402

import peers  # noqa: E402

LLVM = Path(os.environ.get("LLVM_PREFIX", "/usr/lib/llvm-22"))
MOD_OPT = Path(os.environ.get("BUILD_DIR", ROOT / "build")) / "bin" / "mod-opt"
CPU_RUNTIME = MOD_OPT.parents[1] / "lib" / "libmod_cpu_runtime.so"
RUNNER = [str(LLVM / "bin" / "mlir-runner"), "-O3", "-e", "main", "-entry-point-result=void",
          f"-shared-libs={LLVM}/lib/libmlir_runner_utils.so,{LLVM}/lib/libmlir_c_runner_utils.so,{CPU_RUNTIME}"
          + (f",{LLVM}/lib/libomp.so" if THREADS > 1 else "")]
MODES = ("default", "codegen")


def run_mlir(text: str, passes: list[str], work: Path, name: str, warmup: int, mode: str = "default") -> float:
    """Compiles `text` with mod-opt `passes` + mod-cpu-pipeline (`mode`: the
    default pipeline, or gemm=codegen), runs it, returns the median seconds."""
    src = work / f"{name}.mlir"
    src.write_text(text)
    llvm = work / f"{name}.{mode}.llvm.mlir"
    # The default pipeline as users run it: generated loops in OpenMP
    # parallel tiles and the runtime's GEMMs on the same OpenMP team
    # (OMP_NUM_THREADS = MOD_NUM_THREADS = N). Codegen mode: the generated
    # GEMMs in OpenMP parallel tiles.
    pipeline = "--mod-cpu-pipeline" if mode == "default" else f"--mod-cpu-pipeline=threads={THREADS} gemm=codegen"
    subprocess.run([str(MOD_OPT), str(src), *passes, pipeline, "-o", str(llvm)],
                   check=True, stderr=subprocess.DEVNULL)
    out = subprocess.run(RUNNER + [str(llvm)], check=True, capture_output=True, text=True).stdout
    return statistics.median(parse_times(out, warmup))


def layer_flops(cfg: gpt.GPTConfig, tokens: int) -> float:
    d, f = cfg.dim, cfg.ffn
    return 2 * tokens * (4 * d * d + 2 * d * f) + 4 * tokens * tokens * d


PEERS = ("eager", "compile", "iree")


def peer_rows(cfg: gpt.GPTConfig, caps, warmup: int, repeats: int, which) -> dict:
    """{peer: {"dense": s, cap: s, ...}} for the peers in `which`; IREE also
    records which of its configurations was fastest."""
    rows = {}
    for name in which:
        rows[name] = {}
        for cap in [None, *caps]:
            if name == "eager":
                t = peers.eager(cfg, cap, THREADS, warmup, repeats)
            elif name == "compile":
                t = peers.compiled(cfg, cap, THREADS, warmup, repeats)
            else:
                best = peers.iree(cfg, cap, THREADS, warmup, repeats)
                t = best[0] if best else None
                if best:
                    rows[name].setdefault("how", {})["dense" if cap is None else cap] = best[1]
            rows[name]["dense" if cap is None else cap] = t
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
    p.add_argument("--peers", default=",".join(PEERS), help="comma-separated subset of " + ",".join(PEERS))
    a = p.parse_args()
    which = [w for w in a.peers.split(",") if w]
    dims = dict(dim=256, heads=4, ffn=1024) if a.small else dict(dim=768, heads=12, ffn=3072)
    seqs = [int(v) for v in a.seqs.split(",")] if a.seqs else ([128, 512] if a.small else [256, 1024, 2048])
    caps = [1.0, 0.5, 0.25, 0.125]
    stamp = datetime.datetime.now().strftime("%Y-%m-%d")
    machine = f"{platform.node()} ({os.cpu_count()} cores, {platform.processor() or platform.machine()})"
    rows = []
    limit, how = peers.fma_limit_gflops(THREADS)
    print(f"mod-mlir bench {stamp} on {machine}; D={dims['dim']} H={dims['heads']} F={dims['ffn']} B=1; "
          f"median of {a.repeats} after {a.warmup} warm-up; {THREADS} thread(s) everywhere; "
          f"load average {os.getloadavg()[0]:.2f}; torch {peers.torch_version()}; "
          f"FMA limit {limit:.0f} GFLOP/s ({how})")
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
            gemms = []
            k8 = gpt.ref.capacity_k(0.125, s)  # a routed layer's rows at C=0.125
            for (m, k, n) in [(s, cfg.dim, cfg.dim), (s, cfg.dim, cfg.ffn), (s, cfg.ffn, cfg.dim),
                              (k8, cfg.dim, cfg.ffn), (k8, cfg.ffn, cfg.dim)]:
                text_g = gemm_module(m, k, n, a.warmup, a.repeats)
                t_ours = run_mlir(text_g, [], work, f"gemm{m}x{k}x{n}", a.warmup, "codegen")
                t_call = run_mlir(text_g, [], work, f"gemm{m}x{k}x{n}", a.warmup)
                t_blas = blas_gemm(m, k, n, a.warmup, a.repeats)
                t_torch = peers.sgemm(m, k, n, THREADS, a.warmup, a.repeats)
                gemms.append(dict(m=m, k=k, n=n, codegen=t_ours, ours=t_call, openblas=t_blas, torch=t_torch))
            # The peers last: torch.compile's and IREE's worker threads and
            # processes must not share the cores with our runs.
            torch_t = peer_rows(cfg, caps, a.warmup, a.repeats, which)
            if "iree" in which:
                for g in gemms:
                    best = peers.iree_sgemm(g["m"], g["k"], g["n"], THREADS, a.warmup, a.repeats)
                    g["iree"], g["iree_how"] = best if best else (None, None)
            rows.append(dict(seq=s, dense=dense, ours=ours, route=route, torch=torch_t, gemms=gemms, cfg=cfg,
                             load=os.getloadavg()[0]))
            print_rows(rows[-1])
    write_results(rows, a.out, stamp, machine, dims)


def fastest_peer(r, key):
    """(seconds, name) of the fastest peer on row `key` ("dense" or a capacity)."""
    times = [(r["torch"][p].get(key), p) for p in r["torch"] if r["torch"][p].get(key)]
    return min(times) if times else (None, None)


def print_rows(r):
    s, dense, cfg = r["seq"], r["dense"], r["cfg"]
    best = "default"
    names = list(r["torch"])
    limit, _ = peers.fma_limit_gflops(THREADS)
    print(f"\nS={s}   (ratios use our default pipeline; load average {r['load']:.2f})")
    print(f"  {'variant':<16}{'default ms':>11}{'codegen ms':>11}" + "".join(f"{n + ' ms':>12}" for n in names)
          + f"{'ours/fastest':>14}{'FMA-limit ms':>14}{'vs dense':>10}{'ideal':>8}")

    def line(label, t, key, flops):
        fast, who = fastest_peer(r, key)
        cells = "".join(f"{r['torch'][n][key] * 1e3:>12.1f}" if r["torch"][n].get(key) else f"{'-':>12}"
                        for n in names)
        ratio = f"{t[best] / fast:>9.2f} ({who})" if fast else f"{'-':>14}"
        return (f"  {label:<16}{t['default'] * 1e3:>11.1f}{t['codegen'] * 1e3:>11.1f}{cells}{ratio:>14}"
                f"{flops / (limit * 1e9) * 1e3:>14.2f}")

    print(line("dense", dense, "dense", layer_flops(cfg, s)) + f"{1.0:>10.3f}{1.0:>8.3f}")
    for cap in r["ours"]["codegen"]:
        t = {m: r["ours"][m][cap] for m in MODES}
        k = gpt.ref.capacity_k(cap, s)
        flops = layer_flops(cfg, k) + 2 * s * cfg.dim
        ideal = flops / layer_flops(cfg, s)
        print(line(f"routed C={cap}", t, cap, flops) + f"{t[best] / dense[best]:>10.3f}{ideal:>8.3f}")
    if "iree" in r["torch"] and r["torch"]["iree"].get("how"):
        print("  IREE's fastest configuration per row: "
              + ", ".join(f"{k}: {v}" for k, v in r["torch"]["iree"]["how"].items()))
    print(f"  routing overhead (router+topk+gather+scatter, C=0.125): {r['route'] * 1e3:.2f} ms = "
          f"{100 * r['route'] / dense[best]:.1f}% of the dense layer")
    for g in r["gemms"]:
        gf = 2 * g["m"] * g["k"] * g["n"] / 1e9
        iree = f"{gf / g['iree']:6.1f} ({g['iree_how']})" if g.get("iree") else "     -"
        print(f"  gemm {g['m']}x{g['k']}x{g['n']}: GFLOP/s ours (runtime GEMM) {gf / g['ours']:6.1f}, "
              f"codegen {gf / g['codegen']:6.1f}, OpenBLAS (numpy) {gf / g['openblas']:6.1f}, "
              f"torch.mm {gf / g['torch']:6.1f}, IREE {iree}, FMA limit {limit:6.0f}")


def best_peer_sgemm(g):
    """(seconds, name) of the fastest peer sgemm on gemm row `g`."""
    return min((g[p], p) for p in ("openblas", "torch", "iree") if g.get(p))


def write_results(rows, out, stamp, machine, dims):  # noqa: C901
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    base = f"{stamp}-cpu" + (f"-{THREADS}threads" if THREADS > 1 else "")
    tag, n = base, 1
    while (out / f"{tag}.csv").exists():  # an earlier run of the same day stays
        n += 1
        tag = f"{base}-run{n}"
    path = out / f"{tag}.csv"
    with path.open("w", newline="") as fh:
        wr = csv.writer(fh)
        names = list(PEERS)
        wr.writerow(["date", "machine", "threads", "D", "S", "row", "capacity", "codegen_ms", "default_ms"]
                    + [f"{n}_ms" for n in names] + ["extra"])

        def peer_cells(r, key):
            return [f"{r['torch'][n][key] * 1e3:.3f}" if n in r["torch"] and r["torch"][n].get(key) else ""
                    for n in names]
        for r in rows:
            wr.writerow([stamp, machine, THREADS, dims["dim"], r["seq"], "dense", 1.0, r["dense"]["codegen"] * 1e3,
                         r["dense"]["default"] * 1e3] + peer_cells(r, "dense") + [f"load={r['load']:.2f}"])
            for cap in r["ours"]["codegen"]:
                wr.writerow([stamp, machine, THREADS, dims["dim"], r["seq"], "routed", cap,
                             r["ours"]["codegen"][cap] * 1e3, r["ours"]["default"][cap] * 1e3]
                            + peer_cells(r, cap) + [""])
            wr.writerow([stamp, machine, THREADS, dims["dim"], r["seq"], "routing-overhead", 0.125,
                         r["route"] * 1e3, ""] + [""] * len(names) + [""])
            for g in r["gemms"]:
                extra = f"openblas_ms={g['openblas'] * 1e3:.3f} torch_mm_ms={g['torch'] * 1e3:.3f}"
                if g.get("iree"):
                    extra += f" iree_ms={g['iree'] * 1e3:.3f} iree_cpu={g['iree_how']}"
                wr.writerow([stamp, machine, THREADS, dims["dim"], r["seq"], f"gemm {g['m']}x{g['k']}x{g['n']}", "",
                             g["codegen"] * 1e3, g["ours"] * 1e3] + [""] * len(names) + [extra])
    print(f"\nwrote {path}")
    # Targets (issue 15), printed as pass/fail, not tests.
    ref = next((r for r in rows if r["seq"] == 1024), rows[-1])
    best = "default"
    limit, _ = peers.fma_limit_gflops(THREADS)
    print(f"\ntargets at S={ref['seq']}, {THREADS} thread(s) (our default pipeline):")
    fast, who = fastest_peer(ref, 0.125)
    ours125 = ref["ours"][best][0.125]
    if fast:
        print(f"  MoD C=0.125 <= 0.75x the fastest peer's ({who})  : {ours125 / fast:.2f}x  "
              f"{'PASS' if ours125 <= 0.75 * fast else 'MISS'}")
    k = gpt.ref.capacity_k(0.125, ref["seq"])
    t_limit = (layer_flops(ref["cfg"], k) + 2 * ref["seq"] * ref["cfg"].dim) / (limit * 1e9)
    print(f"  MoD C=0.125 <= 1.6x its FLOPs at the FMA limit   : {ours125 / t_limit:.2f}x  "
          f"{'PASS' if ours125 <= 1.6 * t_limit else 'MISS'}")
    fast, who = fastest_peer(ref, "dense")
    if fast:
        print(f"  dense layer <= the fastest peer's ({who})        : {ref['dense'][best] / fast:.2f}x  "
              f"{'PASS' if ref['dense'][best] <= fast else 'MISS'}")
    # The GEMM target is a share of the best sgemm measured here
    # (the peers'; IREE's data-tiled micro-kernels are the fastest); the
    # share of the FMA limit, a stricter bound, is printed beside it.
    for g in ref["gemms"]:
        share = 0.85 if g["m"] == ref["seq"] else 0.70
        t_peer, who = best_peer_sgemm(g)
        print(f"  gemm {g['m']}x{g['k']}x{g['n']} >= {share:.0%} of the best peer sgemm ({who:>8}): "
              f"{t_peer / g['ours']:.0%}  {'PASS' if t_peer / g['ours'] >= share else 'MISS'}   "
              f"(FMA limit: {2 * g['m'] * g['k'] * g['n'] / g['ours'] / 1e9 / limit:.0%})")
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        fig, ax = plt.subplots(figsize=(6, 4))
        for r in rows:
            caps = sorted(r["ours"]["default"])
            mine = r["ours"]["default"]
            ax.plot(caps, [mine[c] * 1e3 for c in caps], "o-", label=f"ours S={r['seq']}")
            for name, times in r["torch"].items():
                if all(times.get(c) for c in caps):
                    ax.plot(caps, [times[c] * 1e3 for c in caps], "x--", label=f"{name} S={r['seq']}")
        ax.set_xscale("log", base=2)
        ax.set_yscale("log")
        ax.set_xlabel("capacity C")
        ax.set_ylabel(f"MoD layer time, ms ({THREADS} thread(s))")
        ax.legend(fontsize=7)
        fig.tight_layout()
        fig.savefig(out / f"{tag}.png", dpi=120)
        print(f"wrote {out / (tag + '.png')}")
    except ImportError:
        print("matplotlib not installed: no plot")


if __name__ == "__main__":
    main()
