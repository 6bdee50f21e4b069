//===- InitMod.cpp - Register everything mod-mlir provides ----------------===//

#include "mod/InitMod.h"

#include "mod/Conversion/Passes.h"
#include "mod/Dialect/Mod/IR/ModDialect.h"
#include "mod/Dialect/Mod/TransformOps/ModTransformOps.h"
#include "mod/Dialect/TMTensor/IR/TMTensorDialect.h"
#include "mod/Pipelines/Pipelines.h"
#include "mod/Codegen/CPU/Passes.h"
#include "mod/Codegen/Common/Passes.h"
#include "mod/Codegen/GPU/Passes.h"
#include "mod/Dialect/Mod/Transforms/Passes.h"

#include "mlir/IR/DialectRegistry.h"

void mlir::mod::registerModDialects(DialectRegistry &registry) {
  registry.insert<ModDialect>();
  // torch-mlir's tm_tensor ops, so that its linalg-on-tensors output parses
  // (lowered by --tm-tensor-to-linalg, the first step of our pipelines).
  registry.insert<tm_tensor::TMTensorDialect>();
  // transform.mod.* ops (consumer fusion into tiled loops).
  registerTransformDialectExtension(registry);
}

void mlir::mod::registerModAllPasses() {
  registerModPasses();
  registerModConversionPasses();
  registerModCPUCodegenPasses();
  registerModCommonCodegenPasses();
  registerModGPUCodegenPasses();
  registerModPipelines();
}
