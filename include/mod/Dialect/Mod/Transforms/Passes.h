//===- Passes.h - mod dialect transformations -----------------------*- C++ -*-===//
#ifndef MOD_DIALECT_MOD_TRANSFORMS_PASSES_H
#define MOD_DIALECT_MOD_TRANSFORMS_PASSES_H

#include "mlir/Pass/Pass.h"

#include <memory>

namespace mlir {
namespace func {
class FuncOp;
} // namespace func
namespace mod {

#define GEN_PASS_DECL
#include "mod/Dialect/Mod/Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "mod/Dialect/Mod/Transforms/Passes.h.inc"

} // namespace mod
} // namespace mlir

#endif // MOD_DIALECT_MOD_TRANSFORMS_PASSES_H
