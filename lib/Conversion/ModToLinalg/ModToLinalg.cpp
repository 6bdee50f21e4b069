//===- ModToLinalg.cpp - mod primitives -> linalg/scf/tensor/memref -------===//
//
// mod.router      -> linalg.generic reduction over D
// mod.gather      -> linalg.generic reading the source with tensor.extract
// mod.scatter_add -> scf.forall over (b, j) updating rows of the base in place
// mod.topk        -> per-row k-element min-heap selection + ordered scan
// mod.causal_select -> masked top-k + per-row packing scan
//
// One conversion pattern per op (populateModToLinalgConversionPatterns);
// convert-mod-to-linalg applies them after checking every op.
//
//===----------------------------------------------------------------------===//

#include "mod/Dialect/Mod/IR/ModOps.h"
#include "mod/Conversion/ModToLinalg/ModToLinalg.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/WalkPatternRewriteDriver.h"
#include <limits>
#include "mlir/Interfaces/FunctionInterfaces.h"

namespace mlir {
namespace mod {
#define GEN_PASS_DEF_CONVERTMODTOLINALG
#define GEN_PASS_DEF_MODLOWERTOLINALG
#include "mod/Conversion/Passes.h.inc"
} // namespace mod
} // namespace mlir

using namespace mlir;
using namespace mlir::mod;

static Value cIndex(OpBuilder &b, Location loc, int64_t v) {
  return arith::ConstantIndexOp::create(b, loc, v);
}

//===----------------------------------------------------------------------===//
// mod.router
//===----------------------------------------------------------------------===//

static Value lowerRouter(RewriterBase &rewriter, RouterOp op) {
  Location loc = op.getLoc();
  auto resultType = cast<RankedTensorType>(op.getResult().getType());
  Type elt = resultType.getElementType();
  Value init = tensor::EmptyOp::create(rewriter, loc, resultType.getShape(), elt);
  Value start;
  if (Value bias = op.getBias())
    start = tensor::ExtractOp::create(rewriter, loc, bias, ValueRange{});
  else
    start = arith::ConstantOp::create(rewriter, loc, elt,
                                      rewriter.getFloatAttr(elt, 0.0));
  Value filled =
      linalg::FillOp::create(rewriter, loc, ValueRange{start}, ValueRange{init})
          .getResult(0);
  MLIRContext *ctx = rewriter.getContext();
  AffineExpr b, s, d;
  bindDims(ctx, b, s, d);
  SmallVector<AffineMap> maps = {AffineMap::get(3, 0, {b, s, d}, ctx),
                                 AffineMap::get(3, 0, {d}, ctx),
                                 AffineMap::get(3, 0, {b, s}, ctx)};
  SmallVector<utils::IteratorType> iterators = {utils::IteratorType::parallel,
                                                utils::IteratorType::parallel,
                                                utils::IteratorType::reduction};
  auto generic = linalg::GenericOp::create(
      rewriter, loc, TypeRange{resultType},
      ValueRange{op.getInput(), op.getWeight()}, ValueRange{filled}, maps,
      iterators, [](OpBuilder &nb, Location nloc, ValueRange args) {
        Value mul = arith::MulFOp::create(nb, nloc, args[0], args[1]);
        Value add = arith::AddFOp::create(nb, nloc, args[2], mul);
        linalg::YieldOp::create(nb, nloc, add);
      });
  return generic.getResult(0);
}

//===----------------------------------------------------------------------===//
// mod.gather
//===----------------------------------------------------------------------===//

