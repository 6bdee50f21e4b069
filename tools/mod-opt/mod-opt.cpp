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
#include "mlir/Target/LLVMIR/Dialect/All.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "llvm/Support/thread.h"

#include <optional>

/// MLIR's parser recurses once per nesting level of types and attributes;
/// deeply nested (e.g. fuzzed) input overflows the default 8 MiB main-thread
/// stack and crashes (upstream MLIR 22, also in stock mlir-opt). Running the
/// driver on a thread with a large stack turns such input into an ordinary
/// parse error for any file of realistic size (docs/Robustness.md).
[[maybe_unused]] static constexpr unsigned kDriverStackBytes = 256u * 1024u * 1024u;

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define MOD_OPT_SANITIZED 1
#endif
#endif

int main(int argc, char **argv) {
  int result = 0;
  auto run = [&] {
    mlir::registerAllPasses();
    mlir::mod::registerModAllPasses();

    mlir::DialectRegistry registry;
    mlir::registerAllDialects(registry);
    mlir::registerAllExtensions(registry);
    mlir::mod::registerModDialects(registry);
    // mod-gpu-pipeline serialises gpu.modules (NVVM -> PTX/cubin) in process.
    mlir::registerAllGPUToLLVMIRTranslations(registry);

    result = mlir::asMainReturnCode(mlir::MlirOptMain(
        argc, argv, "mod-mlir optimizer driver (Mixture-of-Depths)\n",
        registry));
  };
#ifdef MOD_OPT_SANITIZED
  // ASan cannot unmap the large thread stack at exit; sanitizer builds keep
  // the default stack (the deep-nesting test is skipped there).
  run();
#else
  llvm::thread driver(std::optional<unsigned>(kDriverStackBytes), run);
  driver.join();
#endif
  return result;
}
