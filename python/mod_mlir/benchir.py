"""MLIR for benchmarks: functions timed from inside main() with rtclock.

Inputs and weights are computed in main() by index-based generics (a cheap
deterministic pattern), not constants, so nothing can be constant-folded and
the IR stays small at GPT-2 width. main() calls the function `warmup` times,
then `repeats` times, printing each call's seconds (printF64) on its own line.
"""

from __future__ import annotations

from . import gpt
from .irgen import Emitter, affine, ttype


def pattern_tensor(e: Emitter, shape, scale: float, phase: float) -> str:
    """A tensor filled with scale * sin(0.7*i + 1.3*j + phase) over its last two indices."""
    rank = len(shape)
    dims = ", ".join(f"d{i}" for i in range(rank))
    idmap = affine(dims, dims)
    sc, ph = e.scalar(scale), e.scalar(phase)
    a, b = e.scalar(0.7), e.scalar(1.3)
    last = [f"%i{rank - 1}"] + ([f"%i{rank - 2}"] if rank > 1 else [])

    def body(args):
        lines = [f"{last[0]} = linalg.index {rank - 1} : index",
                 f"%f0 = arith.index_cast {last[0]} : index to i64", "%g0 = arith.sitofp %f0 : i64 to f32",
                 f"%t0 = arith.mulf %g0, {a} : f32"]
        if rank > 1:
            lines += [f"{last[1]} = linalg.index {rank - 2} : index",
                      f"%f1 = arith.index_cast {last[1]} : index to i64", "%g1 = arith.sitofp %f1 : i64 to f32",
                      f"%t1 = arith.mulf %g1, {b} : f32", "%t0b = arith.addf %t0, %t1 : f32"]
        else:
            lines += ["%t0b = arith.addf %t0, %t0 : f32"]
        lines += [f"%t2 = arith.addf %t0b, {ph} : f32", "%s = math.sin %t2 : f32",
                  f"%r = arith.mulf %s, {sc} : f32", "linalg.yield %r : f32"]
        return lines

    return e.generic([], [], [idmap], ["parallel"] * rank, shape, body, hint="pat")


def timing_main(func: str, args: list[tuple[str, tuple, float]], result_shape, warmup: int = 1,
                repeats: int = 3, result_elt: str = "f32") -> str:
    """main() that builds `args` ((name, shape, scale)) and times calls of @func."""
    e = Emitter("  ")
    names = [pattern_tensor(e, shape, scale, 0.1 * i) for i, (_, shape, scale) in enumerate(args)]
    types = ", ".join(ttype(shape) for _, shape, _ in args)
    out_t = ttype(result_shape, result_elt)
    lines = ["func.func private @rtclock() -> f64", "func.func private @printF64(f64)",
             "func.func private @printNewline()", "func.func @main() {"] + e.lines
    lines += ["  %lb = arith.constant 0 : index", "  %step = arith.constant 1 : index",
              f"  %cn = arith.constant {warmup + repeats} : index",
              "  scf.for %it = %lb to %cn step %step {",
              "    %t0 = func.call @rtclock() : () -> f64",
              f"    %y = func.call @{func}({', '.join(names)}) : ({types}) -> {out_t}",
              "    %t1 = func.call @rtclock() : () -> f64",
              "    %dt = arith.subf %t1, %t0 : f64",
              "    func.call @printF64(%dt) : (f64) -> ()",
              "    func.call @printNewline() : () -> ()",
              "  }", "  return", "}"]
    return "\n".join(lines)


def parse_times(text: str, warmup: int = 1) -> list[float]:
    """The per-call seconds printed by timing_main, without the warm-up calls."""
    values = []
    for line in text.splitlines():
        line = line.strip()
        try:
            values.append(float(line))
        except ValueError:
            continue
    return values[warmup:]


def layer_module(cfg: gpt.GPTConfig, warmup: int, repeats: int) -> str:
    """One dense GPT layer (router weights as arguments, so mod-route-dense can
    route it) timed by main() on pattern inputs."""
    w = gpt.init_weights(cfg, 0)
    model = gpt.build_model_ir(cfg, w, router_args=True, weights_as_args=True, head=False)
    args = [("%x", (cfg.batch, cfg.seq, cfg.dim), 1.0), ("%router0", (cfg.dim,), 0.05)]
    args += [(n, shape, 0.05) for n, shape in gpt.build_model_ir.last_weight_args]
    return model + "\n" + timing_main("model", args, (cfg.batch, cfg.seq, cfg.dim), warmup, repeats) + "\n"


def gemm_module(m: int, k: int, n: int, warmup: int, repeats: int) -> str:
    """[m, k] x [k, n] alone, timed by main()."""
    a, b, c = ttype([m, k]), ttype([k, n]), ttype([m, n])
    fn = (f"func.func @gemm(%a: {a}, %b: {b}) -> {c} {{\n"
          f"  %z = arith.constant 0.0 : f32\n  %e = tensor.empty() : {c}\n"
          f"  %f = linalg.fill ins(%z : f32) outs(%e : {c}) -> {c}\n"
          f"  %r = linalg.matmul ins(%a, %b : {a}, {b}) outs(%f : {c}) -> {c}\n  return %r : {c}\n}}")
    return fn + "\n" + timing_main("gemm", [("%a", (m, k), 1.0), ("%b", (k, n), 0.05)], (m, n), warmup, repeats) + "\n"


def routing_module(b: int, s: int, d: int, capacity: float, warmup: int, repeats: int) -> str:
    """Router + top-k + gather + scatter-add alone (the block body is identity)."""
    xt, wt = ttype([b, s, d]), ttype([d])
    k = gpt.ref.capacity_k(capacity, s)
    fn = (f"func.func @route(%x: {xt}, %w: {wt}) -> {xt} {{\n"
          f"  %y = mod.routed_block(%x, %w) {{capacity = {capacity!r} : f64}} : ({xt}, {wt}) -> {xt} {{\n"
          f"  ^bb0(%xs: {ttype([b, k, d])}, %pos: {ttype([b, k], 'i64')}):\n"
          f"    mod.yield %xs : {ttype([b, k, d])}\n  }}\n  return %y : {xt}\n}}")
    return fn + "\n" + timing_main("route", [("%x", (b, s, d), 1.0), ("%w", (d,), 0.05)], (b, s, d), warmup,
                                   repeats) + "\n"


def topk_module(rows: int, s: int, k: int, warmup: int, repeats: int) -> str:
    """mod.topk alone on a [rows, s] score matrix, timed by main()."""
    st, it = ttype([rows, s]), ttype([rows, k], "i64")
    e = Emitter("  ")
    _, i = e.topk("%s", rows, s, k)
    fn = "\n".join([f"func.func @topk(%s: {st}) -> {it} {{"] + e.lines + [f"  return {i} : {it}", "}"])
    return fn + "\n" + timing_main("topk", [("%s", (rows, s), 1.0)], (rows, k), warmup, repeats, "i64") + "\n"


def move_module(b: int, s: int, d: int, k: int, warmup: int, repeats: int) -> str:
    """Top-k + gather of the k rows + scatter-add back (no router, no block):
    with topk_module it gives the data movement of routing alone."""
    xt, st = ttype([b, s, d]), ttype([b, s])
    e = Emitter("  ")
    _, i = e.topk("%s", b, s, k)
    g = e.gather("%x", i, b, s, d, k)
    y = e.scatter_add(g, "%x", i, b, s, d, k, in_bounds=True)  # top-k indices
    fn = "\n".join([f"func.func @move(%x: {xt}, %s: {st}) -> {xt} {{"] + e.lines + [f"  return {y} : {xt}", "}"])
    return fn + "\n" + timing_main("move", [("%x", (b, s, d), 1.0), ("%s", (b, s), 1.0)], (b, s, d), warmup,
                                   repeats) + "\n"
