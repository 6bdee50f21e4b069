#!/usr/bin/env python3
"""Generates a routed-block test case and checks a run of it against the
numpy reference (python/mod_mlir/reference.py).

  routed_case.py gen  [options] -o PREFIX   writes PREFIX.mlir and PREFIX.npz
  routed_case.py check PREFIX               compares PREFIX.out (mlir-runner's
                                            output) with PREFIX.npz

The MLIR is written the way importers write transformer code (linalg on
tensors: collapse/matmul/expand projections, batch_matmul attention, softmax
as generic reductions) inside a `mod.routed_block` in the contract syntax.
Expected values come from the reference semantics evaluated in float64 on
the same float32 inputs; they are never taken from the compiler's output.
"""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[4] / "python"))
from mod_mlir import reference as ref  # noqa: E402
from mod_mlir import irgen  # noqa: E402
from mod_mlir.irgen import dense, ttype  # noqa: E402
from mod_mlir.testing import check_against  # noqa: E402

F32 = "f32"


class Emitter(irgen.Emitter):
    """The shared IR emitter plus a projection as importers write it."""

    def linear(self, x3, shape3, w, wshape):
        """[B, n, Din] x [Din, Dout] via collapse + linalg.matmul + expand."""
        b, n, din = shape3
        dout = wshape[1]
        flat = self.op(f"tensor.collapse_shape {x3} [[0, 1], [2]] : {ttype(shape3)} into {ttype([b * n, din])}", "flat")
        acc = self.filled([b * n, dout], 0.0)
        mm = self.op(f"linalg.matmul ins({flat}, {w} : {ttype([b * n, din])}, {ttype(wshape)}) "
                     f"outs({acc} : {ttype([b * n, dout])}) -> {ttype([b * n, dout])}", "mm")
        return self.op(f"tensor.expand_shape {mm} [[0, 1], [2]] output_shape [{b}, {n}, {dout}] : "
                       f"{ttype([b * n, dout])} into {ttype([b, n, dout])}", "lin")


MAP3 = "affine_map<(b, i, j) -> (b, i, j)>"
MAP_BI = "affine_map<(b, i, j) -> (b, i)>"
MAP_BJ = "affine_map<(b, i, j) -> (b, j)>"


def emit_mlp(e: Emitter, xs, pos, shape, weights):
    b, n, d = shape
    w1, w2 = weights["w1"], weights["w2"]
    h = e.linear(xs, shape, w1["name"], w1["arr"].shape)
    act = e.op(f"math.tanh {h} : {ttype([b, n, w1['arr'].shape[1]])}", "act")
    return e.linear(act, [b, n, w1["arr"].shape[1]], w2["name"], w2["arr"].shape)


def emit_attention(e: Emitter, xs, pos, shape, weights, slope):
    b, n, d = shape
    q = e.linear(xs, shape, weights["wq"]["name"], (d, d))
    k = e.linear(xs, shape, weights["wk"]["name"], (d, d))
    v = e.linear(xs, shape, weights["wv"]["name"], (d, d))
    kt_init = e.op(f"tensor.empty() : {ttype([b, d, n])}", "e")
    kt = e.op(f"linalg.transpose ins({k} : {ttype([b, n, d])}) outs({kt_init} : {ttype([b, d, n])}) permutation = [0, 2, 1]", "kt")
    s_init = e.filled([b, n, n], 0.0)
    s = e.op(f"linalg.batch_matmul ins({q}, {kt} : {ttype([b, n, d])}, {ttype([b, d, n])}) "
             f"outs({s_init} : {ttype([b, n, n])}) -> {ttype([b, n, n])}", "qk")
    scale = e.scalar(1.0 / math.sqrt(d))
    slope_c = e.scalar(slope)
    ninf = e.scalar(-np.inf)
    st, rt, pt = ttype([b, n, n]), ttype([b, n]), ttype([b, n], "i64")
    masked = e.generic([s, pos, pos], [st, pt, pt], [MAP3, MAP_BI, MAP_BJ, MAP3], ["parallel"] * 3, [b, n, n],
                       lambda a: [f"%scaled = arith.mulf {a[0]}, {scale} : f32",
                                  f"%dist = arith.subi {a[1]}, {a[2]} : i64",
                                  "%distf = arith.sitofp %dist : i64 to f32",
                                  f"%alibi = arith.mulf %distf, {slope_c} : f32",
                                  "%biased = arith.addf %scaled, %alibi : f32",
                                  f"%causal = arith.cmpi sge, {a[1]}, {a[2]} : i64",
                                  f"%r = arith.select %causal, %biased, {ninf} : f32",
                                  "linalg.yield %r : f32"], hint="masked")
    # softmax over j: max, exp(s - max), sum, divide
    red = ["parallel", "parallel", "reduction"]
    mx = e.generic([masked], [st], [MAP3, MAP_BI], red, [b, n],
                   lambda a: [f"%m = arith.maximumf {a[0]}, {a[1]} : f32", "linalg.yield %m : f32"],
                   out=e.filled([b, n], -np.inf), hint="max")
    ex = e.generic([masked, mx], [st, rt], [MAP3, MAP_BI, MAP3], ["parallel"] * 3, [b, n, n],
                   lambda a: [f"%sub = arith.subf {a[0]}, {a[1]} : f32", "%ex = math.exp %sub : f32",
                              "linalg.yield %ex : f32"], hint="exp")
    sm = e.generic([ex], [st], [MAP3, MAP_BI], red, [b, n],
                   lambda a: [f"%s = arith.addf {a[0]}, {a[1]} : f32", "linalg.yield %s : f32"],
                   out=e.filled([b, n], 0.0), hint="sum")
    p = e.generic([ex, sm], [st, rt], [MAP3, MAP_BI, MAP3], ["parallel"] * 3, [b, n, n],
                  lambda a: [f"%dv = arith.divf {a[0]}, {a[1]} : f32", "linalg.yield %dv : f32"], hint="probs")
    o_init = e.filled([b, n, d], 0.0)
    o = e.op(f"linalg.batch_matmul ins({p}, {v} : {ttype([b, n, n])}, {ttype([b, n, d])}) "
             f"outs({o_init} : {ttype([b, n, d])}) -> {ttype([b, n, d])}", "pv")
    return e.linear(o, [b, n, d], weights["wo"]["name"], (d, d))


# -- reference bodies (numpy, float64) ----------------------------------------
def ref_mlp(w):
    return lambda xs, pos: np.tanh(xs @ w["w1"]) @ w["w2"]


def ref_attention(w, slope):
    def f(xs, pos):
        d = xs.shape[-1]
        q, k, v = xs @ w["wq"], xs @ w["wk"], xs @ w["wv"]
        s = q @ np.swapaxes(k, 1, 2) / math.sqrt(d)
        pi = pos[:, :, None].astype(np.float64)
        pj = pos[:, None, :].astype(np.float64)
        s = s + slope * (pi - pj)
        s = np.where(pi >= pj, s, -np.inf)
        s = s - s.max(axis=-1, keepdims=True)
        p = np.exp(s)
        p = p / p.sum(axis=-1, keepdims=True)
        return (p @ v) @ w["wo"]
    return f


