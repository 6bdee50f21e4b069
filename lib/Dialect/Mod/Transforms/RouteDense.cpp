//===- RouteDense.cpp - dense transformer layers -> mod.routed_block ------===//
//
// 1. Residual stream: the longest chain of adds x_{i+1} = x_i + g_i(x_i).
// 2. Layers: a token-mixing sub-block (attention) starts a layer; the
//    per-token sub-blocks after it (MLP) join it.
// 3. For each selected layer, the token-axis analysis proves how every value
//    depends on the sequence; the layer is cloned into the body of a
//    mod.routed_block re-typed from S to k tokens, with outside values that
//    carry a token axis gathered by the selected positions.
//
//===----------------------------------------------------------------------===//

#include "mod/Analysis/TokenAxes.h"
#include "mod/Dialect/Mod/IR/ModOps.h"
#include "mod/Dialect/Mod/Transforms/ImporterIdioms.h"
#include "mod/Dialect/Mod/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/PatternMatch.h"
#include <cmath>
#include "mlir/IR/SymbolTable.h"
#include "mlir/Transforms/RegionUtils.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"

namespace mlir {
namespace mod {
#define GEN_PASS_DEF_MODROUTEDENSE
#include "mod/Dialect/Mod/Transforms/Passes.h.inc"
} // namespace mod
} // namespace mlir

using namespace mlir;
using namespace mlir::mod;

namespace {

/// A layer: consecutive residual steps, the first of which may mix tokens.
struct Layer {
  unsigned index = 0;
  SmallVector<ResidualStep> steps;
  /// Whether its first step mixes tokens (attention).
  bool mixesTokens = false;
  Value input() const { return steps.front().residual; }
  Value output() const { return steps.back().output(); }
};

/// Per-layer outcome, for the report.
struct LayerReport {
  unsigned index = 0;
  bool selected = false, routed = false;
  std::string why;
  int64_t seqLen = 0, k = 0;
  double denseFlops = 0, routedFlops = 0;
};

/// 2 * iterations of a linalg op with a reduction (a contraction), with the
/// token loops at `tokenSize` (S dense, k routed); 0 for other ops.
double contractionFlops(Operation *op, const TokenAxes *loopAxes,
                        int64_t batch, int64_t tokens) {
  auto linalgOp = dyn_cast<linalg::LinalgOp>(op);
  if (!linalgOp || linalgOp.getNumReductionLoops() == 0)
    return 0;
  double iterations = 1;
  for (auto [i, range] : llvm::enumerate(linalgOp.getStaticLoopRanges())) {
    if (ShapedType::isDynamic(range))
      return 0;
    int64_t r = range;
    if (loopAxes && (*loopAxes)[i].kind == TokenAxis::Token)
      r = tokens;
    else if (loopAxes && (*loopAxes)[i].kind == TokenAxis::BatchToken)
      r = batch * tokens;
    iterations *= static_cast<double>(r);
  }
  return 2 * iterations;
}

//===----------------------------------------------------------------------===//
// Cloning a layer into the body of a routed block
//===----------------------------------------------------------------------===//

/// The batch row of a loop nest with loop axes `loops`, as an affine
/// expression of its loops (null if no loop carries the batch).
AffineExpr batchExprOf(ArrayRef<TokenAxis> loops, int64_t k,
                       MLIRContext *ctx) {
  for (auto [d, axis] : llvm::enumerate(loops)) {
    if (axis.kind == TokenAxis::Batch)
      return getAffineDimExpr(d, ctx);
    if (axis.kind == TokenAxis::BatchGroup)
      return getAffineDimExpr(d, ctx).floorDiv(axis.factor);
    if (axis.kind == TokenAxis::BatchToken)
      return getAffineDimExpr(d, ctx).floorDiv(k);
  }
  return AffineExpr();
}

/// The reduction loops of `op` that run over tokens.
SmallVector<unsigned> tokenReductionLoops(linalg::LinalgOp op,
                                          ArrayRef<TokenAxis> loops) {
  SmallVector<unsigned> dims;
  for (auto [d, iterator] : llvm::enumerate(op.getIteratorTypesArray()))
    if (iterator == utils::IteratorType::reduction && loops[d].isTokenLike())
      dims.push_back(d);
  return dims;
}

/// Whether the padding slots of a causal selection can be skipped in the
/// token reductions of `op`: each such reduction needs the batch row of its
/// iterations (a batch loop, or B == 1). Sets `why` otherwise.
bool canSkipPadding(Operation *op, const TokenAxisAnalysis &analysis,
                    std::string &why) {
  auto linalgOp = dyn_cast<linalg::LinalgOp>(op);
  const TokenAxes *loopAxes = analysis.loopAxesOf(op);
  if (!linalgOp || !loopAxes)
    return true;
  const TokenAxes &loops = *loopAxes;
  for (unsigned d : tokenReductionLoops(linalgOp, loops)) {
    if (loops[d].kind == TokenAxis::BatchToken || analysis.batch == 1 ||
        batchExprOf(loops, /*k=*/1, op->getContext()))
      continue;
    why = "its reduction over tokens has no batch loop, so causal routing "
          "cannot tell its padding slots apart";
    return false;
  }
  return true;
}

class LayerCloner {
public:
  /// `mayPad`: the selection may hold padding slots (position S; causal
  /// routing). Then per-token tables are read at a clamped position and
  /// every reduction over a token loop skips the padding slots, so that
  /// padding never reaches a selected token (docs/Semantics.md section 2).
  LayerCloner(RewriterBase &rewriter, const TokenAxisAnalysis &analysis,
              int64_t k, Value positions, bool mayPad)
      : rewriter(rewriter), analysis(analysis), batch(analysis.batch),
        seqLen(analysis.seqLen), k(k), positions(positions), mayPad(mayPad) {}

