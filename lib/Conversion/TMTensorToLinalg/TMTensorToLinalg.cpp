//===- TMTensorToLinalg.cpp - tm_tensor -> linalg/scf/tensor --------------===//
//
// Lowers the tensor form of torch-mlir's tm_tensor ops to upstream ops that
// One-Shot Bufferize handles (semantics: TMTensorOps.td):
//
// tm_tensor.scan      -> scf.for along the dim; each step a linalg.generic
//                        over the other dims (the combiner) on slices
// tm_tensor.scatter   -> scf.for over updates and slice elements with
//                        tensor.extract / region / tensor.insert (in order)
// tm_tensor.sort      -> per line, stable insertion sort (scf.for + scf.while)
// tm_tensor.topk      -> per line, each input inserted into the k-list
// tm_tensor.attention -> linalg.generic contractions + safe softmax
//
//===----------------------------------------------------------------------===//

#include "mod/Conversion/TMTensorToLinalg/TMTensorToLinalg.h"
#include "mod/Dialect/TMTensor/IR/TMTensorOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/PatternMatch.h"
#include "llvm/ADT/TypeSwitch.h"

#include <cmath>
#include <limits>

namespace mlir {
namespace mod {
#define GEN_PASS_DEF_TMTENSORTOLINALG
#include "mod/Conversion/Passes.h.inc"
} // namespace mod
} // namespace mlir

using namespace mlir;
using namespace mlir::mod;
namespace tmt = mlir::mod::tm_tensor;

//===----------------------------------------------------------------------===//
// Helpers
//===----------------------------------------------------------------------===//

static Value cIndex(OpBuilder &b, Location loc, int64_t v) {
  return arith::ConstantIndexOp::create(b, loc, v);
}

/// The extent of every dimension of `v` as an index value.
static SmallVector<Value> dimValues(OpBuilder &b, Location loc, Value v) {
  return getValueOrCreateConstantIndexOp(b, loc,
                                         tensor::getMixedSizes(b, loc, v));
}

/// Clones the ops of `region`'s block (all but the terminator) at the
/// builder's insertion point with the block arguments bound to `args` and
/// returns the value the terminator yields.
static Value inlineRegion(OpBuilder &b, Region &region, ValueRange args) {
  Block &block = region.front();
  IRMapping map;
  map.map(block.getArguments(), args);
  for (Operation &op : block.without_terminator())
    b.clone(op, map);
  return map.lookupOrDefault(block.getTerminator()->getOperand(0));
}

/// `indices` with `value` inserted at position `dim`.
static SmallVector<Value> withIndexAt(ValueRange indices, int64_t dim,
                                      Value value) {
  SmallVector<Value> all(indices.begin(), indices.end());
  all.insert(all.begin() + dim, value);
  return all;
}

/// The type of a rank-reduced slice of `t` that drops dimension `dim`.
static RankedTensorType dropDim(RankedTensorType t, int64_t dim) {
  SmallVector<int64_t> shape(t.getShape());
  shape.erase(shape.begin() + dim);
  return RankedTensorType::get(shape, t.getElementType());
}

/// The slice of `source` at position `pos` of dimension `dim`, that
/// dimension dropped.
static Value extractLine(OpBuilder &b, Location loc, Value source,
                         int64_t dim, Value pos) {
  auto type = cast<RankedTensorType>(source.getType());
  int64_t rank = type.getRank();
  SmallVector<OpFoldResult> offsets(rank, b.getIndexAttr(0));
  SmallVector<OpFoldResult> sizes = tensor::getMixedSizes(b, loc, source);
  SmallVector<OpFoldResult> strides(rank, b.getIndexAttr(1));
  offsets[dim] = pos;
  sizes[dim] = b.getIndexAttr(1);
  return tensor::ExtractSliceOp::create(b, loc, dropDim(type, dim), source,
                                        offsets, sizes, strides);
}

/// Inserts `slice` (of `dest`'s shape without `dim`) into `dest` at
/// position `pos` of dimension `dim`.
static Value insertLine(OpBuilder &b, Location loc, Value slice, Value dest,
                        int64_t dim, Value pos) {
  auto type = cast<RankedTensorType>(dest.getType());
  int64_t rank = type.getRank();
  SmallVector<OpFoldResult> offsets(rank, b.getIndexAttr(0));
  SmallVector<OpFoldResult> sizes = tensor::getMixedSizes(b, loc, dest);
  SmallVector<OpFoldResult> strides(rank, b.getIndexAttr(1));
  offsets[dim] = pos;
  sizes[dim] = b.getIndexAttr(1);
  RankedTensorType sliceType = dropDim(type, dim);
  if (slice.getType() != sliceType)
    slice = tensor::CastOp::create(b, loc, sliceType, slice);
  return tensor::InsertSliceOp::create(b, loc, slice, dest, offsets, sizes,
                                       strides);
}

