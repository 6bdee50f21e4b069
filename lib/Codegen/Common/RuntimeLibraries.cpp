//===- RuntimeLibraries.cpp - mod.runtime_libraries -----------------------===//

#include "mod/Codegen/Common/RuntimeLibraries.h"
#include "mod/Codegen/Common/Passes.h"

#include "mlir/IR/BuiltinAttributes.h"

namespace mlir {
namespace mod {
#define GEN_PASS_DEF_MODREQUIRERUNTIMELIBRARY
#include "mod/Codegen/Common/Passes.h.inc"
} // namespace mod
} // namespace mlir

using namespace mlir;

StringRef mod::getRuntimeLibrariesAttrName() { return "mod.runtime_libraries"; }

void mod::recordRuntimeLibrary(ModuleOp module, StringRef name) {
  StringRef attrName = getRuntimeLibrariesAttrName();
  SmallVector<Attribute> names;
  if (auto existing = module->getAttrOfType<ArrayAttr>(attrName))
    names.assign(existing.begin(), existing.end());
  auto entry = StringAttr::get(module.getContext(), name);
  if (llvm::is_contained(names, entry))
    return;
  names.push_back(entry);
  module->setAttr(attrName, ArrayAttr::get(module.getContext(), names));
}

namespace {
struct ModRequireRuntimeLibraryPass
    : public mod::impl::ModRequireRuntimeLibraryBase<
          ModRequireRuntimeLibraryPass> {
  using Base::Base;
  void runOnOperation() override {
    if (library.empty()) {
      getOperation().emitError(
          "mod-require-runtime-library: library= is empty (e.g. "
          "mod_cpu_runtime)");
      return signalPassFailure();
    }
    mod::recordRuntimeLibrary(getOperation(), library);
  }
};
} // namespace
