//===- mod-fuzz.cpp - libFuzzer harness for mod-mlir ----------------------===//
//
// Input: MLIR text. Parse -> verify -> each mod-mlir pipeline on a clone:
// expand routed blocks, mod-to-linalg, route-dense, and the CPU pipeline.
// Diagnostics are swallowed; only crashes, sanitizer reports and timeouts
// are findings. Built with -DMOD_ENABLE_FUZZER=ON (clang); see
// scripts/fuzz.sh and docs/Robustness.md.
//
//===----------------------------------------------------------------------===//

#include "mod/InitMod.h"
#include "mod/Pipelines/Pipelines.h"
#include "mod/Dialect/Mod/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>

using namespace mlir;

/// A context with every dialect loaded. It is re-created every
/// `kInputsPerContext` inputs: a context interns every type and attribute it
/// has seen, so one context for a million inputs would only grow.
static MLIRContext &getContext() {
  static bool registered = [] {
    registerAllPasses();
    mod::registerModAllPasses();
    return true;
  }();
  (void)registered;
  constexpr unsigned kInputsPerContext = 2000;
  static std::unique_ptr<MLIRContext> context;
  static unsigned uses = 0;
  if (!context || ++uses % kInputsPerContext == 0) {
    DialectRegistry registry;
    registerAllDialects(registry);
    registerAllExtensions(registry);
    mod::registerModDialects(registry);
    context = std::make_unique<MLIRContext>(registry,
                                            MLIRContext::Threading::DISABLED);
    context->loadAllAvailableDialects();
  }
  return *context;
}

/// Runs `pipeline` on a clone of `module`; failures are expected outcomes.
static void runPipeline(ModuleOp module, StringRef pipeline) {
  OwningOpRef<ModuleOp> clone(cast<ModuleOp>(module->clone()));
  PassManager pm(module.getContext());
  if (failed(parsePassPipeline(pipeline, pm)))
    abort(); // our own pipeline strings must parse
  (void)pm.run(*clone);
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  MLIRContext &context = getContext();
  ScopedDiagnosticHandler silence(&context, [](Diagnostic &) { return success(); });
  ParserConfig config(&context);
  // MLIR's lexer reads source buffers up to a terminating NUL (files and
  // MemoryBuffers have one); libFuzzer's data does not, so copy it.
  std::string text(reinterpret_cast<const char *>(data), size);
  OwningOpRef<ModuleOp> module = parseSourceString<ModuleOp>(text, config);
  if (!module || failed(verify(*module)))
    return 0;
  runPipeline(*module, "builtin.module(mod-expand-routed-blocks)");
  runPipeline(*module, "builtin.module(mod-to-linalg)");
  runPipeline(*module, "builtin.module(mod-route-dense{every=1 offset=0 capacity=0.5})");
  runPipeline(*module, "builtin.module(mod-cpu-pipeline)");
  return 0;
}
