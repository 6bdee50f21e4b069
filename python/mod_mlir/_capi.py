"""ctypes declarations of the C API in libModCAPI.so (MLIR's C API + mod-c/Mod.h).

Why ctypes and not nanobind: Debian's MLIR ships no Python bindings and its
libMLIR.so exports no C API, so we build one shared library from the C API
archives and bind the handful of functions we need. ctypes needs no
compiler, no per-Python-version extension module and no extra build
dependency; the C API is stable C, so the declarations below are all the
glue there is. The cost (slower calls) does not matter for compile-and-run
granularity.

The library is found in $MOD_MLIR_LIB_DIR, then the build tree
(<repo>/build/lib), then the installed lib/ next to this package.
`llvm_lib_dir()` finds LLVM's library directory (the MLIR runner utilities
and libomp the JIT loads): $MOD_MLIR_LLVM_LIB_DIR, then the LLVM the build
tree was configured with, then the directory of the libMLIR.so it is linked
against.
"""

from __future__ import annotations

import ctypes
import os
import re
from ctypes import POINTER, c_bool, c_char_p, c_int, c_int64, c_size_t, c_void_p
from pathlib import Path


class MlirStringRef(ctypes.Structure):
    _fields_ = [("data", ctypes.c_void_p), ("length", c_size_t)]

    @staticmethod
    def of(text: str | bytes) -> "MlirStringRef":
        raw = text.encode() if isinstance(text, str) else text
        buf = ctypes.create_string_buffer(raw)  # NUL-terminated: some C API entry points read .data as a C string
        ref = MlirStringRef(ctypes.cast(buf, c_void_p), len(raw))
        ref._keep = buf  # the buffer lives as long as the reference
        return ref

    def str(self) -> str:
        return ctypes.string_at(self.data, self.length).decode(errors="replace") if self.length else ""


class MlirLogicalResult(ctypes.Structure):
    _fields_ = [("value", ctypes.c_int8)]


# Handles: structs holding one pointer, passed by value like a pointer.
def _handle(name: str):
    return type(name, (ctypes.Structure,), {"_fields_": [("ptr", c_void_p)]})


MlirContext = _handle("MlirContext")
MlirModule = _handle("MlirModule")
MlirOperation = _handle("MlirOperation")
MlirBlock = _handle("MlirBlock")
MlirRegion = _handle("MlirRegion")
MlirAttribute = _handle("MlirAttribute")
MlirType = _handle("MlirType")
MlirIdentifier = _handle("MlirIdentifier")
MlirPassManager = _handle("MlirPassManager")
MlirOpPassManager = _handle("MlirOpPassManager")
MlirExecutionEngine = _handle("MlirExecutionEngine")
MlirDiagnostic = _handle("MlirDiagnostic")
MlirLocation = _handle("MlirLocation")

StringCallback = ctypes.CFUNCTYPE(None, MlirStringRef, c_void_p)
# (MlirLogicalResult is a one-byte struct: returned like an int8; the
# diagnostic handle arrives like a pointer.)
DiagnosticHandler = ctypes.CFUNCTYPE(ctypes.c_int8, c_void_p, c_void_p)
DeleteUserData = ctypes.CFUNCTYPE(None, c_void_p)

_SIGNATURES = {
    # context, registration
    "mlirContextCreate": ([], MlirContext),
    "mlirContextDestroy": ([MlirContext], None),
    "mlirContextAttachDiagnosticHandler": ([MlirContext, DiagnosticHandler, c_void_p, DeleteUserData], ctypes.c_uint64),
    "mlirContextDetachDiagnosticHandler": ([MlirContext, ctypes.c_uint64], None),
    "mlirDiagnosticPrint": ([MlirDiagnostic, StringCallback, c_void_p], None),
    "mlirDiagnosticGetSeverity": ([MlirDiagnostic], c_int),
    "mlirDiagnosticGetLocation": ([MlirDiagnostic], MlirLocation),
    "mlirLocationPrint": ([MlirLocation, StringCallback, c_void_p], None),
    "mlirDiagnosticGetNumNotes": ([MlirDiagnostic], ctypes.c_ssize_t),
    "mlirDiagnosticGetNote": ([MlirDiagnostic, ctypes.c_ssize_t], MlirDiagnostic),
    "modRegisterEverything": ([MlirContext], None),
    "modRegisterAllPasses": ([], None),
    "modGetVersion": ([], MlirStringRef),
    # modules and operations
    "mlirModuleCreateParse": ([MlirContext, MlirStringRef], MlirModule),
    "mlirModuleDestroy": ([MlirModule], None),
    "mlirModuleGetOperation": ([MlirModule], MlirOperation),
    "mlirModuleGetBody": ([MlirModule], MlirBlock),
    "mlirOperationPrint": ([MlirOperation, StringCallback, c_void_p], None),
    "mlirOperationVerify": ([MlirOperation], c_bool),
    "mlirOperationClone": ([MlirOperation], MlirOperation),
    "mlirOperationDestroy": ([MlirOperation], None),
    "mlirModuleFromOperation": ([MlirOperation], MlirModule),
    "mlirOperationGetName": ([MlirOperation], MlirIdentifier),
    "mlirIdentifierStr": ([MlirIdentifier], MlirStringRef),
    "mlirBlockGetFirstOperation": ([MlirBlock], MlirOperation),
    "mlirOperationGetNextInBlock": ([MlirOperation], MlirOperation),
    "mlirOperationGetAttributeByName": ([MlirOperation, MlirStringRef], MlirAttribute),
    "mlirOperationSetAttributeByName": ([MlirOperation, MlirStringRef, MlirAttribute], None),
    "mlirUnitAttrGet": ([MlirContext], MlirAttribute),
    "mlirBoolAttrGet": ([MlirContext, ctypes.c_int], MlirAttribute),
    "mlirFuncSetArgAttr": ([MlirOperation, ctypes.c_ssize_t, MlirStringRef, MlirAttribute], None),
    "mlirStringAttrGetValue": ([MlirAttribute], MlirStringRef),
    "mlirTypeAttrGetValue": ([MlirAttribute], MlirType),
    # types
    "mlirFunctionTypeGetNumInputs": ([MlirType], ctypes.c_ssize_t),
    "mlirFunctionTypeGetNumResults": ([MlirType], ctypes.c_ssize_t),
    "mlirFunctionTypeGetInput": ([MlirType, ctypes.c_ssize_t], MlirType),
    "mlirFunctionTypeGetResult": ([MlirType, ctypes.c_ssize_t], MlirType),
    "mlirTypeIsARankedTensor": ([MlirType], c_bool),
    "mlirTypeIsAMemRef": ([MlirType], c_bool),
    "mlirShapedTypeGetRank": ([MlirType], c_int64),
    "mlirShapedTypeGetDimSize": ([MlirType, ctypes.c_ssize_t], c_int64),
    "mlirShapedTypeHasStaticShape": ([MlirType], c_bool),
    "mlirShapedTypeGetElementType": ([MlirType], MlirType),
    "mlirTypePrint": ([MlirType, StringCallback, c_void_p], None),
    # passes
    "mlirPassManagerCreate": ([MlirContext], MlirPassManager),
    "mlirPassManagerDestroy": ([MlirPassManager], None),
    "mlirPassManagerGetAsOpPassManager": ([MlirPassManager], MlirOpPassManager),
    "mlirParsePassPipeline": ([MlirOpPassManager, MlirStringRef, StringCallback, c_void_p], MlirLogicalResult),
    "mlirPassManagerRunOnOp": ([MlirPassManager, MlirOperation], MlirLogicalResult),
    # execution engine
    "mlirExecutionEngineCreate": ([MlirModule, c_int, c_int, POINTER(MlirStringRef), c_bool], MlirExecutionEngine),
    "mlirExecutionEngineDestroy": ([MlirExecutionEngine], None),
    "mlirExecutionEngineLookup": ([MlirExecutionEngine, MlirStringRef], c_void_p),
    "mlirExecutionEngineLookupPacked": ([MlirExecutionEngine, MlirStringRef], c_void_p),
}