/// Builds an scf.for nest over every dimension of `shapeSource` except
/// `skipDim`, carrying `iterArgs`; `body` gets the induction variables (in
/// dimension order, `skipDim` left out) and the carried values.
static SmallVector<Value> loopOverOtherDims(
    OpBuilder &b, Location loc, Value shapeSource, int64_t skipDim,
    ValueRange iterArgs,
    function_ref<SmallVector<Value>(OpBuilder &, Location, ValueRange,
                                    ValueRange)>
        body) {
  SmallVector<Value> ubs = dimValues(b, loc, shapeSource);
  ubs.erase(ubs.begin() + skipDim);
  SmallVector<Value> lbs(ubs.size(), cIndex(b, loc, 0));
  SmallVector<Value> steps(ubs.size(), cIndex(b, loc, 1));
  scf::LoopNest nest = scf::buildLoopNest(
      b, loc, lbs, ubs, steps, iterArgs,
      [&](OpBuilder &nb, Location nloc, ValueRange ivs, ValueRange args) {
        return body(nb, nloc, ivs, args);
      });
  return nest.results;
}

//===----------------------------------------------------------------------===//
// tm_tensor.scan
//===----------------------------------------------------------------------===//

// out[0] = r = first (in[0] inclusive, acc0 exclusive); for i in [1, n):
// r = f(r, in[i] (inclusive) or in[i-1] (exclusive)), out[i] = r. Each step
// is one linalg.generic over the other dims that updates the running value
// `r` in place (its own buffer after bufferization, copied into the output
// slice). The final accumulator is r = out[n-1]; when n = 0 the results are
// the inits.
static LogicalResult lowerScan(RewriterBase &rewriter, tmt::ScanOp op) {
  Location loc = op.getLoc();
  int64_t dim = op.getDimension();
  bool inclusive = op.getInclusive();
  Value input = op.getInput();
  auto outType = cast<RankedTensorType>(op.getOutput().getType());
  auto accType = cast<RankedTensorType>(op.getAccumulator().getType());
  int64_t rank = outType.getRank();
  RankedTensorType lineType = dropDim(outType, dim);

  auto emitScan = [&](OpBuilder &b, Location l) -> SmallVector<Value> {
    Value zero = cIndex(b, l, 0), one = cIndex(b, l, 1);
    Value n = dimValues(b, l, input)[dim];
    Value first = inclusive ? extractLine(b, l, input, dim, zero)
                            : op.getAccumulator();
    if (first.getType() != lineType)
      first = tensor::CastOp::create(b, l, lineType, first);
    Value out = insertLine(b, l, first, op.getOutput(), dim, zero);
    SmallVector<AffineMap> maps(2, b.getMultiDimIdentityMap(rank - 1));
    SmallVector<utils::IteratorType> iterators(rank - 1,
                                               utils::IteratorType::parallel);
    auto loop = scf::ForOp::create(
        b, l, one, n, one, ValueRange{out, first},
        [&](OpBuilder &lb, Location ll, Value i, ValueRange carried) {
          Value o = carried[0], running = carried[1];
          Value xPos = inclusive ? i : arith::SubIOp::create(lb, ll, i, one);
          Value x = extractLine(lb, ll, input, dim, xPos);
          auto step = linalg::GenericOp::create(
              lb, ll, TypeRange{lineType}, ValueRange{x}, ValueRange{running},
              maps, iterators,
              [&](OpBuilder &gb, Location gl, ValueRange args) {
                // The combiner takes (running value, input element).
                Value next =
                    inlineRegion(gb, op.getRegion(), {args[1], args[0]});
                linalg::YieldOp::create(gb, gl, next);
              });
          Value next = step.getResult(0);
          Value updated = insertLine(lb, ll, next, o, dim, i);
          scf::YieldOp::create(lb, ll, ValueRange{updated, next});
        });
    Value acc = loop.getResult(1);
    if (acc.getType() != accType)
      acc = tensor::CastOp::create(b, l, accType, acc);
    return {loop.getResult(0), acc};
  };

  int64_t staticN = cast<ShapedType>(input.getType()).getDimSize(dim);
  SmallVector<Value> results;
  if (staticN == 0) {
    results = {op.getOutput(), op.getAccumulator()};
  } else if (!ShapedType::isDynamic(staticN)) {
    results = emitScan(rewriter, loc);
  } else {
    Value n = dimValues(rewriter, loc, input)[dim];
    Value nonEmpty = arith::CmpIOp::create(rewriter, loc,
                                           arith::CmpIPredicate::sgt, n,
                                           cIndex(rewriter, loc, 0));
    auto ifOp = scf::IfOp::create(
        rewriter, loc, nonEmpty,
        [&](OpBuilder &b, Location l) {
          scf::YieldOp::create(b, l, emitScan(b, l));
        },
        [&](OpBuilder &b, Location l) {
          scf::YieldOp::create(
              b, l, ValueRange{op.getOutput(), op.getAccumulator()});
        });
    results = ifOp.getResults();
  }
  rewriter.replaceOp(op, results);
  return success();
}

