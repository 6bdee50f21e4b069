//===- HoistVectorTransfers.cpp - keep accumulator tiles in registers -----===//

#include "mod/Codegen/CPU/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/Transforms/Hoisting.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

namespace mlir {
namespace mod {
#define GEN_PASS_DEF_MODHOISTVECTORTRANSFERS
#include "mod/Codegen/CPU/Passes.h.inc"
} // namespace mod
} // namespace mlir

using namespace mlir;

namespace {
struct ModHoistVectorTransfersPass
    : public mod::impl::ModHoistVectorTransfersBase<ModHoistVectorTransfersPass> {
  void runOnOperation() override {
    linalg::hoistRedundantVectorTransfers(getOperation(),
                                          /*verifyNonZeroTrip=*/true);
  }
};
} // namespace
