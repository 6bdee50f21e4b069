/*===- mod-c/Mod.h - C API of mod-mlir --------------------------*- C -*-===*\
|*                                                                            *|
|* For bindings (python/mod_mlir/_capi.py uses it through ctypes) next to     *|
|* MLIR's own C API, which libModCAPI.so exports too (mlir-c/IR.h, Pass.h,    *|
|* ExecutionEngine.h, ...): Debian's libMLIR.so exports none of it.           *|
|*                                                                            *|
\*===----------------------------------------------------------------------===*/
#ifndef MOD_C_MOD_H
#define MOD_C_MOD_H

#include "mlir-c/IR.h"
#include "mlir-c/Support.h"

#ifdef __cplusplus
extern "C" {
#endif

/// Makes every upstream dialect and extension, the `mod` dialect and the
/// LLVM IR translations (needed to JIT) available in `context`.
MLIR_CAPI_EXPORTED void modRegisterEverything(MlirContext context);

/// Registers every upstream pass and mod-mlir's passes and pipelines
/// (mod-route-dense, mod-cpu-pipeline, ...) with the global registry, so
/// that mlirParsePassPipeline finds them. Idempotent.
MLIR_CAPI_EXPORTED void modRegisterAllPasses(void);

/// The mod-mlir version string ("0.1.0").
MLIR_CAPI_EXPORTED MlirStringRef modGetVersion(void);

#ifdef __cplusplus
}
#endif

#endif // MOD_C_MOD_H