//===----------------------------------------------------------------------===//
// tm_tensor.scatter
//===----------------------------------------------------------------------===//

// for n, for slice position j: p = (0.., j) + indices[n] at dimension_map
// (negative indices count from the end); if p is inside the original:
// res[p] = f(updates[n, j], res[p]).
static LogicalResult lowerScatter(RewriterBase &rewriter, tmt::ScatterOp op) {
  Location loc = op.getLoc();
  Value updates = op.getUpdates(), indices = op.getIndices();
  Value original = op.getOriginal();
  auto updType = cast<RankedTensorType>(updates.getType());
  auto origType = cast<RankedTensorType>(original.getType());
  int64_t rank = origType.getRank();
  int64_t sliceRank = updType.getRank() - 1;
  int64_t firstSliceDim = rank - sliceRank;
  ArrayRef<int64_t> dimMap = op.getDimensionMap();

  Value zero = cIndex(rewriter, loc, 0), one = cIndex(rewriter, loc, 1);
  SmallVector<Value> updDims = dimValues(rewriter, loc, updates);
  SmallVector<Value> origDims = dimValues(rewriter, loc, original);

  auto outer = scf::ForOp::create(
      rewriter, loc, zero, updDims[0], one, ValueRange{original},
      [&](OpBuilder &b, Location l, Value n, ValueRange carried) {
        // The index row of update n, as index values; a negative index
        // counts from the end of its dimension (PyTorch's convention).
        SmallVector<Value> rowIndex(dimMap.size());
        for (auto [c, d] : llvm::enumerate(dimMap)) {
          Value raw = tensor::ExtractOp::create(
              b, l, indices, ValueRange{n, cIndex(b, l, c)});
          Value idx = arith::IndexCastOp::create(b, l, b.getIndexType(), raw);
          Value negative = arith::CmpIOp::create(
              b, l, arith::CmpIPredicate::slt, idx, zero);
          Value fromEnd = arith::AddIOp::create(b, l, idx, origDims[d]);
          rowIndex[c] =
              arith::SelectOp::create(b, l, negative, fromEnd, idx);
        }
        SmallVector<Value> lbs(sliceRank, zero), steps(sliceRank, one);
        SmallVector<Value> ubs(updDims.begin() + 1, updDims.end());
        scf::LoopNest nest = scf::buildLoopNest(
            b, l, lbs, ubs, steps, carried,
            [&](OpBuilder &ib, Location il, ValueRange js,
                ValueRange inner) -> scf::ValueVector {
              Value res = inner[0];
              SmallVector<Value> pos(rank);
              for (int64_t t = 0; t < sliceRank; ++t)
                pos[firstSliceDim + t] = js[t];
              for (auto [c, d] : llvm::enumerate(dimMap))
                pos[d] = pos[d] ? Value(arith::AddIOp::create(ib, il, pos[d],
                                                              rowIndex[c]))
                              : rowIndex[c];
              // Only indexed dims can leave the original: the slice alone
              // fits (verified) unless extents are dynamic.
              Value inBounds;
              for (int64_t d = 0; d < rank; ++d) {
                bool indexed = llvm::is_contained(dimMap, d);
                bool sliceFits =
                    d >= firstSliceDim && !origType.isDynamicDim(d) &&
                    !updType.isDynamicDim(1 + d - firstSliceDim);
                if (!indexed && sliceFits)
                  continue;
                Value geZero = arith::CmpIOp::create(
                    ib, il, arith::CmpIPredicate::sge, pos[d], zero);
                Value ltDim = arith::CmpIOp::create(
                    ib, il, arith::CmpIPredicate::slt, pos[d], origDims[d]);
                Value ok = arith::AndIOp::create(ib, il, geZero, ltDim);
                inBounds = inBounds
                               ? Value(arith::AndIOp::create(ib, il, inBounds, ok))
                               : ok;
              }
              if (!inBounds)
                inBounds = arith::ConstantOp::create(ib, il, ib.getBoolAttr(true));
              SmallVector<Value> updPos{n};
              updPos.append(js.begin(), js.end());
              auto ifOp = scf::IfOp::create(
                  ib, il, inBounds,
                  [&](OpBuilder &tb, Location tl) {
                    Value cur = tensor::ExtractOp::create(tb, tl, res, pos);
                    Value upd = tensor::ExtractOp::create(tb, tl, updates,
                                                          updPos);
                    Value next = inlineRegion(tb, op.getRegion(), {upd, cur});
                    Value written =
                        tensor::InsertOp::create(tb, tl, next, res, pos);
                    scf::YieldOp::create(tb, tl, written);
                  },
                  [&](OpBuilder &eb, Location el) {
                    scf::YieldOp::create(eb, el, res);
                  });
              return {ifOp.getResult(0)};
            });
        scf::YieldOp::create(b, l, nest.results);
      });
  rewriter.replaceOp(op, outer.getResults());
  return success();
}

