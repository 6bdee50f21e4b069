//===- Passes.td - code generation passes for every target -*- tablegen -*-===//
//
// Dialect-independent passes used by both mod-cpu-pipeline and mod-gpu-pipeline.
//
//===----------------------------------------------------------------------===//

#ifndef MOD_CODEGEN_COMMON_PASSES_TD
#define MOD_CODEGEN_COMMON_PASSES_TD

include "mlir/Pass/PassBase.td"

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
    `mod_cpu_matmul` in `libmod_cpu_runtime.so` (the runtime's own packed
    GEMM, or `cblas_sgemm` of `$MOD_BLAS_LIBRARY`; used by
    `mod-cpu-pipeline` unless `gemm=codegen`). Matmuls with other element
    types, other indexing maps or operands whose inner strides are both
    non-unit stay linalg ops (a remark says why); maps that are the default
    ones up to a transpose of A and/or B (`mod-fold-transposes-into-matmuls`
    writes them) are passed as views with swapped strides
    (`memref.transpose`), which both callees read as column-major.

    With `overwrite-callee=NAME`, a matmul right after a `linalg.fill` of
    +0.0 into its output, or right after a `memref.copy` into its output
    from a buffer that only an earlier +0.0 fill writes (how bufferization
    leaves a zero-filled tensor shared by several matmuls), calls NAME
    instead (`C[b] = A[b] * B[b]`: `mod_cpu_matmul_overwrite`); the fill or
    copy is dropped, and a zero-filled buffer nothing reads any more goes
    with its fill.

    With `library=NAME`, a module that now calls the callee records NAME in
    its `mod.runtime_libraries` array attribute, so tools and users can see
    which runtime library (`lib<NAME>.so`) the program must be run with.
  }];
  let options = [
    Option<"callee", "callee", "std::string", /*default=*/"\"mod_gpu_matmul\"",
           "The runtime function to call (mod_gpu_matmul, mod_cpu_matmul)">,
    Option<"library", "library", "std::string", /*default=*/"\"\"",
           "The runtime library defining the callee, recorded in the "
           "module's mod.runtime_libraries (e.g. mod_cpu_runtime)">,
    Option<"overwriteCallee", "overwrite-callee", "std::string",
           /*default=*/"\"\"",
           "If set, the entry point computing C = A x B (e.g. "
           "mod_cpu_matmul_overwrite), called for matmuls whose output was "
           "just filled with +0.0 (the fill, or the copy of a zero-filled "
           "buffer, is dropped)">
  ];
  let dependentDialects = ["::mlir::func::FuncDialect",
                           "::mlir::memref::MemRefDialect",
                           "::mlir::LLVM::LLVMDialect"];
}

