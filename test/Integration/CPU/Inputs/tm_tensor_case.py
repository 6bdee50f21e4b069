#!/usr/bin/env python3
"""Execution cases for torch-mlir's tm_tensor ops (tm-tensor-ops.test).

  tm_tensor_case.py gen CASE [--ir F] -o PREFIX
                                         writes PREFIX.mlir (the case's IR plus
                                         a @main that calls it on seeded numpy
                                         inputs and prints every result) and
                                         PREFIX.npz (the expected results)
  tm_tensor_case.py check PREFIX         compares PREFIX.out (mlir-runner's
                                         output) with PREFIX.npz

The IR is either a real torch-mlir import (test/Conversion/TMTensorToLinalg/
Inputs/torch-mlir/*.mlir) or a hand-written function of
Inputs/tm_tensor_ops.mlir. The expected values come from numpy
implementations of the PyTorch operators (and, for the Hugging Face LLaMA,
from the logits PyTorch computed, stored by export.py); nothing here runs
our compiler.
"""
import argparse
import re
import sys
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
TORCH_MLIR = ROOT / "Conversion" / "TMTensorToLinalg" / "Inputs" / "torch-mlir"
HAND = HERE / "tm_tensor_ops.mlir"

f32 = np.float32


# ---- numpy references -------------------------------------------------------

def softmax_rows(s):
    """PyTorch's softmax along the last axis; rows that are all -inf give 0."""
    m = s.max(axis=-1, keepdims=True)
    dead = np.isneginf(m)
    e = np.exp(np.where(dead, 0.0, s - np.where(dead, 0.0, m)))
    e = np.where(np.isneginf(s), 0.0, e)
    z = e.sum(axis=-1, keepdims=True)
    return np.where(z == 0, 0.0, e / np.where(z == 0, 1.0, z))


def sdpa(q, k, v, mask=None, scale=None):
    q, k, v = (a.astype(np.float64) for a in (q, k, v))
    scale = 1.0 / np.sqrt(q.shape[-1]) if scale is None else scale
    s = q @ np.swapaxes(k, -1, -2) * scale
    if mask is not None:
        s = np.where(mask, s, -np.inf) if mask.dtype == bool else s + mask
    return softmax_rows(s) @ v


def stable_order(x, axis, descending=False):
    return np.argsort(-x if descending else x, axis=axis, kind="stable")


def index_add(x, idx, v):
    out = x.astype(np.float64).copy()
    np.add.at(out, idx, v)
    return out


def ref_index_put2(x, i, j, v):
    out = x.copy()
    out[i, j] = v
    return out


def ref_sort_dim0(x):
    order = stable_order(x, 0)
    return np.take_along_axis(x, order, 0), order.astype(np.int64)


def ref_topk3(x):
    order = stable_order(x, -1, descending=True)[:, :3]
    return np.take_along_axis(x, order, -1), order.astype(np.int64)


def ref_kthvalue2(x):
    order = stable_order(x, -1)[:, 1]
    return x[np.arange(x.shape[0]), order], order.astype(np.int64)


def ref_scan_exclusive(x, acc0):
    out = np.empty(x.shape, np.float64)
    running = acc0.astype(np.float64)
    for i in range(x.shape[0]):
        out[i] = running
        running = running + x[i]
    return out, out[-1]


def ref_cummax(x):
    out = np.maximum.accumulate(x, axis=2)
    return out, out[:, :, -1]


def ref_scatter_columns(orig, upd, idx):
    out = orig.astype(np.float64).copy()
    for n in range(idx.shape[0]):
        c = int(idx[n, 0])
        c = c + orig.shape[1] if c < 0 else c  # PyTorch: from the end
        if 0 <= c < orig.shape[1]:
            out[:, c] += upd[n, :, 0]
    return out


def ref_scatter_points_max(orig, upd, idx):
    out = orig.copy()
    for n in range(idx.shape[0]):
        i, j = int(idx[n, 0]), int(idx[n, 1])
        i, j = (i + orig.shape[0] if i < 0 else i), (j + orig.shape[1] if j < 0 else j)
        if 0 <= i < orig.shape[0] and 0 <= j < orig.shape[1]:
            out[i, j] = max(out[i, j], upd[n])
    return out


def ref_sort_keys_desc(keys, vals):
    order = stable_order(keys, 1, descending=True)
    return np.take_along_axis(keys, order, 1), np.take_along_axis(vals, order, 1)


def ref_topk_min_indices(x, ids):
    vals = np.empty((2, x.shape[1]), f32)
    idx = np.empty((2, x.shape[1]), np.int32)
    for c in range(x.shape[1]):
        order = np.lexsort((ids[:, c], x[:, c]))[:2]  # by value, then index
        vals[:, c], idx[:, c] = x[order, c], ids[order, c]
    return vals, idx


def ref_topk_max(x):
    order = stable_order(x, 1, descending=True)[:, :3]
    return np.take_along_axis(x, order, 1), order.astype(np.int32)


# ---- cases: (IR file, function, inputs(rng), reference, tolerance) ---------

def tied(rng, shape, levels=3):
    return rng.integers(0, levels, size=shape).astype(f32)


def distinct(rng, shape):
    return rng.permutation(np.prod(shape)).reshape(shape).astype(f32) / 7.0 - 1.0


def llama_inputs(_):
    return [np.load(TORCH_MLIR / "llama_ref.npz")["ids"].astype(np.int64)]


def llama_reference(_ids):
    return [np.load(TORCH_MLIR / "llama_ref.npz")["logits"]]


def bool_mask(rng, shape):
    m = rng.random(shape) > 0.4
    m[..., 1, :] = False  # a fully masked row: PyTorch gives 0
    m[..., 0, 0] = True
    return m


def float_mask(rng, shape):
    m = rng.standard_normal(shape).astype(f32)
    m[..., 2, :] = -np.inf  # fully masked row
    m[..., 0, 1] = -np.inf
    return m


CASES = {
    # Real torch-mlir imports.
    "cumsum": (TORCH_MLIR / "cumsum.mlir", "cumsum",
               lambda r: [r.standard_normal((2, 5)).astype(f32)],
               lambda x: [np.cumsum(x.astype(np.float64), axis=1)], 1e-5),
    "cumsum_i64": (TORCH_MLIR / "cumsum_i64.mlir", "cumsum_i64",
                   lambda r: [r.integers(0, 2, size=(1, 6)).astype(np.int64)],
                   lambda m: [np.cumsum(m, axis=-1) - 1], 0),
    "index_put": (TORCH_MLIR / "index_put.mlir", "index_put",
                  lambda r: [r.standard_normal((5, 3)).astype(f32),
                             np.array([0, -3, 2], np.int64),  # -3 is row 2
                             r.standard_normal((3, 3)).astype(f32)],
                  lambda x, i, v: [index_add(x, i, v)], 1e-5),
    "index_put2": (TORCH_MLIR / "index_put2.mlir", "index_put2",
                   lambda r: [r.standard_normal((4, 5)).astype(f32),
                              np.array([0, 3], np.int64), np.array([1, 4], np.int64),
                              r.standard_normal(2).astype(f32)],
                   lambda x, i, j, v: [ref_index_put2(x, i, j, v)], 0),
    "sort": (TORCH_MLIR / "sort.mlir", "sort", lambda r: [tied(r, (5, 3))],
             lambda x: list(ref_sort_dim0(x)), 0),
    "topk": (TORCH_MLIR / "topk.mlir", "topk", lambda r: [tied(r, (2, 6))],
             lambda x: list(ref_topk3(x)), 0),
    "kthvalue": (TORCH_MLIR / "kthvalue.mlir", "kthvalue", lambda r: [distinct(r, (2, 6))],
                 lambda x: list(ref_kthvalue2(x)), 0),
    "sdpa_causal": (TORCH_MLIR / "sdpa_causal.mlir", "sdpa_causal",
                    lambda r: [r.standard_normal((1, 2, 4, 8)).astype(f32) for _ in range(3)],
                    lambda q, k, v: [sdpa(q, k, v, np.tril(np.ones((4, 4), bool)))], 1e-5),
    "sdpa_fmask": (TORCH_MLIR / "sdpa_fmask.mlir", "sdpa_fmask",
                   lambda r: [r.standard_normal((1, 2, 4, 8)).astype(f32) for _ in range(3)]
                   + [float_mask(r, (1, 1, 4, 4))],
                   lambda q, k, v, m: [sdpa(q, k, v, m)], 1e-5),
    "sdpa_bmask": (TORCH_MLIR / "sdpa_bmask.mlir", "sdpa_bmask",
                   lambda r: [r.standard_normal((1, 2, 4, 8)).astype(f32) for _ in range(3)]
                   + [bool_mask(r, (1, 2, 4, 4))],
                   lambda q, k, v, m: [sdpa(q, k, v, m, scale=0.3)], 1e-5),
    "llama": (TORCH_MLIR / "llama.mlir", "llama", llama_inputs, llama_reference, 1e-4),
    # Hand-written (Inputs/tm_tensor_ops.mlir).
    "scan_exclusive": (HAND, "scan_exclusive",
                       lambda r: [r.standard_normal((3, 2, 4)).astype(f32),
                                  r.standard_normal((2, 4)).astype(f32)],
                       lambda x, a: list(ref_scan_exclusive(x, a)), 1e-5),
    "scan_cummax": (HAND, "scan_cummax", lambda r: [r.standard_normal((2, 3, 5)).astype(f32)],
                    lambda x: list(ref_cummax(x)), 0),
    "scan_dynamic": (HAND, "scan_dynamic", lambda r: [r.standard_normal((3, 7)).astype(f32)],
                     lambda x: [np.cumsum(x.astype(np.float64), axis=1)], 1e-5),
    "scatter_columns": (HAND, "scatter_columns",
                        lambda r: [r.standard_normal((4, 6)).astype(f32),
                                   r.standard_normal((4, 4, 1)).astype(f32),
                                   np.array([[2], [6], [-4], [-7]], np.int32)],
                        lambda o, u, i: [ref_scatter_columns(o, u, i)], 1e-5),
    "scatter_points_max": (HAND, "scatter_points_max",
                           lambda r: [r.standard_normal((3, 4)).astype(f32),
                                      r.standard_normal(5).astype(f32) + 0.5,
                                      np.array([[0, 0], [2, 3], [0, 0], [3, 1], [-2, -1]], np.int64)],
                           lambda o, u, i: [ref_scatter_points_max(o, u, i)], 0),
    "sort_keys_desc": (HAND, "sort_keys_desc",
                       lambda r: [r.integers(-2, 3, size=(3, 7)).astype(np.int32),
                                  r.standard_normal((3, 7)).astype(f32)],
                       lambda k, v: list(ref_sort_keys_desc(k, v)), 0),
    "sort_dynamic": (HAND, "sort_dynamic", lambda r: [r.standard_normal(11).astype(f32)],
                     lambda x: [np.sort(x)], 0),
    "topk_min_indices": (HAND, "topk_min_indices",
                         lambda r: [tied(r, (6, 3)),
                                    (100 + r.permutation(18)).reshape(6, 3).astype(np.int32)],
                         lambda x, i: list(ref_topk_min_indices(x, i)), 0),
    "topk_max": (HAND, "topk_max", lambda r: [tied(r, (2, 9), levels=4)],
                 lambda x: list(ref_topk_max(x)), 0),
    "attention_rank4": (HAND, "attention_rank4",
                        lambda r: [r.standard_normal(s).astype(f32)
                                   for s in ((2, 2, 3, 8), (2, 2, 5, 8), (2, 2, 5, 4))],
                        lambda q, k, v: [sdpa(q, k, v)], 1e-5),
    "attention_dynamic": (HAND, "attention_dynamic",
                          lambda r: [r.standard_normal(s).astype(f32)
                                     for s in ((3, 4, 6), (3, 5, 6), (3, 5, 2))]
                          + [float_mask(r, (3, 4, 5))],
                          lambda q, k, v, m: [sdpa(q, k, v, m, scale=0.25)], 1e-5),
}