//===----------------------------------------------------------------------===//
// tm_tensor.sort
//===----------------------------------------------------------------------===//

// Per line along the dimension, insertion sort: element i moves left past
// every element e with !cmp(e, x) (so equal elements under a <=-style
// comparator keep their order); all operands move together.
static LogicalResult lowerSort(RewriterBase &rewriter, tmt::SortOp op) {
  Location loc = op.getLoc();
  int64_t dim = op.getDimension();
  ValueRange outputs = op.getOutputs();
  unsigned numOperands = outputs.size();
  Type i1 = rewriter.getI1Type();

  SmallVector<Value> results = loopOverOtherDims(
      rewriter, loc, outputs[0], dim, outputs,
      [&](OpBuilder &b, Location l, ValueRange ivs,
          ValueRange lines) -> SmallVector<Value> {
        Value zero = cIndex(b, l, 0), one = cIndex(b, l, 1);
        Value n = dimValues(b, l, lines[0])[dim];
        auto at = [&](Value p) { return withIndexAt(ivs, dim, p); };
        auto outerLoop = scf::ForOp::create(
            b, l, one, n, one, lines,
            [&](OpBuilder &fb, Location fl, Value i, ValueRange ts) {
              SmallVector<Value> x;
              for (Value t : ts)
                x.push_back(tensor::ExtractOp::create(fb, fl, t, at(i)));
              SmallVector<Type> whileTypes{fb.getIndexType()};
              SmallVector<Value> whileInits{i};
              for (Value t : ts) {
                whileTypes.push_back(t.getType());
                whileInits.push_back(t);
              }
              // before: continue while j > 0 and !cmp(t[j-1], x).
              auto before = [&](OpBuilder &wb, Location wl, ValueRange args) {
                Value j = args[0];
                Value positive = arith::CmpIOp::create(
                    wb, wl, arith::CmpIPredicate::sgt, j, zero);
                Value jm1 = arith::SubIOp::create(wb, wl, j, one);
                Value safe =
                    arith::SelectOp::create(wb, wl, positive, jm1, zero);
                SmallVector<Value> cmpArgs;
                for (unsigned k = 0; k < numOperands; ++k) {
                  cmpArgs.push_back(tensor::ExtractOp::create(
                      wb, wl, args[1 + k], at(safe)));
                  cmpArgs.push_back(x[k]);
                }
                Value inOrder = inlineRegion(wb, op.getRegion(), cmpArgs);
                Value trueV = arith::ConstantOp::create(
                    wb, wl, i1, wb.getIntegerAttr(i1, 1));
                Value outOfOrder =
                    arith::XOrIOp::create(wb, wl, inOrder, trueV);
                Value cont =
                    arith::AndIOp::create(wb, wl, positive, outOfOrder);
                scf::ConditionOp::create(wb, wl, cont, args);
              };
              // after: t[j] = t[j-1] for every operand; j -= 1.
              auto after = [&](OpBuilder &wb, Location wl, ValueRange args) {
                Value j = args[0];
                Value jm1 = arith::SubIOp::create(wb, wl, j, one);
                SmallVector<Value> yielded{jm1};
                for (unsigned k = 0; k < numOperands; ++k) {
                  Value t = args[1 + k];
                  Value moved = tensor::ExtractOp::create(wb, wl, t, at(jm1));
                  yielded.push_back(
                      tensor::InsertOp::create(wb, wl, moved, t, at(j)));
                }
                scf::YieldOp::create(wb, wl, yielded);
              };
              auto whileOp = scf::WhileOp::create(fb, fl, whileTypes,
                                                  whileInits, before, after);
              fb.setInsertionPointAfter(whileOp);
              Value j = whileOp.getResult(0);
              SmallVector<Value> placed;
              for (unsigned k = 0; k < numOperands; ++k)
                placed.push_back(tensor::InsertOp::create(
                    fb, fl, x[k], whileOp.getResult(1 + k), at(j)));
              scf::YieldOp::create(fb, fl, placed);
            });
        return SmallVector<Value>(outerLoop.getResults());
      });
  rewriter.replaceOp(op, results);
  return success();
}

