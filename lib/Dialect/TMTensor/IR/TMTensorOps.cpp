//===- TMTensorOps.cpp - tm_tensor operations: verifiers, effects ---------===//
//
// The invariants of the tm_tensor ops (see TMTensorOps.td for the
// semantics). Every verifier states what is wrong in terms of the op's
// operands so that a malformed import points at the operand to fix.
//
//===----------------------------------------------------------------------===//

#include "mod/Dialect/TMTensor/IR/TMTensorOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpImplementation.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallSet.h"

using namespace mlir;
using namespace mlir::mod::tm_tensor;

//===----------------------------------------------------------------------===//
// Shared helpers
//===----------------------------------------------------------------------===//

/// Two extents agree unless both are static and differ.
static bool compatibleExtent(int64_t a, int64_t b) {
  return ShapedType::isDynamic(a) || ShapedType::isDynamic(b) || a == b;
}

static ShapedType shapedOf(Value v) { return cast<ShapedType>(v.getType()); }

/// The tensor form has one result per `outs` operand, of the same type, and
/// only ranked tensor operands; the buffer form has no results and only
/// memref operands.
static LogicalResult verifyOperandForm(Operation *op, ValueRange inputs,
                                       ValueRange outputs) {
  if (op->getNumResults() > 0) {
    for (Value v : llvm::concat<const Value>(inputs, outputs))
      if (!isa<RankedTensorType>(v.getType()))
        return op->emitOpError("with results expects every operand to be a "
                               "ranked tensor, got ")
               << v.getType();
    if (op->getNumResults() != outputs.size())
      return op->emitOpError("expects one result per `outs` operand, got ")
             << op->getNumResults() << " result(s) for " << outputs.size()
             << " `outs` operand(s)";
    for (auto [i, out] : llvm::enumerate(outputs))
      if (out.getType() != op->getResult(i).getType())
        return op->emitOpError("result #")
               << i << " has type " << op->getResult(i).getType()
               << " but its `outs` operand has type " << out.getType();
    return success();
  }
  for (Value v : llvm::concat<const Value>(inputs, outputs))
    if (!isa<MemRefType>(v.getType()))
      return op->emitOpError("without results (buffer form) expects every "
                             "operand to be a memref, got ")
             << v.getType();
  return success();
}

/// The region's block takes `argTypes` and yields exactly one `yieldType`.
static LogicalResult verifyRegionSignature(Operation *op, Region &region,
                                           ArrayRef<Type> argTypes,
                                           Type yieldType,
                                           StringRef argsMeaning) {
  Block &block = region.front();
  if (block.getNumArguments() != argTypes.size())
    return op->emitOpError("region must take ")
           << argTypes.size() << " arguments (" << argsMeaning << "), got "
           << block.getNumArguments();
  for (auto [i, expected] : llvm::enumerate(argTypes))
    if (block.getArgument(i).getType() != expected)
      return op->emitOpError("region argument #")
             << i << " must be " << expected << " (" << argsMeaning
             << "), got " << block.getArgument(i).getType();
  // The implicit-terminator trait checks the terminator only after this
  // verifier runs: look at the last op without assuming it is one.
  auto yield = dyn_cast<YieldOp>(&block.back());
  if (!yield)
    return op->emitOpError("region must end with tm_tensor.yield");
  if (yield.getNumOperands() != 1 ||
      yield.getOperand(0).getType() != yieldType)
    return yield.emitOpError("must yield exactly one ")
           << yieldType << " in '" << op->getName() << "'";
  return success();
}

static LogicalResult verifyDimension(Operation *op, int64_t dim,
                                     int64_t rank) {
  if (dim < 0 || dim >= rank)
    return op->emitOpError("dimension ")
           << dim << " is out of range for rank " << rank;
  return success();
}

/// Memory effects of the buffer form: `ins` memrefs are read, `outs`
/// memrefs read and written. The tensor form has none (it is pure).
static void addBufferEffects(
    Operation *op, ValueRange inputs, ValueRange outputs,
    SmallVectorImpl<SideEffects::EffectInstance<MemoryEffects::Effect>>
        &effects) {
  unsigned numInputs = inputs.size();
  for (OpOperand &operand : op->getOpOperands()) {
    if (!isa<MemRefType>(operand.get().getType()))
      continue;
    bool isOutput = operand.getOperandNumber() >= numInputs &&
                    operand.getOperandNumber() < numInputs + outputs.size();
    effects.emplace_back(MemoryEffects::Read::get(), &operand,
                         SideEffects::DefaultResource::get());
    if (isOutput)
      effects.emplace_back(MemoryEffects::Write::get(), &operand,
                           SideEffects::DefaultResource::get());
  }
}

