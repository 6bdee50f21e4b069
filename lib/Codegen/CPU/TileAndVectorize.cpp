//===- TileAndVectorize.cpp - CPU tiling + vectorization of linalg ops ----===//
//
// Contractions (matmul, batch_matmul, contraction-like generics) are tiled
// with scf.for to register/cache-sized tiles and each tile is vectorized to
// vector.contract. Other statically shaped linalg ops (elementwise chains,
// reductions such as softmax's max/sum) are tiled to rows and vectorized when
// the resulting vectors stay small. Tile sizes are divisors of the loop
// extents, so every tile is full and needs no masking.
//
//===----------------------------------------------------------------------===//

#include "mod/Codegen/CPU/Passes.h"
#include "mod/Codegen/CPU/TileSizes.h"
#include "mod/Codegen/Common/LibraryMatmul.h"

#include "mlir/Analysis/SliceAnalysis.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/IR/LinalgInterfaces.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Dialect/Vector/Transforms/LoweringPatterns.h"
#include "mlir/Dialect/Vector/Transforms/VectorRewritePatterns.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Interfaces/TilingInterface.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir {
namespace mod {
#define GEN_PASS_DEF_MODTILEANDVECTORIZE
#include "mod/Codegen/CPU/Passes.h.inc"
} // namespace mod
} // namespace mlir

using namespace mlir;
using mlir::mod::largestDivisorAtMost;

/// Largest vector (in elements) we let the vectorizer create for a tile.
static constexpr int64_t kMaxVectorElements = 1024;

namespace {
struct ModTileAndVectorizePass
    : public mod::impl::ModTileAndVectorizeBase<ModTileAndVectorizePass> {
  using Base::Base;

  void runOnOperation() override;

  /// Tile sizes for `op`, or an empty vector if it should be left alone.
  SmallVector<int64_t> chooseTileSizes(linalg::LinalgOp op);
};
} // namespace

SmallVector<int64_t>
ModTileAndVectorizePass::chooseTileSizes(linalg::LinalgOp op) {
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  if (ranges.empty() || llvm::any_of(ranges, ShapedType::isDynamic))
    return {};
  SmallVector<int64_t> sizes(ranges.size(), 1);

  if (linalg::isaContractionOpInterface(op)) {
    FailureOr<linalg::ContractionDimensions> dims =
        linalg::inferContractionDims(op);
    if (succeeded(dims)) {
      SmallVector<int64_t> requested(tileSizes.begin(), tileSizes.end());
      if (requested.size() != 3)
        requested = {6, 16, 32}; // 6x16 accumulators fit AVX2 registers
      if (!dims->m.empty())
        sizes[dims->m.back()] =
            largestDivisorAtMost(ranges[dims->m.back()], requested[0]);
      if (!dims->n.empty())
        sizes[dims->n.back()] =
            largestDivisorAtMost(ranges[dims->n.back()], requested[1]);
      if (!dims->k.empty())
        sizes[dims->k.back()] =
            largestDivisorAtMost(ranges[dims->k.back()], requested[2]);
      return sizes;
    }
  }

  // Everything else. Reductions (softmax max/sum, norms): one row per tile,
  // reduction dims whole. Elementwise: one row per tile, the innermost dim
  // in chunks of up to 64 lanes.
  SmallVector<utils::IteratorType> iterators = op.getIteratorTypesArray();
  int64_t elements = 1;
  bool hasReduction = false;
  for (auto [i, it] : llvm::enumerate(iterators))
    if (it == utils::IteratorType::reduction) {
      sizes[i] = ranges[i];
      elements *= ranges[i];
      hasReduction = true;
    }
  // Rows longer than the vector limit (softmax over 2048 keys): the
  // innermost reduction dim in chunks, accumulated by an scf.for.
  if (hasReduction && elements > kMaxVectorElements)
    for (int64_t i = static_cast<int64_t>(iterators.size()) - 1; i >= 0; --i)
      if (iterators[i] == utils::IteratorType::reduction) {
        int64_t others = elements / ranges[i];
        if (others > kMaxVectorElements)
          break;
        sizes[i] =
            largestDivisorAtMost(ranges[i], kMaxVectorElements / others);
        elements = others * sizes[i];
        break;
      }
  if (!hasReduction)
    for (int64_t i = static_cast<int64_t>(iterators.size()) - 1; i >= 0; --i)
      if (iterators[i] == utils::IteratorType::parallel) {
        sizes[i] = largestDivisorAtMost(ranges[i], 64);
        elements *= sizes[i];
        break;
      }
  if (elements > kMaxVectorElements)
    return {};
  return sizes;
}

