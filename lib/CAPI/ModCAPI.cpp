//===- ModCAPI.cpp - C API of mod-mlir ------------------------------------===//

#include "mod-c/Mod.h"

#include "mod/InitMod.h"

#include "mlir/CAPI/IR.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Target/LLVMIR/Dialect/All.h"

#include <mutex>

void modRegisterEverything(MlirContext context) {
  mlir::DialectRegistry registry;
  mlir::registerAllDialects(registry);
  mlir::registerAllExtensions(registry);
  mlir::registerAllToLLVMIRTranslations(registry);
  mlir::mod::registerModDialects(registry);
  unwrap(context)->appendDialectRegistry(registry);
  unwrap(context)->loadAllAvailableDialects();
}

void modRegisterAllPasses(void) {
  static std::once_flag once;
  std::call_once(once, [] {
    mlir::registerAllPasses();
    mlir::mod::registerModAllPasses();
  });
}

MlirStringRef modGetVersion(void) { return mlirStringRefCreateFromCString(MOD_VERSION); }
