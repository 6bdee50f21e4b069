//===- ModToLinalg.h - mod ops to linalg/scf/tensor -------------*- C++ -*-===//
#ifndef MOD_CONVERSION_MODTOLINALG_MODTOLINALG_H
#define MOD_CONVERSION_MODTOLINALG_MODTOLINALG_H

#include "mlir/Pass/Pass.h"

#include <memory>

namespace mlir {
class RewritePatternSet;
namespace mod {

#define GEN_PASS_DECL_CONVERTMODTOLINALG
#define GEN_PASS_DECL_MODLOWERTOLINALG
#include "mod/Conversion/Passes.h.inc"

/// Patterns lowering mod.router, mod.topk, mod.causal_select, mod.gather and
/// mod.scatter_add (static shapes, f16/bf16/f32/f64) to linalg, scf, tensor,
/// arith and memref (top-k's selection kernel).
void populateModToLinalgConversionPatterns(RewritePatternSet &patterns);

} // namespace mod
} // namespace mlir

#endif // MOD_CONVERSION_MODTOLINALG_MODTOLINALG_H