/// True if `type` is a shaped type of i1 elements.
static bool isI1Shaped(Type type) {
  auto shaped = dyn_cast<ShapedType>(type);
  return shaped && shaped.getElementType().isInteger(1);
}

/// Ops whose body reads tensors directly (e.g. the gather lowering); with
/// `i1Only`, tensors of i1 elements.
static bool readsTensorsInBody(linalg::LinalgOp op, bool i1Only = false) {
  bool found = false;
  op->walk([&](tensor::ExtractOp e) {
    found |= !i1Only || isI1Shaped(e.getTensor().getType());
  });
  return found;
}

/// Whether `slice` takes one contiguous run of its source's row-major
/// elements: unit strides, and every dim inside the outermost one with more
/// than one element taken whole.
static bool isContiguousSlice(tensor::ExtractSliceOp slice) {
  ArrayRef<int64_t> source = slice.getSourceType().getShape();
  ArrayRef<int64_t> sizes = slice.getStaticSizes();
  if (ShapedType::isDynamicShape(source) || ShapedType::isDynamicShape(sizes) ||
      llvm::any_of(slice.getStaticStrides(), [](int64_t s) { return s != 1; }))
    return false;
  bool inner = false;
  for (auto [size, whole] : llvm::zip(sizes, source)) {
    if (inner && size != whole)
      return false;
    inner |= size > 1;
  }
  return true;
}

/// Whether `value` may bufferize to a strided view, i.e. not one contiguous
/// run of elements: a non-contiguous tensor.extract_slice, possibly under
/// reshapes or further slices (e.g. MPT's ALiBi bias, columns 112..127 of a
/// [4, 1, 128] table).
static bool mayBeStridedView(Value value) {
  while (Operation *def = value.getDefiningOp()) {
    if (auto slice = dyn_cast<tensor::ExtractSliceOp>(def)) {
      if (!isContiguousSlice(slice))
        return true;
      value = slice.getSource();
    } else if (isa<tensor::ExpandShapeOp, tensor::CollapseShapeOp>(def)) {
      value = def->getOperand(0);
    } else {
      return false;
    }
  }
  return false;
}

/// True if `op`'s body reads (tensor.extract) a tensor that may bufferize to
/// a strided view. The vectorizer turns such reads into a vector.gather with
/// indices linearized over the tensor's own shape, which bufferization then
/// applies to the strided buffer as if it were contiguous: wrong elements
/// (found on MPT, whose routed layers gather a sliced ALiBi bias). Scalar
/// tensor.extract bufferizes to a memref.load with the view's strides.
static bool readsStridedViewInBody(linalg::LinalgOp op) {
  bool found = false;
  op->walk(
      [&](tensor::ExtractOp e) { found |= mayBeStridedView(e.getTensor()); });
  return found;
}

/// A tile's inputs that hold one element (their dims tiled to 1, e.g. the
/// row index of a gather such as index_select) read once before the op and
/// used as scalars. The vectorizer takes a block argument for a value that
/// changes along the vector, so a tensor.extract whose index comes from one
/// became a gather of single elements (vgather, ~1 element per cycle); an
/// index computed from values defined outside the op is uniform, and the
/// extract along the innermost dim a contiguous vector load.
static linalg::GenericOp inlineSingleElementInputs(RewriterBase &rewriter,
                                                   linalg::GenericOp op) {
  SmallVector<Value> inputs;
  SmallVector<AffineMap> maps;
  SmallVector<std::pair<unsigned, Value>> scalars; // block arg -> scalar
  rewriter.setInsertionPoint(op);
  for (OpOperand *in : op.getDpsInputOperands()) {
    auto type = dyn_cast<RankedTensorType>(in->get().getType());
    if (type && type.hasStaticShape() && type.getNumElements() == 1) {
      SmallVector<Value> zeros(
          type.getRank(),
          arith::ConstantIndexOp::create(rewriter, op.getLoc(), 0));
      scalars.emplace_back(
          op.getMatchingBlockArgument(in).getArgNumber(),
          tensor::ExtractOp::create(rewriter, op.getLoc(), in->get(), zeros));
      continue;
    }
    inputs.push_back(in->get());
    maps.push_back(op.getMatchingIndexingMap(in));
  }
  if (scalars.empty())
    return op;
  for (OpOperand &out : op.getDpsInitsMutable())
    maps.push_back(op.getMatchingIndexingMap(&out));
  auto generic = linalg::GenericOp::create(
      rewriter, op.getLoc(), op->getResultTypes(), inputs, op.getDpsInits(),
      maps, op.getIteratorTypesArray());
  rewriter.inlineRegionBefore(op.getRegion(), generic.getRegion(),
                              generic.getRegion().begin());
  Block &body = generic.getRegion().front();
  for (auto [arg, scalar] : llvm::reverse(scalars)) {
    rewriter.replaceAllUsesWith(body.getArgument(arg), scalar);
    body.eraseArgument(arg);
  }
  rewriter.replaceOp(op, generic->getResults());
  return generic;
}

/// True if vectorizing `op` would move i1 elements between memory and
/// vectors. After bufferization, such transfers become LLVM loads/stores of
/// `<N x i1>`, whose in-memory form is bit-packed, while scalar code (the
/// loops of every unvectorized op, tensor.extract, constants) stores one byte
/// per i1 element: the two halves of the program would disagree on the
/// layout of the same buffer. i1 values stay vectorizable inside a body (a
/// compare feeding a select); only i1 operands and results are refused.
static bool movesI1ThroughMemory(linalg::LinalgOp op) {
  return llvm::any_of(op->getOperandTypes(), isI1Shaped) ||
         llvm::any_of(op->getResultTypes(), isI1Shaped);
}

/// True if `op` reduces a value that upstream's vectorizer mishandles: one
/// computed from no input element, i.e. from constants (the reduction is
/// dropped) or only from the position along a reduction loop (an iota fused
/// into a max: a reduction-length vector is written into the output tile).
/// Found by the differential test (test/Integration/CPU/differential-*.test).
static bool reducesInputIndependentValue(linalg::LinalgOp op) {
  if (op.getNumReductionLoops() == 0)
    return false;
  Block *body = op.getBlock();
  unsigned numInputs = op.getNumDpsInputs();
  auto yield = cast<linalg::YieldOp>(body->getTerminator());
  for (Value yielded : yield.getOperands()) {
    // The body ops the yielded value is computed from (not the body's block
    // arguments: they are checked on the slice's operands).
    SetVector<Operation *> slice;
    BackwardSliceOptions options;
    options.omitBlockArguments = true;
    options.filter = [&](Operation *o) { return o->getBlock() == body; };
    if (Operation *def = yielded.getDefiningOp();
        def && def->getBlock() == body) {
      (void)getBackwardSlice(yielded, &slice, options);
      slice.insert(def);
    }
    auto isInput = [&](Value v) {
      auto arg = dyn_cast<BlockArgument>(v);
      return arg && arg.getOwner() == body && arg.getArgNumber() < numInputs;
    };
    bool readsInput = isInput(yielded) ||
                      llvm::any_of(slice, [&](Operation *o) {
                        return llvm::any_of(o->getOperands(), isInput);
                      });
    if (!readsInput)
      return true;
  }
  return false;
}

/// What mod-matmul-to-library will turn into a BLAS call (its stride
/// conditions are checked after bufferization).
static bool isLibraryMatmul(linalg::LinalgOp op) {
  auto f32Operands = [&] {
    return llvm::all_of(op->getOperandTypes(), [](Type t) {
      return cast<ShapedType>(t).getElementType().isF32();
    });
  };
  return mod::getLibraryMatmulTransposes(op) && f32Operands();
}

