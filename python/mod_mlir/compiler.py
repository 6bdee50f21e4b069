"""Parse, transform and JIT-run MLIR from Python through mod-mlir's C API.

    from mod_mlir.compiler import Module, JIT
    m = Module.parse(text)                              # MLIRError on bad IR
    m.run_pipeline("mod-route-dense{capacity=0.25}")    # any pass pipeline string
    jit = JIT(m, pipeline="mod-cpu-pipeline")           # compiles a copy
    y, = jit.invoke("forward", x, router_weight)        # numpy in, numpy out

Every failure (IR that does not parse or verify, a pipeline string that
does not parse, a pass that fails, wrong argument shapes or dtypes) raises a
Python exception carrying MLIR's diagnostics; nothing is printed to stderr.
"""

from __future__ import annotations

import ctypes
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

import numpy as np

from . import _capi
from ._capi import MlirStringRef, collect_string, is_null

__all__ = ["MLIRError", "Context", "Module", "JIT", "TensorSpec", "version"]

_SEVERITY = {0: "error", 1: "warning", 2: "note", 3: "remark"}


class MLIRError(Exception):
    """An MLIR failure; `.diagnostics` holds MLIR's messages ("loc: error: ...")."""

    def __init__(self, message: str, diagnostics: Sequence[str] = ()):
        self.diagnostics = list(diagnostics)
        detail = "\n".join(self.diagnostics)
        super().__init__(message + (":\n" + detail if detail else ""))


def version() -> str:
    return _capi.lib().modGetVersion().str()


class Context:
    """An MLIR context with every dialect mod-mlir knows; collects diagnostics
    instead of printing them."""

    def __init__(self):
        lib = _capi.lib()
        self._lib = lib
        self.handle = lib.mlirContextCreate()
        # Modules in this context: the context is destroyed after the last
        # of them, whatever order the garbage collector finalizes them in
        # (at interpreter exit it finalizes a context and its modules in
        # arbitrary order; a module destroyed after its context crashed).
        self._live_modules = 0
        self._unreferenced = False
        lib.modRegisterEverything(self.handle)
        lib.modRegisterAllPasses()
        self.diagnostics: list[str] = []

        @_capi.DiagnosticHandler
        def handler(raw, _):
            diag = _capi.MlirDiagnostic(raw)
            sev = _SEVERITY.get(lib.mlirDiagnosticGetSeverity(diag), "error")
            loc = collect_string(lib.mlirLocationPrint, lib.mlirDiagnosticGetLocation(diag))
            msg = collect_string(lib.mlirDiagnosticPrint, diag)
            notes = [collect_string(lib.mlirDiagnosticPrint, lib.mlirDiagnosticGetNote(diag, i))
                     for i in range(lib.mlirDiagnosticGetNumNotes(diag))]
            self.diagnostics.append(f"{loc}: {sev}: {msg}" + "".join(f"\n  note: {n}" for n in notes))
            return 1

        self._handler = handler  # keep the callback alive
        self._noop = _capi.DeleteUserData(lambda _: None)
        self._handler_id = lib.mlirContextAttachDiagnosticHandler(self.handle, handler, None, self._noop)

    def take_diagnostics(self) -> list[str]:
        out, self.diagnostics = self.diagnostics, []
        return out

    def _retain(self) -> None:
        self._live_modules += 1

    def _release(self) -> None:
        self._live_modules -= 1
        if self._unreferenced and self._live_modules == 0:
            self._destroy()

    def _destroy(self) -> None:
        if getattr(self, "handle", None) is not None and not is_null(self.handle):
            self._lib.mlirContextDestroy(self.handle)
            self.handle = None

    def __del__(self):
        self._unreferenced = True
        if getattr(self, "_live_modules", 0) == 0:
            self._destroy()


_DEFAULT_CONTEXT: Context | None = None


def default_context() -> Context:
    global _DEFAULT_CONTEXT
    if _DEFAULT_CONTEXT is None:
        _DEFAULT_CONTEXT = Context()
    return _DEFAULT_CONTEXT