def draw_inputs(args, rng, k):
    """Inputs whose router logits separate the top-k clearly (|gap| > 1e-3)
    unless ties are requested; ties are made exact by duplicating tokens."""
    b, s, d = args.batch, args.seq, args.dim
    for _attempt in range(1000):
        x = rng.standard_normal((b, s, d)).astype(np.float32)
        w = (rng.standard_normal(d) / math.sqrt(d)).astype(np.float32)
        if args.ties == "zero-router":
            w[:] = 0.0
        if args.ties == "duplicate" and s > 1:
            # Copy a few tokens onto others so several logits are equal exactly.
            for row in range(b):
                src = rng.choice(s, size=max(1, s // 4), replace=True)
                dst = rng.choice(s, size=len(src), replace=False)
                x[row, dst] = x[row, src]
        bias = np.float32(rng.standard_normal()) if args.bias else None
        r = ref.router(x.astype(np.float64), w.astype(np.float64), None if bias is None else float(bias))
        ok = True
        if args.ties == "none" and k < s:
            for row in r:
                v = np.sort(row)[::-1]
                if v[k - 1] - v[k] < 1e-3:
                    ok = False
        if args.ties == "duplicate" and k < s:
            for row in r:
                v = np.sort(row)[::-1]
                gap = v[k - 1] - v[k]
                if gap != 0.0 and gap < 1e-3:
                    ok = False
        if ok:
            return x, w, bias
    raise SystemExit("could not draw inputs with a clear top-k margin")


def gen(args):
    rng = np.random.default_rng(args.seed)
    b, s, d = args.batch, args.seq, args.dim
    k = ref.capacity_k(args.capacity, s)
    x, w, bias = draw_inputs(args, rng, k)
    fdim = 2 * d
    if args.body == "mlp":
        wts = {"w1": (rng.standard_normal((d, fdim)) / math.sqrt(d)).astype(np.float32),
               "w2": (rng.standard_normal((fdim, d)) / math.sqrt(fdim)).astype(np.float32)}
        f_ref = ref_mlp({n: a.astype(np.float64) for n, a in wts.items()})
    else:
        wts = {n: (rng.standard_normal((d, d)) / math.sqrt(d)).astype(np.float32)
               for n in ("wq", "wk", "wv", "wo")}
        f_ref = ref_attention({n: a.astype(np.float64) for n, a in wts.items()}, args.slope)

    def body(e, xs, pos, n):
        named = {}
        for name, arr in wts.items():
            named[name] = {"name": e.const(arr), "arr": arr}
        if args.body == "mlp":
            return emit_mlp(e, xs, pos, [b, n, d], named)
        return emit_attention(e, xs, pos, [b, n, d], named, args.slope)

    xt, wt = ttype([b, s, d]), ttype([d])
    gate_attr = "" if args.gate == "default" else f', gate = "{args.gate}"'
    operands = "%x, %w" + (", %bias" if bias is not None else "")
    optypes = f"{xt}, {wt}" + (", tensor<f32>" if bias is not None else "")
    params = f"%x: {xt}, %w: {wt}" + (", %bias: tensor<f32>" if bias is not None else "")
    out = [f"// Generated by routed_case.py: body={args.body} B={b} S={s} D={d} "
           f"capacity={args.capacity} (k={k}) gate={args.gate} bias={bias is not None} "
           f"ties={args.ties} seed={args.seed}",
           f"func.func @layer({params}) -> {xt} {{"]
    e = Emitter(indent="    ")
    res = body(e, "%xs", "%pos", k)
    out.append(f"  %y = mod.routed_block({operands}) {{capacity = {args.capacity!r} : f64{gate_attr}}}")
    out.append(f"         : ({optypes}) -> {xt} {{")
    out.append(f"  ^bb0(%xs: {ttype([b, k, d])}, %pos: {ttype([b, k], 'i64')}):")
    out += e.lines
    out.append(f"    mod.yield {res} : {ttype([b, k, d])}")
    out.append("  }")
    out.append(f"  return %y : {xt}")
    out.append("}")

    if args.dense:
        e = Emitter(indent="  ")
        iota = np.tile(np.arange(s, dtype=np.int64), (b, 1))
        pos = e.const(iota, "i64")
        res = body(e, "%x", pos, s)
        out.append(f"func.func @dense(%x: {xt}) -> {xt} {{")
        out += e.lines
        out.append(f"  %y = arith.addf %x, {res} : {xt}")
        out.append(f"  return %y : {xt}")
        out.append("}")

    call_args = "%cx, %cw" + (", %cb" if bias is not None else "")
    main = ["func.func @main() {",
            f"  %cx = arith.constant {dense(x)}",
            f"  %cw = arith.constant {dense(w)}"]
    if bias is not None:
        main.append(f"  %cb = arith.constant {dense(np.array(bias, dtype=np.float32))}")
    main += [f"  %y = call @layer({call_args}) : ({optypes}) -> {xt}",
             f"  %uy = tensor.cast %y : {xt} to tensor<*xf32>",
             "  call @printMemrefF32(%uy) : (tensor<*xf32>) -> ()"]
    if args.dense:
        main += [f"  %d = call @dense(%cx) : ({xt}) -> {xt}",
                 f"  %ud = tensor.cast %d : {xt} to tensor<*xf32>",
                 "  call @printMemrefF32(%ud) : (tensor<*xf32>) -> ()"]
    main += ["  return", "}", "func.func private @printMemrefF32(tensor<*xf32>)"]
    out += main

    x64 = x.astype(np.float64)
    expected = [ref.routed_block(x64, w.astype(np.float64), f_ref, args.capacity,
                                 "raw" if args.gate == "default" else args.gate,
                                 None if bias is None else float(bias))]
    if args.dense:
        iota = np.tile(np.arange(s, dtype=np.int64), (b, 1))
        expected.append(x64 + f_ref(x64, iota))
    Path(args.output + ".mlir").write_text("\n".join(out) + "\n")
    np.savez(args.output + ".npz", *expected)


def gen_topk(args):
    """A standalone mod.topk with many ties and some NaNs."""
    rng = np.random.default_rng(args.seed)
    rows, s, k = args.batch, args.seq, args.k
    scores = rng.integers(0, 6, size=(rows, s)).astype(np.float32)
    scores += (rng.integers(0, 2, size=(rows, s)) * 0.5).astype(np.float32)
    nan_at = rng.random((rows, s)) < 0.05
    scores[nan_at] = np.nan
    vt, it = ttype([rows, k]), ttype([rows, k], "i64")
    e = Emitter(indent="  ")
    v, i = e.topk("%s", rows, s, k)
    out = [f"// Generated by routed_case.py topk: R={rows} S={s} k={k} seed={args.seed}",
           "func.func @main() {",
           f"  %s = arith.constant {dense(scores)}"] + e.lines + [
           f"  %uv = tensor.cast {v} : {vt} to tensor<*xf32>",
           "  call @printMemrefF32(%uv) : (tensor<*xf32>) -> ()",
           f"  %ui = tensor.cast {i} : {it} to tensor<*xi64>",
           "  call @printMemrefI64(%ui) : (tensor<*xi64>) -> ()",
           "  return", "}",
           "func.func private @printMemrefF32(tensor<*xf32>)",
           "func.func private @printMemrefI64(tensor<*xi64>)"]
    values, idx = ref.topk(scores.astype(np.float64), k)
    Path(args.output + ".mlir").write_text("\n".join(out) + "\n")
    np.savez(args.output + ".npz", values, idx)


def check(args):
    got = check_against(args.prefix)
    if args.pair_close and len(got) == 2:
        if not np.allclose(got[0], got[1], rtol=2e-4, atol=2e-4):
            raise SystemExit("FAIL: routed and dense outputs differ")
    print(f"OK: {len(got)} tensor(s) match the reference")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    g = sub.add_parser("gen")
    g.add_argument("--body", choices=["mlp", "attention"], default="mlp")
    g.add_argument("--batch", type=int, default=1)
    g.add_argument("--seq", type=int, default=7)
    g.add_argument("--dim", type=int, default=8)
    g.add_argument("--capacity", type=float, default=0.5)
    g.add_argument("--gate", choices=["raw", "sigmoid", "none", "default"], default="raw")
    g.add_argument("--bias", action="store_true")
    g.add_argument("--ties", choices=["none", "duplicate", "zero-router"], default="none")
    g.add_argument("--slope", type=float, default=-0.1, help="ALiBi-style position slope in attention")
    g.add_argument("--dense", action="store_true", help="also emit and print the dense x + f(x)")
    g.add_argument("--seed", type=int, default=0)
    g.add_argument("-o", "--output", required=True)
    t = sub.add_parser("topk")
    t.add_argument("--batch", type=int, default=4)
    t.add_argument("--seq", type=int, default=300)
    t.add_argument("--k", type=int, default=37)
    t.add_argument("--seed", type=int, default=0)
    t.add_argument("-o", "--output", required=True)
    c = sub.add_parser("check")
    c.add_argument("prefix")
    c.add_argument("--pair-close", action="store_true", help="also require the two printed tensors to agree")
    args = p.parse_args()
    {"gen": gen, "topk": gen_topk, "check": check}[args.cmd](args)


if __name__ == "__main__":
    main()
