"""Autoregressive decoding with causally routed MoD layers and KV caches
(docs/Semantics.md section 2): one step over a batch of B sequences, one new
token each.

Every layer l keeps a cache: keys and values `[B, T_l, D]`, the original
position of every entry `[B, T_l]` and the number of entries per sequence
`len_l [B]` (entries are appended in position order, so "entry j < len" is
the causal mask). Rotary embeddings rotate q and k at the token's position. Dense layers append every token
(T_l = T, the number of steps). A routed layer decides per token with
`mod.causal_select` over the batch (logit > threshold, at most one token per
sequence and step); only the routed tokens run the layer (the generated
code loops over the `count` routed rows, not over B), append their key and
value to that layer's cache of their own sequence and attend to that
sequence's entries of that layer only. A routed layer's cache holds
`T_routed <= T` entries; when a sequence's cache is full its tokens are no
longer routed there (the documented cap rule for decoding).

- `decode_reference`: numpy, step by step, explicit caches.
- `build_decode_ir`: `func.func @decode_step(%x [B,D], %pos [B] i64, weights...,
  caches...) -> (logits [B,V], caches...)` in linalg + mod, for
  `compiler.JIT` (mod-cpu-pipeline).
- `DecodeSession`: compiles it once and steps it from Python.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Optional

import numpy as np

from . import gpt
from . import reference as ref
from .irgen import Emitter, affine
from .irgen import ttype as _t

WEIGHTS = ("ln1_g", "ln1_b", "wq", "bq", "wk", "wv", "wo", "ln2_g", "ln2_b", "w1", "b1", "w2")


# -----------------------------------------------------------------------------
# numpy reference
# -----------------------------------------------------------------------------
@dataclass
class Caches:
    k: list  # per layer [B, T_l, D]
    v: list
    p: list  # per layer [B, T_l] int64: original position of each entry
    n: list  # per layer [B] int64 entries


def new_caches(cfg: gpt.GPTConfig, steps: int, routed: dict, routed_capacity: Optional[int] = None) -> Caches:
    cap = [routed_capacity if (l in routed and routed_capacity) else steps for l in range(cfg.layers)]
    return Caches([np.zeros((cfg.batch, c, cfg.dim), np.float32) for c in cap],
                  [np.zeros((cfg.batch, c, cfg.dim), np.float32) for c in cap],
                  [np.zeros((cfg.batch, c), np.int64) for c in cap],
                  [np.zeros(cfg.batch, np.int64) for _ in cap])


def _rotate(cfg, W, t, pos):
    """Rotary embedding of a [D] row at position pos (per head)."""
    h, dh = cfg.heads, cfg.head_dim
    th = t.reshape(h, dh)
    return (th * W["cos"][pos] + (th @ W["rot"]) * W["sin"][pos]).reshape(-1)


def _token_update(cfg, W, l, xb, kc, vc, n, pos):
    """Layer l on one token row xb [D] at position pos with its sequence's cache
    (first n entries valid after the append): returns (update [D], k [D], v [D])."""
    h, dh = cfg.heads, cfg.head_dim
    y = gpt._ln(xb[None], W[f"l{l}.ln1_g"], W[f"l{l}.ln1_b"], cfg.eps)[0]
    q = y @ W[f"l{l}.wq"] + W[f"l{l}.bq"]
    k = y @ W[f"l{l}.wk"]
    v = y @ W[f"l{l}.wv"]
    if cfg.rotary:
        q, k = _rotate(cfg, W, q, pos), _rotate(cfg, W, k, pos)
    keys = np.concatenate([kc[:n - 1], k[None]]).reshape(n, h, dh)
    vals = np.concatenate([vc[:n - 1], v[None]]).reshape(n, h, dh)
    s = np.einsum("hd,jhd->hj", q.reshape(h, dh), keys) / math.sqrt(dh)
    p = np.exp(s - s.max(-1, keepdims=True))
    p /= p.sum(-1, keepdims=True)
    attn = np.einsum("hj,jhd->hd", p, vals).reshape(-1) @ W[f"l{l}.wo"]
    x1 = xb if cfg.parallel else xb + attn  # parallel: GPT-J/NeoX x + attn(ln1 x) + mlp(ln2 x)
    m = gpt._act(gpt._ln(x1[None], W[f"l{l}.ln2_g"], W[f"l{l}.ln2_b"], cfg.eps)[0] @ W[f"l{l}.w1"]
                 + W[f"l{l}.b1"], cfg.activation) @ W[f"l{l}.w2"]
    return attn + m, k, v


def decode_step_reference(cfg: gpt.GPTConfig, w, x: np.ndarray, pos: np.ndarray, caches: Caches, routed: dict,
                          threshold: float = 0.0) -> np.ndarray:
    """One step: x [B, D] (the new tokens at positions pos [B]) -> logits [B, V];
    updates `caches`. `routed` maps layer -> gate."""
    W = {k: v.astype(np.float64) for k, v in w.items()}
    x = x.astype(np.float64)
    for l in range(cfg.layers):
        kc, vc, n = caches.k[l], caches.v[l], caches.n[l]
        if l in routed:
            r = x @ W[f"router{l}"]
            rows = [b for b in range(cfg.batch) if r[b] > threshold and n[b] < kc.shape[1]]
        else:
            rows = list(range(cfg.batch))
        new_x = x.copy()
        for b in rows:
            upd, k, v = _token_update(cfg, W, l, x[b], kc[b], vc[b], n[b] + 1, int(pos[b]))
            kc[b, n[b]], vc[b, n[b]] = k, v
            caches.p[l][b, n[b]] = pos[b]
            n[b] += 1
            if l in routed:
                g = ref.gate(np.array([r[b]]), routed[l])
                upd = upd * (1.0 if g is None else g[0])
            new_x[b] = x[b] + upd
        x = new_x
    return gpt._ln(x, W["lnf_g"], W["lnf_b"], cfg.eps) @ W["head"]


def decode_reference(cfg: gpt.GPTConfig, w, xs: np.ndarray, routed: dict, threshold: float = 0.0,
                     routed_capacity: Optional[int] = None) -> tuple[np.ndarray, Caches]:
    """Decodes xs [B, T, D] token by token: logits [B, T, V] and the final caches."""
    caches = new_caches(cfg, xs.shape[1], routed, routed_capacity)
    out = [decode_step_reference(cfg, w, xs[:, t], np.full(cfg.batch, t), caches, routed, threshold)
           for t in range(xs.shape[1])]
    return np.stack(out, axis=1), caches


# -----------------------------------------------------------------------------
# IR
# -----------------------------------------------------------------------------
def build_decode_ir(cfg: gpt.GPTConfig, steps: int, routed: dict, threshold: float = 0.0,
                    routed_capacity: Optional[int] = None) -> tuple[str, list[tuple[str, tuple]]]:
    """MLIR of one decode step. Returns (text, weight_args) where weight_args
    lists the weight names (in argument order after %x) and shapes."""
    if not math.isfinite(threshold):
        raise ValueError(f"build_decode_ir: threshold must be a finite number (a token is routed iff its "
                         f"router logit is greater), got {threshold}")
    if routed_capacity is not None and not 1 <= routed_capacity <= steps:
        raise ValueError(f"build_decode_ir: routed_capacity must be in [1, steps = {steps}], got {routed_capacity}")
    if any(g not in ref.GATES for g in routed.values()) or any(not 0 <= l < cfg.layers for l in routed):
        raise ValueError(f"build_decode_ir: routed must map layers in [0, {cfg.layers}) to gates {ref.GATES}, "
                         f"got {routed}")
    B, D, H, F, V = cfg.batch, cfg.dim, cfg.heads, cfg.ffn, cfg.vocab
    dh = D // H
    caps = [routed_capacity if (l in routed and routed_capacity) else steps for l in range(cfg.layers)]
    e = Emitter("  ")  # hints avoid k/v/p/n: the cache arguments are %k0, %v0, %p0, %n0, ...

    def layernorm(x, g, b, R=1):
        """x [R, D] with gains/biases [D]."""
        return e.layernorm(x, [R, D], g, b, cfg.eps)

    # ---- function signature
    params = [f"%x: {_t([B, D])}", f"%pos: {_t([B], 'i64')}"]
    weight_args: list[tuple[str, tuple]] = []

    def warg(name, shape):
        ssa = "%w_" + name.replace(".", "_")
        params.append(f"{ssa}: {_t(shape)}")
        weight_args.append((name, tuple(shape)))
        return ssa

    Wt = {}
    for l in range(cfg.layers):
        for n in WEIGHTS:
            shape = {"wq": (D, D), "wk": (D, D), "wv": (D, D), "wo": (D, D), "w1": (D, F), "w2": (F, D),
                     "b1": (F,)}.get(n, (D,))
            Wt[f"l{l}.{n}"] = warg(f"l{l}.{n}", shape)
        if l in routed:
            Wt[f"router{l}"] = warg(f"router{l}", (D,))
    Wt["lnf_g"], Wt["lnf_b"], Wt["head"] = warg("lnf_g", (D,)), warg("lnf_b", (D,)), warg("head", (D, V))
    if cfg.rotary:
        Wt["cos"], Wt["sin"] = warg("cos", (cfg.seq, dh)), warg("sin", (cfg.seq, dh))
        Wt["rot"] = warg("rot", (dh, dh))
    cache_types = []
    for l in range(cfg.layers):
        T = caps[l]
        params += [f"%k{l}: {_t([B, T, D])}", f"%v{l}: {_t([B, T, D])}", f"%p{l}: {_t([B, T], 'i64')}",
                   f"%n{l}: {_t([B], 'i64')}"]
        cache_types += [_t([B, T, D]), _t([B, T, D]), _t([B, T], "i64"), _t([B], "i64")]

    x = "%x"
    c0, c1 = e.index(0), e.index(1)
    scale = e.scalar(1.0 / math.sqrt(dh))
    ninf = e.scalar(-math.inf)
    par2 = ["parallel", "parallel"]
    new_caches = []
    for l in range(cfg.layers):
        T = caps[l]
        K, Vc, P, N = f"%k{l}", f"%v{l}", f"%p{l}", f"%n{l}"

        def rotate(t, pi):
            """Rotary embedding of t [1, D] at position pi (index), per head."""
            th = e.expand_shape(t, [[0], [1, 2]], [1, D], [1, H, dh], "th")
            th2 = e.collapse_shape(th, [[0, 1], [2]], [1, H, dh], [H, dh], "th")
            tr = e.matmul(th2, Wt["rot"], H, dh, dh)
            cr = e.op(f"tensor.extract_slice {Wt['cos']}[{pi}, 0] [1, {dh}] [1, 1] : {_t([cfg.seq, dh])} to "
                      f"{_t([dh])}", "cos")
            sr = e.op(f"tensor.extract_slice {Wt['sin']}[{pi}, 0] [1, {dh}] [1, 1] : {_t([cfg.seq, dh])} to "
                      f"{_t([dh])}", "sin")
            hd, dd = affine("h, d", "h, d"), affine("h, d", "d")
            r = e.generic([th2, tr, cr, sr], [_t([H, dh]), _t([H, dh]), _t([dh]), _t([dh])], [hd, hd, dd, dd, hd],
                          par2, [H, dh],
                          lambda a: [f"%x1 = arith.mulf {a[0]}, {a[2]} : f32", f"%x2 = arith.mulf {a[1]}, {a[3]} : f32",
                                     "%r = arith.addf %x1, %x2 : f32", "linalg.yield %r : f32"], hint="rot")
            back = e.expand_shape(r, [[0, 1], [2]], [H, dh], [1, H, dh], "rb")
            return e.collapse_shape(back, [[0], [1, 2]], [1, H, dh], [1, D], "rf")

        def token_layer(xb, K, Vc, P, N, b, l=l, T=T):
            """Emits layer l on row b; returns (update [1,D], K', V', P', N')."""
            p64 = e.op(f"tensor.extract %pos[{b}] : {_t([B], 'i64')}", "pos")
            pi = e.op(f"arith.index_cast {p64} : i64 to index", "pi")
            y = layernorm(xb, Wt[f"l{l}.ln1_g"], Wt[f"l{l}.ln1_b"])
            q = e.add_bias(e.matmul(y, Wt[f"l{l}.wq"], 1, D, D), [1, D], Wt[f"l{l}.bq"])
            k = e.matmul(y, Wt[f"l{l}.wk"], 1, D, D)
            v = e.matmul(y, Wt[f"l{l}.wv"], 1, D, D)
            if cfg.rotary:
                q, k = rotate(q, pi), rotate(k, pi)
            n64 = e.op(f"tensor.extract {N}[{b}] : {_t([B], 'i64')}", "len")
            ni = e.op(f"arith.index_cast {n64} : i64 to index", "ni")
            K2 = e.op(f"tensor.insert_slice {k} into {K}[{b}, {ni}, 0] [1, 1, {D}] [1, 1, 1] : {_t([1, D])} into "
                      f"{_t([B, T, D])}", "K")
            V2 = e.op(f"tensor.insert_slice {v} into {Vc}[{b}, {ni}, 0] [1, 1, {D}] [1, 1, 1] : {_t([1, D])} into "
                      f"{_t([B, T, D])}", "V")
            one64 = e.scalar(1, "i64")
            n1 = e.op(f"arith.addi {n64}, {one64} : i64", "len")
            N2 = e.op(f"tensor.insert {n1} into {N}[{b}] : {_t([B], 'i64')}", "N")
            P2 = e.op(f"tensor.insert {p64} into {P}[{b}, {ni}] : {_t([B, T], 'i64')}", "P")
            Kb = e.op(f"tensor.extract_slice {K2}[{b}, 0, 0] [1, {T}, {D}] [1, 1, 1] : {_t([B, T, D])} to "
                      f"{_t([T, D])}", "Kb")
            Vb = e.op(f"tensor.extract_slice {V2}[{b}, 0, 0] [1, {T}, {D}] [1, 1, 1] : {_t([B, T, D])} to "
                      f"{_t([T, D])}", "Vb")
            # heads: q [1, D] -> [H, dh]; cache rows [T, D] -> [T, H, dh]
            qh = e.expand_shape(q, [[0], [1, 2]], [1, D], [1, H, dh], "qh")
            qh2 = e.collapse_shape(qh, [[0, 1], [2]], [1, H, dh], [H, dh], "qh")
            Kh = e.expand_shape(Kb, [[0], [1, 2]], [T, D], [T, H, dh], "Kh")
            Vh = e.expand_shape(Vb, [[0], [1, 2]], [T, D], [T, H, dh], "Vh")
            # scores[h, j] over cache entries j (masked j >= n+1)
            sc = e.generic([qh2, Kh], [_t([H, dh]), _t([T, H, dh])],
                           [affine("h, j, d", "h, d"), affine("h, j, d", "j, h, d"), affine("h, j, d", "h, j")],
                           ["parallel", "parallel", "reduction"], [H, T],
                           lambda a: [f"%p = arith.mulf {a[0]}, {a[1]} : f32", f"%r = arith.addf %p, {a[2]} : f32",
                                      "linalg.yield %r : f32"], out=e.filled([H, T], 0.0), hint="sc")
            hj = affine("h, j", "h, j")
            ms = e.generic([sc], [_t([H, T])], [hj, hj], par2, [H, T],
                           lambda a: ["%j = linalg.index 1 : index", "%j64 = arith.index_cast %j : index to i64",
                                      f"%ok = arith.cmpi slt, %j64, {n1} : i64", f"%s = arith.mulf {a[0]}, {scale} : f32",
                                      f"%r = arith.select %ok, %s, {ninf} : f32", "linalg.yield %r : f32"], hint="ms")
            mx = e.reduce_last(ms, [H, T], -math.inf,
                               lambda a: [f"%r = arith.maximumf {a[0]}, {a[1]} : f32", "linalg.yield %r : f32"],
                               hint="mx")
            ex = e.generic([ms, mx], [_t([H, T]), _t([H])], [hj, affine("h, j", "h"), hj], par2, [H, T],
                           lambda a: [f"%s = arith.subf {a[0]}, {a[1]} : f32", "%r = math.exp %s : f32",
                                      "linalg.yield %r : f32"], hint="ex")
            sm = e.reduce_last(ex, [H, T], 0.0,
                               lambda a: [f"%r = arith.addf {a[0]}, {a[1]} : f32", "linalg.yield %r : f32"], hint="sm")
            o = e.generic([ex, sm, Vh], [_t([H, T]), _t([H]), _t([T, H, dh])],
                          [affine("h, d, j", "h, j"), affine("h, d, j", "h"), affine("h, d, j", "j, h, d"),
                           affine("h, d, j", "h, d")], ["parallel", "parallel", "reduction"], [H, dh],
                          lambda a: [f"%p = arith.divf {a[0]}, {a[1]} : f32", f"%m = arith.mulf %p, {a[2]} : f32",
                                     f"%r = arith.addf %m, {a[3]} : f32", "linalg.yield %r : f32"],
                          out=e.filled([H, dh], 0.0), hint="o")
            of = e.collapse_shape(o, [[0, 1]], [H, dh], [D], "of")
            orow = e.expand_shape(of, [[0, 1]], [D], [1, D], "rb")
            attn = e.matmul(orow, Wt[f"l{l}.wo"], 1, D, D)
            # Parallel residual (GPT-J/NeoX): the MLP reads the layer input.
            x1 = xb if cfg.parallel else e.add(xb, attn, [1, D])
            y2 = layernorm(x1, Wt[f"l{l}.ln2_g"], Wt[f"l{l}.ln2_b"])
            hmid = e.activation(e.add_bias(e.matmul(y2, Wt[f"l{l}.w1"], 1, D, F), [1, F], Wt[f"l{l}.b1"]), [1, F],
                                cfg.activation)
            m = e.matmul(hmid, Wt[f"l{l}.w2"], 1, F, D)
            upd = e.add(attn, m, [1, D])
            return upd, K2, V2, P2, N2

        def row_loop(lb, ub, pick_row, gate_of):
            """scf.for over [lb, ub) carrying (x, K, V, P, N); returns the new values."""
            base = e.fresh("loop")
            res = [f"{base}#{i}" for i in range(5)]
            it = e.fresh("it")
            xa, Ka, Va, Pa, Na = e.fresh("xa"), e.fresh("Ka"), e.fresh("Va"), e.fresh("Pa"), e.fresh("Na")
            carried = (f"{_t([B, D])}, {_t([B, T, D])}, {_t([B, T, D])}, {_t([B, T], 'i64')}, "
                       f"{_t([B], 'i64')}")
            e.raw(f"{base}:5 = scf.for {it} = {lb} to {ub} step {c1} "
                  f"iter_args({xa} = {x}, {Ka} = {K}, {Va} = {Vc}, {Pa} = {P}, {Na} = {N}) -> ({carried}) {{")
            b = pick_row(it)
            xb = e.op(f"tensor.extract_slice {xa}[{b}, 0] [1, {D}] [1, 1] : {_t([B, D])} to {_t([1, D])}", "xb")
            upd, K2, V2, P2, N2 = token_layer(xb, Ka, Va, Pa, Na, b)
            g = gate_of(b)
            if g is not None:
                upd = e.elementwise([upd], [1, D], lambda a: [f"%r = arith.mulf {a[0]}, {g} : f32",
                                                              "linalg.yield %r : f32"], hint="gated")
            xn = e.add(xb, upd, [1, D])
            x2 = e.op(f"tensor.insert_slice {xn} into {xa}[{b}, 0] [1, {D}] [1, 1] : {_t([1, D])} into {_t([B, D])}",
                      "x2")
            e.raw(f"scf.yield {x2}, {K2}, {V2}, {P2}, {N2} : {carried}")
            e.raw("}")
            return res

        if l not in routed:
            res = row_loop(c0, e.index(B), lambda it: it, lambda b: None)
        else:
            # router logits [B]; a full cache blocks routing (NaN never passes)
            r = e.generic([x, Wt[f"router{l}"]], [_t([B, D]), _t([D])],
                          [affine("b, d", "b, d"), affine("b, d", "d"), affine("b, d", "b")], ["parallel", "reduction"],
                          [B], lambda a: [f"%p = arith.mulf {a[0]}, {a[1]} : f32", f"%s = arith.addf %p, {a[2]} : f32",
                                          "linalg.yield %s : f32"], out=e.filled([B], 0.0), hint="r")
            nan = e.scalar(float("nan"))
            capc = e.scalar(T, "i64")
            bb = affine("b", "b")
            rm = e.generic([r, N], [_t([B]), _t([B], "i64")], [bb, bb, bb], ["parallel"], [B],
                           lambda a: [f"%room = arith.cmpi slt, {a[1]}, {capc} : i64",
                                      f"%v = arith.select %room, {a[0]}, {nan} : f32", "linalg.yield %v : f32"],
                           hint="rm")
            r2 = e.expand_shape(rm, [[0, 1]], [B], [1, B], "r2")
            sel, cnt = e.causal_select(r2, 1, B, threshold, B)
            cn = e.op(f"tensor.extract {cnt}[{c0}] : {_t([1], 'i64')}", "cn")
            cni = e.op(f"arith.index_cast {cn} : i64 to index", "cni")

            def pick(it):
                b64 = e.op(f"tensor.extract {sel}[{c0}, {it}] : {_t([1, B], 'i64')}", "b64")
                return e.op(f"arith.index_cast {b64} : i64 to index", "b")

            gate = routed[l]

            def gate_of(b, r=r, gate=gate):
                if gate == "none":
                    return None
                g = e.op(f"tensor.extract {r}[{b}] : {_t([B])}", "g")
                if gate == "sigmoid":
                    one = e.scalar(1.0)
                    ng = e.op(f"arith.negf {g} : f32", "ng")
                    eg = e.op(f"math.exp {ng} : f32", "eg")
                    dg = e.op(f"arith.addf {eg}, {one} : f32", "dg")
                    return e.op(f"arith.divf {one}, {dg} : f32", "sg")
                return g

            res = row_loop(c0, cni, pick, gate_of)
        x = res[0]
        new_caches += res[1:]

    # final LN + head, batched over the B rows
    logits = e.matmul(layernorm(x, Wt["lnf_g"], Wt["lnf_b"], R=B), Wt["head"], B, D, V)
    out_types = [_t([B, V])] + cache_types
    text = (f"func.func @decode_step({', '.join(params)}) -> ({', '.join(out_types)}) {{\n" + "\n".join(e.lines)
            + f"\n  return {logits}, {', '.join(new_caches)} : {', '.join(out_types)}\n}}\n")
    return text, weight_args


class DecodeSession:
    """Compiles the decode step once (mod-cpu-pipeline, in-process JIT) and
    keeps the caches between steps."""

    def __init__(self, cfg: gpt.GPTConfig, w, steps: int, routed: dict, threshold: float = 0.0,
                 routed_capacity: Optional[int] = None, pipeline: str = "mod-cpu-pipeline"):
        from .compiler import JIT
        text, self.weight_args = build_decode_ir(cfg, steps, routed, threshold, routed_capacity)
        self.jit = JIT(text, pipeline=pipeline)
        self.weights = [np.ascontiguousarray(w[name], dtype=np.float32) for name, _ in self.weight_args]
        c = new_caches(cfg, steps, routed, routed_capacity)
        self.caches = [a for l in range(cfg.layers) for a in (c.k[l], c.v[l], c.p[l], c.n[l])]
        self.steps, self.done, self.max_pos = steps, 0, cfg.seq if cfg.rotary else None

    def step(self, x: np.ndarray, pos: Optional[np.ndarray] = None) -> np.ndarray:
        """Decodes one token per sequence: x [B, D] at positions pos [B]
        (default: the step number) -> logits [B, V]."""
        if self.done >= self.steps:
            raise ValueError(f"DecodeSession: the caches hold {self.steps} steps and all are used "
                             "(position overflow); create the session with more steps")
        x = np.asarray(x, np.float32)
        pos = np.full(x.shape[0], self.done, np.int64) if pos is None else np.asarray(pos, np.int64)
        if (pos < 0).any() or (self.max_pos is not None and (pos >= self.max_pos).any()):
            raise ValueError(f"DecodeSession: positions {pos.tolist()} outside the rotary tables "
                             f"[0, {self.max_pos})")
        self.done += 1
        out = self.jit.invoke("decode_step", x, pos, *self.weights, *self.caches)
        self.caches = out[1:]
        return out[0]
