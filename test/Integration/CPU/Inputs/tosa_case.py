#!/usr/bin/env python3
"""A transformer layer pair written in TOSA (as TOSA importers emit it), for
mod-route-dense after upstream tosa-to-linalg.

  tosa_case.py gen --capacity C --gate G [--dense] -o PREFIX
      PREFIX.mlir: the TOSA model + main(); PREFIX.npz: reference output of
      the model with every layer routed at C (or dense with --dense).

Layer: q = x Wq (tosa.matmul, batch-broadcast weights), non-causal softmax
attention with an additive [1, S, S] bias (tosa.add broadcasts it), output
projection, residual add; then MLP = reshape to 2-D, tanh(h W1) W2 via
tosa.matmul on [1, B*S, D], reshape back, residual add.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[4] / "python"))
from mod_mlir import reference as ref  # noqa: E402
from mod_mlir.irgen import dense, ttype  # noqa: E402


def main():
    p = argparse.ArgumentParser()
    p.add_argument("cmd", choices=["gen"])
    p.add_argument("--batch", type=int, default=2)
    p.add_argument("--seq", type=int, default=8)
    p.add_argument("--dim", type=int, default=16)
    p.add_argument("--capacity", type=float, default=0.5)
    p.add_argument("--gate", default="raw")
    p.add_argument("--dense", action="store_true")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("-o", "--output", required=True)
    a = p.parse_args()
    B, S, D = a.batch, a.seq, a.dim
    rng = np.random.default_rng(a.seed)
    f32 = lambda *s, scale=1.0: (scale * rng.standard_normal(s)).astype(np.float32)
    x = f32(B, S, D)
    wq, wo = f32(D, D, scale=D ** -0.5), f32(D, D, scale=D ** -0.5)
    w1, w2 = f32(D, D, scale=D ** -0.5), f32(D, D, scale=D ** -0.5)
    bias = f32(S, S, scale=0.5)
    routers = [f32(D, scale=D ** -0.5) for _ in range(2)]

    def layer(xs, pos):
        q = xs @ wq.astype(np.float64)
        s = q @ np.swapaxes(q, 1, 2) + bias.astype(np.float64)[pos[:, :, None], pos[:, None, :]]
        s = np.exp(s - s.max(-1, keepdims=True))
        attn = (s / s.sum(-1, keepdims=True)) @ q @ wo.astype(np.float64)
        x1 = xs + attn
        return attn + np.tanh(x1 @ w1.astype(np.float64)) @ w2.astype(np.float64)

    y = x.astype(np.float64)
    iota = np.tile(np.arange(S), (B, 1))
    for l in range(2):
        if a.dense:
            y = y + layer(y, iota)
        else:
            y = ref.routed_block(y, routers[l].astype(np.float64), layer, a.capacity, a.gate)

    t3, t2 = ttype([B, S, D]), ttype([1, B * S, D])
    w3 = lambda w, n: f'  {n} = "tosa.const"() {{values = {dense(w[None].repeat(B, 0))}}} : () -> {ttype([B, D, D])}'
    lines = [f"func.func @model(%x: {t3}, %r0: {ttype([D])} {{mod.router = 0 : i64}}, "
             f"%r1: {ttype([D])} {{mod.router = 1 : i64}}) -> {t3} {{",
             w3(wq, "%wq"), w3(wo, "%wo"),
             f'  %w1 = "tosa.const"() {{values = {dense(w1[None])}}} : () -> {ttype([1, D, D])}',
             f'  %w2 = "tosa.const"() {{values = {dense(w2[None])}}} : () -> {ttype([1, D, D])}',
             f'  %bias = "tosa.const"() {{values = {dense(bias[None])}}} : () -> {ttype([1, S, S])}',
             '  %zp = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>',
             '  %sh = "tosa.const"() {values = dense<0> : tensor<1xi8>} : () -> tensor<1xi8>',
             f"  %flat_shape = tosa.const_shape {{values = dense<[1, {B * S}, {D}]> : tensor<3xindex>}} : () -> !tosa.shape<3>",
             f"  %shape = tosa.const_shape {{values = dense<[{B}, {S}, {D}]> : tensor<3xindex>}} : () -> !tosa.shape<3>"]
    mm = lambda a_, b_, ta, tb, tr: f"tosa.matmul {a_}, {b_}, %zp, %zp : ({ta}, {tb}, tensor<1xf32>, tensor<1xf32>) -> {tr}"
    x_in = "%x"
    for l in range(2):
        ss, sr = ttype([B, S, S]), ttype([B, S, 1])
        lines += [
            f"  %q{l} = {mm(x_in, '%wq', t3, ttype([B, D, D]), t3)}",
            f"  %qt{l} = tosa.transpose %q{l} {{perms = array<i32: 0, 2, 1>}} : ({t3}) -> {ttype([B, D, S])}",
            f"  %s{l} = {mm(f'%q{l}', f'%qt{l}', t3, ttype([B, D, S]), ss)}",
            f"  %sb{l} = tosa.add %s{l}, %bias : ({ss}, {ttype([1, S, S])}) -> {ss}",
            f"  %mx{l} = tosa.reduce_max %sb{l} {{axis = 2 : i32}} : ({ss}) -> {sr}",
            f"  %d{l} = tosa.sub %sb{l}, %mx{l} : ({ss}, {sr}) -> {ss}",
            f"  %e{l} = tosa.exp %d{l} : ({ss}) -> {ss}",
            f"  %sum{l} = tosa.reduce_sum %e{l} {{axis = 2 : i32}} : ({ss}) -> {sr}",
            f"  %rc{l} = tosa.reciprocal %sum{l} : ({sr}) -> {sr}",
            f"  %p{l} = tosa.mul %e{l}, %rc{l}, %sh : ({ss}, {sr}, tensor<1xi8>) -> {ss}",
            f"  %o{l} = {mm(f'%p{l}', f'%q{l}', ss, t3, t3)}",
            f"  %a{l} = {mm(f'%o{l}', '%wo', t3, ttype([B, D, D]), t3)}",
            f"  %x1_{l} = tosa.add {x_in}, %a{l} : ({t3}, {t3}) -> {t3}",
            f"  %f{l} = tosa.reshape %x1_{l}, %flat_shape : ({t3}, !tosa.shape<3>) -> {t2}",
            f"  %h{l} = {mm(f'%f{l}', '%w1', t2, ttype([1, D, D]), t2)}",
            f"  %t{l} = tosa.tanh %h{l} : ({t2}) -> {t2}",
            f"  %m{l} = {mm(f'%t{l}', '%w2', t2, ttype([1, D, D]), t2)}",
            f"  %mb{l} = tosa.reshape %m{l}, %shape : ({t2}, !tosa.shape<3>) -> {t3}",
            f"  %x2_{l} = tosa.add %x1_{l}, %mb{l} : ({t3}, {t3}) -> {t3}",
        ]
        x_in = f"%x2_{l}"
    lines += [f"  return {x_in} : {t3}", "}",
              "func.func @main() {", f"  %x = arith.constant {dense(x)}",
              f"  %r0 = arith.constant {dense(routers[0])}", f"  %r1 = arith.constant {dense(routers[1])}",
              f"  %y = call @model(%x, %r0, %r1) : ({t3}, {ttype([D])}, {ttype([D])}) -> {t3}",
              f"  %u = tensor.cast %y : {t3} to tensor<*xf32>",
              "  call @printMemrefF32(%u) : (tensor<*xf32>) -> ()", "  return", "}",
              "func.func private @printMemrefF32(tensor<*xf32>)"]
    Path(a.output + ".mlir").write_text("\n".join(lines) + "\n")
    np.savez(a.output + ".npz", y)


if __name__ == "__main__":
    main()