#define TMTENSOR_DEFINE_COMMON(OP)                                             \
  void OP::getEffects(                                                         \
      SmallVectorImpl<SideEffects::EffectInstance<MemoryEffects::Effect>>      \
          &effects) {                                                          \
    addBufferEffects(getOperation(), getInputs(), getOutputs(), effects);      \
  }                                                                            \
  bool OP::hasTensorOperands() {                                               \
    return getNumResults() == getOutputs().size() &&                           \
           llvm::all_of(getOperation()->getOperandTypes(),                     \
                        [](Type t) { return isa<RankedTensorType>(t); });      \
  }

TMTENSOR_DEFINE_COMMON(ScanOp)
TMTENSOR_DEFINE_COMMON(ScatterOp)
TMTENSOR_DEFINE_COMMON(SortOp)
TMTENSOR_DEFINE_COMMON(TopkOp)
TMTENSOR_DEFINE_COMMON(AttentionOp)
#undef TMTENSOR_DEFINE_COMMON

//===----------------------------------------------------------------------===//
// ScanOp
//===----------------------------------------------------------------------===//

LogicalResult ScanOp::verify() {
  if (getInputs().size() != 1)
    return emitOpError("expects one `ins` operand (the input), got ")
           << getInputs().size();
  if (getOutputs().size() != 2)
    return emitOpError("expects two `outs` operands (output, accumulator), "
                       "got ")
           << getOutputs().size();
  if (failed(verifyOperandForm(*this, getInputs(), getOutputs())))
    return failure();

  ShapedType in = shapedOf(getInput());
  ShapedType out = shapedOf(getOutput());
  ShapedType acc = shapedOf(getAccumulator());
  int64_t rank = in.getRank();
  if (failed(verifyDimension(*this, getDimension(), rank)))
    return failure();
  if (out.getElementType() != in.getElementType() ||
      acc.getElementType() != in.getElementType())
    return emitOpError("expects input, output and accumulator of one element "
                       "type, got ")
           << in.getElementType() << ", " << out.getElementType() << " and "
           << acc.getElementType();
  if (out.getRank() != rank)
    return emitOpError("expects the output to have the input's rank ")
           << rank << ", got " << out.getRank();
  for (int64_t d = 0; d < rank; ++d)
    if (!compatibleExtent(in.getDimSize(d), out.getDimSize(d)))
      return emitOpError("output dimension #")
             << d << " (" << out.getDimSize(d)
             << ") does not match the input's (" << in.getDimSize(d) << ")";
  if (acc.getRank() != rank - 1)
    return emitOpError("expects the accumulator to have rank ")
           << rank - 1 << " (the input's without dimension "
           << getDimension() << "), got " << acc.getRank();
  for (int64_t d = 0, a = 0; d < rank; ++d) {
    if (d == static_cast<int64_t>(getDimension()))
      continue;
    if (!compatibleExtent(in.getDimSize(d), acc.getDimSize(a)))
      return emitOpError("accumulator dimension #")
             << a << " (" << acc.getDimSize(a)
             << ") does not match input dimension #" << d << " ("
             << in.getDimSize(d) << ")";
    ++a;
  }
  Type t = in.getElementType();
  return verifyRegionSignature(*this, getRegion(), {t, t}, t,
                               "running value, input element");
}

//===----------------------------------------------------------------------===//
// ScatterOp
//===----------------------------------------------------------------------===//

