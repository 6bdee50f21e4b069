//===- FoldTransposesIntoMatmuls.cpp - matmuls read transposed operands ---===//
//
// torch-mlir writes every `nn.Linear` as `matmul(x, transpose(W))`: the
// weight is transposed (a copy of the whole matrix) on every call, which in
// a decode step costs more than the matmuls themselves. A matmul can read
// its operand transposed instead: this pass folds a `linalg.transpose` of
// the two matrix dims of a `linalg.matmul` / `linalg.batch_matmul` operand
// into the op's indexing maps, and the transpose goes away when nothing
// else uses it. mod-matmul-to-library passes such an operand to the GEMM as
// a view with swapped strides; generated GEMMs vectorize the maps directly.
//
// The transpose may sit below elementwise ops and collapse_shapes of the
// batch dims: torch-mlir's attention scales K^T after transposing it and
// folds [B, H] into one batch dim (`q @ (k^T * s)` as batch_matmul of
// collapsed operands). Both commute with a transpose of the last two dims
// (the same scalar ops on the same elements), so they are moved to the
// untransposed side, where they read and write contiguously, and the
// transpose is folded as above. Every op on the way must have no other use.
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
#define GEN_PASS_DEF_MODFOLDTRANSPOSESINTOMATMULS
#include "mod/Codegen/Common/Passes.h.inc"
} // namespace mod
} // namespace mlir

using namespace mlir;

/// The input of `v`'s defining linalg.transpose if it swaps the last two
/// dims of a rank-`rank` tensor and keeps the others in place.
static Value transposedMatrix(Value v, int64_t rank) {
  auto transpose = v.getDefiningOp<linalg::TransposeOp>();
  if (!transpose || !transpose.hasPureTensorSemantics())
    return {};
  ArrayRef<int64_t> perm = transpose.getPermutation();
  if (static_cast<int64_t>(perm.size()) != rank)
    return {};
  for (int64_t d = 0; d < rank - 2; ++d)
    if (perm[d] != d)
      return {};
  if (perm[rank - 2] != rank - 1 || perm[rank - 1] != rank - 2)
    return {};
  return transpose.getInput();
}

/// `type` with its last two dims swapped.
static RankedTensorType swapLastTwo(RankedTensorType type) {
  SmallVector<int64_t> shape(type.getShape());
  std::swap(shape[shape.size() - 2], shape.back());
  return type.clone(shape);
}

/// A value u with `v` = transpose(u) (the last two of `rank` dims swapped),
/// built by moving the elementwise ops and collapse_shapes between `v` and
/// a linalg.transpose to the untransposed side (see the file comment), or
/// null. Creates ops only once the whole chain is known to qualify.
static Value untransposed(Value v, int64_t rank, PatternRewriter &rewriter,
                          bool create) {
  if (Value source = transposedMatrix(v, rank))
    return source;
  if (rank < 2 || !v.hasOneUse())
    return {};
  if (auto collapse = v.getDefiningOp<tensor::CollapseShapeOp>()) {
    // Only batch dims collapse: the last two groups are single dims.
    SmallVector<ReassociationIndices> groups =
        collapse.getReassociationIndices();
    int64_t srcRank = collapse.getSrcType().getRank();
    if (static_cast<int64_t>(groups.size()) != rank ||
        groups[rank - 2] != ReassociationIndices{srcRank - 2} ||
        groups[rank - 1] != ReassociationIndices{srcRank - 1})
      return {};
    Value src = untransposed(collapse.getSrc(), srcRank, rewriter, create);
    if (!src || !create)
      return src;
    rewriter.setInsertionPoint(collapse);
    return tensor::CollapseShapeOp::create(
        rewriter, collapse.getLoc(),
        swapLastTwo(cast<RankedTensorType>(v.getType())), src, groups);
  }
  auto op = v.getDefiningOp<linalg::GenericOp>();
  if (!op || !mod::isElementwiseGeneric(op) || op.getNumLoops() != rank)
    return {};
  SmallVector<Value> inputs;
  for (Value input : op.getDpsInputs()) {
    if (cast<RankedTensorType>(input.getType()).getRank() == 0) {
      inputs.push_back(input);
      continue;
    }
    Value u = untransposed(input, rank, rewriter, create);
    if (!u)
      return {};
    inputs.push_back(u);
  }
  if (!create)
    return v; // any non-null value: the chain qualifies
  rewriter.setInsertionPoint(op);
  auto type = swapLastTwo(cast<RankedTensorType>(v.getType()));
  Value init = tensor::EmptyOp::create(rewriter, op.getLoc(), type.getShape(),
                                       type.getElementType());
  auto moved = linalg::GenericOp::create(
      rewriter, op.getLoc(), TypeRange{type}, inputs, ValueRange{init},
      op.getIndexingMapsArray(), op.getIteratorTypesArray());
  rewriter.cloneRegionBefore(op.getRegion(), moved.getRegion(),
                             moved.getRegion().begin());
  return moved.getResult(0);
}

/// The untransposed source of matmul operand `v`, or null.
static Value untransposedOperand(Value v, int64_t rank,
                                 PatternRewriter &rewriter) {
  if (!untransposed(v, rank, rewriter, /*create=*/false))
    return {};
  return untransposed(v, rank, rewriter, /*create=*/true);
}

namespace {
template <typename OpTy>
struct FoldTransposedOperands : public OpRewritePattern<OpTy> {
  using OpRewritePattern<OpTy>::OpRewritePattern;

  LogicalResult matchAndRewrite(OpTy op,
                                PatternRewriter &rewriter) const override {
    if (!op.hasPureTensorSemantics())
      return failure();
    std::optional<mod::MatmulTransposes> current =
        mod::getLibraryMatmulTransposes(op);
    if (!current)
      return failure();
    Value a = op.getDpsInputOperand(0)->get();
    Value b = op.getDpsInputOperand(1)->get();
    int64_t rank = cast<ShapedType>(a.getType()).getRank();
    Value aSource = untransposedOperand(a, rank, rewriter);
    Value bSource = untransposedOperand(b, rank, rewriter);
    if (!aSource && !bSource)
      return failure();
    mod::MatmulTransposes t = *current;
    if (aSource) {
      a = aSource;
      t.a = !t.a;
    }
    if (bSource) {
      b = bSource;
      t.b = !t.b;
    }
    SmallVector<AffineMap> maps =
        mod::libraryMatmulMaps(op.getContext(), rank - 2, t);
    rewriter.setInsertionPoint(op);
    auto replacement = OpTy::create(rewriter, op.getLoc(), op->getResultTypes(),
                                    ValueRange{a, b}, op.getDpsInits());
    replacement.setIndexingMapsAttr(rewriter.getAffineMapArrayAttr(maps));
    rewriter.replaceOp(op, replacement->getResults());
    return success();
  }
};

struct ModFoldTransposesIntoMatmulsPass
    : public mod::impl::ModFoldTransposesIntoMatmulsBase<
          ModFoldTransposesIntoMatmulsPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<FoldTransposedOperands<linalg::MatmulOp>,
                 FoldTransposedOperands<linalg::BatchMatmulOp>>(
        &getContext());
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace
