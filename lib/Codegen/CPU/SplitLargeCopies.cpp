//===- SplitLargeCopies.cpp - memref.copy -> parallel row copies ----------===//
//
// A large memref.copy is one memcpy on one thread. This pass splits it into
// an scf.parallel of row copies, which convert-scf-to-openmp spreads over
// the threads. See Passes.td.
//
//===----------------------------------------------------------------------===//

#include "mod/Codegen/CPU/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/BuiltinTypes.h"

namespace mlir {
namespace mod {
#define GEN_PASS_DEF_MODSPLITLARGECOPIES
#include "mod/Codegen/CPU/Passes.h.inc"
} // namespace mod
} // namespace mlir

using namespace mlir;

namespace {

/// Rows this short cost more in loop and call overhead than they move.
constexpr int64_t kMinRowElements = 256;

struct ModSplitLargeCopiesPass
    : public mod::impl::ModSplitLargeCopiesBase<ModSplitLargeCopiesPass> {
  using Base::Base;

  void runOnOperation() override {
    SmallVector<memref::CopyOp> copies;
    getOperation().walk([&](memref::CopyOp copy) {
      auto src = dyn_cast<MemRefType>(copy.getSource().getType());
      auto dst = dyn_cast<MemRefType>(copy.getTarget().getType());
      if (!src || !dst || src.getShape() != dst.getShape() ||
          !src.hasStaticShape() || src.getRank() < 2 ||
          !src.getLayout().isIdentity() || !dst.getLayout().isIdentity() ||
          src.getDimSize(src.getRank() - 1) < kMinRowElements ||
          !src.getElementType().isIntOrIndexOrFloat())
        return;
      int64_t bytes = src.getNumElements() *
                      llvm::divideCeil(src.getElementTypeBitWidth(), 8);
      if (bytes >= minBytes)
        copies.push_back(copy);
    });
    for (memref::CopyOp copy : copies) {
      OpBuilder b(copy);
      Location loc = copy.getLoc();
      auto type = cast<MemRefType>(copy.getSource().getType());
      int64_t rank = type.getRank();
      Value zero = arith::ConstantIndexOp::create(b, loc, 0);
      Value one = arith::ConstantIndexOp::create(b, loc, 1);
      SmallVector<Value> lbs, ubs, steps;
      for (int64_t d = 0; d + 1 < rank; ++d) {
        lbs.push_back(zero);
        ubs.push_back(
            arith::ConstantIndexOp::create(b, loc, type.getDimSize(d)));
        steps.push_back(one);
      }
      int64_t row = type.getDimSize(rank - 1);
      scf::ParallelOp::create(
          b, loc, lbs, ubs, steps,
          [&](OpBuilder &nb, Location l, ValueRange ivs) {
            SmallVector<OpFoldResult> offsets(ivs.begin(), ivs.end());
            offsets.push_back(nb.getIndexAttr(0));
            SmallVector<OpFoldResult> sizes(rank - 1, nb.getIndexAttr(1));
            sizes.push_back(nb.getIndexAttr(row));
            SmallVector<OpFoldResult> strides(rank, nb.getIndexAttr(1));
            auto rowType = memref::SubViewOp::inferRankReducedResultType(
                {row}, type, offsets, sizes, strides);
            Value from = memref::SubViewOp::create(
                nb, l, cast<MemRefType>(rowType), copy.getSource(), offsets,
                sizes, strides);
            Value to = memref::SubViewOp::create(
                nb, l, cast<MemRefType>(rowType), copy.getTarget(), offsets,
                sizes, strides);
            memref::CopyOp::create(nb, l, from, to);
            scf::ReduceOp::create(nb, l);
          });
      copy.erase();
    }
  }
};

} // namespace
