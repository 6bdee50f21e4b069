"""Differential testing: the same IR through every pipeline configuration.

Every case (a function with static shapes, its inputs and, where one exists,
an independent numpy reference) is compiled with each configuration of
`mod-cpu-pipeline` (GEMMs by library call or generated code, portable, vectorize, fuse,
libm or approximated math, threads, tile sizes) and with
`mod-gpu-pipeline{emulate=cpu}` (its kernels run on the CPU, bounds-checked),
executed through the in-process JIT, and every result is compared with the reference
configuration (`portable=true vectorize=false fuse=false fuse-attention=false`: scalar loops, no
fusion, generated GEMMs) and
with numpy:

* integer and i1 results, and f32 results computed only by exactly rounded
  operations (add, mul, max, select, conversions, compares of such values),
  must be bit-identical;
* f32 results that depend on a reassociated sum, a contraction or a
  transcendental must agree within rtol 1e-5 relative to the magnitude of the
  terms they were computed from (tracked per value by the generator), so
  cancellation cannot hide or fake a difference.

Cases:
  random  seeded random linalg-on-tensors programs (`RandomProgram`): chains
          of linalg.generic with broadcast maps incl. constant-0 results
          ((d0, d1, 0, d3)), permuted maps, reductions over inner/outer dims,
          contractions, linalg.matmul/batch_matmul/transpose/broadcast,
          tensor.expand_shape/collapse_shape, elementwise arith on tensors;
          element types i1/i8/i64/f32; each with a numpy reference computed
          from the generator's own op list.
  models  our generated GPT models (dense and routed, python/mod_mlir/gpt.py),
          routed blocks (test/Integration/CPU/Inputs/routed_case.py), and the
          imported torch-mlir models saved in the repository (*.mlir under
          python/tests/data), dense and routed.
  file    any module: random inputs for a function with static shapes.

  python3 -m mod_mlir.difftest random --seeds 0:40
  python3 -m mod_mlir.difftest random --seeds 0:2000 -j 2 --keep /tmp/dt   # a bigger sweep
  python3 -m mod_mlir.difftest models
  python3 -m mod_mlir.difftest file model.mlir --fn model
  python3 -m mod_mlir.difftest --list-configs

Each case runs in a forked child process (a miscompile that crashes or hangs
is reported with the configuration it happened in). `--keep DIR` writes every
failing case as DIR/<case>.mlir plus DIR/<case>.npz (inputs and reference).
Exit status 1 when any case differs.
"""

from __future__ import annotations

import argparse
import ctypes.util
import math
import os
import pickle
import re
import select
import signal
import sys
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional, Sequence

import numpy as np

ROOT = Path(__file__).resolve().parents[2]

# ---------------------------------------------------------------------------
# Configurations
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Config:
    name: str
    pipeline: str
    needs: tuple[str, ...] = ()  # "runtime" (libmod_cpu_runtime), "omp" (libomp)


# The GPU pipeline without a GPU: mod-gpu-pipeline{emulate=cpu} runs the
# outlined kernels as they would go to NVVM on the CPU (grid loops, an OpenMP
# team per block, omp.barrier, host memory; cuBLAS GEMMs -> mod_cpu_matmul)
# with every kernel access bounds-checked (a violation exits the child).
_GPU_EMU = "mod-gpu-pipeline{emulate=cpu emulate-checks=bounds"


REFERENCE = Config("ref", "mod-cpu-pipeline{portable=true vectorize=false fuse=false fuse-attention=false}")
_RT = ("runtime",)
CONFIGS: list[Config] = [
    REFERENCE,
    Config("default", "mod-cpu-pipeline", ("omp", "runtime")),
    Config("serial", "mod-cpu-pipeline{threads=1}", _RT),
    Config("portable", "mod-cpu-pipeline{portable=true}"),
    Config("novec", "mod-cpu-pipeline{vectorize=false}", _RT),
    Config("nofuse", "mod-cpu-pipeline{fuse=false}", _RT),
    Config("unfused-attention", "mod-cpu-pipeline{fuse-attention=false}", ("omp", "runtime")),
    Config("attention-row-tiles", "mod-cpu-pipeline{attention-tile-bytes=1}", ("omp", "runtime")),
    Config("attention-row-tiles-serial", "mod-cpu-pipeline{threads=1 attention-tile-bytes=200}", _RT),
    Config("libm", "mod-cpu-pipeline{approximate-math=false}", _RT),
    Config("codegen-nofuse", "mod-cpu-pipeline{gemm=codegen fuse=false}"),
    Config("codegen-novec", "mod-cpu-pipeline{gemm=codegen vectorize=false}"),
    Config("threads2", "mod-cpu-pipeline{threads=2}", ("omp", "runtime")),
    Config("tile1-1-1", "mod-cpu-pipeline{gemm=codegen tile-sizes=1,1,1}"),
    Config("tile4-8-16-nofuse", "mod-cpu-pipeline{gemm=codegen tile-sizes=4,8,16 fuse=false}"),
    Config("tile3-5-7", "mod-cpu-pipeline{gemm=codegen tile-sizes=3,5,7}"),
    Config("tile6-16-32-threads2-nofuse", "mod-cpu-pipeline{gemm=codegen tile-sizes=6,16,32 threads=2 fuse=false}",
           ("omp",)),
    Config("tile8-64-128-threads2", "mod-cpu-pipeline{tile-sizes=8,64,128 threads=2}", ("omp", "runtime")),
    Config("gpu-emulate", _GPU_EMU + "}", ("omp", "runtime")),
    Config("gpu-emulate-loops-32", _GPU_EMU + " cublas=false block-size=32}", ("omp", "runtime")),
]
CONFIG_BY_NAME = {c.name: c for c in CONFIGS}


def _cpu_runtime() -> Optional[Path]:
    for d in ([Path(os.environ["MOD_MLIR_LIB_DIR"])] if os.environ.get("MOD_MLIR_LIB_DIR") else []) + \
            [ROOT / "build" / "lib"]:
        if (d / "libmod_cpu_runtime.so").exists():
            return d / "libmod_cpu_runtime.so"
    return None


def available(cfg: Config) -> Optional[str]:
    """None if `cfg` can run here, else why not."""
    if "runtime" in cfg.needs and _cpu_runtime() is None:
        return "no libmod_cpu_runtime.so"
    llvm_lib = _llvm_lib()
    if "omp" in cfg.needs and not (llvm_lib and (llvm_lib / "libomp.so").exists()):
        return "no libomp.so"
    return None


def _llvm_lib() -> Optional[Path]:
    """LLVM's library directory: $MOD_MLIR_LLVM_LIB_DIR, else the build's LLVM
    (mod_mlir._capi.llvm_lib_dir)."""
    from . import _capi
    return _capi.llvm_lib_dir()


def shared_libs() -> list[str]:
    llvm_lib = _llvm_lib()
    libs = [llvm_lib / n for n in ("libmlir_c_runner_utils.so", "libmlir_runner_utils.so", "libomp.so")] \
        if llvm_lib else []
    rt = _cpu_runtime()
    if rt:
        libs.append(rt)
    return [str(p) for p in libs if p.exists()]


# ---------------------------------------------------------------------------
# Cases and comparison
# ---------------------------------------------------------------------------


@dataclass
class Case:
    name: str
    text: str  # the module
    fn: str  # the function to call
    inputs: list  # numpy arrays
    pre: str = ""  # pipeline run once before the configurations (e.g. mod-route-dense)
    expected: Optional[list] = None  # independent numpy reference, if any
    exact: Optional[list] = None  # per result: bit-exact comparison required
    scales: Optional[list] = None  # per result: magnitude of the terms (tolerance scale)
    rtol: float = 1e-5
    ref_rtol: Optional[float] = None  # tolerance vs numpy (default rtol)
    note: str = ""
    opt_level: int = 3  # LLVM optimisation level of the JIT


def _is_exact_dtype(a: np.ndarray) -> bool:
    return a.dtype.kind in "biu"


def compare(got: np.ndarray, want: np.ndarray, exact: bool, scale: float, rtol: float) -> Optional[str]:
    """None when equal (see the module docstring), else a one-line description."""
    got, want = np.asarray(got), np.asarray(want)
    if got.shape != want.shape:
        return f"shape {got.shape}, expected {want.shape}"
    if got.dtype != want.dtype:
        return f"dtype {got.dtype}, expected {want.dtype}"
    if got.dtype == np.bool_:
        g, w = got.view(np.uint8), want.view(np.uint8)  # a packed/garbage byte is not "True"
        bad = g != w
    elif _is_exact_dtype(got):
        bad = got != want
    else:
        nan = np.isnan(got) & np.isnan(want)
        if exact:
            bad = (got != want) & ~nan
        else:
            tol = rtol * np.abs(want.astype(np.float64)) + rtol * max(scale, 1e-30)
            diff = np.abs(got.astype(np.float64) - want.astype(np.float64))
            bad = ~(diff <= tol) & ~nan
    if not np.any(bad):
        return None
    idx = np.argwhere(bad)
    first = tuple(int(i) for i in idx[0]) if idx.size else ()
    g, w = got[first], want[first]
    if got.dtype == np.bool_:  # show the bytes: 1 vs 0, or a packed/garbage byte
        g, w = int(got.view(np.uint8)[first]), int(want.view(np.uint8)[first])
    extra = ""
    if got.dtype.kind == "f" and not exact:
        extra = f", max |diff| {np.nanmax(np.abs(got.astype(np.float64) - want)):.3g} (scale {scale:.3g})"
    return f"{int(bad.sum())} of {bad.size} elements differ, first at {first}: got {g!r}, expected {w!r}{extra}"


@dataclass
class Outcome:
    case: str
    failures: list = field(default_factory=list)  # strings
    seconds: float = 0.0
    configs_run: int = 0


def _child(case: Case, configs: Sequence[Config], conn_fd: int) -> None:
    """Runs in a forked process: compiles and runs `case` under each
    configuration, sending (config, results | error) after each."""
    def send(msg):
        data = pickle.dumps(msg)
        os.write(conn_fd, len(data).to_bytes(8, "little") + data)

    try:
        from .compiler import JIT, Module
        module = Module.parse(case.text)
        if case.pre:
            module.run_pipeline(case.pre)
        libs = shared_libs()
        for cfg in configs:
            send(("start", cfg.name))
            try:
                jit = JIT(module, pipeline=cfg.pipeline, shared_libs=libs, opt_level=case.opt_level)
                results = jit.invoke(case.fn, *case.inputs)
                send(("done", cfg.name, results))
                del jit
            except Exception as err:  # compile/verify failure: report, go on
                send(("error", cfg.name, f"{type(err).__name__}: {err}"[:4000]))
    except Exception:
        send(("fatal", traceback.format_exc()[-4000:]))
    finally:
        os.close(conn_fd)


def _read_messages(fd: int, deadline: float) -> tuple[list, Optional[str]]:
    msgs, buf = [], b""
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            return msgs, "timeout"
        r, _, _ = select.select([fd], [], [], left)
        if not r:
            continue
        chunk = os.read(fd, 1 << 20)
        if not chunk:
            return msgs, None
        buf += chunk
        while len(buf) >= 8:
            n = int.from_bytes(buf[:8], "little")
            if len(buf) < 8 + n:
                break
            msgs.append(pickle.loads(buf[8:8 + n]))
            buf = buf[8 + n:]


