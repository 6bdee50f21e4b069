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
//===----------------------------------------------------------------------===//

#include "mod/Codegen/Common/LibraryMatmul.h"
#include "mod/Codegen/Common/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
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
    Value aSource = transposedMatrix(a, rank);
    Value bSource = transposedMatrix(b, rank);
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
