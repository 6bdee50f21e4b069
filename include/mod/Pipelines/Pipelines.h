//===- Pipelines.h - mod-mlir pass pipelines --------------------*- C++ -*-===//
//
// Named pipelines, usable from a C++ pass manager:
//
//   OpPassManager pm("builtin.module");
//   mlir::mod::ModCpuPipelineOptions options;
//   mlir::mod::buildModCpuPipeline(pm, options);
//
// and from the command line as `--mod-cpu-pipeline` / `mod-cpu-pipeline{...}`.
//
//===----------------------------------------------------------------------===//
#ifndef MOD_PIPELINES_PIPELINES_H
#define MOD_PIPELINES_PIPELINES_H

#include "mlir/Pass/PassOptions.h"

namespace mlir {
class OpPassManager;
namespace mod {

struct ModCpuPipelineOptions
    : public PassPipelineOptions<ModCpuPipelineOptions> {
  Option<bool> vectorize{
      *this, "vectorize",
      llvm::cl::desc("Tile and vectorize linalg ops (otherwise scalar loops)"),
      llvm::cl::init(true)};
  Option<unsigned> threads{
      *this, "threads",
      llvm::cl::desc("1 (default): single-threaded code that needs only the "
                     "runner utils; N > 1: tiles run in OpenMP parallel loops "
                     "with N threads (run with libomp.so)"),
      llvm::cl::init(1)};
  ListOption<int64_t> tileSizes{
      *this, "tile-sizes",
      llvm::cl::desc("Contraction tile sizes M,N,K (default 6,16,32)")};
};

/// Tensor-level IR (mod + linalg + tensor + arith + math + func) -> LLVM
/// dialect, runnable by `mlir-runner` with the standard runner utils.
void buildModCpuPipeline(OpPassManager &pm, const ModCpuPipelineOptions &options);

/// Only the mod-specific front of the CPU pipeline: expand routed blocks and
/// lower the primitives to linalg/scf/tensor (still tensor level).
void buildModToLinalgPipeline(OpPassManager &pm);

/// Registers the named pipelines (`mod-cpu-pipeline`, `mod-to-linalg`).
void registerModPipelines();

} // namespace mod
} // namespace mlir

#endif // MOD_PIPELINES_PIPELINES_H
