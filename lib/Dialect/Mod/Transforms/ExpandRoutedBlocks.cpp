//===- ExpandRoutedBlocks.cpp - routed_block -> primitive mod ops ---------===//
//
// %y = mod.routed_block(%x, %w[, %b]) {capacity, gate} { body(%xs, %pos) }
//   ==>
// %r = mod.router %x, %w [bias(%b)]
// %vals, %idx = mod.topk %r {k}
// %xs = mod.gather %x[%idx]
// <body inlined with %xs, %pos = %idx>
// %y = mod.scatter_add %f into %x[%idx] [weights(gate(%vals))]
//
//===----------------------------------------------------------------------===//

#include "mod/Dialect/Mod/IR/ModOps.h"
#include "mod/Dialect/Mod/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/PatternMatch.h"

namespace mlir {
namespace mod {
#define GEN_PASS_DEF_MODEXPANDROUTEDBLOCKS
#include "mod/Dialect/Mod/Transforms/Passes.h.inc"
} // namespace mod
} // namespace mlir

using namespace mlir;
using namespace mlir::mod;

/// sigmoid(v) = 1 / (1 + exp(-v)), elementwise over a tensor, as a
/// linalg.generic.
static Value buildSigmoid(OpBuilder &b, Location loc, Value values) {
  auto type = cast<RankedTensorType>(values.getType());
  Value init = tensor::EmptyOp::create(b, loc, type.getShape(),
                                       type.getElementType());
  SmallVector<AffineMap> maps(2, b.getMultiDimIdentityMap(type.getRank()));
  SmallVector<utils::IteratorType> iterators(type.getRank(),
                                             utils::IteratorType::parallel);
  auto generic = linalg::GenericOp::create(
      b, loc, TypeRange{type}, ValueRange{values}, ValueRange{init}, maps,
      iterators, [&](OpBuilder &nb, Location nloc, ValueRange args) {
        Type elt = args[0].getType();
        Value one = arith::ConstantOp::create(nb, nloc, elt,
                                              nb.getFloatAttr(elt, 1.0));
        Value neg = arith::NegFOp::create(nb, nloc, args[0]);
        Value exp = math::ExpOp::create(nb, nloc, neg);
        Value den = arith::AddFOp::create(nb, nloc, one, exp);
        Value sig = arith::DivFOp::create(nb, nloc, one, den);
        linalg::YieldOp::create(nb, nloc, sig);
      });
  return generic.getResult(0);
}

/// Expands one routed block in place.
static void expandRoutedBlock(RewriterBase &rewriter, RoutedBlockOp op) {
  Location loc = op.getLoc();
  rewriter.setInsertionPoint(op);
  Value input = op.getInput();

  auto router = RouterOp::create(rewriter, loc, input, op.getRouterWeight(),
                                 op.getRouterBias());
  Value indices, values;
  if (auto threshold = op.getThresholdAttr()) {
    // Causal routing: threshold selection capped at k, padded with S; the
    // gate reads the logits at the selected positions (padding reads 0).
    int64_t k = op.getK();
    Value decision = router.getResult();
    if (op.hasPredictor()) {
      // The predictor's logits decide; the router's still gate.
      Block &pred = op.getPredictor().front();
      auto predYield = cast<YieldOp>(pred.getTerminator());
      Value predicted = predYield.getValues().front();
      rewriter.inlineBlockBefore(&pred, op, ValueRange{input});
      rewriter.eraseOp(predYield);
      decision = predicted;
    }
    auto select = CausalSelectOp::create(rewriter, loc, decision,
                                         threshold.getValueAsDouble(), k);
    indices = select.getIndices();
    values = GatherOp::create(rewriter, loc, router.getResult(), indices)
                 .getResult();
  } else {
    auto topk = TopKOp::create(rewriter, loc, router.getResult(), op.getK());
    indices = topk.getIndices();
    values = topk.getValues();
  }
  auto gather = GatherOp::create(rewriter, loc, input, indices);

  // Move the body in front of the op, binding %xs and %pos.
  Block &body = op.getBodyBlock();
  auto yield = cast<YieldOp>(body.getTerminator());
  rewriter.inlineBlockBefore(&body, op,
                             ValueRange{gather.getResult(), indices});
  Value update = yield.getValues().front();
  rewriter.eraseOp(yield);

  Value weights;
  switch (op.getGateKind()) {
  case GateKind::raw:
    weights = values;
    break;
  case GateKind::sigmoid:
    weights = buildSigmoid(rewriter, loc, values);
    break;
  case GateKind::none: // no weights, g = 1
    break;
  }

  // Top-k indices are positions in [0, S); causal selections hold padding.
  auto scatter = ScatterAddOp::create(rewriter, loc, input.getType(), update,
                                      input, indices, weights,
                                      /*in_bounds=*/!op.getThresholdAttr());
  rewriter.replaceOp(op, scatter.getResult());
}

namespace {
struct ModExpandRoutedBlocksPass
    : public mod::impl::ModExpandRoutedBlocksBase<ModExpandRoutedBlocksPass> {
  void runOnOperation() override {
    SmallVector<RoutedBlockOp> blocks;
    // Post-order: a routed block nested in another one's body is expanded
    // first; the outer expansion then moves the already expanded ops.
    getOperation()->walk([&](RoutedBlockOp op) { blocks.push_back(op); });
    IRRewriter rewriter(&getContext());
    for (RoutedBlockOp op : blocks)
      expandRoutedBlock(rewriter, op);
  }
};
} // namespace