static Value lowerGather(RewriterBase &rewriter, GatherOp op) {
  Location loc = op.getLoc();
  auto resultType = cast<RankedTensorType>(op.getResult().getType());
  int64_t rank = resultType.getRank();
  MLIRContext *ctx = rewriter.getContext();
  Value init = op.getInit(); // every element is overwritten
  SmallVector<AffineMap> maps = {
      AffineMap::get(rank, 0, {getAffineDimExpr(0, ctx), getAffineDimExpr(1, ctx)},
                     ctx),
      AffineMap::getMultiDimIdentityMap(rank, ctx)};
  SmallVector<utils::IteratorType> iterators(rank, utils::IteratorType::parallel);
  Value source = op.getSource();
  auto generic = linalg::GenericOp::create(
      rewriter, loc, TypeRange{resultType}, ValueRange{op.getIndices()},
      ValueRange{init}, maps, iterators,
      [&](OpBuilder &nb, Location nloc, ValueRange args) {
        // The padding index S (mod.causal_select) reads as zero: clamp the
        // read into range and select zero.
        int64_t rows = cast<RankedTensorType>(source.getType()).getDimSize(1);
        Value pos =
            arith::IndexCastOp::create(nb, nloc, nb.getIndexType(), args[0]);
        Value last = cIndex(nb, nloc, rows - 1);
        Value padding = arith::CmpIOp::create(nb, nloc, arith::CmpIPredicate::sgt,
                                              pos, last);
        SmallVector<Value> coords;
        coords.push_back(linalg::IndexOp::create(nb, nloc, 0));
        coords.push_back(arith::MinSIOp::create(nb, nloc, pos, last));
        for (int64_t dim = 2; dim < rank; ++dim)
          coords.push_back(linalg::IndexOp::create(nb, nloc, dim));
        Value v = tensor::ExtractOp::create(nb, nloc, source, coords);
        Type elt = v.getType();
        Value zero = arith::ConstantOp::create(nb, nloc, elt, nb.getZeroAttr(elt));
        v = arith::SelectOp::create(nb, nloc, padding, zero, v);
        linalg::YieldOp::create(nb, nloc, v);
      });
  return generic.getResult(0);
}

//===----------------------------------------------------------------------===//
// mod.scatter_add
//===----------------------------------------------------------------------===//

/// `row + weight * update` (weight optional) as an elementwise linalg.generic
/// over one row of the scatter.
static Value buildWeightedRowAdd(OpBuilder &b, Location loc,
                                 RankedTensorType rowType, Value update,
                                 Value row, Value weight) {
  int64_t rowRank = rowType.getRank();
  SmallVector<AffineMap> maps(2, b.getMultiDimIdentityMap(rowRank));
  SmallVector<utils::IteratorType> iterators(rowRank,
                                             utils::IteratorType::parallel);
  return linalg::GenericOp::create(
             b, loc, TypeRange{rowType}, ValueRange{update}, ValueRange{row},
             maps, iterators,
             [&](OpBuilder &nb, Location nloc, ValueRange args) {
               Value u = args[0];
               if (weight)
                 u = arith::MulFOp::create(nb, nloc, weight, u);
               Value sum = arith::AddFOp::create(nb, nloc, args[1], u);
               linalg::YieldOp::create(nb, nloc, sum);
             })
      .getResult(0);
}

