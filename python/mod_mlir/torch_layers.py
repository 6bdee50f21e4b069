"""PyTorch versions of the benchmark's transformer layer, dense and routed the
usual way (torch.topk / gather / block / scatter_add), on any device.

Used as the peer in the CPU benchmark (bench/bench.py) and the GPU bundle's
benchmark (bench/gpu/run_bundle.py). The layer is the one python/mod_mlir/gpt.py
builds: pre-LN, causal multi-head attention, GELU (tanh) MLP; the routed
layer follows docs/Semantics.md section 1 (top-k ties aside: torch.topk does
not promise the lower position on ties).
"""

from __future__ import annotations

import statistics
import time
from typing import Callable

from .reference import capacity_k


class TorchLayer:
    """One GPT layer with random weights (scale 0.05) on `device`."""

    def __init__(self, dim: int, heads: int, ffn: int, device: str = "cpu", seed: int = 0):
        import torch

        self.torch = torch
        self.d, self.h, self.f = dim, heads, ffn
        g = torch.Generator().manual_seed(seed)
        shapes = [("wq", (dim, dim)), ("wk", (dim, dim)), ("wv", (dim, dim)), ("wo", (dim, dim)),
                  ("w1", (dim, ffn)), ("w2", (ffn, dim))]
        self.w = {n: (torch.randn(s, generator=g) * 0.05).to(device) for n, s in shapes}
        self.ln1 = torch.nn.LayerNorm(dim).to(device)
        self.ln2 = torch.nn.LayerNorm(dim).to(device)
        self.router = (torch.randn(dim, generator=g) * 0.05).to(device)
        self.device = device

    def block(self, x):
        """The layer's update f(x) for x: [B, n, D] (no outer residual)."""
        torch, w, d, h = self.torch, self.w, self.d, self.h
        b, n = x.shape[0], x.shape[1]
        y = self.ln1(x)
        q, k, v = y @ w["wq"], y @ w["wk"], y @ w["wv"]

        def heads(t):
            return t.view(b, n, h, d // h).transpose(1, 2)

        sc = heads(q) @ heads(k).transpose(-1, -2) / (d // h) ** 0.5
        causal = torch.ones(n, n, dtype=torch.bool, device=x.device).triu(1)
        sc = sc.masked_fill(causal, float("-inf"))
        a = torch.softmax(sc, dim=-1) @ heads(v)
        attn = a.transpose(1, 2).reshape(b, n, d) @ w["wo"]
        x1 = x + attn
        return attn + torch.nn.functional.gelu(self.ln2(x1) @ w["w1"], approximate="tanh") @ w["w2"]

    def dense(self, x):
        return x + self.block(x)

    def routed(self, x, capacity: float):
        """MoD layer: router logits, top-k (positions sorted), gather, block,
        scatter-add weighted by the raw router logit."""
        torch = self.torch
        k = capacity_k(capacity, x.shape[1])
        r = x @ self.router
        vals, idx = torch.topk(r, k, dim=1, sorted=False)
        idx, order = torch.sort(idx, dim=1)
        vals = torch.gather(vals, 1, order)
        gi = idx.unsqueeze(-1).expand(-1, -1, self.d)
        xs = torch.gather(x, 1, gi)
        return torch.scatter_add(x, 1, gi, self.block(xs) * vals.unsqueeze(-1))


def median_seconds(fn: Callable[[], object], warmup: int, repeats: int, device: str = "cpu") -> float:
    """Median wall time of fn() (synchronising the GPU around each call)."""
    import torch

    sync = torch.cuda.synchronize if device.startswith("cuda") else (lambda: None)
    with torch.no_grad():
        for _ in range(warmup):
            fn()
        sync()
        times = []
        for _ in range(repeats):
            t0 = time.perf_counter()
            fn()
            sync()
            times.append(time.perf_counter() - t0)
    return statistics.median(times)
