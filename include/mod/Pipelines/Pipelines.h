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

/// How mod-cpu-pipeline computes f32 matmul / batch_matmul.
enum class CpuGemmMode {
  /// Calls of mod_cpu_matmul (libmod_cpu_runtime.so): the runtime's own
  /// packed GEMM (AVX-512 micro-kernel where the host has it, its own
  /// threads), or $MOD_BLAS_LIBRARY's cblas_sgemm when that is set.
  Library,
  /// Tiled and vectorized generated code (needs only the runner utils).
  Codegen,
};

struct ModCpuPipelineOptions
    : public PassPipelineOptions<ModCpuPipelineOptions> {
  Option<bool> portable{
      *this, "portable",
      llvm::cl::desc("Code that runs with only MLIR's runner utils: GEMMs as "
                     "generated code (gemm=codegen) unless gemm says "
                     "otherwise, buffers from malloc. Default false: the fast "
                     "configuration, whose GEMMs and buffers come from "
                     "libmod_cpu_runtime.so"),
      llvm::cl::init(false)};
  Option<CpuGemmMode> gemm{
      *this, "gemm",
      llvm::cl::desc("f32 matmul/batch_matmul: library (default unless "
                     "portable) or codegen"),
      llvm::cl::values(
          clEnumValN(CpuGemmMode::Library, "library",
                     "call mod_cpu_matmul of libmod_cpu_runtime.so (run with "
                     "-shared-libs=.../libmod_cpu_runtime.so)"),
          clEnumValN(CpuGemmMode::Codegen, "codegen",
                     "tiled + vectorized generated code"))};
  Option<bool> vectorize{
      *this, "vectorize",
      llvm::cl::desc("Tile and vectorize linalg ops (otherwise scalar loops)"),
      llvm::cl::init(true)};
  Option<unsigned> threads{
      *this, "threads",
      llvm::cl::desc("Threads of the generated loops. 0 (default unless "
                     "portable): OpenMP parallel loops on OpenMP's default "
                     "team (OMP_NUM_THREADS, else all CPUs; libomp.so, which "
                     "libmod_cpu_runtime.so loads, and whose team the "
                     "runtime's GEMMs share); 1 (default if portable): the "
                     "calling thread only; N > 1: OpenMP loops with N "
                     "threads"),
      llvm::cl::init(0)};
  ListOption<int64_t> tileSizes{
      *this, "tile-sizes",
      llvm::cl::desc("Contraction tile sizes M,N,K of generated GEMMs "
                     "(default 6,16,32)")};
  Option<bool> fuse{
      *this, "fuse",
      llvm::cl::desc("Fuse elementwise linalg chains (mod-fuse-elementwise)"),
      llvm::cl::init(true)};
  Option<bool> fuseAttention{
      *this, "fuse-attention",
      llvm::cl::desc("Compute each attention's scores and softmax in row "
                     "blocks inside its P x V contraction (mod-fuse-attention)"),
      llvm::cl::init(true)};
  Option<int64_t> attentionTileBytes{
      *this, "attention-tile-bytes",
      llvm::cl::desc("Largest score row block of a fused attention tile, in "
                     "bytes (mod-fuse-attention's score-tile-bytes)"),
      llvm::cl::init(1048576)};
  Option<int64_t> parallelMinWork{
      *this, "parallel-min-work",
      llvm::cl::desc("Parallel loops estimated to execute fewer operations "
                     "run on the calling thread, not as OpenMP regions "
                     "(mod-serialize-small-parallel-loops' min-work; 0: "
                     "every parallel loop is a region)"),
      llvm::cl::init(8192)};
  Option<bool> approximateMath{
      *this, "approximate-math",
      llvm::cl::desc("f32 exp/tanh/erf/log... as upstream's polynomial "
                     "approximations (mod-approximate-math), which vectorize; "
                     "false: libm calls, one per vector lane"),
      llvm::cl::init(true)};
  Option<bool> blas{
      *this, "blas",
      llvm::cl::desc("Deprecated spelling: blas=true is gemm=library, "
                     "blas=false is gemm=codegen")};

  /// The GEMM mode these options select.
  CpuGemmMode gemmMode() const {
    if (gemm.hasValue())
      return gemm;
    if (blas.hasValue())
      return blas ? CpuGemmMode::Library : CpuGemmMode::Codegen;
    return portable ? CpuGemmMode::Codegen : CpuGemmMode::Library;
  }

  /// Threads of the generated loops: 1 (no OpenMP), 0 (OpenMP's default
  /// team) or N.
  unsigned loopThreads() const {
    if (threads.hasValue())
      return threads;
    return portable ? 1 : 0;
  }
};

