//===- Passes.td - mod-mlir conversion passes --------------*- tablegen -*-===//
//
// Conversions from other dialects into the upstream ops our pipelines
// compile (one directory per conversion under lib/Conversion/).
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

#endif // MOD_CONVERSION_PASSES_TD