//===----------------------------------------------------------------------===//
// tm_tensor.topk
//===----------------------------------------------------------------------===//

// Per line: every input element (value, index) walks down the k-list; at
// each slot it takes the slot if it beats the kept element (or neither beats
// the other and its index is lower) and carries the displaced one on.
static LogicalResult lowerTopk(RewriterBase &rewriter, tmt::TopkOp op) {
  Location loc = op.getLoc();
  int64_t dim = op.getDimension();
  Value values = op.getInputs()[0];
  Value inIndices = op.getInputs().size() == 2 ? op.getInputs()[1] : Value();
  Type i32 = rewriter.getI32Type();

  SmallVector<Value> results = loopOverOtherDims(
      rewriter, loc, values, dim, op.getOutputs(),
      [&](OpBuilder &b, Location l, ValueRange ivs,
          ValueRange outs) -> SmallVector<Value> {
        Value zero = cIndex(b, l, 0), one = cIndex(b, l, 1);
        Value n = dimValues(b, l, values)[dim];
        Value k = dimValues(b, l, outs[0])[dim];
        auto at = [&](Value p) { return withIndexAt(ivs, dim, p); };
        auto inputLoop = scf::ForOp::create(
            b, l, zero, n, one, outs,
            [&](OpBuilder &fb, Location fl, Value i, ValueRange kept) {
              Value v = tensor::ExtractOp::create(fb, fl, values, at(i));
              Value idx;
              if (inIndices)
                idx = tensor::ExtractOp::create(fb, fl, inIndices, at(i));
              else
                idx = arith::IndexCastOp::create(fb, fl, i32, i);
              SmallVector<Value> inits(kept.begin(), kept.end());
              inits.push_back(v);
              inits.push_back(idx);
              auto slotLoop = scf::ForOp::create(
                  fb, fl, zero, k, one, inits,
                  [&](OpBuilder &sb, Location sl, Value s, ValueRange c) {
                    Value kv = tensor::ExtractOp::create(sb, sl, c[0], at(s));
                    Value ki = tensor::ExtractOp::create(sb, sl, c[1], at(s));
                    Value cv = c[2], ci = c[3];
                    Value newBeats =
                        inlineRegion(sb, op.getRegion(), {cv, kv});
                    Value oldBeats =
                        inlineRegion(sb, op.getRegion(), {kv, cv});
                    Value either =
                        arith::OrIOp::create(sb, sl, newBeats, oldBeats);
                    Value trueV = arith::ConstantOp::create(
                        sb, sl, sb.getI1Type(), sb.getBoolAttr(true));
                    Value tie = arith::XOrIOp::create(sb, sl, either, trueV);
                    Value lower = arith::CmpIOp::create(
                        sb, sl, arith::CmpIPredicate::slt, ci, ki);
                    Value tieWin = arith::AndIOp::create(sb, sl, tie, lower);
                    Value take =
                        arith::OrIOp::create(sb, sl, newBeats, tieWin);
                    Value slotV =
                        arith::SelectOp::create(sb, sl, take, cv, kv);
                    Value slotI =
                        arith::SelectOp::create(sb, sl, take, ci, ki);
                    Value carryV =
                        arith::SelectOp::create(sb, sl, take, kv, cv);
                    Value carryI =
                        arith::SelectOp::create(sb, sl, take, ki, ci);
                    Value nv =
                        tensor::InsertOp::create(sb, sl, slotV, c[0], at(s));
                    Value ni =
                        tensor::InsertOp::create(sb, sl, slotI, c[1], at(s));
                    scf::YieldOp::create(sb, sl,
                                         ValueRange{nv, ni, carryV, carryI});
                  });
              scf::YieldOp::create(
                  fb, fl,
                  ValueRange{slotLoop.getResult(0), slotLoop.getResult(1)});
            });
        return SmallVector<Value>(inputLoop.getResults());
      });
  rewriter.replaceOp(op, results);
  return success();
}

