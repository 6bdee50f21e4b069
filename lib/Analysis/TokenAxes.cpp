//===- TokenAxes.cpp - Residual stream and token-axis analyses ------------===//

#include "mod/Analysis/TokenAxes.h"

#include "mlir/Transforms/RegionUtils.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Matchers.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/MathExtras.h"

#include <optional>

using namespace mlir;
using namespace mlir::mod;

//===----------------------------------------------------------------------===//
// Dependence helpers
//===----------------------------------------------------------------------===//

/// Calls `fn` on every value `op` reads, including values captured from
/// above by ops nested in its regions.
static void forEachUsedValue(Operation *op, function_ref<void(Value)> fn) {
  for (Value v : op->getOperands())
    fn(v);
  // Values its regions use from above (upstream RegionUtils).
  SetVector<Value> above;
  getUsedValuesDefinedAbove(op->getRegions(), above);
  for (Value v : above)
    fn(v);
}

bool mlir::mod::dependsOn(Value v, Value target) {
  SmallVector<Value> work{v};
  llvm::DenseSet<Value> seen;
  while (!work.empty()) {
    Value cur = work.pop_back_val();
    if (cur == target)
      return true;
    if (!seen.insert(cur).second)
      continue;
    if (Operation *def = cur.getDefiningOp())
      forEachUsedValue(def, [&](Value u) { work.push_back(u); });
  }
  return false;
}

bool mlir::mod::matchTensorAdd(Operation *op, Value &lhs, Value &rhs,
                               int64_t rank) {
  if (op->getNumResults() != 1)
    return false;
  auto type = dyn_cast<RankedTensorType>(op->getResult(0).getType());
  if (!type || type.getRank() != rank || !type.hasStaticShape())
    return false;
  if (auto add = dyn_cast<arith::AddFOp>(op)) {
    lhs = add.getLhs();
    rhs = add.getRhs();
    return lhs.getType() == type && rhs.getType() == type;
  }
  auto linalgOp = dyn_cast<linalg::LinalgOp>(op);
  if (!linalgOp || !linalgOp.hasPureTensorSemantics() ||
      linalgOp.getNumDpsInputs() != 2 || linalgOp.getNumDpsInits() != 1 ||
      linalgOp.getNumParallelLoops() != linalgOp.getNumLoops())
    return false;
  for (AffineMap map : linalgOp.getIndexingMapsArray())
    if (!map.isIdentity())
      return false;
  Block *body = linalgOp.getBlock();
  if (!body || body->getOperations().size() != 2)
    return false;
  auto addf = dyn_cast<arith::AddFOp>(body->front());
  auto yield = dyn_cast<linalg::YieldOp>(body->back());
  if (!addf || !yield || yield.getNumOperands() != 1 ||
      yield.getOperand(0) != addf.getResult())
    return false;
  auto isArg = [&](Value v, unsigned i) {
    return v == body->getArgument(i);
  };
  if (!((isArg(addf.getLhs(), 0) && isArg(addf.getRhs(), 1)) ||
        (isArg(addf.getLhs(), 1) && isArg(addf.getRhs(), 0))))
    return false;
  lhs = linalgOp.getDpsInputOperand(0)->get();
  rhs = linalgOp.getDpsInputOperand(1)->get();
  return lhs.getType() == type && rhs.getType() == type;
}

/// Whether the ops `slice` (from `from` to their last op's result `to`)
/// are the only readers of `from` and of every value they compute but `to`.
static bool readOnlyWithin(ArrayRef<Operation *> slice, Value from, Value to) {
  llvm::DenseSet<Operation *> inside(slice.begin(), slice.end());
  auto onlyInside = [&](Value v) {
    return llvm::all_of(v.getUsers(), [&](Operation *user) {
      // A user nested in a slice op (a linalg body) counts as that op.
      Operation *top = user;
      while (top && !inside.contains(top) && top->getParentOp() &&
             !isa<func::FuncOp>(top->getParentOp()))
        top = top->getParentOp();
      return top && inside.contains(top);
    });
  };
  if (!onlyInside(from))
    return false;
  for (Operation *op : slice)
    for (Value r : op->getResults())
      if (r != to && !onlyInside(r))
        return false;
  return true;
}

/// Whether `slice` can be a norm: no contraction (a matmul would be a
/// sub-block of its own, as an MLP is).
static bool noContraction(ArrayRef<Operation *> slice) {
  return llvm::none_of(slice, [](Operation *op) {
    auto linalgOp = dyn_cast<linalg::LinalgOp>(op);
    return linalgOp && linalg::isaContractionOpInterface(linalgOp);
  });
}

/// The value the stream goes on from after the sum `out` in a
/// post-LayerNorm transformer: the first residual of `residuals` (those of
/// the steps, in program order) after `out` that depends on it, if it has
/// out's type and depends on it only through ops that nothing else reads
/// and that contract nothing; else null. (A sum inside a branch, such as
/// GELU's x + 0.044715 x^3 in GPT-J's MLP, reaches the next residual
/// through the MLP's second matmul: not a norm.)
static Value postNormOutput(Value out, ArrayRef<Value> residuals) {
  Operation *outOp = out.getDefiningOp();
  for (Value v : residuals) {
    Operation *def = v.getDefiningOp();
    if (def->getBlock() != outOp->getBlock() || !outOp->isBeforeInBlock(def) ||
        !dependsOn(v, out))
      continue;
    if (v.getType() != out.getType())
      return {};
    SmallVector<Operation *> slice = sliceBetween(out, v);
    return !slice.empty() && noContraction(slice) &&
                   readOnlyWithin(slice, out, v)
               ? v
               : Value();
  }
  return {};
}

/// After the sum `out` of the chain's last step: the ops (in program order)
/// that read `out` or their results, as many as `pattern` has, if they are
/// the same ops as `pattern` (op names, in order) and nothing else reads
/// `out` or their values but the last one's result; that result, or null.
static Value sameNormAfter(Value out, ArrayRef<Operation *> pattern) {
  Operation *outOp = out.getDefiningOp();
  llvm::DenseSet<Value> reached{out};
  SmallVector<Operation *> slice;
  for (Operation *op = outOp->getNextNode(); op && slice.size() < pattern.size();
       op = op->getNextNode()) {
    bool uses = false;
    forEachUsedValue(op, [&](Value v) { uses |= reached.contains(v); });
    if (!uses)
      continue;
    if (op->getName() != pattern[slice.size()]->getName() ||
        op->getNumResults() != 1)
      return {};
    slice.push_back(op);
    reached.insert(op->getResult(0));
  }
  if (slice.size() != pattern.size() || slice.empty())
    return {};
  Value end = slice.back()->getResult(0);
  if (end.getType() != out.getType() || !noContraction(slice) ||
      !readOnlyWithin(slice, out, end))
    return {};
  return end;
}

SmallVector<ResidualStep> mlir::mod::findResidualChain(func::FuncOp func) {
  if (func.isExternal())
    return {};
  // Every residual-looking add: one operand is computed from the other.
  llvm::DenseMap<Value, ResidualStep> byResidual;
  SmallVector<ResidualStep> all;
  func.walk([&](Operation *op) {
    Value a, b;
    if (!matchTensorAdd(op, a, b) || a == b)
      return;
    if (dependsOn(b, a))
      all.push_back({op, a, b});
    else if (dependsOn(a, b))
      all.push_back({op, b, a});
  });
  for (const ResidualStep &step : all)
    byResidual.try_emplace(step.residual, step);
  // The residuals computed in the function's body, in program order (for
  // post-LayerNorm chains); one lookup per sum.
  SmallVector<Value> residuals;
  for (Operation &op : func.getBody().front())
    for (Value r : op.getResults())
      if (byResidual.contains(r))
        residuals.push_back(r);
  llvm::DenseMap<Value, Value> postOf;
  auto postNorm = [&](Value out) {
    auto it = postOf.find(out);
    if (it == postOf.end())
      it = postOf.try_emplace(out, postNormOutput(out, residuals)).first;
    return it->second;
  };

  // Longest chain: follow output -> next step whose residual it is.
  SmallVector<ResidualStep> best;
  for (const ResidualStep &start : all) {
    SmallVector<ResidualStep> chain{start};
    llvm::DenseSet<Operation *> seen{start.op};
    while (true) {
      Value out = chain.back().output();
      auto it = byResidual.find(out);
      if (it != byResidual.end()) {
        if (!seen.insert(it->second.op).second)
          break;
        chain.push_back(it->second);
        continue;
      }
      // Parallel residual (GPT-J, NeoX): out = x + attn(x), then out + mlp(x)
      // where the new branch reads the previous step's input x, not out.
      std::optional<ResidualStep> parallelStep;
      for (Operation *user : out.getUsers()) {
        Value a, b;
        if (!matchTensorAdd(user, a, b) || a == b)
          continue;
        Value other = a == out ? b : a;
        if (dependsOn(other, chain.back().residual) && !dependsOn(other, out)) {
          parallelStep = ResidualStep{user, out, other};
          break;
        }
      }
      if (parallelStep) {
        if (!seen.insert(parallelStep->op).second)
          break;
        chain.push_back(*parallelStep);
        continue;
      }
      // Post-LayerNorm: the stream goes on from LN(out).
      if (Value post = postNorm(out)) {
        auto next = byResidual.find(post);
        if (!seen.insert(next->second.op).second)
          break;
        chain.back().post = post;
        chain.push_back(next->second);
        continue;
      }
      // The last step of a post-LayerNorm chain: the same norm as the
      // step before it.
      if (chain.size() >= 2 && chain[chain.size() - 2].post) {
        const ResidualStep &prev = chain[chain.size() - 2];
        SmallVector<Operation *> pattern =
            sliceBetween(prev.op->getResult(0), prev.post);
        if (Value post = sameNormAfter(out, pattern))
          chain.back().post = post;
      }
      break;
    }
    if (chain.size() > best.size())
      best = chain;
  }
  return best;
}

