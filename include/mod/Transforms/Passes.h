//===- Passes.h - mod-mlir passes -------------------------------*- C++ -*-===//
//
// Entry points for compilers that embed mod-mlir: pass constructors
// (`createMod...()`), the generated registration (`registerModPasses()`).
//
//===----------------------------------------------------------------------===//
#ifndef MOD_TRANSFORMS_PASSES_H
#define MOD_TRANSFORMS_PASSES_H

#include "mlir/Pass/Pass.h"

namespace mlir::func {
class FuncOp;
} // namespace mlir::func
#include <memory>

namespace mlir {
namespace mod {

#define GEN_PASS_DECL
#include "mod/Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "mod/Transforms/Passes.h.inc"

} // namespace mod
} // namespace mlir

#endif // MOD_TRANSFORMS_PASSES_H
