//===- InitMod.h - Register everything mod-mlir provides --------*- C++ -*-===//
//
// One call each for tools that embed mod-mlir:
//   mlir::mod::registerModDialects(registry);  // `mod` and `tm_tensor`
//   mlir::mod::registerModAllPasses();         // passes and named pipelines
//
//===----------------------------------------------------------------------===//
#ifndef MOD_INITMOD_H
#define MOD_INITMOD_H

namespace mlir {
class DialectRegistry;
namespace mod {

/// Adds the `mod` dialect and our definition of torch-mlir's `tm_tensor`
/// dialect (and the dialects their passes create) to `registry`.
void registerModDialects(DialectRegistry &registry);

/// Registers every mod-mlir pass and named pass pipeline with the global
/// registry so that `--pass-pipeline` strings and opt-style flags find them.
void registerModAllPasses();

} // namespace mod
} // namespace mlir

#endif // MOD_INITMOD_H
