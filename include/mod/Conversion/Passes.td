//===- Passes.td - mod-mlir conversion passes --------------*- tablegen -*-===//
//
// Conversions between dialects (one directory per conversion under
// lib/Conversion/): torch-mlir's tm_tensor and our mod ops into the
// upstream ops our pipelines compile.
//
//===----------------------------------------------------------------------===//

#ifndef MOD_CONVERSION_PASSES_TD
#define MOD_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

//===----------------------------------------------------------------------===//
// TMTensorToLinalg
//===----------------------------------------------------------------------===//

def TMTensorToLinalg : Pass<"tm-tensor-to-linalg"> {
  let summary = "Lowers torch-mlir's tm_tensor ops (scan, scatter, sort, "
                "topk, attention) to linalg/scf/tensor on tensors";
  let description = [{
    Rewrites every `tm_tensor` op of torch-mlir's linalg-on-tensors output
    into upstream ops that One-Shot Bufferize handles, before
    bufferization, so that `mod-opt --mod-cpu-pipeline` (whose first step
    this is, as in `mod-gpu-pipeline` and `mod-to-linalg`) compiles
    torch-mlir output directly:

    - `tm_tensor.scan`: an `scf.for` along the scanned dimension carrying
      the output and the running value; each step is a `linalg.generic`
      over the other dimensions whose body is the op's combiner, written
      into the output with `tensor.insert_slice`.
    - `tm_tensor.scatter`: `scf.for` loops over the updates and the update
      slice, in order (repeated indices combine sequentially), that
      `tensor.extract` the original element, apply the region and
      `tensor.insert` the result. Negative indices count from the end of
      their dimension (PyTorch's convention); destinations still outside the
      original are skipped (PyTorch would raise an error; nothing is written
      out of bounds).
    - `tm_tensor.sort`: a stable insertion sort per line along the
      dimension (`scf.for` + `scf.while`, the comparator region inlined),
      moving every operand together.
    - `tm_tensor.topk`: per line, each input element is inserted into the
      k-element output list (O(n k) comparisons, the region inlined; ties
      to the lower index).
    - `tm_tensor.attention`: `linalg.generic`s: Q K^T contraction, scale
      and mask, a numerically safe softmax (row max subtracted; fully
      masked rows give 0 as in PyTorch), P V contraction.

    An op the pass cannot lower (the buffer form, a non-float attention,
    an unsupported region) is reported as an error naming the op, and the
    pass fails.
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::linalg::LinalgDialect",
                           "::mlir::math::MathDialect",
                           "::mlir::scf::SCFDialect",
                           "::mlir::tensor::TensorDialect"];
}

//===----------------------------------------------------------------------===//
// ModToLinalg
//===----------------------------------------------------------------------===//

def ConvertModToLinalg : Pass<"convert-mod-to-linalg"> {
  let summary = "Lowers mod.router/topk/causal_select/gather/scatter_add to "
                "linalg, scf, tensor, arith and memref";
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

    The rewrites are conversion patterns
    (`populateModToLinalgConversionPatterns`), applied after a check of
    every op. Ops with dynamic shapes or non-float element types are not lowered: the
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

def ModLowerToLinalg : Pass<"mod-lower-to-linalg"> {
  let summary = "Deprecated name of convert-mod-to-linalg (kept for one "
                "release)";
  let description = [{
    Runs `convert-mod-to-linalg`. Use that name; this one will be removed.
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect",
                           "::mlir::arith::ArithDialect",
                           "::mlir::bufferization::BufferizationDialect",
                           "::mlir::memref::MemRefDialect",
                           "::mlir::scf::SCFDialect",
                           "::mlir::tensor::TensorDialect"];
}

//===----------------------------------------------------------------------===//
// ModToGPU
//===----------------------------------------------------------------------===//

def ConvertModTopKToGPU : Pass<"convert-mod-topk-to-gpu", "ModuleOp"> {
  let summary = "Lowers mod.topk to a radix-select GPU kernel (one thread "
                "block per row)";
  let description = [{
    Replaces every `mod.topk` on f32 scores with a call to
    `@__mod_gpu_topk_f32`, a function holding a `gpu.launch` that is added
    to the module once (its source is `lib/Conversion/ModToGPU/Kernels/
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
       docs/Semantics.md).

    Still tensor level: the results are `bufferization.to_tensor` of fresh
    buffers, as in convert-mod-to-linalg. Ops with dynamic shapes or non-f32
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

def ModLowerTopKToGPU : Pass<"mod-lower-topk-to-gpu", "ModuleOp"> {
  let summary = "Deprecated name of convert-mod-topk-to-gpu (kept for one "
                "release)";
  let description = [{
    Runs `convert-mod-topk-to-gpu`. Use that name; this one will be removed.
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

#endif // MOD_CONVERSION_PASSES_TD
