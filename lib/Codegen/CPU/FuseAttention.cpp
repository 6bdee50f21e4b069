//===- FuseAttention.cpp - attention scores in row blocks of P x V --------===//
//
// Unfused, an attention materializes its [batch, S, S] scores several times
// (scaled, masked, exp, probabilities: 48 MB each at 12 heads x 1024^2), and
// every softmax pass streams them through memory. This pass tiles each
// attention's P x V contraction by query rows and fuses the chain from
// Q x K^T on into the tile, so that one row block of scores is computed,
// normalized and consumed while it is in cache. Attention is recognized by
// structure (two chained contractions with a reduction between them), so
// every importer's spelling of the mask and softmax is kept as written.
//
//===----------------------------------------------------------------------===//

#include "mod/Codegen/CPU/Passes.h"
#include "mod/Codegen/CPU/TileSizes.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/IR/LinalgInterfaces.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tensor/Transforms/Transforms.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Interfaces/TilingInterface.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir {
namespace mod {
#define GEN_PASS_DEF_MODFUSEATTENTION
#include "mod/Codegen/CPU/Passes.h.inc"
} // namespace mod
} // namespace mlir

using namespace mlir;

namespace {
/// One attention: its P x V contraction and the ops from Q x K^T on that
/// compute P.
struct Attention {
  linalg::LinalgOp pv;
  linalg::LinalgOp qk;
  llvm::SetVector<Operation *> chain; // qk and everything between qk and pv
};
} // namespace

/// Ops the score chain may consist of: tensor-level linalg ops and reshapes.
static bool isChainOp(Operation *op) {
  if (auto linalgOp = dyn_cast<linalg::LinalgOp>(op))
    return linalgOp.hasPureTensorSemantics();
  return isa<tensor::ExpandShapeOp, tensor::CollapseShapeOp>(op);
}

static bool isContraction(Operation *op) {
  auto linalgOp = dyn_cast<linalg::LinalgOp>(op);
  return linalgOp && linalg::isaContractionOpInterface(linalgOp);
}

/// The attention whose P x V contraction is `pv`, or a reason why `pv` is
/// none.
static FailureOr<Attention> matchAttention(linalg::LinalgOp pv,
                                           std::string &why) {
  // Attention's two products are per (batch, head); a norm between two
  // linears (o_proj -> RMSNorm -> gate_proj) is the same chain unbatched,
  // and fusing there would repack a weight matrix for every row block.
  auto batched = [](linalg::LinalgOp op) {
    FailureOr<linalg::ContractionDimensions> dims =
        linalg::inferContractionDims(op);
    return succeeded(dims) && !dims->batch.empty();
  };
  if (!batched(pv)) {
    why = "it is not batched (attention multiplies per batch and head)";
    return failure();
  }
  Block *block = pv->getBlock();
  // Ops that P is computed from, through chain ops only; contractions end
  // the walk (Q x K^T is one, the projections before it are others).
  llvm::SetVector<Operation *> visited;
  SmallVector<Operation *> contractions;
  SmallVector<Value> worklist{pv.getDpsInputOperand(0)->get()};
  while (!worklist.empty()) {
    Operation *op = worklist.pop_back_val().getDefiningOp();
    if (!op || op->getBlock() != block || !isChainOp(op) || !visited.insert(op))
      continue;
    if (isContraction(op)) {
      contractions.push_back(op);
      continue;
    }
    for (Value operand : op->getOperands())
      worklist.push_back(operand);
  }
  // The chain: visited ops that are computed from a contraction.
  llvm::DenseMap<Operation *, bool> fromContraction;
  std::function<bool(Operation *)> reaches = [&](Operation *op) -> bool {
    auto it = fromContraction.find(op);
    if (it != fromContraction.end())
      return it->second;
    fromContraction[op] = false; // no cycles in SSA, but be safe
    bool result = isContraction(op);
    if (!result)
      for (Value operand : op->getOperands())
        if (Operation *def = operand.getDefiningOp();
            def && visited.contains(def) && reaches(def)) {
          result = true;
          break;
        }
    return fromContraction[op] = result;
  };
  Attention attention;
  attention.pv = pv;
  for (Operation *op : visited)
    if (reaches(op))
      attention.chain.insert(op);
  SmallVector<Operation *> qks;
  for (Operation *op : contractions)
    if (attention.chain.contains(op))
      qks.push_back(op);
  if (qks.size() != 1) {
    why = qks.empty() ? "its left operand is not computed from a contraction "
                        "through linalg ops and reshapes"
                      : "its left operand is computed from several "
                        "contractions";
    return failure();
  }
  attention.qk = cast<linalg::LinalgOp>(qks.front());
  if (!batched(attention.qk)) {
    why = "the contraction it is computed from is not batched";
    return failure();
  }
  bool softmax = llvm::any_of(attention.chain, [&](Operation *op) {
    auto linalgOp = dyn_cast<linalg::LinalgOp>(op);
    return linalgOp && op != attention.qk.getOperation() &&
           linalgOp.getNumReductionLoops() > 0;
  });
  if (!softmax) {
    why = "no reduction (softmax) between the two contractions";
    return failure();
  }
  for (linalg::LinalgOp op : {attention.pv, attention.qk})
    if (llvm::any_of(op.getStaticLoopRanges(), ShapedType::isDynamic)) {
      why = "a contraction has dynamic shapes";
      return failure();
    }
  return attention;
}

