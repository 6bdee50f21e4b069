//===- ModOps.cpp - Mixture-of-Depths operations --------------------------===//
//
// Verifiers state the invariants of docs/Semantics.md section 1; every message
// names what is wrong and what was found, so a user can fix the IR.
// (Diagnostics quote types themselves: 'tensor<2x4xf32>'.)
//
//===----------------------------------------------------------------------===//

#include "mod/Dialect/Mod/IR/ModOps.h"

#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/OpImplementation.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringSwitch.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>

using namespace mlir;
using namespace mlir::mod;

//===----------------------------------------------------------------------===//
// Helpers
//===----------------------------------------------------------------------===//

int64_t mlir::mod::computeCapacityK(double capacity, int64_t seqLen) {
  if (seqLen <= 0)
    return 1;
  if (!(capacity > 0.0)) // also catches NaN
    return 1;
  double k = std::ceil(capacity * static_cast<double>(seqLen) - 1e-9);
  if (!(k >= 1.0))
    return 1;
  if (k >= static_cast<double>(seqLen))
    return seqLen;
  return static_cast<int64_t>(k);
}

bool mlir::mod::isKnownGateKind(StringRef gate) {
  return symbolizeGateKind(gate).has_value();
}

/// Two dimensions agree when equal or when either is dynamic.
static bool dimsAgree(int64_t a, int64_t b) {
  return ShapedType::isDynamic(a) || ShapedType::isDynamic(b) || a == b;
}

/// Formats a double as the shortest decimal that reads back to the same value
/// ("0.25", "1.5", "nan"), for messages and the capacity attribute.
static std::string formatShortest(double v) {
  char buf[64];
  for (int prec = 1; prec <= 17; ++prec) {
    std::snprintf(buf, sizeof(buf), "%.*g", prec, v);
    if (std::strtod(buf, nullptr) == v)
      break;
  }
  return buf;
}

/// Like formatShortest, but always a float literal MLIR's lexer accepts (it
/// needs a '.': "1.0", "1.0e-05").
static std::string formatFloatLiteral(double v) {
  std::string s = formatShortest(v);
  if (s.find_first_of(".") == std::string::npos) {
    size_t e = s.find_first_of("eE");
    if (e == std::string::npos)
      s += ".0";
    else
      s.insert(e, ".0");
  }
  return s;
}

/// Checks that `indices` is a `[B, k]` tensor of i64 whose batch dimension
/// agrees with `batch`. `what` names the operand in messages.
static LogicalResult verifyIndexTensor(Operation *op, RankedTensorType indices,
                                       int64_t batch, StringRef what) {
  if (indices.getRank() != 2 || !indices.getElementType().isInteger(64))
    return op->emitOpError() << what << " must be a rank-2 tensor [B, k] of i64, got "
                             << indices;
  if (!dimsAgree(indices.getDimSize(0), batch))
    return op->emitOpError() << what << " batch dimension (" << indices.getDimSize(0)
                             << ") does not match the batch dimension B = " << batch;
  return success();
}

//===----------------------------------------------------------------------===//
// RoutedBlockOp
//===----------------------------------------------------------------------===//

void RoutedBlockOp::build(OpBuilder &builder, OperationState &state,
                          Value input, Value routerWeight, Value routerBias,
                          double capacity, StringRef gate) {
  state.addOperands({input, routerWeight});
  if (routerBias)
    state.addOperands(routerBias);
  state.getOrAddProperties<Properties>().capacity =
      builder.getF64FloatAttr(capacity);
  if (!gate.empty())
    if (std::optional<GateKind> kind = symbolizeGateKind(gate))
      state.getOrAddProperties<Properties>().gate =
          GateKindAttr::get(builder.getContext(), *kind);
  state.addTypes(input.getType());

  auto inputType = cast<RankedTensorType>(input.getType());
  int64_t k = computeCapacityK(capacity, inputType.getDimSize(1));
  auto xsType = RankedTensorType::get(
      {inputType.getDimSize(0), k, inputType.getDimSize(2)},
      inputType.getElementType());
  auto posType = RankedTensorType::get({inputType.getDimSize(0), k},
                                       builder.getI64Type());
  Region *body = state.addRegion();
  Block *block = new Block();
  body->push_back(block);
  block->addArgument(xsType, state.location);
  block->addArgument(posType, state.location);
  state.addRegion(); // no predictor
}

int64_t RoutedBlockOp::getK() {
  auto inputType = cast<RankedTensorType>(getInput().getType());
  if (inputType.getRank() < 2 || inputType.isDynamicDim(1))
    return ShapedType::kDynamic;
  return computeCapacityK(getCapacity().convertToDouble(),
                          inputType.getDimSize(1));
}

GateKind RoutedBlockOp::getGateKind() {
  if (auto gate = getGateAttr())
    return gate.getValue();
  return GateKind::raw;
}

RankedTensorType RoutedBlockOp::getSelectedTokensType() {
  auto inputType = cast<RankedTensorType>(getInput().getType());
  return RankedTensorType::get(
      {inputType.getDimSize(0), getK(), inputType.getDimSize(2)},
      inputType.getElementType());
}

RankedTensorType RoutedBlockOp::getPositionsType() {
  auto inputType = cast<RankedTensorType>(getInput().getType());
  return RankedTensorType::get({inputType.getDimSize(0), getK()},
                               IntegerType::get(getContext(), 64));
}

