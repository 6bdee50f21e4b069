//===- ModTransformOps.h - Transform dialect ops of mod-mlir ----*- C++ -*-===//
#ifndef MOD_DIALECT_MOD_TRANSFORMOPS_MODTRANSFORMOPS_H
#define MOD_DIALECT_MOD_TRANSFORMOPS_MODTRANSFORMOPS_H

#include "mlir/Dialect/Transform/IR/TransformTypes.h"
#include "mlir/Dialect/Transform/Interfaces/TransformInterfaces.h"
#include "mlir/IR/OpImplementation.h"

namespace mlir {
class DialectRegistry;
namespace mod {
/// Registers the mod transform ops as an extension of the transform dialect.
void registerTransformDialectExtension(DialectRegistry &registry);
} // namespace mod
} // namespace mlir

#define GET_OP_CLASSES
#include "mod/Dialect/Mod/TransformOps/ModTransformOps.h.inc"

#endif // MOD_DIALECT_MOD_TRANSFORMOPS_MODTRANSFORMOPS_H