SmallVector<Operation *> mlir::mod::sliceBetween(Value input, Value output) {
  Operation *outputOp = output.getDefiningOp();
  if (!outputOp)
    return {};
  Block *block = outputOp->getBlock();
  // Forward: ops of the block that depend on `input`.
  llvm::DenseSet<Value> forwardValues{input};
  llvm::DenseSet<Operation *> forward;
  for (Operation &op : *block) {
    bool uses = false;
    forEachUsedValue(&op, [&](Value v) { uses |= forwardValues.contains(v); });
    if (!uses)
      continue;
    forward.insert(&op);
    for (Value r : op.getResults())
      forwardValues.insert(r);
    if (&op == outputOp)
      break;
  }
  // Backward from `output`, restricted to the forward set.
  llvm::DenseSet<Value> backwardValues{output};
  SmallVector<Operation *> slice;
  for (Operation &op : llvm::reverse(*block)) {
    if (!forward.contains(&op))
      continue;
    if (!llvm::any_of(op.getResults(),
                      [&](Value r) { return backwardValues.contains(r); }))
      continue;
    slice.push_back(&op);
    forEachUsedValue(&op, [&](Value v) { backwardValues.insert(v); });
  }
  std::reverse(slice.begin(), slice.end());
  return slice;
}

//===----------------------------------------------------------------------===//
// TokenAxisAnalysis
//===----------------------------------------------------------------------===//

const TokenAxes *TokenAxisAnalysis::axesOf(Value v) const {
  auto it = axes.find(v);
  return it == axes.end() ? nullptr : &it->second;
}

const TokenAxes *TokenAxisAnalysis::loopAxesOf(Operation *op) const {
  auto it = loopAxes.find(op);
  return it == loopAxes.end() ? nullptr : &it->second;
}

const TokenAxes *TokenAxisAnalysis::externalAxesOf(OpOperand *operand) const {
  auto it = externalAxes.find(operand);
  return it == externalAxes.end() ? nullptr : &it->second;
}

LogicalResult TokenAxisAnalysis::fail(Operation *op, const llvm::Twine &why) {
  failedOp = op;
  reason = why.str();
  return failure();
}

/// Merges two facts about one dimension; fails on a contradiction.
static bool mergeAxis(TokenAxis &into, const TokenAxis &other) {
  if (other.isNone())
    return true;
  if (into.isNone()) {
    into = other;
    return true;
  }
  return into == other;
}

/// a * b, or kDynamic (matching no static size) if it overflows int64.
static int64_t checkedProduct(int64_t a, int64_t b) {
  int64_t result;
  if (llvm::MulOverflow(a, b, result))
    return ShapedType::kDynamic;
  return result;
}

