//===- ImporterIdioms.cpp - importer idioms rewritten for routing ---------===//
//
// See ImporterIdioms.h. Called by mod-route-dense before it looks for the
// residual stream.
//
//===----------------------------------------------------------------------===//

#include "mod/Dialect/Mod/Transforms/ImporterIdioms.h"
#include "mod/Analysis/TokenAxes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Matchers.h"

#include <optional>

using namespace mlir;
using namespace mlir::mod;

unsigned mlir::mod::liftFlattenedResidualAdds(func::FuncOp func) {
  // collapse_shape [B, S, D] -> [B*S, D].
  const SmallVector<ReassociationIndices> flatten = {{0, 1}, {2}};
  auto flattened = [&](Value v) -> tensor::CollapseShapeOp {
    auto collapse = v.getDefiningOp<tensor::CollapseShapeOp>();
    if (!collapse || collapse.getSrcType().getRank() != 3 ||
        !collapse.getSrcType().hasStaticShape() ||
        collapse.getReassociationIndices() != flatten)
      return {};
    return collapse;
  };
  SmallVector<Operation *> adds;
  func.walk([&](Operation *op) {
    Value a, b;
    if (matchTensorAdd(op, a, b, /*rank=*/2) && a != b)
      adds.push_back(op);
  });
  unsigned lifted = 0;
  for (Operation *op : adds) {
    Value a, b;
    matchTensorAdd(op, a, b, /*rank=*/2);
    tensor::CollapseShapeOp collapse = flattened(a);
    Value branch = b;
    if (!collapse || !dependsOn(b, collapse.getResult())) {
      collapse = flattened(b);
      branch = a;
    }
    // A residual add: the other operand is computed from the stream value.
    if (!collapse || !dependsOn(branch, collapse.getResult()))
      continue;
    RankedTensorType type = collapse.getSrcType();
    SmallVector<tensor::ExpandShapeOp> views;
    for (Operation *user : op->getResult(0).getUsers())
      if (auto expand = dyn_cast<tensor::ExpandShapeOp>(user);
          expand && expand.getResultType() == type &&
          expand.getReassociationIndices() == flatten)
        views.push_back(expand);
    if (views.empty())
      continue;
    OpBuilder builder(op);
    Location loc = op->getLoc();
    Value branch3 =
        tensor::ExpandShapeOp::create(builder, loc, type, branch, flatten);
    Value init = tensor::EmptyOp::create(builder, loc, type.getShape(),
                                         type.getElementType());
    AffineMap id = builder.getMultiDimIdentityMap(3);
    SmallVector<utils::IteratorType> parallel(3,
                                              utils::IteratorType::parallel);
    auto add = linalg::GenericOp::create(
        builder, loc, type, ValueRange{collapse.getSrc(), branch3},
        ValueRange{init}, ArrayRef<AffineMap>{id, id, id}, parallel,
        [](OpBuilder &b, Location l, ValueRange args) {
          Value sum = arith::AddFOp::create(b, l, args[0], args[1]);
          linalg::YieldOp::create(b, l, sum);
        });
    for (tensor::ExpandShapeOp view : views) {
      view.getResult().replaceAllUsesWith(add.getResult(0));
      view.erase();
    }
    if (!op->getResult(0).use_empty())
      op->getResult(0).replaceAllUsesWith(tensor::CollapseShapeOp::create(
          builder, loc, add.getResult(0), flatten));
    op->erase();
    ++lifted;
  }
  return lifted;
}

/// The dim along which `t`'s elements equal their index (all other dims of
/// size 1): a linalg.generic without inputs that yields
/// index_cast(linalg.index p), or a reshape of a 1-D one.
static std::optional<int64_t> iotaDim(Value t) {
  auto type = dyn_cast<RankedTensorType>(t.getType());
  if (!type || !type.hasStaticShape())
    return std::nullopt;
  if (auto expand = t.getDefiningOp<tensor::ExpandShapeOp>()) {
    auto srcType = expand.getSrcType();
    if (srcType.getRank() != 1 || !iotaDim(expand.getSrc()))
      return std::nullopt;
    std::optional<int64_t> dim;
    for (auto [d, size] : llvm::enumerate(type.getShape()))
      if (size != 1) {
        if (dim)
          return std::nullopt;
        dim = d;
      }
    return dim ? dim : std::optional<int64_t>(0);
  }
  auto generic = t.getDefiningOp<linalg::GenericOp>();
  if (!generic || generic.getNumDpsInputs() != 0 ||
      generic.getNumDpsInits() != 1 || generic->getNumResults() != 1 ||
      !generic.getIndexingMapsArray()[0].isIdentity())
    return std::nullopt;
  auto yield = cast<linalg::YieldOp>(generic.getBlock()->getTerminator());
  auto cast = yield.getOperand(0).getDefiningOp<arith::IndexCastOp>();
  auto index = cast ? cast.getIn().getDefiningOp<linalg::IndexOp>() : nullptr;
  if (!index)
    return std::nullopt;
  int64_t p = index.getDim();
  for (auto [d, size] : llvm::enumerate(type.getShape()))
    if (static_cast<int64_t>(d) != p && size != 1)
      return std::nullopt;
  return p;
}