namespace {
/// extract_slice(collapse_shape(x)) -> collapse_shape(extract_slice(x)) where
/// every collapsed group is sliced to one element (its offset delinearized
/// into the group's dims) or taken whole: the slice of a [B*H, S, S] view
/// at one (b, h) that tiling by batch produces. Upstream's bubble-up
/// patterns (LLVM 22) refuse a dynamic offset into a collapsed group.
struct SliceOfCollapsedUnitGroups
    : public OpRewritePattern<tensor::ExtractSliceOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(tensor::ExtractSliceOp slice,
                                PatternRewriter &rewriter) const override {
    auto collapse = slice.getSource().getDefiningOp<tensor::CollapseShapeOp>();
    if (!collapse || !slice.hasUnitStride() ||
        slice.getType().getRank() != collapse.getResultType().getRank())
      return failure();
    RankedTensorType srcType = collapse.getSrcType();
    if (!srcType.hasStaticShape())
      return failure();
    Location loc = slice.getLoc();
    SmallVector<OpFoldResult> offsets, sizes;
    SmallVector<OpFoldResult> sliceOffsets = slice.getMixedOffsets();
    SmallVector<OpFoldResult> sliceSizes = slice.getMixedSizes();
    for (auto [r, group] :
         llvm::enumerate(collapse.getReassociationIndices())) {
      if (group.size() == 1) {
        offsets.push_back(sliceOffsets[r]);
        sizes.push_back(sliceSizes[r]);
        continue;
      }
      std::optional<int64_t> size = getConstantIntValue(sliceSizes[r]);
      std::optional<int64_t> offset = getConstantIntValue(sliceOffsets[r]);
      SmallVector<int64_t> basis;
      for (int64_t d : group)
        basis.push_back(srcType.getDimSize(d));
      if (size == 1) {
        Value linear =
            getValueOrCreateConstantIndexOp(rewriter, loc, sliceOffsets[r]);
        auto delinearized = affine::AffineDelinearizeIndexOp::create(
            rewriter, loc, linear, basis);
        for (Value v : delinearized.getResults()) {
          offsets.push_back(v);
          sizes.push_back(rewriter.getIndexAttr(1));
        }
        continue;
      }
      if (offset == 0 && size == collapse.getResultType().getDimSize(r)) {
        for (int64_t extent : basis) {
          offsets.push_back(rewriter.getIndexAttr(0));
          sizes.push_back(rewriter.getIndexAttr(extent));
        }
        continue;
      }
      return failure();
    }
    SmallVector<OpFoldResult> strides(offsets.size(), rewriter.getIndexAttr(1));
    Value sliced = tensor::ExtractSliceOp::create(
        rewriter, loc, collapse.getSrc(), offsets, sizes, strides);
    rewriter.replaceOpWithNewOp<tensor::CollapseShapeOp>(
        slice, slice.getType(), sliced, collapse.getReassociationIndices());
    return success();
  }
};
} // namespace

namespace {
struct ModFuseAttentionPass
    : public mod::impl::ModFuseAttentionBase<ModFuseAttentionPass> {
  using Base::Base;

  void runOnOperation() override {
    SmallVector<linalg::LinalgOp> candidates;
    getOperation().walk([&](linalg::LinalgOp op) {
      if (op.hasPureTensorSemantics() && isContraction(op))
        candidates.push_back(op);
    });
    IRRewriter rewriter(&getContext());
    // torch-mlir's keepdim reductions write [.., S, 1] through an `(.., 0)`
    // output map, which tiling cannot invert: the unit dims of a chain's
    // ops are dropped first (upstream's patterns; the reshapes they leave
    // are what the fusion goes through).
    RewritePatternSet unitDimPatterns(&getContext());
    linalg::ControlDropUnitDims control;
    linalg::populateFoldUnitExtentDimsPatterns(unitDimPatterns, control);
    FrozenRewritePatternSet unitDims(std::move(unitDimPatterns));
    GreedyRewriteConfig existingOps;
    existingOps.setStrictness(GreedyRewriteStrictness::ExistingOps);
    for (linalg::LinalgOp pv : candidates) {
      std::string why;
      FailureOr<Attention> attention = matchAttention(pv, why);
      if (failed(attention)) {
        // Every contraction is a candidate; only the ones that look like the
        // second half of an attention (a contraction before them) are worth
        // a remark.
        if (report && why.find("not batched") == std::string::npos &&
            why.find("not computed from a contraction") == std::string::npos)
          pv->emitRemark("mod-fuse-attention: left alone: ") << why;
        continue;
      }
      // Drop the chain's unit dims, then match again (its ops were replaced).
      SmallVector<Operation *> chainOps(attention->chain.begin(),
                                        attention->chain.end());
      (void)applyOpPatternsGreedily(chainOps, unitDims, existingOps);
      attention = matchAttention(pv, why);
      if (failed(attention)) {
        if (report)
          pv->emitRemark("mod-fuse-attention: left alone after dropping "
                         "unit dims: ")
              << why;
        continue;
      }
      if (failed(fuse(rewriter, *attention)))
        return signalPassFailure();
    }
    // A tile's slices of the untiled ops' empty destinations become
    // tile-sized empties: per-tile buffers after bufferization, not slices
    // of an S x S allocation.
    RewritePatternSet empties(&getContext());
    tensor::populateFoldTensorEmptyPatterns(empties);
    if (failed(applyPatternsGreedily(getOperation(), std::move(empties))))
      return signalPassFailure();
  }

  LogicalResult fuse(RewriterBase &rewriter, Attention &attention);
};
} // namespace