  IRMapping mapping;

  void cloneOp(Operation *op);

private:
  RankedTensorType retype(RankedTensorType type, ArrayRef<TokenAxis> axes);
  /// `sizes` (one per dimension with `axes`) with batch/token dims at the
  /// routed size.
  SmallVector<int64_t> routedSizes(ArrayRef<int64_t> sizes,
                                   ArrayRef<TokenAxis> axes);
  Value materializeExternal(Value value, ArrayRef<TokenAxis> axes,
                            bool &addedBatch);
  Value gatherByPositions(Value value, ArrayRef<TokenAxis> axes,
                          bool &addedBatch);
  /// The batch index of the current iteration of a linalg body with loop
  /// axes `loops`, built with `indexOf(d)` = linalg.index d.
  Value batchIndex(OpBuilder &b, Location loc, ArrayRef<TokenAxis> loops,
                   function_ref<Value(unsigned)> indexOf);
  /// The original position of routed token `j` in batch row `b`.
  Value positionOf(OpBuilder &b, Location loc, Value batchIdx, Value j);
  /// The original flattened index b * S + pos[b, t mod k] of the routed
  /// flattened index t = b * k + j.
  Value flatPositionOf(OpBuilder &b, Location loc, Value batchIdx, Value t);
  void rewriteTokenIndexOps(linalg::GenericOp generic, ArrayRef<TokenAxis> loops);
  /// Makes the reductions of `op` over token loops skip padding slots:
  /// the positions become an extra input (one per such loop) and each
  /// yielded value keeps the accumulator where a position is S. Returns the
  /// new op (`op` itself if it has no token reduction).
  Operation *skipPaddingInTokenReductions(linalg::LinalgOp op,
                                          ArrayRef<TokenAxis> loops);