/// The size a dimension must have to carry `axis`.
static int64_t expectedSize(const TokenAxis &axis, int64_t batch,
                            int64_t seqLen) {
  switch (axis.kind) {
  case TokenAxis::Batch:
    return batch;
  case TokenAxis::Token:
    return seqLen;
  case TokenAxis::BatchToken:
    return checkedProduct(batch, seqLen);
  case TokenAxis::BatchGroup:
    return checkedProduct(batch, axis.factor);
  case TokenAxis::None:
    break;
  }
  return ShapedType::kDynamic;
}

const TokenAxes *TokenAxisAnalysis::sourceAxes(Operation *op, Value source) {
  const TokenAxes *known = axesOf(source);
  if (!known)
    (void)fail(op, "its source is computed outside the layer");
  return known;
}

LogicalResult TokenAxisAnalysis::setAxes(Operation *op, Value v,
                                         TokenAxes newAxes) {
  auto type = dyn_cast<RankedTensorType>(v.getType());
  if (!type || !type.hasStaticShape())
    return fail(op, "its result is not a statically shaped tensor");
  for (auto [dim, axis] : llvm::enumerate(newAxes)) {
    if (axis.isNone())
      continue;
    if (type.getDimSize(dim) != expectedSize(axis, batch, seqLen))
      return fail(op, "a batch/token dimension changes size unexpectedly");
  }
  axes[v] = std::move(newAxes);
  return success();
}

LogicalResult TokenAxisAnalysis::visitLinalg(Operation *op) {
  auto linalgOp = cast<linalg::LinalgOp>(op);
  if (!linalgOp.hasPureTensorSemantics())
    return fail(op, "it works on buffers, not tensors");
  TokenAxes loops(linalgOp.getNumLoops());
  SmallVector<int64_t> ranges = linalgOp.getStaticLoopRanges();

  for (OpOperand &operand : op->getOpOperands()) {
    const TokenAxes *known = axesOf(operand.get());
    if (!known)
      continue;
    AffineMap map = linalgOp.getMatchingIndexingMap(&operand);
    for (auto [i, expr] : llvm::enumerate(map.getResults())) {
      const TokenAxis &axis = (*known)[i];
      if (axis.isNone())
        continue;
      auto dim = dyn_cast<AffineDimExpr>(expr);
      if (!dim)
        return fail(op, "it indexes a batch/token dimension with a "
                        "non-trivial affine expression");
      if (!mergeAxis(loops[dim.getPosition()], axis))
        return fail(op, "one loop would iterate over two different "
                        "batch/token axes");
    }
  }

  // Token loops that are reduced, or two token loops, mix tokens.
  SmallVector<utils::IteratorType> iterators =
      linalgOp.getIteratorTypesArray();
  unsigned tokenLoops = 0;
  bool hasBatchLoop = false;
  for (auto [i, axis] : llvm::enumerate(loops)) {
    tokenLoops += axis.isTokenLike();
    hasBatchLoop |= axis.isBatchLike();
    if (axis.isTokenLike() && iterators[i] == utils::IteratorType::reduction)
      mixesTokens = true;
    if (!axis.isNone() && ranges[i] != expectedSize(axis, batch, seqLen))
      return fail(op, "a batch/token loop has an unexpected range");
  }
  if (tokenLoops > 1)
    mixesTokens = true;
  if (tokenLoops && !hasBatchLoop)
    return fail(op, "it iterates over tokens without a batch dimension");

  // The body may read the loop position (computed masks); it may not read
  // tensors directly.
  WalkResult walk = linalgOp.getBlock()->walk([&](Operation *nested) {
    if (isa<tensor::ExtractOp>(nested))
      return WalkResult::interrupt();
    return WalkResult::advance();
  });
  if (walk.wasInterrupted())
    return fail(op, "its body reads a tensor with tensor.extract");

  for (OpOperand &operand : op->getOpOperands()) {
    if (axesOf(operand.get()))
      continue;
    AffineMap map = linalgOp.getMatchingIndexingMap(&operand);
    TokenAxes ext(map.getNumResults());
    bool any = false;
    for (auto [i, expr] : llvm::enumerate(map.getResults()))
      if (auto dim = dyn_cast<AffineDimExpr>(expr)) {
        ext[i] = loops[dim.getPosition()];
        any |= !ext[i].isNone();
      }
    if (any)
      externalAxes[&operand] = ext;
  }

  for (auto [i, result] : llvm::enumerate(op->getResults())) {
    AffineMap map = linalgOp.getIndexingMapMatchingResult(cast<OpResult>(result));
    TokenAxes out(map.getNumResults());
    for (auto [d, expr] : llvm::enumerate(map.getResults()))
      if (auto dim = dyn_cast<AffineDimExpr>(expr))
        out[d] = loops[dim.getPosition()];
    if (failed(setAxes(op, result, out)))
      return failure();
  }
  loopAxes[op] = std::move(loops);
  return success();
}