/// Scatter-add whose indices may hold the padding index S (from
/// mod.causal_select): one scf.forall iteration per batch row owns that row
/// of the base and adds its k updates sequentially, skipping padding, so no
/// two iterations write the same rows.
static Value lowerPaddedScatterAdd(RewriterBase &rewriter, ScatterAddOp op) {
  Location loc = op.getLoc();
  auto baseType = cast<RankedTensorType>(op.getBase().getType());
  auto indicesType = cast<RankedTensorType>(op.getIndices().getType());
  int64_t rank = baseType.getRank();
  Type elt = baseType.getElementType();
  int64_t rows = baseType.getDimSize(1);
  SmallVector<int64_t> rowShape(baseType.getShape().drop_front(2));
  auto rowType = RankedTensorType::get(rowShape, elt);
  SmallVector<int64_t> batchShape(baseType.getShape().drop_front(1));
  batchShape.insert(batchShape.begin(), 1);
  auto batchType = RankedTensorType::get(batchShape, elt);

  auto forall = scf::ForallOp::create(
      rewriter, loc,
      ArrayRef<OpFoldResult>{rewriter.getIndexAttr(indicesType.getDimSize(0))},
      ValueRange{op.getBase()}, std::nullopt);
  OpBuilder::InsertionGuard guard(rewriter);
  rewriter.setInsertionPointToStart(forall.getBody());
  Value b = forall.getInductionVar(0);
  Value acc = forall.getRegionIterArgs().front();
  auto slice = [&](Value batch, Value row, bool wholeBatchRow) {
    SmallVector<OpFoldResult> offsets = {batch}, sizes = {rewriter.getIndexAttr(1)};
    if (wholeBatchRow) {
      offsets.push_back(rewriter.getIndexAttr(0));
      sizes.push_back(rewriter.getIndexAttr(rows));
    } else {
      offsets.push_back(row);
      sizes.push_back(rewriter.getIndexAttr(1));
    }
    for (int64_t d : rowShape) {
      offsets.push_back(rewriter.getIndexAttr(0));
      sizes.push_back(rewriter.getIndexAttr(d));
    }
    SmallVector<OpFoldResult> strides(rank, rewriter.getIndexAttr(1));
    return std::make_tuple(offsets, sizes, strides);
  };
  auto [bOffsets, bSizes, bStrides] = slice(b, Value(), true);
  Value mine = tensor::ExtractSliceOp::create(rewriter, loc, batchType, acc,
                                              bOffsets, bSizes, bStrides);
  Value zero = cIndex(rewriter, loc, 0), one = cIndex(rewriter, loc, 1);
  auto loop = scf::ForOp::create(
      rewriter, loc, zero, cIndex(rewriter, loc, indicesType.getDimSize(1)),
      one, ValueRange{mine},
      [&](OpBuilder &nb, Location nloc, Value j, ValueRange iter) {
        Value cur = iter.front();
        Value pos = tensor::ExtractOp::create(nb, nloc, op.getIndices(),
                                              ValueRange{b, j});
        pos = arith::IndexCastOp::create(nb, nloc, nb.getIndexType(), pos);
        Value valid = arith::CmpIOp::create(nb, nloc, arith::CmpIPredicate::slt,
                                            pos, cIndex(nb, nloc, rows));
        auto ifOp = scf::IfOp::create(
            nb, nloc, valid,
            [&](OpBuilder &tb, Location tloc) {
              auto [rOffsets, rSizes, rStrides] = slice(zero, pos, false);
              auto [uOffsets, uSizes, uStrides] = slice(b, j, false);
              Value row = tensor::ExtractSliceOp::create(
                  tb, tloc, rowType, cur, rOffsets, rSizes, rStrides);
              Value upd = tensor::ExtractSliceOp::create(
                  tb, tloc, rowType, op.getUpdates(), uOffsets, uSizes, uStrides);
              Value weight;
              if (Value weights = op.getWeights())
                weight = tensor::ExtractOp::create(tb, tloc, weights,
                                                   ValueRange{b, j});
              Value sum =
                  buildWeightedRowAdd(tb, tloc, rowType, upd, row, weight);
              Value written = tensor::InsertSliceOp::create(
                  tb, tloc, sum, cur, rOffsets, rSizes, rStrides);
              scf::YieldOp::create(tb, tloc, written);
            },
            [&](OpBuilder &eb, Location eloc) {
              scf::YieldOp::create(eb, eloc, cur);
            });
        scf::YieldOp::create(nb, nloc, ifOp.getResult(0));
      });
  rewriter.setInsertionPointToStart(forall.getTerminator().getBody());
  tensor::ParallelInsertSliceOp::create(rewriter, loc, loop.getResult(0), acc,
                                        bOffsets, bSizes, bStrides);
  return forall.getResult(0);
}

static Value lowerScatterAdd(RewriterBase &rewriter, ScatterAddOp op) {
  Location loc = op.getLoc();
  auto baseType = cast<RankedTensorType>(op.getBase().getType());
  auto indicesType = cast<RankedTensorType>(op.getIndices().getType());
  int64_t rank = baseType.getRank();
  Type elt = baseType.getElementType();
  // One row of the base/updates: the trailing dims, rank-reduced.
  SmallVector<int64_t> rowShape(baseType.getShape().drop_front(2));
  auto rowType = RankedTensorType::get(rowShape, elt);

  SmallVector<OpFoldResult> ubs = {
      rewriter.getIndexAttr(indicesType.getDimSize(0)),
      rewriter.getIndexAttr(indicesType.getDimSize(1))};
  auto forall = scf::ForallOp::create(rewriter, loc, ubs,
                                      ValueRange{op.getBase()}, std::nullopt);
  OpBuilder::InsertionGuard guard(rewriter);
  rewriter.setInsertionPointToStart(forall.getBody());
  Value b = forall.getInductionVar(0), j = forall.getInductionVar(1);
  Value acc = forall.getRegionIterArgs().front();
  Value pos = tensor::ExtractOp::create(rewriter, loc, op.getIndices(),
                                        ValueRange{b, j});
  pos = arith::IndexCastOp::create(rewriter, loc, rewriter.getIndexType(), pos);

  auto rowSlice = [&](Value rowIndex) {
    SmallVector<OpFoldResult> offsets = {b, rowIndex};
    SmallVector<OpFoldResult> sizes = {rewriter.getIndexAttr(1),
                                       rewriter.getIndexAttr(1)};
    for (int64_t d : rowShape) {
      offsets.push_back(rewriter.getIndexAttr(0));
      sizes.push_back(rewriter.getIndexAttr(d));
    }
    SmallVector<OpFoldResult> strides(rank, rewriter.getIndexAttr(1));
    return std::make_tuple(offsets, sizes, strides);
  };
  auto [baseOffsets, sizes, strides] = rowSlice(pos);
  auto [updOffsets, updSizes, updStrides] = rowSlice(j);
  Value row = tensor::ExtractSliceOp::create(rewriter, loc, rowType, acc,
                                             baseOffsets, sizes, strides);
  Value upd = tensor::ExtractSliceOp::create(rewriter, loc, rowType,
                                             op.getUpdates(), updOffsets,
                                             updSizes, updStrides);
  Value weight;
  if (Value weights = op.getWeights())
    weight = tensor::ExtractOp::create(rewriter, loc, weights, ValueRange{b, j});

  Value updated = buildWeightedRowAdd(rewriter, loc, rowType, upd, row, weight);

  rewriter.setInsertionPointToStart(forall.getTerminator().getBody());
  tensor::ParallelInsertSliceOp::create(rewriter, loc, updated, acc,
                                        baseOffsets, sizes, strides);
  return forall.getResult(0);
}

