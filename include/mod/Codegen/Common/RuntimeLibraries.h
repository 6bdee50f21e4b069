//===- RuntimeLibraries.h - what a lowered module must be run with -*- C++
//-*-===//
//
// A module whose code calls into one of our runtime libraries says so in its
// `mod.runtime_libraries` attribute: an array of library names (`NAME` for
// lib<NAME>.so), so that tools and users can see what `-shared-libs` (or the
// link line) needs.
//
//===----------------------------------------------------------------------===//
#ifndef MOD_CODEGEN_COMMON_RUNTIMELIBRARIES_H
#define MOD_CODEGEN_COMMON_RUNTIMELIBRARIES_H

#include "mlir/IR/BuiltinOps.h"

namespace mlir {
namespace mod {

/// The attribute's name: "mod.runtime_libraries".
StringRef getRuntimeLibrariesAttrName();

/// Appends `name` to `module`'s mod.runtime_libraries (once).
void recordRuntimeLibrary(ModuleOp module, StringRef name);

} // namespace mod
} // namespace mlir

#endif // MOD_CODEGEN_COMMON_RUNTIMELIBRARIES_H