LogicalResult TokenAxisAnalysis::visitCollapse(Operation *op) {
  auto collapse = cast<tensor::CollapseShapeOp>(op);
  const TokenAxes *srcAxes = sourceAxes(op, collapse.getSrc());
  if (!srcAxes)
    return failure();
  const TokenAxes &src = *srcAxes;
  RankedTensorType srcType = collapse.getSrcType();
  TokenAxes out;
  for (ReassociationIndices group : collapse.getReassociationIndices()) {
    // Ignore unit dims; the others, in order.
    SmallVector<int64_t> dims;
    for (int64_t d : group)
      if (srcType.getDimSize(d) != 1 || !src[d].isNone())
        dims.push_back(d);
    TokenAxis axis;
    if (dims.size() == 1) {
      axis = src[dims[0]];
    } else if (llvm::all_of(dims, [&](int64_t d) { return src[d].isNone(); })) {
      axis = TokenAxis();
    } else if (dims.size() == 2 && src[dims[0]].kind == TokenAxis::Batch &&
               src[dims[1]].kind == TokenAxis::Token) {
      axis.kind = TokenAxis::BatchToken;
    } else if (src[dims[0]].kind == TokenAxis::Batch &&
               llvm::all_of(ArrayRef<int64_t>(dims).drop_front(),
                            [&](int64_t d) { return src[d].isNone(); })) {
      axis.kind = TokenAxis::BatchGroup;
      for (int64_t d : ArrayRef<int64_t>(dims).drop_front())
        if (llvm::MulOverflow(axis.factor, srcType.getDimSize(d), axis.factor))
          return fail(op, "the flattened size overflows int64");
    } else {
      return fail(op, "it flattens a token axis with other dimensions in an "
                      "order other than [batch, sequence]");
    }
    out.push_back(axis);
  }
  return setAxes(op, collapse.getResult(), out);
}

LogicalResult TokenAxisAnalysis::visitExpand(Operation *op) {
  auto expand = cast<tensor::ExpandShapeOp>(op);
  const TokenAxes *srcAxes = sourceAxes(op, expand.getSrc());
  if (!srcAxes)
    return failure();
  const TokenAxes &src = *srcAxes;
  RankedTensorType resultType = expand.getResultType();
  auto size = [&](int64_t d) { return resultType.getDimSize(d); };
  TokenAxes out(resultType.getRank());
  for (auto [srcDim, group] :
       llvm::enumerate(expand.getReassociationIndices())) {
    const TokenAxis &axis = src[srcDim];
    if (axis.isNone())
      continue;
    // True if every dim of the group but `keep` has size 1.
    ArrayRef<int64_t> groupDims = group;
    auto onlyUnitsBesides = [&](ArrayRef<int64_t> keep) {
      return llvm::all_of(groupDims, [&](int64_t d) {
        return llvm::is_contained(keep, d) || size(d) == 1;
      });
    };
    bool done = false;
    // [B*S] -> [B, S] first (B may be 1: then the batch dim is a unit dim).
    if (axis.kind == TokenAxis::BatchToken)
      for (auto [i, bd] : llvm::enumerate(group))
        for (int64_t sd : ArrayRef<int64_t>(group).drop_front(i + 1))
          if (!done && size(bd) == batch && size(sd) == seqLen &&
              onlyUnitsBesides({bd, sd})) {
            out[bd].kind = TokenAxis::Batch;
            out[sd].kind = TokenAxis::Token;
            done = true;
          }
    // [B*n] -> [B, n...] (batch-major).
    if (!done && axis.kind == TokenAxis::BatchGroup && size(group[0]) == batch) {
      out[group[0]].kind = TokenAxis::Batch;
      done = true;
    }
    // Otherwise the axis survives on one dim (the others are unit dims).
    for (int64_t dim : group)
      if (!done && size(dim) == expectedSize(axis, batch, seqLen) &&
          onlyUnitsBesides({dim})) {
        out[dim] = axis;
        done = true;
      }
    if (!done)
      return fail(op, "it splits a batch/token axis in an unsupported way");
  }
  return setAxes(op, expand.getResult(), out);
}