//===----------------------------------------------------------------------===//
// tm_tensor.attention
//===----------------------------------------------------------------------===//

// S = Q K^T * scale (+ mask), P = safe softmax(S) along L, O = P V; every
// step a linalg.generic over [batch..., M, L] / [batch..., M, Ev].
static LogicalResult lowerAttention(RewriterBase &rewriter,
                                    tmt::AttentionOp op) {
  Location loc = op.getLoc();
  MLIRContext *ctx = rewriter.getContext();
  Value q = op.getInputs()[0], k = op.getInputs()[1], v = op.getInputs()[2];
  Value mask = op.getInputs().size() == 4 ? op.getInputs()[3] : Value();
  auto qType = cast<RankedTensorType>(q.getType());
  auto outType = cast<RankedTensorType>(op.getOutputs()[0].getType());
  auto elt = cast<FloatType>(qType.getElementType());
  int64_t rank = qType.getRank();
  int64_t nb = rank - 2; // batch dims

  SmallVector<Value> qDims = dimValues(rewriter, loc, q);
  SmallVector<Value> kDims = dimValues(rewriter, loc, k);
  SmallVector<Value> vDims = dimValues(rewriter, loc, v);

  double scale;
  if (std::optional<APFloat> attr = op.getScale()) {
    scale = attr->convertToDouble();
  } else {
    int64_t e = qType.getDimSize(rank - 1);
    if (ShapedType::isDynamic(e)) {
      scale = 0.0; // computed at run time below
    } else {
      scale = 1.0 / std::sqrt(static_cast<double>(e));
    }
  }
  Value scaleV;
  if (!op.getScale() && qType.isDynamicDim(rank - 1)) {
    Value e = arith::IndexCastOp::create(rewriter, loc, rewriter.getI64Type(),
                                         qDims[rank - 1]);
    Value ef = arith::SIToFPOp::create(rewriter, loc, elt, e);
    Value root = math::SqrtOp::create(rewriter, loc, ef);
    Value oneF = arith::ConstantOp::create(rewriter, loc, elt,
                                           rewriter.getFloatAttr(elt, 1.0));
    scaleV = arith::DivFOp::create(rewriter, loc, oneF, root);
  } else {
    scaleV = arith::ConstantOp::create(rewriter, loc, elt,
                                       rewriter.getFloatAttr(elt, scale));
  }
  Value zeroF = arith::ConstantOp::create(rewriter, loc, elt,
                                          rewriter.getFloatAttr(elt, 0.0));
  Value negInf = arith::ConstantOp::create(
      rewriter, loc, elt,
      rewriter.getFloatAttr(elt, -std::numeric_limits<double>::infinity()));

  // Dims: batch b..., then m, l, and the contraction e / the output ev.
  auto batchExprs = [&]() {
    SmallVector<AffineExpr> exprs;
    for (int64_t d = 0; d < nb; ++d)
      exprs.push_back(getAffineDimExpr(d, ctx));
    return exprs;
  };
  AffineExpr dm = getAffineDimExpr(nb, ctx);
  AffineExpr dl = getAffineDimExpr(nb + 1, ctx);
  AffineExpr d3 = getAffineDimExpr(nb + 2, ctx);
  auto map = [&](unsigned numDims, ArrayRef<AffineExpr> tail) {
    SmallVector<AffineExpr> exprs = batchExprs();
    exprs.append(tail.begin(), tail.end());
    return AffineMap::get(numDims, 0, exprs, ctx);
  };
  using IT = utils::IteratorType;
  SmallVector<IT> par3(nb + 2, IT::parallel);
  SmallVector<IT> redLast = par3;
  redLast.push_back(IT::reduction);

  // Scores [batch, M, L].
  SmallVector<OpFoldResult> scoreSizes;
  for (int64_t d = 0; d < nb; ++d)
    scoreSizes.push_back(qDims[d]);
  scoreSizes.push_back(qDims[nb]);
  scoreSizes.push_back(kDims[nb]);
  Value scoresInit = tensor::EmptyOp::create(rewriter, loc, scoreSizes, elt);
  Value scoresZero =
      linalg::FillOp::create(rewriter, loc, zeroF, scoresInit).getResult(0);
  unsigned n4 = nb + 3;
  Value qk =
      linalg::GenericOp::create(
          rewriter, loc, TypeRange{scoresZero.getType()}, ValueRange{q, k},
          ValueRange{scoresZero},
          {map(n4, {dm, d3}), map(n4, {dl, d3}), map(n4, {dm, dl})}, redLast,
          [&](OpBuilder &b, Location l, ValueRange args) {
            Value mul = arith::MulFOp::create(b, l, args[0], args[1]);
            Value add = arith::AddFOp::create(b, l, args[2], mul);
            linalg::YieldOp::create(b, l, add);
          })
          .getResult(0);

  // Scaled and masked scores.
  SmallVector<Value> maskedIns{qk};
  SmallVector<AffineMap> maskedMaps{map(nb + 2, {dm, dl})};
  if (mask) {
    maskedIns.push_back(mask);
    maskedMaps.push_back(map(nb + 2, {dm, dl}));
  }
  maskedMaps.push_back(map(nb + 2, {dm, dl}));
  bool boolMask =
      mask && cast<ShapedType>(mask.getType()).getElementType().isInteger(1);
  Value masked =
      linalg::GenericOp::create(
          rewriter, loc, TypeRange{scoresInit.getType()}, maskedIns,
          ValueRange{scoresInit}, maskedMaps, par3,
          [&](OpBuilder &b, Location l, ValueRange args) {
            Value s = arith::MulFOp::create(b, l, args[0], scaleV);
            if (mask && boolMask)
              s = arith::SelectOp::create(b, l, args[1], s, negInf);
            else if (mask)
              s = arith::AddFOp::create(b, l, s, args[1]);
            linalg::YieldOp::create(b, l, s);
          })
          .getResult(0);

  // Row max and row sum of exp(s - max) [batch, M].
  SmallVector<OpFoldResult> rowSizes(scoreSizes.begin(), scoreSizes.end() - 1);
  Value rowInit = tensor::EmptyOp::create(rewriter, loc, rowSizes, elt);
  Value rowNegInf =
      linalg::FillOp::create(rewriter, loc, negInf, rowInit).getResult(0);
  SmallVector<IT> rowRed(nb + 1, IT::parallel);
  rowRed.push_back(IT::reduction);
  AffineMap fullMap = map(nb + 2, {dm, dl});
  AffineMap rowMap = map(nb + 2, {dm});
  Value rowMax =
      linalg::GenericOp::create(
          rewriter, loc, TypeRange{rowInit.getType()}, ValueRange{masked},
          ValueRange{rowNegInf}, {fullMap, rowMap}, rowRed,
          [&](OpBuilder &b, Location l, ValueRange args) {
            Value m = arith::MaximumFOp::create(b, l, args[0], args[1]);
            linalg::YieldOp::create(b, l, m);
          })
          .getResult(0);
  // e = exp(s - max), 0 where the whole row is -inf (fully masked).
  Value expScores =
      linalg::GenericOp::create(
          rewriter, loc, TypeRange{scoresInit.getType()},
          ValueRange{masked, rowMax}, ValueRange{scoresInit},
          {fullMap, rowMap, fullMap}, par3,
          [&](OpBuilder &b, Location l, ValueRange args) {
            Value allMasked = arith::CmpFOp::create(
                b, l, arith::CmpFPredicate::OEQ, args[1], negInf);
            Value diff = arith::SubFOp::create(b, l, args[0], args[1]);
            Value e = math::ExpOp::create(b, l, diff);
            Value r = arith::SelectOp::create(b, l, allMasked, zeroF, e);
            linalg::YieldOp::create(b, l, r);
          })
          .getResult(0);
  Value rowZero =
      linalg::FillOp::create(rewriter, loc, zeroF, rowInit).getResult(0);
  Value rowSum =
      linalg::GenericOp::create(
          rewriter, loc, TypeRange{rowInit.getType()}, ValueRange{expScores},
          ValueRange{rowZero}, {fullMap, rowMap}, rowRed,
          [&](OpBuilder &b, Location l, ValueRange args) {
            Value s = arith::AddFOp::create(b, l, args[0], args[1]);
            linalg::YieldOp::create(b, l, s);
          })
          .getResult(0);
  Value probs =
      linalg::GenericOp::create(
          rewriter, loc, TypeRange{scoresInit.getType()},
          ValueRange{expScores, rowSum}, ValueRange{scoresInit},
          {fullMap, rowMap, fullMap}, par3,
          [&](OpBuilder &b, Location l, ValueRange args) {
            Value isZero = arith::CmpFOp::create(
                b, l, arith::CmpFPredicate::OEQ, args[1], zeroF);
            Value p = arith::DivFOp::create(b, l, args[0], args[1]);
            Value r = arith::SelectOp::create(b, l, isZero, zeroF, p);
            linalg::YieldOp::create(b, l, r);
          })
          .getResult(0);

  // O [batch, M, Ev] = P V: dims (batch, m, ev, l).
  SmallVector<OpFoldResult> outSizes(scoreSizes.begin(), scoreSizes.end() - 1);
  outSizes.push_back(vDims[nb + 1]);
  Value outInit = tensor::EmptyOp::create(rewriter, loc, outSizes, elt);
  Value outZero =
      linalg::FillOp::create(rewriter, loc, zeroF, outInit).getResult(0);
  AffineExpr dev = getAffineDimExpr(nb + 1, ctx);
  AffineExpr dred = getAffineDimExpr(nb + 2, ctx);
  Value pv =
      linalg::GenericOp::create(
          rewriter, loc, TypeRange{outZero.getType()}, ValueRange{probs, v},
          ValueRange{outZero},
          {map(n4, {dm, dred}), map(n4, {dred, dev}), map(n4, {dm, dev})},
          redLast,
          [&](OpBuilder &b, Location l, ValueRange args) {
            Value mul = arith::MulFOp::create(b, l, args[0], args[1]);
            Value add = arith::AddFOp::create(b, l, args[2], mul);
            linalg::YieldOp::create(b, l, add);
          })
          .getResult(0);
  if (pv.getType() != outType)
    pv = tensor::CastOp::create(rewriter, loc, outType, pv);
  rewriter.replaceOp(op, pv);
  return success();
}

