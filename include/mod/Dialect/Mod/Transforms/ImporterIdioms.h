//===- ImporterIdioms.h - importer idioms rewritten for routing -*- C++ -*-===//
//
// Rewrites that put importer output into the forms mod-route-dense's
// residual-stream and token-axis analyses prove (same values, other ops).
//
//===----------------------------------------------------------------------===//
#ifndef MOD_DIALECT_MOD_TRANSFORMS_IMPORTERIDIOMS_H
#define MOD_DIALECT_MOD_TRANSFORMS_IMPORTERIDIOMS_H

#include "mlir/Dialect/Func/IR/FuncOps.h"

namespace mlir {
namespace mod {

/// Rewrites residual adds done on a flattened view of the stream, h =
/// collapse(x) + y viewed back as expand(h) : [B, S, D] (OPT's MLP adds its
/// residual on [B*S, D]), into x + expand(y) on [B, S, D] (the same values),
/// so that they join the residual stream. Returns how many were rewritten.
unsigned liftFlattenedResidualAdds(func::FuncOp func);

/// Rewrites gathers whose indices are aranges or constants into slices:
/// a linalg.generic whose body yields `tensor.extract %src[i0, .., in]`
/// where each index is loop dim k itself (linalg.index k, or read from an
/// iota tensor, such as torch.arange(n).view(...)) or a constant (torch's
/// negative indices wrapped), so the op reads src[.., d_k, .., c, ..]: it
/// becomes tensor.extract_slice %src. torch-mlir emits these for advanced
/// indexing with aranges (Falcon's qkv[..., [-2], :]) and for ONNX Gathers
/// with constant indices (BLOOM's and Falcon's fused-QKV split through the
/// ONNX importer). Returns how many were rewritten.
unsigned simplifyIotaGathers(func::FuncOp func);

/// Rewrites a sum r + y whose branch y reads, instead of r, a value u that
/// r is a reshape of (r = reshape(u) by collapse_shape/expand_shape ops):
/// y's reads of u become reads of r reshaped back to u's type (the same
/// values), so that the branch depends on the stream and the sum joins the
/// residual stream. TOSA's lowering of the embedding gives the first layer
/// this form: the gather's [1, B*S, D] result is reshaped to [B, S, D] for
/// the residual sum, while the first projection (after the canonicalizer
/// folded its reshapes) reads the [1, B*S, D] tensor itself. Returns how
/// many sums were rewritten.
unsigned readStreamThroughReshapes(func::FuncOp func);

} // namespace mod
} // namespace mlir

#endif // MOD_DIALECT_MOD_TRANSFORMS_IMPORTERIDIOMS_H