def ModFoldTransposesIntoMatmuls
    : Pass<"mod-fold-transposes-into-matmuls", "::mlir::func::FuncOp"> {
  let summary = "Folds linalg.transpose operands of matmuls into their "
                "indexing maps (no transposed copy of the weights per call)";
  let description = [{
    Tensor level. torch-mlir writes `nn.Linear` as
    `linalg.matmul(x, linalg.transpose(W))`, so every call copies every
    weight matrix transposed; in a decode step (one token per row) those
    copies cost more than the matmuls. For a `linalg.matmul` or
    `linalg.batch_matmul` whose A or B is a `linalg.transpose` of the two
    matrix dims (batch dims in place), this pass reads the transpose's input
    through the op's indexing maps instead (`(d0, d2) -> (d1, d2)` for a
    transposed B), so the transpose is dead unless something else uses it.
    The transpose may also sit below all-parallel elementwise
    `linalg.generic`s (identity maps, rank-0 scalars, no `linalg.index`, the
    init not read) and `tensor.collapse_shape`s of batch dims, each with no
    other use, as in torch-mlir's attention (`q @ collapse(transpose(k) *
    s)`): those commute with the transpose, so they are rebuilt on the
    untransposed side (reading and writing contiguously) and the transpose
    is folded. Only ops whose maps are the default ones up to operand
    transposes are rewritten. `mod-matmul-to-library` passes a transposed operand to the
    runtime GEMM as a view with swapped strides; generated GEMMs vectorize
    the maps. Part of `mod-cpu-pipeline`.
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect"];
}

def ModFoldBroadcastsIntoMatmuls
    : Pass<"mod-fold-broadcasts-into-matmuls", "::mlir::func::FuncOp"> {
  let summary = "Grouped-query attention without repeated key/value copies: "
                "a batch_matmul whose B is broadcast along its last batch "
                "dim takes the copies as extra rows of A";
  let description = [{
    Tensor level. torch-mlir writes transformers' `repeat_kv` (grouped-query
    attention: R query heads share a key/value head) as a broadcast
    `linalg.generic` [N, G, S, D] -> [N, G, R, S, D] collapsed into the batch
    dim of the attention's `linalg.batch_matmul`s, so each call copies every
    key and value cache R times. For a batch_matmul (A not transposed, B
    read as stored or transposed) whose B is `tensor.collapse_shape` of such
    a broadcast along the last batch dim, this pass multiplies A reshaped to
    [batch / R, R * M, K] (R and M are adjacent in A's layout: a view) by the
    broadcast's input with its batch dims collapsed, and reshapes the result
    back; the broadcast is dead. An all-parallel elementwise `linalg.generic`
    with one tensor input (plus rank-0 scalars) between such a broadcast and
    its `collapse_shape`s into a batch_matmul (torch-mlir scales K after
    repeating it) is moved before the broadcast first. Every op on the way must have no other use. Exact:
    the same dot products and the same scalar operations. Part of
    `mod-cpu-pipeline`, after `mod-fold-transposes-into-matmuls`.
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect",
                           "::mlir::tensor::TensorDialect"];
}

def ModRequireRuntimeLibrary
    : Pass<"mod-require-runtime-library", "ModuleOp"> {
  let summary = "Records that the module must run with a runtime library";
  let description = [{
    Appends `library` to the module's `mod.runtime_libraries` array (once):
    the names of the libraries (`lib<NAME>.so`) the lowered code calls into.
    `mod-cpu-pipeline` adds `mod_cpu_runtime` unless `portable=true`, since
    its code then allocates buffers through that library (and calls its
    GEMM); `mod-matmul-to-library{library=...}` records the GEMM's library
    itself.
  }];
  let options = [
    Option<"library", "library", "std::string", /*default=*/"\"\"",
           "The library's name (mod_cpu_runtime for libmod_cpu_runtime.so)">
  ];
}

def ModUpdateArgumentsInPlace
    : Pass<"mod-update-arguments-in-place", "ModuleOp"> {
  let summary = "Turns function results that are updates of an argument "
                "into in-place updates of that argument (a memref)";
  let description = [{
    Tensor level, a change of the calling convention. A decode step takes
    its key/value caches as arguments and returns them with one slot
    written; as values, every call copies every cache into a new buffer and
    the caller copies it back. This pass lets the caller keep the caches:
    for every public function, a result computed from an argument through
    ops that write into their destination (destination-style ops such as
    `linalg.*` and `tm_tensor.scatter`, and ops whose
    `BufferizableOpInterface` aliases the result with exactly one operand:
    `tensor.insert_slice`, `tensor.insert`, `scf.for`, casts, ...) and of
    the same type, is removed from the results; the argument becomes a
    `memref` (identity layout) that the function updates:

    ```mlir
    %t = bufferization.to_tensor %arg restrict writable : memref<..> to tensor<..>
    ...                                   // uses of the argument read %t
    bufferization.materialize_in_destination %new in writable %arg
        : (tensor<..>, memref<..>) -> ()
    ```

    One-Shot Bufferize then writes the update into the caller's buffer
    (a copy is made only where the analysis finds that the old value is
    still read after the update). The argument gets the unit attribute
    `mod.updated_in_place` (and loses `bufferization.writable`); the other
    results keep their order. Each argument is updated by at most one
    result (the first); results whose chain does not reach an argument of
    the same type stay results. With `report=true`, a remark per function
    lists what became an in-place update and why other results did not.
  }];
  let options = [
    Option<"report", "report", "bool", /*default=*/"false",
           "Emit a remark per function: the results that now update "
           "arguments in place, and why the others stay results">
  ];
  let dependentDialects = ["::mlir::bufferization::BufferizationDialect",
                           "::mlir::memref::MemRefDialect"];
}

#endif // MOD_CODEGEN_COMMON_PASSES_TD
