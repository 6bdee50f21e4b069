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
    x1 = xb + attn
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
    lines: list[str] = []
    counter = [0]

    def fresh(h="v"):
        counter[0] += 1
        return f"%{h}{counter[0]}"

    def emit(s):
        lines.append("  " + s)

    def cst(v, ty="f32"):
        n = fresh("c")
        lit = f"{float(v):.9e}" if ty in ("f32", "f64") else str(int(v))
        if ty == "f32" and math.isnan(v):
            lit = "0x7FC00000"
        elif ty == "f32" and math.isinf(v):
            lit = "0xFF800000" if v < 0 else "0x7F800000"
        emit(f"{n} = arith.constant {lit} : {ty}")
        return n

    def cidx(v):
        n = fresh("i")
        emit(f"{n} = arith.constant {v} : index")
        return n

    def empty(shape, elt="f32"):
        n = fresh("e")
        emit(f"{n} = tensor.empty() : {_t(shape, elt)}")
        return n

    def fill(shape, value):
        e = empty(shape)
        c = cst(value)
        n = fresh("f")
        emit(f"{n} = linalg.fill ins({c} : f32) outs({e} : {_t(shape)}) -> {_t(shape)}")
        return n

    def reduce_last(x, shape, init, combine):
        """Reduces the last dim of x [..., n] into [...] starting from `init`;
        `combine` is the body line computing %r from %a (element) and %o (acc)."""
        rank = len(shape)
        dims = [f"d{i}" for i in range(rank)]
        acc = fill(shape[:-1], init)
        r = fresh("red")
        its = ", ".join(['"parallel"'] * (rank - 1) + ['"reduction"'])
        emit(f"{r} = linalg.generic {{indexing_maps = [affine_map<({', '.join(dims)}) -> ({', '.join(dims)})>, "
             f"affine_map<({', '.join(dims)}) -> ({', '.join(dims[:-1])})>], iterator_types = [{its}]}} "
             f"ins({x} : {_t(shape)}) outs({acc} : {_t(shape[:-1])}) {{")
        emit("^bb0(%a: f32, %o: f32):")
        emit("  " + combine)
        emit("  linalg.yield %r : f32")
        emit(f"}} -> {_t(shape[:-1])}")
        return r

    def matmul(a, m, k, b, n_):
        out = fill([m, n_], 0.0)
        r = fresh("mm")
        emit(f"{r} = linalg.matmul ins({a}, {b} : {_t([m, k])}, {_t([k, n_])}) outs({out} : {_t([m, n_])}) "
             f"-> {_t([m, n_])}")
        return r

    def ew(ins, shape, body, n_ins_types=None):
        """Elementwise generic over `shape` (identity maps) with `body(args) -> lines, result`."""
        rank = len(shape)
        dims = ", ".join(f"d{i}" for i in range(rank))
        idm = f"affine_map<({dims}) -> ({dims})>"
        types = n_ins_types or [_t(shape)] * len(ins)
        out = empty(shape)
        r = fresh("ew")
        args = ", ".join(f"%a{i}: f32" for i in range(len(ins))) + ", %o: f32"
        body_lines, res = body([f"%a{i}" for i in range(len(ins))])
        maps = ", ".join([idm] * (len(ins) + 1))
        its = ", ".join(['"parallel"'] * rank)
        emit(f"{r} = linalg.generic {{indexing_maps = [{maps}], iterator_types = [{its}]}} "
             f"ins({', '.join(ins)} : {', '.join(types)}) outs({out} : {_t(shape)}) {{")
        emit(f"^bb0({args}):")
        for bl in body_lines:
            emit("  " + bl)
        emit(f"  linalg.yield {res} : f32")
        emit(f"}} -> {_t(shape)}")
        return r

    def row_bcast(vec, n):
        """[n] -> [1, n] view."""
        r = fresh("rb")
        emit(f"{r} = tensor.expand_shape {vec} [[0, 1]] output_shape [1, {n}] : {_t([n])} into {_t([1, n])}")
        return r

    def layernorm(x, g, b, R=1):
        """x [R, D] with gains/biases [D]."""
        s = reduce_last(x, [R, D], 0.0, "%r = arith.addf %a, %o : f32")
        invd = cst(1.0 / D)
        m2 = fresh("mean")
        emit(f"{m2} = tensor.expand_shape {s} [[0, 1]] output_shape [{R}, 1] : {_t([R])} into {_t([R, 1])}")
        bc = "affine_map<(d0, d1) -> (d0, 0)>"
        idm = "affine_map<(d0, d1) -> (d0, d1)>"
        cen = fresh("cen")
        out = empty([R, D])
        emit(f"{cen} = linalg.generic {{indexing_maps = [{idm}, {bc}, {idm}], iterator_types = [\"parallel\", \"parallel\"]}} "
             f"ins({x}, {m2} : {_t([R, D])}, {_t([R, 1])}) outs({out} : {_t([R, D])}) {{")
        emit("^bb0(%a: f32, %m: f32, %o: f32):")
        emit(f"  %mm = arith.mulf %m, {invd} : f32")
        emit("  %r = arith.subf %a, %mm : f32")
        emit("  linalg.yield %r : f32")
        emit(f"}} -> {_t([R, D])}")
        sq = reduce_last(cen, [R, D], 0.0, "%p = arith.mulf %a, %a : f32\n    %r = arith.addf %p, %o : f32")
        sq2 = fresh("var")
        emit(f"{sq2} = tensor.expand_shape {sq} [[0, 1]] output_shape [{R}, 1] : {_t([R])} into {_t([R, 1])}")
        eps = cst(cfg.eps)
        gg, bb = g, b
        res = fresh("ln")
        out2 = empty([R, D])
        vec = "affine_map<(d0, d1) -> (d1)>"
        emit(f"{res} = linalg.generic {{indexing_maps = [{idm}, {bc}, {vec}, {vec}, {idm}], iterator_types = "
             f"[\"parallel\", \"parallel\"]}} ins({cen}, {sq2}, {gg}, {bb} : {_t([R, D])}, {_t([R, 1])}, {_t([D])}, "
             f"{_t([D])}) outs({out2} : {_t([R, D])}) {{")
        emit("^bb0(%c: f32, %v: f32, %g: f32, %b: f32, %o: f32):")
        emit(f"  %vv = arith.mulf %v, {invd} : f32")
        emit(f"  %e = arith.addf %vv, {eps} : f32")
        emit("  %i = math.rsqrt %e : f32")
        emit("  %n = arith.mulf %c, %i : f32")
        emit("  %s = arith.mulf %n, %g : f32")
        emit("  %r = arith.addf %s, %b : f32")
        emit("  linalg.yield %r : f32")
        emit(f"}} -> {_t([R, D])}")
        return res

    def add_bias(x, bias, n):
        return ew([x, row_bcast(bias, n)], [1, n], lambda a: ([f"%r = arith.addf {a[0]}, {a[1]} : f32"], "%r"))

    def act(x, n):
        if cfg.activation == "gelu":
            c1, c2, half, one = cst(0.7978845608028654), cst(0.044715), cst(0.5), cst(1.0)
            body = [f"%x3 = arith.mulf {{0}}, {{0}} : f32", "%x3b = arith.mulf %x3, {0} : f32",
                    f"%t1 = arith.mulf %x3b, {c2} : f32", "%t2 = arith.addf {0}, %t1 : f32",
                    f"%t3 = arith.mulf %t2, {c1} : f32", "%t4 = math.tanh %t3 : f32",
                    f"%t5 = arith.addf %t4, {one} : f32", "%t6 = arith.mulf {0}, %t5 : f32",
                    f"%r = arith.mulf %t6, {half} : f32"]
        else:
            one = cst(1.0)
            body = ["%n = arith.negf {0} : f32", "%e = math.exp %n : f32", f"%d = arith.addf %e, {one} : f32",
                    "%r = arith.divf {0}, %d : f32"]
        return ew([x], [1, n], lambda a: ([b.format(a[0]) for b in body], "%r"))

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
    c0, c1 = cidx(0), cidx(1)
    scale = cst(1.0 / math.sqrt(dh))
    ninf = cst(-math.inf)
    new_caches = []
    for l in range(cfg.layers):
        T = caps[l]
        K, Vc, P, N = f"%k{l}", f"%v{l}", f"%p{l}", f"%n{l}"

        def rotate(t, pi):
            """Rotary embedding of t [1, D] at position pi (index), per head."""
            th, th2 = fresh("th"), fresh("th")
            emit(f"{th} = tensor.expand_shape {t} [[0], [1, 2]] output_shape [1, {H}, {dh}] : {_t([1, D])} into {_t([1, H, dh])}")
            emit(f"{th2} = tensor.collapse_shape {th} [[0, 1], [2]] : {_t([1, H, dh])} into {_t([H, dh])}")
            tr = matmul(th2, H, dh, Wt["rot"], dh)
            cr, sr = fresh("cos"), fresh("sin")
            emit(f"{cr} = tensor.extract_slice {Wt['cos']}[{pi}, 0] [1, {dh}] [1, 1] : {_t([cfg.seq, dh])} to {_t([dh])}")
            emit(f"{sr} = tensor.extract_slice {Wt['sin']}[{pi}, 0] [1, {dh}] [1, 1] : {_t([cfg.seq, dh])} to {_t([dh])}")
            out = empty([H, dh])
            r = fresh("rot")
            hd = "affine_map<(h, d) -> (h, d)>"
            dd = "affine_map<(h, d) -> (d)>"
            emit(f"{r} = linalg.generic {{indexing_maps = [{hd}, {hd}, {dd}, {dd}, {hd}], iterator_types = "
                 f"[\"parallel\", \"parallel\"]}} ins({th2}, {tr}, {cr}, {sr} : {_t([H, dh])}, {_t([H, dh])}, "
                 f"{_t([dh])}, {_t([dh])}) outs({out} : {_t([H, dh])}) {{")
            emit("^bb0(%a: f32, %ar: f32, %c: f32, %s: f32, %o: f32):")
            emit("  %x1 = arith.mulf %a, %c : f32")
            emit("  %x2 = arith.mulf %ar, %s : f32")
            emit("  %r = arith.addf %x1, %x2 : f32")
            emit("  linalg.yield %r : f32")
            emit(f"}} -> {_t([H, dh])}")
            back = fresh("rb")
            emit(f"{back} = tensor.expand_shape {r} [[0, 1], [2]] output_shape [1, {H}, {dh}] : {_t([H, dh])} into {_t([1, H, dh])}")
            flat = fresh("rf")
            emit(f"{flat} = tensor.collapse_shape {back} [[0], [1, 2]] : {_t([1, H, dh])} into {_t([1, D])}")
            return flat

        def token_layer(xb, K, Vc, P, N, b, l=l, T=T):
            """Emits layer l on row b; returns (update [1,D], K', V', P', N')."""
            p64 = fresh("pos")
            emit(f"{p64} = tensor.extract %pos[{b}] : {_t([B], 'i64')}")
            pi = fresh("pi")
            emit(f"{pi} = arith.index_cast {p64} : i64 to index")
            y = layernorm(xb, Wt[f"l{l}.ln1_g"], Wt[f"l{l}.ln1_b"])
            q = add_bias(matmul(y, 1, D, Wt[f"l{l}.wq"], D), Wt[f"l{l}.bq"], D)
            k = matmul(y, 1, D, Wt[f"l{l}.wk"], D)
            v = matmul(y, 1, D, Wt[f"l{l}.wv"], D)
            if cfg.rotary:
                q, k = rotate(q, pi), rotate(k, pi)
            n64 = fresh("n")
            emit(f"{n64} = tensor.extract {N}[{b}] : {_t([B], 'i64')}")
            ni = fresh("ni")
            emit(f"{ni} = arith.index_cast {n64} : i64 to index")
            K2, V2 = fresh("K"), fresh("V")
            emit(f"{K2} = tensor.insert_slice {k} into {K}[{b}, {ni}, 0] [1, 1, {D}] [1, 1, 1] : {_t([1, D])} into {_t([B, T, D])}")
            emit(f"{V2} = tensor.insert_slice {v} into {Vc}[{b}, {ni}, 0] [1, 1, {D}] [1, 1, 1] : {_t([1, D])} into {_t([B, T, D])}")
            one64 = cst(1, "i64")
            n1 = fresh("n1")
            emit(f"{n1} = arith.addi {n64}, {one64} : i64")
            N2 = fresh("N")
            emit(f"{N2} = tensor.insert {n1} into {N}[{b}] : {_t([B], 'i64')}")
            P2 = fresh("P")
            emit(f"{P2} = tensor.insert {p64} into {P}[{b}, {ni}] : {_t([B, T], 'i64')}")
            Kb, Vb = fresh("Kb"), fresh("Vb")
            emit(f"{Kb} = tensor.extract_slice {K2}[{b}, 0, 0] [1, {T}, {D}] [1, 1, 1] : {_t([B, T, D])} to {_t([T, D])}")
            emit(f"{Vb} = tensor.extract_slice {V2}[{b}, 0, 0] [1, {T}, {D}] [1, 1, 1] : {_t([B, T, D])} to {_t([T, D])}")
            # heads: q [1, D] -> [H, dh]; cache rows [T, D] -> [T, H, dh]
            qh, Kh, Vh = fresh("qh"), fresh("Kh"), fresh("Vh")
            emit(f"{qh} = tensor.expand_shape {q} [[0], [1, 2]] output_shape [1, {H}, {dh}] : {_t([1, D])} into {_t([1, H, dh])}")
            qh2 = fresh("qh")
            emit(f"{qh2} = tensor.collapse_shape {qh} [[0, 1], [2]] : {_t([1, H, dh])} into {_t([H, dh])}")
            emit(f"{Kh} = tensor.expand_shape {Kb} [[0], [1, 2]] output_shape [{T}, {H}, {dh}] : {_t([T, D])} into {_t([T, H, dh])}")
            emit(f"{Vh} = tensor.expand_shape {Vb} [[0], [1, 2]] output_shape [{T}, {H}, {dh}] : {_t([T, D])} into {_t([T, H, dh])}")
            # scores[h, j] over cache entries j (masked j >= n+1)
            sc0 = fill([H, T], 0.0)
            sc = fresh("sc")
            emit(f"{sc} = linalg.generic {{indexing_maps = [affine_map<(h, j, d) -> (h, d)>, "
                 f"affine_map<(h, j, d) -> (j, h, d)>, affine_map<(h, j, d) -> (h, j)>], iterator_types = "
                 f"[\"parallel\", \"parallel\", \"reduction\"]}} ins({qh2}, {Kh} : {_t([H, dh])}, {_t([T, H, dh])}) "
                 f"outs({sc0} : {_t([H, T])}) {{")
            emit("^bb0(%a: f32, %kk: f32, %o: f32):")
            emit("  %p = arith.mulf %a, %kk : f32")
            emit("  %r = arith.addf %p, %o : f32")
            emit("  linalg.yield %r : f32")
            emit(f"}} -> {_t([H, T])}")
            ms = fresh("ms")
            out = empty([H, T])
            emit(f"{ms} = linalg.generic {{indexing_maps = [affine_map<(h, j) -> (h, j)>, affine_map<(h, j) -> (h, j)>], "
                 f"iterator_types = [\"parallel\", \"parallel\"]}} ins({sc} : {_t([H, T])}) outs({out} : {_t([H, T])}) {{")
            emit("^bb0(%a: f32, %o: f32):")
            emit("  %j = linalg.index 1 : index")
            emit(f"  %j64 = arith.index_cast %j : index to i64")
            emit(f"  %ok = arith.cmpi slt, %j64, {n1} : i64")
            emit(f"  %s = arith.mulf %a, {scale} : f32")
            emit(f"  %r = arith.select %ok, %s, {ninf} : f32")
            emit("  linalg.yield %r : f32")
            emit(f"}} -> {_t([H, T])}")
            mx = reduce_last(ms, [H, T], -math.inf, "%r = arith.maximumf %a, %o : f32")
            ex = fresh("ex")
            out = empty([H, T])
            emit(f"{ex} = linalg.generic {{indexing_maps = [affine_map<(h, j) -> (h, j)>, affine_map<(h, j) -> (h)>, "
                 f"affine_map<(h, j) -> (h, j)>], iterator_types = [\"parallel\", \"parallel\"]}} ins({ms}, {mx} : "
                 f"{_t([H, T])}, {_t([H])}) outs({out} : {_t([H, T])}) {{")
            emit("^bb0(%a: f32, %m: f32, %o: f32):")
            emit("  %s = arith.subf %a, %m : f32")
            emit("  %r = math.exp %s : f32")
            emit("  linalg.yield %r : f32")
            emit(f"}} -> {_t([H, T])}")
            sm = reduce_last(ex, [H, T], 0.0, "%r = arith.addf %a, %o : f32")
            o0 = fill([H, dh], 0.0)
            o = fresh("o")
            emit(f"{o} = linalg.generic {{indexing_maps = [affine_map<(h, d, j) -> (h, j)>, affine_map<(h, d, j) -> (h)>, "
                 f"affine_map<(h, d, j) -> (j, h, d)>, affine_map<(h, d, j) -> (h, d)>], iterator_types = "
                 f"[\"parallel\", \"parallel\", \"reduction\"]}} ins({ex}, {sm}, {Vh} : {_t([H, T])}, {_t([H])}, "
                 f"{_t([T, H, dh])}) outs({o0} : {_t([H, dh])}) {{")
            emit("^bb0(%e: f32, %s: f32, %vv: f32, %acc: f32):")
            emit("  %p = arith.divf %e, %s : f32")
            emit("  %m = arith.mulf %p, %vv : f32")
            emit("  %r = arith.addf %m, %acc : f32")
            emit("  linalg.yield %r : f32")
            emit(f"}} -> {_t([H, dh])}")
            of = fresh("of")
            emit(f"{of} = tensor.collapse_shape {o} [[0, 1]] : {_t([H, dh])} into {_t([D])}")
            orow = row_bcast(of, D)
            attn = matmul(orow, 1, D, Wt[f"l{l}.wo"], D)
            x1 = ew([xb, attn], [1, D], lambda a: ([f"%r = arith.addf {a[0]}, {a[1]} : f32"], "%r"))
            y2 = layernorm(x1, Wt[f"l{l}.ln2_g"], Wt[f"l{l}.ln2_b"])
            hmid = act(add_bias(matmul(y2, 1, D, Wt[f"l{l}.w1"], F), Wt[f"l{l}.b1"], F), F)
            m = matmul(hmid, 1, F, Wt[f"l{l}.w2"], D)
            upd = ew([attn, m], [1, D], lambda a: ([f"%r = arith.addf {a[0]}, {a[1]} : f32"], "%r"))
            return upd, K2, V2, P2, N2

        def row_loop(lb, ub, pick_row, gate_of):
            """scf.for over [lb, ub) carrying (x, K, V, P, N); returns the new values."""
            base = fresh("loop")
            res = [f"{base}#{i}" for i in range(5)]
            it = fresh("it")
            xa, Ka, Va, Pa, Na = fresh("xa"), fresh("Ka"), fresh("Va"), fresh("Pa"), fresh("Na")
            emit(f"{base}:5 = scf.for {it} = {lb} to {ub} step {c1} "
                 f"iter_args({xa} = {x}, {Ka} = {K}, {Va} = {Vc}, {Pa} = {P}, {Na} = {N}) -> ({_t([B, D])}, "
                 f"{_t([B, T, D])}, {_t([B, T, D])}, {_t([B, T], 'i64')}, {_t([B], 'i64')}) {{")
            b = pick_row(it)
            xb = fresh("xb")
            emit(f"{xb} = tensor.extract_slice {xa}[{b}, 0] [1, {D}] [1, 1] : {_t([B, D])} to {_t([1, D])}")
            upd, K2, V2, P2, N2 = token_layer(xb, Ka, Va, Pa, Na, b)
            g = gate_of(b)
            if g is not None:
                upd = ew([upd], [1, D], lambda a: ([f"%r = arith.mulf {a[0]}, {g} : f32"], "%r"))
            xn = ew([xb, upd], [1, D], lambda a: ([f"%r = arith.addf {a[0]}, {a[1]} : f32"], "%r"))
            x2 = fresh("x2")
            emit(f"{x2} = tensor.insert_slice {xn} into {xa}[{b}, 0] [1, {D}] [1, 1] : {_t([1, D])} into {_t([B, D])}")
            emit(f"scf.yield {x2}, {K2}, {V2}, {P2}, {N2} : {_t([B, D])}, {_t([B, T, D])}, {_t([B, T, D])}, "
                 f"{_t([B, T], 'i64')}, {_t([B], 'i64')}")
            emit("}")
            return res

        if l not in routed:
            res = row_loop(c0, cidx(B), lambda it: it, lambda b: None)
        else:
            # router logits [B]; a full cache blocks routing (NaN never passes)
            r0 = fill([B], 0.0)
            r = fresh("r")
            emit(f"{r} = linalg.generic {{indexing_maps = [affine_map<(b, d) -> (b, d)>, affine_map<(b, d) -> (d)>, "
                 f"affine_map<(b, d) -> (b)>], iterator_types = [\"parallel\", \"reduction\"]}} ins({x}, "
                 f"{Wt[f'router{l}']} : {_t([B, D])}, {_t([D])}) outs({r0} : {_t([B])}) {{")
            emit("^bb0(%a: f32, %w: f32, %o: f32):")
            emit("  %p = arith.mulf %a, %w : f32")
            emit("  %s = arith.addf %p, %o : f32")
            emit("  linalg.yield %s : f32")
            emit(f"}} -> {_t([B])}")
            nan = cst(float("nan"))
            rm = fresh("rm")
            out = empty([B])
            emit(f"{rm} = linalg.generic {{indexing_maps = [affine_map<(b) -> (b)>, affine_map<(b) -> (b)>, "
                 f"affine_map<(b) -> (b)>], iterator_types = [\"parallel\"]}} ins({r}, {N} : {_t([B])}, "
                 f"{_t([B], 'i64')}) outs({out} : {_t([B])}) {{")
            emit("^bb0(%a: f32, %n: i64, %o: f32):")
            capc = cst(T, "i64")
            emit(f"  %room = arith.cmpi slt, %n, {capc} : i64")
            emit(f"  %v = arith.select %room, %a, {nan} : f32")
            emit("  linalg.yield %v : f32")
            emit(f"}} -> {_t([B])}")
            r2 = fresh("r2")
            emit(f"{r2} = tensor.expand_shape {rm} [[0, 1]] output_shape [1, {B}] : {_t([B])} into {_t([1, B])}")
            sel, cnt = fresh("sel"), fresh("cnt")
            emit(f"{sel}, {cnt} = mod.causal_select {r2} {{threshold = {float(threshold):.17e} : f64, k_max = {B} : i64}} "
                 f": {_t([1, B])} -> {_t([1, B], 'i64')}, {_t([1], 'i64')}")
            cn = fresh("cn")
            emit(f"{cn} = tensor.extract {cnt}[{c0}] : {_t([1], 'i64')}")
            cni = fresh("cni")
            emit(f"{cni} = arith.index_cast {cn} : i64 to index")

            def pick(it):
                b64, b = fresh("b64"), fresh("b")
                emit(f"{b64} = tensor.extract {sel}[{c0}, {it}] : {_t([1, B], 'i64')}")
                emit(f"{b} = arith.index_cast {b64} : i64 to index")
                return b

            gate = routed[l]

            def gate_of(b, r=r, gate=gate):
                if gate == "none":
                    return None
                g = fresh("g")
                emit(f"{g} = tensor.extract {r}[{b}] : {_t([B])}")
                if gate == "sigmoid":
                    one = cst(1.0)
                    ng, eg, dg, sg = fresh("ng"), fresh("eg"), fresh("dg"), fresh("sg")
                    emit(f"{ng} = arith.negf {g} : f32")
                    emit(f"{eg} = math.exp {ng} : f32")
                    emit(f"{dg} = arith.addf {eg}, {one} : f32")
                    emit(f"{sg} = arith.divf {one}, {dg} : f32")
                    return sg
                return g

            res = row_loop(c0, cni, pick, gate_of)
        x = res[0]
        new_caches += res[1:]

    # final LN + head, batched over the B rows
    logits = matmul(layernorm(x, Wt["lnf_g"], Wt["lnf_b"], R=B), B, D, Wt["head"], V)
    out_types = [_t([B, V])] + cache_types
    text = (f"func.func @decode_step({', '.join(params)}) -> ({', '.join(out_types)}) {{\n" + "\n".join(lines)
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
