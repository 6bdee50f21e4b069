//===- Passes.td - CPU code generation passes -*- tablegen -*-===//
//
// Dialect-independent passes of mod-cpu-pipeline (linalg/vector level).
//
//===----------------------------------------------------------------------===//

#ifndef MOD_CODEGEN_CPU_PASSES_TD
#define MOD_CODEGEN_CPU_PASSES_TD

include "mlir/Pass/PassBase.td"

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

def ModFuseAttention : Pass<"mod-fuse-attention", "::mlir::func::FuncOp"> {
  let summary = "Computes each attention's scores and softmax in row blocks "
                "inside its P x V contraction (no S x S score tensor)";
  let description = [{
    Finds attention by its structure, not by one importer's spelling: a
    contraction (`P x V`) whose left operand is computed, through
    `linalg` ops and `tensor` reshapes only, from another contraction
    (`Q x K^T`), with a reduction along `P x V`'s contraction dimension
    (softmax's max or sum) on the way. Masks, scaling, safe-softmax guards,
    reshapes between `[B*H, S, S]` and `[B, H, S, S]`: whatever the
    importer wrote is kept as it is.

    The `P x V` contraction is tiled along its batch dimensions (1) and its
    rows (`M`, a divisor of the row count so that every tile is full, with
    one row block of scores at most `score-tile-bytes` large), as
    `scf.forall` (or `scf.for` with `parallel=false`), and that chain from
    `Q x K^T` on is fused into the tile with upstream's tile-and-fuse
    (`scf::tileConsumerAndFuseProducersUsingSCF`; extract_slices are bubbled
    up through reshapes). Each tile computes its scores, softmax and output
    rows while the score block is in cache. What the chain reads from outside
    (Q, K^T, V, the mask) is sliced, not recomputed; producers used several
    times in a tile are merged by CSE afterwards.

    Contractions whose chain has no such reduction (an MLP's two linears)
    are left alone. With `report`, every attention found and every candidate
    left alone is reported with a remark.
  }];
  let options = [
    Option<"scoreTileBytes", "score-tile-bytes", "int64_t",
           /*default=*/"1048576",
           "Largest score row block per tile, in bytes (rows x keys x "
           "element size); the row count is the largest divisor of M that "
           "fits">,
    Option<"parallel", "parallel", "bool", /*default=*/"true",
           "Tile with scf.forall (threads) instead of scf.for">,
    Option<"report", "report", "bool", /*default=*/"false",
           "Emit a remark for every attention fused or left alone">
  ];
  let dependentDialects = ["::mlir::scf::SCFDialect",
                           "::mlir::tensor::TensorDialect",
                           "::mlir::linalg::LinalgDialect"];
}

def ModInlineAllocaFreeScopes : Pass<"mod-inline-alloca-free-scopes", "::mlir::func::FuncOp"> {
  let summary = "Inlines memref.alloca_scope ops whose body allocates "
                "nothing on the stack";
  let description = [{
    `convert-scf-to-openmp` wraps every parallel loop body in a
    `memref.alloca_scope`. Upstream's canonicalization inlines the scope
    only when no op in it could allocate on the stack, and an opaque call
    (the runtime GEMM in a tile of `mod-fuse-attention`) prevents that; the
    scope must stay one block, which it is not once `scf-to-cf` lowers the
    loops inside it. A scope whose body (outside nested allocation scopes)
    has no `memref.alloca`/`llvm.alloca` has nothing to free, and this pass
    inlines it. Part of `mod-cpu-pipeline` after `convert-scf-to-openmp`.
  }];
  let dependentDialects = ["::mlir::memref::MemRefDialect"];
}

def ModSplitLargeCopies
    : Pass<"mod-split-large-copies", "::mlir::func::FuncOp"> {
  let summary = "Turns large memref.copy ops into parallel loops of row "
                "copies";
  let description = [{
    Bufferization copies whole buffers with `memref.copy` (the residual
    stream into the result a routed layer scatters into, a zero-filled
    buffer into each GEMM's output), which becomes one `memcpy` on the
    calling thread while the other threads wait. This pass rewrites each
    `memref.copy` between statically shaped, identity-layout memrefs of at
    least `min-bytes` bytes whose innermost dimension holds at least 256
    elements into an `scf.parallel` over the outer dimensions whose body
    copies one row (a `memref.copy` of rank-reduced subviews, still a
    `memcpy` per row), so `convert-scf-to-openmp` splits it over the
    threads. The same bytes are copied either way. Part of
    `mod-cpu-pipeline` when it runs OpenMP loops (before
    `mod-serialize-small-parallel-loops`).
  }];
  let options = [
    Option<"minBytes", "min-bytes", "int64_t", /*default=*/"262144",
           "Copies of fewer bytes stay one memref.copy">
  ];
  let dependentDialects = ["::mlir::scf::SCFDialect",
                           "::mlir::memref::MemRefDialect"];
}

def ModSerializeSmallParallelLoops
    : Pass<"mod-serialize-small-parallel-loops", "::mlir::func::FuncOp"> {
  let summary = "Turns scf.parallel loops with too little work for threads "
                "into nested scf.for loops";
  let description = [{
    Every `scf.parallel` that reaches `convert-scf-to-openmp` becomes an
    OpenMP parallel region, which costs a fork and a join (about 0.6 us
    serialized on one thread, 1-2 us with two, measured with libomp) however
    little it computes. A decode step runs hundreds of loops over a few
    rows; their regions cost more than their work.

    This pass estimates the work of each outermost `scf.parallel` statically
    (operations executed, a vector op counting one per 16 elements of its
    widest vector, a `memref.copy` one per 16 elements it moves (unbounded
    when its shape is dynamic), loops multiplied by their constant trip
    counts, an
    `scf.if` as its costlier branch, a call of `mod_cpu_matmul` as its
    multiply-adds / 16) and rewrites the loops below `min-work` into nested
    `scf.for` loops (upstream `scf::parallelForToNestedFors`). Loops whose
    work it cannot bound (dynamic trip counts, other calls) stay parallel,
    as do loops with reductions. Results do not change: every iteration runs
    once either way, in the same order as a one-thread team runs them.
    Part of `mod-cpu-pipeline` (option `parallel-min-work`) before
    `convert-scf-to-openmp`.

    With `report`, a remark at every loop says which way it went and its
    estimate.
  }];
  let options = [
    Option<"minWork", "min-work", "int64_t", /*default=*/"8192",
           "Loops estimated to execute fewer operations run on the calling "
           "thread (0: none)">,
    Option<"report", "report", "bool", /*default=*/"false",
           "Emit a remark with the decision and estimate at every loop">
  ];
  let dependentDialects = ["::mlir::scf::SCFDialect"];
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
           "indexing maps (false: leave them for mod-matmul-to-library)">,
    Option<"vectorizeExtracts", "vectorize-extracts", "bool",
           /*default=*/"true",
           "Vectorize ops whose body reads tensors (tensor.extract: the "
           "routed body's per-token position tables): upstream's vectorizer "
           "turns each read into a broadcast, a contiguous load or a gather; "
           "false leaves such ops to loops">
  ];
  let dependentDialects = ["::mlir::scf::SCFDialect",
                           "::mlir::vector::VectorDialect",
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

def ModApproximateMath : Pass<"mod-approximate-math", "::mlir::func::FuncOp"> {
  let summary = "Rewrites f32 transcendental math ops (scalar or vector) "
                "into upstream's polynomial approximations";
  let description = [{
    LLVM has no vector form of `expf`, `tanhf` or `erff` on CPUs: a
    vectorized `math.exp` (softmax), `math.tanh` (GELU, tanh form) or
    `math.erf` (exact GELU) becomes one scalar libm call per lane. This pass
    applies upstream's `populateMathPolynomialApproximationPatterns` to the
    f32 vector ops named in `ops` (and to scalars too with `scalars=true`:
    glibc's scalar functions are as fast as a scalar polynomial and more
    accurate, so scalar code keeps them by default), so vector code stays
    vector code. Part of `mod-cpu-pipeline` (option `approximate-math`,
    on by default).
    Accuracy (test/Integration/CPU/approximate-math.test, against the C
    library over the ranges transformer layers use): a few ulp.
  }];
  let options = [
    ListOption<"ops", "ops", "std::string",
               "math op mnemonics to approximate (default: exp, expm1, "
               "tanh, erf, log, log1p, log2)">,
    Option<"scalars", "scalars", "bool", /*default=*/"false",
           "Approximate scalar ops too (default: vector ops only)">
  ];
  let dependentDialects = ["::mlir::math::MathDialect",
                           "::mlir::vector::VectorDialect",
                           "::mlir::arith::ArithDialect"];
}

#endif // MOD_CODEGEN_CPU_PASSES_TD
