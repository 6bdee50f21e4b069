"""MLIR for benchmarks: functions timed from inside main() with rtclock.

Inputs and weights are computed in main() by index-based generics (a cheap
deterministic pattern), not constants, so nothing can be constant-folded and
the IR stays small at GPT-2 width. main() calls the function `warmup` times,
then `repeats` times, printing each call's seconds (printF64) on its own line.
"""

from __future__ import annotations

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
                repeats: int = 3) -> str:
    """main() that builds `args` ((name, shape, scale)) and times calls of @func."""
    e = Emitter("  ")
    names = [pattern_tensor(e, shape, scale, 0.1 * i) for i, (_, shape, scale) in enumerate(args)]
    types = ", ".join(ttype(shape) for _, shape, _ in args)
    out_t = ttype(result_shape)
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