# ---- IR generation ------------------------------------------------------------

MLIR_ELT = {np.dtype(np.float32): "f32", np.dtype(np.int64): "i64",
            np.dtype(np.int32): "i32", np.dtype(bool): "i1"}
PRINT = {"f32": "printMemrefF32", "i64": "printMemrefI64", "i32": "printMemrefI32"}


def dense(a):
    """An MLIR dense literal of `a` (floats as raw hex so inf/nan survive)."""
    elt = MLIR_ELT[a.dtype]
    if a.dtype == np.float32:
        body = '"0x' + np.ascontiguousarray(a).astype("<f4").tobytes().hex().upper() + '"'
    elif a.dtype == bool:
        body = np.array2string(a, separator=", ", threshold=sys.maxsize).replace(
            "True", "true").replace("False", "false")
    else:
        body = np.array2string(a, separator=", ", threshold=sys.maxsize)
    return f"dense<{body}> : {ttype(a.shape, elt)}"


def ttype(shape, elt):
    return "tensor<" + "".join(f"{d}x" for d in shape) + elt + ">"


def signature(text, name):
    m = re.search(r"func\.func @" + re.escape(name) + r"\((.*?)\)\s*(?:->\s*(.*?))?\s*\{", text)
    if not m:
        raise SystemExit(f"no function @{name}")
    args = re.findall(r"%[\w.]+\s*:\s*(tensor<[^>]*>)", m.group(1))
    results = re.findall(r"tensor<[^>]*>", m.group(2) or "")
    return args, results


def element(ty):
    return ty[ty.rindex("x") + 1:-1] if "x" in ty else ty[len("tensor<"):-1]


