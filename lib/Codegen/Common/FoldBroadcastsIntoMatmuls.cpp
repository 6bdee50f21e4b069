//===- FoldBroadcastsIntoMatmuls.cpp - grouped-query attention, no copies -===//
//
// Grouped-query attention (LLaMA, Mistral, Qwen2, ...) shares each key/value
// head among R query heads. torch-mlir writes transformers' `repeat_kv` as a
// broadcast linalg.generic [N, G, S, D] -> [N, G, R, S, D], collapsed into
// the batch dim of the attention's batch_matmuls, so every step copies every
// key and value cache R times over. The R query heads of a group multiply
// the same matrix, so they can be R x M rows of one product instead:
//
//   batch_matmul(A [N*G*R, M, K], collapse(broadcast(X)) [N*G*R, K, P])
//     -> batch_matmul(A [N*G, R*M, K], collapse(X) [N*G, K, P])
//
// with A and the result reshaped: R and M are adjacent in their row-major
// layout, so both reshapes are views. B may be read transposed. Elementwise
// ops between the broadcast and the matmul (torch-mlir scales K after
// repeating it) are moved before the broadcast first, where they compute R
// times fewer elements. Exact: every element of the result is the same dot
// product, and every scaled element the same scalar computation.
//
//===----------------------------------------------------------------------===//

#include "mod/Codegen/Common/ElementwiseOps.h"
#include "mod/Codegen/Common/LibraryMatmul.h"
#include "mod/Codegen/Common/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir {
namespace mod {
#define GEN_PASS_DEF_MODFOLDBROADCASTSINTOMATMULS
#include "mod/Codegen/Common/Passes.h.inc"
} // namespace mod
} // namespace mlir

using namespace mlir;

namespace {

/// A linalg.generic that broadcasts `source` along `dim` into `type`'s shape.
Value broadcast(PatternRewriter &rewriter, Location loc, Value source,
                RankedTensorType type, int64_t dim) {
  int64_t rank = type.getRank();
  SmallVector<AffineExpr> kept;
  for (int64_t d = 0; d < rank; ++d)
    if (d != dim)
      kept.push_back(rewriter.getAffineDimExpr(d));
  AffineMap in = AffineMap::get(rank, 0, kept, rewriter.getContext());
  AffineMap out = rewriter.getMultiDimIdentityMap(rank);
  Value init = tensor::EmptyOp::create(rewriter, loc, type.getShape(),
                                       type.getElementType());
  SmallVector<utils::IteratorType> parallel(rank,
                                            utils::IteratorType::parallel);
  auto op = linalg::GenericOp::create(
      rewriter, loc, TypeRange{type}, ValueRange{source}, ValueRange{init},
      ArrayRef<AffineMap>{in, out}, parallel,
      [](OpBuilder &b, Location l, ValueRange args) {
        linalg::YieldOp::create(b, l, args[0]);
      });
  return op.getResult(0);
}

/// Whether `v` is used once, by a linalg.batch_matmul, possibly through
/// collapse_shapes used once.
bool feedsBatchMatmul(Value v) {
  while (v.hasOneUse()) {
    Operation *user = *v.getUsers().begin();
    if (isa<linalg::BatchMatmulOp>(user))
      return true;
    auto collapse = dyn_cast<tensor::CollapseShapeOp>(user);
    if (!collapse)
      return false;
    v = collapse.getResult();
  }
  return false;
}

/// elementwise(collapse*(broadcast(X))) -> collapse*(broadcast(
/// elementwise(X))), for an elementwise op with one tensor input (plus
/// rank-0 scalars) that feeds a batch_matmul, every op on the way used
/// once.
struct HoistElementwiseAboveBroadcast
    : public OpRewritePattern<linalg::GenericOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(linalg::GenericOp op,
                                PatternRewriter &rewriter) const override {
    if (!mod::isElementwiseGeneric(op))
      return failure();
    std::optional<unsigned> tensorInput;
    for (auto [i, input] : llvm::enumerate(op.getDpsInputs())) {
      if (cast<RankedTensorType>(input.getType()).getRank() == 0)
        continue;
      if (tensorInput)
        return failure();
      tensorInput = i;
    }
    if (!tensorInput || !feedsBatchMatmul(op.getResult(0)))
      return failure();
    // Down to the broadcast through collapse_shapes used once.
    Value v = op.getDpsInputs()[*tensorInput];
    SmallVector<tensor::CollapseShapeOp> collapses;
    while (auto collapse = v.getDefiningOp<tensor::CollapseShapeOp>()) {
      if (!v.hasOneUse())
        return failure();
      collapses.push_back(collapse);
      v = collapse.getSrc();
    }
    auto bcast = v.getDefiningOp<linalg::GenericOp>();
    std::optional<int64_t> dim;
    if (!bcast || !v.hasOneUse() || !(dim = mod::broadcastDim(bcast)))
      return failure();
    Value source = bcast.getDpsInputs()[0];
    auto sourceType = cast<RankedTensorType>(source.getType());
    auto bcastType = cast<RankedTensorType>(v.getType());
    if (!sourceType.hasStaticShape() || !bcastType.hasStaticShape())
      return failure();

    Location loc = op.getLoc();
    Type element = cast<RankedTensorType>(op.getResult(0).getType())
                       .getElementType();
    // The elementwise op on X.
    int64_t rank = sourceType.getRank();
    SmallVector<Value> inputs(op.getDpsInputs());
    inputs[*tensorInput] = source;
    SmallVector<AffineMap> maps;
    for (Value input : inputs)
      maps.push_back(cast<RankedTensorType>(input.getType()).getRank() == 0
                         ? AffineMap::get(rank, 0, {}, rewriter.getContext())
                         : rewriter.getMultiDimIdentityMap(rank));
    maps.push_back(rewriter.getMultiDimIdentityMap(rank));
    Value init = tensor::EmptyOp::create(rewriter, loc, sourceType.getShape(),
                                         element);
    auto moved = linalg::GenericOp::create(
        rewriter, loc, TypeRange{sourceType.clone(element)}, inputs,
        ValueRange{init}, maps,
        SmallVector<utils::IteratorType>(rank, utils::IteratorType::parallel));
    rewriter.cloneRegionBefore(op.getRegion(), moved.getRegion(),
                               moved.getRegion().begin());
    // Broadcast and collapse the result as before.
    Value result = broadcast(rewriter, loc, moved.getResult(0),
                             bcastType.clone(element), *dim);
    for (tensor::CollapseShapeOp collapse : llvm::reverse(collapses))
      result = tensor::CollapseShapeOp::create(
          rewriter, loc, collapse.getResultType().clone(element), result,
          collapse.getReassociationIndices());
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// batch_matmul(A, collapse(broadcast(X) along the last batch dim)) with
/// the R broadcast copies as R x M rows of A (see the file comment).
struct GroupBroadcastBatches : public OpRewritePattern<linalg::BatchMatmulOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(linalg::BatchMatmulOp op,
                                PatternRewriter &rewriter) const override {
    std::optional<mod::MatmulTransposes> t =
        mod::getLibraryMatmulTransposes(op);
    if (!op.hasPureTensorSemantics() || !t || t->a)
      return failure();
    Value a = op.getDpsInputOperand(0)->get();
    Value b = op.getDpsInputOperand(1)->get();
    Value c = op.getDpsInitOperand(0)->get();
    auto collapse = b.getDefiningOp<tensor::CollapseShapeOp>();
    if (!collapse || !b.hasOneUse())
      return failure();
    // B = collapse of [batch..., r, rows, cols] with the batch dims and r
    // in the first group, the matrix dims kept.
    SmallVector<ReassociationIndices> groups =
        collapse.getReassociationIndices();
    int64_t srcRank = collapse.getSrcType().getRank();
    if (groups.size() != 3 || groups[0].size() < 2 ||
        groups[1] != ReassociationIndices{srcRank - 2} ||
        groups[2] != ReassociationIndices{srcRank - 1})
      return failure();
    int64_t r = srcRank - 3; // the last batch dim
    Value y = collapse.getSrc();
    auto bcast = y.getDefiningOp<linalg::GenericOp>();
    std::optional<int64_t> dim;
    if (!bcast || !y.hasOneUse() || !(dim = mod::broadcastDim(bcast)) ||
        *dim != r)
      return failure();
    auto aType = cast<RankedTensorType>(a.getType());
    auto cType = cast<RankedTensorType>(c.getType());
    auto yType = cast<RankedTensorType>(y.getType());
    Value x = bcast.getDpsInputs()[0];
    if (!aType.hasStaticShape() || !cType.hasStaticShape() ||
        !yType.hasStaticShape())
      return failure();
    int64_t copies = yType.getDimSize(r);
    int64_t batch = aType.getDimSize(0), groupsCount = batch / copies;
    if (copies <= 1 || batch % copies != 0)
      return failure();

    Location loc = op.getLoc();
    // [batch, M, K] -> [batch / R, R * M, K] (views: R and M are adjacent).
    auto stack = [&](Value v) {
      auto type = cast<RankedTensorType>(v.getType());
      int64_t rows = type.getDimSize(1), cols = type.getDimSize(2);
      Value split = tensor::ExpandShapeOp::create(
          rewriter, loc, type.clone({groupsCount, copies, rows, cols}), v,
          SmallVector<ReassociationIndices>{{0, 1}, {2}, {3}});
      return tensor::CollapseShapeOp::create(
                 rewriter, loc, split,
                 SmallVector<ReassociationIndices>{{0}, {1, 2}, {3}})
          .getResult();
    };
    // X [batch dims..., rows, cols] with its batch dims collapsed.
    int64_t xRank = srcRank - 1;
    ReassociationIndices xBatch;
    for (int64_t d = 0; d < xRank - 2; ++d)
      xBatch.push_back(d);
    Value grouped = tensor::CollapseShapeOp::create(
        rewriter, loc, x,
        SmallVector<ReassociationIndices>{xBatch, {xRank - 2}, {xRank - 1}});
    Value init = stack(c);
    auto product = linalg::BatchMatmulOp::create(
        rewriter, loc, TypeRange{init.getType()}, ValueRange{stack(a), grouped},
        ValueRange{init});
    product.setIndexingMapsAttr(
        rewriter.getAffineMapArrayAttr(op.getIndexingMapsArray()));
    // Back to [batch, M, N].
    auto resultType = cast<RankedTensorType>(init.getType());
    Value split = tensor::ExpandShapeOp::create(
        rewriter, loc,
        resultType.clone({groupsCount, copies, cType.getDimSize(1),
                          cType.getDimSize(2)}),
        product.getResult(0),
        SmallVector<ReassociationIndices>{{0}, {1, 2}, {3}});
    rewriter.replaceOpWithNewOp<tensor::CollapseShapeOp>(
        op, cType, split, SmallVector<ReassociationIndices>{{0, 1}, {2}, {3}});
    return success();
  }
};

struct ModFoldBroadcastsIntoMatmulsPass
    : public mod::impl::ModFoldBroadcastsIntoMatmulsBase<
          ModFoldBroadcastsIntoMatmulsPass> {
  void runOnOperation() override {
    MLIRContext *ctx = &getContext();
    RewritePatternSet patterns(ctx);
    patterns.add<HoistElementwiseAboveBroadcast, GroupBroadcastBatches>(ctx);
    // collapse(collapse(x)) -> collapse(x) between the two.
    tensor::CollapseShapeOp::getCanonicalizationPatterns(patterns, ctx);
    tensor::ExpandShapeOp::getCanonicalizationPatterns(patterns, ctx);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace
