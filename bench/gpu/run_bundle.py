#!/usr/bin/env python3
"""Runs the GPU bundle built by scripts/gpu_bundle.py, on the GPU machine.

  python3 run_bundle.py [--tests] [--sanitize] [--bench] [--results DIR]
  (no selection: all three)

1. Execution tests: every bin/<case> runs; its printed tensors are compared
   with cases/<case>.npz (the numpy reference of docs/Semantics.md) within
   2e-4 (numpy needed).
2. compute-sanitizer memcheck and racecheck on the MoD kernels (top-k,
   gather/scatter) when the CUDA toolkit's compute-sanitizer is found.
3. Benchmark (PyTorch optional, as the peer): one GPT-2-small layer dense vs
   routed at C in {1, .5, .25, .125}; top-k vs torch.topk + sort; gather +
   scatter-add bandwidth vs a device-to-device copy. Prints a table, writes
   results/<date>-gpu.{txt,csv}.
Exit status: 1 if a test or sanitizer check failed.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import json
import os
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "python"))

from mod_mlir.reference import capacity_k  # noqa: E402 (numpy only)


def gpu_name() -> str:
    try:
        out = subprocess.run(["nvidia-smi", "--query-gpu=name,driver_version", "--format=csv,noheader"],
                             capture_output=True, text=True, timeout=30).stdout.strip().splitlines()
        return out[0] + " (driver)" if out else "unknown GPU"
    except (OSError, subprocess.TimeoutExpired):
        return "unknown GPU (no nvidia-smi)"


def last_line(text: str) -> str:
    lines = text.strip().splitlines()
    return lines[-1][:500] if lines else ""


def run_exe(name: str, timeout: int = 300) -> subprocess.CompletedProcess:
    return subprocess.run([str(HERE / "bin" / name)], capture_output=True, text=True, timeout=timeout)


def tests(meta) -> list[tuple[str, bool, str]]:
    try:
        from mod_mlir.testing import check_against
    except ImportError as e:  # numpy missing
        return [(n, False, f"cannot check: {e}") for n in meta["tests"]]
    results = []
    for name in meta["tests"]:
        prefix = str(HERE / "cases" / name)
        try:
            p = run_exe(name)
        except subprocess.TimeoutExpired:
            results.append((name, False, "timed out"))
            continue
        Path(prefix + ".out").write_text(p.stdout)
        if p.returncode != 0:
            results.append((name, False, f"exit {p.returncode}: {last_line(p.stderr)}"))
            continue
        try:
            got = check_against(prefix)
            results.append((name, True, f"{len(got)} tensor(s) match the reference"))
        except SystemExit as e:
            results.append((name, False, str(e)))
    return results


def sanitize(meta) -> list[tuple[str, bool, str]]:
    tool = shutil.which("compute-sanitizer") or next(
        (str(p) for p in [Path(os.environ.get("CUDA_HOME", "/usr/local/cuda")) / "bin" / "compute-sanitizer"]
         if p.exists()), None)
    if not tool:
        return [("compute-sanitizer", False, "not found (CUDA toolkit's bin/ not on PATH); skipped")]
    results = []
    for name in meta["sanitize"]:
        for check in ("memcheck", "racecheck"):
            p = subprocess.run([tool, "--tool", check, "--error-exitcode", "1", str(HERE / "bin" / name)],
                               capture_output=True, text=True, timeout=600)
            summary = [ln for ln in p.stdout.splitlines() if "ERROR SUMMARY" in ln or "RACECHECK SUMMARY" in ln]
            results.append((f"{check} {name}", p.returncode == 0,
                            (summary[-1] if summary else p.stdout.strip()[-200:]).replace("=========", "").strip()))
    return results


def median_time(name: str, warmup: int) -> float:
    p = run_exe(name)
    if p.returncode != 0:
        raise RuntimeError(f"{name}: exit {p.returncode}: {last_line(p.stderr)}")
    times = []
    for line in p.stdout.splitlines():
        try:
            times.append(float(line.strip()))
        except ValueError:
            pass
    return statistics.median(times[warmup:])


def layer_flops(d: int, f: int, tokens: int) -> float:
    return 2 * tokens * (4 * d * d + 2 * d * f) + 4 * tokens * tokens * d


def bench(meta, results_dir: Path, stamp: str, gpu: str) -> list[str]:
    warm, reps = meta["warmup"], meta["repeats"]
    try:
        import torch
        dev = "cuda" if torch.cuda.is_available() else None
    except ImportError:
        torch, dev = None, None
    if dev:
        from mod_mlir.torch_layers import TorchLayer, median_seconds
    lines = [f"mod-mlir GPU benchmark {stamp} on {gpu}; cubins for {meta['chip']}; median of {reps} after "
             f"{warm} warm-up; PyTorch {torch.__version__ + ' (' + dev + ')' if dev else 'not available'}"]
    rows = []

    def emit(text=""):
        print(text, flush=True)
        lines.append(text)

    progs = meta["programs"]
    layers = sorted({(p["batch"], p["seq"]) for p in progs if p["kind"] == "layer"})
    emit("\n== one layer, D=768 H=12 F=3072: time (ms) and ratio to dense ==")
    emit(f"{'B':>2} {'S':>5} {'variant':<12} {'ours ms':>9} {'ratio':>7} {'ideal':>7} "
         f"{'torch ms':>9} {'ratio':>7} {'ours/torch':>10}")
    for b, s in layers:
        layer = TorchLayer(768, 12, 3072, device=dev) if dev else None
        x = torch.randn(b, s, 768, device=dev) if dev else None
        dense = median_time(f"layer_b{b}_s{s}_dense", warm)
        t_dense = median_seconds(lambda: layer.dense(x), warm, reps, dev) if dev else None
        variants = [("dense", None)] + [(f"C={p['capacity']}", p["capacity"]) for p in progs
                                        if p["kind"] == "layer" and p["batch"] == b and p["seq"] == s
                                        and p["capacity"] is not None]
        for label, cap in variants:
            ours = dense if cap is None else median_time(f"layer_b{b}_s{s}_c{cap}", warm)
            k = s if cap is None else capacity_k(cap, s)
            ideal = layer_flops(768, 3072, k) / layer_flops(768, 3072, s)
            th = (t_dense if cap is None else median_seconds(lambda: layer.routed(x, cap), warm, reps, dev)) \
                if dev else None
            emit(f"{b:>2} {s:>5} {label:<12} {ours * 1e3:>9.3f} {ours / dense:>7.3f} {ideal:>7.3f} "
                 + (f"{th * 1e3:>9.3f} {th / t_dense:>7.3f} {th / ours:>9.2f}x" if th else f"{'-':>9}"))
            rows.append(dict(kind="layer", batch=b, seq=s, variant=label, ours_s=ours, ours_ratio=ours / dense,
                             ideal_ratio=ideal, torch_s=th, torch_ratio=(th / t_dense) if th else None))

    emit("\n== top-k (ours: radix select + ordered compaction; torch: topk(sorted=False) + sort of indices) ==")
    emit(f"{'rows':>5} {'S':>6} {'k':>5} {'ours ms':>9} {'torch ms':>9} {'torch/ours':>10}")
    for p in [p for p in progs if p["kind"] == "topk"]:
        ours = median_time(p["name"], warm)
        th = None
        if dev:
            sc = torch.randn(p["rows"], p["seq"], device=dev)

            def torch_topk(sc=sc, k=p["k"]):
                _, idx = torch.topk(sc, k, dim=1, sorted=False)
                return torch.sort(idx, dim=1)

            th = median_seconds(torch_topk, warm, reps, dev)
        emit(f"{p['rows']:>5} {p['seq']:>6} {p['k']:>5} {ours * 1e3:>9.3f} "
             + (f"{th * 1e3:>9.3f} {th / ours:>9.2f}x" if th else f"{'-':>9}"))
        rows.append(dict(kind="topk", batch=p["rows"], seq=p["seq"], variant=f"k={p['k']}", ours_s=ours, torch_s=th))

    emit("\n== gather + scatter-add of the k routed rows: effective bandwidth vs a device-to-device copy ==")
    emit(f"{'B':>2} {'S':>5} {'D':>4} {'k':>4} {'move ms':>8} {'GB/s':>7} {'copy GB/s':>9} {'% of copy':>9}")
    for p in [p for p in progs if p["kind"] == "move"]:
        move = median_time(p["name"], warm) - median_time(f"topk_r{p['batch']}_s{p['seq']}_k{p['k']}", warm)
        # gather: read + write k rows; scatter-add: read update + read base + write base.
        nbytes = 5 * p["batch"] * p["k"] * p["dim"] * 4
        bw = nbytes / max(move, 1e-9) / 1e9
        copy_bw = None
        if dev:
            src = torch.empty(nbytes // 8, dtype=torch.float32, device=dev)
            dst = torch.empty_like(src)
            copy_bw = 2 * src.numel() * 4 / median_seconds(lambda: dst.copy_(src), warm, reps, dev) / 1e9
        emit(f"{p['batch']:>2} {p['seq']:>5} {p['dim']:>4} {p['k']:>4} {move * 1e3:>8.3f} {bw:>7.1f} "
             + (f"{copy_bw:>9.1f} {100 * bw / copy_bw:>8.1f}%" if copy_bw else f"{'-':>9}"))
        rows.append(dict(kind="move", batch=p["batch"], seq=p["seq"], variant=f"k={p['k']}", ours_s=move,
                         ours_gbps=bw, copy_gbps=copy_bw))

    results_dir.mkdir(parents=True, exist_ok=True)
    (results_dir / f"{stamp}-gpu.txt").write_text("\n".join(lines) + "\n")
    with open(results_dir / f"{stamp}-gpu.csv", "w", newline="") as fh:
        keys = sorted({k for r in rows for k in r})
        w = csv.DictWriter(fh, fieldnames=keys)
        w.writeheader()
        w.writerows(rows)
    return lines


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--tests", action="store_true")
    p.add_argument("--sanitize", action="store_true")
    p.add_argument("--bench", action="store_true")
    p.add_argument("--results", default=str(HERE / "results"))
    a = p.parse_args()
    everything = not (a.tests or a.sanitize or a.bench)
    meta = json.loads((HERE / "bench.json").read_text())
    stamp = datetime.date.today().isoformat()
    gpu = gpu_name()
    print(f"mod-mlir GPU bundle on {gpu}, {stamp}")
    failed = False
    report = []
    for title, enabled, fn in (("execution tests vs the numpy reference", a.tests, tests),
                               ("compute-sanitizer", a.sanitize, sanitize)):
        if not (enabled or everything):
            continue
        print(f"\n== {title} ==")
        for name, ok, msg in fn(meta):
            line = f"{'PASS' if ok else 'FAIL'}  {name}: {msg}"
            print(line, flush=True)
            report.append(line)
            failed |= not ok and "skipped" not in msg
    if report:
        Path(a.results).mkdir(parents=True, exist_ok=True)
        (Path(a.results) / f"{stamp}-gpu-tests.txt").write_text(f"{gpu}, {stamp}\n" + "\n".join(report) + "\n")
    if (a.bench or everything) and meta["programs"]:
        bench(meta, Path(a.results), stamp, gpu)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
