//===- LibraryMatmul.h - matmuls a runtime GEMM call can take ---*- C++ -*-===//
//
// Which linalg matmuls mod-matmul-to-library turns into a runtime GEMM call:
// f32 linalg.matmul / linalg.batch_matmul whose indexing maps are the
// default ones up to a transpose of A and/or B (the call takes strided views,
// so a transposed operand is a view with swapped strides, not a copy). Shared
// by mod-tile-and-vectorize (which leaves these ops for the call) and
// mod-matmul-to-library.
//
//===----------------------------------------------------------------------===//

#ifndef MOD_CODEGEN_COMMON_LIBRARYMATMUL_H
#define MOD_CODEGEN_COMMON_LIBRARYMATMUL_H

#include "mlir/Dialect/Linalg/IR/Linalg.h"

#include <optional>

namespace mlir {
namespace mod {

/// Which operands of a library matmul are read transposed.
struct MatmulTransposes {
  bool a = false;
  bool b = false;
};

/// The transposes of `op`'s A and B if it is a linalg.matmul or
/// linalg.batch_matmul whose maps are the default ones up to transposing A
/// and/or B (C is never transposed); std::nullopt otherwise. Element types
/// are not checked here.
inline std::optional<MatmulTransposes> getLibraryMatmulTransposes(Operation *op) {
  unsigned batch;
  if (isa<linalg::MatmulOp>(op))
    batch = 0;
  else if (isa<linalg::BatchMatmulOp>(op))
    batch = 1;
  else
    return std::nullopt;
  auto linalgOp = cast<linalg::LinalgOp>(op);
  SmallVector<AffineMap> maps = linalgOp.getIndexingMapsArray();
  if (maps.size() != 3)
    return std::nullopt;
  MLIRContext *ctx = op->getContext();
  unsigned numDims = batch + 3;
  // Dims: batch..., m, n, k.
  auto map = [&](unsigned r0, unsigned r1) {
    SmallVector<AffineExpr> exprs;
    for (unsigned d = 0; d < batch; ++d)
      exprs.push_back(getAffineDimExpr(d, ctx));
    exprs.push_back(getAffineDimExpr(batch + r0, ctx));
    exprs.push_back(getAffineDimExpr(batch + r1, ctx));
    return AffineMap::get(numDims, 0, exprs, ctx);
  };
  const unsigned m = 0, n = 1, k = 2;
  if (maps[2] != map(m, n))
    return std::nullopt;
  MatmulTransposes t;
  if (maps[0] == map(k, m))
    t.a = true;
  else if (maps[0] != map(m, k))
    return std::nullopt;
  if (maps[1] == map(n, k))
    t.b = true;
  else if (maps[1] != map(k, n))
    return std::nullopt;
  return t;
}

} // namespace mod
} // namespace mlir

#endif // MOD_CODEGEN_COMMON_LIBRARYMATMUL_H
