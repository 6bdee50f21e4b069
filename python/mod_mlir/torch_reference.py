"""The MoD semantics (docs/Semantics.md section 1) and the GPT-style model of
python/mod_mlir/gpt.py in PyTorch, so compiled output can be checked against
PyTorch as well as against the numpy reference (python/mod_mlir/reference.py).

- `topk` follows the compiler's rules exactly (larger first, ties to the lower
  position, NaN below every number, indices ascending), unlike `torch.topk`.
- `GPT` is a `torch.nn.Module` holding the weights of `gpt.init_weights`;
  `GPT(cfg, w, routing={1: (0.25, "raw")})` routes layer 1 like
  `mod-route-dense` does. Computation in float64 by default (as the numpy
  reference), so differences to the compiled float32 model are the
  compiler's.
"""

from __future__ import annotations

import math
from typing import Callable, Optional

import numpy as np

from .gpt import GPTConfig
from .reference import capacity_k

try:
    import torch
except ImportError as e:  # pragma: no cover - exercised where torch is absent
    raise ImportError("mod_mlir.torch_reference needs PyTorch (pip install torch, or Debian's "
                      "python3-torch)") from e


def topk(scores: "torch.Tensor", k: int) -> tuple["torch.Tensor", "torch.Tensor"]:
    """(values, indices) of the k largest along the last axis, docs/Semantics.md
    ties and NaN rules, indices ascending by position."""
    n = scores.shape[-1]
    if not 1 <= k <= n:
        raise ValueError(f"k must be in [1, {n}], got {k}")
    nan = torch.isnan(scores)
    key = torch.where(nan, torch.full_like(scores, -math.inf), scores)
    # Stable sorts: by value descending (equal values keep position order),
    # then NaNs after everything else.
    order = torch.sort(-key, dim=-1, stable=True).indices
    order = torch.gather(order, -1, torch.sort(torch.gather(nan, -1, order).to(torch.int8), dim=-1,
                                               stable=True).indices)
    idx = torch.sort(order[..., :k], dim=-1).values
    return torch.gather(scores, -1, idx), idx


def routed_block(x: "torch.Tensor", w: "torch.Tensor", f: Callable, capacity: float, gate: str = "raw",
                 bias: Optional[float] = None) -> "torch.Tensor":
    """y = x; y[b, I[b, j]] += g(r[b, I[b, j]]) * f(x[b, I], I)[b, j] (one routed block)."""
    k = capacity_k(capacity, x.shape[1])
    r = x @ w + (bias if bias is not None else 0.0)
    vals, idx = topk(r, k)
    gi = idx.unsqueeze(-1).expand(-1, -1, x.shape[-1])
    xs = torch.gather(x, 1, gi)
    upd = f(xs, idx)
    if gate == "raw":
        upd = upd * vals.unsqueeze(-1)
    elif gate == "sigmoid":
        upd = upd * torch.sigmoid(vals).unsqueeze(-1)
    elif gate != "none":
        raise ValueError(f"unknown gate {gate!r} (raw, sigmoid, none)")
    return torch.scatter_add(x, 1, gi, upd)


class GPT(torch.nn.Module):
    """The GPT-style model of gpt.py as a torch.nn.Module: pre-LN layers,
    causal attention (optionally rotary), GELU/SiLU MLP, final LN + head.
    `routing` maps layer -> (capacity, gate): those layers are MoD layers."""

    def __init__(self, cfg: GPTConfig, weights: dict[str, np.ndarray], routing: Optional[dict] = None,
                 dtype: "torch.dtype" = torch.float64):
        super().__init__()
        self.cfg = cfg
        self.routing = dict(routing or {})
        self.w = torch.nn.ParameterDict({k.replace(".", "_"): torch.nn.Parameter(
            torch.tensor(np.asarray(v), dtype=dtype), requires_grad=False) for k, v in weights.items()})

    def W(self, name: str) -> "torch.Tensor":
        return self.w[name.replace(".", "_")]

    def _ln(self, x, g, b):
        mu = x.mean(-1, keepdim=True)
        var = ((x - mu) ** 2).mean(-1, keepdim=True)
        return (x - mu) / torch.sqrt(var + self.cfg.eps) * self.W(g) + self.W(b)

    def _act(self, x):
        if self.cfg.activation == "gelu":
            return 0.5 * x * (1 + torch.tanh(0.7978845608028654 * (x + 0.044715 * x ** 3)))
        return x / (1 + torch.exp(-x))

    def attention(self, l: int, x: "torch.Tensor", pos: "torch.Tensor") -> "torch.Tensor":
        """The attention sub-block of layer l (pre-LN, causal by position)."""
        cfg = self.cfg
        b, n, d = x.shape
        h, dh = cfg.heads, cfg.head_dim
        y = self._ln(x, f"l{l}.ln1_g", f"l{l}.ln1_b")
        q = y @ self.W(f"l{l}.wq") + self.W(f"l{l}.bq")
        k = y @ self.W(f"l{l}.wk")
        v = y @ self.W(f"l{l}.wv")

        def split(t):
            return t.reshape(b, n, h, dh).transpose(1, 2)

        q, k, v = split(q), split(k), split(v)
        if cfg.rotary:
            cos, sin = self.W("cos")[pos][:, None], self.W("sin")[pos][:, None]
            q = q * cos + (q @ self.W("rot")) * sin
            k = k * cos + (k @ self.W("rot")) * sin
        s = q @ k.transpose(-1, -2) / math.sqrt(dh)
        causal = pos[:, None, :, None] >= pos[:, None, None, :]
        s = torch.where(causal, s, torch.full_like(s, -math.inf))
        p = torch.softmax(s, dim=-1)
        o = (p @ v).transpose(1, 2).reshape(b, n, d)
        return o @ self.W(f"l{l}.wo")

    def mlp(self, l: int, x: "torch.Tensor") -> "torch.Tensor":
        """The MLP sub-block of layer l (pre-LN)."""
        y = self._ln(x, f"l{l}.ln2_g", f"l{l}.ln2_b")
        return self._act(y @ self.W(f"l{l}.w1") + self.W(f"l{l}.b1")) @ self.W(f"l{l}.w2")

    def layer_update(self, l: int, x: "torch.Tensor", pos: "torch.Tensor") -> "torch.Tensor":
        """f(x, pos) of layer l, without its residual: attn + mlp(x + attn)
        (GPT-J/NeoX parallel form: attn + mlp(x))."""
        attn = self.attention(l, x, pos)
        return attn + self.mlp(l, x if self.cfg.parallel else x + attn)

    def forward(self, x: "torch.Tensor", routers: Optional[dict] = None) -> "torch.Tensor":
        """Logits [B, S, V]; `routers` overrides the router weights (layer -> [D])."""
        b, s, _ = x.shape
        x = x.to(self.W("head").dtype)
        pos = torch.arange(s).expand(b, s)
        for l in range(self.cfg.layers):
            if l in self.routing:
                cap, gate = self.routing[l]
                w = routers[l] if routers and l in routers else self.W(f"router{l}")
                x = routed_block(x, w.to(x.dtype), lambda xs, p, l=l: self.layer_update(l, xs, p), cap, gate)
            elif self.cfg.parallel:
                x = x + self.attention(l, x, pos) + self.mlp(l, x)
            else:  # the usual residual stream: x += attn(x); x += mlp(x)
                x = x + self.attention(l, x, pos)
                x = x + self.mlp(l, x)
        return self._ln(x, "lnf_g", "lnf_b") @ self.W("head")
