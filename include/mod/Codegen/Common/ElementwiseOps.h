//===- ElementwiseOps.h - generics that compute per element -----*- C++ -*-===//
//
// Shapes of linalg.generic that the matmul folding passes move across
// transposes, reshapes and broadcasts: an op that applies the same scalar
// computation at every index commutes with any of them (the same scalar ops
// on the same elements), and a broadcast can be read through instead of
// copied.
//
//===----------------------------------------------------------------------===//

#ifndef MOD_CODEGEN_COMMON_ELEMENTWISEOPS_H
#define MOD_CODEGEN_COMMON_ELEMENTWISEOPS_H

#include "mlir/Dialect/Linalg/IR/Linalg.h"

namespace mlir {
namespace mod {

/// An all-parallel linalg.generic with one result that applies the same
/// scalar computation at every index: identity maps for the result and for
/// every tensor input of the result's rank (rank-0 inputs are scalars), no
/// linalg.index, the result's init not read.
inline bool isElementwiseGeneric(linalg::GenericOp op) {
  if (!op.hasPureTensorSemantics() || op.getNumDpsInits() != 1 ||
      op.getNumParallelLoops() != op.getNumLoops())
    return false;
  int64_t rank = op.getNumLoops();
  for (OpOperand &operand : op->getOpOperands()) {
    AffineMap map = op.getMatchingIndexingMap(&operand);
    auto type = dyn_cast<RankedTensorType>(operand.get().getType());
    if (!type)
      return false;
    bool scalar = !op.isDpsInit(&operand) && type.getRank() == 0 &&
                  map.getNumResults() == 0;
    if (!scalar && (type.getRank() != rank || !map.isIdentity()))
      return false;
  }
  return !op.hasIndexSemantics() &&
         !op.payloadUsesValueFromOperand(op.getDpsInitOperand(0));
}

/// The one dim that `op` broadcasts its input along, if it is a pure
/// broadcast: one input, all-parallel, the result's map the identity, the
/// input's map the identity without that dim, the body `yield %in`.
inline std::optional<int64_t> broadcastDim(linalg::GenericOp op) {
  if (!op.hasPureTensorSemantics() || op.getNumDpsInputs() != 1 ||
      op.getNumDpsInits() != 1 ||
      op.getNumParallelLoops() != op.getNumLoops())
    return std::nullopt;
  SmallVector<AffineMap> maps = op.getIndexingMapsArray();
  int64_t rank = op.getNumLoops();
  if (!maps[1].isIdentity() || maps[0].getNumResults() != rank - 1 ||
      !maps[0].isProjectedPermutation())
    return std::nullopt;
  std::optional<int64_t> dropped;
  for (int64_t d = 0, r = 0; d < rank; ++d) {
    if (r < rank - 1 && maps[0].getDimPosition(r) == d) {
      ++r;
      continue;
    }
    if (dropped)
      return std::nullopt;
    dropped = d;
  }
  Block &body = op.getRegion().front();
  auto yield = dyn_cast<linalg::YieldOp>(body.getTerminator());
  if (!dropped || body.getOperations().size() != 1 || !yield ||
      yield.getNumOperands() != 1 || yield.getOperand(0) != body.getArgument(0))
    return std::nullopt;
  return dropped;
}

} // namespace mod
} // namespace mlir

#endif // MOD_CODEGEN_COMMON_ELEMENTWISEOPS_H
