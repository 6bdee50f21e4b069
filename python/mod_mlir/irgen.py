"""The shared MLIR text emitter: linalg-on-tensors the way importers write it,
plus the `mod` primitive ops.

`Emitter` accumulates the lines of one region with fresh SSA names; the GPT
builder (`gpt`), the decode-step builder (`decode`) and the benchmark IR
(`benchir`) all write their IR through it. Every `mod.*` primitive op the
Python package emits is written in exactly one place, here:
`Emitter.topk`, `Emitter.gather`, `Emitter.scatter_add` and
`Emitter.causal_select`.

Constants are exact: f32/f64 scalars are written as their hex bits, tensors
as hex blobs (`dense`).
"""

from __future__ import annotations

import numpy as np

_DTYPES = {"f32": "<f4", "f64": "<f8", "i64": "<i8", "i32": "<i4"}


def ttype(shape, elt: str = "f32") -> str:
    """`tensor<2x3xf32>` for shape (2, 3)."""
    dims = "x".join(str(int(d)) for d in shape)
    return f"tensor<{dims}{'x' if len(shape) else ''}{elt}>"


def dense(arr: np.ndarray, elt: str = "f32") -> str:
    """An exact dense constant: the little-endian bytes as a hex blob."""
    blob = np.ascontiguousarray(arr, dtype=_DTYPES[elt]).tobytes().hex().upper()
    return f'dense<"0x{blob}"> : {ttype(np.shape(arr), elt)}'


def f32_literal(value: float) -> str:
    """An exact f32 literal (hex bits), also for inf/nan."""
    bits = np.array([value], dtype="<f4").view("<u4")[0]
    return f"0x{bits:08X}"


def f64_literal(value: float) -> str:
    """An exact f64 literal (hex bits), also for inf/nan."""
    bits = np.array([value], dtype="<f8").view("<u8")[0]
    return f"0x{bits:016X}"


def affine(dims: str, results: str) -> str:
    return f"affine_map<({dims}) -> ({results})>"


def _dims(rank: int) -> list[str]:
    return [f"d{i}" for i in range(rank)]


def identity_map(rank: int) -> str:
    """(d0, ..., dn) -> (d0, ..., dn)"""
    d = ", ".join(_dims(rank))
    return affine(d, d)


def drop_last_map(rank: int) -> str:
    """(d0, ..., dn) -> (d0, ..., dn-1): a row-reduced operand."""
    d = _dims(rank)
    return affine(", ".join(d), ", ".join(d[:-1]))


def last_dim_map(rank: int) -> str:
    """(d0, ..., dn) -> (dn): a vector broadcast along the rows."""
    d = _dims(rank)
    return affine(", ".join(d), d[-1])


def _reassociation(groups) -> str:
    return "[" + ", ".join("[" + ", ".join(str(int(i)) for i in g) + "]" for g in groups) + "]"