/// The value of every element of integer tensor `t`, if it is one constant:
/// a splat constant, a fill, or a linalg.generic without inputs that yields
/// a constant (torch.arange(1) folds to one), through reshapes.
static std::optional<int64_t> splatValue(Value t) {
  if (auto expand = t.getDefiningOp<tensor::ExpandShapeOp>())
    return splatValue(expand.getSrc());
  if (auto collapse = t.getDefiningOp<tensor::CollapseShapeOp>())
    return splatValue(collapse.getSrc());
  DenseElementsAttr dense;
  if (matchPattern(t, m_Constant(&dense)) && dense.isSplat() &&
      isa<IntegerType>(dense.getElementType()))
    return dense.getSplatValue<APInt>().getSExtValue();
  APInt c;
  if (auto fill = t.getDefiningOp<linalg::FillOp>())
    if (matchPattern(fill.value(), m_ConstantInt(&c)))
      return c.getSExtValue();
  if (auto generic = t.getDefiningOp<linalg::GenericOp>())
    if (generic.getNumDpsInputs() == 0 && generic->getNumResults() == 1)
      if (matchPattern(cast<linalg::YieldOp>(generic.getBlock()->getTerminator())
                           .getOperand(0),
                       m_ConstantInt(&c)))
        return c.getSExtValue();
  return std::nullopt;
}

namespace {
/// What an index of a gather's tensor.extract is at every iteration: loop
/// dim `dim`, or the constant `value`.
struct GatherIndex {
  std::optional<unsigned> dim;
  int64_t value = 0;
};
} // namespace

/// `v` (an index inside `op`'s body) as a loop dim or a constant: a
/// linalg.index of the body (the ONNX importer's gathers index the other
/// dims so), or an index_cast of a value read from an iota or constant
/// input, with torch's wrap of negative indices, select(x < 0, x + n, x),
/// on top.
static std::optional<GatherIndex> gatherIndex(linalg::GenericOp op, Value v) {
  if (auto index = v.getDefiningOp<linalg::IndexOp>())
    if (index->getBlock() == op.getBlock())
      return GatherIndex{static_cast<unsigned>(index.getDim()), 0};
  if (auto cast = v.getDefiningOp<arith::IndexCastOp>())
    v = cast.getIn();
  // select(x < 0, x + n, x)
  std::optional<int64_t> wrap;
  if (auto select = v.getDefiningOp<arith::SelectOp>()) {
    auto cmp = select.getCondition().getDefiningOp<arith::CmpIOp>();
    auto add = select.getTrueValue().getDefiningOp<arith::AddIOp>();
    Value x = select.getFalseValue();
    APInt zero, n;
    if (!cmp || !add || cmp.getPredicate() != arith::CmpIPredicate::slt ||
        cmp.getLhs() != x || !matchPattern(cmp.getRhs(), m_ConstantInt(&zero)) ||
        !zero.isZero() || add.getLhs() != x ||
        !matchPattern(add.getRhs(), m_ConstantInt(&n)))
      return std::nullopt;
    wrap = n.getSExtValue();
    v = x;
  }
  auto arg = dyn_cast<BlockArgument>(v);
  if (!arg || arg.getOwner() != op.getBlock() ||
      arg.getArgNumber() >= op.getNumDpsInputs())
    return std::nullopt;
  OpOperand *input = op.getDpsInputOperand(arg.getArgNumber());
  AffineMap map = op.getMatchingIndexingMap(input);
  if (std::optional<int64_t> splat = splatValue(input->get())) {
    int64_t c = *splat;
    if (wrap && c < 0)
      c += *wrap;
    return GatherIndex{std::nullopt, c};
  }
  std::optional<int64_t> p = iotaDim(input->get());
  if (!p)
    return std::nullopt;
  // A unit dim broadcast (map result 0 for an iota of one element, B = 1):
  // that element's index.
  if (auto cst = dyn_cast<AffineConstantExpr>(map.getResult(*p)))
    return GatherIndex{std::nullopt, cst.getValue()};
  auto dim = dyn_cast<AffineDimExpr>(map.getResult(*p));
  if (!dim)
    return std::nullopt;
  // An iota is never negative: the wrap keeps it.
  return GatherIndex{dim.getPosition(), 0};
}