  RewriterBase &rewriter;
  const TokenAxisAnalysis &analysis;
  int64_t batch, seqLen, k;
  Value positions;
  bool mayPad;
  llvm::DenseMap<std::pair<Value, Attribute>, std::pair<Value, bool>> cache;
};

RankedTensorType LayerCloner::retype(RankedTensorType type,
                                     ArrayRef<TokenAxis> axes) {
  return RankedTensorType::get(routedSizes(type.getShape(), axes),
                               type.getElementType(), type.getEncoding());
}

SmallVector<int64_t> LayerCloner::routedSizes(ArrayRef<int64_t> sizes,
                                               ArrayRef<TokenAxis> axes) {
  SmallVector<int64_t> result(sizes);
  for (auto [d, axis] : llvm::enumerate(axes)) {
    if (axis.kind == TokenAxis::Token)
      result[d] = k;
    else if (axis.kind == TokenAxis::BatchToken)
      result[d] = batch * k;
  }
  return result;
}

Value LayerCloner::materializeExternal(Value value, ArrayRef<TokenAxis> axes,
                                       bool &addedBatch) {
  // Cache per (value, axes).
  SmallVector<Attribute> key;
  for (const TokenAxis &a : axes)
    key.push_back(rewriter.getI64IntegerAttr(a.kind * 1000003 + a.factor));
  auto cacheKey = std::make_pair(value, (Attribute)rewriter.getArrayAttr(key));
  auto it = cache.find(cacheKey);
  if (it != cache.end()) {
    addedBatch = it->second.second;
    return it->second.first;
  }
  Location loc = value.getLoc();
  auto type = cast<RankedTensorType>(value.getType());
  RankedTensorType newType = retype(type, axes);
  Value result;
  addedBatch = false;
  Operation *def = value.getDefiningOp();
  // Shape-only values are re-created at the routed size.
  if (auto empty = dyn_cast_or_null<tensor::EmptyOp>(def);
      empty && type.hasStaticShape()) {
    result = tensor::EmptyOp::create(rewriter, loc, newType.getShape(),
                                     newType.getElementType());
  } else if (auto fill = dyn_cast_or_null<linalg::FillOp>(def);
             fill && fill.getOutputs()[0].getDefiningOp<tensor::EmptyOp>()) {
    Value empty = tensor::EmptyOp::create(rewriter, loc, newType.getShape(),
                                          newType.getElementType());
    result = linalg::FillOp::create(rewriter, loc, fill.getInputs(),
                                    ValueRange{empty})
                 .getResult(0);
  } else if (auto cst = dyn_cast_or_null<arith::ConstantOp>(def);
             cst && isa<SplatElementsAttr>(cst.getValue())) {
    auto splat = cast<SplatElementsAttr>(cst.getValue());
    result = arith::ConstantOp::create(rewriter, loc, newType,
                                       splat.resizeSplat(newType));
  } else {
    result = gatherByPositions(value, axes, addedBatch);
  }
  cache[cacheKey] = {result, addedBatch};
  return result;
}

Value LayerCloner::positionOf(OpBuilder &b, Location loc, Value batchIdx,
                              Value j) {
  Value p = tensor::ExtractOp::create(b, loc, positions, ValueRange{batchIdx, j});
  Value pos = arith::IndexCastOp::create(b, loc, b.getIndexType(), p);
  if (!mayPad)
    return pos;
  // A padding slot (position S) reads the last row of a per-token table:
  // in bounds; its value only reaches padding slots and the token
  // reductions, which skip them.
  Value last = arith::ConstantIndexOp::create(b, loc, seqLen - 1);
  return arith::MinUIOp::create(b, loc, pos, last);
}

Value LayerCloner::flatPositionOf(OpBuilder &b, Location loc, Value batchIdx,
                                  Value t) {
  Value kv = arith::ConstantIndexOp::create(b, loc, k);
  Value sv = arith::ConstantIndexOp::create(b, loc, seqLen);
  Value j = arith::RemUIOp::create(b, loc, t, kv);
  Value row = arith::MulIOp::create(b, loc, batchIdx, sv);
  return arith::AddIOp::create(b, loc, row, positionOf(b, loc, batchIdx, j));
}

Value LayerCloner::batchIndex(OpBuilder &b, Location loc,
                              ArrayRef<TokenAxis> loops,
                              function_ref<Value(unsigned)> indexOf) {
  for (auto [d, axis] : llvm::enumerate(loops)) {
    if (axis.kind == TokenAxis::Batch)
      return indexOf(d);
    if (axis.kind == TokenAxis::BatchGroup) {
      Value f = arith::ConstantIndexOp::create(b, loc, axis.factor);
      return arith::DivUIOp::create(b, loc, indexOf(d), f);
    }
    if (axis.kind == TokenAxis::BatchToken) {
      Value kv = arith::ConstantIndexOp::create(b, loc, k);
      return arith::DivUIOp::create(b, loc, indexOf(d), kv);
    }
  }
  return Value();
}

Value LayerCloner::gatherByPositions(Value value, ArrayRef<TokenAxis> axes,
                                     bool &addedBatch) {
  Location loc = value.getLoc();
  auto type = cast<RankedTensorType>(value.getType());
  bool hasBatch = llvm::any_of(axes, [](const TokenAxis &a) { return a.isBatchLike(); });
  addedBatch = !hasBatch;
  RankedTensorType routedType = retype(type, axes);
  SmallVector<int64_t> shape;
  SmallVector<TokenAxis> outAxes;
  if (addedBatch) {
    shape.push_back(batch);
    outAxes.push_back(TokenAxis{TokenAxis::Batch});
  }
  llvm::append_range(shape, routedType.getShape());
  llvm::append_range(outAxes, axes);
  Value init = tensor::EmptyOp::create(rewriter, loc, shape, type.getElementType());
  unsigned rank = shape.size();
  SmallVector<AffineMap> maps = {rewriter.getMultiDimIdentityMap(rank)};
  SmallVector<utils::IteratorType> iterators(rank, utils::IteratorType::parallel);
  auto generic = linalg::GenericOp::create(
      rewriter, loc, TypeRange{init.getType()}, ValueRange{}, ValueRange{init},
      maps, iterators, [&](OpBuilder &b, Location nloc, ValueRange) {
        SmallVector<Value> idx;
        for (unsigned d = 0; d < rank; ++d)
          idx.push_back(linalg::IndexOp::create(b, nloc, d));
        Value bIdx = batchIndex(b, nloc, outAxes,
                                [&](unsigned d) { return idx[d]; });
        SmallVector<Value> src;
        for (unsigned d = addedBatch ? 1 : 0; d < rank; ++d) {
          const TokenAxis &axis = outAxes[d];
          if (axis.kind == TokenAxis::Token) {
            src.push_back(positionOf(b, nloc, bIdx, idx[d]));
          } else if (axis.kind == TokenAxis::BatchToken) {
            src.push_back(flatPositionOf(b, nloc, bIdx, idx[d]));
          } else {
            src.push_back(idx[d]);
          }
        }
        Value v = tensor::ExtractOp::create(b, nloc, value, src);
        linalg::YieldOp::create(b, nloc, v);
      });
  return generic.getResult(0);
}

void LayerCloner::rewriteTokenIndexOps(linalg::GenericOp generic,
                                       ArrayRef<TokenAxis> loops) {
  SmallVector<linalg::IndexOp> indexOps;
  generic.getBody()->walk([&](linalg::IndexOp op) {
    if (loops[op.getDim()].isTokenLike())
      indexOps.push_back(op);
  });
  for (linalg::IndexOp op : indexOps) {
    // The uses to redirect: those before we add our own below.
    SmallVector<OpOperand *> uses;
    for (OpOperand &use : op.getResult().getUses())
      uses.push_back(&use);
    OpBuilder b(op);
    b.setInsertionPointAfter(op);
    Location loc = op.getLoc();
    auto indexOf = [&](unsigned d) -> Value {
      if (d == op.getDim())
        return op.getResult();
      return linalg::IndexOp::create(b, loc, d);
    };
    Value bIdx = batchIndex(b, loc, loops, indexOf);
    Value replacement;
    if (loops[op.getDim()].kind == TokenAxis::Token) {
      replacement = positionOf(b, loc, bIdx, op.getResult());
    } else { // BatchToken: the flattened index b * S + s.
      replacement = flatPositionOf(b, loc, bIdx, op.getResult());
    }
    for (OpOperand *use : uses)
      use->set(replacement);
  }
}

void LayerCloner::cloneOp(Operation *op) {
  SmallVector<std::pair<unsigned, Value>> overrides;
  SmallVector<unsigned> batchedOperands;
  for (OpOperand &operand : op->getOpOperands()) {
    if (mapping.contains(operand.get()))
      continue;
    const TokenAxes *ext = analysis.externalAxesOf(&operand);
    // Values with batch but no token axes (e.g. weights broadcast over the
    // batch) are the same for the routed tokens: use them as they are.
    if (ext && llvm::any_of(*ext, [](const TokenAxis &a) { return a.isTokenLike(); })) {
      bool addedBatch = false;
      Value v = materializeExternal(operand.get(), *ext, addedBatch);
      overrides.push_back({operand.getOperandNumber(), v});
      if (addedBatch)
        batchedOperands.push_back(operand.getOperandNumber());
    }
  }
  Operation *clone = rewriter.clone(*op, mapping);
  for (auto [index, v] : overrides)
    clone->setOperand(index, v);
  for (auto [orig, result] : llvm::zip(op->getResults(), clone->getResults()))
    if (const TokenAxes *axes = analysis.axesOf(orig))
      result.setType(retype(cast<RankedTensorType>(orig.getType()), *axes));

  if (auto expand = dyn_cast<tensor::ExpandShapeOp>(clone)) {
    expand.setStaticOutputShape(
        rewriter.getDenseI64ArrayAttr(expand.getResultType().getShape()));
  } else if (auto slice = dyn_cast<tensor::ExtractSliceOp>(clone)) {
    // Batch/token axes are sliced whole (the analysis proved it): at the
    // routed size.
    slice.setStaticSizes(routedSizes(
        slice.getStaticSizes(),
        *analysis.axesOf(cast<tensor::ExtractSliceOp>(op).getSource())));
  } else if (auto insert = dyn_cast<tensor::InsertSliceOp>(clone)) {
    insert.setStaticSizes(routedSizes(
        insert.getStaticSizes(), *analysis.axesOf(op->getResult(0))));
  } else if (auto linalgOp = dyn_cast<linalg::LinalgOp>(clone)) {
    const TokenAxes &loops = *analysis.loopAxesOf(op);
    bool readsTokenIndex = false;
    linalgOp.getBlock()->walk([&](linalg::IndexOp idx) {
      readsTokenIndex |= loops[idx.getDim()].isTokenLike();
    });
    if (!batchedOperands.empty() || readsTokenIndex) {
      auto generic = dyn_cast<linalg::GenericOp>(clone);
      if (!generic) {
        rewriter.setInsertionPoint(clone);
        generic = *linalg::generalizeNamedOp(rewriter, linalgOp);
        rewriter.setInsertionPointAfter(generic);
        clone = generic;
      }
      if (!batchedOperands.empty()) {
        SmallVector<AffineMap> maps = generic.getIndexingMapsArray();
        MLIRContext *ctx = rewriter.getContext();
        AffineExpr batchExpr = batchExprOf(loops, k, ctx);
        for (unsigned index : batchedOperands) {
          AffineMap old = maps[index];
          SmallVector<AffineExpr> results{batchExpr};
          llvm::append_range(results, old.getResults());
          maps[index] = AffineMap::get(old.getNumDims(), 0, results, ctx);
        }
        generic.setIndexingMapsAttr(rewriter.getAffineMapArrayAttr(maps));
      }
      if (readsTokenIndex)
        rewriteTokenIndexOps(generic, loops);
    }
    if (mayPad)
      clone = skipPaddingInTokenReductions(cast<linalg::LinalgOp>(clone),
                                           loops);
  }
  mapping.map(op->getResults(), clone->getResults());
}

Operation *
LayerCloner::skipPaddingInTokenReductions(linalg::LinalgOp op,
                                          ArrayRef<TokenAxis> loops) {
  SmallVector<unsigned> dims = tokenReductionLoops(op, loops);
  if (dims.empty())
    return op;
  MLIRContext *ctx = rewriter.getContext();
  rewriter.setInsertionPoint(op);
  auto generic = dyn_cast<linalg::GenericOp>(op.getOperation());
  if (!generic)
    generic = *linalg::generalizeNamedOp(rewriter, op);

  // One positions operand per token reduction loop, indexed by the loop's
  // (batch row, slot).
  AffineExpr batchExpr = batchExprOf(loops, k, ctx);
  if (!batchExpr) // B == 1 (checked by canSkipPadding)
    batchExpr = getAffineConstantExpr(0, ctx);
  unsigned numLoops = generic.getNumLoops();
  SmallVector<Value> inputs = generic.getDpsInputs();
  SmallVector<AffineMap> maps = generic.getIndexingMapsArray();
  unsigned numInputs = inputs.size();
  for (unsigned d : dims) {
    AffineExpr loop = getAffineDimExpr(d, ctx);
    SmallVector<AffineExpr> results;
    if (loops[d].kind == TokenAxis::BatchToken)
      results = {loop.floorDiv(k), loop % k};
    else
      results = {batchExpr, loop};
    inputs.push_back(positions);
    maps.insert(maps.begin() + inputs.size() - 1,
                AffineMap::get(numLoops, 0, results, ctx));
  }
  auto padded = linalg::GenericOp::create(
      rewriter, generic.getLoc(), generic.getResultTypes(), inputs,
      generic.getDpsInits(), maps, generic.getIteratorTypesArray());
  padded->setDiscardableAttrs(generic->getDiscardableAttrDictionary());
  rewriter.inlineRegionBefore(generic.getRegion(), padded.getRegion(),
                              padded.getRegion().begin());
  Block &body = padded.getRegion().front();
  auto posType = cast<RankedTensorType>(positions.getType()).getElementType();
  SmallVector<Value> posArgs;
  for (unsigned i = 0; i < dims.size(); ++i)
    posArgs.push_back(
        body.insertArgument(numInputs + i, posType, generic.getLoc()));

  auto yield = cast<linalg::YieldOp>(body.getTerminator());
  rewriter.setInsertionPoint(yield);
  Location loc = yield.getLoc();
  Value padPos = arith::ConstantOp::create(
      rewriter, loc, rewriter.getIntegerAttr(posType, seqLen));
  Value isPad;
  for (Value pos : posArgs) {
    Value eq = arith::CmpIOp::create(rewriter, loc, arith::CmpIPredicate::eq,
                                     pos, padPos);
    isPad = isPad ? arith::OrIOp::create(rewriter, loc, isPad, eq) : eq;
  }
  unsigned firstInit = numInputs + dims.size();
  SmallVector<Value> yielded;
  for (auto [i, v] : llvm::enumerate(yield.getValues()))
    yielded.push_back(arith::SelectOp::create(
        rewriter, loc, isPad, body.getArgument(firstInit + i), v));
  rewriter.modifyOpInPlace(yield, [&] { yield->setOperands(yielded); });
  rewriter.replaceOp(generic, padded.getResults());
  rewriter.setInsertionPointAfter(padded);
  return padded;
}

} // namespace