class Emitter:
    """Accumulates lines of one region with fresh SSA names."""

    def __init__(self, indent: str = "    "):
        self.lines: list[str] = []
        self.indent = indent
        self._n = 0

    def fresh(self, hint: str = "v") -> str:
        self._n += 1
        return f"%{hint}{self._n}"

    def op(self, text: str, hint: str = "v") -> str:
        name = self.fresh(hint)
        self.lines.append(f"{self.indent}{name} = {text}")
        return name

    def raw(self, text: str) -> None:
        self.lines.append(self.indent + text)

    def weight(self, name: str) -> str:
        """The SSA value of a named weight. The base class takes SSA names as
        they are; builders that materialize weights lazily (constants or
        function arguments, `gpt`) override it. Called at the point of use."""
        return name

    def const(self, arr: np.ndarray, elt: str = "f32") -> str:
        return self.op(f"arith.constant {dense(arr, elt)}", "cst")

    def scalar(self, value: float, elt: str = "f32") -> str:
        """A scalar arith.constant: exact hex bits for f32/f64, an integer otherwise."""
        if elt == "f32":
            lit = f32_literal(value)
        elif elt == "f64":
            lit = f64_literal(value)
        else:
            lit = str(int(value))
        return self.op(f"arith.constant {lit} : {elt}", "c")

    def index(self, value: int) -> str:
        return self.op(f"arith.constant {int(value)} : index", "idx")

    def empty(self, shape, elt: str = "f32") -> str:
        return self.op(f"tensor.empty() : {ttype(shape, elt)}", "empty")

    def filled(self, shape, value: float) -> str:
        e = self.empty(shape)
        v = self.scalar(value)
        return self.op(f"linalg.fill ins({v} : f32) outs({e} : {ttype(shape)}) -> {ttype(shape)}", "fill")

    def generic(self, ins, in_types, maps, iterators, out_shape, body, out=None, hint="g") -> str:
        """A linalg.generic with one f32 result; `body(args) -> list of lines`
        gets the block argument names and returns the body (ending in yield)."""
        out = out or self.empty(out_shape)
        name = self.fresh(hint)
        args = [f"%a{i}" for i in range(len(ins))] + ["%out"]
        elts = [t.rsplit("x", 1)[-1].rstrip(">") if "x" in t else t[7:-1] for t in in_types]
        header = ", ".join(f"{a}: {e}" for a, e in zip(args, elts + ["f32"]))
        it = ", ".join(f'"{i}"' for i in iterators)
        ins_txt = f"ins({', '.join(ins)} : {', '.join(in_types)}) " if ins else ""
        self.lines.append(
            f"{self.indent}{name} = linalg.generic {{indexing_maps = [{', '.join(maps)}], "
            f"iterator_types = [{it}]}} {ins_txt}outs({out} : {ttype(out_shape)}) {{")
        self.lines.append(f"{self.indent}^bb0({header}):")
        for line in body(args):
            self.lines.append(f"{self.indent}  {line}")
        self.lines.append(f"{self.indent}}} -> {ttype(out_shape)}")
        return name

    # -- structured ops --------------------------------------------------------
    def elementwise(self, ins, shape, body, in_types=None, hint="ew") -> str:
        """An all-parallel generic with identity maps over `shape`; `in_types`
        defaults to f32 tensors of `shape`."""
        rank = len(shape)
        types = in_types or [ttype(shape)] * len(ins)
        return self.generic(ins, types, [identity_map(rank)] * (len(ins) + 1), ["parallel"] * rank, shape, body,
                            hint=hint)

    def add(self, x, y, shape, hint="add") -> str:
        """x + y, elementwise over `shape`."""
        return self.elementwise([x, y], shape, lambda a: [f"%r = arith.addf {a[0]}, {a[1]} : f32",
                                                          "linalg.yield %r : f32"], hint=hint)

    def add_bias(self, x, shape, bias, hint="biased") -> str:
        """x [..., n] + bias [n] (the weight `bias`, broadcast along the rows)."""
        rank = len(shape)
        return self.generic([x, self.weight(bias)], [ttype(shape), ttype([shape[-1]])],
                            [identity_map(rank), last_dim_map(rank), identity_map(rank)], ["parallel"] * rank, shape,
                            lambda a: [f"%r = arith.addf {a[0]}, {a[1]} : f32", "linalg.yield %r : f32"], hint=hint)

    def reduce_last(self, x, shape, init: float, body, hint="red") -> str:
        """Reduces the last dim of x [..., n] into [...], starting from `init`;
        `body(args)` combines args[0] (the element) into args[1] (the accumulator)."""
        rank = len(shape)
        return self.generic([x], [ttype(shape)], [identity_map(rank), drop_last_map(rank)],
                            ["parallel"] * (rank - 1) + ["reduction"], shape[:-1], body,
                            out=self.filled(shape[:-1], init), hint=hint)

    def matmul(self, a, b, m, k, n, hint="mm") -> str:
        """a [m, k] x b [k, n] (b: a weight) into a zero-filled [m, n]."""
        acc = self.filled([m, n], 0.0)
        return self.op(f"linalg.matmul ins({a}, {self.weight(b)} : {ttype([m, k])}, {ttype([k, n])}) "
                       f"outs({acc} : {ttype([m, n])}) -> {ttype([m, n])}", hint)

    def batch_matmul(self, a, b, batch, m, k, n, hint="bmm") -> str:
        """a [batch, m, k] x b [batch, k, n] into a zero-filled [batch, m, n]."""
        acc = self.filled([batch, m, n], 0.0)
        return self.op(f"linalg.batch_matmul ins({a}, {b} : {ttype([batch, m, k])}, {ttype([batch, k, n])}) "
                       f"outs({acc} : {ttype([batch, m, n])}) -> {ttype([batch, m, n])}", hint)

    def transpose(self, x, shape, perm, hint="tr") -> str:
        out_shape = [shape[p] for p in perm]
        init = self.empty(out_shape)
        return self.op(f"linalg.transpose ins({x} : {ttype(shape)}) outs({init} : {ttype(out_shape)}) "
                       f"permutation = [{', '.join(str(p) for p in perm)}]", hint)

    def expand_shape(self, x, groups, in_shape, out_shape, hint="exp", elt="f32") -> str:
        return self.op(f"tensor.expand_shape {x} {_reassociation(groups)} output_shape "
                       f"[{', '.join(str(int(d)) for d in out_shape)}] : {ttype(in_shape, elt)} into "
                       f"{ttype(out_shape, elt)}", hint)

    def collapse_shape(self, x, groups, in_shape, out_shape, hint="col", elt="f32") -> str:
        return self.op(f"tensor.collapse_shape {x} {_reassociation(groups)} : {ttype(in_shape, elt)} into "
                       f"{ttype(out_shape, elt)}", hint)

    # -- transformer pieces ------------------------------------------------------
    def layernorm(self, x, shape, g, b, eps: float, hint="ln") -> str:
        """Layer norm of x [..., D] over its last dim with gain g and bias b
        (weights, [D]): (x - mean) * rsqrt(var + eps) * g + b, in the order
        sum, center, sum of squares, normalize."""
        rank, D = len(shape), shape[-1]
        rows = list(shape[:-1])
        xt, rt, gt = ttype(shape), ttype(rows), ttype([D])
        idm, rowm, vecm = identity_map(rank), drop_last_map(rank), last_dim_map(rank)
        par = ["parallel"] * rank
        total = self.reduce_last(x, shape, 0.0, lambda a: ["%s = arith.addf %s, %s : f32" % ("%r", a[0], a[1]),
                                                           "linalg.yield %r : f32"], hint="sum")
        inv_d = self.scalar(1.0 / D)
        cen = self.generic([x, total], [xt, rt], [idm, rowm, idm], par, shape,
                           lambda a: [f"%m = arith.mulf {a[1]}, {inv_d} : f32",
                                      f"%r = arith.subf {a[0]}, %m : f32", "linalg.yield %r : f32"], hint="cen")
        sq = self.reduce_last(cen, shape, 0.0, lambda a: [f"%p = arith.mulf {a[0]}, {a[0]} : f32",
                                                          f"%r = arith.addf %p, {a[1]} : f32",
                                                          "linalg.yield %r : f32"], hint="sq")
        eps_c = self.scalar(eps)
        return self.generic([cen, sq, self.weight(g), self.weight(b)], [xt, rt, gt, gt], [idm, rowm, vecm, vecm, idm],
                            par, shape,
                            lambda a: [f"%v = arith.mulf {a[1]}, {inv_d} : f32", f"%e = arith.addf %v, {eps_c} : f32",
                                       "%i = math.rsqrt %e : f32", f"%n = arith.mulf {a[0]}, %i : f32",
                                       f"%s = arith.mulf %n, {a[2]} : f32", f"%r = arith.addf %s, {a[3]} : f32",
                                       "linalg.yield %r : f32"], hint=hint)

    def activation(self, x, shape, kind: str, hint="act") -> str:
        """gelu (tanh approximation) or silu, elementwise."""
        if kind == "gelu":
            k0, k1, half, one = self.scalar(0.7978845608028654), self.scalar(0.044715), self.scalar(0.5), \
                self.scalar(1.0)
            body = lambda a: [f"%x2 = arith.mulf {a[0]}, {a[0]} : f32", f"%x3 = arith.mulf %x2, {a[0]} : f32",
                              f"%t0 = arith.mulf %x3, {k1} : f32", f"%t1 = arith.addf {a[0]}, %t0 : f32",
                              f"%t2 = arith.mulf %t1, {k0} : f32", "%t3 = math.tanh %t2 : f32",
                              f"%t4 = arith.addf %t3, {one} : f32", f"%t5 = arith.mulf {a[0]}, %t4 : f32",
                              f"%r = arith.mulf %t5, {half} : f32", "linalg.yield %r : f32"]
        elif kind == "silu":
            one = self.scalar(1.0)
            body = lambda a: [f"%n = arith.negf {a[0]} : f32", "%e = math.exp %n : f32",
                              f"%d = arith.addf %e, {one} : f32", f"%r = arith.divf {a[0]}, %d : f32",
                              "linalg.yield %r : f32"]
        else:
            raise ValueError(f"activation: unknown kind {kind!r} (gelu | silu)")
        return self.elementwise([x], shape, body, hint=hint)

    # -- mod primitive ops (the only place the Python package writes them) ---------
    def topk(self, scores, rows: int, seq: int, k: int) -> tuple[str, str]:
        """mod.topk of scores [rows, seq]: (values [rows, k] f32, indices [rows, k] i64)."""
        st, vt, it = ttype([rows, seq]), ttype([rows, k]), ttype([rows, k], "i64")
        v0, i0 = self.empty([rows, k]), self.empty([rows, k], "i64")
        v, i = self.fresh("tv"), self.fresh("ti")
        self.raw(f"{v}, {i} = mod.topk {scores} outs({v0}, {i0}) {{k = {k} : i64}} : {st} -> {vt}, {it}")
        return v, i

    def gather(self, x, indices, b: int, s: int, d: int, k: int) -> str:
        """mod.gather of the rows x [b, s, d] at indices [b, k] -> [b, k, d]."""
        xt, it, gt = ttype([b, s, d]), ttype([b, k], "i64"), ttype([b, k, d])
        init = self.empty([b, k, d])
        g = self.fresh("gat")
        self.raw(f"{g} = mod.gather {x}[{indices}] outs({init}) : {xt}, {it} -> {gt}")
        return g

    def scatter_add(self, src, into, indices, b: int, s: int, d: int, k: int,
                    in_bounds: bool = False) -> str:
        """mod.scatter_add of src [b, k, d] into `into` [b, s, d] at indices [b, k].

        `in_bounds`: the indices never hold causal routing's padding index S
        (e.g. they come from mod.topk), which allows the fully parallel lowering."""
        xt, it, gt = ttype([b, s, d]), ttype([b, k], "i64"), ttype([b, k, d])
        y = self.fresh("sca")
        attr = " {in_bounds}" if in_bounds else ""
        self.raw(f"{y} = mod.scatter_add {src} into {into}[{indices}]{attr} : {gt} into {xt}, {it}")
        return y

    def causal_select(self, logits, rows: int, seq: int, threshold: float, k_max: int) -> tuple[str, str]:
        """mod.causal_select of router logits [rows, seq]: (positions [rows, k_max] i64, count [rows] i64)."""
        sel0, cnt0 = self.empty([rows, k_max], "i64"), self.empty([rows], "i64")
        sel, cnt = self.fresh("sel"), self.fresh("cnt")
        self.raw(f"{sel}, {cnt} = mod.causal_select {logits} outs({sel0}, {cnt0}) {{threshold = {float(threshold):.17e} : f64, "
                 f"k_max = {k_max} : i64}} : {ttype([rows, seq])} -> {ttype([rows, k_max], 'i64')}, "
                 f"{ttype([rows], 'i64')}")
        return sel, cnt