//===----------------------------------------------------------------------===//
// Driver
//===----------------------------------------------------------------------===//

LogicalResult mlir::mod::lowerTMTensorOp(RewriterBase &rewriter,
                                         Operation *op) {
  if (op->getNumResults() == 0)
    return op->emitOpError(
        "cannot be lowered by tm-tensor-to-linalg: only the tensor form "
        "(before bufferization) is supported, this one works on memrefs");
  OpBuilder::InsertionGuard guard(rewriter);
  rewriter.setInsertionPoint(op);
  return llvm::TypeSwitch<Operation *, LogicalResult>(op)
      .Case([&](tmt::ScanOp o) { return lowerScan(rewriter, o); })
      .Case([&](tmt::ScatterOp o) { return lowerScatter(rewriter, o); })
      .Case([&](tmt::SortOp o) { return lowerSort(rewriter, o); })
      .Case([&](tmt::TopkOp o) { return lowerTopk(rewriter, o); })
      .Case([&](tmt::AttentionOp o) { return lowerAttention(rewriter, o); })
      .Default([](Operation *o) {
        return o->emitOpError("is not a tm_tensor op tm-tensor-to-linalg "
                              "knows how to lower");
      });
}

namespace {
struct TMTensorToLinalgPass
    : public mlir::mod::impl::TMTensorToLinalgBase<TMTensorToLinalgPass> {
  void runOnOperation() override {
    SmallVector<Operation *> worklist;
    getOperation()->walk([&](Operation *op) {
      if (isa<tmt::ScanOp, tmt::ScatterOp, tmt::SortOp, tmt::TopkOp,
              tmt::AttentionOp>(op))
        worklist.push_back(op);
    });
    IRRewriter rewriter(&getContext());
    bool failedAny = false;
    for (Operation *op : worklist)
      if (failed(lowerTMTensorOp(rewriter, op)))
        failedAny = true;
    if (failedAny)
      signalPassFailure();
  }
};
} // namespace
