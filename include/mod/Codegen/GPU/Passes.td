//===- Passes.td - GPU code generation passes -*- tablegen -*-===//
//
// Dialect-independent passes of mod-gpu-pipeline (mapping, device memory,
// target checks, CPU emulation).
//
//===----------------------------------------------------------------------===//

#ifndef MOD_CODEGEN_GPU_PASSES_TD
#define MOD_CODEGEN_GPU_PASSES_TD

include "mlir/Pass/PassBase.td"

def ModGpuMapParallelLoops : Pass<"mod-gpu-map-parallel-loops", "::mlir::func::FuncOp"> {
  let summary = "Tiles outermost scf.parallel loops into thread blocks and "
                "maps them to GPU blocks and threads";
  let description = [{
    For every outermost `scf.parallel` (outside `gpu.launch`), tiles its
    trailing dimensions so that a tile has up to `block-size` iterations
    (innermost dimension first, so consecutive threads touch consecutive
    elements) and attaches `#gpu.loop_dim_map` mappings: tile loops to
    `block_x/y/z` (innermost first), intra-tile loops to `thread_x/y/z`,
    dimensions beyond three to sequential loops. A directly nested
    `scf.parallel` (e.g. the row copy of a scatter) is mapped to threads
    instead when the outer loop has no inner tile. Run
    `convert-parallel-loops-to-gpu` afterwards.
  }];
  let options = [
    Option<"blockSize", "block-size", "int64_t", /*default=*/"256",
           "Threads per block (a power of two, at most 1024)">
  ];
  let dependentDialects = ["::mlir::gpu::GPUDialect",
                           "::mlir::scf::SCFDialect",
                           "::mlir::affine::AffineDialect",
                           "::mlir::arith::ArithDialect"];
}

def ModGpuDeviceMemory : Pass<"mod-gpu-device-memory", "ModuleOp"> {
  let summary = "Makes host-side buffers reachable from GPU kernels";
  let description = [{
    Host code of mod-gpu-pipeline allocates its buffers as CUDA managed
    memory so that kernels, cuBLAS and the host (printing, returning
    results) can all use them:

    - `memref.alloc` / `memref.dealloc` outside GPU kernels become
      `gpu.alloc host_shared` / `gpu.dealloc`;
    - with `stage-globals` (a separate first step, run right after
      bufferization and before the buffer deallocation pipeline so the new
      buffers are freed): every `memref.copy` outside kernels becomes a
      `linalg.copy` (a kernel later), and every `memref.get_global` outside
      kernels (the constants of the model, e.g. weights) is copied into a
      fresh `memref.alloc` by the host right after it is read.

    Function arguments are not touched: callers pass device-accessible
    memory (managed or registered host memory).
  }];
  let options = [
    Option<"stageGlobals", "stage-globals", "bool", /*default=*/"false",
           "Only copy memref.get_global results into new buffers (first step)">
  ];
  let dependentDialects = ["::mlir::gpu::GPUDialect",
                           "::mlir::linalg::LinalgDialect",
                           "::mlir::memref::MemRefDialect"];
}

def ModGpuCheckTarget : Pass<"mod-gpu-check-target", "ModuleOp"> {
  let summary = "Checks the GPU target options and resources of "
                "mod-gpu-pipeline";
  let description = [{
    Fails with a clear error (IR unchanged) when the chip is not an NVIDIA
    `sm_NN[a]` target MLIR's NVPTX backend supports, the PTX feature string
    is malformed, the format is not isa/bin/fatbin, or `ptxas` cannot be
    found for bin/fatbin (searched in `toolkit`/bin, `$CUDA_HOME`/bin,
    `$PATH`, /usr/local/cuda/bin). With `check-shared-memory`, also checks
    every `gpu.launch` and `gpu.func`'s static workgroup memory against the
    chip's per-block limit (48 KiB without opt-in).
  }];
  let options = [
    Option<"chip", "chip", "std::string", /*default=*/"\"sm_80\"", "Target chip">,
    Option<"features", "features", "std::string", /*default=*/"\"+ptx80\"",
           "PTX features">,
    Option<"format", "format", "std::string", /*default=*/"\"fatbin\"",
           "isa | bin | fatbin">,
    Option<"toolkit", "toolkit", "std::string", /*default=*/"\"\"",
           "CUDA toolkit directory">,
    Option<"checkSharedMemory", "check-shared-memory", "bool",
           /*default=*/"false", "Check workgroup memory of the kernels">
  ];
}

def ModGpuEmulateOnCpu : Pass<"mod-gpu-emulate-on-cpu", "ModuleOp"> {
  let summary = "Executes the outlined GPU kernels and the host's GPU calls "
                "on the CPU (mod-gpu-pipeline{emulate=cpu})";
  let description = [{
    Runs after kernel outlining, `gpu-async-region` and device-memory
    placement, in place of the NVVM lowering, so that the kernels execute
    exactly as they would be handed to NVVM:

    - every `gpu.func` kernel becomes a `func.func @__mod_emu_<module>_<kernel>`
      taking the kernel arguments plus the grid and block sizes (index). It
      loops over the grid (`scf.for` over block ids z, y, x), allocates the
      workgroup attributions per block (`memref.alloc`/`dealloc`) and runs
      the block's threads: as an `omp.parallel` team of exactly
      `blockDim.x*y*z` OpenMP threads when the kernel contains a
      `gpu.barrier` (which becomes `omp.barrier`; thread ids come from
      `omp_get_thread_num`, a team of another size is a runtime error,
      `kmp_set_blocktime(0)` makes waiting threads sleep instead of spin),
      otherwise as a sequential `scf.for` over the threads (equivalent
      without barriers). Private attributions are `memref.alloca` per
      thread; `gpu.thread_id/block_id/block_dim/grid_dim/global_id` are
      replaced; `gpu.return` ends the thread. Warp-level ops (shuffles,
      subgroup ops, `gpu.all_reduce`, lane ids) are rejected with an error.
    - host code: `gpu.launch_func` calls the emulated kernel; `gpu.alloc`
      (device or host_shared) / `gpu.dealloc` / `gpu.memcpy` become
      `memref.alloc` / `memref.dealloc` / `memref.copy`; `gpu.wait` and the
      async tokens disappear (the ops run in program order, which is stream
      order); calls of the runtime's `mod_gpu_matmul` call `mod_cpu_matmul`
      (same layout contract, `libmod_cpu_runtime.so`).
    - GPU memory spaces are stripped from all memref types and the
      `gpu.module`s are erased.

    With `bounds-checks`, every `memref.load`/`store`/`atomic_rmw`/
    `generic_atomic_rmw` in a kernel checks each index against the memref's
    size and on a violation calls `mod_emu_bounds_error` (libmod_cpu_runtime),
    which prints the kernel, block and thread ids, the dimension, the index
    and the size, and exits with code 1.

    Lower the result with the CPU pipeline's LLVM tail (incl.
    `convert-openmp-to-llvm`); run it with the runner utils, libomp and
    libmod_cpu_runtime.so.
  }];
  let options = [
    Option<"boundsChecks", "bounds-checks", "bool", /*default=*/"false",
           "Check every kernel memory access against the memref sizes">
  ];
  let dependentDialects = ["::mlir::func::FuncDialect",
                           "::mlir::memref::MemRefDialect",
                           "::mlir::scf::SCFDialect",
                           "::mlir::arith::ArithDialect",
                           "::mlir::omp::OpenMPDialect",
                           "::mlir::LLVM::LLVMDialect"];
}

#endif // MOD_CODEGEN_GPU_PASSES_TD