LogicalResult ScatterOp::verify() {
  if (getInputs().size() != 2)
    return emitOpError("expects two `ins` operands (updates, indices), got ")
           << getInputs().size();
  if (getOutputs().size() != 1)
    return emitOpError("expects one `outs` operand (the original), got ")
           << getOutputs().size();
  if (failed(verifyOperandForm(*this, getInputs(), getOutputs())))
    return failure();

  ShapedType updates = shapedOf(getUpdates());
  ShapedType indices = shapedOf(getIndices());
  ShapedType original = shapedOf(getOriginal());
  if (indices.getRank() != 2 || !isa<IntegerType>(indices.getElementType()))
    return emitOpError("expects indices of rank 2 with an integer element "
                       "type ([number of updates, index depth]), got ")
           << getIndices().getType();
  int64_t depth = indices.getDimSize(1);
  if (ShapedType::isDynamic(depth))
    return emitOpError("expects a static index depth (indices dimension #1)");
  ArrayRef<int64_t> dimMap = getDimensionMap();
  int64_t rank = original.getRank();
  if (static_cast<int64_t>(dimMap.size()) != depth)
    return emitOpError("dimension_map has ")
           << dimMap.size() << " entries but the index depth is " << depth;
  llvm::SmallSet<int64_t, 4> mapped;
  for (int64_t d : dimMap) {
    if (d < 0 || d >= rank)
      return emitOpError("dimension_map entry ")
             << d << " is out of range for the original's rank " << rank;
    if (!mapped.insert(d).second)
      return emitOpError("dimension_map names dimension ") << d << " twice";
  }
  if (updates.getRank() < 1)
    return emitOpError("expects updates of rank >= 1 ([number of updates, "
                       "slice...])");
  if (!compatibleExtent(updates.getDimSize(0), indices.getDimSize(0)))
    return emitOpError("has ")
           << updates.getDimSize(0) << " updates but " << indices.getDimSize(0)
           << " index rows";
  int64_t sliceRank = updates.getRank() - 1;
  if (sliceRank > rank)
    return emitOpError("update slices of rank ")
           << sliceRank << " exceed the original's rank " << rank;
  int64_t firstSliceDim = rank - sliceRank;
  for (int64_t d = 0; d < firstSliceDim; ++d)
    if (!mapped.contains(d))
      return emitOpError("original dimension #")
             << d << " is neither indexed (dimension_map) nor covered by the "
             << "update slice (its last " << sliceRank << " dims)";
  for (int64_t t = 0; t < sliceRank; ++t) {
    int64_t u = updates.getDimSize(1 + t);
    int64_t o = original.getDimSize(firstSliceDim + t);
    if (!ShapedType::isDynamic(u) && !ShapedType::isDynamic(o) && u > o)
      return emitOpError("update dimension #")
             << 1 + t << " (" << u << ") exceeds original dimension #"
             << firstSliceDim + t << " (" << o << ")";
  }
  Type t = original.getElementType();
  if (updates.getElementType() != t)
    return emitOpError("expects updates and original of one element type, "
                       "got ")
           << updates.getElementType() << " and " << t;
  return verifyRegionSignature(*this, getRegion(), {t, t}, t,
                               "update element, original element");
}

//===----------------------------------------------------------------------===//
// SortOp
//===----------------------------------------------------------------------===//

LogicalResult SortOp::verify() {
  if (!getInputs().empty())
    return emitOpError("takes no `ins` operands (it sorts its `outs`), got ")
           << getInputs().size();
  if (getOutputs().empty())
    return emitOpError("expects at least one `outs` operand");
  if (failed(verifyOperandForm(*this, getInputs(), getOutputs())))
    return failure();
  ShapedType first = shapedOf(getOutputs()[0]);
  if (failed(verifyDimension(*this, getDimension(), first.getRank())))
    return failure();
  SmallVector<Type> argTypes;
  for (auto [i, v] : llvm::enumerate(getOutputs())) {
    ShapedType t = shapedOf(v);
    if (t.getShape() != first.getShape())
      return emitOpError("`outs` operand #")
             << i << " has shape " << v.getType()
             << ", expected the shape of operand #0 " << first;
    argTypes.push_back(t.getElementType());
    argTypes.push_back(t.getElementType());
  }
  return verifyRegionSignature(*this, getRegion(), argTypes,
                               IntegerType::get(getContext(), 1),
                               "left and right element of every operand");
}

//===----------------------------------------------------------------------===//
// TopkOp
//===----------------------------------------------------------------------===//

LogicalResult TopkOp::verify() {
  if (getInputs().size() != 1 && getInputs().size() != 2)
    return emitOpError("expects one or two `ins` operands (values[, "
                       "indices]), got ")
           << getInputs().size();
  if (getOutputs().size() != 2)
    return emitOpError("expects two `outs` operands (values, indices), got ")
           << getOutputs().size();
  if (failed(verifyOperandForm(*this, getInputs(), getOutputs())))
    return failure();
  ShapedType in = shapedOf(getInputs()[0]);
  ShapedType outValues = shapedOf(getOutputs()[0]);
  ShapedType outIndices = shapedOf(getOutputs()[1]);
  int64_t rank = in.getRank();
  int64_t dim = getDimension();
  if (failed(verifyDimension(*this, dim, rank)))
    return failure();
  if (outValues.getElementType() != in.getElementType())
    return emitOpError("expects output values of the input's element type ")
           << in.getElementType() << ", got " << outValues.getElementType();
  if (!outIndices.getElementType().isInteger(32))
    return emitOpError("expects i32 output indices, got ")
           << outIndices.getElementType();
  if (outValues.getRank() != rank || outIndices.getRank() != rank)
    return emitOpError("expects outputs of the input's rank ") << rank;
  for (int64_t d = 0; d < rank; ++d) {
    if (!compatibleExtent(outValues.getDimSize(d), outIndices.getDimSize(d)))
      return emitOpError("output values and indices differ in dimension #")
             << d;
    if (d != dim && !compatibleExtent(in.getDimSize(d), outValues.getDimSize(d)))
      return emitOpError("output dimension #")
             << d << " (" << outValues.getDimSize(d)
             << ") does not match the input's (" << in.getDimSize(d) << ")";
  }
  if (getInputs().size() == 2) {
    ShapedType inIndices = shapedOf(getInputs()[1]);
    if (!inIndices.getElementType().isInteger(32))
      return emitOpError("expects i32 input indices, got ")
             << inIndices.getElementType();
    if (inIndices.getRank() != rank ||
        !llvm::all_of(llvm::seq<int64_t>(0, rank), [&](int64_t d) {
          return compatibleExtent(inIndices.getDimSize(d), in.getDimSize(d));
        }))
      return emitOpError("expects input indices of the input values' shape");
  }
  Type t = in.getElementType();
  return verifyRegionSignature(*this, getRegion(), {t, t},
                               IntegerType::get(getContext(), 1),
                               "new element, kept element");
}

