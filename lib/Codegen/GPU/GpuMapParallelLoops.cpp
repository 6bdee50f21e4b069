//===- GpuMapParallelLoops.cpp - scf.parallel -> GPU blocks and threads ---===//
//
// Upstream's greedy mapper (gpu-map-parallel-loops) maps the outer loop's
// first dimension to block_x and needs loops tiled beforehand; on linalg
// lowered to parallel loops that puts the batch on x and the contiguous
// feature dimension nowhere near the threads. This pass tiles for a block
// of threads over the trailing (contiguous) dimensions and maps innermost
// to x, so warps read consecutive addresses.
//
//===----------------------------------------------------------------------===//

#include "mod/Codegen/GPU/Passes.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/GPU/Transforms/ParallelLoopMapper.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SCF/Transforms/Transforms.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"

namespace mlir {
namespace mod {
#define GEN_PASS_DEF_MODGPUMAPPARALLELLOOPS
#include "mod/Codegen/GPU/Passes.h.inc"
} // namespace mod
} // namespace mlir

using namespace mlir;
using gpu::Processor;

/// Trip counts of the loop's dimensions (kDynamic when not constant), by
/// upstream's constantTripCount.
static SmallVector<int64_t> tripCounts(scf::ParallelOp loop) {
  SmallVector<int64_t> counts;
  for (auto [lb, ub, step] : llvm::zip(loop.getLowerBound(),
                                       loop.getUpperBound(), loop.getStep())) {
    std::optional<APInt> count = constantTripCount(
        lb, ub, step, /*isSigned=*/true,
        [](Value, Value, bool) -> std::optional<llvm::APSInt> {
          return std::nullopt;
        });
    counts.push_back(count ? count->getSExtValue() : ShapedType::kDynamic);
  }
  return counts;
}

/// Tile sizes giving a block of at most `blockSize` threads over the last
/// (up to three) dimensions, innermost first; 1 elsewhere.
static SmallVector<int64_t> threadTile(ArrayRef<int64_t> counts,
                                       int64_t blockSize) {
  SmallVector<int64_t> tile(counts.size(), 1);
  int64_t left = blockSize;
  int used = 0;
  for (int64_t d = counts.size() - 1; d >= 0 && used < 3 && left > 1; --d) {
    int64_t n = counts[d] == ShapedType::kDynamic ? left : counts[d];
    tile[d] = std::max<int64_t>(1, std::min(n, left));
    left /= tile[d];
    ++used;
  }
  return tile;
}

/// Mapping attributes: the last three dimensions with more than one
/// iteration go to x, y, z of `first` (block or thread), the others are
/// sequential.
static SmallVector<gpu::ParallelLoopDimMappingAttr>
mapTrailing(MLIRContext *ctx, ArrayRef<int64_t> extents, Processor first,
            bool skipUnit) {
  AffineMap id = AffineMap::getMultiDimIdentityMap(1, ctx);
  SmallVector<gpu::ParallelLoopDimMappingAttr> mapping(
      extents.size(),
      gpu::ParallelLoopDimMappingAttr::get(ctx, Processor::Sequential, id, id));
  int next = 0;
  for (int64_t d = extents.size() - 1; d >= 0 && next < 3; --d) {
    if (skipUnit && extents[d] == 1)
      continue;
    auto proc = static_cast<Processor>(static_cast<int>(first) + next++);
    mapping[d] = gpu::ParallelLoopDimMappingAttr::get(ctx, proc, id, id);
  }
  return mapping;
}

static void mapSequential(scf::ParallelOp loop) {
  SmallVector<int64_t> ext(loop.getNumLoops(), 1);
  (void)gpu::setMappingAttr(
      loop, mapTrailing(loop.getContext(), ext, Processor::Sequential, false));
}

namespace {
struct ModGpuMapParallelLoopsPass
    : public mod::impl::ModGpuMapParallelLoopsBase<ModGpuMapParallelLoopsPass> {
  using Base::Base;

  void runOnOperation() override {
    if (blockSize < 1 || blockSize > 1024 || !llvm::isPowerOf2_64(blockSize)) {
      getOperation().emitError("mod-gpu-map-parallel-loops: block-size must "
                               "be a power of two in [1, 1024], got ")
          << static_cast<int64_t>(blockSize);
      return signalPassFailure();
    }
    SmallVector<scf::ParallelOp> outermost;
    getOperation().walk<WalkOrder::PreOrder>([&](Operation *op) {
      if (isa<gpu::LaunchOp>(op))
        return WalkResult::skip();
      if (auto loop = dyn_cast<scf::ParallelOp>(op)) {
        outermost.push_back(loop);
        return WalkResult::skip();
      }
      return WalkResult::advance();
    });
    for (scf::ParallelOp loop : outermost)
      mapNest(loop);
  }

  /// Directly nested parallel loops of `loop` (not inside other loops).
  static SmallVector<scf::ParallelOp> directChildren(scf::ParallelOp loop) {
    SmallVector<scf::ParallelOp> inner;
    for (Operation &op : loop.getBody()->without_terminator())
      if (auto p = dyn_cast<scf::ParallelOp>(op))
        inner.push_back(p);
    return inner;
  }

  void mapNest(scf::ParallelOp loop) {
    MLIRContext *ctx = &getContext();
    SmallVector<scf::ParallelOp> children = directChildren(loop);
    if (children.size() == 1) {
      // Outer dims -> blocks; the nested loop (e.g. a row copy) -> threads.
      SmallVector<int64_t> counts = tripCounts(loop);
      (void)gpu::setMappingAttr(
          loop, mapTrailing(ctx, counts, Processor::BlockX, /*skipUnit=*/true));
      scf::ParallelOp child = children.front();
      SmallVector<int64_t> tile = threadTile(tripCounts(child), blockSize);
      auto [tiles, threads] =
          scf::tileParallelLoop(child, tile, /*noMinMaxBounds=*/true);
      mapSequential(tiles);
      (void)gpu::setMappingAttr(
          threads,
          mapTrailing(ctx, tile, Processor::ThreadX, /*skipUnit=*/true));
      markRestSequential(threads);
      return;
    }
    SmallVector<int64_t> counts = tripCounts(loop);
    SmallVector<int64_t> tile = threadTile(counts, blockSize);
    SmallVector<int64_t> blocks;
    for (auto [n, t] : llvm::zip(counts, tile))
      blocks.push_back(n == ShapedType::kDynamic ? n : llvm::divideCeil(n, t));
    auto [tiles, threads] =
        scf::tileParallelLoop(loop, tile, /*noMinMaxBounds=*/true);
    (void)gpu::setMappingAttr(
        tiles, mapTrailing(ctx, blocks, Processor::BlockX, /*skipUnit=*/true));
    (void)gpu::setMappingAttr(
        threads, mapTrailing(ctx, tile, Processor::ThreadX, /*skipUnit=*/true));
    markRestSequential(threads);
  }

  /// Parallel loops nested deeper run sequentially inside a thread.
  static void markRestSequential(scf::ParallelOp threads) {
    threads.getBody()->walk([&](scf::ParallelOp inner) {
      if (!inner->hasAttr(gpu::getMappingAttrName()))
        mapSequential(inner);
    });
  }
};
} // namespace