unsigned mlir::mod::simplifyIotaGathers(func::FuncOp func) {
  SmallVector<linalg::GenericOp> candidates;
  func.walk([&](linalg::GenericOp op) {
    if (op.hasPureTensorSemantics() && op->getNumResults() == 1 &&
        op.getNumDpsInits() == 1 &&
        op.getNumParallelLoops() == op.getNumLoops())
      candidates.push_back(op);
  });
  unsigned rewritten = 0;
  for (linalg::GenericOp op : candidates) {
    auto yield = cast<linalg::YieldOp>(op.getBlock()->getTerminator());
    auto extract = yield.getOperand(0).getDefiningOp<tensor::ExtractOp>();
    if (!extract || extract->getBlock() != op.getBlock() ||
        !extract.getTensor().getParentRegion()->isProperAncestor(
            &op.getRegion()))
      continue;
    auto srcType = dyn_cast<RankedTensorType>(extract.getTensor().getType());
    auto resultType = cast<RankedTensorType>(op->getResult(0).getType());
    if (!srcType || !srcType.hasStaticShape() ||
        !resultType.hasStaticShape() ||
        srcType.getRank() != resultType.getRank() ||
        !op.getMatchingIndexingMap(op.getDpsInitOperand(0)).isIdentity())
      continue;
    // Index k must be loop dim k (sliced from 0) or a constant (a slice of
    // one element, for a loop of size 1).
    SmallVector<int64_t> offsets;
    bool ok = true;
    for (auto [k, idx] : llvm::enumerate(extract.getIndices())) {
      std::optional<GatherIndex> g = gatherIndex(op, idx);
      int64_t size = resultType.getDimSize(k), bound = srcType.getDimSize(k);
      if (!g || (g->dim && (*g->dim != k || size > bound)) ||
          (!g->dim && (size != 1 || g->value < 0 || g->value >= bound))) {
        ok = false;
        break;
      }
      offsets.push_back(g->dim ? 0 : g->value);
    }
    if (!ok)
      continue;
    OpBuilder builder(op);
    SmallVector<int64_t> strides(offsets.size(), 1);
    Value slice = tensor::ExtractSliceOp::create(
        builder, op.getLoc(), resultType, extract.getTensor(),
        ValueRange{}, ValueRange{}, ValueRange{}, offsets,
        resultType.getShape(), strides);
    op->getResult(0).replaceAllUsesWith(slice);
    op->erase();
    ++rewritten;
  }
  return rewritten;
}

/// The reshapes (collapse_shape / expand_shape of static shapes) that make
/// `r` from the first non-reshape value before them, first op first.
static SmallVector<Operation *> reshapeChain(Value r) {
  SmallVector<Operation *> chain;
  while (Operation *def = r.getDefiningOp()) {
    if (!isa<tensor::CollapseShapeOp, tensor::ExpandShapeOp>(def) ||
        !cast<RankedTensorType>(def->getResult(0).getType()).hasStaticShape())
      break;
    chain.push_back(def);
    r = def->getOperand(0);
  }
  std::reverse(chain.begin(), chain.end());
  return chain;
}

/// `op` (a reshape) undone: its result reshaped back to its source type.
static Value undoReshape(OpBuilder &builder, Operation *op, Value result) {
  Location loc = op->getLoc();
  if (auto expand = dyn_cast<tensor::ExpandShapeOp>(op))
    return tensor::CollapseShapeOp::create(
        builder, loc, expand.getSrcType(), result,
        expand.getReassociationIndices());
  auto collapse = cast<tensor::CollapseShapeOp>(op);
  return tensor::ExpandShapeOp::create(builder, loc, collapse.getSrcType(),
                                       result,
                                       collapse.getReassociationIndices());
}

unsigned mlir::mod::readStreamThroughReshapes(func::FuncOp func) {
  SmallVector<Operation *> adds;
  func.walk([&](Operation *op) {
    Value a, b;
    if (matchTensorAdd(op, a, b) && a != b)
      adds.push_back(op);
  });
  unsigned rewritten = 0;
  for (Operation *add : adds) {
    Value a, b;
    matchTensorAdd(add, a, b);
    if (dependsOn(a, b) || dependsOn(b, a))
      continue;
    for (auto [r, branch] : {std::pair(a, b), std::pair(b, a)}) {
      SmallVector<Operation *> chain = reshapeChain(r);
      // The reshaped value the branch reads nearest to r: chain[i]'s source.
      std::optional<size_t> from;
      for (size_t i = chain.size(); i-- > 0;)
        if (dependsOn(branch, chain[i]->getOperand(0))) {
          from = i;
          break;
        }
      if (!from)
        continue;
      Value u = chain[*from]->getOperand(0);
      ArrayRef<Operation *> reshapes = ArrayRef(chain).drop_front(*from);
      // The reshapes right after u, so that u reshaped back from r
      // dominates every use of u.
      Operation *after = u.getDefiningOp();
      for (Operation *op : reshapes) {
        if (after)
          op->moveAfter(after);
        else
          op->moveBefore(&u.getParentBlock()->front());
        after = op;
      }
      OpBuilder builder(add->getContext());
      builder.setInsertionPointAfter(after);
      Value back = r;
      for (Operation *op : llvm::reverse(reshapes))
        back = undoReshape(builder, op, back);
      Operation *first = reshapes.front();
      u.replaceUsesWithIf(back, [&](OpOperand &use) {
        return use.getOwner() != first;
      });
      ++rewritten;
      break;
    }
  }
  return rewritten;
}
