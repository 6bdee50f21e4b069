//===- FuseElementwise.cpp - fuse elementwise chains into their consumers -===//
//
// Upstream's linalg-fuse-elementwise-ops fuses any elementwise producer into
// any consumer, including transposes and fills into matmuls, which turns the
// named contractions into generic ones (no cuBLAS call on the GPU path, and
// the CPU tiler's named-op schedule no longer applies). This pass runs the
// same upstream patterns with a control function that keeps contractions
// and named ops out: only a linalg.generic with parallel iterators only,
// used by nothing but `linalg.generic`s that are not contractions, is fused
// (elementwise chains, and an elementwise producer into a reduction such as
// softmax's max/sum).
//
//===----------------------------------------------------------------------===//

#include "mod/Codegen/CPU/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/IR/LinalgInterfaces.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir {
namespace mod {
#define GEN_PASS_DEF_MODFUSEELEMENTWISE
#include "mod/Codegen/CPU/Passes.h.inc"
} // namespace mod
} // namespace mlir

using namespace mlir;

/// Indexing maps that are projected permutations (no constant results such
/// as torch-mlir's `(d0, d1, d2) -> (d0, d1, 0)` broadcasts).
static bool hasPermutationMaps(linalg::GenericOp op) {
  return llvm::all_of(op.getIndexingMapsArray(), [](AffineMap map) {
    return map.isProjectedPermutation();
  });
}

static bool isPlainElementwise(Operation *op) {
  auto generic = dyn_cast_or_null<linalg::GenericOp>(op);
  return generic && generic.getNumLoops() == generic.getNumParallelLoops() &&
         hasPermutationMaps(generic);
}

static bool isNonContractionGeneric(Operation *op) {
  auto generic = dyn_cast<linalg::GenericOp>(op);
  return generic && !linalg::isaContractionOpInterface(generic) &&
         hasPermutationMaps(generic);
}

namespace {
struct ModFuseElementwisePass
    : public mod::impl::ModFuseElementwiseBase<ModFuseElementwisePass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    linalg::ControlFusionFn control = [](OpOperand *fused) {
      Operation *producer = fused->get().getDefiningOp();
      Operation *consumer = fused->getOwner();
      return isPlainElementwise(producer) && isNonContractionGeneric(consumer);
    };
    linalg::populateElementwiseOpsFusionPatterns(patterns, control);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace
