//===- PipelineSteps.h - steps shared by the CPU and GPU pipelines -------===//
#ifndef MOD_LIB_PIPELINES_PIPELINESTEPS_H
#define MOD_LIB_PIPELINES_PIPELINESTEPS_H

namespace mlir {
class OpPassManager;
namespace mod {
namespace detail {

/// After the mod ops are lowered: elementwise ops to linalg, cleanup and
/// (with `fuse`) mod-fuse-elementwise. Still on tensors.
void addLinalgCleanupAndFusion(OpPassManager &pm, bool fuse);

/// Empty-tensor elimination, One-Shot Bufferize across function boundaries
/// (identity layouts), CSE + canonicalization (merges the twin subviews of
/// in-place updates so their self-copies fold away).
void addOneShotBufferize(OpPassManager &pm);

/// The CPU pipeline's tail: scf/memref/math/vector/arith/index/func/cf (and
/// with `openmp` the omp ops) to the LLVM dialect. Used by mod-cpu-pipeline
/// and by mod-gpu-pipeline{emulate=cpu} after mod-gpu-emulate-on-cpu.
/// `runtimeAllocator`: memref.alloc/dealloc call the generic allocation
/// functions, which libmod_cpu_runtime.so defines (a cache of large blocks);
/// otherwise malloc/free.
void addLowerToLLVM(OpPassManager &pm, bool openmp,
                    bool runtimeAllocator = false);

} // namespace detail
} // namespace mod
} // namespace mlir

#endif // MOD_LIB_PIPELINES_PIPELINESTEPS_H
