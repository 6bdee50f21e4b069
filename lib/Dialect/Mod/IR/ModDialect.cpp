//===- ModDialect.cpp - Mixture-of-Depths dialect -------------------------===//

#include "mod/Dialect/Mod/IR/ModDialect.h"
#include "mod/Dialect/Mod/IR/ModOps.h"

using namespace mlir;
using namespace mlir::mod;

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/Interfaces/FunctionInterfaces.h"
#include "llvm/ADT/TypeSwitch.h"

#include "mod/Dialect/Mod/IR/ModOpsDialect.cpp.inc"
#include "mod/Dialect/Mod/IR/ModEnums.cpp.inc"
#define GET_ATTRDEF_CLASSES
#include "mod/Dialect/Mod/IR/ModAttributes.cpp.inc"

void ModDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "mod/Dialect/Mod/IR/ModOps.cpp.inc"
      >();
  addAttributes<
#define GET_ATTRDEF_LIST
#include "mod/Dialect/Mod/IR/ModAttributes.cpp.inc"
      >();
}

/// `mod.router = <layer>` marks the router weight argument of a layer: a
/// non-negative integer on a rank-1 float tensor argument of a function.
LogicalResult ModDialect::verifyRegionArgAttribute(Operation *op,
                                                   unsigned regionIndex,
                                                   unsigned argIndex,
                                                   NamedAttribute attr) {
  if (attr.getName().getValue() == "mod.updated_in_place") {
    // Set by mod-update-arguments-in-place: a buffer argument the function
    // updates (the caller's buffer, instead of a returned copy); kept on
    // the lowered function (a pointer or a memref descriptor there).
    auto func = dyn_cast<FunctionOpInterface>(op);
    if (!func || regionIndex != 0 || !isa<UnitAttr>(attr.getValue()) ||
        isa<TensorType>(func.getArgumentTypes()[argIndex]))
      return op->emitError("'mod.updated_in_place' marks a memref function "
                           "argument (a unit attribute), found on argument #")
             << argIndex << " of '" << op->getName() << "'";
    return success();
  }
  if (attr.getName().getValue() != "mod.router")
    return op->emitError("unknown mod dialect argument attribute '")
           << attr.getName().getValue()
           << "' (the dialect defines mod.router and mod.updated_in_place)";
  auto layer = dyn_cast<IntegerAttr>(attr.getValue());
  if (!layer || !layer.getType().isSignlessInteger() || layer.getInt() < 0)
    return op->emitError("'mod.router' of argument #")
           << argIndex << " must be a layer index (a non-negative integer), got "
           << attr.getValue();
  auto func = dyn_cast<FunctionOpInterface>(op);
  if (!func || regionIndex != 0)
    return op->emitError("'mod.router' marks a function argument, found on '")
           << op->getName() << "'";
  Type type = func.getArgumentTypes()[argIndex];
  auto tensor = dyn_cast<RankedTensorType>(type);
  if (!tensor || tensor.getRank() != 1 ||
      !isa<FloatType>(tensor.getElementType()))
    return op->emitError("'mod.router' argument #")
           << argIndex << " must be a router weight vector [D] of floats, got "
           << type;
  return success();
}