void RoutedBlockOp::getAsmBlockArgumentNames(Region &region,
                                             OpAsmSetValueNameFn setNameFn) {
  if (&region == &getPredictor()) {
    if (!region.empty() && region.front().getNumArguments() == 1)
      setNameFn(region.front().getArgument(0), "tokens");
    return;
  }
  if (region.empty() || region.front().getNumArguments() != 2)
    return;
  setNameFn(region.front().getArgument(0), "xs");
  setNameFn(region.front().getArgument(1), "pos");
}

LogicalResult RoutedBlockOp::verify() {
  auto inputType = cast<RankedTensorType>(getInput().getType());
  if (inputType.getRank() != 3)
    return emitOpError("input must be a rank-3 tensor [B, S, D], got ")
           << inputType;
  Type elementType = inputType.getElementType();
  if (!isa<FloatType>(elementType))
    return emitOpError("input element type must be a float type, got ")
           << elementType;
  if (inputType.isDynamicDim(1))
    return emitOpError("the sequence length (dim 1 of the input) must be "
                       "static: k is fixed at compile time, got ")
           << inputType;

  auto weightType = cast<RankedTensorType>(getRouterWeight().getType());
  if (weightType.getRank() != 1 || weightType.getElementType() != elementType ||
      !dimsAgree(weightType.getDimSize(0), inputType.getDimSize(2)))
    return emitOpError("router_weight must be a rank-1 tensor of D = ")
           << inputType.getDimSize(2) << " elements of " << elementType
           << " (one weight per feature), got " << weightType;

  if (Value bias = getRouterBias()) {
    auto biasType = cast<RankedTensorType>(bias.getType());
    if (biasType.getRank() != 0 || biasType.getElementType() != elementType)
      return emitOpError("router_bias must be a scalar ")
             << RankedTensorType::get({}, elementType) << ", got "
             << biasType;
  }

  double capacity = getCapacity().convertToDouble();
  if (!(capacity > 0.0 && capacity <= 1.0))
    return emitOpError("capacity must be in (0, 1], got ")
           << formatShortest(capacity);

  if (auto threshold = getThresholdAttr())
    if (!std::isfinite(threshold.getValueAsDouble()))
      return emitOpError("threshold must be a finite number (causal routing: "
                         "a token is routed iff its logit is greater), got ")
             << formatShortest(threshold.getValueAsDouble());

  if (getResult().getType() != inputType)
    return emitOpError("result type must equal the input type ")
           << inputType << ", got " << getResult().getType();
  return success();
}

LogicalResult RoutedBlockOp::verifyRegions() {
  Block &block = getBody().front();
  RankedTensorType xsType = getSelectedTokensType();
  RankedTensorType posType = getPositionsType();
  auto describeK = [&](InFlightDiagnostic &diag) {
    diag << " (k = " << getK() << " of S = "
         << cast<RankedTensorType>(getInput().getType()).getDimSize(1)
         << " tokens at capacity "
         << formatShortest(getCapacity().convertToDouble()) << ")";
  };

  if (block.getNumArguments() != 2) {
    InFlightDiagnostic diag =
        emitOpError("body must have 2 arguments (%xs: ")
        << xsType << ", %pos: " << posType << "), got "
        << block.getNumArguments();
    return diag;
  }
  if (block.getArgument(0).getType() != xsType) {
    InFlightDiagnostic diag = emitOpError("body argument #0 (%xs) must be ")
                              << xsType;
    describeK(diag);
    diag << ", got " << block.getArgument(0).getType();
    return diag;
  }
  if (block.getArgument(1).getType() != posType) {
    InFlightDiagnostic diag = emitOpError("body argument #1 (%pos) must be ")
                              << posType;
    describeK(diag);
    diag << ", got " << block.getArgument(1).getType();
    return diag;
  }

  auto yield = block.empty() ? YieldOp() : dyn_cast<YieldOp>(block.back());
  if (!yield)
    return emitOpError("body must end with mod.yield");
  if (yield.getValues().size() != 1 ||
      yield.getValues().front().getType() != xsType) {
    InFlightDiagnostic diag =
        emitOpError("body must yield exactly one value of type ")
        << xsType << " (the update of the selected tokens), got ";
    if (yield.getValues().empty())
      diag << "none";
    llvm::interleaveComma(yield.getValues().getTypes(), diag,
                          [&](Type t) { diag << t; });
    return diag;
  }
  return verifyPredictor();
}

LogicalResult RoutedBlockOp::verifyPredictor() {
  if (!hasPredictor())
    return success();
  if (!getThresholdAttr())
    return emitOpError("a predictor region decides causal routing: it needs "
                       "a threshold attribute (a token is routed iff its "
                       "predicted logit is greater)");
  auto inputType = cast<RankedTensorType>(getInput().getType());
  Block &block = getPredictor().front();
  if (block.getNumArguments() != 1 ||
      block.getArgument(0).getType() != inputType)
    return emitOpError("predictor must have one argument (%tokens: ")
           << inputType << ", the block input)";
  auto expected = RankedTensorType::get(
      {inputType.getDimSize(0), inputType.getDimSize(1)},
      inputType.getElementType());
  auto yield = block.empty() ? YieldOp() : dyn_cast<YieldOp>(block.back());
  if (!yield || yield.getValues().size() != 1 ||
      yield.getValues().front().getType() != expected)
    return emitOpError("predictor must yield one value of type ")
           << expected << " (a decision logit per token)";
  return success();
}