def _run_in_child(case: Case, configs: Sequence[Config], timeout: float) -> tuple[dict, list]:
    """Compiles and runs `case` under `configs` in a forked child; returns
    {config: results} and the failures (compile errors, crashes, timeouts)."""
    t0 = time.monotonic()
    rfd, wfd = os.pipe()
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:  # child
        os.close(rfd)
        code = 0
        try:
            _child(case, configs, wfd)
        except BaseException:
            code = 3
        os._exit(code)
    os.close(wfd)
    msgs, problem = _read_messages(rfd, t0 + timeout)
    os.close(rfd)
    if problem == "timeout":
        os.kill(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    results: dict[str, list] = {}
    failures = []
    current, last = None, None
    for m in msgs:
        if m[0] == "start":
            current = m[1]
        elif m[0] == "done":
            results[m[1]] = m[2]
            current, last = None, m[1]
        elif m[0] == "error":
            failures.append(f"[{m[1]}] does not compile: {m[2]}")
            current, last = None, m[1]
        elif m[0] == "fatal":
            failures.append(f"could not set up the case: {m[1]}")
    where = current or (f"after {last}" if last else "setup")
    if problem == "timeout":
        failures.append(f"[{where}] timed out after {timeout:.0f} s")
    elif os.WIFSIGNALED(status):
        failures.append(f"[{where}] crashed (signal {os.WTERMSIG(status)})")
    elif os.WEXITSTATUS(status) != 0 or current is not None:
        failures.append(f"[{where}] the child exited with status {os.WEXITSTATUS(status)}")
    return results, failures


def run_case(case: Case, configs: Sequence[Config], timeout: float = 300.0, isolate: bool = False) -> Outcome:
    """Runs `case` under every configuration (in child processes) and compares.
    With `isolate`, each configuration runs in its own child, so a crash or a
    heap corruption is attributed to the configuration that caused it."""
    t0 = time.monotonic()
    out = Outcome(case.name)
    results: dict[str, list] = {}
    groups = [[c] for c in configs] if isolate else [list(configs)]
    for group in groups:
        res, fails = _run_in_child(case, group, timeout)
        results.update(res)
        out.failures += fails
        if fails and not isolate and any("crashed" in f or "exited" in f for f in fails):
            # Find the culprit: rerun every configuration alone.
            results, out.failures = {}, []
            for c in configs:
                res, fails = _run_in_child(case, [c], timeout)
                results.update(res)
                out.failures += fails
            break
    out.configs_run = len(results)
    out.failures += check_results(case, results)
    out.seconds = time.monotonic() - t0
    return out


def check_results(case: Case, results: dict[str, list]) -> list[str]:
    fails = []
    ref_name = REFERENCE.name if REFERENCE.name in results else next(iter(results), None)
    if ref_name is None:
        return fails
    ref = results[ref_name]
    n = len(ref)
    exact = case.exact or [_is_exact_dtype(np.asarray(r)) for r in ref]
    scales = case.scales or [float(np.nanmax(np.abs(r))) if np.asarray(r).size and np.asarray(r).dtype.kind == "f"
                             else 0.0 for r in (case.expected or ref)]
    if case.expected is not None:
        if len(case.expected) != n:
            fails.append(f"[{ref_name}] {n} results, the numpy reference has {len(case.expected)}")
        else:
            for i, (g, w) in enumerate(zip(ref, case.expected)):
                why = compare(g, np.asarray(w), exact[i], scales[i], case.ref_rtol or case.rtol)
                if why:
                    fails.append(f"[{ref_name}] result #{i} vs numpy: {why}")
    for name, res in results.items():
        if name == ref_name:
            continue
        if len(res) != n:
            fails.append(f"[{name}] {len(res)} results, {ref_name} has {n}")
            continue
        for i, (g, w) in enumerate(zip(res, ref)):
            why = compare(g, w, exact[i], scales[i], case.rtol)
            if why:
                fails.append(f"[{name}] result #{i} vs {ref_name}: {why}")
    return fails


# ---------------------------------------------------------------------------
# Random linalg programs
# ---------------------------------------------------------------------------

ETS = ("f32", "i64", "i8", "i1")
NP = {"f32": np.float32, "i64": np.int64, "i8": np.int8, "i1": np.bool_}
INT_MIN = {"i64": -(1 << 63), "i8": -128}
INT_MAX = {"i64": (1 << 63) - 1, "i8": 127}


def ttype(shape, et: str) -> str:
    dims = "x".join(str(int(d)) for d in shape)
    return f"tensor<{dims}{'x' if len(shape) else ''}{et}>"


def amap(n: int, results: Sequence[Optional[int]]) -> str:
    """affine_map with n dims; results are loop dims or None (constant 0)."""
    dims = ", ".join(f"d{i}" for i in range(n))
    res = ", ".join("0" if r is None else f"d{r}" for r in results)
    return f"affine_map<({dims}) -> ({res})>"


def to_loop(arr: np.ndarray, m: Sequence[Optional[int]], L: Sequence[int]) -> np.ndarray:
    """The view of operand `arr` (indexing map results `m`) over the loop space L."""
    a = arr[tuple(0 if r is None else slice(None) for r in m)]
    dims = [r for r in m if r is not None]
    if dims:
        a = a.transpose(np.argsort(dims))
    shape = [L[d] if d in dims else 1 for d in range(len(L))]
    return np.broadcast_to(a.reshape(shape), tuple(L))


def f32_lit(v: float) -> str:
    v = float(np.float32(v))
    if v.is_integer() and abs(v) < 1e7:
        return f"{v:.1f}"
    return f"0x{np.array([v], dtype='<f4').view('<u4')[0]:08X}"


def dense_lit(arr: np.ndarray, et: str) -> str:
    t = ttype(arr.shape, et)
    if arr.size and np.all(arr == arr.flat[0]):
        v = arr.flat[0]
        s = ("true" if v else "false") if et == "i1" else f32_lit(v) if et == "f32" else str(int(v))
        return f"dense<{s}> : {t}"
    if et == "i1":
        def rec(a):
            if a.ndim == 0:
                return "true" if a else "false"
            return "[" + ", ".join(rec(x) for x in a) + "]"
        return f"dense<{rec(arr)}> : {t}"
    blob = np.ascontiguousarray(arr, dtype={"f32": "<f4", "i64": "<i8", "i8": "i1"}[et]).tobytes().hex().upper()
    return f'dense<"0x{blob}"> : {t}'


@dataclass
class Val:
    name: str
    shape: tuple
    et: str
    arr: np.ndarray
    exact: bool = True
    scale: float = 0.0
    is_input: bool = False
    uses: int = 0


@dataclass
class Node:
    """A scalar SSA value in a generic's body: its values over the loop space."""
    name: str
    et: str
    arr: np.ndarray
    exact: bool = True
    scale: float = 0.0


def _absmax(a) -> float:
    a = np.asarray(a)
    if a.size == 0 or a.dtype == np.bool_:
        return 1.0 if a.dtype == np.bool_ else 0.0
    return float(np.max(np.abs(a.astype(np.float64))))


class RandomProgram:
    """A seeded random linalg-on-tensors function `@fn` plus its numpy reference."""

    POOL = (1, 1, 2, 3, 4, 5, 7, 8, 16, 17, 32)

    def __init__(self, seed: int, ops: int = 0, max_elems: int = 2048, return_all: bool = False,
                 avoid: Sequence[str] = ()):
        self.seed = seed
        self.avoid = set(avoid)
        self.return_all = return_all
        self.rng = np.random.default_rng(seed)
        self.max_elems = max_elems
        self.n_ops = ops or int(self.rng.integers(3, 9))
        self.lines: list[str] = []
        self.args: list[Val] = []
        self.values: list[Val] = []
        self.log: list[str] = []
        self._n = 0
        # A few sizes the program's shapes share, so maps between them exist.
        self.sizes = sorted(set(int(s) for s in self.rng.choice(self.POOL[2:], size=3, replace=False)))
        with np.errstate(all="ignore"):
            for _ in range(self.n_ops):
                self._one_op()
        self._finish()

    # -- helpers ----------------------------------------------------------
    def fresh(self, hint="v") -> str:
        self._n += 1
        return f"%{hint}{self._n}"

    def choice(self, seq):
        return seq[int(self.rng.integers(len(seq)))]

    def chance(self, p: float) -> bool:
        return bool(self.rng.random() < p)

    def rand_array(self, shape, et: str) -> np.ndarray:
        return np.asarray(self._rand_array(shape, et))

    def _rand_array(self, shape, et: str):
        r = self.rng
        if et == "f32":
            if self.chance(0.6):  # multiples of 0.5: ties and exact sums are common
                return (r.integers(-6, 7, size=shape) * 0.5).astype(np.float32)
            return r.standard_normal(shape).astype(np.float32)
        if et == "i64":
            if self.chance(0.15):
                return r.integers(-(1 << 40), 1 << 40, size=shape, dtype=np.int64)
            return r.integers(-5, 6, size=shape).astype(np.int64)
        if et == "i8":
            if self.chance(0.3):
                return r.integers(-128, 128, size=shape).astype(np.int8)
            return r.integers(-4, 5, size=shape).astype(np.int8)
        return r.random(shape) < 0.5

    def new_input(self, shape, et: str) -> Val:
        """A fresh function argument, or (sometimes) a dense constant."""
        arr = self.rand_array(tuple(shape), et)
        if self.chance(0.2):
            name = self.fresh("cst")
            self.lines.append(f"  {name} = arith.constant {dense_lit(arr, et)}")
            v = Val(name, tuple(shape), et, arr, True, _absmax(arr), is_input=True)
        else:
            v = Val(f"%arg{len(self.args)}", tuple(shape), et, arr, True, _absmax(arr), is_input=True)
            self.args.append(v)
        return v

    def add_value(self, v: Val, what: str) -> Val:
        self.values.append(v)
        self.log.append(f"{v.name}: {what} -> {ttype(v.shape, v.et)}")
        return v

    def pick(self, pred: Callable[[Val], bool] = lambda v: True, recent: bool = True) -> Optional[Val]:
        cands = [v for v in self.values if pred(v)]
        if not cands:
            return None
        w = np.arange(1, len(cands) + 1, dtype=np.float64) ** (2.0 if recent else 0.0)
        return cands[int(self.rng.choice(len(cands), p=w / w.sum()))]

    def rand_shape(self, rank: int) -> tuple:
        for _ in range(20):
            s = tuple(int(self.choice(self.sizes + [1])) for _ in range(rank))
            if math.prod(s) <= self.max_elems:
                return s
        return tuple(1 for _ in range(rank))

    def find_map(self, shape, L, allow_const=True) -> Optional[list]:
        """A random valid indexing map of an operand of `shape` into loop space L."""
        for _ in range(30):
            used, m, ok = set(), [], True
            for s in shape:
                opts = [j for j in range(len(L)) if j not in used and L[j] == s]
                if s == 1 and allow_const and (not opts or self.chance(0.6)):
                    m.append(None)
                    continue
                if not opts:
                    ok = False
                    break
                j = self.choice(opts)
                used.add(j)
                m.append(j)
            if ok:
                return m
        return None

    def derived_shape(self, L, bcast: bool) -> tuple[tuple, list]:
        """A shape (and its map) for a fresh operand of loop space L: a subset
        of the loop dims, maybe permuted, unit dims broadcast via constant 0."""
        n = len(L)
        keep = [j for j in range(n) if self.chance(0.75)]
        if self.chance(0.2):
            keep = list(self.rng.permutation(keep))
        shape, m = [], []
        if bcast and self.chance(0.7):  # same rank, size-1 dims at the broadcast positions (torch-mlir style)
            for j in range(n):
                if j in keep or L[j] == 1:
                    shape.append(L[j])
                    m.append(j)
                else:
                    shape.append(1)
                    m.append(None)
            return tuple(shape), m
        for j in keep:
            shape.append(L[j])
            m.append(int(j))
        if self.chance(0.3):
            pos = int(self.rng.integers(len(shape) + 1))
            shape.insert(pos, 1)
            m.insert(pos, None)
        return tuple(shape), m

    # -- ops -----------------------------------------------------------------
    def _one_op(self):
        kinds = ["elementwise"] * 5 + ["mask"] * 2 + ["reduce"] * 3 + [
            "contract", "matmul", "batch_matmul", "transpose", "broadcast", "collapse", "expand", "tensor_arith",
            "extract_slice", "insert_slice", "concat", "pad", "argmax", "gather"]
        for _ in range(10):
            kind = self.choice(kinds)
            if getattr(self, "op_" + kind)():
                return
        self.op_elementwise()

    def _loop_space_from(self, v: Optional[Val], extra_dims: int) -> list:
        if v is None:
            L = list(self.rand_shape(int(self.rng.integers(1, 5))))
        else:
            L = list(v.shape)
            for j, s in enumerate(L):  # broadcast some unit dims
                if s == 1 and self.chance(0.4):
                    L[j] = int(self.choice(self.sizes))
        for _ in range(extra_dims):
            if len(L) < 4:
                L.insert(int(self.rng.integers(len(L) + 1)), int(self.choice(self.sizes + [1])))
        while math.prod(L) > self.max_elems:
            j = int(np.argmax(L))
            L[j] = 1
        if not L:
            L = [int(self.choice(self.sizes))]
        return L

    def _gather_inputs(self, L, n_in: int, first: Optional[Val], bcast: bool, ets=None):
        """Operands (value, map) for loop space L."""
        ins = []
        if first is not None:
            m = self.find_map(first.shape, L)
            if m is not None:
                ins.append((first, m))
        while len(ins) < n_in:
            et = self.choice(ets) if ets else self.choice(["f32", "f32", "i64", "i8", "i1"])
            v = None
            if self.chance(0.5):
                v = self.pick(lambda x: x.et == et and x not in [i[0] for i in ins]
                              and self.find_map(x.shape, L) is not None, recent=False)
            if v is not None:
                ins.append((v, self.find_map(v.shape, L)))
            else:
                shape, m = self.derived_shape(L, bcast)
                ins.append((self.new_input(shape, et), m))
        return ins

    def _ensure_cover(self, L, ins, out_map):
        covered = set(d for _, m in ins for d in m if d is not None) | set(d for d in out_map if d is not None)
        missing = [j for j in range(len(L)) if j not in covered]
        if missing:
            shape = tuple(L[j] for j in missing)
            ins.append((self.new_input(shape, self.choice(["f32", "i64", "i8", "i1"])), missing))
        return ins

    def _emit_generic(self, L, iters, ins, out_map, out_shape, out_et, init: Val, body_fn, what: str,
                      use_out_in_body: bool) -> Val:
        n = len(L)
        bargs = [self.fresh("in") for _ in ins]
        bout = self.fresh("out")
        leaves = []
        for (v, m), b in zip(ins, bargs):
            leaves.append(Node(b, v.et, to_loop(v.arr, m, L), v.exact, v.scale))
            v.uses += 1
        out_leaf = None
        if use_out_in_body:
            out_leaf = Node(bout, out_et, to_loop(init.arr, out_map, L), init.exact, init.scale)
        body = Body(self, L, leaves, out_leaf)
        result_node = body_fn(body, Node(bout, out_et, None))
        maps = [amap(n, m) for _, m in ins] + [amap(n, out_map)]
        it = ", ".join(f'"{i}"' for i in iters)
        name = self.fresh("g")
        ins_txt = ""
        if ins:
            ins_txt = (f"ins({', '.join(v.name for v, _ in ins)} : "
                       f"{', '.join(ttype(v.shape, v.et) for v, _ in ins)}) ")
        header = ", ".join([f"{b}: {v.et}" for (v, _), b in zip(ins, bargs)] + [f"{bout}: {out_et}"])
        self.lines.append(f"  {name} = linalg.generic {{indexing_maps = [{', '.join(maps)}], "
                          f"iterator_types = [{it}]}} {ins_txt}outs({init.name} : {ttype(out_shape, out_et)}) {{")
        self.lines.append(f"  ^bb0({header}):")
        self.lines += ["    " + l for l in body.lines]
        self.lines.append(f"    linalg.yield {result_node.name} : {out_et}")
        self.lines.append(f"  }} -> {ttype(out_shape, out_et)}")
        init.uses += 1
        return name, result_node

    def _empty(self, shape, et) -> Val:
        name = self.fresh("empty")
        self.lines.append(f"  {name} = tensor.empty() : {ttype(shape, et)}")
        return Val(name, tuple(shape), et, np.zeros(shape, NP[et]), True, 0.0)

    def _fill(self, shape, et, value) -> Val:
        e = self._empty(shape, et)
        c = self.fresh("c")
        if et == "f32":
            lit = f32_lit(value) if np.isfinite(value) else ("0xFF800000" if value < 0 else "0x7F800000")
            self.lines.append(f"  {c} = arith.constant {lit} : f32")
        elif et == "i1":
            self.lines.append(f"  {c} = arith.constant {'true' if value else 'false'}")
        else:
            self.lines.append(f"  {c} = arith.constant {int(value)} : {et}")
        name = self.fresh("fill")
        self.lines.append(f"  {name} = linalg.fill ins({c} : {et}) outs({e.name} : {ttype(shape, et)}) "
                          f"-> {ttype(shape, et)}")
        arr = np.full(shape, value, dtype=NP[et])
        return Val(name, tuple(shape), et, arr, True, _absmax(arr) if et == "f32" else 0.0)

    def op_elementwise(self, force_mask: bool = False) -> bool:
        first = self.pick() if self.values and self.chance(0.85) else None
        L = self._loop_space_from(first, int(self.rng.integers(0, 2)) if not force_mask else 1)
        n = len(L)
        if force_mask:
            # Two operands broadcast against each other through constant-0
            # results (size-1 dims), compared into an i1 tensor: the causal
            # mask as torch-mlir writes it.
            src = self.choice(["i64", "i64", "f32", "i8"])
            ins = []
            for unit in (n - 1, n - 2):
                shape = tuple(1 if j == unit else L[j] for j in range(n))
                m = [None if j == unit else j for j in range(n)]
                ins.append((self.new_input(shape, src), m))
            out_et = "i1"
        else:
            ins = self._gather_inputs(L, int(self.rng.integers(1, 4)), first, bcast=True)
            out_et = self.choice(["f32", "f32", "i1", "i1", "i64", "i8"])
        perm = list(range(n))
        if n >= 2 and self.chance(0.15):
            perm = [int(x) for x in self.rng.permutation(n)]
        out_shape = tuple(L[p] for p in perm)
        init = None
        use_out = False
        if self.chance(0.15):
            init = self.pick(lambda v: v.shape == out_shape and v.et == out_et and not v.is_input)
            use_out = init is not None
        if init is None:
            init = self._empty(out_shape, out_et)
        ins = self._ensure_cover(L, ins, perm)

        def body(b: Body, _out):
            if use_out:
                b.leaves.append(b.out_leaf)
            if force_mask:
                x, y = b.leaves[0], b.leaves[1]
                if src == "f32":
                    pred = self.choice(list(_CMPF))
                    return b.emit(f"arith.cmpf {pred}, {x.name}, {y.name} : f32", "i1", _CMPF[pred](x.arr, y.arr))
                pred = self.choice(["sle", "slt", "sge", "eq"])
                return b.emit(f"arith.cmpi {pred}, {x.name}, {y.name} : {src}", "i1", _CMPI[pred](x.arr, y.arr))
            e = b.expr(out_et, int(self.rng.integers(1, 4)))
            if "invariant-reduction" in self.avoid and b.leaves:
                # (fused into a reduction, an input-independent value is the same bug)
                x = b.convert(self.choice(b.leaves), out_et)
                e = b.binop({"f32": "addf", "i1": "xori"}.get(out_et, "addi"), e, x)
            return e
        name, node = self._emit_generic(L, ["parallel"] * n, ins, perm, out_shape, out_et, init, body,
                                        "elementwise", use_out)
        arr = np.array(np.broadcast_to(node.arr, tuple(L)).transpose(perm), dtype=NP[out_et], order="C")
        self.add_value(Val(name, out_shape, out_et, arr, node.exact, node.scale),
                       f"{'mask' if force_mask else 'elementwise'} generic over {L}, maps "
                       f"{[m for _, m in ins]} -> {perm}")
        return True

    def op_mask(self) -> bool:
        return self.op_elementwise(force_mask=True)

    def op_reduce(self) -> bool:
        first = self.pick(lambda v: len(v.shape) >= 1) if self.values and self.chance(0.85) else None
        L = self._loop_space_from(first, int(self.rng.integers(0, 2)))
        n = len(L)
        k = int(self.rng.integers(1, min(2, n) + 1))
        red = sorted(int(x) for x in self.rng.choice(n, size=k, replace=False))
        if n == k and not self.chance(0.3):
            red = red[1:] if len(red) > 1 else red
        par = [j for j in range(n) if j not in red]
        if len(par) >= 2 and self.chance(0.2):
            par = [int(x) for x in self.rng.permutation(par)]
        out_shape = tuple(L[j] for j in par)
        out_et = self.choice(["f32", "f32", "f32", "i64", "i8", "i1"])
        kinds = {"f32": ["add", "add", "max", "min"], "i64": ["add", "max", "min", "xor"],
                 "i8": ["add", "max", "min"], "i1": ["or", "and", "xor"]}[out_et]
        comb = self.choice(kinds)
        neutral = {"add": 0, "xor": 0, "or": False, "and": True,
                   "max": -np.inf if out_et == "f32" else INT_MIN.get(out_et, 0),
                   "min": np.inf if out_et == "f32" else INT_MAX.get(out_et, 0)}[comb]
        init = None
        if self.chance(0.2):
            init = self.pick(lambda v: v.shape == out_shape and v.et == out_et and not v.is_input)
        if init is None:
            value = neutral
            if self.chance(0.15) and comb in ("add", "max", "min"):
                value = {"f32": 1.5, "i64": 3, "i8": -2}[out_et]
            init = self._fill(out_shape, out_et, value)
        ins = self._gather_inputs(L, int(self.rng.integers(1, 3)), first, bcast=True)
        ins = self._ensure_cover(L, ins, par)
        # Every reduction dim must be read by an input.
        covered = set(d for _, m in ins for d in m if d is not None)
        if any(r not in covered for r in red):
            ins.append((self.new_input(tuple(L), out_et if out_et != "i1" else "f32"), list(range(n))))

        def body(b: Body, out: Node):
            e = b.expr(out_et, int(self.rng.integers(1, 3)))
            if "invariant-reduction" in self.avoid:
                # Make the reduced value depend on an input (folding cannot remove it).
                x = b.convert(self.choice(b.leaves), out_et)
                e = b.binop({"f32": "addf", "i1": "xori"}.get(out_et, "addi"), e, x)
            return b.combine(comb, e, out)
        name, node = self._emit_generic(L, ["reduction" if j in red else "parallel" for j in range(n)],
                                        ins, par, out_shape, out_et, init, body, "reduce", False)
        arr, exact, scale = reduce_ref(comb, out_et, node, red, par, init)
        self.add_value(Val(name, out_shape, out_et, arr, exact, scale),
                       f"{comb}-reduction over dims {red} of {L}, maps {[m for _, m in ins]} -> {par}")
        return True

    def op_contract(self) -> bool:
        """A generic contraction C[m,n] (+)= A . B with random operand layouts
        (what tile-and-vectorize turns into vector.contract)."""
        et = "f32" if self.chance(0.85) else "i64"
        batched = self.chance(0.3)
        a0 = self.pick(lambda v: v.et == et and len(v.shape) == (3 if batched else 2) and
                       math.prod(v.shape) > 1)
        if a0 is not None and self.chance(0.7):
            dims = list(a0.shape)
            M, K = dims[-2], dims[-1]
            B = dims[0] if batched else 1
        else:
            M, K = int(self.choice(self.sizes)), int(self.choice(self.sizes))
            B = int(self.choice(self.sizes)) if batched else 1
            a0 = None
        N = int(self.choice(self.sizes))
        if B * M * N * K > self.max_elems * 4:
            return False
        # loop dims: (b,) m, n, k
        off = 1 if batched else 0
        L = ([B] if batched else []) + [M, N, K]
        dm, dn, dk = off, off + 1, off + 2
        bdim = [0] if batched else []
        a_map = bdim + ([dm, dk] if a0 is not None or self.chance(0.7) else [dk, dm])
        b_map = bdim + ([dk, dn] if self.chance(0.6) else [dn, dk])
        a = a0 if a0 is not None else self.new_input(tuple(L[d] for d in a_map), et)
        b = self.new_input(tuple(L[d] for d in b_map), et)
        out_map = bdim + [dm, dn]
        out_shape = tuple(L[d] for d in out_map)
        init = None
        if self.chance(0.3):
            init = self.pick(lambda v: v.shape == out_shape and v.et == et and not v.is_input)
        if init is None:
            init = self._fill(out_shape, et, 0)
        ins = [(a, a_map), (b, b_map)]
        red = [dk]

        def body(bb: Body, out: Node):
            p = bb.binop("mulf" if et == "f32" else "muli", bb.leaves[0], bb.leaves[1])
            return bb.combine("add", p, out)
        name, node = self._emit_generic(L, ["reduction" if j == dk else "parallel" for j in range(len(L))],
                                        ins, out_map, out_shape, et, init, body, "contract", False)
        arr, exact, scale = reduce_ref("add", et, node, red, out_map, init)
        self.add_value(Val(name, out_shape, et, arr, exact, scale),
                       f"contraction generic {L} maps {a_map} x {b_map} -> {out_map}")
        return True

    def _matmul_ref(self, a: Val, b: Val, c: Val, et: str):
        if et == "f32":
            prod = np.matmul(a.arr.astype(np.float64), b.arr.astype(np.float64))
            arr = (prod + c.arr.astype(np.float64)).astype(np.float32)
            terms = np.matmul(np.abs(a.arr.astype(np.float64)), np.abs(b.arr.astype(np.float64)))
            K = a.shape[-1]
            scale = max(float(np.max(terms + np.abs(c.arr))) if terms.size else 0.0,
                        K * (a.scale * _absmax(b.arr) + b.scale * _absmax(a.arr)), c.scale)
            return arr, False, scale
        arr = (np.matmul(a.arr.astype(np.int64), b.arr.astype(np.int64)) + c.arr).astype(np.int64)
        return arr, True, 0.0

    def op_matmul(self, batched: bool = False) -> bool:
        rank = 3 if batched else 2
        et = "f32" if self.chance(0.9) else "i64"
        a = self.pick(lambda v: v.et == et and len(v.shape) == rank)
        if a is None or self.chance(0.3):
            a = self.new_input(self.rand_shape(rank), et)
        N = int(self.choice(self.sizes + [1]))
        bshape = a.shape[:-2] + (a.shape[-1], N) if batched else (a.shape[-1], N)
        b = self.pick(lambda v: v.et == et and v.shape == bshape) if self.chance(0.3) else None
        if b is None:
            b = self.new_input(bshape, et)
        if et == "i64" and (_absmax(a.arr) > 1e6 or _absmax(b.arr) > 1e6):
            return False
        out_shape = a.shape[:-1] + (N,)
        c = None
        if self.chance(0.3):
            c = self.pick(lambda v: v.et == et and v.shape == out_shape and not v.is_input)
        if c is None:
            c = self._fill(out_shape, et, 0)
        op = "linalg.batch_matmul" if batched else "linalg.matmul"
        name = self.fresh("mm")
        self.lines.append(f"  {name} = {op} ins({a.name}, {b.name} : {ttype(a.shape, et)}, {ttype(b.shape, et)}) "
                          f"outs({c.name} : {ttype(out_shape, et)}) -> {ttype(out_shape, et)}")
        for v in (a, b, c):
            v.uses += 1
        arr, exact, scale = self._matmul_ref(a, b, c, et)
        self.add_value(Val(name, out_shape, et, arr, exact, scale), f"{op} {a.shape} x {b.shape}")
        return True

    def op_batch_matmul(self) -> bool:
        return self.op_matmul(batched=True)

    def op_transpose(self) -> bool:
        v = self.pick(lambda x: len(x.shape) >= 2)
        if v is None:
            return False
        n = len(v.shape)
        perm = [int(x) for x in self.rng.permutation(n)]
        if perm == list(range(n)):
            perm = perm[1:] + perm[:1]
        out_shape = tuple(v.shape[p] for p in perm)
        e = self._empty(out_shape, v.et)
        name = self.fresh("tr")
        self.lines.append(f"  {name} = linalg.transpose ins({v.name} : {ttype(v.shape, v.et)}) "
                          f"outs({e.name} : {ttype(out_shape, v.et)}) permutation = [{', '.join(map(str, perm))}]")
        v.uses += 1
        self.add_value(Val(name, out_shape, v.et, np.array(v.arr.transpose(perm), order="C"), v.exact, v.scale),
                       f"linalg.transpose {perm}")
        return True

    def op_broadcast(self) -> bool:
        v = self.pick(lambda x: len(x.shape) <= 3)
        if v is None:
            return False
        shape = list(v.shape)
        dims = []
        for _ in range(int(self.rng.integers(1, 3))):
            if len(shape) >= 4:
                break
            pos = int(self.rng.integers(len(shape) + 1))
            shape.insert(pos, int(self.choice(self.sizes + [1])))
            dims = [d + (d >= pos) for d in dims] + [pos]
        if math.prod(shape) > self.max_elems:
            return False
        dims = sorted(dims)
        e = self._empty(tuple(shape), v.et)
        name = self.fresh("bc")
        self.lines.append(f"  {name} = linalg.broadcast ins({v.name} : {ttype(v.shape, v.et)}) "
                          f"outs({e.name} : {ttype(shape, v.et)}) dimensions = [{', '.join(map(str, dims))}]")
        v.uses += 1
        arr = np.broadcast_to(np.expand_dims(v.arr, tuple(dims)), tuple(shape)).copy()
        self.add_value(Val(name, tuple(shape), v.et, arr, v.exact, v.scale), f"linalg.broadcast dims {dims}")
        return True

    def op_collapse(self) -> bool:
        v = self.pick(lambda x: len(x.shape) >= 2)
        if v is None:
            return False
        n = len(v.shape)
        groups, i = [], 0
        while i < n:
            size = int(self.rng.integers(1, n - i + 1))
            groups.append(list(range(i, i + size)))
            i += size
        if len(groups) == n:
            groups = [list(range(n))] if self.chance(0.3) else [[0, 1]] + [[j] for j in range(2, n)]
        out_shape = tuple(int(math.prod(v.shape[j] for j in g)) for g in groups)
        name = self.fresh("col")
        self.lines.append(f"  {name} = tensor.collapse_shape {v.name} {groups} : {ttype(v.shape, v.et)} "
                          f"into {ttype(out_shape, v.et)}")
        v.uses += 1
        self.add_value(Val(name, out_shape, v.et, v.arr.reshape(out_shape), v.exact, v.scale),
                       f"tensor.collapse_shape {groups}")
        return True

    def op_expand(self) -> bool:
        v = self.pick(lambda x: 1 <= len(x.shape) <= 3)
        if v is None:
            return False
        d = int(self.rng.integers(len(v.shape)))
        size = v.shape[d]
        divs = [q for q in range(2, size) if size % q == 0]
        if divs and self.chance(0.7):
            q = self.choice(divs)
            parts = [q, size // q]
        else:
            parts = [1, size] if self.chance(0.5) else [size, 1]
        out_shape = v.shape[:d] + tuple(parts) + v.shape[d + 1:]
        groups, j = [], 0
        for i in range(len(v.shape)):
            if i == d:
                groups.append([j, j + 1])
                j += 2
            else:
                groups.append([j])
                j += 1
        name = self.fresh("exp")
        self.lines.append(f"  {name} = tensor.expand_shape {v.name} {groups} output_shape "
                          f"[{', '.join(map(str, out_shape))}] : {ttype(v.shape, v.et)} into {ttype(out_shape, v.et)}")
        v.uses += 1
        self.add_value(Val(name, out_shape, v.et, v.arr.reshape(out_shape), v.exact, v.scale),
                       f"tensor.expand_shape {groups}")
        return True

    def op_extract_slice(self) -> bool:
        v = self.pick(lambda x: len(x.shape) >= 1 and math.prod(x.shape) > 1)
        if v is None:
            return False
        offs, sizes, strides = [], [], []
        for n in v.shape:
            st = 2 if n >= 4 and self.chance(0.25) else 1
            size = int(self.rng.integers(1, (n - 1) // st + 2))
            off = int(self.rng.integers(0, n - (size - 1) * st))
            offs.append(off)
            sizes.append(size)
            strides.append(st)
        idx = tuple(slice(o, o + (z - 1) * t + 1, t) for o, z, t in zip(offs, sizes, strides))
        arr = v.arr[idx]
        out_shape = tuple(sizes)
        if any(z == 1 for z in sizes) and len(sizes) > 1 and self.chance(0.4):  # rank-reducing
            out_shape = tuple(z for z in sizes if z != 1) or (1,)
            arr = arr.reshape(out_shape)
            if out_shape == (1,) and all(z == 1 for z in sizes):
                return False
        name = self.fresh("sl")
        self.lines.append(f"  {name} = tensor.extract_slice {v.name}[{', '.join(map(str, offs))}] "
                          f"[{', '.join(map(str, sizes))}] [{', '.join(map(str, strides))}] : "
                          f"{ttype(v.shape, v.et)} to {ttype(out_shape, v.et)}")
        v.uses += 1
        self.add_value(Val(name, out_shape, v.et, np.array(arr, order="C"), v.exact, v.scale),
                       f"tensor.extract_slice offsets {offs} sizes {sizes} strides {strides}")
        return True

    def op_insert_slice(self) -> bool:
        dst = self.pick(lambda x: len(x.shape) >= 1 and math.prod(x.shape) > 1 and not x.is_input)
        if dst is None:
            return False
        offs, sizes, strides = [], [], []
        for n in dst.shape:
            st = 2 if n >= 4 and self.chance(0.2) else 1
            size = int(self.rng.integers(1, (n - 1) // st + 2))
            offs.append(int(self.rng.integers(0, n - (size - 1) * st)))
            sizes.append(size)
            strides.append(st)
        src = self.pick(lambda x: x.shape == tuple(sizes) and x.et == dst.et and x is not dst, recent=False)
        if src is None:
            src = self.new_input(tuple(sizes), dst.et)
        arr = np.array(dst.arr, order="C")
        arr[tuple(slice(o, o + (z - 1) * t + 1, t) for o, z, t in zip(offs, sizes, strides))] = src.arr
        name = self.fresh("ins")
        self.lines.append(f"  {name} = tensor.insert_slice {src.name} into {dst.name}[{', '.join(map(str, offs))}] "
                          f"[{', '.join(map(str, sizes))}] [{', '.join(map(str, strides))}] : "
                          f"{ttype(src.shape, src.et)} into {ttype(dst.shape, dst.et)}")
        src.uses += 1
        dst.uses += 1
        self.add_value(Val(name, dst.shape, dst.et, arr, src.exact and dst.exact, max(src.scale, dst.scale)),
                       f"tensor.insert_slice offsets {offs} sizes {sizes} strides {strides}")
        return True

    def op_concat(self) -> bool:
        a = self.pick(lambda x: len(x.shape) >= 1)
        if a is None:
            return False
        d = int(self.rng.integers(len(a.shape)))
        b = self.pick(lambda x: x is not a and x.et == a.et and len(x.shape) == len(a.shape) and
                      all(x.shape[i] == a.shape[i] for i in range(len(a.shape)) if i != d), recent=False)
        if b is None:
            shape = list(a.shape)
            shape[d] = int(self.choice(self.sizes + [1]))
            b = self.new_input(tuple(shape), a.et)
        out_shape = tuple(a.shape[i] + (b.shape[i] if i == d else 0) for i in range(len(a.shape)))
        if math.prod(out_shape) > self.max_elems:
            return False
        pair = (a, b) if self.chance(0.5) else (b, a)
        name = self.fresh("cat")
        self.lines.append(f"  {name} = tensor.concat dim({d}) {pair[0].name}, {pair[1].name} : "
                          f"({ttype(pair[0].shape, a.et)}, {ttype(pair[1].shape, a.et)}) -> {ttype(out_shape, a.et)}")
        a.uses += 1
        b.uses += 1
        arr = np.concatenate([pair[0].arr, pair[1].arr], axis=d)
        self.add_value(Val(name, out_shape, a.et, arr, a.exact and b.exact, max(a.scale, b.scale)),
                       f"tensor.concat dim {d}")
        return True

    def op_pad(self) -> bool:
        v = self.pick(lambda x: len(x.shape) >= 1)
        if v is None:
            return False
        low = [int(self.rng.integers(0, 3)) for _ in v.shape]
        high = [int(self.rng.integers(0, 3)) for _ in v.shape]
        out_shape = tuple(n + l + h for n, l, h in zip(v.shape, low, high))
        if math.prod(out_shape) > self.max_elems:
            return False
        value = {"f32": -1.5, "i64": 7, "i8": -3, "i1": True}[v.et]
        lit = {"f32": f"{f32_lit(value)} : f32", "i64": "7 : i64", "i8": "-3 : i8", "i1": "true"}[v.et]
        c = self.fresh("pv")
        self.lines.append(f"  {c} = arith.constant {lit}")
        name = self.fresh("pad")
        idx = ", ".join(f"%{name[1:]}_i{j}: index" for j in range(len(v.shape)))
        self.lines.append(f"  {name} = tensor.pad {v.name} low[{', '.join(map(str, low))}] "
                          f"high[{', '.join(map(str, high))}] {{")
        self.lines.append(f"  ^bb0({idx}):")
        self.lines.append(f"    tensor.yield {c} : {v.et}")
        self.lines.append(f"  }} : {ttype(v.shape, v.et)} to {ttype(out_shape, v.et)}")
        v.uses += 1
        arr = np.pad(v.arr, list(zip(low, high)), constant_values=value).astype(NP[v.et])
        self.add_value(Val(name, out_shape, v.et, arr, v.exact, max(v.scale, abs(float(value)))),
                       f"tensor.pad low {low} high {high}")
        return True

    def op_argmax(self) -> bool:
        """A two-result reduction as torch-mlir writes max-with-indices: the
        max of an exact f32 (or i64) operand over one dim and the first index
        attaining it."""
        v = self.pick(lambda x: x.et in ("f32", "i64") and x.exact and 1 <= len(x.shape) and
                      math.prod(x.shape) > 1)
        if v is None:
            v = self.new_input(self.rand_shape(int(self.rng.integers(1, 4))), self.choice(["f32", "i64"]))
            if math.prod(v.shape) <= 1:
                return False
        n = len(v.shape)
        r = int(self.rng.integers(n))
        par = [j for j in range(n) if j != r]
        out_shape = tuple(v.shape[j] for j in par)
        et = v.et
        init_v = self._fill(out_shape, et, -np.inf if et == "f32" else INT_MIN["i64"])
        init_i = self._fill(out_shape, "i64", 0)
        dims = ", ".join(f"d{j}" for j in range(n))
        imap = f"affine_map<({dims}) -> ({dims})>"
        omap = amap(n, par)
        it = ", ".join('"reduction"' if j == r else '"parallel"' for j in range(n))
        a, ov, oi = self.fresh("in"), self.fresh("out"), self.fresh("out")
        i, ii, gt, sv, si = (self.fresh(h) for h in ("idx", "ix", "gt", "sv", "si"))
        name = self.fresh("am")
        cmp = f"arith.cmpf ogt, {a}, {ov} : f32" if et == "f32" else f"arith.cmpi sgt, {a}, {ov} : i64"
        self.lines += [
            f"  {name}:2 = linalg.generic {{indexing_maps = [{imap}, {omap}, {omap}], iterator_types = [{it}]}} "
            f"ins({v.name} : {ttype(v.shape, et)}) outs({init_v.name}, {init_i.name} : {ttype(out_shape, et)}, "
            f"{ttype(out_shape, 'i64')}) {{",
            f"  ^bb0({a}: {et}, {ov}: {et}, {oi}: i64):",
            f"    {i} = linalg.index {r} : index",
            f"    {ii} = arith.index_cast {i} : index to i64",
            f"    {gt} = {cmp}",
            f"    {sv} = arith.select {gt}, {a}, {ov} : {et}",
            f"    {si} = arith.select {gt}, {ii}, {oi} : i64",
            f"    linalg.yield {sv}, {si} : {et}, i64",
            f"  }} -> ({ttype(out_shape, et)}, {ttype(out_shape, 'i64')})"]
        v.uses += 1
        mx = np.max(v.arr, axis=r)
        am = np.argmax(v.arr, axis=r).astype(np.int64)  # the first index of the max
        self.add_value(Val(f"{name}#0", out_shape, et, np.array(mx, order="C"), True, v.scale),
                       f"max-with-index over dim {r} (value)")
        self.add_value(Val(f"{name}#1", out_shape, "i64", np.array(am, order="C")),
                       f"max-with-index over dim {r} (index)")
        return True

    def op_gather(self) -> bool:
        """An embedding-style lookup through tensor.extract in a generic body
        (as importers write aten.index): rows, out[i, j] = table[idx[i], j],
        or columns, out[i, j] = table[i, idx[j]] (a loaded innermost index:
        a vector.gather when vectorized; the table may be a slice, i.e. a
        strided view after bufferization, as MPT's ALiBi bias was)."""
        by_column = bool(self.rng.integers(0, 2))
        table = self.pick(lambda x: len(x.shape) == 2)
        if table is None:
            table = self.new_input(self.rand_shape(2), self.choice(["f32", "i64", "i8", "i1"]))
        rows, cols = table.shape
        if by_column and rows > 1 and cols > 2 and self.chance(0.5):
            # Columns of a column slice: a strided view once bufferized.
            w = int(self.rng.integers(1, cols))
            off = int(self.rng.integers(1, cols - w + 1))
            name = self.fresh("sl")
            self.lines.append(f"  {name} = tensor.extract_slice {table.name}[0, {off}] [{rows}, {w}] [1, 1] : "
                              f"{ttype(table.shape, table.et)} to {ttype((rows, w), table.et)}")
            table.uses += 1
            table = self.add_value(Val(name, (rows, w), table.et, np.array(table.arr[:, off:off + w], order="C"),
                                       table.exact, table.scale),
                                   f"tensor.extract_slice offsets [0, {off}] sizes [{rows}, {w}] (strided)")
            rows, cols = table.shape
        m = int(self.choice(self.sizes))
        out_shape = (rows, m) if by_column else (m, cols)
        if math.prod(out_shape) > self.max_elems:
            return False
        idx = self.new_input((m,), "i64")
        idx.arr = self.rng.integers(0, cols if by_column else rows, size=(m,)).astype(np.int64)
        if idx.name.startswith("%cst"):
            return False  # the constant was already printed with other values
        e = self._empty(out_shape, table.et)
        b_i, b_o, r, j, val = (self.fresh(h) for h in ("in", "out", "row", "col", "val"))
        name = self.fresh("gat")
        # The index operand follows the gathered dim; the other is the iteration's.
        idx_map, loaded, other, other_dim = (("(d1)", j, r, 0) if by_column else ("(d0)", r, j, 1))
        self.lines += [
            f"  {name} = linalg.generic {{indexing_maps = [affine_map<(d0, d1) -> {idx_map}>, "
            f"affine_map<(d0, d1) -> (d0, d1)>], iterator_types = [\"parallel\", \"parallel\"]}} "
            f"ins({idx.name} : {ttype((m,), 'i64')}) outs({e.name} : {ttype(out_shape, table.et)}) {{",
            f"  ^bb0({b_i}: i64, {b_o}: {table.et}):",
            f"    {loaded} = arith.index_cast {b_i} : i64 to index",
            f"    {other} = linalg.index {other_dim} : index",
            f"    {val} = tensor.extract {table.name}[{r}, {j}] : {ttype(table.shape, table.et)}",
            f"    linalg.yield {val} : {table.et}",
            f"  }} -> {ttype(out_shape, table.et)}"]
        table.uses += 1
        idx.uses += 1
        arr = table.arr[:, idx.arr] if by_column else table.arr[idx.arr]
        what = "columns" if by_column else "rows"
        self.add_value(Val(name, out_shape, table.et, np.array(arr, order="C"), table.exact, table.scale),
                       f"gather {what} of {table.name} ({rows}x{cols}) by an index tensor")
        return True

    def op_tensor_arith(self) -> bool:
        """Elementwise arith directly on tensors (convert-elementwise-to-linalg's input)."""
        a = self.pick()
        if a is None:
            return False
        b = self.pick(lambda v: v.shape == a.shape and v.et == a.et and v is not a, recent=False)
        if b is None:
            b = self.new_input(a.shape, a.et)
        t = ttype(a.shape, a.et)
        name = self.fresh("ta")
        et = a.et
        with np.errstate(all="ignore"):
            if et == "f32":
                kind = self.choice(["addf", "mulf", "maximumf", "cmpf", "select"])
                if kind == "mulf" and _absmax(a.arr) * _absmax(b.arr) > 1e4:
                    kind = "addf"
                if kind == "cmpf" and not (a.exact and b.exact):
                    kind = "addf"
                if kind == "cmpf":
                    self.lines.append(f"  {name} = arith.cmpf olt, {a.name}, {b.name} : {t}")
                    val = Val(name, a.shape, "i1", a.arr < b.arr)
                elif kind == "select":
                    c = self.pick(lambda v: v.shape == a.shape and v.et == "i1", recent=False)
                    if c is None:
                        c = self.new_input(a.shape, "i1")
                    self.lines.append(f"  {name} = arith.select {c.name}, {a.name}, {b.name} : "
                                      f"{ttype(a.shape, 'i1')}, {t}")
                    c.uses += 1
                    val = Val(name, a.shape, et, np.where(c.arr, a.arr, b.arr), a.exact and b.exact,
                              max(a.scale, b.scale))
                else:
                    fn = {"addf": np.add, "mulf": np.multiply, "maximumf": np.maximum}[kind]
                    arr = fn(a.arr, b.arr).astype(np.float32)
                    scale = (max(a.scale * _absmax(b.arr), b.scale * _absmax(a.arr), _absmax(arr))
                             if kind == "mulf" else max(a.scale, b.scale, _absmax(arr)))
                    self.lines.append(f"  {name} = arith.{kind} {a.name}, {b.name} : {t}")
                    val = Val(name, a.shape, et, arr, a.exact and b.exact, scale)
            elif et == "i1":
                kind = self.choice(["andi", "ori", "xori", "extui"])
                if kind == "extui":
                    self.lines.append(f"  {name} = arith.extui {a.name} : {t} to {ttype(a.shape, 'i64')}")
                    val = Val(name, a.shape, "i64", a.arr.astype(np.int64))
                else:
                    fn = {"andi": np.logical_and, "ori": np.logical_or, "xori": np.logical_xor}[kind]
                    self.lines.append(f"  {name} = arith.{kind} {a.name}, {b.name} : {t}")
                    val = Val(name, a.shape, "i1", fn(a.arr, b.arr))
            else:
                kind = self.choice(["addi", "muli", "maxsi", "cmpi", "sitofp"])
                if kind == "cmpi":
                    self.lines.append(f"  {name} = arith.cmpi sle, {a.name}, {b.name} : {t}")
                    val = Val(name, a.shape, "i1", a.arr <= b.arr)
                elif kind == "sitofp":
                    if _absmax(a.arr) >= 1 << 24:
                        return False
                    self.lines.append(f"  {name} = arith.sitofp {a.name} : {t} to {ttype(a.shape, 'f32')}")
                    arr = a.arr.astype(np.float32)
                    val = Val(name, a.shape, "f32", arr, True, _absmax(arr))
                else:
                    fn = {"addi": np.add, "muli": np.multiply, "maxsi": np.maximum}[kind]
                    self.lines.append(f"  {name} = arith.{kind} {a.name}, {b.name} : {t}")
                    val = Val(name, a.shape, et, fn(a.arr, b.arr).astype(NP[et]))
        a.uses += 1
        b.uses += 1
        self.add_value(val, f"arith.{kind} on tensors")
        return True

    # -- the function --------------------------------------------------------
    def _finish(self):
        cands = [v for v in self.values if v.uses == 0]
        outs = cands[-4:] if cands else [self.values[-1]]
        if self.values[-1] not in outs:
            outs.append(self.values[-1])
        # Sometimes also return an intermediate that has uses (its buffer is shared).
        used = [v for v in self.values if v.uses > 0 and v not in outs]
        if used and self.chance(0.3):
            outs.insert(0, self.choice(used))
        if self.return_all:  # every op's result (to find the first wrong one)
            outs = list(self.values)
        self.outputs = outs
        params = ", ".join(f"{v.name}: {ttype(v.shape, v.et)}" for v in self.args)
        rtypes = ", ".join(ttype(v.shape, v.et) for v in outs)
        head = [f"// difftest random program, seed {self.seed}"] + [f"//   {l}" for l in self.log]
        self.text = "\n".join(head + [f"func.func @fn({params}) -> ({rtypes}) {{"] + self.lines +
                              [f"  return {', '.join(v.name for v in outs)} : {rtypes}", "}", ""])

    def case(self) -> Case:
        outs = self.outputs
        return Case(name=f"random-{self.seed}", text=self.text, fn="fn", inputs=[v.arr for v in self.args],
                    expected=[np.array(v.arr, order="C") for v in outs],
                    exact=[v.et != "f32" or v.exact for v in outs],
                    scales=[v.scale if v.et == "f32" else 0.0 for v in outs],
                    rtol=1e-5, ref_rtol=2e-5)


def reduce_ref(comb: str, et: str, node: Node, red: list, par: list, init: Val):
    """numpy value, exactness and error scale of a reduction result."""
    L = node.arr.shape
    e = np.broadcast_to(node.arr, L)
    axes = tuple(red)
    remaining = [j for j in range(len(L)) if j not in red]
    perm = [remaining.index(p) for p in par]
    scale = 0.0
    exact = node.exact and init.exact
    if et == "f32":
        if comb == "add":
            r = e.astype(np.float64).sum(axis=axes)
            terms = np.abs(e.astype(np.float64)).sum(axis=axes)
            r, terms = np.transpose(r, perm), np.transpose(terms, perm)
            arr = (r + init.arr.astype(np.float64)).astype(np.float32)
            n = int(math.prod(L[j] for j in red))
            scale = max(float(np.max(terms + np.abs(init.arr))) if terms.size else 0.0, n * node.scale, init.scale)
            exact = False
        else:
            fn = np.maximum if comb == "max" else np.minimum
            r = np.transpose(fn.reduce(e, axis=axes), perm)
            arr = fn(r, init.arr).astype(np.float32)
            scale = max(node.scale, init.scale, _absmax(arr))
    elif et == "i1":
        fn = {"or": np.logical_or, "and": np.logical_and, "xor": np.logical_xor}[comb]
        r = np.transpose(fn.reduce(e, axis=axes), perm)
        arr = fn(r, init.arr)
    else:
        dt = NP[et]
        if comb == "add":
            r = np.add.reduce(e.astype(dt), axis=axes, dtype=dt)
            fn = np.add
        elif comb == "xor":
            r = np.bitwise_xor.reduce(e.astype(dt), axis=axes)
            fn = np.bitwise_xor
        else:
            fn = np.maximum if comb == "max" else np.minimum
            r = fn.reduce(e.astype(dt), axis=axes)
        arr = fn(np.transpose(r, perm), init.arr).astype(dt)
        exact = True
    return np.array(arr, order="C"), exact, scale


_CMPI = {"eq": np.equal, "ne": np.not_equal, "slt": np.less, "sle": np.less_equal, "sgt": np.greater,
         "sge": np.greater_equal}
_CMPI_U = {"ult": np.less, "ule": np.less_equal, "ugt": np.greater, "uge": np.greater_equal}
_CMPF = {"oeq": np.equal, "one": np.not_equal, "olt": np.less, "ole": np.less_equal, "ogt": np.greater,
         "oge": np.greater_equal, "une": np.not_equal, "ult": np.less, "uge": np.greater_equal}
_UNSIGNED = {"i64": np.uint64, "i8": np.uint8}


class Body:
    """Random scalar expressions in a linalg.generic body, evaluated over the
    loop space in numpy alongside."""

    def __init__(self, prog: RandomProgram, L, leaves: list, out_leaf: Optional[Node]):
        self.p = prog
        self.L = tuple(L)
        self.leaves = leaves
        self.out_leaf = out_leaf
        self.lines: list[str] = []

    def emit(self, text: str, et: str, arr, exact=True, scale=0.0, hint="x") -> Node:
        name = self.p.fresh(hint)
        self.lines.append(f"{name} = {text}")
        arr = np.broadcast_to(np.asarray(arr).astype(NP[et], copy=False), self.L)
        if et == "f32":
            scale = max(scale, _absmax(arr))
        return Node(name, et, arr, exact, scale)

    def convert(self, x: Node, et: str) -> Node:
        """`x` as an `et` value (no folding can remove the dependence)."""
        if x.et == et:
            return x
        if et == "f32":
            if x.et == "i1":
                return self.emit(f"arith.uitofp {x.name} : i1 to f32", et, x.arr.astype(np.float32))
            return self.emit(f"arith.sitofp {x.name} : {x.et} to f32", et,
                             x.arr.astype(np.float64).astype(np.float32), _absmax(x.arr) < (1 << 24))
        if et == "i1":
            if x.et == "f32":
                return self.emit(f"arith.cmpf ord, {x.name}, {x.name} : f32", et, ~np.isnan(x.arr))
            return self.emit(f"arith.trunci {x.name} : {x.et} to i1", et, (x.arr & 1).astype(np.bool_))
        if x.et == "f32":
            return self.emit(f"arith.extui {self.convert(x, 'i1').name} : i1 to {et}", et,
                             (~np.isnan(x.arr)).astype(NP[et]))
        if x.et == "i1":
            return self.emit(f"arith.extui {x.name} : i1 to {et}", et, x.arr.astype(NP[et]))
        if et == "i64":
            return self.emit(f"arith.extsi {x.name} : i8 to i64", et, x.arr.astype(np.int64))
        return self.emit(f"arith.trunci {x.name} : i64 to i8", et, x.arr.astype(np.int8))

    def const(self, et: str) -> Node:
        c = self.p.choice
        if et == "f32":
            v = c([-2.0, -1.0, -0.5, 0.0, 0.5, 1.0, 1.5, 3.0])
            return self.emit(f"arith.constant {f32_lit(v)} : f32", et, np.float32(v), True, abs(v), "k")
        if et == "i1":
            v = self.p.chance(0.5)
            return self.emit(f"arith.constant {'true' if v else 'false'}", et, np.bool_(v), hint="k")
        v = c([-3, -1, 0, 1, 2, 5, 7]) if et == "i64" or self.p.chance(0.7) else c([-128, 127, 64])
        return self.emit(f"arith.constant {v} : {et}", et, NP[et](v), hint="k")

    def index(self) -> Node:
        d = int(self.p.rng.integers(len(self.L)))
        i = self.p.fresh("idx")
        self.lines.append(f"{i} = linalg.index {d} : index")
        shape = [1] * len(self.L)
        shape[d] = self.L[d]
        arr = np.arange(self.L[d], dtype=np.int64).reshape(shape)
        return self.emit(f"arith.index_cast {i} : index to i64", "i64", arr, hint="ix")

    def leaf(self, et: str, exact: bool) -> Node:
        cands = [l for l in self.leaves if l.et == et and (l.exact or not exact)]
        if cands and self.p.chance(0.85):
            return self.p.choice(cands)
        if et == "i64" and self.p.chance(0.4):
            return self.index()
        return self.const(et)

    def binop(self, op: str, a: Node, b: Node) -> Node:
        et = a.et
        fn = {"addf": np.add, "subf": np.subtract, "mulf": np.multiply, "maximumf": np.maximum,
              "minimumf": np.minimum, "addi": np.add, "subi": np.subtract, "muli": np.multiply,
              "maxsi": np.maximum, "minsi": np.minimum, "andi": np.bitwise_and, "ori": np.bitwise_or,
              "xori": np.bitwise_xor}[op]
        if et == "i1":
            fn = {"andi": np.logical_and, "ori": np.logical_or, "xori": np.logical_xor}[op]
        arr = fn(a.arr, b.arr)
        if op == "mulf":
            scale = max(a.scale * _absmax(b.arr), b.scale * _absmax(a.arr))
        else:
            scale = max(a.scale, b.scale)
        return self.emit(f"arith.{op} {a.name}, {b.name} : {et}", et, arr, a.exact and b.exact, scale)

    def combine(self, comb: str, e: Node, out: Node) -> Node:
        et = e.et
        op = {("f32", "add"): "addf", ("f32", "max"): "maximumf", ("f32", "min"): "minimumf",
              ("i1", "or"): "ori", ("i1", "and"): "andi", ("i1", "xor"): "xori"}.get((et, comb))
        if op is None:
            op = {"add": "addi", "max": "maxsi", "min": "minsi", "xor": "xori"}[comb]
        name = self.p.fresh("acc")
        self.lines.append(f"{name} = arith.{op} {e.name}, {out.name} : {et}")
        return Node(name, et, e.arr, e.exact, e.scale)  # values: see reduce_ref

    def expr(self, et: str, depth: int, exact: bool = False) -> Node:
        p = self.p
        if depth <= 0 or p.chance(0.25):
            return self.leaf(et, exact)
        r = p.rng.random()
        if et == "f32":
            if r < 0.4:
                op = p.choice(["addf", "subf", "mulf", "maximumf", "minimumf"])
                a, b = self.expr("f32", depth - 1, exact), self.expr("f32", depth - 1, exact)
                if op == "mulf" and _absmax(a.arr) * _absmax(b.arr) > 1e4:
                    op = "addf"
                return self.binop(op, a, b)
            if r < 0.5:
                a = self.expr("f32", depth - 1, exact)
                if p.chance(0.5):
                    return self.emit(f"arith.negf {a.name} : f32", et, -a.arr, a.exact, a.scale)
                return self.emit(f"math.absf {a.name} : f32", et, np.abs(a.arr), a.exact, a.scale)
            if r < 0.6 and not exact:
                a = self.expr("f32", depth - 1)
                if p.chance(0.5) and _absmax(a.arr) <= 8:
                    arr = np.exp(a.arr.astype(np.float64))
                    return self.emit(f"math.exp {a.name} : f32", et, arr, False, _absmax(arr) * max(a.scale, 1.0))
                return self.emit(f"math.tanh {a.name} : f32", et, np.tanh(a.arr.astype(np.float64)), False,
                                 max(a.scale, 1.0))
            if r < 0.75:
                c = self.expr("i1", depth - 1)
                a, b = self.expr("f32", depth - 1, exact), self.expr("f32", depth - 1, exact)
                return self.emit(f"arith.select {c.name}, {a.name}, {b.name} : f32", et,
                                 np.where(c.arr, a.arr, b.arr), a.exact and b.exact, max(a.scale, b.scale))
            src = p.choice(["i64", "i8", "i1"])
            x = self.expr(src, depth - 1)
            if src == "i1":
                return self.emit(f"arith.uitofp {x.name} : i1 to f32", et, x.arr.astype(np.float32))
            if _absmax(x.arr) >= 1 << 24:
                return self.leaf("f32", exact)
            return self.emit(f"arith.sitofp {x.name} : {src} to f32", et, x.arr.astype(np.float32))
        if et in ("i64", "i8"):
            if r < 0.45:
                op = p.choice(["addi", "subi", "muli", "maxsi", "minsi", "andi", "ori", "xori"])
                return self.binop(op, self.expr(et, depth - 1), self.expr(et, depth - 1))
            if r < 0.6:
                c = self.expr("i1", depth - 1)
                a, b = self.expr(et, depth - 1), self.expr(et, depth - 1)
                return self.emit(f"arith.select {c.name}, {a.name}, {b.name} : {et}", et, np.where(c.arr, a.arr, b.arr))
            if r < 0.85:
                if et == "i64":
                    src = p.choice(["i8", "i1"])
                    x = self.expr(src, depth - 1)
                    if src == "i8" and p.chance(0.5):
                        return self.emit(f"arith.extsi {x.name} : i8 to i64", et, x.arr.astype(np.int64))
                    if src == "i8":
                        return self.emit(f"arith.extui {x.name} : i8 to i64", et,
                                         x.arr.astype(np.uint8).astype(np.int64))
                    return self.emit(f"arith.extui {x.name} : i1 to i64", et, x.arr.astype(np.int64))
                src = p.choice(["i64", "i1"])
                x = self.expr(src, depth - 1)
                if src == "i64":
                    return self.emit(f"arith.trunci {x.name} : i64 to i8", et, x.arr.astype(np.int8))
                return self.emit(f"arith.extui {x.name} : i1 to i8", et, x.arr.astype(np.int8))
            x = self.expr("f32", depth - 1, exact=True)
            lim = (1 << 31) if et == "i64" else 127
            if not x.exact or not np.all(np.isfinite(x.arr)) or _absmax(x.arr) >= lim:
                return self.leaf(et, False)
            return self.emit(f"arith.fptosi {x.name} : f32 to {et}", et, np.trunc(x.arr).astype(NP[et]))
        # i1
        if r < 0.35:
            src = p.choice(["i64", "i8"])
            a, b = self.expr(src, depth - 1), self.expr(src, depth - 1)
            if p.chance(0.25):
                pred = p.choice(list(_CMPI_U))
                arr = _CMPI_U[pred](a.arr.astype(_UNSIGNED[src]), b.arr.astype(_UNSIGNED[src]))
            else:
                pred = p.choice(list(_CMPI))
                arr = _CMPI[pred](a.arr, b.arr)
            return self.emit(f"arith.cmpi {pred}, {a.name}, {b.name} : {src}", et, arr)
        if r < 0.6:
            a, b = self.expr("f32", depth - 1, exact=True), self.expr("f32", depth - 1, exact=True)
            if not (a.exact and b.exact):
                return self.leaf("i1", False)
            pred = p.choice(list(_CMPF))
            return self.emit(f"arith.cmpf {pred}, {a.name}, {b.name} : f32", et, _CMPF[pred](a.arr, b.arr))
        if r < 0.8:
            op = p.choice(["andi", "ori", "xori"])
            return self.binop(op, self.expr("i1", depth - 1), self.expr("i1", depth - 1))
        if r < 0.9:
            src = p.choice(["i64", "i8"])
            x = self.expr(src, depth - 1)
            return self.emit(f"arith.trunci {x.name} : {src} to i1", et, (x.arr & 1).astype(np.bool_))
        c = self.expr("i1", depth - 1)
        a, b = self.expr("i1", depth - 1), self.expr("i1", depth - 1)
        return self.emit(f"arith.select {c.name}, {a.name}, {b.name} : i1", et, np.where(c.arr, a.arr, b.arr))


# ---------------------------------------------------------------------------
# Model cases
# ---------------------------------------------------------------------------


def _gpt_case(name, cfg_kwargs, routing_opts, seed, routed=None, gate="raw", capacity=0.25,
              threshold=None) -> Case:
    from . import gpt
    cfg = gpt.GPTConfig(**cfg_kwargs)
    w = gpt.init_weights(cfg, seed)
    rng = np.random.default_rng(seed + 1)
    x = rng.standard_normal((cfg.batch, cfg.seq, cfg.dim)).astype(np.float32)
    routing = {l: (capacity, gate) for l in (routed or [])}
    for _ in range(200):  # router weights with a clear top-k margin (no flips between configurations)
        logits = []
        expected = gpt.forward(cfg, w, x, routing, logits, threshold=threshold)
        margins = [np.sort(row)[::-1][k - 1] - np.sort(row)[::-1][k] for r, k in logits if k < cfg.seq for row in r]
        if threshold is not None:  # causal: also every logit away from the threshold
            margins += [float(np.min(np.abs(r - threshold))) for r, _ in logits]
        if all(m > 1e-3 for m in margins):
            break
        for l in routing:
            w[f"router{l}"] = (rng.standard_normal(cfg.dim) / np.sqrt(cfg.dim)).astype(np.float32)
    text = gpt.build_model_ir(cfg, w)
    inputs = [x] + [w[f"router{l}"] for l in range(cfg.layers)]
    pre = f"mod-route-dense{{{routing_opts}}}" if routing_opts else ""
    return Case(name, text, "model", inputs, pre=pre, expected=[expected.astype(np.float32)],
                exact=[False], scales=[float(np.max(np.abs(expected)))], rtol=1e-5, ref_rtol=1e-4,
                note="gpt.py model vs gpt.forward")


def _routed_block_case(name, **kw) -> Optional[Case]:
    """A routed block from test/Integration/CPU/Inputs/routed_case.py."""
    import importlib.util
    path = ROOT / "test" / "Integration" / "CPU" / "Inputs" / "routed_case.py"
    if not path.exists():
        return None
    spec = importlib.util.spec_from_file_location("routed_case", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    args = argparse.Namespace(body="mlp", batch=1, seq=7, dim=8, capacity=0.5, gate="raw", bias=False,
                              ties="none", slope=-0.1, dense=False, seed=0, output=None)
    for k, v in kw.items():
        setattr(args, k, v)
    import tempfile
    with tempfile.TemporaryDirectory() as tmp:
        args.output = os.path.join(tmp, "case")
        mod.gen(args)
        text = Path(args.output + ".mlir").read_text()
        text = text[:text.index("func.func @main(")]  # the block only (the JIT calls @layer)
        stored = np.load(args.output + ".npz")
        expected = [stored[f"arr_{i}"] for i in range(len(stored.files))]
    # routed_case.gen draws x, w (and bias) first from the seeded generator:
    # the same inputs as its @main.
    from . import reference as ref
    rng = np.random.default_rng(args.seed)
    x, w, bias = mod.draw_inputs(args, rng, ref.capacity_k(args.capacity, args.seq))
    inputs = [x, w] + ([np.array(bias, dtype=np.float32)] if bias is not None else [])
    return Case(name, text, "layer", inputs, expected=[expected[0].astype(np.float32)], exact=[False],
                scales=[float(np.max(np.abs(expected[0])))], rtol=1e-5, ref_rtol=2e-4,
                note="routed_case.py block vs reference.routed_block")


def _data_files() -> list[Path]:
    """Imported models saved in the repository: python/tests/data/*.mlir and
    test inputs written by torch-mlir."""
    files = sorted((ROOT / "python" / "tests" / "data").rglob("*.mlir"))
    for p in sorted((ROOT / "test").rglob("Inputs/*.mlir")):
        try:
            head = p.read_text(errors="replace")[:400]
        except OSError:
            continue
        if "torch-mlir" in head:
            files.append(p)
    return files


def file_case(path: Path, fn: Optional[str] = None, pre: str = "", seed: int = 0,
              expected=None, inputs=None, name=None) -> Case:
    """Random float inputs (standard normal) for a module's function with static shapes."""
    text = path.read_text()
    npz = path.with_suffix(".npz")
    if inputs is None and npz.exists():  # a case written by --keep: its inputs and reference
        stored = np.load(npz)
        inputs = [stored[f"input{i}"] for i in range(sum(k.startswith("input") for k in stored.files))]
        expected = [stored[f"expected{i}"] for i in range(sum(k.startswith("expected") for k in stored.files))] \
            or expected
        m = re.search(r"^// pre-pipeline: (.*)$", text, re.M)
        pre = pre or (m.group(1) if m else "")
        fn = fn or (re.search(r"func\.func @(\w+)", text).group(1))
    if inputs is None:
        # Signatures need a parse; do it in a child so this process stays free of MLIR contexts.
        specs = _signature_in_child(text, fn, pre)
        fn = specs["fn"]
        rng = np.random.default_rng(seed)
        inputs = []
        for shape, dtype in specs["ins"]:
            dt = np.dtype(dtype)
            if dt.kind == "f":
                inputs.append(rng.standard_normal(shape).astype(dt))
            elif dt == np.bool_:
                inputs.append(rng.random(shape) < 0.5)
            else:
                inputs.append(rng.integers(0, 8, size=shape).astype(dt))
    return Case(name or path.stem, text, fn, inputs, pre=pre, expected=expected, rtol=1e-5, ref_rtol=1e-4)


def _signature_in_child(text: str, fn: Optional[str], pre: str) -> dict:
    rfd, wfd = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(rfd)
        try:
            from .compiler import Module
            m = Module.parse(text)
            if pre:
                m.run_pipeline(pre)
            names = [n for n in m.function_names() if not n.startswith("__")]
            for n in names:  # the JIT needs every function's signature
                m.signature(n)
            name = fn or names[0]
            ins, _ = m.signature(name)
            data = pickle.dumps({"fn": name, "ins": [(s.shape, s.dtype.str) for s in ins]})
        except Exception as err:
            data = pickle.dumps({"error": str(err)})
        os.write(wfd, data)
        os.close(wfd)
        os._exit(0)
    os.close(wfd)
    chunks = []
    while True:
        c = os.read(rfd, 1 << 20)
        if not c:
            break
        chunks.append(c)
    os.close(rfd)
    os.waitpid(pid, 0)
    info = pickle.loads(b"".join(chunks))
    if "error" in info:
        raise RuntimeError(info["error"])
    return info


def _hf_cases(path: Path) -> list[Case]:
    """A checked-in transformers import (python/tests/data/hf/NAME.mlir + .npz:
    input_ids, the model's logits, a router and the MoD reference's logits
    with one layer routed): dense and routed."""
    data = np.load(path.with_suffix(".npz"))
    text = path.read_text()
    ids = data["input_ids"]
    layer, cap = int(data["routed_layer"]), float(data["capacity"])
    dense = data["dense"].astype(np.float32)
    routed = data["routed"].astype(np.float32)
    return [Case(f"hf-{path.stem}-dense", text, "model", [ids], expected=[dense], exact=[False],
                 scales=[float(np.max(np.abs(dense)))], ref_rtol=1e-4),
            Case(f"hf-{path.stem}-routed", text, "model", [ids, data["router"]],
                 pre=f"mod-route-dense{{layers={layer} capacity={cap} gate=raw}}", expected=[routed],
                 exact=[False], scales=[float(np.max(np.abs(routed)))], ref_rtol=1e-4)]


def model_cases() -> list[Case]:
    """Our generated models (small), routed blocks, and every imported model
    saved in the repository. Names: gpt-*, routed-*, torch-mlir-*, hf-*, file-*."""
    small = dict(batch=2, seq=8, dim=16, heads=2, ffn=32, vocab=16)
    cases = [
        _gpt_case("gpt-dense-iota", dict(small, layers=1, mask="iota"), "", 1),
        _gpt_case("gpt-routed-iota", dict(small, layers=2, mask="iota"), "capacity=0.5 every=2 offset=1", 1,
                  routed=[1], capacity=0.5),
        _gpt_case("gpt-routed-rotary-b1", dict(small, layers=2, batch=1, seq=10, rotary=True, mask="constant",
                                               activation="silu"),
                  "capacity=0.3 every=1 offset=0 gate=sigmoid", 7, routed=[0, 1], gate="sigmoid", capacity=0.3),
        _gpt_case("gpt-causal-routed", dict(small, layers=2, batch=3, rotary=True, mask="constant"),
                  "capacity=0.5 threshold=0.0 every=1 offset=0 gate=sigmoid", 2, routed=[0, 1], gate="sigmoid",
                  capacity=0.5, threshold=0.0),
        _gpt_case("gpt-parallel-routed", dict(small, layers=2, batch=3, seq=7, parallel=True, rotary=True),
                  "capacity=0.5 every=1 offset=0 gate=none", 8, routed=[0, 1], gate="none", capacity=0.5),
    ]
    for c in (_routed_block_case("routed-mlp", body="mlp", batch=3, seq=7, capacity=0.5, gate="sigmoid",
                                 bias=True, seed=2),
              _routed_block_case("routed-attention", body="attention", batch=3, seq=16, capacity=0.25,
                                 gate="raw", seed=12)):
        if c is not None:
            cases.append(c)
    # Imported models saved in the repository (torch-mlir output), dense and
    # routed, each against its stored/numpy reference too.
    for path in _data_files():
        if path.name == "torch_mlir_gpt.mlir":
            from . import gpt
            cfg = gpt.GPTConfig(layers=2, dim=32, heads=4, ffn=64, seq=16, batch=2, vocab=24, rotary=True)
            w = gpt.init_weights(cfg, 5)
            x = np.random.default_rng(6).standard_normal((2, 16, 32)).astype(np.float32)
            want = gpt.forward(cfg, w, x).astype(np.float32)
            cases.append(Case("torch-mlir-gpt-dense", path.read_text(), "model", [x], expected=[want],
                              exact=[False], scales=[float(np.max(np.abs(want)))], ref_rtol=1e-4))
            want = gpt.forward(cfg, w, x, {0: (0.25, "raw"), 1: (0.25, "raw")}).astype(np.float32)
            cases.append(Case("torch-mlir-gpt-routed", path.read_text(), "model", [x, w["router0"], w["router1"]],
                              pre="mod-route-dense{capacity=0.25 every=1 offset=0}", expected=[want],
                              exact=[False], scales=[float(np.max(np.abs(want)))], ref_rtol=1e-4))
        elif path.with_suffix(".npz").exists() and "input_ids" in np.load(path.with_suffix(".npz")).files:
            cases += _hf_cases(path)
        else:
            try:
                cases.append(file_case(path, name=f"file-{path.stem}"))
            except RuntimeError:
                pass  # no function the JIT can call
    return cases


# ---------------------------------------------------------------------------
# Driver
# ---------------------------------------------------------------------------


def parse_seeds(spec: str) -> list[int]:
    out = []
    for part in spec.split(","):
        if ":" in part:
            a, b = part.split(":")
            out += list(range(int(a), int(b)))
        elif part:
            out.append(int(part))
    return out


def select_configs(spec: Optional[str], log) -> list[Config]:
    names = [n for n in spec.split(",") if n] if spec else [c.name for c in CONFIGS]
    if REFERENCE.name not in names:
        names.insert(0, REFERENCE.name)
    chosen = []
    for n in names:
        if n not in CONFIG_BY_NAME:
            raise SystemExit(f"unknown configuration '{n}' (have: {', '.join(CONFIG_BY_NAME)})")
        cfg = CONFIG_BY_NAME[n]
        why = available(cfg)
        if why:
            log(f"note: skipping configuration {n}: {why}")
            continue
        chosen.append(cfg)
    return chosen


def keep_case(case: Case, directory: Path, failures: list[str]) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    head = "".join(f"// {l}\n" for f in failures[:20] for l in f.splitlines())
    pre = f"// pre-pipeline: {case.pre}\n" if case.pre else ""
    (directory / f"{case.name}.mlir").write_text(head + pre + case.text)
    arrays = {f"input{i}": a for i, a in enumerate(case.inputs)}
    for i, e in enumerate(case.expected or []):
        arrays[f"expected{i}"] = np.asarray(e)
    np.savez(directory / f"{case.name}.npz", **arrays)


def run_cases(cases, configs, jobs: int, keep: Optional[Path], log, timeout: float, isolate: bool = False) -> list[Outcome]:
    outcomes = []
    if jobs <= 1:
        for case in cases:
            o = run_case(case, configs, timeout, isolate)
            outcomes.append(o)
            _report(o, log)
            if o.failures and keep:
                keep_case(case, keep, o.failures)
        return outcomes
    from concurrent.futures import ThreadPoolExecutor  # the children do the work
    with ThreadPoolExecutor(jobs) as pool:
        for case, o in zip(cases, pool.map(lambda c: run_case(c, configs, timeout, isolate), cases)):
            outcomes.append(o)
            _report(o, log)
            if o.failures and keep:
                keep_case(case, keep, o.failures)
    return outcomes


def _report(o: Outcome, log) -> None:
    if o.failures:
        log(f"FAIL {o.case} ({o.seconds:.1f} s)")
        for f in o.failures[:12]:
            log(f"  {f}")
        if len(o.failures) > 12:
            log(f"  ... {len(o.failures) - 12} more")
    else:
        log(f"ok   {o.case}: {o.configs_run} configurations agree ({o.seconds:.1f} s)")


def main(argv: Optional[Sequence[str]] = None) -> int:
    p = argparse.ArgumentParser(prog="python3 -m mod_mlir.difftest", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("mode", nargs="?", choices=["random", "models", "file", "show"], default="random")
    p.add_argument("files", nargs="*", help="file mode: modules to run")
    p.add_argument("--seeds", default="0:20", help="random/show: seeds, e.g. 0:40 or 3,7,9")
    p.add_argument("--ops", type=int, default=0, help="random: ops per program (default 3-8)")
    p.add_argument("--max-elems", type=int, default=2048, help="random: largest loop space")
    p.add_argument("--avoid", type=lambda t: [x for x in t.split(",") if x], default=[],
                   help="random: patterns not to generate (known bugs), e.g. invariant-reduction")
    p.add_argument("--all-values", action="store_true",
                   help="random: return every op's result (shows the first op that differs)")
    p.add_argument("--configs", default=None, help="comma-separated configuration names (default: all)")
    p.add_argument("--list-configs", action="store_true")
    p.add_argument("--fn", default=None, help="file mode: the function to call (default: the first)")
    p.add_argument("--pre", default="", help="file mode: a pipeline run before the configurations")
    p.add_argument("--only", default="", help="run only the cases whose name contains one of these (comma-separated)")
    p.add_argument("-j", "--jobs", type=int, default=1)
    p.add_argument("--keep", type=Path, default=None, help="write failing cases (.mlir + .npz) here")
    p.add_argument("--timeout", type=float, default=300.0, help="seconds per case (all configurations)")
    p.add_argument("--opt-level", type=int, default=None, help="LLVM optimisation level of the JIT (default 3)")
    p.add_argument("--isolate", action="store_true", help="one child process per configuration (slower)")
    p.add_argument("-q", "--quiet", action="store_true", help="print failures and the summary only")
    args = p.parse_args(argv)

    def log(msg):
        if args.quiet and msg.startswith("ok "):
            return
        print(msg, flush=True)

    if args.list_configs:
        for c in CONFIGS:
            why = available(c)
            print(f"{c.name:32s} {c.pipeline if len(c.pipeline) < 90 else c.pipeline[:87] + '...'}"
                  f"{'' if not why else '   [unavailable: ' + why + ']'}")
        return 0
    if args.mode == "show":
        for s in parse_seeds(args.seeds):
            print(RandomProgram(s, args.ops, args.max_elems, args.all_values, args.avoid).text)
        return 0
    configs = select_configs(args.configs, log)
    t0 = time.monotonic()
    if args.mode == "random":
        cases = [RandomProgram(s, args.ops, args.max_elems, args.all_values, args.avoid).case() for s in parse_seeds(args.seeds)]
    elif args.mode == "models":
        cases = model_cases()
    else:
        cases = [file_case(Path(f), args.fn, args.pre) for f in args.files]
    if args.only:
        cases = [c for c in cases if any(o in c.name for o in args.only.split(","))]
    if args.opt_level is not None:
        for c in cases:
            c.opt_level = args.opt_level
    outcomes = run_cases(cases, configs, args.jobs, args.keep, log, args.timeout, args.isolate)
    bad = [o for o in outcomes if o.failures]
    print(f"difftest {args.mode}: {len(outcomes)} cases x {len(configs)} configurations "
          f"({', '.join(c.name for c in configs)}): {len(outcomes) - len(bad)} agree, {len(bad)} differ "
          f"({time.monotonic() - t0:.0f} s)")
    if bad:
        print("differing cases: " + " ".join(o.case for o in bad))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