//===----------------------------------------------------------------------===//
// mod.topk
//===----------------------------------------------------------------------===//

namespace {
/// Emits the selection of one row of the scores. Positions are `index`
/// values; the heap is a k-element min-heap under the "better" order, so its
/// root is the worst of the k best seen so far.
class TopKRowEmitter {
public:
  TopKRowEmitter(OpBuilder &b, Location loc, Value scores, Value heap,
                 Value flags, Value values, Value indices, ValueRange lead,
                 int64_t k, int64_t seqLen)
      : b(b), loc(loc), scores(scores), heap(heap), flags(flags),
        values(values), indices(indices), lead(lead.begin(), lead.end()),
        k(k), seqLen(seqLen) {}

  void emit() {
    Value c0 = cIndex(b, loc, 0), c1 = cIndex(b, loc, 1);
    Value cK = cIndex(b, loc, k), cS = cIndex(b, loc, seqLen);
    // heap[t] = t for the first k positions, then heapify bottom-up.
    scf::ForOp::create(b, loc, c0, cK, c1, ValueRange{},
                       [&](OpBuilder &nb, Location, Value t, ValueRange) {
                         storeHeap(nb, t, t);
                         scf::YieldOp::create(nb, loc);
                       });
    Value half = cIndex(b, loc, k / 2);
    scf::ForOp::create(
        b, loc, c0, half, c1, ValueRange{},
        [&](OpBuilder &nb, Location, Value t, ValueRange) {
          Value last = cIndex(nb, loc, k / 2 - 1);
          siftDown(nb, arith::SubIOp::create(nb, loc, last, t));
          scf::YieldOp::create(nb, loc);
        });
    // A later position enters only if it beats the current k-th best.
    scf::ForOp::create(
        b, loc, cK, cS, c1, ValueRange{},
        [&](OpBuilder &nb, Location, Value s, ValueRange) {
          Value root = loadHeap(nb, cIndex(nb, loc, 0));
          Value enters = better(nb, s, root);
          scf::IfOp::create(nb, loc, enters, [&](OpBuilder &tb, Location) {
            Value zero = cIndex(tb, loc, 0);
            storeHeap(tb, zero, s);
            siftDown(tb, zero);
            scf::YieldOp::create(tb, loc);
          });
          scf::YieldOp::create(nb, loc);
        });
    // Mark the chosen positions, then emit them in ascending order.
    Type i8 = b.getI8Type();
    Value zero8 = arith::ConstantOp::create(b, loc, i8, b.getIntegerAttr(i8, 0));
    Value one8 = arith::ConstantOp::create(b, loc, i8, b.getIntegerAttr(i8, 1));
    scf::ForOp::create(b, loc, c0, cS, c1, ValueRange{},
                       [&](OpBuilder &nb, Location, Value s, ValueRange) {
                         memref::StoreOp::create(nb, loc, zero8, flags, at(s));
                         scf::YieldOp::create(nb, loc);
                       });
    scf::ForOp::create(b, loc, c0, cK, c1, ValueRange{},
                       [&](OpBuilder &nb, Location, Value t, ValueRange) {
                         Value p = loadHeap(nb, t);
                         memref::StoreOp::create(nb, loc, one8, flags, at(p));
                         scf::YieldOp::create(nb, loc);
                       });
    scf::ForOp::create(
        b, loc, c0, cS, c1, ValueRange{c0},
        [&](OpBuilder &nb, Location, Value s, ValueRange iters) {
          Value j = iters[0];
          Value flag = memref::LoadOp::create(nb, loc, flags, at(s));
          Value chosen = arith::CmpIOp::create(nb, loc, arith::CmpIPredicate::ne,
                                               flag, zero8);
          auto ifOp = scf::IfOp::create(
              nb, loc, chosen,
              [&](OpBuilder &tb, Location) {
                memref::StoreOp::create(tb, loc, score(tb, s), values, at(j));
                Value s64 = arith::IndexCastOp::create(tb, loc, tb.getI64Type(), s);
                memref::StoreOp::create(tb, loc, s64, indices, at(j));
                Value next = arith::AddIOp::create(tb, loc, j, cIndex(tb, loc, 1));
                scf::YieldOp::create(tb, loc, next);
              },
              [&](OpBuilder &eb, Location) { scf::YieldOp::create(eb, loc, j); });
          scf::YieldOp::create(nb, loc, ifOp.getResult(0));
        });
  }

private:
  /// Row coordinates `lead..., i`.
  SmallVector<Value> at(Value i) {
    SmallVector<Value> coords(lead);
    coords.push_back(i);
    return coords;
  }
  Value score(OpBuilder &nb, Value pos) {
    return memref::LoadOp::create(nb, loc, scores, at(pos));
  }
  Value loadHeap(OpBuilder &nb, Value slot) {
    return memref::LoadOp::create(nb, loc, heap, at(slot));
  }
  void storeHeap(OpBuilder &nb, Value slot, Value pos) {
    memref::StoreOp::create(nb, loc, pos, heap, at(slot));
  }