ParseResult RoutedBlockOp::parse(OpAsmParser &parser, OperationState &result) {
  SmallVector<OpAsmParser::UnresolvedOperand, 3> operands;
  SMLoc operandsLoc = parser.getCurrentLocation();
  if (parser.parseOperandList(operands, OpAsmParser::Delimiter::Paren))
    return failure();
  SMLoc attrLoc = parser.getCurrentLocation();
  if (parser.parseOptionalAttrDict(result.attributes))
    return failure();
  // The contract's form of the gate is a string (`gate = "sigmoid"`); it is
  // stored as a GateKind attribute.
  if (auto gate = dyn_cast_or_null<StringAttr>(result.attributes.get("gate"))) {
    std::optional<GateKind> kind = symbolizeGateKind(gate.getValue());
    if (!kind)
      return parser.emitError(attrLoc)
             << "gate must be \"raw\", \"sigmoid\" or \"none\", got \""
             << gate.getValue() << "\"";
    result.attributes.set("gate",
                          GateKindAttr::get(parser.getContext(), *kind));
  }
  if (operands.size() != 2 && operands.size() != 3)
    return parser.emitError(operandsLoc)
           << "'mod.routed_block' expects 2 or 3 operands (input, "
              "router_weight[, router_bias]), got "
           << operands.size();

  SMLoc typeLoc = parser.getCurrentLocation();
  FunctionType fnType;
  if (parser.parseColonType(fnType))
    return failure();
  if (fnType.getNumInputs() != operands.size() || fnType.getNumResults() != 1)
    return parser.emitError(typeLoc)
           << "'mod.routed_block' expects a type (" << operands.size()
           << " operand types) -> (1 result type), got " << fnType;
  if (parser.resolveOperands(operands, fnType.getInputs(), operandsLoc,
                             result.operands))
    return failure();
  result.addTypes(fnType.getResults());

  Region *body = result.addRegion();
  if (parser.parseRegion(*body, /*arguments=*/{}, /*enableNameShadowing=*/false))
    return failure();
  Region *predictor = result.addRegion();
  if (succeeded(parser.parseOptionalKeyword("predictor")) &&
      parser.parseRegion(*predictor, /*arguments=*/{},
                         /*enableNameShadowing=*/false))
    return failure();
  return success();
}

void RoutedBlockOp::print(OpAsmPrinter &p) {
  p << "(" << getOperands() << ")";
  // The attribute dictionary is printed by hand so that the capacity reads
  // the way people write it (`0.25 : f64`, not `2.500000e-01 : f64`).
  double capacity = getCapacity().convertToDouble();
  p << " {";
  if (std::isfinite(capacity))
    p << "capacity = " << formatFloatLiteral(capacity) << " : f64";
  else
    p.printNamedAttribute(
        NamedAttribute(getCapacityAttrName(), getCapacityAttr()));
  if (auto gate = getGateAttr())
    p << ", gate = \"" << stringifyGateKind(gate.getValue()) << "\"";
  if (auto threshold = getThresholdAttr()) {
    double t = threshold.getValueAsDouble();
    p << ", threshold = ";
    if (std::isfinite(t))
      p << formatFloatLiteral(t) << " : f64";
    else
      p.printAttribute(threshold);
  }
  for (NamedAttribute attr : (*this)->getDiscardableAttrs()) {
    p << ", ";
    p.printNamedAttribute(attr);
  }
  p << "} : ";
  p.printFunctionalType(getOperation());
  p << " ";
  p.printRegion(getBody(), /*printEntryBlockArgs=*/true,
                /*printBlockTerminators=*/true);
  if (hasPredictor()) {
    p << " predictor ";
    p.printRegion(getPredictor(), /*printEntryBlockArgs=*/true,
                  /*printBlockTerminators=*/true);
  }
}

//===----------------------------------------------------------------------===//
// RouterOp
//===----------------------------------------------------------------------===//

void RouterOp::build(OpBuilder &builder, OperationState &state, Value input,
                     Value weight, Value bias) {
  auto inputType = cast<RankedTensorType>(input.getType());
  auto resultType = RankedTensorType::get(
      {inputType.getDimSize(0), inputType.getDimSize(1)},
      inputType.getElementType());
  build(builder, state, resultType, input, weight, bias);
}

LogicalResult RouterOp::verify() {
  auto inputType = cast<RankedTensorType>(getInput().getType());
  if (inputType.getRank() != 3 || !isa<FloatType>(inputType.getElementType()))
    return emitOpError("input must be a rank-3 tensor [B, S, D] of floats, got ")
           << inputType;
  Type elementType = inputType.getElementType();
  auto weightType = cast<RankedTensorType>(getWeight().getType());
  if (weightType.getRank() != 1 || weightType.getElementType() != elementType ||
      !dimsAgree(weightType.getDimSize(0), inputType.getDimSize(2)))
    return emitOpError("weight must be a rank-1 tensor of D = ")
           << inputType.getDimSize(2) << " elements of " << elementType
           << ", got " << weightType;
  if (Value bias = getBias()) {
    auto biasType = cast<RankedTensorType>(bias.getType());
    if (biasType.getRank() != 0 || biasType.getElementType() != elementType)
      return emitOpError("bias must be a scalar ")
             << RankedTensorType::get({}, elementType) << ", got "
             << biasType;
  }
  auto resultType = cast<RankedTensorType>(getResult().getType());
  if (resultType.getRank() != 2 || resultType.getElementType() != elementType ||
      !dimsAgree(resultType.getDimSize(0), inputType.getDimSize(0)) ||
      !dimsAgree(resultType.getDimSize(1), inputType.getDimSize(1)))
    return emitOpError("result must be the logits tensor [B, S] = ")
           << RankedTensorType::get(
                  {inputType.getDimSize(0), inputType.getDimSize(1)},
                  elementType)
           << ", got " << resultType;
  return success();
}