/// True if the slice `offsets`/`sizes`/`strides` of a dimension of size
/// `dimSize` covers the whole dimension.
static bool coversWholeDim(OpFoldResult offset, OpFoldResult size,
                           OpFoldResult stride, int64_t dimSize) {
  return getConstantIntValue(offset) == 0 && getConstantIntValue(stride) == 1 &&
         getConstantIntValue(size) == dimSize;
}

LogicalResult TokenAxisAnalysis::visitExtractSlice(Operation *op) {
  auto slice = cast<tensor::ExtractSliceOp>(op);
  const TokenAxes *srcAxes = sourceAxes(op, slice.getSource());
  if (!srcAxes)
    return failure();
  const TokenAxes &src = *srcAxes;
  RankedTensorType srcType = slice.getSourceType();
  llvm::SmallBitVector dropped = slice.getDroppedDims();
  TokenAxes out;
  for (int64_t d = 0; d < srcType.getRank(); ++d) {
    if (!src[d].isNone() &&
        !coversWholeDim(slice.getMixedOffsets()[d], slice.getMixedSizes()[d],
                        slice.getMixedStrides()[d], srcType.getDimSize(d)))
      return fail(op, "it slices part of a batch/token axis");
    if (!dropped.test(d))
      out.push_back(src[d]);
  }
  return setAxes(op, slice.getResult(), out);
}

LogicalResult TokenAxisAnalysis::visitInsertSlice(Operation *op) {
  // result = dest with source written into a box; along batch/token axes the
  // box must cover the whole dimension (e.g. RoPE's rotate_half writes the
  // two halves of head_dim for every token).
  auto insert = cast<tensor::InsertSliceOp>(op);
  RankedTensorType destType = insert.getResultType();
  RankedTensorType srcType = insert.getSourceType();
  std::optional<llvm::SmallDenseSet<unsigned>> droppedSet =
      computeRankReductionMask(insert.getStaticSizes(), srcType.getShape());
  if (!droppedSet)
    return fail(op, "its rank reduction is ambiguous");
  // Source dim i sits on destination dim srcToDest[i].
  SmallVector<int64_t> srcToDest;
  for (int64_t d = 0; d < destType.getRank(); ++d)
    if (!droppedSet->contains(d))
      srcToDest.push_back(d);
  TokenAxes merged(destType.getRank());
  if (const TokenAxes *known = axesOf(insert.getDest()))
    merged = *known;
  if (const TokenAxes *known = axesOf(insert.getSource()))
    for (auto [i, d] : llvm::enumerate(srcToDest))
      if (!mergeAxis(merged[d], (*known)[i]))
        return fail(op, "its source and destination disagree on batch/token "
                        "axes");
  if (!axesOf(insert.getDest()) && !axesOf(insert.getSource()))
    return fail(op, "neither its source nor its destination is computed in "
                    "the layer");
  for (int64_t d = 0; d < destType.getRank(); ++d)
    if (!merged[d].isNone() &&
        !coversWholeDim(insert.getMixedOffsets()[d], insert.getMixedSizes()[d],
                        insert.getMixedStrides()[d], destType.getDimSize(d)))
      return fail(op, "it writes part of a batch/token axis");
  if (!axesOf(insert.getDest()))
    externalAxes[&insert.getDestMutable()] = merged;
  if (!axesOf(insert.getSource())) {
    TokenAxes srcAxes;
    for (int64_t d : srcToDest)
      srcAxes.push_back(merged[d]);
    externalAxes[&insert.getSourceMutable()] = srcAxes;
  }
  return setAxes(op, insert.getResult(), merged);
}