//===----------------------------------------------------------------------===//
// The pass
//===----------------------------------------------------------------------===//

namespace {
struct ModRouteDensePass
    : public mod::impl::ModRouteDenseBase<ModRouteDensePass> {
  using Base::Base;
  void runOnOperation() override;

  LogicalResult validateOptions();
  bool isSelected(unsigned layer) const;
  SmallVector<Layer> groupLayers(ArrayRef<ResidualStep> chain, int64_t batch,
                                 int64_t seqLen);
  /// Finds or appends the router argument of layer `index`.
  FailureOr<Value> routerWeight(func::FuncOp func, unsigned index,
                                RankedTensorType inputType);
  void routeFunction(func::FuncOp func);
};
} // namespace

LogicalResult ModRouteDensePass::validateOptions() {
  Location loc = getOperation().getLoc();
  if (!(capacity > 0.0 && capacity <= 1.0))
    return emitError(loc) << "mod-route-dense: capacity must be in (0, 1], got "
                          << capacity;
  if (std::isinf(threshold))
    return emitError(loc) << "mod-route-dense: threshold must be a finite "
                             "number (causal routing), got "
                          << threshold;
  if (!isKnownGateKind(gate))
    return emitError(loc) << "mod-route-dense: gate must be raw, sigmoid or "
                             "none, got '"
                          << gate << "'";
  if (every < 1)
    return emitError(loc) << "mod-route-dense: every must be >= 1, got "
                          << static_cast<int64_t>(every);
  if (offset < 0)
    return emitError(loc) << "mod-route-dense: offset must be >= 0, got "
                          << static_cast<int64_t>(offset);
  for (int64_t l : layers)
    if (l < 0)
      return emitError(loc) << "mod-route-dense: layer indices must be >= 0, got "
                            << l;
  return success();
}