//===----------------------------------------------------------------------===//
// TopKOp
//===----------------------------------------------------------------------===//

void TopKOp::build(OpBuilder &builder, OperationState &state, Value scores,
                   int64_t k) {
  auto scoresType = cast<RankedTensorType>(scores.getType());
  SmallVector<int64_t> shape(scoresType.getShape());
  shape.back() = k;
  Value values = tensor::EmptyOp::create(builder, state.location, shape,
                                         scoresType.getElementType());
  Value indices = tensor::EmptyOp::create(builder, state.location, shape,
                                          builder.getI64Type());
  build(builder, state, values.getType(), indices.getType(), scores, values,
        indices, builder.getI64IntegerAttr(k));
}

LogicalResult TopKOp::verify() {
  auto scoresType = cast<RankedTensorType>(getScores().getType());
  if (scoresType.getRank() < 1)
    return emitOpError("scores must be a tensor of floats of rank >= 1, got ")
           << scoresType;
  int64_t k = getK();
  int64_t seqLen = scoresType.getShape().back();
  if (!ShapedType::isDynamic(seqLen) && k > seqLen)
    return emitOpError("k = ") << k << " exceeds the " << seqLen
                               << " elements of the last axis of the scores";

  SmallVector<int64_t> shape(scoresType.getShape());
  shape.back() = k;
  auto expectedValues = RankedTensorType::get(shape, scoresType.getElementType());
  auto expectedIndices =
      RankedTensorType::get(shape, IntegerType::get(getContext(), 64));
  if (getValues().getType() != expectedValues)
    return emitOpError("values must be ") << expectedValues
                                          << " (k = " << k << "), got "
                                          << getValues().getType();
  if (getIndices().getType() != expectedIndices)
    return emitOpError("indices must be ") << expectedIndices
                                           << " (k = " << k << "), got "
                                           << getIndices().getType();
  return success();
}

//===----------------------------------------------------------------------===//
// CausalSelectOp
//===----------------------------------------------------------------------===//

void CausalSelectOp::build(OpBuilder &builder, OperationState &state,
                           Value logits, double threshold, int64_t kMax) {
  auto logitsType = cast<RankedTensorType>(logits.getType());
  SmallVector<int64_t> shape(logitsType.getShape());
  shape.back() = kMax;
  Type i64 = builder.getI64Type();
  Value indices = tensor::EmptyOp::create(builder, state.location, shape, i64);
  Value count = tensor::EmptyOp::create(
      builder, state.location, logitsType.getShape().drop_back(), i64);
  build(builder, state, indices.getType(), count.getType(), logits, indices,
        count, builder.getF64FloatAttr(threshold),
        builder.getI64IntegerAttr(kMax));
}

LogicalResult CausalSelectOp::verify() {
  auto logitsType = cast<RankedTensorType>(getLogits().getType());
  double threshold = getThreshold().convertToDouble();
  if (!std::isfinite(threshold))
    return emitOpError("threshold must be a finite number (a token is routed "
                       "iff its logit is greater), got ")
           << formatShortest(threshold);
  int64_t kMax = getKMax();
  int64_t seqLen = logitsType.getShape().back();
  if (!ShapedType::isDynamic(seqLen) && kMax > seqLen)
    return emitOpError("k_max = ") << kMax << " exceeds the " << seqLen
                                   << " positions of the last axis";
  Type i64 = IntegerType::get(getContext(), 64);
  SmallVector<int64_t> shape(logitsType.getShape());
  shape.back() = kMax;
  auto expectedIndices = RankedTensorType::get(shape, i64);
  auto expectedCount =
      RankedTensorType::get(logitsType.getShape().drop_back(), i64);
  if (getIndices().getType() != expectedIndices)
    return emitOpError("indices must be ") << expectedIndices << " (k_max = "
                                           << kMax << "), got "
                                           << getIndices().getType();
  if (getCount().getType() != expectedCount)
    return emitOpError("count must be ") << expectedCount
                                         << " (one count per row), got "
                                         << getCount().getType();
  return success();
}

//===----------------------------------------------------------------------===//
// GatherOp
//===----------------------------------------------------------------------===//

void GatherOp::build(OpBuilder &builder, OperationState &state, Value source,
                     Value indices) {
  auto sourceType = cast<RankedTensorType>(source.getType());
  auto indicesType = cast<RankedTensorType>(indices.getType());
  SmallVector<int64_t> shape(sourceType.getShape());
  shape[1] = indicesType.getDimSize(1);
  Value init = tensor::EmptyOp::create(builder, state.location, shape,
                                       sourceType.getElementType());
  build(builder, state, init.getType(), source, indices, init);
}

LogicalResult GatherOp::verify() {
  auto sourceType = cast<RankedTensorType>(getSource().getType());
  if (sourceType.getRank() < 2)
    return emitOpError("source must be a tensor [B, S, ...] of rank >= 2, got ")
           << sourceType;
  auto indicesType = cast<RankedTensorType>(getIndices().getType());
  if (failed(verifyIndexTensor(*this, indicesType, sourceType.getDimSize(0),
                               "indices")))
    return failure();
  SmallVector<int64_t> shape(sourceType.getShape());
  shape[1] = indicesType.getDimSize(1);
  auto expected = RankedTensorType::get(shape, sourceType.getElementType());
  auto resultType = cast<RankedTensorType>(getResult().getType());
  bool agrees = resultType.getRank() == expected.getRank() &&
                resultType.getElementType() == expected.getElementType();
  for (int64_t i = 0; agrees && i < expected.getRank(); ++i)
    agrees = dimsAgree(resultType.getDimSize(i), expected.getDimSize(i));
  if (!agrees)
    return emitOpError("result must be ") << expected
                                          << " ([B, k, ...] rows of the source), got "
                                          << resultType;
  return success();
}

