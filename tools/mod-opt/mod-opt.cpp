//===- mod-opt.cpp - The mod-mlir optimizer driver ------------------------===//
//
// mlir-opt with every upstream dialect, pass and extension plus mod-mlir's.
//
//===----------------------------------------------------------------------===//

#include "mod/InitMod.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"

int main(int argc, char **argv) {
  mlir::registerAllPasses();
  mlir::mod::registerModAllPasses();

  mlir::DialectRegistry registry;
  mlir::registerAllDialects(registry);
  mlir::registerAllExtensions(registry);
  mlir::mod::registerModDialects(registry);

  return mlir::asMainReturnCode(mlir::MlirOptMain(
      argc, argv, "mod-mlir optimizer driver (Mixture-of-Depths)\n", registry));
}