//===----------------------------------------------------------------------===//
// AttentionOp
//===----------------------------------------------------------------------===//

LogicalResult AttentionOp::verify() {
  if (getInputs().size() != 3 && getInputs().size() != 4)
    return emitOpError("expects three or four `ins` operands (query, key, "
                       "value[, mask]), got ")
           << getInputs().size();
  if (getOutputs().size() != 1)
    return emitOpError("expects one `outs` operand, got ")
           << getOutputs().size();
  if (failed(verifyOperandForm(*this, getInputs(), getOutputs())))
    return failure();
  ShapedType q = shapedOf(getInputs()[0]);
  ShapedType k = shapedOf(getInputs()[1]);
  ShapedType v = shapedOf(getInputs()[2]);
  ShapedType out = shapedOf(getOutputs()[0]);
  ShapedType mask =
      getInputs().size() == 4 ? shapedOf(getInputs()[3]) : ShapedType();
  int64_t rank = q.getRank();
  if (rank < 2)
    return emitOpError("expects a query of rank >= 2 ([..., M, E]), got rank ")
           << rank;
  if (k.getRank() != rank || v.getRank() != rank || out.getRank() != rank ||
      (mask && mask.getRank() != rank))
    return emitOpError("expects query, key, value, mask and output of one "
                       "rank ")
           << rank;
  Type t = q.getElementType();
  if (!isa<FloatType>(t))
    return emitOpError("expects a floating-point query, got ") << t;
  if (k.getElementType() != t || v.getElementType() != t ||
      out.getElementType() != t)
    return emitOpError("expects query, key, value and output of one element "
                       "type ")
           << t;
  if (mask && mask.getElementType() != t &&
      !mask.getElementType().isInteger(1))
    return emitOpError("expects a mask of element type i1 or ")
           << t << ", got " << mask.getElementType();
  for (int64_t d = 0; d + 2 < rank; ++d) {
    for (auto [name, other] :
         {std::pair<StringRef, ShapedType>{"key", k}, {"value", v},
          {"output", out}, {"mask", mask}}) {
      if (other && !compatibleExtent(q.getDimSize(d), other.getDimSize(d)))
        return emitOpError("query and ")
               << name << " differ in batch dimension #" << d;
    }
  }
  auto dimOf = [](ShapedType t, int64_t fromEnd) {
    return t.getDimSize(t.getRank() - fromEnd);
  };
  if (!compatibleExtent(dimOf(q, 1), dimOf(k, 1)))
    return emitOpError("query and key head dimensions differ (")
           << dimOf(q, 1) << " vs " << dimOf(k, 1) << ")";
  if (!compatibleExtent(dimOf(k, 2), dimOf(v, 2)))
    return emitOpError("key and value sequence lengths differ (")
           << dimOf(k, 2) << " vs " << dimOf(v, 2) << ")";
  if (!compatibleExtent(dimOf(out, 2), dimOf(q, 2)) ||
      !compatibleExtent(dimOf(out, 1), dimOf(v, 1)))
    return emitOpError("expects an output of shape [..., query length, value "
                       "head dimension]");
  if (mask && (!compatibleExtent(dimOf(mask, 2), dimOf(q, 2)) ||
               !compatibleExtent(dimOf(mask, 1), dimOf(k, 2))))
    return emitOpError("expects a mask of shape [..., query length, key "
                       "length]");
  return success();
}

#define GET_OP_CLASSES
#include "mod/Dialect/TMTensor/IR/TMTensorOps.cpp.inc"
