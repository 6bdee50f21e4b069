//===- InitMod.cpp - Register everything mod-mlir provides ----------------===//

#include "mod/InitMod.h"

#include "mod/Dialect/Mod/IR/ModDialect.h"
#include "mod/Pipelines/Pipelines.h"
#include "mod/Transforms/Passes.h"

#include "mlir/IR/DialectRegistry.h"

void mlir::mod::registerModDialects(DialectRegistry &registry) {
  registry.insert<ModDialect>();
}

void mlir::mod::registerModAllPasses() {
  registerModPasses();
  registerModPipelines();
}