void ModTileAndVectorizePass::runOnOperation() {
  SmallVector<linalg::LinalgOp> candidates;
  getOperation().walk([&](linalg::LinalgOp op) {
    if (op.hasPureTensorSemantics() && !isa<linalg::FillOp>(op.getOperation()))
      candidates.push_back(op);
  });

  IRRewriter rewriter(&getContext());
  for (linalg::LinalgOp op : candidates) {
    auto remarkLeft = [&](StringRef why) {
      if (report)
        op->emitRemark("left unvectorized: ") << why;
    };
    if (!matmuls && isLibraryMatmul(op)) {
      remarkLeft("f32 matmul left for a BLAS call (matmuls=false)");
      continue;
    }
    if (movesI1ThroughMemory(op)) {
      remarkLeft("an operand or result has i1 elements (vector<Nxi1> is "
                 "bit-packed in memory, scalar i1 one byte per element)");
      continue;
    }
    if (readsTensorsInBody(op, /*i1Only=*/true)) {
      remarkLeft("its body reads a tensor of i1 elements (a contiguous vector "
                 "read of i1 takes bits, the buffer holds a byte per element)");
      continue;
    }
    if (reducesInputIndependentValue(op)) {
      remarkLeft("it reduces a value computed from no input element or from "
                 "the position along a reduction loop (upstream's vectorizer "
                 "mishandles both)");
      continue;
    }
    if (readsStridedViewInBody(op)) {
      remarkLeft("its body reads a tensor that may bufferize to a strided "
                 "view (a non-contiguous tensor.extract_slice): a vector "
                 "gather would index it as if it were contiguous");
      continue;
    }
    if (readsTensorsInBody(op) && !vectorizeExtracts) {
      remarkLeft("its body reads tensors (tensor.extract)");
      continue;
    }
    if (!llvm::all_of(op.getIndexingMapsArray(),
                      [](AffineMap m) { return m.isProjectedPermutation(); })) {
      remarkLeft("an indexing map is not a projected permutation (e.g. a "
                 "constant index such as (d0, d1, 0))");
      continue;
    }
    SmallVector<int64_t> sizes = chooseTileSizes(op);
    if (sizes.empty()) {
      remarkLeft("dynamic shape or vectors would exceed 1024 elements");
      continue;
    }
    if (!linalg::hasVectorizationImpl(op)) {
      remarkLeft("no vectorization for this op");
      continue;
    }
    Operation *target = op;
    SmallVector<int64_t> ranges = op.getStaticLoopRanges();
    // Tiles `target` with `tileSizes` (0 = untiled) as loops of `loopType`.
    auto tile = [&](ArrayRef<int64_t> tileSizes,
                    scf::SCFTilingOptions::LoopType loopType) -> bool {
      if (llvm::all_of(tileSizes, [](int64_t t) { return t == 0; }))
        return true;
      scf::SCFTilingOptions options;
      options.setTileSizes(getAsIndexOpFoldResult(&getContext(), tileSizes));
      options.setLoopType(loopType);
      rewriter.setInsertionPoint(target);
      FailureOr<scf::SCFTilingResult> tiled = scf::tileUsingSCF(
          rewriter, cast<TilingInterface>(target), options);
      if (failed(tiled) || tiled->tiledOps.size() != 1)
        return false;
      rewriter.replaceOp(target, tiled->replacements);
      target = tiled->tiledOps.front();
      return true;
    };
    // Full-extent sizes need no loop.
    SmallVector<int64_t> parallelSizes, reductionSizes;
    for (auto [i, it] : llvm::enumerate(op.getIteratorTypesArray())) {
      int64_t size = sizes[i] == ranges[i] ? 0 : sizes[i];
      bool isReduction = it == utils::IteratorType::reduction;
      parallelSizes.push_back(isReduction ? 0 : size);
      reductionSizes.push_back(isReduction ? size : 0);
    }
    bool ok;
    // Inside a parallel tile already (mod-fuse-attention's row blocks), the
    // op's own tiles run in the thread that owns the tile.
    if (parallel && !op->getParentOfType<scf::ForallOp>()) {
      // Parallel dims as scf.forall (threads), reduction dims inside as scf.for.
      ok = tile(parallelSizes, scf::SCFTilingOptions::LoopType::ForallOp) &&
           tile(reductionSizes, scf::SCFTilingOptions::LoopType::ForOp);
    } else {
      SmallVector<int64_t> all;
      for (auto [p, r] : llvm::zip(parallelSizes, reductionSizes))
        all.push_back(p + r);
      ok = tile(all, scf::SCFTilingOptions::LoopType::ForOp);
    }
    if (!ok) {
      remarkLeft("tiling failed");
      continue;
    }
    // Only for tiles with one non-unit dim: upstream's analysis of
    // tensor.extract indices assumes a 1-D vector and, given an index
    // defined outside the op on an n-D tile, would read a block where each
    // row repeats the same elements (it treats a block argument as varying,
    // which keeps n-D tiles on the gather path).
    if (auto generic = dyn_cast<linalg::GenericOp>(target);
        generic && readsTensorsInBody(generic) &&
        llvm::count_if(generic.getStaticLoopRanges(),
                       [](int64_t r) { return r != 1; }) <= 1)
      target = inlineSingleElementInputs(rewriter, generic);
    rewriter.setInsertionPoint(target);
    FailureOr<linalg::VectorizationResult> vectorized =
        linalg::vectorize(rewriter, target, /*inputVectorSizes=*/{},
                          /*inputScalableVecDims=*/{},
                          /*vectorizeNDExtract=*/vectorizeExtracts);
    if (failed(vectorized)) {
      if (report)
        target->emitRemark("left unvectorized: the vectorizer declined");
      continue;
    }
    if (target->getNumResults())
      rewriter.replaceOp(target, vectorized->replacements);
    else
      rewriter.eraseOp(target);
  }

  // Fold the transfer/extract_slice chains the tiling and vectorization left.
  RewritePatternSet patterns(&getContext());
  vector::populateVectorTransferPermutationMapLoweringPatterns(patterns);
  vector::populateVectorReductionToContractPatterns(patterns);
  vector::TransferReadOp::getCanonicalizationPatterns(patterns, &getContext());
  vector::TransferWriteOp::getCanonicalizationPatterns(patterns, &getContext());
  (void)applyPatternsGreedily(getOperation(), std::move(patterns));
}
