//===- SerializeSmallParallelLoops.cpp - no threads for tiny loops --------===//
//
// An scf.parallel becomes an OpenMP parallel region (convert-scf-to-openmp),
// whose fork and join cost about a microsecond whatever the loop computes.
// This pass estimates each outermost parallel loop's work and runs the
// small ones on the calling thread (nested scf.for loops). See Passes.td.
//
//===----------------------------------------------------------------------===//

#include "mod/Codegen/CPU/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SCF/Transforms/Transforms.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/PatternMatch.h"

#include <optional>

namespace mlir {
namespace mod {
#define GEN_PASS_DEF_MODSERIALIZESMALLPARALLELLOOPS
#include "mod/Codegen/CPU/Passes.h.inc"
} // namespace mod
} // namespace mlir

using namespace mlir;

namespace {

/// Work estimates saturate here (and an unknown estimate is "at least this").
constexpr int64_t kUnbounded = int64_t(1) << 50;

int64_t saturatingMul(int64_t a, int64_t b) {
  if (a == 0 || b == 0)
    return 0;
  return a > kUnbounded / b ? kUnbounded : std::min(a * b, kUnbounded);
}

int64_t saturatingAdd(int64_t a, int64_t b) {
  return std::min(a + b, kUnbounded);
}

/// The iterations of one loop dimension, if its bounds are constants.
std::optional<int64_t> tripCount(OpFoldResult lb, OpFoldResult ub,
                                 OpFoldResult step) {
  std::optional<int64_t> l = getConstantIntValue(lb),
                         u = getConstantIntValue(ub),
                         s = getConstantIntValue(step);
  if (!l || !u || !s || *s <= 0)
    return std::nullopt;
  return *u <= *l ? 0 : (*u - *l + *s - 1) / *s;
}

std::optional<int64_t> regionWork(Region &region);

/// Operations `op` executes (vector ops: one per 16 elements), or nullopt
/// when that cannot be bounded statically.
std::optional<int64_t> opWork(Operation *op) {
  if (auto forOp = dyn_cast<scf::ForOp>(op)) {
    std::optional<int64_t> trips = tripCount(
        forOp.getLowerBound(), forOp.getUpperBound(), forOp.getStep());
    std::optional<int64_t> body = regionWork(forOp.getRegion());
    if (!trips || !body)
      return std::nullopt;
    return saturatingMul(*trips, *body);
  }
  if (auto par = dyn_cast<scf::ParallelOp>(op)) {
    int64_t iterations = 1;
    for (auto [lb, ub, step] : llvm::zip(par.getLowerBound(),
                                         par.getUpperBound(), par.getStep())) {
      std::optional<int64_t> trips = tripCount(lb, ub, step);
      if (!trips)
        return std::nullopt;
      iterations = saturatingMul(iterations, *trips);
    }
    std::optional<int64_t> body = regionWork(par.getRegion());
    if (!body)
      return std::nullopt;
    return saturatingMul(iterations, *body);
  }
  if (auto ifOp = dyn_cast<scf::IfOp>(op)) {
    int64_t most = 0;
    for (Region &branch : ifOp->getRegions()) {
      std::optional<int64_t> w = regionWork(branch);
      if (!w)
        return std::nullopt;
      most = std::max(most, *w);
    }
    return saturatingAdd(most, 1);
  }
  if (auto call = dyn_cast<func::CallOp>(op)) {
    // The runtime GEMM: C[b] += A[b] x B[b] with 3-d operands.
    if (call.getCallee() != "mod_cpu_matmul" || call.getNumOperands() != 3)
      return std::nullopt;
    // The operands are cast to the callee's dynamic types: read the
    // shapes before the casts.
    auto shapeOf = [&](Value v) {
      if (auto cast = v.getDefiningOp<memref::CastOp>())
        v = cast.getSource();
      return dyn_cast<MemRefType>(v.getType());
    };
    MemRefType a = shapeOf(call.getOperand(0)), c = shapeOf(call.getOperand(2));
    if (!a || !c || !a.hasStaticShape() || !c.hasStaticShape() ||
        a.getRank() != 3 || c.getRank() != 3)
      return std::nullopt;
    int64_t fmas = saturatingMul(c.getNumElements(), a.getDimSize(2));
    return saturatingAdd(fmas / 16, 1);
  }
  if (auto copy = dyn_cast<memref::CopyOp>(op)) {
    // A copy moves its elements (one op per 16, as a vector op would):
    // bufferization's copies of tiles (a transpose's rows) are loops of
    // these.
    auto type = dyn_cast<MemRefType>(copy.getSource().getType());
    if (!type || !type.hasStaticShape())
      return std::nullopt;
    return saturatingAdd(type.getNumElements() / 16, 1);
  }
  if (op->getNumRegions() > 0) {
    // Any other op with regions (alloca scopes, execute_region, ...): its
    // regions once each. Loop-like ops we do not know: unbounded.
    if (isa<LoopLikeOpInterface>(op))
      return std::nullopt;
    int64_t sum = 1;
    for (Region &region : op->getRegions()) {
      std::optional<int64_t> w = regionWork(region);
      if (!w)
        return std::nullopt;
      sum = saturatingAdd(sum, *w);
    }
    return sum;
  }
  if (isa<CallOpInterface>(op))
    return std::nullopt;
  // One per 16 elements of the widest vector it produces or takes.
  int64_t lanes = 1;
  for (Type t : llvm::concat<Type>(op->getResultTypes(), op->getOperandTypes()))
    if (auto v = dyn_cast<VectorType>(t); v && !v.isScalable())
      lanes = std::max(lanes, v.getNumElements());
  return (lanes + 15) / 16;
}

std::optional<int64_t> regionWork(Region &region) {
  int64_t sum = 0;
  for (Block &block : region)
    for (Operation &op : block) {
      std::optional<int64_t> w = opWork(&op);
      if (!w)
        return std::nullopt;
      sum = saturatingAdd(sum, *w);
    }
  return sum;
}

struct ModSerializeSmallParallelLoopsPass
    : public mod::impl::ModSerializeSmallParallelLoopsBase<
          ModSerializeSmallParallelLoopsPass> {
  using Base::Base;

  void runOnOperation() override {
    // Outermost parallel loops only: a nested one runs inside its parent's
    // region (convert-scf-to-openmp serializes it anyway).
    SmallVector<scf::ParallelOp> loops;
    getOperation().walk<WalkOrder::PreOrder>([&](scf::ParallelOp par) {
      loops.push_back(par);
      return WalkResult::skip();
    });
    IRRewriter rewriter(&getContext());
    for (scf::ParallelOp par : loops) {
      std::optional<int64_t> work = opWork(par);
      bool small = minWork > 0 && work && *work < minWork;
      if (!small) {
        if (report) {
          InFlightDiagnostic d = par.emitRemark()
                                 << "parallel loop stays parallel: ";
          if (work)
            d << "estimated work " << *work << " >= min-work "
            << static_cast<int64_t>(minWork);
          else
            d << "its work cannot be bounded statically";
        }
        continue;
      }
      // The parallel loops inside go too (innermost first): each would
      // otherwise become a region of its own, forked once per iteration.
      SmallVector<scf::ParallelOp> nest;
      par.walk<WalkOrder::PostOrder>(
          [&](scf::ParallelOp inner) { nest.push_back(inner); });
      if (llvm::any_of(nest, [](scf::ParallelOp p) {
            return p.getNumResults() != 0;
          })) {
        if (report)
          par.emitRemark() << "parallel loop stays parallel: a loop in it "
                              "has reductions (estimated work "
                           << *work << ")";
        continue;
      }
      Location loc = par.getLoc();
      bool failedOne = false;
      for (scf::ParallelOp loop : nest) {
        rewriter.setInsertionPoint(loop);
        failedOne |= failed(scf::parallelForToNestedFors(rewriter, loop));
      }
      if (failedOne) {
        if (report)
          emitRemark(loc) << "parallel loop (or one in it) stays parallel: "
                             "it could not be turned into scf.for loops";
        continue;
      }
      if (report)
        emitRemark(loc) << "parallel loop runs on the calling thread: "
                           "estimated work "
                        << *work << " < min-work "
                        << static_cast<int64_t>(minWork);
    }
  }
};

} // namespace