  /// better(pa, pb): score(pa) > score(pb), or equal scores and pa < pb.
  /// NaN ranks below every number; two NaNs compare by position.
  Value better(OpBuilder &nb, Value pa, Value pb) {
    Value va = score(nb, pa), vb = score(nb, pb);
    using P = arith::CmpFPredicate;
    Value gt = arith::CmpFOp::create(nb, loc, P::OGT, va, vb);
    Value eq = arith::CmpFOp::create(nb, loc, P::OEQ, va, vb);
    Value aNan = arith::CmpFOp::create(nb, loc, P::UNO, va, va);
    Value bNan = arith::CmpFOp::create(nb, loc, P::UNO, vb, vb);
    Value trueV = arith::ConstantIntOp::create(nb, loc, 1, 1);
    Value aNum = arith::XOrIOp::create(nb, loc, aNan, trueV);
    Value nanLoses = arith::AndIOp::create(nb, loc, bNan, aNum);
    Value bothNan = arith::AndIOp::create(nb, loc, aNan, bNan);
    Value tie = arith::OrIOp::create(nb, loc, eq, bothNan);
    Value lower =
        arith::CmpIOp::create(nb, loc, arith::CmpIPredicate::ult, pa, pb);
    Value tieWin = arith::AndIOp::create(nb, loc, tie, lower);
    Value win = arith::OrIOp::create(nb, loc, gt, nanLoses);
    return arith::OrIOp::create(nb, loc, win, tieWin);
  }

  /// Restores the heap property below `start` (root = worst element).
  void siftDown(OpBuilder &nb, Value start) {
    Type idx = nb.getIndexType();
    Value cK = cIndex(nb, loc, k);
    auto loop = scf::WhileOp::create(nb, loc, TypeRange{idx, idx},
                                     ValueRange{start});
    {
      Block *before = nb.createBlock(&loop.getBefore(), {}, {idx}, {loc});
      OpBuilder bb = OpBuilder::atBlockEnd(before);
      Value i = before->getArgument(0);
      Value two = cIndex(bb, loc, 2), one = cIndex(bb, loc, 1);
      Value l = arith::AddIOp::create(
          bb, loc, arith::MulIOp::create(bb, loc, i, two), one);
      Value hasL = arith::CmpIOp::create(bb, loc, arith::CmpIPredicate::ult, l, cK);
      auto pick = scf::IfOp::create(
          bb, loc, hasL,
          [&](OpBuilder &tb, Location) {
            Value r = arith::AddIOp::create(tb, loc, l, cIndex(tb, loc, 1));
            Value hasR =
                arith::CmpIOp::create(tb, loc, arith::CmpIPredicate::ult, r, cK);
            auto child = scf::IfOp::create(
                tb, loc, hasR,
                [&](OpBuilder &cb, Location) {
                  // The worse child moves up.
                  Value rWorse = better(cb, loadHeap(cb, l), loadHeap(cb, r));
                  Value c = arith::SelectOp::create(cb, loc, rWorse, r, l);
                  scf::YieldOp::create(cb, loc, c);
                },
                [&](OpBuilder &cb, Location) { scf::YieldOp::create(cb, loc, l); });
            Value c = child.getResult(0);
            Value swap = better(tb, loadHeap(tb, i), loadHeap(tb, c));
            scf::YieldOp::create(tb, loc, ValueRange{swap, c});
          },
          [&](OpBuilder &eb, Location) {
            Value no = arith::ConstantIntOp::create(eb, loc, 0, 1);
            scf::YieldOp::create(eb, loc, ValueRange{no, i});
          });
      scf::ConditionOp::create(bb, loc, pick.getResult(0),
                               ValueRange{i, pick.getResult(1)});
    }
    {
      Block *after = nb.createBlock(&loop.getAfter(), {}, {idx, idx}, {loc, loc});
      OpBuilder ab = OpBuilder::atBlockEnd(after);
      Value i = after->getArgument(0), c = after->getArgument(1);
      Value pi = loadHeap(ab, i), pc = loadHeap(ab, c);
      storeHeap(ab, i, pc);
      storeHeap(ab, c, pi);
      scf::YieldOp::create(ab, loc, ValueRange{c});
    }
    nb.setInsertionPointAfter(loop);
  }

