"""A GPT-style decoder (pre-LN) as importer-style linalg IR, plus its numpy reference.

`build_model_ir(cfg, weights)` writes the dense model the way torch-mlir's
linalg-on-tensors output looks: layer norms and elementwise ops as
`linalg.generic`, projections as collapse_shape + linalg.matmul +
expand_shape, heads split with expand_shape + linalg.transpose +
collapse_shape, QK^T and PV as linalg.batch_matmul, softmax as
max/sub-exp/sum/div generics, the causal mask computed (`linalg.index` +
`arith.cmpi`) or as a constant [S, S] tensor, optional rotary embeddings with
constant cos/sin tables [S, dh].

`forward(cfg, weights, x, routing)` is the independent numpy reference: dense
layers compute x + f(x); routed layers go through `reference.routed_block`
with the layer's update f(xs, pos) evaluated on the selected tokens at their
original positions.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Optional

import numpy as np

from . import reference as ref
from .irgen import Emitter, affine, dense, ttype


@dataclass
class GPTConfig:
    layers: int = 4
    dim: int = 32
    heads: int = 4
    ffn: int = 64
    seq: int = 16
    batch: int = 2
    vocab: int = 48
    activation: str = "gelu"  # gelu (tanh approximation) | silu
    mask: str = "iota"  # iota (computed) | constant ([S, S] tensor)
    rotary: bool = False
    parallel: bool = False  # GPT-J/NeoX-style x + attn(ln1(x)) + mlp(ln2(x))
    eps: float = 1e-5

    @property
    def head_dim(self) -> int:
        return self.dim // self.heads


def init_weights(cfg: GPTConfig, seed: int = 0) -> dict[str, np.ndarray]:
    """Random float32 weights (and rotary tables) for `cfg`."""
    rng = np.random.default_rng(seed)
    d, f, dh = cfg.dim, cfg.ffn, cfg.head_dim

    def mat(rows, cols):
        return (rng.standard_normal((rows, cols)) / math.sqrt(rows)).astype(np.float32)

    def vec(n, scale=0.1, base=0.0):
        return (base + scale * rng.standard_normal(n)).astype(np.float32)

    w: dict[str, np.ndarray] = {}
    for l in range(cfg.layers):
        w[f"l{l}.ln1_g"], w[f"l{l}.ln1_b"] = vec(d, base=1.0), vec(d)
        for n in ("wq", "wk", "wv", "wo"):
            w[f"l{l}.{n}"] = mat(d, d)
        w[f"l{l}.bq"] = vec(d)
        w[f"l{l}.ln2_g"], w[f"l{l}.ln2_b"] = vec(d, base=1.0), vec(d)
        w[f"l{l}.w1"], w[f"l{l}.b1"] = mat(d, f), vec(f)
        w[f"l{l}.w2"] = mat(f, d)
        w[f"router{l}"] = (rng.standard_normal(d) / math.sqrt(d)).astype(np.float32)
    w["lnf_g"], w["lnf_b"] = vec(d, base=1.0), vec(d)
    w["head"] = mat(d, cfg.vocab)
    # Rotary: rotate-half with tables over positions.
    inv = 1.0 / (10000 ** (np.arange(0, dh, 2) / dh))
    ang = np.arange(cfg.seq)[:, None] * inv[None, :]
    w["cos"] = np.concatenate([np.cos(ang), np.cos(ang)], axis=1).astype(np.float32)
    w["sin"] = np.concatenate([np.sin(ang), np.sin(ang)], axis=1).astype(np.float32)
    rot = np.zeros((dh, dh), dtype=np.float32)  # q @ rot == rotate_half(q)
    half = dh // 2
    for i in range(half):
        rot[i + half, i] = -1.0
        rot[i, i + half] = 1.0
    w["rot"] = rot
    return w


# -----------------------------------------------------------------------------
# numpy reference
# -----------------------------------------------------------------------------
def _ln(x, g, b, eps):
    mu = x.mean(-1, keepdims=True)
    var = ((x - mu) ** 2).mean(-1, keepdims=True)
    return (x - mu) / np.sqrt(var + eps) * g + b


def _act(x, kind):
    if kind == "gelu":
        return 0.5 * x * (1 + np.tanh(0.7978845608028654 * (x + 0.044715 * x ** 3)))
    if kind == "silu":
        return x / (1 + np.exp(-x))
    raise ValueError(kind)


def layer_update(cfg: GPTConfig, w, l: int, x: np.ndarray, pos: np.ndarray) -> np.ndarray:
    """f(x, pos) of layer l without its residual: attn + mlp(x + attn)."""
    W = {k: v.astype(np.float64) for k, v in w.items()}
    b, n, d = x.shape
    h, dh = cfg.heads, cfg.head_dim
    y = _ln(x, W[f"l{l}.ln1_g"], W[f"l{l}.ln1_b"], cfg.eps)
    q = y @ W[f"l{l}.wq"] + W[f"l{l}.bq"]
    k = y @ W[f"l{l}.wk"]
    v = y @ W[f"l{l}.wv"]
    split = lambda t: t.reshape(b, n, h, dh).transpose(0, 2, 1, 3)
    q, k, v = split(q), split(k), split(v)
    if cfg.rotary:
        # Position S is causal routing's padding slot: a zero row (as mod.gather reads it).
        pad = np.zeros_like(W["cos"][:1])
        cos = np.concatenate([W["cos"], pad])[pos][:, None]  # [B, 1, n, dh]
        sin = np.concatenate([W["sin"], pad])[pos][:, None]
        q = q * cos + (q @ W["rot"]) * sin
        k = k * cos + (k @ W["rot"]) * sin
    s = q @ np.swapaxes(k, -1, -2) / math.sqrt(dh)
    causal = pos[:, None, :, None] >= pos[:, None, None, :]
    s = np.where(causal, s, -np.inf)
    s = s - s.max(-1, keepdims=True)
    p = np.exp(s)
    p = p / p.sum(-1, keepdims=True)
    o = (p @ v).transpose(0, 2, 1, 3).reshape(b, n, d)
    attn = o @ W[f"l{l}.wo"]
    x1 = x if cfg.parallel else x + attn
    m = _act(_ln(x1, W[f"l{l}.ln2_g"], W[f"l{l}.ln2_b"], cfg.eps) @ W[f"l{l}.w1"] + W[f"l{l}.b1"],
             cfg.activation) @ W[f"l{l}.w2"]
    return attn + m


def forward(cfg: GPTConfig, w, x: np.ndarray, routing: Optional[dict] = None,
            collect_logits: Optional[list] = None, threshold: Optional[float] = None) -> np.ndarray:
    """Logits of the model; `routing` maps layer -> (capacity, gate); with
    `threshold` the routed layers route causally (docs/Semantics.md section 2,
    at most ceil(capacity*S) tokens per row)."""
    routing = routing or {}
    x = x.astype(np.float64)
    b, s, _ = x.shape
    iota = np.tile(np.arange(s), (b, 1))
    for l in range(cfg.layers):
        if l in routing:
            cap, gate = routing[l]
            router = w[f"router{l}"].astype(np.float64)
            if collect_logits is not None:
                collect_logits.append((ref.router(x, router), ref.capacity_k(cap, s)))
            x = ref.routed_block(x, router, lambda xs, pos, l=l: layer_update(cfg, w, l, xs, pos), cap, gate,
                                 threshold=threshold)
        else:
            x = x + layer_update(cfg, w, l, x, iota)
    W = {k: v.astype(np.float64) for k, v in w.items()}
    return _ln(x, W["lnf_g"], W["lnf_b"], cfg.eps) @ W["head"]


def routed_layers(cfg: GPTConfig, every: int = 2, offset: int = 1, layers=None) -> list[int]:
    """The layers mod-route-dense selects with these options."""
    if layers:
        return [l for l in layers if l < cfg.layers]
    return [l for l in range(cfg.layers) if l >= offset and (l - offset) % every == 0]


# -----------------------------------------------------------------------------
# importer-style IR
# -----------------------------------------------------------------------------
P3 = ["parallel"] * 3
ID3 = affine("d0, d1, d2", "d0, d1, d2")
BS3 = affine("d0, d1, d2", "d0, d1")


class _ModelEmitter(Emitter):
    def __init__(self, cfg: GPTConfig, w, weights_as_args: bool = False):
        super().__init__("  ")
        self.cfg, self.w, self.c = cfg, w, {}
        self.weights_as_args = weights_as_args
        self.weight_args: list[tuple[str, tuple]] = []  # (SSA name, shape)

    def weight(self, name):
        if name not in self.c:
            if self.weights_as_args:
                arg = "%w_" + name.replace(".", "_")
                self.weight_args.append((arg, self.w[name].shape))
                self.c[name] = arg
            else:
                self.c[name] = self.const(self.w[name])
        return self.c[name]

    def layernorm(self, x, g, b):
        c = self.cfg
        return super().layernorm(x, [c.batch, c.seq, c.dim], g, b, c.eps)

    def linear(self, x, din, dout, wname, bias=None):
        B, S = self.cfg.batch, self.cfg.seq
        flat = self.collapse_shape(x, [[0, 1], [2]], [B, S, din], [B * S, din], "flat")
        mm = self.matmul(flat, wname, B * S, din, dout)
        out = self.expand_shape(mm, [[0, 1], [2]], [B * S, dout], [B, S, dout], "proj")
        if bias is None:
            return out
        return self.add_bias(out, [B, S, dout], bias)

    def heads(self, t):
        """[B, S, D] -> [B*H, S, dh]"""
        c = self.cfg
        B, S, H, dh = c.batch, c.seq, c.heads, c.head_dim
        e = self.expand_shape(t, [[0], [1], [2, 3]], [B, S, c.dim], [B, S, H, dh], "split")
        tr = self.transpose(e, [B, S, H, dh], [0, 2, 1, 3], "tr")
        return self.collapse_shape(tr, [[0, 1], [2], [3]], [B, H, S, dh], [B * H, S, dh], "bh")

    def rotary(self, t):
        c = self.cfg
        BH, S, dh = c.batch * c.heads, c.seq, c.head_dim
        if "rotb" not in self.c:
            init = self.empty([BH, dh, dh])
            self.c["rotb"] = self.op(f"linalg.broadcast ins({self.weight('rot')} : {ttype([dh, dh])}) "
                                     f"outs({init} : {ttype([BH, dh, dh])}) dimensions = [0]", "rotb")
        rh = self.batch_matmul(t, self.c["rotb"], BH, S, dh, dh, "rh")
        sd = affine("d0, d1, d2", "d1, d2")
        return self.generic([t, rh, self.weight("cos"), self.weight("sin")],
                            [ttype([BH, S, dh]), ttype([BH, S, dh]), ttype([S, dh]), ttype([S, dh])],
                            [ID3, ID3, sd, sd, ID3], P3, [BH, S, dh],
                            lambda a: [f"%qc = arith.mulf {a[0]}, {a[2]} : f32", f"%qs = arith.mulf {a[1]}, {a[3]} : f32",
                                       "%r = arith.addf %qc, %qs : f32", "linalg.yield %r : f32"], hint="rope")

    def attention(self, l, h):
        c = self.cfg
        B, S, D, H, dh = c.batch, c.seq, c.dim, c.heads, c.head_dim
        BH = B * H
        q = self.heads(self.linear(h, D, D, f"l{l}.wq", f"l{l}.bq"))
        k = self.heads(self.linear(h, D, D, f"l{l}.wk"))
        v = self.heads(self.linear(h, D, D, f"l{l}.wv"))
        if c.rotary:
            q, k = self.rotary(q), self.rotary(k)
        kt = self.transpose(k, [BH, S, dh], [0, 2, 1], "kt")
        s = self.batch_matmul(q, kt, BH, S, dh, S, "qk")
        scale = self.scalar(1.0 / math.sqrt(dh))
        st = ttype([BH, S, S])
        if c.mask == "iota":
            ninf = self.scalar(-np.inf)
            masked = self.generic([s], [st], [ID3, ID3], P3, [BH, S, S],
                                  lambda a: [f"%v = arith.mulf {a[0]}, {scale} : f32", "%i = linalg.index 1 : index",
                                             "%j = linalg.index 2 : index", "%ok = arith.cmpi uge, %i, %j : index",
                                             f"%r = arith.select %ok, %v, {ninf} : f32", "linalg.yield %r : f32"],
                                  hint="masked")
        else:
            if "mask" not in self.c:
                m = np.where(np.tril(np.ones((S, S), dtype=bool)), 0.0, -np.inf).astype(np.float32)
                self.c["mask"] = self.const(m)
            masked = self.generic([s, self.c["mask"]], [st, ttype([S, S])], [ID3, affine("d0, d1, d2", "d1, d2"), ID3],
                                  P3, [BH, S, S],
                                  lambda a: [f"%v = arith.mulf {a[0]}, {scale} : f32",
                                             f"%r = arith.addf %v, {a[1]} : f32", "linalg.yield %r : f32"],
                                  hint="masked")
        rt = ttype([BH, S])
        mx = self.reduce_last(masked, [BH, S, S], -np.inf,
                              lambda a: [f"%r = arith.maximumf {a[0]}, {a[1]} : f32", "linalg.yield %r : f32"],
                              hint="max")
        ex = self.generic([masked, mx], [st, rt], [ID3, BS3, ID3], P3, [BH, S, S],
                          lambda a: [f"%d = arith.subf {a[0]}, {a[1]} : f32", "%r = math.exp %d : f32",
                                     "linalg.yield %r : f32"], hint="exp")
        sm = self.reduce_last(ex, [BH, S, S], 0.0,
                              lambda a: [f"%r = arith.addf {a[0]}, {a[1]} : f32", "linalg.yield %r : f32"], hint="den")
        p = self.generic([ex, sm], [st, rt], [ID3, BS3, ID3], P3, [BH, S, S],
                         lambda a: [f"%r = arith.divf {a[0]}, {a[1]} : f32", "linalg.yield %r : f32"], hint="probs")
        o = self.batch_matmul(p, v, BH, S, S, dh, "pv")
        e = self.expand_shape(o, [[0, 1], [2], [3]], [BH, S, dh], [B, H, S, dh], "unbh")
        tr = self.transpose(e, [B, H, S, dh], [0, 2, 1, 3], "merge")
        merged = self.collapse_shape(tr, [[0], [1], [2, 3]], [B, S, H, dh], [B, S, D], "merged")
        return self.linear(merged, D, D, f"l{l}.wo")

    def mlp(self, l, h):
        c = self.cfg
        B, S, D, F = c.batch, c.seq, c.dim, c.ffn
        up = self.linear(h, D, F, f"l{l}.w1", f"l{l}.b1")
        act = self.activation(up, [B, S, F], c.activation)
        return self.linear(act, F, D, f"l{l}.w2")

    def residual(self, x, y):
        c = self.cfg
        return self.add(x, y, [c.batch, c.seq, c.dim], hint="resid")


def build_model_ir(cfg: GPTConfig, w, router_args: bool = True, func_name: str = "model",
                   weights_as_args: bool = False, head: bool = True) -> str:
    """The dense model as a func.func: (x [B,S,D], router weights...) -> logits [B,S,V].

    With `weights_as_args`, the weights are trailing function arguments
    (`model_weight_args` lists them) instead of constants; without `head` the
    function returns the residual stream after the last layer."""
    e = _ModelEmitter(cfg, w, weights_as_args)
    x = "%x"
    for l in range(cfg.layers):
        if cfg.parallel:
            a = e.attention(l, e.layernorm(x, f"l{l}.ln1_g", f"l{l}.ln1_b"))
            m = e.mlp(l, e.layernorm(x, f"l{l}.ln2_g", f"l{l}.ln2_b"))
            x = e.residual(e.residual(x, a), m)
            continue
        x = e.residual(x, e.attention(l, e.layernorm(x, f"l{l}.ln1_g", f"l{l}.ln1_b")))
        x = e.residual(x, e.mlp(l, e.layernorm(x, f"l{l}.ln2_g", f"l{l}.ln2_b")))
    D = cfg.dim
    if head:
        h = e.layernorm(x, "lnf_g", "lnf_b")
        result, out_t = e.linear(h, cfg.dim, cfg.vocab, "head"), ttype([cfg.batch, cfg.seq, cfg.vocab])
    else:
        result, out_t = x, ttype([cfg.batch, cfg.seq, D])
    params = [f"%x: {ttype([cfg.batch, cfg.seq, D])}"]
    if router_args:
        params += [f"%router{l}: {ttype([D])} {{mod.router = {l} : i64}}" for l in range(cfg.layers)]
    params += [f"{name}: {ttype(shape)}" for name, shape in e.weight_args]
    lines = [f"func.func @{func_name}({', '.join(params)}) -> {out_t} {{"] + e.lines
    lines += [f"  return {result} : {out_t}", "}"]
    build_model_ir.last_weight_args = e.weight_args
    return "\n".join(lines)


def build_main_ir(cfg: GPTConfig, w, x: np.ndarray, func_name: str = "model") -> str:
    """A main() that calls the model on `x` with the router weights and prints the logits."""
    D = cfg.dim
    xt, out_t = ttype([cfg.batch, cfg.seq, D]), ttype([cfg.batch, cfg.seq, cfg.vocab])
    lines = ["func.func @main() {", f"  %x = arith.constant {dense(x)}"]
    args, types = ["%x"], [xt]
    for l in range(cfg.layers):
        lines.append(f"  %r{l} = arith.constant {dense(w[f'router{l}'])}")
        args.append(f"%r{l}")
        types.append(ttype([D]))
    lines += [f"  %y = call @{func_name}({', '.join(args)}) : ({', '.join(types)}) -> {out_t}",
              f"  %u = tensor.cast %y : {out_t} to tensor<*xf32>",
              "  call @printMemrefF32(%u) : (tensor<*xf32>) -> ()", "  return", "}",
              "func.func private @printMemrefF32(tensor<*xf32>)"]
    return "\n".join(lines)
