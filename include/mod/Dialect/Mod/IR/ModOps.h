//===- ModOps.h - Mixture-of-Depths operations ------------------*- C++ -*-===//
#ifndef MOD_DIALECT_MOD_IR_MODOPS_H
#define MOD_DIALECT_MOD_IR_MODOPS_H

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/Interfaces/ControlFlowInterfaces.h"
#include "mlir/Interfaces/DestinationStyleOpInterface.h"
#include "mlir/Interfaces/TilingInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mod/Dialect/Mod/IR/ModDialect.h"

namespace mlir {
namespace mod {

/// The number of tokens a routed block of capacity `capacity` keeps out of a
/// sequence of `seqLen` tokens: clamp(ceil(C * S - 1e-9), 1, S). The epsilon
/// absorbs binary rounding of C (0.3 * 10 must give 3, not 4).
int64_t computeCapacityK(double capacity, int64_t seqLen);

/// True if `gate` names a gate kind the dialect knows ("raw", "sigmoid",
/// "none").
bool isKnownGateKind(llvm::StringRef gate);

} // namespace mod
} // namespace mlir

#define GET_OP_CLASSES
#include "mod/Dialect/Mod/IR/ModOps.h.inc"

#endif // MOD_DIALECT_MOD_IR_MODOPS_H