bool ModRouteDensePass::isSelected(unsigned layer) const {
  if (!layers.empty())
    return llvm::is_contained(layers, static_cast<int64_t>(layer));
  return static_cast<int64_t>(layer) >= offset &&
         (static_cast<int64_t>(layer) - offset) % every == 0;
}

SmallVector<Layer> ModRouteDensePass::groupLayers(ArrayRef<ResidualStep> chain,
                                                  int64_t batch,
                                                  int64_t seqLen) {
  SmallVector<Layer> result;
  for (const ResidualStep &step : chain) {
    TokenAxisAnalysis analysis(batch, seqLen);
    SmallVector<Operation *> ops = sliceBetween(step.residual, step.branch);
    bool mixes = failed(analysis.run(ops, step.residual)) || analysis.mixesTokens;
    if (result.empty() || mixes) {
      result.emplace_back();
      result.back().index = result.size() - 1;
      result.back().mixesTokens = mixes;
    }
    result.back().steps.push_back(step);
  }
  return result;
}

FailureOr<Value> ModRouteDensePass::routerWeight(func::FuncOp func,
                                                 unsigned index,
                                                 RankedTensorType inputType) {
  auto expected = RankedTensorType::get({inputType.getDimSize(2)},
                                        inputType.getElementType());
  for (unsigned i = 0; i < func.getNumArguments(); ++i) {
    auto attr = func.getArgAttrOfType<IntegerAttr>(i, "mod.router");
    if (!attr || attr.getInt() != index)
      continue;
    if (func.getArgument(i).getType() != expected)
      return func.emitError() << "mod-route-dense: router argument #" << i
                              << " of @" << func.getSymName() << " for layer "
                              << index << " must be " << expected << ", got "
                              << func.getArgument(i).getType();
    return func.getArgument(i);
  }
  // None: append one, unless callers in the module would need updating.
  if (auto uses = SymbolTable::getSymbolUses(func, getOperation());
      uses && !uses->empty())
    return func.emitError()
           << "mod-route-dense: @" << func.getSymName() << " has callers in the "
           << "module, so a router-weight argument for layer " << index
           << " cannot be appended; add an argument " << expected
           << " {mod.router = " << index << " : i64} yourself";
  Builder b(&getContext());
  unsigned pos = func.getNumArguments();
  auto attrs = b.getDictionaryAttr(
      b.getNamedAttr("mod.router", b.getI64IntegerAttr(index)));
  if (failed(func.insertArgument(pos, expected, attrs, func.getLoc())))
    return func.emitError() << "mod-route-dense: could not append a router "
                               "argument to @"
                            << func.getSymName();
  return func.getArgument(pos);
}