  OpBuilder &b;
  Location loc;
  Value scores, heap, flags, values, indices;
  SmallVector<Value> lead;
  int64_t k, seqLen;
};
} // namespace

static void lowerTopK(RewriterBase &rewriter, TopKOp op) {
  Location loc = op.getLoc();
  auto scoresType = cast<RankedTensorType>(op.getScores().getType());
  auto valuesType = cast<RankedTensorType>(op.getValues().getType());
  auto indicesType = cast<RankedTensorType>(op.getIndices().getType());
  int64_t k = op.getK();
  int64_t seqLen = scoresType.getShape().back();
  ArrayRef<int64_t> leadShape = scoresType.getShape().drop_back();

  auto memrefOf = [](ArrayRef<int64_t> lead, int64_t last, Type elt) {
    SmallVector<int64_t> shape(lead);
    shape.push_back(last);
    return MemRefType::get(shape, elt);
  };
  Value scores = bufferization::ToBufferOp::create(
      rewriter, loc, memrefOf(leadShape, seqLen, scoresType.getElementType()),
      op.getScores(), /*read_only=*/true);
  Value values = memref::AllocOp::create(
      rewriter, loc, memrefOf(leadShape, k, valuesType.getElementType()));
  Value indices = memref::AllocOp::create(
      rewriter, loc, memrefOf(leadShape, k, rewriter.getI64Type()));
  Value heap = memref::AllocOp::create(
      rewriter, loc, memrefOf(leadShape, k, rewriter.getIndexType()));
  Value flags = memref::AllocOp::create(
      rewriter, loc, memrefOf(leadShape, seqLen, rewriter.getI8Type()));

  auto emitRow = [&](OpBuilder &b, ValueRange lead) {
    TopKRowEmitter(b, loc, scores, heap, flags, values, indices, lead, k, seqLen)
        .emit();
  };
  if (leadShape.empty()) {
    emitRow(rewriter, {});
  } else {
    SmallVector<Value> lbs, ubs, steps;
    for (int64_t d : leadShape) {
      lbs.push_back(cIndex(rewriter, loc, 0));
      ubs.push_back(cIndex(rewriter, loc, d));
      steps.push_back(cIndex(rewriter, loc, 1));
    }
    scf::ParallelOp::create(rewriter, loc, lbs, ubs, steps,
                            [&](OpBuilder &b, Location, ValueRange ivs) {
                              emitRow(b, ivs);
                            });
  }
  // The scratch buffers (heap, flags) are freed by the buffer deallocation
  // pipeline that follows bufferization (it rejects explicit deallocs).
  Value valuesTensor = bufferization::ToTensorOp::create(
      rewriter, loc, valuesType, values, /*restrict=*/true, /*writable=*/true);
  Value indicesTensor = bufferization::ToTensorOp::create(
      rewriter, loc, indicesType, indices, /*restrict=*/true, /*writable=*/true);
  rewriter.replaceOp(op, ValueRange{valuesTensor, indicesTensor});
}

//===----------------------------------------------------------------------===//
// mod.causal_select
//===----------------------------------------------------------------------===//

