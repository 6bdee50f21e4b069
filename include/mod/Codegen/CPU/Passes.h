//===- Passes.h - CPU code generation -----------------------*- C++ -*-===//
#ifndef MOD_CODEGEN_CPU_PASSES_H
#define MOD_CODEGEN_CPU_PASSES_H

#include "mlir/Pass/Pass.h"

#include <memory>

namespace mlir {
namespace func {
class FuncOp;
} // namespace func
namespace mod {

#define GEN_PASS_DECL
#include "mod/Codegen/CPU/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "mod/Codegen/CPU/Passes.h.inc"

} // namespace mod
} // namespace mlir

#endif // MOD_CODEGEN_CPU_PASSES_H
