"""The strongest peers of the CPU benchmark, on the benchmark's layer.

All from PyPI, pinned (scripts/install-hf-venv.sh, scripts/install-bench-peers.sh):
  eager    PyTorch 2.9.1 eager, attention with F.scaled_dot_product_attention
           (is_causal=True), as users write it; MoD layer the usual way
           (router, topk, sort, gather, block, scatter_add)
  compile  torch.compile (inductor, default mode) of the same functions,
           under torch.no_grad() with inductor's freezing
  iree     IREE 3.13 llvm-cpu, --iree-llvmcpu-target-cpu=host, data tiling and
           micro-kernels (--iree-opt-data-tiling
           --iree-llvmcpu-enable-ukernels=all), the same layer exported from
           torch with iree-turbine (router written (x @ w[:, None]).squeeze(-1):
           turbine's import rejects a 3-D x 1-D matmul); local-task driver
           with the benchmark's thread count
  sgemm    torch.mm (PyTorch's CPU BLAS) on the layer's GEMM shapes
  iree_sgemm  IREE's linalg.matmul with the flags above (data tiling and
           micro-kernels, best of IREE_CPUS) on the same shapes, operands
           already on IREE's device
Each returns median seconds (after warm-up) or None with a reason printed
when a peer is unavailable. Compile times are excluded everywhere.
"""

from __future__ import annotations

import statistics
import sys
import time

from mod_mlir.reference import capacity_k


def _median(fn, warmup: int, repeats: int) -> float:
    for _ in range(warmup):
        fn()
    ts = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        ts.append(time.perf_counter() - t0)
    return statistics.median(ts)


