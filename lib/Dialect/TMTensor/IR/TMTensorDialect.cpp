//===- TMTensorDialect.cpp - torch-mlir's tm_tensor dialect ---------------===//

#include "mod/Dialect/TMTensor/IR/TMTensorDialect.h"
#include "mod/Dialect/TMTensor/IR/TMTensorOps.h"

using namespace mlir;
using namespace mlir::mod::tm_tensor;

#include "mod/Dialect/TMTensor/IR/TMTensorOpsDialect.cpp.inc"

void TMTensorDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "mod/Dialect/TMTensor/IR/TMTensorOps.cpp.inc"
      >();
}