//===----------------------------------------------------------------------===//
// ScatterAddOp
//===----------------------------------------------------------------------===//

LogicalResult ScatterAddOp::verify() {
  auto baseType = cast<RankedTensorType>(getBase().getType());
  if (baseType.getRank() < 2)
    return emitOpError("base must be a tensor [B, S, ...] of rank >= 2, got ")
           << baseType;
  if (!isa<FloatType>(baseType.getElementType()))
    return emitOpError("base element type must be a float type, got ")
           << baseType.getElementType();
  auto indicesType = cast<RankedTensorType>(getIndices().getType());
  if (failed(verifyIndexTensor(*this, indicesType, baseType.getDimSize(0),
                               "indices")))
    return failure();
  int64_t k = indicesType.getDimSize(1);
  int64_t seqLen = baseType.getDimSize(1);
  if (!ShapedType::isDynamic(k) && !ShapedType::isDynamic(seqLen) && k > seqLen)
    return emitOpError("k = ")
           << k << " indices per row cannot be unique positions in S = "
           << seqLen << " (indices of a row must be unique)";

  SmallVector<int64_t> shape(baseType.getShape());
  shape[1] = k;
  auto expected = RankedTensorType::get(shape, baseType.getElementType());
  auto updatesType = cast<RankedTensorType>(getUpdates().getType());
  bool agrees = updatesType.getRank() == expected.getRank() &&
                updatesType.getElementType() == expected.getElementType();
  for (int64_t i = 0; agrees && i < expected.getRank(); ++i)
    agrees = dimsAgree(updatesType.getDimSize(i), expected.getDimSize(i));
  if (!agrees)
    return emitOpError("updates must be ")
           << expected << " (one row per index), got "
           << updatesType;

  if (getInBounds() && getIndices().getDefiningOp<CausalSelectOp>())
    return emitOpError("is marked in_bounds, but its indices come from "
                         "'mod.causal_select', whose padding slots hold the "
                         "index S: remove in_bounds");

  if (Value weights = getWeights()) {
    auto weightsType = cast<RankedTensorType>(weights.getType());
    if (weightsType.getRank() != 2 ||
        weightsType.getElementType() != baseType.getElementType() ||
        !dimsAgree(weightsType.getDimSize(0), baseType.getDimSize(0)) ||
        !dimsAgree(weightsType.getDimSize(1), k))
      return emitOpError("weights must be ")
             << RankedTensorType::get({baseType.getDimSize(0), k},
                                             baseType.getElementType())
             << " (one weight per index), got " << weightsType;
  }
  return success();
}

//===----------------------------------------------------------------------===//
// TilingInterface: mod.gather and mod.scatter_add
//===----------------------------------------------------------------------===//

/// The iteration domain [0, size) of every dimension of `value`.
static SmallVector<Range> wholeDomainOf(OpBuilder &b, Location loc,
                                        Value value) {
  SmallVector<Range> domain;
  OpFoldResult zero = b.getIndexAttr(0), one = b.getIndexAttr(1);
  for (OpFoldResult size : tensor::getMixedSizes(b, loc, value))
    domain.push_back(Range{zero, size, one});
  return domain;
}

/// A unit-stride slice of `value`.
static tensor::ExtractSliceOp sliceOf(OpBuilder &b, Location loc, Value value,
                                      ArrayRef<OpFoldResult> offsets,
                                      ArrayRef<OpFoldResult> sizes) {
  SmallVector<OpFoldResult> strides(offsets.size(), b.getIndexAttr(1));
  return tensor::ExtractSliceOp::create(b, loc, value, offsets, sizes, strides);
}

/// `offsets`/`sizes` of a [B, k, ...] tile with the token axis (1) widened
/// to the whole sequence axis of `rows` ([B, S, ...]): the rows a tile of a
/// gather reads or a tile of a scatter writes are data-dependent.
static void widenTokenAxis(OpBuilder &b, Location loc, Value rows,
                           ArrayRef<OpFoldResult> offsets,
                           ArrayRef<OpFoldResult> sizes,
                           SmallVector<OpFoldResult> &rowOffsets,
                           SmallVector<OpFoldResult> &rowSizes) {
  rowOffsets.assign(offsets.begin(), offsets.end());
  rowSizes.assign(sizes.begin(), sizes.end());
  rowOffsets[1] = b.getIndexAttr(0);
  rowSizes[1] = tensor::getMixedSize(b, loc, rows, 1);
}

SmallVector<utils::IteratorType> GatherOp::getLoopIteratorTypes() {
  return SmallVector<utils::IteratorType>(getInit().getType().getRank(),
                                          utils::IteratorType::parallel);
}

SmallVector<Range> GatherOp::getIterationDomain(OpBuilder &b) {
  return wholeDomainOf(b, getLoc(), getInit());
}

FailureOr<TilingResult>
GatherOp::getTiledImplementation(OpBuilder &b, ArrayRef<OpFoldResult> offsets,
                                 ArrayRef<OpFoldResult> sizes) {
  Location loc = getLoc();
  SmallVector<OpFoldResult> srcOffsets, srcSizes;
  widenTokenAxis(b, loc, getSource(), offsets, sizes, srcOffsets, srcSizes);
  auto source = sliceOf(b, loc, getSource(), srcOffsets, srcSizes);
  auto indices = sliceOf(b, loc, getIndices(), offsets.take_front(2),
                         sizes.take_front(2));
  auto init = sliceOf(b, loc, getInit(), offsets, sizes);
  auto tiled = GatherOp::create(b, loc, init.getType(), source, indices, init);
  return TilingResult{{tiled}, {tiled.getResult()}, {source, indices, init}};
}

