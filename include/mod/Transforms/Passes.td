//===- Passes.td - mod-mlir passes -------------------------*- tablegen -*-===//

#ifndef MOD_TRANSFORMS_PASSES_TD
#define MOD_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def ModRoutingReport : Pass<"mod-routing-report", "ModuleOp"> {
  let summary = "Prints what every mod.routed_block keeps: shape, capacity, k, "
                "gate and the share of tokens and FLOPs";
  let description = [{
    An analysis pass (the IR is left unchanged) that prints one line per
    `mod.routed_block` to standard error (the IR output stays clean),
    followed by a summary:

    ```
    mod-routing-report: 1 routed block(s) in 1 function(s)
      @layer  block #0: B=2 S=16 D=32 capacity=0.25 k=4 gate=raw  tokens kept 25.0%  (linear FLOPs x0.250, attention FLOPs x0.062)
    ```

    The FLOP ratios are those of MOD_SEMANTICS.md section 3: the linear part
    of a layer scales with k/S and attention with (k/S)^2. It also counts the
    primitive ops (`mod.router`, `mod.topk`, `mod.gather`, `mod.scatter_add`)
    so that expanded IR can be inspected the same way.
  }];
}

def ModExpandRoutedBlocks : Pass<"mod-expand-routed-blocks"> {
  let summary = "Expands mod.routed_block into router, top-k, gather, the "
                "inlined body and a gated scatter-add";
  let description = [{
    Rewrites every `mod.routed_block` into the primitive ops of the dialect:

    ```
    %r          = mod.router %x, %w [bias(%b)]        // [B, S]
    %vals, %idx = mod.topk %r outs(...) {k = K}       // k from the capacity
    %xs         = mod.gather %x[%idx] outs(...)       // [B, k, D]
    ... the body, inlined with %xs and %pos = %idx ...
    %g          = gate(%vals)                         // raw: %vals; sigmoid: 1/(1+e^-v)
    %y          = mod.scatter_add %f into %x[%idx] [weights(%g)] {in_bounds}
                                                      // none: unweighted
    ```

    With a `threshold` (causal routing) the selection is
    `mod.causal_select` instead of `mod.topk`, the gate values are gathered
    from the logits, and the scatter-add has no `in_bounds` (padding).

    The body's operations move unchanged; the positions handed to the body
    are the selected original positions, ascending per row.
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect",
                           "::mlir::arith::ArithDialect",
                           "::mlir::math::MathDialect",
                           "::mlir::tensor::TensorDialect"];
}

def ModLowerToLinalg : Pass<"mod-lower-to-linalg"> {
  let summary = "Lowers mod.router/topk/gather/scatter_add to linalg, scf, "
                "tensor, arith and memref";
  let description = [{
    - `mod.router` becomes a `linalg.generic` reduction over D, initialised
      with the bias (or zero).
    - `mod.topk` becomes a per-row selection with a k-element min-heap of
      positions (O(S log k) comparisons; a new score enters only if it beats
      the current k-th best), followed by an O(S) scan that emits the chosen
      positions in ascending order with their values. Larger scores win,
      equal scores prefer the lower position, NaN ranks below every number.
      Rows run in an `scf.forall`.
    - `mod.gather` becomes a `linalg.generic` whose body reads the source with
      `tensor.extract` at the index from the indices tensor.
    - `mod.scatter_add` becomes an `scf.forall` over (b, j) that reads one row
      of the base, adds the (weighted) update row and writes it back with
      `tensor.parallel_insert_slice` into the base as a shared output: after
      One-Shot Bufferize the addition happens in place in the residual buffer
      when the base is dead afterwards (indices are unique per row, so no
      two iterations write the same row).

    Ops with dynamic shapes or non-float element types are not lowered: the
    pass reports an error naming the op. Functions lose their `mod.router`
    argument attributes (only mod-route-dense reads them).
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect",
                           "::mlir::arith::ArithDialect",
                           "::mlir::bufferization::BufferizationDialect",
                           "::mlir::memref::MemRefDialect",
                           "::mlir::scf::SCFDialect",
                           "::mlir::tensor::TensorDialect"];
}

def ModTileAndVectorize : Pass<"mod-tile-and-vectorize", "::mlir::func::FuncOp"> {
  let summary = "Tiles linalg contractions for registers/cache and vectorizes "
                "them and elementwise linalg ops (CPU code generation)";
  let description = [{
    For every statically shaped `linalg.matmul`, `linalg.batch_matmul` and
    contraction-like `linalg.generic`, tiles the parallel dimensions and the
    reduction dimension with `scf.for` (tile sizes are the largest divisors
    of each dimension not above the requested sizes, so every tile is full
    and vectorizes without masks) and vectorizes the tile into
    `vector.contract`. Elementwise and reduction `linalg.generic`s with
    static shapes are vectorized whole. Ops it cannot vectorize stay as they
    are (they are lowered to loops later) and are reported with a remark
    when `report` is set.
  }];
  let options = [
    ListOption<"tileSizes", "tile-sizes", "int64_t",
               "Tile sizes (M, N, K) for contractions; batch dims use 1">,
    Option<"report", "report", "bool", /*default=*/"false",
           "Emit a remark for every linalg op that is left unvectorized">,
    Option<"parallel", "parallel", "bool", /*default=*/"false",
           "Tile the parallel dimensions with scf.forall (for multithreading); "
           "reduction dimensions of contractions with scf.for inside">,
    Option<"matmuls", "matmuls", "bool", /*default=*/"true",
           "Tile and vectorize f32 linalg.matmul/batch_matmul with default "
           "indexing maps (false: leave them for mod-matmul-to-library)">
  ];
  let dependentDialects = ["::mlir::scf::SCFDialect",
                           "::mlir::vector::VectorDialect",
                           "::mlir::tensor::TensorDialect"];
}

def ModRouteDense : Pass<"mod-route-dense", "ModuleOp"> {
  let summary = "Turns chosen layers of a dense transformer (linalg on "
                "tensors) into mod.routed_blocks";
  let description = [{
    For every function, finds the residual stream `x_{i+1} = x_i + g_i(x_i)`
    (elementwise adds whose other operand depends on the residual), groups
    the sub-blocks into layers (a token-mixing sub-block, i.e. attention,
    followed by per-token ones, i.e. the MLP), and rewrites the selected
    layers into `mod.routed_block`s:

    - the body is the layer re-typed from S to k tokens (`B*S` to `B*k` where
      batch and sequence are flattened), found by a token-axis analysis that
      follows collapse/expand_shape, transposes, extract_slice, matmul,
      batch_matmul, generic indexing maps and reductions;
    - values from outside the layer that carry a token axis (causal or
      padding masks, rotary tables, per-token inputs) are gathered by the
      selected positions along each such axis; `linalg.index` on a token
      axis (computed causal masks) reads the original position from `%pos`;
      shape-only values (`tensor.empty`, fills, splats) are re-created at k;
    - the body yields the layer's update as the sum of its sub-block
      branches (no `out - x` cancellation);
    - router weights: the function argument with `{mod.router = L : i64}`
      for layer L (0-based), or a new trailing argument `tensor<DxT>
      {mod.router = L : i64}` (an error if the function has callers).

    A layer the analysis cannot prove is left dense with a remark naming the
    op that stopped it. With `report`, prints per layer whether it was
    routed (or why not), S, k and the contraction FLOPs dense vs routed,
    and totals for the function (MOD_SEMANTICS.md section 3).
  }];
  let options = [
    Option<"capacity", "capacity", "double", /*default=*/"0.125",
           "Fraction of tokens a routed layer processes, in (0, 1]">,
    Option<"gate", "gate", "std::string", /*default=*/"\"raw\"",
           "Router gate: raw, sigmoid or none">,
    Option<"every", "every", "int64_t", /*default=*/"2",
           "Route every n-th layer (with offset)">,
    Option<"offset", "offset", "int64_t", /*default=*/"1",
           "Index of the first routed layer (with every)">,
    ListOption<"layers", "layers", "int64_t",
               "Explicit 0-based layer indices to route (overrides every/offset)">,
    Option<"report", "report", "bool", /*default=*/"false",
           "Print a per-layer routing and FLOPs report to stderr">,
    Option<"threshold", "threshold", "double", /*default=*/"std::nan(\"\")",
           "Causal routing: a token is routed iff its router logit > threshold, "
           "at most ceil(capacity*S) per row (default: top-k routing)">
  ];
  let dependentDialects = ["::mlir::mod::ModDialect",
                           "::mlir::linalg::LinalgDialect",
                           "::mlir::arith::ArithDialect",
                           "::mlir::tensor::TensorDialect"];
}

def ModHoistVectorTransfers : Pass<"mod-hoist-vector-transfers", "::mlir::func::FuncOp"> {
  let summary = "Keeps loop-carried vector tiles in registers: hoists "
                "matching transfer_read/transfer_write pairs out of loops";
  let description = [{
    After bufferization, a tiled contraction's accumulator tile is read and
    written back in every iteration of the reduction loop. This pass runs
    upstream's `linalg::hoistRedundantVectorTransfers`, which moves such
    read/write pairs on loop-invariant buffers out of the loop, so the tile
    stays in registers across the reduction (part of mod-cpu-pipeline).
  }];
  let dependentDialects = ["::mlir::vector::VectorDialect"];
}


def ModFuseElementwise : Pass<"mod-fuse-elementwise", "::mlir::func::FuncOp"> {
  let summary = "Fuses elementwise linalg.generic chains into their "
                "non-contraction consumers, leaving named ops alone";
  let description = [{
    Runs upstream's elementwise fusion patterns with a control function: the
    producer must be a `linalg.generic` whose iterators are all parallel,
    the consumer a `linalg.generic` that is not a contraction. Elementwise
    chains (bias + GELU, scale + mask, ...) become one op, and elementwise
    producers fold into reductions (softmax's exp into its sum), but
    `linalg.matmul`/`batch_matmul`, transposes and fills stay named ops, so
    the GPU path still calls cuBLAS for them and the CPU tiler still sees
    them (upstream's `linalg-fuse-elementwise-ops` would turn them into
    generic contractions).
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect"];
}

//===----------------------------------------------------------------------===//
// GPU code generation (mod-gpu-pipeline)
//===----------------------------------------------------------------------===//

def ModLowerTopKToGPU : Pass<"mod-lower-topk-to-gpu", "ModuleOp"> {
  let summary = "Lowers mod.topk to a radix-select GPU kernel (one thread "
                "block per row)";
  let description = [{
    Replaces every `mod.topk` on f32 scores with a call to
    `@__mod_gpu_topk_f32`, a function holding a `gpu.launch` that is added
    to the module once (its source is `lib/Transforms/Kernels/
    TopKRadixSelect.mlir`, embedded at build time). Leading dimensions of
    the scores are flattened into rows; every row runs in one 512-thread
    block:

    1. scores become order-preserving 32-bit keys (NaN below -inf);
    2. a 4-pass radix select (8-bit digits, 256-bin shared-memory
       histogram) finds the k-th largest key `T` and how many keys equal to
       `T` are taken;
    3. a block-wide prefix sum over (key > T, key == T) flags gives every
       selected position its output slot, so the indices come out in
       position order without a sort (ties go to the lower position, as in
       MOD_SEMANTICS.md).

    Still tensor level: the results are `bufferization.to_tensor` of fresh
    buffers, as in mod-lower-to-linalg. Ops with dynamic shapes or non-f32
    scores are reported as errors naming the op (IR left unchanged).

    With `kernel-body=false` the function is only declared: the buffer
    deallocation pipeline rejects the kernel's `gpu.barrier` (unknown memory
    effects), so mod-gpu-pipeline declares first and runs the pass again
    with `kernel-body=true` after deallocation to define it.
  }];
  let options = [
    Option<"kernelBody", "kernel-body", "bool", /*default=*/"true",
           "Define @__mod_gpu_topk_f32 (otherwise only declare it)">
  ];
  let dependentDialects = ["::mlir::gpu::GPUDialect",
                           "::mlir::bufferization::BufferizationDialect",
                           "::mlir::memref::MemRefDialect",
                           "::mlir::scf::SCFDialect",
                           "::mlir::tensor::TensorDialect",
                           "::mlir::arith::ArithDialect",
                           "::mlir::func::FuncDialect"];
}

def ModMatmulToLibrary : Pass<"mod-matmul-to-library", "ModuleOp"> {
  let summary = "Replaces f32 linalg.matmul/batch_matmul on buffers with "
                "calls to a runtime BLAS entry point (cuBLAS or a CPU BLAS)";
  let description = [{
    Memref-level: every `linalg.matmul` / `linalg.batch_matmul` with f32
    operands and the default indexing maps becomes

    ```mlir
    func.call @mod_gpu_matmul(%a, %b, %c)
        : (memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>, ...) -> ()
    ```

    (2-D operands get a unit batch dimension), declared with
    `llvm.emit_c_interface`: `C[b] += A[b] * B[b]`. The runtime implements
    the callee: `mod_gpu_matmul` in `libmod_cuda_runtime.so`
    (`cublasSgemm(StridedBatched)`, used by mod-gpu-pipeline) and
    `mod_cpu_matmul` in `libmod_cpu_runtime.so` (`cblas_sgemm` of a
    dlopened OpenBLAS, used by `mod-cpu-pipeline{blas=true}`). Matmuls with
    other element types, transposed indexing maps or operands whose inner
    strides are both non-unit stay linalg ops (a remark says why).
  }];
  let options = [
    Option<"callee", "callee", "std::string", /*default=*/"\"mod_gpu_matmul\"",
           "The runtime function to call (mod_gpu_matmul, mod_cpu_matmul)">
  ];
  let dependentDialects = ["::mlir::func::FuncDialect",
                           "::mlir::memref::MemRefDialect",
                           "::mlir::LLVM::LLVMDialect"];
}

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

#endif // MOD_TRANSFORMS_PASSES_TD
