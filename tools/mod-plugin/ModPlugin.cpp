//===- ModPlugin.cpp - mod-mlir as an mlir-opt plugin ---------------------===//

#include "mod/InitMod.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/Plugins/DialectPlugin.h"
#include "mlir/Tools/Plugins/PassPlugin.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/Support/Compiler.h"

extern "C" LLVM_ATTRIBUTE_WEAK ::mlir::DialectPluginLibraryInfo
mlirGetDialectPluginInfo() {
  return {MLIR_PLUGIN_API_VERSION, "ModDialectPlugin", LLVM_VERSION_STRING,
          [](::mlir::DialectRegistry *registry) {
            ::mlir::mod::registerModDialects(*registry);
          }};
}

extern "C" LLVM_ATTRIBUTE_WEAK ::mlir::PassPluginLibraryInfo
mlirGetPassPluginInfo() {
  return {MLIR_PLUGIN_API_VERSION, "ModPassPlugin", LLVM_VERSION_STRING,
          []() { ::mlir::mod::registerModAllPasses(); }};
}