@dataclass(frozen=True)
class TensorSpec:
    """A function argument or result: shape and numpy dtype (shape () for scalars)."""

    shape: tuple[int, ...]
    dtype: np.dtype
    scalar: bool = False

    def __str__(self) -> str:
        return f"{'scalar' if self.scalar else 'tensor'} {self.dtype} {self.shape}"


_ELEMENT_TYPES = {"f32": np.float32, "f64": np.float64, "f16": np.float16, "i64": np.int64, "i32": np.int32,
                  "i16": np.int16, "i8": np.int8, "i1": np.bool_, "index": np.int64}


class Module:
    """An MLIR module (owned), in a Context."""

    def __init__(self, handle, context: Context):
        self.handle = handle
        self.context = context
        context._retain()
        self.remarks: list[str] = []

    @classmethod
    def parse(cls, text: str, context: Context | None = None) -> "Module":
        ctx = context or default_context()
        lib = _capi.lib()
        ctx.take_diagnostics()
        handle = lib.mlirModuleCreateParse(ctx.handle, MlirStringRef.of(text))
        diags = ctx.take_diagnostics()
        if is_null(handle):
            raise MLIRError("the MLIR text does not parse", diags)
        module = cls(handle, ctx)
        if not lib.mlirOperationVerify(module.operation):
            raise MLIRError("the module does not verify", diags + ctx.take_diagnostics())
        return module

    @classmethod
    def load(cls, path: str | Path, context: Context | None = None) -> "Module":
        return cls.parse(Path(path).read_text(), context)

    @property
    def operation(self):
        return _capi.lib().mlirModuleGetOperation(self.handle)

    def __str__(self) -> str:
        return collect_string(_capi.lib().mlirOperationPrint, self.operation)

    def clone(self) -> "Module":
        lib = _capi.lib()
        return Module(lib.mlirModuleFromOperation(lib.mlirOperationClone(self.operation)), self.context)

    def run_pipeline(self, pipeline: str) -> "Module":
        """Runs a textual pass pipeline in place: "mod-route-dense{capacity=0.25}",
        or a full "builtin.module(...)" anchor. Remarks land in `self.remarks`."""
        lib = _capi.lib()
        text = pipeline.strip()
        if not text.startswith("builtin.module("):
            text = f"builtin.module({text})"
        pm = lib.mlirPassManagerCreate(self.context.handle)
        self.context.take_diagnostics()
        try:
            chunks: list[str] = []

            @_capi.StringCallback
            def on_error(ref, _):
                chunks.append(ref.str())

            parsed = lib.mlirParsePassPipeline(lib.mlirPassManagerGetAsOpPassManager(pm), MlirStringRef.of(text),
                                               on_error, None).value
            diags = self.context.take_diagnostics()
            if not parsed:
                raise MLIRError(f"the pass pipeline '{pipeline}' does not parse", ["".join(chunks).strip()] + diags)
            ok = lib.mlirPassManagerRunOnOp(pm, self.operation).value
            diags = self.context.take_diagnostics()
            if not ok:
                raise MLIRError(f"the pass pipeline '{pipeline}' failed", diags)
            self.remarks += diags
        finally:
            lib.mlirPassManagerDestroy(pm)
        return self

    # -- functions ---------------------------------------------------------
    def _functions(self) -> Iterable:
        lib = _capi.lib()
        op = lib.mlirBlockGetFirstOperation(lib.mlirModuleGetBody(self.handle))
        while not is_null(op):
            if lib.mlirIdentifierStr(lib.mlirOperationGetName(op)).str() == "func.func":
                yield op
            op = lib.mlirOperationGetNextInBlock(op)

    def _function(self, name: str):
        lib = _capi.lib()
        for op in self._functions():
            attr = lib.mlirOperationGetAttributeByName(op, MlirStringRef.of("sym_name"))
            if lib.mlirStringAttrGetValue(attr).str() == name:
                return op
        raise KeyError(f"no function @{name} in the module (have: {', '.join(self.function_names())})")

    def function_names(self) -> list[str]:
        lib = _capi.lib()
        return [lib.mlirStringAttrGetValue(lib.mlirOperationGetAttributeByName(op, MlirStringRef.of("sym_name"))).str()
                for op in self._functions()]

    def signature(self, name: str) -> tuple[list[TensorSpec], list[TensorSpec]]:
        """Argument and result specs of @name (tensors/memrefs of static shape, or scalars)."""
        lib = _capi.lib()
        op = self._function(name)
        ftype = lib.mlirTypeAttrGetValue(lib.mlirOperationGetAttributeByName(op, MlirStringRef.of("function_type")))

        def spec(t, what):
            if lib.mlirTypeIsARankedTensor(t) or lib.mlirTypeIsAMemRef(t):
                if not lib.mlirShapedTypeHasStaticShape(t):
                    raise MLIRError(f"@{name}: {what} has a dynamic shape "
                                    f"({collect_string(lib.mlirTypePrint, t)}); JIT calls need static shapes")
                elt = collect_string(lib.mlirTypePrint, lib.mlirShapedTypeGetElementType(t))
                shape = tuple(lib.mlirShapedTypeGetDimSize(t, i) for i in range(lib.mlirShapedTypeGetRank(t)))
                scalar = False
            else:
                elt, shape, scalar = collect_string(lib.mlirTypePrint, t), (), True
            if elt not in _ELEMENT_TYPES:
                raise MLIRError(f"@{name}: {what} has element type {elt}, which the Python JIT does not "
                                f"support (use one of {', '.join(_ELEMENT_TYPES)})")
            return TensorSpec(shape, np.dtype(_ELEMENT_TYPES[elt]), scalar)

        ins = [spec(lib.mlirFunctionTypeGetInput(ftype, i), f"argument {i}")
               for i in range(lib.mlirFunctionTypeGetNumInputs(ftype))]
        outs = [spec(lib.mlirFunctionTypeGetResult(ftype, i), f"result {i}")
                for i in range(lib.mlirFunctionTypeGetNumResults(ftype))]
        return ins, outs

    def _request_c_interface(self, name: str):
        lib = _capi.lib()
        lib.mlirOperationSetAttributeByName(self._function(name), MlirStringRef.of("llvm.emit_c_interface"),
                                            lib.mlirUnitAttrGet(self.context.handle))

    def _tensor_args(self, name: str) -> frozenset[int]:
        """Indices of @name's ranked tensor arguments."""
        lib = _capi.lib()
        ftype = lib.mlirTypeAttrGetValue(lib.mlirOperationGetAttributeByName(self._function(name),
                                                                             MlirStringRef.of("function_type")))
        return frozenset(i for i in range(lib.mlirFunctionTypeGetNumInputs(ftype))
                         if lib.mlirTypeIsARankedTensor(lib.mlirFunctionTypeGetInput(ftype, i)))

    def _make_tensor_args_read_only(self, name: str) -> frozenset[int]:
        """Marks every tensor argument of @name bufferization.writable =
        false (One-Shot Bufferize then never updates it in place); returns
        their indices. Memref arguments (already bufferized IR) are left as
        they are."""
        lib = _capi.lib()
        op = self._function(name)
        marked = self._tensor_args(name)
        for i in marked:
            lib.mlirFuncSetArgAttr(op, i, MlirStringRef.of("bufferization.writable"),
                                   lib.mlirBoolAttrGet(self.context.handle, 0))
        return frozenset(marked)

    def __del__(self):
        if getattr(self, "handle", None) is not None and not is_null(self.handle):
            _capi.lib().mlirModuleDestroy(self.handle)
            self.handle = None
            self.context._release()