def make_layer(dim, heads, ffn, capacity=None, seed=0, sdpa=True):
    """The benchmark's GPT layer (pre-LN, causal MHA, GELU-tanh MLP; the one
    mod_mlir.gpt builds) as a torch.nn.Module in eval mode, dense or routed
    at `capacity` (torch is imported only when a peer runs)."""
    import torch
    import torch.nn.functional as F

    class _Layer(torch.nn.Module):
        def __init__(self):
            super().__init__()
            g = torch.Generator().manual_seed(seed)
            self.d, self.h, self.cap = dim, heads, capacity
            for name, shape in [("wq", (dim, dim)), ("wk", (dim, dim)), ("wv", (dim, dim)),
                                ("wo", (dim, dim)), ("w1", (dim, ffn)), ("w2", (ffn, dim))]:
                self.register_buffer(name, torch.randn(shape, generator=g) * 0.05)
            self.register_buffer("router", torch.randn(dim, generator=g) * 0.05)
            self.ln1 = torch.nn.LayerNorm(dim)
            self.ln2 = torch.nn.LayerNorm(dim)

        def block(self, x):
            b, n, d, h = x.shape[0], x.shape[1], self.d, self.h
            y = self.ln1(x)

            def heads(t):
                return t.view(b, n, h, d // h).transpose(1, 2)

            q, k, v = heads(y @ self.wq), heads(y @ self.wk), heads(y @ self.wv)
            if sdpa:
                a = F.scaled_dot_product_attention(q, k, v, is_causal=True)
            else:  # the same, spelled out (what IREE's import compiles best)
                sc = q @ k.transpose(-1, -2) / (d // h) ** 0.5
                causal = torch.ones(n, n, dtype=torch.bool, device=x.device).triu(1)
                a = torch.softmax(sc.masked_fill(causal, float("-inf")), dim=-1) @ v
            attn = a.transpose(1, 2).reshape(b, n, d) @ self.wo
            x1 = x + attn
            return attn + F.gelu(self.ln2(x1) @ self.w1, approximate="tanh") @ self.w2

        def forward(self, x):
            if self.cap is None:
                return x + self.block(x)
            k = capacity_k(self.cap, x.shape[1])
            r = (x @ self.router[:, None]).squeeze(-1)
            vals, idx = torch.topk(r, k, dim=1)  # (IREE rejects sorted=False)
            idx, order = torch.sort(idx, dim=1)
            vals = torch.gather(vals, 1, order)
            gi = idx.unsqueeze(-1).expand(-1, -1, self.d)
            xs = torch.gather(x, 1, gi)
            return torch.scatter_add(x, 1, gi, self.block(xs) * vals.unsqueeze(-1))

    return _Layer().eval()


def torch_version() -> str:
    import torch
    return torch.__version__


def eager(cfg, capacity, threads, warmup, repeats):
    import torch
    torch.set_num_threads(threads)
    layer = make_layer(cfg.dim, cfg.heads, cfg.ffn, capacity)
    x = torch.randn(cfg.batch, cfg.seq, cfg.dim, generator=torch.Generator().manual_seed(1))
    with torch.no_grad():
        return _median(lambda: layer(x), warmup, repeats)


def compiled(cfg, capacity, threads, warmup, repeats):
    import torch
    import torch._inductor.config as inductor_config
    torch.set_num_threads(threads)
    inductor_config.freezing = True
    torch._dynamo.reset()
    layer = make_layer(cfg.dim, cfg.heads, cfg.ffn, capacity)
    x = torch.randn(cfg.batch, cfg.seq, cfg.dim, generator=torch.Generator().manual_seed(1))
    try:
        with torch.no_grad():
            fn = torch.compile(layer)
            fn(x)  # compile outside the timing
            return _median(lambda: fn(x), warmup, repeats)
    except Exception as e:  # noqa: BLE001 - a peer that fails is reported, not fatal
        print(f"  [torch.compile failed: {type(e).__name__}: {str(e)[:200]}]", file=sys.stderr)
        return None


IREE_FLAGS = ["--iree-hal-target-device=local", "--iree-hal-local-target-device-backends=llvm-cpu",
              "--iree-opt-data-tiling", "--iree-llvmcpu-enable-ukernels=all"]
# `host` is what users pass; in this VM IREE's host detection gives slower
# code than naming the core (znver4 measured ~1.3x faster), so the best of
# these is IREE's time.
IREE_CPUS = ("host", "znver5", "znver4")


def iree(cfg, capacity, threads, warmup, repeats):
    """Best of IREE_CPUS x {SDPA, attention spelled out} (IREE compiles the
    spelled-out form ~2.5x faster); returns (seconds, 'cpu/form') or None."""
    best = None
    for cpu in IREE_CPUS:
        for sdpa in (True, False):
            t = _iree_one(cfg, capacity, threads, warmup, repeats, cpu, sdpa)
            if t is not None and (best is None or t < best[0]):
                best = (t, f"{cpu}/{'sdpa' if sdpa else 'softmax'}")
    return best


def _iree_one(cfg, capacity, threads, warmup, repeats, cpu, sdpa):
    try:
        import iree.compiler as ireec
        import iree.runtime as ireert
        import iree.turbine.aot as aot
        import torch
    except ImportError as e:
        print(f"  [IREE not installed ({e}): bash scripts/install-bench-peers.sh]", file=sys.stderr)
        return None
    layer = make_layer(cfg.dim, cfg.heads, cfg.ffn, capacity, sdpa=sdpa)
    x = torch.randn(cfg.batch, cfg.seq, cfg.dim, generator=torch.Generator().manual_seed(1))
    try:
        exported = aot.export(layer, x)
        vmfb = ireec.compile_str(str(exported.mlir_module),
                                 extra_args=IREE_FLAGS + [f"--iree-llvmcpu-target-cpu={cpu}"])
        ireert.flags.parse_flags(f"--task_topology_max_group_count={threads}")
        config = ireert.Config("local-task")
        ctx = ireert.SystemContext(config=config)
        ctx.add_vm_module(ireert.VmModule.copy_buffer(ctx.instance, vmfb))
        fn = ctx.modules.module["main"]
        xin = x.numpy()
        out = fn(xin).to_host()
        with torch.no_grad():
            ref = layer(x).numpy()
        err = float(abs(out - ref).max())
        if not err < 1e-2 * float(abs(ref).max()):
            print(f"  [IREE result differs from torch by {err:.3g}: not timed]", file=sys.stderr)
            return None
        return _median(lambda: fn(xin).to_host(), warmup, repeats)
    except Exception as e:  # noqa: BLE001
        msg = str(e).split("error:")[1] if "error:" in str(e) else str(e)
        print(f"  [IREE {cpu} failed: {type(e).__name__}: {msg[:200].strip()}]", file=sys.stderr)
        return None


def sgemm(m, k, n, threads, warmup, repeats):
    import torch
    torch.set_num_threads(threads)
    g = torch.Generator().manual_seed(0)
    a, b = torch.randn(m, k, generator=g), torch.randn(k, n, generator=g)
    return _median(lambda: a @ b, warmup, repeats)


def iree_sgemm(m, k, n, threads, warmup, repeats):
    """(seconds, cpu) of IREE's fastest linalg.matmul m x k x n over
    IREE_CPUS (operands on the device, result mapped to the host), or None."""
    try:
        import numpy as np
        import iree.compiler as ireec
        import iree.runtime as ireert
    except ImportError as e:
        print(f"  [IREE not installed ({e}): bash scripts/install-bench-peers.sh]", file=sys.stderr)
        return None
    a_t, b_t, c_t = f"tensor<{m}x{k}xf32>", f"tensor<{k}x{n}xf32>", f"tensor<{m}x{n}xf32>"
    src = (f"func.func @mm(%a: {a_t}, %b: {b_t}) -> {c_t} {{\n"
           f"  %zero = arith.constant 0.0 : f32\n"
           f"  %e = tensor.empty() : {c_t}\n"
           f"  %c = linalg.fill ins(%zero : f32) outs(%e : {c_t}) -> {c_t}\n"
           f"  %r = linalg.matmul ins(%a, %b : {a_t}, {b_t}) outs(%c : {c_t}) -> {c_t}\n"
           f"  return %r : {c_t}\n}}\n")
    rng = np.random.default_rng(0)
    a = rng.standard_normal((m, k)).astype(np.float32)
    b = rng.standard_normal((k, n)).astype(np.float32)
    ref = a @ b
    best = None
    for cpu in IREE_CPUS:
        try:
            vmfb = ireec.compile_str(src, extra_args=IREE_FLAGS + [f"--iree-llvmcpu-target-cpu={cpu}"])
            ireert.flags.parse_flags(f"--task_topology_max_group_count={threads}")
            config = ireert.Config("local-task")
            ctx = ireert.SystemContext(config=config)
            ctx.add_vm_module(ireert.VmModule.copy_buffer(ctx.instance, vmfb))
            fn = ctx.modules.module["mm"]
            ad, bd = ireert.asdevicearray(config.device, a), ireert.asdevicearray(config.device, b)
            err = float(abs(fn(ad, bd).to_host() - ref).max())
            if not err < 1e-4 * float(abs(ref).max()):
                print(f"  [IREE sgemm {cpu} differs from numpy by {err:.3g}: not timed]", file=sys.stderr)
                continue
            t = _median(lambda: fn(ad, bd).to_host(), warmup, repeats)
        except Exception as e:  # noqa: BLE001
            print(f"  [IREE sgemm {cpu} failed: {type(e).__name__}: {str(e)[:200]}]", file=sys.stderr)
            continue
        if best is None or t < best[0]:
            best = (t, cpu)
    return best


_FMA_PEAK = None


def fma_limit_gflops(threads: int) -> tuple[float, str]:
    """The f32 FMA limit of `threads` cores: one core's peak measured by
    bench/fma_peak.c (16 independent 512-bit FMA chains; clang -O2
    -march=native), times `threads`. Falls back to the nominal clock x 64
    FLOP/cycle (AVX-512, two FMA pipes) if it cannot be built."""
    global _FMA_PEAK
    if _FMA_PEAK is None:
        import os
        import subprocess
        from pathlib import Path
        root = Path(__file__).resolve().parents[1]
        exe = Path(os.environ.get("BUILD_DIR", root / "build")) / "bench" / "fma_peak"
        try:
            exe.parent.mkdir(parents=True, exist_ok=True)
            subprocess.run(["clang", "-O2", "-march=native", str(root / "bench" / "fma_peak.c"), "-o", str(exe)],
                           check=True, capture_output=True)
            # Best of three runs (each the best of five): a busy neighbour on
            # a shared host only ever lowers the figure.
            out = max((subprocess.run([str(exe)], check=True, capture_output=True, text=True).stdout.split()
                       for _ in range(3)), key=lambda o: float(o[0]))
            _FMA_PEAK = (float(out[0]), f"measured {float(out[0]):.0f} GFLOP/s per core by bench/fma_peak.c, "
                                        f"{out[1]}-lane FMAs")
        except (OSError, subprocess.CalledProcessError, IndexError, ValueError):
            mhz = 0.0
            for line in open("/proc/cpuinfo"):
                if line.startswith("cpu MHz"):
                    mhz = float(line.split(":")[1])
                    break
            per_cycle = 64 if " avx512f" in open("/proc/cpuinfo").read() else 32
            _FMA_PEAK = (mhz / 1e3 * per_cycle, f"nominal {mhz / 1e3:.2f} GHz x {per_cycle} FLOP/cycle per core")
    return threads * _FMA_PEAK[0], f"{threads} x {_FMA_PEAK[1]}"
