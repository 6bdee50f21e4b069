//===- ApproximateMath.cpp - polynomial f32 math for vector code ----------===//

#include "mod/Codegen/CPU/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Math/Transforms/Passes.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include "llvm/ADT/StringSet.h"

namespace mlir {
namespace mod {
#define GEN_PASS_DEF_MODAPPROXIMATEMATH
#include "mod/Codegen/CPU/Passes.h.inc"
} // namespace mod
} // namespace mlir

using namespace mlir;

namespace {
struct ModApproximateMathPass
    : public mod::impl::ModApproximateMathBase<ModApproximateMathPass> {
  using Base::Base;

  void runOnOperation() override {
    // The upstream predicate sees operation names ("math.exp").
    llvm::StringSet<> names;
    auto add = [&](StringRef name) {
      names.insert(name.starts_with("math.") ? name.str()
                                             : ("math." + name).str());
    };
    if (ops.empty())
      for (StringRef name :
           {"exp", "expm1", "tanh", "erf", "log", "log1p", "log2"})
        add(name);
    for (const std::string &op : ops)
      add(op);
    RewritePatternSet patterns(&getContext());
    populateMathPolynomialApproximationPatterns(
        patterns, [&](StringRef name) { return names.contains(name); });
    // Vector ops only (unless scalars=true): a scalar libm call is as fast
    // as the scalar polynomial, and more accurate.
    SmallVector<Operation *> targets;
    getOperation()->walk([&](Operation *op) {
      if (op->getNumResults() == 1 &&
          names.contains(op->getName().getStringRef()) &&
          (scalars || isa<VectorType>(op->getResult(0).getType())))
        targets.push_back(op);
    });
    if (targets.empty())
      return;
    GreedyRewriteConfig config;
    config.setStrictness(GreedyRewriteStrictness::ExistingAndNewOps);
    if (failed(applyOpPatternsGreedily(targets, std::move(patterns), config)))
      return signalPassFailure();
  }
};
} // namespace