LogicalResult ModFuseAttentionPass::fuse(RewriterBase &rewriter,
                                         Attention &attention) {
  linalg::LinalgOp pv = attention.pv;
  FailureOr<linalg::ContractionDimensions> dims =
      linalg::inferContractionDims(pv);
  if (failed(dims) || dims->m.empty() || dims->k.empty()) {
    if (report)
      pv->emitRemark("mod-fuse-attention: left alone: no row or contraction "
                     "dimension");
    return success();
  }
  SmallVector<int64_t> ranges = pv.getStaticLoopRanges();
  // Tile: batch dims and outer row dims 1, the innermost row dim a block
  // whose score rows (all keys) fit `scoreTileBytes`; columns and the
  // contraction whole.
  int64_t keys = 1;
  for (unsigned d : dims->k)
    keys *= ranges[d];
  Type element = getElementTypeOrSelf(pv.getDpsInputOperand(0)->get());
  int64_t elementBytes =
      std::max<int64_t>(1, element.getIntOrFloatBitWidth() / 8);
  int64_t rows = std::max<int64_t>(1, scoreTileBytes / (keys * elementBytes));
  SmallVector<int64_t> sizes(ranges.size(), 0);
  for (unsigned d : dims->batch)
    sizes[d] = 1;
  for (unsigned d : dims->m)
    sizes[d] = 1;
  unsigned rowDim = dims->m.back();
  sizes[rowDim] = mod::largestDivisorAtMost(ranges[rowDim], rows);

  scf::SCFTilingOptions tiling;
  tiling.setTileSizes(getAsIndexOpFoldResult(&getContext(), sizes));
  tiling.setLoopType(parallel ? scf::SCFTilingOptions::LoopType::ForallOp
                              : scf::SCFTilingOptions::LoopType::ForOp);
  scf::SCFTileAndFuseOptions options;
  options.setTilingOptions(tiling);
  llvm::SetVector<Operation *> &chain = attention.chain;
  options.setFusionControlFn(
      [&](tensor::ExtractSliceOp, OpResult producer,
          bool) -> std::optional<scf::SCFTileAndFuseOptions::ControlFnResult> {
        Operation *op = producer.getOwner();
        if (chain.contains(op) || isa<linalg::FillOp>(op))
          return scf::SCFTileAndFuseOptions::ControlFnResult{};
        return std::nullopt;
      });
  // Slices of reshaped values become reshapes of slices, so the fusion
  // continues through the [B*H, S, S] <-> [B, H, S, S] reshapes.
  RewritePatternSet cleanup(&getContext());
  tensor::populateBubbleUpExtractSliceOpPatterns(cleanup);
  cleanup.add<SliceOfCollapsedUnitGroups>(&getContext());
  options.cleanupPatterns = FrozenRewritePatternSet(std::move(cleanup));

  rewriter.setInsertionPoint(pv);
  FailureOr<scf::SCFTileAndFuseResult> result =
      scf::tileConsumerAndFuseProducersUsingSCF(
          rewriter, cast<TilingInterface>(pv.getOperation()), options);
  if (failed(result))
    return pv->emitError("mod-fuse-attention: tiling the P x V contraction "
                         "failed");
  bool fusedScores = result->fusedProducers.contains(attention.qk);
  for (auto [original, replacement] : result->replacements)
    rewriter.replaceAllUsesWith(original, replacement);
  if (pv->use_empty())
    rewriter.eraseOp(pv);
  if (report) {
    // The tiled P x V is the first tiled op.
    Operation *tiled = result->tiledAndFusedOps.front();
    InFlightDiagnostic remark = tiled->emitRemark("mod-fuse-attention: ");
    if (fusedScores)
      remark << "attention fused in row blocks of " << sizes[rowDim]
             << " (scores " << sizes[rowDim] << "x" << keys << ", "
             << result->fusedProducers.size() << " ops fused)";
    else
      remark << "P x V tiled in row blocks of " << sizes[rowDim]
             << ", but Q x K^T could not be fused into the tile";
  }
  return success();
}
