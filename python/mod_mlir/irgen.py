"""Small helpers to write MLIR text the way importers write it (linalg on tensors)."""

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


def affine(dims: str, results: str) -> str:
    return f"affine_map<({dims}) -> ({results})>"


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

    def const(self, arr: np.ndarray, elt: str = "f32") -> str:
        return self.op(f"arith.constant {dense(arr, elt)}", "cst")

    def scalar(self, value: float) -> str:
        return self.op(f"arith.constant {f32_literal(value)} : f32", "c")

    def empty(self, shape) -> str:
        return self.op(f"tensor.empty() : {ttype(shape)}", "empty")

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