def gen(args):
    path, func, make_inputs, reference, _ = CASES[args.case]
    text = Path(args.ir).read_text() if args.ir else path.read_text()
    arg_types, result_types = signature(text, func)
    rng = np.random.default_rng(args.seed)
    inputs = make_inputs(rng)
    case_inputs = list(inputs)
    # --ir given the function after mod-route-dense: it appended one router
    # weight per routed layer; any values do at capacity 1.0 with gate none.
    for ty in arg_types[len(inputs):]:
        shape = [int(d) for d in ty[len("tensor<"):ty.rindex("x")].split("x")]
        inputs.append(rng.standard_normal(shape).astype(f32))
    assert len(inputs) == len(arg_types), (args.case, arg_types)
    main = ["func.func @main() {"]
    operands = []
    for n, (a, ty) in enumerate(zip(inputs, arg_types)):
        main.append(f"  %in{n} = arith.constant {dense(a)}")
        static = ttype(a.shape, MLIR_ELT[a.dtype])
        if static != ty:  # dynamic dims in the signature
            main.append(f"  %cast{n} = tensor.cast %in{n} : {static} to {ty}")
            operands.append(f"%cast{n}")
        else:
            operands.append(f"%in{n}")
    main.append(f"  %r:{len(result_types)} = call @{func}({', '.join(operands)}) : "
                f"({', '.join(arg_types)}) -> ({', '.join(result_types)})")
    used = set()
    for n, ty in enumerate(result_types):
        elt = element(ty)
        used.add(elt)
        main.append(f"  %u{n} = tensor.cast %r#{n} : {ty} to tensor<*x{elt}>")
        main.append(f"  call @{PRINT[elt]}(%u{n}) : (tensor<*x{elt}>) -> ()")
    main.append("  return")
    main.append("}")
    main += [f"func.func private @{PRINT[e]}(tensor<*x{e}>)" for e in sorted(used)]
    # torch-mlir prints `module { ... }` and then its weights in a
    # `{-# dialect_resources ... #-}` section: @main goes inside the module.
    body, _, resources = text.partition("\n{-#")
    body = body.rstrip()
    if re.search(r"^module\s*(attributes\s*\{[^}]*\}\s*)?\{", body, re.M) and body.endswith("}"):
        body = body[:-1].rstrip() + "\n" + "\n".join("  " + l for l in main) + "\n}\n"
    else:
        body = body + "\n\n" + "\n".join(main) + "\n"
    if resources:
        body += "\n{-#" + resources
    Path(args.output + ".mlir").write_text(body)
    expected = [np.asarray(e) for e in reference(*case_inputs)]
    assert len(expected) == len(result_types), args.case
    np.savez(args.output + ".npz", *expected)
    Path(args.output + ".case").write_text(args.case)


def parse_runner_output(text):
    blocks = text.split("Unranked Memref")[1:]
    values = []
    for b in blocks:
        sizes = [int(s) for s in re.search(r"sizes = \[([^\]]*)\]", b).group(1).replace(",", " ").split()]
        data = b.split("data =", 1)[1]
        toks = data.replace("[", " ").replace("]", " ").replace(",", " ").split()
        values.append(np.array([float(t) for t in toks], np.float64).reshape(sizes))
    return values


def check(args):
    case = Path(args.prefix + ".case").read_text().strip()
    tol = CASES[case][4]
    got = parse_runner_output(Path(args.prefix + ".out").read_text())
    ref = np.load(args.prefix + ".npz")
    expected = [ref[f"arr_{i}"] for i in range(len(ref.files))]
    if len(got) != len(expected):
        raise SystemExit(f"{case}: {len(got)} printed results, expected {len(expected)}")
    for n, (g, e) in enumerate(zip(got, expected)):
        # printMemrefF32 prints 6 significant digits: floats compare to 1e-5
        # at least; integers exactly.
        tol_n = max(tol, 1e-5) if np.issubdtype(e.dtype, np.floating) else 0
        e = e.astype(np.float64)
        if g.shape != e.shape:
            raise SystemExit(f"{case}: result #{n} has shape {g.shape}, expected {e.shape}")
        if not np.allclose(g, e, rtol=tol_n, atol=tol_n, equal_nan=True):
            bad = np.argwhere(~np.isclose(g, e, rtol=tol_n, atol=tol_n, equal_nan=True))[:5]
            detail = ", ".join(f"{tuple(int(j) for j in i)}: got {g[tuple(i)]} expected {e[tuple(i)]}"
                               for i in bad)
            raise SystemExit(f"{case}: result #{n} differs (tolerance {tol_n}): {detail}")
    print(f"{case}: {len(got)} result(s) match numpy")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    g = sub.add_parser("gen")
    g.add_argument("case", choices=sorted(CASES))
    g.add_argument("-o", "--output", required=True)
    g.add_argument("--seed", type=int, default=0)
    g.add_argument("--ir", help="read the case's function from this file instead")
    c = sub.add_parser("check")
    c.add_argument("prefix")
    a = p.parse_args()
    gen(a) if a.cmd == "gen" else check(a)


if __name__ == "__main__":
    main()