void ModRouteDensePass::routeFunction(func::FuncOp func) {
  simplifyIotaGathers(func);
  liftFlattenedResidualAdds(func);
  readStreamThroughReshapes(func);
  SmallVector<ResidualStep> chain = findResidualChain(func);
  if (chain.empty()) {
    bool hasLinalg = false;
    func.walk([&](linalg::LinalgOp) { hasLinalg = true; });
    if (hasLinalg)
      mlir::emitRemark(func.getLoc()) << "mod-route-dense: no residual stream of statically "
                           "shaped [B, S, D] tensors in @"
                        << func.getSymName() << "; left unchanged";
    return;
  }
  auto inputType = cast<RankedTensorType>(chain.front().residual.getType());
  int64_t batch = inputType.getDimSize(0), seqLen = inputType.getDimSize(1);
  int64_t k = computeCapacityK(capacity, seqLen);
  SmallVector<Layer> layerList = groupLayers(chain, batch, seqLen);

  double totalDense = 0;
  func.walk([&](Operation *op) {
    totalDense += contractionFlops(op, nullptr, batch, seqLen);
  });
  double totalRouted = totalDense;
  SmallVector<LayerReport> reports;

  IRRewriter rewriter(&getContext());
  for (Layer &layer : layerList) {
    LayerReport entry;
    entry.index = layer.index;
    entry.seqLen = seqLen;
    entry.selected = isSelected(layer.index);
    SmallVector<Operation *> ops = sliceBetween(layer.input(), layer.output());
    for (Operation *op : ops)
      entry.denseFlops += contractionFlops(op, nullptr, batch, seqLen);
    entry.routedFlops = entry.denseFlops;
    entry.k = seqLen;
    if (!entry.selected) {
      entry.why = "not selected";
      reports.push_back(entry);
      continue;
    }
    // A first layer without the token-mixing sub-block the others start
    // with is the rest of a layer whose first sub-block the stream missed
    // (a branch that reads the stream through a value the analysis does not
    // relate to it): routing it would route part of a layer.
    if (layer.index == 0 && !layer.mixesTokens &&
        llvm::any_of(layerList, [](const Layer &l) { return l.mixesTokens; })) {
      entry.why = "it has no token-mixing sub-block (attention) while the "
                  "other layers start with one: the residual stream's start "
                  "was not recognized, so this is part of a layer";
      mlir::emitRemark(layer.steps.front().op->getLoc())
          << "mod-route-dense: layer 0 left dense: " << entry.why;
      reports.push_back(entry);
      continue;
    }
    // A last layer with fewer sub-blocks than every other layer (which all
    // have the same number) lost its last sub-block: its sum was not
    // recognized as a step of the stream.
    if (layerList.size() >= 3 && layer.index + 1 == layerList.size() &&
        llvm::all_of(ArrayRef<Layer>(layerList).drop_back(), [&](const Layer &l) {
          return l.steps.size() == layerList.front().steps.size();
        }) &&
        layer.steps.size() < layerList.front().steps.size()) {
      entry.why = ("it has " + Twine(layer.steps.size()) +
                   " sub-block(s) while every other layer has " +
                   Twine(layerList.front().steps.size()) +
                   ": the sum of its last sub-block was not recognized, so "
                   "this is part of a layer")
                      .str();
      mlir::emitRemark(layer.steps.back().op->getLoc())
          << "mod-route-dense: layer " << layer.index
          << " left dense: " << entry.why;
      reports.push_back(entry);
      continue;
    }

    TokenAxisAnalysis analysis(batch, seqLen);
    if (failed(analysis.run(ops, layer.input()))) {
      entry.why = ("cannot prove how '" +
                    analysis.failedOp->getName().getStringRef() +
                    "' mixes tokens: " + analysis.reason)
                       .str();
      mlir::emitRemark(analysis.failedOp->getLoc())
          << "mod-route-dense: layer " << layer.index << " left dense: "
          << entry.why;
      reports.push_back(entry);
      continue;
    }
    // Every intermediate value must stay inside the layer.
    llvm::DenseSet<Operation *> inLayer(ops.begin(), ops.end());
    Operation *escaping = nullptr;
    for (Operation *op : ArrayRef<Operation *>(ops).drop_back())
      for (Operation *user : op->getUsers()) {
        Operation *top = op->getBlock()->findAncestorOpInBlock(*user);
        if (!top || !inLayer.contains(top))
          escaping = op;
      }
    if (escaping) {
      entry.why = ("a value computed by '" +
                    escaping->getName().getStringRef() +
                    "' is used after the layer")
                       .str();
      mlir::emitRemark(escaping->getLoc()) << "mod-route-dense: layer " << layer.index
                             << " left dense: " << entry.why;
      reports.push_back(entry);
      continue;
    }
    bool mayPad = !std::isnan(threshold);
    Operation *unpaddable = nullptr;
    if (mayPad)
      for (Operation *op : ops)
        if (!canSkipPadding(op, analysis, entry.why)) {
          unpaddable = op;
          break;
        }
    if (unpaddable) {
      mlir::emitRemark(unpaddable->getLoc())
          << "mod-route-dense: layer " << layer.index
          << " left dense: '" << unpaddable->getName() << "': " << entry.why;
      reports.push_back(entry);
      continue;
    }
    FailureOr<Value> router = routerWeight(func, layer.index, inputType);
    if (failed(router))
      return signalPassFailure();

    // Build the routed block in front of the layer's last residual add.
    Operation *lastAdd = layer.steps.back().op;
    rewriter.setInsertionPoint(lastAdd);
    Location loc = lastAdd->getLoc();
    auto routed = RoutedBlockOp::create(rewriter, loc, layer.input(), *router,
                                        Value(), capacity, gate);
    if (!std::isnan(threshold))
      routed.setThresholdAttr(rewriter.getF64FloatAttr(threshold));
    rewriter.setInsertionPointToStart(&routed.getBodyBlock());
    LayerCloner cloner(rewriter, analysis, k, routed.getPositions(), mayPad);
    cloner.mapping.map(layer.input(), routed.getSelectedTokens());
    bool postNorm = llvm::any_of(layer.steps, [](const ResidualStep &step) {
      return static_cast<bool>(step.post);
    });
    RankedTensorType xsType = routed.getSelectedTokensType();
    auto empty = [&] {
      return tensor::EmptyOp::create(rewriter, loc, xsType.getShape(),
                                     xsType.getElementType());
    };
    Value update;
    if (postNorm) {
      // Post-LayerNorm: the layer's output is no sum of x and branches; the
      // update is output - x (docs/Semantics.md: y = x + g (f(x) - x)).
      for (Operation *op : ops)
        cloner.cloneOp(op);
      update = linalg::SubOp::create(
                   rewriter, loc,
                   ValueRange{cloner.mapping.lookup(layer.output()),
                              routed.getSelectedTokens()},
                   ValueRange{empty()})
                   .getResult(0);
    } else {
      for (Operation *op : ArrayRef<Operation *>(ops).drop_back())
        cloner.cloneOp(op);
      // The update is the sum of the sub-block branches.
      update = cloner.mapping.lookup(layer.steps.front().branch);
      for (const ResidualStep &step :
           ArrayRef<ResidualStep>(layer.steps).drop_front())
        update = linalg::AddOp::create(
                     rewriter, loc,
                     ValueRange{update, cloner.mapping.lookup(step.branch)},
                     ValueRange{empty()})
                     .getResult(0);
    }
    YieldOp::create(rewriter, loc, ValueRange{update});

    // The next layer reads the routed result (its recorded input value is
    // the add we are about to erase).
    Value oldOutput = layer.output();
    for (Layer &later : layerList)
      for (ResidualStep &step : later.steps)
        if (step.residual == oldOutput)
          step.residual = routed.getResult();
    rewriter.replaceAllUsesWith(oldOutput, routed.getResult());
    for (Operation *op : llvm::reverse(ops))
      rewriter.eraseOp(op);

    entry.routed = true;
    entry.k = k;
    entry.routedFlops = 2.0 * batch * seqLen * inputType.getDimSize(2);
    routed.getBodyBlock().walk([&](Operation *op) {
      entry.routedFlops += contractionFlops(op, nullptr, batch, k);
    });
    totalRouted += entry.routedFlops - entry.denseFlops;
    reports.push_back(entry);
  }

  // Remove what the routed layers left unused (shape-only values, masks).
  (void)runRegionDCE(rewriter, func.getBody());

  for (int64_t requested : layers)
    if (requested >= static_cast<int64_t>(layerList.size()))
      func.emitWarning() << "mod-route-dense: layer " << requested
                         << " requested but @" << func.getSymName() << " has "
                         << layerList.size() << " layer(s)";

  if (!report)
    return;
  llvm::raw_ostream &os = llvm::errs();
  os << "mod-route-dense: @" << func.getSymName() << ": " << layerList.size()
     << " layer(s), B=" << batch << " S=" << seqLen << " D="
     << inputType.getDimSize(2) << ", capacity="
     << llvm::format("%g", static_cast<double>(capacity)) << " (k=" << k
     << "), gate=" << gate << "\n";
  for (const LayerReport &r : reports) {
    os << llvm::format("  layer %u: %-6s S=%lld k=%lld  FLOPs dense=%.4g "
                       "routed=%.4g (x%.3f)",
                       r.index, r.routed ? "routed" : "dense",
                       (long long)r.seqLen, (long long)r.k, r.denseFlops,
                       r.routedFlops,
                       r.denseFlops > 0 ? r.routedFlops / r.denseFlops : 1.0);
    if (!r.routed)
      os << "  [" << r.why << "]";
    os << "\n";
  }
  os << llvm::format("  total contraction FLOPs: dense=%.4g routed=%.4g "
                     "(x%.3f, incl. routers)\n",
                     totalDense, totalRouted,
                     totalDense > 0 ? totalRouted / totalDense : 1.0);
}

void ModRouteDensePass::runOnOperation() {
  if (failed(validateOptions()))
    return signalPassFailure();
  SmallVector<func::FuncOp> funcs;
  getOperation().walk([&](func::FuncOp f) {
    if (!f.isExternal())
      funcs.push_back(f);
  });
  for (func::FuncOp f : funcs)
    routeFunction(f);
}