def _candidates() -> list[Path]:
    here = Path(__file__).resolve().parent
    dirs = []
    if os.environ.get("MOD_MLIR_LIB_DIR"):
        dirs.append(Path(os.environ["MOD_MLIR_LIB_DIR"]))
    dirs += [here.parents[1] / "build" / "lib", here.parent.parent / "lib", here / "lib"]
    return [d / "libModCAPI.so" for d in dirs]


def _cmake_cache_value(cache: Path, name: str) -> str | None:
    """The value of `name` in a CMakeCache.txt (`NAME:TYPE=value`), or None."""
    try:
        text = cache.read_text(errors="replace")
    except OSError:
        return None
    m = re.search(rf"^{re.escape(name)}(?::[A-Z]+)?=(.*)$", text, re.MULTILINE)
    return m.group(1).strip() if m and m.group(1).strip() else None


def _loaded_llvm_lib_dir() -> Path | None:
    """The directory of the libMLIR.so / libLLVM.so that libModCAPI.so was
    linked against (its RUNPATH at build time), as the dynamic loader mapped
    them into this process (Linux: /proc/self/maps)."""
    try:
        lib()
        maps = Path("/proc/self/maps").read_text()
    except (ImportError, OSError):
        return None
    for name in ("libMLIR.so", "libLLVM.so"):
        m = re.search(rf"(/\S*/){re.escape(name)}[.0-9]*$", maps, re.MULTILINE)
        if m:
            return Path(m.group(1))
    return None


def llvm_lib_dir() -> Path | None:
    """LLVM's library directory (libmlir_c_runner_utils.so, libmlir_runner_utils.so,
    libomp.so), or None if none is found. In order:

    1. $MOD_MLIR_LLVM_LIB_DIR;
    2. the LLVM the build tree next to libModCAPI.so was configured with
       (<build>/CMakeCache.txt: LLVM_DIR = <libdir>/cmake/llvm, else
       MLIR_DIR = <libdir>/cmake/mlir);
    3. the directory of the libMLIR.so (libLLVM.so) that libModCAPI.so is
       linked against (loads libModCAPI.so).

    There is deliberately no `llvm-config` fallback: the one on PATH may be
    another LLVM version than the build's (a distribution's default LLVM).
    """
    if os.environ.get("MOD_MLIR_LLVM_LIB_DIR"):
        return Path(os.environ["MOD_MLIR_LLVM_LIB_DIR"])
    capi = next((p for p in _candidates() if p.exists()), None)  # the one lib() loads
    cache = capi.parent.parent / "CMakeCache.txt" if capi else None
    if cache and cache.exists():
        for var, sub in (("LLVM_DIR", "llvm"), ("MLIR_DIR", "mlir")):
            value = _cmake_cache_value(cache, var)
            if value and Path(value).parts[-2:] == ("cmake", sub) and Path(value).parents[1].is_dir():
                return Path(value).parents[1]
    return _loaded_llvm_lib_dir()


_LIB = None


def lib() -> ctypes.CDLL:
    """The loaded libModCAPI.so, with argument/result types declared."""
    global _LIB
    if _LIB is not None:
        return _LIB
    tried = []
    for path in _candidates():
        if path.exists():
            _LIB = ctypes.CDLL(str(path))
            break
        tried.append(str(path))
    else:
        raise ImportError("mod_mlir: libModCAPI.so not found (build mod-mlir with scripts/build.sh, or set "
                          "MOD_MLIR_LIB_DIR); looked in:\n  " + "\n  ".join(tried))
    for name, (args, res) in _SIGNATURES.items():
        fn = getattr(_LIB, name)
        fn.argtypes = args
        fn.restype = res
    return _LIB


def is_null(handle) -> bool:
    return not handle.ptr


def collect_string(fn, *args) -> str:
    """Calls an MLIR print-style function (..., callback, userData) and
    returns what it printed."""
    chunks: list[str] = []

    @StringCallback
    def cb(ref, _):
        chunks.append(ref.str())

    fn(*args, cb, None)
    return "".join(chunks)


__all__ = ["lib", "llvm_lib_dir", "is_null", "collect_string", "MlirStringRef", "StringCallback", "DiagnosticHandler",
           "DeleteUserData", "c_char_p"]