# -- memref descriptors -------------------------------------------------------
# MLIR's C interface passes a ranked memref as a descriptor struct: allocated
# pointer, aligned pointer, offset, sizes[rank], strides[rank] (offset and
# strides in elements). The helpers below follow the structure and names of
# upstream's pure-Python mlir/runtime/np_to_memref.py (make_nd_memref_descriptor,
# get_ranked_memref_descriptor, ranked_memref_to_numpy); MLIR's Python
# bindings are not available here (Debian ships none), so they are our own.
_SCALAR_CTYPES = {np.dtype(np.float32): ctypes.c_float, np.dtype(np.float64): ctypes.c_double,
                  np.dtype(np.int64): ctypes.c_int64, np.dtype(np.int32): ctypes.c_int32,
                  np.dtype(np.int16): ctypes.c_int16, np.dtype(np.int8): ctypes.c_int8,
                  np.dtype(np.bool_): ctypes.c_bool}


def element_ctype(dtype) -> type:
    """The ctypes type of one element of `dtype` (f16: its 16 bits)."""
    dtype = np.dtype(dtype)
    if dtype == np.float16:
        return ctypes.c_uint16
    return _SCALAR_CTYPES[dtype]


_DESCRIPTORS: dict[tuple[int, type], type] = {}


def make_nd_memref_descriptor(rank: int, ctype) -> type:
    """The descriptor struct of a rank-`rank` memref of `ctype` elements
    (rank 0: pointers and offset only); one class per (rank, ctype)."""
    key = (rank, ctype)
    if key not in _DESCRIPTORS:
        # allocated: the address malloc returned (what free() takes); aligned: the data.
        fields = [("allocated", ctypes.c_void_p), ("aligned", ctypes.c_void_p), ("offset", ctypes.c_int64)]
        if rank:
            fields += [("shape", ctypes.c_int64 * rank), ("strides", ctypes.c_int64 * rank)]
        _DESCRIPTORS[key] = type(f"MemRef{rank}D_{ctype.__name__}", (ctypes.Structure,), {"_fields_": fields})
    return _DESCRIPTORS[key]