LogicalResult GatherOp::getResultTilePosition(
    OpBuilder &, unsigned, ArrayRef<OpFoldResult> offsets,
    ArrayRef<OpFoldResult> sizes, SmallVector<OpFoldResult> &resultOffsets,
    SmallVector<OpFoldResult> &resultSizes) {
  resultOffsets.assign(offsets.begin(), offsets.end());
  resultSizes.assign(sizes.begin(), sizes.end());
  return success();
}

LogicalResult GatherOp::getIterationDomainTileFromResultTile(
    OpBuilder &, unsigned, ArrayRef<OpFoldResult> offsets,
    ArrayRef<OpFoldResult> sizes, SmallVectorImpl<OpFoldResult> &iterOffsets,
    SmallVectorImpl<OpFoldResult> &iterSizes) {
  iterOffsets.assign(offsets.begin(), offsets.end());
  iterSizes.assign(sizes.begin(), sizes.end());
  return success();
}

FailureOr<TilingResult>
GatherOp::generateResultTileValue(OpBuilder &b, unsigned,
                                  ArrayRef<OpFoldResult> offsets,
                                  ArrayRef<OpFoldResult> sizes) {
  return getTiledImplementation(b, offsets, sizes);
}

SmallVector<utils::IteratorType> ScatterAddOp::getLoopIteratorTypes() {
  // Tiles along k write data-dependent rows of the destination: they
  // accumulate into it one after the other (a reduction), never in parallel.
  SmallVector<utils::IteratorType> iterators(
      getUpdates().getType().getRank(), utils::IteratorType::parallel);
  iterators[1] = utils::IteratorType::reduction;
  return iterators;
}

SmallVector<Range> ScatterAddOp::getIterationDomain(OpBuilder &b) {
  return wholeDomainOf(b, getLoc(), getUpdates());
}

FailureOr<TilingResult>
ScatterAddOp::getTiledImplementation(OpBuilder &b,
                                     ArrayRef<OpFoldResult> offsets,
                                     ArrayRef<OpFoldResult> sizes) {
  Location loc = getLoc();
  SmallVector<Operation *> slices;
  auto updates = sliceOf(b, loc, getUpdates(), offsets, sizes);
  auto indices = sliceOf(b, loc, getIndices(), offsets.take_front(2),
                         sizes.take_front(2));
  slices = {updates, indices};
  Value weights;
  if (getWeights()) {
    auto slice = sliceOf(b, loc, getWeights(), offsets.take_front(2),
                         sizes.take_front(2));
    slices.push_back(slice);
    weights = slice;
  }
  SmallVector<OpFoldResult> baseOffsets, baseSizes;
  widenTokenAxis(b, loc, getBase(), offsets, sizes, baseOffsets, baseSizes);
  auto base = sliceOf(b, loc, getBase(), baseOffsets, baseSizes);
  slices.push_back(base);
  auto tiled = ScatterAddOp::create(b, loc, base.getType(), updates, base,
                                    indices, weights, getInBoundsAttr());
  return TilingResult{{tiled}, {tiled.getResult()}, slices};
}

LogicalResult ScatterAddOp::getResultTilePosition(
    OpBuilder &b, unsigned, ArrayRef<OpFoldResult> offsets,
    ArrayRef<OpFoldResult> sizes, SmallVector<OpFoldResult> &resultOffsets,
    SmallVector<OpFoldResult> &resultSizes) {
  widenTokenAxis(b, getLoc(), getBase(), offsets, sizes, resultOffsets,
                 resultSizes);
  return success();
}

LogicalResult ScatterAddOp::getIterationDomainTileFromOperandTiles(
    OpBuilder &b, ArrayRef<unsigned> operandNumbers,
    ArrayRef<SmallVector<OpFoldResult>> allOffsets,
    ArrayRef<SmallVector<OpFoldResult>> allSizes,
    SmallVectorImpl<OpFoldResult> &iterOffsets,
    SmallVectorImpl<OpFoldResult> &iterSizes) {
  // A tile of the updates is a tile of the iteration space; a tile of the
  // indices or weights covers every feature of its (b, j) rows. (A tile of
  // the destination does not: its rows are reached through the indices.)
  std::optional<SmallVector<OpFoldResult>> offsets, sizes;
  for (auto [number, tileOffsets, tileSizes] :
       llvm::zip(operandNumbers, allOffsets, allSizes)) {
    SmallVector<OpFoldResult> o, s;
    if (number == getUpdatesMutable().getOperandNumber()) {
      o = tileOffsets;
      s = tileSizes;
    } else if (number == getIndicesMutable().getOperandNumber() ||
               (getWeights() &&
                number == getWeightsMutable()[0].getOperandNumber())) {
      SmallVector<Range> whole = getIterationDomain(b);
      for (auto [d, range] : llvm::enumerate(whole)) {
        o.push_back(d < 2 ? tileOffsets[d] : range.offset);
        s.push_back(d < 2 ? tileSizes[d] : range.size);
      }
    } else {
      return failure();
    }
    if (offsets && (*offsets != o || *sizes != s))
      return failure(); // operand tiles that need different iterations
    offsets = o;
    sizes = s;
  }
  if (!offsets)
    return failure();
  iterOffsets.assign(offsets->begin(), offsets->end());
  iterSizes.assign(sizes->begin(), sizes->end());
  return success();
}