/// logits failing the threshold become NaN (ranked below every number by
/// mod.topk), a top-k_max keeps the highest passing ones in position order,
/// and a per-row scan packs the passing ones first and pads with S.
static void lowerCausalSelect(RewriterBase &rewriter, CausalSelectOp op) {
  Location loc = op.getLoc();
  auto logitsType = cast<RankedTensorType>(op.getLogits().getType());
  int64_t rows = logitsType.getDimSize(0), seq = logitsType.getDimSize(1);
  int64_t kMax = op.getKMax();
  Type elt = logitsType.getElementType();
  double threshold = op.getThreshold().convertToDouble();

  Value init = tensor::EmptyOp::create(rewriter, loc, logitsType.getShape(), elt);
  SmallVector<AffineMap> maps(2, rewriter.getMultiDimIdentityMap(2));
  SmallVector<utils::IteratorType> its(2, utils::IteratorType::parallel);
  Value masked =
      linalg::GenericOp::create(
          rewriter, loc, TypeRange{logitsType}, ValueRange{op.getLogits()},
          ValueRange{init}, maps, its,
          [&](OpBuilder &nb, Location nloc, ValueRange args) {
            Value thr = arith::ConstantOp::create(
                nb, nloc, elt, nb.getFloatAttr(elt, threshold));
            Value nan = arith::ConstantOp::create(
                nb, nloc, elt,
                nb.getFloatAttr(elt, std::numeric_limits<double>::quiet_NaN()));
            Value pass = arith::CmpFOp::create(nb, nloc, arith::CmpFPredicate::OGT,
                                               args[0], thr);
            Value kept = arith::SelectOp::create(nb, nloc, pass, args[0], nan);
            linalg::YieldOp::create(nb, nloc, kept);
          })
          .getResult(0);
  auto topk = TopKOp::create(rewriter, loc, masked, kMax);

  Type i64 = rewriter.getI64Type();
  Value vals = bufferization::ToBufferOp::create(
      rewriter, loc, MemRefType::get({rows, kMax}, elt), topk.getValues(),
      /*read_only=*/true);
  Value idx = bufferization::ToBufferOp::create(
      rewriter, loc, MemRefType::get({rows, kMax}, i64), topk.getIndices(),
      /*read_only=*/true);
  Value out = memref::AllocOp::create(rewriter, loc, MemRefType::get({rows, kMax}, i64));
  Value count = memref::AllocOp::create(rewriter, loc, MemRefType::get({rows}, i64));
  Value zero = cIndex(rewriter, loc, 0), one = cIndex(rewriter, loc, 1);
  Value kEnd = cIndex(rewriter, loc, kMax);
  scf::ParallelOp::create(
      rewriter, loc, ValueRange{zero}, ValueRange{cIndex(rewriter, loc, rows)},
      ValueRange{one}, [&](OpBuilder &b, Location l, ValueRange ivs) {
        Value r = ivs[0];
        auto pack = scf::ForOp::create(
            b, l, zero, kEnd, one, ValueRange{zero},
            [&](OpBuilder &nb, Location nl, Value j, ValueRange iter) {
              Value c = iter.front();
              Value v = memref::LoadOp::create(nb, nl, vals, ValueRange{r, j});
              Value passed = arith::CmpFOp::create(nb, nl, arith::CmpFPredicate::ORD,
                                                   v, v);
              scf::IfOp::create(nb, nl, passed, [&](OpBuilder &tb, Location tl) {
                Value p = memref::LoadOp::create(tb, tl, idx, ValueRange{r, j});
                memref::StoreOp::create(tb, tl, p, out, ValueRange{r, c});
                scf::YieldOp::create(tb, tl);
              });
              Value inc = arith::SelectOp::create(nb, nl, passed, one, zero);
              scf::YieldOp::create(nb, nl,
                                   ValueRange{arith::AddIOp::create(nb, nl, c, inc)});
            });
        Value c = pack.getResult(0);
        Value pad = arith::ConstantOp::create(b, l, i64, b.getI64IntegerAttr(seq));
        scf::ForOp::create(b, l, c, kEnd, one, ValueRange{},
                           [&](OpBuilder &nb, Location nl, Value j, ValueRange) {
                             memref::StoreOp::create(nb, nl, pad, out, ValueRange{r, j});
                             scf::YieldOp::create(nb, nl);
                           });
        memref::StoreOp::create(b, l, arith::IndexCastOp::create(b, l, i64, c),
                                count, ValueRange{r});
        scf::ReduceOp::create(b, l);
      });
  Value outT = bufferization::ToTensorOp::create(
      rewriter, loc, cast<RankedTensorType>(op.getIndices().getType()), out,
      /*restrict=*/true, /*writable=*/true);
  Value countT = bufferization::ToTensorOp::create(
      rewriter, loc, cast<RankedTensorType>(op.getCount().getType()), count,
      /*restrict=*/true, /*writable=*/true);
  rewriter.replaceOp(op, ValueRange{outT, countT});
  rewriter.setInsertionPoint(topk);
  lowerTopK(rewriter, topk);
}