def get_ranked_memref_descriptor(array: np.ndarray):
    """A descriptor viewing `array`'s buffer (no copy: keep the array alive
    while the descriptor is used)."""
    desc = make_nd_memref_descriptor(array.ndim, element_ctype(array.dtype))()
    desc.allocated = desc.aligned = array.ctypes.data
    if array.ndim:
        desc.shape[:] = array.shape
        desc.strides[:] = [st // array.itemsize for st in array.strides]
    return desc


def ranked_memref_to_numpy(desc, dtype) -> np.ndarray:
    """A numpy copy of the memref `desc` describes (elements of `dtype`)."""
    dtype = np.dtype(dtype)
    itemsize = dtype.itemsize
    rank = len(desc.shape) if hasattr(desc, "shape") else 0
    base = desc.aligned or 0
    if rank == 0:
        return np.frombuffer((ctypes.c_char * itemsize).from_address(base + desc.offset * itemsize),
                             dtype=dtype).copy().reshape(())
    sizes = [desc.shape[i] for i in range(rank)]
    strides = [desc.strides[i] for i in range(rank)]
    span = 1 + sum((n - 1) * s for n, s in zip(sizes, strides) if n > 0)
    raw = (ctypes.c_char * (span * itemsize)).from_address(base + desc.offset * itemsize)
    flat = np.frombuffer(raw, dtype=dtype)
    view = np.lib.stride_tricks.as_strided(flat, shape=sizes, strides=[s * itemsize for s in strides])
    return np.array(view, copy=True)


_libc = ctypes.CDLL(None)
_libc.free.argtypes = [ctypes.c_void_p]
_GLOBAL_SENTINEL = 0xDEADBEEF  # MLIR's "allocated" pointer of memref.get_global views


def _default_shared_libs() -> list[str]:
    llvm_lib = _capi.llvm_lib_dir()  # $MOD_MLIR_LLVM_LIB_DIR, else the build's LLVM
    # libomp: pipelines with threads > 1 call the OpenMP runtime.
    libs = [llvm_lib / n for n in ("libmlir_c_runner_utils.so", "libmlir_runner_utils.so", "libomp.so")] \
        if llvm_lib else []
    cpu_runtime = next((p.parent / "libmod_cpu_runtime.so" for p in _capi._candidates()
                        if (p.parent / "libmod_cpu_runtime.so").exists()), None)
    if cpu_runtime:
        libs.append(cpu_runtime)
    return [str(p) for p in libs if Path(p).exists()]


class JIT:
    """A module compiled in process (MLIR's ExecutionEngine) and callable with
    numpy arrays. The module is copied; `pipeline` lowers it to the LLVM
    dialect (default: mod-cpu-pipeline).

    Tensor arguments are read-only in the compiled code
    (`bufferization.writable = false`: code that updates an argument, such
    as the scatter-add into the residual stream, works on its own copy), so
    `invoke` passes the caller's arrays without copying them; memref
    arguments (already bufferized IR) are copied. The caller's arrays never
    change, except with `update_in_place=True`: then a result that is an
    update of an argument (`mod-update-arguments-in-place`: e.g. a decode
    step's key/value cache written at one slot) is no longer returned, and
    `invoke` updates the caller's array in place instead (it must be
    C-contiguous with the exact dtype: no copy is made).
    `in_place_args[name]` holds those argument indices and `signatures`
    the function's signature after the change."""

    def __init__(self, module: Module | str, pipeline: str = "mod-cpu-pipeline", opt_level: int = 3,
                 shared_libs: Sequence[str] | None = None, update_in_place: bool = False):
        src = Module.parse(module) if isinstance(module, str) else module
        self.module = src.clone()
        names = [name for name in self.module.function_names() if not name.startswith("__")]
        self.read_only_args = {}
        self._calls = {}  # name -> (ctypes function, results struct class)
        self._held = {}  # (name, argument) -> (array updated in place, its descriptor)
        for name in names:
            self.module._request_c_interface(name)
            self.read_only_args[name] = self.module._make_tensor_args_read_only(name)
        if update_in_place:
            self.module.run_pipeline("builtin.module(mod-update-arguments-in-place)")
        self.in_place_args = {}
        for name in names:
            tensors = self.module._tensor_args(name)
            self.in_place_args[name] = self.read_only_args[name] - tensors
            self.read_only_args[name] = self.read_only_args[name] & tensors
        self.signatures = {name: self.module.signature(name) for name in names}
        self.module.run_pipeline(pipeline)
        lib = _capi.lib()
        libs = list(shared_libs) if shared_libs is not None else _default_shared_libs()
        owned = [MlirStringRef.of(p) for p in libs]  # keep the string buffers alive
        refs = (MlirStringRef * len(libs))(*owned)
        self._lib_refs = (owned, refs)
        ctx = self.module.context
        ctx.take_diagnostics()
        self.engine = lib.mlirExecutionEngineCreate(self.module.handle, opt_level, len(libs), refs, False)
        self.warnings = ctx.take_diagnostics()
        if is_null(self.engine):
            raise MLIRError("the ExecutionEngine could not compile the lowered module (did the pipeline lower "
                            "everything to the LLVM dialect?)", self.warnings)

    def invoke(self, name: str, *args: np.ndarray) -> list[np.ndarray]:
        """Calls @name with numpy arrays (exact shapes and dtypes); returns its results."""
        if name not in self.signatures:
            raise KeyError(f"no function @{name} (have: {', '.join(self.signatures)})")
        ins, outs = self.signatures[name]
        if len(args) != len(ins):
            raise TypeError(f"@{name} takes {len(ins)} argument(s), got {len(args)}")
        fn, result_class = self._callable(name)
        keep, c_args, input_ptrs = [], [], set()
        for i, (a, spec) in enumerate(zip(args, ins)):
            if spec.scalar:
                c_args.append(_SCALAR_CTYPES[spec.dtype](np.asarray(a, dtype=spec.dtype).item()))
                continue
            if not isinstance(a, np.ndarray):
                raise TypeError(f"argument {i} of @{name}: expected a numpy array ({spec}), got {type(a).__name__}")
            if a.dtype != spec.dtype or tuple(a.shape) != spec.shape:
                raise TypeError(f"argument {i} of @{name}: expected {spec.dtype} array of shape {spec.shape}, "
                                f"got {a.dtype} array of shape {tuple(a.shape)}")
            if i in self.in_place_args[name]:
                # Updated in place: the caller's array itself (its
                # descriptor is kept while the caller passes the same array:
                # a decode loop passes its caches on every step).
                held = self._held.get((name, i))
                if held is not None and held[0] is a:
                    input_ptrs.add(held[1].aligned)
                    c_args.append(ctypes.byref(held[1]))
                    continue
                if not a.flags.c_contiguous or not a.flags.writeable:
                    raise TypeError(f"argument {i} of @{name} is updated in place: pass a C-contiguous, "
                                    f"writeable array (np.ascontiguousarray), not a view with other strides")
                desc = get_ranked_memref_descriptor(a)
                self._held[(name, i)] = (a, desc)
                input_ptrs.add(desc.aligned)
                c_args.append(ctypes.byref(desc))
                continue
            if i in self.read_only_args[name]:
                # Read-only in the compiled code (bufferization.writable =
                # false): no copy unless the layout needs one.
                # (np.ascontiguousarray would make a 0-d array 1-d.)
                a = a if a.flags.c_contiguous else np.ascontiguousarray(a)
            else:
                # A memref argument the code may write: the caller keeps theirs.
                a = np.array(a, order="C", copy=True)
            keep.append(a)
            desc = get_ranked_memref_descriptor(a)
            input_ptrs.add(desc.aligned)
            keep.append(desc)
            c_args.append(ctypes.byref(desc))

        result_struct = None
        if result_class is not None:
            result_struct = result_class()
            c_args.insert(0, ctypes.byref(result_struct))
        ret = fn(*c_args)
        if len(outs) == 1 and outs[0].scalar:
            return [np.asarray(ret, dtype=outs[0].dtype)]
        if not outs:
            return []
        descs = [result_struct] if len(outs) == 1 else [getattr(result_struct, f"r{i}") for i in range(len(outs))]
        # Copy every result out before freeing any buffer: results may share
        # one allocation (e.g. a reshape and a folded transpose of the same
        # tensor), which must be freed once, after the last copy.
        results, owned = [], []
        for spec, d in zip(outs, descs):
            if spec.scalar:
                results.append(np.asarray(d, dtype=spec.dtype))
                continue
            results.append(ranked_memref_to_numpy(d, spec.dtype))
            alloc = d.allocated or 0
            if alloc and alloc not in input_ptrs and alloc != _GLOBAL_SENTINEL and alloc not in owned:
                owned.append(alloc)
        for alloc in owned:
            _libc.free(alloc)
        return results

    def _callable(self, name: str):
        """(ctypes function of @name's C interface, its results struct class or
        None); built once per function (ctypes types are slow to make, and a
        decode step is called hundreds of times)."""
        cached = self._calls.get(name)
        if cached is not None:
            return cached
        ins, outs = self.signatures[name]
        addr = _capi.lib().mlirExecutionEngineLookup(self.engine, MlirStringRef.of(f"_mlir_ciface_{name}"))
        if not addr:
            raise MLIRError(f"@{name} has no C interface in the compiled module")

        def ctype_of(spec):
            if spec.scalar:
                return _SCALAR_CTYPES[spec.dtype]
            return make_nd_memref_descriptor(len(spec.shape), element_ctype(spec.dtype))

        argtypes = [ctype_of(s) if s.scalar else ctypes.POINTER(ctype_of(s)) for s in ins]
        restype, result_class = None, None
        if len(outs) == 1 and outs[0].scalar:
            restype = _SCALAR_CTYPES[outs[0].dtype]
        elif len(outs) == 1:
            result_class = ctype_of(outs[0])
        elif outs:
            fields = [(f"r{i}", ctype_of(s)) for i, s in enumerate(outs)]
            result_class = type(f"Results_{name}", (ctypes.Structure,), {"_fields_": fields})
        if result_class is not None:
            argtypes.insert(0, ctypes.POINTER(result_class))
        cached = self._calls[name] = (ctypes.CFUNCTYPE(restype, *argtypes)(addr), result_class)
        return cached

    def __del__(self):
        if getattr(self, "engine", None) is not None and not is_null(self.engine):
            _capi.lib().mlirExecutionEngineDestroy(self.engine)
            self.engine = None