FailureOr<TilingResult> ScatterAddOp::getTiledImplementationFromOperandTiles(
    OpBuilder &b, ArrayRef<unsigned> operandNumbers,
    ArrayRef<SmallVector<OpFoldResult>> allOffsets,
    ArrayRef<SmallVector<OpFoldResult>> allSizes) {
  SmallVector<OpFoldResult> offsets, sizes;
  if (failed(getIterationDomainTileFromOperandTiles(
          b, operandNumbers, allOffsets, allSizes, offsets, sizes)))
    return failure();
  return getTiledImplementation(b, offsets, sizes);
}

//===----------------------------------------------------------------------===//
// TilingInterface: mod.topk and mod.causal_select (tiled by rows)
//===----------------------------------------------------------------------===//

/// The iteration domain of an op that selects along the last axis of
/// `input`: its leading (row) axes.
static SmallVector<Range> rowDomainOf(OpBuilder &b, Location loc, Value input) {
  SmallVector<Range> domain = wholeDomainOf(b, loc, input);
  domain.pop_back();
  return domain;
}

/// A slice of `value` at the row tile (`offsets`, `sizes`) that keeps the
/// whole of its remaining trailing axes.
static tensor::ExtractSliceOp rowSliceOf(OpBuilder &b, Location loc,
                                         Value value,
                                         ArrayRef<OpFoldResult> offsets,
                                         ArrayRef<OpFoldResult> sizes) {
  SmallVector<OpFoldResult> o(offsets), s(sizes);
  SmallVector<OpFoldResult> all = tensor::getMixedSizes(b, loc, value);
  for (size_t d = offsets.size(); d < all.size(); ++d) {
    o.push_back(b.getIndexAttr(0));
    s.push_back(all[d]);
  }
  return sliceOf(b, loc, value, o, s);
}

/// Result tile of a row-tiled op: the row tile, whole trailing axes.
static void rowResultTile(OpBuilder &b, Location loc, Value result,
                          ArrayRef<OpFoldResult> offsets,
                          ArrayRef<OpFoldResult> sizes,
                          SmallVector<OpFoldResult> &resultOffsets,
                          SmallVector<OpFoldResult> &resultSizes) {
  resultOffsets.assign(offsets.begin(), offsets.end());
  resultSizes.assign(sizes.begin(), sizes.end());
  SmallVector<OpFoldResult> all = tensor::getMixedSizes(b, loc, result);
  for (size_t d = offsets.size(); d < all.size(); ++d) {
    resultOffsets.push_back(b.getIndexAttr(0));
    resultSizes.push_back(all[d]);
  }
}

/// The row iterators of a selection along the last axis of `input`.
static SmallVector<utils::IteratorType> rowIterators(Value input) {
  return SmallVector<utils::IteratorType>(
      cast<RankedTensorType>(input.getType()).getRank() - 1,
      utils::IteratorType::parallel);
}

/// The rows a result tile of a selection over `input` needs.
static LogicalResult rowTileOfResultTile(Value input,
                                         ArrayRef<OpFoldResult> offsets,
                                         ArrayRef<OpFoldResult> sizes,
                                         SmallVectorImpl<OpFoldResult> &iterOffsets,
                                         SmallVectorImpl<OpFoldResult> &iterSizes) {
  size_t rows = cast<RankedTensorType>(input.getType()).getRank() - 1;
  iterOffsets.assign(offsets.begin(), offsets.begin() + rows);
  iterSizes.assign(sizes.begin(), sizes.begin() + rows);
  return success();
}

/// A tile of result `resultNumber` of a selection op over `input`,
/// recomputed for the rows it covers. A consumer must use whole rows of a
/// result with a selection axis of `length` (results without one, like the
/// count, are per row).
template <typename OpT>
static FailureOr<TilingResult>
selectionResultTile(OpT op, OpBuilder &b, Value input, unsigned resultNumber,
                    int64_t length, ArrayRef<OpFoldResult> offsets,
                    ArrayRef<OpFoldResult> sizes) {
  auto resultType = cast<RankedTensorType>(op->getResult(resultNumber).getType());
  bool hasSelectionAxis = resultType.getRank() ==
                          cast<RankedTensorType>(input.getType()).getRank();
  if (hasSelectionAxis && (getConstantIntValue(offsets.back()) != 0 ||
                           getConstantIntValue(sizes.back()) != length))
    return failure();
  SmallVector<OpFoldResult> iterOffsets, iterSizes;
  (void)rowTileOfResultTile(input, offsets, sizes, iterOffsets, iterSizes);
  return op.getTiledImplementation(b, iterOffsets, iterSizes);
}

SmallVector<utils::IteratorType> TopKOp::getLoopIteratorTypes() {
  return rowIterators(getScores());
}

SmallVector<Range> TopKOp::getIterationDomain(OpBuilder &b) {
  return rowDomainOf(b, getLoc(), getScores());
}

FailureOr<TilingResult>
TopKOp::getTiledImplementation(OpBuilder &b, ArrayRef<OpFoldResult> offsets,
                               ArrayRef<OpFoldResult> sizes) {
  Location loc = getLoc();
  auto scores = rowSliceOf(b, loc, getScores(), offsets, sizes);
  auto values = rowSliceOf(b, loc, getValuesInit(), offsets, sizes);
  auto indices = rowSliceOf(b, loc, getIndicesInit(), offsets, sizes);
  auto tiled = TopKOp::create(b, loc, values.getType(), indices.getType(),
                              scores, values, indices, getKAttr());
  return TilingResult{{tiled},
                      {tiled.getValues(), tiled.getIndices()},
                      {scores, values, indices}};
}