/// Tensor-level IR (mod + linalg + tensor + arith + math + func) -> LLVM
/// dialect, runnable by `mlir-runner` with the standard runner utils.
void buildModCpuPipeline(OpPassManager &pm,
                         const ModCpuPipelineOptions &options);

/// Only the mod-specific front of the CPU pipeline: lower torch-mlir's
/// tm_tensor ops, expand routed blocks and lower the primitives to
/// linalg/scf/tensor (still tensor level).
void buildModToLinalgPipeline(OpPassManager &pm);

struct ModGpuPipelineOptions
    : public PassPipelineOptions<ModGpuPipelineOptions> {
  Option<std::string> chip{
      *this, "chip", llvm::cl::desc("NVIDIA target, e.g. sm_80, sm_90, sm_90a"),
      llvm::cl::init("sm_80")};
  Option<std::string> features{
      *this, "features",
      llvm::cl::desc("PTX features (+ptxNN; sm_90 needs +ptx78 or later)"),
      llvm::cl::init("+ptx80")};
  Option<std::string> format{
      *this, "format",
      llvm::cl::desc("Kernel binary: isa (PTX, JIT-compiled by the driver), "
                     "bin (cubin, needs ptxas) or fatbin"),
      llvm::cl::init("bin")};
  Option<std::string> toolkit{
      *this, "toolkit",
      llvm::cl::desc("CUDA toolkit directory (default: $CUDA_HOME, ptxas on "
                     "$PATH, /usr/local/cuda)"),
      llvm::cl::init("")};
  Option<int> optLevel{*this, "opt-level",
                       llvm::cl::desc("NVVM optimisation level"),
                       llvm::cl::init(3)};
  Option<int64_t> blockSize{
      *this, "block-size",
      llvm::cl::desc("Threads per block of the generic kernels"),
      llvm::cl::init(256)};
  Option<bool> cublas{
      *this, "cublas",
      llvm::cl::desc("f32 matmul/batch_matmul call the runtime's cuBLAS GEMM "
                     "(otherwise they become generic loop kernels)"),
      llvm::cl::init(true)};
  Option<std::string> emulate{
      *this, "emulate",
      llvm::cl::desc("none (default): NVVM kernels + CUDA host code; cpu: "
                     "the same kernels (after outlining, async regions and "
                     "device-memory placement) run on the CPU "
                     "(mod-gpu-emulate-on-cpu: grid loops, one OpenMP thread "
                     "per GPU thread, host memory, mod_cpu_matmul); the "
                     "result runs with mlir-runner + libomp + "
                     "libmod_cpu_runtime.so and needs no CUDA toolkit"),
      llvm::cl::init("none")};
  Option<std::string> emulateChecks{
      *this, "emulate-checks",
      llvm::cl::desc("With emulate=cpu: none (default) or bounds (every "
                     "kernel load/store/atomic checks its indices; a "
                     "violation prints kernel, block, thread, dimension, "
                     "index and size and exits with code 1)"),
      llvm::cl::init("none")};
};

/// Tensor-level IR -> LLVM dialect host code + gpu.binary kernels for
/// NVIDIA GPUs; the host code calls the mgpu* functions of
/// runtime/libmod_cuda_runtime.so (and mod_gpu_matmul when cublas is set).
void buildModGpuPipeline(OpPassManager &pm,
                         const ModGpuPipelineOptions &options);

/// Registers the named pipelines (`mod-cpu-pipeline`, `mod-gpu-pipeline`,
/// `mod-to-linalg`).
void registerModPipelines();

} // namespace mod
} // namespace mlir

#endif // MOD_PIPELINES_PIPELINES_H
