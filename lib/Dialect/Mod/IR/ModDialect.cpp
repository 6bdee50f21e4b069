//===- ModDialect.cpp - Mixture-of-Depths dialect -------------------------===//

#include "mod/Dialect/Mod/IR/ModDialect.h"
#include "mod/Dialect/Mod/IR/ModOps.h"

using namespace mlir;
using namespace mlir::mod;

#include "mod/Dialect/Mod/IR/ModOpsDialect.cpp.inc"

void ModDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "mod/Dialect/Mod/IR/ModOps.cpp.inc"
      >();
}