LogicalResult TopKOp::getResultTilePosition(
    OpBuilder &b, unsigned resultNumber, ArrayRef<OpFoldResult> offsets,
    ArrayRef<OpFoldResult> sizes, SmallVector<OpFoldResult> &resultOffsets,
    SmallVector<OpFoldResult> &resultSizes) {
  rowResultTile(b, getLoc(), getResult(resultNumber), offsets, sizes,
                resultOffsets, resultSizes);
  return success();
}

LogicalResult TopKOp::getIterationDomainTileFromResultTile(
    OpBuilder &, unsigned, ArrayRef<OpFoldResult> offsets,
    ArrayRef<OpFoldResult> sizes, SmallVectorImpl<OpFoldResult> &iterOffsets,
    SmallVectorImpl<OpFoldResult> &iterSizes) {
  return rowTileOfResultTile(getScores(), offsets, sizes, iterOffsets,
                             iterSizes);
}

FailureOr<TilingResult>
TopKOp::generateResultTileValue(OpBuilder &b, unsigned resultNumber,
                                ArrayRef<OpFoldResult> offsets,
                                ArrayRef<OpFoldResult> sizes) {
  return selectionResultTile(*this, b, getScores(), resultNumber, getK(),
                             offsets, sizes);
}

SmallVector<utils::IteratorType> CausalSelectOp::getLoopIteratorTypes() {
  return rowIterators(getLogits());
}

SmallVector<Range> CausalSelectOp::getIterationDomain(OpBuilder &b) {
  return rowDomainOf(b, getLoc(), getLogits());
}

FailureOr<TilingResult>
CausalSelectOp::getTiledImplementation(OpBuilder &b,
                                       ArrayRef<OpFoldResult> offsets,
                                       ArrayRef<OpFoldResult> sizes) {
  Location loc = getLoc();
  auto logits = rowSliceOf(b, loc, getLogits(), offsets, sizes);
  auto indices = rowSliceOf(b, loc, getIndicesInit(), offsets, sizes);
  auto count = rowSliceOf(b, loc, getCountInit(), offsets, sizes);
  auto tiled = CausalSelectOp::create(
      b, loc, indices.getType(), count.getType(), logits, indices, count,
      getThresholdAttr(), getKMaxAttr());
  return TilingResult{{tiled},
                      {tiled.getIndices(), tiled.getCount()},
                      {logits, indices, count}};
}

LogicalResult CausalSelectOp::getResultTilePosition(
    OpBuilder &b, unsigned resultNumber, ArrayRef<OpFoldResult> offsets,
    ArrayRef<OpFoldResult> sizes, SmallVector<OpFoldResult> &resultOffsets,
    SmallVector<OpFoldResult> &resultSizes) {
  rowResultTile(b, getLoc(), getResult(resultNumber), offsets, sizes,
                resultOffsets, resultSizes);
  return success();
}

LogicalResult CausalSelectOp::getIterationDomainTileFromResultTile(
    OpBuilder &, unsigned, ArrayRef<OpFoldResult> offsets,
    ArrayRef<OpFoldResult> sizes, SmallVectorImpl<OpFoldResult> &iterOffsets,
    SmallVectorImpl<OpFoldResult> &iterSizes) {
  return rowTileOfResultTile(getLogits(), offsets, sizes, iterOffsets,
                             iterSizes);
}

FailureOr<TilingResult>
CausalSelectOp::generateResultTileValue(OpBuilder &b, unsigned resultNumber,
                                        ArrayRef<OpFoldResult> offsets,
                                        ArrayRef<OpFoldResult> sizes) {
  return selectionResultTile(*this, b, getLogits(), resultNumber, getKMax(),
                             offsets, sizes);
}

//===----------------------------------------------------------------------===//
// ReifyRankedShapedTypeOpInterface
//===----------------------------------------------------------------------===//

/// Result shapes of a destination-style op: those of its destinations.
static LogicalResult reifyFromInits(OpBuilder &b, DestinationStyleOpInterface op,
                                    ReifiedRankedShapedTypeDims &shapes) {
  for (OpOperand &init : op.getDpsInitsMutable())
    shapes.push_back(tensor::getMixedSizes(b, op.getLoc(), init.get()));
  return success();
}

LogicalResult TopKOp::reifyResultShapes(OpBuilder &b,
                                        ReifiedRankedShapedTypeDims &shapes) {
  return reifyFromInits(b, *this, shapes);
}

LogicalResult
CausalSelectOp::reifyResultShapes(OpBuilder &b,
                                  ReifiedRankedShapedTypeDims &shapes) {
  return reifyFromInits(b, *this, shapes);
}

LogicalResult GatherOp::reifyResultShapes(OpBuilder &b,
                                          ReifiedRankedShapedTypeDims &shapes) {
  return reifyFromInits(b, *this, shapes);
}

LogicalResult
ScatterAddOp::reifyResultShapes(OpBuilder &b,
                                ReifiedRankedShapedTypeDims &shapes) {
  return reifyFromInits(b, *this, shapes);
}

/// The logits [B, S] of an input [B, S, D].
LogicalResult RouterOp::reifyResultShapes(OpBuilder &b,
                                          ReifiedRankedShapedTypeDims &shapes) {
  SmallVector<OpFoldResult> sizes =
      tensor::getMixedSizes(b, getLoc(), getInput());
  sizes.pop_back();
  shapes.push_back(sizes);
  return success();
}

#define GET_OP_CLASSES
#include "mod/Dialect/Mod/IR/ModOps.cpp.inc"