//===----------------------------------------------------------------------===//
// The pass
//===----------------------------------------------------------------------===//

/// The lowering needs static shapes; returns failure with an error naming the
/// op otherwise.
static LogicalResult checkLowerable(Operation *op) {
  for (Type t : llvm::concat<Type>(op->getOperandTypes(), op->getResultTypes())) {
    auto shaped = dyn_cast<ShapedType>(t);
    if (!shaped)
      continue;
    if (!shaped.hasStaticShape())
      return op->emitOpError("cannot be lowered by convert-mod-to-linalg: it "
                             "needs static shapes, got ")
             << t;
    Type elt = shaped.getElementType();
    if (isa<FloatType>(elt) && !elt.isF16() && !elt.isBF16() && !elt.isF32() &&
        !elt.isF64())
      return op->emitOpError("cannot be lowered by convert-mod-to-linalg: "
                             "element type ")
             << elt << " is not supported (use f16, bf16, f32 or f64)";
  }
  return success();
}

//===----------------------------------------------------------------------===//
// Patterns
//===----------------------------------------------------------------------===//

namespace {
/// One mod op lowered by `lower` (which replaces it), if it can be.
template <typename OpT, void (*lower)(RewriterBase &, OpT)>
struct LowerModOp : OpRewritePattern<OpT> {
  using OpRewritePattern<OpT>::OpRewritePattern;
  LogicalResult matchAndRewrite(OpT op,
                                PatternRewriter &rewriter) const override {
    if (failed(checkLowerable(op)))
      return rewriter.notifyMatchFailure(op, "not lowerable");
    lower(rewriter, op);
    return success();
  }
};

void replaceRouter(RewriterBase &rewriter, RouterOp op) {
  rewriter.replaceOp(op, lowerRouter(rewriter, op));
}
void replaceGather(RewriterBase &rewriter, GatherOp op) {
  rewriter.replaceOp(op, lowerGather(rewriter, op));
}
/// Indices that may hold padding (no in_bounds promise): one parallel
/// iteration per batch row; in-bounds ones keep the (b, j) form.
void replaceScatterAdd(RewriterBase &rewriter, ScatterAddOp op) {
  rewriter.replaceOp(op, op.getInBounds() ? lowerScatterAdd(rewriter, op)
                                          : lowerPaddedScatterAdd(rewriter, op));
}
} // namespace

void mlir::mod::populateModToLinalgConversionPatterns(
    RewritePatternSet &patterns) {
  // mod.causal_select lowers its own masked top-k too (the walk driver
  // does not revisit new ops).
  patterns.add<LowerModOp<RouterOp, replaceRouter>,
               LowerModOp<GatherOp, replaceGather>,
               LowerModOp<ScatterAddOp, replaceScatterAdd>,
               LowerModOp<TopKOp, lowerTopK>,
               LowerModOp<CausalSelectOp, lowerCausalSelect>>(
      patterns.getContext());
}

//===----------------------------------------------------------------------===//
// The pass (and its deprecated name)
//===----------------------------------------------------------------------===//

namespace {
template <typename BaseT>
struct ConvertModToLinalgImpl : public BaseT {
  void runOnOperation() override {
    Operation *root = this->getOperation();
    // Check every op first: on any error the IR is left unchanged.
    bool ok = true;
    root->walk([&](Operation *op) {
      if (isa<RouterOp, TopKOp, GatherOp, ScatterAddOp, CausalSelectOp>(op))
        ok &= succeeded(checkLowerable(op));
    });
    if (!ok)
      return this->signalPassFailure();

    // `mod.router` argument attributes only tell mod-route-dense which
    // argument is which layer's router; below the mod dialect they mean
    // nothing (and LLVM IR translation warns about unknown ones).
    root->walk([](FunctionOpInterface func) {
      for (unsigned i = 0, e = func.getNumArguments(); i < e; ++i)
        func.removeArgAttr(i, StringAttr::get(func->getContext(), "mod.router"));
    });

    RewritePatternSet patterns(&this->getContext());
    populateModToLinalgConversionPatterns(patterns);
    walkAndApplyPatterns(root, std::move(patterns));
  }
};

struct ConvertModToLinalgPass
    : ConvertModToLinalgImpl<
          mod::impl::ConvertModToLinalgBase<ConvertModToLinalgPass>> {};
struct ModLowerToLinalgPass
    : ConvertModToLinalgImpl<
          mod::impl::ModLowerToLinalgBase<ModLowerToLinalgPass>> {};
} // namespace