LogicalResult TokenAxisAnalysis::visitConcat(Operation *op) {
  // Joins along one dimension, which must not be a batch/token axis (RoPE's
  // rotate_half concatenates along head_dim; QKV fusions along features).
  auto concat = cast<tensor::ConcatOp>(op);
  int64_t dim = concat.getDim();
  TokenAxes merged(concat.getResultType().getRank());
  bool anyKnown = false;
  for (Value input : concat.getInputs())
    if (const TokenAxes *known = axesOf(input)) {
      anyKnown = true;
      for (auto [m, a] : llvm::zip(merged, *known))
        if (!mergeAxis(m, a))
          return fail(op, "its operands disagree on batch/token axes");
    }
  if (!anyKnown)
    return fail(op, "none of its operands is computed in the layer");
  if (!merged[dim].isNone())
    return fail(op, "it concatenates along a batch/token axis");
  for (OpOperand &operand : op->getOpOperands())
    if (!axesOf(operand.get()))
      externalAxes[&operand] = merged;
  return setAxes(op, concat.getResult(), merged);
}

LogicalResult TokenAxisAnalysis::visitPad(Operation *op) {
  auto pad = cast<tensor::PadOp>(op);
  const TokenAxes *srcAxes = sourceAxes(op, pad.getSource());
  if (!srcAxes)
    return failure();
  for (auto [d, axis] : llvm::enumerate(*srcAxes))
    if (!axis.isNone() && (getConstantIntValue(pad.getMixedLowPad()[d]) != 0 ||
                           getConstantIntValue(pad.getMixedHighPad()[d]) != 0))
      return fail(op, "it pads a batch/token axis");
  // The padding value must not depend on the position along a token axis.
  if (llvm::any_of(pad.getRegion().getArguments(), [&](BlockArgument arg) {
        return !arg.use_empty() && !(*srcAxes)[arg.getArgNumber()].isNone();
      }))
    return fail(op, "its padding value depends on a batch/token position");
  return setAxes(op, pad.getResult(), *srcAxes);
}

LogicalResult TokenAxisAnalysis::visitElementwise(Operation *op) {
  auto type = dyn_cast<RankedTensorType>(op->getResult(0).getType());
  if (!type)
    return fail(op, "it does not produce a tensor");
  TokenAxes merged(type.getRank());
  for (Value v : op->getOperands())
    if (const TokenAxes *known = axesOf(v)) {
      if (known->size() != merged.size())
        return fail(op, "its operands have different ranks");
      for (auto [m, a] : llvm::zip(merged, *known))
        if (!mergeAxis(m, a))
          return fail(op, "its operands disagree on batch/token axes");
    }
  for (OpOperand &operand : op->getOpOperands())
    if (!axesOf(operand.get()) && isa<RankedTensorType>(operand.get().getType()))
      externalAxes[&operand] = merged;
  for (Value r : op->getResults())
    if (failed(setAxes(op, r, merged)))
      return failure();
  return success();
}

LogicalResult TokenAxisAnalysis::run(ArrayRef<Operation *> ops, Value seed) {
  auto seedType = dyn_cast<RankedTensorType>(seed.getType());
  if (!seedType || seedType.getRank() != 3)
    return fail(seed.getDefiningOp(), "the residual stream is not [B, S, D]");
  axes[seed] = {TokenAxis{TokenAxis::Batch}, TokenAxis{TokenAxis::Token},
                TokenAxis{}};
  for (Operation *op : ops) {
    LogicalResult result = success();
    if (isa<linalg::LinalgOp>(op))
      result = visitLinalg(op);
    else if (isa<tensor::CollapseShapeOp>(op))
      result = visitCollapse(op);
    else if (isa<tensor::ExpandShapeOp>(op))
      result = visitExpand(op);
    else if (isa<tensor::ExtractSliceOp>(op))
      result = visitExtractSlice(op);
    else if (isa<tensor::InsertSliceOp>(op))
      result = visitInsertSlice(op);
    else if (isa<tensor::ConcatOp>(op))
      result = visitConcat(op);
    else if (isa<tensor::PadOp>(op))
      result = visitPad(op);
    else if (isa<tensor::CastOp>(op) ||
             (op->hasTrait<OpTrait::Elementwise>() && op->getNumResults() == 1))
      result = visitElementwise(op);
    else
      result = fail(op, "the token-axis analysis does not know this op");
    if (failed(result))
      return failure();
  }
  return success();
}
